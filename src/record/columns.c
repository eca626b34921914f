/*
 * columns.c - what the one column description gives the pages (pages.h):
 * the list page's heads and cells, the export's columns and the import's
 * columns, each taken from the columns flagged REC_LIST, REC_EXPORT and
 * REC_IMPORT, labelled from the catalogs under the table's prefix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/money.h"
#include "base/time.h"
#include "export/export.h"
#include "import/import.h"
#include "page/page.h"
#include "record/pages.h"

const char *
record_label_key(struct request *r, const struct record_table *t,
		 const char *column)
{
	return arena_printf(&r->arena, "%s.%s", t->prefix, column);
}

const char *
record_value_label(struct request *r, const struct record_table *t,
		   const char *column, const char *value)
{
	return page_text_or(r, arena_printf(&r->arena, "%s.%s_values.%s",
			    t->prefix, column, value), value);
}

/*
 * What a list of `t` sorts by for its column `c`: the column, or for a
 * reference the name the rows carry (ref_name) or the title of the
 * record it names; NULL when nothing sorts it.
 */
static const char *
sort_column(const struct record_table *t, const struct record_column *c)
{
	if (c->type == REC_REF && c->ref_name && record_column(t, c->ref_name))
		return c->ref_name;
	return record_sort_problem(t, c->name) ? NULL : c->name;
}

/* The member of an item that holds the title of reference `column`. */
static const char *
title_member(struct request *r, const char *column)
{
	return arena_printf(&r->arena, "%s_title", column);
}

/* The titles of reference column c in each of `items` (an array). */
static int
add_titles(struct request *r, const struct record_column *c, json_t *items)
{
	const struct record_table *ref = record_table_named(c->ref);
	const char *member = title_member(r, c->name);
	int64_t *ids = arena_new(&r->arena, int64_t,
				 json_array_size(items) + 1);
	json_t *titles = NULL, *item, *v;
	char key[24];
	size_t i, n = 0;
	int rc;

	if (!ref || !ref->title)
		return 0;
	if (!ids)
		return ERR_TOOBIG;
	json_array_foreach(items, i, item)
		if (json_is_integer(v = json_object_get(item, c->name)))
			ids[n++] = json_integer_value(v);
	if (!n)
		return 0;
	rc = record_titles(r->db, ref, ids, n, &titles);
	json_array_foreach(items, i, item) {
		v = json_object_get(item, c->name);
		if (!json_is_integer(v))
			continue;
		snprintf(key, sizeof(key), "%lld",
			 (long long)json_integer_value(v));
		if (json_object_get(titles, key))
			json_object_set(item, member, json_object_get(titles,
								      key));
	}
	json_decref(titles);
	return rc;
}

int
record_add_titles(struct request *r, const struct record_table *t,
		  json_t *items)
{
	json_t *one;
	int rc = 0;

	if (json_is_object(items)) {
		one = json_pack("[O]", items);
		rc = record_add_titles(r, t, one);
		json_decref(one);
		return rc;
	}
	for (const struct record_column *c = t->columns; c->name && !rc; c++)
		if (c->type == REC_REF)
			rc = add_titles(r, c, items);
	return rc;
}

/*
 * The catalog key of the unit of column c's kind, for the integers kept
 * in a smaller unit than the one people read and type (元, 平方米, 小时:
 * lists, details, forms, exports and imports alike); NULL for other kinds.
 */
static const char *
unit_key(struct request *r, const struct record_column *c)
{
	static const char *const units[] = {
		[REC_MONEY] = "money", [REC_AREA] = "area",
		[REC_DURATION] = "duration",
	};

	if ((size_t)c->type >= sizeof(units) / sizeof(units[0]) ||
	    !units[c->type])
		return NULL;
	return arena_printf(&r->arena, "entry.shown_in.%s", units[c->type]);
}

/* `label` and the unit of column c's kind (unit_key()), if it has one. */
static const char *
with_unit(struct request *r, const char *label,
	  const struct record_column *c)
{
	const char *unit = unit_key(r, c);

	if (!unit)
		return label;
	return arena_printf(&r->arena, "%s%s", label, page_text(r, unit));
}

/* The text of one cell of `item`: what people read for the column's kind. */
static json_t *
cell(struct request *r, const struct record_table *t,
     const struct record_column *c, json_t *item)
{
	const struct record_table *ref;
	json_t *out = json_object(), *v = json_object_get(item, c->name);
	char text[64];
	const char *s = json_string_value(v);

	if (json_is_integer(v)) {
		snprintf(text, sizeof(text), "%lld",
			 (long long)json_integer_value(v));
		s = arena_strdup(&r->arena, text);
	}
	switch (c->type) {
	case REC_REF:
		/* A link to the record referred to, where it has pages. */
		ref = record_table_named(c->ref);
		if (s && ref && ref->base)
			json_object_set_new(out, "ref_href", json_string(
				arena_printf(&r->arena, "%s/%s", ref->base,
					     s)));
		/* Named by its title (record_add_titles()), else by the
		 * view's member that names it. */
		if (s && json_is_string(json_object_get(item, title_member(r,
							c->name))))
			s = json_string_value(json_object_get(item,
				title_member(r, c->name)));
		else if (s && c->ref_name && json_string_value(
			 json_object_get(item, c->ref_name)))
			s = json_string_value(json_object_get(item,
							      c->ref_name));
		break;
	case REC_ENUM:
		if (!s)
			break;
		/* The tag's colour, by the value's place in the list. */
		for (size_t i = 0; c->colours && c->values[i] &&
		     c->colours[i]; i++)
			if (!strcmp(c->values[i], s))
				json_object_set_new(out, "colour",
						    json_string(c->colours[i]));
		s = record_value_label(r, t, c->name, s);
		json_object_set_new(out, "tag", json_true());
		break;
	case REC_DATETIME:
		if (s && !time_format_local(s, text, sizeof(text)))
			s = arena_strdup(&r->arena, text);
		break;
	case REC_MONEY:
	case REC_AREA:
		/* 元 and ㎡ with two decimals, from fen and 0.01 m². */
		if (json_is_integer(v) && !money_format_yuan(
			json_integer_value(v), text, sizeof(text)))
			s = arena_strdup(&r->arena, text);
		break;
	case REC_DURATION:
		/* Hours with one decimal, from minutes. */
		if (json_is_integer(v) && !time_format_hours(
			json_integer_value(v), 1, text, sizeof(text)))
			s = arena_strdup(&r->arena, text);
		break;
	default:
		break;
	}
	if (c->flags & REC_CODE)
		json_object_set_new(out, "code", json_true());
	json_object_set_new(out, "text", json_string(s ? s : ""));
	return out;
}

/* The first cell of a row: a link to the record, marked when archived. */
static json_t *
first_cell(json_t *one, const char *href, bool archived)
{
	json_object_set_new(one, "link", json_true());
	json_object_set_new(one, "href", json_string(href));
	json_object_set_new(one, "archived", json_boolean(archived));
	return one;
}

int
record_list_rows(struct request *r, const struct record_pages *pg,
		 json_t *items, bool can_edit, json_t *data)
{
	const struct record_table *t = pg->rows ? pg->rows : pg->api->table;
	json_t *heads = json_array(), *rows = json_array(), *item;
	size_t i, ncols = 1;

	if (pg->list_id)
		json_array_append_new(heads, page_sort_head(r, page_text(r,
			record_label_key(r, t, "id")), "id"));
	for (const struct record_column *c = t->columns; c->name; c++)
		if (c->flags & REC_LIST)
			json_array_append_new(heads, page_sort_head(r,
				with_unit(r, page_text_or(r, record_label_key(
				r, t, c->name), c->name), c),
				sort_column(t, c)));
	ncols += json_array_size(heads);
	json_array_foreach(items, i, item) {
		json_t *cells = json_array();
		json_int_t id = record_int(item, "id");
		const char *href = record_text(item, "href");
		bool archived = json_is_string(json_object_get(item,
							      "archived_at"));

		if (!href)
			href = arena_printf(&r->arena, "%s/%lld", pg->base,
					    (long long)id);
		/* The record's number first, for records with no name. */
		if (pg->list_id)
			json_array_append_new(cells, first_cell(json_pack(
				"{s:s}", "text", arena_printf(&r->arena, "%lld",
				(long long)id)), href, archived));
		for (const struct record_column *c = t->columns; c->name;
		     c++) {
			json_t *one;

			if (!(c->flags & REC_LIST))
				continue;
			one = cell(r, t, c, item);
			if (!json_array_size(cells))
				first_cell(one, href, archived);
			json_array_append_new(cells, one);
		}
		json_array_append_new(rows, json_pack("{s:s,s:o,s:b}", "href",
			href, "cells", cells, "can_edit",
			can_edit && !archived));
	}
	json_object_set_new(data, "heads", heads);
	json_object_set_new(data, "rows", rows);
	json_object_set_new(data, "ncols", json_integer((json_int_t)ncols));
	return 0;
}

/* How an exported cell of a column's kind is written (export.h). */
static enum export_kind
export_kind_of(enum record_type type)
{
	switch (type) {
	case REC_INT:
	case REC_REF:
		return EXPORT_INTEGER;
	case REC_DURATION:
		return EXPORT_HOURS;
	case REC_AREA:
		/* 0.01 m² as ㎡ with two decimals, as fen are yuan. */
		return EXPORT_MONEY;
	case REC_DATE:
		return EXPORT_DATE;
	case REC_DATETIME:
		return EXPORT_TIME;
	case REC_MONEY:
		return EXPORT_MONEY;
	case REC_ENUM:
		return EXPORT_ENUM;
	default:
		return EXPORT_TEXT;
	}
}

const struct export_column *
record_export_columns(struct request *r, const struct record_table *t,
		      size_t *n)
{
	size_t max = 2, k = 0;
	struct export_column *cols;

	for (const struct record_column *c = t->columns; c->name; c++)
		max++;
	cols = arena_new(&r->arena, struct export_column, max);
	if (!cols) {
		*n = 0;
		return NULL;
	}
	/* A record leads with its number and ends with its creation time;
	 * rows that are no record of their own, with only their columns. */
	if (t->entity)
		cols[k++] = (struct export_column){ "id", record_label_key(r,
			t, "id"), EXPORT_INTEGER, NULL, NULL };
	for (const struct record_column *c = t->columns; c->name; c++) {
		const struct record_table *ref = c->type == REC_REF ?
			record_table_named(c->ref) : NULL;
		bool titled = ref && ref->title;

		if (!(c->flags & REC_EXPORT))
			continue;
		/* A reference by its title (record_add_titles()); the header
		 * says the unit the cells hold. */
		cols[k++] = (struct export_column){
			titled ? title_member(r, c->name) : c->name,
			with_unit(r, page_text_or(r, record_label_key(r, t,
				c->name), c->name), c),
			titled ? EXPORT_TEXT : export_kind_of(c->type),
			c->type == REC_ENUM ? arena_printf(&r->arena,
				"%s.%s_values.", t->prefix, c->name) : NULL,
			NULL,
		};
	}
	if (t->entity)
		cols[k++] = (struct export_column){ "created_at",
			record_label_key(r, t, "created_at"), EXPORT_TIME,
			NULL, NULL };
	*n = k;
	return cols;
}

const struct import_column *
record_import_columns(struct request *r, const struct record_table *t,
		      size_t *n)
{
	size_t max = 0, k = 0;
	struct import_column *cols;

	for (const struct record_column *c = t->columns; c->name; c++)
		if (c->flags & REC_IMPORT)
			max++;
	*n = 0;
	if (!max || !(cols = arena_new(&r->arena, struct import_column, max)))
		return NULL;
	for (const struct record_column *c = t->columns; c->name; c++) {
		const char *key, *unit;

		if (!(c->flags & REC_IMPORT))
			continue;
		key = record_label_key(r, t, c->name);
		unit = unit_key(r, c);
		/* Headers name the unit the cells are in: 金额（元）. */
		cols[k++] = (struct import_column){
			c->name, arena_printf(&r->arena, "%s%s",
				page_text_in("zh-CN", key), unit ?
				page_text_in("zh-CN", unit) : ""),
			arena_printf(&r->arena, "%s%s", page_text_in("en", key),
				     unit ? page_text_in("en", unit) : ""),
			(c->flags & REC_REQUIRED) != 0, c->example,
		};
	}
	*n = k;
	return cols;
}

int
record_facts(struct request *r, const struct record_table *t, json_t *rec,
	     json_t *data)
{
	json_t *facts = json_array();
	int rc = record_add_titles(r, t, rec);

	for (const struct record_column *c = t->columns; c->name; c++)
		if (!(c->flags & REC_DERIVED))
			json_array_append_new(facts, record_fact(r, t, c, rec));
	json_object_set_new(data, "facts", facts);
	return rc;
}

json_t *
record_fact(struct request *r, const struct record_table *t,
	    const struct record_column *c, json_t *rec)
{
	json_t *one = cell(r, t, c, rec);

	json_object_set_new(one, "name", json_string(c->name));
	json_object_set_new(one, "label", json_string(with_unit(r,
		page_text_or(r, record_label_key(r, t, c->name), c->name), c)));
	return one;
}

const char *
record_form_label(struct request *r, const char *key,
		  const struct record_column *c)
{
	return with_unit(r, page_text_or(r, key, c->name), c);
}

bool
record_masks(struct request *r, const struct record_table *t)
{
	return !auth_is_staff(auth_principal(r)) &&
	       record_has_flag(t, REC_PERSONAL);
}

/* `s` with all but its first three and last four characters starred. */
static const char *
masked(struct request *r, const char *s)
{
	size_t n = record_chars(s), head = 0, tail = 0, i;
	const char *p = s;

	if (n < 8)
		return "****";
	/* Byte offsets of the fourth and of the last four characters. */
	for (i = 0; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		if (i == 3)
			head = (size_t)(p - s);
		if (i == n - 4)
			tail = (size_t)(p - s);
		i++;
	}
	return arena_printf(&r->arena, "%.*s****%s", (int)head, s, s + tail);
}

void
record_mask_personal(struct request *r, const struct record_table *t,
		     json_t *items)
{
	json_t *item, *v;
	size_t i;

	if (!record_masks(r, t))
		return;
	if (json_is_object(items)) {
		for (const struct record_column *c = t->columns; c->name; c++)
			if ((c->flags & REC_PERSONAL) && json_is_string(v =
			    json_object_get(items, c->name)))
				json_object_set_new(items, c->name,
					json_string(masked(r,
					json_string_value(v))));
		return;
	}
	json_array_foreach(items, i, item)
		record_mask_personal(r, t, item);
}
