/*
 * rules_rooms.c - a centre's rooms and the sessions held in them, booked
 * through the shared facilities (facility.h): each room has its resource
 * there, and each session in a room holds the cohort's booking of it,
 * made, moved and cancelled in the session's own transaction, so that
 * two classes never share a room at one time (training_int.h).
 */
#include <string.h>

#include "base/err.h"
#include "db/db.h"
#include "record/record.h"
#include "facility/facility.h"
#include "training/training.h"
#include "training/training_int.h"

/* What a room's rules set themselves, never taken from input. */
static const char *const room_derived[] = { "resource_id", NULL };

int
training_room_add_in(struct db *db, const struct audit_actor *actor,
		     json_t *in, int64_t *id, struct problem *pb)
{
	int64_t resource = 0;
	int rc;

	*id = 0;
	if ((rc = tr_refuse_fields(in, room_derived, pb)) ||
	    (rc = record_validate(db, &training_room_table, in, true, pb)) ||
	    (rc = facility_room_put_in(db, actor,
				       record_int(in, "centre_id"),
				       record_text(in, "name"),
				       record_int(in, "capacity"), &resource,
				       pb)))
		return rc;
	json_object_set_new(in, "resource_id", json_integer(resource));
	return record_create_in(db, &training_room_table, actor, in, id, pb);
}

int
training_room_create(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = training_room_add_in(db, &p->actor, in, &id, pb);
	return record_end(db, rc, &training_room_table, id, out);
}

int
training_room_update(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	const char *name;
	int64_t resource, capacity;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = tr_refuse_fields(in, room_derived, pb)) ||
	    (rc = record_validate(db, &training_room_table, in, false, pb)))
		return rc;
	rc = record_get(db, &training_room_table, id, &before);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such record");
	if (rc)
		return rc;
	name = record_text(in, "name") ? record_text(in, "name") :
	       record_text(before, "name");
	capacity = json_is_integer(json_object_get(in, "capacity")) ?
		   record_int(in, "capacity") : record_int(before, "capacity");
	resource = record_int(before, "resource_id");
	if ((rc = db_begin(db)))
		goto out;
	if (!resource || strcmp(name, record_text(before, "name")) ||
	    capacity != record_int(before, "capacity"))
		rc = facility_room_put_in(db, &p->actor,
					  record_int(before, "centre_id"), name,
					  capacity, &resource, pb);
	if (!rc && !record_int(before, "resource_id"))
		json_object_set_new(in, "resource_id",
				    json_integer(resource));
	if (!rc)
		rc = record_update_in(db, &training_room_table, &p->actor, id,
				      in, pb);
	rc = record_end(db, rc, &training_room_table, id, out);
out:
	json_decref(before);
	return rc;
}

int
tr_session_book(struct db *db, const struct audit_actor *actor, json_t *in,
		const struct tr_session *s, json_t *warnings,
		struct problem *pb)
{
	struct facility_cohort_booking b = { 0 };
	json_t *room = json_object_get(in, "room_id");
	int64_t room_id = room ? json_integer_value(room) : s ? s->room_id : 0;
	int64_t booking = s ? s->booking_id : 0;
	int rc = 0;

	b.cohort_id = s ? s->cohort_id : record_int(in, "cohort_id");
	b.starts_at = record_text(in, "starts_at") ?
		      record_text(in, "starts_at") : s->starts_at;
	b.ends_at = record_text(in, "ends_at") ? record_text(in, "ends_at") :
		    s->ends_at;
	b.purpose = record_text(in, "topic");
	/* Unmoved, it keeps what it holds. */
	if (s && room_id == s->room_id && !strcmp(b.starts_at, s->starts_at) &&
	    !strcmp(b.ends_at, s->ends_at))
		return 0;
	if (room_id)
		rc = store_room_resource(db, room_id, &b.resource_id);
	if (!rc)
		rc = facility_cohort_book_in(db, actor, &b, &booking,
					     warnings, pb);
	/* The resource in the way is the session's room. */
	if (rc == ERR_CONFLICT && pb && pb->field &&
	    !strcmp(pb->field, "resource_id"))
		pb->field = "room_id";
	if (!rc && booking != (s ? s->booking_id : 0))
		json_object_set_new(in, "booking_id", booking ?
				    json_integer(booking) : json_null());
	return rc;
}

int
training_session_archive(struct db *db, const struct principal *p,
			 int64_t id, json_t *in, json_t **out,
			 struct problem *pb)
{
	struct facility_cohort_booking free_room = { 0 };
	struct tr_session s;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = db_begin(db)))
		return rc;
	/* Archived already, or never was: record_archive_in() says which. */
	rc = store_session(db, id, &s);
	if (rc == ERR_NOTFOUND) {
		s.booking_id = 0;
		rc = 0;
	}
	if (!rc && s.booking_id)
		rc = facility_cohort_book_in(db, &p->actor, &free_room,
					     &s.booking_id, NULL, pb);
	if (!rc)
		rc = record_archive_in(db, &training_session_table,
				       &p->actor, id, pb);
	rc = db_end(db, rc);
	return rc ? rc : record_get(db, &training_session_table, id, out);
}
