/*
 * pages_out.c - the pages of placements, certificates and the training
 * figures as route data (pages.h): the kit's lists (search, filters,
 * CSV/XLSX export) and forms, a placement's history and logs with the
 * forms of its steps, a slot's assignment form; and the pages that are
 * genuinely different: the printable completion certificate with the
 * QR code of its verification URL, the public /verify page (a form, and
 * a certificate found by its code or its number), the figures with their
 * charts and the records behind a figure.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "export/export.h"
#include "http/api.h"
#include "page/page.h"
#include "qr/qr.h"
#include "record/action.h"
#include "record/children.h"
#include "record/download.h"
#include "record/pages.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* ---- the records' pages ----------------------------------------------- */

/*
 * A placement's page: its history and weekly logs, and the forms its
 * viewer may use: the firm (or staff) ends it, the trainee writes logs and
 * evaluates the site, the master confirms logs.
 */
static int
placement_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	json_t *rec = json_object_get(data, "record"), *events, *logs, *log;
	const char *status = record_text(rec, "status");
	int64_t firm, person, master;
	bool staff = auth_is_staff(p);
	size_t i;
	int rc;

	firm = record_int(rec, "firm_id");
	person = record_int(rec, "person_id");
	master = record_int(rec, "master_id");
	events = json_array();
	json_object_set_new(data, "events", events);
	if ((rc = store_list(r->db, TR_PLACEMENT_EVENTS, id, events)))
		return rc;
	/* Each event by its label ("placement.event_values.KIND"). */
	json_array_foreach(events, i, log)
		json_object_set_new(log, "kind_label", json_string(
			record_value_label(r, &training_placement_table,
			"event", record_text(log, "kind"))));
	rc = record_children(r, &training_log_table, "placement_id", id, NULL,
			     &logs);
	json_array_foreach(logs, i, log)
		json_object_set_new(log, "may_confirm", json_boolean(
			json_is_null(json_object_get(log, "confirmed_at")) &&
			!auth_may_call(p, PERM_PLACEMENT_LOG_CONFIRM) &&
			(staff || (p->person_id > 0 &&
				   p->person_id == master))));
	json_object_set(data, "logs", logs);
	json_object_set_new(data, "may_end", json_boolean(
		!strcmp(status, "assigned") &&
		!auth_require(p, PERM_PLACEMENT_WRITE, firm)));
	json_object_set_new(data, "may_log", json_boolean(
		strcmp(status, "withdrawn") &&
		!auth_may_call(p, PERM_PLACEMENT_LOG_WRITE) && (staff ||
		(p->person_id > 0 && p->person_id == person))));
	return rc;
}

/* A slot's page: the assignment form, for those who may assign. */
static int
slot_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *rec = json_object_get(data, "record");
	int64_t firm = record_int(rec, "firm_id");

	json_t *error = json_object_get(json_object_get(data, "errors"),
					"person_id");

	(void)id;
	json_object_set_new(data, "may_assign", json_boolean(
		json_is_null(json_object_get(rec, "archived_at")) &&
		!auth_require(auth_principal(r), PERM_PLACEMENT_WRITE, firm)));
	/* The person assigned is picked by name (record/picker.html). */
	json_object_set_new(data, "assign_person", json_pack(
		"{s:s,s:b,s:O?,s:o}", "name", "person_id", "required", 1,
		"error", error, "picker", record_picker(r, record_column(
		&training_assign_form, "person_id"), json_object_get(
		json_object_get(data, "form"), "person_id"), true)));
	return 0;
}

/* A certificate's page shows the verification link. */
static int
cert_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *c;
	int rc = training_certificate_get(r->db, id, &c);

	if (!rc)
		json_object_set_new(data, "cert", c);
	return rc;
}

/* The kit's pages of a table and their export "STEM.csv". */
#define PAGES(name, api, base, detail, stem, ...)			\
	static const struct record_pages name = {			\
		&api, base, NULL, NULL, "training/" detail,		\
		"record/form", .export_stem = stem, __VA_ARGS__		\
	}

/* Lists and a record's page read the views; forms write the tables. */
PAGES(slot_pages, training_slot_api, "/training/slots", "placement_slot",
      "placement-slots", .detail_extra = slot_extra);
PAGES(slot_edit_pages, training_slot_write_api, "/training/slots",
      "placement_slot", "placement-slots", .list_id = false);
PAGES(placement_pages, training_placement_api, "/training/placements",
      "placement", "placements", .detail_extra = placement_extra,
      .list_id = true);
PAGES(skill_pages, training_skill_cert_api, "/training/skill-certificates",
      "skill_cert", "skill-certificates", .list_id = false);
PAGES(skill_edit_pages, training_skill_cert_write_api,
      "/training/skill-certificates", "skill_cert", "skill-certificates",
      .list_id = false);
PAGES(cert_pages, training_certificate_api, "/training/certificates",
      "certificate", "certificates", .detail_extra = cert_extra,
      .list_id = true);

/* The placement page again, after a refused step of one of its logs. */
static int
log_again(struct request *r, int64_t id, json_t *more)
{
	json_t *log;
	int rc = record_get(r->db, &training_log_table, id, &log);

	if (rc) {
		http_own(r, more);
		return rc;
	}
	return record_page_show(r, &placement_pages,
				record_int(http_own(r, log), "placement_id"),
				more);
}

/*
 * The steps of a placement's and a slot's pages (record/action.h): any
 * refusal of what was typed shows the page again, answering 400.
 */
#define STEP(name, rule, ...)						\
	RECORD_PAGE_STEP(name, rule, "/training/placements", __VA_ARGS__, \
			 .show_all = true, .show_status = 400)

STEP(end, training_placement_end, "common.saved",
     .form_table = &training_end_input, .pages = &placement_pages);
STEP(log_add, training_placement_log_add, "common.saved",
     .form_table = &training_log_table, .back_field = "placement_id",
     .pages = &placement_pages);
STEP(evaluate, training_evaluate, "common.saved",
     .form_table = &training_evaluation_table,
     .back_field = "placement_id", .pages = &placement_pages);
STEP(log_confirm, training_placement_log_confirm, "common.saved",
     .back_field = "placement_id", .show = log_again);
STEP(assign, training_assign, "common.created",
     .form_table = &training_assign_form, .back_field = "id",
     .pages = &slot_pages);

/* ---- certificates ---------------------------------------------------- */

/* Chinese date "2019年11月18日" of a "YYYY-MM-DD". */
static json_t *
date_zh(struct request *r, json_t *date)
{
	const char *d = json_string_value(date);

	if (!d || strlen(d) != 10)
		return json_string("");
	return json_string(arena_printf(&r->arena, "%.4s年%ld月%ld日", d,
			   strtol(d + 5, NULL, 10), strtol(d + 8, NULL, 10)));
}

/*
 * The full verification URL of certificate `c` (by its code, which
 * cannot be guessed from another) and its QR code as SVG, into c's
 * "verify_url" and "qr_svg_html".
 */
static int
verify_link(struct request *r, json_t *c)
{
	const char *url;
	struct buf svg;
	int rc = settings_public_url(r, arena_printf(&r->arena, "/verify/%s",
				     record_text(c, "code")), &url);

	if (rc)
		return rc;
	buf_init(&svg, &r->arena, 0);
	rc = qr_svg(url, page_text(r, "training_cert.qr_label"), &svg);
	if (rc)
		return rc;
	json_object_set_new(c, "verify_url", json_string(url));
	json_object_set_new(c, "qr_svg_html", json_string(svg.ptr));
	return 0;
}

/* GET /training/certificates/:id/print: staff, or the holder. */
static int
cert_print(struct request *r)
{
	struct record_filter f = { 0 };
	json_t *c;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = record_api_read_scope(r, &training_certificate_api, &f)))
		return rc;
	rc = training_certificate_get(r->db, id, &c);
	if (!rc)
		rc = record_scope_apply(&f, NULL, http_own(r, c));
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such certificate");
	if (rc)
		return rc;
	json_object_set_new(c, "issued_zh", date_zh(r, json_object_get(c,
							"issued_on")));
	json_object_set_new(c, "starts_zh", date_zh(r, json_object_get(c,
							"starts_on")));
	json_object_set_new(c, "ends_zh", date_zh(r, json_object_get(c,
						      "ends_on")));
	if ((rc = verify_link(r, c)))
		return rc;
	return page_render(r, "training/certificate_print",
			   "training_cert.print", json_pack("{s:O}", "cert",
							    c));
}

/*
 * GET /verify/:code and GET /verify?code=, public: the certificate whose
 * verification code or number was given, or plainly unknown (404); the
 * form to type one in, alone when nothing was given.
 */
static int
verify(struct request *r)
{
	const char *code = http_param(r, "code");
	const char *name = http_query(r, "name");
	json_t *v;
	int rc;

	if (!code)
		code = http_query(r, "code");
	if (!code || !*code)
		return page_render(r, "training/verify", "verify.title",
				   json_pack("{s:s}", "typed", ""));
	rc = training_certificate_verify(r->db, code, name, &v);
	if (rc == ERR_NOTFOUND) {
		r->status = 404;
		return page_render(r, "training/verify", "verify.title",
				   json_pack("{s:b,s:s,s:s?}", "unknown", 1,
					     "typed", code, "name", name));
	}
	if (rc)
		return rc;
	return page_render(r, "training/verify", "verify.title",
			   json_pack("{s:o,s:s,s:s?}", "cert", v, "typed",
				     code, "name", name));
}

/* ---- figures --------------------------------------------------------- */

/* A figure's programme kind by its label. */
static const char *
kind_label(struct request *r, const char *kind)
{
	return page_text_or(r, arena_printf(&r->arena,
			    "tr_figures.kind_values.%s", kind), kind);
}

/*
 * The figures and their charts as page data: each headline links to the
 * records behind it (staff) as of the same date.
 */
int
training_figures_page_data(struct request *r, const char *as_of,
			   json_t **out)
{
	json_t *f, *kinds, *years, *v, *row;
	const char *key;
	size_t i;
	int rc = training_figures(r->db, as_of, &f);

	*out = NULL;
	if (rc)
		return rc;
	kinds = json_array();
	json_object_foreach(json_object_get(f, "by_kind"), key, v)
		json_array_append_new(kinds, json_pack("{s:s,s:O}", "label",
			kind_label(r, key), "n", v));
	years = json_array();
	json_array_foreach(json_object_get(f, "by_year"), i, row)
		json_array_append_new(years, json_pack("{s:O,s:O}", "label",
			json_object_get(row, "year"), "n",
			json_object_get(row, "people")));
	json_object_set_new(f, "kind_chart",
			    record_page_chart(r, "tr_figures.by_kind", kinds));
	json_object_set_new(f, "year_chart",
			    record_page_chart(r, "tr_figures.by_year", years));
	json_object_set_new(f, "can_drill", json_boolean(!auth_require(
		auth_principal(r), PERM_PERSON_READ, 0)));
	*out = f;
	return 0;
}

/* GET /training/figures?as_of= */
static int
figures_page(struct request *r)
{
	char as_of[TIME_DATE_LEN + 1];
	json_t *data;
	int rc;

	if ((rc = api_date(r, "as_of", as_of)) ||
	    (rc = training_figures_page_data(r, as_of, &data)))
		return rc;
	return page_render(r, "training/figures", "tr_figures.title", data);
}

/* Is `name` one of the figures? */
static bool
known_figure(const char *name)
{
	for (const char *const *f = training_figure_names; *f; f++)
		if (!strcmp(*f, name))
			return true;
	return false;
}

/*
 * GET /training/figures/:figure?as_of= (staff): the records behind a
 * figure, paged; with format=csv|xlsx on .../export, all of them.
 */
static int
figure_rows_page(struct request *r)
{
	const char *figure = http_param(r, "figure");
	bool export = r->route_data != NULL;
	int64_t limit, offset, total;
	char as_of[TIME_DATE_LEN + 1];
	json_t *items, *row;
	size_t i;
	int rc;

	if ((rc = api_date(r, "as_of", as_of)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (!known_figure(figure))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such figure");
	if (export) {
		limit = EXPORT_MAX_ROWS;
		offset = 0;
	}
	rc = training_figure_rows(r->db, figure, as_of, limit, offset, &items,
				  &total);
	http_own(r, items);
	if (rc)
		return rc;
	if (export)
		return record_download(r, &training_figure_rows_table, figure,
				       page_text(r, arena_printf(&r->arena,
				       "tr_figures.%s", figure)), items);
	json_array_foreach(items, i, row)
		json_object_set_new(row, "kind_label", json_string(kind_label(r,
			record_text(row, "kind"))));
	return page_render(r, "training/figure_rows", "tr_figures.records",
		json_pack("{s:O,s:s,s:s,s:s,s:I,s:o}", "items", items,
			  "figure", figure, "figure_label", page_text(r,
			  arena_printf(&r->arena, "tr_figures.%s", figure)),
			  "as_of", as_of, "total", (json_int_t)total, "pager",
			  page_pager(r, total, limit, offset)));
}

static const char export_flag = 1;

#define WRITE PERM_PLACEMENT_WRITE

const struct route training_out_page_routes[] = {
	/* Firms' slots, read by their firm and their masters. */
	RECORD_PAGE_WRITE_ROUTES("/training/slots", &slot_edit_pages, WRITE),
	RECORD_PAGE_READ_ROUTES("/training/slots", &slot_pages,
				PERM_SLOT_READ),
	{ HTTP_POST, "/training/slots/:id/placements", record_page_action,
	  ROUTE_PAGE, &assign, WRITE },
	RECORD_PAGE_READ_ROUTES("/training/placements", &placement_pages,
				PERM_PLACEMENT_READ),
	{ HTTP_POST, "/training/placements/:id/events", record_page_action,
	  ROUTE_PAGE, &end, WRITE },
	/* The placement's trainee writes, the slot's master confirms. */
	{ HTTP_POST, "/training/placements/:id/logs", record_page_action,
	  ROUTE_PAGE, &log_add, PERM_PLACEMENT_LOG_WRITE },
	{ HTTP_POST, "/training/placements/:id/evaluation",
	  record_page_action, ROUTE_PAGE, &evaluate,
	  PERM_PLACEMENT_LOG_WRITE },
	{ HTTP_POST, "/training/placement-logs/:id/confirm",
	  record_page_action, ROUTE_PAGE, &log_confirm,
	  PERM_PLACEMENT_LOG_CONFIRM },
	RECORD_PAGE_WRITE_ROUTES("/training/skill-certificates",
				 &skill_edit_pages, PERM_CERT_WRITE),
	RECORD_PAGE_READ_ROUTES("/training/skill-certificates", &skill_pages,
				PERM_CERT_READ),
	RECORD_PAGE_READ_ROUTES("/training/certificates", &cert_pages,
				PERM_CERT_READ),
	{ HTTP_GET, "/training/certificates/:id/print", cert_print,
	  ROUTE_PAGE, NULL, PERM_CERT_READ },
	{ HTTP_GET, "/verify", verify, ROUTE_PAGE | ROUTE_PUBLIC },
	{ HTTP_GET, "/verify/:code", verify, ROUTE_PAGE | ROUTE_PUBLIC },
	{ HTTP_GET, "/training/figures", figures_page, ROUTE_PAGE, NULL,
	  PERM_TRAINING_FIGURES },
	/* The records behind a figure name people: staff. */
	{ HTTP_GET, "/training/figures/:figure", figure_rows_page, ROUTE_PAGE,
	  NULL, PERM_PERSON_READ },
	{ HTTP_GET, "/training/figures/:figure/export", figure_rows_page,
	  ROUTE_PAGE, &export_flag, PERM_PERSON_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
