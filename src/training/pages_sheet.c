/*
 * pages_sheet.c - the printable attendance sheet of a session, where its
 * teacher marks every trainee in one form, and the confirmation of
 * attended hours by a teacher or an apprentice's master (pages.h).
 */
#include <string.h>

#include "base/err.h"
#include "http/form.h"
#include "page/page.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* The session of the path, if the caller may teach it (training_int.h). */
static int
sheet_session(struct request *r, struct tr_session *s)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	if (!rc)
		rc = training_taught_session(r->db, auth_principal(r), id, s);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such session among your "
				 "cohorts");
	return rc;
}

static int
sheet_page(struct request *r, const struct tr_session *s, const char *error)
{
	json_t *items = json_array(), *session = NULL, *cohort = NULL, *row;
	json_t *statuses;
	size_t i;
	int rc = store_sheet(r->db, s->id, items);

	if (!rc)
		rc = record_get(r->db, &training_session_table, s->id,
				&session);
	if (!rc)
		rc = record_get(r->db, &training_cohort_table, s->cohort_id,
				&cohort);
	if (rc) {
		json_decref(items);
		json_decref(session);
		json_decref(cohort);
		return rc;
	}
	tr_label(r, session, "training_session", "kind");
	json_array_foreach(items, i, row) {
		const char *st = json_string_value(json_object_get(row,
								"status"));

		statuses = json_array();
		for (const char *const *v = training_attendance_statuses; *v;
		     v++)
			json_array_append_new(statuses, json_pack(
				"{s:s,s:s,s:b}", "value", *v, "label",
				page_text_or(r, arena_printf(&r->arena,
				"training_attendance.attendance_values.%s",
				*v), *v), "selected", st && !strcmp(st, *v)));
		json_object_set_new(row, "statuses", statuses);
		json_object_set_new(row, "unverified", json_boolean(st &&
			(!strcmp(st, "present") || !strcmp(st, "late")) &&
			json_is_null(json_object_get(row, "verified_at"))));
		tr_label(r, row, "training_attendance", "status");
	}
	return page_render(r, "training/sheet", "training.sheet",
		json_pack("{s:o,s:o,s:o,s:s?}", "session", session, "cohort",
			  cohort, "items", items, "error", error ?
			  page_message(r, error) : NULL));
}

/* GET /training/sessions/{id}/sheet: printable, with the marking form. */
int
tr_get_sheet(struct request *r)
{
	struct tr_session s;
	int rc = sheet_session(r, &s);

	return rc ? rc : sheet_page(r, &s, NULL);
}

/*
 * POST /training/sessions/{id}/sheet: status_ENROLMENT fields, each
 * marked in its own transaction; the first refusal is shown.
 */
int
tr_post_sheet(struct request *r)
{
	struct problem pb = { 0 };
	struct tr_session s;
	const struct form *f;
	json_t *items = json_array(), *row;
	size_t i;
	int rc;

	if ((rc = sheet_session(r, &s)) || (rc = http_read_form(r, &f)) ||
	    (rc = store_sheet(r->db, s.id, items))) {
		json_decref(items);
		return rc;
	}
	json_array_foreach(items, i, row) {
		int64_t e = json_integer_value(json_object_get(row,
							"enrolment_id"));
		const char *v = form_get(f, arena_printf(&r->arena,
					 "status_%lld", (long long)e));
		const char *old = json_string_value(json_object_get(row,
								"status"));

		if (!v || !*v || (old && !strcmp(old, v)))
			continue;
		rc = training_mark(r->db, auth_principal(r), s.id, e, v, &pb);
		if (rc)
			break;
	}
	json_decref(items);
	if (rc == ERR_CONFLICT || rc == ERR_INVALID) {
		r->status = err_http_status(rc);
		return sheet_page(r, &s, arena_strdup(&r->arena,
						      pb.message));
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena,
		"/training/sessions/%lld/sheet", (long long)s.id));
}

/* POST /training/attendance/{id}/confirm, back to where it came from. */
int
tr_post_confirm(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	const char *back;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = training_confirm(r->db, auth_principal(r), id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	back = form_get(f, "next");
	page_flash(r, "success", "training.confirmed");
	return http_redirect_local(r, back, "/training/mine");
}
