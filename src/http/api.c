/*
 * api.c - JSON API conventions: paging, lists, typed fields (see api.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "http/api.h"

/*
 * Refuse field `name` with the catalog key `key` of the text people read
 * (err.h), the numbers it names, and the English `message` of the API.
 */
static int
refuse(struct request *r, const char *name, const char *key, long long min,
       long long max, const char *message)
{
	struct problem pb;

	problem_range(&pb, ERR_INVALID, name, key, min, max, message);
	return http_problem(r, ERR_INVALID, &pb);
}

/* A query argument as an integer in [min, max]; `def` when absent. */
static int
query_int(struct request *r, const char *name, int64_t min, int64_t max,
	  int64_t def, int64_t *out)
{
	const char *s = http_query(r, name);
	char *end;
	long long v;

	*out = def;
	if (!s)
		return 0;
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
		goto bad;
	v = strtoll(s, &end, 10);
	if (v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	return refuse(r, name, "err.range", (long long)min, (long long)max,
		      arena_printf(&r->arena, "%s must be an integer from %lld "
				   "to %lld", name, (long long)min,
				   (long long)max));
}

int
api_paging(struct request *r, int64_t *limit, int64_t *offset)
{
	const char *page = http_query(r, "page");
	int64_t n;
	int rc = query_int(r, "limit", 1, API_LIMIT_MAX, API_LIMIT_DEFAULT,
			   limit);

	if (!rc)
		rc = query_int(r, "offset", 0, INT64_C(1) << 40, 0, offset);
	/* A page jumped to (the pager's 跳至; empty: none) is its offset. */
	if (!rc && page && *page &&
	    !(rc = query_int(r, "page", 1, INT64_C(1) << 30, 1, &n)))
		*offset = (n - 1) * *limit;
	return rc;
}

json_t *
api_list(json_t *items, int64_t total, int64_t limit, int64_t offset)
{
	return json_pack("{sosIsIsI}", "items", items,
			 "total", (json_int_t)total,
			 "limit", (json_int_t)limit,
			 "offset", (json_int_t)offset);
}

int
api_answer(struct request *r, int rc, json_t *out)
{
	if (rc) {
		http_own(r, out);
		return rc;
	}
	return http_json(r, 200, out);
}

int
api_list_answer(struct request *r, int rc, json_t *items, int64_t total,
		int64_t limit, int64_t offset)
{
	return api_answer(r, rc, rc ? items :
			  api_list(items, total, limit, offset));
}

/* Where a date left out defaults to (api_set_today()). */
static int (*today_of)(struct db *db, char out[11], bool *fixed);

void
api_set_today(int (*today)(struct db *db, char out[11], bool *fixed))
{
	today_of = today;
}

int
api_date(struct request *r, const char *name, char out[11])
{
	const char *v = http_query(r, name);

	if (!v || !*v) {
		if (today_of && r->db)
			return today_of(r->db, out, NULL);
		time_today_beijing(out);
		return 0;
	}
	if (!date_valid(v))
		return http_fail(r, ERR_INVALID, name,
				 "%s must be a date, YYYY-MM-DD", name);
	memcpy(out, v, TIME_DATE_LEN + 1);
	return 0;
}

int
api_string(struct request *r, json_t *obj, const char *name, bool required,
	   const char **out)
{
	json_t *v = json_object_get(obj, name);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return refuse(r, name, "err.required", 0, 0,
				      arena_printf(&r->arena, "%s is required",
						   name));
		return 0;
	}
	if (!json_is_string(v))
		return refuse(r, name, "err.text", 0, 0, arena_printf(
			      &r->arena, "%s must be a string", name));
	if (strlen(json_string_value(v)) != json_string_length(v))
		return refuse(r, name, "err.text", 0, 0, arena_printf(
			      &r->arena, "%s must not contain NUL characters",
			      name));
	*out = json_string_value(v);
	return 0;
}

int
api_int(struct request *r, json_t *obj, const char *name, bool required,
	int64_t absent, int64_t *out)
{
	json_t *v = json_object_get(obj, name);

	*out = absent;
	if (!v) {
		if (required)
			return refuse(r, name, "err.required", 0, 0,
				      arena_printf(&r->arena, "%s is required",
						   name));
		return 0;
	}
	if (json_is_null(v)) {
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v))
		return refuse(r, name, "err.integer", 0, 0, arena_printf(
			      &r->arena, "%s must be an integer", name));
	*out = json_integer_value(v);
	return 0;
}

int
api_bool(struct request *r, json_t *obj, const char *name, int *out)
{
	json_t *v = json_object_get(obj, name);

	*out = -1;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return refuse(r, name, "err.boolean", 0, 0, arena_printf(
			      &r->arena, "%s must be true or false", name));
	*out = json_is_true(v);
	return 0;
}

int
api_only(struct request *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *a;

		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (!*a)
			return refuse(r, key, "err.unknown_field", 0, 0,
				      arena_printf(&r->arena,
						   "unknown field '%s'", key));
	}
	return 0;
}

int
api_query_id(struct request *r, const char *name, int64_t *out)
{
	return query_int(r, name, 1, INT64_MAX, 0, out);
}
