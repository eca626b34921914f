/*
 * main.c - the entry point: find the subcommand and run it.
 *
 * The table below is the whole list of what `jianggu` can do; a subcommand
 * lives in src/cli/cmd_NAME.c (see cli.h for how to add one).
 */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/secret.h"
#include "cli/cli.h"

const struct command commands[] = {
	{ "serve", cmd_serve, "run the web server",
	  "usage: jianggu serve [--listen HOST:PORT] [--db URL] [--threads N]\n"
	  "                     [--max-body BYTES] [--timeout SECONDS]\n"
	  "                     [--uploads DIR] [--job-tick SECONDS]\n"
	  "                     [--sqlite-sync full|normal]\n"
	  "                     [--trusted-proxy ADDR[,ADDR]]\n"
	  "                     [--db-replica URL] [--replica-max-lag MS]\n"
	  "                     [--server-name NAME]\n"
	  "                     [--test-routes] [--dev DIR]\n"
	  "\n"
	  "  --listen      address to listen on (JIANGGU_LISTEN;\n"
	  "                default 127.0.0.1:8080; port 0 picks a free port)\n"
	  "  --db          SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "                default var/jianggu.db); migrated on start\n"
	  "  --threads     worker threads (default 4)\n"
	  "  --max-body    largest request body in bytes (default 11534336:\n"
	  "                the default upload.max_bytes and 1 MiB for the\n"
	  "                rest of a multipart body); caps uploads too\n"
	  "  --timeout     seconds of client silence before the connection\n"
	  "                is closed (default 30)\n"
	  "  --uploads DIR where uploaded files are kept (default\n"
	  "                var/uploads; made by the first upload)\n"
	  "  --job-tick S  how often the job timer looks for due jobs, in\n"
	  "                seconds (default 60; 0: no timer, use cron and\n"
	  "                'jianggu jobs run')\n"
	  "  --sqlite-sync full (default): a SQLite commit is on disk\n"
	  "                when it returns; normal: faster writes, but the\n"
	  "                last ones can be lost on power loss\n"
	  "  --trusted-proxy ADDR[,ADDR]\n"
	  "                reverse proxies (addresses or ADDR/BITS) whose\n"
	  "                X-Forwarded-For and X-Forwarded-Proto are\n"
	  "                believed (JIANGGU_TRUSTED_PROXY; default none):\n"
	  "                the client is the right-most X-Forwarded-For\n"
	  "                entry that is not one of them\n"
	  "  --db-replica URL\n"
	  "                a streaming replica of the --db PostgreSQL\n"
	  "                database: GET handlers read from it while it\n"
	  "                lags at most --replica-max-lag milliseconds\n"
	  "                (default 1000), else from the primary\n"
	  "  --server-name NAME\n"
	  "                this server in the job run log (default\n"
	  "                HOST:PORT)\n"
	  "  --test-routes mount the routes the HTTP test suite uses\n"
	  "  --dev DIR     read templates from DIR/templates on every\n"
	  "                request (development; e.g. --dev web)\n" },
	{ "migrate", cmd_migrate, "bring the database schema up to date",
	  "usage: jianggu migrate [--db URL] [--dir DIR] [--status]\n"
	  "\n"
	  "  --db      SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "            default var/jianggu.db)\n"
	  "  --dir     read migrations from DIR/sqlite or DIR/postgres\n"
	  "            instead of those built into the binary\n"
	  "  --status  list the migrations and whether each is applied\n" },
	{ "demo", cmd_demo, "load the demo park into an empty database",
	  "usage: jianggu demo [--db URL] [--if-empty]\n"
	  "\n"
	  "  Loads the parties of the Jiutai park (as of 2019-11-18) in one\n"
	  "  transaction; refuses a database that already holds any\n"
	  "  organisation or person (exit 1; with --if-empty, exit 0\n"
	  "  and load nothing).\n"
	  "  --db  SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "        default var/jianggu.db); migrated first\n" },
	{ "match", cmd_match, "stable matching on CSV files",
	  "usage: jianggu match POSITIONS CANDIDATE_PREFS POSITION_PREFS\n"
	  "           [--proposer candidates|positions] [--seed N]\n"
	  "           [--out FILE] [--report FILE] [--explain CANDIDATE]\n"
	  "       jianggu match verify POSITIONS CANDIDATE_PREFS "
	  "POSITION_PREFS MATCHING\n" },
	{ "user", cmd_user, "manage accounts",
	  "usage: jianggu user add NAME --role ROLE [--role ROLE ...]\n"
	  "                    [--org ID] [--person ID] [--display-name TEXT]\n"
	  "       jianggu user token NAME [--name TOKEN_NAME]\n"
	  "       jianggu user passwd NAME\n"
	  "       jianggu user disable NAME\n"
	  "\n"
	  "  All take --db URL (JIANGGU_DB; default var/jianggu.db).\n"
	  "  add and passwd read the password from standard input;\n"
	  "  token prints a new API token, shown only this once.\n" },
	{ "jobs", cmd_jobs, "list or run the scheduled jobs",
	  "usage: jianggu jobs list [--db URL]\n"
	  "       jianggu jobs run [NAME] [--db URL]\n"
	  "\n"
	  "  list     every job, its interval, last run and next due time\n"
	  "  run      run every job that is due (for cron), or NAME now;\n"
	  "           exits 1 if a run failed\n"
	  "  --db     SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "           default var/jianggu.db)\n" },
	{ "backup", cmd_backup, "copy the database into a file while it runs",
	  "usage: jianggu backup --out FILE [--db URL]\n"
	  "\n"
	  "  Copies the database, as of one moment, into FILE, while\n"
	  "  servers keep writing: SQLite's online backup (a SQLite file),\n"
	  "  or pg_dump -Fc for PostgreSQL. FILE is written whole or not at\n"
	  "  all, and never overwritten (exit 1 if it exists).\n"
	  "  --out  the backup file to make\n"
	  "  --db   SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "         default var/jianggu.db)\n"
	  "  pg_dump comes from JIANGGU_PG_BIN (a folder), else PATH, else\n"
	  "  /usr/lib/postgresql/N/bin.\n" },
	{ "restore", cmd_restore, "restore a backup into an empty database",
	  "usage: jianggu restore FILE [--db URL]\n"
	  "\n"
	  "  Restores FILE (made by 'jianggu backup') into the database,\n"
	  "  which must be empty: a new SQLite path, or a database made\n"
	  "  with createdb (pg_restore, in one transaction). Refuses a\n"
	  "  database that holds anything, and a backup of the other kind\n"
	  "  (exit 1). Checks the result (SQLite: integrity_check and\n"
	  "  foreign_key_check; PostgreSQL: every constraint and index\n"
	  "  valid); then run 'jianggu migrate'.\n"
	  "  --db  SQLite path or postgresql:// URL (JIANGGU_DB;\n"
	  "        default var/jianggu.db)\n" },
	{ "routes", cmd_routes, "list the routes and who may call each",
	  "usage: jianggu routes [--json | --matrix]\n"
	  "\n"
	  "  Every route the server serves: its method(s), pattern, what\n"
	  "  it declares (a permission, or the flag public or signed_in),\n"
	  "  the roles that declaration admits on any record and on their\n"
	  "  own organisation's only (admin always), and its flags. Read\n"
	  "  from the route tables and the permission table; no database.\n"
	  "  Exit 1 when a route declares nothing (named on stderr).\n"
	  "  --json    the same as JSON; each route's \"roles\" is the\n"
	  "            x-roles of its operations in the OpenAPI document\n"
	  "  --matrix  the actions by roles as a Markdown table: all, own\n"
	  "            org or -- (docs/OPERATIONS.md)\n" },
	{ "version", cmd_version, "print the version",
	  "usage: jianggu version\n" },
	{ "help", cmd_help, "list the subcommands, or explain one",
	  "usage: jianggu help [COMMAND]\n" },
	{ NULL, NULL, NULL, NULL },
};

const struct command *
command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const char *
cli_db_url(const char *opt)
{
	const char *env = getenv("JIANGGU_DB");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return "var/jianggu.db";
}

int
cli_option(int argc, char **argv, const struct option *options,
	   const char **db_opt)
{
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) == 'd')
		*db_opt = optarg;
	return c;
}

void
cli_error(const char *name, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "jianggu %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage(const char *name)
{
	const struct command *c = command_find(name);

	if (c)
		fputs(c->usage, stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	const struct command *c;

	setlocale(LC_CTYPE, "C.UTF-8");
	if (secret_init()) {
		fputs("jianggu: cannot initialise libsodium\n", stderr);
		return EXIT_PROBLEM;
	}
	if (argc < 2)
		return cmd_help(1, (char *[]){ "help", NULL });
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, (char *[]){ "version", NULL });
	c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "jianggu: '%s' is not a command; "
			"see 'jianggu help'\n", argv[1]);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
