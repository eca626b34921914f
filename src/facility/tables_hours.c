/*
 * tables_hours.c - when the shared facilities are open, as described
 * tables (record.h): a resource's weekly opening hours, the park's
 * calendar of public holidays and make-up working days, and windows of
 * maintenance (facility_int.h). The database holds the same rules.
 */
#include <string.h>

#include "base/err.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

/* "HH:MM" of the park's clock, 00:00 to 24:00 (the end of a day). */
static int
check_clock(const char **value, char canon[64], struct problem *pb)
{
	const char *s = *value;

	(void)canon;
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9' || (s[0] == '2' && s[1] > '4') ||
	    (s[0] == '2' && s[1] == '4' && strcmp(s + 3, "00")))
		return problem_key(pb, ERR_INVALID, NULL, "facility.err.clock",
				   "a time of day is written HH:MM, 00:00 to "
				   "24:00");
	return 0;
}

static const struct record_column hours_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_IMPORT, 0, NULL, NULL, "facility_resource", 0,
	  "工业机器人实训室" },
	{ "weekday", REC_INT, REC_REQUIRED | ALL | REC_IMPORT, 7, NULL, NULL,
	  NULL, 1, "1" },
	{ "opens_at", REC_TEXT, REC_REQUIRED | ALL | REC_IMPORT, 5, NULL,
	  check_clock, NULL, 0, "08:00" },
	{ "closes_at", REC_TEXT, REC_REQUIRED | ALL | REC_IMPORT, 5, NULL,
	  check_clock, NULL, 0, "21:00" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_hours(json_t *rec, struct problem *pb)
{
	const char *opens = record_text(rec, "opens_at");
	const char *closes = record_text(rec, "closes_at");

	if (opens && !strcmp(opens, "24:00"))
		return problem_key(pb, ERR_INVALID, "opens_at",
				   "facility.err.opens_at",
				   "a resource opens at 23:59 at the latest");
	if (opens && closes && strcmp(closes, opens) <= 0)
		return problem_key(pb, ERR_INVALID, "closes_at",
				   "facility.err.closes_at",
				   "closes_at must be after opens_at");
	return 0;
}

const struct record_table facility_hours_table = {
	"facility_hours", "facility_hours", hours_columns, NULL, NULL,
	"resource_id, weekday, opens_at, id", check_hours, NULL,
	"facility_hours", "/facility/hours", NULL,
};

static const char *const day_kinds[] = { "holiday", "workday", NULL };

static const struct record_column day_columns[] = {
	{ "on_date", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL, NULL,
	  NULL, 0, "2026-10-01" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL | REC_IMPORT, 0, day_kinds,
	  NULL, NULL, 0, "holiday" },
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH | REC_IMPORT, 50,
	  NULL, NULL, NULL, 0, "国庆节" },
	{ "as_weekday", REC_INT, ALL | REC_IMPORT, 7, NULL, NULL, NULL, 1,
	  "" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* A make-up working day keeps the hours of a weekday; a holiday none. */
static int
check_day(json_t *rec, struct problem *pb)
{
	const char *kind = record_text(rec, "kind");
	bool as = json_is_integer(json_object_get(rec, "as_weekday"));

	if (kind && !strcmp(kind, "workday") && !as)
		return problem_key(pb, ERR_INVALID, "as_weekday",
				   "facility.err.as_weekday",
				   "a make-up working day keeps the hours of a "
				   "weekday: as_weekday, 1 (Monday) to 7");
	if (kind && !strcmp(kind, "holiday") && as)
		return problem_key(pb, ERR_INVALID, "as_weekday",
				   "facility.err.holiday_weekday",
				   "a public holiday keeps no hours: leave "
				   "as_weekday empty");
	return 0;
}

static int
day_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem_key(pb, ERR_CONFLICT, "on_date",
			   "facility.err.day_taken",
			   "the calendar has an entry for this date already");
}

const struct record_table facility_day_table = {
	"facility_day", "facility_day", day_columns, NULL, NULL,
	"on_date DESC, id DESC", check_day, day_conflict, "facility_day",
	"/facility/calendar", "on_date || ' ' || name",
};

static const struct record_column maintenance_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "facility_resource" },
	{ "starts_at", REC_DATETIME, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "ends_at", REC_DATETIME, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "reason", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 200, NULL,
	  NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_maintenance(json_t *rec, struct problem *pb)
{
	const char *from = record_text(rec, "starts_at");
	const char *to = record_text(rec, "ends_at");

	if (from && to && strcmp(to, from) <= 0)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "facility.err.ends_at",
				   "ends_at must be after starts_at");
	return 0;
}

const struct record_table facility_maintenance_table = {
	"facility_maintenance", "facility_maintenance", maintenance_columns,
	NULL, NULL, "starts_at DESC, id DESC", check_maintenance, NULL,
	"facility_maintenance", "/facility/maintenance", NULL,
};
