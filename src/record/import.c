/*
 * import.c - CSV imports of described tables (record_import() in api.h):
 * the import module reads and reports; this file says how a row of a
 * described table is checked and written.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "import/import.h"
#include "record/api.h"
#include "record/pages.h"

struct import_ctx {
	struct db *db;
	const struct record_table *table;
	const struct audit_actor *actor;
};

/*
 * Cells arrive as strings (or null when empty); give integer and
 * reference columns their numbers, so the row is what an API client would
 * send. A cell that is not a number stays a string for the check to name.
 */
static void
type_row(const struct record_table *t, json_t *row)
{
	for (const struct record_column *c = t->columns; c->name; c++) {
		json_t *v = json_object_get(row, c->name);
		const char *s;
		char *end;
		long long n;

		if (!json_is_string(v) || !record_type_integral(c->type))
			continue;
		s = json_string_value(v);
		n = strtoll(s, &end, 10);
		if (*s && !*end)
			json_object_set_new(row, c->name, json_integer(n));
	}
	/* An empty optional cell: leave the column out, as a form would. */
	for (const struct record_column *c = t->columns; c->name; c++)
		if (json_is_null(json_object_get(row, c->name)) &&
		    !(c->flags & REC_REQUIRED))
			json_object_del(row, c->name);
}

static int
check_row(void *cls, size_t line, json_t *row, struct problem *pb)
{
	struct import_ctx *ctx = cls;

	(void)line;
	type_row(ctx->table, row);
	return record_validate(ctx->db, ctx->table, row, true, pb);
}

static int
apply_row(void *cls, size_t line, json_t *row, struct problem *pb)
{
	struct import_ctx *ctx = cls;
	int64_t id;

	(void)line;
	return record_create_in(ctx->db, ctx->table, ctx->actor, row, &id, pb);
}

const struct import_column *
record_api_import_columns(struct request *r, const struct record_api *api,
			  size_t *n)
{
	if (api->import_columns) {
		*n = api->nimport;
		return api->import_columns;
	}
	return record_import_columns(r, api->table, n);
}

bool
record_api_imports(const struct record_api *api)
{
	if (api->import_columns)
		return api->nimport > 0;
	for (const struct record_column *c = api->table->columns; c->name;
	     c++)
		if (c->flags & REC_IMPORT)
			return true;
	return false;
}

int
record_import(struct request *r, const struct record_api *api,
	      const char *mode, const char *data, size_t len,
	      json_t **result, struct problem *pb)
{
	const struct principal *p = auth_principal(r);
	struct import_ctx ctx = { r->db, api->table, &p->actor };
	struct import_spec spec = {
		NULL, 0, check_row, apply_row, &ctx,
	};
	enum import_mode m;

	*result = NULL;
	spec.cols = record_api_import_columns(r, api, &spec.ncols);
	if (import_mode_parse(mode, &m))
		return problem(pb, ERR_INVALID, "mode", "mode must be "
			       "dry_run, all_or_nothing or valid_only");
	return import_run(r->db, &spec, m, data, len, result, pb);
}

int
record_api_import(struct request *r)
{
	const struct record_api *api = r->route_data;
	struct problem pb = { 0 };
	json_t *result;
	size_t ncols;
	int rc;

	if ((rc = auth_require(auth_principal(r), api->write, 0)))
		return rc;
	if (!record_api_import_columns(r, api, &ncols))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	rc = record_import(r, api, http_query(r, "mode"), r->body,
			   r->body_len, &result, &pb);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		json_t *first = json_array_get(json_object_get(result,
						"errors"), 0);
		long long line = json_integer_value(json_object_get(first,
							"line"));

		/* pb's strings live in result: copy them out first. */
		if (line > 0)
			rc = http_fail(r, rc, pb.field, "line %lld: %s", line,
				       pb.message ? pb.message : "refused");
		else
			rc = http_problem(r, rc, &pb);
		json_decref(result);
		return rc;
	}
	if (rc) {
		rc = http_problem(r, rc, &pb);
		json_decref(result);
		return rc;
	}
	return http_json(r, 200, result);
}
