/*
 * ops_pages.c - the pages of the incubator's operations: buildings,
 * floors, units, leases, report templates and periods (the generic record
 * pages, with what each detail page shows besides), the occupancy on a
 * date and a startup's area over time as a chart; and the route table
 * that mounts them with the startups' reports of reports_pages.c.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/macros.h"
#include "export/export.h"
#include "http/api.h"
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
	http_own(r, org);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

static int
template_extra(struct request *r, int64_t id, json_t *data)
{
	return set_children(r, data, "periods", &inc_period_table,
			    "template_id", id);
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
	for (size_t i = 0; i < json_array_size(items); i++)
		inc_page_report_labels(r, json_array_get(items, i));
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
		http_own(r, items);
		return rc;
	}
	unit_labels(r, items, "unit_kind");
	if (export) {
		rc = export_send(r, http_query(r, "format"), "leases",
				 page_text(r, "inc_lease.list"),
				 lease_list_export, ARRAY_SIZE(lease_list_export),
				 items);
		http_own(r, items);
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
		http_own(r, steps);
		http_own(r, leases);
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
	http_own(r, org);
	rc = inc_page_area(r, id, data);
	if (rc) {
		http_own(r, data);
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
	{ HTTP_GET, INC_REPORT_PAGES, inc_page_list_reports, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, INC_REPORT_PAGES, inc_page_create_report, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, INC_REPORT_PAGES "/new", inc_page_new_report, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, INC_REPORT_PAGES "/export", inc_page_export_reports,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, INC_REPORT_PAGES "/:id", inc_page_get_report, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, INC_REPORT_PAGES "/:id", inc_page_update_report,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, INC_REPORT_PAGES "/:id/edit", inc_page_edit_report,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, INC_REPORT_PAGES "/:id/submit", inc_page_submit_report,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, INC_REPORT_PAGES "/:id/accept", inc_page_accept_report,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, INC_REPORT_PAGES "/:id/return", inc_page_return_report,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/occupancy", get_occupancy, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/incubation/startups/:org_id/area", get_area, ROUTE_PAGE,
	  NULL },
	{ 0, NULL, NULL, 0, NULL },
};

/*
 * The incubation module's entries of the left menu (page.h), the
 * incubator's and its space and reports', in one table.
 */
const struct page_menu_item incubation_menu[] = {
	{ ROLE_ADMIN | ROLE_VIEWER, "menu.incubation", "/incubation",
	  "menu.inc_figures" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/startups", "menu.inc_startups" },
	{ ROLE_ADMIN | ROLE_APPLICANT | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/applications", "menu.inc_applications" },
	{ ROLE_ADMIN | ROLE_EXPERT, "menu.incubation", "/incubation/review",
	  "menu.inc_review" },
	{ ROLE_ADMIN, "menu.incubation", "/incubation/experts",
	  "menu.inc_experts" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/sessions", "menu.inc_sessions" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/projects", "menu.inc_projects" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/investments", "menu.inc_investments" },
	/* incubation: space, leases and reports (inc-ops) */
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/buildings",
	  "menu.inc_buildings" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/leases", "menu.inc_leases" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/occupancy",
	  "menu.inc_occupancy" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_reports_list" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-periods",
	  "menu.inc_periods" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-templates",
	  "menu.inc_templates" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_my_reports" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/leases",
	  "menu.inc_my_leases" },
	{ 0, NULL, NULL, NULL },
};
