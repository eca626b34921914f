/*
 * test_session.c - what a connection is set up with. A PostgreSQL
 * session's settings survive a reconnect (src/db/db_pg.c): a pooled
 * connection whose backend is killed with pg_terminate_backend() is
 * opened again when it is next acquired, and the new session has TimeZone
 * UTC and DateStyle ISO again, whatever the server's defaults; a
 * timestamptz reads back as the same text.
 *
 * The server's defaults are made unlike ours for the connections under
 * test (libpq's `options`: Asia/Shanghai, SQL and DMY), so a session
 * that kept them would show. Needs JIANGGU_TEST_PG_URL (a scratch
 * database, as for test_db); without it the case fails (nothing is
 * skipped, DESIGN §8).
 *
 * A SQLite connection syncs every commit (synchronous FULL) unless the
 * process asked for NORMAL (serve --sqlite-sync normal).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "db/db.h"

/* What the server hands a new session of the connections under test. */
#define OTHER_DEFAULTS \
	"options=-c%20TimeZone%3DAsia%2FShanghai%20-c%20DateStyle%3DSQL%2CDMY"

/* An instant, and its text under TimeZone UTC and DateStyle ISO. */
#define INSTANT "SELECT CAST(CAST('2019-11-18 08:00:00+00' AS timestamptz) " \
		"AS text)"
#define INSTANT_TEXT "2019-11-18 08:00:00+00"

/* The first column of the one row of `sql`, as text, into out. */
static void
query_text(struct db *db, const char *sql, char *out, size_t len)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(db, &st, sql), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_column_text(st, 0));
	db_finalize(st);
}

static int64_t
query_int(struct db *db, const char *sql, int64_t arg)
{
	struct db_stmt *st;
	int64_t v;

	assert_int_equal(db_prepare(db, &st, sql), 0);
	if (strchr(sql, '?'))
		assert_int_equal(db_bind_int(st, 1, arg), 0);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_column_int(st, 0);
	db_finalize(st);
	return v;
}

/* The settings of db's session are ours, not the server's defaults. */
static void
assert_our_settings(struct db *db)
{
	char v[128];

	query_text(db, "SHOW TimeZone", v, sizeof(v));
	assert_string_equal(v, "UTC");
	query_text(db, "SHOW DateStyle", v, sizeof(v));
	assert_string_equal(v, "ISO, YMD");
	query_text(db, INSTANT, v, sizeof(v));
	assert_string_equal(v, INSTANT_TEXT);
	/* The defaults are still the other ones: this test can fail. */
	query_text(db, "SELECT reset_val FROM pg_settings WHERE name = "
		   "'TimeZone'", v, sizeof(v));
	assert_string_equal(v, "Asia/Shanghai");
}

static void
test_terminated_backend(void **state)
{
	const char *base = getenv("JIANGGU_TEST_PG_URL");
	struct timespec pause = { 0, 50 * 1000 * 1000 };
	struct db_pool *pool = NULL;
	struct db *admin = NULL, *db;
	char url[4200], err[512] = "";
	int64_t pid, pid2;
	int waited;

	(void)state;
	if (!base || !*base)
		fail_msg("JIANGGU_TEST_PG_URL is not set: the PostgreSQL case "
			 "cannot run");
	snprintf(url, sizeof(url), "%s%c%s", base,
		 strchr(base, '?') ? '&' : '?', OTHER_DEFAULTS);
	assert_int_equal(db_open(&admin, base), 0);
	assert_int_equal(db_pool_open(&pool, url, 1, err, sizeof(err)), 0);

	db = db_pool_acquire(pool);
	assert_our_settings(db);
	pid = query_int(db, "SELECT pg_backend_pid()", 0);
	db_pool_release(pool, db);

	/* The backend is killed while the connection sits in the pool. */
	assert_int_equal(query_int(admin, "SELECT CAST(pg_terminate_backend("
				   "CAST(? AS integer)) AS integer)", pid), 1);
	for (waited = 0; waited < 100 && query_int(admin, "SELECT count(*) "
	     "FROM pg_stat_activity WHERE pid = ?", pid); waited++)
		nanosleep(&pause, NULL);
	assert_true(waited < 100);

	/* The next request reconnects before its first statement. */
	db = db_pool_acquire(pool);
	pid2 = query_int(db, "SELECT pg_backend_pid()", 0);
	assert_true(pid2 != pid);
	assert_our_settings(db);
	db_pool_release(pool, db);

	/* A reset of a broken link (the release path) sets them too. */
	db = db_pool_acquire(pool);
	assert_int_equal(query_int(admin, "SELECT CAST(pg_terminate_backend("
				   "CAST(? AS integer)) AS integer)", pid2), 1);
	for (waited = 0; waited < 100 && query_int(admin, "SELECT count(*) "
	     "FROM pg_stat_activity WHERE pid = ?", pid2); waited++)
		nanosleep(&pause, NULL);
	assert_int_equal(db_exec(db, "SELECT 1"), ERR_DB);
	db_pool_release(pool, db);
	db = db_pool_acquire(pool);
	assert_true(query_int(db, "SELECT pg_backend_pid()", 0) != pid2);
	assert_our_settings(db);
	db_pool_release(pool, db);

	db_pool_close(pool);
	db_close(admin);
}

/* The first column of the one row of `sql`, as an integer. */
static int64_t
pragma(struct db *db, const char *sql)
{
	return query_int(db, sql, 0);
}

/*
 * SQLite commits are synced to disk (synchronous FULL, 2) unless the
 * process said NORMAL (1) before opening; WAL mode either way.
 */
static void
test_sqlite_sync(void **state)
{
	const char *t = getenv("TMPDIR");
	struct db *db;
	char path[4200], v[32];

	(void)state;
	snprintf(path, sizeof(path), "%s/jg-test-sync-%ld.db",
		 t && *t ? t : "/tmp", (long)getpid());
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db, "PRAGMA synchronous"), 2);
	query_text(db, "PRAGMA journal_mode", v, sizeof(v));
	assert_string_equal(v, "wal");
	db_close(db);
	db_set_sqlite_sync(DB_SQLITE_SYNC_NORMAL);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db, "PRAGMA synchronous"), 1);
	db_close(db);
	db_set_sqlite_sync(DB_SQLITE_SYNC_FULL);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(pragma(db, "PRAGMA synchronous"), 2);
	db_close(db);
	unlink(path);
	for (int i = 0; i < 2; i++) {
		char side[4300];

		snprintf(side, sizeof(side), "%s-%s", path, i ? "shm" : "wal");
		unlink(side);
	}
}

/* On SQLite there is nothing to check: db_check() is 0. */
static void
test_sqlite_check(void **state)
{
	struct db *db;

	(void)state;
	assert_int_equal(db_open(&db, ":memory:"), 0);
	assert_int_equal(db_check(db), 0);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminated_backend),
		cmocka_unit_test(test_sqlite_check),
		cmocka_unit_test(test_sqlite_sync),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
