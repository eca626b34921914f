/*
 * changes.c - what the audit log's page shows of the records it names
 * (pages.h): an entity by its table's label, and an entry's before and
 * after as labelled fields, the columns shown as the detail page shows
 * them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "page/page.h"
#include "record/pages.h"
#include "record/record.h"

const char *
record_entity_label(struct request *r, const char *entity)
{
	const struct record_table *t = record_table_of_entity(entity);

	if (!t || !t->prefix)
		return NULL;
	return page_text_or(r, arena_printf(&r->arena, "%s.list", t->prefix),
			    NULL);
}

size_t
record_entities(const char **out, size_t max)
{
	const struct record_table *t;
	size_t i = 0, n = 0;

	while ((t = record_tables_next(&i)))
		if (t->entity && n < max &&
		    record_table_of_entity(t->entity) == t)
			out[n++] = t->entity;
	return n;
}

/* Whether `key` names a stored UTC time ("at", "created_at"). */
static bool
is_time_key(const char *key)
{
	size_t len = strlen(key);

	return !strcmp(key, "at") ||
	       (len > 3 && !strcmp(key + len - 3, "_at"));
}

/* A member that no column describes, as text people read. */
static const char *
plain_text(struct request *r, const char *key, json_t *v)
{
	char local[32], *dumped;
	const char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		if (is_time_key(key) && !time_format_local(s, local,
							   sizeof(local)))
			return arena_strdup(&r->arena, local);
		return s;
	case JSON_INTEGER:
		return arena_printf(&r->arena, "%lld",
				    (long long)json_integer_value(v));
	case JSON_REAL:
		return arena_printf(&r->arena, "%g", json_real_value(v));
	case JSON_TRUE:
		return page_text(r, "common.yes");
	case JSON_FALSE:
		return page_text(r, "common.no");
	case JSON_NULL:
		return "";
	default:
		dumped = json_dumps(v, JSON_COMPACT);
		s = dumped ? arena_strdup(&r->arena, dumped) : "";
		free(dumped);
		return s;
	}
}

/* The label of a member no column describes. */
static const char *
plain_label(struct request *r, const char *prefix, const char *key)
{
	const char *s = prefix ? page_text_or(r, arena_printf(&r->arena,
				"%s.%s", prefix, key), NULL) : NULL;

	if (!s)
		s = page_text_or(r, arena_printf(&r->arena, "audit.fields.%s",
						 key), key);
	return s;
}

/*
 * The text of reference `v` to a record of table `ref`: its title when the
 * table has one (record.h), else `text`, what the cell showed (its id).
 */
static const char *
ref_text(struct request *r, const struct record_table *ref, json_t *v,
	 const char *text)
{
	int64_t id = json_integer_value(v);
	const char *title;
	json_t *titles;

	if (!ref || !ref->title || id <= 0)
		return text;
	/* *titles is the caller's whether it succeeds or not. */
	if (!record_titles(r->db, ref, &id, 1, &titles) &&
	    (title = json_string_value(json_object_get(titles, arena_printf(
		&r->arena, "%lld", (long long)id)))))
		text = arena_strdup(&r->arena, title);
	json_decref(titles);
	return text;
}

/* One field: its label, its text before and after, whether it changed. */
static json_t *
field(struct request *r, const struct record_table *t, const char *prefix,
      const char *key, json_t *before, json_t *after)
{
	const struct record_column *c = t ? record_column(t, key) : NULL;
	json_t *b = json_object_get(before, key), *a = json_object_get(after,
								      key);
	json_t *out = json_object();
	const char *label = NULL, *bt = NULL, *at = NULL;

	if (c) {
		json_t *fb = before ? record_fact(r, t, c, before) : NULL;
		json_t *fa = after ? record_fact(r, t, c, after) : NULL;

		label = json_string_value(json_object_get(fa ? fa : fb,
							  "label"));
		label = arena_strdup(&r->arena, label ? label : key);
		if (fb)
			bt = arena_strdup(&r->arena, record_text(fb, "text"));
		if (fa)
			at = arena_strdup(&r->arena, record_text(fa, "text"));
		json_decref(fb);
		json_decref(fa);
		if (c->type == REC_REF) {
			const struct record_table *ref = record_table_named(
				c->ref);

			if (bt)
				bt = ref_text(r, ref, b, bt);
			if (at)
				at = ref_text(r, ref, a, at);
		}
	} else {
		label = plain_label(r, prefix, key);
		if (before)
			bt = plain_text(r, key, b ? b : json_null());
		if (after)
			at = plain_text(r, key, a ? a : json_null());
	}
	json_object_set_new(out, "label", json_string(label));
	json_object_set_new(out, "before", json_string(bt ? bt : ""));
	json_object_set_new(out, "after", json_string(at ? at : ""));
	json_object_set_new(out, "changed", json_boolean(before && after &&
		!json_equal(b ? b : json_null(), a ? a : json_null())));
	return out;
}

json_t *
record_changes(struct request *r, const char *entity, json_t *before,
	       json_t *after)
{
	const struct record_table *t = record_table_of_entity(entity);
	const char *prefix = t ? t->prefix : entity, *key;
	json_t *fields = json_array(), *v;

	if (!json_is_object(before))
		before = NULL;
	if (!json_is_object(after))
		after = NULL;
	/* The table's columns first, in its order. */
	for (const struct record_column *c = t ? t->columns : NULL; c &&
	     c->name; c++)
		if (json_object_get(before, c->name) ||
		    json_object_get(after, c->name))
			json_array_append_new(fields, field(r, t, prefix,
				c->name, before, after));
	/* Then every other member (but the id, the entry's own column),
	 * before's and then after's new ones. */
	json_object_foreach(before, key, v)
		if (strcmp(key, "id") && (!t || !record_column(t, key)))
			json_array_append_new(fields, field(r, t, prefix, key,
				before, after));
	json_object_foreach(after, key, v)
		if (strcmp(key, "id") && (!t || !record_column(t, key)) &&
		    !json_object_get(before, key))
			json_array_append_new(fields, field(r, t, prefix, key,
				before, after));
	return fields;
}
