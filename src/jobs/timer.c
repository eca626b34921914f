/*
 * timer.c - the server's job timer (jobs.h): one thread that wakes every
 * tick and runs the jobs that are due, as the system.
 *
 * It keeps a database connection of its own, opened on its first tick
 * (and again after a failure), so that a long job never holds one of the
 * pool's connections, which are sized to the worker threads. Stopping
 * signals a condition variable, so shutdown does not wait for the tick.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "jobs/jobs.h"

static const struct audit_actor timer_actor = { 0, "system", "timer" };

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool started;
	bool stop;
	unsigned tick;
	char *url;
} timer = { .mu = PTHREAD_MUTEX_INITIALIZER };

/* Run every due job once; keeps going past a job that fails. */
static void
run_due(struct db *db)
{
	const struct job_def *const *defs;
	size_t n;

	defs = jobs_defs(&n);
	for (size_t i = 0; i < n; i++) {
		struct job_result res;
		struct arena a;
		int rc;

		arena_init(&a, 0);
		rc = jobs_run(db, &a, &timer_actor, defs[i], true, &res);
		if (rc == ERR_CONFLICT)
			log_info("job %s: running elsewhere", defs[i]->name);
		else if (rc)
			log_error("job %s: %s: %s", defs[i]->name, err_str(rc),
				  db_errmsg(db));
		else if (!res.skipped)
			log_info("job %s: %s: %s", defs[i]->name,
				 res.ok ? "ok" : "failed", res.message);
		arena_release(&a);
	}
}

static void *
timer_main(void *arg)
{
	struct db *db = NULL;
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&timer.mu);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += timer.tick;
		while (!timer.stop && !pthread_cond_timedwait(&timer.cv,
							      &timer.mu, &until))
			;
		if (timer.stop)
			break;
		pthread_mutex_unlock(&timer.mu);
		if (!db && db_open(&db, timer.url)) {
			log_error("jobs: cannot open the database: %s",
				  db_errmsg(db));
			db_close(db);
			db = NULL;
		}
		if (db && db_check(db))
			log_error("jobs: the database connection is broken: %s",
				  db_errmsg(db));
		else if (db)
			run_due(db);
		pthread_mutex_lock(&timer.mu);
	}
	pthread_mutex_unlock(&timer.mu);
	db_close(db);
	return NULL;
}

int
jobs_timer_start(const char *db_url, unsigned tick_seconds)
{
	pthread_condattr_t attr;
	int rc = 0;

	pthread_mutex_lock(&timer.mu);
	if (timer.started)
		goto out;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&timer.cv, &attr);
	pthread_condattr_destroy(&attr);
	timer.url = xstrdup(db_url);
	timer.tick = tick_seconds ? tick_seconds : 60;
	timer.stop = false;
	if (pthread_create(&timer.thread, NULL, timer_main, NULL)) {
		log_error("jobs: cannot start the timer thread");
		pthread_cond_destroy(&timer.cv);
		free(timer.url);
		timer.url = NULL;
		rc = ERR_IO;
		goto out;
	}
	timer.started = true;
out:
	pthread_mutex_unlock(&timer.mu);
	return rc;
}

void
jobs_timer_stop(void)
{
	pthread_mutex_lock(&timer.mu);
	if (!timer.started) {
		pthread_mutex_unlock(&timer.mu);
		return;
	}
	timer.stop = true;
	pthread_cond_signal(&timer.cv);
	pthread_mutex_unlock(&timer.mu);
	pthread_join(timer.thread, NULL);
	pthread_mutex_lock(&timer.mu);
	timer.started = false;
	pthread_cond_destroy(&timer.cv);
	free(timer.url);
	timer.url = NULL;
	pthread_mutex_unlock(&timer.mu);
}
