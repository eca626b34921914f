/*
 * pages.c - generic pages for described tables (see pages.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "export/export.h"
#include "http/form.h"
#include "import/import.h"
#include "page/page.h"
#include "record/entry.h"
#include "record/pages.h"
#include "tpl/html.h"

/* The table a list page shows: its view (pages.h, `rows`) or itself. */
static const struct record_table *
shown(const struct record_pages *pg)
{
	return pg->rows ? pg->rows : pg->api->table;
}

static const char *
label_key(struct request *r, const struct record_pages *pg,
	  const char *column, const char *value)
{
	return arena_printf(&r->arena, "%s.%s_values.%s", pg->prefix ?
			    pg->prefix : pg->api->table->prefix, column,
			    value);
}

void
record_page_labels(struct request *r, const struct record_pages *pg,
		   json_t *items)
{
	const struct record_column *c;
	json_t *item;
	size_t i;

	if (json_is_object(items)) {
		for (c = shown(pg)->columns; c->name; c++) {
			json_t *v = json_object_get(items, c->name);

			if (c->type != REC_ENUM || !json_is_string(v))
				continue;
			json_object_set_new(items, arena_printf(&r->arena,
				"%s_label", c->name), json_string(page_text_or(
				r, label_key(r, pg, c->name,
					     json_string_value(v)),
				json_string_value(v))));
		}
		return;
	}
	json_array_foreach(items, i, item)
		record_page_labels(r, pg, item);
}

json_t *
record_page_chart(struct request *r, const char *title_key, json_t *bars)
{
	json_t *c = json_pack("{s:s,s:o}", "title", page_text(r, title_key),
			      "bars", bars);
	char *text = json_dumps(c, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_t *out = json_string(text ? text : "{}");

	free(text);
	http_own(r, c);
	return out;
}

/* choices.COLUMN for every enum column, with `current` selected. */
static json_t *
choices(struct request *r, const struct record_pages *pg, json_t *current)
{
	json_t *out = json_object();

	for (const struct record_column *c = pg->api->table->columns; c->name;
	     c++) {
		const char *cur = json_string_value(json_object_get(current,
								    c->name));
		json_t *list;

		if (c->type != REC_ENUM)
			continue;
		list = json_array();
		for (const char *const *v = c->values; *v; v++)
			json_array_append_new(list, json_pack("{s:s,s:s,s:b}",
				"value", *v, "label", page_text_or(r,
				label_key(r, pg, c->name, *v), *v),
				"selected", cur && !strcmp(cur, *v)));
		json_object_set_new(out, c->name, list);
	}
	return out;
}

static const char *
title_key(struct request *r, const struct record_pages *pg, const char *what)
{
	return arena_printf(&r->arena, "%s.%s", pg->prefix ? pg->prefix :
			    pg->api->table->prefix, what);
}

/* The list's query (filters, no paging) for the export links. */
static const char *
export_query(struct request *r, const struct record_filter *f)
{
	struct buf b;

	buf_init(&b, &r->arena, 4096);
	if (f->q) {
		buf_addstr(&b, "&q=");
		url_escape(&b, f->q);
	}
	if (f->archived)
		buf_addstr(&b, "&archived=1");
	for (int i = 0; i < f->neq; i++) {
		buf_addf(&b, "&%s=", f->eq_col[i]);
		url_escape(&b, f->eq_val[i]);
	}
	return buf_error(&b) ? "" : b.ptr;
}

/*
 * The list's filters of references as their pickers sent them (the
 * chosen id and the text shown, record_ref_resolve()), over the plain
 * ids record_api_filter() read: the record the text names, none when
 * the text was cleared, and no rows at all when it names none.
 */
static int
filter_refs(struct request *r, const struct record_pages *pg,
	    struct record_filter *f)
{
	for (int i = 0; pg->api->filters[i]; i++) {
		const char *name = pg->api->filters[i], *why;
		const struct record_column *c = record_column(pg->api->table,
							      name);
		const char *text = http_query(r, arena_printf(&r->arena,
						"%s_text", name));
		json_t *v = NULL;
		int k, rc;

		if (!c || c->type != REC_REF || !text)
			continue;
		rc = record_ref_resolve(r, c, http_query(r, name), text, &v,
					&why);
		http_own(r, v);
		if (rc && rc != ERR_INVALID)
			return rc;
		for (k = 0; k < f->neq && strcmp(f->eq_col[k], name); k++)
			;
		if (json_is_null(v)) {
			/* Cleared: drop the filter the id would make. */
			if (k < f->neq) {
				f->neq--;
				f->eq_col[k] = f->eq_col[f->neq];
				f->eq_val[k] = f->eq_val[f->neq];
			}
			continue;
		}
		if (k == f->neq) {
			if (f->neq == 4)
				continue;
			f->neq++;
		}
		f->eq_col[k] = name;
		/* Text that names nothing matches no row ("0"). */
		f->eq_val[k] = arena_printf(&r->arena, "%lld", (long long)(
			json_is_integer(v) ? json_integer_value(v) : 0));
	}
	return 0;
}

/*
 * The page of the list (export: every row up to EXPORT_MAX_ROWS) with
 * its labels and what list_extra adds, into *data (the request's).
 */
static int
list_data(struct request *r, const struct record_pages *pg, bool export,
	  struct record_filter *f, json_t **data)
{
	json_t *items;
	int64_t total;
	int rc;

	*data = NULL;
	if ((rc = record_api_may_list(r, pg->api)) ||
	    (rc = record_api_filter(r, pg->api, f)) ||
	    (rc = record_api_sort(r, shown(pg), f)) ||
	    (rc = filter_refs(r, pg, f)))
		return rc;
	if (export) {
		f->limit = EXPORT_MAX_ROWS;
		f->offset = 0;
	}
	rc = record_list(r->db, shown(pg), f, &items, &total);
	record_mask_personal(r, shown(pg), items);
	*data = http_own(r, json_pack("{s:o,s:I,s:b}", "items", items,
				      "total", (json_int_t)total, "export",
				      export));
	if (rc || (rc = record_add_titles(r, shown(pg), items)))
		return rc;
	record_page_labels(r, pg, items);
	return pg->list_extra ? pg->list_extra(r, *data) : 0;
}

int
record_page_export(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	const struct export_column *cols;
	struct record_filter f;
	size_t ncols;
	json_t *data;
	int rc = list_data(r, pg, true, &f, &data);

	if (rc)
		return rc;
	cols = pg->export_columns;
	ncols = pg->nexport;
	if (!cols)
		cols = record_export_columns(r, shown(pg), &ncols);
	return export_send(r, http_query(r, "format"), pg->export_stem,
			   page_text(r, title_key(r, pg, "list")), cols,
			   ncols, json_object_get(data, "items"));
}

/*
 * The list's filters: a select of an enum column's values, a number
 * (a reference's id, an integer) typed in, with what the query said.
 */
static json_t *
filter_fields(struct request *r, const struct record_pages *pg,
	      json_t *filters, json_t *choices)
{
	json_t *out = json_array();

	for (int i = 0; pg->api->filters[i]; i++) {
		const char *name = pg->api->filters[i];
		const struct record_column *c = record_column(pg->api->table,
							      name);
		json_t *field, *v = json_object_get(filters, name);

		if (!c || (c->type != REC_ENUM && c->type != REC_REF &&
			   c->type != REC_INT))
			continue;
		field = json_pack("{s:s,s:s,s:O*,s:b,s:O*}", "name", name,
			"label", page_text_or(r, record_label_key(r,
			pg->api->table, name), name), "options",
			json_object_get(choices, name), "is_select",
			c->type == REC_ENUM, "value", v);
		/* A reference is picked by name, as in the forms. */
		if (record_pick_source(r, c))
			json_object_set_new(field, "picker", record_picker(r, c,
				http_own(r, json_is_string(v) ? json_integer(
				strtoll(json_string_value(v), NULL, 10)) :
				NULL), true));
		json_array_append_new(out, field);
	}
	return out;
}

int
record_page_list(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	const struct record_table *t = shown(pg);
	struct record_filter f;
	json_t *items, *filters, *opts, *data;
	size_t ncols;
	bool can_write;
	int rc = list_data(r, pg, false, &f, &data);

	if (rc)
		return rc;
	items = json_object_get(data, "items");
	filters = json_pack("{s:s?,s:b}", "q", f.q, "archived", f.archived);
	for (int i = 0; i < f.neq; i++)
		json_object_set_new(filters, f.eq_col[i],
				    json_string(f.eq_val[i]));
	opts = http_own(r, choices(r, pg, filters));
	can_write = !record_api_may_write(r, pg->api, NULL);
	json_object_update(data, http_own(r, json_pack(
		"{s:o,s:O,s:s,s:b,s:o,s:s,s:b}", "filters", filters, "choices",
		opts, "base", pg->base, "can_write", can_write, "pager",
		page_pager(r, json_integer_value(json_object_get(data,
		"total")), f.limit, f.offset), "export_query",
		export_query(r, &f), "can_export", pg->nexport > 0 ||
		record_has_flag(t, REC_EXPORT))));
	if (!pg->list_template) {
		/* The one list page, from the column description. */
		record_list_rows(r, pg, items, can_write, data);
		json_object_set_new(data, "filter_fields",
				    filter_fields(r, pg, filters, opts));
		json_object_set_new(data, "searchable",
				    json_boolean(record_searchable(t)));
		json_object_set_new(data, "search_label", json_string(
			page_text_or(r, title_key(r, pg, "q"),
				     page_text(r, "common.search"))));
		json_object_set_new(data, "new_label", json_string(
			page_text(r, title_key(r, pg, "new"))));
		json_object_set_new(data, "can_import", json_boolean(
			can_write && record_api_import_columns(r, pg->api,
							       &ncols)));
	}
	return page_render(r, pg->list_template ? pg->list_template :
			   "record/list", title_key(r, pg, "list"),
			   json_incref(data));
}

/* The record `id` or a 404 naming it. */
static int
load(struct request *r, const struct record_pages *pg, int64_t *id,
     json_t **rec)
{
	int rc = http_param_id(r, "id", id);

	if (rc)
		return rc;
	rc = record_get(r->db, pg->api->table, *id, rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such record");
	if (rc)
		return rc;
	http_own(r, *rec);
	return record_api_may_read(r, pg->api, *rec);
}

/*
 * The title of record `id`'s page: what names it where others refer to
 * it (its table's title: 吉林龙航科技), else the detail page's label and
 * its number (双导师详情 #12).
 */
static const char *
detail_title(struct request *r, const struct record_pages *pg, int64_t id)
{
	const char *label = page_text(r, title_key(r, pg, "detail"));
	const char *name = NULL;
	json_t *titles = NULL;
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	if (pg->api->table->title &&
	    !record_titles(r->db, pg->api->table, &id, 1, &titles))
		name = json_string_value(json_object_get(http_own(r, titles),
							 key));
	return name && *name ? name : arena_printf(&r->arena, "%s #%s", label,
						   key);
}

int
record_page_show(struct request *r, const struct record_pages *pg, int64_t id,
		 json_t *more)
{
	json_t *rec, *data;
	int rc;

	http_own(r, more);
	rc = record_get(r->db, pg->api->table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such record");
	if (rc)
		return rc;
	http_own(r, rec);
	if ((rc = record_api_may_read(r, pg->api, rec)))
		return rc;
	record_mask_personal(r, pg->api->table, rec);
	record_page_labels(r, pg, rec);
	data = json_pack("{s:O,s:s,s:b}", "record", rec, "base", pg->base,
			 "can_write", !record_api_may_write(r, pg->api,
							    rec));
	if (more)
		json_object_update(data, more);
	record_facts(r, pg->api->table, rec, data);
	if (pg->detail_extra && (rc = pg->detail_extra(r, id, data))) {
		http_own(r, data);
		return rc;
	}
	json_object_set_new(data, "title", json_string(detail_title(r, pg,
							       id)));
	return page_render(r, pg->detail_template ? pg->detail_template :
			   "record/detail", NULL, data);
}

int
record_page_detail(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	int64_t id;
	int rc;

	if ((rc = record_api_may_list(r, pg->api)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	return record_page_show(r, pg, id, NULL);
}

/* The input mode of a field of kind `type` on a phone's keyboard. */
static const char *
input_mode(enum record_type type)
{
	switch (type) {
	case REC_INT:
		return "numeric";
	case REC_MONEY:
	case REC_AREA:
	case REC_DURATION:
		return "decimal";
	default:
		return NULL;
	}
}

/*
 * The fields of the form, from the table description: each with its
 * label, input type, current value as people type it (entry.h), and
 * error if any; a reference with its picker.
 */
static json_t *
form_fields(struct request *r, const struct record_pages *pg, int64_t id,
	    json_t *rec, json_t *errors)
{
	json_t *fields = json_array();
	json_t *opts = http_own(r, choices(r, pg, rec));

	for (const struct record_column *c = pg->api->table->columns; c->name;
	     c++) {
		json_t *v = json_object_get(rec, c->name), *f;
		const char *type = c->type == REC_DATE ? "date" :
				   c->type == REC_DATETIME ? "datetime-local" :
				   "text";
		char text[64];

		if (((c->flags & REC_READONLY) && id) ||
		    (c->flags & REC_DERIVED))
			continue;
		f = json_pack("{s:s,s:s,s:s,s:b,s:b,s:s?,s:s}", "name",
			c->name, "label", record_form_label(r, title_key(r,
			pg, c->name), c), "type", type, "required",
			(c->flags & REC_REQUIRED) != 0, "is_select",
			c->type == REC_ENUM, "inputmode", input_mode(c->type),
			"value", record_entry_text(c, v, text, sizeof(text)));
		if (c->type == REC_TEXT && c->max)
			json_object_set_new(f, "maxlength",
					    json_integer(c->max));
		if (c->type == REC_ENUM)
			json_object_set(f, "options",
					json_object_get(opts, c->name));
		if (record_pick_source(r, c))
			json_object_set_new(f, "picker", record_picker(r, c, v,
				!id || errors));
		if (json_object_get(errors, c->name))
			json_object_set(f, "error",
					json_object_get(errors, c->name));
		json_array_append_new(fields, f);
	}
	return fields;
}

/*
 * The form, for a new record (id 0) or an edit, with errors in place;
 * `rec` and `errors` belong to the request.
 */
static int
render_form(struct request *r, const struct record_pages *pg, int64_t id,
	    json_t *rec, json_t *errors)
{
	json_t *fields = http_own(r, form_fields(r, pg, id, rec, errors));
	json_t *data;
	int rc;

	if (pg->form_extra &&
	    (rc = pg->form_extra(r, id, rec, errors, fields)))
		return rc;
	data = json_pack("{s:O,s:b,s:s,s:I}", "fields", fields, "is_new",
			 id == 0, "base", pg->base, "id", (json_int_t)id);
	return page_render(r, pg->form_template, title_key(r, pg,
			   id ? "edit" : "new"), data);
}

int
record_page_new(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	int rc = record_api_may_write(r, pg->api, NULL);
	json_t *rec;

	if (rc)
		return rc;
	/* BASE/new?COLUMN=VALUE starts the form with those values (a
	 * "new lease" link from a unit's page); they are checked on save. */
	rec = http_own(r, json_object());
	for (const struct record_column *c = pg->api->table->columns; c->name;
	     c++) {
		const char *v = http_query(r, c->name), *why;
		json_t *value;

		if (!v || !*v)
			continue;
		/* Stored units, as a link gives them (?org_id=12). */
		if (record_type_integral(c->type) ||
		    c->type == REC_DATETIME) {
			record_entry_parse(c, v, &value, &why);
			json_object_set_new(rec, c->name, value);
		} else {
			json_object_set_new(rec, c->name, json_string(v));
		}
	}
	return render_form(r, pg, 0, rec, NULL);
}

int
record_form_json(struct request *r, const struct record_table *t,
		 const struct form *f, bool create, json_t **out,
		 struct problem *pb)
{
	json_t *rec = json_object(), *v;
	const char *why;
	int rc = 0, one;

	*out = rec;
	if (!t) {
		for (size_t i = 0; i < f->n; i++)
			if (strcmp(f->fields[i].name, "csrf") &&
			    *f->fields[i].value)
				json_object_set_new(rec, f->fields[i].name,
					json_string(f->fields[i].value));
		return 0;
	}
	for (const struct record_column *c = t->columns; c->name; c++) {
		const char *val = form_get(f, c->name), *text = NULL;

		if (c->type == REC_REF)
			text = form_get(f, arena_printf(&r->arena, "%s_text",
							c->name));
		if ((!val && !text) || ((c->flags & REC_READONLY) &&
		    !create) || (c->flags & REC_DERIVED))
			continue;
		if (c->type == REC_REF)
			one = record_ref_resolve(r, c, val, text, &v, &why);
		else
			one = record_entry_parse(c, val, &v, &why);
		/* Left empty on a new record: not given, so that the
		 * column's default applies (a required one is refused). */
		if (json_is_null(v) && create && !(c->flags & REC_REQUIRED)) {
			http_own(r, v);
			continue;
		}
		json_object_set_new(rec, c->name, v);
		/* The first refusal is answered; the rest keeps what was
		 * typed, for the form to show again. */
		if (one && !rc)
			rc = why ? problem(pb, one, c->name, why) : one;
	}
	return rc;
}

/* Answer a failed create or update: the form again with the error. */
static int
form_error(struct request *r, const struct record_pages *pg, int64_t id,
	   json_t *rec, int rc, const struct problem *pb)
{
	const char *prefix = pg->prefix ? pg->prefix : pg->api->table->prefix;

	if (!pb->field)
		return http_problem(r, rc, pb);
	r->status = rc == ERR_CONFLICT ? 409 : 400;
	return render_form(r, pg, id, rec, http_own(r, json_pack("{s:s}",
			   pb->field, page_problem(r, pb, prefix))));
}

int
record_flash_done(struct request *r, const struct record_table *t,
		  int64_t id, json_t *more, const char *const *keys,
		  const char *plain)
{
	json_t *vars = NULL, *titles;
	char key[24];

	if (t && id > 0 && !record_get(r->db, t, id, &vars)) {
		http_own(r, vars);
		if (record_add_titles(r, t, vars))
			json_object_clear(vars);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (t->title && !record_titles(r->db, t, &id, 1, &titles))
			json_object_set(vars, "title", json_object_get(
				http_own(r, titles), key));
	}
	if (!vars)
		vars = http_own(r, json_object());
	if (json_is_object(more))
		json_object_update(vars, more);
	for (; *keys; keys++)
		if (page_text_with(r, *keys, vars))
			return page_flash_with(r, "success", *keys, plain,
					       vars);
	return page_flash(r, "success", plain);
}

/* The message of a create, change or archive of `pg`'s table: its own
 * ("lease.done_created"), else the kit's, naming the record. */
static int
flash_record(struct request *r, const struct record_pages *pg, int64_t id,
	     const char *done)
{
	const struct record_table *t = pg->api->table;
	const char *keys[] = {
		arena_printf(&r->arena, "%s.done_%s", t->prefix, done),
		arena_printf(&r->arena, "common.done_%s", done), NULL,
	};

	return record_flash_done(r, t, id, NULL, keys, arena_printf(
		&r->arena, "common.%s", done));
}

/*
 * The form of `pg` posted: a new record (`id` 0), or record `id` changed,
 * written by the page's own create or update when it has one, else as
 * the API writes it (record_api_write()); then the record's page saying
 * what was done, or the form again with what was refused.
 */
static int
save(struct request *r, int64_t id)
{
	const struct record_pages *pg = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	json_t *rec, *out = NULL;
	int64_t saved = id;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	rc = record_form_json(r, pg->api->table, f, !id, &rec, &pb);
	http_own(r, rec);
	if (!rc && pg->form_read)
		rc = pg->form_read(r, f, rec, &pb);
	if (rc)
		return form_error(r, pg, id, rec, rc, &pb);
	if (id)
		rc = record_api_may_change(r, pg->api, id, rec);
	else
		rc = record_api_may_write(r, pg->api, rec);
	if (rc)
		return rc;
	if (!id && pg->create)
		rc = pg->create(r->db, p, rec, &saved, &pb);
	else if (id && pg->update)
		rc = pg->update(r->db, p, id, rec, &pb);
	else
		rc = record_api_write(r->db, pg->api, p, id ? RECORD_UPDATE :
				      RECORD_CREATE, &saved, rec, &out, &pb);
	http_own(r, out);
	if (rc)
		return form_error(r, pg, id, rec, rc, &pb);
	flash_record(r, pg, saved, id ? "saved" : "created");
	return http_redirect(r, arena_printf(&r->arena, "%s/%lld", pg->base,
					     (long long)saved));
}

int
record_page_create(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	int rc = record_api_may_write(r, pg->api, NULL);

	return rc ? rc : save(r, 0);
}

int
record_page_edit(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	json_t *rec;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, pg->api, NULL)) ||
	    (rc = load(r, pg, &id, &rec)))
		return rc;
	if ((rc = record_api_may_write(r, pg->api, rec)))
		return rc;
	return render_form(r, pg, id, rec, NULL);
}

int
record_page_update(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, pg->api, NULL)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	return save(r, id);
}

int
record_page_archive(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *rec = NULL;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, pg->api, NULL)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = record_api_may_change(r, pg->api, id, NULL)))
		return rc;
	rc = record_api_write(r->db, pg->api, p, RECORD_ARCHIVE, &id, NULL,
			      &rec, &pb);
	http_own(r, rec);
	if (rc)
		return http_problem(r, rc, &pb);
	flash_record(r, pg, id, "archived");
	return http_redirect(r, pg->base);
}

/* The import page, with the report of an import just run, if any. */
static int
render_import(struct request *r, const struct record_pages *pg,
	      json_t *result, const char *error)
{
	json_t *data = json_pack("{s:s,s:O*,s:s?}", "base", pg->base,
				 "result", result, "error", error);
	json_t *errors = json_object_get(result, "errors"), *e;
	size_t i;

	/* The rules' messages in the reader's language. */
	json_array_foreach(errors, i, e) {
		const char *col = record_text(e, "column");
		struct problem pb = {
			col, record_text(e, "message"),
			record_text(e, "key"),
			record_int(e, "min"),
			record_int(e, "max"),
		};

		json_object_set_new(e, "message", json_string(
			page_problem(r, &pb, pg->prefix ? pg->prefix :
				     pg->api->table->prefix)));
		if (col)
			json_object_set_new(e, "column_label", json_string(
				page_text_or(r, title_key(r, pg, col), col)));
	}
	return page_render(r, "record/import", title_key(r, pg, "import"),
			   data);
}

int
record_page_import_form(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	int rc = auth_require(auth_principal(r), pg->api->write, 0);
	size_t ncols;

	if (!rc && !record_api_import_columns(r, pg->api, &ncols))
		rc = http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	return rc ? rc : render_import(r, pg, NULL, NULL);
}

int
record_page_import(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	const struct form_field *file;
	struct problem pb = { 0 };
	const struct form *f;
	json_t *result;
	size_t ncols;
	int rc;

	if ((rc = auth_require(auth_principal(r), pg->api->write, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (!record_api_import_columns(r, pg->api, &ncols))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	file = form_field(f, "file");
	if (!file || !file->filename || !file->len) {
		r->status = 400;
		return render_import(r, pg, NULL, page_text(r,
				     "import.no_file"));
	}
	rc = record_import(r, pg->api, form_get(f, "mode"),
			   file->content_type, file->value, file->len, &result,
			   &pb);
	http_own(r, result);
	if (rc && rc != ERR_INVALID && rc != ERR_CONFLICT && rc != ERR_TOOBIG)
		return http_problem(r, rc, &pb);
	if (rc)
		r->status = rc == ERR_TOOBIG ? 413 : 400;
	return render_import(r, pg, result, NULL);
}

int
record_page_import_template(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	const struct import_column *cols;
	struct buf name;
	size_t ncols;
	int rc;

	if ((rc = auth_require(auth_principal(r), pg->api->write, 0)))
		return rc;
	cols = record_api_import_columns(r, pg->api, &ncols);
	if (!cols)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	buf_reset(&r->out);
	rc = import_template_csv(&r->out, cols, ncols, page_lang(r));
	if (rc)
		return rc;
	buf_init(&name, &r->arena, 1024);
	export_disposition(&name, pg->export_stem ? pg->export_stem :
			   "template", page_text(r, title_key(r, pg,
			   "template")), "csv");
	if ((rc = buf_error(&name)) ||
	    (rc = http_add_header(r, "Content-Disposition", name.ptr)))
		return rc;
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	return 0;
}
