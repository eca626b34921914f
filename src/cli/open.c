/*
 * open.c - what the subcommands that touch data share: open the database
 * and bring its schema up to date first (see cli.h).
 */
#include "cli/cli.h"
#include "db/db.h"
#include "db/migrate.h"

int
cli_open_db(const char *name, const char *url, struct db **db)
{
	const struct migration *failed;
	struct migration_set set;
	char err[256];
	int applied, rc;

	rc = db_open(db, url);
	if (rc) {
		cli_error(name, "%s", db_errmsg(*db));
		return rc;
	}
	rc = migration_set_load(&set, db_dialect(*db), NULL, err, sizeof(err));
	if (rc) {
		cli_error(name, "%s", err);
		return rc;
	}
	rc = migrate_up(*db, &set, NULL, &applied, &failed);
	if (rc)
		cli_error(name, "migration %s failed: %s",
			  failed ? failed->name : "schema_migrations",
			  db_errmsg(*db));
	migration_set_release(&set);
	return rc;
}
