/*
 * cmd_restore.c - `jianggu restore FILE --db URL`: a backup of `jianggu
 * backup` into an empty database, checked afterwards (db/backup.h).
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/backup.h"

int
cmd_restore(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *url;
	char err[1024];

	optind = 1;
	if (cli_option(argc, argv, options, &db_opt) != -1 ||
	    optind != argc - 1)
		return cli_usage("restore");
	url = cli_db_url(db_opt);
	if (db_restore(argv[optind], url, err, sizeof(err))) {
		cli_error("restore", "%s", err);
		return EXIT_PROBLEM;
	}
	/* Not the URL: it may hold a password. */
	printf("restored %s; integrity check ok\n", argv[optind]);
	return EXIT_OK;
}
