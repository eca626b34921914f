/*
 * cli.h - the subcommands of the jianggu binary and what they share.
 *
 * `jianggu NAME ARGS...` looks NAME up in the table in main.c and calls its
 * run function with argv[0] == NAME (git's builtins, Fossil's commands).
 * A subcommand returns its process exit status: 0 on success, 1 when the work
 * found a problem (a failed verification), 2 for bad usage or bad input.
 * It prints its own messages to stderr, prefixed "jianggu NAME: ".
 *
 * To add a subcommand: write src/cli/cmd_NAME.c with `int cmd_NAME(int argc,
 * char **argv)`, declare it below, and add a row to the table in main.c.
 */
#ifndef JG_CLI_H
#define JG_CLI_H

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;	/* one line for `jianggu help` */
	const char *usage;	/* full usage for `jianggu help NAME` */
};

/* Exit statuses shared by every subcommand. */
enum {
	EXIT_OK = 0,
	EXIT_PROBLEM = 1,
	EXIT_USAGE = 2,
};

/* The table, terminated by a row whose name is NULL. */
extern const struct command commands[];

/* The row for `name`, or NULL. */
const struct command *command_find(const char *name);

/*
 * The database URL a subcommand should use: `opt` (from --db) if given, else
 * the JIANGGU_DB environment variable, else "var/jianggu.db".
 */
const char *cli_db_url(const char *opt);

/*
 * The next option on the command line (getopt_long() over `options`, with
 * optind set to 1 before the first call): --db, which `options` names with
 * the code 'd', goes to *db_opt and is passed over. Returns another
 * option's code, '?' for an unknown or incomplete one, or -1 at the end.
 */
struct option;
int cli_option(int argc, char **argv, const struct option *options,
	       const char **db_opt);

/*
 * Open the database at `url` for subcommand `name` and apply the
 * migrations it lacks. Always stores a handle in *db (close it with
 * db_close()). Returns 0, or an error after printing why.
 */
struct db;
int cli_open_db(const char *name, const char *url, struct db **db);

/* Print "jianggu NAME: message" to stderr (printf-style). */
void cli_error(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print a command's usage to stderr and return EXIT_USAGE. */
int cli_usage(const char *name);

/*
 * The program put together (modules.c). cli_modules_init() sets the hooks
 * of the lower layers, adds every module's menu entries and registers its
 * jobs; call it once before serving or running jobs (again: no-op).
 * cli_routes() gives every route table, in the order the router tries
 * them (*n of them).
 */
struct route;
void cli_modules_init(void);
const struct route *const *cli_routes(int *n);

/*
 * After cli_modules_init(): serve the embedded OpenAPI document with
 * `x-roles` on every operation a route serves, derived from the route's
 * declaration and the permission table (auth_openapi_roles()); warns of
 * operations no route serves. 0, ERR_INVALID (the document does not
 * parse) or ERR_NOMEM.
 */
int cli_openapi_init(void);

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_routes(int argc, char **argv);

#endif
