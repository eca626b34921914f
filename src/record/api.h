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
 * Lists take `q` (search), `archived=1`, `limit`, `offset`, and an
 * equality filter for each name in `filters` (a query argument of the
 * same name).
 */
#ifndef JG_RECORD_API_H
#define JG_RECORD_API_H

#include "auth/auth.h"
#include "http/http.h"
#include "record/record.h"

struct import_column;

struct record_api {
	const struct record_table *table;
	enum perm read;
	enum perm write;
	const char *filters[5];		/* query arguments that filter */
	/* The columns a CSV import takes (import.h); none: no import. */
	const struct import_column *import_columns;
	size_t nimport;
	/*
	 * Optional: which rows the caller may read, for tables whose rows
	 * belong to an organisation or a person. When set, it replaces the
	 * `read` check of lists, exports and single reads: it returns
	 * ERR_UNAUTH or ERR_FORBIDDEN, or 0 having set f->scope_col and
	 * f->scope_col_val (rows of that value only) or left them unset
	 * (every row). A single read outside the scope is a 404.
	 */
	int (*scope)(const struct principal *p, struct record_filter *f);
};

int record_api_list(struct request *r);
int record_api_get(struct request *r);
int record_api_create(struct request *r);
int record_api_update(struct request *r);
int record_api_archive(struct request *r);

/*
 * POST .../import?mode=dry_run|all_or_nothing|valid_only with the CSV file
 * as the body (UTF-8, with or without BOM, or GB18030): 200 with the
 * import's report (import.h) when it went through or was a dry run; 400
 * naming the first bad line and column when it was refused.
 */
int record_api_import(struct request *r);

/*
 * Run a CSV import of records of `api`'s table as the caller: every row
 * checked as a create would be (record_validate()), and in a writing mode
 * created with its audit row inside the import's transaction. See
 * import_run() for the modes, *result and the errors.
 */
int record_import(struct request *r, const struct record_api *api,
		  const char *mode, const char *data, size_t len,
		  json_t **result, struct problem *pb);

/*
 * Read a list's query arguments for `api` into *f (q, archived, the
 * filters, limit, offset). Returns 0 or ERR_INVALID naming the argument.
 * Shared with pages, which take the same arguments.
 */
int record_api_filter(struct request *r, const struct record_api *api,
		      struct record_filter *f);

/*
 * May the caller of `r` read records of `api`: the `read` permission, or
 * the api's scope (which then narrows *f). 0 or the refusal.
 */
int record_api_read_scope(struct request *r, const struct record_api *api,
			  struct record_filter *f);

/*
 * Whether `rec` lies inside the scope record_api_read_scope() set in `f`:
 * 0, or ERR_NOTFOUND (answered like a record that does not exist).
 */
int record_api_in_scope(const struct record_filter *f, json_t *rec);

#endif
