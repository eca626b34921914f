/*
 * import.c - CSV and XLSX imports of described tables (record_import() in
 * api.h): the import module reads and reports; this file says how a row
 * of a described table is read and written.
 *
 * Cells are read as an export writes them and a person types them, by
 * the column's kind: an enumeration by its label in either language or
 * its code, a reference by the title or code of the record (or its id),
 * money in 元 and areas in ㎡ with two decimals, durations in hours,
 * times in Beijing time. A cell that does not read as its kind is
 * refused on its row, naming the column.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/money.h"
#include "base/time.h"
#include "export/export.h"
#include "import/import.h"
#include "page/page.h"
#include "record/api.h"
#include "record/pages.h"

struct import_ctx {
	struct db *db;
	const struct record_table *table;
	const struct audit_actor *actor;
};

/* The code of enumeration column `c` whose code or label is `s`, or NULL. */
static const char *
enum_code(const struct record_table *t, const struct record_column *c,
	  const char *s)
{
	static const char *const langs[] = { "zh-CN", "en" };
	char key[256];

	for (const char *const *v = c->values; *v; v++) {
		if (!strcasecmp(s, *v))
			return *v;
		snprintf(key, sizeof(key), "%s.%s_values.%s", t->prefix,
			 c->name, *v);
		for (size_t i = 0; i < ARRAY_SIZE(langs); i++)
			if (!strcasecmp(s, page_text_in(langs[i], key)))
				return *v;
	}
	return NULL;
}

/* Whether `s` is a decimal number of digits only. */
static bool
all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * The id of the record of reference column `c` that `s` names: by its
 * title or code (record_find_titled()), else by its id when `s` is one.
 */
static int
ref_id(struct db *db, const struct record_column *c, const char *s,
       json_t **v, struct problem *pb)
{
	const struct record_table *ref = record_table_named(c->ref);
	int64_t id;
	int rc = ref && ref->title ? record_find_titled(db, ref, s, &id) :
		 ERR_NOTFOUND;

	if (rc == ERR_CONFLICT)
		return problem_key(pb, ERR_INVALID, c->name,
				   "import.err.ambiguous",
				   "several records have this name or code");
	if (rc == ERR_NOTFOUND && all_digits(s))
		return 0;	/* an id, for type_cell() to read */
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, ERR_INVALID, c->name,
				   "import.err.no_match",
				   "no record has this name or code");
	if (!rc)
		*v = json_integer(id);
	return rc;
}

/* Hours with decimals ("1.5") as whole minutes (90); false if not. */
static bool
hours_minutes(const char *s, int64_t *minutes)
{
	char *end;
	double h = strtod(s, &end);

	if (end == s || *end || !isfinite(h) || fabs(h) > 1e9)
		return false;
	*minutes = (int64_t)llround(h * 60.0);
	return true;
}

/*
 * Read cell `s` of column `c` as its kind into *v (a new value), or
 * leave *v NULL to keep the text for record_validate() to judge. Returns
 * 0, a refusal of the row naming the column, or a database error.
 */
static int
read_cell(struct db *db, const struct record_table *t,
	  const struct record_column *c, const char *s, json_t **v,
	  struct problem *pb)
{
	char utc[TIME_UTC_LEN + 1];
	const char *code;
	int64_t n;
	time_t when;

	*v = NULL;
	switch (c->type) {
	case REC_ENUM:
		if ((code = enum_code(t, c, s)))
			*v = json_string(code);
		return 0;
	case REC_REF:
		return ref_id(db, c, s, v, pb);
	case REC_MONEY:
		if (money_parse_yuan(s, &n))
			return problem_key(pb, ERR_INVALID, c->name,
					   "import.err.amount",
					   "not an amount in yuan, such as "
					   "1,234.50");
		*v = json_integer(n);
		return 0;
	case REC_AREA:
		/* ㎡ with two decimals, written as 元 are. */
		if (money_parse_yuan(s, &n))
			return problem_key(pb, ERR_INVALID, c->name,
					   "import.err.area",
					   "not an area in square metres, "
					   "such as 120.50");
		*v = json_integer(n);
		return 0;
	case REC_DURATION:
		if (!hours_minutes(s, &n))
			return problem_key(pb, ERR_INVALID, c->name,
					   "import.err.hours",
					   "not a number of hours, such as "
					   "1.5");
		*v = json_integer(n);
		return 0;
	case REC_DATETIME:
		if (!time_parse_utc(s, &when))
			return 0;		/* stored UTC, as the API's */
		if (time_parse_local(s, utc, sizeof(utc)))
			return problem_key(pb, ERR_INVALID, c->name,
					   "import.err.time",
					   "not a Beijing time, YYYY-MM-DD "
					   "HH:MM");
		*v = json_string(utc);
		return 0;
	case REC_INT:
	case REC_TEXT:
	case REC_DATE:
		return 0;
	}
	return 0;
}

int
record_import_cells(struct db *db, const struct record_table *t, json_t *row,
		    struct problem *pb)
{
	int rc;

	for (const struct record_column *c = t->columns; c->name; c++) {
		json_t *v = json_object_get(row, c->name), *typed;
		const char *s;
		char *end;
		long long n;

		if (!json_is_string(v))
			continue;
		s = json_string_value(v);
		if ((rc = read_cell(db, t, c, s, &typed, pb)))
			return rc;
		if (typed) {
			json_object_set_new(row, c->name, typed);
			continue;
		}
		if (!record_type_integral(c->type))
			continue;
		n = strtoll(s, &end, 10);
		if (*s && !*end)
			json_object_set_new(row, c->name, json_integer(n));
	}
	/* An empty optional cell: leave the column out, as a form would. */
	for (const struct record_column *c = t->columns; c->name; c++)
		if (json_is_null(json_object_get(row, c->name)) &&
		    !(c->flags & REC_REQUIRED))
			json_object_del(row, c->name);
	return 0;
}

static int
check_row(void *cls, size_t line, json_t *row, struct problem *pb)
{
	struct import_ctx *ctx = cls;
	int rc;

	(void)line;
	rc = record_import_cells(ctx->db, ctx->table, row, pb);
	if (rc)
		return rc;
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

/* Whether `key` is one of the n columns `cols`. */
static bool
has_column(const struct import_column *cols, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(cols[i].key, key))
			return true;
	return false;
}

/*
 * The columns of an import of `api` (in r's arena): those it takes, then
 * the other columns of its table's export, ignored (import.h), so that
 * an exported file imports back. NULL when it takes none.
 */
static const struct import_column *
spec_columns(struct request *r, const struct record_api *api, size_t *n)
{
	const struct import_column *in;
	const struct export_column *out;
	struct import_column *cols;
	size_t nin, nout;

	*n = 0;
	in = record_api_import_columns(r, api, &nin);
	out = record_export_columns(r, api->table, &nout);
	if (!in || !(cols = arena_new(&r->arena, struct import_column,
				      nin + nout)))
		return NULL;
	memcpy(cols, in, nin * sizeof(*cols));
	*n = nin;
	for (size_t i = 0; out && i < nout; i++)
		if (!has_column(in, nin, out[i].key))
			cols[(*n)++] = (struct import_column){
				out[i].key,
				page_text_in("zh-CN", out[i].header_key),
				page_text_in("en", out[i].header_key),
				false, NULL, true,
			};
	return cols;
}

int
record_import(struct request *r, const struct record_api *api,
	      const char *mode, const char *content_type, const char *data,
	      size_t len, json_t **result, struct problem *pb)
{
	const struct principal *p = auth_principal(r);
	struct import_ctx ctx = { r->db, api->table, &p->actor };
	struct import_spec spec = {
		NULL, 0, check_row, apply_row, &ctx,
	};
	enum import_mode m;

	*result = NULL;
	if (import_mode_parse(mode, &m))
		return problem_key(pb, ERR_INVALID, "mode",
				   "import.err.mode",
				   "mode must be dry_run, all_or_nothing or "
				   "valid_only");
	spec.cols = spec_columns(r, api, &spec.ncols);
	if (!spec.cols)
		return problem(pb, ERR_NOTFOUND, NULL, "no such resource");
	return import_run(r->db, &spec, m, import_format_of(content_type,
			  data, len), data, len, result, pb);
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
	rc = record_import(r, api, http_query(r, "mode"),
			   http_header(r, "Content-Type"), r->body,
			   r->body_len, &result, &pb);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_TOOBIG) {
		json_t *first = json_array_get(json_object_get(result,
						"errors"), 0);
		long long line = record_int(first, "line");

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
