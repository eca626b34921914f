/*
 * cmd_migrate.c - `jianggu migrate`: apply the migrations the database lacks,
 * or list them with --status. Running it again changes nothing.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/db.h"
#include "db/migrate.h"

static int
print_status(struct db *db, const struct migration_set *set)
{
	int applied, rc;

	for (size_t i = 0; i < set->n; i++) {
		rc = migrate_is_applied(db, set->items[i].version, &applied);
		if (rc) {
			/* No schema_migrations table: nothing is applied. */
			applied = 0;
		}
		printf("%-8s %s\n", applied ? "applied" : "pending",
		       set->items[i].name);
	}
	return 0;
}

int
cmd_migrate(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "dir", required_argument, NULL, 'D' },
		{ "status", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *dir = NULL;
	const struct migration *failed;
	struct migration_set set;
	struct db *db;
	char err[512];
	int c, status = 0, applied, rc, exit_code = EXIT_PROBLEM;

	optind = 1;
	while ((c = cli_option(argc, argv, options, &db_opt)) != -1) {
		switch (c) {
		case 'D':
			dir = optarg;
			break;
		case 's':
			status = 1;
			break;
		default:
			return cli_usage("migrate");
		}
	}
	if (optind != argc)
		return cli_usage("migrate");

	rc = db_open(&db, cli_db_url(db_opt));
	if (rc) {
		cli_error("migrate", "%s", db_errmsg(db));
		goto out_close;
	}
	rc = migration_set_load(&set, db_dialect(db), dir, err, sizeof(err));
	if (rc) {
		cli_error("migrate", "%s", err);
		exit_code = EXIT_USAGE;
		goto out_close;
	}
	if (status) {
		print_status(db, &set);
		exit_code = EXIT_OK;
		goto out_release;
	}
	rc = migrate_up(db, &set, stdout, &applied, &failed);
	if (rc) {
		cli_error("migrate", "%s failed, nothing of it was applied: %s",
			  failed ? failed->name : "schema_migrations",
			  db_errmsg(db));
		goto out_release;
	}
	if (!applied)
		printf("up to date\n");
	exit_code = EXIT_OK;
out_release:
	migration_set_release(&set);
out_close:
	db_close(db);
	return exit_code;
}
