/*
 * cohort.c - training's rooms and sessions in the shared facilities
 * (facility.h): a training room's resource, and a cohort's booking of it
 * for a session, made, moved with the session or cancelled in the
 * session's own transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

int
facility_room_put_in(struct db *db, const struct audit_actor *actor,
		     int64_t centre_id, const char *name, int64_t seats,
		     int64_t *id, struct problem *pb)
{
	json_t *in = json_pack("{s:s,s:I}", "name", name, "seats",
			       (json_int_t)seats);
	int rc;

	if (*id) {
		rc = record_update_in(db, &facility_resource_table, actor,
				      *id, in, pb);
	} else {
		json_object_set_new(in, "kind", json_string("room"));
		json_object_set_new(in, "centre_id", json_integer(centre_id));
		rc = record_create_in(db, &facility_resource_table, actor, in,
				      id, pb);
	}
	json_decref(in);
	return rc;
}

/*
 * What a cohort's booking holds of b's times: every minute they touch
 * (a session may start at any second; bookings are on whole minutes).
 */
struct span {
	char starts_at[TIME_UTC_LEN + 1];
	char ends_at[TIME_UTC_LEN + 1];
	char on_date[TIME_DATE_LEN + 1];
	int64_t minutes;
};

static int
span_of(const struct facility_cohort_booking *b, struct span *sp,
	struct problem *pb)
{
	time_t from, to;

	if (time_parse_utc(b->starts_at, &from) ||
	    time_parse_utc(b->ends_at, &to) || to <= from)
		return problem(pb, ERR_INVALID, "ends_at",
			       "ends_at must be after starts_at");
	from -= from % 60;
	to += (60 - to % 60) % 60;
	time_format_utc(from, sp->starts_at, sizeof(sp->starts_at));
	time_format_utc(to, sp->ends_at, sizeof(sp->ends_at));
	time_beijing_date(from, sp->on_date);
	sp->minutes = (int64_t)((to - from) / 60);
	return 0;
}

/* What `res`'s hours and maintenance say of `sp`, into `warnings`. */
static int
warn(struct db *db, const struct facility_resource_row *res,
     const struct span *sp, json_t *warnings)
{
	struct problem why = { 0 };
	time_t from, to;
	int rc;

	if (time_parse_utc(sp->starts_at, &from) ||
	    time_parse_utc(sp->ends_at, &to))
		return ERR_INVALID;
	rc = facility_check_open(db, res, from, to, true, &why);
	if (rc == ERR_CONFLICT) {
		json_array_append_new(warnings, json_string(why.message));
		rc = 0;
	}
	return rc;
}

/* A new cohort booking of the whole of b->resource_id, its id in *id. */
static int
book(struct db *db, const struct audit_actor *actor,
     const struct facility_cohort_booking *b, int64_t *id,
     json_t *warnings, struct problem *pb)
{
	struct facility_resource_row res;
	struct span sp;
	json_t *rec;
	int rc;

	if ((rc = span_of(b, &sp, pb)))
		return rc;
	rc = facility_store_resource(db, b->resource_id, &res);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_INVALID, "room_id",
			       "the room has no resource to book");
	if (rc)
		return rc;
	rec = json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:i,s:s,s:s}",
			"resource_id", (json_int_t)res.id, "cohort_id",
			(json_int_t)b->cohort_id, "starts_at", sp.starts_at,
			"ends_at", sp.ends_at, "minutes",
			(json_int_t)sp.minutes, "on_date", sp.on_date,
			"seats", (json_int_t)res.seats,
			"whole", 1, "status", "confirmed", "purpose",
			b->purpose ? b->purpose : "");
	rc = record_create_in(db, &facility_booking_table, actor, rec, id,
			      pb);
	if (!rc)
		rc = facility_hold_outer(db, actor, &res, *id, rec, pb);
	if (!rc)
		rc = warn(db, &res, &sp, warnings);
	json_decref(rec);
	return rc;
}

/* Move booking `id` (`before`, as stored) to b's times. */
static int
move(struct db *db, const struct audit_actor *actor,
     const struct facility_cohort_booking *b, int64_t id, json_t *before,
     json_t *warnings, struct problem *pb)
{
	struct facility_resource_row res;
	struct span sp;
	char now[32];
	json_t *rec;
	int rc;

	if ((rc = span_of(b, &sp, pb)))
		return rc;
	if (!strcmp(record_text(before, "starts_at"), sp.starts_at) &&
	    !strcmp(record_text(before, "ends_at"), sp.ends_at))
		return 0;
	time_now_utc(now);
	rc = facility_store_move(db, id, sp.starts_at, sp.ends_at, sp.minutes,
				 sp.on_date, now);
	if (rc == ERR_CONFLICT) {
		rec = json_deep_copy(before);
		json_object_set_new(rec, "starts_at",
				    json_string(sp.starts_at));
		json_object_set_new(rec, "ends_at", json_string(sp.ends_at));
		rc = facility_booking_table.conflict(db, rec, id, pb);
		json_decref(rec);
		return rc;
	}
	if (!rc)
		rc = record_audit_change(db, &facility_booking_table, actor,
					 "move", id, before);
	if (!rc && !(rc = facility_store_resource(db, b->resource_id, &res)))
		rc = warn(db, &res, &sp, warnings);
	return rc;
}

/* Cancel booking `id` (`before`, as stored) and what it holds. */
static int
cancel(struct db *db, const struct audit_actor *actor, int64_t id,
       json_t *before)
{
	char now[32];
	int rc;

	time_now_utc(now);
	rc = facility_store_cancel(db, id, now);
	return rc ? rc : record_audit_change(db, &facility_booking_table,
					     actor, "cancel", id, before);
}

int
facility_cohort_book_in(struct db *db, const struct audit_actor *actor,
			const struct facility_cohort_booking *b, int64_t *id,
			json_t *warnings, struct problem *pb)
{
	json_t *before = NULL;
	const char *status;
	int64_t held;
	int rc = 0;

	if (*id) {
		if ((rc = record_get(db, &facility_booking_table, *id,
				     &before)))
			goto out;
		held = record_int(before, "resource_id");
		status = record_text(before, "status");
		if (strcmp(status, "confirmed"))
			*id = 0;
		else if (held == b->resource_id)
			rc = move(db, actor, b, *id, before, warnings,
				  pb);
		else if (!(rc = cancel(db, actor, *id, before)))
			*id = 0;
	}
	if (!rc && !*id && b->resource_id)
		rc = book(db, actor, b, id, warnings, pb);
out:
	json_decref(before);
	return rc;
}

int
facility_booking_hours(struct db *db, int64_t id, struct problem *pb)
{
	struct facility_resource_row res;
	json_t *rec = NULL;
	time_t from, to;
	int rc;

	if ((rc = record_get(db, &facility_booking_table, id, &rec)))
		return rc;
	if (strcmp(record_text(rec, "status"),
		   "confirmed"))
		rc = ERR_NOTFOUND;
	else if (time_parse_utc(record_text(rec, "starts_at"), &from) ||
		 time_parse_utc(record_text(rec, "ends_at"), &to))
		rc = ERR_DB;
	else if (!(rc = facility_store_resource(db, json_integer_value(
			json_object_get(rec, "resource_id")), &res)))
		rc = facility_check_open(db, &res, from, to, true, pb);
	json_decref(rec);
	return rc;
}
