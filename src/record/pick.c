/*
 * pick.c - choosing a record a column refers to by its name: the search
 * a picker asks as it is typed into (GET /api/v1/pick/TABLE?q=), and the
 * resolution of what a form or a list filter sent — the id the picker
 * chose, or the text typed without JavaScript — each within what the
 * caller may pick of that table (its record_api's pick hook, or else
 * what it may list: the read check and the scope).
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "page/page.h"
#include "record/api.h"
#include "record/entry.h"
#include "record/pages.h"

/*
 * The api that lists each registered table, set at start-up: one over
 * the table itself, or over a view of it (the same audit entity).
 */
#define APIS_MAX 128
static struct {
	const struct record_table *table;
	const struct record_api *api;
} apis[APIS_MAX];
static size_t napis;

void
record_apis_register(const struct route *table)
{
	for (const struct route *rt = table; rt->pattern; rt++) {
		const struct record_api *api = NULL;
		const struct record_table *t;
		size_t i;

		if (rt->handler == record_api_list)
			api = rt->data;
		else if (rt->handler == record_page_list && rt->data)
			api = ((const struct record_pages *)rt->data)->api;
		if (!api)
			continue;
		t = record_table_named(api->table->table);
		if (!t)
			t = record_table_of_entity(api->table->entity);
		if (!t)
			continue;
		for (i = 0; i < napis && apis[i].table != t; i++)
			;
		if (i < napis) {
			/* A view's list gives way to the table's own. */
			if (apis[i].api->table != t && api->table == t)
				apis[i].api = api;
		} else if (napis < APIS_MAX) {
			apis[napis].table = t;
			apis[napis++].api = api;
		}
	}
}

const struct record_api *
record_api_of(const struct record_table *t)
{
	for (size_t i = 0; i < napis; i++)
		if (apis[i].table == t)
			return apis[i].api;
	return NULL;
}

const char *
record_pick_source(struct request *r, const struct record_column *c)
{
	const struct record_table *t = c->type == REC_REF ?
				       record_table_named(c->ref) : NULL;

	if (!t || !t->title || !record_api_of(t))
		return NULL;
	return arena_printf(&r->arena, "/api/v1/pick/%s", t->table);
}

/*
 * The scope a picker of `api` searches within, as a scope hook is called
 * (record/api.h): its pick hook, or else the list's read check and scope.
 * 0, or a refusal (ERR_UNAUTH, ERR_FORBIDDEN; ERR_NOTFOUND for `rec`).
 */
static int
pick_scope(struct request *r, const struct record_api *api,
	   struct record_filter *f, const json_t *rec)
{
	int rc;

	if (api->pick)
		return api->pick(r, f, rec);
	if ((rc = record_api_may_list(r, api)))
		return rc;
	return api->scope ? api->scope(r, f, rec) : 0;
}

/* Whether the caller may pick record `id` of `t` (pick_scope()). */
static bool
may_see(struct request *r, const struct record_table *t, int64_t id)
{
	const struct record_api *api = record_api_of(t);
	struct record_filter f;
	json_t *rec;
	bool ok;

	memset(&f, 0, sizeof(f));
	if (!api || pick_scope(r, api, &f, NULL) ||
	    record_get(r->db, api->table, id, &rec))
		return false;
	ok = !pick_scope(r, api, NULL, rec);
	json_decref(rec);
	return ok;
}

int
record_pick(struct request *r, const struct record_table *t, const char *q,
	    int64_t limit, json_t **items)
{
	const struct record_api *api = record_api_of(t);
	struct record_filter f;
	json_t *rows = NULL, *titles = NULL, *row;
	int64_t total, exact = 0, *ids;
	size_t i, n = 0;
	int rc;

	*items = json_array();
	if (!api || !t->title)
		return ERR_NOTFOUND;
	memset(&f, 0, sizeof(f));
	f.q = q && *q ? q : NULL;
	/* A view's rows are searched by its own columns only: the title
	 * is an expression over the table's. */
	f.q_title = api->table == t;
	/* Nobody finds a record by what is masked from them. */
	f.q_public = record_masks(r, t);
	f.limit = limit;
	if ((rc = pick_scope(r, api, &f, NULL)))
		return rc;
	rc = record_list(r->db, api->table, &f, &rows, &total);
	ids = arena_new(&r->arena, int64_t, json_array_size(rows) + 1);
	if (!rc && !ids)
		rc = ERR_TOOBIG;
	if (rc)
		goto out;
	/* The record named or coded exactly so comes first ("D1" before
	 * "D10"), when the caller may list it. */
	if (f.q && (record_find_titled(r->db, t, f.q, &exact) ||
		    !may_see(r, t, exact)))
		exact = 0;
	if (exact)
		ids[n++] = exact;
	json_array_foreach(rows, i, row)
		if (record_int(row, "id") != exact &&
		    (int64_t)n < limit)
			ids[n++] = record_int(row, "id");
	if ((rc = record_titles(r->db, t, ids, n, &titles)))
		goto out;
	for (i = 0; i < n; i++) {
		char key[24];

		snprintf(key, sizeof(key), "%lld", (long long)ids[i]);
		json_array_append_new(*items, json_pack("{s:I,s:O}", "id",
			(json_int_t)ids[i], "title",
			json_object_get(titles, key)));
	}
out:
	json_decref(rows);
	json_decref(titles);
	return rc;
}

int
record_api_pick(struct request *r)
{
	const struct record_table *t = record_table_named(http_param(r,
								   "table"));
	const char *q = http_query(r, "q");
	json_t *items;
	int rc;

	if (!t || !t->title || !record_api_of(t))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	if (q && strlen(q) > 200)
		return http_fail(r, ERR_INVALID, "q",
				 "q must be at most 200 bytes");
	rc = record_pick(r, t, q, RECORD_PICK_MAX, &items);
	http_own(r, items);
	if (rc)
		return rc;
	return http_json(r, 200, json_pack("{s:O}", "items", items));
}

/* The text between leading and trailing spaces of s, in r's arena. */
static const char *
trimmed(struct request *r, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(&r->arena, s, n);
}

json_t *
record_picker(struct request *r, const struct record_column *c, json_t *v,
	      bool typed)
{
	const struct record_table *t = record_table_named(c->ref);
	json_t *out, *titles = NULL, *matches = NULL;
	char key[24];
	int64_t id;

	/* Every member set: an absent one would be looked up outside. */
	out = json_pack("{s:s,s:s,s:s,s:s,s:b}", "source",
			record_pick_source(r, c), "hint", page_text(r,
			"entry.picker_hint"), "id", "", "text", "", "choose",
			0);
	if (json_is_integer(v)) {
		id = json_integer_value(v);
		snprintf(key, sizeof(key), "%lld", (long long)id);
		json_object_set_new(out, "id", json_string(key));
		/* A name the caller may not list is never shown for an id
		 * it sent (a link's, a refused form's). */
		if ((!typed || may_see(r, t, id)) &&
		    !record_titles(r->db, t, &id, 1, &titles))
			json_object_set(out, "text", json_object_get(titles,
								     key));
		http_own(r, titles);
	} else if (json_is_string(v)) {
		json_object_set(out, "text", v);
		if (typed && !record_pick(r, t, json_string_value(v),
					  RECORD_PICK_MAX, &matches) &&
		    json_array_size(matches) > 1) {
			json_object_set(out, "matches", matches);
			json_object_set_new(out, "choose", json_true());
		}
		http_own(r, matches);
	}
	return out;
}

int
record_ref_resolve(struct request *r, const struct record_column *c,
		   const char *id, const char *text, json_t **value,
		   const char **why)
{
	const struct record_table *t = record_table_named(c->ref);
	json_t *found = NULL, *titles = NULL, *one;
	struct record_filter none;
	int64_t n;
	size_t i, exact = 0, nexact = 0;
	int rc;

	if (!text || !t || !t->title)
		return record_entry_parse(c, id ? id : "", value, why);
	*why = NULL;
	text = trimmed(r, text);
	if (!*text) {
		*value = json_null();
		return 0;
	}
	/* The record the picker chose, while its title is what is shown. */
	if (id && *id && !record_entry_parse(c, id, value, why)) {
		n = json_integer_value(*value);
		rc = record_titles(r->db, t, &n, 1, &titles);
		one = json_object_get(titles, trimmed(r, id));
		if (!rc && json_is_string(one) &&
		    !strcmp(json_string_value(one), text)) {
			json_decref(titles);
			return 0;
		}
		json_decref(titles);
		json_decref(*value);
	}
	/* Else what was typed: the one record whose title or code it is
	 * exactly, or the one match, or the one of them named exactly. */
	if (!record_find_titled(r->db, t, text, &n) && may_see(r, t, n)) {
		*value = json_integer(n);
		return 0;
	}
	/*
	 * One who may pick none of the table (which the rule then judges)
	 * still types the id it knows: no name is found or shown for it.
	 */
	memset(&none, 0, sizeof(none));
	if ((!record_api_of(t) || pick_scope(r, record_api_of(t), &none,
					     NULL)) &&
	    strspn(text, "0123456789") == strlen(text))
		return record_entry_parse(c, text, value, why);
	rc = record_pick(r, t, text, RECORD_PICK_MAX, &found);
	json_array_foreach(found, i, one)
		if (!strcmp(record_text(one, "title"),
			    text)) {
			exact = i;
			nexact++;
		}
	if (!rc && (json_array_size(found) == 1 || nexact == 1)) {
		*value = json_incref(json_object_get(json_array_get(found,
			json_array_size(found) == 1 ? 0 : exact), "id"));
	} else if (!rc || rc == ERR_FORBIDDEN || rc == ERR_UNAUTH ||
		   rc == ERR_NOTFOUND) {
		/* Nothing the caller may list matches: say so, in place. */
		*value = json_string(text);
		*why = json_array_size(found) ? "several records match what "
		       "was typed: choose one" : "no record matches what was "
		       "typed: type part of its name or code";
		rc = ERR_INVALID;
	}
	json_decref(found);
	return rc;
}

const struct route record_routes[] = {
	/* Any signed-in caller: the table's scope says what it lists. */
	{ HTTP_GET, "/api/v1/pick/:table", record_api_pick, ROUTE_SIGNED_IN,
	  NULL, PERM_NONE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* A reference to `table` as a column of its own, for the page hooks. */
#define REF_COLUMN(table) \
	((const struct record_column){ "", REC_REF, 0, 0, NULL, NULL, table })

json_t *
record_picker_of(struct request *r, const char *table, json_t *v,
		 bool typed)
{
	const struct record_column c = REF_COLUMN(table);

	return record_pick_source(r, &c) ? record_picker(r, &c, v, typed) :
	       NULL;
}

int
record_pick_of(struct request *r, const char *table, const char *id,
	       const char *text, json_t **value, const char **why)
{
	const struct record_column c = REF_COLUMN(table);

	return record_ref_resolve(r, &c, id, text, value, why);
}

int
record_title_of(struct request *r, const char *table, int64_t id,
		const char **title)
{
	const struct record_table *t = record_table_named(table);
	json_t *titles;
	char key[24];
	int rc;

	*title = NULL;
	if (!t || !may_see(r, t, id))
		return ERR_NOTFOUND;
	if ((rc = record_titles(r->db, t, &id, 1, &titles)))
		return rc;
	http_own(r, titles);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	*title = json_string_value(json_object_get(titles, key));
	return *title ? 0 : ERR_NOTFOUND;
}
