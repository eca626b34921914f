/*
 * test_migrate.c - tests of src/db/migrate.c: loading migrations from a
 * directory (badly named files, duplicate versions, a missing directory),
 * applying them in order and recording them, a second run applying nothing,
 * a failing migration rolled back whole while the earlier ones stay,
 * migrate_current() and migrate_is_applied(), and the built-in set.
 *
 * Migration files are written to a fresh directory tree under $TMPDIR.
 * Every case runs on SQLite (":memory:") and on the scratch PostgreSQL
 * database JIANGGU_TEST_PG_URL names, inside a schema of its own that is
 * dropped afterwards; without that variable the PostgreSQL cases fail
 * (nothing is skipped, DESIGN §8).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "db/db.h"
#include "db/migrate.h"

#define PG_SCHEMA "jg_test_migrate"

struct fixture {
	enum db_dialect dialect;
	struct db *db;		/* NULL only after a failed setup */
	char dir[4096];		/* DIR, holding DIR/sqlite and DIR/postgres */
};

static struct fixture sqlite_fx = { .dialect = DB_SQLITE };
static struct fixture pg_fx = { .dialect = DB_POSTGRES };

static const char *
subdir(enum db_dialect d)
{
	return d == DB_SQLITE ? "sqlite" : "postgres";
}

/* Remove DIR/sqlite/x, DIR/postgres/x, those folders, and DIR. */
static void
remove_tree(const char *dir)
{
	char path[4400];

	for (int d = DB_SQLITE; d <= DB_POSTGRES; d++) {
		DIR *dp;
		struct dirent *de;

		snprintf(path, sizeof(path), "%s/%s", dir, subdir(d));
		dp = opendir(path);
		while (dp && (de = readdir(dp))) {
			char file[4700];

			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			snprintf(file, sizeof(file), "%s/%s", path, de->d_name);
			unlink(file);
		}
		if (dp)
			closedir(dp);
		rmdir(path);
	}
	rmdir(dir);
}

/* Write `text` to DIR/<this dialect>/name. */
static void
write_migration(const struct fixture *fx, const char *name, const char *text)
{
	char path[4400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", fx->dir, subdir(fx->dialect),
		 name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void
remove_migration(const struct fixture *fx, const char *name)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s/%s", fx->dir, subdir(fx->dialect),
		 name);
	assert_int_equal(unlink(path), 0);
}

static int
setup(void **state)
{
	struct fixture *fx = *state;
	const char *tmp = getenv("TMPDIR"), *url = ":memory:";
	char path[4400];

	fx->db = NULL;
	if (fx->dialect == DB_POSTGRES) {
		url = getenv("JIANGGU_TEST_PG_URL");
		if (!url || !*url) {
			fprintf(stderr, "# JIANGGU_TEST_PG_URL is not set: "
				"the PostgreSQL cases cannot run\n");
			return -1;
		}
	}
	snprintf(fx->dir, sizeof(fx->dir), "%s/jg-test-migrate-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	for (int d = DB_SQLITE; d <= DB_POSTGRES; d++) {
		snprintf(path, sizeof(path), "%s/%s", fx->dir, subdir(d));
		if (mkdir(path, 0700))
			return -1;
	}
	if (db_open(&fx->db, url)) {
		fprintf(stderr, "# cannot open %s: %s\n", url,
			db_errmsg(fx->db));
		db_close(fx->db);
		fx->db = NULL;
		return -1;
	}
	if (fx->dialect == DB_POSTGRES &&
	    db_exec(fx->db, "DROP SCHEMA IF EXISTS " PG_SCHEMA " CASCADE;"
			    "CREATE SCHEMA " PG_SCHEMA ";"
			    "SET search_path TO " PG_SCHEMA)) {
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
	remove_tree(fx->dir);
	return 0;
}

static struct fixture *
fixture_of(void **state)
{
	struct fixture *fx = *state;

	assert_non_null(fx->db);
	return fx;
}

static int64_t
query_int(struct db *db, const char *sql, const char *arg)
{
	struct db_stmt *st;
	int64_t v;

	if (db_prepare(db, &st, sql))
		fail_msg("%s: %s", sql, db_errmsg(db));
	if (arg)
		assert_int_equal(db_bind_text(st, 1, arg), 0);
	if (db_step(st) != DB_ROW)
		fail_msg("%s: %s", sql, db_errmsg(db));
	v = db_column_int(st, 0);
	db_finalize(st);
	return v;
}

static int
table_exists(struct db *db, const char *name)
{
	return (int)query_int(db, db_dialect(db) == DB_SQLITE ?
		"SELECT count(*) FROM sqlite_master "
		"WHERE type = 'table' AND name = ?" :
		"SELECT count(*) FROM pg_tables "
		"WHERE schemaname = current_schema() AND tablename = ?", name);
}

static int
is_applied(struct db *db, int version)
{
	int applied = -1;

	assert_int_equal(migrate_is_applied(db, version, &applied), 0);
	return applied;
}

static int
current(struct db *db)
{
	int v = -1;

	assert_int_equal(migrate_current(db, &v), 0);
	return v;
}

/* Load DIR for this dialect; the set must load. */
static void
load(const struct fixture *fx, struct migration_set *set)
{
	char err[512] = "";
	int rc = migration_set_load(set, fx->dialect, fx->dir, err,
				    sizeof(err));

	if (rc)
		fail_msg("migration_set_load: %d %s", rc, err);
}

/*
 * Run migrate_up() and capture its log: returns its code, stores the log
 * (malloc'd) in *log, the count in *applied and the failed one in *failed.
 */
static int
up(struct db *db, const struct migration_set *set, char **log, int *applied,
   const struct migration **failed)
{
	size_t len;
	FILE *f = open_memstream(log, &len);
	int rc;

	assert_non_null(f);
	*applied = -1;
	rc = migrate_up(db, set, f, applied, failed);
	fclose(f);
	return rc;
}

static const char m1[] =
	"-- 0001_a: the first table\n"
	"CREATE TABLE jg_mig_a (\n"
	"    id INTEGER PRIMARY KEY,\n"
	"    name TEXT NOT NULL\n"
	");\n";
static const char m2[] =
	"CREATE TABLE jg_mig_b (id INTEGER PRIMARY KEY,\n"
	"    a_id INTEGER REFERENCES jg_mig_a (id));\n"
	"INSERT INTO jg_mig_a (id, name) VALUES (1, '匠谷');\n";
/* Creates a table, fills it, then fails to parse. */
static const char m3_syntax[] =
	"CREATE TABLE jg_mig_c (id INTEGER PRIMARY KEY);\n"
	"INSERT INTO jg_mig_c (id) VALUES (1);\n"
	"CREAT TABLE jg_mig_oops (x INTEGER);\n";
/* Parses, creates a table, then fails at run time (duplicate key). */
static const char m3_runtime[] =
	"CREATE TABLE jg_mig_c (id INTEGER PRIMARY KEY);\n"
	"INSERT INTO jg_mig_a (id, name) VALUES (2, 'second');\n"
	"INSERT INTO jg_mig_a (id, name) VALUES (1, 'duplicate');\n";
static const char m3_good[] =
	"CREATE TABLE jg_mig_c (id INTEGER PRIMARY KEY);\n";

/* What must hold after a failed 0003: 0001 and 0002 as they were. */
static void
check_rolled_back(struct db *db)
{
	assert_int_equal(table_exists(db, "jg_mig_c"), 0);
	assert_int_equal(table_exists(db, "jg_mig_oops"), 0);
	assert_int_equal(is_applied(db, 3), 0);
	assert_int_equal(is_applied(db, 1), 1);
	assert_int_equal(is_applied(db, 2), 1);
	assert_int_equal(current(db), 2);
	assert_int_equal(table_exists(db, "jg_mig_a"), 1);
	assert_int_equal(table_exists(db, "jg_mig_b"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM jg_mig_a", NULL),
			 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
				       "schema_migrations", NULL), 2);
}

static void
test_up_fail_and_rerun(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct db *db = fx->db;
	struct migration_set set;
	const struct migration *failed = (void *)1;
	struct db_stmt *st;
	char *log = NULL;
	int applied, v = -1;

	write_migration(fx, "0002_b.sql", m2);
	write_migration(fx, "0001_a.sql", m1);
	load(fx, &set);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.items[0].version, 1);
	assert_string_equal(set.items[0].name, "0001_a.sql");
	assert_string_equal(set.items[0].sql, m1);
	assert_int_equal(set.items[1].version, 2);
	assert_string_equal(set.items[1].name, "0002_b.sql");

	/* Never migrated: migrate_current() says so. */
	assert_int_equal(migrate_current(db, &v), ERR_DB);
	assert_int_equal(v, 0);

	assert_int_equal(up(db, &set, &log, &applied, &failed), 0);
	assert_int_equal(applied, 2);
	assert_null(failed);
	assert_string_equal(log, "applied 0001_a.sql\napplied 0002_b.sql\n");
	free(log);
	assert_int_equal(current(db), 2);
	assert_int_equal(is_applied(db, 1), 1);
	assert_int_equal(is_applied(db, 2), 1);
	assert_int_equal(is_applied(db, 3), 0);
	assert_int_equal(table_exists(db, "jg_mig_a"), 1);
	assert_int_equal(table_exists(db, "jg_mig_b"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM jg_mig_a "
				       "WHERE name = ?", "匠谷"), 1);

	/* The records: version, file name, an ISO 8601 UTC time. */
	assert_int_equal(db_prepare(db, &st, "SELECT version, name, applied_at "
					     "FROM schema_migrations "
					     "ORDER BY version"), 0);
	for (int i = 0; i < 2; i++) {
		const char *at;

		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_column_int(st, 0), i + 1);
		assert_string_equal(db_column_text(st, 1), set.items[i].name);
		at = db_column_text(st, 2);
		assert_int_equal(strlen(at), 20);
		assert_int_equal(at[4], '-');
		assert_int_equal(at[10], 'T');
		assert_int_equal(at[19], 'Z');
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);

	/* A second run applies nothing and logs nothing. */
	assert_int_equal(up(db, &set, &log, &applied, NULL), 0);
	assert_int_equal(applied, 0);
	assert_string_equal(log, "");
	free(log);
	migration_set_release(&set);
	assert_int_equal(set.n, 0);
	assert_null(set.items);

	/* 0003 fails to parse: nothing of it stays, 0001 and 0002 do. */
	write_migration(fx, "0003_c.sql", m3_syntax);
	load(fx, &set);
	assert_int_equal(set.n, 3);
	assert_int_equal(up(db, &set, &log, &applied, &failed), ERR_DB);
	assert_int_equal(applied, 0);
	assert_ptr_equal(failed, &set.items[2]);
	assert_int_equal(failed->version, 3);
	assert_string_equal(log, "");
	free(log);
	assert_true(strlen(db_errmsg(db)) > 0);
	check_rolled_back(db);
	migration_set_release(&set);

	/* 0003 fails half-way at run time: the same. */
	write_migration(fx, "0003_c.sql", m3_runtime);
	load(fx, &set);
	assert_int_equal(up(db, &set, &log, &applied, &failed), ERR_CONFLICT);
	assert_int_equal(applied, 0);
	assert_ptr_equal(failed, &set.items[2]);
	free(log);
	assert_true(strlen(db_errmsg(db)) > 0);
	check_rolled_back(db);
	assert_int_equal(query_int(db, "SELECT count(*) FROM jg_mig_a "
				       "WHERE id = 2", NULL), 0);
	migration_set_release(&set);

	/* Once fixed, 0003 alone is applied. */
	write_migration(fx, "0003_c.sql", m3_good);
	load(fx, &set);
	assert_int_equal(up(db, &set, &log, &applied, &failed), 0);
	assert_int_equal(applied, 1);
	assert_null(failed);
	assert_string_equal(log, "applied 0003_c.sql\n");
	free(log);
	assert_int_equal(current(db), 3);
	assert_int_equal(table_exists(db, "jg_mig_c"), 1);
	migration_set_release(&set);
}

/* A migration numbered below the current one is still applied. */
static void
test_gap_filled(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct migration_set set;
	char *log;
	int applied;

	write_migration(fx, "0001_a.sql", m1);
	write_migration(fx, "0005_c.sql", m3_good);
	load(fx, &set);
	assert_int_equal(up(fx->db, &set, &log, &applied, NULL), 0);
	assert_int_equal(applied, 2);
	free(log);
	migration_set_release(&set);
	assert_int_equal(current(fx->db), 5);

	write_migration(fx, "0002_b.sql", m2);
	load(fx, &set);
	assert_int_equal(set.n, 3);
	assert_int_equal(set.items[1].version, 2);
	assert_int_equal(up(fx->db, &set, &log, &applied, NULL), 0);
	assert_int_equal(applied, 1);
	assert_string_equal(log, "applied 0002_b.sql\n");
	free(log);
	migration_set_release(&set);
	assert_int_equal(is_applied(fx->db, 2), 1);
	assert_int_equal(current(fx->db), 5);
}

static void
test_bad_names(void **state)
{
	static const char *const bad[] = {
		"001_a.sql", "0001a.sql", "0001_.sql", "0001_a.txt",
		"abcd_a.sql", "0001_a.sql.bak", "0000_zero.sql", "x",
		"00001_a.sql", "README",
	};
	struct fixture *fx = fixture_of(state);
	struct migration_set set;
	char err[512];

	write_migration(fx, "0001_ok.sql", m1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		write_migration(fx, bad[i], "SELECT 1;\n");
		assert_int_equal(migration_set_load(&set, fx->dialect, fx->dir,
						    err, sizeof(err)),
				 ERR_INVALID);
		assert_non_null(strstr(err, bad[i]));
		assert_non_null(strstr(err, "NNNN_name.sql"));
		assert_int_equal(set.n, 0);
		assert_null(set.items);
		remove_migration(fx, bad[i]);
	}

	/* Hidden files are not migrations. */
	write_migration(fx, ".0002_b.sql.swp", "junk");
	write_migration(fx, ".keep", "");
	load(fx, &set);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.items[0].name, "0001_ok.sql");
	migration_set_release(&set);
}

static void
test_duplicate_versions(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct migration_set set;
	char err[512] = "";

	write_migration(fx, "0001_a.sql", m1);
	write_migration(fx, "0002_b.sql", m2);
	write_migration(fx, "0002_again.sql", m3_good);
	assert_int_equal(migration_set_load(&set, fx->dialect, fx->dir, err,
					    sizeof(err)), ERR_INVALID);
	assert_non_null(strstr(err, "0002_b.sql"));
	assert_non_null(strstr(err, "0002_again.sql"));
	assert_non_null(strstr(err, "same version"));
	assert_int_equal(set.n, 0);
	assert_null(set.items);
}

static void
test_missing_and_empty_dir(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct migration_set set;
	char err[512] = "", path[4400];
	char *log;
	int applied;

	snprintf(path, sizeof(path), "%s/none", fx->dir);
	assert_int_equal(migration_set_load(&set, fx->dialect, path, err,
					    sizeof(err)), ERR_IO);
	assert_non_null(strstr(err, "cannot read"));
	assert_non_null(strstr(err, "none"));
	assert_int_equal(set.n, 0);

	/* An empty directory: nothing to do, but the record table exists. */
	load(fx, &set);
	assert_int_equal(set.n, 0);
	assert_int_equal(up(fx->db, &set, &log, &applied, NULL), 0);
	assert_int_equal(applied, 0);
	assert_string_equal(log, "");
	free(log);
	migration_set_release(&set);
	assert_int_equal(current(fx->db), 0);
	assert_int_equal(table_exists(fx->db, "schema_migrations"), 1);
}

/* The migrations built into the binary load, in order, and apply. */
static void
test_builtin(void **state)
{
	struct fixture *fx = fixture_of(state);
	struct migration_set set;
	char err[512] = "", *log;
	const struct migration *failed;
	int applied;

	assert_int_equal(migration_set_load(&set, fx->dialect, NULL, err,
					    sizeof(err)), 0);
	assert_true(set.n >= 1);
	assert_int_equal(set.items[0].version, 1);
	for (size_t i = 0; i < set.n; i++) {
		size_t len;

		assert_true(set.items[i].version > 0);
		if (i)
			assert_true(set.items[i].version >
				    set.items[i - 1].version);
		len = strlen(set.items[i].name);
		assert_true(len >= 10);
		assert_int_equal(set.items[i].name[4], '_');
		assert_string_equal(set.items[i].name + len - 4, ".sql");
		assert_true(strlen(set.items[i].sql) > 0);
	}
	if (up(fx->db, &set, &log, &applied, &failed))
		fail_msg("%s: %s", failed ? failed->name : "?",
			 db_errmsg(fx->db));
	free(log);
	assert_int_equal(applied, (int)set.n);
	assert_int_equal(current(fx->db), set.items[set.n - 1].version);
	migration_set_release(&set);
}

#define MIG_TEST(f, fx) \
	cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &fx)

#define MIG_TESTS(fx)					\
	MIG_TEST(test_up_fail_and_rerun, fx),		\
	MIG_TEST(test_gap_filled, fx),			\
	MIG_TEST(test_bad_names, fx),			\
	MIG_TEST(test_duplicate_versions, fx),		\
	MIG_TEST(test_missing_and_empty_dir, fx),	\
	MIG_TEST(test_builtin, fx)

int
main(void)
{
	const struct CMUnitTest sqlite_tests[] = { MIG_TESTS(sqlite_fx) };
	const struct CMUnitTest pg_tests[] = { MIG_TESTS(pg_fx) };
	int failed = 0;

	failed += cmocka_run_group_tests_name("sqlite", sqlite_tests, NULL,
					      NULL);
	failed += cmocka_run_group_tests_name("postgresql", pg_tests, NULL,
					      NULL);
	return failed;
}
