/*
 * dashboard.c - the park's overview (园区概况), for staff and viewers: its
 * figures, each a query over
 * the ledger at the moment of asking, never a number typed in, with a
 * chart and a link from each figure to the list it counts.
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "incubation/incubation.h"
#include "page/page.h"
#include "party/party.h"
#include "record/pages.h"
#include "report/report.h"
#include "settings/settings.h"
#include "tpl/html.h"
#include "facility/pages.h"
#include "training/pages.h"
#include "training/training.h"

/* [{key, label, n, href}] for each value of `values` present in counts. */
static json_t *
figures(struct request *r, const char *const *values, json_t *counts,
	const char *label_prefix, const char *href_prefix)
{
	json_t *out = json_array();

	for (const char *const *v = values; *v; v++) {
		json_int_t n = json_integer_value(json_object_get(counts, *v));

		json_array_append_new(out, json_pack("{s:s,s:s,s:I,s:s?}",
			"key", *v, "label", page_text_or(r,
			arena_printf(&r->arena, "%s.%s", label_prefix, *v), *v),
			"n", n, "href", href_prefix ? arena_printf(&r->arena,
			"%s%s", href_prefix, *v) : NULL));
	}
	return out;
}

/* GET /dashboard: the park's figures. */
static int
dashboard(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *orgs, *people, *data;
	json_int_t total = 0;
	const char *key;
	json_t *v;
	int rc;

	rc = party_counts(r->db, &orgs, &people);
	if (rc) {
		json_decref(orgs);
		json_decref(people);
		return rc;
	}
	json_object_foreach(orgs, key, v)
		total += json_integer_value(v);
	data = json_pack("{s:o,s:I}", "orgs", figures(r, party_org_kinds,
			 orgs, "org.kind_values", "/orgs?kind="),
			 "org_total", total);
	if (!auth_require(p, PERM_PERSON_READ, 0)) {
		json_object_set_new(data, "people", figures(r, party_roles,
			people, "affiliation.role_values", NULL));
		json_object_set_new(data, "show_people", json_true());
	}
	/* incubation (src/incubation/): its figures today, for staff and
	 * viewers, each linking to the startups it counts. */
	if (!auth_require(p, PERM_INC_FIGURES, 0) &&
	    (rc = incubation_dashboard(r, data))) {
		json_decref(orgs);
		json_decref(people);
		json_decref(data);
		return rc;
	}
	/* The chart's data, read by static/dashboard.js from the page. */
	json_object_set_new(data, "chart_json", record_page_chart(r,
			    "dashboard.orgs_by_kind",
			    json_incref(json_object_get(data, "orgs"))));
	json_decref(orgs);
	json_decref(people);
	/* training, tr-out: the training figures as of today. */
	if (!auth_require(p, PERM_TRAINING_FIGURES, 0)) {
		json_t *training;
		char today[11];

		rc = settings_today(r->db, today, NULL);
		if (!rc)
			rc = training_figures_page_data(r, today, &training);
		if (rc) {
			json_decref(data);
			return rc;
		}
		json_object_set_new(data, "training", training);
	}
	/* facility: partners sharing and hours used, today. */
	if (!auth_require(p, PERM_FACILITY_READ, 0)) {
		json_t *facility;
		char today[11];

		rc = settings_today(r->db, today, NULL);
		if (!rc)
			rc = facility_page_figures(r, today, &facility);
		if (rc) {
			json_decref(data);
			return rc;
		}
		json_object_set(data, "facility", facility);
	}
	return page_render(r, "report/dashboard", "menu.dashboard", data);
}

int
report_home(struct request *r)
{
	if (!auth_principal(r))
		return report_start(r);
	return report_workbench(r);
}

const struct route report_page_routes[] = {
	{ HTTP_GET, "/", report_home, ROUTE_PAGE | ROUTE_PUBLIC, NULL },
	{ HTTP_GET, "/dashboard", dashboard, ROUTE_PAGE, NULL,
	  PERM_INC_FIGURES },
	{ 0, NULL, NULL, 0, NULL },
};

/* The home page's and the dashboard's entries of the left menu (page.h). */
const struct page_menu_item report_menu[] = {
	{ ROLE_ALL, "menu.overview", "/", "menu.workbench" },
	{ ROLE_ADMIN | ROLE_VIEWER, "menu.overview", "/dashboard",
	  "menu.dashboard" },
	{ 0, NULL, NULL, NULL },
};
