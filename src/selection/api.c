/*
 * api.c - the JSON API of two-way selection as route data
 * (web/api/selection.json).
 *
 * Who reads what: rounds, everyone who may take part or watch; positions,
 * the open ones to everyone, a firm's own whatever their state (its list
 * is of its own: the round's page shows every open one), staff all; candidates, staff all and a trainee its own. Every step is a rule
 * of rules.c or rules_run.c through the kit's action handler; the lists of
 * a round go out as CSV files in the format of `jianggu match`, and a
 * regional fair's come in as such (fair.c).
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "record/action.h"
#include "record/api.h"
#include "selection/api.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

int
sel_position_scope(struct request *r, struct record_filter *f,
		   const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	const char *status;
	int rc;

	if ((rc = auth_may_call(p, PERM_SELECTION_READ)))
		return rc;
	if (auth_is_staff(p))
		return 0;
	if (rec) {
		status = json_string_value(json_object_get(rec, "status"));
		if ((status && !strcmp(status, "open")) ||
		    !auth_require(p, PERM_SELECTION_POST,
				  json_integer_value(json_object_get(rec,
								     "firm_id"))))
			return 0;
		return ERR_NOTFOUND;
	}
	if (!auth_require(p, PERM_SELECTION_POST, p->org_id)) {
		f->scope_col = "firm_id";
		f->scope_col_val = p->org_id;
	} else if (f->neq < 4) {
		f->eq_col[f->neq] = "status";
		f->eq_val[f->neq++] = "open";
	} else {
		return ERR_FORBIDDEN;
	}
	return 0;
}

int
sel_candidate_scope(struct request *r, struct record_filter *f,
		    const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	struct record_filter mine = { 0 };
	int rc;

	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	if (!auth_is_staff(p)) {
		mine.scope_col = "person_id";
		mine.scope_col_val = p->person_id;
	}
	return record_scope_apply(&mine, f, rec);
}

static const struct record_api round_api = {
	&selection_round_table, PERM_SELECTION_READ, PERM_SELECTION_MANAGE,
	{ "status", "year", "scope", NULL },
};

static const struct record_api position_api = {
	&selection_position_table, PERM_SELECTION_READ, PERM_NONE,
	{ "round_id", "firm_id", "status", NULL }, NULL, 0, sel_position_scope,
};

static const struct record_api candidate_api = {
	&selection_candidate_table, PERM_SELECTION_APPLY, PERM_NONE,
	{ "round_id", "person_id", "status", NULL }, NULL, 0,
	sel_candidate_scope,
};

RECORD_API_STEP(round_create, sel_round_create, 201);
RECORD_API_STEP(round_update, sel_round_update, 0);
RECORD_API_STEP(round_cohorts, sel_round_cohorts, 0);
RECORD_API_STEP(round_lock, sel_round_lock, 0);
RECORD_API_STEP(round_run, sel_round_run, 0);
RECORD_API_STEP(round_publish, sel_round_publish, 0);
RECORD_API_STEP(round_second, sel_second_round, 201);
RECORD_API_STEP(round_figures, sel_round_figures, 0);
RECORD_API_STEP(round_whatif, sel_round_whatif, 0);
RECORD_API_STEP(candidate_register, sel_candidate_register, 201);
RECORD_API_STEP(position_create, sel_position_create, 201);
RECORD_API_STEP(position_update, sel_position_update, 0);
RECORD_API_STEP(position_vet, sel_position_vet, 0);
RECORD_API_STEP(position_withdraw, sel_position_withdraw, 0);
RECORD_API_STEP(applicants, sel_applicants, 0);
RECORD_API_STEP(ranking_get, sel_ranking_get, 0);
RECORD_API_STEP(ranking_set, sel_ranking_set, 0);
RECORD_API_STEP(candidate_withdraw, sel_candidate_withdraw, 0);
RECORD_API_STEP(candidate_consent, sel_candidate_consent, 0);
RECORD_API_STEP(choices_get, sel_choices_get, 0);
RECORD_API_STEP(choices_set, sel_choices_set, 0);
RECORD_API_STEP(result_get, sel_result_get, 0);
RECORD_API_STEP(offer_accept, sel_offer_accept, 0);
RECORD_API_STEP(offer_decline, sel_offer_decline, 0);

/* The query of a retention request as the rule's input. */
json_t *
sel_retention_query(struct request *r)
{
	static const char *const names[] = { "as_of", "round_id", "firm_id",
					     "programme_id" };
	json_t *in = http_own(r, json_object());

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = http_query(r, names[i]);

		if (v && *v)
			json_object_set_new(in, names[i], json_string(v));
	}
	return in;
}

/* Rule `rule` on the query, answered as JSON. */
static int
retention_answer(struct request *r, record_rule_fn *rule)
{
	struct problem pb = { 0 };
	json_t *out = NULL;
	int rc;

	rc = rule(r->db, auth_principal(r), 0, sel_retention_query(r), &out,
		  &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, out);
}

/* GET /api/v1/selection/retention?as_of=&round_id=&firm_id=&programme_id= */
static int
retention_get(struct request *r)
{
	return retention_answer(r, sel_retention);
}

/* GET /api/v1/selection/retention/hires?...: the records behind it. */
static int
hires_get(struct request *r)
{
	return retention_answer(r, sel_retention_hires);
}

/* GET .../rounds/:id/lists/:name: one of the round's lists, as CSV. */
static int
lists_get(struct request *r)
{
	struct buf out;
	int64_t id;
	int rc;

	if (http_param_id(r, "id", &id))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	buf_init(&out, &r->arena, 0);
	rc = sel_list_csv(r->db, auth_principal(r), id,
			  http_param(r, "name"), &out);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such list, or the round is "
				 "not published");
	if (!rc)
		rc = buf_error(&out);
	if (rc)
		return rc;
	return http_send(r, 200, "text/csv; charset=utf-8", out.ptr,
			 out.len);
}

/*
 * POST .../rounds/:id/import: a regional fair's lists from the CSV files
 * of `jianggu match` (sel_round_import()). The report answers a success
 * and a dry run; a refusal is the error of DESIGN §3 with the report's
 * rows (file, line, column, key, message) as its `rows`.
 */
static int
import_post(struct request *r)
{
	struct problem pb = { 0 };
	json_t *in = NULL, *out = NULL, *err;
	int64_t id;
	int rc;

	if (http_param_id(r, "id", &id))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	if ((rc = http_read_json(r, &in)))
		return rc;
	if (!json_is_object(in))
		return http_fail(r, ERR_INVALID, NULL,
				 "the body must be a JSON object");
	rc = sel_round_import(r->db, auth_principal(r), id, in, &out, &pb);
	http_own(r, out);
	if (rc != ERR_INVALID || !out || !pb.message)
		return rc ? http_problem(r, rc, &pb) :
		       http_json(r, 200, json_incref(out));
	err = json_pack("{ss ss ss? ss? sO}", "code", err_code(rc), "message",
			pb.message, "field", pb.field, "key", pb.key, "rows",
			json_object_get(out, "errors"));
	return http_json(r, err_http_status(rc), json_pack("{so}", "error",
			 err));
}

#define R "/api/v1/selection/rounds"
#define P "/api/v1/selection/positions"
#define C "/api/v1/selection/candidates"

const struct route selection_api_routes[] = {
	RECORD_API_READ_ROUTES(R, &round_api, PERM_SELECTION_READ),
	{ HTTP_POST, R, record_api_action, 0, &round_create,
	  PERM_SELECTION_MANAGE },
	{ HTTP_PATCH, R "/:id", record_api_action, 0, &round_update,
	  PERM_SELECTION_MANAGE },
	{ HTTP_GET, R "/:id/cohorts", record_api_action, 0, &round_cohorts,
	  PERM_SELECTION_READ },
	{ HTTP_POST, R "/:id/import", import_post, ROUTE_LONG, NULL,
	  PERM_SELECTION_MANAGE },
	{ HTTP_POST, R "/:id/lock", record_api_action, 0, &round_lock,
	  PERM_SELECTION_MANAGE, &route_irreversible },
	{ HTTP_POST, R "/:id/run", record_api_action, ROUTE_LONG, &round_run,
	  PERM_SELECTION_MANAGE },
	{ HTTP_POST, R "/:id/publish", record_api_action, ROUTE_LONG,
	  &round_publish, PERM_SELECTION_MANAGE, &route_irreversible },
	{ HTTP_POST, R "/:id/second", record_api_action, 0, &round_second,
	  PERM_SELECTION_MANAGE },
	{ HTTP_GET, R "/:id/figures", record_api_action, 0, &round_figures,
	  PERM_SELECTION_READ },
	{ HTTP_GET, R "/:id/whatif", record_api_action, ROUTE_LONG,
	  &round_whatif, PERM_SELECTION_MANAGE },
	{ HTTP_POST, R "/:id/candidates", record_api_action, 0,
	  &candidate_register, PERM_SELECTION_APPLY },
	{ HTTP_GET, R "/:id/lists/:name", lists_get, 0, NULL,
	  PERM_SELECTION_LISTS },
	{ HTTP_GET, "/api/v1/selection/retention", retention_get, 0, NULL,
	  PERM_SELECTION_POST },
	{ HTTP_GET, "/api/v1/selection/retention/hires", hires_get, 0, NULL,
	  PERM_SELECTION_POST },
	RECORD_API_READ_ROUTES(P, &position_api, PERM_SELECTION_READ),
	{ HTTP_POST, P, record_api_action, 0, &position_create,
	  PERM_SELECTION_POST },
	{ HTTP_PATCH, P "/:id", record_api_action, 0, &position_update,
	  PERM_SELECTION_POST },
	{ HTTP_POST, P "/:id/vet", record_api_action, 0, &position_vet,
	  PERM_SELECTION_MANAGE },
	{ HTTP_POST, P "/:id/withdraw", record_api_action, 0,
	  &position_withdraw, PERM_SELECTION_POST },
	{ HTTP_GET, P "/:id/applicants", record_api_action, 0, &applicants,
	  PERM_SELECTION_POST },
	{ HTTP_GET, P "/:id/list", record_api_action, 0, &ranking_get,
	  PERM_SELECTION_POST },
	{ HTTP_POST, P "/:id/list", record_api_action, 0, &ranking_set,
	  PERM_SELECTION_POST },
	RECORD_API_READ_ROUTES(C, &candidate_api, PERM_SELECTION_APPLY),
	{ HTTP_POST, C "/:id/withdraw", record_api_action, 0,
	  &candidate_withdraw, PERM_SELECTION_APPLY },
	{ HTTP_POST, C "/:id/consent", record_api_action, 0,
	  &candidate_consent, PERM_SELECTION_APPLY },
	{ HTTP_GET, C "/:id/list", record_api_action, 0, &choices_get,
	  PERM_SELECTION_APPLY },
	{ HTTP_POST, C "/:id/list", record_api_action, 0, &choices_set,
	  PERM_SELECTION_APPLY },
	{ HTTP_GET, C "/:id/result", record_api_action, 0, &result_get,
	  PERM_SELECTION_APPLY },
	{ HTTP_POST, C "/:id/offer/accept", record_api_action, 0,
	  &offer_accept, PERM_SELECTION_APPLY },
	{ HTTP_POST, C "/:id/offer/decline", record_api_action, 0,
	  &offer_decline, PERM_SELECTION_APPLY },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
