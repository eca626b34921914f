/*
 * api.c - GET /api/v1/settings and PUT /api/v1/settings/{key}.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "settings/api.h"
#include "settings/settings.h"

static int
get_settings(struct request *r)
{
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_SETTINGS_READ, 0)))
		return rc;
	rc = settings_list(r->db, &items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, api_list(items, (int64_t)json_array_size(items),
					  API_LIMIT_MAX, 0));
}

/* The one setting called key, as settings_list() shows it. */
static json_t *
find_item(json_t *items, const char *key)
{
	size_t i;
	json_t *row;

	json_array_foreach(items, i, row)
		if (!strcmp(json_string_value(json_object_get(row, "key")),
			    key))
			return json_incref(row);
	return NULL;
}

/* PUT /api/v1/settings/{key} {"value": ...}: text, number or boolean. */
static int
put_setting(struct request *r)
{
	static const char *const fields[] = { "value", NULL };
	const struct principal *p = auth_principal(r);
	const char *key = http_param(r, "key"), *why, *text;
	json_t *body, *v, *items, *row;
	char num[32];
	int rc;

	if ((rc = auth_require(p, PERM_SETTINGS_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)))
		return rc;
	if (!settings_find(key))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such setting");
	v = json_object_get(body, "value");
	if (json_is_string(v)) {
		text = json_string_value(v);
	} else if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)json_integer_value(v));
		text = num;
	} else if (json_is_boolean(v)) {
		text = json_is_true(v) ? "true" : "false";
	} else {
		return http_fail(r, ERR_INVALID, "value",
				 "value is required: a string, an integer "
				 "or a boolean");
	}
	rc = settings_set(r->db, &p->actor, key, text, &why);
	if (rc == ERR_INVALID)
		return http_fail(r, rc, "value", "%s", why);
	if (rc)
		return rc;
	rc = settings_list(r->db, &items);
	row = rc ? NULL : find_item(items, key);
	http_own(r, items);
	return row ? http_json(r, 200, row) : (rc ? rc : ERR_NOTFOUND);
}

const struct route settings_api_routes[] = {
	{ HTTP_GET, "/api/v1/settings", get_settings, 0, NULL,
	  PERM_SETTINGS_READ },
	{ HTTP_PUT, "/api/v1/settings/:key", put_setting, 0, NULL,
	  PERM_SETTINGS_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
