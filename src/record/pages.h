/*
 * pages.h - the pages of a described table, as route data: a list with
 * search, filters, archived toggle and paging; a detail page; a form for
 * new and edit with each field's error in place; archive with a
 * confirmation. A module gives the templates and catalog prefix:
 *
 *	static const struct record_pages org_pages = {
 *		&org_api, "/orgs", "org", "party/orgs", "party/org",
 *		"record/form", org_detail_extra,
 *	};
 *	{ HTTP_GET, "/orgs", record_page_list, ROUTE_PAGE, &org_pages },
 *
 * With list_template NULL the list is the one list page, record/list (its
 * heads and cells from the columns flagged REC_LIST); with
 * detail_template NULL the detail page is record/detail, the record's
 * `facts` ([{label, text, ref_href, tag, code}], every column but
 * derived ones, shown as the list shows cells). A detail page of its own
 * gets the facts too, and may show them as the partial {{> record/detail}}
 * above what else it shows. Export and import columns come
 * from the flags REC_EXPORT and REC_IMPORT when export_columns and the
 * api's import_columns are NULL.
 *
 * Page data: `items` (list), `record` (detail), `choices.COLUMN` for enum
 * columns ([{value, label, selected}]), `COLUMN_label` beside each enum
 * value, `filters` (the query's values), `pager`, `base` (the base path),
 * `can_write`; a form gets `fields` ([{name, label, type, value, error,
 * required, is_select, options, maxlength, inputmode, picker}]) made from
 * the table (`value` as people type it, entry.h; `picker` for a reference
 * ({source, id, text, hint, matches}), record/picker.html),
 * so the one template record/form serves every table; BASE/new?COLUMN=V
 * starts the form with those values. Labels come from
 * the catalog at "PREFIX.COLUMN" and "PREFIX.COLUMN_values.VALUE"; titles
 * at "PREFIX.list", "PREFIX.new", "PREFIX.edit"; a record's page is
 * titled by what names the record (its table's `title`), or without one
 * by "PREFIX.detail" and its number. The list takes `sort` (a column of
 * the rows, "-" before it descending; record_api_sort()), and its heads
 * link to the list sorted by them.
 */
#ifndef JG_RECORD_PAGES_H
#define JG_RECORD_PAGES_H

#include <jansson.h>
#include <stdbool.h>

#include "http/http.h"
#include "record/api.h"

struct db;
struct export_column;
struct form;
struct principal;

struct record_pages {
	const struct record_api *api;
	const char *base;		/* "/orgs" */
	const char *prefix;		/* catalog prefix, "org" */
	const char *list_template;
	const char *detail_template;
	const char *form_template;
	/* Adds what else the detail page shows (a timeline); may be NULL. */
	int (*detail_extra)(struct request *r, int64_t id, json_t *data);
	/* The columns of the list's CSV/XLSX export, and its file name. */
	const struct export_column *export_columns;
	size_t nexport;
	const char *export_stem;
	/*
	 * The rule that creates a record from the form, when creating is
	 * more than record_create() (a session's code, an enrolment's
	 * event); NULL: the api's create rule (api.h), else record_create().
	 * Same contract as record_create().
	 */
	int (*create)(struct db *db, const struct principal *p, json_t *in,
		      int64_t *id, struct problem *pb);
	/* Likewise for an update; NULL: the api's, else record_update(). */
	int (*update)(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, struct problem *pb);
	/*
	 * The one list page (list_template NULL): whether its first column
	 * is the record's number, linked to it, for records with no name of
	 * their own (an enrolment, a session); the columns flagged REC_LIST
	 * follow.
	 */
	bool list_id;
	/*
	 * The rows of the list page and its export, when they are more
	 * than the table's own columns (the names of what a row refers
	 * to): a description of a view of the table (record.h, `table` a
	 * derived table from the module's store), whose REC_LIST and
	 * REC_EXPORT columns the page and the export show. Filters and
	 * scope name columns both have. NULL: the table itself.
	 */
	const struct record_table *rows;
	/*
	 * Adds to the list page's data before its rows are made; may be
	 * NULL. It may add members to each of `items` (a state computed as
	 * of today; `href`, where that item's row links, instead of
	 * BASE/ID) and set `links`, buttons of the toolbar ([{href,
	 * label}]). Runs for the export too (`export` true in data).
	 */
	int (*list_extra)(struct request *r, json_t *data);
	/*
	 * A set of records the table's columns cannot hold, picked by
	 * name on the form (a round's cohorts); NULL: none. `form_extra`
	 * appends its fields to the form's `fields`, shaped as a
	 * reference's ({name, label, required, error, picker}), for
	 * record `id` (0: new) as `rec` holds it — the record, or what
	 * was typed and refused — with `errors` (field: message; may be
	 * NULL). `form_read` reads them from form `f` into `in`, the
	 * create or update rule's input, as the API takes them; 0, or
	 * ERR_INVALID with *pb naming the field (what was typed kept in
	 * `in`, for the form to show again), or a database error.
	 */
	int (*form_extra)(struct request *r, int64_t id, json_t *rec,
			  json_t *errors, json_t *fields);
	int (*form_read)(struct request *r, const struct form *f, json_t *in,
			 struct problem *pb);
};

/*
 * The pages of a described table as rows of a route table, each naming
 * who may call it (route.perm): `read` for the list, a record and the
 * export, `write` for the forms and changes — the api's permissions, as
 * for its API (record/api.h), whose scope or may_write hook narrows what
 * each admitted caller sees or changes. The writes and the reads apart,
 * for a table whose lists read a view of it (two record_pages) or whose
 * record page is a handler of its own: the writes come first, so that
 * their literal path ("/new") is tried before the reads' "/:id". The
 * forms alone (new, create, edit, update), without the archive, for a
 * record that leaves otherwise (a position is withdrawn).
 */
#define RECORD_PAGE_FORM_ROUTES(base, pages, write)			    \
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pages, write },  \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pages,	    \
	  write },							    \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pages,   \
	  write },							    \
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pages, \
	  write }

#define RECORD_PAGE_WRITE_ROUTES(base, pages, write)			    \
	RECORD_PAGE_FORM_ROUTES(base, pages, write),			    \
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE, \
	  pages, write }

#define RECORD_PAGE_READ_ROUTES(base, pages, read)			    \
	{ HTTP_GET, base, record_page_list, ROUTE_PAGE, pages, read },	    \
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pages,  \
	  read },							    \
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pages,	    \
	  read }

#define RECORD_PAGE_ROUTES(base, pages, read, write)			    \
	RECORD_PAGE_WRITE_ROUTES(base, pages, write),			    \
	RECORD_PAGE_READ_ROUTES(base, pages, read)

/*
 * The import pages of a table that takes an import (record_api_imports()
 * of its api), for those who may write it: rows to put before the
 * table's others, so that "/import" is tried before "/:id".
 * record_routes_check() refuses them on a table that takes none.
 */
#define RECORD_PAGE_IMPORT_ROUTES(base, pages, write)			    \
	{ HTTP_GET, base "/import", record_page_import_form, ROUTE_PAGE,    \
	  pages, write },						    \
	{ HTTP_POST, base "/import", record_page_import, ROUTE_PAGE |	    \
	  ROUTE_LONG, pages, write },					    \
	{ HTTP_GET, base "/import/template", record_page_import_template,   \
	  ROUTE_PAGE, pages, write }

int record_page_list(struct request *r);

/*
 * The detail page of record `id` of `pg`, with the members of `more` (a
 * new reference or NULL, taken over) added to its data — `errors` (field:
 * message) and `form` (what was typed) after a refused action — answering
 * r->status (0: 200). ERR_NOTFOUND (404) for a record the caller may not
 * see; other errors as they come.
 */
int record_page_show(struct request *r, const struct record_pages *pg,
		     int64_t id, json_t *more);

/*
 * The submitted form as the JSON a rule takes, in *out (a new reference,
 * also after an error): each column of `t` present in the form, read as
 * people type it (entry.h: money in yuan, areas in ㎡, hours, Beijing
 * times; an empty value of a non-text column null, so that a required
 * one is refused as required), a reference from its picker's fields
 * COLUMN and COLUMN_text (record_ref_resolve()); read-only columns only
 * when `create`. With `t` NULL, every field but csrf that is not empty,
 * as a string (an empty field is one not given). Returns 0, or
 * ERR_INVALID with *pb naming the first field that does not read (what
 * was typed is kept in *out, for the form to show again), or a database
 * error.
 */
struct form;
int record_form_json(struct request *r, const struct record_table *t,
		     const struct form *f, bool create, json_t **out,
		     struct problem *pb);

/*
 * The picker of reference column `c` for record/picker.html, a new
 * reference: {source, hint, id, text, choose, matches}. `v` is the
 * column's value: an id, with its record's title, or text typed and
 * refused. `typed` says that `v` came with the request (a link's value,
 * a refused form's) rather than from a record the caller reads: then
 * an id's title is shown only when the caller may list that record, and
 * a text lists the records it matches for a select of them (`choose`).
 * Forms of the kit make theirs from the columns; a page of its own puts
 * one in its field's data.
 */
json_t *record_picker(struct request *r, const struct record_column *c,
		      json_t *v, bool typed);

/*
 * The source a picker of reference column `c` searches
 * ("/api/v1/pick/unit", record_api_pick()), or NULL when `c` is no
 * reference or its table has no title or no list to search.
 */
const char *record_pick_source(struct request *r,
			       const struct record_column *c);

int record_page_detail(struct request *r);
int record_page_new(struct request *r);
int record_page_create(struct request *r);
int record_page_edit(struct request *r);
int record_page_update(struct request *r);
int record_page_archive(struct request *r);

/*
 * GET BASE/export?format=csv|xlsx plus the list's filters: every matching
 * record (up to EXPORT_MAX_ROWS) as a download.
 */
int record_page_export(struct request *r);

/*
 * The import page (GET BASE/import), its upload (POST BASE/import: a
 * multipart form with `file`, an XLSX or CSV file, and `mode`, answered
 * with the report on the same page: 400 when refused, 413 past a limit),
 * and the template (GET BASE/import/template, a CSV with the headers in
 * the caller's language, each with its unit, and an example row).
 */
int record_page_import_form(struct request *r);
int record_page_import(struct request *r);
int record_page_import_template(struct request *r);

/*
 * What the column description gives pages (columns.c). Strings and arrays
 * live in the request's arena.
 *
 * record_label_key():	 the catalog key of a column's label, "PREFIX.NAME".
 * record_value_label(): an enum value's label in the caller's language.
 * record_list_rows():	 the list page's `heads`, `rows` (each with `href`,
 *			 `cells` and `can_edit`) and `ncols` from the
 *			 columns flagged REC_LIST (of pg->rows when set),
 *			 added to `data`.
 * record_facts():	 data.facts of the detail page record/detail:
 *			 each column of `t` but derived ones as [{name,
 *			 label, text, ref_href, tag, code}], `rec`'s values shown
 *			 as the list's cells.
 * record_fact():	 one of those facts: column `c` of `rec` (a new
 *			 reference).
 * record_form_label():	 a form field's label: the text at `key`, and for
 *			 integers kept in a smaller unit than the one they
 *			 are shown in (money, areas, durations) the unit
 *			 they are entered in, "（分）"; lists and details
 *			 add the unit they show, "（元）", so that a label
 *			 in the catalogs names none.
 * record_export_columns(): the export's columns: the id, the columns
 *			 flagged REC_EXPORT, the creation time (*n of them;
 *			 a view with no `entity`, only its flagged columns).
 * record_import_columns(): the import's columns, flagged REC_IMPORT, with
 *			 their headers in both languages, each with the
 *			 unit its cells are in ("金额（元）"; *n; NULL when
 *			 none).
 */
const char *record_label_key(struct request *r, const struct record_table *t,
			     const char *column);
const char *record_value_label(struct request *r,
			       const struct record_table *t,
			       const char *column, const char *value);
int record_list_rows(struct request *r, const struct record_pages *pg,
		     json_t *items, bool can_edit, json_t *data);
int record_facts(struct request *r, const struct record_table *t,
		 json_t *rec, json_t *data);
json_t *record_fact(struct request *r, const struct record_table *t,
		    const struct record_column *c, json_t *rec);
const char *record_form_label(struct request *r, const char *key,
			      const struct record_column *c);
const struct export_column *record_export_columns(struct request *r,
		const struct record_table *t, size_t *n);
struct import_column;
const struct import_column *record_import_columns(struct request *r,
		const struct record_table *t, size_t *n);

/*
 * What the audit log's page shows of the records it names (changes.c),
 * the kit's side of its hooks (audit/pages.h), set by cli:
 *
 * record_entity_label(): the label of audit entity `entity` when a
 *			 registered table keeps it (its "PREFIX.list" in
 *			 the caller's language), else NULL.
 * record_entities():	 the entities of the registered tables, each
 *			 once, up to `max` into `out`; how many.
 * record_changes():	 an entry's record before and after (either may
 *			 be NULL or JSON null) as the fields people read:
 *			 [{label, before, after, changed}], the table's
 *			 columns in their order labelled and shown as its
 *			 detail page shows them (enum labels, 元, Beijing
 *			 time; a reference by the title of the record it
 *			 names), then any other member, labelled from
 *			 "PREFIX.NAME" or "audit.fields.NAME" (else its
 *			 name) and shown as text (times in Beijing time);
 *			 `changed` when both are given and differ. A new
 *			 reference; strings in the request's arena.
 */
const char *record_entity_label(struct request *r, const char *entity);
size_t record_entities(const char **out, size_t max);
json_t *record_changes(struct request *r, const char *entity, json_t *before,
		       json_t *after);

/*
 * The titles of the records the reference columns of `t` refer to, added
 * to each of `items` (an array, or one record) as COLUMN_title, which
 * the list's cells, the detail's facts and the exports show instead of
 * the id: one query per column and page (record_titles()). References to
 * tables without a title are left as they are. 0 or a database error.
 */
int record_add_titles(struct request *r, const struct record_table *t,
		      json_t *items);

/*
 * Mask the personal columns of `t` (REC_PERSONAL) in `items`, a record
 * or an array of them, in place, unless the caller is staff: the one
 * place lists, details, exports and the API hide them. A value keeps
 * its first three and last four characters, the rest four stars
 * (13812341111 → 138****1111); a shorter one is all stars.
 */
void record_mask_personal(struct request *r, const struct record_table *t,
			  json_t *items);

/* Whether record_mask_personal() would change anything of `t` for r. */
bool record_masks(struct request *r, const struct record_table *t);

/*
 * The success message of a step, saying what was done (page_flash_with()):
 * the text at the first of `keys` (NULL-ended) whose every {{NAME}} can
 * be filled, from `more` (the step's own record, NULL: none) over record
 * `id` of `t` as stored (t NULL or id 0: none) — its columns, the titles
 * of what it refers to (COLUMN_title), its own title (`title`) — else the
 * text at `plain`. A step whose message needs nothing but the record says
 * only the key: 已为 {{org_id_title}} 新增租约 {{unit_id_title}}.
 */
int record_flash_done(struct request *r, const struct record_table *t,
		      int64_t id, json_t *more, const char *const *keys,
		      const char *plain);

/* Labels of the enum columns of each record in `items` (in place). */
void record_page_labels(struct request *r, const struct record_pages *pg,
			json_t *items);

/*
 * A chart's data as the JSON text its element carries, which
 * static/dashboard.js draws: {title, bars}, the title the catalog text at
 * `title_key`, each bar {label, n, href} (href may be left out: a bar
 * linking to nothing). Takes the reference to `bars`; the result is a
 * new JSON string, owned by the caller.
 */
json_t *record_page_chart(struct request *r, const char *title_key,
			  json_t *bars);

#endif
