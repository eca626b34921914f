/*
 * tables_space.c - the park's space as described tables (record.h):
 * buildings, floors, units and leases, what a conflict among them means
 * (a second floor of a level, a second unit of a code, two leases of a
 * unit sharing a day), and the leases as their list shows them, with the
 * names of unit, building and tenant.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

const char *const inc_unit_kinds[] = { "office", "workshop", "desk", NULL };

#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

static const struct record_column building_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE | ALL | REC_SEARCH, 100,
	  NULL, NULL },
	{ "address", REC_TEXT, ALL | REC_SEARCH, 200, NULL, NULL },
	{ "opened_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "note", REC_TEXT, OUT, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_building_table = {
	"building", "building", building_columns, NULL, NULL, "name, id",
	NULL, NULL, "inc_building", "/incubation/buildings", "name",
};

static const struct record_column floor_columns[] = {
	{ "building_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "building" },
	{ "level", REC_INT, REC_REQUIRED | ALL, 99, NULL, NULL, NULL, -5 },
	{ "name", REC_TEXT, ALL, 50, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* There is no floor 0: the first below ground is -1. */
static int
check_floor(json_t *rec, struct problem *pb)
{
	if (record_int(rec, "level") == 0)
		return problem_key(pb, ERR_INVALID, "level",
				   "incubation.err.floor_zero",
				   "level must not be 0 (the ground floor is "
				   "1)");
	return 0;
}

static int
floor_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem_key(pb, ERR_CONFLICT, "level",
			   "incubation.err.floor_taken",
			   "the building already has a floor of this level");
}

const struct record_table inc_floor_table = {
	"floor", "floor", floor_columns, NULL, NULL, "building_id, level",
	check_floor, floor_conflict, "inc_floor", "/incubation/floors",
	"(SELECT name FROM building WHERE building.id = floor.building_id) "
	"|| ' ' || COALESCE(NULLIF(name, ''), level || 'F')",
};

static const struct record_column unit_columns[] = {
	{ "code", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 30, NULL, NULL },
	{ "floor_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL, "floor" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL, 0, inc_unit_kinds, NULL },
	{ "area", REC_AREA, REC_REQUIRED | ALL, 100000000, NULL, NULL, NULL,
	  1 },
	{ "note", REC_TEXT, OUT | REC_SEARCH, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
unit_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem_key(pb, ERR_CONFLICT, "code",
			   "incubation.err.unit_taken",
			   "the floor already has a unit with this code");
}

const struct record_table inc_unit_table = {
	"unit", "unit", unit_columns, NULL, NULL, "floor_id, code", NULL,
	unit_conflict, "inc_unit", "/incubation/units",
	"(SELECT b.name FROM floor f JOIN building b ON b.id = f.building_id "
	"WHERE f.id = unit.floor_id) || ' ' || code",
};

static const struct record_column lease_columns[] = {
	{ "unit_id", REC_REF, REC_REQUIRED, 0, NULL, NULL, "unit" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "starts_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "rent_per_m2_fen", REC_MONEY, REC_REQUIRED, 100000000, NULL, NULL,
	  NULL, 0 },
	{ "deposit_fen", REC_MONEY, 0, 100000000000, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, REC_SEARCH, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_lease(json_t *rec, struct problem *pb)
{
	return record_check_order(rec, "starts_on", "ends_on",
				  "err.before_start", pb);
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

	rc = store_lease_overlap(db, record_int(rec, "unit_id"),
				 record_text(rec, "starts_on"),
				 record_text(rec, "ends_on"), id, &other);
	if (!rc && other) {
		/*
		 * The lease in the way, with its dates: what staff need to
		 * resolve it. A message with figures is translated whole
		 * (page_message(), its figures as {1}...), not by a key.
		 */
		snprintf(lease_message, sizeof(lease_message),
			 "the unit is already leased from %s to %s "
			 "(lease %lld)",
			 record_text(other, "starts_on"),
			 record_text(other, "ends_on"),
			 (long long)record_int(other, "id"));
		json_decref(other);
		return problem(pb, ERR_CONFLICT, "unit_id", lease_message);
	}
	json_decref(other);
	return problem_key(pb, ERR_CONFLICT, "unit_id",
			   "incubation.err.lease_overlap",
			   "the unit is already leased for some of these days");
}

const struct record_table inc_lease_table = {
	"lease", "lease", lease_columns, NULL, NULL,
	"starts_on DESC, id DESC", check_lease, lease_conflict, "inc_lease",
	"/incubation/leases",
};

/* Leases as their list shows them: with unit, building and tenant. */
static const struct record_column lease_row_columns[] = {
	{ "unit_code", REC_TEXT, ALL, 0, NULL, NULL },
	{ "building_name", REC_TEXT, ALL, 0, NULL, NULL },
	{ "unit_kind", REC_ENUM, ALL, 0, inc_unit_kinds, NULL },
	{ "area", REC_AREA, ALL, 0, NULL, NULL },
	{ "org_id", REC_REF, REC_LIST, 0, NULL, NULL, "org", 0, NULL,
	  "org_name" },
	{ "org_name", REC_TEXT, OUT, 0, NULL, NULL },
	{ "starts_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "ends_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "rent_per_m2_fen", REC_MONEY, ALL, 0, NULL, NULL },
	{ "deposit_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "note", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "unit_id", REC_REF, 0, 0, NULL, NULL, "unit" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_lease_rows = {
	INC_LEASE_ROWS, "lease", lease_row_columns, NULL, NULL,
	"starts_on DESC, id DESC", NULL, NULL, "inc_lease",
	"/incubation/leases",
};
