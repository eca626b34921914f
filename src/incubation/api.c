/*
 * api.c - the incubator's JSON API (web/api/incubation.json) as a route
 * table, each row naming who may call it:
 *
 *	GET   /api/v1/incubation/figures?as_of=	the park's figures
 *	GET   /api/v1/incubation/startups	incubated startups as of
 *	POST  /api/v1/incubation/startups	admit a startup directly
 *	GET   /api/v1/incubation/startups/:id
 *	PATCH /api/v1/incubation/startups/:id	agreement, fees, space
 *	GET   /api/v1/incubation/startups/:id/events
 *	POST  /api/v1/incubation/startups/:id/events	graduate or exit
 *	GET   /api/v1/incubation/attention?as_of=	startups failing a check
 *	...   experts, assignments, sessions, projects, milestones and
 *	      investments: the record API over their tables, row-scoped
 *	POST  /api/v1/incubation/investments/import	XLSX or CSV
 *	GET   /api/v1/incubation/investments/totals?by=investor|target
 *
 * The startups' :id is their organisation's. Applications and review are
 * api_review.c, the space api_space.c, the reports api_reports.c.
 */
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "incubation/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

int
inc_as_of(struct request *r, const char **as_of)
{
	char *day = arena_alloc(&r->arena, TIME_DATE_LEN + 1, 1);

	*as_of = day;
	return day ? api_date(r, "as_of", day) : ERR_NOMEM;
}

/*
 * Rows of a table that belong to the startup in column `col` (or, with
 * `in`, to the startup of the row `in` names there: a milestone's
 * project): the caller's scope narrows a list or hides a record.
 */
static int
scope_by(struct request *r, struct record_filter *f, const json_t *rec,
	 const char *col, const char *org_in, const char *expert_in)
{
	struct inc_scope s;
	int64_t org;
	bool yes;
	int rc = inc_scope_of(auth_principal(r), &s);

	if (rc || (!rec && s.all))
		return rc;
	if (!rec) {
		f->scope_col = col;
		f->scope_col_val = s.org_id ? s.org_id : s.expert_person;
		f->scope_in = s.org_id ? org_in : expert_in;
		if (!s.org_id) {
			char *today = arena_alloc(&r->arena,
						  TIME_DATE_LEN + 1, 1);

			if (!today)
				return ERR_NOMEM;
			time_today_beijing(today);
			f->scope_in_text = today;
		}
		return 0;
	}
	org = record_int(rec, col);
	if (org_in && (rc = inc_project_org(r->db, org, &org)))
		return rc;
	rc = inc_scope_has(r->db, &s, org, &yes);
	return rc ? rc : yes ? 0 : ERR_NOTFOUND;
}

int
inc_scope_org(struct request *r, struct record_filter *f, const json_t *rec,
	      enum perm perm)
{
	struct record_filter mine = { 0 };
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), perm, &org);

	if (!rc && org < 0)
		rc = ERR_FORBIDDEN;
	if (rc)
		return rc;
	if (org > 0) {
		mine.scope_col = "org_id";
		mine.scope_col_val = org;
	}
	return record_scope_apply(&mine, f, rec);
}

int
inc_scope_account(struct request *r, struct record_filter *f,
		  enum perm perm, const char *ids_sql)
{
	const struct principal *p = auth_principal(r);

	if (!p)
		return ERR_UNAUTH;
	if (auth_is_staff(p))
		return 0;
	if (auth_may_call(p, perm))
		return ERR_FORBIDDEN;
	if (f) {
		f->scope_col = "id";
		f->scope_col_val = p->account_id;
		f->scope_in = ids_sql;
	}
	return 0;
}

static int
scope_org(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope_by(r, f, rec, "org_id", NULL, INC_EXPERT_ORGS_SQL);
}

static int
scope_target(struct request *r, struct record_filter *f, const json_t *rec)
{
	return scope_by(r, f, rec, "target_id", NULL, INC_EXPERT_ORGS_SQL);
}

/* A milestone belongs to its project's startup. */
static int
scope_milestone(struct request *r, struct record_filter *f,
		const json_t *rec)
{
	return scope_by(r, f, rec, "project_id", INC_PROJECT_OF_ORG_SQL,
			INC_PROJECT_OF_EXPERT_SQL);
}

/*
 * Staff log any session; an expert (PERM_INC_SESSION_WRITE, on its own
 * records) its own sessions, with the startups assigned to it, and none
 * when its account is tied to no person.
 */
static int
session_may_write(struct request *r, const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	struct inc_scope s = { false, 0, 0 };
	int64_t person;
	bool yes;
	int rc;

	if (!auth_require(p, PERM_INC_WRITE, 0))
		return 0;
	if ((rc = auth_may_call(p, PERM_INC_SESSION_WRITE)))
		return rc;
	if (p->person_id <= 0)
		return ERR_FORBIDDEN;
	if (!rec)
		return 0;
	rc = inc_expert_person(r->db, record_int(rec, "expert_id"), &person);
	if (rc == ERR_NOTFOUND || (!rc && person != p->person_id))
		return http_fail(r, ERR_FORBIDDEN, "expert_id",
				 "an expert logs only their own sessions");
	if (rc)
		return rc;
	s.expert_person = p->person_id;
	rc = inc_scope_has(r->db, &s, record_int(rec, "org_id"), &yes);
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
	&inc_session_table, PERM_INC_READ, PERM_INC_SESSION_WRITE,
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

	if ((rc = inc_as_of(r, &as_of)))
		return rc;
	rc = incubation_figures(r->db, as_of, &out);
	return api_answer(r, rc, out);
}

/* GET /api/v1/incubation/startups?as_of=&state= */
static int
get_startups(struct request *r)
{
	const char *state = http_query(r, "state"), *q = http_query(r, "q");
	const char *as_of;
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
	if (q && strlen(q) > 200)
		return http_fail(r, ERR_INVALID, "q", "q must be at most 200 "
				 "bytes");
	if ((rc = incubation_rules_load(r->db, &r->arena, &ru)))
		return rc;
	rc = inc_startup_search(r->db, &s, as_of, &ru, state, q, limit,
				offset, &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

int
inc_startup_visible(struct request *r, int64_t org_id)
{
	struct inc_scope s;
	bool yes;
	int rc = inc_scope_of(auth_principal(r), &s);

	if (!rc)
		rc = inc_scope_has(r->db, &s, org_id, &yes);
	if (!rc && !yes)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	return rc;
}

int
inc_startup_as_of(struct request *r, int64_t org_id, const char **as_of,
		  json_t **rec)
{
	struct inc_rules ru;
	int rc;

	*rec = NULL;
	if ((rc = inc_as_of(r, as_of)) ||
	    (rc = incubation_rules_load(r->db, &r->arena, &ru)))
		return rc;
	rc = inc_startup_get(r->db, org_id, *as_of, &ru, rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	return rc;
}

/* Answer startup `org_id` as of the query's date. */
static int
send_startup(struct request *r, int64_t org_id)
{
	const char *as_of;
	json_t *rec;
	int rc = inc_startup_as_of(r, org_id, &as_of, &rec);

	return rc ? rc : http_json(r, 200, rec);
}

/* GET /api/v1/incubation/startups/:id?as_of= */
static int
get_startup(struct request *r)
{
	int64_t org_id;
	int rc = http_param_id(r, "id", &org_id);

	if (!rc)
		rc = inc_startup_visible(r, org_id);
	return rc ? rc : send_startup(r, org_id);
}

/* PATCH /api/v1/incubation/startups/:id?as_of= */
static int
patch_startup(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *as_of;
	json_t *body;
	int64_t org_id, id;
	int rc;

	if ((rc = http_param_id(r, "id", &org_id)) ||
	    (rc = inc_as_of(r, &as_of)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = inc_incubation_id(r->db, org_id, &id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (!rc)
		rc = record_update(r->db, &incubation_table, &p->actor, id,
				   body, &pb);
	return rc ? http_problem(r, rc, &pb) : send_startup(r, org_id);
}

/* GET /api/v1/incubation/startups/:id/events */
static int
get_events(struct request *r)
{
	int64_t org_id, id;
	json_t *items;
	int rc;

	if ((rc = http_param_id(r, "id", &org_id)) ||
	    (rc = inc_startup_visible(r, org_id)))
		return rc;
	rc = inc_incubation_id(r->db, org_id, &id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (rc || (rc = inc_events_of(r->db, org_id, &items)))
		return rc;
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* GET /api/v1/incubation/attention?as_of= */
static int
get_attention(struct request *r)
{
	const char *as_of;
	json_t *items;
	int rc;

	if ((rc = inc_as_of(r, &as_of)))
		return rc;
	rc = incubation_attention(r->db, as_of, &items);
	return api_answer(r, rc, rc ? items : json_pack("{s:s,s:o}", "as_of",
							as_of, "items", items));
}

/* GET /api/v1/incubation/investments/totals?by=investor|target */
static int
get_investment_totals(struct request *r)
{
	const char *by = http_query(r, "by");
	json_t *items;
	int rc;

	if (!by || (strcmp(by, "investor") && strcmp(by, "target")))
		return http_fail(r, ERR_INVALID, "by",
				 "by must be investor or target");
	rc = inc_investment_totals(r->db, !strcmp(by, "investor"), &items);
	return api_answer(r, rc, rc ? items : json_pack("{s:o}", "items",
							items));
}

RECORD_API_STEP(admit, inc_startup_admit, 201);

RECORD_API_STEP(leave, inc_startup_leave, 201);
RECORD_API_STEP(reinstate, inc_startup_reinstate, 201);

#define BASE "/api/v1/incubation"

const struct route incubation_api_routes[] = {
	{ HTTP_GET, BASE "/figures", get_figures, 0, NULL, PERM_INC_FIGURES },
	{ HTTP_GET, BASE "/startups", get_startups, 0, NULL, PERM_INC_READ },
	{ HTTP_POST, BASE "/startups", record_api_action, 0, &admit,
	  PERM_INC_WRITE },
	{ HTTP_GET, BASE "/startups/:id", get_startup, 0, NULL,
	  PERM_INC_READ },
	{ HTTP_PATCH, BASE "/startups/:id", patch_startup, 0, NULL,
	  PERM_INC_WRITE },
	{ HTTP_GET, BASE "/startups/:id/events", get_events, 0, NULL,
	  PERM_INC_READ },
	{ HTTP_POST, BASE "/startups/:id/events", record_api_action, 0,
	  &leave, PERM_INC_WRITE, &route_irreversible },
	{ HTTP_POST, BASE "/startups/:id/reinstate", record_api_action, 0,
	  &reinstate, PERM_INC_WRITE, &route_irreversible },
	{ HTTP_GET, BASE "/attention", get_attention, 0, NULL,
	  PERM_INC_WRITE },
	{ HTTP_GET, BASE "/investments/totals", get_investment_totals, 0,
	  NULL, PERM_INC_WRITE },
	RECORD_API_ROUTES(BASE "/experts", &inc_expert_api, PERM_INC_WRITE,
			  PERM_INC_WRITE),
	RECORD_API_ROUTES(BASE "/assignments", &inc_assignment_api,
			  PERM_INC_READ, PERM_INC_WRITE),
	RECORD_API_ROUTES(BASE "/sessions", &inc_session_api, PERM_INC_READ,
			  PERM_INC_SESSION_WRITE),
	RECORD_API_ROUTES(BASE "/projects", &inc_project_api, PERM_INC_READ,
			  PERM_INC_WRITE),
	RECORD_API_ROUTES(BASE "/milestones", &inc_milestone_api,
			  PERM_INC_READ, PERM_INC_WRITE),
	RECORD_API_ROUTES(BASE "/investments", &investment_api, PERM_INC_READ,
			  PERM_INC_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/investments", &investment_api,
				PERM_INC_WRITE),
	{ 0, NULL, NULL, 0, NULL, 0 },
};
