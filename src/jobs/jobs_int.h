/*
 * jobs_int.h - what the files of src/jobs/ share (private): the store,
 * where every SQL statement of the module lives. The runner (jobs.c) calls
 * it inside its transactions.
 */
#ifndef JG_JOBS_INT_H
#define JG_JOBS_INT_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"

struct db;

/* Mark runs of `job` still "running" that started before `before` as
 * failed (their server died); how many in *n. */
int store_job_fail_stale(struct db *db, const char *job, const char *before,
			 const char *now, int64_t *n);

/* When the last run of `job` started, copied into `a`; NULL if never. */
int store_job_last_start(struct db *db, struct arena *a, const char *job,
			 const char **started);

/*
 * Hold the claim of `job` until the transaction ends, so that servers
 * claim it one after the other, each reading what the one before
 * committed (a PostgreSQL advisory lock; SQLite's write lock already).
 */
int store_job_lock(struct db *db, const char *job);

/*
 * Insert a "running" row, run by `server`; ERR_CONFLICT when one is there
 * already.
 */
int store_job_claim(struct db *db, const char *job, const char *now,
		    const char *server, int64_t *id);

/* Record the end of run `id`: status "ok" or "failed", and a message. */
int store_job_finish(struct db *db, int64_t id, const char *status,
		     const char *message, const char *now);

/* Runs as JSON (see jobs_runs()); `job` NULL for every job, `id` > 0 for
 * that run only. */
int store_job_runs(struct db *db, const char *job, int64_t id, int64_t limit,
		   int64_t offset, json_t **items, int64_t *total);

#endif
