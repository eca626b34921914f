/*
 * change.c - bookers cancel or change their own bookings, until a time
 * each resource sets (change_hours before the booking starts); staff
 * always may (facility_int.h). A change is made in place, under every
 * rule a new booking passes: the booking keeps its id, and so the UID its
 * calendars know it by, while its SEQUENCE rises.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

/* The message of a refusal and the texts it names, kept for the caller
 * to use at once. */
static _Thread_local char late[800], late_name[101 * 4], late_hours[24];

int
facility_may_change(struct db *db, const struct principal *p,
		    json_t *booking, struct problem *pb)
{
	struct facility_resource_row res;
	time_t starts;
	int rc;

	if (auth_is_staff(p))
		return 0;
	if (time_parse_utc(record_text(booking, "starts_at"), &starts))
		return ERR_DB;
	rc = facility_store_resource(db, record_int(booking, "resource_id"),
				     &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	if (time(NULL) < starts - (time_t)res.change_hours * 3600)
		return 0;
	if (!res.change_hours)
		return problem(pb, ERR_CONFLICT, NULL, "the booking has begun: "
			       "ask park staff to cancel it");
	snprintf(late_name, sizeof(late_name), "%s", res.name);
	snprintf(late_hours, sizeof(late_hours), "%lld",
		 (long long)res.change_hours);
	snprintf(late, sizeof(late), "bookings of %s are cancelled or changed "
		 "until %s hours before they start: ask park staff",
		 late_name, late_hours);
	return problem_args(pb, ERR_CONFLICT, NULL, "facility.err.too_late",
			    late, 2, (const char *[]){ late_name, late_hours });
}

/* What a change may say. */
static const char *const given[] = {
	"resource_id", "starts_at", "ends_at", "on", "from", "to", "seats",
	"purpose", NULL
};

/*
 * The booking as it is to be: what `in` gives, else as `before` had it
 * (its times unless `in` gives any).
 */
static json_t *
changed(json_t *before, json_t *in)
{
	static const char *const kept[] = {
		"resource_id", "seats", "purpose", NULL
	};
	json_t *next = json_object();

	for (const char *const *k = kept; *k; k++)
		json_object_set(next, *k, json_object_get(before, *k));
	if (!json_object_get(in, "starts_at") && !json_object_get(in, "on") &&
	    !json_object_get(in, "ends_at") && !json_object_get(in, "from") &&
	    !json_object_get(in, "to")) {
		json_object_set(next, "starts_at", json_object_get(before,
								   "starts_at"));
		json_object_set(next, "ends_at", json_object_get(before,
								 "ends_at"));
	}
	for (const char *const *k = given; *k; k++)
		if (json_object_get(in, *k))
			json_object_set(next, *k, json_object_get(in, *k));
	return next;
}

int
facility_change(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	json_t *before = NULL, *next = NULL;
	const char *status;
	int rc;

	*out = NULL;
	if ((rc = record_only_fields(in, given, pb)))
		return rc;
	if ((rc = facility_booking_mine(db, p, id, &before, pb)))
		goto out;
	status = record_text(before, "status");
	if (json_is_integer(json_object_get(before, "cohort_id")))
		rc = problem(pb, ERR_CONFLICT, NULL, "a session's booking "
			     "moves with its session: change the session");
	else if (strcmp(status, "pending") && strcmp(status, "confirmed"))
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "the booking is cancelled already");
	if (rc || (rc = facility_may_change(db, p, before, pb)) ||
	    (rc = db_begin(db)))
		goto out;
	next = changed(before, in);
	rc = facility_change_in(db, p, before, next, pb);
	rc = record_end_change(db, rc, &facility_booking_table, &p->actor,
			       "change", id, before, out);
out:
	json_decref(before);
	json_decref(next);
	return rc;
}
