/*
 * test_memo.c - answers kept while the database stands still
 * (src/db/memo.c), never stale and never another database's:
 *
 * - two connections to one database: after each write on one, the answer
 *   read on the other is the new one (PostgreSQL's WAL position, the
 *   version the memo used before, lags a commit with synchronous_commit
 *   off, as the test cluster runs, and this failed), and with no write in
 *   between the kept answer is given without computing it again;
 * - a connection closed and another opened to another database, over and
 *   over: each gets its own database's answer (keyed by the address and
 *   the version, an answer crossed when the new connection got the old
 *   one's address, as allocators like to give).
 *
 * Every case runs on SQLite (files in $TMPDIR) and, when
 * JIANGGU_TEST_PG_URL names a scratch database, on PostgreSQL, where the
 * two "databases" are two schemas chosen by the connection's URL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "db/db.h"
#include "db/memo.h"

struct fixture {
	enum db_dialect dialect;
	bool ready;
	char url[2][4200];	/* database X and database Y */
};

/*
 * Under AddressSanitizer freed memory is held back before it is given
 * again (its quarantine), so a connection opened after another was closed
 * never gets its address, and an answer keyed by the address could not
 * cross in test_closed_and_reopened(). Handed out at once, as the C
 * library's allocator does, it can: the test can fail as the release
 * build would. (The hook is read by ASan only; elsewhere it is unused.)
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "quarantine_size_mb=0";
}

static struct fixture sqlite_fx = { .dialect = DB_SQLITE };
static struct fixture pg_fx = { .dialect = DB_POSTGRES };

static const char *const schemas[2] = { "jg_test_memo_x", "jg_test_memo_y" };

static int computed;		/* how many times compute() ran */

/* The answer: how many rows t has. */
static int
compute(struct db *db, const char *key, json_t **out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT count(*) FROM t");

	(void)key;
	*out = NULL;
	computed++;
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = json_pack("{s:I}", "n",
				 (json_int_t)db_column_int(st, 0));
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

static struct db_memo memo = DB_MEMO_INIT;

static int64_t
answer(struct db *db)
{
	json_t *out = NULL;
	int64_t n;

	assert_int_equal(db_memo_answer(&memo, db, "as_of", compute, &out), 0);
	n = json_integer_value(json_object_get(out, "n"));
	json_decref(out);
	return n;
}

static struct db *
open_db(const char *url)
{
	struct db *db;

	if (db_open(&db, url))
		fail_msg("cannot open %s: %s", url, db_errmsg(db));
	return db;
}

static void
exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql))
		fail_msg("%s: %s", sql, db_errmsg(db));
}

/* Database i: an empty table t. */
static int
setup(void **state)
{
	struct fixture *fx = *state;
	struct db *db;
	char sql[256];

	fx->ready = false;
	for (int i = 0; i < 2; i++) {
		if (fx->dialect == DB_SQLITE) {
			const char *t = getenv("TMPDIR");
			int fd;

			if (!t || !*t)
				t = "/tmp";
			snprintf(fx->url[i], sizeof(fx->url[i]),
				 "%s/jg-test-memo-XXXXXX", t);
			fd = mkstemp(fx->url[i]);
			if (fd < 0)
				return -1;
			close(fd);
			db = open_db(fx->url[i]);
			exec_ok(db, "CREATE TABLE t (v INTEGER)");
		} else {
			const char *base = getenv("JIANGGU_TEST_PG_URL");

			if (!base || !*base)
				return 0;
			/* Every connection to "database i" sees schema i. */
			snprintf(fx->url[i], sizeof(fx->url[i]), "%s%c"
				 "options=-c%%20search_path%%3D%s", base,
				 strchr(base, '?') ? '&' : '?', schemas[i]);
			db = open_db(base);
			snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s "
				 "CASCADE; CREATE SCHEMA %s; CREATE TABLE "
				 "%s.t (v BIGINT)", schemas[i], schemas[i],
				 schemas[i]);
			exec_ok(db, sql);
		}
		db_close(db);
	}
	fx->ready = true;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char sql[128], p[4300];

	if (!fx->ready)
		return 0;
	for (int i = 0; i < 2; i++) {
		if (fx->dialect == DB_SQLITE) {
			unlink(fx->url[i]);
			snprintf(p, sizeof(p), "%s-wal", fx->url[i]);
			unlink(p);
			snprintf(p, sizeof(p), "%s-shm", fx->url[i]);
			unlink(p);
		} else {
			struct db *db = open_db(getenv("JIANGGU_TEST_PG_URL"));

			snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE",
				 schemas[i]);
			exec_ok(db, sql);
			db_close(db);
		}
	}
	return 0;
}

static struct fixture *
fixture_of(void **state)
{
	struct fixture *fx = *state;

	if (!fx->ready)
		skip();
	return fx;
}

/*
 * With nothing written, db's answer `n` is kept: given without computing.
 * Any commit in a PostgreSQL cluster moves the version (another test's,
 * autovacuum's), so there it is enough that one of a few tries is kept.
 */
static void
assert_kept(const struct fixture *fx, struct db *db, int64_t n)
{
	int tries = fx->dialect == DB_SQLITE ? 1 : 5, before;

	for (int i = 0; i < tries; i++) {
		before = computed;
		assert_int_equal(answer(db), n);
		if (computed == before)
			return;
	}
	fail_msg("the answer was computed again with nothing written");
}

/* A write on one connection; the figure read on the other is new. */
static void
test_write_seen_by_other(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *a = open_db(fx->url[0]), *b = open_db(fx->url[0]);

	assert_true(db_generation(a) != db_generation(b));
	assert_int_equal(answer(b), 0);
	assert_kept(fx, b, 0);
	for (int i = 1; i <= 20; i++) {
		exec_ok(a, "INSERT INTO t (v) VALUES (1)");
		assert_int_equal(answer(b), i);
		/* What b computed is kept for b only. */
		assert_int_equal(answer(a), i);
	}
	assert_kept(fx, b, 20);
	db_close(a);
	db_close(b);
}

/* A database closed and another opened: no answer crosses. */
static void
test_closed_and_reopened(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *db = open_db(fx->url[1]);
	uint64_t last = 0;

	/* X has no row, Y has one. */
	exec_ok(db, "INSERT INTO t (v) VALUES (1)");
	db_close(db);
	for (int i = 0; i < 20; i++) {
		db = open_db(fx->url[i % 2]);
		assert_true(db_generation(db) > last);
		last = db_generation(db);
		assert_int_equal(answer(db), i % 2);
		db_close(db);
	}
}

#define MEMO_TEST(f, fx) \
	cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &fx)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		MEMO_TEST(test_write_seen_by_other, sqlite_fx),
		MEMO_TEST(test_closed_and_reopened, sqlite_fx),
		MEMO_TEST(test_write_seen_by_other, pg_fx),
		MEMO_TEST(test_closed_and_reopened, pg_fx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
