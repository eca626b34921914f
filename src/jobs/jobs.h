/*
 * jobs.h - scheduled jobs (定时任务): housekeeping that runs every so often,
 * from a timer thread in the server or from `jianggu jobs run` under cron,
 * with every run recorded in the run log (table job_run).
 *
 * A module describes its jobs as a table (name, interval, the function)
 * and cli registers it at start-up, where it registers the module's
 * routes (src/cli/modules.c), so that this module names none above it:
 *
 *	const struct job_def report_jobs[] = {
 *		{ "reports.refresh", 3600, 600, reports_refresh_job },
 *		{ NULL },
 *	};
 *	jobs_register(report_jobs);
 *
 * What a job is called and what it does are the catalogs' text, in both
 * languages, at "jobs.defs.NAME.label" and ".description"
 * (web/i18n/LANG/jobs.json). Its result is one English line with its
 * figures ("deleted 3 sessions"), translated on the page through the
 * catalog's messages with each figure as {1}, {2}... (page_message()).
 *
 * A job function runs inside a write transaction that the runner opens and
 * commits: what it changes, its run's "ok" row and the run's audit row
 * commit together; if it returns an error, its changes roll back and the
 * run is recorded "failed" with its message. It should take seconds, not
 * minutes (on SQLite it holds the write lock meanwhile).
 *
 * One run at a time, on any number of servers: a run first commits a
 * job_run row with status "running"; a unique index over the job's name
 * where status = 'running' (migration 0003, both back ends) makes a second
 * claim fail with ERR_CONFLICT, whichever server makes it. A "running" row
 * older than the job's `stale_seconds` is taken for a run that died with
 * its server: the next claim marks it "failed" and goes ahead. A job is
 * due when no run of it started within its interval; the due check and the
 * claim are one transaction, so two timers that wake together run it once.
 */
#ifndef JG_JOBS_H
#define JG_JOBS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

struct audit_actor;
struct db;

/* What a job function gets: the connection (inside the runner's write
 * transaction), an arena, the actor, and a buffer for its one-line result
 * ("deleted 3 sessions"), kept in the run log. */
struct job_ctx {
	struct db *db;
	struct arena *arena;
	const struct audit_actor *actor;
	struct buf *message;
};

/* A job's work: 0, or an error code (its message says why). */
typedef int job_fn(struct job_ctx *ctx);

struct job_def {
	const char *name;		/* "module.what", at most 64 chars */
	long interval_seconds;		/* how often it is due */
	long stale_seconds;		/* a run "running" longer is dead */
	job_fn *run;
};

/*
 * Add a module's jobs (an array ended by a row whose name is NULL, which
 * must outlive every run), before the timer starts or a job is run. Names
 * are unique across modules (asserted).
 */
void jobs_register(const struct job_def *jobs);

/* The registered jobs, in name order; *n receives how many. */
const struct job_def *const *jobs_defs(size_t *n);

/* The job called `name`, or NULL. */
const struct job_def *jobs_find(const char *name);

/*
 * A job's text `what` ("label", "description") in language `lang`
 * ("zh-CN", "en") from the catalogs, or the job's name when they lack
 * it; it lives as long as the program.
 */
const char *jobs_text(const char *lang, const struct job_def *job,
		      const char *what);

/* The outcome of jobs_run(). */
struct job_result {
	int64_t run_id;			/* 0 when skipped */
	bool skipped;			/* not due (only with `if_due`) */
	bool ok;			/* the job returned 0 */
	const char *message;		/* in the caller's arena */
};

/*
 * The name this process goes by in the run log (job_run.server): serve's
 * --server-name, else HOST:PORT; the host's name when never set (the CLI).
 * Longer names are cut to JOBS_SERVER_NAME_MAX bytes. Call it before the
 * first run.
 */
enum { JOBS_SERVER_NAME_MAX = 200 };
void jobs_set_server_name(const char *name);

/*
 * Run `job` now (or, with `if_due`, only if it is due), as `actor`, and
 * record the run. Returns 0 whether the job succeeded or failed (see
 * res->ok and res->message), ERR_CONFLICT when a run of it is already
 * going on (here or on another server), or a database error.
 */
int jobs_run(struct db *db, struct arena *a, const struct audit_actor *actor,
	     const struct job_def *job, bool if_due, struct job_result *res);

/*
 * Every job with its last run, as a JSON array of {name, label (Chinese),
 * description (English), interval_seconds, last_run (a run or null),
 * next_run_at}, the texts from the catalogs. *out is the caller's. 0 or
 * a database error.
 */
int jobs_list(struct db *db, json_t **out);

/*
 * The run log, newest first: runs of job `name` (NULL: of every job) as
 * {id, job, started_at, finished_at, status, message, server (which
 * server ran it: jobs_set_server_name())} in *items (the
 * caller's, an array even on error), the number that match in *total.
 */
int jobs_runs(struct db *db, const char *name, int64_t limit, int64_t offset,
	      json_t **items, int64_t *total);

/* Run `id` as jobs_runs() shows it, or ERR_NOTFOUND. *out is the caller's. */
int jobs_run_get(struct db *db, int64_t id, json_t **out);

/*
 * The timer: a thread that wakes every `tick_seconds` (the first time one
 * tick after start, so a server that starts does not run jobs at once),
 * and runs every due job as the system, with a database connection of its
 * own to `db_url` (so that it never takes one a request needs).
 * Returns 0 or ERR_IO. jobs_timer_stop() wakes it, waits for a job in
 * progress to finish and joins it; harmless when not started.
 */
int jobs_timer_start(const char *db_url, unsigned tick_seconds);
void jobs_timer_stop(void);

#endif
