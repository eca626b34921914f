/*
 * reports_setup.c - the setup of the startups' reports (ops.h): report
 * templates and their periods as described tables, what a template may
 * ask for, and what makes a period's dates or a template's fields wrong.
 * The rules of the reports themselves are in reports.c.
 */
#include <string.h>

#include "base/err.h"
#include "incubation/ops.h"
#include "incubation/ops_int.h"
#include "record/record.h"

const char *const inc_template_kinds[] = {
	"monthly", "quarterly", "annual", NULL
};

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
static const char *
check_fields(const char **value, char canon[64])
{
	const char *s = *value;

	(void)canon;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (!inc_is_report_field(s, len))
			return "fields must name report fields, separated by "
			       "commas (employees, student_employees, ...)";
		for (const char *t = *value; t < s; ) {
			const char *e = strchr(t, ',');

			if ((size_t)(e - t) == len && !strncmp(t, s, len))
				return "fields must name each field once";
			t = e + 1;
		}
		if (!end)
			break;
		s = end + 1;
		if (!*s)
			return "fields must not end with a comma";
	}
	return NULL;
}

/* Students and graduates are counted among the employees. */
static int
check_template(json_t *rec, struct problem *pb)
{
	const char *f = json_string_value(json_object_get(rec, "fields"));

	if (f && (inc_template_asks(f, "student_employees") ||
		  inc_template_asks(f, "graduate_employees")) &&
	    !inc_template_asks(f, "employees"))
		return problem(pb, ERR_INVALID, "fields",
			       "fields that count student or graduate "
			       "employees need employees too");
	return 0;
}

static const struct record_column template_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE, 100, NULL, NULL },
	{ "kind", REC_ENUM, REC_REQUIRED, 0, inc_template_kinds, NULL },
	{ "fields", REC_TEXT, REC_REQUIRED, 300, NULL, check_fields },
	{ "due_days", REC_INT, 0, 120, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const template_search[] = { "name", "note", NULL };

const struct record_table inc_template_table = {
	"inc_report_template", "report_template", template_columns,
	template_search, NULL, "name, id", check_template,
};

static const struct record_column period_columns[] = {
	{ "template_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "inc_report_template" },
	{ "starts_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "due_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_period(json_t *rec, struct problem *pb)
{
	const char *from = json_string_value(json_object_get(rec,
							     "starts_on"));
	const char *to = json_string_value(json_object_get(rec, "ends_on"));
	const char *due = json_string_value(json_object_get(rec, "due_on"));

	if (from && to && strcmp(to, from) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before starts_on");
	if (to && due && strcmp(due, to) < 0)
		return problem(pb, ERR_INVALID, "due_on",
			       "due_on must not be before ends_on");
	return 0;
}

static int
period_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "starts_on",
		       "the template already has a period starting that day");
}

const struct record_table inc_period_table = {
	"inc_report_period", "report_period", period_columns, NULL, NULL,
	"ends_on DESC, id DESC", check_period, period_conflict,
};
