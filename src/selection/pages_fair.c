/*
 * pages_fair.c - a regional fair's import page (区域双选会, issue 20).
 *
 * Staff upload the three CSV files of `jianggu match` for an open round
 * scoped to a region (GET and POST /selection/rounds/:id/import): 检查
 * checks them and writes nothing, 导入 writes them all or nothing, both
 * through sel_round_import(), the rule the API calls, so the page and
 * the API check, write and audit alike. A file is taken in UTF-8, with
 * or without a BOM, or in GB18030 as Excel saves it in China
 * (import_decode()). The page says each file's columns, with an example
 * to download (web/static/fair/), and how large the files may be
 * together (the server's request body cap); the result shows the counts
 * and every refused row — its file, line and column, and why in the
 * reader's language — and says nothing was written. A good import goes
 * back to the round with a flash naming what it imported.
 */
#include <stdbool.h>
#include <string.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "http/form.h"
#include "import/import.h"
#include "match/match_csv.h"
#include "page/page.h"
#include "record/api.h"
#include "selection/pages.h"
#include "selection/selection_int.h"

/* The text at "selection.import.GROUP.NAME" in the reader's language,
 * or `fallback` when the catalog lacks it. */
static const char *
label_of(struct request *r, const char *group, const char *name,
	const char *fallback)
{
	return page_text_or(r, arena_printf(&r->arena,
			    "selection.import.%s.%s", group, name), fallback);
}

/* "11 MB": how large the files may be together, for people. */
static const char *
size_text(struct request *r, size_t bytes)
{
	if (bytes >= (size_t)1 << 20)
		return arena_printf(&r->arena, bytes % ((size_t)1 << 20) ?
				    "%.1f MB" : "%.0f MB",
				    (double)bytes / (double)(1 << 20));
	return arena_printf(&r->arena, "%zu KB", bytes >> 10);
}

/*
 * A refused row of the report as the page shows it: the file and the
 * column by their labels, the reason from its key (a refusal of the
 * loader, whose key says only that the file is not in form, adds its
 * sentence, translated where the catalog has it).
 */
static void
row_view(struct request *r, json_t *e)
{
	const char *file = json_string_value(json_object_get(e, "file"));
	const char *column = json_string_value(json_object_get(e, "column"));
	const char *key = json_string_value(json_object_get(e, "key"));
	const char *message = json_string_value(json_object_get(e, "message"));
	json_t *args = json_object_get(e, "args"), *vars;
	const char *reason, *detailed;
	struct problem pb = {
		column, message, key,
		json_integer_value(json_object_get(e, "min")),
		json_integer_value(json_object_get(e, "max")),
	};

	for (size_t i = 0; i < PROBLEM_ARGS; i++)
		pb.arg[i] = json_string_value(json_array_get(args, i));
	json_object_set_new(e, "file_label", json_string(file ? label_of(r,
			    "file_values", file, file) : "—"));
	json_object_set_new(e, "column_label", json_string(column ?
			    label_of(r, "column_values", column, column) :
			    "—"));
	reason = page_problem(r, &pb, NULL);
	if (key && !strcmp(key, "selection.import.err.format") && message) {
		vars = http_own(r, json_pack("{s:s,s:s}", "reason", reason,
				"detail", page_message(r, message)));
		detailed = page_text_with(r, "selection.import.reason_detail",
					  vars);
		reason = detailed ? detailed : reason;
	}
	json_object_set_new(e, "reason", json_string(reason));
}

/* What the import page shows beside its form. */
struct import_view {
	json_t *report;		/* of a check or a refused import, or NULL */
	const json_t *errors;	/* messages beside the files, by file */
	const char *error;	/* a message above the form */
	const char *closed;	/* why there is no form: the round's state */
};

/* The import page of round `id`, showing `v`. */
static int
render(struct request *r, int64_t id, const struct import_view *v)
{
	json_t *files = http_own(r, json_array()), *e, *report = v->report;
	json_t *size = http_own(r, json_pack("{s:s}", "size",
			     size_text(r, http_max_body(r))));
	const char *name = NULL, *heading = NULL, *verdict;
	size_t i, nrows;
	int rc;

	rc = record_title_of(r, "selection_round", id, &name);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (name)
		heading = page_text_with(r, "selection.import.heading",
			http_own(r, json_pack("{s:s}", "round", name)));
	for (i = 0; i < MATCH_CSV_NFILES; i++) {
		const char *file = sel_fair_files[i];

		json_array_append_new(files, json_pack("{s:s,s:s,s:s,s:s,s:s?}",
			"name", file, "label", label_of(r, "file_values", file,
			file), "help", label_of(r, "help_values", file, ""),
			"example", arena_printf(&r->arena,
			"/static/fair/%s.csv", file), "error",
			json_string_value(json_object_get(v->errors, file))));
	}
	if (report) {
		nrows = json_array_size(json_object_get(report, "errors"));
		json_array_foreach(json_object_get(report, "errors"), i, e)
			row_view(r, e);
		verdict = page_text_with(r, nrows ? "selection.import.refused" :
					 "selection.import.checked", report);
		json_object_set_new(report, "verdict", json_string(verdict ?
				    verdict : ""));
		json_object_set_new(report, "refused", json_boolean(nrows));
		if (nrows >= SELECTION_FAIR_ERRORS_MAX)
			json_object_set_new(report, "truncated", json_string(
				page_text_with(r, "selection.import.truncated",
				http_own(r, json_pack("{s:i}", "max",
				SELECTION_FAIR_ERRORS_MAX)))));
	}
	return page_render(r, "selection/import", "selection.import.title",
		json_pack("{s:I,s:s,s:O,s:s?,s:O?,s:s?,s:s?}", "round_id",
		(json_int_t)id, "heading", heading ? heading : page_text(r,
		"selection_round.detail"), "files", files, "buttons",
		page_text_with(r, "selection.import.buttons", size), "result",
		report, "error", v->error, "closed", v->closed));
}

/*
 * Whether round `id` takes the caller's lists now (sel_fair_round()): 0
 * and *open if so; else the page is answered (*open false) — for a
 * round of another scope or one locked, with why instead of the form
 * and `status`; for anything else, the error.
 */
static int
importable(struct request *r, int64_t id, int status, bool *open)
{
	struct problem pb = { 0 };
	struct sel_round round;
	int rc;

	rc = sel_fair_round(r->db, auth_principal(r), id, &round, &pb);
	*open = !rc;
	if (rc != ERR_CONFLICT)
		return rc ? http_problem(r, rc, &pb) : 0;
	r->status = status;
	return render(r, id, &(struct import_view){
		.closed = page_problem(r, &pb, NULL) });
}

/* GET /selection/rounds/:id/import: the form, or why there is none. */
static int
import_form(struct request *r)
{
	int64_t id;
	bool open;
	int rc;

	if (http_param_id(r, "id", &id))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	if ((rc = importable(r, id, 200, &open)) || !open)
		return rc;
	return render(r, id, &(struct import_view){ 0 });
}

/*
 * The file `name` of form `f` as UTF-8 text into in.NAME: as sent (the
 * CSV reader skips a BOM), or converted from GB18030. A file missing,
 * empty or in neither encoding is refused (ERR_INVALID) with its
 * message, in the reader's words, in errors.NAME.
 */
static int
read_file(struct request *r, const struct form *f, const char *name,
	  json_t *in, json_t *errors)
{
	const struct form_field *fl = form_field(f, name);
	const char *why;
	size_t bad_line = 0;
	struct buf b;
	int rc;

	if (!fl || !fl->filename || !fl->len) {
		json_object_set_new(errors, name, json_string(page_text(r,
				    "selection.import.no_file")));
		return ERR_INVALID;
	}
	if (utf8_valid(fl->value, fl->len)) {
		json_object_set_new(in, name, json_stringn(fl->value,
				    fl->len));
		return 0;
	}
	/* On the heap, not in the request's arena: as large as the file. */
	buf_init(&b, NULL, 2 * fl->len + 16);
	rc = import_decode(&b, fl->value, fl->len, &bad_line);
	if (!rc)
		json_object_set_new(in, name, json_stringn(b.ptr, b.len));
	buf_release(&b);
	if (rc == ERR_INVALID) {
		why = page_text_with(r, "selection.import.encoding",
				     http_own(r, json_pack("{s:I}", "line",
				     (json_int_t)bad_line)));
		json_object_set_new(errors, name, json_string(why ? why :
				    ""));
	}
	return rc;
}

/* Back to round `id`, saying what `report` imported into it. */
static int
imported(struct request *r, int64_t id, json_t *report)
{
	const char *name = NULL;
	int rc = record_title_of(r, "selection_round", id, &name);

	if (rc && rc != ERR_NOTFOUND)
		return rc;
	json_object_set_new(report, "round", json_string(name ? name : ""));
	if ((rc = page_flash_with(r, "success", "selection.import.done",
				  "common.saved", report)))
		return rc;
	return http_redirect(r, arena_printf(&r->arena,
			     "/selection/rounds/%lld", (long long)id));
}

/*
 * POST /selection/rounds/:id/import (multipart: the three files and
 * `mode`, the button pressed): a good import back to the round, saying
 * what it imported; a check's report (200) or a refusal's (400) on the
 * page, nothing written.
 */
static int
import_post(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	json_t *in, *errors, *out = NULL;
	const char *why;
	int64_t id;
	bool open;
	int rc = 0, one;

	if (http_param_id(r, "id", &id))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	if ((rc = importable(r, id, 409, &open)) || !open)
		return rc;
	if ((rc = http_read_form(r, &f)))
		return rc;
	in = http_own(r, json_pack("{s:s?}", "mode", form_get(f, "mode")));
	errors = http_own(r, json_object());
	for (size_t i = 0; i < MATCH_CSV_NFILES; i++) {
		one = read_file(r, f, sel_fair_files[i], in, errors);
		if (one && one != ERR_INVALID)
			return one;
		rc = rc ? rc : one;
	}
	if (rc) {
		r->status = 400;
		return render(r, id, &(struct import_view){ .errors = errors });
	}
	rc = sel_round_import(r->db, p, id, in, &out, &pb);
	http_own(r, out);
	if (rc == ERR_INVALID && !json_array_size(json_object_get(out,
							       "errors"))) {
		why = page_problem(r, &pb, NULL);
		r->status = 400;
		return render(r, id, &(struct import_view){ .error = why ? why :
			      page_message(r, "the files are refused") });
	}
	if (rc && rc != ERR_INVALID)
		return http_problem(r, rc, &pb);
	if (!rc && json_is_true(json_object_get(out, "applied")))
		return imported(r, id, out);
	r->status = rc ? 400 : 200;
	return render(r, id, &(struct import_view){ .report = out });
}

int
sel_fair_round_view(struct request *r, const struct sel_round *round,
		    json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	struct sel_round now;
	const char *why;
	json_t *vars;
	int rc;

	if (!auth_is_staff(p) || strcmp(round->scope, "region"))
		return 0;
	rc = sel_fair_round(r->db, p, round->id, &now, &pb);
	if (!rc) {
		json_object_set_new(data, "fair", json_pack("{s:b}",
				    "can_import", 1));
		return 0;
	}
	if (rc != ERR_CONFLICT)
		return rc;
	vars = http_own(r, json_pack("{s:s}", "why", page_problem(r, &pb,
				     NULL)));
	why = page_text_with(r, "selection.import.why_not", vars);
	json_object_set_new(data, "fair", json_pack("{s:s}", "why_not", why ?
			    why : json_string_value(json_object_get(vars,
			    "why"))));
	return 0;
}

#define RP "/selection/rounds"

const struct route selection_fair_page_routes[] = {
	{ HTTP_GET, RP "/:id/import", import_form, ROUTE_PAGE, NULL,
	  PERM_SELECTION_MANAGE },
	{ HTTP_POST, RP "/:id/import", import_post, ROUTE_PAGE | ROUTE_LONG,
	  NULL, PERM_SELECTION_MANAGE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
