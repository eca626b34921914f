/*
 * router.c - match a request path against route tables (see http.h).
 *
 * Tables are small and read in order, so a linear scan segment by segment is
 * both the simplest and fast enough: a few dozen string comparisons per
 * request. Empty segments are never matched ("//" is not "/").
 */
#include <string.h>

#include "http/http.h"

/*
 * Whether `path` matches `pattern`; on a match the parameters are stored in
 * r (copied into its arena). Returns 1 on a match, 0 otherwise, -1 when the
 * arena is exhausted.
 */
static int
match_pattern(const char *pattern, const char *path, struct request *r)
{
	const char *p = pattern, *s = path;
	int nparams = 0;

	if (*p != '/' || *s != '/')
		return 0;
	while (*p && *s) {
		p++;
		s++;
		if (!*p && !*s)
			break;		/* "/" itself, or a trailing "/" */
		if (*p == '*' && p[1] == '\0') {
			if (nparams >= HTTP_MAX_PARAMS)
				return 0;
			r->param_names[nparams] = "*";
			r->param_values[nparams] = arena_strdup(&r->arena, s);
			if (!r->param_values[nparams])
				return -1;
			nparams++;
			r->nparams = nparams;
			return 1;
		}
		size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");

		if (slen == 0)
			return 0;
		if (*p == ':') {
			if (nparams >= HTTP_MAX_PARAMS)
				return 0;
			r->param_names[nparams] = arena_strndup(&r->arena, p + 1,
								plen - 1);
			r->param_values[nparams] = arena_strndup(&r->arena, s,
								 slen);
			if (!r->param_names[nparams] || !r->param_values[nparams])
				return -1;
			nparams++;
		} else if (plen != slen || memcmp(p, s, plen)) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return 0;
	r->nparams = nparams;
	return 1;
}

const struct route *
router_match(const struct route *const *tables, int ntables,
	     enum http_method method, const char *path, struct request *r,
	     int *status)
{
	unsigned want = method == HTTP_HEAD ? HTTP_GET | HTTP_HEAD : method;

	*status = 404;
	for (int t = 0; t < ntables; t++) {
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			int m = match_pattern(rt->pattern, path, r);

			if (m < 0) {
				*status = 500;
				return NULL;
			}
			if (!m)
				continue;
			if (rt->methods & want) {
				r->route_data = rt->data;
				r->route = rt;
				return rt;
			}
			*status = 405;
			r->allowed_methods |= rt->methods;
		}
	}
	r->nparams = 0;
	return NULL;
}

const char *
http_param(const struct request *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (!strcmp(r->param_names[i], name))
			return r->param_values[i];
	return NULL;
}

const struct route_confirm route_irreversible = {
	"confirm.plain", NULL, NULL,
};
