/*
 * api.c - the jobs' JSON API, for admins (PERM_JOBS_RUN):
 *
 *	GET  /api/v1/jobs		every job with its last run
 *	POST /api/v1/jobs/{name}/run	run it now; answers the run
 *	GET  /api/v1/jobs/{name}/runs	its run log, newest first
 */
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/http.h"
#include "jobs/api.h"
#include "jobs/jobs.h"

/* The job named in the path, after the permission check. */
static int
find(struct request *r, const struct job_def **job)
{
	int rc = auth_require(auth_principal(r), PERM_JOBS_RUN, 0);

	if (rc)
		return rc;
	*job = jobs_find(http_param(r, "name"));
	return *job ? 0 : http_fail(r, ERR_NOTFOUND, NULL, "no such job");
}

/* GET /api/v1/jobs */
static int
get_jobs(struct request *r)
{
	json_t *items;
	int rc = auth_require(auth_principal(r), PERM_JOBS_RUN, 0);

	if (rc)
		return rc;
	rc = jobs_list(r->db, &items);
	return api_list_answer(r, rc, items, (int64_t)json_array_size(items),
			       API_LIMIT_MAX, 0);
}

/* POST /api/v1/jobs/{name}/run: 200 with the run, "ok" or "failed". */
static int
post_run(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const struct job_def *job;
	struct job_result res;
	json_t *run;
	int rc;

	if ((rc = find(r, &job)))
		return rc;
	rc = jobs_run(r->db, &r->arena, &p->actor, job, false, &res);
	if (rc == ERR_CONFLICT)
		return http_fail(r, rc, NULL, "the job is running already");
	if (!rc)
		rc = jobs_run_get(r->db, res.run_id, &run);
	return rc ? rc : http_json(r, 200, run);
}

/* GET /api/v1/jobs/{name}/runs */
static int
get_runs(struct request *r)
{
	const struct job_def *job;
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = find(r, &job)) || (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = jobs_runs(r->db, job->name, limit, offset, &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

const struct route jobs_api_routes[] = {
	{ HTTP_GET, "/api/v1/jobs", get_jobs, 0, NULL, PERM_JOBS_RUN },
	{ HTTP_POST, "/api/v1/jobs/:name/run", post_run, 0, NULL,
	  PERM_JOBS_RUN, &route_irreversible },
	{ HTTP_GET, "/api/v1/jobs/:name/runs", get_runs, 0, NULL,
	  PERM_JOBS_RUN },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
