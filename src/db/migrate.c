/*
 * migrate.c - apply numbered migrations (see migrate.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/migrate.h"

static const char *
dialect_dir(enum db_dialect dialect)
{
	return dialect == DB_SQLITE ? "sqlite" : "postgres";
}

/* The version of a file named NNNN_name.sql, or 0 if it is not so named. */
static int
version_of(const char *name)
{
	size_t len = strlen(name);
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)name[i]))
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	if (name[4] != '_' || len < 10 || strcmp(name + len - 4, ".sql"))
		return 0;
	return v;
}

static int
by_version(const void *a, const void *b)
{
	return ((const struct migration *)a)->version -
	       ((const struct migration *)b)->version;
}

static void
add(struct migration_set *set, size_t *cap, int version, const char *name,
    const char *sql)
{
	ALLOC_GROW(set->items, set->n + 1, *cap);
	set->items[set->n].version = version;
	set->items[set->n].name = name;
	set->items[set->n].sql = sql;
	set->n++;
}

static char *
own(struct migration_set *set, char *s)
{
	set->owned = xreallocarray(set->owned, set->nowned + 1,
				   sizeof(*set->owned));
	set->owned[set->nowned++] = s;
	return s;
}

static int
load_dir(struct migration_set *set, const char *dir, size_t *cap,
	 char *errbuf, size_t errlen)
{
	struct buf path, body;
	struct dirent *de;
	DIR *d;
	int rc = 0;

	buf_init(&path, NULL, 0);
	buf_init(&body, NULL, 0);
	d = opendir(dir);
	if (!d) {
		snprintf(errbuf, errlen, "cannot read '%s': %s", dir,
			 strerror(errno));
		rc = ERR_IO;
		goto out;
	}
	while ((de = readdir(d))) {
		int version;
		FILE *f;
		char chunk[8192];
		size_t n;

		if (de->d_name[0] == '.')
			continue;
		version = version_of(de->d_name);
		if (!version) {
			snprintf(errbuf, errlen, "%s/%s: not named NNNN_name.sql",
				 dir, de->d_name);
			rc = ERR_INVALID;
			goto out_close;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, de->d_name);
		f = fopen(path.ptr, "r");
		if (!f) {
			snprintf(errbuf, errlen, "cannot read '%s': %s",
				 path.ptr, strerror(errno));
			rc = ERR_IO;
			goto out_close;
		}
		buf_reset(&body);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&body, chunk, n);
		fclose(f);
		add(set, cap, version, own(set, xstrdup(de->d_name)),
		    own(set, xstrdup(body.ptr)));
	}
out_close:
	closedir(d);
out:
	buf_release(&path);
	buf_release(&body);
	return rc;
}

int
migration_set_load(struct migration_set *set, enum db_dialect dialect,
		   const char *dir, char *errbuf, size_t errlen)
{
	const struct embedded_file *first;
	size_t cap = 0, n;
	char prefix[32];
	int rc = 0;

	memset(set, 0, sizeof(*set));
	if (dir) {
		char *sub = xmalloc(strlen(dir) + 16);

		snprintf(sub, strlen(dir) + 16, "%s/%s", dir, dialect_dir(dialect));
		rc = load_dir(set, sub, &cap, errbuf, errlen);
		free(sub);
		if (rc)
			goto fail;
	} else {
		snprintf(prefix, sizeof(prefix), "sql/%s/", dialect_dir(dialect));
		n = embed_prefix(prefix, &first);
		for (size_t i = 0; i < n; i++) {
			const char *name = first[i].name + strlen(prefix);

			add(set, &cap, version_of(name), name, first[i].data);
		}
	}
	/* An empty set has items == NULL, which qsort() must not be given. */
	if (set->n > 1)
		qsort(set->items, set->n, sizeof(*set->items), by_version);
	for (size_t i = 1; i < set->n; i++) {
		if (set->items[i].version == set->items[i - 1].version) {
			snprintf(errbuf, errlen, "%s and %s have the same version",
				 set->items[i - 1].name, set->items[i].name);
			rc = ERR_INVALID;
			goto fail;
		}
	}
	return 0;

fail:
	migration_set_release(set);
	return rc;
}

void
migration_set_release(struct migration_set *set)
{
	for (size_t i = 0; i < set->nowned; i++)
		free(set->owned[i]);
	free(set->owned);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

static int
ensure_table(struct db *db)
{
	return db_exec(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER PRIMARY KEY,"
		" name TEXT NOT NULL,"
		" applied_at TEXT NOT NULL)");
}

int
migrate_is_applied(struct db *db, int version, int *applied)
{
	bool yes;
	int rc = db_exists(db, "SELECT 1 FROM schema_migrations WHERE "
			   "version = ?", (struct db_value[]){
			   DB_INT(version) }, 1, &yes);

	*applied = yes;
	return rc;
}

int
migrate_current(struct db *db, int *version)
{
	int64_t v;
	int rc = db_int_value(db, "SELECT COALESCE(MAX(version), 0) "
			      "FROM schema_migrations", NULL, 0, &v);

	*version = (int)v;
	return rc;
}

/* Apply one migration in its own transaction, unless already recorded. */
static int
apply_one(struct db *db, const struct migration *m, int *done)
{
	char now[32];
	int applied = 0, rc;

	*done = 0;
	rc = db_begin(db);
	if (rc)
		return rc;
	/* Serialise concurrent migrators; SQLite's BEGIN IMMEDIATE already does. */
	if (db_dialect(db) == DB_POSTGRES)
		rc = db_exec(db, "SELECT pg_advisory_xact_lock(8310001)");
	if (!rc)
		rc = migrate_is_applied(db, m->version, &applied);
	if (!rc && !applied) {
		time_now_utc(now);
		rc = db_exec(db, m->sql);
		if (!rc)
			rc = db_exec_values(db, "INSERT INTO schema_migrations "
					    "(version, name, applied_at) VALUES "
					    "(?, ?, ?)", (struct db_value[]){
					    DB_INT(m->version),
					    DB_TEXT(m->name), DB_TEXT(now) }, 3);
		*done = !rc;
	}
	rc = db_end(db, rc);
	if (rc)
		*done = 0;
	return rc;
}

int
migrate_up(struct db *db, const struct migration_set *set, FILE *log,
	   int *applied, const struct migration **failed)
{
	int rc, done;

	*applied = 0;
	if (failed)
		*failed = NULL;
	rc = ensure_table(db);
	if (rc)
		return rc;
	for (size_t i = 0; i < set->n; i++) {
		rc = apply_one(db, &set->items[i], &done);
		if (rc) {
			if (failed)
				*failed = &set->items[i];
			return rc;
		}
		if (done) {
			(*applied)++;
			if (log)
				fprintf(log, "applied %s\n", set->items[i].name);
		}
	}
	return 0;
}
