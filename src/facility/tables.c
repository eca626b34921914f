/*
 * tables.c - the shared facilities as described tables (record.h):
 * resources, bookings, terms, partner agreements and their allocations,
 * what a conflict among them means, and the views their lists show.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

const char *const facility_kinds[] = {
	REC_VALUE("room", FACILITY_KIND_MAX),
	REC_VALUE("cell", FACILITY_KIND_MAX),
	REC_VALUE("machine", FACILITY_KIND_MAX),
	REC_VALUE("kit", FACILITY_KIND_MAX),
	REC_VALUE("lab", FACILITY_KIND_MAX),
	NULL
};

static const char *const resource_statuses[] = {
	"in_service", "maintenance", NULL
};

static const char *const approvals[] = { "auto", "staff", NULL };

const char *const facility_booking_statuses[] = {
	REC_VALUE("pending", FACILITY_STATUS_MAX),
	REC_VALUE("confirmed", FACILITY_STATUS_MAX),
	REC_VALUE("rejected", FACILITY_STATUS_MAX),
	REC_VALUE("cancelled", FACILITY_STATUS_MAX),
	NULL
};

#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

static const struct record_column resource_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH | REC_IMPORT, 100,
	  NULL, NULL, NULL, 0, "工业机器人实训工作站1号" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL | REC_IMPORT, 0,
	  facility_kinds, NULL, NULL, 0, "cell" },
	{ "centre_id", REC_REF, ALL, 0, NULL, NULL, "training_centre" },
	{ "seats", REC_INT, REC_REQUIRED | ALL | REC_IMPORT, 10000, NULL, NULL,
	  NULL, 1, "4" },
	{ "place", REC_TEXT, ALL | REC_SEARCH | REC_IMPORT, 100, NULL, NULL,
	  NULL, 0, "实训楼二层" },
	{ "parent_id", REC_REF, OUT, 0, NULL, NULL, "facility_resource" },
	{ "parent_seats", REC_INT, OUT, 10000, NULL, NULL, NULL, 0 },
	{ "owner_org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "status", REC_ENUM, ALL, 0, resource_statuses, NULL },
	{ "approval", REC_ENUM, ALL | REC_IMPORT, 0, approvals, NULL, NULL, 0,
	  "staff" },
	{ "required_programme_id", REC_REF, OUT, 0, NULL, NULL,
	  "training_programme" },
	{ "required_occupation", REC_TEXT, OUT | REC_EMPTY_NULL, 50, NULL,
	  NULL },
	{ "required_level", REC_INT, OUT, 5, NULL, NULL, NULL, 1 },
	{ "cert_months", REC_INT, OUT, 600, NULL, NULL, NULL, 0 },
	/* How late its bookers may cancel or change (facility_may_change()). */
	{ "change_hours", REC_INT, OUT | REC_IMPORT, 720, NULL, NULL, NULL, 0,
	  "24" },
	{ "grace_minutes", REC_INT, OUT | REC_IMPORT, 1440, NULL, NULL, NULL,
	  0, "15" },
	{ "hold_minutes", REC_INT, OUT | REC_IMPORT, 1440, NULL, NULL, NULL,
	  1, "30" },
	/*
	 * Attached through the API after an upload (POST /api/v1/uploads),
	 * not typed into the form: an upload has no name to pick it by.
	 */
	{ "photo_id", REC_REF, REC_DERIVED, 0, NULL, NULL, "upload" },
	{ "description", REC_TEXT, OUT | REC_SEARCH, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* An inner resource holds some seats of its outer one, no more than it has. */
static int
check_resource(json_t *rec, struct problem *pb)
{
	json_t *parent = json_object_get(rec, "parent_id");
	json_int_t share = record_int(rec, "parent_seats");

	if (json_is_integer(parent) && share < 1)
		return problem(pb, ERR_INVALID, "parent_seats",
			       "a resource inside another holds at least one "
			       "of its seats");
	if (!json_is_integer(parent) && share)
		return problem(pb, ERR_INVALID, "parent_seats",
			       "only a resource inside another holds seats "
			       "of it");
	if (json_is_string(json_object_get(rec, "required_occupation")) !=
	    json_is_integer(json_object_get(rec, "required_level")))
		return problem(pb, ERR_INVALID, "required_level",
			       "a skill certificate is required by occupation "
			       "and level together");
	return 0;
}

static int
resource_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	if (id)
		return problem(pb, ERR_CONFLICT, "seats",
			       "bookings to come hold more seats than that: "
			       "cancel or move them first");
	return problem(pb, ERR_CONFLICT, "name",
		       "the centre already has a resource of this name");
}

const struct record_table facility_resource_table = {
	"facility_resource", "facility_resource", resource_columns, NULL,
	"facility_resource_fts", "centre_id, name, id", check_resource,
	resource_conflict, "facility_resource", "/facility/resources", "name",
};

static const struct record_column booking_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "facility_resource" },
	/* For an organisation, or (training's sessions) for a cohort. */
	{ "org_id", REC_REF, REC_READONLY, 0, NULL, NULL, "org" },
	{ "cohort_id", REC_REF, REC_DERIVED | REC_READONLY, 0, NULL, NULL,
	  "training_cohort" },
	{ "person_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "account_id", REC_INT, REC_DERIVED | REC_READONLY, INT64_MAX, NULL,
	  NULL, NULL, 1 },
	{ "held_by_id", REC_REF, REC_DERIVED | REC_READONLY, 0, NULL, NULL,
	  "facility_booking" },
	{ "series_id", REC_REF, REC_DERIVED | REC_READONLY, 0, NULL, NULL,
	  "facility_series" },
	{ "starts_at", REC_DATETIME, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL },
	{ "ends_at", REC_DATETIME, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL },
	{ "minutes", REC_DURATION, REC_DERIVED | REC_READONLY, 20160, NULL,
	  NULL, NULL, 1 },
	{ "on_date", REC_DATE, REC_DERIVED | REC_READONLY, 0, NULL, NULL },
	{ "seats", REC_INT, REC_REQUIRED | REC_READONLY, 10000, NULL, NULL,
	  NULL, 1 },
	{ "whole", REC_INT, REC_DERIVED | REC_READONLY, 1, NULL, NULL, NULL,
	  0 },
	{ "status", REC_ENUM, REC_DERIVED, 0, facility_booking_statuses,
	  NULL },
	{ "purpose", REC_TEXT, REC_SEARCH, 200, NULL, NULL },
	{ "override_reason", REC_TEXT, REC_DERIVED | REC_READONLY |
	  REC_EMPTY_NULL, 500, NULL, NULL },
	{ "expires_at", REC_DATETIME, REC_DERIVED | REC_READONLY, 0, NULL,
	  NULL },
	{ "decided_at", REC_DATETIME, REC_DERIVED, 0, NULL, NULL },
	{ "cancelled_at", REC_DATETIME, REC_DERIVED, 0, NULL, NULL },
	{ "checked_in_at", REC_DATETIME, REC_DERIVED, 0, NULL, NULL },
	{ "checkin_by", REC_TEXT, REC_DERIVED, 5, NULL, NULL },
	{ "checked_out_at", REC_DATETIME, REC_DERIVED, 0, NULL, NULL },
	{ "no_show_at", REC_DATETIME, REC_DERIVED, 0, NULL, NULL },
	{ "sequence", REC_INT, REC_DERIVED, INT64_MAX, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* The message of a clash and the texts it names (the resource, the
 * times in Beijing time, the booking in the way), kept for the caller to
 * use at once. */
static _Thread_local char clash_message[1200], clash_arg[PROBLEM_ARGS][101 * 4];

/* Stored UTC time `utc` as the park's clock reads it, into out. */
static const char *
clash_local(const char *utc, char *out)
{
	if (!utc || time_format_local(utc, out, sizeof(clash_arg[0])))
		snprintf(out, sizeof(clash_arg[0]), "%s", utc ? utc : "");
	return out;
}

/*
 * The database refused a booking (the exclusion constraint or the seats
 * trigger): name the resource, the times asked for, and the booking in
 * the way.
 */
static int
booking_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	struct facility_resource_row res;
	int64_t resource = record_int(rec, "resource_id");
	const char *from = record_text(rec, "starts_at");
	const char *to = record_text(rec, "ends_at");
	const char *key = "facility.err.no_seats_left";
	json_t *other = NULL;
	int rc;

	rc = facility_store_resource(db, resource, &res);
	if (rc)
		snprintf(res.name, sizeof(res.name), "%lld",
			 (long long)resource);
	snprintf(clash_arg[0], sizeof(clash_arg[0]), "%s", res.name);
	clash_arg[3][0] = '\0';
	clash_local(from, clash_arg[1]);
	clash_local(to, clash_arg[2]);
	if (!facility_store_overlap(db, resource, from, to, id, &other) &&
	    other) {
		key = "facility.err.taken";
		snprintf(clash_arg[3], sizeof(clash_arg[3]), "%lld",
			 (long long)record_int(other, "id"));
		snprintf(clash_message, sizeof(clash_message),
			 "%s is taken from %s to %s: booking %s holds it "
			 "from %s to %s", res.name, from, to, clash_arg[3],
			 record_text(other, "starts_at"),
			 record_text(other, "ends_at"));
	} else
		snprintf(clash_message, sizeof(clash_message),
			 "%s has no seats left from %s to %s", res.name,
			 from, to);
	json_decref(other);
	return problem_args(pb, ERR_CONFLICT, "resource_id", key,
			    clash_message, PROBLEM_ARGS,
			    (const char *[]){ clash_arg[0], clash_arg[1],
			    clash_arg[2], clash_arg[3] });
}

const struct record_table facility_booking_table = {
	"facility_booking", "facility_booking", booking_columns, NULL, NULL,
	"starts_at DESC, id DESC", NULL, booking_conflict, "facility_booking",
	"/facility/bookings",
};

static const struct record_column booking_row_columns[] = {
	{ "resource_id", REC_REF, ALL, 0, NULL, NULL, "facility_resource", 0,
	  NULL, "resource_name" },
	{ "resource_name", REC_TEXT, OUT, 0, NULL, NULL },
	{ "starts_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "ends_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "seats", REC_INT, ALL, 0, NULL, NULL },
	{ "minutes", REC_DURATION, OUT, 0, NULL, NULL },
	{ "org_id", REC_REF, ALL, 0, NULL, NULL, "org", 0, NULL, "org_name" },
	{ "org_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "person_id", REC_REF, 0, 0, NULL, NULL, "person", 0, NULL,
	  "person_name" },
	{ "person_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "status", REC_ENUM, ALL, 0, facility_booking_statuses, NULL },
	{ "purpose", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "override_reason", REC_TEXT, OUT, 0, NULL, NULL },
	{ "on_date", REC_DATE, 0, 0, NULL, NULL },
	{ "series_id", REC_REF, 0, 0, NULL, NULL, "facility_series" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_booking_rows = {
	FACILITY_BOOKING_ROWS, "facility_booking", booking_row_columns, NULL,
	NULL, "starts_at DESC, id DESC", NULL, NULL, "facility_booking",
	"/facility/bookings",
};

static const struct record_column pending_row_columns[] = {
	{ "resource_id", REC_REF, ALL, 0, NULL, NULL, "facility_resource", 0,
	  NULL, "resource_name" },
	{ "resource_name", REC_TEXT, OUT, 0, NULL, NULL },
	{ "starts_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "ends_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "seats", REC_INT, ALL, 0, NULL, NULL },
	{ "org_id", REC_REF, ALL, 0, NULL, NULL, "org", 0, NULL, "org_name" },
	{ "org_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "person_id", REC_REF, 0, 0, NULL, NULL, "person", 0, NULL,
	  "person_name" },
	{ "person_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "purpose", REC_TEXT, ALL | REC_SEARCH, 0, NULL, NULL },
	{ "expires_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "owner_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_pending_rows = {
	FACILITY_PENDING_ROWS, "facility_booking", pending_row_columns, NULL,
	NULL, "expires_at, id", NULL, NULL, "facility_booking",
	"/facility/approvals",
};

/* "HH:MM", a time of day as people type it. */
static int
check_hhmm(const char **value, char canon[64], struct problem *pb)
{
	const char *s = *value;

	(void)canon;
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9' || (s[0] == '2' && s[1] > '3'))
		return problem_key(pb, ERR_INVALID, NULL, "facility.err.hhmm",
				   "a time of day is written HH:MM, 00:00 to "
				   "23:59");
	return 0;
}

static const struct record_column input_columns[] = {
	{ "resource_id", REC_REF, 0, 0, NULL, NULL, "facility_resource" },
	{ "starts_at", REC_DATETIME, 0, 0, NULL, NULL },
	{ "ends_at", REC_DATETIME, 0, 0, NULL, NULL },
	{ "on", REC_DATE, 0, 0, NULL, NULL },
	{ "from", REC_TEXT, 0, 5, NULL, check_hhmm },
	{ "to", REC_TEXT, 0, 5, NULL, check_hhmm },
	{ "seats", REC_INT, 0, 10000, NULL, NULL, NULL, 1 },
	{ "purpose", REC_TEXT, 0, 200, NULL, NULL },
	{ "org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ "override_reason", REC_TEXT, REC_EMPTY_NULL, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_booking_input = {
	NULL, NULL, input_columns, NULL, NULL, NULL, NULL, NULL,
	"facility_booking",
};

/* "1,3,5": ISO weekdays, 1 Monday to 7 Sunday, each once, in order. */
static int
check_weekdays(const char **value, char canon[64], struct problem *pb)
{
	const char *s = *value;
	int last = 0;

	(void)canon;
	do {
		if (*s < '1' || *s > '7' || *s - '0' <= last ||
		    (s[1] && s[1] != ','))
			return problem_key(pb, ERR_INVALID, NULL,
					   "facility.err.weekdays",
					   "weekdays lists days of the week, "
					   "1 (Monday) to 7 (Sunday), in "
					   "order, separated by commas");
		last = *s - '0';
		s += s[1] ? 2 : 1;
	} while (*s);
	return 0;
}

static const struct record_column series_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "facility_resource" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL, NULL,
	  "org" },
	{ "person_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "account_id", REC_INT, REC_DERIVED | REC_READONLY, INT64_MAX, NULL,
	  NULL, NULL, 1 },
	{ "weekdays", REC_TEXT, REC_REQUIRED | REC_READONLY | ALL, 13, NULL,
	  check_weekdays },
	{ "first_on", REC_DATE, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL },
	{ "until_on", REC_DATE, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL },
	{ "from_time", REC_TEXT, REC_REQUIRED | REC_READONLY | ALL, 5, NULL,
	  check_hhmm },
	{ "to_time", REC_TEXT, REC_REQUIRED | REC_READONLY | ALL, 5, NULL,
	  check_hhmm },
	{ "seats", REC_INT, REC_REQUIRED | REC_READONLY | OUT, 10000, NULL,
	  NULL, NULL, 1 },
	{ "occurrences", REC_INT, REC_DERIVED | REC_READONLY | ALL, 200, NULL,
	  NULL, NULL, 1 },
	{ "purpose", REC_TEXT, OUT | REC_SEARCH, 200, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_series_table = {
	"facility_series", "facility_series", series_columns, NULL, NULL,
	"first_on DESC, id DESC", NULL, NULL, "facility_series",
	"/facility/series",
};

static const struct record_column series_input_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED, 0, NULL, NULL,
	  "facility_resource" },
	{ "on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "until", REC_DATE, 0, 0, NULL, NULL },
	{ "count", REC_INT, 0, 200, NULL, NULL, NULL, 1 },
	{ "weekdays", REC_TEXT, REC_REQUIRED, 13, NULL, check_weekdays },
	{ "from", REC_TEXT, REC_REQUIRED, 5, NULL, check_hhmm },
	{ "to", REC_TEXT, REC_REQUIRED, 5, NULL, check_hhmm },
	{ "seats", REC_INT, 0, 10000, NULL, NULL, NULL, 1 },
	{ "purpose", REC_TEXT, 0, 200, NULL, NULL },
	{ "org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_series_input = {
	NULL, NULL, series_input_columns, NULL, NULL, NULL, NULL, NULL,
	"facility_series",
};

static const struct record_column term_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE | ALL | REC_SEARCH |
	  REC_IMPORT, 50, NULL, NULL, NULL, 0, "2019 秋季学期" },
	{ "starts_on", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL,
	  NULL, NULL, 0, "2019-09-01" },
	{ "ends_on", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL, NULL,
	  NULL, 0, "2020-01-15" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* The second date of a record is not before its first. */
static int
check_dates(json_t *rec, struct problem *pb)
{
	const char *from = record_text(rec, "starts_on");
	const char *to = record_text(rec, "ends_on");

	if (from && to && strcmp(to, from) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before starts_on");
	return 0;
}

static int
term_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "starts_on",
		       "another term has some of these days");
}

const struct record_table facility_term_table = {
	"facility_term", "facility_term", term_columns, NULL, NULL,
	"starts_on DESC, id DESC", check_dates, term_conflict,
	"facility_term", "/facility/terms", "name",
};

/* A comma-separated list of resource kinds, each one of facility_kinds. */
static int
check_kinds(const char **value, char canon[64], struct problem *pb)
{
	const char *s = *value;

	(void)canon;
	while (*s) {
		size_t n = strcspn(s, ",");
		bool known = false;

		for (const char *const *k = facility_kinds; *k; k++)
			if (strlen(*k) == n && !strncmp(*k, s, n))
				known = true;
		if (!known)
			return problem_key(pb, ERR_INVALID, NULL,
					   "facility.err.kinds",
					   "kinds lists resource kinds "
					   "separated by commas: room, cell, "
					   "machine, kit, lab");
		s += n;
		if (*s == ',' && *++s == '\0')
			return problem_key(pb, ERR_INVALID, NULL,
					   "facility.err.kinds_comma",
					   "kinds must not end with a comma");
	}
	return 0;
}

static const struct record_column agreement_columns[] = {
	{ "org_id", REC_REF, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL, NULL,
	  "org" },
	{ "title", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH | REC_IMPORT, 100,
	  NULL, NULL, NULL, 0, "共建共享技术技能实训设施合作协议" },
	{ "signed_on", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL,
	  NULL, NULL, 0, "2017-06-01" },
	{ "starts_on", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL,
	  NULL, NULL, 0, "2017-09-01" },
	{ "ends_on", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL,
	  NULL, NULL, 0, "2022-08-31" },
	{ "kinds", REC_TEXT, REC_REQUIRED | ALL | REC_IMPORT, 100, NULL,
	  check_kinds, NULL, 0, "room,cell,lab" },
	{ "note", REC_TEXT, OUT | REC_SEARCH, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_agreement(json_t *rec, struct problem *pb)
{
	const char *signed_on = record_text(rec, "signed_on");
	const char *ends = record_text(rec, "ends_on");

	if (signed_on && ends && strcmp(ends, signed_on) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before signed_on");
	return check_dates(rec, pb);
}

const struct record_table facility_agreement_table = {
	"facility_agreement", "facility_agreement", agreement_columns, NULL,
	NULL, "signed_on DESC, id DESC", check_agreement, NULL,
	"facility_agreement", "/facility/agreements",
	"(SELECT name FROM org WHERE org.id = facility_agreement.org_id) "
	"|| ' · ' || title",
};

static const struct record_column allocation_columns[] = {
	{ "agreement_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "facility_agreement" },
	{ "term_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "facility_term" },
	{ "minutes", REC_DURATION, REC_REQUIRED, 6000000, NULL, NULL, NULL,
	  0 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
allocation_conflict(struct db *db, json_t *rec, int64_t id,
		    struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "term_id",
		       "the agreement already has an allocation for this "
		       "term");
}

const struct record_table facility_allocation_table = {
	"facility_allocation", "facility_allocation", allocation_columns,
	NULL, NULL, "id DESC", NULL, allocation_conflict,
	"facility_allocation", "/facility/allocations",
};

static const struct record_column allocation_row_columns[] = {
	{ "agreement_id", REC_REF, ALL, 0, NULL, NULL, "facility_agreement",
	  0, NULL, "agreement_title" },
	{ "agreement_title", REC_TEXT, OUT, 0, NULL, NULL },
	{ "org_id", REC_REF, ALL, 0, NULL, NULL, "org", 0, NULL, "org_name" },
	{ "org_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "term_id", REC_REF, ALL, 0, NULL, NULL, "facility_term", 0, NULL,
	  "term_name" },
	{ "term_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "minutes", REC_DURATION, ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_allocation_rows = {
	FACILITY_ALLOCATION_ROWS, "facility_allocation",
	allocation_row_columns, NULL, NULL, "term_name DESC, id DESC", NULL,
	NULL, "facility_allocation", "/facility/allocations",
};
