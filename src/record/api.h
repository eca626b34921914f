/*
 * api.h - the JSON API of a described table, as route data: list, get,
 * create, update (PATCH) and archive (DELETE) with paging, search, filters,
 * permission checks and the errors of DESIGN §3, for any record_table.
 *
 *	static const struct record_api org_api = {
 *		&party_org_table, PERM_ORG_READ, PERM_PARTY_WRITE,
 *		{ "kind", "parent_id", NULL },
 *	};
 *	{ HTTP_GET, "/api/v1/orgs", record_api_list, 0, &org_api },
 *	{ HTTP_POST, "/api/v1/orgs", record_api_create, 0, &org_api },
 *	{ HTTP_GET, "/api/v1/orgs/:id", record_api_get, 0, &org_api },
 *	...
 *
 * Lists take `q` (search), `archived=1`, `limit` (the page size),
 * `offset` or `page` (from 1), `sort` (a column, "-column" descending;
 * record_api_sort()), and an equality filter for each name in `filters`
 * (a query argument of the same name).
 */
#ifndef JG_RECORD_API_H
#define JG_RECORD_API_H

#include "auth/auth.h"
#include "http/http.h"
#include "record/action.h"
#include "record/record.h"

struct import_column;

struct record_api {
	const struct record_table *table;
	enum perm read;
	enum perm write;
	const char *filters[5];		/* query arguments that filter */
	/*
	 * The columns an import takes (import.h), when they are not the
	 * table's columns flagged REC_IMPORT; none of either: no import.
	 */
	const struct import_column *import_columns;
	size_t nimport;
	/*
	 * Row scoping for tables whose rows belong to someone; NULL: the
	 * read permission alone decides. When set, it replaces the read
	 * check of lists and reads: called with rec NULL before a list, to
	 * refuse the caller (ERR_UNAUTH, ERR_FORBIDDEN) or narrow *f
	 * (scope_col, scope_col_val, scope_in); and with a record before it
	 * is shown, returning 0 or ERR_NOTFOUND for one the caller may not
	 * see (so its existence is not told).
	 */
	int (*scope)(struct request *r, struct record_filter *f,
		     const json_t *rec);
	/*
	 * Write scoping; NULL: the write permission alone decides (and
	 * with `write` PERM_NONE, nobody writes through the kit: a table
	 * whose records only its rules write). When set,
	 * it replaces the write check of create, update and archive (API and
	 * pages): called with the record as it would be after the change
	 * (create: the body; update: the stored record with the changes;
	 * archive: the stored record), or with NULL to ask whether the caller
	 * may write any record at all (to offer the forms). Returns 0,
	 * ERR_UNAUTH or ERR_FORBIDDEN.
	 */
	int (*may_write)(struct request *r, const json_t *rec);
	/*
	 * The rules of a create and an update that are more than
	 * record_create() / record_update() (a session's check-in code, an
	 * enrolment's first event, a co-builder's shares), for the API and
	 * the pages alike: called with id 0 to create, the record's id to
	 * update; *out is the record written (with its id), which the API
	 * answers. NULL: the plain write.
	 */
	record_rule_fn *create;
	record_rule_fn *update;
	/*
	 * The scope of a picker of the table (record_pick(), the pick
	 * endpoint and what a form's reference resolves to), when it is not
	 * the list's: a caller who may not browse the table still names the
	 * records its work involves (a firm its trainees, not the people's
	 * directory). Called as `scope` is, and replaces the read check and
	 * `scope` for pickers only; NULL: pickers search what the list
	 * shows.
	 */
	int (*pick)(struct request *r, struct record_filter *f,
		    const json_t *rec);
	/*
	 * The rules of an archive that are more than record_archive() (a
	 * session frees its room booking), for the API and the pages:
	 * called with the record's id and `in` NULL; *out is the record
	 * archived. NULL: the plain archive.
	 */
	record_rule_fn *archive;
};

/*
 * The write check of `api` for `rec` (NULL: any record), through its
 * may_write hook when it has one.
 */
int record_api_may_write(struct request *r, const struct record_api *api,
			 const json_t *rec);

/*
 * The write check of changing record `id` of `api`'s table by `changes`
 * (NULL: archiving it): the hook judges the stored record, and then the
 * stored record with the changes, so that a record can neither be changed
 * by someone who may not write it nor be moved into their reach. A record
 * that does not exist passes, for the change to answer 404 as usual.
 */
int record_api_may_change(struct request *r, const struct record_api *api,
			  int64_t id, json_t *changes);

/*
 * The read check of a list for `api`: its scope hook's refusal when it
 * has one (the hook narrows the list in record_api_filter()), otherwise
 * the read permission. 0 or ERR_UNAUTH / ERR_FORBIDDEN.
 */
int record_api_may_list(struct request *r, const struct record_api *api);

/* Whether the caller may read `rec` of `api`'s table: 0 or an error. */
int record_api_may_read(struct request *r, const struct record_api *api,
			const json_t *rec);

/*
 * The routes of a described table's JSON API, as rows of a route table,
 * each naming who may call it (http.h route.perm): `read` for the list and
 * a record, `write` for changes — the api's own read and write
 * permissions (record_routes_check() holds them equal). The reads and the
 * writes apart, for a table read through a view of it (two record_apis)
 * or written only by rules. A table whose scope hook (reads) or may_write
 * hook (writes) narrows what each caller sees or changes still names the
 * permission that admits the roles the hook lets through.
 */
#define RECORD_API_READ_ROUTES(path, api, read)				\
	{ HTTP_GET, path, record_api_list, 0, api, read },		\
	{ HTTP_GET, path "/:id", record_api_get, 0, api, read }

#define RECORD_API_WRITE_ROUTES(path, api, write)			\
	{ HTTP_POST, path, record_api_create, 0, api, write },		\
	{ HTTP_PATCH, path "/:id", record_api_update, 0, api, write },	\
	{ HTTP_DELETE, path "/:id", record_api_archive, 0, api, write }

#define RECORD_API_ROUTES(path, api, read, write)			\
	RECORD_API_READ_ROUTES(path, api, read),			\
	RECORD_API_WRITE_ROUTES(path, api, write)

/*
 * The import (XLSX or CSV) of a table that takes one
 * (record_api_imports()): POST path/import, for those who may write it.
 * record_routes_check() refuses it on a table that takes none.
 */
#define RECORD_API_IMPORT_ROUTE(path, api, write)			\
	{ HTTP_POST, path "/import", record_api_import, ROUTE_LONG, api,	\
	  write }

/*
 * Whether every row of `table` (ended by a NULL pattern) that a generic
 * record handler serves names its record_api's permission (read for
 * reads, write for changes), and an import only of a table that takes
 * one: 0, or ERR_INVALID after logging the first row that does not. cli
 * checks every table at start-up.
 */
int record_routes_check(const struct route *table);

int record_api_list(struct request *r);
int record_api_get(struct request *r);
int record_api_create(struct request *r);
int record_api_update(struct request *r);
int record_api_archive(struct request *r);

/* A write of a record, as the generic handlers make it. */
enum record_write { RECORD_CREATE, RECORD_UPDATE, RECORD_ARCHIVE };

/*
 * Write a record of `api`'s table as `p`, the one place the API's and
 * the pages' generic handlers choose how: through the api's hook for
 * `what` (create, update, archive) when it has one, its answer in *out
 * (a new reference, the caller's), else through record_create(),
 * record_update() or record_archive(), *out NULL. Record *id is the one
 * updated or archived, and on a create receives the new one's. `in` is
 * the record's fields (NULL to archive). 0 or the refusal in *pb.
 */
int record_api_write(struct db *db, const struct record_api *api,
		     const struct principal *p, enum record_write what,
		     int64_t *id, json_t *in, json_t **out,
		     struct problem *pb);

/*
 * POST .../import?mode=dry_run|all_or_nothing|valid_only with the file as
 * the body: a CSV file (UTF-8, with or without BOM, or GB18030), or an
 * XLSX workbook (told by its content or a Content-Type of the
 * spreadsheetml type): 200 with the import's report (import.h) when it
 * went through or was a dry run; 400 naming the first bad line and
 * column when it was refused; 413 naming the line past a limit (rows,
 * or the XLSX reader's).
 */
int record_api_import(struct request *r);

/*
 * The columns an import of `api`'s table takes: its own import_columns,
 * else those of the table flagged REC_IMPORT (in r's arena); *n of them.
 * NULL when the table takes no import.
 */
const struct import_column *record_api_import_columns(struct request *r,
		const struct record_api *api, size_t *n);

/* Whether `api`'s table takes an import: import_columns or REC_IMPORT. */
bool record_api_imports(const struct record_api *api);

/*
 * Run an import of records of `api`'s table as the caller, from a CSV or
 * XLSX file (import_format_of() judges by `content_type`, which may be
 * NULL, and the content). Cells are read as the export writes them
 * (record/import.c: labels, titles, 元, ㎡, hours, Beijing time), and the
 * export's columns the import does not take are accepted and ignored;
 * every row is checked as a create would be (record_validate()), and in
 * a writing mode created with its audit row inside the import's
 * transaction. See import_run() for the modes, *result and the errors;
 * ERR_NOTFOUND when the table takes no import.
 */
int record_import(struct request *r, const struct record_api *api,
		  const char *mode, const char *content_type,
		  const char *data, size_t len, json_t **result,
		  struct problem *pb);

/*
 * The cells of an imported row of `t` (import.h: a string per non-empty
 * cell, null for an empty one) as an API client would send them, read as
 * the export writes them and people type them: an enumeration by its
 * code or its label in either language; a reference by the title or
 * code of the live record (record_find_titled()), else by its id; money
 * in 元 and areas in ㎡ with at most two decimals (money_parse_yuan());
 * durations in hours (rounded to minutes); times in Beijing time
 * (time_parse_local()) or stored UTC; other integers in digits. Empty
 * optional cells are left out, as a form leaves them. In place; a cell
 * that is no value of its kind stays a string for record_validate() to
 * name. Returns 0; ERR_INVALID naming the column for a reference no
 * record or several have, or money, an area, hours or a time that do not
 * read (a constant English message, for page_message()); or a database
 * error. Catalog labels come from page_text_in().
 */
int record_import_cells(struct db *db, const struct record_table *t,
			json_t *row, struct problem *pb);

/*
 * Pickers (pick.c): a reference is chosen by its referenced record's
 * title (record.h), searched within what the caller may list.
 *
 * record_apis_register(): remember, of each route of `table` (ended by a
 *	NULL pattern) that lists a registered table's own records
 *	(record_api_list, or the list page record_page_list), its
 *	record_api: the one a picker of that table searches through, with
 *	its scope; an api over a view of the table (the same audit entity)
 *	when the table has none of its own. cli calls it for every route
 *	table at start-up, after record_register(); the first list route
 *	of a table counts.
 * record_api_of(): that api of `t`, or NULL.
 * record_pick(): the records of `t` the caller may list whose search
 *	columns or title contain `q` (NULL or "": the first ones), the one
 *	whose title or code is `q` first, at most `limit`, as [{id,
 *	title}] in *items (a new reference, an array even
 *	on error). ERR_NOTFOUND when `t` has no title or no api, the scope's
 *	refusal, or a database error.
 * record_api_pick(): GET /api/v1/pick/:table?q=TEXT, {"items": [{id,
 *	title}]}, at most RECORD_PICK_MAX; 404 for a table no picker
 *	searches.
 * record_ref_resolve(): the value of reference column `c` a form or a
 *	filter sent: `id`, the picker's choice (the field COLUMN), and
 *	`text`, what its text input showed (COLUMN_text; NULL when the
 *	field had none, and `id` is read as a plain id). The id stands
 *	while `text` is its record's title; otherwise `text` is searched
 *	(record_pick()) and stands for the one match, or the one whose
 *	title it is exactly; a caller who may list none of the table may
 *	type an id, which the rule then judges. "" is null. 0 with *value
 *	(a new reference), or ERR_INVALID with *value the text as typed
 *	and *why saying that nothing or several match (a static English
 *	sentence the catalogs' `messages` translate); or a database error.
 */
#define RECORD_PICK_MAX 10
void record_apis_register(const struct route *table);
const struct record_api *record_api_of(const struct record_table *t);
int record_pick(struct request *r, const struct record_table *t,
		const char *q, int64_t limit, json_t **items);
int record_api_pick(struct request *r);
int record_ref_resolve(struct request *r, const struct record_column *c,
		       const char *id, const char *text, json_t **value,
		       const char **why);

/*
 * record_picker() and record_ref_resolve() for a reference to `table`
 * named by its SQL name: the page hooks (page.h) through which a page
 * below the kit picks records by name. record_picker_of() is NULL when
 * no picker searches the table.
 */
json_t *record_picker_of(struct request *r, const char *table, json_t *v,
			 bool typed);
int record_pick_of(struct request *r, const char *table, const char *id,
		   const char *text, json_t **value, const char **why);

/*
 * The title of record `id` of `table` (its SQL name) into *title (in the
 * request), when the caller may pick it (the table's list api's pick
 * hook, or else its scope); ERR_NOTFOUND when not, or a database error:
 * the page hook by which a confirmation names the record (page_confirm()).
 */
int record_title_of(struct request *r, const char *table, int64_t id,
		    const char **title);

/* The kit's own routes: the pickers' search. */
extern const struct route record_routes[];

/*
 * Read a list's query arguments for `api` into *f (q, archived, the
 * filters, limit, offset). Returns 0 or ERR_INVALID naming the argument.
 * Shared with pages, which take the same arguments.
 */
int record_api_filter(struct request *r, const struct record_api *api,
		      struct record_filter *f);

/*
 * Read a list's `sort` argument into f->sort and f->desc: a column of
 * `t`, the table listed, that record_sort_problem() accepts, "-" before
 * it for descending order. Returns 0 or ERR_INVALID naming "sort".
 */
int record_api_sort(struct request *r, const struct record_table *t,
		    struct record_filter *f);

/*
 * For handlers of their own: may the caller read records of `api`
 * (record_api_may_list()), and the rows it may see narrowed into *f by
 * the scope hook; check one record against *f with record_scope_apply(f,
 * NULL, rec). 0 or the refusal.
 */
int record_api_read_scope(struct request *r, const struct record_api *api,
			  struct record_filter *f);

/*
 * For scope hooks whose rows belong to one organisation or person: apply
 * the narrowing `mine` (scope_col, scope_col_val; no scope_col: every row)
 * the way the hook is asked to. Copies it into *f when f is given, and
 * when rec is given returns ERR_NOTFOUND unless rec's scope_col holds the
 * value (a value <= 0 matches nothing). Returns 0 otherwise.
 */
int record_scope_apply(const struct record_filter *mine,
		       struct record_filter *f, const json_t *rec);

#endif
