/*
 * pages.c - the settings page: every setting with its value, default and
 * bounds, each saved on its own (and audited).
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/form.h"
#include "page/page.h"
#include "settings/pages.h"
#include "settings/settings.h"

/* The page, with an error beside the setting `bad_key` if any. */
static int
render_settings(struct request *r, const char *bad_key, const char *error,
		const char *bad_value)
{
	json_t *items, *row;
	size_t i;
	int rc = settings_list(r->db, &items);

	if (rc) {
		http_own(r, items);
		return rc;
	}
	json_array_foreach(items, i, row) {
		const char *key = json_string_value(json_object_get(row, "key"));

		json_object_set_new(row, "id", json_string(arena_printf(
			&r->arena, "s-%zu", i)));
		json_object_set_new(row, "is_int", json_boolean(!strcmp(
			json_string_value(json_object_get(row, "type")),
			"integer")));
		if (bad_key && !strcmp(key, bad_key)) {
			json_object_set_new(row, "error", json_string(error));
			json_object_set_new(row, "value", json_string(
				bad_value ? bad_value : ""));
		}
	}
	return page_render(r, "admin/settings", "settings.title",
			   json_pack("{s:o}", "settings", items));
}

static int
get_settings_page(struct request *r)
{
	int rc = auth_require(auth_principal(r), PERM_SETTINGS_WRITE, 0);

	return rc ? rc : render_settings(r, NULL, NULL, NULL);
}

/* POST /admin/settings/{key} {value} */
static int
post_setting(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *key = http_param(r, "key"), *value, *why;
	const struct form *f;
	int rc;

	if ((rc = auth_require(p, PERM_SETTINGS_WRITE, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (!settings_find(key))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such setting");
	value = form_get(f, "value");
	rc = settings_set(r->db, &p->actor, key, value ? value : "", &why);
	if (rc == ERR_INVALID) {
		r->status = 400;
		return render_settings(r, key, page_message(r, why), value);
	}
	if (rc)
		return rc;
	page_flash(r, "success", "settings.saved");
	return http_redirect(r, "/admin/settings");
}

const struct route settings_page_routes[] = {
	{ HTTP_GET, "/admin/settings", get_settings_page, ROUTE_PAGE, NULL,
	  PERM_SETTINGS_WRITE },
	{ HTTP_POST, "/admin/settings/:key", post_setting, ROUTE_PAGE, NULL,
	  PERM_SETTINGS_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The settings' entry of the left menu (page.h). */
const struct page_menu_item settings_menu[] = {
	{ ROLE_ADMIN, "menu.system", "/admin/settings", "menu.settings" },
	{ 0, NULL, NULL, NULL },
};
