/*
 * test_memo.c - answers kept while the database stands still
 * (src/db/memo.c, against memo.h), never stale and never another
 * connection's or database's:
 *
 * - an answer is computed once and given again while nothing is written,
 *   as a copy the caller owns; a commit on the same connection or on
 *   another one makes it stale, even of rows it does not count; keys
 *   (dates), connections and databases keep answers apart; errors and
 *   keys too long to keep are never kept; an answer whose database moved
 *   while it was computed is not kept; inside a transaction nothing kept
 *   is given, so a caller sees its own uncommitted writes; closing a
 *   connection drops what was kept for it;
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
 * Each case has two databases, X and Y, with one table t (on_date, v):
 * the answer for a key (a date) is how many rows of that date there are.
 * The cases of the last two kinds run on SQLite (files in $TMPDIR) and on
 * the PostgreSQL database JIANGGU_TEST_PG_URL names, where X and Y are
 * two schemas chosen by each connection's URL; without that variable the
 * PostgreSQL cases fail (nothing is skipped, DESIGN §8). The others count
 * exactly how often an answer is computed, which needs a database nothing
 * else writes to: they run on SQLite.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "db/db.h"
#include "db/memo.h"

struct fixture {
	enum db_dialect dialect;
	bool ready;			/* setup made both databases */
	char url[2][4200];		/* database X and database Y */
	struct db *a, *b;		/* two connections to X */
	struct db_memo *memo;		/* a fresh one for each case */
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

/* Memos live as long as the program, as a module's do: one per case. */
static struct db_memo memos[16] = {
	DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT,
	DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT,
	DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT,
	DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT, DB_MEMO_INIT,
};
static int nmemos;

static int computed;		/* how many times a compute function ran */
static struct db *writer;	/* written to by compute_and_write() */

/* The answer for `key`: {"key": key, "n": rows of that date}. */
static int
compute(struct db *db, const char *key, json_t **out)
{
	int64_t n;
	struct db_value v[1] = { DB_TEXT(key) };
	int rc;

	computed++;
	rc = db_int_value(db, "SELECT COUNT(*) FROM t WHERE on_date = ?", v,
			  1, &n);
	if (rc)
		return rc;
	*out = json_pack("{s:s,s:I}", "key", key, "n", (json_int_t)n);
	return 0;
}

/* Fails after making an answer, which the memo must drop. */
static int
compute_fails(struct db *db, const char *key, json_t **out)
{
	(void)db;
	computed++;
	*out = json_pack("{s:s}", "key", key);
	return ERR_DB;
}

/* Computes while another connection commits: the version moves. */
static int
compute_and_write(struct db *db, const char *key, json_t **out)
{
	struct db_value v[1] = { DB_TEXT(key) };

	assert_int_equal(db_exec_values(writer, "INSERT INTO t (on_date, v) "
					"VALUES (?, 0)", v, 1), 0);
	return compute(db, key, out);
}

static const char *
tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static void
unlink_sqlite(const char *path)
{
	char p[4300];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static struct db *
open_db(const char *url)
{
	struct db *db;

	if (db_open(&db, url)) {
		fprintf(stderr, "# cannot open %s: %s\n", url, db_errmsg(db));
		db_close(db);
		return NULL;
	}
	return db;
}

/* Make database i with an empty table t; 0 or -1 (said on stderr). */
static int
make_database(struct fixture *fx, int i)
{
	struct db *db;
	char sql[512];
	int rc;

	if (fx->dialect == DB_SQLITE) {
		int fd;

		snprintf(fx->url[i], sizeof(fx->url[i]),
			 "%s/jg-test-memo-XXXXXX", tmpdir());
		fd = mkstemp(fx->url[i]);
		if (fd < 0) {
			fprintf(stderr, "# cannot make %s\n", fx->url[i]);
			fx->url[i][0] = '\0';
			return -1;
		}
		close(fd);
		db = open_db(fx->url[i]);
		snprintf(sql, sizeof(sql), "CREATE TABLE t (on_date TEXT "
			 "NOT NULL, v INTEGER NOT NULL)");
	} else {
		const char *base = getenv("JIANGGU_TEST_PG_URL");

		/* Every connection to "database i" sees schema i. */
		snprintf(fx->url[i], sizeof(fx->url[i]), "%s%c"
			 "options=-c%%20search_path%%3D%s", base,
			 strchr(base, '?') ? '&' : '?', schemas[i]);
		db = open_db(base);
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
			 "CREATE SCHEMA %s; CREATE TABLE %s.t (on_date TEXT "
			 "NOT NULL, v BIGINT NOT NULL)", schemas[i],
			 schemas[i], schemas[i]);
	}
	if (!db)
		return -1;
	rc = db_exec(db, sql);
	if (rc)
		fprintf(stderr, "# %s: %s\n", sql, db_errmsg(db));
	db_close(db);
	return rc ? -1 : 0;
}

static void
drop_database(struct fixture *fx, int i)
{
	struct db *db;
	char sql[128];

	if (!fx->url[i][0])
		return;
	if (fx->dialect == DB_SQLITE) {
		unlink_sqlite(fx->url[i]);
	} else if ((db = open_db(getenv("JIANGGU_TEST_PG_URL")))) {
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
			 schemas[i]);
		if (db_exec(db, sql))
			fprintf(stderr, "# %s: %s\n", sql, db_errmsg(db));
		db_close(db);
	}
	fx->url[i][0] = '\0';
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	db_close(fx->a);
	db_close(fx->b);
	fx->a = fx->b = NULL;
	drop_database(fx, 0);
	drop_database(fx, 1);
	fx->ready = false;
	return 0;
}

/* Databases X and Y, two connections to X and a fresh memo. */
static int
setup(void **state)
{
	struct fixture *fx = *state;

	fx->ready = false;
	fx->a = fx->b = NULL;
	fx->url[0][0] = fx->url[1][0] = '\0';
	if (fx->dialect == DB_POSTGRES) {
		const char *url = getenv("JIANGGU_TEST_PG_URL");

		if (!url || !*url) {
			fprintf(stderr, "# JIANGGU_TEST_PG_URL is not set: "
				"the PostgreSQL cases cannot run\n");
			return -1;
		}
	}
	if (nmemos == (int)(sizeof(memos) / sizeof(memos[0]))) {
		fprintf(stderr, "# more cases than memos\n");
		return -1;
	}
	fx->memo = &memos[nmemos++];
	if (make_database(fx, 0) || make_database(fx, 1) ||
	    !(fx->a = open_db(fx->url[0])) || !(fx->b = open_db(fx->url[0]))) {
		teardown(state);
		return -1;
	}
	computed = 0;
	fx->ready = true;
	return 0;
}

/* The fixture of this case (its setup failed the case without one). */
static struct fixture *
fixture_of(void **state)
{
	struct fixture *fx = *state;

	assert_true(fx->ready);
	return fx;
}

static void
insert(struct db *db, const char *on_date)
{
	struct db_value v[1] = { DB_TEXT(on_date) };

	if (db_exec_values(db, "INSERT INTO t (on_date, v) VALUES (?, 1)", v,
			   1))
		fail_msg("insert %s: %s", on_date, db_errmsg(db));
}

/* db's answer for `key`, checked to be that key's, as its count. */
static int64_t
answer(struct fixture *fx, struct db *db, const char *key)
{
	json_t *out = NULL;
	int64_t n;

	assert_int_equal(db_memo_answer(fx->memo, db, key, compute, &out),
			 0);
	assert_non_null(out);
	assert_string_equal(json_string_value(json_object_get(out, "key")),
			    key);
	n = json_integer_value(json_object_get(out, "n"));
	json_decref(out);
	return n;
}

/*
 * With nothing written, db's answer `n` is kept: given without computing.
 * Any commit in a PostgreSQL cluster moves the version (another test's,
 * autovacuum's), so there it is enough that one of a few tries is kept.
 */
static void
assert_kept(struct fixture *fx, struct db *db, const char *key, int64_t n)
{
	int tries = fx->dialect == DB_SQLITE ? 1 : 5, before;

	for (int i = 0; i < tries; i++) {
		before = computed;
		assert_int_equal(answer(fx, db, key), n);
		if (computed == before)
			return;
	}
	fail_msg("the answer was computed again with nothing written");
}

/*
 * Computed once; given again, as the caller's own copy, while nothing is
 * written.
 */
static void
test_kept(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *first = NULL, *second = NULL;

	insert(fx->a, "2019-11-18");
	insert(fx->a, "2019-11-18");
	assert_int_equal(db_memo_answer(fx->memo, fx->a, "2019-11-18",
					compute, &first), 0);
	assert_int_equal(computed, 1);
	assert_int_equal(json_integer_value(json_object_get(first, "n")), 2);
	/* The caller may change what it got: the kept answer is apart. */
	json_object_set_new(first, "n", json_integer(99));
	for (int i = 0; i < 5; i++) {
		assert_int_equal(db_memo_answer(fx->memo, fx->a, "2019-11-18",
						compute, &second), 0);
		assert_ptr_not_equal(first, second);
		assert_int_equal(json_integer_value(json_object_get(second,
								    "n")), 2);
		json_decref(second);
	}
	assert_int_equal(computed, 1);
	json_decref(first);
}

/* A commit on the same connection, or on another, makes it stale. */
static void
test_write_makes_stale(void **state)
{
	struct fixture *fx = fixture_of(state);

	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
	assert_int_equal(computed, 1);
	insert(fx->a, "2019-11-18");
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(computed, 2);
	insert(fx->b, "2019-11-18");
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 2);
	assert_int_equal(computed, 3);
	/* Any commit, even of rows the answer does not count. */
	insert(fx->b, "2020-01-01");
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 2);
	assert_int_equal(computed, 4);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 2);
	assert_int_equal(computed, 4);
}

/* Each key (date) has its own answer, all kept side by side. */
static void
test_keys_apart(void **state)
{
	struct fixture *fx = fixture_of(state);
	static const char *const dates[] = {
		"2019-11-16", "2019-11-17", "2019-11-18", "2019-11-19", NULL,
	};

	for (int i = 0; dates[i]; i++)
		for (int k = 0; k <= i; k++)
			insert(fx->a, dates[i]);
	for (int round = 0; round < 3; round++)
		for (int i = 0; dates[i]; i++)
			assert_int_equal(answer(fx, fx->a, dates[i]), i + 1);
	assert_int_equal(computed, 4);
	/* A key that only shares a prefix is another key. */
	assert_int_equal(answer(fx, fx->a, "2019-11-1"), 0);
	assert_int_equal(computed, 5);
}

/* Answers are kept per connection: b computes its own. */
static void
test_connections_apart(void **state)
{
	struct fixture *fx = fixture_of(state);

	assert_true(db_generation(fx->a) != db_generation(fx->b));
	insert(fx->a, "2019-11-18");
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(answer(fx, fx->b, "2019-11-18"), 1);
	assert_int_equal(computed, 2);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(answer(fx, fx->b, "2019-11-18"), 1);
	assert_int_equal(computed, 2);
}

/*
 * Two databases, one key: each connection gets its own database's answer,
 * though both connections are new and their versions may well be equal.
 */
static void
test_databases_apart(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *x, *y;

	y = open_db(fx->url[1]);
	assert_non_null(y);
	insert(y, "2019-11-18");
	db_close(y);
	x = open_db(fx->url[0]);
	y = open_db(fx->url[1]);
	assert_non_null(x);
	assert_non_null(y);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(answer(fx, x, "2019-11-18"), 0);
		assert_int_equal(answer(fx, y, "2019-11-18"), 1);
	}
	assert_int_equal(computed, 2);
	db_close(x);
	db_close(y);
}

/* An error comes back with *out NULL, and is not kept. */
static void
test_error_not_kept(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *out;

	for (int i = 1; i <= 3; i++) {
		out = json_true();
		assert_int_equal(db_memo_answer(fx->memo, fx->a, "2019-11-18",
						compute_fails, &out), ERR_DB);
		assert_null(out);
		assert_int_equal(computed, i);
	}
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
	assert_int_equal(computed, 4);
}

/* A key of any length is kept, apart from a key that begins it. */
static void
test_long_key_kept(void **state)
{
	struct fixture *fx = fixture_of(state);
	char key[300], shorter[150];

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memcpy(shorter, key, sizeof(shorter) - 1);
	shorter[sizeof(shorter) - 1] = '\0';
	insert(fx->a, key);
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(answer(fx, fx->a, key), 1);
		assert_int_equal(computed, 1);
	}
	assert_int_equal(answer(fx, fx->a, shorter), 0);
	assert_int_equal(answer(fx, fx->a, shorter), 0);
	assert_int_equal(computed, 2);
	assert_int_equal(answer(fx, fx->a, key), 1);
	assert_int_equal(computed, 2);
}

/* A commit while the answer was computed: given once, not kept. */
static void
test_moved_while_computing(void **state)
{
	struct fixture *fx = fixture_of(state);
	json_t *out = NULL;

	writer = fx->b;
	assert_int_equal(db_memo_answer(fx->memo, fx->a, "2019-11-18",
					compute_and_write, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "n")), 1);
	json_decref(out);
	assert_int_equal(computed, 1);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(computed, 2);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(computed, 2);
}

/* Inside a transaction the caller's own writes count: nothing kept. */
static void
test_inside_transaction(void **state)
{
	struct fixture *fx = fixture_of(state);

	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
	assert_int_equal(computed, 1);
	assert_int_equal(db_begin(fx->a), 0);
	insert(fx->a, "2019-11-18");
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 1);
	assert_int_equal(computed, 3);
	assert_int_equal(db_rollback(fx->a), 0);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
}

/* How many of m's slots hold an answer for connection `generation`. */
static int
slots_of(const struct db_memo *m, uint64_t generation)
{
	int n = 0;

	for (int i = 0; i < DB_MEMO_SLOTS; i++)
		if (m->slot[i].generation == generation && m->slot[i].text)
			n++;
	return n;
}

/* Closing a connection drops what the memo kept for it, and only that. */
static void
test_close_forgets(void **state)
{
	struct fixture *fx = fixture_of(state);
	uint64_t a = db_generation(fx->a), b = db_generation(fx->b);

	assert_int_equal(answer(fx, fx->a, "2019-11-17"), 0);
	assert_int_equal(answer(fx, fx->a, "2019-11-18"), 0);
	assert_int_equal(answer(fx, fx->b, "2019-11-18"), 0);
	assert_int_equal(slots_of(fx->memo, a), 2);
	assert_int_equal(slots_of(fx->memo, b), 1);
	db_close(fx->a);
	fx->a = NULL;
	assert_int_equal(slots_of(fx->memo, a), 0);
	assert_int_equal(slots_of(fx->memo, b), 1);
	assert_int_equal(answer(fx, fx->b, "2019-11-18"), 0);
	assert_int_equal(computed, 3);
}

/* A write on one connection; the figure read on the other is new. */
static void
test_write_seen_by_other(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *a = fx->a, *b = fx->b;

	assert_true(db_generation(a) != db_generation(b));
	assert_int_equal(answer(fx, b, "2019-11-18"), 0);
	assert_kept(fx, b, "2019-11-18", 0);
	for (int i = 1; i <= 20; i++) {
		insert(a, "2019-11-18");
		assert_int_equal(answer(fx, b, "2019-11-18"), i);
		/* What b computed is kept for b only. */
		assert_int_equal(answer(fx, a, "2019-11-18"), i);
	}
	assert_kept(fx, b, "2019-11-18", 20);
}

/* A database closed and another opened: no answer crosses. */
static void
test_closed_and_reopened(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *db = open_db(fx->url[1]);
	uint64_t last = 0;

	/* X has no row, Y has one. */
	assert_non_null(db);
	insert(db, "2019-11-18");
	db_close(db);
	for (int i = 0; i < 20; i++) {
		db = open_db(fx->url[i % 2]);
		assert_non_null(db);
		assert_true(db_generation(db) > last);
		last = db_generation(db);
		assert_int_equal(answer(fx, db, "2019-11-18"), i % 2);
		db_close(db);
	}
}

#define MEMO_TEST(f, fx) \
	cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &fx)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		MEMO_TEST(test_kept, sqlite_fx),
		MEMO_TEST(test_write_makes_stale, sqlite_fx),
		MEMO_TEST(test_keys_apart, sqlite_fx),
		MEMO_TEST(test_connections_apart, sqlite_fx),
		MEMO_TEST(test_databases_apart, sqlite_fx),
		MEMO_TEST(test_error_not_kept, sqlite_fx),
		MEMO_TEST(test_long_key_kept, sqlite_fx),
		MEMO_TEST(test_moved_while_computing, sqlite_fx),
		MEMO_TEST(test_inside_transaction, sqlite_fx),
		MEMO_TEST(test_close_forgets, sqlite_fx),
		MEMO_TEST(test_write_seen_by_other, sqlite_fx),
		MEMO_TEST(test_closed_and_reopened, sqlite_fx),
		MEMO_TEST(test_write_seen_by_other, pg_fx),
		MEMO_TEST(test_closed_and_reopened, pg_fx),
	};

	/* The cases are of memos turned on, whatever the caller's setting. */
	unsetenv("JIANGGU_MEMO");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
