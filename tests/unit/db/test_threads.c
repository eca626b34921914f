/*
 * test_threads.c - the connection pool (db_pool_*, src/db/db.c) and the
 * memo (src/db/memo.c) driven from many threads at once, the way the
 * server's request threads drive them; built and run under
 * ThreadSanitizer by `make test` (MODE=tsan), and under ASan with the
 * other unit tests.
 *
 * Twelve threads share a pool of four connections, all released at once
 * by a barrier. In the first phase each, forty times, takes a
 * connection, commits a row of its own, asks the memo for three counts
 * (every row, the even threads', the odd threads') and gives the
 * connection back: every acquire returns a connection that no other
 * thread holds, never more than four are out at once, every row is
 * there at the end, and no answer of the memo is older than a commit
 * that returned before it was asked for, or another key's. In the
 * second phase nothing is written: every answer is exact, and (on
 * SQLite, where nothing else writes) each connection computes each
 * answer at most once.
 *
 * The worker threads never call cmocka's assertions (they jump out of
 * the test's thread); they count what went wrong, and the test asserts
 * the counts after joining them.
 *
 * Linked with a db.o built with DB_POOL_NO_LOCK (test_threads-nolock),
 * the same test is what ThreadSanitizer must flag (scripts/run-tests).
 *
 * Both cases run on SQLite (a file in $TMPDIR) and on the PostgreSQL
 * database JIANGGU_TEST_PG_URL names, in a schema of their own chosen by
 * each connection's URL; without that variable the PostgreSQL case
 * fails (nothing is skipped, DESIGN §8).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "db/db.h"
#include "db/memo.h"

#define PG_SCHEMA "jg_test_threads"

enum {
	THREADS = 12,
	CONNS = 4,
	ROUNDS = 40,		/* rows each thread commits */
	READS = 25,		/* rounds of reading in the second phase */
	ROWS = THREADS * ROUNDS,
	NKEYS = 3,
};

/* The questions, and their answers once every row is written. */
static const char *const keys[NKEYS] = { "all", "even", "odd" };
static const int final[NKEYS] = { ROWS, ROWS / 2, ROWS / 2 };

/* What the threads share, and what they count going wrong. */
struct run {
	struct db_pool *pool;
	struct db_memo *memo;
	pthread_barrier_t start;
	bool write;			/* first phase: write, then read */
	atomic_int committed;		/* rows committed so far */
	atomic_int acquired;
	atomic_int holding;		/* connections out now */
	atomic_int peak;		/* most out at once */
	_Atomic(struct db *) held[THREADS];
	atomic_int shared;		/* a connection two threads held */
	atomic_int failed;		/* database errors */
	atomic_int stale;		/* answers older than a commit */
	atomic_int wrong;		/* another key's, or a wrong count */
	pthread_mutex_t first_lock;
	char first[256];		/* the first thing that went wrong */
};

struct fixture {
	enum db_dialect dialect;
	char url[4400];		/* every connection of the pool opens this */
	bool ready;
	struct run *run;	/* of the case, freed by teardown() */
};

static struct fixture sqlite_fx = { .dialect = DB_SQLITE };
static struct fixture pg_fx = { .dialect = DB_POSTGRES };

struct worker {
	struct run *run;
	int id;
};

static atomic_int computed;	/* how many answers were computed */

/* Remember the first thing that went wrong, for the failure message. */
static void __attribute__((format(printf, 2, 3)))
note(struct run *run, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&run->first_lock);
	if (!run->first[0]) {
		va_start(ap, fmt);
		vsnprintf(run->first, sizeof(run->first), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&run->first_lock);
}

/* The answer for `key`: {"key": key, "n": how many rows it counts}. */
static int
compute(struct db *db, const char *key, json_t **out)
{
	const char *sql = !strcmp(key, "all") ?
			  "SELECT COUNT(*) FROM hit" :
			  !strcmp(key, "even") ?
			  "SELECT COUNT(*) FROM hit WHERE thread % 2 = 0" :
			  "SELECT COUNT(*) FROM hit WHERE thread % 2 = 1";
	int64_t n;
	int rc;

	atomic_fetch_add(&computed, 1);
	rc = db_int_value(db, sql, NULL, 0, &n);
	if (!rc)
		*out = json_pack("{s:s,s:I}", "key", key, "n", (json_int_t)n);
	return rc;
}

/* Take a connection, checking that no other thread holds it. */
static struct db *
take(struct worker *w)
{
	struct run *run = w->run;
	struct db *db = db_pool_acquire(run->pool);
	int now;

	atomic_fetch_add(&run->acquired, 1);
	if (!db) {
		atomic_fetch_add(&run->failed, 1);
		note(run, "thread %d got no connection", w->id);
		return NULL;
	}
	/*
	 * Store, then look (sequentially consistent): of two threads given
	 * the same connection, at least one sees the other's store.
	 */
	atomic_store(&run->held[w->id], db);
	for (int i = 0; i < THREADS; i++)
		if (i != w->id && atomic_load(&run->held[i]) == db) {
			atomic_fetch_add(&run->shared, 1);
			note(run, "threads %d and %d held one connection",
			     w->id, i);
		}
	now = atomic_fetch_add(&run->holding, 1) + 1;
	for (int peak = atomic_load(&run->peak); now > peak &&
	     !atomic_compare_exchange_weak(&run->peak, &peak, now);)
		;
	return db;
}

static void
give_back(struct worker *w, struct db *db)
{
	atomic_store(&w->run->held[w->id], NULL);
	atomic_fetch_sub(&w->run->holding, 1);
	db_pool_release(w->run->pool, db);
}

/* Commit this thread's row `round`; count it once it is committed. */
static void
write_row(struct worker *w, struct db *db, int round)
{
	struct db_value v[2] = { DB_INT(w->id), DB_INT(round) };
	int rc = db_begin(db);

	if (!rc)
		rc = db_exec_values(db, "INSERT INTO hit (thread, round) "
				    "VALUES (?, ?)", v, 2);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		atomic_fetch_add(&w->run->failed, 1);
		note(w->run, "thread %d, row %d: %s", w->id, round,
		     db_errmsg(db));
		return;
	}
	atomic_fetch_add(&w->run->committed, 1);
}

/*
 * Ask the memo for `key`. `least`: what a fresh answer counts at least
 * (rows committed before asking); `exact`: what it must count, or -1.
 */
static void
ask(struct worker *w, struct db *db, const char *key, int least, int exact)
{
	struct run *run = w->run;
	json_t *out = NULL;
	int64_t n;
	int rc = db_memo_answer(run->memo, db, key, compute, &out);

	if (rc) {
		atomic_fetch_add(&run->failed, 1);
		note(run, "thread %d, %s: %s (%s)", w->id, key, err_str(rc),
		     db_errmsg(db));
		return;
	}
	n = json_integer_value(json_object_get(out, "n"));
	if (!json_is_string(json_object_get(out, "key")) ||
	    strcmp(json_string_value(json_object_get(out, "key")), key) ||
	    (exact >= 0 && n != exact) || n > ROWS) {
		char *text = json_dumps(out, JSON_COMPACT);

		atomic_fetch_add(&run->wrong, 1);
		note(run, "thread %d asked for %s, got %s", w->id, key,
		     text ? text : "nothing");
		free(text);
	} else if (n < least) {
		atomic_fetch_add(&run->stale, 1);
		note(run, "thread %d, %s: %lld rows, %d committed before",
		     w->id, key, (long long)n, least);
	}
	json_decref(out);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;

	pthread_barrier_wait(&run->start);
	for (int round = 0; round < (run->write ? ROUNDS : READS); round++) {
		struct db *db = take(w);
		int all, mine;

		if (!db)
			continue;
		if (run->write) {
			write_row(w, db, round);
			/* Rows known committed before the questions. */
			all = atomic_load(&run->committed);
			mine = round + 1;
			ask(w, db, "all", all, -1);
			ask(w, db, w->id % 2 ? "odd" : "even", mine, -1);
			ask(w, db, w->id % 2 ? "even" : "odd", 0, -1);
		} else {
			for (int k = 0; k < NKEYS; k++)
				ask(w, db, keys[k], final[k], final[k]);
		}
		give_back(w, db);
	}
	return NULL;
}

/* Run THREADS workers at once over the pool, and check what they saw. */
static void
phase(struct run *run, bool write)
{
	pthread_t threads[THREADS];
	struct worker workers[THREADS];

	run->write = write;
	atomic_store(&run->acquired, 0);
	assert_int_equal(pthread_barrier_init(&run->start, NULL, THREADS), 0);
	for (int i = 0; i < THREADS; i++) {
		workers[i] = (struct worker){ run, i };
		assert_int_equal(pthread_create(&threads[i], NULL, work,
						&workers[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	pthread_barrier_destroy(&run->start);
	if (run->first[0])
		print_message("# %s\n", run->first);
	assert_int_equal(atomic_load(&run->failed), 0);
	assert_int_equal(atomic_load(&run->shared), 0);
	assert_int_equal(atomic_load(&run->wrong), 0);
	assert_int_equal(atomic_load(&run->stale), 0);
	assert_int_equal(atomic_load(&run->acquired),
			 THREADS * (write ? ROUNDS : READS));
	assert_int_equal(atomic_load(&run->holding), 0);
	assert_true(atomic_load(&run->peak) >= 1);
	assert_true(atomic_load(&run->peak) <= CONNS);
}

static int64_t
rows_where(struct db *db, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_int_value(db, sql, NULL, 0, &n), 0);
	return n;
}

static void
test_pool_and_memo(void **state)
{
	static struct db_memo memos[2] = { DB_MEMO_INIT, DB_MEMO_INIT };
	struct fixture *fx = *state;
	struct run *run;
	char why[256] = "", sql[160];
	struct db *db;
	int reads;

	assert_true(fx->ready);
	run = fx->run = calloc(1, sizeof(*run));
	assert_non_null(run);
	pthread_mutex_init(&run->first_lock, NULL);
	run->memo = &memos[fx->dialect == DB_SQLITE ? 0 : 1];
	if (db_pool_open(&run->pool, fx->url, CONNS, why, sizeof(why)))
		fail_msg("cannot open the pool: %s", why);

	phase(run, true);
	assert_int_equal(atomic_load(&run->committed), ROWS);
	db = db_pool_acquire(run->pool);
	assert_int_equal(rows_where(db, "SELECT COUNT(*) FROM hit"), ROWS);
	/* Each thread's rows, each once. */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM (SELECT thread FROM "
		 "hit GROUP BY thread HAVING COUNT(*) = %d AND "
		 "COUNT(DISTINCT round) = %d) AS t", ROUNDS, ROUNDS);
	assert_int_equal(rows_where(db, sql), THREADS);
	db_pool_release(run->pool, db);

	atomic_store(&computed, 0);
	phase(run, false);
	reads = atomic_load(&computed);
	/*
	 * Nothing was written: each connection computes each answer at
	 * most once. On PostgreSQL any commit in the cluster (autovacuum's
	 * among them) moves the version, so there it is only fewer than
	 * one per question.
	 */
	if (fx->dialect == DB_SQLITE)
		assert_true(reads <= CONNS * NKEYS);
	else
		assert_true(reads < THREADS * READS * NKEYS);
}

static int
setup(void **state)
{
	struct fixture *fx = *state;
	struct db *db = NULL;
	const char *base;
	int fd;

	fx->ready = false;
	if (fx->dialect == DB_SQLITE) {
		const char *t = getenv("TMPDIR");

		snprintf(fx->url, sizeof(fx->url), "%s/jg-test-threads-XXXXXX",
			 t && *t ? t : "/tmp");
		fd = mkstemp(fx->url);
		if (fd < 0)
			return -1;
		close(fd);
		if (db_open(&db, fx->url) ||
		    db_exec(db, "CREATE TABLE hit (thread INTEGER NOT NULL, "
				"round INTEGER NOT NULL)"))
			goto fail;
		db_close(db);
		fx->ready = true;
		return 0;
	}
	base = getenv("JIANGGU_TEST_PG_URL");
	if (!base || !*base) {
		fprintf(stderr, "# JIANGGU_TEST_PG_URL is not set: "
			"the PostgreSQL case cannot run\n");
		return -1;
	}
	/* Every connection of the pool sees the schema of this test. */
	snprintf(fx->url, sizeof(fx->url),
		 "%s%coptions=-c%%20search_path%%3D" PG_SCHEMA, base,
		 strchr(base, '?') ? '&' : '?');
	if (db_open(&db, base) ||
	    db_exec(db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE;"
			"CREATE SCHEMA " PG_SCHEMA ";"
			"CREATE TABLE " PG_SCHEMA ".hit (thread BIGINT NOT NULL,"
			" round BIGINT NOT NULL)"))
		goto fail;
	db_close(db);
	fx->ready = true;
	return 0;

fail:
	fprintf(stderr, "# %s\n", db ? db_errmsg(db) : "no connection");
	db_close(db);
	return -1;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	struct db *db = NULL;
	char p[4500];

	if (fx->run) {
		db_pool_close(fx->run->pool);
		pthread_mutex_destroy(&fx->run->first_lock);
		free(fx->run);
		fx->run = NULL;
	}
	if (!fx->ready)
		return 0;
	if (fx->dialect == DB_SQLITE) {
		unlink(fx->url);
		snprintf(p, sizeof(p), "%s-wal", fx->url);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", fx->url);
		unlink(p);
	} else if (!db_open(&db, getenv("JIANGGU_TEST_PG_URL"))) {
		db_exec(db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE");
	}
	db_close(db);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		{ "pool_and_memo_sqlite", test_pool_and_memo, setup, teardown,
		  &sqlite_fx },
		{ "pool_and_memo_postgresql", test_pool_and_memo, setup,
		  teardown, &pg_fx },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
