/*
 * page.c - templates in the layout, languages, menus, flash messages and
 * error pages (see page.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "base/time.h"
#include "notify/notify.h"
#include "page/page.h"
#include "tpl/html.h"
#include "tpl/tpl.h"

enum { LANG_ZH, LANG_EN, LANG_COUNT };

static const char *const lang_codes[LANG_COUNT] = { "zh-CN", "en" };

/* Loaded once at start-up, read-only afterwards (any thread may read). */
static struct tpl_set *templates;
static json_t *catalogs[LANG_COUNT];

/* The menu: who sees each entry, where it goes, its catalog key. */
static const struct menu_item {
	unsigned roles;
	const char *group;	/* catalog key of its group */
	const char *href;
	const char *key;
} menu[] = {
	{ ROLE_ALL, "menu.overview", "/", "menu.home" },
	{ ROLE_ALL, "menu.party", "/orgs", "menu.orgs" },
	{ ROLE_ADMIN, "menu.party", "/people", "menu.people" },
	/* incubation (src/incubation/) */
	{ ROLE_ADMIN | ROLE_VIEWER, "menu.incubation", "/incubation",
	  "menu.inc_figures" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/startups", "menu.inc_startups" },
	{ ROLE_ADMIN | ROLE_APPLICANT | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/applications", "menu.inc_applications" },
	{ ROLE_ADMIN | ROLE_EXPERT, "menu.incubation", "/incubation/review",
	  "menu.inc_review" },
	{ ROLE_ADMIN, "menu.incubation", "/incubation/experts",
	  "menu.inc_experts" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/sessions", "menu.inc_sessions" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/projects", "menu.inc_projects" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/investments", "menu.inc_investments" },
	/* incubation: space, leases and reports (inc-ops) */
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/buildings",
	  "menu.inc_buildings" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/leases", "menu.inc_leases" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/occupancy",
	  "menu.inc_occupancy" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_reports_list" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-periods",
	  "menu.inc_periods" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-templates",
	  "menu.inc_templates" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_my_reports" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/leases",
	  "menu.inc_my_leases" },
	/* training (issue 7) */
	{ ROLE_TRAINEE | ROLE_TEACHER | ROLE_ENTERPRISE | ROLE_COLLEGE,
	  "menu.training", "/training/mine", "menu.training_mine" },
	{ ROLE_ADMIN, "menu.training", "/training/centres",
	  "menu.training_centres" },
	{ ROLE_ADMIN, "menu.training", "/training/programmes",
	  "menu.training_programmes" },
	{ ROLE_ADMIN, "menu.training", "/training/cohorts",
	  "menu.training_cohorts" },
	{ ROLE_ADMIN, "menu.training", "/training/sessions",
	  "menu.training_sessions" },
	{ ROLE_ADMIN, "menu.training", "/training/enrolments",
	  "menu.training_enrolments" },
	{ ROLE_ADMIN, "menu.training", "/training/mentors",
	  "menu.training_mentors" },
	/* training, tr-out: placements, certificates, figures */
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.training", "/training/figures",
	  "menu.tr_figures" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.training", "/training/slots",
	  "menu.tr_slots" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TRAINEE, "menu.training",
	  "/training/placements", "menu.tr_placements" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training", "/training/certificates",
	  "menu.tr_certificates" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training",
	  "/training/skill-certificates", "menu.tr_skill_certs" },
	{ ROLE_ALL, "menu.mine", "/me", "menu.me" },
	{ ROLE_ALL, "menu.mine", "/me/tokens", "menu.tokens" },
	{ ROLE_ALL, "menu.mine", "/me/sessions", "menu.my_sessions" },
	{ ROLE_ADMIN, "menu.system", "/admin/users", "menu.users" },
	{ ROLE_ADMIN, "menu.system", "/admin/sessions", "menu.sessions" },
	{ ROLE_ADMIN, "menu.system", "/admin/settings", "menu.settings" },
	{ ROLE_ADMIN, "menu.system", "/admin/notifications", "menu.notify" },
	{ ROLE_ADMIN, "menu.system", "/admin/jobs", "menu.jobs" },
	{ ROLE_ADMIN, "menu.logs", "/admin/audit", "menu.audit" },
	{ ROLE_ADMIN, "menu.logs", "/admin/logins", "menu.logins" },
};

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
page_message(struct request *r, const char *message)
{
	json_t *msgs = json_object_get(catalogs[lang_index(r)], "messages");
	json_t *v = message ? json_object_get(msgs, message) : NULL;

	if (!message)
		return NULL;
	return json_is_string(v) ? json_string_value(v) : message;
}

const char *
page_next(struct request *r)
{
	const char *next = http_query(r, "next");

	if (next && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
	    !strpbrk(next, "\r\n"))
		return next;
	return "/";
}

struct args_walk {
	struct buf *b;
	const char *skip;	/* an argument to leave out, or NULL */
};

static void
add_arg(void *ctx, const char *key, const char *value)
{
	struct args_walk *w = ctx;

	if (w->skip && !strcmp(key, w->skip))
		return;
	if (w->b->len && w->b->ptr[w->b->len - 1] != '?')
		buf_addch(w->b, '&');
	url_escape(w->b, key);
	buf_addch(w->b, '=');
	url_escape(w->b, value);
}

/* The current path and query, without `skip`, ending in '?' or not. */
static void
self_url(struct request *r, struct buf *b, const char *skip)
{
	struct args_walk w = { b, skip };

	buf_addstr(b, r->path);
	buf_addch(b, '?');
	http_query_foreach(r, add_arg, &w);
}

/* The current path and query with `offset` set to `offset`. */
static const char *
url_with_offset(struct request *r, int64_t offset)
{
	struct buf b;

	buf_init(&b, &r->arena, 8192);
	self_url(r, &b, "offset");
	if (b.ptr[b.len - 1] != '?')
		buf_addch(&b, '&');
	buf_addf(&b, "offset=%lld", (long long)offset);
	return buf_error(&b) ? NULL : b.ptr;
}

/* The current path and query, to come back to (the language switch). */
static const char *
page_self(struct request *r)
{
	struct buf b;

	buf_init(&b, &r->arena, 8192);
	self_url(r, &b, NULL);
	if (b.ptr[b.len - 1] == '?')
		buf_truncate(&b, b.len - 1);
	return buf_error(&b) ? r->path : b.ptr;
}

json_t *
page_pager(struct request *r, int64_t total, int64_t limit, int64_t offset)
{
	char n[32];
	struct buf text;
	const char *tmpl = page_text(r, "common.total"), *mark;
	int64_t pages = total ? (total + limit - 1) / limit : 1;

	/* "共 {{n}} 条": the count goes where the catalog puts it. */
	buf_init(&text, &r->arena, 1024);
	snprintf(n, sizeof(n), "%lld", (long long)total);
	mark = strstr(tmpl, "{{n}}");
	if (mark) {
		buf_add(&text, tmpl, (size_t)(mark - tmpl));
		buf_addstr(&text, n);
		buf_addstr(&text, mark + 5);
	} else {
		buf_addstr(&text, n);
	}
	return json_pack("{s:s,s:I,s:I,s:s?,s:s?}",
		"total_text", buf_error(&text) ? n : text.ptr,
		"page", (json_int_t)(offset / limit + 1),
		"pages", (json_int_t)pages,
		"prev_href", offset > 0 ? url_with_offset(r, offset > limit ?
					  offset - limit : 0) : NULL,
		"next_href", offset + limit < total ?
			     url_with_offset(r, offset + limit) : NULL);
}

static json_t *
menu_json(struct request *r, const struct principal *p)
{
	json_t *groups = json_array(), *group = NULL;
	const char *last = NULL;

	for (size_t i = 0; i < sizeof(menu) / sizeof(menu[0]); i++) {
		const struct menu_item *m = &menu[i];
		size_t hlen = strlen(m->href);
		bool active;

		if (!(p->roles & m->roles))
			continue;
		if (!last || strcmp(last, m->group)) {
			group = json_pack("{s:s,s:[]}", "label",
					  page_text(r, m->group), "items");
			json_array_append_new(groups, group);
			last = m->group;
		}
		active = !strncmp(r->path, m->href, hlen) &&
			 (r->path[hlen] == '\0' || (r->path[hlen] == '/' &&
			  strcmp(m->href, "/me")));
		json_array_append_new(json_object_get(group, "items"),
			json_pack("{s:s,s:s,s:b}", "href", m->href,
				  "label", page_text(r, m->key),
				  "active", active));
	}
	return groups;
}

/* The flash message the browser brought, as {kind, text}; clears it. */
static json_t *
take_flash(struct request *r)
{
	const char *c = http_cookie(r, "jg_flash");
	char kind[16];
	const char *colon;

	if (!c || !(colon = strchr(c, ':')) || colon - c >= (long)sizeof(kind))
		return NULL;
	memcpy(kind, c, (size_t)(colon - c));
	kind[colon - c] = '\0';
	http_set_cookie(r, "jg_flash", "", -1);
	return json_pack("{s:s,s:s}", "kind",
			 strcmp(kind, "error") ? "success" : "error",
			 "text", page_text(r, colon + 1));
}

int
page_flash(struct request *r, const char *kind, const char *key)
{
	char *v = arena_printf(&r->arena, "%s:%s", kind, key);

	return v ? http_set_cookie(r, "jg_flash", v, 60) : ERR_NOMEM;
}

static json_t *
me_json(struct request *r, const struct principal *p)
{
	json_t *roles = json_array();

	for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1)
		if (p->roles & bit)
			json_array_append_new(roles, json_string(page_text(r,
				arena_printf(&r->arena, "roles.%s",
					     role_name(bit)))));
	return json_pack("{s:s,s:s,s:o,s:b}", "name", p->name,
			 "display_name", p->display_name && *p->display_name ?
			 p->display_name : p->name, "roles", roles,
			 "is_admin", (p->roles & ROLE_ADMIN) != 0);
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
	const struct principal *p = auth_principal(r);
	struct buf content;
	json_t *flash;
	int64_t unread = 0;
	int rc;

	if (!data)
		data = json_object();
	localise_times(data);
	buf_init(&content, &r->arena, 0);
	json_object_set(data, "t", catalogs[lang_index(r)]);
	json_object_set_new(data, "lang", json_string(page_lang(r)));
	json_object_set_new(data, "en", json_boolean(lang_index(r) == LANG_EN));
	json_object_set_new(data, "title", json_string(page_text(r, title_key)));
	json_object_set_new(data, "path", json_string(page_self(r)));
	json_object_set_new(data, "csrf", json_string(auth_csrf_token(r)));
	if (p) {
		json_object_set_new(data, "me", me_json(r, p));
		json_object_set_new(data, "menu", menu_json(r, p));
		/* The top bar's "通知 (N)"; 0 if it cannot be counted. */
		if (r->db)
			notify_unread_count(r->db, p, &unread);
		json_object_set_new(data, "unread", json_integer(unread));
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
page_error(struct request *r, int rc)
{
	struct buf loc;
	json_t *data;
	const char *msg;

	if (rc == ERR_UNAUTH && !auth_principal(r)) {
		buf_init(&loc, &r->arena, 4096);
		buf_addstr(&loc, "/login?next=");
		url_escape(&loc, r->path);
		if (!buf_error(&loc) && !http_redirect(r, loc.ptr))
			return;
	}
	msg = r->error_message ? page_message(r, r->error_message) : NULL;
	data = json_pack("{s:i,s:s?}", "status", err_http_status(rc),
			 "message", msg);
	r->status = err_http_status(rc);
	if (page_render(r, "layout/error", "error.title", data)) {
		r->status = err_http_status(rc);
		http_send(r, r->status, "text/plain; charset=utf-8",
			  err_str(rc), strlen(err_str(rc)));
	}
}
