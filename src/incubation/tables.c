/*
 * tables.c - the incubator's described tables (record.h): the startups'
 * incubation records, experts and what they do with the startups,
 * investments, applications with their team, and review rounds; and the
 * views its lists show (applications as their list shows them, the
 * investment totals, the startups as of a date). Validation, audited
 * writes, the list pages, the search and the exports come from these
 * descriptions. What a table's rules manage themselves (an application's
 * status, a round's state, the lifecycle events) is not written here.
 * The space's tables are in tables_space.c, the reports' in
 * tables_reports.c.
 */
#include <string.h>

#include "incubation/incubation_int.h"
#include "record/record.h"

const char *const inc_fields[] = {
	"electronic_information", "optoelectronics",
	"intelligent_manufacturing", "drones", "new_materials", "new_energy",
	"biomedicine", "integrated_circuit", "modern_agriculture", "services",
	"other", NULL
};

static const char *const application_kinds[] = { "team", "company", NULL };
static const char *const application_states[] = {
	"draft", "submitted", "admitted", "rejected", "waitlisted",
	"withdrawn", NULL
};
static const char *const application_state_colours[] = {
	"info", "primary", "success", "danger", "warning", "info", NULL
};
static const char *const space_kinds[] = {
	"desk", "office", "workshop", NULL
};
static const char *const round_states[] = {
	REC_VALUE("open", INC_ROUND_STATUS_MAX),
	REC_VALUE("closed", INC_ROUND_STATUS_MAX), NULL
};
static const char *const expert_kinds[] = { "expert", "mentor", NULL };
static const char *const project_states[] = {
	"active", "done", "dropped", NULL
};
static const char *const project_state_colours[] = {
	"primary", "success", "info", NULL
};
static const char *const investment_kinds[] = {
	"equity", "grant", "loan", "contribution", NULL
};
static const char *const startup_states[] = {
	"in_park", "graduated", "exited", NULL
};
static const char *const totals_sides[] = { "investor", "target", NULL };

/* Listed and exported; exported only. */
#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

static const struct record_column application_columns[] = {
	{ "kind", REC_ENUM, REC_REQUIRED, 0, application_kinds, NULL },
	/* Set by staff or the demo only; applicants may not name one. */
	{ "org_id", REC_REF, REC_READONLY, 0, NULL, NULL, "org" },
	{ "company_name", REC_TEXT, 0, 100, NULL, NULL },
	{ "credit_code", REC_TEXT, REC_EMPTY_NULL, 18, NULL,
	  party_check_credit_code },
	{ "founded_on", REC_DATE, 0, 0, NULL, NULL },
	{ "project", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "field", REC_ENUM, REC_REQUIRED, 0, inc_fields, NULL },
	{ "summary", REC_TEXT, 0, 2000, NULL, NULL },
	{ "supervisor_name", REC_TEXT, 0, 50, NULL, NULL },
	{ "supervisor_school", REC_TEXT, 0, 100, NULL, NULL },
	{ "contact_name", REC_TEXT, 0, 50, NULL, NULL },
	{ "contact_phone", REC_TEXT, 0, 30, NULL, NULL },
	{ "requested_space", REC_ENUM, 0, 0, space_kinds, NULL },
	{ "requested_area", REC_AREA, 0, 100000000, NULL, NULL, NULL, 0 },
	{ "plan_upload_id", REC_REF, 0, 0, NULL, NULL, "upload" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* A company applies under its name; a team needs none. */
static int
check_application(json_t *rec, struct problem *pb)
{
	const char *kind = record_text(rec, "kind");
	const char *name = record_text(rec, "company_name");

	if (kind && !strcmp(kind, "company") && (!name || !*name))
		return problem_key(pb, ERR_INVALID, "company_name",
				   "incubation.err.company_name",
				   "company_name is required for a company");
	return 0;
}

const struct record_table inc_application_table = RECORD_TABLE(
	"inc_application", application_columns, "id DESC", check_application,
	"/incubation/applications", NULL);

/*
 * Applications as the API and their list read them, with what their
 * rules set (the applicant, the round, the status and the time of
 * submission); never written through this description.
 */
static const struct record_column application_row_columns[] = {
	{ "project", REC_TEXT, ALL | REC_SEARCH, 100, NULL, NULL },
	{ "kind", REC_ENUM, ALL, 0, application_kinds, NULL },
	{ "company_name", REC_TEXT, OUT | REC_SEARCH, 100, NULL, NULL },
	{ "field", REC_ENUM, ALL, 0, inc_fields, NULL },
	{ "status", REC_ENUM, ALL, 0, application_states, NULL, NULL, 0,
	  NULL, NULL, application_state_colours },
	{ "submitted_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ "account_id", REC_REF, 0, 0, NULL, NULL, "account" },
	{ "org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "credit_code", REC_TEXT, 0, 18, NULL, NULL },
	{ "founded_on", REC_DATE, 0, 0, NULL, NULL },
	{ "summary", REC_TEXT, 0, 2000, NULL, NULL },
	{ "supervisor_name", REC_TEXT, 0, 50, NULL, NULL },
	{ "supervisor_school", REC_TEXT, 0, 100, NULL, NULL },
	{ "contact_name", REC_TEXT, 0, 50, NULL, NULL },
	{ "contact_phone", REC_TEXT, REC_PERSONAL, 30, NULL, NULL },
	{ "requested_space", REC_ENUM, 0, 0, space_kinds, NULL },
	{ "requested_area", REC_AREA, 0, 0, NULL, NULL },
	{ "plan_upload_id", REC_REF, 0, 0, NULL, NULL, "upload" },
	{ "round_id", REC_REF, 0, 0, NULL, NULL, "inc_round" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_application_rows = RECORD_TABLE(
	"inc_application", application_row_columns, "id DESC", NULL,
	"/incubation/applications", NULL);

static const struct record_column member_columns[] = {
	{ "application_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "inc_application" },
	{ "name", REC_TEXT, REC_REQUIRED, 50, NULL, NULL },
	{ "school", REC_TEXT, 0, 100, NULL, NULL },
	{ "major", REC_TEXT, 0, 100, NULL, NULL },
	{ "entry_year", REC_INT, 0, 2100, NULL, NULL, NULL, 1950 },
	{ "is_student", REC_INT, 0, 1, NULL, NULL, NULL, 0 },
	{ "is_leader", REC_INT, 0, 1, NULL, NULL, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_member_table = RECORD_TABLE(
	"inc_member", member_columns, "id", NULL, NULL, NULL);

/* A round's rubric, state and closing time are its rules' to set. */
static const struct record_column round_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL,
	  NULL },
	{ "opens_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "closes_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "rubric", REC_TEXT, REC_REQUIRED | REC_READONLY | REC_DERIVED, 4000,
	  NULL, NULL },
	{ "status", REC_ENUM, REC_READONLY | REC_DERIVED | ALL, 0,
	  round_states, NULL },
	{ "closed_at", REC_DATETIME, REC_READONLY | REC_DERIVED | OUT, 0,
	  NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_round(json_t *rec, struct problem *pb)
{
	return record_check_order(rec, "opens_on", "closes_on",
				  "err.before_start", pb);
}

const struct record_table inc_round_table = RECORD_TABLE(
	"inc_round", round_columns, "id DESC", check_round,
	"/incubation/review", "name");

static const struct record_column incubation_columns[] = {
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY | REC_UNIQUE, 0,
	  NULL, NULL, "org" },
	{ "application_id", REC_REF, REC_READONLY, 0, NULL, NULL,
	  "inc_application" },
	{ "field", REC_ENUM, 0, 0, inc_fields, NULL },
	{ "admitted_on", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL },
	{ "agreement_from", REC_DATE, 0, 0, NULL, NULL },
	{ "agreement_to", REC_DATE, 0, 0, NULL, NULL },
	{ "monthly_fee", REC_MONEY, 0, 100000000000, NULL, NULL, NULL, 0 },
	{ "deposit", REC_MONEY, 0, 100000000000, NULL, NULL, NULL, 0 },
	{ "fee_note", REC_TEXT, 0, 200, NULL, NULL },
	{ "space_requested", REC_TEXT, 0, 200, NULL, NULL },
	{ "space_assigned", REC_TEXT, 0, 200, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_incubation(json_t *rec, struct problem *pb)
{
	int rc = record_check_order(rec, "agreement_from", "agreement_to",
				    "err.before_start", pb);

	if (!rc && !record_text(rec, "agreement_from") &&
	    record_text(rec, "agreement_to"))
		rc = problem_key(pb, ERR_INVALID, "agreement_from",
				 "incubation.err.agreement_from",
				 "agreement_from is required with "
				 "agreement_to");
	return rc;
}

const struct record_table incubation_table = RECORD_TABLE(
	"incubation", incubation_columns, "admitted_on DESC, id DESC",
	check_incubation, NULL, NULL);

/*
 * The startups as of a date (incubation_startups()), as their export
 * shows them: a view of no table, computed by the rules.
 */
static const struct record_column startup_columns[] = {
	{ "org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "name", REC_TEXT, OUT, 0, NULL, NULL },
	{ "field", REC_ENUM, OUT, 0, inc_fields, NULL },
	{ "founded_on", REC_DATE, OUT, 0, NULL, NULL },
	{ "admitted_on", REC_DATE, OUT, 0, NULL, NULL },
	{ "agreement_to", REC_DATE, OUT, 0, NULL, NULL },
	{ "state", REC_ENUM, OUT, 0, startup_states, NULL },
	{ "left_on", REC_DATE, OUT, 0, NULL, NULL },
	{ "monthly_fee", REC_MONEY, OUT, 0, NULL, NULL },
	{ "space_assigned", REC_TEXT, OUT, 0, NULL, NULL },
	{ "check_text", REC_TEXT, OUT, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_startup_rows = {
	NULL, NULL, startup_columns, NULL, NULL, NULL, NULL, NULL,
	"incubation",
};

static const struct record_column expert_columns[] = {
	{ "person_id", REC_REF, REC_REQUIRED | REC_UNIQUE | ALL, 0, NULL,
	  NULL, "person" },
	{ "institution_id", REC_REF, ALL, 0, NULL, NULL, "org" },
	{ "title", REC_TEXT, ALL | REC_SEARCH, 50, NULL, NULL },
	{ "fields", REC_TEXT, OUT | REC_SEARCH, 200, NULL, NULL },
	{ "kind", REC_ENUM, ALL, 0, expert_kinds, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_expert_table = RECORD_TABLE(
	"inc_expert", expert_columns, "id", NULL, "/incubation/experts",
	"(SELECT name FROM person WHERE person.id = inc_expert.person_id)");

static const struct record_column assignment_columns[] = {
	{ "expert_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "inc_expert" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "org" },
	{ "since", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "until", REC_DATE, ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_assignment_table = RECORD_TABLE(
	"inc_assignment", assignment_columns, "since DESC, id DESC",
	record_check_since_until, "/incubation/assignments", NULL);

static const struct record_column session_columns[] = {
	{ "on_date", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "expert_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL,
	  "inc_expert" },
	{ "org_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL, "org" },
	{ "minutes", REC_DURATION, REC_REQUIRED | ALL, 1440, NULL, NULL,
	  NULL, 1 },
	{ "topic", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL,
	  NULL },
	{ "notes", REC_TEXT, OUT, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_session_table = RECORD_TABLE(
	"inc_session", session_columns, "on_date DESC, id DESC", NULL,
	"/incubation/sessions", NULL);

static const struct record_column project_columns[] = {
	{ "title", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL,
	  NULL },
	{ "expert_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL,
	  "inc_expert" },
	{ "org_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL, "org" },
	{ "started_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "status", REC_ENUM, ALL, 0, project_states, NULL, NULL, 0, NULL,
	  NULL, project_state_colours },
	{ "goal", REC_TEXT, OUT, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_project_table = RECORD_TABLE(
	"inc_project", project_columns, "started_on DESC, id DESC", NULL,
	"/incubation/projects", "title");

static const struct record_column milestone_columns[] = {
	{ "title", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL,
	  NULL },
	{ "project_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "inc_project" },
	{ "due_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "done_on", REC_DATE, ALL, 0, NULL, NULL },
	{ "note", REC_TEXT, OUT, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_milestone_table = RECORD_TABLE(
	"inc_milestone", milestone_columns, "due_on, id", NULL,
	"/incubation/milestones", NULL);

/* The capital ledger is kept in spreadsheets too: it imports. */
static const struct record_column investment_columns[] = {
	{ "on_date", REC_DATE, REC_REQUIRED | ALL | REC_IMPORT, 0, NULL, NULL,
	  NULL, 0, "2019-06-01" },
	{ "investor_id", REC_REF, REC_REQUIRED | ALL | REC_SEARCH |
	  REC_IMPORT, 0, NULL, NULL, "org" },
	{ "target_id", REC_REF, REC_REQUIRED | ALL | REC_SEARCH | REC_IMPORT,
	  0, NULL, NULL, "org" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL | REC_IMPORT, 0,
	  investment_kinds, NULL, NULL, 0, "equity" },
	{ "amount", REC_MONEY, REC_REQUIRED | ALL | REC_IMPORT,
	  100000000000000, NULL, NULL, NULL, 1, "500,000.00" },
	{ "note", REC_TEXT, OUT | REC_SEARCH | REC_IMPORT, 200, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_investment(json_t *rec, struct problem *pb)
{
	json_int_t a = record_int(rec, "investor_id");
	json_int_t b = record_int(rec, "target_id");

	if (a && a == b)
		return problem_key(pb, ERR_INVALID, "target_id",
				   "incubation.err.investment_self",
				   "target_id must differ from investor_id");
	return 0;
}

const struct record_table investment_table = RECORD_TABLE(
	"investment", investment_columns, "on_date DESC, id DESC",
	check_investment, "/incubation/investments", NULL);

/*
 * The investments summed per investor and per target (`side`), a view
 * of the store (INC_TOTALS_ROWS): its list, largest first.
 */
static const struct record_column totals_columns[] = {
	{ "name", REC_TEXT, ALL, 0, NULL, NULL },
	{ "kind", REC_ENUM, ALL, 0, party_org_kinds, NULL },
	{ "side", REC_ENUM, ALL, 0, totals_sides, NULL },
	{ "count", REC_INT, ALL, 0, NULL, NULL },
	{ "amount", REC_MONEY, ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table inc_totals_rows = {
	INC_TOTALS_ROWS, NULL, totals_columns, NULL, NULL,
	"amount DESC, side, id", NULL, NULL, "inc_total",
};
