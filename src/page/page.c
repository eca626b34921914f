/*
 * page.c - templates in the layout, languages, menus, flash messages and
 * error pages (see page.h).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "base/money.h"
#include "base/time.h"
#include "http/form.h"
#include "page/page.h"
#include "tpl/html.h"
#include "tpl/tpl.h"

enum { LANG_ZH, LANG_EN, LANG_COUNT };

static const char *const lang_codes[LANG_COUNT] = { "zh-CN", "en" };

/* Loaded once at start-up, read-only afterwards (any thread may read). */
static struct tpl_set *templates;
static json_t *catalogs[LANG_COUNT];

/*
 * What the modules told us at start-up (page_set_hooks(), page_menu_add()),
 * before any request: read-only afterwards.
 */
static const struct page_hooks *hooks;
#define MENU_MAX 96
static const struct page_menu_item *menu[MENU_MAX];
static size_t nmenu;
/* The patterns of the irreversible page steps, space-separated, for
 * static/app.js (page_confirm_routes()). */
static char confirm_patterns[4096];

static int
load_catalog(int lang)
{
	char name[64];
	const struct embedded_file *f;
	json_error_t jerr;

	snprintf(name, sizeof(name), "i18n/%s.json", lang_codes[lang]);
	f = embed_find(name);
	if (!f) {
		log_error("page: %s is missing", name);
		return ERR_NOTFOUND;
	}
	catalogs[lang] = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES,
				    &jerr);
	if (!catalogs[lang]) {
		log_error("page: %s:%d:%d: %s", name, jerr.line, jerr.column,
			  jerr.text);
		return ERR_INVALID;
	}
	return 0;
}

int
page_init(const char *dev_dir)
{
	struct tpl_error e = { 0 };
	char dir[512];
	int rc;

	templates = tpl_set_new();
	if (dev_dir) {
		snprintf(dir, sizeof(dir), "%s/templates", dev_dir);
		rc = tpl_set_load_dir(templates, dir, &e);
	} else {
		rc = tpl_set_load_embedded(templates, &e);
	}
	if (rc) {
		log_error("page: template %s:%d:%d: %s", e.name, e.line, e.col,
			  e.msg);
		return rc;
	}
	for (int i = 0; i < LANG_COUNT; i++)
		if ((rc = load_catalog(i)))
			return rc;
	return 0;
}

void
page_shutdown(void)
{
	tpl_set_free(templates);
	templates = NULL;
	for (int i = 0; i < LANG_COUNT; i++) {
		json_decref(catalogs[i]);
		catalogs[i] = NULL;
	}
}

static int
lang_index(struct request *r)
{
	const char *c = http_cookie(r, "lang");
	const char *al = http_header(r, "Accept-Language");

	for (int i = 0; c && i < LANG_COUNT; i++)
		if (!strcmp(c, lang_codes[i]))
			return i;
	/* The first language the browser names decides; Chinese otherwise. */
	if (al) {
		al += strspn(al, " ");
		if (!strncasecmp(al, "en", 2))
			return LANG_EN;
	}
	return LANG_ZH;
}

const char *
page_lang(struct request *r)
{
	return lang_codes[lang_index(r)];
}

/* The string at a dotted key of a catalog, or NULL. */
static const char *
lookup(json_t *cat, const char *key)
{
	char part[64];
	const char *p = key;
	json_t *node = cat;

	while (node && *p) {
		size_t n = strcspn(p, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, p, n);
		part[n] = '\0';
		node = json_object_get(node, part);
		p += n + (p[n] == '.');
	}
	return json_is_string(node) ? json_string_value(node) : NULL;
}

const char *
page_text(struct request *r, const char *key)
{
	const char *s = lookup(catalogs[lang_index(r)], key);

	if (!s)
		s = lookup(catalogs[LANG_ZH], key);
	return s ? s : key;
}

const char *
page_text_or(struct request *r, const char *key, const char *fallback)
{
	const char *s = lookup(catalogs[lang_index(r)], key);

	return s ? s : fallback;
}

const char *
page_text_in(const char *lang, const char *key)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (!strcmp(lang_codes[i], lang)) {
			const char *s = lookup(catalogs[i], key);

			return s ? s : key;
		}
	return key;
}

/* Figures a message may carry into its translation ({1} to {9}). */
#define FIGURES_MAX 9

/*
 * `message` translated through `msgs` with its figures left out of the
 * key: "deleted 3 sessions" is found as "deleted {1} sessions", and {1}
 * in the translation becomes 3 again. A quoted value is a figure too,
 * whatever it holds: `position "91220113X" is not in positions` is found
 * as `position "{1}" is not in positions`. NULL when there is none.
 */
static const char *
message_with_figures(struct request *r, json_t *msgs, const char *message)
{
	const char *figure[FIGURES_MAX], *p, *text, *end = NULL;
	size_t len[FIGURES_MAX], n = 0;
	struct buf key, out;

	buf_init(&key, &r->arena, 1024);
	for (p = message; *p; ) {
		size_t digits = strspn(p, "0123456789");
		bool quoted = *p == '"' && (end = strchr(p + 1, '"'));

		if (!digits && !quoted) {
			buf_add(&key, p++, 1);
			continue;
		}
		if (n == FIGURES_MAX)
			return NULL;
		if (quoted) {
			figure[n] = p + 1;
			len[n++] = (size_t)(end - p - 1);
			buf_addf(&key, "\"{%zu}\"", n);
			p = end + 1;
			continue;
		}
		figure[n] = p;
		len[n++] = digits;
		buf_addf(&key, "{%zu}", n);
		p += digits;
	}
	if (!n || buf_error(&key) ||
	    !(text = json_string_value(json_object_get(msgs, key.ptr))))
		return NULL;
	buf_init(&out, &r->arena, 2048);
	for (p = text; *p; p++) {
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' &&
		    (size_t)(p[1] - '0') <= n) {
			buf_add(&out, figure[p[1] - '1'], len[p[1] - '1']);
			p += 2;
			continue;
		}
		buf_add(&out, p, 1);
	}
	return buf_error(&out) ? NULL : out.ptr;
}

const char *
page_message(struct request *r, const char *message)
{
	json_t *msgs = json_object_get(catalogs[lang_index(r)], "messages");
	json_t *v = message ? json_object_get(msgs, message) : NULL;
	const char *figured;

	if (!message)
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	figured = message_with_figures(r, msgs, message);
	return figured ? figured : message;
}

/* A name of a catalog text's {{NAME}} and the value it stands for. */
struct fill {
	const char *name;
	const char *value;
};

/*
 * The catalog text `tmpl` with each {{NAME}} of `vars` replaced by its
 * value (an unknown one is kept as it is), in the request's arena; on
 * running out of it, the text as it stands.
 */
static const char *
fill(struct request *r, const char *tmpl, const struct fill *vars, size_t n)
{
	struct buf b;
	const char *p = tmpl, *open, *close;

	buf_init(&b, &r->arena, 4096);
	while ((open = strstr(p, "{{")) && (close = strstr(open, "}}"))) {
		size_t len = (size_t)(close - open - 2), i;

		for (i = 0; i < n; i++)
			if (strlen(vars[i].name) == len &&
			    !strncmp(open + 2, vars[i].name, len))
				break;
		buf_add(&b, p, (size_t)(open - p));
		if (i < n)
			buf_addstr(&b, vars[i].value);
		else
			buf_add(&b, open, (size_t)(close + 2 - open));
		p = close + 2;
	}
	buf_addstr(&b, p);
	return buf_error(&b) ? tmpl : b.ptr;
}

const char *
page_text_with(struct request *r, const char *key, const json_t *vars)
{
	const char *tmpl = page_text_or(r, key, NULL), *p, *open, *close;
	struct buf b;

	if (!tmpl)
		return NULL;
	buf_init(&b, &r->arena, 4096);
	for (p = tmpl; (open = strstr(p, "{{")) &&
	     (close = strstr(open, "}}")); p = close + 2) {
		char *name = arena_strndup(&r->arena, open + 2,
					   (size_t)(close - open - 2));
		json_t *v = name ? json_object_get(vars, name) : NULL;

		buf_add(&b, p, (size_t)(open - p));
		if (json_is_string(v) && *json_string_value(v))
			buf_addstr(&b, json_string_value(v));
		else if (json_is_integer(v))
			buf_addf(&b, "%lld", (long long)json_integer_value(v));
		else
			return NULL;
	}
	buf_addstr(&b, p);
	return buf_error(&b) ? NULL : b.ptr;
}

const char *
page_problem(struct request *r, const struct problem *pb, const char *prefix)
{
	const char *tmpl = pb->key ? page_text_or(r, pb->key, NULL) : NULL;
	const char *label = NULL;
	char key[128], min[24], max[24];

	if (prefix && pb->field &&
	    snprintf(key, sizeof(key), "%s.%s", prefix, pb->field) <
	    (int)sizeof(key))
		label = page_text_or(r, key, NULL);
	/* A text that names the field needs its label. */
	if (!tmpl || (!label && strstr(tmpl, "{{label}}")))
		return page_message(r, pb->message);
	for (size_t i = 0; i < PROBLEM_ARGS; i++) {
		char name[8];

		snprintf(name, sizeof(name), "{{%zu}}", i + 1);
		if (!pb->arg[i] && strstr(tmpl, name))
			return page_message(r, pb->message);
	}
	snprintf(min, sizeof(min), "%lld", pb->min);
	snprintf(max, sizeof(max), "%lld", pb->max);
	return fill(r, tmpl, (const struct fill[]){ { "label", label ?
		    label : "" }, { "min", min }, { "max", max },
		    { "1", pb->arg[0] }, { "2", pb->arg[1] },
		    { "3", pb->arg[2] }, { "4", pb->arg[3] } }, 7);
}

const char *
page_next(struct request *r)
{
	const char *next = http_query(r, "next");

	return http_local_path(next) ? next : "/";
}

const char *
page_next_query(struct request *r)
{
	const char *next = http_query(r, "next");
	struct buf b;

	if (!http_local_path(next))
		return NULL;
	buf_init(&b, &r->arena, 3 * HTTP_LOCAL_PATH_MAX + 1);
	url_escape(&b, next);
	return buf_error(&b) ? NULL : b.ptr;
}

struct args_walk {
	struct buf *b;			/* the URL, or NULL */
	json_t *keep;			/* or the arguments as [{name, value}] */
	const char *const *skip;	/* arguments to leave out, NULL-ended */
};

static void
add_arg(void *ctx, const char *key, const char *value)
{
	struct args_walk *w = ctx;

	for (const char *const *s = w->skip; *s; s++)
		if (!strcmp(key, *s))
			return;
	if (w->keep) {
		json_array_append_new(w->keep, json_pack("{s:s,s:s}", "name",
					key, "value", value));
		return;
	}
	if (w->b->len && w->b->ptr[w->b->len - 1] != '?')
		buf_addch(w->b, '&');
	url_escape(w->b, key);
	buf_addch(w->b, '=');
	url_escape(w->b, value);
}

/* The arguments that choose a page of a list: another page drops them. */
static const char *const paging_args[] = { "offset", "page", NULL };
static const char *const no_args[] = { NULL };

/* The current path and query, without `skip`, ending in '?' or not. */
static void
self_url(struct request *r, struct buf *b, const char *const *skip)
{
	struct args_walk w = { b, NULL, skip };

	buf_addstr(b, r->path);
	buf_addch(b, '?');
	http_query_foreach(r, add_arg, &w);
}

/*
 * The current path and query with the page chosen anew: `name`=`value`
 * added after leaving out `skip` and the paging arguments.
 */
static const char *
url_with(struct request *r, const char *const *skip, const char *name,
	 const char *value)
{
	struct buf b;
	struct args_walk w = { &b, NULL, skip };

	buf_init(&b, &r->arena, 8192);
	buf_addstr(&b, r->path);
	buf_addch(&b, '?');
	http_query_foreach(r, add_arg, &w);
	if (b.ptr[b.len - 1] != '?')
		buf_addch(&b, '&');
	url_escape(&b, name);
	buf_addch(&b, '=');
	url_escape(&b, value);
	return buf_error(&b) ? NULL : b.ptr;
}

/* The current path and query with `offset` set to `offset`. */
static const char *
url_with_offset(struct request *r, int64_t offset)
{
	char n[24];

	snprintf(n, sizeof(n), "%lld", (long long)offset);
	return url_with(r, paging_args, "offset", n);
}

/* The current path and query, to come back to (the language switch). */
static const char *
page_self(struct request *r)
{
	struct buf b;

	buf_init(&b, &r->arena, 8192);
	self_url(r, &b, no_args);
	if (b.ptr[b.len - 1] == '?')
		buf_truncate(&b, b.len - 1);
	return buf_error(&b) ? r->path : b.ptr;
}

static void
add_size(json_t *sizes, int64_t value, bool selected)
{
	json_array_append_new(sizes, json_pack("{s:I,s:b}", "value",
			      (json_int_t)value, "selected", selected));
}

/*
 * The page sizes a list offers (10, 20, 50, 100), the one it shows
 * selected, in its place among them when it is another (?limit=30).
 */
static json_t *
page_sizes(int64_t limit)
{
	static const int64_t sizes[] = { 10, 20, 50, 100 };
	json_t *out = json_array();
	bool placed = false;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (!placed && limit <= sizes[i]) {
			if (limit < sizes[i])
				add_size(out, limit, true);
			placed = true;
		}
		add_size(out, sizes[i], limit == sizes[i]);
	}
	if (!placed)
		add_size(out, limit, true);
	return out;
}

json_t *
page_pager(struct request *r, int64_t total, int64_t limit, int64_t offset)
{
	static const char *const chosen[] = { "offset", "page", "limit",
					      NULL };
	char n[32];
	int64_t pages = total ? (total + limit - 1) / limit : 1;
	json_t *keep = json_array();
	struct args_walk w = { NULL, keep, chosen };

	/* The form of 每页 and 跳至 sends the list's other arguments again. */
	http_query_foreach(r, add_arg, &w);
	/* "共 {{n}} 条": the count goes where the catalog puts it. */
	snprintf(n, sizeof(n), "%lld", (long long)total);
	return json_pack("{s:s,s:I,s:I,s:s?,s:s?,s:s,s:o,s:o}",
		"total_text", fill(r, page_text(r, "common.total"),
				   (const struct fill[]){ { "n", n } }, 1),
		"page", (json_int_t)(offset / limit + 1),
		"pages", (json_int_t)pages,
		"prev_href", offset > 0 ? url_with_offset(r, offset > limit ?
					  offset - limit : 0) : NULL,
		"next_href", offset + limit < total ?
			     url_with_offset(r, offset + limit) : NULL,
		"action", r->path, "keep", keep, "sizes", page_sizes(limit));
}

json_t *
page_sort_head(struct request *r, const char *text, const char *column)
{
	static const char *const sorting[] = { "offset", "page", "sort",
					       NULL };
	const char *sort = http_query(r, "sort");
	bool desc = sort && *sort == '-';
	bool on = column && sort && !strcmp(sort + desc, column);
	const char *next = !on || desc ? column :
			   arena_printf(&r->arena, "-%s", column);

	if (!column)
		return json_pack("{s:s}", "text", text);
	return json_pack("{s:s,s:s?,s:s?,s:s?}", "text", text, "sort_href",
			 url_with(r, sorting, "sort", next), "aria_sort",
			 on ? (desc ? "descending" : "ascending") : NULL,
			 "arrow", on ? (desc ? "↓" : "↑") : NULL);
}

void
page_set_hooks(const struct page_hooks *h)
{
	hooks = h;
}

const char *
page_money_large(struct request *r, int64_t fen)
{
	static const char *const units[] = {
		[MONEY_SCALE_YUAN] = "entry.scale.yuan",
		[MONEY_SCALE_WAN] = "entry.scale.wan",
		[MONEY_SCALE_YI] = "entry.scale.yi",
	};
	enum money_scale scale;
	char text[MONEY_TEXT_MAX];

	if (money_format_scaled(fen, text, sizeof(text), &scale))
		return "";
	return arena_printf(&r->arena, "%s %s", text, page_text(r,
			    units[scale]));
}

json_t *
page_pick_field(struct request *r, const char *name, const char *table,
		json_t *v, bool required, const char *error)
{
	json_t *picker = hooks && hooks->picker ? hooks->picker(r, table, v,
				error != NULL) : NULL;

	return json_pack("{s:s,s:b,s:s?,s:o?,s:O?}", "name", name, "required",
			 required, "error", error, "picker", picker, "value",
			 v);
}

int
page_pick_id(struct request *r, const char *table, const struct form *f,
	     const char *name, int64_t *id, const char **why)
{
	const char *v = form_get(f, name);
	json_t *value = NULL;
	char *end;
	int rc;

	*id = 0;
	*why = NULL;
	if (hooks && hooks->pick) {
		rc = hooks->pick(r, table, v, form_get(f, arena_printf(
			&r->arena, "%s_text", name)), &value, why);
		if (!rc && json_is_integer(value))
			*id = json_integer_value(value);
		json_decref(value);
		return rc;
	}
	if (!v || !*v)
		return 0;
	*id = strtoll(v, &end, 10);
	if (*end || *id <= 0 || strspn(v, "0123456789") != strlen(v)) {
		*id = 0;
		*why = "choose a record from the list";
		return ERR_INVALID;
	}
	return 0;
}

/*
 * Items keep the order they were added in, except that an item joins the
 * other items of its group, so that two modules may fill one group.
 */
void
page_menu_add(const struct page_menu_item *items)
{
	for (; items->href; items++) {
		size_t at = nmenu;

		assert(nmenu < MENU_MAX);
		for (size_t i = 0; i < nmenu; i++)
			if (!strcmp(menu[i]->group, items->group))
				at = i + 1;
		memmove(&menu[at + 1], &menu[at],
			(nmenu - at) * sizeof(menu[0]));
		menu[at] = items;
		nmenu++;
	}
}

/*
 * How much of r's path menu entry `href` covers: its length when the path
 * is the entry's page or one below it ("/orgs/12" is under "/orgs"), 0
 * otherwise; "/" covers only the start page.
 */
static size_t
menu_match(struct request *r, const char *href)
{
	size_t n = strlen(href);

	if (strncmp(r->path, href, n))
		return 0;
	if (r->path[n] == '\0' || (r->path[n] == '/' && n > 1))
		return n;
	return 0;
}

/*
 * The menu of caller `u`, grouped, with the one entry that covers most of
 * the path (the longest matching prefix) marked active, and the trail of
 * the breadcrumb into *crumb: {group, label, href} of that entry (NULL
 * when no entry covers the path).
 */
static json_t *
menu_json(struct request *r, const struct page_user *u, json_t **crumb)
{
	json_t *groups = json_array(), *group = NULL, *active = NULL;
	const char *last = NULL;
	size_t best = 0;

	*crumb = NULL;
	for (size_t i = 0; i < nmenu; i++) {
		const struct page_menu_item *m = menu[i];
		size_t covered;
		json_t *item;

		if (!(u->roles & m->roles))
			continue;
		if (!last || strcmp(last, m->group)) {
			group = json_pack("{s:s,s:[]}", "label",
					  page_text(r, m->group), "items");
			json_array_append_new(groups, group);
			last = m->group;
		}
		item = json_pack("{s:s,s:s,s:b}", "href", m->href, "label",
				 page_text(r, m->key), "active", false);
		json_array_append_new(json_object_get(group, "items"), item);
		covered = menu_match(r, m->href);
		if (covered > best) {
			best = covered;
			active = item;
			json_decref(*crumb);
			*crumb = json_pack("{s:s,s:s,s:s}", "group",
					   page_text(r, m->group), "label",
					   page_text(r, m->key), "href",
					   m->href);
		}
	}
	if (active)
		json_object_set_new(active, "active", json_true());
	return groups;
}

/*
 * The menu of `u` into page data `data`, and the breadcrumb's trail
 * `crumb` (首页 / the module / its page / this page) when an entry other
 * than the start page covers the path; `crumb.below` when this page is
 * not the entry's own (a record, a form).
 */
static void
add_menu(struct request *r, const struct page_user *u, json_t *data)
{
	const char *title = json_string_value(json_object_get(data, "title"));
	json_t *crumb;

	json_object_set_new(data, "menu", menu_json(r, u, &crumb));
	if (!crumb || !strcmp(json_string_value(json_object_get(crumb,
			      "href")), "/")) {
		json_decref(crumb);
		return;
	}
	json_object_set_new(crumb, "below", json_boolean(!title ||
		strcmp(json_string_value(json_object_get(crumb, "label")),
		       title)));
	json_object_set_new(data, "crumb", crumb);
}

/*
 * The flash message the browser brought, as {kind, text}; clears it. The
 * cookie says "KIND:KEY" (the text at catalog key KEY) or "KIND:=TEXT"
 * (the text itself, URL-encoded: page_flash_with()).
 */
static json_t *
take_flash(struct request *r)
{
	const char *c = http_cookie(r, "jg_flash"), *colon, *text, *why;
	struct form f;
	char kind[16];

	if (!c || !(colon = strchr(c, ':')) || colon - c >= (long)sizeof(kind))
		return NULL;
	memcpy(kind, c, (size_t)(colon - c));
	kind[colon - c] = '\0';
	http_set_cookie(r, "jg_flash", "", -1);
	if (colon[1] != '=')
		text = page_text(r, colon + 1);
	else if (form_parse_urlencoded(&r->arena, colon + 1, strlen(colon + 1),
				       &f, &why) || !(text = form_get(&f, "")))
		return NULL;
	return json_pack("{s:s,s:s}", "kind",
			 strcmp(kind, "error") ? "success" : "error",
			 "text", text);
}

int
page_flash(struct request *r, const char *kind, const char *key)
{
	char *v = arena_printf(&r->arena, "%s:%s", kind, key);

	return v ? http_set_cookie(r, "jg_flash", v, 60) : ERR_NOMEM;
}

/* A cookie's value stays well inside what every browser keeps (4 KiB). */
#define FLASH_MAX 3000

int
page_flash_with(struct request *r, const char *kind, const char *key,
		const char *fallback, const json_t *vars)
{
	const char *text = page_text_with(r, key, vars);
	struct buf b;

	if (!text)
		return page_flash(r, kind, fallback);
	buf_init(&b, &r->arena, FLASH_MAX);
	buf_addf(&b, "%s:=", kind);
	url_escape(&b, text);
	if (buf_error(&b))
		return page_flash(r, kind, fallback);
	return http_set_cookie(r, "jg_flash", b.ptr, 60);
}

static json_t *
me_json(struct request *r, const struct page_user *u)
{
	json_t *roles = json_array();

	for (size_t i = 0; i < PAGE_USER_ROLES && u->role_names[i]; i++)
		json_array_append_new(roles, json_string(page_text(r,
			arena_printf(&r->arena, "roles.%s",
				     u->role_names[i]))));
	return json_pack("{s:s,s:s,s:o,s:b}", "name", u->name,
			 "display_name", u->display_name && *u->display_name ?
			 u->display_name : u->name, "roles", roles,
			 "is_admin", u->is_staff);
}

/* Whether `key` names a time: "at" or "..._at". */
static bool
is_time_key(const char *key)
{
	size_t n = strlen(key);

	return !strcmp(key, "at") || (n > 3 && !strcmp(key + n - 3, "_at"));
}

/*
 * Show every stored UTC time in the page data in Beijing time: the values
 * of keys named "at" or "*_at", wherever they are (the convention of our
 * schemas). The language catalog is skipped.
 */
static void
localise_times(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	char local[32];

	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			localise_times(item);
		return;
	}
	if (!json_is_object(v))
		return;
	json_object_foreach(v, key, item) {
		if (!strcmp(key, "t"))
			continue;
		if (json_is_string(item) && is_time_key(key) &&
		    !time_format_local(json_string_value(item), local,
				       sizeof(local)))
			json_string_set(item, local);
		else
			localise_times(item);
	}
}

int
page_render(struct request *r, const char *template, const char *title_key,
	    json_t *data)
{
	struct page_user u = { 0 };
	struct buf content;
	json_t *flash;
	int rc;

	if (!data)
		data = json_object();
	localise_times(data);
	buf_init(&content, &r->arena, 0);
	json_object_set(data, "t", catalogs[lang_index(r)]);
	json_object_set_new(data, "lang", json_string(page_lang(r)));
	json_object_set_new(data, "en", json_boolean(lang_index(r) == LANG_EN));
	if (title_key || !json_is_string(json_object_get(data, "title")))
		json_object_set_new(data, "title", json_string(page_text(r,
				    title_key ? title_key : "app.name")));
	json_object_set_new(data, "path", json_string(page_self(r)));
	json_object_set_new(data, "confirm_routes",
			    json_string(confirm_patterns));
	if (hooks && hooks->csrf_token)
		json_object_set_new(data, "csrf",
				    json_string(hooks->csrf_token(r)));
	if (hooks && hooks->user && hooks->user(r, &u)) {
		json_object_set_new(data, "me", me_json(r, &u));
		add_menu(r, &u, data);
		/* The top bar's "通知 (N)"; 0 if it cannot be counted. */
		json_object_set_new(data, "unread", json_integer(
			hooks->unread ? hooks->unread(r) : 0));
	}
	if (hooks && hooks->fixed_today) {
		char today[11];

		if (hooks->fixed_today(r, today))
			json_object_set_new(data, "as_of_portal",
					    json_string(today));
	}
	flash = take_flash(r);
	if (flash)
		json_object_set_new(data, "flash", flash);
	rc = tpl_render(templates, template, data, &content);
	if (!rc) {
		json_object_set_new(data, "content_html",
				    json_stringn(content.ptr, content.len));
		buf_reset(&r->out);
		r->out_static = NULL;
		rc = tpl_render(templates, "layout/page", data, &r->out);
	}
	json_decref(data);
	if (rc)
		return rc;
	if (!r->status)
		r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	return 0;
}

void
page_confirm_routes(const struct route *const *tables, int ntables)
{
	size_t n = 0;

	for (int t = 0; t < ntables; t++)
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			if (!rt->confirm || !(rt->flags & ROUTE_PAGE) ||
			    !(rt->methods & HTTP_POST))
				continue;
			n += (size_t)snprintf(confirm_patterns + n,
					      sizeof(confirm_patterns) - n,
					      "%s%s", n ? " " : "",
					      rt->pattern);
			assert(n < sizeof(confirm_patterns));
		}
}

/*
 * Where "cancel" goes: the page the form was on (the Referer, when it is
 * of this site), else the start page.
 */
static const char *
confirm_back(struct request *r)
{
	const char *ref = http_header(r, "Referer");
	const char *host = http_header(r, "Host");
	const char *rest;
	size_t hlen;

	if (!ref || !host)
		return "/";
	rest = !strncmp(ref, "https://", 8) ? ref + 8 :
	       !strncmp(ref, "http://", 7) ? ref + 7 : NULL;
	hlen = strlen(host);
	if (!rest || strncmp(rest, host, hlen) || !http_local_path(rest + hlen))
		return "/";
	return rest + hlen;
}

/*
 * What the step will do, in words: the route's sentence with {{title}}
 * the record's title and the form's fields (enumerations by their
 * labels); the plain sentence when the form lacks what it names.
 */
static const char *
confirm_sentence(struct request *r, const struct route_confirm *c,
		 const struct form *f, const char *title)
{
	json_t *vars = http_own(r, json_object());
	const char *text;

	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *ff = &f->fields[i];
		const char *label = NULL;

		if (ff->filename || json_object_get(vars, ff->name))
			continue;
		if (c->labels)
			label = page_text_or(r, arena_printf(&r->arena,
				"%s%s", c->labels, ff->value), NULL);
		json_object_set_new(vars, ff->name,
				    json_string(label ? label : ff->value));
	}
	for (int i = 0; i < r->nparams; i++)
		json_object_set_new(vars, r->param_names[i],
				    json_string(r->param_values[i]));
	if (title)
		json_object_set_new(vars, "title", json_string(title));
	text = page_text_with(r, c->key, vars);
	return text ? text : page_text(r, "confirm.plain");
}

/*
 * The form of a confirmed step as the handler reads it: without the field
 * `confirm`, which is the confirmation's, not the step's.
 */
static int
confirmed(struct request *r, const struct form *f)
{
	struct form *rest = arena_new(&r->arena, struct form, 1);

	if (!rest || !(rest->fields = arena_new(&r->arena, struct form_field,
						f->n)))
		return ERR_NOMEM;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, "confirm"))
			rest->fields[rest->n++] = f->fields[i];
	r->form = rest;
	return 0;
}

int
page_confirm(struct request *r, bool *asked)
{
	const struct route_confirm *c = r->route->confirm;
	const char *title = NULL, *v;
	const struct form *f;
	json_t *fields;
	int64_t id;
	int rc;

	*asked = false;
	if ((rc = http_read_form(r, &f)))
		return rc;
	if ((v = form_get(f, "confirm")) && !strcmp(v, "1"))
		return confirmed(r, f);
	if (c->table && http_param(r, "id")) {
		if ((rc = http_param_id(r, "id", &id)))
			return rc;
		rc = hooks && hooks->title ? hooks->title(r, c->table, id,
			&title) : ERR_NOTFOUND;
		if (rc == ERR_NOTFOUND)
			return http_fail(r, rc, NULL, "no such record");
		if (rc)
			return rc;
	}
	/* Everything the form said goes again, but the token (the page
	 * gives its own) and files (a browser cannot send them again). */
	fields = json_array();
	for (size_t i = 0; i < f->n; i++)
		if (!f->fields[i].filename && strcmp(f->fields[i].name,
		    "csrf") && strcmp(f->fields[i].name, "confirm"))
			json_array_append_new(fields, json_pack("{s:s,s:s}",
				"name", f->fields[i].name,
				"value", f->fields[i].value));
	*asked = true;
	return page_render(r, "layout/confirm", "confirm.title", json_pack(
		"{s:s,s:s,s:o,s:s}", "sentence", confirm_sentence(r, c, f,
		title), "action", page_self(r), "fields", fields, "back",
		confirm_back(r)));
}

void
page_error(struct request *r, int rc)
{
	struct problem pb = { r->error_field, r->error_message, r->error_key,
			      r->error_min, r->error_max,
			      { r->error_arg[0], r->error_arg[1],
				r->error_arg[2], r->error_arg[3] } };
	struct buf loc;
	json_t *data;
	const char *msg;

	if (rc == ERR_UNAUTH && !r->principal) {
		buf_init(&loc, &r->arena, 4096);
		buf_addstr(&loc, "/login?next=");
		url_escape(&loc, r->path);
		if (!buf_error(&loc) && !http_redirect(r, loc.ptr))
			return;
	}
	msg = r->error_message ? page_problem(r, &pb, NULL) : NULL;
	data = json_pack("{s:i,s:s?}", "status", err_http_status(rc),
			 "message", msg);
	r->status = err_http_status(rc);
	if (page_render(r, "layout/error", "error.title", data)) {
		r->status = err_http_status(rc);
		http_send(r, r->status, "text/plain; charset=utf-8",
			  err_str(rc), strlen(err_str(rc)));
	}
}
