/*
 * store_availability.c - the SQL of the search for free slots
 * (facility_int.h): the resources it looks at, and what holds their
 * seats over the days searched.
 */
#include <stdio.h>
#include <string.h>

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

int
facility_store_candidates(struct db *db, const char *kind, int64_t centre,
			  int64_t after, struct facility_candidate *out,
			  int max, int *n)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT id, name, kind, seats, "
			  "coalesce(parent_id, 0), parent_seats, "
			  "coalesce(required_programme_id, 0), "
			  "coalesce(required_occupation, ''), "
			  "coalesce(required_level, 0), cert_months, "
			  "coalesce(centre_id, 0), place "
			  "FROM facility_resource WHERE archived_at IS NULL "
			  "AND status = 'in_service' AND id > ? "
			  "AND (? = '' OR kind = ?) "
			  "AND (? = 0 OR centre_id = ?) ORDER BY id LIMIT ?",
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
		snprintf(c->row.status, sizeof(c->row.status), "in_service");
	}
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* Append the rows of `st` ({starts_at, ends_at, seats}) to *list. */
static int
append_busy(struct db_stmt *st, int rc, struct facility_busy **list,
	    size_t *n, size_t *cap)
{
	time_t a, b;

	for (; rc == DB_ROW; rc = db_step(st)) {
		if (time_parse_utc(db_column_text(st, 0), &a) ||
		    time_parse_utc(db_column_text(st, 1), &b))
			return ERR_DB;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*list = xreallocarray(*list, *cap, sizeof(**list));
		}
		(*list)[*n].from = facility_minute_of(a);
		(*list)[*n].to = facility_minute_of(b);
		(*list)[*n].seats = db_column_int(st, 2);
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}

int
facility_store_busy(struct db *db, int64_t id, const char *from,
		    const char *to, struct facility_busy **list, size_t *n,
		    size_t *cap)
{
	char since[TIME_UTC_LEN + 1];
	struct db_stmt *st;
	time_t t;
	int rc;

	/* Bookings last at most 14 days: none starting earlier reaches in. */
	if (time_parse_utc(from, &t))
		return ERR_INVALID;
	time_format_utc(t - 14 * 86400, since, sizeof(since));
	rc = db_query(db, &st, "SELECT starts_at, ends_at, seats "
		      "FROM facility_booking WHERE resource_id = ? "
		      "AND status IN ('pending', 'confirmed') "
		      "AND starts_at > ? AND starts_at < ? AND ends_at > ?",
		      (struct db_value[]){ DB_INT(id), DB_TEXT(since),
		      DB_TEXT(to), DB_TEXT(from) }, 4);
	rc = append_busy(st, rc, list, n, cap);
	db_finalize(st);
	if (rc)
		return rc;
	rc = db_query(db, &st, "SELECT starts_at, ends_at, -1 "
		      "FROM facility_maintenance WHERE resource_id = ? "
		      "AND archived_at IS NULL AND starts_at < ? "
		      "AND ends_at > ?", (struct db_value[]){ DB_INT(id),
		      DB_TEXT(to), DB_TEXT(from) }, 3);
	rc = append_busy(st, rc, list, n, cap);
	db_finalize(st);
	return rc;
}
