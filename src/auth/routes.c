/*
 * routes.c - the permission matrix (auth.h): who each route admits, read
 * from what its row of a route table declares (http.h struct route: an
 * action of enum perm, ROUTE_PUBLIC, ROUTE_SIGNED_IN) and from the table
 * in perm.c, for `jianggu routes`, the OpenAPI document's x-roles and the
 * page /admin/permissions; and which routes are irreversible steps
 * (route.confirm: `irreversible` and x-irreversible).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "http/http.h"

/* The program's route tables, set once at start-up (auth_set_routes()). */
static const struct route *const *route_tables;
static int route_ntables;

static const struct {
	unsigned bit;
	const char *name;
} methods[] = {
	{ HTTP_GET, "GET" },
	{ HTTP_POST, "POST" },
	{ HTTP_PUT, "PUT" },
	{ HTTP_PATCH, "PATCH" },
	{ HTTP_DELETE, "DELETE" },
	{ HTTP_HEAD, "HEAD" },
	{ HTTP_OPTIONS, "OPTIONS" },
};

static const struct {
	unsigned bit;
	const char *name;
} flags[] = {
	{ ROUTE_PAGE, "page" },
	{ ROUTE_PUBLIC, "public" },
	{ ROUTE_SIGNED_IN, "signed_in" },
	{ ROUTE_NO_DB, "no_db" },
};

#define NMETHODS (sizeof(methods) / sizeof(methods[0]))
#define NFLAGS (sizeof(flags) / sizeof(flags[0]))

void
auth_set_routes(const struct route *const *tables, int ntables)
{
	route_tables = tables;
	route_ntables = ntables;
}

void
auth_route_roles(const struct route *rt, struct route_roles *out)
{
	memset(out, 0, sizeof(*out));
	out->anonymous = (rt->flags & ROUTE_PUBLIC) != 0;
	if (perm_name(rt->perm)) {
		out->declared = true;
		out->perm = rt->perm;
		auth_perm_roles(rt->perm, &out->all, &out->org, &out->own);
	} else if (!rt->perm && (rt->flags & (ROUTE_PUBLIC |
					      ROUTE_SIGNED_IN))) {
		out->declared = true;
		out->all = ROLE_ALL;
	}
}

/* How a route is let through: its declaration, in one word. */
static const char *
gate_of(const struct route *rt, const struct route_roles *rr)
{
	if (rr->perm)
		return "permission";
	if (!rr->declared)
		return "none";
	return rt->flags & ROUTE_PUBLIC ? "public" : "signed_in";
}

static json_t *
roles_object(const char *gate, const struct route_roles *rr)
{
	const char *name = perm_name(rr->perm);

	return json_pack("{s:s,s:o,s:b,s:o,s:o,s:o}", "gate", gate,
			 "permission", name ? json_string(name) : json_null(),
			 "anonymous", rr->anonymous, "all", roles_json(rr->all),
			 "own_org", roles_json(rr->org), "own",
			 roles_json(rr->own));
}

json_t *
auth_route_roles_json(const struct route *rt)
{
	struct route_roles rr;

	auth_route_roles(rt, &rr);
	return roles_object(gate_of(rt, &rr), &rr);
}

static json_t *
methods_json(unsigned bits)
{
	json_t *a = json_array();

	for (size_t i = 0; i < NMETHODS; i++)
		if (bits & methods[i].bit)
			json_array_append_new(a, json_string(methods[i].name));
	return a;
}

static json_t *
flags_json(unsigned bits)
{
	json_t *a = json_array();

	for (size_t i = 0; i < NFLAGS; i++)
		if (bits & flags[i].bit)
			json_array_append_new(a, json_string(flags[i].name));
	return a;
}

json_t *
auth_routes_json(void)
{
	json_t *out = json_array();

	for (int t = 0; t < route_ntables; t++)
		for (const struct route *rt = route_tables[t]; rt->pattern;
		     rt++) {
			const char *name = perm_name(rt->perm);

			json_array_append_new(out, json_pack(
				"{s:o,s:s,s:o,s:b,s:o,s:o}",
				"methods", methods_json(rt->methods),
				"pattern", rt->pattern,
				"flags", flags_json(rt->flags),
				"irreversible", rt->confirm != NULL,
				"permission", name ? json_string(name)
						   : json_null(),
				"roles", auth_route_roles_json(rt)));
		}
	return out;
}

/* "GET, POST /x": a route as one line of the matrix. */
static json_t *
route_line(const struct route *rt)
{
	char line[512];
	size_t n = 0;

	line[0] = '\0';
	for (size_t i = 0; i < NMETHODS; i++)
		if ((rt->methods & methods[i].bit) && n < sizeof(line))
			n += (size_t)snprintf(line + n, sizeof(line) - n,
					      "%s%s", n ? ", " : "",
					      methods[i].name);
	if (n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, " %s", rt->pattern);
	return json_string(line);
}

/*
 * One row of the matrix: an action, or a gate of flags ("public"), with
 * the roles of `rr` (declared, anonymous and the roles; perm its action).
 */
static json_t *
matrix_row(const char *gate, const struct route_roles *rr)
{
	json_t *row = roles_object(gate, rr);
	json_t *cells = json_array();

	for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1)
		json_array_append_new(cells, json_pack("{s:s,s:b,s:b,s:b,s:b}",
			"role", role_name(bit), "all", (rr->all & bit) != 0,
			"org", (rr->org & bit) != 0, "own",
			(rr->own & bit) != 0, "none",
			!((rr->all | rr->org | rr->own) & bit)));
	json_object_set_new(row, "cells", cells);
	json_object_set_new(row, "routes", json_array());
	return row;
}

json_t *
auth_matrix_json(void)
{
	static const char *const gates[] = { "signed_in", "public", "none" };
	json_t *roles = json_array(), *actions = json_array();
	json_t *by_gate[3];

	for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1)
		json_array_append_new(roles, json_pack("{s:s,s:s}",
			"name", role_name(bit), "label", role_label(bit)));
	for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++) {
		struct route_roles rr = { true, false, perm, 0, 0, 0 };

		auth_perm_roles(perm, &rr.all, &rr.org, &rr.own);
		json_array_append_new(actions, matrix_row("permission", &rr));
	}
	for (size_t g = 0; g < 3; g++) {
		struct route_roles rr = { g < 2, g == 1, PERM_NONE,
					  g < 2 ? ROLE_ALL : 0, 0, 0 };

		by_gate[g] = matrix_row(gates[g], &rr);
	}
	for (int t = 0; t < route_ntables; t++)
		for (const struct route *rt = route_tables[t]; rt->pattern;
		     rt++) {
			struct route_roles rr;
			json_t *row;

			auth_route_roles(rt, &rr);
			if (rr.perm)
				row = json_array_get(actions,
						     (size_t)(rr.perm - 1));
			else if (!rr.declared)
				row = by_gate[2];
			else
				row = by_gate[rt->flags & ROUTE_PUBLIC ? 1 : 0];
			json_array_append_new(json_object_get(row, "routes"),
					      route_line(rt));
		}
	for (size_t g = 0; g < 3; g++) {
		if (json_array_size(json_object_get(by_gate[g], "routes")))
			json_array_append_new(actions, by_gate[g]);
		else
			json_decref(by_gate[g]);
	}
	return json_pack("{s:o,s:o}", "roles", roles, "actions", actions);
}

/*
 * Whether route pattern `pattern` serves OpenAPI path `path`: the same
 * segments, a literal where the other has the same literal, `:name`
 * where the other has `{name}` (whatever the two names).
 */
static bool
serves(const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;

	while (*p == '/' && *s == '/') {
		size_t plen, slen;

		p++;
		s++;
		plen = strcspn(p, "/");
		slen = strcspn(s, "/");
		if (*p == ':') {
			if (slen < 2 || *s != '{' || s[slen - 1] != '}')
				return false;
		} else if (plen != slen || memcmp(p, s, plen) ||
			   (slen && *s == '{')) {
			return false;
		}
		p += plen;
		s += slen;
	}
	return !*p && !*s;
}

/* The route that serves `method` (a bit of enum http_method) on `path`. */
static const struct route *
route_of(unsigned method, const char *path)
{
	for (int t = 0; t < route_ntables; t++)
		for (const struct route *rt = route_tables[t]; rt->pattern;
		     rt++)
			if ((rt->methods & method) && serves(rt->pattern, path))
				return rt;
	return NULL;
}

int
auth_openapi_roles(json_t *doc)
{
	static const struct {
		const char *key;
		unsigned bit;
	} ops[] = {
		{ "get", HTTP_GET }, { "post", HTTP_POST },
		{ "put", HTTP_PUT }, { "patch", HTTP_PATCH },
		{ "delete", HTTP_DELETE }, { "head", HTTP_GET | HTTP_HEAD },
		{ "options", HTTP_OPTIONS },
	};
	json_t *paths = json_object_get(doc, "paths"), *item;
	const char *path;
	int missing = 0;

	json_object_foreach(paths, path, item) {
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			json_t *op = json_object_get(item, ops[i].key);
			const struct route *rt;

			if (!json_is_object(op))
				continue;
			rt = route_of(ops[i].bit, path);
			if (!rt) {
				missing++;
				continue;
			}
			json_object_set_new(op, "x-roles",
					    auth_route_roles_json(rt));
			/* An irreversible step (http.h, route_confirm). */
			if (rt->confirm)
				json_object_set_new(op, "x-irreversible",
						    json_true());
		}
	}
	return missing;
}
