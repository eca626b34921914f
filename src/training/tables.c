/*
 * tables.c - the described tables of training (training.h) and their
 * checks across columns, the inputs of its steps and the rows of "my
 * training" it exports (training_int.h). The database holds the same
 * rules (CHECK, triggers); these name the field before it is asked.
 */
#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "base/macros.h"
#include "record/record.h"
#include "training/training.h"
#include "training/training_int.h"

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
static const char *const enrolment_status_colours[] = {
	"primary", "success", "info", NULL
};

static bool
has(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);

	return v && !json_is_null(v);
}

/* Listed and exported; exported only. */
#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT

/* ---- centres, co-builders, rooms ---- */

static const struct record_column centre_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_UNIQUE | ALL | REC_SEARCH, 100 },
	{ "operator_org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "address", REC_TEXT, ALL | REC_SEARCH, 200 },
	{ "capacity", REC_INT, REC_REQUIRED | ALL, 100000 },
	{ "opened_on", REC_DATE, ALL },
	/* The word of its certificates' numbers (training.h). */
	{ "cert_word", REC_TEXT, OUT, TRAINING_CERT_WORD_MAX, NULL, NULL,
	  NULL, 0, "匠谷结字" },
	{ NULL },
};

/*
 * A certificate word holds no space and no bracket of any kind: a number
 * is read back with those taken out or made one kind
 * (training_cert_number_canon()), so a word with them could never be
 * verified.
 */
static int
check_centre(json_t *rec, struct problem *pb)
{
	static const char *const refused[] = {
		" ", "\t", "　", "[", "]", "(", ")", "（", "）", "【", "】",
		"〔", "〕", NULL
	};
	const char *word = record_text(rec, "cert_word");

	for (const char *const *c = refused; word && *c; c++)
		if (strstr(word, *c))
			return problem_key(pb, ERR_INVALID, "cert_word",
					   "training.err.cert_word",
					   "a certificate word has no spaces "
					   "or brackets");
	return 0;
}

const struct record_table training_centre_table = RECORD_TABLE(
	"training_centre", centre_columns, "name, id", check_centre,
	"/training/centres", "name");

static const struct record_column partner_columns[] = {
	{ "centre_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "training_centre" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL, NULL,
	  "org" },
	{ "share_pct", REC_INT, REC_REQUIRED | ALL, 100 },
	{ "contribution", REC_TEXT, ALL, 200 },
	{ NULL },
};

const struct record_table training_partner_table = RECORD_TABLE(
	"training_partner", partner_columns, "centre_id, share_pct DESC, id",
	NULL, "/training/partners", NULL);

static const struct record_column room_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL, 100 },
	{ "centre_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "training_centre" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL, 0, place_kinds },
	{ "capacity", REC_INT, REC_REQUIRED | ALL, 10000, NULL, NULL, NULL, 1 },
	/* Its resource in the shared facilities (training_room_add_in()). */
	{ "resource_id", REC_REF, REC_DERIVED | OUT, 0, NULL, NULL,
	  "facility_resource" },
	{ NULL },
};

const struct record_table training_room_table = RECORD_TABLE(
	"training_room", room_columns, "centre_id, name, id", NULL,
	"/training/rooms", "name");

/* ---- programmes and their syllabus ---- */

static const struct record_column programme_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100 },
	{ "kind", REC_ENUM, REC_REQUIRED | REC_READONLY | ALL, 0,
	  training_programme_kinds },
	{ "occupation", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100 },
	{ "firm_org_id", REC_REF, ALL, 0, NULL, NULL, "org" },
	{ "seat_quota", REC_INT, ALL, 100000, NULL, NULL, NULL, 1 },
	{ "hiring_commitment", REC_INT, ALL, 100000 },
	{ "college_org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "intake_on", REC_DATE, OUT },
	{ "min_attendance_pct", REC_INT, 0, 100 },
	{ "assessments_required", REC_INT, 0, 1 },
	{ "certificate_name", REC_TEXT, OUT, 100 },
	{ "certificate_level", REC_INT, OUT, 5, NULL, NULL, NULL, 1 },
	{ NULL },
};

/* What each kind asks for besides the common fields, in the order told. */
static const struct {
	const char *kind, *field, *key, *message;
} programme_needs[] = {
	{ "order_class", "firm_org_id", "training.err.programme_firm",
	  "firm_org_id is required: the programme serves a firm" },
	{ "pre_job", "firm_org_id", "training.err.programme_firm",
	  "firm_org_id is required: the programme serves a firm" },
	{ "in_service", "firm_org_id", "training.err.programme_firm",
	  "firm_org_id is required: the programme serves a firm" },
	{ "order_class", "seat_quota", "training.err.order_class_required",
	  "seat_quota is required for an order class" },
	{ "order_class", "hiring_commitment",
	  "training.err.order_class_required",
	  "hiring_commitment is required for an order class" },
	{ "college", "college_org_id", "training.err.college_required",
	  "college_org_id is required for a college programme" },
	{ "college", "intake_on", "training.err.college_required",
	  "intake_on is required for a college programme" },
};

static int
check_programme(json_t *rec, struct problem *pb)
{
	const char *kind = record_text(rec, "kind");

	if (!kind)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(programme_needs); i++)
		if (!strcmp(kind, programme_needs[i].kind) &&
		    !has(rec, programme_needs[i].field))
			return problem_key(pb, ERR_INVALID,
					   programme_needs[i].field,
					   programme_needs[i].key,
					   programme_needs[i].message);
	if (!strcmp(kind, "order_class") &&
	    record_int(rec, "hiring_commitment") >
	    record_int(rec, "seat_quota"))
		return problem_key(pb, ERR_INVALID, "hiring_commitment",
				   "training.err.hiring_over_seats",
				   "hiring_commitment must not exceed "
				   "seat_quota");
	return 0;
}

const struct record_table training_programme_table = RECORD_TABLE(
	"training_programme", programme_columns, "id DESC", check_programme,
	"/training/programmes", "name");

static const struct record_column module_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL, 100 },
	{ "programme_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "training_programme" },
	{ "seq", REC_INT, REC_REQUIRED | ALL, 1000, NULL, NULL, NULL, 1 },
	{ "classroom_hours", REC_INT, REC_REQUIRED | ALL, 10000 },
	{ "workshop_hours", REC_INT, REC_REQUIRED | ALL, 10000 },
	{ NULL },
};

static int
check_module(json_t *rec, struct problem *pb)
{
	if (record_int(rec, "classroom_hours") +
	    record_int(rec, "workshop_hours") <= 0)
		return problem_key(pb, ERR_INVALID, "classroom_hours",
				   "training.err.module_hours",
				   "a module needs classroom or workshop "
				   "hours");
	return 0;
}

const struct record_table training_module_table = RECORD_TABLE(
	"training_module", module_columns, "programme_id, seq", check_module,
	"/training/modules", "name");

/* ---- cohorts and sessions ---- */

static const struct record_column cohort_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100 },
	{ "programme_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "training_programme" },
	{ "centre_id", REC_REF, REC_REQUIRED | ALL, 0, NULL, NULL,
	  "training_centre" },
	{ "capacity", REC_INT, REC_REQUIRED | ALL, 10000, NULL, NULL, NULL, 1 },
	{ "starts_on", REC_DATE, REC_REQUIRED | ALL },
	{ "ends_on", REC_DATE, REC_REQUIRED | ALL },
	{ "teacher_person_id", REC_REF, REC_REQUIRED | OUT, 0, NULL, NULL,
	  "person" },
	{ NULL },
};

static int
check_cohort(json_t *rec, struct problem *pb)
{
	return record_check_order(rec, "starts_on", "ends_on",
				  "err.before_start", pb);
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
	return problem_key(pb, ERR_CONFLICT, "capacity",
			   "training.err.capacity_below",
			   "capacity must not be below the trainees already "
			   "enrolled");
}

const struct record_table training_cohort_table = {
	"training_cohort", "training_cohort", cohort_columns, NULL, NULL,
	"starts_on DESC, id DESC", check_cohort, cohort_conflict,
	"training_cohort", "/training/cohorts", "name",
};

/*
 * on_date, minutes, code and booking_id are set by the session's rules,
 * never taken from input: the code once, on create; the date and minutes
 * whenever starts_at or ends_at change (training_session_update(), until
 * the session starts and while it has no attendance mark); the booking of
 * its room whenever its room or its times change.
 */
static const struct record_column session_columns[] = {
	{ "cohort_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "training_cohort" },
	{ "module_id", REC_REF, 0, 0, NULL, NULL, "training_module" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL, 0, place_kinds },
	{ "topic", REC_TEXT, ALL | REC_SEARCH, 200 },
	{ "starts_at", REC_DATETIME, REC_REQUIRED | ALL },
	{ "ends_at", REC_DATETIME, REC_REQUIRED | ALL },
	{ "on_date", REC_DATE, REC_DERIVED },
	{ "minutes", REC_INT, REC_DERIVED | ALL, 1440, NULL,
	  NULL, NULL, 1 },
	{ "room_id", REC_REF, OUT, 0, NULL, NULL, "training_room" },
	{ "workshop_org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "teacher_person_id", REC_REF, REC_REQUIRED | OUT, 0, NULL, NULL,
	  "person" },
	{ "code", REC_TEXT, REC_READONLY | REC_DERIVED,
	  TRAINING_SESSION_CODE_LEN },
	/* Its room's booking (tr_session_book()). */
	{ "booking_id", REC_REF, REC_DERIVED | OUT, 0, NULL, NULL,
	  "facility_booking" },
	{ NULL },
};

static int
check_session(json_t *rec, struct problem *pb)
{
	const char *from = record_text(rec, "starts_at");
	const char *to = record_text(rec, "ends_at");

	if (from && to && strcmp(to, from) <= 0)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "training.err.session_ends",
				   "ends_at must be after starts_at");
	if (has(rec, "room_id") == has(rec, "workshop_org_id"))
		return problem_key(pb, ERR_INVALID, "room_id",
				   "training.err.session_place",
				   "a session takes place in a centre's room "
				   "(room_id) or a firm's workshop "
				   "(workshop_org_id), one of the two");
	return 0;
}

const struct record_table training_session_table = RECORD_TABLE(
	"training_session", session_columns, "starts_at, id", check_session,
	"/training/sessions", NULL);

/* ---- enrolment, mentors, assessments, weekly logs ---- */

/* status and status_on are kept by the enrolment's events. */
static const struct record_column enrolment_columns[] = {
	{ "cohort_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "training_cohort" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "person" },
	{ "source", REC_ENUM, REC_REQUIRED | ALL, 0, training_sources },
	{ "source_org_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "enrolled_on", REC_DATE, REC_REQUIRED | REC_READONLY | ALL },
	{ "status", REC_ENUM, REC_READONLY | REC_DERIVED | ALL, 0,
	  enrolment_statuses, NULL, NULL, 0, NULL, NULL,
	  enrolment_status_colours },
	{ "status_on", REC_DATE, REC_READONLY | REC_DERIVED | ALL },
	{ NULL },
};

static int
check_enrolment(json_t *rec, struct problem *pb)
{
	const char *source = record_text(rec, "source");

	if (!source)
		return 0;
	if (!strcmp(source, "unemployed") && has(rec, "source_org_id"))
		return problem_key(pb, ERR_INVALID, "source_org_id",
				   "training.err.source_unemployed",
				   "source_org_id must be empty for the "
				   "unemployed");
	if (strcmp(source, "unemployed") && !has(rec, "source_org_id"))
		return problem_key(pb, ERR_INVALID, "source_org_id",
				   "training.err.source_required",
				   "source_org_id is required: the "
				   "university, firm or college the trainee "
				   "comes from");
	return 0;
}

const struct record_table training_enrolment_table = RECORD_TABLE(
	"training_enrolment", enrolment_columns, "id DESC", check_enrolment,
	"/training/enrolments",
	"(SELECT name FROM person WHERE person.id = "
	"training_enrolment.person_id) || ' · ' || (SELECT name FROM "
	"training_cohort c WHERE c.id = training_enrolment.cohort_id)");

static const struct record_column mentor_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "training_enrolment" },
	{ "master_person_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "person" },
	{ "master_org_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL |
	  REC_SEARCH, 0, NULL, NULL, "org" },
	{ "teacher_person_id", REC_REF, REC_REQUIRED | ALL | REC_SEARCH, 0,
	  NULL, NULL, "person" },
	{ "since", REC_DATE, REC_REQUIRED | ALL },
	{ "until", REC_DATE, ALL },
	{ NULL },
};

static int
check_mentor(json_t *rec, struct problem *pb)
{
	int rc = record_check_since_until(rec, pb);

	if (!rc && has(rec, "master_person_id") &&
	    record_int(rec, "master_person_id") ==
	    record_int(rec, "teacher_person_id"))
		rc = problem_key(pb, ERR_INVALID, "teacher_person_id",
				 "training.err.mentor_same",
				 "the school teacher and the enterprise "
				 "master must be two people");
	return rc;
}

const struct record_table training_mentor_table = RECORD_TABLE(
	"training_mentor", mentor_columns, "id DESC", check_mentor,
	"/training/mentors", NULL);

static const struct record_column assessment_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_enrolment" },
	{ "module_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_module" },
	{ "score", REC_INT, REC_REQUIRED, 100 },
	{ "passed", REC_INT, REC_REQUIRED, 1 },
	{ "assessed_on", REC_DATE, REC_REQUIRED },
	{ "assessor_person_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ NULL },
};

const struct record_table training_assessment_table = RECORD_TABLE(
	"training_assessment", assessment_columns, "assessed_on DESC, id DESC",
	NULL, NULL, NULL);

/* confirmed_at / confirmed_by are set by training_log_confirm(). */
static const struct record_column weekly_log_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_enrolment" },
	{ "week_of", REC_DATE, REC_REQUIRED | REC_READONLY },
	{ "body", REC_TEXT, REC_REQUIRED, 4000 },
	{ "confirmed_at", REC_DATETIME, REC_READONLY | REC_DERIVED },
	{ "confirmed_by_person_id", REC_REF, REC_READONLY | REC_DERIVED, 0,
	  NULL, NULL, "person" },
	{ NULL },
};

const struct record_table training_weekly_log_table = RECORD_TABLE(
	"training_weekly_log", weekly_log_columns, "week_of DESC, id DESC",
	NULL, NULL, NULL);

/* ---- the inputs of steps (record/action.h) ---- */

#define INPUT(name, ...)						\
	static const struct record_column name##_columns[] = {		\
		__VA_ARGS__, { NULL },					\
	};								\
	const struct record_table name = { NULL, NULL, name##_columns }

/* Complete, withdraw: the date (none: today in Beijing), and why. */
INPUT(training_complete_input,
      { "on_date", REC_DATE });
INPUT(training_withdraw_input,
      { "on_date", REC_DATE },
      { "reason", REC_TEXT, 0, 500 });
/* A teacher's mark of one trainee at a session. */
INPUT(training_mark_input,
      { "enrolment_id", REC_INT, REC_REQUIRED, INT64_MAX, NULL, NULL, NULL,
	1 },
      { "status", REC_TEXT, REC_REQUIRED });
/* A trainee's check-in: the session's code (every length is a guess). */
INPUT(training_checkin_input,
      { "code", REC_TEXT, REC_REQUIRED });
/* A person placed on a slot, from a date. */
INPUT(training_assign_input,
      { "person_id", REC_INT, REC_REQUIRED, INT64_MAX },
      { "on", REC_DATE, REC_REQUIRED },
      { "note", REC_TEXT, 0, 500 });
/*
 * The same as the slot's page types it: the person picked by name
 * (record/picker.html); the rule checks the id as above, answering a
 * person out of reach and a missing one alike.
 */
INPUT(training_assign_form,
      { "person_id", REC_REF, REC_REQUIRED, 0, NULL, NULL, "person" },
      { "on", REC_DATE, REC_REQUIRED },
      { "note", REC_TEXT, 0, 500 });
/* A placement ended: completed or withdrawn, on a date. */
INPUT(training_end_input,
      { "kind", REC_TEXT, REC_REQUIRED },
      { "on", REC_DATE, REC_REQUIRED },
      { "note", REC_TEXT, 0, 500 });

/* ---- the rows of "my training" a firm or college exports ---- */

/* The prefix of a list's labels, and its enum columns' values. */
#define ROWS(name, prefix, ...)						\
	static const struct record_column name##_columns[] = {		\
		__VA_ARGS__, { NULL },					\
	};								\
	const struct record_table name = {				\
		NULL, NULL, name##_columns, NULL, NULL, NULL, NULL, NULL, \
		prefix,							\
	}

ROWS(training_students_rows, "training_enrolment",
     { "person_name", REC_TEXT, OUT },
     { "programme_name", REC_TEXT, OUT },
     { "cohort_name", REC_TEXT, OUT },
     { "source", REC_ENUM, OUT, 0, training_sources },
     { "enrolled_on", REC_DATE, OUT },
     { "status", REC_ENUM, OUT, 0, enrolment_statuses },
     { "status_on", REC_DATE, OUT });
ROWS(training_programmes_rows, "training_programme",
     { "name", REC_TEXT, OUT },
     { "kind", REC_ENUM, OUT, 0, training_programme_kinds },
     { "occupation", REC_TEXT, OUT },
     { "seat_quota", REC_INT, OUT },
     { "hiring_commitment", REC_INT, OUT },
     { "enrolled", REC_INT, OUT },
     { "completed", REC_INT, OUT });
ROWS(training_apprentices_rows, "training_mentor",
     { "apprentice_name", REC_TEXT, OUT },
     { "master_name", REC_TEXT, OUT },
     { "teacher_name", REC_TEXT, OUT },
     { "programme_name", REC_TEXT, OUT },
     { "since", REC_DATE, OUT },
     { "until", REC_DATE, OUT });
