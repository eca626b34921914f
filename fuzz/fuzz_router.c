/*
 * fuzz_router.c - libFuzzer target for src/http/router.c.
 *
 * Input: byte 0 picks the method and whether the request's arena has a
 * small budget; the rest, NUL-terminated, is the path. It is matched against
 * a fixed table, and the result is checked:
 *  - a match is a row of the table that allows the method; its parameters
 *    are named as in the pattern, non-empty and free of '/' (except `*`),
 *    and putting them back into the pattern gives the path again;
 *  - no match: status 404 (no allowed methods), 405 (some, not this one)
 *    or 500 (only with the small budget), and no parameters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
h(struct request *r)
{
	(void)r;
	return 0;
}

static const struct route table[] = {
	{ HTTP_GET, "/", h, 0 },
	{ HTTP_GET, "/healthz", h, 0 },
	{ HTTP_GET | HTTP_POST, "/api/v1/orgs", h, 0 },
	{ HTTP_GET | HTTP_PUT | HTTP_DELETE, "/api/v1/orgs/:id", h, 0 },
	{ HTTP_GET, "/api/v1/orgs/:org/people/:person", h, 0 },
	{ HTTP_PATCH, "/api/v1/:kind/:id", h, 0 },
	{ HTTP_GET, "/static/*", h, 0 },
	{ HTTP_GET, "/files/:id/*", h, 0 },
	{ HTTP_GET, "/p/:a/:b/:c/:d/:e/:f/:g/:h", h, 0 },
	{ HTTP_GET, "/q/:a/:b/:c/:d/:e/:f/:g/:h/*", h, 0 },
	{ HTTP_POST, "/a/", h, 0 },
	{ 0, NULL, NULL, 0 },
};

static const struct route *const tables[] = { table };

static const enum http_method methods[] = {
	HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH,
	HTTP_DELETE, HTTP_HEAD, HTTP_OPTIONS, HTTP_OTHER,
};

/* Whether the parameter `name` is in r, and its value. */
static const char *
param(const struct request *r, const char *name, size_t len)
{
	for (int i = 0; i < r->nparams; i++)
		if (strlen(r->param_names[i]) == len &&
		    !memcmp(r->param_names[i], name, len))
			return r->param_values[i];
	return NULL;
}

/* Put r's parameters back into `pattern`; returns a malloc'd path. */
static char *
rebuild(const char *pattern, const struct request *r)
{
	size_t cap = strlen(pattern) + 1, len = 0;
	char *out;

	for (int i = 0; i < r->nparams; i++)
		cap += strlen(r->param_values[i]);
	out = malloc(cap);
	if (!out)
		abort();
	for (const char *p = pattern; *p;) {
		if (*p == ':' || (*p == '*' && p[1] == '\0')) {
			size_t n = *p == '*' ? 1 : strcspn(p + 1, "/");
			const char *v = *p == '*' ? param(r, "*", 1)
						  : param(r, p + 1, n);

			if (!v)
				abort();
			memcpy(out + len, v, strlen(v));
			len += strlen(v);
			p += *p == '*' ? 1 : n + 1;
		} else {
			out[len++] = *p++;
		}
	}
	out[len] = '\0';
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	const struct route *rt;
	enum http_method m;
	unsigned want;
	int status = 0, small;
	char *path;

	if (size < 1)
		return 0;
	m = methods[data[0] & 7];
	small = data[0] & 8;
	want = m == HTTP_HEAD ? HTTP_GET | HTTP_HEAD : m;
	path = malloc(size);
	if (!path)
		abort();
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';

	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, small ? (size_t)17 << 10 : 0);
	rt = router_match(tables, 1, m, path, &r, &status);
	if (rt) {
		char *again;

		if (rt < table ||
		    rt >= table + sizeof(table) / sizeof(table[0]) - 1)
			abort();
		if (!(rt->methods & want))
			abort();
		if (r.nparams < 0 || r.nparams > HTTP_MAX_PARAMS)
			abort();
		for (int i = 0; i < r.nparams; i++) {
			const char *n = r.param_names[i];
			const char *v = r.param_values[i];

			if (!n || !v || !*n)
				abort();
			if (strcmp(n, "*") && (!*v || strchr(v, '/')))
				abort();
		}
		again = rebuild(rt->pattern, &r);
		if (strcmp(again, path))
			abort();
		free(again);
	} else {
		if (r.nparams != 0)
			abort();
		if (status == 404 && r.allowed_methods)
			abort();
		if (status == 405 && (!r.allowed_methods ||
				      (r.allowed_methods & want)))
			abort();
		if (status == 500 && !small)
			abort();
		if (status != 404 && status != 405 && status != 500)
			abort();
	}
	arena_release(&r.arena);
	free(path);
	return 0;
}
