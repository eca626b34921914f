/*
 * ops_pages.c - the pages of the incubator's operations: buildings,
 * floors, units, leases, report templates and periods (the generic record
 * pages, with what each detail page shows besides), the startups' reports
 * (list, detail with submit / accept / return, the form), the occupancy
 * on a date and a startup's area over time as a chart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/macros.h"
#include "export/export.h"
#include "http/api.h"
#include "http/form.h"
#include "incubation/incubation_int.h"
#include "incubation/ops.h"
#include "incubation/ops_api.h"
#include "incubation/ops_int.h"
#include "page/page.h"
#include "party/party.h"
#include "record/pages.h"


/* Records of `t` whose `col` is `id`, for a detail page. */
static int
children(struct request *r, const struct record_table *t, const char *col,
	 int64_t id, json_t **items)
{
	struct record_filter f = { 0 };
	int64_t total;

	f.eq_col[0] = col;
	f.eq_val[0] = arena_printf(&r->arena, "%lld", (long long)id);
	f.neq = 1;
	f.limit = 200;
	return record_list(r->db, t, &f, items, &total);
}

/* data[key] = the children, and has_KEY. */
static int
set_children(struct request *r, json_t *data, const char *key,
	     const struct record_table *t, const char *col, int64_t id)
{
	json_t *items;
	int rc = children(r, t, col, id, &items);

	json_object_set_new(data, arena_printf(&r->arena, "has_%s", key),
			    json_boolean(json_array_size(items)));
	json_object_set_new(data, key, items);
	return rc;
}

/* Unit kinds as the reader reads them. */
static void
unit_labels(struct request *r, json_t *items, const char *key)
{
	json_t *u;
	size_t i;

	json_array_foreach(items, i, u) {
		const char *k = json_string_value(json_object_get(u, key));

		if (k)
			json_object_set_new(u, "kind_label", json_string(
				page_text_or(r, arena_printf(&r->arena,
				"inc_unit.kind_values.%s", k), k)));
	}
}

/* A building's floors, each with its units. */
static int
building_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *floors, *fl;
	size_t i;
	int rc = children(r, &inc_floor_table, "building_id", id, &floors);

	json_array_foreach(floors, i, fl) {
		json_t *units = NULL;

		if (!rc)
			rc = children(r, &inc_unit_table, "floor_id",
				      json_integer_value(json_object_get(fl,
				      "id")), &units);
		unit_labels(r, units, "kind");
		json_object_set_new(fl, "units", units ? units :
				    json_array());
	}
	json_object_set_new(data, "floors", floors);
	return rc;
}

static int
floor_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = set_children(r, data, "units", &inc_unit_table, "floor_id",
			      id);

	unit_labels(r, json_object_get(data, "units"), "kind");
	return rc;
}

static int
unit_extra(struct request *r, int64_t id, json_t *data)
{
	return set_children(r, data, "leases", &inc_lease_table, "unit_id",
			    id);
}

/* A lease's page names the startup and links to its area over time. */
static int
lease_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *org = NULL;
	int rc;

	(void)id;
	rc = party_org_get(r->db, json_integer_value(json_object_get(
		json_object_get(data, "record"), "org_id")), &org);
	if (!rc)
		json_object_set(data, "org_name", json_object_get(org, "name"));
	json_decref(org);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

static int
template_extra(struct request *r, int64_t id, json_t *data)
{
	return set_children(r, data, "periods", &inc_period_table,
			    "template_id", id);
}

static void report_labels(struct request *r, json_t *rep);

/* Who owes the period's report, for the staff who review them. */
static int
period_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *items;
	int rc;

	if (auth_require(auth_principal(r), PERM_INC_REPORT_REVIEW, 0))
		return 0;
	rc = inc_period_startups(r->db, id, &items);
	for (size_t i = 0; i < json_array_size(items); i++)
		report_labels(r, json_array_get(items, i));
	json_object_set_new(data, "can_review", json_true());
	json_object_set_new(data, "owed", items);
	return rc;
}

static const struct export_column building_export[] = {
	{ "id", "inc_building.id", EXPORT_INTEGER, NULL, NULL },
	{ "name", "inc_building.name", EXPORT_TEXT, NULL, NULL },
	{ "address", "inc_building.address", EXPORT_TEXT, NULL, NULL },
	{ "opened_on", "inc_building.opened_on", EXPORT_DATE, NULL, NULL },
	{ "note", "inc_building.note", EXPORT_TEXT, NULL, NULL },
};

static const struct export_column floor_export[] = {
	{ "id", "inc_floor.id", EXPORT_INTEGER, NULL, NULL },
	{ "building_id", "inc_floor.building_id", EXPORT_INTEGER, NULL,
	  NULL },
	{ "level", "inc_floor.level", EXPORT_INTEGER, NULL, NULL },
	{ "name", "inc_floor.name", EXPORT_TEXT, NULL, NULL },
};

static const struct export_column unit_export[] = {
	{ "id", "inc_unit.id", EXPORT_INTEGER, NULL, NULL },
	{ "floor_id", "inc_unit.floor_id", EXPORT_INTEGER, NULL, NULL },
	{ "code", "inc_unit.code", EXPORT_TEXT, NULL, NULL },
	{ "kind", "inc_unit.kind", EXPORT_ENUM, "inc_unit.kind_values.",
	  NULL },
	{ "area", "inc_unit.area", EXPORT_INTEGER, NULL, NULL },
	{ "note", "inc_unit.note", EXPORT_TEXT, NULL, NULL },
};

/* The lease list shows and exports names, not only ids. */
static const struct export_column lease_list_export[] = {
	{ "id", "inc_lease.id", EXPORT_INTEGER, NULL, NULL },
	{ "building_name", "inc_building.name", EXPORT_TEXT, NULL, NULL },
	{ "unit_code", "inc_unit.code", EXPORT_TEXT, NULL, NULL },
	{ "unit_kind", "inc_unit.kind", EXPORT_ENUM, "inc_unit.kind_values.",
	  NULL },
	{ "area", "inc_unit.area", EXPORT_INTEGER, NULL, NULL },
	{ "org_name", "inc_lease.org_id", EXPORT_TEXT, NULL, NULL },
	{ "starts_on", "inc_lease.starts_on", EXPORT_DATE, NULL, NULL },
	{ "ends_on", "inc_lease.ends_on", EXPORT_DATE, NULL, NULL },
	{ "rent_per_m2_fen", "inc_lease.rent_per_m2_fen", EXPORT_MONEY, NULL,
	  NULL },
	{ "deposit_fen", "inc_lease.deposit_fen", EXPORT_MONEY, NULL, NULL },
	{ "note", "inc_lease.note", EXPORT_TEXT, NULL, NULL },
};

static const struct export_column template_export[] = {
	{ "id", "inc_template.id", EXPORT_INTEGER, NULL, NULL },
	{ "name", "inc_template.name", EXPORT_TEXT, NULL, NULL },
	{ "kind", "inc_template.kind", EXPORT_ENUM,
	  "inc_template.kind_values.", NULL },
	{ "fields", "inc_template.fields", EXPORT_TEXT, NULL, NULL },
	{ "due_days", "inc_template.due_days", EXPORT_INTEGER, NULL, NULL },
};

static const struct export_column period_export[] = {
	{ "id", "inc_period.id", EXPORT_INTEGER, NULL, NULL },
	{ "template_id", "inc_period.template_id", EXPORT_INTEGER, NULL,
	  NULL },
	{ "starts_on", "inc_period.starts_on", EXPORT_DATE, NULL, NULL },
	{ "ends_on", "inc_period.ends_on", EXPORT_DATE, NULL, NULL },
	{ "due_on", "inc_period.due_on", EXPORT_DATE, NULL, NULL },
};

#define PAGES(name, api, base, prefix, list, detail, extra, exp, stem)	\
	static const struct record_pages name = {			\
		api, base, prefix, "incubation-ops/" list,		\
		"incubation-ops/" detail, "record/form", extra, exp,	\
		ARRAY_SIZE(exp), stem,						\
	}

PAGES(building_pages, &inc_building_api, "/incubation/buildings",
      "inc_building", "buildings", "building", building_extra,
      building_export, "buildings");
PAGES(floor_pages, &inc_floor_api, "/incubation/floors", "inc_floor",
      "floors", "floor", floor_extra, floor_export, "floors");
PAGES(unit_pages, &inc_unit_api, "/incubation/units", "inc_unit", "units",
      "unit", unit_extra, unit_export, "units");
PAGES(lease_pages, &inc_lease_api, "/incubation/leases", "inc_lease",
      "leases", "lease", lease_extra, lease_list_export, "leases");
PAGES(template_pages, &inc_template_api, "/incubation/report-templates",
      "inc_template", "templates", "template", template_extra,
      template_export, "report-templates");
PAGES(period_pages, &inc_period_api, "/incubation/report-periods",
      "inc_period", "periods", "period", period_extra, period_export,
      "report-periods");

/* A query argument as a positive id (0 when absent), or 400 naming it. */
static int
query_id(struct request *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end;

	*out = 0;
	if (!v || !*v)
		return 0;
	*out = strtoll(v, &end, 10);
	if (*end || *out <= 0 || strspn(v, "0123456789") != strlen(v))
		return http_fail(r, ERR_INVALID, name,
				 "%s must be a whole number", name);
	return 0;
}

/*
 * GET /incubation/leases and its export: staff see every lease, a
 * startup's account its own; with unit, building and tenant names.
 */
static int
lease_list(struct request *r, bool export)
{
	const struct principal *p = auth_principal(r);
	const char *archived = http_query(r, "archived");
	struct lease_filter f = { 0 };
	json_t *items, *filters;
	int64_t org, total;
	int rc;

	if ((rc = auth_scope_org(p, PERM_INC_LEASE_READ, &org)))
		return rc;
	if (org < 0)
		return ERR_FORBIDDEN;
	if ((rc = api_paging(r, &f.limit, &f.offset)) ||
	    (rc = query_id(r, "unit_id", &f.unit_id)) ||
	    (rc = query_id(r, "org_id", &f.org_id)))
		return rc;
	f.archived = archived && !strcmp(archived, "1");
	if (export) {
		f.limit = EXPORT_MAX_ROWS;
		f.offset = 0;
	}
	rc = store_lease_list(r->db, org, &f, &items, &total);
	if (rc) {
		json_decref(items);
		return rc;
	}
	unit_labels(r, items, "unit_kind");
	if (export) {
		rc = export_send(r, http_query(r, "format"), "leases",
				 page_text(r, "inc_lease.list"),
				 lease_list_export, ARRAY_SIZE(lease_list_export),
				 items);
		json_decref(items);
		return rc;
	}
	filters = json_pack("{s:b}", "archived", f.archived);
	if (f.unit_id)
		json_object_set_new(filters, "unit_id", json_integer(f.unit_id));
	if (f.org_id)
		json_object_set_new(filters, "org_id", json_integer(f.org_id));
	return page_render(r, "incubation-ops/leases", "inc_lease.list",
		json_pack("{s:o,s:o,s:s,s:b,s:o,s:s}", "items", items,
		"filters", filters, "base", "/incubation/leases", "can_write",
		!auth_require(p, PERM_INC_SPACE_WRITE, 0), "pager",
		page_pager(r, total, f.limit, f.offset), "export_query",
		arena_printf(&r->arena, "%s%s%s",
		f.unit_id ? arena_printf(&r->arena, "&unit_id=%lld",
		(long long)f.unit_id) : "", f.org_id ? arena_printf(
		&r->arena, "&org_id=%lld", (long long)f.org_id) : "",
		f.archived ? "&archived=1" : "")));
}

static int
get_leases(struct request *r)
{
	return lease_list(r, false);
}

static int
get_leases_export(struct request *r)
{
	return lease_list(r, true);
}

/* ---- reports ---------------------------------------------------------- */

#define REPORTS "/incubation/reports"

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
static void
report_labels(struct request *r, json_t *rep)
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
		json_decref(items);
		return rc;
	}
	for (i = 0; i < json_array_size(items); i++)
		report_labels(r, json_array_get(items, i));
	if (export) {
		rc = export_send(r, http_query(r, "format"), "reports",
				 page_text(r, "inc_report.list"),
				 report_export, ARRAY_SIZE(report_export), items);
		json_decref(items);
		return rc;
	}
	data = json_pack("{s:o,s:s,s:o,s:o,s:s,s:b}", "items", items, "base",
			 REPORTS, "statuses", status_choices(r, f.status),
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

static int
get_reports(struct request *r)
{
	return report_list(r, false);
}

static int
get_reports_export(struct request *r)
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
static int
get_report(struct request *r)
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
	report_labels(r, rep);
	state = json_string_value(json_object_get(rep, "status"));
	org = json_integer_value(json_object_get(rep, "org_id"));
	data = json_pack("{s:O,s:o,s:s,s:b,s:b}", "record", rep, "values",
		report_fields(r, rep, json_string_value(json_object_get(rep,
		"fields")), NULL), "base", REPORTS, "can_edit",
		!auth_require(p, PERM_INC_REPORT_WRITE, org) &&
		(!strcmp(state, "draft") || !strcmp(state, "returned")),
		"can_review", !auth_require(p, PERM_INC_REPORT_REVIEW, org) &&
		p->org_id != org && !strcmp(state, "submitted"));
	json_decref(rep);
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
	json_decref(items);
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
	json_decref(values);
	note = json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", "note", "label",
			 page_text(r, "inc_report.note"), "type", "text",
			 "value", json_string_value(json_object_get(rec,
			 "note")) ? json_string_value(json_object_get(rec,
			 "note")) : "", "maxlength", 2000);
	if (json_object_get(errors, "note"))
		json_object_set(note, "error", json_object_get(errors, "note"));
	json_array_append_new(fields, note);
	json_decref(per);
	json_decref(rec);
	json_decref(errors);
	return page_render(r, "record/form", id ? "inc_report.edit" :
			   "inc_report.new", json_pack("{s:o,s:b,s:s,s:I}",
			   "fields", fields, "is_new", id == 0, "base",
			   REPORTS, "id", (json_int_t)id));
}

/* GET /incubation/reports/new[?period_id=N] */
static int
get_report_new(struct request *r)
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
		json_decref(rec);
		return http_problem(r, rc, pb);
	}
	r->status = rc == ERR_CONFLICT ? 409 : rc == ERR_FORBIDDEN ? 403 :
		    400;
	return render_report_form(r, id, rec, json_pack("{s:s}", pb->field,
				  page_message(r, pb->message)));
}

/* POST /incubation/reports */
static int
post_report(struct request *r)
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
	json_decref(rec);
	page_flash(r, "success", "common.created");
	return http_redirect(r, arena_printf(&r->arena, REPORTS "/%lld",
					     (long long)id));
}

/* GET /incubation/reports/{id}/edit */
static int
get_report_edit(struct request *r)
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
		json_decref(rep);
		return rc;
	}
	return render_report_form(r, id, rep, NULL);
}

/* POST /incubation/reports/{id}: the edit form. */
static int
post_report_update(struct request *r)
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
		json_decref(rec);
		return http_fail(r, rc, NULL, "no such report");
	}
	if (rc) {
		/* The form again shows the report's period's fields. */
		if (!inc_report_get(r->db, auth_principal(r), id, &rep)) {
			json_object_update(rep, rec);
			json_decref(rec);
			rec = rep;
		}
		return form_refused(r, id, rec, rc, &pb);
	}
	json_decref(rec);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena, REPORTS "/%lld",
					     (long long)id));
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
	return http_redirect(r, arena_printf(&r->arena, REPORTS "/%lld",
					     (long long)id));
}

static int
post_submit(struct request *r)
{
	return report_action(r, "submit");
}

static int
post_accept(struct request *r)
{
	return report_action(r, "accept");
}

static int
post_return(struct request *r)
{
	return report_action(r, "return");
}

/* ---- occupancy and area ------------------------------------------------ */

/* o.percent: part of whole, "42.5%". */
static void
set_percent(struct request *r, json_t *o, int64_t part, int64_t whole)
{
	int64_t pm = whole ? part * 1000 / whole : 0;

	json_object_set_new(o, "percent", json_string(arena_printf(
		&r->arena, "%lld.%lld%%", (long long)(pm / 10),
		(long long)(pm % 10))));
}

/* Areas in 0.01 m² as "1,234.50" m². */
static const char *
m2(struct request *r, int64_t area)
{
	return arena_printf(&r->arena, "%lld.%02lld", (long long)(area / 100),
			    (long long)(area % 100));
}

/* GET /incubation/occupancy?on=DATE */
static int
get_occupancy(struct request *r)
{
	struct inc_occupancy o;
	json_t *buildings, *b;
	char on[11];
	size_t i;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_SPACE_READ, 0)) ||
	    (rc = inc_api_date(r, "on", on)))
		return rc;
	rc = inc_occupancy(r->db, on, &o, &buildings);
	if (rc)
		return rc;
	json_array_foreach(buildings, i, b) {
		set_percent(r, b, json_integer_value(json_object_get(b,
			    "area_leased")), json_integer_value(
			    json_object_get(b, "area")));
		json_object_set_new(b, "area_m2", json_string(m2(r,
			json_integer_value(json_object_get(b, "area")))));
		json_object_set_new(b, "area_leased_m2", json_string(m2(r,
			json_integer_value(json_object_get(b,
			"area_leased")))));
	}
	b = json_pack("{s:s,s:I,s:I,s:s,s:s,s:o}", "on", on, "units",
		      (json_int_t)o.units, "units_leased",
		      (json_int_t)o.units_leased, "area_m2", m2(r, o.area),
		      "area_leased_m2", m2(r, o.area_leased), "buildings",
		      buildings);
	set_percent(r, b, o.area_leased, o.area);
	return page_render(r, "incubation-ops/occupancy",
			   "inc_space.occupancy", b);
}

int
inc_page_area(struct request *r, int64_t org_id, json_t *data)
{
	json_t *steps, *leases, *s, *bars;
	int64_t max = 1, first, span;
	size_t i, n;
	int rc;

	if (auth_require(auth_principal(r), PERM_INC_LEASE_READ, org_id))
		return 0;
	rc = inc_area_history(r->db, org_id, &steps, &leases);
	if (rc) {
		json_decref(steps);
		json_decref(leases);
		return rc;
	}
	bars = json_array();
	n = json_array_size(steps);
	json_array_foreach(steps, i, s)
		if (json_integer_value(json_object_get(s, "area")) > max)
			max = json_integer_value(json_object_get(s, "area"));
	/* x: days since the first step, scaled to 0..1000; y: 0..200. */
	first = n ? inc_days(json_string_value(json_object_get(
		json_array_get(steps, 0), "on"))) : 0;
	span = n ? inc_days(json_string_value(json_object_get(
		json_array_get(steps, n - 1), "on"))) - first : 0;
	if (span <= 0)
		span = 1;
	json_array_foreach(steps, i, s) {
		int64_t a = json_integer_value(json_object_get(s, "area"));
		int64_t x0, x1, h = a * 200 / max;

		json_object_set_new(s, "area_m2", json_string(m2(r, a)));
		if (i + 1 == n)
			continue;	/* the last step only ends the chart */
		x0 = inc_days(json_string_value(json_object_get(s, "on"))) -
		     first;
		x1 = inc_days(json_string_value(json_object_get(
			json_array_get(steps, i + 1), "on"))) - first;
		json_array_append_new(bars, json_pack("{s:I,s:I,s:I,s:I,s:s,"
			"s:s}", "x", (json_int_t)(x0 * 1000 / span), "w",
			(json_int_t)((x1 - x0) * 1000 / span > 0 ?
			(x1 - x0) * 1000 / span : 1), "y", (json_int_t)(210 -
			h), "h", (json_int_t)h, "label", m2(r, a), "on",
			json_string_value(json_object_get(s, "on"))));
	}
	unit_labels(r, leases, "unit_kind");
	json_array_foreach(leases, i, s)
		json_object_set_new(s, "area_m2", json_string(m2(r,
			json_integer_value(json_object_get(s, "area")))));
	json_object_set_new(data, "area", json_pack("{s:o,s:o,s:o,s:b,s:s}",
		"steps", steps, "leases", leases, "bars", bars, "has_steps",
		n > 0, "max_m2", m2(r, max)));
	return 0;
}

/* GET /incubation/startups/{org_id}/area: the chart and its leases. */
static int
get_area(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *org = NULL, *data;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "org_id", &id)))
		return rc;
	rc = auth_require(p, PERM_INC_LEASE_READ, id);
	if (rc == ERR_FORBIDDEN && p && p->org_id > 0)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	if (!rc)
		rc = party_org_get(r->db, id, &org);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (rc)
		return rc;
	data = json_pack("{s:I,s:O}", "org_id", (json_int_t)id, "org_name",
			 json_object_get(org, "name"));
	json_decref(org);
	rc = inc_page_area(r, id, data);
	if (rc) {
		json_decref(data);
		return rc;
	}
	return page_render(r, "incubation-ops/area", "inc_space.area", data);
}

#define RECORD_PAGES(base, pages)					     \
	{ HTTP_GET, base, record_page_list, ROUTE_PAGE, pages },	     \
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pages }, \
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pages },    \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pages },   \
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pages }, \
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE,   \
	  pages }

const struct route inc_ops_page_routes[] = {
	RECORD_PAGES("/incubation/buildings", &building_pages),
	RECORD_PAGES("/incubation/floors", &floor_pages),
	RECORD_PAGES("/incubation/units", &unit_pages),
	/* Leases: their own list and export, with names; the rest generic. */
	{ HTTP_GET, "/incubation/leases", get_leases, ROUTE_PAGE, NULL },
	{ HTTP_POST, "/incubation/leases", record_page_create, ROUTE_PAGE,
	  &lease_pages },
	{ HTTP_GET, "/incubation/leases/new", record_page_new, ROUTE_PAGE,
	  &lease_pages },
	{ HTTP_GET, "/incubation/leases/export", get_leases_export,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/leases/:id", record_page_detail, ROUTE_PAGE,
	  &lease_pages },
	{ HTTP_POST, "/incubation/leases/:id", record_page_update, ROUTE_PAGE,
	  &lease_pages },
	{ HTTP_GET, "/incubation/leases/:id/edit", record_page_edit,
	  ROUTE_PAGE, &lease_pages },
	{ HTTP_POST, "/incubation/leases/:id/archive", record_page_archive,
	  ROUTE_PAGE, &lease_pages },
	RECORD_PAGES("/incubation/report-templates", &template_pages),
	RECORD_PAGES("/incubation/report-periods", &period_pages),
	{ HTTP_GET, REPORTS, get_reports, ROUTE_PAGE, NULL },
	{ HTTP_POST, REPORTS, post_report, ROUTE_PAGE, NULL },
	{ HTTP_GET, REPORTS "/new", get_report_new, ROUTE_PAGE, NULL },
	{ HTTP_GET, REPORTS "/export", get_reports_export, ROUTE_PAGE, NULL },
	{ HTTP_GET, REPORTS "/:id", get_report, ROUTE_PAGE, NULL },
	{ HTTP_POST, REPORTS "/:id", post_report_update, ROUTE_PAGE, NULL },
	{ HTTP_GET, REPORTS "/:id/edit", get_report_edit, ROUTE_PAGE, NULL },
	{ HTTP_POST, REPORTS "/:id/submit", post_submit, ROUTE_PAGE, NULL },
	{ HTTP_POST, REPORTS "/:id/accept", post_accept, ROUTE_PAGE, NULL },
	{ HTTP_POST, REPORTS "/:id/return", post_return, ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/occupancy", get_occupancy, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/incubation/startups/:org_id/area", get_area, ROUTE_PAGE,
	  NULL },
	{ 0, NULL, NULL, 0, NULL },
};
