/*
 * tables.c - the described tables of the training module and their checks
 * across columns (training.h). The database holds the same rules (CHECK,
 * triggers); these name the field before the database is asked.
 */
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "training/training.h"

#define KIND(s) REC_VALUE(s, TRAINING_KIND_MAX)
const char *const training_programme_kinds[] = {
	KIND("order_class"), KIND("pre_job"), KIND("in_service"),
	KIND("apprenticeship"), KIND("entrepreneurship"), KIND("college"),
	NULL
};

const char *const training_sources[] = {
	"partner_university", "firm_staff", "unemployed", "college", NULL
};

#define MARK(s) REC_VALUE(s, TRAINING_MARK_MAX)
const char *const training_attendance_statuses[] = {
	MARK("present"), MARK("late"), MARK("excused"), MARK("absent"), NULL
};

static const char *const place_kinds[] = {
	REC_VALUE("classroom", TRAINING_PLACE_MAX),
	REC_VALUE("workshop", TRAINING_PLACE_MAX), NULL
};

#define STATUS(s) REC_VALUE(s, TRAINING_STATUS_MAX)
static const char *const enrolment_statuses[] = {
	STATUS("enrolled"), STATUS("completed"), STATUS("withdrawn"), NULL
};

/* A stored UTC time, "YYYY-MM-DDTHH:MM:SSZ". */
static const char *
check_utc(const char **value, char canon[64])
{
	time_t t;

	(void)canon;
	if (strlen(*value) != 20 || time_parse_utc(*value, &t))
		return "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ";
	return NULL;
}

static const char *
str(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static bool
has(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return v && !json_is_null(v);
}

/* ---- centres, co-builders, rooms ---- */

static const struct record_column centre_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE, 100, NULL, NULL },
	{ "operator_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "address", REC_TEXT, 0, 200, NULL, NULL },
	{ "capacity", REC_INT, REC_REQUIRED, 100000, NULL, NULL, NULL, 0 },
	{ "opened_on", REC_DATE, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_centre_table = {
	"training_centre", "training_centre", centre_columns, NULL, NULL,
	"name, id",
};

static const struct record_column partner_columns[] = {
	{ "centre_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_centre" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "share_pct", REC_INT, REC_REQUIRED, 100, NULL, NULL, NULL, 0 },
	{ "contribution", REC_TEXT, 0, 200, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_partner_table = {
	"training_partner", "training_partner", partner_columns, NULL, NULL,
	"centre_id, share_pct DESC, id",
};

static const struct record_column room_columns[] = {
	{ "centre_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_centre" },
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "kind", REC_ENUM, REC_REQUIRED, 0, place_kinds, NULL },
	{ "capacity", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL, 1 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_room_table = {
	"training_room", "training_room", room_columns, NULL, NULL,
	"centre_id, name, id",
};

/* ---- programmes and their syllabus ---- */

static const struct record_column programme_columns[] = {
	{ "kind", REC_ENUM, REC_REQUIRED | REC_READONLY, 0,
	  training_programme_kinds, NULL },
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "occupation", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "firm_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "seat_quota", REC_INT, 0, 100000, NULL, NULL, NULL, 1 },
	{ "hiring_commitment", REC_INT, 0, 100000, NULL, NULL, NULL, 0 },
	{ "college_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "intake_on", REC_DATE, 0, 0, NULL, NULL },
	{ "min_attendance_pct", REC_INT, 0, 100, NULL, NULL, NULL, 0 },
	{ "assessments_required", REC_INT, 0, 1, NULL, NULL, NULL, 0 },
	{ "certificate_name", REC_TEXT, 0, 100, NULL, NULL },
	{ "certificate_level", REC_INT, 0, 5, NULL, NULL, NULL, 1 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const programme_search[] = { "name", "occupation", NULL };

/* What each kind asks for besides the common fields. */
static int
check_programme(json_t *rec, struct problem *pb)
{
	const char *kind = str(rec, "kind");

	if (!kind)
		return 0;
	if ((!strcmp(kind, "order_class") || !strcmp(kind, "pre_job") ||
	     !strcmp(kind, "in_service")) && !has(rec, "firm_org_id"))
		return problem(pb, ERR_INVALID, "firm_org_id",
			       "firm_org_id is required: the programme "
			       "serves a firm");
	if (!strcmp(kind, "order_class")) {
		if (!has(rec, "seat_quota"))
			return problem(pb, ERR_INVALID, "seat_quota",
				       "seat_quota is required for an "
				       "order class");
		if (!has(rec, "hiring_commitment"))
			return problem(pb, ERR_INVALID, "hiring_commitment",
				       "hiring_commitment is required for an "
				       "order class");
		if (json_integer_value(json_object_get(rec,
						       "hiring_commitment")) >
		    json_integer_value(json_object_get(rec, "seat_quota")))
			return problem(pb, ERR_INVALID, "hiring_commitment",
				       "hiring_commitment must not exceed "
				       "seat_quota");
	}
	if (!strcmp(kind, "college")) {
		if (!has(rec, "college_org_id"))
			return problem(pb, ERR_INVALID, "college_org_id",
				       "college_org_id is required for a "
				       "college programme");
		if (!has(rec, "intake_on"))
			return problem(pb, ERR_INVALID, "intake_on",
				       "intake_on is required for a college "
				       "programme");
	}
	return 0;
}

const struct record_table training_programme_table = {
	"training_programme", "training_programme", programme_columns,
	programme_search, NULL, "id DESC", check_programme,
};

static const struct record_column module_columns[] = {
	{ "programme_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "training_programme" },
	{ "seq", REC_INT, REC_REQUIRED, 1000, NULL, NULL, NULL, 1 },
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "classroom_hours", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL,
	  0 },
	{ "workshop_hours", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL,
	  0 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_module(json_t *rec, struct problem *pb)
{
	if (json_integer_value(json_object_get(rec, "classroom_hours")) +
	    json_integer_value(json_object_get(rec, "workshop_hours")) <= 0)
		return problem(pb, ERR_INVALID, "classroom_hours",
			       "a module needs classroom or workshop hours");
	return 0;
}

const struct record_table training_module_table = {
	"training_module", "training_module", module_columns, NULL, NULL,
	"programme_id, seq", check_module,
};

/* ---- cohorts and sessions ---- */

static const struct record_column cohort_columns[] = {
	{ "programme_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "training_programme" },
	{ "centre_id", REC_REF, REC_REQUIRED, 0, NULL, NULL,
	  "training_centre" },
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "capacity", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL, 1 },
	{ "starts_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "teacher_person_id", REC_REF, REC_REQUIRED, 0, NULL, NULL,
	  "person" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const cohort_search[] = { "name", NULL };

static int
check_cohort(json_t *rec, struct problem *pb)
{
	const char *from = str(rec, "starts_on"), *to = str(rec, "ends_on");

	if (from && to && strcmp(to, from) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before starts_on");
	return 0;
}

/*
 * The one conflict a cohort can meet: the database refuses a capacity
 * below the trainees it already has (migration 0009).
 */
static int
cohort_conflict(struct db *db, json_t *rec, int64_t id, struct problem *pb)
{
	(void)db;
	(void)rec;
	(void)id;
	return problem(pb, ERR_CONFLICT, "capacity",
		       "capacity must not be below the trainees already "
		       "enrolled");
}

const struct record_table training_cohort_table = {
	"training_cohort", "training_cohort", cohort_columns, cohort_search,
	NULL, "starts_on DESC, id DESC", check_cohort, cohort_conflict,
};

/*
 * starts_at, ends_at, on_date, minutes and code are set by
 * training_session_create(), never taken from input.
 */
static const struct record_column session_columns[] = {
	{ "cohort_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_cohort" },
	{ "module_id", REC_REF, 0, 0, NULL, NULL, "training_module" },
	{ "kind", REC_ENUM, REC_REQUIRED, 0, place_kinds, NULL },
	{ "topic", REC_TEXT, 0, 200, NULL, NULL },
	{ "starts_at", REC_TEXT, REC_REQUIRED | REC_READONLY, 20, NULL,
	  check_utc },
	{ "ends_at", REC_TEXT, REC_REQUIRED | REC_READONLY, 20, NULL,
	  check_utc },
	{ "on_date", REC_DATE, REC_READONLY | REC_DERIVED, 0, NULL, NULL },
	{ "minutes", REC_INT, REC_READONLY | REC_DERIVED, 1440, NULL, NULL,
	  NULL, 1 },
	{ "room_id", REC_REF, 0, 0, NULL, NULL, "training_room" },
	{ "workshop_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "teacher_person_id", REC_REF, REC_REQUIRED, 0, NULL, NULL,
	  "person" },
	{ "code", REC_TEXT, REC_READONLY | REC_DERIVED,
	  TRAINING_SESSION_CODE_LEN, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_session(json_t *rec, struct problem *pb)
{
	const char *from = str(rec, "starts_at"), *to = str(rec, "ends_at");

	if (from && to && strcmp(to, from) <= 0)
		return problem(pb, ERR_INVALID, "ends_at",
			       "ends_at must be after starts_at");
	if (has(rec, "room_id") == has(rec, "workshop_org_id"))
		return problem(pb, ERR_INVALID, "room_id",
			       "a session takes place in a centre's room "
			       "(room_id) or a firm's workshop "
			       "(workshop_org_id), one of the two");
	return 0;
}

const struct record_table training_session_table = {
	"training_session", "training_session", session_columns, NULL, NULL,
	"starts_at, id", check_session,
};

/* ---- enrolment, mentors, assessments, weekly logs ---- */

/* status and status_on are kept by the enrolment's events. */
static const struct record_column enrolment_columns[] = {
	{ "cohort_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_cohort" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "source", REC_ENUM, REC_REQUIRED, 0, training_sources, NULL },
	{ "source_org_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "enrolled_on", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL },
	{ "status", REC_ENUM, REC_READONLY | REC_DERIVED, 0,
	  enrolment_statuses, NULL },
	{ "status_on", REC_DATE, REC_READONLY | REC_DERIVED, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_enrolment(json_t *rec, struct problem *pb)
{
	const char *source = str(rec, "source");

	if (!source)
		return 0;
	if (!strcmp(source, "unemployed") && has(rec, "source_org_id"))
		return problem(pb, ERR_INVALID, "source_org_id",
			       "source_org_id must be empty for the "
			       "unemployed");
	if (strcmp(source, "unemployed") && !has(rec, "source_org_id"))
		return problem(pb, ERR_INVALID, "source_org_id",
			       "source_org_id is required: the university, "
			       "firm or college the trainee comes from");
	return 0;
}

const struct record_table training_enrolment_table = {
	"training_enrolment", "training_enrolment", enrolment_columns, NULL,
	NULL, "id DESC", check_enrolment,
};

static const struct record_column mentor_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "training_enrolment" },
	{ "master_person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "person" },
	{ "master_org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "org" },
	{ "teacher_person_id", REC_REF, REC_REQUIRED, 0, NULL, NULL,
	  "person" },
	{ "since", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "until", REC_DATE, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static int
check_mentor(json_t *rec, struct problem *pb)
{
	const char *since = str(rec, "since"), *until = str(rec, "until");

	if (since && until && strcmp(until, since) < 0)
		return problem(pb, ERR_INVALID, "until",
			       "until must not be before since");
	if (has(rec, "master_person_id") &&
	    json_integer_value(json_object_get(rec, "master_person_id")) ==
	    json_integer_value(json_object_get(rec, "teacher_person_id")))
		return problem(pb, ERR_INVALID, "teacher_person_id",
			       "the school teacher and the enterprise "
			       "master must be two people");
	return 0;
}

const struct record_table training_mentor_table = {
	"training_mentor", "training_mentor", mentor_columns, NULL, NULL,
	"id DESC", check_mentor,
};

static const struct record_column assessment_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "training_enrolment" },
	{ "module_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_module" },
	{ "score", REC_INT, REC_REQUIRED, 100, NULL, NULL, NULL, 0 },
	{ "passed", REC_INT, REC_REQUIRED, 1, NULL, NULL, NULL, 0 },
	{ "assessed_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "assessor_person_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_assessment_table = {
	"training_assessment", "training_assessment", assessment_columns,
	NULL, NULL, "assessed_on DESC, id DESC",
};

/* confirmed_at / confirmed_by are set by training_log_confirm(). */
static const struct record_column weekly_log_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "training_enrolment" },
	{ "week_of", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL, NULL },
	{ "body", REC_TEXT, REC_REQUIRED, 4000, NULL, NULL },
	{ "confirmed_at", REC_TEXT, REC_READONLY | REC_DERIVED, 20, NULL,
	  check_utc },
	{ "confirmed_by_person_id", REC_REF, REC_READONLY | REC_DERIVED, 0,
	  NULL, NULL, "person" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_weekly_log_table = {
	"training_weekly_log", "training_weekly_log", weekly_log_columns,
	NULL, NULL, "week_of DESC, id DESC",
};
