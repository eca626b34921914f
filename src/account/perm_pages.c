/*
 * perm_pages.c - the permission matrix as a page (权限矩阵), for admins:
 *
 *	GET /admin/permissions	actions by roles, each cell "all records",
 *				"own organisation's", "own records" or
 *				"—", with the routes that name each
 *				action
 *
 * Everything comes from auth_matrix_json(): the table in src/auth/perm.c
 * and the route tables, so the page cannot say other than the server
 * does. Labels come from the catalogs (perms.*, roles.*).
 */
#include "account/perm_pages.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "page/page.h"

/* The catalog's label of an action, or of a flag's row. */
static const char *
action_label(struct request *r, const json_t *row)
{
	const char *perm = json_string_value(json_object_get(row,
							     "permission"));
	const char *gate = json_string_value(json_object_get(row, "gate"));

	if (perm)
		return page_text(r, arena_printf(&r->arena, "perms.names.%s",
						 perm));
	return page_text(r, arena_printf(&r->arena, "perms.gate_%s", gate));
}

/* GET /admin/permissions */
static int
get_permissions(struct request *r)
{
	json_t *m = http_own(r, auth_matrix_json());
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(m, "roles"), i, v) {
		const char *name = json_string_value(json_object_get(v,
								     "name"));

		json_object_set_new(v, "label", json_string(page_text(r,
			arena_printf(&r->arena, "roles.%s", name))));
	}
	json_array_foreach(json_object_get(m, "actions"), i, v) {
		size_t n = json_array_size(json_object_get(v, "routes"));

		json_object_set_new(v, "label",
				    json_string(action_label(r, v)));
		json_object_set_new(v, "route_count",
				    json_integer((json_int_t)n));
		json_object_set_new(v, "has_routes", json_boolean(n > 0));
	}
	return page_render(r, "admin/permissions", "perms.title",
			   json_incref(m));
}

const struct route account_perm_routes[] = {
	{ HTTP_GET, "/admin/permissions", get_permissions, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

const struct page_menu_item account_perm_menu[] = {
	{ ROLE_ADMIN, "menu.system", "/admin/permissions",
	  "menu.permissions" },
	{ 0, NULL, NULL, NULL },
};
