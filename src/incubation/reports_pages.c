/*
 * reports_pages.c - the pages of the startups' reports (ops.h): the list
 * with its export, a report's page with submit / accept / return, and the
 * form that drafts or edits one. ops_pages.c mounts them (ops_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/macros.h"
#include "export/export.h"
#include "http/form.h"
#include "incubation/ops.h"
#include "incubation/ops_api.h"
#include "incubation/ops_int.h"
#include "page/page.h"
#include "record/record.h"

static const struct export_column report_export[] = {
	{ "id", "inc_report.id", EXPORT_INTEGER, NULL, NULL },
	{ "org_name", "inc_report.org_id", EXPORT_TEXT, NULL, NULL },
	{ "template_name", "inc_report.template", EXPORT_TEXT, NULL, NULL },
	{ "starts_on", "inc_report.starts_on", EXPORT_DATE, NULL, NULL },
	{ "ends_on", "inc_report.ends_on", EXPORT_DATE, NULL, NULL },
	{ "due_on", "inc_report.due_on", EXPORT_DATE, NULL, NULL },
	{ "status", "inc_report.status", EXPORT_ENUM,
	  "inc_report.status_values.", NULL },
	{ "late", "inc_report.late", EXPORT_BOOL, NULL, NULL },
	{ "employees", "inc_report.employees", EXPORT_INTEGER, NULL, NULL },
	{ "student_employees", "inc_report.student_employees",
	  EXPORT_INTEGER, NULL, NULL },
	{ "graduate_employees", "inc_report.graduate_employees",
	  EXPORT_INTEGER, NULL, NULL },
	{ "student_founders", "inc_report.student_founders", EXPORT_INTEGER,
	  NULL, NULL },
	{ "revenue_fen", "inc_report.revenue_fen", EXPORT_MONEY, NULL, NULL },
	{ "output_value_fen", "inc_report.output_value_fen", EXPORT_MONEY,
	  NULL, NULL },
	{ "rd_spend_fen", "inc_report.rd_spend_fen", EXPORT_MONEY, NULL,
	  NULL },
	{ "tax_fen", "inc_report.tax_fen", EXPORT_MONEY, NULL, NULL },
	{ "financing_fen", "inc_report.financing_fen", EXPORT_MONEY, NULL,
	  NULL },
	{ "patents", "inc_report.patents", EXPORT_INTEGER, NULL, NULL },
	{ "other_ip", "inc_report.other_ip", EXPORT_INTEGER, NULL, NULL },
	{ "submitted_at", "inc_report.submitted_at", EXPORT_TIME, NULL,
	  NULL },
	{ "accepted_on", "inc_report.accepted_on", EXPORT_DATE, NULL, NULL },
};

/* Labels of a report's status and template kind, in place. */
void
inc_page_report_labels(struct request *r, json_t *rep)
{
	const char *s = json_string_value(json_object_get(rep, "status"));
	const char *k = json_string_value(json_object_get(rep,
							  "template_kind"));

	if (s)
		json_object_set_new(rep, "status_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
			"inc_report.status_values.%s", s), s)));
	if (k)
		json_object_set_new(rep, "kind_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
			"inc_template.kind_values.%s", k), k)));
}

static json_t *
status_choices(struct request *r, const char *current)
{
	json_t *list = json_array();

	for (const char *const *s = inc_report_states; *s; s++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "value",
			*s, "label", page_text_or(r, arena_printf(&r->arena,
			"inc_report.status_values.%s", *s), *s), "selected",
			current && !strcmp(current, *s)));
	return list;
}

/* GET /incubation/reports and its export. */
static int
report_list(struct request *r, bool export)
{
	const struct principal *p = auth_principal(r);
	struct inc_report_filter f;
	json_t *items, *data;
	size_t i;
	int64_t total;
	int rc;

	if ((rc = inc_api_report_filter(r, &f)))
		return rc;
	if (export) {
		f.limit = EXPORT_MAX_ROWS;
		f.offset = 0;
	}
	rc = inc_report_list(r->db, p, &f, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	for (i = 0; i < json_array_size(items); i++)
		inc_page_report_labels(r, json_array_get(items, i));
	if (export) {
		rc = export_send(r, http_query(r, "format"), "reports",
				 page_text(r, "inc_report.list"),
				 report_export, ARRAY_SIZE(report_export), items);
		http_own(r, items);
		return rc;
	}
	data = json_pack("{s:o,s:s,s:o,s:o,s:s,s:b}", "items", items, "base",
			 INC_REPORT_PAGES, "statuses",
			 status_choices(r, f.status),
			 "pager", page_pager(r, total, f.limit, f.offset),
			 "export_query", f.status ? arena_printf(&r->arena,
			 "&status=%s", f.status) : "", "can_create",
			 !auth_require(p, PERM_INC_REPORT_WRITE, p->org_id));
	if (f.period_id)
		json_object_set_new(data, "period_id",
				    json_integer(f.period_id));
	return page_render(r, "incubation-ops/reports", "inc_report.list",
			   data);
}

int
inc_page_list_reports(struct request *r)
{
	return report_list(r, false);
}

int
inc_page_export_reports(struct request *r)
{
	return report_list(r, true);
}

/* The value fields of a report as rows of a facts list / a form. */
static json_t *
report_fields(struct request *r, json_t *rep, const char *fields,
	      json_t *errors)
{
	json_t *out = json_array();

	for (const char *const *f = inc_report_fields; *f; f++) {
		json_t *v = json_object_get(rep, *f), *row;
		char num[24] = "";

		if (fields && !inc_template_asks(fields, *f))
			continue;
		if (json_is_integer(v))
			snprintf(num, sizeof(num), "%lld",
				 (long long)json_integer_value(v));
		else if (json_is_string(v))
			snprintf(num, sizeof(num), "%s", json_string_value(v));
		row = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "name", *f,
			"label", page_text(r, arena_printf(&r->arena,
			"inc_report.%s", *f)), "value", num, "type", "text",
			"numeric", 1, "is_select", 0);
		if (json_object_get(errors, *f))
			json_object_set(row, "error", json_object_get(errors,
							*f));
		json_array_append_new(out, row);
	}
	return out;
}

/* GET /incubation/reports/{id} */
int
inc_page_get_report(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *state;
	json_t *rep, *data;
	int64_t id, org;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_report_get(r->db, p, id, &rep);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	if (rc)
		return rc;
	inc_page_report_labels(r, rep);
	state = json_string_value(json_object_get(rep, "status"));
	org = json_integer_value(json_object_get(rep, "org_id"));
	data = json_pack("{s:O,s:o,s:s,s:b,s:b}", "record", rep, "values",
		report_fields(r, rep, json_string_value(json_object_get(rep,
		"fields")), NULL), "base", INC_REPORT_PAGES, "can_edit",
		!auth_require(p, PERM_INC_REPORT_WRITE, org) &&
		(!strcmp(state, "draft") || !strcmp(state, "returned")),
		"can_review", !auth_require(p, PERM_INC_REPORT_REVIEW, org) &&
		p->org_id != org && !strcmp(state, "submitted"));
	http_own(r, rep);
	return page_render(r, "incubation-ops/report", "inc_report.detail",
			   data);
}

/* The periods a report may be drafted for, as choices. */
static json_t *
period_choices(struct request *r, int64_t current)
{
	struct record_filter f = { 0 };
	json_t *items = NULL, *out = json_array(), *it;
	int64_t total;
	size_t i;

	f.limit = 200;
	if (record_list(r->db, &inc_period_table, &f, &items, &total))
		return out;
	json_array_foreach(items, i, it) {
		int64_t id = json_integer_value(json_object_get(it, "id"));

		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value",
			arena_printf(&r->arena, "%lld", (long long)id), "label",
			arena_printf(&r->arena, "%s — %s", json_string_value(
			json_object_get(it, "starts_on")), json_string_value(
			json_object_get(it, "ends_on"))), "selected",
			id == current));
	}
	http_own(r, items);
	return out;
}

/*
 * The report form: a new draft (id 0; the period, and for staff the
 * startup, chosen first) or an edit, with `errors` beside their fields.
 */
static int
render_report_form(struct request *r, int64_t id, json_t *rec,
		   json_t *errors)
{
	const struct principal *p = auth_principal(r);
	int64_t period = json_integer_value(json_object_get(rec, "period_id"));
	json_t *fields = json_array(), *per = NULL, *note, *values;
	const char *asked = NULL;

	if (period && !store_period_get(r->db, period, &per))
		asked = json_string_value(json_object_get(per, "fields"));
	if (!id) {
		json_t *f = json_pack("{s:s,s:s,s:b,s:b,s:o}", "name",
			"period_id", "label", page_text(r,
			"inc_report.period_id"), "required", 1, "is_select", 1,
			"options", period_choices(r, period));

		if (json_object_get(errors, "period_id"))
			json_object_set(f, "error", json_object_get(errors,
							"period_id"));
		json_array_append_new(fields, f);
		if (p->org_id <= 0 || auth_require(p, PERM_INC_REPORT_WRITE,
						   p->org_id)) {
			json_t *o = json_object_get(rec, "org_id");

			f = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "name",
				"org_id", "label", page_text(r,
				"inc_report.org_id"), "type", "text", "value",
				json_is_integer(o) ? arena_printf(&r->arena,
				"%lld", (long long)json_integer_value(o)) : "",
				"required", 1, "numeric", 1);
			if (json_object_get(errors, "org_id"))
				json_object_set(f, "error", json_object_get(
						errors, "org_id"));
			json_array_append_new(fields, f);
		}
	}
	values = report_fields(r, rec, asked, errors);
	json_array_extend(fields, values);
	http_own(r, values);
	note = json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", "note", "label",
			 page_text(r, "inc_report.note"), "type", "text",
			 "value", json_string_value(json_object_get(rec,
			 "note")) ? json_string_value(json_object_get(rec,
			 "note")) : "", "maxlength", 2000);
	if (json_object_get(errors, "note"))
		json_object_set(note, "error", json_object_get(errors, "note"));
	json_array_append_new(fields, note);
	http_own(r, per);
	http_own(r, rec);
	http_own(r, errors);
	return page_render(r, "record/form", id ? "inc_report.edit" :
			   "inc_report.new", json_pack("{s:o,s:b,s:s,s:I}",
			   "fields", fields, "is_new", id == 0, "base",
			   INC_REPORT_PAGES, "id", (json_int_t)id));
}

/* GET /incubation/reports/new[?period_id=N] */
int
inc_page_new_report(struct request *r)
{
	const char *q = http_query(r, "period_id");
	int64_t scope, period = q ? strtoll(q, NULL, 10) : 0;
	int rc;

	/* Staff write for any startup, an enterprise account for its own. */
	if ((rc = auth_scope_org(auth_principal(r), PERM_INC_REPORT_WRITE,
				 &scope)))
		return rc;
	if (scope < 0)
		return ERR_FORBIDDEN;
	return render_report_form(r, 0, json_pack("{s:I}", "period_id",
				  (json_int_t)(period > 0 ? period : 0)), NULL);
}

/*
 * The submitted form as the JSON the rules take: numbers parsed, empty
 * values left out (a create) or null (an edit); what does not parse stays
 * text for the rule to refuse, naming the field.
 */
static json_t *
form_report(const struct form *f, bool create)
{
	static const char *const ids[] = { "period_id", "org_id", NULL };
	json_t *rec = json_object();
	const char *v;
	char *end;

	for (const char *const *n = create ? ids : ids + 2; *n; n++) {
		v = form_get(f, *n);
		if (v && *v) {
			long long x = strtoll(v, &end, 10);

			json_object_set_new(rec, *n, *end ? json_string(v) :
					    json_integer(x));
		}
	}
	for (const char *const *n = inc_report_fields; *n; n++) {
		long long x;

		v = form_get(f, *n);
		if (!v)
			continue;
		if (!*v) {
			if (!create)
				json_object_set_new(rec, *n, json_null());
			continue;
		}
		x = strtoll(v, &end, 10);
		json_object_set_new(rec, *n, *end ? json_string(v) :
				    json_integer(x));
	}
	v = form_get(f, "note");
	if (v)
		json_object_set_new(rec, "note", json_string(v));
	return rec;
}

/* A refused form: again, with the message beside its field. */
static int
form_refused(struct request *r, int64_t id, json_t *rec, int rc,
	     const struct problem *pb)
{
	if (!pb->field) {
		http_own(r, rec);
		return http_problem(r, rc, pb);
	}
	r->status = rc == ERR_CONFLICT ? 409 : rc == ERR_FORBIDDEN ? 403 :
		    400;
	return render_report_form(r, id, rec, json_pack("{s:s}", pb->field,
				  page_message(r, pb->message)));
}

/* POST /incubation/reports */
int
inc_page_create_report(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	json_t *rec;
	int64_t id;
	int rc;

	if (!auth_principal(r))
		return ERR_UNAUTH;
	if ((rc = http_read_form(r, &f)))
		return rc;
	rec = form_report(f, true);
	rc = inc_report_create(r->db, auth_principal(r), rec, &id, &pb);
	if (rc)
		return form_refused(r, 0, rec, rc, &pb);
	http_own(r, rec);
	page_flash(r, "success", "common.created");
	return http_redirect(r, arena_printf(&r->arena, INC_REPORT_PAGES
					     "/%lld", (long long)id));
}

/* GET /incubation/reports/{id}/edit */
int
inc_page_edit_report(struct request *r)
{
	json_t *rep;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = inc_report_get(r->db, auth_principal(r), id, &rep);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	if (!rc)
		rc = auth_require(auth_principal(r), PERM_INC_REPORT_WRITE,
				  json_integer_value(json_object_get(rep,
				  "org_id")));
	if (rc) {
		http_own(r, rep);
		return rc;
	}
	return render_report_form(r, id, rep, NULL);
}

/* POST /incubation/reports/{id}: the edit form. */
int
inc_page_update_report(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	json_t *rec, *rep;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rec = form_report(f, false);
	rc = inc_report_update(r->db, auth_principal(r), id, rec, &pb);
	if (rc == ERR_NOTFOUND) {
		http_own(r, rec);
		return http_fail(r, rc, NULL, "no such report");
	}
	if (rc) {
		/* The form again shows the report's period's fields. */
		if (!inc_report_get(r->db, auth_principal(r), id, &rep)) {
			json_object_update(rep, rec);
			http_own(r, rec);
			rec = rep;
		}
		return form_refused(r, id, rec, rc, &pb);
	}
	http_own(r, rec);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena, INC_REPORT_PAGES
					     "/%lld", (long long)id));
}

/* Submit, accept or return from the report's page. */
static int
report_action(struct request *r, const char *action)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (!strcmp(action, "submit"))
		rc = inc_report_submit(r->db, auth_principal(r), id, &pb);
	else
		rc = inc_report_review(r->db, auth_principal(r), id,
				       !strcmp(action, "accept"),
				       form_get(f, "comment"), &pb);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such report");
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", arena_printf(&r->arena, "inc_report.done_%s",
					      action));
	return http_redirect(r, arena_printf(&r->arena, INC_REPORT_PAGES
					     "/%lld", (long long)id));
}

int
inc_page_submit_report(struct request *r)
{
	return report_action(r, "submit");
}

int
inc_page_accept_report(struct request *r)
{
	return report_action(r, "accept");
}

int
inc_page_return_report(struct request *r)
{
	return report_action(r, "return");
}
