/*
 * pages_space.c - the pages of the park's space, as a route table:
 * buildings, floors, units and leases (the kit's list, form and detail
 * pages, each detail page with what it holds: a building's floors and
 * units, a floor's units, a unit's leases, a lease's tenant), the leases
 * with the names of unit, building and tenant; the occupancy on a date
 * and a startup's area over time as a chart, pages of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "party/party.h"
#include "record/children.h"
#include "record/pages.h"
#include "record/record.h"

/* data[key] = the children, and has_KEY. */
static int
set_children(struct request *r, json_t *data, const char *key,
	     const struct record_table *t, const char *col, int64_t id)
{
	json_t *items;
	int rc = record_children(r, t, col, id, NULL, &items);

	json_object_set_new(data, arena_printf(&r->arena, "has_%s", key),
			    json_boolean(json_array_size(items)));
	json_object_set(data, key, items);
	return rc;
}

/* Member `key` of each of `items` (fen) as KEY_yuan, "1,234.50". */
static void
yuan_texts(struct request *r, json_t *items, const char *key)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it)
		json_object_set_new(it, arena_printf(&r->arena, "%s_yuan",
			key), json_string(inc_page_hundredths(r,
			record_int(it, key))));
}

/* Unit kinds (member `key`) and areas as the reader reads them. */
static void
unit_labels(struct request *r, json_t *items, const char *key)
{
	json_t *u;
	size_t i;

	json_array_foreach(items, i, u) {
		const char *k = record_text(u, key);

		if (k)
			json_object_set_new(u, "kind_label", json_string(
				record_value_label(r, &inc_unit_table, "kind",
						   k)));
		json_object_set_new(u, "area_m2", json_string(inc_page_hundredths(r,
			record_int(u, "area"))));
	}
}

/* A floor's units. */
static int
floor_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = set_children(r, data, "units", &inc_unit_table, "floor_id",
			      id);

	unit_labels(r, json_object_get(data, "units"), "kind");
	return rc;
}

/* A building's floors, each with its units as its page shows them. */
static int
building_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *floors, *fl;
	size_t i;
	int rc = record_children(r, &inc_floor_table, "building_id", id, NULL,
				 &floors);

	json_array_foreach(floors, i, fl)
		if (!rc)
			rc = floor_extra(r, record_int(fl, "id"), fl);
	json_object_set(data, "floors", floors);
	return rc;
}

/* A unit's page: its leases, with their tenants. */
static int
unit_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = set_children(r, data, "leases", &inc_lease_rows, "unit_id",
			      id);

	yuan_texts(r, json_object_get(data, "leases"), "rent_per_m2_fen");
	return rc;
}

/* A lease's page names the startup and links to its area over time. */
static int
lease_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *org = NULL;
	int rc;

	(void)id;
	rc = party_org_get(r->db, record_int(json_object_get(data, "record"),
			   "org_id"), &org);
	if (!rc)
		json_object_set(data, "org_name", json_object_get(org, "name"));
	http_own(r, org);
	return rc == ERR_NOTFOUND ? 0 : rc;
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


/* GET /incubation/occupancy?on=DATE */
static int
get_occupancy(struct request *r)
{
	struct inc_occupancy o;
	json_t *buildings, *b;
	char on[11];
	size_t i;
	int rc;

	if ((rc = api_date(r, "on", on)))
		return rc;
	rc = inc_occupancy(r->db, on, &o, &buildings);
	if (rc)
		return rc;
	json_array_foreach(buildings, i, b) {
		set_percent(r, b, record_int(b, "area_leased"),
			    record_int(b, "area"));
		json_object_set_new(b, "area_m2", json_string(inc_page_hundredths(r,
			record_int(b, "area"))));
		json_object_set_new(b, "area_leased_m2", json_string(inc_page_hundredths(r,
			record_int(b, "area_leased"))));
	}
	b = json_pack("{s:s,s:I,s:I,s:s,s:s,s:o}", "on", on, "units",
		      (json_int_t)o.units, "units_leased",
		      (json_int_t)o.units_leased, "area_m2", inc_page_hundredths(r, o.area),
		      "area_leased_m2", inc_page_hundredths(r, o.area_leased), "buildings",
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
		if (record_int(s, "area") > max)
			max = record_int(s, "area");
	/* x: days since the first step, scaled to 0..1000; y: 0..200. */
	first = n ? inc_days(record_text(json_array_get(steps, 0), "on")) : 0;
	span = n ? inc_days(record_text(json_array_get(steps, n - 1),
		   "on")) - first : 0;
	if (span <= 0)
		span = 1;
	json_array_foreach(steps, i, s) {
		int64_t a = record_int(s, "area");
		int64_t x0, x1, h = a * 200 / max;

		json_object_set_new(s, "area_m2", json_string(inc_page_hundredths(r, a)));
		if (i + 1 == n)
			continue;	/* the last step only ends the chart */
		x0 = inc_days(record_text(s, "on")) - first;
		x1 = inc_days(record_text(json_array_get(steps, i + 1),
			      "on")) - first;
		json_array_append_new(bars, json_pack("{s:I,s:I,s:I,s:I,s:s,"
			"s:s}", "x", (json_int_t)(x0 * 1000 / span), "w",
			(json_int_t)((x1 - x0) * 1000 / span > 0 ?
			(x1 - x0) * 1000 / span : 1), "y", (json_int_t)(210 -
			h), "h", (json_int_t)h, "label", inc_page_hundredths(r, a), "on",
			record_text(s, "on")));
	}
	unit_labels(r, leases, "unit_kind");
	json_object_set_new(data, "area", json_pack("{s:o,s:o,s:o,s:b,s:s}",
		"steps", steps, "leases", leases, "bars", bars, "has_steps",
		n > 0, "max_m2", inc_page_hundredths(r, max)));
	return 0;
}

/* GET /incubation/startups/{org_id}/area: the chart and its leases. */
static int
get_area(struct request *r)
{
	json_t *org = NULL, *data;
	int64_t id;
	int rc = inc_area_of_path(r, &id);

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


#define PAGES(name, api, base, detail, extra, stem, rows)		\
	static const struct record_pages name = {			\
		api, base, NULL, NULL, "incubation-ops/" detail,	\
		"record/form", extra, NULL, 0, stem, NULL, NULL, false,	\
		rows,							\
	}

PAGES(building_pages, &inc_building_api, "/incubation/buildings",
      "building", building_extra, "buildings", NULL);
PAGES(floor_pages, &inc_floor_api, "/incubation/floors", "floor",
      floor_extra, "floors", NULL);
PAGES(unit_pages, &inc_unit_api, "/incubation/units", "unit", unit_extra,
      "units", NULL);
PAGES(lease_pages, &inc_lease_api, "/incubation/leases", "lease",
      lease_extra, "leases", &inc_lease_rows);

const struct route inc_space_page_routes[] = {
	RECORD_PAGE_ROUTES("/incubation/buildings", &building_pages,
			   PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE),
	RECORD_PAGE_ROUTES("/incubation/floors", &floor_pages,
			   PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE),
	RECORD_PAGE_ROUTES("/incubation/units", &unit_pages,
			   PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE),
	RECORD_PAGE_ROUTES("/incubation/leases", &lease_pages,
			   PERM_INC_LEASE_READ, PERM_INC_SPACE_WRITE),
	{ HTTP_GET, "/incubation/occupancy", get_occupancy, ROUTE_PAGE, NULL,
	  PERM_INC_SPACE_READ },
	{ HTTP_GET, "/incubation/startups/:id/area", get_area, ROUTE_PAGE,
	  NULL, PERM_INC_LEASE_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
