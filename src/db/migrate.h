/*
 * migrate.h - numbered schema migrations, applied in order, each in one
 * transaction, each recorded.
 *
 * Migrations are files named NNNN_name.sql under sql/sqlite/ and
 * sql/postgres/ (one per dialect, same numbers), built into the binary; a
 * directory can stand in for them (`jianggu migrate --dir`), which is how
 * operators test a migration before it ships and how the tests make one fail.
 *
 * The table schema_migrations(version, name, applied_at) records what has
 * been applied. migrate_up() applies, in version order, every migration not
 * recorded there: for each it opens a write transaction, checks the record
 * again (so two servers starting at once apply it once), runs the script,
 * records it and commits. A failing script rolls back and leaves the schema as
 * it was before that migration; the ones applied before it stay.
 */
#ifndef JG_MIGRATE_H
#define JG_MIGRATE_H

#include <stddef.h>
#include <stdio.h>

#include "db/db.h"

struct migration {
	int version;		/* NNNN of the file name, > 0 */
	const char *name;	/* the file name, e.g. "0001_init.sql" */
	const char *sql;	/* the script */
};

struct migration_set {
	struct migration *items;	/* sorted by version */
	size_t n;
	char **owned;			/* strings read from a directory */
	size_t nowned;
};

/*
 * Fill `set` with the built-in migrations for `dialect` (dir == NULL) or
 * those in DIR/sqlite or DIR/postgres. Returns 0, ERR_IO if the directory
 * cannot be read, or ERR_INVALID for a badly named file or a duplicate
 * version (with a message in errbuf). Free with migration_set_release().
 */
int migration_set_load(struct migration_set *set, enum db_dialect dialect,
		       const char *dir, char *errbuf, size_t errlen);
void migration_set_release(struct migration_set *set);

/*
 * Apply what is missing. Writes "applied NAME" to `log` (may be NULL) for
 * each migration applied and stores how many were in *applied. Returns 0, or
 * the error of the migration that failed: its message is in db_errmsg(db)
 * and, if `failed` is not NULL, the migration in *failed.
 */
int migrate_up(struct db *db, const struct migration_set *set, FILE *log,
	       int *applied, const struct migration **failed);

/*
 * The highest applied version in *version (0 when none is). Reads only:
 * returns ERR_DB if the database has never been migrated.
 */
int migrate_current(struct db *db, int *version);

/*
 * Whether `version` is recorded as applied: stores 1 or 0 in *applied.
 * Returns 0 or an error.
 */
int migrate_is_applied(struct db *db, int version, int *applied);

#endif
