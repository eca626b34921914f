/*
 * space.c - the park's space (ops.h): buildings, floors, units and leases
 * as described tables, what a conflict among them means, occupancy on a
 * date, and a startup's area over time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "incubation/ops_int.h"

const char *const inc_unit_kinds[] = { "office", "workshop", "desk", NULL };

static const struct record_column building_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE, 100, NULL, NULL },
	{ "address", REC_TEXT, 0, 200, NULL, NULL },
	{ "opened_on", REC_DATE, 0, 0, NULL, NULL },
	{ "note", REC_TEXT, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const building_search[] = { "name", "address", NULL };

const struct record_table inc_building_table = {
	"building", "building", building_columns, building_search, NULL,
	"name, id",
};

static const struct record_column floor_columns[] = {
	{ "building_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "building" },
	{ "level", REC_INT, REC_REQUIRED, 99, NULL, NULL, NULL, -5 },
	{ "name", REC_TEXT, 0, 50, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* There is no floor 0: the first below ground is -1. */
static int
check_floor(json_t *rec, struct problem *pb)
{
	if (json_integer_value(json_object_get(rec, "level")) == 0)
		return problem(pb, ERR_INVALID, "level",
			       "level must not be 0 (the ground floor is 1)");
	return 0;
}

static int
floor_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "level",
		       "the building already has a floor of this level");
}

const struct record_table inc_floor_table = {
	"floor", "floor", floor_columns, NULL, NULL, "building_id, level",
	check_floor, floor_conflict,
};

static const struct record_column unit_columns[] = {
	{ "floor_id", REC_REF, REC_REQUIRED, 0, NULL, NULL, "floor" },
	{ "code", REC_TEXT, REC_REQUIRED, 30, NULL, NULL },
	{ "kind", REC_ENUM, REC_REQUIRED, 0, inc_unit_kinds, NULL },
	{ "area", REC_INT, REC_REQUIRED, 100000000, NULL, NULL, NULL, 1 },
	{ "note", REC_TEXT, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const unit_search[] = { "code", "note", NULL };

static int
unit_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "code",
		       "the floor already has a unit with this code");
}

const struct record_table inc_unit_table = {
	"unit", "unit", unit_columns, unit_search, NULL, "floor_id, code",
	NULL, unit_conflict,
};

static const struct record_column lease_columns[] = {
	{ "unit_id", REC_REF, REC_REQUIRED, 0, NULL, NULL, "unit" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "starts_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "rent_per_m2_fen", REC_INT, REC_REQUIRED, 100000000, NULL, NULL,
	  NULL, 0 },
	{ "deposit_fen", REC_INT, 0, 100000000000, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_lease(json_t *rec, struct problem *pb)
{
	const char *from = json_string_value(json_object_get(rec,
							     "starts_on"));
	const char *to = json_string_value(json_object_get(rec, "ends_on"));

	if (from && to && strcmp(to, from) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before starts_on");
	return 0;
}

/* The message of a lease conflict, kept for the caller to use at once. */
static _Thread_local char lease_message[200];

/*
 * The database refused a lease that overlaps another on its unit (the
 * exclusion constraint or the trigger): say which one.
 */
static int
lease_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	json_t *other = NULL;
	int rc;

	rc = store_lease_overlap(db, json_integer_value(json_object_get(rec,
				 "unit_id")), json_string_value(
				 json_object_get(rec, "starts_on")),
				 json_string_value(json_object_get(rec,
				 "ends_on")), id, &other);
	if (!rc && other)
		snprintf(lease_message, sizeof(lease_message),
			 "the unit is already leased from %s to %s "
			 "(lease %lld)",
			 json_string_value(json_object_get(other,
						"starts_on")),
			 json_string_value(json_object_get(other, "ends_on")),
			 (long long)json_integer_value(json_object_get(other,
						"id")));
	else
		snprintf(lease_message, sizeof(lease_message),
			 "the unit is already leased for some of these days");
	json_decref(other);
	return problem(pb, ERR_CONFLICT, "unit_id", lease_message);
}

static const char *const lease_search[] = { "note", NULL };

const struct record_table inc_lease_table = {
	"lease", "lease", lease_columns, lease_search, NULL,
	"starts_on DESC, id DESC", check_lease, lease_conflict,
};

int
inc_occupancy(struct db *db, const char *on, struct inc_occupancy *out,
	      json_t **by_building)
{
	memset(out, 0, sizeof(*out));
	if (by_building)
		*by_building = NULL;
	return store_occupancy(db, on, out, by_building);
}

/* The number written by the n digits at s (a checked date's). */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

void
inc_day_add(const char *d, int days, char out[11])
{
	struct tm tm = { 0 };
	time_t t;

	tm.tm_year = digits(d, 4) - 1900;
	tm.tm_mon = digits(d + 5, 2) - 1;
	tm.tm_mday = digits(d + 8, 2) + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t
inc_days(const char *d)
{
	struct tm tm = { 0 };

	tm.tm_year = digits(d, 4) - 1900;
	tm.tm_mon = digits(d + 5, 2) - 1;
	tm.tm_mday = digits(d + 8, 2);
	return (int64_t)(timegm(&tm) / 86400);
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
inc_area_history(struct db *db, int64_t org_id, json_t **steps,
		 json_t **leases)
{
	char (*days)[11] = NULL;
	size_t n, nd = 0;
	json_t *l;
	int64_t last = 0;
	int rc;

	*steps = json_array();
	rc = store_org_leases(db, org_id, leases);
	if (rc)
		return rc;
	n = json_array_size(*leases);
	if (!n)
		return 0;
	/* The days the area may change: each start, each day after an end. */
	days = xcalloc(2 * n, sizeof(*days));
	for (size_t i = 0; i < n; i++) {
		l = json_array_get(*leases, i);
		snprintf(days[nd++], 11, "%s", json_string_value(
			 json_object_get(l, "starts_on")));
		inc_day_add(json_string_value(json_object_get(l, "ends_on")),
			    1, days[nd++]);
	}
	qsort(days, nd, sizeof(*days), by_text);
	for (size_t d = 0; d < nd; d++) {
		int64_t area = 0;

		if (d && !strcmp(days[d], days[d - 1]))
			continue;
		for (size_t i = 0; i < n; i++) {
			l = json_array_get(*leases, i);
			if (strcmp(json_string_value(json_object_get(l,
				   "starts_on")), days[d]) <= 0 &&
			    strcmp(json_string_value(json_object_get(l,
				   "ends_on")), days[d]) >= 0)
				area += json_integer_value(json_object_get(l,
							   "area"));
		}
		if (d && area == last)
			continue;
		json_array_append_new(*steps, json_pack("{s:s,s:I}", "on",
				      days[d], "area", (json_int_t)area));
		last = area;
	}
	free(days);
	return 0;
}
