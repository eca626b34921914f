/*
 * api_review.c - the JSON API of applications and their review (web/api/
 * incubation.json), as a route table:
 *
 *	GET   /api/v1/incubation/applications		own, or all (staff)
 *	POST  /api/v1/incubation/applications		a new draft
 *	GET   /api/v1/incubation/applications/:id
 *	PATCH /api/v1/incubation/applications/:id	edit a draft
 *	POST  /api/v1/incubation/applications/:id/submit
 *	POST  /api/v1/incubation/applications/:id/decision	staff
 *	GET   /api/v1/incubation/rounds			staff, or own rounds
 *	POST  /api/v1/incubation/rounds			staff
 *	POST  /api/v1/incubation/rounds/:id/reviewers	staff
 *	POST  /api/v1/incubation/rounds/:id/applications	staff
 *	POST  /api/v1/incubation/rounds/:id/close	staff
 *	PUT   /api/v1/incubation/rounds/:id/applications/:app_id/score
 *	GET   /api/v1/incubation/rounds/:id/applications/:app_id/scores
 *
 * Who sees an application: staff, its applicant, and the reviewers of its
 * round; anyone else gets 404. Scores are never part of an application:
 * only staff and the round's reviewers read them, and before the round
 * closes a reviewer sees only their own. The steps are the rules of
 * rules_review.c, named in the rows.
 */
#include "base/err.h"
#include "http/api.h"
#include "incubation/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/pages.h"
#include "record/record.h"

/*
 * Applications: staff see every one; an applicant or a startup's account
 * its own and those of its startup.
 */
static int
app_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	(void)rec;
	return inc_scope_account(r, f, PERM_INC_APPLY, INC_OWN_APPS_SQL);
}

/* Read through their view; written by their rules and /apply. */
const struct record_api inc_app_api = {
	&inc_application_rows, PERM_INC_APPLY, PERM_NONE,
	{ "status", "round_id", NULL }, NULL, 0, app_scope,
};

/* GET /api/v1/incubation/applications/:id */
static int
get_application(struct request *r)
{
	struct problem pb = { 0 };
	json_t *app;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_app_visible(r->db, auth_principal(r), id, &app, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	/* A reviewer reads the contact's telephone masked (PRIVACY.md). */
	record_mask_personal(r, &inc_application_rows, app);
	return http_json(r, 200, app);
}

/* GET /api/v1/incubation/rounds: all for staff, a reviewer's own. */
static int
get_rounds(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *items, *round, *rubric;
	size_t i;
	int rc = inc_round_list(r->db, auth_is_staff(p) ? 0 : p->account_id,
				&items);

	http_own(r, items);
	if (rc)
		return rc;
	json_array_foreach(items, i, round) {
		rubric = json_loads(record_text(round, "rubric"), 0, NULL);
		json_object_set_new(round, "rubric", rubric ? rubric :
				    json_array());
	}
	return http_json(r, 200, json_pack("{s:O}", "items", items));
}

/* GET /api/v1/incubation/rounds/:id/applications/:app_id/scores */
static int
get_scores(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *out;
	int64_t round, app;
	int rc;

	if ((rc = http_param_id(r, "id", &round)) ||
	    (rc = http_param_id(r, "app_id", &app)))
		return rc;
	rc = incubation_scores(r->db, round, app, p->account_id,
			       auth_is_staff(p), &out);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such round");
	if (rc == ERR_FORBIDDEN)
		return http_fail(r, rc, NULL, "only staff and the round's "
				 "reviewers read its scores");
	return rc ? rc : http_json(r, 200, out);
}

RECORD_API_STEP(draft, inc_app_draft, 201);
static const struct record_action change = { inc_app_change };
static const struct record_action submit = { inc_app_submit };
static const struct record_action decide = { inc_app_decide };
RECORD_API_STEP(open_round, inc_round_create, 201);
static const struct record_action add_reviewer = { inc_round_add_reviewer };
static const struct record_action add_application = {
	inc_round_add_application
};
static const struct record_action close_round = { inc_round_close };
static const struct record_action score = { inc_score };

#define BASE "/api/v1/incubation"

const struct route inc_review_api_routes[] = {
	{ HTTP_GET, BASE "/applications", record_api_list, 0, &inc_app_api,
	  PERM_INC_APPLY },
	{ HTTP_POST, BASE "/applications", record_api_action, 0, &draft,
	  PERM_INC_APPLY },
	{ HTTP_GET, BASE "/applications/:id", get_application,
	  ROUTE_SIGNED_IN, NULL, PERM_NONE },
	{ HTTP_PATCH, BASE "/applications/:id", record_api_action, 0, &change,
	  PERM_INC_APPLY },
	{ HTTP_POST, BASE "/applications/:id/submit", record_api_action, 0,
	  &submit, PERM_INC_APPLY },
	{ HTTP_POST, BASE "/applications/:id/decision", record_api_action, 0,
	  &decide, PERM_INC_WRITE, &route_irreversible },
	{ HTTP_GET, BASE "/rounds", get_rounds, 0, NULL, PERM_INC_REVIEW },
	{ HTTP_POST, BASE "/rounds", record_api_action, 0, &open_round,
	  PERM_INC_WRITE },
	{ HTTP_POST, BASE "/rounds/:id/reviewers", record_api_action, 0,
	  &add_reviewer, PERM_INC_WRITE },
	{ HTTP_POST, BASE "/rounds/:id/applications", record_api_action, 0,
	  &add_application, PERM_INC_WRITE },
	{ HTTP_POST, BASE "/rounds/:id/close", record_api_action, 0,
	  &close_round, PERM_INC_WRITE, &route_irreversible },
	{ HTTP_PUT, BASE "/rounds/:id/applications/:app_id/score",
	  record_api_action, 0, &score, PERM_INC_REVIEW },
	{ HTTP_GET, BASE "/rounds/:id/applications/:app_id/scores",
	  get_scores, ROUTE_SIGNED_IN, NULL, PERM_NONE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
