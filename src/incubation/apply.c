/*
 * apply.c - the JSON API of applications and their review:
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
 * closes a reviewer sees only their own.
 */
#include <string.h>

#include "account/account.h"
#include "base/err.h"
#include "base/log.h"
#include "db/db.h"
#include "http/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

static bool
is_staff(const struct principal *p)
{
	return !auth_require(p, PERM_INC_WRITE, 0);
}

/* Application :id if the caller may see it, else a 404. */
static int
visible_application(struct request *r, int64_t *id, json_t **app)
{
	const struct principal *p = auth_principal(r);
	bool reviewer = false;
	int rc;

	*app = NULL;
	if (!p)
		return ERR_UNAUTH;
	if ((rc = http_param_id(r, "id", id)))
		return rc;
	rc = inc_app_get(r->db, *id, true, app);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such application");
	if (rc)
		return rc;
	if (is_staff(p) || inc_app_is_own(*app, p))
		return 0;
	rc = inc_is_reviewer(r->db, json_integer_value(json_object_get(*app,
			     "round_id")), p->account_id, &reviewer);
	if (!rc && reviewer)
		return 0;
	json_decref(*app);
	*app = NULL;
	return rc ? rc : http_fail(r, ERR_NOTFOUND, NULL,
				   "no such application");
}

/* The body's fields and team, refusing what the caller may not set. */
static int
read_application(struct request *r, json_t **fields, json_t **members)
{
	const struct principal *p = auth_principal(r);
	json_t *body, *plan;
	int64_t owner;
	int rc;

	*members = NULL;
	if ((rc = http_read_json(r, &body)))
		return rc;
	*members = json_incref(json_object_get(body, "members"));
	json_object_del(body, "members");
	if (json_object_get(body, "org_id") && !is_staff(p))
		rc = http_fail(r, ERR_INVALID, "org_id",
			       "org_id is set by the park's staff");
	plan = json_object_get(body, "plan_upload_id");
	if (!rc && json_is_integer(plan) && !is_staff(p)) {
		rc = inc_upload_owner(r->db, json_integer_value(plan), &owner);
		if (!rc && owner != p->account_id)
			rc = http_fail(r, ERR_INVALID, "plan_upload_id",
				       "plan_upload_id must be a file you "
				       "uploaded");
	}
	if (rc) {
		json_decref(*members);
		*members = NULL;
	}
	*fields = body;
	return rc;
}

int
inc_api_create_application(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *fields, *members, *app;
	int64_t id;
	int rc;

	if (!is_staff(p) && (rc = auth_require(p, PERM_INC_APPLY, 0)))
		return rc;
	if ((rc = read_application(r, &fields, &members)))
		return rc;
	rc = inc_app_create(r->db, &p->actor, is_staff(p) ? 0 :
			    p->account_id, fields, members, &id, &pb);
	json_decref(members);
	if (rc)
		return http_problem(r, rc, &pb);
	if ((rc = inc_app_get(r->db, id, true, &app)))
		return rc;
	return http_json(r, 201, app);
}

int
inc_api_get_application(struct request *r)
{
	json_t *app;
	int64_t id;
	int rc = visible_application(r, &id, &app);

	return rc ? rc : http_json(r, 200, app);
}

int
inc_api_update_application(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *app, *fields, *members;
	int64_t id;
	int rc = visible_application(r, &id, &app);

	if (rc)
		return rc;
	if (!is_staff(p) && json_integer_value(json_object_get(app,
	    "account_id")) != p->account_id) {
		json_decref(app);
		return http_fail(r, ERR_FORBIDDEN, NULL,
				 "only the applicant may edit an application");
	}
	json_decref(app);
	if ((rc = read_application(r, &fields, &members)))
		return rc;
	rc = inc_app_update(r->db, &p->actor, id, fields, members, &pb);
	json_decref(members);
	if (rc)
		return http_problem(r, rc, &pb);
	if ((rc = inc_app_get(r->db, id, true, &app)))
		return rc;
	return http_json(r, 200, app);
}

int
inc_api_submit_application(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *app;
	int64_t id;
	int rc = visible_application(r, &id, &app);

	if (rc)
		return rc;
	if (!is_staff(p) && json_integer_value(json_object_get(app,
	    "account_id")) != p->account_id) {
		json_decref(app);
		return http_fail(r, ERR_FORBIDDEN, NULL,
				 "only the applicant may submit");
	}
	json_decref(app);
	if ((rc = db_begin(r->db)))
		return rc;
	rc = incubation_application_submit_in(r->db, &p->actor, id, NULL,
					      &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	if ((rc = inc_app_get(r->db, id, true, &app)))
		return rc;
	return http_json(r, 200, app);
}

int
inc_api_decide(struct request *r)
{
	static const char *const fields[] = {
		"decision", "reason", "admission", NULL
	};
	const struct principal *p = auth_principal(r);
	const char *decision, *reason;
	struct problem pb = { 0 };
	json_t *body, *admission, *app;
	int64_t id, org_id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "decision", true, &decision)) ||
	    (rc = api_string(r, body, "reason", true, &reason)))
		return rc;
	admission = json_object_get(body, "admission");
	if (admission && !json_is_object(admission))
		return http_fail(r, ERR_INVALID, "admission",
				 "admission must be an object");
	if ((rc = db_begin(r->db)))
		return rc;
	rc = incubation_decide_in(r->db, &p->actor, id, decision, reason,
				  admission, &org_id, &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	if ((rc = inc_app_get(r->db, id, true, &app)))
		return rc;
	return http_json(r, 200, app);
}

int
inc_api_list_applications(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *status = http_query(r, "status");
	int64_t limit, offset, total, round_id;
	json_t *items;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (!is_staff(p) && (rc = auth_require(p, PERM_INC_APPLY, 0)))
		return rc;
	if ((rc = api_paging(r, &limit, &offset)) ||
	    (rc = api_query_id(r, "round_id", &round_id)))
		return rc;
	if (status && !*status)
		status = NULL;
	if (status && strcmp(status, "draft") && strcmp(status, "submitted") &&
	    strcmp(status, "admitted") && strcmp(status, "rejected") &&
	    strcmp(status, "waitlisted") && strcmp(status, "withdrawn"))
		return http_fail(r, ERR_INVALID, "status",
				 "status is not one of the allowed values");
	rc = inc_app_list(r->db, is_staff(p) ? 0 : p->account_id, p->org_id,
			  status, round_id, limit, offset, &items, &total);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return http_json(r, 200, api_list(items, total, limit, offset));
}

/* A round's rubric text as JSON, in place. */
static void
rubric_json(json_t *round)
{
	json_t *rubric = json_loads(json_string_value(json_object_get(round,
				    "rubric")), 0, NULL);

	json_object_set_new(round, "rubric", rubric ? rubric : json_array());
}

int
inc_api_list_rounds(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *items, *round;
	size_t i;
	int rc;

	if (!is_staff(p) && (rc = auth_require(p, PERM_INC_REVIEW, 0)))
		return rc;
	rc = inc_round_list(r->db, is_staff(p) ? 0 : p->account_id, &items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	json_array_foreach(items, i, round)
		rubric_json(round);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

int
inc_api_create_round(struct request *r)
{
	static const char *const fields[] = {
		"name", "opens_on", "closes_on", NULL
	};
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *body, *round;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = db_begin(r->db)))
		return rc;
	rc = incubation_round_open_in(r->db, &p->actor, body, &id, &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	if ((rc = record_get(r->db, &inc_round_table, id, &round)))
		return rc;
	rubric_json(round);
	return http_json(r, 201, round);
}

/* The round of path :id, staff only, then one action in a transaction. */
static int
round_action(struct request *r, const char *field,
	     int (*act)(struct db *, const struct audit_actor *, int64_t,
			int64_t, struct problem *))
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *fields[] = { field, NULL };
	json_t *body, *round;
	int64_t id, arg = 0;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	if (field && ((rc = http_read_json(r, &body)) ||
		      (rc = api_only(r, body, fields)) ||
		      (rc = api_int(r, body, field, true, 0, &arg))))
		return rc;
	if (field && arg <= 0)
		return http_fail(r, ERR_INVALID, field,
				 "%s must be a positive integer", field);
	if ((rc = db_begin(r->db)))
		return rc;
	rc = act(r->db, &p->actor, id, arg, &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	if ((rc = record_get(r->db, &inc_round_table, id, &round)))
		return rc;
	rubric_json(round);
	return http_json(r, 200, round);
}

static int
close_round(struct db *db, const struct audit_actor *actor, int64_t id,
	    int64_t unused, struct problem *pb)
{
	(void)unused;
	return incubation_round_close_in(db, actor, id, pb);
}

int
inc_api_round_reviewer(struct request *r)
{
	return round_action(r, "account_id", incubation_round_reviewer_in);
}

int
inc_api_round_application(struct request *r)
{
	return round_action(r, "application_id", incubation_round_add_in);
}

int
inc_api_close_round(struct request *r)
{
	return round_action(r, NULL, close_round);
}

int
inc_api_put_score(struct request *r)
{
	static const char *const fields[] = { "scores", "comment", NULL };
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *comment;
	json_t *body, *scores, *out;
	int64_t round, app;
	int rc;

	if (!is_staff(p) && (rc = auth_require(p, PERM_INC_REVIEW, 0)))
		return rc;
	if ((rc = http_param_id(r, "id", &round)) ||
	    (rc = http_param_id(r, "app_id", &app)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "comment", false, &comment)))
		return rc;
	scores = json_object_get(body, "scores");
	if (!json_is_object(scores))
		return http_fail(r, ERR_INVALID, "scores",
				 "scores must be an object of criterion: "
				 "score");
	if ((rc = db_begin(r->db)))
		return rc;
	rc = incubation_score_put(r->db, &p->actor, round, app, scores,
				  comment, &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	rc = incubation_scores(r->db, round, app, p->account_id, false, &out);
	return rc ? rc : http_json(r, 200, out);
}

int
inc_api_get_scores(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *out;
	int64_t round, app;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if ((rc = http_param_id(r, "id", &round)) ||
	    (rc = http_param_id(r, "app_id", &app)))
		return rc;
	rc = incubation_scores(r->db, round, app, p->account_id, is_staff(p),
			       &out);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such round");
	if (rc == ERR_FORBIDDEN)
		return http_fail(r, rc, NULL, "only staff and the round's "
				 "reviewers read its scores");
	return rc ? rc : http_json(r, 200, out);
}
