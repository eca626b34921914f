/*
 * api.c - the incubator's JSON API (web/api/incubation.json):
 *
 *	GET   /api/v1/incubation/figures?as_of=	the park's figures
 *	GET   /api/v1/incubation/startups	incubated startups as of
 *	POST  /api/v1/incubation/startups	admit a startup directly
 *	GET   /api/v1/incubation/startups/:org_id
 *	PATCH /api/v1/incubation/startups/:org_id	agreement, fees, space
 *	GET   /api/v1/incubation/startups/:org_id/events
 *	POST  /api/v1/incubation/startups/:org_id/events	graduate or exit
 *	GET   /api/v1/incubation/attention?as_of=	startups failing a check
 *	...   experts, assignments, sessions, projects, milestones and
 *	      investments: the record API over their tables, row-scoped
 *	GET   /api/v1/incubation/investments/totals?by=investor|target
 *
 * and the applications and review routes of apply.c and review.c.
 */
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "http/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/api.h"

int
inc_as_of(struct request *r, const char **as_of)
{
	const char *q = http_query(r, "as_of");
	char *today;

	if (q && *q) {
		if (!date_valid(q))
			return http_fail(r, ERR_INVALID, "as_of",
					 "as_of must be a date, YYYY-MM-DD");
		*as_of = q;
		return 0;
	}
	today = arena_alloc(&r->arena, 11, 1);
	if (!today)
		return ERR_NOMEM;
	time_today_beijing(today);
	*as_of = today;
	return 0;
}

/* Today in Beijing in the request's arena, for a scope's subquery. */
static const char *
arena_today(struct request *r)
{
	char *today = arena_alloc(&r->arena, 11, 1);

	if (today)
		time_today_beijing(today);
	return today;
}

/* Rows of a table scoped by the startup organisation in column `col`. */
static int
scope_by(struct request *r, struct record_filter *f, const json_t *rec,
	 const char *col)
{
	struct inc_scope s;
	bool yes;
	int rc = inc_scope_of(auth_principal(r), &s);

	if (rc)
		return rc;
	if (!rec) {
		if (s.all)
			return 0;
		f->scope_col = col;
		if (s.org_id) {
			f->scope_col_val = s.org_id;
		} else {
			f->scope_col_val = s.expert_person;
			f->scope_in = INC_EXPERT_ORGS_SQL;
			if (!(f->scope_in_text = arena_today(r)))
				return ERR_NOMEM;
		}
		return 0;
	}
	rc = inc_scope_has(r->db, &s, json_integer_value(json_object_get(rec,
			   col)), &yes);
	return rc ? rc : yes ? 0 : ERR_NOTFOUND;
}

static int
scope_org(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope_by(r, f, rec, "org_id");
}

static int
scope_target(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope_by(r, f, rec, "target_id");
}

/* A milestone belongs to its project's startup. */
static int
scope_milestone(struct request *r, struct record_filter *f,
		const json_t *rec)
{
	struct inc_scope s;
	int64_t org;
	bool yes;
	int rc = inc_scope_of(auth_principal(r), &s);

	if (rc || (!rec && s.all))
		return rc;
	if (!rec) {
		f->scope_col = "project_id";
		if (s.org_id) {
			f->scope_col_val = s.org_id;
			f->scope_in = INC_PROJECT_OF_ORG_SQL;
		} else {
			f->scope_col_val = s.expert_person;
			f->scope_in = INC_PROJECT_OF_EXPERT_SQL;
			if (!(f->scope_in_text = arena_today(r)))
				return ERR_NOMEM;
		}
		return 0;
	}
	rc = inc_project_org(r->db, json_integer_value(json_object_get(rec,
			     "project_id")), &org);
	if (!rc)
		rc = inc_scope_has(r->db, &s, org, &yes);
	return rc ? rc : yes ? 0 : ERR_NOTFOUND;
}

/*
 * Staff log any session; an expert logs its own sessions, with the
 * startups assigned to it.
 */
static int
session_may_write(struct request *r, const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	struct inc_scope s = { false, 0, 0 };
	int64_t person;
	bool yes;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (!auth_require(p, PERM_INC_WRITE, 0))
		return 0;
	if (!(p->roles & ROLE_EXPERT) || p->person_id <= 0)
		return ERR_FORBIDDEN;
	if (!rec)
		return 0;
	rc = inc_expert_person(r->db, json_integer_value(json_object_get(rec,
			       "expert_id")), &person);
	if (rc == ERR_NOTFOUND || (!rc && person != p->person_id))
		return http_fail(r, ERR_FORBIDDEN, "expert_id",
				 "an expert logs only their own sessions");
	if (rc)
		return rc;
	s.expert_person = p->person_id;
	rc = inc_scope_has(r->db, &s, json_integer_value(json_object_get(rec,
			   "org_id")), &yes);
	if (!rc && !yes)
		return http_fail(r, ERR_FORBIDDEN, "org_id", "an expert logs "
				 "sessions only with startups assigned to it");
	return rc;
}

const struct record_api inc_expert_api = {
	&inc_expert_table, PERM_INC_WRITE, PERM_INC_WRITE,
	{ "institution_id", "kind", NULL },
};

const struct record_api inc_assignment_api = {
	&inc_assignment_table, PERM_INC_READ, PERM_INC_WRITE,
	{ "expert_id", "org_id", NULL }, NULL, 0, scope_org,
};

const struct record_api inc_session_api = {
	&inc_session_table, PERM_INC_READ, PERM_INC_WRITE,
	{ "expert_id", "org_id", NULL }, NULL, 0, scope_org,
	session_may_write,
};

const struct record_api inc_project_api = {
	&inc_project_table, PERM_INC_READ, PERM_INC_WRITE,
	{ "expert_id", "org_id", "status", NULL }, NULL, 0, scope_org,
};

const struct record_api inc_milestone_api = {
	&inc_milestone_table, PERM_INC_READ, PERM_INC_WRITE,
	{ "project_id", NULL }, NULL, 0, scope_milestone,
};

const struct record_api investment_api = {
	&investment_table, PERM_INC_READ, PERM_INC_WRITE,
	{ "investor_id", "target_id", "kind", NULL }, NULL, 0, scope_target,
};

/* GET /api/v1/incubation/figures?as_of= */
static int
get_figures(struct request *r)
{
	const char *as_of;
	json_t *out;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_FIGURES, 0)) ||
	    (rc = inc_as_of(r, &as_of)))
		return rc;
	rc = incubation_figures(r->db, as_of, &out);
	if (rc) {
		http_own(r, out);
		return rc;
	}
	return http_json(r, 200, out);
}

/* The rules for a request, their storage in its arena. */
static int
rules(struct request *r, struct inc_rules *out)
{
	return incubation_rules_load(r->db, &r->arena, out);
}

/* GET /api/v1/incubation/startups?as_of=&state= */
static int
get_startups(struct request *r)
{
	const char *state = http_query(r, "state"), *as_of;
	struct inc_scope s;
	struct inc_rules ru;
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = inc_scope_of(auth_principal(r), &s)) ||
	    (rc = inc_as_of(r, &as_of)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (state && *state && strcmp(state, "in_park") &&
	    strcmp(state, "graduated") && strcmp(state, "exited"))
		return http_fail(r, ERR_INVALID, "state", "state must be "
				 "in_park, graduated or exited");
	if ((rc = rules(r, &ru)))
		return rc;
	rc = inc_startup_list(r->db, &s, as_of, &ru, state, limit, offset,
			      &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, api_list(items, total, limit, offset));
}

/* The startup of path parameter org_id if the caller may see it. */
static int
visible_startup(struct request *r, int64_t *org_id)
{
	struct inc_scope s;
	bool yes;
	int rc;

	if ((rc = inc_scope_of(auth_principal(r), &s)) ||
	    (rc = http_param_id(r, "org_id", org_id)))
		return rc;
	rc = inc_scope_has(r->db, &s, *org_id, &yes);
	if (!rc && !yes)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	return rc;
}

static int
send_startup(struct request *r, int64_t org_id, const char *as_of,
	     int status)
{
	struct inc_rules ru;
	json_t *rec;
	int rc;

	if ((rc = rules(r, &ru)))
		return rc;
	rc = inc_startup_get(r->db, org_id, as_of, &ru, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	return rc ? rc : http_json(r, status, rec);
}

/* GET /api/v1/incubation/startups/:org_id?as_of= */
static int
get_startup(struct request *r)
{
	const char *as_of;
	int64_t org_id;
	int rc;

	if ((rc = visible_startup(r, &org_id)) ||
	    (rc = inc_as_of(r, &as_of)))
		return rc;
	return send_startup(r, org_id, as_of, 200);
}

/* POST /api/v1/incubation/startups {org_id, admitted_on, ...} */
static int
post_startup(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	char today[11];
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	time_today_beijing(today);
	rc = record_validate(r->db, &incubation_table, body, true, &pb);
	if (!rc && strcmp(json_string_value(json_object_get(body,
		"admitted_on")), today) > 0)
		rc = problem(&pb, ERR_INVALID, "admitted_on",
			     "admitted_on must not be in the future");
	if (rc)
		return http_problem(r, rc, &pb);
	if ((rc = db_begin(r->db)))
		return rc;
	rc = inc_admit_in(r->db, &p->actor, body, &id, &pb);
	if (!rc)
		rc = db_commit(r->db);
	if (rc) {
		db_rollback(r->db);
		return http_problem(r, rc, &pb);
	}
	return send_startup(r, json_integer_value(json_object_get(body,
			    "org_id")), today, 201);
}

/* PATCH /api/v1/incubation/startups/:org_id */
static int
patch_startup(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *as_of;
	json_t *body;
	int64_t org_id, id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "org_id", &org_id)) ||
	    (rc = inc_as_of(r, &as_of)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = inc_incubation_id(r->db, org_id, &id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (!rc)
		rc = record_update(r->db, &incubation_table, &p->actor, id,
				   body, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return send_startup(r, org_id, as_of, 200);
}

/* GET /api/v1/incubation/startups/:org_id/events */
static int
get_events(struct request *r)
{
	int64_t org_id, id;
	json_t *items;
	int rc;

	if ((rc = visible_startup(r, &org_id)))
		return rc;
	rc = inc_incubation_id(r->db, org_id, &id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (rc || (rc = inc_events_of(r->db, org_id, &items)))
		return rc;
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* POST /api/v1/incubation/startups/:org_id/events {kind, on, ...} */
static int
post_event(struct request *r)
{
	static const char *const fields[] = {
		"kind", "on", "reason", "exit_reason", "basis", NULL
	};
	const struct principal *p = auth_principal(r);
	const char *kind, *on, *reason, *exit_reason, *basis;
	struct problem pb = { 0 };
	json_t *body, *items, *ev;
	int64_t org_id, id;
	size_t i;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "org_id", &org_id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "kind", true, &kind)) ||
	    (rc = api_string(r, body, "on", true, &on)) ||
	    (rc = api_string(r, body, "reason", false, &reason)) ||
	    (rc = api_string(r, body, "exit_reason", false, &exit_reason)) ||
	    (rc = api_string(r, body, "basis", false, &basis)))
		return rc;
	rc = incubation_event_append(r->db, &p->actor, org_id, kind, on,
				     exit_reason, basis, reason, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	if ((rc = inc_events_of(r->db, org_id, &items)))
		return rc;
	json_array_foreach(items, i, ev)
		if (json_integer_value(json_object_get(ev, "id")) == id)
			break;
	ev = json_incref(json_array_get(items, i));
	http_own(r, items);
	return ev ? http_json(r, 201, ev) : ERR_DB;
}

/* GET /api/v1/incubation/attention?as_of= */
static int
get_attention(struct request *r)
{
	const char *as_of;
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_WRITE, 0)) ||
	    (rc = inc_as_of(r, &as_of)))
		return rc;
	rc = incubation_attention(r->db, as_of, &items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{s:s,s:o}", "as_of", as_of,
					   "items", items));
}

/* GET /api/v1/incubation/investments/totals?by=investor|target */
static int
get_investment_totals(struct request *r)
{
	const char *by = http_query(r, "by");
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_WRITE, 0)))
		return rc;
	if (!by || (strcmp(by, "investor") && strcmp(by, "target")))
		return http_fail(r, ERR_INVALID, "by",
				 "by must be investor or target");
	rc = inc_investment_totals(r->db, !strcmp(by, "investor"), &items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

#define RECORD_ROUTES(path, api)					\
	{ HTTP_GET, path, record_api_list, 0, api },			\
	{ HTTP_POST, path, record_api_create, 0, api },			\
	{ HTTP_GET, path "/:id", record_api_get, 0, api },		\
	{ HTTP_PATCH, path "/:id", record_api_update, 0, api },		\
	{ HTTP_DELETE, path "/:id", record_api_archive, 0, api }

#define BASE "/api/v1/incubation"

const struct route incubation_api_routes[] = {
	{ HTTP_GET, BASE "/figures", get_figures, 0, NULL },
	{ HTTP_GET, BASE "/startups", get_startups, 0, NULL },
	{ HTTP_POST, BASE "/startups", post_startup, 0, NULL },
	{ HTTP_GET, BASE "/startups/:org_id", get_startup, 0, NULL },
	{ HTTP_PATCH, BASE "/startups/:org_id", patch_startup, 0, NULL },
	{ HTTP_GET, BASE "/startups/:org_id/events", get_events, 0, NULL },
	{ HTTP_POST, BASE "/startups/:org_id/events", post_event, 0, NULL },
	{ HTTP_GET, BASE "/attention", get_attention, 0, NULL },
	{ HTTP_GET, BASE "/investments/totals", get_investment_totals, 0,
	  NULL },
	{ HTTP_GET, BASE "/applications", inc_api_list_applications, 0,
	  NULL },
	{ HTTP_POST, BASE "/applications", inc_api_create_application, 0,
	  NULL },
	{ HTTP_GET, BASE "/applications/:id", inc_api_get_application, 0,
	  NULL },
	{ HTTP_PATCH, BASE "/applications/:id", inc_api_update_application,
	  0, NULL },
	{ HTTP_POST, BASE "/applications/:id/submit",
	  inc_api_submit_application, 0, NULL },
	{ HTTP_POST, BASE "/applications/:id/decision", inc_api_decide, 0,
	  NULL },
	{ HTTP_GET, BASE "/rounds", inc_api_list_rounds, 0, NULL },
	{ HTTP_POST, BASE "/rounds", inc_api_create_round, 0, NULL },
	{ HTTP_POST, BASE "/rounds/:id/reviewers", inc_api_round_reviewer, 0,
	  NULL },
	{ HTTP_POST, BASE "/rounds/:id/applications",
	  inc_api_round_application, 0, NULL },
	{ HTTP_POST, BASE "/rounds/:id/close", inc_api_close_round, 0, NULL },
	{ HTTP_PUT, BASE "/rounds/:id/applications/:app_id/score",
	  inc_api_put_score, 0, NULL },
	{ HTTP_GET, BASE "/rounds/:id/applications/:app_id/scores",
	  inc_api_get_scores, 0, NULL },
	RECORD_ROUTES(BASE "/experts", &inc_expert_api),
	RECORD_ROUTES(BASE "/assignments", &inc_assignment_api),
	RECORD_ROUTES(BASE "/sessions", &inc_session_api),
	RECORD_ROUTES(BASE "/projects", &inc_project_api),
	RECORD_ROUTES(BASE "/milestones", &inc_milestone_api),
	RECORD_ROUTES(BASE "/investments", &investment_api),
	{ 0, NULL, NULL, 0, NULL },
};
