/*
 * store.c - every SQL statement of the jobs module (see jobs_int.h),
 * including those of the jobs it ships: sessions.purge deletes from the
 * auth module's session, api_token and login_log tables.
 *
 * Functions never open transactions: the runner does.
 */
#include "base/err.h"
#include "db/db.h"
#include "jobs/jobs_int.h"

int
store_job_fail_stale(struct db *db, const char *job, const char *before,
		     const char *now, int64_t *n)
{
	struct db_value v[] = { DB_TEXT(now), DB_TEXT(job), DB_TEXT(before) };

	return db_exec_changes(db,
		"UPDATE job_run SET status = 'failed', finished_at = ?, "
		"message = 'abandoned: no result in time (did its server "
		"stop?)' WHERE job = ? AND status = 'running' AND "
		"started_at < ?", v, 3, n);
}

int
store_job_last_start(struct db *db, struct arena *a, const char *job,
		     const char **started)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT MAX(started_at) FROM job_run WHERE job = ?");

	*started = NULL;
	if (rc)
		return rc;
	db_bind_text(st, 1, job);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *v = db_column_text(st, 0);

		rc = 0;
		if (v && !(*started = arena_strdup(a, v)))
			rc = ERR_NOMEM;
	} else if (rc == DB_DONE) {
		rc = ERR_DB;
	}
	db_finalize(st);
	return rc;
}

int
store_job_lock(struct db *db, const char *job)
{
	struct db_value v[] = { DB_TEXT(job) };
	int64_t ignored;

	/* SQLite: BEGIN IMMEDIATE has locked the whole database already. */
	if (db_dialect(db) != DB_POSTGRES)
		return 0;
	return db_int_value(db, "SELECT 1 FROM (SELECT pg_advisory_xact_lock("
			    "hashtext('jianggu.job.' || ?))) AS locked", v, 1,
			    &ignored);
}

int
store_job_claim(struct db *db, const char *job, const char *now,
		const char *server, int64_t *id)
{
	struct db_value v[] = { DB_TEXT(job), DB_TEXT(now), DB_TEXT(server) };

	return db_insert_id(db, "INSERT INTO job_run (job, started_at, status, "
			    "server) VALUES (?, ?, 'running', ?) RETURNING id",
			    v, 3, id);
}

int
store_job_finish(struct db *db, int64_t id, const char *status,
		 const char *message, const char *now)
{
	struct db_value v[] = {
		DB_TEXT(status), DB_TEXT(message), DB_TEXT(now), DB_INT(id)
	};

	return db_change_values(db,
		"UPDATE job_run SET status = ?, message = ?, finished_at = ? "
		"WHERE id = ? AND status = 'running'", v, 4);
}

int
store_job_runs(struct db *db, const char *job, int64_t id, int64_t limit,
	       int64_t offset, json_t **items, int64_t *total)
{
#define RUNS(where) DB_LIST_SQL("id, job, started_at, finished_at, "	\
	"status, message, server", "FROM job_run" where, "started_at DESC, id DESC")
	struct db_value v[1];

	if (id > 0) {
		v[0] = DB_INT(id);
		return db_list(db, RUNS(" WHERE id = ?"), v, 1, limit, offset,
			       items, total);
	}
	if (job) {
		v[0] = DB_TEXT(job);
		return db_list(db, RUNS(" WHERE job = ?"), v, 1, limit, offset,
			       items, total);
	}
	return db_list(db, RUNS(""), NULL, 0, limit, offset, items, total);
#undef RUNS
}
