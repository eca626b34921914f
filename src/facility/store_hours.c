/*
 * store_hours.c - the SQL of when resources are open (facility_int.h):
 * their weekly hours, the park's calendar, windows of maintenance and
 * the bookings a window is laid over.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "facility/facility_int.h"

int64_t
facility_day_of(const char *date)
{
	char utc[32];
	time_t t;

	if (!date || !date_valid(date))
		return -1;
	snprintf(utc, sizeof(utc), "%sT00:00:00Z", date);
	return time_parse_utc(utc, &t) ? -1 : (int64_t)(t / 86400);
}

void
facility_date_of(int64_t day, char out[TIME_DATE_LEN + 1])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, TIME_DATE_LEN + 1, "%Y-%m-%d", &tm);
}

int
facility_clock_minutes(const char *s)
{
	return s && strlen(s) == 5 ? ((s[0] - '0') * 10 + s[1] - '0') * 60 +
	       (s[3] - '0') * 10 + s[4] - '0' : 0;
}

int
facility_store_week_hours(struct db *db, int64_t id,
			  struct facility_week_hours *h)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT weekday, opens_at, closes_at "
			  "FROM facility_hours WHERE resource_id = ? "
			  "AND archived_at IS NULL ORDER BY weekday, opens_at",
			  (struct db_value[]){ DB_INT(id) }, 1);

	h->n = 0;
	for (; rc == DB_ROW && h->n < FACILITY_HOURS_MAX; rc = db_step(st)) {
		h->rows[h->n].weekday = (int)db_column_int(st, 0);
		h->rows[h->n].opens =
			facility_clock_minutes(db_column_text(st, 1));
		h->rows[h->n].closes =
			facility_clock_minutes(db_column_text(st, 2));
		h->n++;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
facility_store_calendar(struct db *db, int64_t first, int64_t last,
			struct facility_calendar *c)
{
	char from[TIME_DATE_LEN + 1], to[TIME_DATE_LEN + 1];
	struct db_stmt *st;
	int rc;

	facility_date_of(first, from);
	facility_date_of(last, to);
	rc = db_query(db, &st, "SELECT on_date, coalesce(as_weekday, 0) "
		      "FROM facility_day WHERE on_date BETWEEN ? AND ? "
		      "AND archived_at IS NULL ORDER BY on_date",
		      (struct db_value[]){ DB_TEXT(from), DB_TEXT(to) }, 2);
	c->n = 0;
	for (; rc == DB_ROW && c->n < FACILITY_DAYS_MAX; rc = db_step(st)) {
		c->days[c->n].day = facility_day_of(db_column_text(st, 0));
		c->days[c->n].as_weekday = (int)db_column_int(st, 1);
		c->n++;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
facility_store_maintenance_over(struct db *db, int64_t id, const char *from,
				const char *to, json_t **out)
{
	int rc = db_get_json(db, "SELECT starts_at, ends_at, reason "
			     "FROM facility_maintenance "
			     "WHERE resource_id = ? AND archived_at IS NULL "
			     "AND starts_at < ? AND ends_at > ? "
			     "ORDER BY starts_at LIMIT 1",
			     (struct db_value[]){ DB_INT(id), DB_TEXT(to),
			     DB_TEXT(from) }, 3, out);

	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
facility_store_bookings_over(struct db *db, int64_t id, const char *from,
			     const char *to, json_t *items)
{
	return db_rows_values(db, "SELECT b.id, b.starts_at, b.ends_at, "
			      "coalesce(o.name, c.name) AS org_name, "
			      "b.account_id FROM facility_booking b "
			      "LEFT JOIN org o ON o.id = b.org_id "
			      "LEFT JOIN training_cohort c "
			      "ON c.id = b.cohort_id "
			      "WHERE b.resource_id = ? AND b.held_by_id IS NULL "
			      "AND b.status IN ('pending', 'confirmed') "
			      "AND b.starts_at < ? AND b.ends_at > ? "
			      "ORDER BY b.starts_at, b.id",
			      (struct db_value[]){ DB_INT(id), DB_TEXT(to),
			      DB_TEXT(from) }, 3, items);
}
