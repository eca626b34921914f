/*
 * err.c - names and HTTP statuses of the error codes in err.h.
 */
#include <stddef.h>

#include "base/err.h"

static const struct {
	int rc;
	int status;
	const char *code;
	const char *text;
} errors[] = {
	{ ERR_NOMEM, 500, "internal", "out of memory" },
	{ ERR_INVALID, 400, "invalid", "invalid input" },
	{ ERR_NOTFOUND, 404, "not_found", "not found" },
	{ ERR_CONFLICT, 409, "conflict", "conflict" },
	{ ERR_FORBIDDEN, 403, "forbidden", "forbidden" },
	{ ERR_UNAUTH, 401, "unauthenticated", "authentication required" },
	{ ERR_TOOBIG, 413, "too_large", "too large" },
	{ ERR_DB, 500, "internal", "database error" },
	{ ERR_IO, 500, "internal", "input/output error" },
	{ ERR_METHOD, 405, "method_not_allowed", "method not allowed" },
	{ ERR_THROTTLED, 429, "throttled", "too many attempts" },
	{ ERR_BUSY, 503, "unavailable", "temporarily unavailable" },
	{ ERR_HEADERS, 431, "headers_too_large", "request headers too large" },
	{ ERR_URI_TOO_LONG, 414, "uri_too_long", "request URI too long" },
};

static int
find(int rc)
{
	for (int i = 0; i < (int)(sizeof(errors) / sizeof(errors[0])); i++)
		if (errors[i].rc == rc)
			return i;
	return -1;
}

const char *
err_str(int rc)
{
	int i = find(rc);

	if (rc == 0)
		return "success";
	return i < 0 ? "unknown error" : errors[i].text;
}

const char *
err_code(int rc)
{
	int i = find(rc);

	return i < 0 ? "internal" : errors[i].code;
}

int
err_http_status(int rc)
{
	int i = find(rc);

	if (rc == 0)
		return 200;
	return i < 0 ? 500 : errors[i].status;
}

int
problem_range(struct problem *pb, int rc, const char *field, const char *key,
	      long long min, long long max, const char *message)
{
	if (pb) {
		pb->field = field;
		pb->message = message;
		pb->key = key;
		pb->min = min;
		pb->max = max;
		for (size_t i = 0; i < PROBLEM_ARGS; i++)
			pb->arg[i] = NULL;
	}
	return rc;
}

int
problem_args(struct problem *pb, int rc, const char *field, const char *key,
	     const char *message, size_t n, const char *const *arg)
{
	problem_range(pb, rc, field, key, 0, 0, message);
	for (size_t i = 0; pb && i < n && i < PROBLEM_ARGS; i++)
		pb->arg[i] = arg[i];
	return rc;
}

int
problem_key(struct problem *pb, int rc, const char *field, const char *key,
	    const char *message)
{
	return problem_range(pb, rc, field, key, 0, 0, message);
}

int
problem(struct problem *pb, int rc, const char *field, const char *message)
{
	return problem_range(pb, rc, field, NULL, 0, 0, message);
}
