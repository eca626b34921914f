/*
 * pages.c - the audit log page (操作日志) for park staff: filters by
 * actor, what was changed, action and dates, each chosen by its label;
 * each entry as "租约 · 新增" with its record before and after as
 * labelled fields, the changed ones marked.
 */
#include <string.h>

#include "audit/api.h"
#include "audit/audit.h"
#include "audit/pages.h"
#include "auth/auth.h"
#include "base/err.h"
#include "base/macros.h"
#include "http/api.h"
#include "page/page.h"

static const struct audit_page_hooks *hooks;

void
audit_set_page_hooks(const struct audit_page_hooks *h)
{
	hooks = h;
}

/* The label of an entity: its table's, else the log's own. */
static const char *
entity_label(struct request *r, const char *entity)
{
	const char *s = hooks && hooks->entity_label ?
			hooks->entity_label(r, entity) : NULL;

	return s ? s : page_text_or(r, arena_printf(&r->arena,
				    "audit.entities.%s", entity), entity);
}

static const char *
action_label(struct request *r, const char *action)
{
	return page_text_or(r, arena_printf(&r->arena, "audit.actions.%s",
					    action), action);
}

/* A filter's option: {value, label, selected}. */
static json_t *
option(const char *value, const char *label, const char *chosen)
{
	return json_pack("{s:s,s:s,s:b}", "value", value, "label", label,
			 "selected", chosen && !strcmp(chosen, value));
}

/* The choices of the filters: every entity and action, by label. */
static json_t *
choices(struct request *r, const struct audit_filter *f)
{
	json_t *entities = json_array(), *actions = json_array();
	const char *tables[128];
	const char *const *words;
	size_t n;

	n = hooks && hooks->entities ?
	    hooks->entities(tables, ARRAY_SIZE(tables)) : 0;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(entities, option(tables[i],
			entity_label(r, tables[i]), f->entity));
	words = audit_entities(&n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(entities, option(words[i],
			entity_label(r, words[i]), f->entity));
	words = audit_actions(&n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(actions, option(words[i],
			action_label(r, words[i]), f->action));
	return json_pack("{s:o,s:o}", "entities", entities, "actions",
			 actions);
}

/* An entry as the page shows it: labels, and the fields it changed. */
static void
label_entry(struct request *r, json_t *row)
{
	const char *action = json_string_value(json_object_get(row, "action"));
	const char *entity = json_string_value(json_object_get(row, "entity"));
	json_t *before = json_object_get(row, "before");
	json_t *after = json_object_get(row, "after"), *fields;

	json_object_set_new(row, "action_label", json_string(
		action_label(r, action)));
	json_object_set_new(row, "entity_label", json_string(
		entity_label(r, entity)));
	if (!hooks || !hooks->changes)
		return;
	fields = hooks->changes(r, entity, before, after);
	json_object_set_new(row, "has_fields",
			    json_boolean(json_array_size(fields) > 0));
	json_object_set_new(row, "has_before", json_boolean(
		json_is_object(before)));
	json_object_set_new(row, "has_after", json_boolean(
		json_is_object(after)));
	json_object_set_new(row, "fields", fields);
}

static int
get_audit_page(struct request *r)
{
	struct audit_filter f;
	int64_t total;
	json_t *items, *row;
	size_t i;
	int rc = audit_list_query(r, &f, &items, &total);

	if (rc)
		return rc;
	json_array_foreach(items, i, row)
		label_entry(r, row);
	return page_render(r, "admin/audit", "audit.title",
		json_pack("{s:o,s:{s:s?,s:s?,s:s?},s:o,s:o,s:o}",
			  "entries", items, "filter",
			  "actor", f.actor, "from", f.from, "to", f.to,
			  "choices", choices(r, &f),
			  "pager", page_pager(r, total, f.limit, f.offset),
			  "time_head", page_sort_head(r, page_text(r,
			  "audit.at"), "at")));
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
