/*
 * api_reports.c - the JSON API of the startups' periodic reports (web/
 * api/incubation-ops.json), as a route table:
 *
 *	/api/v1/incubation/report-templates, /report-periods
 *	GET  /api/v1/incubation/report-periods/:id/startups  who owes it
 *	GET|POST /api/v1/incubation/reports, GET|PATCH .../:id
 *	POST /api/v1/incubation/reports/:id/submit|accept|return
 *
 * Templates and periods are the kit's record API; reports go through the
 * rules of rules_reports.c, named in the rows.
 */
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "incubation/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

const struct record_api inc_template_api = {
	&inc_template_table, PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP,
	{ "kind", NULL },
};

const struct record_api inc_period_api = {
	&inc_period_table, PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP,
	{ "template_id", NULL },
};

/* Reports: staff see every report, a startup's account its own. */
static int
report_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	(void)rec;
	return inc_scope_org(r, f, NULL, PERM_INC_REPORT_READ);
}

/*
 * Reports are read through their view; the rules write them (never the
 * kit: write PERM_NONE).
 */
const struct record_api inc_report_api = {
	&inc_report_rows, PERM_INC_REPORT_READ, PERM_NONE,
	{ "period_id", "org_id", "status", NULL }, NULL, 0, report_scope,
};

/* GET /api/v1/incubation/reports?period_id=&org_id=&status=&q=&sort= */
static int
get_reports(struct request *r)
{
	struct record_filter f;
	json_t *items;
	int64_t total;
	int rc;

	if ((rc = record_api_filter(r, &inc_report_api, &f)) ||
	    (rc = record_api_sort(r, &inc_report_rows, &f)))
		return rc;
	rc = record_list(r->db, &inc_report_rows, &f, &items, &total);
	http_own(r, items);
	if (rc)
		return rc;
	inc_report_late(r->db, items);
	return http_json(r, 200, api_list(json_incref(items), total, f.limit,
					  f.offset));
}

int
inc_report_of(struct request *r, int64_t *id, json_t **rep)
{
	int rc = http_param_id(r, "id", id);

	*rep = NULL;
	if (rc)
		return rc;
	rc = inc_report_get(r->db, auth_principal(r), *id, rep);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	http_own(r, *rep);
	return rc;
}

/* GET /api/v1/incubation/reports/:id */
static int
get_report(struct request *r)
{
	json_t *rep;
	int64_t id;
	int rc = inc_report_of(r, &id, &rep);

	return rc ? rc : http_json(r, 200, json_incref(rep));
}

/* GET /api/v1/incubation/report-periods/:id/startups */
static int
get_period_startups(struct request *r)
{
	json_t *items;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_period_startups(r->db, id, &items);
	http_own(r, items);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such period");
	return rc ? rc : http_json(r, 200, json_pack("{s:O}", "items",
						     items));
}

RECORD_API_STEP(draft, inc_report_draft, 201);

static const struct record_action change = { inc_report_change };
static const struct record_action submit = { inc_report_submit };
static const struct record_action accept = { inc_report_accept };
static const struct record_action give_back = { inc_report_return };

#define BASE "/api/v1/incubation"

const struct route inc_report_api_routes[] = {
	RECORD_API_ROUTES(BASE "/report-templates", &inc_template_api,
			  PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP),
	RECORD_API_ROUTES(BASE "/report-periods", &inc_period_api,
			  PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP),
	{ HTTP_GET, BASE "/report-periods/:id/startups", get_period_startups,
	  0, NULL, PERM_INC_REPORT_REVIEW },
	{ HTTP_GET, BASE "/reports", get_reports, 0, NULL,
	  PERM_INC_REPORT_READ },
	{ HTTP_POST, BASE "/reports", record_api_action, 0, &draft,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_GET, BASE "/reports/:id", get_report, 0, NULL,
	  PERM_INC_REPORT_READ },
	{ HTTP_PATCH, BASE "/reports/:id", record_api_action, 0, &change,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_POST, BASE "/reports/:id/submit", record_api_action, 0,
	  &submit, PERM_INC_REPORT_WRITE },
	{ HTTP_POST, BASE "/reports/:id/accept", record_api_action, 0,
	  &accept, PERM_INC_REPORT_REVIEW },
	{ HTTP_POST, BASE "/reports/:id/return", record_api_action, 0,
	  &give_back, PERM_INC_REPORT_REVIEW, &route_irreversible },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
