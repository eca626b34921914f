/*
 * tables_out.c - the described tables of what training leads to
 * (training.h): placement slots, placements, their weekly logs and
 * evaluations, the skill-certificate register and the completion
 * certificates, with the views that add the names lists show.
 */
#include <string.h>

#include "base/err.h"
#include "training/training.h"
#define STATUS(s) REC_VALUE(s, TRAINING_PLACEMENT_STATUS_MAX)
const char *const training_placement_statuses[] = {
	STATUS("assigned"), STATUS("completed"), STATUS("withdrawn"), NULL
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

static const struct record_column slot_columns[] = {
	{ "firm_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "title", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "workshop", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "master_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ "starts_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "places", REC_INT, REC_REQUIRED, 10000, NULL, NULL, NULL, 1 },
	{ "taken", REC_INT, REC_READONLY | REC_DERIVED, 10000, NULL, NULL,
	  NULL, 0 },
	{ "note", REC_TEXT, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const slot_search[] = { "title", "workshop", NULL };

/* A slot ends no earlier than it starts, and keeps the places it gave. */
static int
check_slot(json_t *rec, struct problem *pb)
{
	const char *from = json_string_value(json_object_get(rec,
							     "starts_on"));
	const char *to = json_string_value(json_object_get(rec, "ends_on"));
	json_int_t places = json_integer_value(json_object_get(rec, "places"));
	json_int_t taken = json_integer_value(json_object_get(rec, "taken"));

	if (from && to && strcmp(to, from) < 0)
		return problem(pb, ERR_INVALID, "ends_on",
			       "ends_on must not be before starts_on");
	if (places < taken)
		return problem(pb, ERR_CONFLICT, "places",
			       "places must not be fewer than the trainees "
			       "already placed");
	return 0;
}

const struct record_table training_slot_table = {
	"placement_slot", "placement_slot", slot_columns, slot_search, NULL,
	"starts_on DESC, id DESC", check_slot,
};

static const struct record_column placement_columns[] = {
	{ "slot_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "placement_slot" },
	{ "firm_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "status", REC_ENUM, REC_REQUIRED | REC_READONLY, 0,
	  training_placement_statuses, NULL },
	{ "assigned_on", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL },
	{ "ended_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_placement_table = {
	"placement", "placement", placement_columns, NULL, NULL,
	"assigned_on DESC, id DESC",
};

static const struct record_column log_columns[] = {
	{ "placement_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "placement" },
	{ "firm_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "week_of", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL, NULL },
	{ "hours", REC_INT, REC_REQUIRED, 84, NULL, NULL, NULL, 0 },
	{ "content", REC_TEXT, REC_REQUIRED, 2000, NULL, NULL },
	{ "confirmed_by", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "confirmed_at", REC_TEXT, REC_READONLY, 32, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_log_table = {
	"placement_log", "placement_log", log_columns, NULL, NULL,
	"week_of DESC, id DESC",
};

static const struct record_column evaluation_columns[] = {
	{ "placement_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL,
	  NULL, "placement" },
	{ "firm_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "guidance", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "safety", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "equipment", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "learning", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "comment", REC_TEXT, 0, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table training_evaluation_table = {
	"placement_evaluation", "placement_evaluation", evaluation_columns,
	NULL, NULL, "id DESC",
};

static const struct record_column skill_cert_columns[] = {
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "occupation", REC_TEXT, REC_REQUIRED, 50, NULL, NULL },
	{ "level", REC_INT, REC_REQUIRED, 5, NULL, NULL, NULL, 1 },
	{ "number", REC_TEXT, REC_REQUIRED, 50, NULL, NULL },
	{ "issuer", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "issued_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const skill_cert_search[] = {
	"occupation", "number", "issuer", NULL
};

/* The number is unique per issuing body: a duplicate names `number`. */
const struct record_table training_skill_cert_table = {
	"skill_certificate", "skill_certificate", skill_cert_columns,
	skill_cert_search, NULL, "issued_on DESC, id DESC",
};

/*
 * The same records with the names the lists show (the *_view views of
 * migration 0008), for reading only: lists, single reads, exports.
 */
#define NAME_COLUMN(name) { name, REC_TEXT, REC_READONLY, 200, NULL, NULL }

static const struct record_column slot_view_columns[] = {
	{ "firm_id", REC_REF, REC_READONLY, 0, NULL, NULL, "org" },
	{ "title", REC_TEXT, REC_READONLY, 100, NULL, NULL },
	{ "workshop", REC_TEXT, REC_READONLY, 100, NULL, NULL },
	{ "master_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "starts_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	{ "ends_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	{ "places", REC_INT, REC_READONLY, 10000, NULL, NULL, NULL, 1 },
	{ "taken", REC_INT, REC_READONLY, 10000, NULL, NULL, NULL, 0 },
	{ "note", REC_TEXT, REC_READONLY, 500, NULL, NULL },
	NAME_COLUMN("firm_name"),
	NAME_COLUMN("master_name"),
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const slot_view_search[] = {
	"title", "workshop", "firm_name", NULL
};

const struct record_table training_slot_view_table = {
	"placement_slot_view", "placement_slot", slot_view_columns,
	slot_view_search, NULL, "starts_on DESC, id DESC",
};

static const struct record_column placement_view_columns[] = {
	{ "slot_id", REC_REF, REC_READONLY, 0, NULL, NULL, "placement_slot" },
	{ "firm_id", REC_REF, REC_READONLY, 0, NULL, NULL, "org" },
	{ "person_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "status", REC_ENUM, REC_READONLY, 0, training_placement_statuses,
	  NULL },
	{ "assigned_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	{ "ended_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	NAME_COLUMN("person_name"),
	NAME_COLUMN("firm_name"),
	NAME_COLUMN("slot_title"),
	{ "master_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const placement_view_search[] = {
	"person_name", "firm_name", "slot_title", NULL
};

const struct record_table training_placement_view_table = {
	"placement_view", "placement", placement_view_columns,
	placement_view_search, NULL, "assigned_on DESC, id DESC",
};

static const struct record_column skill_cert_view_columns[] = {
	{ "person_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "occupation", REC_TEXT, REC_READONLY, 50, NULL, NULL },
	{ "level", REC_INT, REC_READONLY, 5, NULL, NULL, NULL, 1 },
	{ "number", REC_TEXT, REC_READONLY, 50, NULL, NULL },
	{ "issuer", REC_TEXT, REC_READONLY, 100, NULL, NULL },
	{ "issued_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	NAME_COLUMN("person_name"),
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const skill_cert_view_search[] = {
	"person_name", "occupation", "number", "issuer", NULL
};

const struct record_table training_skill_cert_view_table = {
	"skill_certificate_view", "skill_certificate", skill_cert_view_columns,
	skill_cert_view_search, NULL, "issued_on DESC, id DESC",
};

static const struct record_column certificate_columns[] = {
	{ "enrolment_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_enrolment" },
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "programme_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "training_programme" },
	{ "code", REC_TEXT, REC_REQUIRED | REC_READONLY, TRAINING_CERT_CODE_LEN, NULL,
	  NULL },
	{ "issued_on", REC_DATE, REC_REQUIRED | REC_READONLY, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* Read through lists only: certificates are issued by the rule below. */
const struct record_table training_certificate_table = {
	"training_certificate", "training_certificate", certificate_columns,
	NULL, NULL, "issued_on DESC, id DESC",
};

static const struct record_column certificate_view_columns[] = {
	{ "enrolment_id", REC_REF, REC_READONLY, 0, NULL, NULL,
	  "training_enrolment" },
	{ "person_id", REC_REF, REC_READONLY, 0, NULL, NULL, "person" },
	{ "programme_id", REC_REF, REC_READONLY, 0, NULL, NULL,
	  "training_programme" },
	{ "code", REC_TEXT, REC_READONLY, TRAINING_CERT_CODE_LEN, NULL, NULL },
	{ "issued_on", REC_DATE, REC_READONLY, 0, NULL, NULL },
	{ "person_name", REC_TEXT, REC_READONLY, 200, NULL, NULL },
	{ "programme_name", REC_TEXT, REC_READONLY, 200, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const certificate_view_search[] = {
	"person_name", "programme_name", "code", NULL
};

const struct record_table training_certificate_view_table = {
	"training_certificate_view", "training_certificate",
	certificate_view_columns, certificate_view_search, NULL,
	"issued_on DESC, id DESC",
};

