/*
 * tables.c - the tables of two-way selection, described once (record.h):
 * rounds, positions and candidates, each beside the input table of the
 * step that creates it (the columns a caller may type; the rest are
 * derived by the rules).
 */
#include <string.h>

#include "base/err.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

const char *const selection_round_statuses[] = {
	"open", "locked", "run", REC_VALUE("published", SELECTION_STATUS_MAX),
	NULL
};

static const char *const scopes[] = {
	"park", REC_VALUE("order_class", SELECTION_SCOPE_MAX), "cohorts",
	"region", NULL
};
static const char *const position_statuses[] = {
	"proposed", "open", "rejected", "withdrawn", NULL
};
static const char *const candidate_statuses[] = {
	"registered", "withdrawn", NULL
};
static const char *const bases[] = {
	"completed", "cohort", "certificate", "listed", NULL
};

#define ALL (REC_LIST | REC_EXPORT)
#define DERIVED (REC_READONLY | REC_DERIVED)

/* The columns of a new round, as typed: what it is for (year, scope
 * and programme) is set once; the rest (ROUND_CHANGE) may change while
 * it is open. */
#define ROUND_INPUT							\
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL, NULL }, \
	{ "year", REC_INT, REC_REQUIRED | REC_READONLY | ALL, 2100, NULL, \
	  NULL, NULL, 2000 },						\
	{ "scope", REC_ENUM, REC_REQUIRED | REC_READONLY | ALL, 0, scopes, \
	  NULL },							\
	{ "programme_id", REC_REF, REC_READONLY | REC_EXPORT, 0, NULL, NULL, \
	  "training_programme" },					\
	ROUND_CHANGE

#define ROUND_CHANGE							\
	{ "opens_on", REC_DATE, REC_REQUIRED | REC_EXPORT, 0, NULL, NULL }, \
	{ "lock_at", REC_DATETIME, REC_REQUIRED | ALL, 0, NULL, NULL },	\
	{ "publish_on", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },	\
	{ "offer_deadline", REC_DATE, REC_REQUIRED | REC_EXPORT, 0, NULL, \
	  NULL },							\
	{ "list_cap", REC_INT, REC_EXPORT, 100, NULL, NULL, NULL, 0 }

static const struct record_column round_input_columns[] = {
	ROUND_INPUT,
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const struct record_column round_columns[] = {
	ROUND_INPUT,
	{ "status", REC_ENUM, DERIVED | ALL, 0, selection_round_statuses,
	  NULL },
	{ "parent_id", REC_REF, DERIVED | REC_EXPORT, 0, NULL, NULL,
	  "selection_round" },
	{ "seed_hash", REC_TEXT, DERIVED | REC_EXPORT | REC_CODE,
	  SELECTION_HASH_LEN, NULL, NULL },
	{ "seed", REC_TEXT, DERIVED | REC_EXPORT | REC_CODE,
	  SELECTION_SEED_LEN, NULL, NULL },
	{ "locked_at", REC_DATETIME, DERIVED | REC_EXPORT, 0, NULL, NULL },
	{ "run_at", REC_DATETIME, DERIVED | REC_EXPORT, 0, NULL, NULL },
	{ "published_at", REC_DATETIME, DERIVED | REC_EXPORT, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* An order-class round names its programme; a park-wide one none. */
static int
check_round(json_t *rec, struct problem *pb)
{
	const char *scope = record_text(rec, "scope");
	json_t *prog = json_object_get(rec, "programme_id");
	const char *opens = record_text(rec, "opens_on");
	const char *lock = record_text(rec, "lock_at");
	const char *publish = record_text(rec, "publish_on");
	const char *deadline = record_text(rec, "offer_deadline");
	bool order_class = scope && !strcmp(scope, "order_class");

	if (order_class && !json_is_integer(prog))
		return problem_key(pb, ERR_INVALID, "programme_id",
				   "selection.err.programme_required",
				   "programme_id is required for an "
				   "order-class round");
	if (!order_class && json_is_integer(prog))
		return problem_key(pb, ERR_INVALID, "programme_id",
				   "selection.err.programme_only",
				   "programme_id is only for an order-class "
				   "round");
	if (opens && lock && strncmp(lock, opens, TIME_DATE_LEN) < 0)
		return problem_key(pb, ERR_INVALID, "lock_at",
				   "selection.err.lock_early",
				   "lock_at must not be before opens_on");
	if (lock && publish && strcmp(publish, lock) < 0 &&
	    strncmp(publish, lock, TIME_DATE_LEN))
		return problem_key(pb, ERR_INVALID, "publish_on",
				   "selection.err.publish_early",
				   "publish_on must not be before lock_at");
	if (publish && deadline && strcmp(deadline, publish) < 0)
		return problem_key(pb, ERR_INVALID, "offer_deadline",
				   "selection.err.deadline_early",
				   "offer_deadline must not be before "
				   "publish_on");
	return 0;
}

const struct record_table selection_round_input_table = {
	NULL, NULL, round_input_columns, NULL, NULL, NULL, check_round, NULL,
	"selection_round",
};

/* What may change of a round while it is open (its name and calendar). */
static const struct record_column round_change_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	ROUND_CHANGE,
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_round_change_table = {
	NULL, NULL, round_change_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_round",
};

const struct record_table selection_round_table = {
	"selection_round", "selection_round", round_columns, NULL, NULL,
	"id DESC", check_round, NULL, "selection_round",
	"/selection/rounds", "name",
};

/*
 * A position's columns as typed; `given` is REC_REQUIRED where a firm
 * posts one, 0 in the table itself, where an order class's pledge is
 * kept without place and pay until its firm states them.
 */
#define POSITION_INPUT(given)						\
	{ "round_id", REC_REF, REC_REQUIRED | REC_READONLY | REC_EXPORT, 0, \
	  NULL, NULL, "selection_round" },				\
	{ "firm_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL, \
	  NULL, "org" },						\
	POSITION_TERMS(given)

/* What a firm may change of its position before the lock. */
#define POSITION_TERMS(given)						\
	{ "title", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL, \
	  NULL },							\
	{ "occupation", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, \
	  NULL, NULL },							\
	{ "headcount", REC_INT, REC_REQUIRED | ALL, 10000, NULL, NULL,	\
	  NULL, 1 },							\
	{ "skill_level", REC_INT, REC_EXPORT, 5, NULL, NULL, NULL, 1 },	\
	{ "place", REC_TEXT, (given) | REC_EMPTY_NULL | ALL, 200, NULL,	\
	  NULL },							\
	{ "pay_min", REC_MONEY, (given) | REC_EXPORT, 100000000, NULL,	\
	  NULL, NULL, 0 },						\
	{ "pay_max", REC_MONEY, (given) | REC_EXPORT, 100000000, NULL,	\
	  NULL, NULL, 0 },						\
	{ "shifts", REC_TEXT, REC_EXPORT, 200, NULL, NULL }

static const struct record_column position_input_columns[] = {
	POSITION_INPUT(REC_REQUIRED),
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const struct record_column position_columns[] = {
	POSITION_INPUT(0),
	{ "status", REC_ENUM, DERIVED | ALL, 0, position_statuses, NULL },
	{ "origin_id", REC_REF, DERIVED | REC_EXPORT, 0, NULL, NULL,
	  "selection_position" },
	{ "filled", REC_INT, DERIVED | REC_EXPORT, 10000, NULL, NULL },
	{ "cutoff", REC_INT, DERIVED | REC_EXPORT, 10000, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* The pay range is a range. */
static int
check_position(json_t *rec, struct problem *pb)
{
	json_t *lo = json_object_get(rec, "pay_min");
	json_t *hi = json_object_get(rec, "pay_max");

	if (json_is_integer(lo) && json_is_integer(hi) &&
	    json_integer_value(hi) < json_integer_value(lo))
		return problem_key(pb, ERR_INVALID, "pay_max",
				   "selection.err.pay_range",
				   "pay_max must not be below pay_min");
	return 0;
}

const struct record_table selection_position_input_table = {
	NULL, NULL, position_input_columns, NULL, NULL, NULL, check_position,
	NULL, "selection_position",
};

static const struct record_column position_terms_columns[] = {
	POSITION_TERMS(0),
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_position_terms_table = {
	NULL, NULL, position_terms_columns, NULL, NULL, NULL, check_position,
	NULL, "selection_position",
};

const struct record_table selection_position_table = {
	"selection_position", "selection_position", position_columns, NULL,
	NULL, "id DESC", check_position, NULL, "selection_position",
	"/selection/positions", "title",
};

static const struct record_column candidate_columns[] = {
	{ "round_id", REC_REF, REC_REQUIRED | DERIVED | REC_EXPORT, 0, NULL,
	  NULL, "selection_round" },
	{ "person_id", REC_REF, REC_REQUIRED | DERIVED | REC_EXPORT, 0, NULL,
	  NULL, "person" },
	{ "pseudonym", REC_TEXT, REC_REQUIRED | DERIVED | ALL | REC_CODE |
	  REC_SEARCH, SELECTION_PSEUDONYM_LEN, NULL, NULL },
	{ "basis", REC_ENUM, REC_REQUIRED | DERIVED | ALL, 0, bases, NULL },
	{ "consent", REC_INT, DERIVED | ALL, 1, NULL, NULL, NULL, 0 },
	{ "status", REC_ENUM, DERIVED | ALL, 0, candidate_statuses, NULL },
	{ "origin_id", REC_REF, DERIVED | REC_EXPORT, 0, NULL, NULL,
	  "selection_candidate" },
	{ "submitted_at", REC_DATETIME, DERIVED | ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_candidate_table = {
	"selection_candidate", "selection_candidate", candidate_columns, NULL,
	NULL, "id DESC", NULL, NULL, "selection_candidate",
	"/selection/candidates", "pseudonym",
};

/* The inputs of the steps that are no record of their own. */
static const struct record_column register_columns[] = {
	{ "person_id", REC_REF, 0, 0, NULL, NULL, "person" },
	{ "consent", REC_INT, 0, 1, NULL, NULL, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_register_table = {
	NULL, NULL, register_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_candidate",
};

static const char *const decisions[] = { "open", "rejected", NULL };

static const struct record_column vet_columns[] = {
	{ "decision", REC_ENUM, REC_REQUIRED, 0, decisions, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_vet_table = {
	NULL, NULL, vet_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_position",
};

static const struct record_column consent_columns[] = {
	{ "consent", REC_INT, REC_REQUIRED, 1, NULL, NULL, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_consent_table = {
	NULL, NULL, consent_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_candidate",
};

static const char *const edit_ops[] = {
	"add", "up", "down", "remove", "submit", "draft", NULL
};

static const struct record_column edit_columns[] = {
	{ "op", REC_ENUM, REC_REQUIRED, 0, edit_ops, NULL },
	{ "position_id", REC_INT, 0, INT64_MAX, NULL, NULL, NULL, 1 },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_edit_table = {
	NULL, NULL, edit_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_candidate",
};

/* A second round's calendar, as typed; the rest comes from the first. */
static const struct record_column second_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "lock_at", REC_DATETIME, REC_REQUIRED, 0, NULL, NULL },
	{ "publish_on", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "offer_deadline", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table selection_second_table = {
	NULL, NULL, second_columns, NULL, NULL, NULL, NULL, NULL,
	"selection_round",
};

