/*
 * store_availability.c - the SQL of the search for free slots
 * (facility_int.h): the resources it looks at, and what holds their
 * seats over the days searched.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "facility/facility_int.h"

/* Text column `col` of the row into out (`len` bytes). */
static void
copy_text(struct db_stmt *st, int col, char *out, size_t len)
{
	const char *s = db_column_text(st, col);

	snprintf(out, len, "%s", s ? s : "");
}

/* The weekly hours of out[0..n) (ids ascending), in one query. */
static int
hours_of(struct db *db, struct facility_candidate *out, int n)
{
	struct db_stmt *st;
	int64_t id;
	int i = 0, rc;

	if (!n)
		return 0;
	rc = db_query(db, &st, "SELECT resource_id, weekday, opens_at, "
		      "closes_at FROM facility_hours WHERE resource_id "
		      "BETWEEN ? AND ? AND archived_at IS NULL "
		      "ORDER BY resource_id, weekday, opens_at",
		      (struct db_value[]){ DB_INT(out[0].row.id),
		      DB_INT(out[n - 1].row.id) }, 2);
	for (; rc == DB_ROW; rc = db_step(st)) {
		struct facility_week_hours *h;

		id = db_column_int(st, 0);
		while (i < n && out[i].row.id < id)
			i++;
		if (i == n || out[i].row.id != id)
			continue;
		h = &out[i].hours;
		if (h->n == FACILITY_HOURS_MAX)
			continue;
		h->rows[h->n].weekday = (int)db_column_int(st, 1);
		h->rows[h->n].opens =
			facility_clock_minutes(db_column_text(st, 2));
		h->rows[h->n].closes =
			facility_clock_minutes(db_column_text(st, 3));
		h->n++;
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
facility_store_candidates(struct db *db, const char *kind, int64_t centre,
			  int64_t after, struct facility_candidate *out,
			  int max, int *n)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT r.id, r.name, r.kind, r.seats, "
			  "coalesce(r.parent_id, 0), r.parent_seats, "
			  "coalesce(r.required_programme_id, 0), "
			  "coalesce(r.required_occupation, ''), "
			  "coalesce(r.required_level, 0), r.cert_months, "
			  "coalesce(r.centre_id, 0), r.place, "
			  "coalesce(o.seats, 0) FROM facility_resource r "
			  "LEFT JOIN facility_resource o "
			  "ON o.id = r.parent_id AND o.archived_at IS NULL "
			  "WHERE r.archived_at IS NULL "
			  "AND r.status = 'in_service' AND r.id > ? "
			  "AND (? = '' OR r.kind = ?) "
			  "AND (? = 0 OR r.centre_id = ?) "
			  "ORDER BY r.id LIMIT ?",
			  (struct db_value[]){ DB_INT(after), DB_TEXT(kind),
			  DB_TEXT(kind), DB_INT(centre), DB_INT(centre),
			  DB_INT(max) }, 6);

	*n = 0;
	for (; rc == DB_ROW && *n < max; rc = db_step(st)) {
		struct facility_candidate *c = &out[(*n)++];

		memset(c, 0, sizeof(*c));
		c->row.id = db_column_int(st, 0);
		copy_text(st, 1, c->row.name, sizeof(c->row.name));
		copy_text(st, 2, c->row.kind, sizeof(c->row.kind));
		c->row.seats = db_column_int(st, 3);
		c->row.parent_id = db_column_int(st, 4);
		c->row.parent_seats = db_column_int(st, 5);
		c->row.required_programme_id = db_column_int(st, 6);
		copy_text(st, 7, c->row.required_occupation,
			  sizeof(c->row.required_occupation));
		c->row.required_level = db_column_int(st, 8);
		c->row.cert_months = db_column_int(st, 9);
		c->centre_id = db_column_int(st, 10);
		copy_text(st, 11, c->place, sizeof(c->place));
		c->outer_seats = db_column_int(st, 12);
		snprintf(c->row.status, sizeof(c->row.status), "in_service");
	}
	db_finalize(st);
	if (rc < 0)
		return rc;
	return hours_of(db, out, *n);
}

/* "?, ?, ... ?": FACILITY_BUSY_IDS marks, for `IN (...)`. */
static void
marks(struct buf *b)
{
	for (int i = 0; i < FACILITY_BUSY_IDS; i++)
		buf_addstr(b, i ? ", ?" : "?");
}

int
facility_store_busy(struct db *db, const int64_t *ids, int n,
		    const char *from, const char *to,
		    struct facility_busy **list, size_t *len, size_t *cap)
{
	struct db_value v[2 * FACILITY_BUSY_IDS + 5];
	char since[TIME_UTC_LEN + 1];
	struct db_stmt *st = NULL;
	struct buf sql;
	time_t t, a, b;
	int k = 0, rc;

	/* Bookings last at most 14 days: none starting earlier reaches in. */
	if (time_parse_utc(from, &t) || n > FACILITY_BUSY_IDS)
		return ERR_INVALID;
	time_format_utc(t - 14 * 86400, since, sizeof(since));
	/* The text is always the same: the statement cache keeps it. */
	buf_init(&sql, NULL, 0);
	buf_addstr(&sql, "SELECT resource_id, starts_at, ends_at, seats "
		   "FROM facility_booking WHERE resource_id IN (");
	marks(&sql);
	buf_addstr(&sql, ") AND status IN ('pending', 'confirmed') "
		   "AND starts_at > ? AND starts_at < ? AND ends_at > ? "
		   "UNION ALL SELECT resource_id, starts_at, ends_at, -1 "
		   "FROM facility_maintenance WHERE resource_id IN (");
	marks(&sql);
	buf_addstr(&sql, ") AND archived_at IS NULL AND starts_at < ? "
		   "AND ends_at > ? ORDER BY 1, 2");
	for (int i = 0; i < FACILITY_BUSY_IDS; i++)
		v[k++] = DB_INT(i < n ? ids[i] : 0);
	v[k++] = DB_TEXT(since);
	v[k++] = DB_TEXT(to);
	v[k++] = DB_TEXT(from);
	for (int i = 0; i < FACILITY_BUSY_IDS; i++)
		v[k++] = DB_INT(i < n ? ids[i] : 0);
	v[k++] = DB_TEXT(to);
	v[k++] = DB_TEXT(from);
	rc = buf_error(&sql) ? ERR_NOMEM : db_query(db, &st, sql.ptr, v, k);
	for (; rc == DB_ROW; rc = db_step(st)) {
		if (time_parse_utc(db_column_text(st, 1), &a) ||
		    time_parse_utc(db_column_text(st, 2), &b)) {
			rc = ERR_DB;
			break;
		}
		if (*len == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*list = xreallocarray(*list, *cap, sizeof(**list));
		}
		(*list)[*len].resource_id = db_column_int(st, 0);
		(*list)[*len].from = facility_minute_of(a);
		(*list)[*len].to = facility_minute_of(b);
		(*list)[*len].seats = db_column_int(st, 3);
		(*len)++;
	}
	db_finalize(st);
	buf_release(&sql);
	return rc < 0 ? rc : 0;
}
