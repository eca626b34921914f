/*
 * cmd_backup.c - `jianggu backup --out FILE`: a consistent copy of the
 * database in one file, taken while servers keep writing (db/backup.h).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "db/backup.h"

int
cmd_backup(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *out = NULL, *url;
	char err[1024];
	int64_t bytes;
	int c;

	optind = 1;
	while ((c = cli_option(argc, argv, options, &db_opt)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		default:
			return cli_usage("backup");
		}
	}
	if (optind != argc || !out || !*out)
		return cli_usage("backup");
	url = cli_db_url(db_opt);
	if (db_backup(url, out, &bytes, err, sizeof(err))) {
		cli_error("backup", "%s", err);
		return EXIT_PROBLEM;
	}
	/* Not the URL: it may hold a password. */
	printf("backed up the database to %s (%lld bytes)\n", out,
	       (long long)bytes);
	return EXIT_OK;
}
