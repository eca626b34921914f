/*
 * pages_hours.c - the pages of when the shared facilities are open and
 * where they are free: weekly opening hours, the park's calendar of
 * holidays and make-up working days, windows of maintenance (the kit's
 * list, detail and form pages; a window's page lists the bookings it falls
 * on, for staff to resolve), the search for free slots, each slot with
 * the form that books it, and a centre's week, its resources by day.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/api.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "record/pages.h"

static const struct record_pages hours_pages = {
	&facility_hours_api, "/facility/hours", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "opening-hours",
};

static const struct record_pages day_pages = {
	&facility_day_api, "/facility/calendar", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "calendar",
};

/* A window's page: the bookings it falls on, still to resolve. */
static int
maintenance_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *rec = json_object_get(data, "record"), *items = json_array();
	char text[32];
	json_t *b;
	size_t i;
	int rc;

	(void)id;
	http_own(r, items);
	rc = facility_store_bookings_over(r->db, json_integer_value(
		json_object_get(rec, "resource_id")), json_string_value(
		json_object_get(rec, "starts_at")), json_string_value(
		json_object_get(rec, "ends_at")), items);
	json_array_foreach(items, i, b)
		if (!time_format_local(record_text(b, "starts_at"), text,
				sizeof(text)))
			json_object_set_new(b, "starts_at_local",
					    json_string(text));
	json_object_set(data, "affected", items);
	return rc;
}

static const struct record_pages maintenance_pages = {
	&facility_maintenance_api, "/facility/maintenance", NULL, NULL,
	"facility/maintenance", "record/form", maintenance_extra, NULL, 0,
	"maintenance",
};

/* "HH:MM" moved on by `minutes` (within the day, else 24:00 at most). */
static void
clock_after(const char *hhmm, int64_t minutes, char out[8])
{
	int64_t m = ((hhmm[0] - '0') * 10 + hhmm[1] - '0') * 60 +
		    (hhmm[3] - '0') * 10 + hhmm[4] - '0' + minutes;

	if (m > FACILITY_DAY)
		m = FACILITY_DAY;
	snprintf(out, 8, "%02u:%02u", (unsigned)(m / 60) % 100,
		 (unsigned)(m % 60));
}

/* The kinds as the search's select offers them, the one asked selected. */
static json_t *
kind_options(struct request *r, const char *asked)
{
	json_t *options = json_array();

	for (const char *const *k = facility_kinds; *k; k++)
		json_array_append_new(options, json_pack("{s:s,s:s,s:b}",
			"value", *k, "label", record_value_label(r,
			&facility_resource_table, "kind", *k), "selected",
			asked && !strcmp(asked, *k)));
	return options;
}

/* GET /facility/availability: the search and, once asked, its slots. */
static int
get_availability(struct request *r)
{
	static const char *const args[] = {
		"kind", "from", "to", "minutes", "seats", "certified",
		"after", NULL
	};
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *in = http_own(r, json_object()), *data, *found = NULL;
	json_t *item, *slot;
	size_t i, k;
	char to[8];
	int rc;

	for (const char *const *a = args; *a; a++)
		if (http_query(r, *a))
			json_object_set_new(in, *a,
					    json_string(http_query(r, *a)));
	data = http_own(r, json_pack("{s:O,s:o,s:b}", "form", in, "kinds",
				     kind_options(r, record_text(in, "kind")),
				     "can_book", !auth_may_call(p,
				     PERM_FACILITY_BOOK)));
	if (!json_object_size(in))
		return page_render(r, "facility/availability",
				   "facility.availability",
				   json_incref(data));
	rc = facility_available(r->db, p, 0, in, &found, &pb);
	if (rc == ERR_INVALID) {
		json_object_set_new(data, "errors", json_pack("{s:s}",
			pb.field ? pb.field : "form", page_problem(r, &pb,
			"facility")));
		r->status = 400;
		return page_render(r, "facility/availability",
				   "facility.availability",
				   json_incref(data));
	}
	if (rc)
		return http_problem(r, rc, &pb);
	http_own(r, found);
	json_array_foreach(json_object_get(found, "items"), i, item)
		json_array_foreach(json_object_get(item, "slots"), k, slot) {
			clock_after(record_text(slot, "from"),
				    record_int(found, "minutes"), to);
			json_object_set_new(slot, "book_to", json_string(to));
		}
	json_object_set(data, "found", found);
	json_object_set_new(data, "searched", json_true());
	return page_render(r, "facility/availability",
			   "facility.availability", json_incref(data));
}

/* GET /facility/centres/:id/week: its resources by day, each day linked. */
static int
get_centre_week(struct request *r)
{
	struct problem pb = { 0 };
	json_t *week = NULL, *row, *cell;
	size_t i, k;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = facility_week_run(r, facility_centre_week, id, &week, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	json_array_foreach(json_object_get(week, "rows"), i, row)
		json_array_foreach(json_object_get(row, "cells"), k, cell)
			json_object_set_new(cell, "state_label", json_string(
				page_text(r, arena_printf(&r->arena,
				"facility.state_%s", json_string_value(
				json_object_get(cell, "state"))))));
	return page_render(r, "facility/centre_week", "facility.centre_week",
			   week);
}

#define READ PERM_FACILITY_READ
#define WRITE PERM_FACILITY_WRITE

const struct route facility_hours_page_routes[] = {
	RECORD_PAGE_IMPORT_ROUTES("/facility/hours", &hours_pages, WRITE),
	RECORD_PAGE_IMPORT_ROUTES("/facility/calendar", &day_pages, WRITE),
	RECORD_PAGE_ROUTES("/facility/hours", &hours_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/facility/calendar", &day_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/facility/maintenance", &maintenance_pages, READ,
			   WRITE),
	{ HTTP_GET, "/facility/availability", get_availability, ROUTE_PAGE,
	  NULL, READ },
	{ HTTP_GET, "/facility/centres/:id/week", get_centre_week, ROUTE_PAGE,
	  NULL, READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

const struct page_menu_item facility_hours_menu[] = {
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility",
	  "/facility/availability", "menu.facility_availability" },
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility", "/facility/calendar",
	  "menu.facility_calendar" },
	{ ROLE_ADMIN, "menu.facility", "/facility/hours",
	  "menu.facility_hours" },
	{ ROLE_ADMIN, "menu.facility", "/facility/maintenance",
	  "menu.facility_maintenance" },
	{ 0, NULL, NULL, NULL },
};
