/*
 * test_row.c - tests of the row mapper (src/db/row.c) through row.h: every
 * field type read by column name whatever the SELECT's order, NULLs, no
 * row, text that does not fit and integers out of an int's range (errors,
 * never cut), a result that does not pair with the table, many rows
 * (growing past several doublings, none, an error half-way), the
 * arena's budget, and a row as a JSON object.
 *
 * Every case runs on SQLite (a fresh file in $TMPDIR) and on PostgreSQL,
 * in a schema of its own inside the empty scratch database that
 * JIANGGU_TEST_PG_URL names; without that variable the PostgreSQL cases
 * fail (nothing is skipped, DESIGN §8).
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

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"

#define PG_SCHEMA "jg_test_row"

/* A name of up to NAME_CHARS characters of UTF-8. */
#define NAME_CHARS 4
#define CODE_LEN 3

struct thing {
	int64_t id, big;
	int small;
	bool flag;
	char code[CODE_LEN + 1];
	char name[NAME_CHARS * 4 + 1];
	const char *note;		/* in the arena */
	int64_t untouched;		/* no field: stays 0 */
};
_Static_assert(DB_FITS(struct thing, code, CODE_LEN), "code fits");
_Static_assert(DB_FITS(struct thing, name, NAME_CHARS * 4), "name fits");

static const struct db_field thing_fields[] = {
	DB_FIELD_INT64(struct thing, id),
	DB_FIELD_INT64(struct thing, big),
	DB_FIELD_INT(struct thing, small),
	DB_FIELD_BOOL(struct thing, flag),
	DB_FIELD_CHARS(struct thing, code),
	DB_FIELD_CHARS(struct thing, name),
	DB_FIELD_TEXT(struct thing, note),
	DB_FIELDS_END
};

/* The columns of thing_fields in another order than the struct's. */
#define THING_SELECT							\
	"SELECT note, name, code, (note IS NULL) AS flag, small, big, id, " \
	"'ignored' AS other FROM thing"

struct fixture {
	enum db_dialect dialect;
	struct db *db;
	char url[4096];
};

static struct fixture sqlite_fx = { .dialect = DB_SQLITE };
static struct fixture pg_fx = { .dialect = DB_POSTGRES };

static const char *
tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static void
unlink_sqlite(const char *path)
{
	char p[4200];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Insert one row of `thing`. */
static void
put(struct db *db, int64_t id, int64_t big, int64_t small, const char *code,
    const char *name, const char *note)
{
	struct db_value v[] = {
		DB_INT(id), DB_INT(big), DB_INT(small), DB_TEXT(code),
		DB_TEXT(name), DB_TEXT(note),
	};

	assert_int_equal(db_exec_values(db, "INSERT INTO thing (id, big, "
					"small, code, name, note) VALUES "
					"(?, ?, ?, ?, ?, ?)", v, 6), 0);
}

static int
setup(void **state)
{
	struct fixture *fx = *state;

	fx->db = NULL;
	if (fx->dialect == DB_SQLITE) {
		int fd;

		snprintf(fx->url, sizeof(fx->url), "%s/jg-test-row-XXXXXX",
			 tmpdir());
		fd = mkstemp(fx->url);
		if (fd < 0)
			return -1;
		close(fd);
	} else {
		const char *url = getenv("JIANGGU_TEST_PG_URL");

		if (!url || !*url) {
			fprintf(stderr, "# JIANGGU_TEST_PG_URL is not set: "
				"the PostgreSQL cases cannot run\n");
			return -1;
		}
		snprintf(fx->url, sizeof(fx->url), "%s", url);
	}
	if (db_open(&fx->db, fx->url)) {
		fprintf(stderr, "# cannot open %s: %s\n", fx->url,
			db_errmsg(fx->db));
		db_close(fx->db);
		fx->db = NULL;
		return -1;
	}
	if ((fx->dialect == DB_POSTGRES &&
	     db_exec(fx->db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE;"
			     "CREATE SCHEMA " PG_SCHEMA ";"
			     "SET search_path TO " PG_SCHEMA)) ||
	    db_exec(fx->db, "CREATE TABLE thing (id BIGINT PRIMARY KEY, "
			    "big BIGINT, small BIGINT, code TEXT, name TEXT, "
			    "note TEXT)")) {
		fprintf(stderr, "# %s\n", db_errmsg(fx->db));
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	if (!fx->db)
		return 0;
	if (fx->dialect == DB_POSTGRES &&
	    db_exec(fx->db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE")) {
		db_rollback(fx->db);
		db_exec(fx->db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE");
	}
	db_close(fx->db);
	fx->db = NULL;
	if (fx->dialect == DB_SQLITE)
		unlink_sqlite(fx->url);
	return 0;
}

static struct db *
db_of(void **state)
{
	return ((struct fixture *)*state)->db;
}

/* Run THING_SELECT for `id` into *t with a fresh arena `a`. */
static int
get(struct db *db, struct arena *a, int64_t id, struct thing *t)
{
	memset(t, 0x5a, sizeof(*t));
	return db_get_one(db, THING_SELECT " WHERE id = ?",
			  (struct db_value[]){ DB_INT(id) }, 1, thing_fields,
			  t, sizeof(*t), a);
}

/* Whether every byte of `p` is 0. */
static bool
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void
test_every_type(void **state)
{
	struct db *db = db_of(state);
	struct thing t;
	struct arena a;

	arena_init(&a, 0);
	put(db, 1, INT64_C(9007199254740993), -2147483648LL, "abc",
	    "匠谷园区", "备注 note");
	put(db, 2, INT64_MIN, 2147483647, "", "x", NULL);
	assert_int_equal(get(db, &a, 1, &t), 0);
	assert_int_equal(t.id, 1);
	assert_int_equal(t.big, INT64_C(9007199254740993));
	assert_int_equal(t.small, -2147483647 - 1);
	assert_false(t.flag);
	assert_string_equal(t.code, "abc");	/* exactly CODE_LEN bytes */
	assert_string_equal(t.name, "匠谷园区");	/* 12 of 16 bytes */
	assert_string_equal(t.note, "备注 note");
	assert_int_equal(t.untouched, 0);
	assert_int_equal(get(db, &a, 2, &t), 0);
	assert_int_equal(t.big, INT64_MIN);
	assert_int_equal(t.small, 2147483647);
	assert_true(t.flag);			/* a PostgreSQL boolean too */
	assert_string_equal(t.code, "");
	assert_null(t.note);
	arena_release(&a);
}

static void
test_nulls(void **state)
{
	struct db *db = db_of(state);
	struct thing t;
	struct arena a;

	arena_init(&a, 0);
	assert_int_equal(db_exec(db, "INSERT INTO thing (id) VALUES (7)"), 0);
	assert_int_equal(get(db, &a, 7, &t), 0);
	assert_int_equal(t.id, 7);
	assert_int_equal(t.big, 0);
	assert_int_equal(t.small, 0);
	assert_true(t.flag);
	assert_string_equal(t.code, "");
	assert_string_equal(t.name, "");
	assert_null(t.note);
	/* A NULL told apart from 0 by the SQL: a default or a flag. */
	assert_int_equal(db_get_one(db, "SELECT id, COALESCE(big, -1) AS big, "
				    "0 AS small, big IS NULL AS flag, '' AS "
				    "code, '' AS name, NULL AS note FROM "
				    "thing", NULL, 0, thing_fields, &t,
				    sizeof(t), &a), 0);
	assert_int_equal(t.big, -1);
	assert_true(t.flag);
	arena_release(&a);
}

static void
test_not_found(void **state)
{
	struct db *db = db_of(state);
	struct thing t;
	struct arena a;

	arena_init(&a, 0);
	put(db, 1, 1, 1, "a", "b", "c");
	assert_int_equal(get(db, &a, 2, &t), ERR_NOTFOUND);
	assert_true(all_zero(&t, sizeof(t)));
	arena_release(&a);
}

static void
test_too_long(void **state)
{
	struct db *db = db_of(state);
	struct thing t;
	struct arena a;

	arena_init(&a, 0);
	put(db, 1, 1, 1, "abcd", "b", "c");	/* code: one byte too many */
	put(db, 2, 1, 1, "a", "匠谷园区匠谷", "c");	/* 18 > 16 bytes */
	put(db, 3, 1, INT64_C(2147483648), "a", "b", "c");
	assert_int_equal(get(db, &a, 1, &t), ERR_DB);
	assert_non_null(strstr(db_errmsg(db), "column code"));
	assert_true(all_zero(&t, sizeof(t)));
	assert_int_equal(get(db, &a, 2, &t), ERR_DB);
	assert_non_null(strstr(db_errmsg(db), "column name"));
	assert_true(all_zero(&t, sizeof(t)));
	/* An integer that does not fit an int is refused, not wrapped. */
	assert_int_equal(get(db, &a, 3, &t), ERR_DB);
	assert_non_null(strstr(db_errmsg(db), "column small"));
	assert_true(all_zero(&t, sizeof(t)));
	arena_release(&a);
}

static void
test_result_must_pair(void **state)
{
	struct db *db = db_of(state);
	struct db_value one[] = { DB_INT(1) };
	struct thing t;
	struct arena a;

	arena_init(&a, 0);
	put(db, 1, 1, 1, "a", "b", "c");
	/* A column the table names is missing. */
	assert_int_equal(db_get_one(db, "SELECT id, big, small, code, name, "
				    "note FROM thing WHERE id = ?", one, 1,
				    thing_fields, &t, sizeof(t), &a),
			 ERR_INVALID);
	assert_non_null(strstr(db_errmsg(db), "no column flag"));
	assert_true(all_zero(&t, sizeof(t)));
	/* A column named twice would make the SELECT's order matter. */
	assert_int_equal(db_get_one(db, "SELECT id, big, small, 1 AS flag, "
				    "code, name, note, id FROM thing WHERE "
				    "id = ?", one, 1, thing_fields, &t,
				    sizeof(t), &a), ERR_INVALID);
	assert_non_null(strstr(db_errmsg(db), "column id is in the result "
				       "twice"));
	/* Text where an integer is wanted, and the other way round. */
	assert_int_equal(db_get_one(db, "SELECT id, code AS big, small, "
				    "1 AS flag, code, name, note FROM thing "
				    "WHERE id = ?", one, 1, thing_fields, &t,
				    sizeof(t), &a), ERR_INVALID);
	assert_non_null(strstr(db_errmsg(db), "column big is not an "
				       "integer"));
	assert_int_equal(db_get_one(db, "SELECT id, big, small, 1 AS flag, "
				    "big AS code, name, note FROM thing "
				    "WHERE id = ?", one, 1, thing_fields, &t,
				    sizeof(t), &a), ERR_INVALID);
	assert_non_null(strstr(db_errmsg(db), "column code is not text"));
	/* A query error is the database's. */
	assert_int_equal(db_get_one(db, "SELECT nothing FROM thing", NULL, 0,
				    thing_fields, &t, sizeof(t), &a), ERR_DB);
	arena_release(&a);
}

static void
test_many(void **state)
{
	struct db *db = db_of(state);
	struct thing *things;
	struct arena a;
	void *rows;
	size_t n;
	char code[16];

	arena_init(&a, 0);
	assert_int_equal(db_begin(db), 0);
	for (int i = 1; i <= 100; i++) {
		snprintf(code, sizeof(code), "%03d", i);
		put(db, i, (int64_t)i * 1000000000000, -i, code, "名字",
		    i % 2 ? "odd" : NULL);
	}
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_get_many(db, THING_SELECT " WHERE id > ? "
				     "ORDER BY id DESC", (struct db_value[]){
				     DB_INT(0) }, 1, thing_fields,
				     sizeof(struct thing), &a, &rows, &n), 0);
	assert_int_equal(n, 100);
	things = rows;
	for (int i = 0; i < 100; i++) {
		int id = 100 - i;

		snprintf(code, sizeof(code), "%03d", id);
		assert_int_equal(things[i].id, id);
		assert_int_equal(things[i].big, (int64_t)id * 1000000000000);
		assert_int_equal(things[i].small, -id);
		assert_int_equal(things[i].flag, id % 2 == 0);
		assert_string_equal(things[i].code, code);
		assert_string_equal(things[i].name, "名字");
		if (id % 2)
			assert_string_equal(things[i].note, "odd");
		else
			assert_null(things[i].note);
		assert_int_equal(things[i].untouched, 0);
	}
	/* No rows: no error, no array. */
	assert_int_equal(db_get_many(db, THING_SELECT " WHERE id > ?",
				     (struct db_value[]){ DB_INT(100) }, 1,
				     thing_fields, sizeof(struct thing), &a,
				     &rows, &n), 0);
	assert_null(rows);
	assert_int_equal(n, 0);
	/* A value that does not fit half-way: the whole call fails. */
	put(db, 101, 0, 0, "toolong", "", NULL);
	assert_int_equal(db_get_many(db, THING_SELECT " ORDER BY id", NULL, 0,
				     thing_fields, sizeof(struct thing), &a,
				     &rows, &n), ERR_DB);
	assert_null(rows);
	assert_int_equal(n, 0);
	arena_release(&a);
}

static void
test_arena_budget(void **state)
{
	struct db *db = db_of(state);
	struct thing t;
	struct arena a;
	void *rows = &t;
	size_t n = 1;

	put(db, 1, 1, 1, "a", "b", "a note longer than the budget allows");
	arena_init(&a, 16);
	assert_int_equal(get(db, &a, 1, &t), ERR_NOMEM);
	assert_true(all_zero(&t, sizeof(t)));
	assert_int_equal(db_get_many(db, THING_SELECT, NULL, 0, thing_fields,
				     sizeof(struct thing), &a, &rows, &n),
			 ERR_NOMEM);
	assert_null(rows);
	assert_int_equal(n, 0);
	arena_release(&a);
}

static void
test_json(void **state)
{
	struct db *db = db_of(state);
	json_t *o = NULL;

	put(db, 1, INT64_C(9007199254740993), 2, "abc", "匠谷", NULL);
	assert_int_equal(db_get_json(db, "SELECT name, big, note FROM thing "
				     "WHERE id = ?", (struct db_value[]){
				     DB_INT(1) }, 1, &o), 0);
	assert_int_equal(json_object_size(o), 3);
	assert_string_equal(json_string_value(json_object_get(o, "name")),
			    "匠谷");
	assert_int_equal(json_integer_value(json_object_get(o, "big")),
			 INT64_C(9007199254740993));
	assert_true(json_is_null(json_object_get(o, "note")));
	json_decref(o);
	assert_int_equal(db_get_json(db, "SELECT name FROM thing WHERE id = ?",
				     (struct db_value[]){ DB_INT(2) }, 1, &o),
			 ERR_NOTFOUND);
	assert_null(o);
	assert_int_equal(db_get_json(db, "SELECT nothing FROM thing", NULL, 0,
				     &o), ERR_DB);
	assert_null(o);
}

#define ROW_TEST(f, fx) \
	cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &fx)

#define ROW_TESTS(fx)						\
	ROW_TEST(test_every_type, fx),				\
	ROW_TEST(test_nulls, fx),				\
	ROW_TEST(test_not_found, fx),				\
	ROW_TEST(test_too_long, fx),				\
	ROW_TEST(test_result_must_pair, fx),			\
	ROW_TEST(test_many, fx),				\
	ROW_TEST(test_arena_budget, fx),			\
	ROW_TEST(test_json, fx)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { ROW_TESTS(sqlite_fx) };
	const struct CMUnitTest pg_tests[] = { ROW_TESTS(pg_fx) };
	int failed = 0;

	failed += cmocka_run_group_tests_name("sqlite", sqlite_tests, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("postgresql", pg_tests, NULL,
					      NULL);
	return failed;
}
