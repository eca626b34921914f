/*
 * page.h - the pages people use: templates in the portal layout, the
 * language (zh-CN first, English complete), the menu of each role, flash
 * messages, and error pages.
 *
 * A page handler builds its data as a JSON object and calls page_render():
 *
 *	json_t *data = json_pack("{s:o}", "users", items);
 *	return page_render(r, "admin/users", "users.title", data);
 *
 * page_render() adds what every page needs — `t` (the strings of the
 * caller's language: {{t.users.title}}), `lang`, `me` (the signed-in
 * account), `csrf` (the token every form must carry as field "csrf"),
 * `menu` (the entry covering most of the path marked active), `crumb`
 * (the breadcrumb's module and page), `flash`, `title` — renders the
 * template and places it inside
 * layout/page. Text comes only from templates and catalogs
 * (web/i18n/LANG.json) and is escaped by the template engine.
 *
 * Rules' messages are English sentences; page_message() translates them
 * through the catalog's "messages" table (the English text is the key;
 * a message with figures, "deleted 3 sessions", is found as "deleted {1}
 * sessions" when it is not there as it is, and {1} in the translation is
 * its first figure again), so a message without a translation shows in
 * English rather than not at all.
 */
#ifndef JG_PAGE_H
#define JG_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

/*
 * The signed-in caller as the layout shows them (top bar, menu), filled
 * by the `user` hook.
 */
#define PAGE_USER_ROLES 8
struct page_user {
	const char *name;
	const char *display_name;
	unsigned roles;		/* the menu shows items for these bits */
	bool is_staff;
	/* catalog names of the roles held ("admin"), NULL after the last */
	const char *role_names[PAGE_USER_ROLES];
};

/*
 * What the layout needs from the platform above this layer, set once at
 * start-up by cli (src/cli/modules.c) so that page includes no module:
 *   user		fill *u with the caller of r; false when anonymous
 *   csrf_token		the token r's forms must carry (never NULL)
 *   unread		the caller's unread notifications (0 when unknown)
 *   picker		the data of record/picker.html for a reference to a
 *			record of `table` (its SQL name): `v` an id, or the
 *			text typed and refused; `typed` when `v` came with
 *			the request (record_picker()); a new reference, or
 *			NULL when
 *			no picker searches the table (record/pages.h,
 *			record_picker())
 *   pick		the id a picker's fields sent (`id`, COLUMN, and
 *			`text`, COLUMN_text) into *value, or ERR_INVALID
 *			with *why (record/api.h, record_ref_resolve())
 *   title		the title of record `id` of `table` (its SQL name)
 *			into *title, when the caller may see it; else
 *			ERR_NOTFOUND (record/pages.h, record_title_of())
 *   fixed_today	the portal's "today" into `out` when a setting fixes
 *			it (the top bar then says 数据截至 DATE), else false
 *			(settings.h, settings_today())
 * so that a page below the kit (an account's organisation) picks records
 * by name as the kit's forms do. Any hook may be NULL (the layout then
 * leaves its part out).
 */
struct page_hooks {
	bool (*user)(struct request *r, struct page_user *u);
	const char *(*csrf_token)(struct request *r);
	int64_t (*unread)(struct request *r);
	json_t *(*picker)(struct request *r, const char *table, json_t *v,
			  bool typed);
	int (*pick)(struct request *r, const char *table, const char *id,
		    const char *text, json_t **value, const char **why);
	int (*title)(struct request *r, const char *table, int64_t id,
		     const char **title);
	bool (*fixed_today)(struct request *r, char out[11]);
};

/* Set the hooks (the struct must outlive the server). */
void page_set_hooks(const struct page_hooks *h);

/*
 * A large amount of money as cards and charts show it, in the reader's
 * language: `fen` in 元, 万元 or 亿元 with two decimals
 * (money_format_scaled()), "3.00 亿元". A string in r's arena.
 */
const char *page_money_large(struct request *r, int64_t fen);

/*
 * The field of record/picker.html for form field `name`, a reference to
 * a record of `table` whose value is `v` (an id, or the text typed and
 * refused) with `error` beside it (NULL: none): {name, required, error,
 * picker}, a new reference; the picker hook's data, or without it none
 * (the partial then shows a plain input of the id).
 */
json_t *page_pick_field(struct request *r, const char *name,
			const char *table, json_t *v, bool required,
			const char *error);

/*
 * The id a picker of records of `table` sent as form fields `name` and
 * `name`_text, into *id (0: none chosen). Returns 0, or ERR_INVALID with
 * *why a message (English, translated through the catalogs' `messages`),
 * or a database error. Without the pick hook, `name` is read as an id.
 */
struct form;
int page_pick_id(struct request *r, const char *table,
		 const struct form *f, const char *name, int64_t *id,
		 const char **why);

/*
 * One entry of the left menu: shown to callers holding any of `roles`,
 * under the group at catalog key `group`, linking to `href`, labelled by
 * catalog key `key`.
 */
struct page_menu_item {
	unsigned roles;
	const char *group;
	const char *href;
	const char *key;
};

/*
 * Add a module's entries (an array ended by one whose href is NULL; it
 * must outlive the server), at start-up before serving. Entries keep the
 * order they were added in, each joining the others of its group.
 */
void page_menu_add(const struct page_menu_item *items);

/*
 * Load the templates and the language catalogs: embedded ones, or, when
 * `dev_dir` is not NULL, templates read afresh from DEV_DIR/templates on
 * every render (development). Returns 0, or an error after logging where
 * (a template that does not compile stops the server from starting).
 */
int page_init(const char *dev_dir);
void page_shutdown(void);

/* The caller's language: "zh-CN" or "en" (cookie `lang`, else
 * Accept-Language, else zh-CN). */
const char *page_lang(struct request *r);

/* The catalog string at dotted `key` ("login.title") in the caller's
 * language; the key itself when missing. */
const char *page_text(struct request *r, const char *key);

/* Like page_text(), but `fallback` when the catalog lacks the key. */
const char *page_text_or(struct request *r, const char *key,
			 const char *fallback);

/* The catalog string at `key` in language `lang` ("zh-CN", "en"), for
 * what every language needs at once (an import's accepted headers); the
 * key itself when missing. */
const char *page_text_in(const char *lang, const char *key);

/*
 * The catalog text at `key` in the caller's language with each {{NAME}}
 * the member NAME of `vars` (a non-empty string, or an integer), in the
 * request's arena; NULL when the catalog lacks the key or `vars` lacks a
 * name the text uses (the caller then says something plainer).
 */
const char *page_text_with(struct request *r, const char *key,
			   const json_t *vars);

/* A rule's English `message` in the caller's language. */
const char *page_message(struct request *r, const char *message);

/*
 * The problem `pb` as the caller reads it, in their language: the
 * catalog's text at its key (err.h) with {{label}} the label of its field
 * (the catalog's "PREFIX.FIELD" for the form's catalog prefix `prefix`,
 * which may be NULL), {{min}} and {{max}} its numbers. A problem without
 * a key, with a key the catalog lacks, or whose text names a label there
 * is none for, reads as its message through page_message(). The one
 * place where a problem becomes text for people; in the request's arena.
 */
const char *page_problem(struct request *r, const struct problem *pb,
			 const char *prefix);

/*
 * Render `template` in the layout with `data` (taken over; NULL for none)
 * and the page title at catalog key `title_key` (NULL: the text `title`
 * of `data` as it is, a record's name on its page). Answers 200 unless
 * r->status was set. Returns 0 or an error.
 */
int page_render(struct request *r, const char *template,
		const char *title_key, json_t *data);

/*
 * Remember a one-time message for the next page this browser shows (after
 * a redirect): kind "success" or "error", text at catalog key `key`.
 */
int page_flash(struct request *r, const char *kind, const char *key);

/*
 * Like page_flash(), a message that says what was done: the text at
 * `key` filled from `vars` (page_text_with(): "已为 {{org_id_title}}
 * 新增租约 {{unit_id_title}}"), or, when it cannot be, the text at
 * `fallback`.
 */
int page_flash_with(struct request *r, const char *kind, const char *key,
		    const char *fallback, const json_t *vars);

/*
 * The server's confirm hook (server_config.confirm): for an irreversible
 * step (route.confirm, http.h) whose form does not say `confirm`, render
 * the confirmation page — the route's sentence naming the record, a form
 * that posts the same fields again with `confirm` and a fresh CSRF token,
 * and a way back — set *asked and change nothing. ERR_NOTFOUND when the
 * sentence names a record the caller may not see or that is not there.
 */
int page_confirm(struct request *r, bool *asked);

/*
 * Tell the layout the irreversible page steps of the route tables (at
 * start-up, before serving): their patterns go in every page, for
 * static/app.js to ask in a dialog before such a form is sent.
 */
void page_confirm_routes(const struct route *const *tables, int ntables);

/*
 * The error page for `rc` (the server's render_error_page hook): 401 sends
 * the browser to the sign-in page and back; others show a page with the
 * status and the message.
 */
void page_error(struct request *r, int rc);

/*
 * The pager of a list page (layout/pager.html): {total_text, page, pages,
 * prev_href, next_href}, the links keeping every query argument but
 * `offset` and `page`; and for its form of page size (每页, `limit`) and
 * page (跳至, `page`, api_paging()), `action`, `sizes` ([{value,
 * selected}]) and `keep`, the other arguments ([{name, value}]).
 */
json_t *page_pager(struct request *r, int64_t total, int64_t limit,
		   int64_t offset);

/*
 * The head of a list's column labelled `text` that sorts by `column`
 * (NULL: it does not sort): {text, sort_href, aria_sort, arrow}, the link
 * sorting by it ascending, or descending when it sorts so already (the
 * query's `sort`, "-column" descending), back at the first page.
 */
json_t *page_sort_head(struct request *r, const char *text,
		       const char *column);

/*
 * The path to return to after signing in, taken from query argument
 * `next` when http_local_path() accepts it, else "/".
 */
const char *page_next(struct request *r);

/*
 * Query argument `next`, when http_local_path() accepts it, URL-encoded
 * (url_escape()) for embedding in a link or a form's action as
 * "?next=..."; NULL when there is none to keep. In the request's arena.
 */
const char *page_next_query(struct request *r);

#endif
