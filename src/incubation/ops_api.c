/*
 * ops_api.c - the JSON API of the incubator's operations (ops.h):
 *
 *	/api/v1/incubation/buildings, /floors, /units       space (staff)
 *	/api/v1/incubation/leases          a startup reads its own
 *	/api/v1/incubation/report-templates, /report-periods
 *	GET  /api/v1/incubation/report-periods/{id}/startups  who owes it
 *	GET|POST /api/v1/incubation/reports, GET|PATCH .../{id}
 *	POST /api/v1/incubation/reports/{id}/submit|accept|return
 *	GET  /api/v1/incubation/occupancy?on=DATE
 *	GET  /api/v1/incubation/startups/{org_id}/area   area over time
 *
 * The plain tables use the generic record API; reports go through the
 * rules of reports.c.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "incubation/incubation_int.h"
#include "incubation/ops.h"
#include "incubation/ops_api.h"
#include "jobs/jobs.h"
#include "record/api.h"

const struct record_api inc_building_api = {
	&inc_building_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ NULL },
};

const struct record_api inc_floor_api = {
	&inc_floor_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ "building_id", NULL },
};

const struct record_api inc_unit_api = {
	&inc_unit_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ "floor_id", "kind", NULL },
};

/*
 * Leases: staff see all; a startup's enterprise account sees its own, and
 * another startup's lease is not there for it.
 */
static int
lease_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), PERM_INC_LEASE_READ, &org);

	if (rc)
		return rc;
	if (org < 0)
		return ERR_FORBIDDEN;
	if (rec)
		return !org || json_integer_value(json_object_get(rec,
			"org_id")) == org ? 0 : ERR_NOTFOUND;
	if (f && org > 0) {
		f->scope_col = "org_id";
		f->scope_col_val = org;
	}
	return 0;
}

const struct record_api inc_lease_api = {
	&inc_lease_table, PERM_INC_LEASE_READ, PERM_INC_SPACE_WRITE,
	{ "unit_id", "org_id", NULL }, NULL, 0, lease_scope,
};

const struct record_api inc_template_api = {
	&inc_template_table, PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP,
	{ "kind", NULL },
};

const struct record_api inc_period_api = {
	&inc_period_table, PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP,
	{ "template_id", NULL },
};

/* Query argument `name` as a positive id into *out (0 when absent). */
static int
query_id(struct request *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end;

	*out = 0;
	if (!v || !*v)
		return 0;
	*out = strtoll(v, &end, 10);
	if (*end || *out <= 0 || strspn(v, "0123456789") != strlen(v))
		return http_fail(r, ERR_INVALID, name,
				 "%s must be a whole number", name);
	return 0;
}

int
inc_api_report_filter(struct request *r, struct inc_report_filter *f)
{
	const char *status = http_query(r, "status");
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = api_paging(r, &f->limit, &f->offset)) ||
	    (rc = query_id(r, "period_id", &f->period_id)) ||
	    (rc = query_id(r, "org_id", &f->org_id)))
		return rc;
	if (status && *status) {
		for (const char *const *s = inc_report_states; *s; s++)
			if (!strcmp(*s, status))
				f->status = *s;
		if (!f->status)
			return http_fail(r, ERR_INVALID, "status",
					 "status is not one of the allowed "
					 "values");
	}
	return 0;
}

/* GET /api/v1/incubation/reports */
static int
get_reports(struct request *r)
{
	struct inc_report_filter f;
	json_t *items;
	int64_t total;
	int rc;

	if ((rc = inc_api_report_filter(r, &f)))
		return rc;
	rc = inc_report_list(r->db, auth_principal(r), &f, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, api_list(items, total, f.limit, f.offset));
}

/* Answer with report `id` as the caller sees it. */
static int
send_report(struct request *r, int status, int64_t id)
{
	json_t *rep;
	int rc = inc_report_get(r->db, auth_principal(r), id, &rep);

	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	return rc ? rc : http_json(r, status, rep);
}

/* GET /api/v1/incubation/reports/{id} */
static int
get_report(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : send_report(r, 200, id);
}

/* POST /api/v1/incubation/reports: a draft. */
static int
post_report(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if (!auth_principal(r))
		return ERR_UNAUTH;
	if ((rc = http_read_json(r, &body)))
		return rc;
	rc = inc_report_create(r->db, auth_principal(r), body, &id, &pb);
	return rc ? http_problem(r, rc, &pb) : send_report(r, 201, id);
}

/* PATCH /api/v1/incubation/reports/{id} */
static int
patch_report(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = inc_report_update(r->db, auth_principal(r), id, body, &pb);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	return rc ? http_problem(r, rc, &pb) : send_report(r, 200, id);
}

/* POST /api/v1/incubation/reports/{id}/submit */
static int
post_submit(struct request *r)
{
	struct problem pb = { 0 };
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_report_submit(r->db, auth_principal(r), id, &pb);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	return rc ? http_problem(r, rc, &pb) : send_report(r, 200, id);
}

/* Accept or return: the body {comment} is optional to accept. */
static int
review(struct request *r, bool accept)
{
	static const char *const allowed[] = { "comment", NULL };
	struct problem pb = { 0 };
	const char *comment = NULL;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	if (r->body_len || !accept) {
		if ((rc = http_read_json(r, &body)) ||
		    (rc = api_only(r, body, allowed)) ||
		    (rc = api_string(r, body, "comment", !accept, &comment)))
			return rc;
	}
	rc = inc_report_review(r->db, auth_principal(r), id, accept, comment,
			       &pb);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	return rc ? http_problem(r, rc, &pb) : send_report(r, 200, id);
}

static int
post_accept(struct request *r)
{
	return review(r, true);
}

static int
post_return(struct request *r)
{
	return review(r, false);
}

/* GET /api/v1/incubation/report-periods/{id}/startups */
static int
get_period_startups(struct request *r)
{
	json_t *items;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_REPORT_REVIEW, 0)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_period_startups(r->db, id, &items);
	if (rc == ERR_NOTFOUND)
		rc = http_fail(r, rc, NULL, "no such period");
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

int
inc_api_date(struct request *r, const char *name, char out[11])
{
	const char *v = http_query(r, name);

	if (!v || !*v) {
		time_today_beijing(out);
		return 0;
	}
	if (!date_valid(v))
		return http_fail(r, ERR_INVALID, name,
				 "%s must be a date, YYYY-MM-DD", name);
	memcpy(out, v, 11);
	return 0;
}

/* GET /api/v1/incubation/occupancy?on=DATE (default today) */
static int
get_occupancy(struct request *r)
{
	struct inc_occupancy o;
	json_t *buildings;
	char on[11];
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_SPACE_READ, 0)) ||
	    (rc = inc_api_date(r, "on", on)))
		return rc;
	rc = inc_occupancy(r->db, on, &o, &buildings);
	if (rc)
		return rc;
	return http_json(r, 200, json_pack("{s:s,s:I,s:I,s:I,s:I,s:o}",
		"on", on, "units", (json_int_t)o.units, "units_leased",
		(json_int_t)o.units_leased, "area", (json_int_t)o.area,
		"area_leased", (json_int_t)o.area_leased, "buildings",
		buildings));
}

/* GET /api/v1/incubation/startups/{id}/area: a startup reads its own. */
static int
get_area(struct request *r)
{
	json_t *steps, *leases;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "org_id", &id)))
		return rc;
	rc = auth_require(auth_principal(r), PERM_INC_LEASE_READ, id);
	if (rc == ERR_FORBIDDEN && auth_principal(r)->org_id > 0)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	if (rc)
		return rc;
	rc = inc_area_history(r->db, id, &steps, &leases);
	if (rc) {
		http_own(r, steps);
		http_own(r, leases);
		return rc;
	}
	return http_json(r, 200, json_pack("{s:I,s:o,s:o}", "org_id",
		(json_int_t)id, "steps", steps, "leases", leases));
}

#define RECORD_ROUTES(path, api)					\
	{ HTTP_GET, path, record_api_list, 0, api },			\
	{ HTTP_POST, path, record_api_create, 0, api },			\
	{ HTTP_GET, path "/:id", record_api_get, 0, api },		\
	{ HTTP_PATCH, path "/:id", record_api_update, 0, api },		\
	{ HTTP_DELETE, path "/:id", record_api_archive, 0, api }

const struct route inc_ops_api_routes[] = {
	RECORD_ROUTES("/api/v1/incubation/buildings", &inc_building_api),
	RECORD_ROUTES("/api/v1/incubation/floors", &inc_floor_api),
	RECORD_ROUTES("/api/v1/incubation/units", &inc_unit_api),
	RECORD_ROUTES("/api/v1/incubation/leases", &inc_lease_api),
	RECORD_ROUTES("/api/v1/incubation/report-templates",
		      &inc_template_api),
	RECORD_ROUTES("/api/v1/incubation/report-periods", &inc_period_api),
	{ HTTP_GET, "/api/v1/incubation/report-periods/:id/startups",
	  get_period_startups, 0, NULL },
	{ HTTP_GET, "/api/v1/incubation/reports", get_reports, 0, NULL },
	{ HTTP_POST, "/api/v1/incubation/reports", post_report, 0, NULL },
	{ HTTP_GET, "/api/v1/incubation/reports/:id", get_report, 0, NULL },
	{ HTTP_PATCH, "/api/v1/incubation/reports/:id", patch_report, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/incubation/reports/:id/submit", post_submit, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/incubation/reports/:id/accept", post_accept, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/incubation/reports/:id/return", post_return, 0,
	  NULL },
	{ HTTP_GET, "/api/v1/incubation/occupancy", get_occupancy, 0, NULL },
	{ HTTP_GET, "/api/v1/incubation/startups/:org_id/area", get_area, 0,
	  NULL },
	{ 0, NULL, NULL, 0, NULL },
};

/* Its jobs, registered with its routes (src/cli/modules.c). */
const struct job_def incubation_jobs[] = {
	{ "incubation.report_reminders", "企业报表提醒",
	  "tell startups that owe a periodic report that its deadline is "
	  "near, and again once it has passed",
	  86400, 3600, inc_report_reminders_job },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
