/*
 * hours.c - when the shared facilities are open (facility_int.h): the
 * open spans of a day from a resource's weekly hours and the park's
 * calendar (public holidays close it, a make-up working day keeps the
 * hours of a weekday), the check a booking passes (no window of
 * maintenance over it, and open all the while), and the window of
 * maintenance staff lay over a resource, which lists the bookings it
 * falls on and tells their bookers.
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
#include "notify/notify.h"

/* The park's clock runs eight hours ahead of UTC, all year. */
#define BEIJING_MINUTES 480

int64_t
facility_minute_of(time_t t)
{
	return (int64_t)(t / 60) + BEIJING_MINUTES;
}

time_t
facility_time_of(int64_t minute)
{
	return (time_t)((minute - BEIJING_MINUTES) * 60);
}

int
facility_open_spans(const struct facility_week_hours *h,
		    const struct facility_calendar *c, int64_t day,
		    int64_t out[FACILITY_HOURS_MAX][2])
{
	/* 1970-01-01 was a Thursday. */
	int weekday = (int)((day + 3) % 7) + 1, n = 0;

	if (!h->n) {
		out[0][0] = day * FACILITY_DAY;
		out[0][1] = (day + 1) * FACILITY_DAY;
		return 1;
	}
	for (int i = 0; i < c->n; i++)
		if (c->days[i].day == day)
			weekday = c->days[i].as_weekday;
	for (int i = 0; i < h->n; i++)
		if (h->rows[i].weekday == weekday) {
			out[n][0] = day * FACILITY_DAY + h->rows[i].opens;
			out[n][1] = day * FACILITY_DAY + h->rows[i].closes;
			n++;
		}
	return n;
}

/* Stored UTC time `utc` as the park's clock reads it, into out. */
static const char *
local(const char *utc, char out[32])
{
	if (time_format_local(utc, out, 32))
		snprintf(out, 32, "%s", utc);
	return out;
}

/* The reason facility_check_open() gives, and the texts it names. */
static _Thread_local char closed_why[1300], closed_name[101 * 4], closed_from[32],
	closed_to[32], closed_note[400];

int
facility_check_open(struct db *db, const struct facility_resource_row *res,
		    time_t from, time_t to, bool hours, struct problem *pb)
{
	char a[TIME_UTC_LEN + 1], b[TIME_UTC_LEN + 1];
	int64_t spans[FACILITY_HOURS_MAX][2], t, hi, day;
	struct facility_week_hours h;
	struct facility_calendar c;
	json_t *window = NULL;
	int rc, n, i;

	time_format_utc(from, a, sizeof(a));
	time_format_utc(to, b, sizeof(b));
	snprintf(closed_name, sizeof(closed_name), "%s", res->name);
	rc = facility_store_maintenance_over(db, res->id, a, b, &window);
	if (!rc && window) {
		local(record_text(window, "starts_at"),
		      closed_from);
		local(record_text(window, "ends_at"),
		      closed_to);
		snprintf(closed_note, sizeof(closed_note), "%s",
			 record_text(window, "reason"));
		snprintf(closed_why, sizeof(closed_why), "%s is under "
			 "maintenance from %s to %s: %s", closed_name,
			 closed_from, closed_to, closed_note);
		rc = problem_args(pb, ERR_CONFLICT, "starts_at",
				  "facility.err.maintenance", closed_why, 4,
				  (const char *[]){ closed_name, closed_from,
				  closed_to, closed_note });
	}
	json_decref(window);
	if (rc || !hours ||
	    (rc = facility_store_week_hours(db, res->id, &h)) || !h.n)
		return rc;
	t = facility_minute_of(from);
	hi = facility_minute_of(to);
	if (hi - t > FACILITY_DAYS_MAX * FACILITY_DAY)
		hi = t + FACILITY_DAYS_MAX * FACILITY_DAY;
	if ((rc = facility_store_calendar(db, t / FACILITY_DAY,
					  (hi - 1) / FACILITY_DAY, &c)))
		return rc;
	/* Step from open span to open span until past the end. */
	while (t < hi) {
		day = t / FACILITY_DAY;
		n = facility_open_spans(&h, &c, day, spans);
		for (i = 0; i < n && !(spans[i][0] <= t && t < spans[i][1]);
		     i++)
			;
		if (i == n) {
			time_format_utc(facility_time_of(t), a, sizeof(a));
			local(a, closed_from);
			snprintf(closed_why, sizeof(closed_why),
				 "%s is not open at %s", closed_name,
				 closed_from);
			return problem_args(pb, ERR_CONFLICT, "starts_at",
					    "facility.err.closed", closed_why,
					    2, (const char *[]){ closed_name,
					    closed_from });
		}
		t = spans[i][1];
	}
	return 0;
}

/* ---- windows of maintenance ---- */

/*
 * Tell the booker of each booking in `affected` (those that have an
 * account) that a window of maintenance of `res` falls on it.
 */
static int
tell_bookers(struct db *db, const struct audit_actor *actor,
	     const char *name, json_t *window, json_t *affected)
{
	char x[32], y[32], body[600], link[64];
	json_t *b;
	size_t i;
	int rc = 0;

	snprintf(body, sizeof(body), "%s 将于 %s 至 %s 维护：%s", name,
		 local(record_text(window, "starts_at"), x),
		 local(record_text(window, "ends_at"), y),
		 record_text(window, "reason"));
	json_array_foreach(affected, i, b) {
		int64_t account = record_int(b, "account_id");

		if (rc || account <= 0)
			continue;
		snprintf(link, sizeof(link), "/facility/bookings/%lld",
			 (long long)record_int(b, "id"));
		rc = notify_account(db, actor, account, "设施维护影响您的预约",
				    body, link);
	}
	return rc;
}

int
facility_maintenance_create(struct db *db, const struct principal *p,
			    int64_t id, json_t *in, json_t **out,
			    struct problem *pb)
{
	struct facility_resource_row res;
	json_t *affected = json_array();
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)) ||
	    (rc = record_validate(db, &facility_maintenance_table, in, true,
				  pb)) ||
	    (rc = facility_maintenance_table.check(in, pb)))
		goto out;
	rc = facility_store_resource(db, record_int(in, "resource_id"), &res);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_INVALID, "resource_id", "err.ref_gone",
				 "resource_id refers to no such record");
	if (rc || (rc = db_begin(db)))
		goto out;
	rc = record_create_in(db, &facility_maintenance_table, &p->actor, in,
			      &id, pb);
	if (!rc)
		rc = facility_store_bookings_over(db, res.id,
			record_text(in, "starts_at"),
			record_text(in, "ends_at"),
			affected);
	if (!rc)
		rc = tell_bookers(db, &p->actor, res.name, in, affected);
	rc = record_end(db, rc, &facility_maintenance_table, id, out);
	if (!rc)
		json_object_set(*out, "affected", affected);
out:
	json_decref(affected);
	return rc;
}

/* ---- the record APIs ---- */

const struct record_api facility_hours_api = {
	&facility_hours_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ "resource_id", "weekday", NULL },
};

const struct record_api facility_day_api = {
	&facility_day_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ "kind", NULL },
};

const struct record_api facility_maintenance_api = {
	&facility_maintenance_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ "resource_id", NULL }, .create = facility_maintenance_create,
};
