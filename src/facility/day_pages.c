/*
 * day_pages.c - the pages of the facilities' day: a statement to print,
 * its amounts in 元 as the kit's money kind shows them; utilisation, with
 * its chart and links down to the bookings; the check-in page of a
 * resource (the URL shown at it) and, for staff, its code to show.
 */
#include <stdio.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#include "base/money.h"
#include "base/time.h"
#include "facility/api.h"
#include "facility/day_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "qr/qr.h"
#include "record/action.h"
#include "record/pages.h"
#include "settings/settings.h"

/* Fen as the kit shows money ("¥1,234.50"), in the request's arena. */
static json_t *
yuan(struct request *r, json_t *fen)
{
	char text[MONEY_TEXT_MAX];

	if (money_format_yuan(json_integer_value(fen), text, sizeof(text)))
		text[0] = '\0';
	return json_string(arena_strdup(&r->arena, text));
}

/* GET /facility/statements/:id: the statement to read and to print. */
static int
get_statement(struct request *r)
{
	char key[80], local[32];
	json_t *st = NULL, *line;
	size_t i;
	int rc = facility_statement_asked(r, &st);

	if (rc)
		return rc;
	json_array_foreach(json_object_get(st, "lines"), i, line) {
		snprintf(key, sizeof(key),
			 "facility_statement_line.kind_values.%s",
			 record_text(line, "kind"));
		json_object_set_new(line, "kind_label",
				    json_string(page_text(r, key)));
		json_object_set_new(line, "rate", yuan(r, json_object_get(line,
				    "rate_fen")));
		json_object_set_new(line, "amount", yuan(r, json_object_get(
				    line, "amount_fen")));
	}
	json_object_set_new(st, "total", yuan(r, json_object_get(st,
			    "total_fen")));
	snprintf(key, sizeof(key), "facility_statement.status_values.%s",
		 record_text(st, "status"));
	json_object_set_new(st, "status_label", json_string(page_text(r,
			    key)));
	if (json_is_string(json_object_get(st, "issued_at")) &&
	    !time_format_local(record_text(st, "issued_at"), local,
			       sizeof(local)))
		json_object_set_new(st, "issued_local", json_string(local));
	return page_render(r, "facility/statement", "facility_statement.detail",
			   json_pack("{s:O}", "st", st));
}

/* Minutes as hours with one decimal, in the request's arena. */
static json_t *
hours(struct request *r, int64_t minutes)
{
	return json_string(arena_printf(&r->arena, "%lld.%lld",
			   (long long)(minutes / 60), (long long)(minutes %
			   60 * 10 / 60)));
}

/* The counters of `rows` written out in hours. */
static void
in_hours(struct request *r, json_t *rows)
{
	static const char *const what[] = {
		"booked", "used", "no_show", "cancelled"
	};
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
		for (size_t k = 0; k < sizeof(what) / sizeof(what[0]); k++) {
			char key[24];

			snprintf(key, sizeof(key), "%s_hours", what[k]);
			json_object_set_new(row, key, hours(r,
					    record_int(row, what[k])));
		}
}

/* The chart's bars: per month, the hours booked and, inside, used. */
static json_t *
bars(json_t *months)
{
	json_t *out = json_array(), *m;
	int64_t max = 1, n = (int64_t)json_array_size(months), w;
	size_t i;

	json_array_foreach(months, i, m)
		if (record_int(m, "booked") > max)
			max = record_int(m, "booked");
	w = n ? 1000 / n : 1000;
	json_array_foreach(months, i, m) {
		int64_t booked = record_int(m, "booked");
		int64_t used = record_int(m, "used");
		int64_t bh = booked * 200 / max, uh = used * 200 / max;

		json_array_append_new(out, json_pack(
			"{s:I,s:I,s:I,s:I,s:I,s:I,s:O,s:O,s:O}",
			"x", (json_int_t)((int64_t)i * w + w / 8), "w",
			(json_int_t)(w * 3 / 4), "y", (json_int_t)(210 - bh),
			"h", (json_int_t)bh, "uy", (json_int_t)(210 - uh),
			"uh", (json_int_t)uh, "month", json_object_get(m,
			"month"), "booked_hours", json_object_get(m,
			"booked_hours"), "used_hours", json_object_get(m,
			"used_hours")));
	}
	return out;
}

/* Row `res` of a resource's kind labelled: its kind_label. */
static void
kind_label(struct request *r, json_t *res)
{
	json_object_set_new(res, "kind_label", json_string(
		record_value_label(r, &facility_resource_table, "kind",
		record_text(res, "kind"))));
}

/*
 * GET /facility/utilisation?from=&to=: per month, per partner and per
 * kind of resource, the hours booked, used, no-show and cancelled, with
 * links to the bookings; per resource, the seat-hours used of those open.
 */
static int
get_utilisation(struct request *r)
{
	json_t *u = NULL, *res;
	size_t i;
	int rc = facility_utilisation_asked(r, &u);

	if (rc)
		return rc;
	http_own(r, u);
	in_hours(r, json_object_get(u, "months"));
	in_hours(r, json_object_get(u, "partners"));
	in_hours(r, json_object_get(u, "kinds"));
	json_array_foreach(json_object_get(u, "resources"), i, res) {
		kind_label(r, res);
		json_object_set_new(res, "used_hours", hours(r,
				    record_int(res, "used_seat_minutes")));
		json_object_set_new(res, "open_hours", hours(r,
				    record_int(res, "open_seat_minutes")));
		json_object_set_new(res, "percent_text", json_string(
				    arena_printf(&r->arena, "%.1f%%",
				    json_real_value(json_object_get(res,
				    "percent")))));
	}
	json_array_foreach(json_object_get(u, "kinds"), i, res)
		kind_label(r, res);
	json_object_set_new(u, "bars", bars(json_object_get(u, "months")));
	return page_render(r, "facility/utilisation",
			   "facility_utilisation.title", json_incref(u));
}

/* ---- check-in at the resource ---- */

/*
 * The check-in page of resource `id` (the URL shown at it): the caller's
 * bookings open for check-in now, each with the code's field, or to check
 * out; `more` (errors, form) after a refused step.
 */
static int
checkin_page(struct request *r, int64_t id, json_t *more)
{
	struct problem pb = { 0 };
	json_t *data = NULL, *b;
	char local[32];
	size_t i;
	int rc;

	http_own(r, more);
	rc = facility_checkin_list(r->db, auth_principal(r), id, NULL, &data,
				   &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	json_array_foreach(json_object_get(data, "bookings"), i, b) {
		if (!time_format_local(record_text(b, "starts_at"), local,
				       sizeof(local)))
			json_object_set_new(b, "starts_local",
					    json_string(local));
		if (!time_format_local(record_text(b, "ends_at"), local,
				       sizeof(local)))
			json_object_set_new(b, "ends_local",
					    json_string(local + 11));
	}
	if (more)
		json_object_update(data, more);
	return page_render(r, "facility/checkin", "facility_day.checkin",
			   data);
}

static int
get_checkin(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : checkin_page(r, id, NULL);
}

/* After a refused check-in or out of booking `id`: its resource's page. */
static int
checkin_again(struct request *r, int64_t id, json_t *more)
{
	json_t *b = NULL;
	int rc;

	http_own(r, more);
	rc = record_get(r->db, &facility_booking_table, id, &b);
	if (rc)
		return rc;
	http_own(r, b);
	return checkin_page(r, record_int(b, "resource_id"), json_incref(more));
}

static const struct record_action checkin = {
	facility_checkin, NULL, "/facility/checkin", "resource_id",
	"facility_day.checked_in", .show = checkin_again, .show_all = true,
};
static const struct record_action checkout = {
	facility_checkout, NULL, "/facility/checkin", "resource_id",
	"facility_day.checked_out", .show = checkin_again, .show_all = true,
};

/*
 * The full URL of resource `id`'s check-in page and its QR code as SVG,
 * into `code`'s "checkin_url" and "qr_svg_html": scanned at the resource,
 * it opens the page where the code shown beside it is typed.
 */
static int
checkin_link(struct request *r, int64_t id, json_t *code)
{
	const char *url;
	struct buf svg;
	int rc = settings_public_url(r, arena_printf(&r->arena,
				     "/facility/checkin/%lld", (long long)id),
				     &url);

	if (rc)
		return rc;
	buf_init(&svg, &r->arena, 0);
	if ((rc = qr_svg(url, page_text(r, "facility_day.checkin_url"), &svg)))
		return rc;
	json_object_set_new(code, "checkin_url", json_string(url));
	json_object_set_new(code, "qr_svg_html", json_string(svg.ptr));
	return 0;
}

/*
 * GET /facility/codes/:id: the code to show at resource `id`, with the
 * URL of its check-in page and that URL's QR code, to print or put on a
 * screen beside it. Staff.
 */
static int
code_page(struct request *r, int64_t id, json_t *more)
{
	struct problem pb = { 0 };
	json_t *code = NULL, *list = NULL;
	int rc;

	http_own(r, more);
	rc = facility_code(r->db, auth_principal(r), id, NULL, &code, &pb);
	if (!rc)
		rc = facility_checkin_list(r->db, auth_principal(r), id, NULL,
					   &list, &pb);
	http_own(r, list);
	if (rc) {
		http_own(r, code);
		return http_problem(r, rc, &pb);
	}
	json_object_set(code, "resource", json_object_get(list,
			"resource"));
	if ((rc = checkin_link(r, id, code))) {
		http_own(r, code);
		return rc;
	}
	if (more)
		json_object_update(code, more);
	return page_render(r, "facility/code", "facility_day.code", code);
}

static int
get_code(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : code_page(r, id, NULL);
}

static const struct record_action renew = {
	facility_code_renew, NULL, "/facility/codes", NULL,
	"facility_day.code_renewed", .show = code_page, .show_all = true,
};

const struct page_menu_item facility_day_menu[] = {
	{ ROLE_ADMIN, "menu.facility", "/facility/utilisation",
	  "menu.facility_utilisation" },
	{ 0, NULL, NULL, NULL },
};

const struct route facility_day_page_routes[] = {
	{ HTTP_GET, "/facility/utilisation", get_utilisation, ROUTE_PAGE,
	  NULL, PERM_FACILITY_WRITE },
	{ HTTP_GET, "/facility/checkin/:id", get_checkin, ROUTE_PAGE, NULL,
	  PERM_FACILITY_BOOK },
	{ HTTP_POST, "/facility/bookings/:id/checkin", record_page_action,
	  ROUTE_PAGE, &checkin, PERM_FACILITY_BOOK },
	{ HTTP_POST, "/facility/bookings/:id/checkout", record_page_action,
	  ROUTE_PAGE, &checkout, PERM_FACILITY_BOOK },
	{ HTTP_GET, "/facility/codes/:id", get_code, ROUTE_PAGE, NULL,
	  PERM_FACILITY_WRITE },
	{ HTTP_POST, "/facility/codes/:id", record_page_action, ROUTE_PAGE,
	  &renew, PERM_FACILITY_WRITE },
	{ HTTP_GET, "/facility/statements/:id", get_statement, ROUTE_PAGE,
	  NULL, PERM_FACILITY_BOOK },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
