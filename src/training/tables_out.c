/*
 * tables_out.c - the described tables of what training leads to
 * (training.h): placement slots, placements, their weekly logs and
 * evaluations, the skill-certificate register and the completion
 * certificates, with the views that add the names lists show.
 */
#include "base/err.h"
#include "record/record.h"
#include "training/training.h"

#define STATUS(s) REC_VALUE(s, TRAINING_PLACEMENT_STATUS_MAX)
const char *const training_placement_statuses[] = {
	STATUS("assigned"), STATUS("completed"), STATUS("withdrawn"), NULL
};
static const char *const placement_status_colours[] = {
	"primary", "success", "info", NULL
};

static const char *const skill_levels[] = {
	NULL, "高级技师", "技师", "高级工", "中级工", "初级工",
};

const char *
training_skill_level_name(int64_t level)
{
	return level >= 1 && level <= 5 ? skill_levels[level] : NULL;
}

/* ---- tables ---------------------------------------------------------- */

/* Listed and exported; exported only; read only (a view's columns). */
#define ALL (REC_LIST | REC_EXPORT)
#define OUT REC_EXPORT
#define RO REC_READONLY

static const struct record_column slot_columns[] = {
	{ "firm_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "org" },
	{ "title", REC_TEXT, REC_REQUIRED | REC_SEARCH, 100 },
	{ "workshop", REC_TEXT, REC_REQUIRED | REC_SEARCH, 100 },
	{ "master_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ "starts_on", REC_DATE, REC_REQUIRED },
	{ "ends_on", REC_DATE, REC_REQUIRED },
	{ "places", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL, 1 },
	{ "taken", REC_INT, RO | REC_DERIVED, 10000 },
	{ "note", REC_TEXT, 0, 500 },
	{ NULL },
};

/* A slot ends no earlier than it starts, and keeps the places it gave. */
static int
check_slot(json_t *rec, struct problem *pb)
{
	json_int_t places = record_int(rec, "places");
	json_int_t taken = record_int(rec, "taken");
	int rc = record_check_order(rec, "starts_on", "ends_on",
				    "err.before_start", pb);

	if (!rc && places < taken)
		rc = problem_key(pb, ERR_CONFLICT, "places",
				 "training.err.places_below",
				 "places must not be fewer than the trainees "
				 "already placed");
	return rc;
}

const struct record_table training_slot_table = RECORD_TABLE(
	"placement_slot", slot_columns, "starts_on DESC, id DESC", check_slot,
	"/training/slots", "title");

static const struct record_column placement_columns[] = {
	{ "slot_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL,
	  "placement_slot" },
	{ "firm_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "person" },
	{ "status", REC_ENUM, REC_REQUIRED | RO, 0,
	  training_placement_statuses },
	{ "assigned_on", REC_DATE, REC_REQUIRED | RO },
	{ "ended_on", REC_DATE, RO },
	{ NULL },
};

const struct record_table training_placement_table = RECORD_TABLE(
	"placement", placement_columns, "assigned_on DESC, id DESC", NULL,
	"/training/placements", NULL);

static const struct record_column log_columns[] = {
	{ "placement_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL,
	  "placement" },
	{ "firm_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "person" },
	{ "week_of", REC_DATE, REC_REQUIRED | RO },
	{ "hours", REC_INT, REC_REQUIRED, 84 },
	{ "content", REC_TEXT, REC_REQUIRED, 2000 },
	{ "confirmed_by", REC_REF, RO, 0, NULL, NULL, "person" },
	{ "confirmed_at", REC_TEXT, RO, 32 },
	{ NULL },
};

const struct record_table training_log_table = {
	"placement_log", "placement_log", log_columns, NULL, NULL,
	"week_of DESC, id DESC", NULL, NULL, "placement",
};

static const struct record_column evaluation_columns[] = {
	{ "placement_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL,
	  "placement" },
	{ "firm_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "person" },
	{ "guidance", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "safety", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "equipment", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "learning", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "comment", REC_TEXT, 0, 1000 },
	{ NULL },
};

const struct record_table training_evaluation_table = {
	"placement_evaluation", "placement_evaluation", evaluation_columns,
	NULL, NULL, "id DESC", NULL, NULL, "placement",
};

static const struct record_column skill_cert_columns[] = {
	{ "person_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "person" },
	{ "occupation", REC_TEXT, REC_REQUIRED | REC_SEARCH, 50 },
	{ "level", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "number", REC_TEXT, REC_REQUIRED | REC_SEARCH, 50 },
	{ "issuer", REC_TEXT, REC_REQUIRED | REC_SEARCH, 100 },
	{ "issued_on", REC_DATE, REC_REQUIRED },
	{ NULL },
};

/* The number is unique per issuing body: a duplicate names `number`. */
const struct record_table training_skill_cert_table = {
	"skill_certificate", "skill_certificate", skill_cert_columns, NULL,
	NULL, "issued_on DESC, id DESC", NULL, NULL, "skill_cert",
	"/training/skill-certificates",
};

static const struct record_column certificate_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL,
	  "training_enrolment" },
	{ "person_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL, "person" },
	{ "programme_id", REC_REF, REC_REQUIRED | RO, 0, NULL, NULL,
	  "training_programme" },
	{ "number", REC_TEXT, REC_REQUIRED | RO, TRAINING_CERT_WORD_MAX + 20 },
	{ "code", REC_TEXT, REC_REQUIRED | RO, TRAINING_CERT_CODE_LEN },
	{ "issued_on", REC_DATE, REC_REQUIRED | RO },
	{ NULL },
};

/* Issued by training_certificate_issue() only. */
const struct record_table training_certificate_table = {
	"training_certificate", "training_certificate", certificate_columns,
	NULL, NULL, "issued_on DESC, id DESC", NULL, NULL, "training_cert",
	"/training/certificates",
};

/*
 * The same records with the names the lists show (the *_view views of
 * migration 0008), for reading only: lists, single reads, exports. A
 * reference lists the name beside it, linked to the record.
 */
#define NAME(name, flags) { name, REC_TEXT, RO | (flags), 200 }
#define REF(name, table, flags, shown)					\
	{ name, REC_REF, RO | (flags), 0, NULL, NULL, table, 0, NULL, shown }

static const struct record_column slot_view_columns[] = {
	{ "title", REC_TEXT, RO | ALL | REC_SEARCH, 100 },
	REF("firm_id", "org", ALL, "firm_name"),
	{ "workshop", REC_TEXT, RO | ALL | REC_SEARCH, 100 },
	REF("master_id", "person", OUT, "master_name"),
	{ "starts_on", REC_DATE, RO | ALL },
	{ "ends_on", REC_DATE, RO | ALL },
	{ "places", REC_INT, RO | ALL, 10000, NULL, NULL, NULL, 1 },
	{ "taken", REC_INT, RO | ALL, 10000 },
	{ "note", REC_TEXT, RO, 500 },
	NAME("firm_name", OUT | REC_SEARCH),
	NAME("master_name", 0),
	{ NULL },
};

const struct record_table training_slot_view_table = {
	"placement_slot_view", "placement_slot", slot_view_columns, NULL,
	NULL, "starts_on DESC, id DESC", NULL, NULL, "placement_slot",
	"/training/slots",
};

static const struct record_column placement_view_columns[] = {
	REF("person_id", "person", ALL, "person_name"),
	REF("firm_id", "org", ALL, "firm_name"),
	REF("slot_id", "placement_slot", ALL, "slot_title"),
	{ "status", REC_ENUM, RO | ALL, 0, training_placement_statuses, NULL,
	  NULL, 0, NULL, NULL, placement_status_colours },
	{ "assigned_on", REC_DATE, RO | ALL },
	{ "ended_on", REC_DATE, RO | ALL },
	NAME("person_name", OUT | REC_SEARCH),
	NAME("firm_name", OUT | REC_SEARCH),
	NAME("slot_title", OUT | REC_SEARCH),
	REF("master_id", "person", 0, NULL),
	{ NULL },
};

const struct record_table training_placement_view_table = {
	"placement_view", "placement", placement_view_columns, NULL, NULL,
	"assigned_on DESC, id DESC", NULL, NULL, "placement",
	"/training/placements",
};

static const struct record_column skill_cert_view_columns[] = {
	{ "number", REC_TEXT, RO | ALL | REC_SEARCH, 50 },
	REF("person_id", "person", ALL, "person_name"),
	{ "occupation", REC_TEXT, RO | ALL | REC_SEARCH, 50 },
	{ "level", REC_INT, RO | ALL, 5, NULL, NULL, NULL, 1 },
	{ "issuer", REC_TEXT, RO | ALL | REC_SEARCH, 100 },
	{ "issued_on", REC_DATE, RO | ALL },
	NAME("person_name", OUT | REC_SEARCH),
	{ NULL },
};

const struct record_table training_skill_cert_view_table = {
	"skill_certificate_view", "skill_certificate", skill_cert_view_columns,
	NULL, NULL, "issued_on DESC, id DESC", NULL, NULL, "skill_cert",
	"/training/skill-certificates",
};

static const struct record_column certificate_view_columns[] = {
	{ "number", REC_TEXT, RO | ALL | REC_SEARCH, TRAINING_CERT_WORD_MAX +
	  20 },
	REF("enrolment_id", "training_enrolment", OUT, NULL),
	REF("person_id", "person", ALL, "person_name"),
	REF("programme_id", "training_programme", ALL, "programme_name"),
	{ "issued_on", REC_DATE, RO | ALL },
	{ "code", REC_TEXT, RO | ALL | REC_CODE | REC_SEARCH,
	  TRAINING_CERT_CODE_LEN },
	NAME("person_name", OUT | REC_SEARCH),
	NAME("programme_name", OUT | REC_SEARCH),
	{ NULL },
};

const struct record_table training_certificate_view_table = {
	"training_certificate_view", "training_certificate",
	certificate_view_columns, NULL, NULL, "issued_on DESC, id DESC", NULL,
	NULL, "training_cert", "/training/certificates",
};

/* ---- the records behind a figure (rules_certificate.c) ---- */

static const struct record_column figure_row_columns[] = {
	{ "person_id", REC_INT, OUT },
	{ "person_name", REC_TEXT, OUT },
	{ "org_name", REC_TEXT, OUT },
	{ "programme_name", REC_TEXT, OUT },
	{ "kind", REC_ENUM, OUT, 0, training_programme_kinds },
	{ "on", REC_DATE, OUT },
	{ NULL },
};

const struct record_table training_figure_rows_table = {
	NULL, NULL, figure_row_columns, NULL, NULL, NULL, NULL, NULL,
	"tr_figures",
};
