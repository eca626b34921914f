/*
 * pages_reports.c - the pages of the startups' periodic reports, as a
 * route table: report templates and periods (the kit's list, form and
 * detail pages; a template's page lists its periods, a period's page who
 * owes its report); the reports' list and export (the one list page);
 * and, pages of their own, a report's page with submit / accept / return
 * and the form that drafts or changes one, with each field's error in
 * place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/money.h"
#include "http/form.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "record/children.h"
#include "record/entry.h"
#include "record/pages.h"
#include "record/record.h"

#define BASE "/incubation/reports"

/* A template's page lists its periods. */
static int
template_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *items;
	int rc = record_children(r, &inc_period_table, "template_id", id,
				 NULL, &items);

	json_object_set(data, "periods", items);
	return rc;
}

/* Who owes the period's report, for the staff who review them. */
static int
period_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *items;
	int rc;

	if (auth_require(auth_principal(r), PERM_INC_REPORT_REVIEW, 0))
		return 0;
	rc = inc_period_startups(r->db, id, &items);
	http_own(r, items);
	for (size_t i = 0; i < json_array_size(items); i++)
		inc_page_report_labels(r, json_array_get(items, i));
	json_object_set_new(data, "can_review", json_true());
	json_object_set(data, "owed", items);
	return rc;
}

static const struct record_pages template_pages = {
	&inc_template_api, "/incubation/report-templates", NULL, NULL,
	"incubation-ops/template", "record/form", template_extra, NULL, 0,
	"report-templates",
};

static const struct record_pages period_pages = {
	&inc_period_api, "/incubation/report-periods", NULL, NULL,
	"incubation-ops/period", "record/form", period_extra, NULL, 0,
	"report-periods",
};

/* Staff draft for any startup, an enterprise account for its own. */
static int
may_draft(struct request *r)
{
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), PERM_INC_REPORT_WRITE,
				&org);

	return rc ? rc : org < 0 ? ERR_FORBIDDEN : 0;
}

/*
 * Whether each report is late, as its list's column says it; and the
 * way to draft one, for a startup and the staff.
 */
static int
report_late(struct request *r, json_t *data)
{
	json_t *items = json_object_get(data, "items"), *it;
	size_t i;

	if (!may_draft(r))
		json_object_set_new(data, "links", json_pack("[{s:s,s:s}]",
			"href", BASE "/new", "label", page_text(r,
			"inc_report.new")));
	inc_report_late(r->db, items);
	json_array_foreach(items, i, it)
		json_object_set_new(it, "late", json_is_true(json_object_get(
			it, "late")) ? json_string("late") : json_null());
	return 0;
}

static const struct record_pages report_pages = {
	&inc_report_api, BASE, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	"reports", NULL, NULL, false, NULL, report_late,
};

/* Labels of a report's status and template kind, in place. */
void
inc_page_report_labels(struct request *r, json_t *rep)
{
	const char *s = record_text(rep, "status");
	const char *k = record_text(rep, "template_kind");

	if (s)
		json_object_set_new(rep, "status_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
			"inc_report.status_values.%s", s), s)));
	if (k)
		json_object_set_new(rep, "kind_label", json_string(
			page_text_or(r, arena_printf(&r->arena,
			"inc_template.kind_values.%s", k), k)));
}

/* The values its template asks for, as a report's page shows them. */
static json_t *
shown_values(struct request *r, json_t *rep)
{
	const char *asked = record_text(rep, "fields");
	json_t *data = http_own(r, json_object()), *out = json_array(), *fact;
	size_t i;

	record_facts(r, &inc_report_table, rep, data);
	json_array_foreach(json_object_get(data, "facts"), i, fact)
		if (inc_template_asks(asked, record_text(fact, "name")))
			json_array_append(out, fact);
	return out;
}

/* GET /incubation/reports/:id */
static int
get_report(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *state;
	json_t *rep, *data;
	int64_t id, org;
	int rc = inc_report_of(r, &id, &rep);

	if (rc)
		return rc;
	inc_page_report_labels(r, rep);
	state = record_text(rep, "status");
	org = record_int(rep, "org_id");
	data = json_pack("{s:O,s:o,s:s,s:b,s:b}", "record", rep, "values",
		shown_values(r, rep), "base", BASE, "can_edit",
		!auth_require(p, PERM_INC_REPORT_WRITE, org) &&
		(!strcmp(state, "draft") || !strcmp(state, "returned")),
		"can_review", !auth_require(p, PERM_INC_REPORT_REVIEW, org) &&
		p->org_id != org && !strcmp(state, "submitted"));
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
		int64_t id = record_int(it, "id");

		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value",
			arena_printf(&r->arena, "%lld", (long long)id), "label",
			arena_printf(&r->arena, "%s — %s",
			record_text(it, "starts_on"),
			record_text(it, "ends_on")), "selected",
			id == current));
	}
	http_own(r, items);
	return out;
}

/*
 * The value fields of a report's form (those `asked` for, all when
 * NULL), with what `rec` holds and `errors` beside their fields.
 */
static json_t *
form_values(struct request *r, json_t *rec, const char *asked,
	    json_t *errors)
{
	json_t *out = json_array();

	for (const char *const *f = inc_report_fields; *f; f++) {
		const struct record_column *c = record_column(
			&inc_report_table, *f);
		json_t *row;
		char text[64];

		if (asked && !inc_template_asks(asked, *f))
			continue;
		/* As people type them: money in yuan (record/entry.h). */
		row = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:O?}", "name", *f,
			"label", record_form_label(r, arena_printf(&r->arena,
			"inc_report.%s", *f), c), "value", record_entry_text(
			c, json_object_get(rec, *f), text, sizeof(text)),
			"type", "text", "inputmode", c->type == REC_INT ?
			"numeric" : "decimal", "is_select", 0, "error",
			json_object_get(errors, *f));
		json_array_append_new(out, row);
	}
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
	int64_t period = record_int(rec, "period_id");
	json_t *fields = json_array(), *per = NULL, *note, *values;
	const char *asked = NULL;

	if (period && !store_period_get(r->db, period, &per))
		asked = record_text(per, "fields");
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

			/* The startup is picked by name. */
			f = json_pack("{s:s,s:s,s:b,s:o}", "name", "org_id",
				"label", page_text(r, "inc_report.org_id"),
				"required", 1, "picker", record_picker(r,
				record_column(&inc_report_table, "org_id"), o,
				!id || errors));
			if (json_object_get(errors, "org_id"))
				json_object_set(f, "error", json_object_get(
						errors, "org_id"));
			json_array_append_new(fields, f);
		}
	}
	values = form_values(r, rec, asked, errors);
	json_array_extend(fields, values);
	http_own(r, values);
	note = json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", "note", "label",
			 page_text(r, "inc_report.note"), "type", "text",
			 "value", record_str(rec, "note"), "maxlength", 2000);
	if (json_object_get(errors, "note"))
		json_object_set(note, "error", json_object_get(errors, "note"));
	json_array_append_new(fields, note);
	http_own(r, per);
	http_own(r, rec);
	http_own(r, errors);
	return page_render(r, "record/form", id ? "inc_report.edit" :
			   "inc_report.new", json_pack("{s:o,s:b,s:s,s:I}",
			   "fields", fields, "is_new", id == 0, "base", BASE,
			   "id", (json_int_t)id));
}

/* GET /incubation/reports/new[?period_id=N] */
static int
new_report(struct request *r)
{
	const char *q = http_query(r, "period_id");
	int64_t period = q ? strtoll(q, NULL, 10) : 0;
	int rc = may_draft(r);

	if (rc)
		return rc;
	return render_report_form(r, 0, json_pack("{s:I}", "period_id",
				  (json_int_t)(period > 0 ? period : 0)), NULL);
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
				  page_problem(r, pb, "inc_report")));
}

/* POST /incubation/reports */
static int
create_report(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	json_t *rec, *out = NULL;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	rc = record_form_json(r, &inc_report_table, f, true, &rec, &pb);
	if (!rc)
		rc = inc_report_draft(r->db, auth_principal(r), 0, rec, &out,
				      &pb);
	if (rc)
		return form_refused(r, 0, rec, rc, &pb);
	http_own(r, rec);
	http_own(r, out);
	page_flash(r, "success", "common.created");
	return http_redirect(r, arena_printf(&r->arena, BASE "/%lld",
		(long long)record_int(out, "id")));
}

/* GET /incubation/reports/:id/edit */
static int
edit_report(struct request *r)
{
	json_t *rep;
	int64_t id;
	int rc = inc_report_of(r, &id, &rep);

	if (!rc)
		rc = auth_require(auth_principal(r), PERM_INC_REPORT_WRITE,
				  record_int(rep, "org_id"));
	return rc ? rc : render_report_form(r, id, json_incref(rep), NULL);
}

/* POST /incubation/reports/:id: the edit form. */
static int
update_report(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	json_t *rec, *rep, *out = NULL;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = record_form_json(r, &inc_report_table, f, false, &rec, &pb);
	if (!rc) {
		rc = inc_report_change(r->db, auth_principal(r), id, rec, &out,
				       &pb);
		http_own(r, out);
	}
	if (rc == ERR_NOTFOUND) {
		http_own(r, rec);
		return http_problem(r, rc, &pb);
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
	return http_redirect(r, arena_printf(&r->arena, BASE "/%lld",
					     (long long)id));
}


/* Submit, accept or return from the report's page: back to it. */
RECORD_PAGE_STEP(submit, inc_report_submit, BASE, "inc_report.done_submit");
RECORD_PAGE_STEP(accept, inc_report_accept, BASE, "inc_report.done_accept");
RECORD_PAGE_STEP(give_back, inc_report_return, BASE,
		 "inc_report.done_return");

/* Returning a report sends it back to the firm (http.h). */
static const struct route_confirm return_confirm = {
	"confirm.return_report", NULL, NULL,
};

const struct route inc_report_page_routes[] = {
	RECORD_PAGE_ROUTES("/incubation/report-templates", &template_pages,
			   PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP),
	RECORD_PAGE_ROUTES("/incubation/report-periods", &period_pages,
			   PERM_INC_PERIOD_READ, PERM_INC_REPORT_SETUP),
	{ HTTP_GET, BASE, record_page_list, ROUTE_PAGE, &report_pages,
	  PERM_INC_REPORT_READ },
	{ HTTP_GET, BASE "/export", record_page_export, ROUTE_PAGE,
	  &report_pages, PERM_INC_REPORT_READ },
	{ HTTP_POST, BASE, create_report, ROUTE_PAGE, NULL,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_GET, BASE "/new", new_report, ROUTE_PAGE, NULL,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_GET, BASE "/:id", get_report, ROUTE_PAGE, NULL,
	  PERM_INC_REPORT_READ },
	{ HTTP_POST, BASE "/:id", update_report, ROUTE_PAGE, NULL,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_GET, BASE "/:id/edit", edit_report, ROUTE_PAGE, NULL,
	  PERM_INC_REPORT_WRITE },
	{ HTTP_POST, BASE "/:id/submit", record_page_action, ROUTE_PAGE,
	  &submit, PERM_INC_REPORT_WRITE },
	{ HTTP_POST, BASE "/:id/accept", record_page_action, ROUTE_PAGE,
	  &accept, PERM_INC_REPORT_REVIEW },
	{ HTTP_POST, BASE "/:id/return", record_page_action, ROUTE_PAGE,
	  &give_back, PERM_INC_REPORT_REVIEW, &return_confirm },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
