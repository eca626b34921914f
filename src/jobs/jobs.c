/*
 * jobs.c - the registered jobs and the runner (jobs.h): claim a run, do the
 * work in a transaction, record how it went.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "jobs/jobs_int.h"
#include "page/page.h"

/*
 * Every job the modules registered at start-up (jobs_register()), in name
 * order; read-only once serving or running begins.
 */
#define JOBS_MAX 64
static const struct job_def *defs[JOBS_MAX];
static size_t ndefs;

/* Who runs jobs here, for the run log (jobs_set_server_name()). */
static char server_name[JOBS_SERVER_NAME_MAX + 1];

void
jobs_set_server_name(const char *name)
{
	snprintf(server_name, sizeof(server_name), "%s", name);
}

/* The name of this process in the run log: as set, else the host's. */
static const char *
run_by(void)
{
	if (!server_name[0] &&
	    gethostname(server_name, sizeof(server_name) - 1))
		snprintf(server_name, sizeof(server_name), "unknown");
	return server_name;
}

void
jobs_register(const struct job_def *jobs)
{
	for (; jobs->name; jobs++) {
		size_t at = ndefs;

		assert(ndefs < JOBS_MAX && !jobs_find(jobs->name));
		while (at > 0 && strcmp(defs[at - 1]->name, jobs->name) > 0) {
			defs[at] = defs[at - 1];
			at--;
		}
		defs[at] = jobs;
		ndefs++;
	}
}

const struct job_def *const *
jobs_defs(size_t *n)
{
	*n = ndefs;
	return defs;
}

const struct job_def *
jobs_find(const char *name)
{
	for (size_t i = 0; name && i < ndefs; i++)
		if (!strcmp(defs[i]->name, name))
			return defs[i];
	return NULL;
}

/*
 * Claim a run of `job`: in one transaction, holding the job's lock (so
 * that of several servers whose timers fire at once one claims it and the
 * others find it done or running), give up runs gone stale, check that
 * the job is due (with `if_due`) and insert the "running" row. 0 with *id
 * (0 when not due), ERR_CONFLICT if a run is going on.
 */
static int
claim(struct db *db, struct arena *a, const struct job_def *job, bool if_due,
      int64_t *id)
{
	char now[32], stale[32], due[32];
	const char *last = NULL;
	int64_t n;
	int rc;

	*id = 0;
	time_now_utc(now);
	time_utc_in(stale, -job->stale_seconds);
	time_utc_in(due, -job->interval_seconds);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_job_lock(db, job->name);
	if (!rc)
		rc = store_job_fail_stale(db, job->name, stale, now, &n);
	if (!rc && if_due)
		rc = store_job_last_start(db, a, job->name, &last);
	/* Not due: no run, but the cleanup is kept. */
	if (!rc && !(last && strcmp(last, due) > 0))
		rc = store_job_claim(db, job->name, now, run_by(), id);
	rc = db_end(db, rc);
	if (rc)
		*id = 0;
	return rc;
}

/* Record the end of run `id` and its audit row, in the open transaction. */
static int
finish(struct db *db, const struct audit_actor *actor,
       const struct job_def *job, int64_t id, bool ok, const char *message)
{
	const char *status = ok ? "ok" : "failed";
	char now[32];
	json_t *after;
	int rc;

	time_now_utc(now);
	rc = store_job_finish(db, id, status, message, now);
	if (rc)
		return rc;
	after = json_pack("{s:s,s:s,s:s}", "job", job->name, "status", status,
			  "message", message);
	rc = audit_write(db, actor, "run", "job", id, NULL, after);
	json_decref(after);
	return rc;
}

int
jobs_run(struct db *db, struct arena *a, const struct audit_actor *actor,
	 const struct job_def *job, bool if_due, struct job_result *res)
{
	struct buf msg;
	struct job_ctx ctx = { db, a, actor, &msg };
	int rc, work;

	memset(res, 0, sizeof(*res));
	rc = claim(db, a, job, if_due, &res->run_id);
	if (rc)
		return rc;
	if (!res->run_id) {
		res->skipped = true;
		res->message = "not due";
		return 0;
	}
	buf_init(&msg, a, 2000);
	rc = db_begin(db);
	if (rc)
		goto out_failed;
	work = job->run(&ctx);
	if (!work && buf_error(&msg)) {
		buf_reset(&msg);
		buf_addstr(&msg, "done (its message was too long to keep)");
	}
	if (!work)
		work = finish(db, actor, job, res->run_id, true, msg.ptr);
	rc = db_end(db, work);
	if (!rc) {
		res->ok = true;
		res->message = msg.ptr;
		return 0;
	}
out_failed:
	/*
	 * The work rolled back; record why, in a transaction of its own: the
	 * job's own words if it left some, else the error and the database's.
	 */
	if (buf_error(&msg) || !msg.len) {
		buf_reset(&msg);
		buf_addf(&msg, "%s%s%s", err_str(rc),
			 *db_errmsg(db) ? ": " : "", db_errmsg(db));
	}
	res->message = buf_error(&msg) ? err_str(rc) : msg.ptr;
	rc = db_begin(db);
	if (rc)
		return rc;
	return db_end(db, finish(db, actor, job, res->run_id, false,
				 res->message));
}

int
jobs_runs(struct db *db, const char *name, int64_t limit, int64_t offset,
	  json_t **items, int64_t *total)
{
	return store_job_runs(db, name, 0, limit, offset, items, total);
}

int
jobs_run_get(struct db *db, int64_t id, json_t **out)
{
	json_t *items;
	int64_t total;
	int rc = store_job_runs(db, NULL, id, 1, 0, &items, &total);

	*out = NULL;
	if (!rc && json_array_size(items) == 0)
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}

const char *
jobs_text(const char *lang, const struct job_def *job, const char *what)
{
	char key[128];
	const char *s;

	snprintf(key, sizeof(key), "jobs.defs.%s.%s", job->name, what);
	s = page_text_in(lang, key);
	return s == key ? job->name : s;
}

/* When a job is next due: its last start plus its interval, or now. */
static json_t *
next_due(const struct job_def *job, json_t *last)
{
	const char *started = json_string_value(json_object_get(last,
							        "started_at"));
	char out[32];
	time_t t;

	if (started && !time_parse_utc(started, &t))
		time_format_utc(t + job->interval_seconds, out, sizeof(out));
	else
		time_now_utc(out);
	return json_string(out);
}

int
jobs_list(struct db *db, json_t **out)
{
	int rc = 0;

	*out = json_array();
	for (size_t i = 0; !rc && i < ndefs; i++) {
		const struct job_def *job = defs[i];
		json_t *items, *last;
		int64_t total;

		rc = store_job_runs(db, job->name, 0, 1, 0, &items, &total);
		if (rc) {
			json_decref(items);
			break;
		}
		last = json_array_get(items, 0);
		json_array_append_new(*out, json_pack(
			"{s:s,s:s,s:s,s:I,s:O?,s:o,s:I}",
			"name", job->name, "label", jobs_text("zh-CN", job,
								"label"),
			"description", jobs_text("en", job, "description"),
			"interval_seconds", (json_int_t)job->interval_seconds,
			"last_run", last,
			"next_run_at", next_due(job, last),
			"runs", (json_int_t)total));
		json_decref(items);
	}
	return rc;
}
