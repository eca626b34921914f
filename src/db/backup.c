/*
 * backup.c - backups and restores (backup.h): SQLite through the back
 * end's online backup (db_sqlite.c), PostgreSQL through pg_dump and
 * pg_restore run as programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/macros.h"
#include "db/backup.h"
#include "db/db_int.h"

extern char **environ;

enum backup_kind {
	KIND_UNKNOWN,
	KIND_SQLITE,
	KIND_PG_DUMP,
};

static int
failf(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Write the reason into err and return rc. */
static int
failf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static bool
is_postgres(const char *url)
{
	return !strncmp(url, "postgresql://", 13) ||
	       !strncmp(url, "postgres://", 11);
}

/* What `path` holds, by its first bytes. */
static enum backup_kind
kind_of(const char *path)
{
	char head[16] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return KIND_UNKNOWN;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n == 16 && !memcmp(head, "SQLite format 3", 16))
		return KIND_SQLITE;
	if (n >= 5 && !memcmp(head, "PGDMP", 5))
		return KIND_PG_DUMP;
	return KIND_UNKNOWN;
}

/* The major version in ".../postgresql/N/bin/...", or 0. */
static long
pg_major(const char *path)
{
	const char *p = strstr(path, "/postgresql/");

	return p ? strtol(p + strlen("/postgresql/"), NULL, 10) : 0;
}

/*
 * The program `name` (pg_dump, pg_restore) into out: JIANGGU_PG_BIN/name,
 * else `name` when PATH has it (posix_spawnp() finds it), else the
 * newest Debian installation's. ERR_NOTFOUND when there is none.
 */
static int
pg_program(const char *name, char *out, size_t len)
{
	const char *dir = getenv("JIANGGU_PG_BIN"), *path = getenv("PATH");
	char pattern[128];
	glob_t g;
	long best = 0;
	int rc = ERR_NOTFOUND;

	if (dir && *dir) {
		snprintf(out, len, "%s/%s", dir, name);
		return access(out, X_OK) ? ERR_NOTFOUND : 0;
	}
	while (path && *path) {
		size_t n = strcspn(path, ":");
		char cand[4096];

		snprintf(cand, sizeof(cand), "%.*s/%s", (int)n, path, name);
		if (n && !access(cand, X_OK)) {
			snprintf(out, len, "%s", name);
			return 0;
		}
		path += n + (path[n] == ':');
	}
	snprintf(pattern, sizeof(pattern), "/usr/lib/postgresql/*/bin/%s",
		 name);
	if (glob(pattern, 0, NULL, &g))
		return ERR_NOTFOUND;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		if (pg_major(g.gl_pathv[i]) <= best ||
		    access(g.gl_pathv[i], X_OK))
			continue;
		best = pg_major(g.gl_pathv[i]);
		snprintf(out, len, "%s", g.gl_pathv[i]);
		rc = 0;
	}
	globfree(&g);
	return rc;
}

/*
 * The PostgreSQL URL `url` as a conninfo string without its password, in
 * *conninfo (the caller's to buf_release()), and the password, if any, in
 * *password (PQfreemem() it): a program's command line can be read by
 * every user of the machine, its environment only by its owner. 0, or
 * ERR_INVALID with the parser's message.
 */
static int
pg_split_password(const char *url, struct buf *conninfo, char **password,
		  char *err, size_t errlen)
{
	PQconninfoOption *opts;
	char *why = NULL;
	int rc = 0;

	*password = NULL;
	opts = PQconninfoParse(url, &why);
	if (!opts) {
		rc = failf(err, errlen, ERR_INVALID, "bad database URL: %s",
			   why ? why : "out of memory");
		PQfreemem(why);
		return rc;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val)
			continue;
		if (!strcmp(o->keyword, "password")) {
			*password = strdup(o->val);
			continue;
		}
		/* keyword='value', with \ and ' escaped. */
		buf_addf(conninfo, "%s%s='", conninfo->len ? " " : "",
			 o->keyword);
		for (const char *c = o->val; *c; c++) {
			if (*c == '\\' || *c == '\'')
				buf_addch(conninfo, '\\');
			buf_addch(conninfo, *c);
		}
		buf_addch(conninfo, '\'');
	}
	PQconninfoFree(opts);
	if (buf_error(conninfo))
		rc = failf(err, errlen, ERR_NOMEM, "out of memory");
	return rc;
}

/*
 * Run argv (argv[0] found as pg_program() says) with our environment
 * and, when `password` is not NULL, PGPASSWORD set to it; wait for it.
 * Its messages go to our standard error. 0, or ERR_DB when it could not
 * run or did not exit 0.
 */
static int
run(char *const argv[], const char *password, char *err, size_t errlen)
{
	struct buf secret;
	char **env;
	size_t n = 0, k = 0;
	int status, e, rc = 0;
	pid_t pid;

	while (environ[n])
		n++;
	buf_init(&secret, NULL, 0);
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return failf(err, errlen, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PGPASSWORD=", 11))
			env[k++] = environ[i];
	if (password) {
		buf_addf(&secret, "PGPASSWORD=%s", password);
		env[k++] = secret.ptr;
	}
	if (buf_error(&secret)) {
		rc = failf(err, errlen, ERR_NOMEM, "out of memory");
		goto out;
	}
	e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env);
	if (e) {
		rc = failf(err, errlen, ERR_DB, "cannot run %s: %s", argv[0],
			   strerror(e));
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rc = failf(err, errlen, ERR_DB, "waiting for %s: %s",
				   argv[0], strerror(errno));
			goto out;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		rc = failf(err, errlen, ERR_DB, "%s failed (%s %d)", argv[0],
			   WIFEXITED(status) ? "exit status" : "signal",
			   WIFEXITED(status) ? WEXITSTATUS(status)
					     : WTERMSIG(status));
out:
	if (secret.len)
		explicit_bzero(secret.ptr, secret.len);
	buf_release(&secret);
	free(env);
	return rc;
}

/*
 * Run the PostgreSQL program argv, whose element `dbname_at` is to be the
 * database: the URL's password goes by the environment, the rest by the
 * command line.
 */
static int
run_pg(char **argv, int dbname_at, const char *url, char *err,
       size_t errlen)
{
	struct buf conninfo;
	char *password = NULL;
	int rc;

	buf_init(&conninfo, NULL, 0);
	rc = pg_split_password(url, &conninfo, &password, err, errlen);
	if (!rc) {
		argv[dbname_at] = conninfo.ptr;
		rc = run(argv, password, err, errlen);
	}
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	buf_release(&conninfo);
	return rc;
}

/* fsync the file or folder at `path`; 0 or ERR_DB. */
static int
sync_path(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY), rc = 0;

	if (fd < 0 || fsync(fd))
		rc = failf(err, errlen, ERR_DB, "cannot sync '%s': %s", path,
			   strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Sync `tmp`, rename it to `out` and sync the folder; 0 or ERR_DB. */
static int
put_in_place(const char *tmp, const char *out, char *err, size_t errlen)
{
	const char *slash = strrchr(out, '/');
	char dir[4096];
	int rc = sync_path(tmp, err, errlen);

	if (rc)
		return rc;
	if (rename(tmp, out))
		return failf(err, errlen, ERR_DB, "cannot rename '%s' to "
			     "'%s': %s", tmp, out, strerror(errno));
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == out ? 1 :
			 (int)(slash - out), out);
	return sync_path(dir, err, errlen);
}

int
db_backup(const char *url, const char *out, int64_t *bytes, char *err,
	  size_t errlen)
{
	char tmp[4200], prog[4200];
	struct db *db = NULL;
	struct stat st;
	int rc;

	*bytes = 0;
	if (!lstat(out, &st))
		return failf(err, errlen, ERR_CONFLICT, "'%s' exists: a backup "
			     "is never overwritten", out);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", out, (long)getpid());
	if (is_postgres(url)) {
		char *argv[] = { prog, "--format=custom", "--file", tmp,
				 "--dbname", NULL, NULL };

		if (pg_program("pg_dump", prog, sizeof(prog)))
			return failf(err, errlen, ERR_DB, "pg_dump not found "
				     "(set JIANGGU_PG_BIN to its folder)");
		rc = run_pg(argv, 5, url, err, errlen);
	} else {
		rc = db_open(&db, url);
		if (!rc)
			rc = db_sqlite_backup(db, tmp);
		if (rc)
			failf(err, errlen, rc, "%s", db_errmsg(db));
		db_close(db);
	}
	if (!rc)
		rc = put_in_place(tmp, out, err, errlen);
	if (rc) {
		unlink(tmp);
		return rc;
	}
	if (!stat(out, &st))
		*bytes = (int64_t)st.st_size;
	return 0;
}

int
db_is_empty(struct db *db, bool *empty)
{
	int64_t n = 0;
	int rc;

	*empty = false;
	if (db_dialect(db) == DB_SQLITE)
		rc = db_int_value(db, "SELECT count(*) FROM sqlite_master "
				  "WHERE name NOT LIKE 'sqlite\\_%' "
				  "ESCAPE '\\'", NULL, 0, &n);
	else
		rc = db_int_value(db, "SELECT (SELECT count(*) FROM pg_class c "
				  "JOIN pg_namespace s ON s.oid = "
				  "c.relnamespace WHERE s.nspname NOT IN "
				  "('pg_catalog', 'information_schema') AND "
				  "s.nspname NOT LIKE 'pg\\_%' ESCAPE '\\') + "
				  "(SELECT count(*) FROM pg_extension WHERE "
				  "extname <> 'plpgsql')", NULL, 0, &n);
	if (!rc)
		*empty = n == 0;
	return rc;
}

int
db_integrity_check(struct db *db, char *err, size_t errlen)
{
	struct db_stmt *st;
	int64_t bad = 0;
	int rc;

	if (db_dialect(db) == DB_POSTGRES) {
		rc = db_int_value(db, "SELECT (SELECT count(*) FROM "
				  "pg_constraint WHERE NOT convalidated) + "
				  "(SELECT count(*) FROM pg_index WHERE NOT "
				  "indisvalid)", NULL, 0, &bad);
		if (rc)
			return failf(err, errlen, rc, "%s", db_errmsg(db));
		if (bad)
			return failf(err, errlen, ERR_INVALID, "%lld "
				     "constraints or indexes are not valid",
				     (long long)bad);
		return 0;
	}
	rc = db_prepare(db, &st, "PRAGMA integrity_check");
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW && strcmp(db_column_text(st, 0), "ok")) {
		failf(err, errlen, ERR_INVALID, "integrity_check: %s",
		      db_column_text(st, 0));
		db_finalize(st);
		return ERR_INVALID;
	}
	db_finalize(st);
	if (rc < 0)
		return failf(err, errlen, rc, "%s", db_errmsg(db));
	rc = db_int_value(db, "SELECT count(*) FROM pragma_foreign_key_check",
			  NULL, 0, &bad);
	if (rc)
		return failf(err, errlen, rc, "%s", db_errmsg(db));
	if (bad)
		return failf(err, errlen, ERR_INVALID, "%lld rows refer to "
			     "rows that are not there", (long long)bad);
	return 0;
}

int
db_restore(const char *file, const char *url, char *err, size_t errlen)
{
	enum backup_kind kind = kind_of(file);
	struct db *db = NULL;
	char prog[4200];
	bool empty;
	int rc;

	if (kind == KIND_UNKNOWN)
		return failf(err, errlen, ERR_INVALID, "'%s' is not a backup "
			     "(a SQLite file or a pg_dump -Fc archive)", file);
	if ((kind == KIND_PG_DUMP) != is_postgres(url))
		return failf(err, errlen, ERR_INVALID, "'%s' is a %s backup: "
			     "restore it into a %s database", file,
			     kind == KIND_SQLITE ? "SQLite" : "PostgreSQL",
			     kind == KIND_SQLITE ? "SQLite" : "PostgreSQL");
	rc = db_open(&db, url);
	if (!rc)
		rc = db_is_empty(db, &empty);
	if (rc) {
		failf(err, errlen, rc, "%s", db_errmsg(db));
		goto out;
	}
	if (!empty) {
		rc = failf(err, errlen, ERR_CONFLICT, "the database is not "
			   "empty: restore into a new one");
		goto out;
	}
	if (kind == KIND_SQLITE) {
		rc = db_sqlite_restore(db, file);
		if (rc)
			failf(err, errlen, rc, "%s", db_errmsg(db));
	} else if (pg_program("pg_restore", prog, sizeof(prog))) {
		rc = failf(err, errlen, ERR_DB, "pg_restore not found (set "
			   "JIANGGU_PG_BIN to its folder)");
	} else {
		char *argv[] = { prog, "--exit-on-error",
				 "--single-transaction", "--no-owner",
				 "--dbname", NULL, DECONST(char *, file),
				 NULL };

		rc = run_pg(argv, 5, url, err, errlen);
	}
	if (!rc)
		rc = db_integrity_check(db, err, errlen);
out:
	db_close(db);
	return rc;
}
