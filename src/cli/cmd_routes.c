/*
 * cmd_routes.c - `jianggu routes`: the permission matrix as the binary
 * has it, read from the route tables (cli_routes()) and the permission
 * table (auth.h), needing no database.
 *
 *   jianggu routes            every route: method(s), pattern, who it
 *                             admits (a permission and its roles, or a
 *                             flag), its flags, and "irreversible"
 *                             for a step that asks first (http.h)
 *   jianggu routes --json     the same as JSON (auth_routes_json()), what
 *                             the OpenAPI document's x-roles are made of
 *   jianggu routes --matrix   actions by roles, as a Markdown table (the
 *                             one docs/OPERATIONS.md carries)
 *
 * Exit status: 0; 1 when a route declares nothing (listed on stderr),
 * 2 for bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "http/http.h"

/* The names in the JSON array `a`, joined by `sep`, into buf. */
static const char *
joined(const json_t *a, const char *sep, char *buf, size_t size)
{
	size_t i, n = 0;
	json_t *v;

	buf[0] = '\0';
	json_array_foreach(a, i, v) {
		if (n >= size)
			break;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? sep : "",
				      json_string_value(v));
	}
	return buf;
}

static void
print_text(const json_t *routes)
{
	char methods[64], all[160], org[160], own[160], flags[64];
	size_t i;
	json_t *rt;

	printf("%-13s %-52s %-20s %s\n", "METHODS", "PATTERN", "WHO",
	       "ROLES (all records; own organisation's; own)  FLAGS");
	json_array_foreach(routes, i, rt) {
		const json_t *roles = json_object_get(rt, "roles");
		const char *perm = json_string_value(json_object_get(roles,
							"permission"));
		const char *gate = json_string_value(json_object_get(roles,
							"gate"));

		printf("%-13s %-52s %-20s %s; %s; %s  %s%s\n",
		       joined(json_object_get(rt, "methods"), ",", methods,
			      sizeof(methods)),
		       json_string_value(json_object_get(rt, "pattern")),
		       perm ? perm : gate,
		       joined(json_object_get(roles, "all"), ",", all,
			      sizeof(all)),
		       joined(json_object_get(roles, "own_org"), ",", org,
			      sizeof(org)),
		       joined(json_object_get(roles, "own"), ",", own,
			      sizeof(own)),
		       joined(json_object_get(rt, "flags"), ",", flags,
			      sizeof(flags)), json_is_true(json_object_get(rt,
		       "irreversible")) ? " irreversible" : "");
	}
}

/* Actions by roles: "all", "own org", "own" or "—" in each cell. */
static void
print_matrix(const json_t *m)
{
	const json_t *roles = json_object_get(m, "roles");
	size_t i, j;
	json_t *row, *cell, *role;

	printf("| action |");
	json_array_foreach(roles, i, role)
		printf(" %s |", json_string_value(json_object_get(role,
								  "name")));
	printf("\n|---|");
	for (i = 0; i < json_array_size(roles); i++)
		printf("---|");
	printf("\n");
	json_array_foreach(json_object_get(m, "actions"), i, row) {
		const char *perm = json_string_value(json_object_get(row,
							"permission"));

		if (!perm)
			continue;	/* the flags: the docs say them */
		printf("| `%s` |", perm);
		json_array_foreach(json_object_get(row, "cells"), j, cell)
			printf(" %s |", json_is_true(json_object_get(cell,
							"all")) ? "all"
			       : json_is_true(json_object_get(cell, "org"))
			       ? "own org"
			       : json_is_true(json_object_get(cell, "own"))
			       ? "own" : "—");
		printf("\n");
	}
}

int
cmd_routes(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "matrix", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	int c, mode = 0, undeclared = 0;
	json_t *routes, *rt;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j' && c != 'm')
			return cli_usage("routes");
		if (mode && mode != c)
			return cli_usage("routes");
		mode = c;
	}
	if (optind != argc)
		return cli_usage("routes");
	cli_modules_init();
	routes = auth_routes_json();
	if (mode == 'm') {
		json_t *m = auth_matrix_json();

		print_matrix(m);
		json_decref(m);
	} else if (mode == 'j') {
		json_dumpf(routes, stdout, JSON_INDENT(1));
		putchar('\n');
	} else {
		print_text(routes);
	}
	json_array_foreach(routes, i, rt) {
		const char *gate = json_string_value(json_object_get(
			json_object_get(rt, "roles"), "gate"));
		char methods[64];

		if (strcmp(gate, "none"))
			continue;
		undeclared++;
		cli_error("routes", "%s %s declares no permission, "
			  "ROUTE_PUBLIC or ROUTE_SIGNED_IN",
			  joined(json_object_get(rt, "methods"), ",", methods,
				 sizeof(methods)),
			  json_string_value(json_object_get(rt, "pattern")));
	}
	json_decref(routes);
	fflush(stdout);
	return undeclared ? EXIT_PROBLEM : EXIT_OK;
}
