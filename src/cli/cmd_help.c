/*
 * cmd_help.c - `jianggu help [COMMAND]` and `jianggu version`.
 */
#include <stdio.h>

#include "base/version.h"
#include "cli/cli.h"

int
cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc > 2)
		return cli_usage("help");
	if (argc == 2) {
		c = command_find(argv[1]);
		if (!c) {
			cli_error("help", "'%s' is not a command", argv[1]);
			return EXIT_USAGE;
		}
		printf("jianggu %s - %s\n\n%s", c->name, c->summary, c->usage);
		return EXIT_OK;
	}
	printf("jianggu %s - runs an industry-education integration park\n\n"
	       "usage: jianggu COMMAND [ARGS]\n\ncommands:\n", JG_VERSION);
	for (c = commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\n'jianggu help COMMAND' explains one.\n");
	return EXIT_OK;
}

int
cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("version");
	printf("jianggu %s\n", JG_VERSION);
	return EXIT_OK;
}
