/*
 * pages.c - the admins' page of scheduled jobs (定时任务):
 *
 *	GET  /admin/jobs[?job=NAME]	the jobs, "run now", and the run log
 *	POST /admin/jobs/{name}/run	run one now
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/form.h"
#include "jobs/jobs.h"
#include "jobs/pages.h"
#include "page/page.h"

/* A job's text in the caller's language ("label", "description"). */
static const char *
job_text(struct request *r, const char *name, const char *what)
{
	return page_text_or(r, arena_printf(&r->arena, "jobs.defs.%s.%s",
					    name, what), name);
}

/*
 * A run as people read it: its job's label, its status by its catalog
 * key ("jobs.status_ok") and its result in the caller's language.
 */
static void
label_status(struct request *r, json_t *run)
{
	const char *s = json_string_value(json_object_get(run, "status"));
	const char *job = json_string_value(json_object_get(run, "job"));
	const char *message = json_string_value(json_object_get(run,
								"message"));

	if (job)
		json_object_set_new(run, "job_label", json_string(job_text(r,
			job, "label")));
	if (message)
		json_object_set_new(run, "message", json_string(page_message(r,
			message)));
	if (!s)
		return;
	json_object_set_new(run, "status_label", json_string(page_text(r,
		arena_printf(&r->arena, "jobs.status_%s", s))));
	json_object_set_new(run, "is_ok", json_boolean(!strcmp(s, "ok")));
	json_object_set_new(run, "is_failed", json_boolean(!strcmp(s,
								   "failed")));
}

/* GET /admin/jobs?job=NAME */
static int
get_jobs(struct request *r)
{
	const char *name = http_query(r, "job");
	const struct job_def *filter = name && *name ? jobs_find(name) : NULL;
	int64_t limit, offset, total;
	json_t *jobs, *runs, *row;
	size_t i;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_JOBS_RUN, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = jobs_list(r->db, &jobs);
	if (rc) {
		http_own(r, jobs);
		return rc;
	}
	rc = jobs_runs(r->db, filter ? filter->name : NULL, limit, offset,
		       &runs, &total);
	if (rc) {
		http_own(r, jobs);
		http_own(r, runs);
		return rc;
	}
	json_array_foreach(jobs, i, row) {
		json_t *last = json_object_get(row, "last_run");

		const char *job = json_string_value(json_object_get(row,
								    "name"));

		json_object_set_new(row, "label", json_string(job_text(r, job,
			"label")));
		json_object_set_new(row, "description", json_string(job_text(
			r, job, "description")));
		if (json_is_object(last))
			label_status(r, last);
		json_object_set_new(row, "selected", json_boolean(filter &&
			!strcmp(filter->name, json_string_value(
				json_object_get(row, "name")))));
		json_object_set_new(row, "interval_hours", json_real(
			(double)json_integer_value(json_object_get(row,
				"interval_seconds")) / 3600.0));
	}
	json_array_foreach(runs, i, row)
		label_status(r, row);
	return page_render(r, "jobs/list", "jobs.title",
		json_pack("{s:o,s:o,s:o}", "jobs", jobs, "runs", runs,
			  "pager", page_pager(r, total, limit, offset)));
}

/* POST /admin/jobs/{name}/run */
static int
post_run(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const struct job_def *job;
	struct job_result res;
	const struct form *f;
	int rc;

	if ((rc = auth_require(p, PERM_JOBS_RUN, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	job = jobs_find(http_param(r, "name"));
	if (!job)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such job");
	rc = jobs_run(r->db, &r->arena, &p->actor, job, false, &res);
	if (rc == ERR_CONFLICT) {
		page_flash(r, "error", "jobs.busy");
		return http_redirect(r, "/admin/jobs");
	}
	if (rc)
		return rc;
	page_flash(r, res.ok ? "success" : "error",
		   res.ok ? "jobs.ran" : "jobs.run_failed");
	return http_redirect(r, "/admin/jobs");
}

/* A job run now does what it does at once (http.h, route_confirm). */
static const struct route_confirm run_confirm = {
	"confirm.run_job", NULL, NULL,
};

const struct route jobs_page_routes[] = {
	{ HTTP_GET, "/admin/jobs", get_jobs, ROUTE_PAGE, NULL, PERM_JOBS_RUN },
	{ HTTP_POST, "/admin/jobs/:name/run", post_run, ROUTE_PAGE, NULL,
	  PERM_JOBS_RUN, &run_confirm },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The jobs' entry of the left menu (page.h). */
const struct page_menu_item jobs_menu[] = {
	{ ROLE_ADMIN, "menu.system", "/admin/jobs", "menu.jobs" },
	{ 0, NULL, NULL, NULL },
};
