/*
 * pages.c - the shared facilities' pages: the catalogue, terms,
 * agreements and allocations as the kit's list, detail and form pages; a
 * resource's week (a grid of hours by days, with the form that books it);
 * "my bookings", each with its cancel button and the form that changes it.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/api.h"
#include "facility/day_int.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "party/party.h"
#include "record/action.h"
#include "record/pages.h"

static const struct record_pages resource_pages = {
	&facility_resource_api, "/facility/resources", NULL, NULL,
	"facility/resource", "record/form", NULL, NULL, 0, "resources",
};

/*
 * Until when bookings of `res` are changed by their bookers, in the
 * reader's language: the resource, its change_hours, and the time that
 * makes for a booking starting at `starts`.
 */
static const char *
change_deadline(struct request *r, const struct facility_resource_row *res,
		time_t starts)
{
	char utc[32], local[32];
	json_t *vars;

	time_format_utc(starts - (time_t)res->change_hours * 3600, utc,
			sizeof(utc));
	if (time_format_local(utc, local, sizeof(local)))
		return NULL;
	vars = http_own(r, json_pack("{s:s,s:I,s:s}", "resource", res->name,
				     "hours", (json_int_t)res->change_hours,
				     "deadline", local));
	return page_text_with(r, res->change_hours ? "facility.change_until" :
			      "facility.change_until_start", vars);
}

/*
 * The form that changes booking `rec` in place, when its caller still may
 * (facility_may_change()): one of a single Beijing day, not a session's.
 * Its fields hold the booking's values unless the form comes back refused.
 */
static int
change_form(struct request *r, json_t *rec, json_t *data)
{
	const char *starts = record_text(rec, "starts_at");
	const char *ends = record_text(rec, "ends_at");
	struct facility_resource_row res;
	char from[32], to[32];
	struct problem pb = { 0 };
	const char *until;
	time_t at;
	int rc;

	if (json_is_integer(json_object_get(rec, "cohort_id")) ||
	    time_format_local(starts, from, sizeof(from)) ||
	    time_format_local(ends, to, sizeof(to)) ||
	    memcmp(from, to, TIME_DATE_LEN) || time_parse_utc(starts, &at))
		return 0;
	rc = facility_may_change(r->db, auth_principal(r), rec, &pb);
	if (rc == ERR_CONFLICT)
		return 0;
	if (rc || (rc = facility_store_resource(r->db, json_integer_value(
				json_object_get(rec, "resource_id")), &res)))
		return rc == ERR_NOTFOUND ? 0 : rc;
	json_object_set_new(data, "can_change", json_true());
	json_object_set_new(data, "change_seats", json_integer(res.seats));
	if ((until = change_deadline(r, &res, at)))
		json_object_set_new(data, "change_until", json_string(until));
	if (json_object_get(data, "form"))
		return 0;
	from[TIME_DATE_LEN] = '\0';
	json_object_set_new(data, "form", json_pack("{s:s,s:s,s:s,s:O,s:O}",
		"on", from, "from", from + TIME_DATE_LEN + 1, "to",
		to + TIME_DATE_LEN + 1, "seats", json_object_get(rec, "seats"),
		"purpose", json_object_get(rec, "purpose")));
	return 0;
}

/*
 * A booking's page offers to cancel or change it while that is allowed;
 * past the resource's deadline the cancel button is there, disabled,
 * saying why (facility_may_change(), the rule the cancel keeps).
 */
static int
booking_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *rec = json_object_get(data, "record");
	const char *starts = record_text(rec, "starts_at");
	const char *status = record_text(rec, "status");
	struct problem pb = { 0 };
	int rc;

	(void)id;
	if (!status || !starts || (strcmp(status, "confirmed") &&
				   strcmp(status, "pending")))
		return 0;
	rc = facility_may_change(r->db, auth_principal(r), rec, &pb);
	if (rc && rc != ERR_CONFLICT)
		return rc;
	json_object_set_new(data, "can_cancel", json_true());
	if (rc)
		json_object_set_new(data, "cancel_wait", json_string(
			page_problem(r, &pb, NULL)));
	return change_form(r, rec, data);
}

/* A booking waiting for approval offers the decision. */
static int
pending_extra(struct request *r, int64_t id, json_t *data)
{
	(void)r;
	(void)id;
	json_object_set_new(data, "can_decide", json_true());
	return 0;
}

static const struct record_pages pending_pages = {
	&facility_pending_api, "/facility/approvals", "facility_approval", NULL,
	"facility/booking", NULL, pending_extra, NULL, 0, "approvals",
	.list_id = true,
};

static const struct record_pages booking_pages = {
	&facility_booking_api, "/facility/bookings", NULL, NULL,
	"facility/booking", NULL, booking_extra, NULL, 0, "bookings",
	.list_id = true,
};

static const struct record_pages term_pages = {
	&facility_term_api, "/facility/terms", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "terms",
};

static const struct record_pages agreement_pages = {
	&facility_agreement_api, "/facility/agreements", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "agreements",
};

static const struct record_pages allocation_pages = {
	&facility_allocation_api, "/facility/allocations", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "allocations",
	.rows = &facility_allocation_rows,
};

/*
 * The organisations staff may book for, as the options of a select, the
 * one typed before selected.
 */
static int
org_options(struct request *r, json_t *week)
{
	struct record_filter f = { 0 };
	json_t *typed = json_object_get(json_object_get(week, "form"),
					"org_id");
	json_t *orgs, *o, *options = json_array();
	int64_t total;
	size_t i;
	int rc;

	f.limit = 200;
	rc = record_list(r->db, &party_org_table, &f, &orgs, &total);
	http_own(r, orgs);
	json_array_foreach(orgs, i, o) {
		json_t *id = json_object_get(o, "id");

		json_array_append_new(options, json_pack("{s:s,s:O,s:b}",
			"value", arena_printf(&r->arena, "%lld", (long long)
			json_integer_value(id)), "label", json_object_get(o,
			"name"), "selected", json_equal(id, typed)));
	}
	json_object_set_new(week, "orgs", options);
	return rc;
}

/* Each booking's times as people in the park read them. */
static void
local_times(struct request *r, json_t *bookings)
{
	static const char *const names[] = { "starts_at", "ends_at" };
	char text[32];
	json_t *b;
	size_t i;

	json_array_foreach(bookings, i, b)
		for (size_t k = 0; k < 2; k++)
			if (!time_format_local(json_string_value(
				json_object_get(b, names[k])), text,
				sizeof(text)))
				json_object_set_new(b, arena_printf(&r->arena,
					"%s_local", names[k]),
					json_string(text));
}

/*
 * The week of resource `id` (?from=DATE), with the refusal of a booking
 * made from it (`more`: errors and what was typed, a new reference, or
 * NULL) shown in place.
 */
static int
week_page(struct request *r, int64_t id, json_t *more)
{
	const struct principal *p = auth_principal(r);
	json_t *week = NULL, *resource;
	struct problem pb = { 0 };
	int rc;

	http_own(r, more);
	rc = facility_week_run(r, facility_week, id, &week, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	http_own(r, week);
	if (more)
		json_object_update(week, more);
	json_object_set_new(week, "can_book", json_boolean(
		!auth_may_call(p, PERM_FACILITY_BOOK)));
	json_object_set_new(week, "is_staff", json_boolean(auth_is_staff(p)));
	resource = json_object_get(week, "resource");
	json_object_set_new(week, "maintenance", json_boolean(!strcmp(
		record_text(resource, "status"), "maintenance")));
	local_times(r, json_object_get(week, "bookings"));
	if (auth_is_staff(p) && (rc = org_options(r, week)))
		return rc;
	json_object_set_new(week, "seats_many", json_boolean(
		record_int(resource, "seats") > 1));
	return page_render(r, "facility/week", "facility.week", week);
}

/* GET /facility/resources/:id/week */
static int
get_week(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : week_page(r, id, NULL);
}

/*
 * The figures as of ?as_of= (default today), with the records behind
 * them: the partners sharing, their hours, each resource's seat-hours.
 */
static int
get_figures(struct request *r)
{
	char today[TIME_DATE_LEN + 1];
	const char *as_of;
	json_t *data = NULL;
	int rc;

	if ((rc = facility_as_of(r, today, &as_of)))
		return rc;
	if ((rc = facility_page_figures(r, as_of, &data)))
		return rc;
	return page_render(r, "facility/figures", "facility.figures", data);
}

int
facility_page_figures(struct request *r, const char *as_of, json_t **out)
{
	char text[32];
	json_t *item;
	size_t i;
	int rc = facility_figures(r->db, as_of, out);

	if (rc)
		return rc;
	http_own(r, *out);
	snprintf(text, sizeof(text), "%.1f",
		 (double)record_int(*out, "partner_minutes") / 60.0);
	json_object_set_new(*out, "partner_hours", json_string(text));
	json_array_foreach(json_object_get(*out, "partner_list"), i, item) {
		snprintf(text, sizeof(text), "%.1f",
			 (double)record_int(item, "minutes") / 60.0);
		json_object_set_new(item, "hours", json_string(text));
	}
	json_array_foreach(json_object_get(*out, "resources"), i, item) {
		snprintf(text, sizeof(text), "%.1f",
			 (double)record_int(item, "seat_minutes") / 60.0);
		json_object_set_new(item, "seat_hours", json_string(text));
		json_object_set_new(item, "kind_label", json_string(
			record_value_label(r, &facility_resource_table, "kind",
			record_text(item, "kind"))));
	}
	return 0;
}

/* A booking made from a week: to its page, or the week again. */
static const struct record_action book = {
	facility_book_rule, &facility_booking_input, "/facility/bookings",
	"id", "facility.booked", .show = week_page, .show_all = true,
};

/* Join the waiting list of resource `id` for the time of the week's form. */
static int
wait_here(struct db *db, const struct principal *p, int64_t id, json_t *in,
	  json_t **out, struct problem *pb)
{
	json_object_set_new(in, "resource_id", json_integer(id));
	return facility_wait(db, p, 0, in, out, pb);
}

/* Joined from a week: to the entry's page, or the week again. */
static const struct record_action join_waitlist = {
	wait_here, &facility_booking_input, "/facility/waitlist", "id",
	"facility_waitlist.joined", .show = week_page, .show_all = true,
};

/* A booking decided from the queue: back to the queue. */
static const struct record_action approve = {
	facility_approve, NULL, "/facility/approvals", "", "facility.approved",
	&pending_pages, .show_all = true,
};
static const struct record_action reject = {
	facility_reject, NULL, "/facility/approvals", "", "facility.rejected",
	&pending_pages, .show_all = true,
};

/* A booking changed from its page: back to it, or the page again. */
static const struct record_action change = {
	facility_change, &facility_booking_input, "/facility/bookings", NULL,
	"facility.changed", &booking_pages, .show_all = true,
};

/* A booking cancelled from its page: back to it. */
static const struct record_action cancel = {
	facility_cancel, NULL, "/facility/bookings", NULL,
	"facility.cancelled", &booking_pages, .show_all = true,
};

#define READ PERM_FACILITY_READ
#define WRITE PERM_FACILITY_WRITE

/* A cancelled booking gives its time away (http.h, route_confirm). */
static const struct route_confirm cancel_confirm = {
	"confirm.cancel_booking", NULL, NULL,
};

const struct route facility_page_routes[] = {
	RECORD_PAGE_IMPORT_ROUTES("/facility/resources", &resource_pages,
				  WRITE),
	RECORD_PAGE_IMPORT_ROUTES("/facility/terms", &term_pages, WRITE),
	RECORD_PAGE_IMPORT_ROUTES("/facility/agreements", &agreement_pages,
				  WRITE),
	RECORD_PAGE_ROUTES("/facility/resources", &resource_pages, READ,
			   WRITE),
	{ HTTP_GET, "/facility/resources/:id/week", get_week, ROUTE_PAGE,
	  NULL, READ },
	{ HTTP_GET, "/facility/figures", get_figures, ROUTE_PAGE, NULL, READ },
	{ HTTP_POST, "/facility/resources/:id/bookings", record_page_action,
	  ROUTE_PAGE, &book, PERM_FACILITY_BOOK },
	{ HTTP_POST, "/facility/resources/:id/waitlist", record_page_action,
	  ROUTE_PAGE, &join_waitlist, PERM_FACILITY_BOOK },
	RECORD_PAGE_READ_ROUTES("/facility/bookings", &booking_pages,
				PERM_FACILITY_BOOK),
	{ HTTP_POST, "/facility/bookings/:id/cancel", record_page_action,
	  ROUTE_PAGE, &cancel, PERM_FACILITY_BOOK, &cancel_confirm },
	{ HTTP_POST, "/facility/bookings/:id/change", record_page_action,
	  ROUTE_PAGE, &change, PERM_FACILITY_BOOK },
	RECORD_PAGE_READ_ROUTES("/facility/approvals", &pending_pages,
				PERM_FACILITY_APPROVE),
	{ HTTP_POST, "/facility/approvals/:id/approve", record_page_action,
	  ROUTE_PAGE, &approve, PERM_FACILITY_APPROVE },
	{ HTTP_POST, "/facility/approvals/:id/reject", record_page_action,
	  ROUTE_PAGE, &reject, PERM_FACILITY_APPROVE },
	RECORD_PAGE_ROUTES("/facility/terms", &term_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/facility/agreements", &agreement_pages,
			   PERM_FACILITY_AGREEMENT_READ, WRITE),
	RECORD_PAGE_ROUTES("/facility/allocations", &allocation_pages,
			   PERM_FACILITY_AGREEMENT_READ, WRITE),
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The shared facilities' entries of the left menu (page.h). */
const struct page_menu_item facility_menu[] = {
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility",
	  "/facility/resources", "menu.facility_resources" },
	{ ROLE_ADMIN | ROLE_COLLEGE | ROLE_ENTERPRISE | ROLE_TEACHER,
	  "menu.facility", "/facility/bookings", "menu.facility_bookings" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.facility", "/facility/approvals",
	  "menu.facility_approvals" },
	{ ROLE_ADMIN | ROLE_COLLEGE, "menu.facility", "/facility/agreements",
	  "menu.facility_agreements" },
	{ ROLE_ADMIN | ROLE_COLLEGE, "menu.facility", "/facility/allocations",
	  "menu.facility_allocations" },
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility", "/facility/terms",
	  "menu.facility_terms" },
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility", "/facility/figures",
	  "menu.facility_figures" },
	{ 0, NULL, NULL, NULL },
};
