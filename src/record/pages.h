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
 * Page data: `items` (list), `record` (detail), `choices.COLUMN` for enum
 * columns ([{value, label, selected}]), `COLUMN_label` beside each enum
 * value, `filters` (the query's values), `pager`, `base` (the base path),
 * `can_write`; a form gets `fields` ([{name, label, type, value, error,
 * required, is_select, options, maxlength, numeric}]) made from the table,
 * so the one template record/form serves every table; BASE/new?COLUMN=V
 * starts the form with those values. Labels come from
 * the catalog at "PREFIX.COLUMN" and "PREFIX.COLUMN_values.VALUE"; titles
 * at "PREFIX.list", "PREFIX.detail", "PREFIX.new", "PREFIX.edit".
 */
#ifndef JG_RECORD_PAGES_H
#define JG_RECORD_PAGES_H

#include <jansson.h>

#include "http/http.h"
#include "record/api.h"

struct db;
struct export_column;
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
	 * event); NULL: record_create(). Same contract as record_create().
	 */
	int (*create)(struct db *db, const struct principal *p, json_t *in,
		      int64_t *id, struct problem *pb);
	/* Likewise for an update; NULL: record_update(). */
	int (*update)(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, struct problem *pb);
};

int record_page_list(struct request *r);
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
 * multipart form with `file` and `mode`, answered with the report on the
 * same page), and the template (GET BASE/import/template, a CSV with the
 * headers in the caller's language and an example row).
 */
int record_page_import_form(struct request *r);
int record_page_import(struct request *r);
int record_page_import_template(struct request *r);

/* Labels of the enum columns of each record in `items` (in place). */
void record_page_labels(struct request *r, const struct record_pages *pg,
			json_t *items);

#endif
