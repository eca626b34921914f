/*
 * pages.c - the audit log page (操作日志) for park staff: filters by
 * actor, record, action and dates; before and after of each change.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/api.h"
#include "audit/audit.h"
#include "audit/pages.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "page/page.h"

static int
get_audit_page(struct request *r)
{
	struct audit_filter f;
	int64_t total;
	json_t *items, *row;
	size_t i;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_AUDIT_READ, 0)) ||
	    (rc = audit_filter_read(r, &f)))
		return rc;
	rc = audit_list(r->db, &f, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	/* Labels for the codes, and before and after as readable JSON. */
	json_array_foreach(items, i, row) {
		static const char *const keys[] = { "before", "after" };
		const char *action = json_string_value(json_object_get(row,
							"action"));
		const char *entity = json_string_value(json_object_get(row,
							"entity"));

		json_object_set_new(row, "action_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
				     "audit.actions.%s", action), action)));
		json_object_set_new(row, "entity_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
				     "audit.entities.%s", entity), entity)));

		for (int k = 0; k < 2; k++) {
			json_t *v = json_object_get(row, keys[k]);
			char *text;

			if (json_is_null(v))
				continue;
			text = json_dumps(v, JSON_INDENT(1) | JSON_SORT_KEYS);
			if (text) {
				json_object_set_new(row, arena_printf(&r->arena,
					"%s_text", keys[k]), json_string(text));
				free(text);
			}
		}
	}
	return page_render(r, "admin/audit", "audit.title",
		json_pack("{s:o,s:{s:s?,s:s?,s:s?,s:s?,s:s?},s:o}",
			  "entries", items, "filter",
			  "actor", f.actor, "entity", f.entity,
			  "action", f.action, "from", f.from, "to", f.to,
			  "pager", page_pager(r, total, f.limit, f.offset)));
}

const struct route audit_page_routes[] = {
	{ HTTP_GET, "/admin/audit", get_audit_page, ROUTE_PAGE, NULL,
	  PERM_AUDIT_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The audit log's entry of the left menu (page.h). */
const struct page_menu_item audit_menu[] = {
	{ ROLE_ADMIN, "menu.logs", "/admin/audit", "menu.audit" },
	{ 0, NULL, NULL, NULL },
};
