/*
 * db.c - the database front end: dispatch to a back end, transactions,
 * and the connection pool (see db.h).
 */
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db_int.h"
#include "db/memo.h"

static bool
is_postgres_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) ||
	       !strncmp(url, "postgres://", 11);
}

/* The last generation given to a connection (db_generation()). */
static atomic_uint_fast64_t generations;

int
db_open(struct db **out, const char *url)
{
	int rc = is_postgres_url(url) ? db_pg_open(out, url)
				      : db_sqlite_open(out, url);

	(*out)->generation = (uint64_t)atomic_fetch_add(&generations, 1) + 1;
	return rc;
}

void
db_close(struct db *db)
{
	if (!db)
		return;
	/* Nothing kept for it may be answered to whatever opens next. */
	db_memo_forget(db->generation);
	db->ops->close(db);
}

uint64_t
db_generation(const struct db *db)
{
	return db->generation;
}

enum db_dialect
db_dialect(const struct db *db)
{
	return db->ops->dialect;
}

const char *
db_errmsg(const struct db *db)
{
	return db->errmsg;
}

void
db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
	/* Back ends' messages often end in a newline; ours never do. */
	n = strlen(db->errmsg);
	while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
		db->errmsg[--n] = '\0';
}

bool
db_lost(const struct db *db)
{
	return db->lost;
}

int
db_exec(struct db *db, const char *sql)
{
	db->errmsg[0] = '\0';
	db->lost = false;
	db->version_known = false;
	return db->ops->exec(db, sql);
}

int
db_data_version(struct db *db, uint64_t *out)
{
	int rc;

	*out = 0;
	db->errmsg[0] = '\0';
	rc = db->ops->data_version(db, out);
	db->version_known = !rc;
	db->version = *out;
	return rc;
}

int
db_data_version_recent(struct db *db, uint64_t *out)
{
	if (!db->lent || !db->version_known)
		return db_data_version(db, out);
	*out = db->version;
	return 0;
}

int
db_check(struct db *db)
{
	db->errmsg[0] = '\0';
	return db->ops->check ? db->ops->check(db) : 0;
}

int
db_begin(struct db *db)
{
	return db_exec(db, db->ops->dialect == DB_SQLITE ?
			   "BEGIN IMMEDIATE" : "BEGIN");
}

int
db_commit(struct db *db)
{
	return db_exec(db, "COMMIT");
}

int
db_rollback(struct db *db)
{
	/* Keep the message of the failure that made the caller roll back. */
	char saved[sizeof(db->errmsg)];
	int rc;

	memcpy(saved, db->errmsg, sizeof(saved));
	db->version_known = false;
	rc = db->ops->exec(db, "ROLLBACK");
	memcpy(db->errmsg, saved, sizeof(saved));
	return rc;
}

int
db_end(struct db *db, int rc)
{
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int
db_prepare(struct db *db, struct db_stmt **out, const char *sql)
{
	db->errmsg[0] = '\0';
	db->lost = false;
	*out = NULL;
	return db->ops->prepare(db, out, sql);
}

int
db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int(st, idx, v);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int
db_step(struct db_stmt *st)
{
	st->db->version_known = false;
	return st->db->ops->step(st);
}

int
db_column_count(struct db_stmt *st)
{
	return st->db->ops->column_count(st);
}

bool
db_column_null(struct db_stmt *st, int col)
{
	return st->db->ops->column_null(st, col);
}

int64_t
db_column_int(struct db_stmt *st, int col)
{
	return st->db->ops->column_int(st, col);
}

const char *
db_column_text(struct db_stmt *st, int col)
{
	return st->db->ops->column_text(st, col);
}

const char *
db_column_name(struct db_stmt *st, int col)
{
	return st->db->ops->column_name(st, col);
}

enum db_type
db_column_type(struct db_stmt *st, int col)
{
	return st->db->ops->column_type(st, col);
}

int
db_rows_to_json(struct db_stmt *st, json_t *array)
{
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = json_object();
		int n = db_column_count(st);

		for (int i = 0; i < n; i++) {
			json_t *v;

			switch (db_column_type(st, i)) {
			case DB_TYPE_INTEGER:
				v = json_integer(db_column_int(st, i));
				break;
			case DB_TYPE_TEXT:
				v = json_string(db_column_text(st, i));
				break;
			default:
				v = json_null();
			}
			json_object_set_new(row, db_column_name(st, i),
					    v ? v : json_null());
		}
		json_array_append_new(array, row);
	}
	return rc;
}

int
db_rows_to_text(struct db_stmt *st, struct buf *out)
{
	int rc, rows = 0;

	buf_addch(out, '[');
	while ((rc = db_step(st)) == DB_ROW) {
		int n = db_column_count(st);

		if (rows++)
			buf_addch(out, ',');
		buf_addch(out, '{');
		for (int i = 0; i < n; i++) {
			const char *name = db_column_name(st, i), *s;
			size_t len;

			if (i)
				buf_addch(out, ',');
			buf_add_json_string(out, name, strlen(name));
			buf_addch(out, ':');
			switch (db_column_type(st, i)) {
			case DB_TYPE_INTEGER:
				buf_add_int(out, db_column_int(st, i));
				continue;
			case DB_TYPE_TEXT:
				s = db_column_text(st, i);
				len = s ? strlen(s) : 0;
				if (s && utf8_valid(s, len)) {
					buf_add_json_string(out, s, len);
					continue;
				}
				break;
			default:
				break;
			}
			buf_addstr(out, "null");
		}
		buf_addch(out, '}');
	}
	buf_addch(out, ']');
	return rc ? rc : buf_error(out);
}

int
db_bind_values(struct db_stmt *st, const struct db_value *values, int n)
{
	int rc = 0;

	for (int i = 0; i < n && !rc; i++) {
		switch (values[i].type) {
		case DB_TYPE_INTEGER:
			rc = db_bind_int(st, i + 1, values[i].i);
			break;
		case DB_TYPE_TEXT:
			rc = db_bind_text(st, i + 1, values[i].s);
			break;
		default:
			rc = db_bind_null(st, i + 1);
		}
	}
	return rc;
}

int
db_prepare_values(struct db *db, struct db_stmt **out, const char *sql,
		  const struct db_value *values, int n)
{
	int rc = db_prepare(db, out, sql);

	if (!rc && (rc = db_bind_values(*out, values, n))) {
		db_finalize(*out);
		*out = NULL;
	}
	return rc;
}

int
db_query(struct db *db, struct db_stmt **out, const char *sql,
	 const struct db_value *values, int n)
{
	int rc = db_prepare_values(db, out, sql, values, n);

	return rc ? rc : db_step(*out);
}

int
db_exec_changes(struct db *db, const char *sql,
		const struct db_value *values, int n, int64_t *changes)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, values, n);

	if (rc == DB_DONE && changes)
		*changes = db_changes(st);
	db_finalize(st);
	return rc == DB_ROW ? 0 : rc;
}

int
db_exec_values(struct db *db, const char *sql, const struct db_value *values,
	       int n)
{
	return db_exec_changes(db, sql, values, n, NULL);
}

int
db_insert_rows(struct db *db, const char *head, const char *row,
	       const char *tail, int width, const struct db_value *values,
	       size_t n)
{
	struct buf sql;
	size_t done = 0, batch, built = 0;
	int rc = 0;

	assert(width > 0 && width <= 16);
	buf_init(&sql, NULL, 0);
	while (!rc && done < n) {
		batch = n - done < DB_ROWS_PER_INSERT ? n - done :
			DB_ROWS_PER_INSERT;
		if (batch != built) {
			buf_reset(&sql);
			buf_addstr(&sql, head);
			for (size_t i = 0; i < batch; i++) {
				buf_addstr(&sql, i ? ", " : " VALUES ");
				buf_addstr(&sql, row);
			}
			buf_addstr(&sql, tail);
			built = batch;
			rc = buf_error(&sql);
		}
		if (!rc)
			rc = db_exec_values(db, sql.ptr, values + done *
					    (size_t)width,
					    (int)(batch * (size_t)width));
		done += batch;
	}
	buf_release(&sql);
	return rc;
}

int
db_rows_values(struct db *db, const char *sql, const struct db_value *values,
	       int n, json_t *items)
{
	struct db_stmt *st;
	int rc = db_prepare_values(db, &st, sql, values, n);

	if (!rc)
		rc = db_rows_to_json(st, items);
	db_finalize(st);
	return rc;
}

int
db_rows_array(struct db *db, const char *sql, const struct db_value *values,
	      int n, json_t **items)
{
	*items = json_array();
	return db_rows_values(db, sql, values, n, *items);
}

int
db_exists(struct db *db, const char *sql, const struct db_value *values,
	  int n, bool *yes)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, values, n);

	*yes = rc == DB_ROW;
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
db_int_value(struct db *db, const char *sql, const struct db_value *values,
	     int n, int64_t *out)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, values, n);

	*out = 0;
	if (rc == DB_ROW) {
		*out = db_column_null(st, 0) ? 0 : db_column_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
db_insert_id(struct db *db, const char *sql, const struct db_value *values,
	     int n, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, values, n);

	*id = 0;
	if (rc == DB_ROW) {
		*id = db_column_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		db_set_error(db, "the statement returned no id");
		rc = ERR_DB;
	}
	db_finalize(st);
	return rc;
}

int
db_change_values(struct db *db, const char *sql,
		 const struct db_value *values, int n)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, values, n);

	if (rc == DB_DONE && db_changes(st) == 0)
		rc = ERR_NOTFOUND;
	db_finalize(st);
	return rc;
}

/*
 * db_list() and db_list_text(): the rows go to `items`, or else `text`.
 * The count stays open until the rows are read, so that outside a
 * transaction both come from one snapshot (one read transaction).
 */
static int
list_page(struct db *db, const char *count_sql, const char *rows_sql,
	  const struct db_value *values, int n, int64_t limit,
	  int64_t offset, json_t *items, struct buf *text, int64_t *total)
{
	struct db_stmt *count = NULL, *st = NULL;
	int rc;

	*total = 0;
	rc = db_query(db, &count, count_sql, values, n);
	if (rc == DB_ROW) {
		*total = db_column_int(count, 0);
		rc = 0;
	}
	if (rc)
		goto out;
	rc = db_prepare_values(db, &st, rows_sql, values, n);
	if (!rc)
		rc = db_bind_int(st, n + 1, limit);
	if (!rc)
		rc = db_bind_int(st, n + 2, offset);
	if (!rc)
		rc = items ? db_rows_to_json(st, items)
			   : db_rows_to_text(st, text);
out:
	db_finalize(st);
	db_finalize(count);
	return rc;
}

int
db_list(struct db *db, const char *count_sql, const char *rows_sql,
	const struct db_value *values, int n, int64_t limit, int64_t offset,
	json_t **items, int64_t *total)
{
	*items = json_array();
	return list_page(db, count_sql, rows_sql, values, n, limit, offset,
			 *items, NULL, total);
}

int
db_list_where(struct db *db, const char *columns, const struct buf *from,
	      const char *order, const struct db_value *values, int n,
	      int64_t limit, int64_t offset, json_t **items, int64_t *total)
{
	struct buf count, rows;
	int rc;

	buf_init(&count, NULL, 0);
	buf_init(&rows, NULL, 0);
	buf_addf(&count, "SELECT COUNT(*) %s", from->ptr);
	buf_addf(&rows, "SELECT %s %s ORDER BY %s LIMIT ? OFFSET ?", columns,
		 from->ptr, order);
	rc = buf_error(from);
	if (!rc)
		rc = buf_error(&count);
	if (!rc)
		rc = buf_error(&rows);
	if (rc) {
		*items = json_array();
		*total = 0;
	} else {
		rc = db_list(db, count.ptr, rows.ptr, values, n, limit, offset,
			     items, total);
	}
	buf_release(&count);
	buf_release(&rows);
	return rc;
}

int
db_list_text(struct db *db, const char *count_sql, const char *rows_sql,
	     const struct db_value *values, int n, int64_t limit,
	     int64_t offset, struct buf *items, int64_t *total)
{
	return list_page(db, count_sql, rows_sql, values, n, limit, offset,
			 NULL, items, total);
}

int64_t
db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

void
db_finalize(struct db_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

/*
 * The pool: a stack of idle connections guarded by a mutex; acquirers wait
 * on the condition variable while the stack is empty.
 */
struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct db **all;	/* every connection, for db_pool_close() */
	struct db **idle;	/* stack of idle connections */
	int n;
	int nidle;
};

/*
 * The pool's lock and its condition variable. DB_POOL_NO_LOCK is a test
 * hook, never defined in a build that ships: `make test` compiles this
 * file once more with it, into the ThreadSanitizer suite's lock-less
 * variant of tests/unit/db/test_threads.c, and expects TSan to flag the
 * pool (scripts/run-tests, suite tsan). Without the mutex there is no
 * condition variable to wait on: a waiter yields and looks again.
 */
static void
pool_lock(struct db_pool *pool)
{
#ifdef DB_POOL_NO_LOCK
	(void)pool;
#else
	pthread_mutex_lock(&pool->lock);
#endif
}

static void
pool_unlock(struct db_pool *pool)
{
#ifdef DB_POOL_NO_LOCK
	(void)pool;
#else
	pthread_mutex_unlock(&pool->lock);
#endif
}

/* Wait, holding the lock, until a connection may have been given back. */
static void
pool_wait(struct db_pool *pool)
{
#ifdef DB_POOL_NO_LOCK
	(void)pool;
	sched_yield();
#else
	pthread_cond_wait(&pool->freed, &pool->lock);
#endif
}

static void
pool_signal(struct db_pool *pool)
{
#ifdef DB_POOL_NO_LOCK
	(void)pool;
#else
	pthread_cond_signal(&pool->freed);
#endif
}

int
db_pool_open(struct db_pool **out, const char *url, int n,
	     char *errbuf, size_t errlen)
{
	struct db_pool *pool = xcalloc(1, sizeof(*pool));
	int rc = 0;

	*out = NULL;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	assert(n > 0);
	pool->all = xcalloc((size_t)n, sizeof(*pool->all));
	pool->idle = xcalloc((size_t)n, sizeof(*pool->idle));
	for (pool->n = 0; pool->n < n; pool->n++) {
		rc = db_open(&pool->all[pool->n], url);
		if (rc) {
			snprintf(errbuf, errlen, "%s",
				 db_errmsg(pool->all[pool->n]));
			pool->n++;
			goto fail_close;
		}
		pool->idle[pool->nidle++] = pool->all[pool->n];
	}
	*out = pool;
	return 0;

fail_close:
	db_pool_close(pool);
	return rc;
}

struct db *
db_pool_acquire(struct db_pool *pool)
{
	struct db *db;

	pool_lock(pool);
	while (pool->nidle == 0)
		pool_wait(pool);
	db = pool->idle[--pool->nidle];
	pool_unlock(pool);
	/* A failure shows on the request's first statement. */
	db_check(db);
	/* What it read for its last borrower is no news to this one. */
	db->version_known = false;
	db->lent = true;
	return db;
}

void
db_pool_release(struct db_pool *pool, struct db *db)
{
	/*
	 * A request that failed mid-transaction must not hand the next one a
	 * connection inside it; reset() also reconnects a dropped PostgreSQL
	 * link.
	 */
	db->ops->reset(db);
	db->lent = false;
	pool_lock(pool);
	pool->idle[pool->nidle++] = db;
	pool_signal(pool);
	pool_unlock(pool);
}

void
db_pool_close(struct db_pool *pool)
{
	if (!pool)
		return;
	for (int i = 0; i < pool->n; i++)
		db_close(pool->all[i]);
	free(pool->all);
	free(pool->idle);
	pthread_cond_destroy(&pool->freed);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}

/*
 * The replica: like the pool, a stack of idle slots under a mutex, but a
 * slot's connection is opened when first lent, and an acquirer that finds
 * none idle does not wait (the primary answers). What was last learnt of
 * the standby is kept with when: `usable`, until `checked_us` is
 * DB_REPLICA_CHECK_MS old; then the next acquirer measures again.
 */
struct db_replica {
	pthread_mutex_t lock;
	char *url;
	int max_lag_ms;
	struct db **idle;	/* stack of idle slots (a NULL one: not open) */
	int nidle;
	int n;
	bool usable;
	bool measuring;		/* one acquirer measures; the others wait not */
	int64_t checked_us;	/* 0: never */
};

struct db_replica *
db_replica_new(const char *url, int n, int max_lag_ms)
{
	struct db_replica *rep = xcalloc(1, sizeof(*rep));

	assert(n > 0);
	pthread_mutex_init(&rep->lock, NULL);
	rep->url = xstrdup(url);
	rep->max_lag_ms = max_lag_ms;
	rep->n = n;
	rep->idle = xcalloc((size_t)n, sizeof(*rep->idle));
	rep->nidle = n;
	return rep;
}

int
db_replica_lag(struct db *db, int64_t *lag_ms)
{
	int rc;

	/*
	 * Caught up when it has replayed all it received: the age of its
	 * last replayed transaction would grow on an idle primary. NULL
	 * (-1): not streaming and nothing replayed, so nothing to go by.
	 */
	rc = db_int_value(db, "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
		"WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
		"THEN 0 ELSE coalesce(CAST(1000 * EXTRACT(EPOCH FROM now() - "
		"pg_last_xact_replay_timestamp()) AS bigint), -1) END", NULL, 0,
		lag_ms);
	if (!rc && *lag_ms < 0) {
		db_set_error(db, "the standby has replayed nothing yet");
		rc = ERR_BUSY;
	}
	return rc;
}

/* Measure the standby on `db`: whether it may answer. */
static bool
replica_fresh(struct db_replica *rep, struct db *db)
{
	int64_t lag;

	return !db_replica_lag(db, &lag) && lag <= rep->max_lag_ms;
}

/* Put `db` back (NULL: its slot, closed) on the idle stack. */
static void
replica_put(struct db_replica *rep, struct db *db)
{
	pthread_mutex_lock(&rep->lock);
	rep->idle[rep->nidle++] = db;
	pthread_mutex_unlock(&rep->lock);
}

/* Remember what was learnt of the standby just now. */
static void
replica_learnt(struct db_replica *rep, bool usable)
{
	pthread_mutex_lock(&rep->lock);
	rep->usable = usable;
	rep->checked_us = time_monotonic_us();
	rep->measuring = false;
	pthread_mutex_unlock(&rep->lock);
}

struct db *
db_replica_acquire(struct db_replica *rep)
{
	int64_t now = time_monotonic_us();
	struct db *db = NULL;
	bool measure = false, take;

	pthread_mutex_lock(&rep->lock);
	if (rep->checked_us && now - rep->checked_us <
	    (int64_t)DB_REPLICA_CHECK_MS * 1000) {
		take = rep->usable;
	} else {
		/* Stale: this acquirer measures, the others use the primary. */
		take = measure = !rep->measuring;
		rep->measuring = rep->measuring || measure;
	}
	take = take && rep->nidle > 0;
	if (take)
		db = rep->idle[--rep->nidle];
	else if (measure)
		rep->measuring = false;
	pthread_mutex_unlock(&rep->lock);
	if (!take)
		return NULL;
	if (!db && db_open(&db, rep->url)) {
		db_close(db);
		db = NULL;
	} else if (db && db_check(db)) {
		db_close(db);
		db = NULL;
	}
	if (db && measure && !replica_fresh(rep, db)) {
		replica_learnt(rep, false);
		replica_put(rep, db);
		return NULL;
	}
	if (!db) {
		replica_learnt(rep, false);
		replica_put(rep, NULL);
		return NULL;
	}
	if (measure)
		replica_learnt(rep, true);
	return db;
}

void
db_replica_release(struct db_replica *rep, struct db *db)
{
	if (db->lost) {
		/* Stopped or promoted: ask again in DB_REPLICA_CHECK_MS. */
		replica_learnt(rep, false);
		db_close(db);
		db = NULL;
	} else {
		db->ops->reset(db);
	}
	replica_put(rep, db);
}

void
db_replica_free(struct db_replica *rep)
{
	if (!rep)
		return;
	for (int i = 0; i < rep->nidle; i++)
		db_close(rep->idle[i]);
	free(rep->idle);
	free(rep->url);
	pthread_mutex_destroy(&rep->lock);
	free(rep);
}
