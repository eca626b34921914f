/*
 * tables_reports.c - the startups' periodic reports as described tables
 * (record.h): templates and what they may ask for, periods with their
 * deadlines, the report as stored with its cross-field rule, and the
 * reports as their list shows them (with the startup, the template and
 * the period). The rules of a report's life are in rules_reports.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

const char *const inc_template_kinds[] = {
	"monthly", "quarterly", "annual", NULL
};

const char *const inc_report_states[] = {
	"draft", "submitted", "accepted", "returned", NULL
};
static const char *const report_state_colours[] = {
	"info", "primary", "success", "warning", NULL
};

const char *const inc_report_fields[] = {
	"employees", "student_employees", "graduate_employees",
	"student_founders", "revenue_fen", "output_value_fen", "rd_spend_fen",
	"tax_fen", "financing_fen", "patents", "other_ip", NULL
};

/* A report is late (a value of its list's `late`). */
static const char *const late_values[] = { "late", NULL };
static const char *const late_colours[] = { "danger", NULL };

#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

bool
inc_is_report_field(const char *name, size_t len)
{
	for (const char *const *f = inc_report_fields; *f; f++)
		if (strlen(*f) == len && !strncmp(*f, name, len))
			return true;
	return false;
}

bool
inc_template_asks(const char *fields, const char *name)
{
	size_t n = strlen(name);

	for (const char *s = fields; s && *s; ) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (len == n && !strncmp(s, name, n))
			return true;
		s = end ? end + 1 : NULL;
	}
	return false;
}

/* A template's fields: known names, comma-separated, each once. */
static int
check_fields(const char **value, char canon[64], struct problem *pb)
{
	const char *s = *value;

	(void)canon;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (!inc_is_report_field(s, len))
			return problem_key(pb, ERR_INVALID, NULL,
					   "incubation.err.fields_unknown",
					   "fields must name report fields, "
					   "separated by commas (employees, "
					   "student_employees, ...)");
		for (const char *t = *value; t < s; ) {
			const char *e = strchr(t, ',');

			if ((size_t)(e - t) == len && !strncmp(t, s, len))
				return problem_key(pb, ERR_INVALID, NULL,
						   "incubation.err.fields_twice",
						   "fields must name each "
						   "field once");
			t = e + 1;
		}
		if (!end)
			break;
		s = end + 1;
		if (!*s)
			return problem_key(pb, ERR_INVALID, NULL,
					   "incubation.err.fields_comma",
					   "fields must not end with a comma");
	}
	return 0;
}

/* Students and graduates are counted among the employees. */
static int
check_template(json_t *rec, struct problem *pb)
{
	const char *f = record_text(rec, "fields");

	if (f && (inc_template_asks(f, "student_employees") ||
		  inc_template_asks(f, "graduate_employees")) &&
	    !inc_template_asks(f, "employees"))
		return problem_key(pb, ERR_INVALID, "fields",
				   "incubation.err.template_employees",
				   "fields that count student or graduate "
				   "employees need employees too");
	return 0;
}

static const struct record_column template_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE | ALL | REC_SEARCH, 100,
	  NULL, NULL },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL, 0, inc_template_kinds, NULL },
	{ "fields", REC_TEXT, REC_REQUIRED | ALL | REC_CODE, 300, NULL,
	  check_fields },
	{ "due_days", REC_INT, ALL, 120, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, OUT | REC_SEARCH, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_template_table = {
	"inc_report_template", "report_template", template_columns, NULL,
	NULL, "name, id", check_template, NULL, "inc_template",
	"/incubation/report-templates", "name",
};

static const struct record_column period_columns[] = {
	{ "starts_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "template_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "inc_report_template" },
	{ "ends_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "due_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_period(json_t *rec, struct problem *pb)
{
	int rc = record_check_order(rec, "starts_on", "ends_on",
				    "err.before_start", pb);

	return rc ? rc : record_check_order(rec, "ends_on", "due_on",
					    "incubation.err.due_before_end",
					    pb);
}

static int
period_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem_key(pb, ERR_CONFLICT, "starts_on",
			   "incubation.err.period_taken",
			   "the template already has a period starting that "
			   "day");
}

const struct record_table inc_period_table = {
	"inc_report_period", "report_period", period_columns, NULL, NULL,
	"ends_on DESC, id DESC", check_period, period_conflict, "inc_period",
	"/incubation/report-periods",
	"(SELECT name FROM inc_report_template t WHERE t.id = "
	"inc_report_period.template_id) || ' ' || starts_on || '–' || ends_on",
};

#define MONEY 10000000000000
static const struct record_column report_columns[] = {
	{ "period_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "inc_report_period" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "status", REC_ENUM, 0, 0, inc_report_states, NULL },
	{ "employees", REC_INT, 0, 1000000, NULL, NULL, NULL, 0 },
	{ "student_employees", REC_INT, 0, 1000000, NULL, NULL, NULL, 0 },
	{ "graduate_employees", REC_INT, 0, 1000000, NULL, NULL, NULL, 0 },
	{ "student_founders", REC_INT, 0, 1000, NULL, NULL, NULL, 0 },
	{ "revenue_fen", REC_MONEY, 0, MONEY, NULL, NULL, NULL, 0 },
	{ "output_value_fen", REC_MONEY, 0, MONEY, NULL, NULL, NULL, 0 },
	{ "rd_spend_fen", REC_MONEY, 0, MONEY, NULL, NULL, NULL, 0 },
	{ "tax_fen", REC_MONEY, 0, MONEY, NULL, NULL, NULL, 0 },
	{ "financing_fen", REC_MONEY, 0, MONEY, NULL, NULL, NULL, 0 },
	{ "patents", REC_INT, 0, 100000, NULL, NULL, NULL, 0 },
	{ "other_ip", REC_INT, 0, 100000, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, 0, 2000, NULL, NULL },
	{ "submitted_at", REC_TEXT, REC_EMPTY_NULL, 32, NULL, NULL },
	{ "reviewed_at", REC_TEXT, REC_EMPTY_NULL, 32, NULL, NULL },
	{ "accepted_on", REC_DATE, 0, 0, NULL, NULL },
	{ "reviewer_id", REC_REF, 0, 0, NULL, NULL, "account" },
	{ "review_comment", REC_TEXT, 0, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

int
inc_report_check(json_t *rec, struct problem *pb)
{
	json_t *e = json_object_get(rec, "employees");
	json_t *s = json_object_get(rec, "student_employees");
	json_t *g = json_object_get(rec, "graduate_employees");
	int64_t ns = json_integer_value(s), ng = json_integer_value(g);

	if (!json_is_integer(e)) {
		if (json_is_integer(s))
			return problem_key(pb, ERR_INVALID, "student_employees",
					   "incubation.err.report_needs_employees",
					   "student_employees needs employees");
		if (json_is_integer(g))
			return problem_key(pb, ERR_INVALID,
					   "graduate_employees",
					   "incubation.err.report_needs_employees",
					   "graduate_employees needs "
					   "employees");
		return 0;
	}
	if (ns > json_integer_value(e))
		return problem_key(pb, ERR_INVALID, "student_employees",
				   "incubation.err.report_students_over",
				   "student_employees must not be more than "
				   "employees");
	if (ns + ng > json_integer_value(e))
		return problem_key(pb, ERR_INVALID, "graduate_employees",
				   "incubation.err.report_graduates_over",
				   "student_employees and graduate_employees "
				   "together must not be more than employees");
	return 0;
}

static int
report_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem_key(pb, ERR_CONFLICT, "period_id",
			   "incubation.err.report_taken",
			   "the startup already has a report for this period");
}

const struct record_table inc_report_table = {
	"inc_report", "report", report_columns, NULL, NULL, "id DESC",
	inc_report_check, report_conflict, "inc_report", "/incubation/reports",
};

/*
 * Reports as the API, their list and export show them (INC_REPORT_ROWS):
 * with the startup, the template and the period, and `late` (set as of
 * today by the rules, inc_report_late()).
 */
static const struct record_column report_row_columns[] = {
	{ "org_id", REC_REF, REC_LIST, 0, NULL, NULL, "org", 0, NULL,
	  "org_name" },
	{ "org_name", REC_TEXT, OUT | REC_SEARCH, 0, NULL, NULL },
	{ "template_name", REC_TEXT, ALL | REC_SEARCH, 0, NULL, NULL },
	{ "starts_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "ends_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "due_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "status", REC_ENUM, ALL, 0, inc_report_states, NULL, NULL, 0, NULL,
	  NULL, report_state_colours },
	{ "late", REC_ENUM, ALL, 0, late_values, NULL, NULL, 0, NULL, NULL,
	  late_colours },
	{ "employees", REC_INT, OUT, 0, NULL, NULL },
	{ "student_employees", REC_INT, OUT, 0, NULL, NULL },
	{ "graduate_employees", REC_INT, OUT, 0, NULL, NULL },
	{ "student_founders", REC_INT, OUT, 0, NULL, NULL },
	{ "revenue_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "output_value_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "rd_spend_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "tax_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "financing_fen", REC_MONEY, OUT, 0, NULL, NULL },
	{ "patents", REC_INT, OUT, 0, NULL, NULL },
	{ "other_ip", REC_INT, OUT, 0, NULL, NULL },
	{ "submitted_at", REC_DATETIME, OUT, 0, NULL, NULL },
	{ "accepted_on", REC_DATE, OUT, 0, NULL, NULL },
	{ "period_id", REC_REF, 0, 0, NULL, NULL, "inc_report_period" },
	{ "note", REC_TEXT, 0, 0, NULL, NULL },
	{ "reviewed_at", REC_DATETIME, 0, 0, NULL, NULL },
	{ "reviewer_id", REC_REF, 0, 0, NULL, NULL, "account" },
	{ "review_comment", REC_TEXT, 0, 0, NULL, NULL },
	{ "template_id", REC_REF, 0, 0, NULL, NULL, "inc_report_template" },
	{ "template_kind", REC_ENUM, 0, 0, inc_template_kinds, NULL },
	{ "fields", REC_TEXT, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_report_rows = {
	INC_REPORT_ROWS, "report", report_row_columns, NULL, NULL,
	"ends_on DESC, id DESC", NULL, NULL, "inc_report",
	"/incubation/reports",
};
