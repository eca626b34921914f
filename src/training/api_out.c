/*
 * api_out.c - the JSON API of placements, skill certificates, completion
 * certificates and the training figures as route data
 * (web/api/training-out.json).
 *
 * Who reads what: staff everything; an enterprise account its own firm's
 * slots, placements, logs and evaluations; a trainee its own placements,
 * logs, evaluations and certificates; a master the slots and placements
 * it supervises: the roles the read permissions admit (auth/perm.c), on
 * their organisation's or their own records, which the scope hooks below
 * narrow the generic lists (record/api.h) to through
 * training_out_scope(). Lists read the views that add names; slots and
 * skill certificates are written to their tables.
 */
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "record/action.h"
#include "record/api.h"
#include "record/record.h"
#include "training/api.h"
#include "training/training.h"
#include "training/training_int.h"

/*
 * The record API's scope hook over training_out_scope(): the rows of one
 * column's value (or every row) that `perm` lets the caller see, applied
 * as record/api.h asks.
 */
static int
scope(struct request *r, struct record_filter *f, const json_t *rec,
      enum perm perm)
{
	struct record_filter mine = { 0 };
	int rc = training_out_scope(auth_principal(r), perm, &mine);

	return rc ? rc : record_scope_apply(&mine, f, rec);
}

/* Slots: their firm's, and their masters'. */
static int
slot_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope(r, f, rec, PERM_SLOT_READ);
}

/* Placements: their firm's, their trainee's and their master's. */
static int
placement_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope(r, f, rec, PERM_PLACEMENT_READ);
}

/* Logs and evaluations have no master column: the placement's page. */
static int
log_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope(r, f, rec, PERM_PLACEMENT_LOG_READ);
}

/* Certificates: staff all, a trainee its own (none with no person). */
static int
cert_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	struct record_filter mine = { 0 };
	int64_t org;
	int rc = auth_scope_org(p, PERM_CERT_READ, &org);

	if (rc)
		return rc;
	if (org != 0) {
		mine.scope_col = "person_id";
		mine.scope_col_val = p->person_id;
	}
	return record_scope_apply(&mine, f, rec);
}

/*
 * Slots are written by their firm (PERM_PLACEMENT_WRITE, on its own
 * organisation's) or staff: with no record, whether the caller may offer
 * any (the forms); with one, whether the slot is its firm's.
 */
static int
slot_may_write(struct request *r, const json_t *rec)
{
	const struct principal *p = auth_principal(r);

	if (!rec)
		return auth_may_call(p, PERM_PLACEMENT_WRITE);
	return auth_require(p, PERM_PLACEMENT_WRITE,
			    record_int(rec, "firm_id"));
}

/* Written by rules only: the generic pages offer no form for them. */
static int
read_only(struct request *r, const json_t *rec)
{
	(void)r;
	(void)rec;
	return ERR_FORBIDDEN;
}

#define OUT_API(name, table, read, write, ...)				\
	const struct record_api name = {				\
		&table, PERM_##read, PERM_##write, __VA_ARGS__		\
	}

OUT_API(training_slot_api, training_slot_view_table, SLOT_READ,
	PLACEMENT_WRITE, { "firm_id", "master_id" }, .scope = slot_scope);
OUT_API(training_slot_write_api, training_slot_table, SLOT_READ,
	PLACEMENT_WRITE, { NULL }, .scope = slot_scope,
	.may_write = slot_may_write, .create = training_slot_create,
	.update = training_slot_update);
OUT_API(training_placement_api, training_placement_view_table,
	PLACEMENT_READ, PLACEMENT_WRITE,
	{ "slot_id", "firm_id", "person_id", "status" },
	.scope = placement_scope, .may_write = read_only);
static OUT_API(log_api, training_log_table, PLACEMENT_LOG_READ,
	       PLACEMENT_WRITE, { "placement_id", "firm_id", "person_id" },
	       .scope = log_scope);
static OUT_API(evaluation_api, training_evaluation_table,
	       PLACEMENT_LOG_READ, PLACEMENT_WRITE,
	       { "placement_id", "firm_id", "person_id" },
	       .scope = log_scope);
OUT_API(training_skill_cert_api, training_skill_cert_view_table, CERT_READ,
	CERT_WRITE, { "person_id", "level", "issuer" }, .scope = cert_scope);
OUT_API(training_skill_cert_write_api, training_skill_cert_table, CERT_READ,
	CERT_WRITE, { NULL }, .scope = cert_scope);
OUT_API(training_certificate_api, training_certificate_view_table,
	CERT_READ, CERT_WRITE, { "person_id", "programme_id", "enrolment_id" },
	.scope = cert_scope, .may_write = read_only);

/* The steps of what training leads to (training_int.h). */
RECORD_API_STEP(slot_create, training_slot_create, 201);
RECORD_API_STEP(assign, training_assign, 201);
RECORD_API_STEP(placement, training_placement_read, 200);
RECORD_API_STEP(end, training_placement_end, 200);
RECORD_API_STEP(log_add, training_placement_log_add, 201);
RECORD_API_STEP(evaluate, training_evaluate, 201);
RECORD_API_STEP(log_confirm, training_placement_log_confirm, 200);
RECORD_API_STEP(assess, training_assess, 201);
RECORD_API_STEP(issue, training_certificate_issue, 201);

/* GET /api/v1/training/figures?as_of= */
static int
figures(struct request *r)
{
	char as_of[TIME_DATE_LEN + 1];
	json_t *out;
	int rc;

	if ((rc = api_date(r, "as_of", as_of)))
		return rc;
	rc = training_figures(r->db, as_of, &out);
	return api_answer(r, rc, out);
}

/* GET /api/v1/training/figures/:figure?as_of=: the records behind one. */
static int
figure_rows(struct request *r)
{
	int64_t limit, offset, total;
	char as_of[TIME_DATE_LEN + 1];
	json_t *items;
	int rc;

	if ((rc = api_date(r, "as_of", as_of)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = training_figure_rows(r->db, http_param(r, "figure"), as_of,
				  limit, offset, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc == ERR_INVALID ? http_fail(r, ERR_NOTFOUND, NULL,
						     "no such figure") : rc;
	}
	return http_json(r, 200, api_list(items, total, limit, offset));
}

#define BASE "/api/v1/training"

const struct route training_out_api_routes[] = {
	/* A firm offers and assigns for itself; staff for any. */
	RECORD_API_READ_ROUTES(BASE "/slots", &training_slot_api,
			       PERM_SLOT_READ),
	{ HTTP_POST, BASE "/slots", record_api_action, 0, &slot_create,
	  PERM_PLACEMENT_WRITE },
	{ HTTP_PATCH, BASE "/slots/:id", record_api_update, 0,
	  &training_slot_write_api, PERM_PLACEMENT_WRITE },
	{ HTTP_DELETE, BASE "/slots/:id", record_api_archive, 0,
	  &training_slot_write_api, PERM_PLACEMENT_WRITE },
	{ HTTP_POST, BASE "/slots/:id/placements", record_api_action, 0,
	  &assign, PERM_PLACEMENT_WRITE },
	{ HTTP_GET, BASE "/placements", record_api_list, 0,
	  &training_placement_api, PERM_PLACEMENT_READ },
	{ HTTP_GET, BASE "/placements/:id", record_api_action, 0, &placement,
	  PERM_PLACEMENT_READ },
	{ HTTP_POST, BASE "/placements/:id/events", record_api_action, 0,
	  &end, PERM_PLACEMENT_WRITE },
	/* The placement's trainee writes, the slot's master confirms. */
	{ HTTP_POST, BASE "/placements/:id/logs", record_api_action, 0,
	  &log_add, PERM_PLACEMENT_LOG_WRITE },
	{ HTTP_POST, BASE "/placements/:id/evaluation", record_api_action, 0,
	  &evaluate, PERM_PLACEMENT_LOG_WRITE },
	RECORD_API_READ_ROUTES(BASE "/placement-logs", &log_api,
			       PERM_PLACEMENT_LOG_READ),
	{ HTTP_POST, BASE "/placement-logs/:id/confirm", record_api_action, 0,
	  &log_confirm, PERM_PLACEMENT_LOG_CONFIRM },
	RECORD_API_READ_ROUTES(BASE "/placement-evaluations", &evaluation_api,
			       PERM_PLACEMENT_LOG_READ),
	RECORD_API_READ_ROUTES(BASE "/skill-certificates",
			       &training_skill_cert_api, PERM_CERT_READ),
	RECORD_API_WRITE_ROUTES(BASE "/skill-certificates",
				&training_skill_cert_write_api, PERM_CERT_WRITE),
	/* Staff, or the cohort's teacher, assess; staff issue. */
	{ HTTP_POST, BASE "/enrolments/:id/assessments", record_api_action, 0,
	  &assess, PERM_TRAINING_TEACH },
	RECORD_API_READ_ROUTES(BASE "/certificates",
			       &training_certificate_api, PERM_CERT_READ),
	{ HTTP_POST, BASE "/enrolments/:id/certificate", record_api_action, 0,
	  &issue, PERM_CERT_WRITE },
	{ HTTP_GET, BASE "/figures", figures, 0, NULL,
	  PERM_TRAINING_FIGURES },
	/* The records behind a figure name people: staff. */
	{ HTTP_GET, BASE "/figures/:figure", figure_rows, 0, NULL,
	  PERM_PERSON_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
