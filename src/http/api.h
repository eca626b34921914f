/*
 * api.h - the conventions of the JSON API (DESIGN §3) in one place: paging,
 * the list envelope, and reading typed fields out of a request body with
 * errors that name the field.
 *
 *	int64_t limit, offset;
 *	if ((rc = api_paging(r, &limit, &offset)))
 *		return rc;
 *	...
 *	return http_json(r, 200, api_list(items, total, limit, offset));
 */
#ifndef JG_API_H
#define JG_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

#define API_LIMIT_DEFAULT 20
#define API_LIMIT_MAX 200

/*
 * The `limit` (1..200, default 20) and `offset` (>= 0, default 0) query
 * arguments; `page` (from 1), when given, stands for offset (page - 1) *
 * limit. Returns 0 or ERR_INVALID naming the argument.
 */
int api_paging(struct request *r, int64_t *limit, int64_t *offset);

/*
 * {"items": items, "total": total, "limit": limit, "offset": offset}; takes
 * over `items`.
 */
json_t *api_list(json_t *items, int64_t total, int64_t limit, int64_t offset);

/*
 * The answer to a read whose outcome is `rc`: rc itself, or 200 with
 * `out`. Takes over `out` either way (it may be NULL on error), so a
 * read's handler ends in one call whatever the read left behind.
 */
int api_answer(struct request *r, int rc, json_t *out);

/*
 * The answer to a list read whose outcome is `rc`: rc itself, or 200 with
 * api_list(items, total, limit, offset). Takes over `items` either way
 * (it may be NULL on error).
 */
int api_list_answer(struct request *r, int rc, json_t *items, int64_t total,
		    int64_t limit, int64_t offset);

/*
 * Field `name` of `obj` as a string into *out (NULL when absent or null and
 * not `required`). ERR_INVALID naming the field when it is required and
 * missing, not a string, or not UTF-8 (jansson guarantees UTF-8).
 */
int api_string(struct request *r, json_t *obj, const char *name,
	       bool required, const char **out);

/*
 * Field `name` as an integer into *out; `absent` is stored when it is
 * absent (or null, when `nullable`: then *out = 0). ERR_INVALID naming the
 * field when it is not an integer or is required and missing.
 */
int api_int(struct request *r, json_t *obj, const char *name, bool required,
	    int64_t absent, int64_t *out);

/* Field `name` as a boolean: -1 when absent; ERR_INVALID when not one. */
int api_bool(struct request *r, json_t *obj, const char *name, int *out);

/*
 * Refuse fields of `obj` not listed in `allowed` (NULL-terminated), so a
 * misspelt field is an error rather than silently ignored. 0 or ERR_INVALID.
 */
int api_only(struct request *r, json_t *obj, const char *const *allowed);

/*
 * Query argument `name` as a date (YYYY-MM-DD) into `out`; the portal's
 * "today" when it is absent or empty (an as-of date of figures and badges:
 * the date api_set_today()'s function gives, else the real date in
 * Beijing). ERR_INVALID naming it when it is no date.
 */
int api_date(struct request *r, const char *name, char out[11]);

/*
 * The portal's "today" for api_date() (settings_today(), set by cli at
 * start-up): into `out`, *fixed (may be NULL) whether a setting fixed it;
 * 0 or a database error.
 */
void api_set_today(int (*today)(struct db *db, char out[11], bool *fixed));

/* A query argument as a positive id: 0 when absent; ERR_INVALID if bad. */
int api_query_id(struct request *r, const char *name, int64_t *out);

#endif
