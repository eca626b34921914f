/*
 * pages_sheet.c - the printable attendance sheet of a session, where its
 * teacher marks every trainee in one form (pages.h): a page of its own,
 * over the rules training_sheet() and training_mark() (training_int.h).
 */
#include <string.h>

#include "base/err.h"
#include "http/form.h"
#include "page/page.h"
#include "record/record.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* The sheet of session `id` for a caller who may mark it, into *sheet. */
static int
sheet_of(struct request *r, int64_t *id, json_t **sheet)
{
	struct problem pb = { 0 };
	int rc = http_param_id(r, "id", id);

	if (!rc)
		rc = training_sheet(r->db, auth_principal(r), *id, NULL, sheet,
				    &pb);
	return rc ? http_problem(r, rc, &pb) : 0;
}

/* Attendance value `v` by its label under `key`, in the catalogs. */
static const char *
label(struct request *r, const char *key, const char *v)
{
	return page_text_or(r, arena_printf(&r->arena, "%s.%s", key, v), v);
}

static int
sheet_page(struct request *r, json_t *sheet, const char *error)
{
	json_t *session = json_object_get(sheet, "session"), *row, *cohort;
	const char *kind = record_text(session, "kind");
	size_t i;
	int rc = record_get(r->db, &training_cohort_table,
			    record_int(session, "cohort_id"), &cohort);

	if (rc)
		return rc;
	json_object_set_new(sheet, "cohort", cohort);
	json_object_set_new(sheet, "error", error ? json_string(error) :
			    json_null());
	json_object_set_new(session, "kind_label", json_string(label(r,
		"training_session.kind_values", kind)));
	json_array_foreach(json_object_get(sheet, "items"), i, row) {
		const char *st = record_text(row, "status");
		json_t *statuses = json_array();

		for (const char *const *v = training_attendance_statuses; *v;
		     v++)
			json_array_append_new(statuses, json_pack(
				"{s:s,s:s,s:b}", "value", *v, "label",
				label(r, "training_attendance."
				      "attendance_values", *v), "selected",
				st && !strcmp(st, *v)));
		json_object_set_new(row, "statuses", statuses);
		json_object_set_new(row, "unverified", json_boolean(st &&
			(!strcmp(st, "present") || !strcmp(st, "late")) &&
			json_is_null(json_object_get(row, "verified_at"))));
		if (st)
			json_object_set_new(row, "status_label", json_string(
				label(r, "training_attendance.status_values",
				      st)));
	}
	return page_render(r, "training/sheet", "training.sheet", sheet);
}

/* GET /training/sessions/{id}/sheet: printable, with the marking form. */
int
tr_get_sheet(struct request *r)
{
	json_t *sheet;
	int64_t id;
	int rc = sheet_of(r, &id, &sheet);

	return rc ? rc : sheet_page(r, http_own(r, sheet), NULL);
}

/*
 * POST /training/sessions/{id}/sheet: status_ENROLMENT fields, each
 * marked in its own transaction; the first refusal is shown.
 */
int
tr_post_sheet(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	json_t *sheet, *row, *out;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = sheet_of(r, &id, &sheet)))
		return rc;
	http_own(r, sheet);
	if ((rc = http_read_form(r, &f)))
		return rc;
	json_array_foreach(json_object_get(sheet, "items"), i, row) {
		json_t *e = json_object_get(row, "enrolment_id");
		const char *v = form_get(f, arena_printf(&r->arena,
			"status_%lld", (long long)json_integer_value(e)));
		const char *old = record_text(row, "status");

		if (!v || !*v || (old && !strcmp(old, v)))
			continue;
		rc = training_mark(r->db, auth_principal(r), id, http_own(r,
			json_pack("{s:O,s:s}", "enrolment_id", e, "status", v)),
			&out, &pb);
		http_own(r, out);
		if (rc)
			break;
	}
	if (rc == ERR_CONFLICT || rc == ERR_INVALID) {
		const char *why = arena_strdup(&r->arena,
					       page_problem(r, &pb, NULL));

		r->status = err_http_status(rc);
		if ((rc = sheet_of(r, &id, &sheet)))
			return rc;
		return sheet_page(r, http_own(r, sheet), why);
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena,
		"/training/sessions/%lld/sheet", (long long)id));
}
