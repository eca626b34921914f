/*
 * pages_out.c - the pages of placements, certificates and the training
 * figures: lists with search, filters and CSV/XLSX export (record/pages.h),
 * a placement's history and logs, the printable completion certificate,
 * the public /verify/CODE page and the figures with their charts.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "export/export.h"
#include "http/api.h"
#include "http/form.h"
#include "page/page.h"
#include "record/pages.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* ---- lists ----------------------------------------------------------- */

static const struct export_column slot_export[] = {
	{ "id", "placement_slot.id", EXPORT_INTEGER, NULL, NULL },
	{ "firm_id", "placement_slot.firm_id", EXPORT_INTEGER, NULL, NULL },
	{ "firm_name", "placement_slot.firm_name", EXPORT_TEXT, NULL, NULL },
	{ "title", "placement_slot.title", EXPORT_TEXT, NULL, NULL },
	{ "workshop", "placement_slot.workshop", EXPORT_TEXT, NULL, NULL },
	{ "master_id", "placement_slot.master_id", EXPORT_INTEGER, NULL, NULL },
	{ "starts_on", "placement_slot.starts_on", EXPORT_DATE, NULL, NULL },
	{ "ends_on", "placement_slot.ends_on", EXPORT_DATE, NULL, NULL },
	{ "places", "placement_slot.places", EXPORT_INTEGER, NULL, NULL },
	{ "taken", "placement_slot.taken", EXPORT_INTEGER, NULL, NULL },
};

static const struct export_column placement_export[] = {
	{ "id", "placement.id", EXPORT_INTEGER, NULL, NULL },
	{ "slot_id", "placement.slot_id", EXPORT_INTEGER, NULL, NULL },
	{ "firm_id", "placement.firm_id", EXPORT_INTEGER, NULL, NULL },
	{ "person_id", "placement.person_id", EXPORT_INTEGER, NULL, NULL },
	{ "person_name", "placement.person_name", EXPORT_TEXT, NULL, NULL },
	{ "firm_name", "placement.firm_name", EXPORT_TEXT, NULL, NULL },
	{ "slot_title", "placement.slot_title", EXPORT_TEXT, NULL, NULL },
	{ "status", "placement.status", EXPORT_ENUM, "placement.status_values.",
	  NULL },
	{ "assigned_on", "placement.assigned_on", EXPORT_DATE, NULL, NULL },
	{ "ended_on", "placement.ended_on", EXPORT_DATE, NULL, NULL },
};

static const struct export_column skill_export[] = {
	{ "id", "skill_cert.id", EXPORT_INTEGER, NULL, NULL },
	{ "person_id", "skill_cert.person_id", EXPORT_INTEGER, NULL, NULL },
	{ "person_name", "skill_cert.person_name", EXPORT_TEXT, NULL, NULL },
	{ "occupation", "skill_cert.occupation", EXPORT_TEXT, NULL, NULL },
	{ "level", "skill_cert.level", EXPORT_INTEGER, NULL, NULL },
	{ "number", "skill_cert.number", EXPORT_TEXT, NULL, NULL },
	{ "issuer", "skill_cert.issuer", EXPORT_TEXT, NULL, NULL },
	{ "issued_on", "skill_cert.issued_on", EXPORT_DATE, NULL, NULL },
};

static const struct export_column cert_export[] = {
	{ "id", "training_cert.id", EXPORT_INTEGER, NULL, NULL },
	{ "person_id", "training_cert.person_id", EXPORT_INTEGER, NULL, NULL },
	{ "person_name", "training_cert.person_name", EXPORT_TEXT, NULL, NULL },
	{ "programme_name", "training_cert.programme_name", EXPORT_TEXT, NULL,
	  NULL },
	{ "programme_id", "training_cert.programme_id", EXPORT_INTEGER, NULL,
	  NULL },
	{ "enrolment_id", "training_cert.enrolment_id", EXPORT_INTEGER, NULL,
	  NULL },
	{ "issued_on", "training_cert.issued_on", EXPORT_DATE, NULL, NULL },
	{ "code", "training_cert.code", EXPORT_TEXT, NULL, NULL },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A placement's page: its history and weekly logs, and the forms its
 * viewer may use: the firm (or staff) ends it, the trainee writes logs and
 * evaluates the site, the master confirms logs.
 */
static int
placement_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct record_filter f = { 0 };
	json_t *rec, *logs, *events, *log;
	int64_t total, firm, person, master;
	bool assigned, open, staff = auth_is_staff(p);
	char idtext[24];
	size_t i;
	int rc = training_placement_get(r->db, id, &rec);

	if (rc)
		return rc;
	firm = json_integer_value(json_object_get(rec, "firm_id"));
	person = json_integer_value(json_object_get(rec, "person_id"));
	master = json_integer_value(json_object_get(rec, "master_id"));
	assigned = !strcmp(json_string_value(json_object_get(rec, "status")),
			   "assigned");
	open = strcmp(json_string_value(json_object_get(rec, "status")),
		      "withdrawn");
	events = json_incref(json_object_get(rec, "events"));
	http_own(r, rec);
	json_object_set_new(data, "events", events);
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	f.eq_col[0] = "placement_id";
	f.eq_val[0] = idtext;
	f.neq = 1;
	f.limit = 200;
	rc = record_list(r->db, &training_log_table, &f, &logs, &total);
	json_array_foreach(logs, i, log)
		json_object_set_new(log, "may_confirm", json_boolean(
			json_is_null(json_object_get(log, "confirmed_at")) &&
			(staff || (p->person_id > 0 && p->person_id == master))));
	json_object_set_new(data, "logs", logs);
	json_object_set_new(data, "may_end", json_boolean(assigned &&
		!auth_require(p, PERM_PLACEMENT_WRITE, firm)));
	json_object_set_new(data, "may_log", json_boolean(open && (staff ||
		(p->person_id > 0 && p->person_id == person))));
	return rc;
}

/* A slot's page: the assignment form, for those who may assign. */
static int
slot_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *rec = json_object_get(data, "record");
	int64_t firm = json_integer_value(json_object_get(rec, "firm_id"));

	(void)id;
	json_object_set_new(data, "may_assign", json_boolean(
		json_is_null(json_object_get(rec, "archived_at")) &&
		!auth_require(auth_principal(r), PERM_PLACEMENT_WRITE, firm)));
	return 0;
}

/* A certificate's page shows the verification link. */
static int
cert_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *c;
	int rc = training_certificate_get(r->db, id, &c);

	if (rc)
		return rc;
	json_object_set_new(data, "cert", c);
	return 0;
}

static const struct record_pages slot_pages = {
	&training_slot_api, "/training/slots", "placement_slot",
	"training/placement_slots", "training/placement_slot", "record/form",
	slot_extra, slot_export, N(slot_export), "placement-slots",
};

static const struct record_pages placement_pages = {
	&training_placement_api, "/training/placements", "placement",
	"training/placements", "training/placement", "record/form",
	placement_extra, placement_export, N(placement_export), "placements",
};

/*
 * The forms write the tables through the rules (a slot's master must be
 * in the writer's reach, training.h); lists and detail pages read the views.
 */
static const struct record_pages slot_edit_pages = {
	&training_slot_write_api, "/training/slots", "placement_slot",
	"training/placement_slots", "training/placement_slot", "record/form",
	NULL, slot_export, N(slot_export), "placement-slots",
	training_slot_create, training_slot_update,
};

static const struct record_pages skill_edit_pages = {
	&training_skill_cert_write_api, "/training/skill-certificates",
	"skill_cert", "training/skill_certs", "training/skill_cert",
	"record/form", NULL, skill_export, N(skill_export),
	"skill-certificates",
};

static const struct record_pages skill_pages = {
	&training_skill_cert_api, "/training/skill-certificates", "skill_cert",
	"training/skill_certs", "training/skill_cert", "record/form", NULL,
	skill_export, N(skill_export), "skill-certificates",
};

static const struct record_pages cert_pages = {
	&training_certificate_api, "/training/certificates", "training_cert",
	"training/certificates", "training/certificate", "record/form",
	cert_extra, cert_export, N(cert_export), "certificates",
};

/* ---- certificates ---------------------------------------------------- */

/* Chinese date "2019年11月18日" of a "YYYY-MM-DD". */
static const char *
date_zh(struct request *r, const char *d)
{
	if (!d || strlen(d) != 10)
		return "";
	return arena_printf(&r->arena, "%.4s年%ld月%ld日", d,
			    strtol(d + 5, NULL, 10), strtol(d + 8, NULL, 10));
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
	if (!rc && (rc = record_scope_apply(&f, NULL, c)))
		http_own(r, c);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such certificate");
	if (rc)
		return rc;
	json_object_set_new(c, "issued_zh", json_string(date_zh(r,
		json_string_value(json_object_get(c, "issued_on")))));
	json_object_set_new(c, "starts_zh", json_string(date_zh(r,
		json_string_value(json_object_get(c, "starts_on")))));
	json_object_set_new(c, "ends_zh", json_string(date_zh(r,
		json_string_value(json_object_get(c, "ends_on")))));
	return page_render(r, "training/certificate_print",
			   "training_cert.print", json_pack("{s:o}", "cert", c));
}

/* GET /verify/:code, public: a real certificate, or plainly unknown. */
static int
verify(struct request *r)
{
	const char *code = http_param(r, "code");
	json_t *v;
	int rc = training_certificate_verify(r->db, code, &v);

	if (rc == ERR_NOTFOUND) {
		r->status = 404;
		return page_render(r, "training/verify", "verify.title",
				   json_pack("{s:b}", "unknown", 1));
	}
	if (rc)
		return rc;
	return page_render(r, "training/verify", "verify.title",
			   json_pack("{s:o}", "cert", v));
}

/* ---- figures --------------------------------------------------------- */

/* A chart's data as the JSON text its element carries. */
static json_t *
chart(struct request *r, const char *title_key, json_t *bars)
{
	json_t *c = json_pack("{s:s,s:o}", "title", page_text(r, title_key),
			      "bars", bars);
	char *text = json_dumps(c, JSON_COMPACT | JSON_ESCAPE_SLASH);
	json_t *out = json_string(text ? text : "{}");

	free(text);
	http_own(r, c);
	return out;
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
			page_text_or(r, arena_printf(&r->arena,
			"tr_figures.kind_values.%s", key), key), "n", v));
	years = json_array();
	json_array_foreach(json_object_get(f, "by_year"), i, row)
		json_array_append_new(years, json_pack("{s:O,s:O}", "label",
			json_object_get(row, "year"), "n",
			json_object_get(row, "people")));
	json_object_set_new(f, "kind_chart", chart(r, "tr_figures.by_kind",
						   kinds));
	json_object_set_new(f, "year_chart", chart(r, "tr_figures.by_year",
						   years));
	json_object_set_new(f, "can_drill", json_boolean(!auth_require(
		auth_principal(r), PERM_PERSON_READ, 0)));
	*out = f;
	return 0;
}

/* GET /training/figures?as_of= */
static int
figures_page(struct request *r)
{
	char as_of[11];
	json_t *data;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_FIGURES, 0)) ||
	    (rc = training_as_of(r, as_of)) ||
	    (rc = training_figures_page_data(r, as_of, &data)))
		return rc;
	return page_render(r, "training/figures", "tr_figures.title", data);
}

static const struct export_column row_export[] = {
	{ "person_id", "tr_figures.person_id", EXPORT_INTEGER, NULL, NULL },
	{ "person_name", "tr_figures.person_name", EXPORT_TEXT, NULL, NULL },
	{ "org_name", "tr_figures.org_name", EXPORT_TEXT, NULL, NULL },
	{ "programme_name", "tr_figures.programme_name", EXPORT_TEXT, NULL,
	  NULL },
	{ "kind", "tr_figures.kind", EXPORT_ENUM, "tr_figures.kind_values.",
	  NULL },
	{ "on", "tr_figures.on", EXPORT_DATE, NULL, NULL },
};

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
	char as_of[11];
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_PERSON_READ, 0)) ||
	    (rc = training_as_of(r, as_of)) ||
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
	if (rc) {
		http_own(r, items);
		return rc;
	}
	if (export) {
		rc = export_send(r, http_query(r, "format"), figure,
				 page_text(r, arena_printf(&r->arena,
				 "tr_figures.%s", figure)), row_export,
				 N(row_export), items);
		http_own(r, items);
		return rc;
	}
	{
		size_t i;
		json_t *row;

		json_array_foreach(items, i, row) {
			const char *k = json_string_value(json_object_get(row,
									  "kind"));

			json_object_set_new(row, "kind_label", json_string(
				page_text_or(r, arena_printf(&r->arena,
				"tr_figures.kind_values.%s", k), k)));
		}
	}
	return page_render(r, "training/figure_rows", "tr_figures.records",
		json_pack("{s:o,s:s,s:s,s:s,s:I,s:o}", "items", items,
			  "figure", figure, "figure_label", page_text(r,
			  arena_printf(&r->arena, "tr_figures.%s", figure)),
			  "as_of", as_of, "total", (json_int_t)total, "pager",
			  page_pager(r, total, limit, offset)));
}

/* ---- the forms of a placement ------------------------------------------ */

/* The placement's page again, `errors` ({field: message}) in place. */
static int
placement_again(struct request *r, int64_t id, const struct problem *pb)
{
	struct record_filter f = { 0 };
	json_t *rec, *data;
	int rc = record_api_read_scope(r, &training_placement_api, &f);

	if (rc)
		return rc;
	rc = record_get(r->db, &training_placement_view_table, id, &rec);
	if (!rc && (rc = record_scope_apply(&f, NULL, rec)))
		http_own(r, rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such placement");
	if (rc)
		return rc;
	record_page_labels(r, &placement_pages, rec);
	data = json_pack("{s:o,s:s,s:{s:s}}", "record", rec, "base",
			 placement_pages.base, "errors", pb->field ? pb->field :
			 "form", page_message(r, pb->message));
	if ((rc = placement_extra(r, id, data))) {
		http_own(r, data);
		return rc;
	}
	r->status = 400;
	return page_render(r, "training/placement", "placement.detail", data);
}

/* After a form of placement `id`: back to its page, or the error there. */
static int
placement_done(struct request *r, int64_t id, int rc, const struct problem *pb)
{
	if (rc && pb->message && rc != ERR_FORBIDDEN && rc != ERR_NOTFOUND)
		return placement_again(r, id, pb);
	if (rc)
		return http_problem(r, rc, pb);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena,
					     "/training/placements/%lld",
					     (long long)id));
}

/* A form's integer field as JSON: a number when it is one, else text. */
static json_t *
form_number(const struct form *f, const char *name)
{
	const char *v = form_get(f, name);
	char *end;
	long long n;

	if (!v)
		return json_null();
	n = strtoll(v, &end, 10);
	return *v && !*end ? json_integer(n) : json_string(v);
}

/* POST /training/placements/:id/events: completed or withdrawn. */
static int
post_event(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = training_placement_end(r->db, auth_principal(r), id,
				    form_get(f, "kind"), form_get(f, "on"),
				    form_get(f, "note"), &pb);
	return placement_done(r, id, rc, &pb);
}

/* POST /training/placements/:id/logs: the trainee's week. */
static int
post_log(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id, log;
	json_t *in;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	in = json_pack("{s:s?,s:o,s:s?}", "week_of", form_get(f, "week_of"),
		       "hours", form_number(f, "hours"), "content",
		       form_get(f, "content"));
	rc = training_placement_log_add(r->db, auth_principal(r), id, in,
					&log, &pb);
	http_own(r, in);
	return placement_done(r, id, rc, &pb);
}

/* POST /training/placements/:id/evaluation: the trainee's scores. */
static int
post_evaluation(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id, ev;
	json_t *in;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	in = json_pack("{s:o,s:o,s:o,s:o,s:s?}", "guidance",
		       form_number(f, "guidance"), "safety",
		       form_number(f, "safety"), "equipment",
		       form_number(f, "equipment"), "learning",
		       form_number(f, "learning"), "comment",
		       form_get(f, "comment"));
	rc = training_evaluate(r->db, auth_principal(r), id, in, &ev, &pb);
	http_own(r, in);
	return placement_done(r, id, rc, &pb);
}

/* POST /training/placement-logs/:id/confirm: the master's. */
static int
post_confirm(struct request *r)
{
	struct problem pb = { 0 };
	int64_t id, placement;
	json_t *log;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = record_get(r->db, &training_log_table, id, &log);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such log");
	if (rc)
		return rc;
	placement = json_integer_value(json_object_get(log, "placement_id"));
	http_own(r, log);
	rc = training_placement_log_confirm(r->db, auth_principal(r), id, &pb);
	return placement_done(r, placement, rc, &pb);
}

/* The slot's page again, the assignment's error in place. */
static int
slot_again(struct request *r, int64_t id, const struct problem *pb)
{
	struct record_filter f = { 0 };
	json_t *rec, *data;
	int rc = record_api_read_scope(r, &training_slot_api, &f);

	if (rc)
		return rc;
	rc = record_get(r->db, &training_slot_view_table, id, &rec);
	if (!rc && (rc = record_scope_apply(&f, NULL, rec)))
		http_own(r, rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such placement slot");
	if (rc)
		return rc;
	data = json_pack("{s:o,s:s,s:{s:s}}", "record", rec, "base",
			 slot_pages.base, "errors", pb->field &&
			 strcmp(pb->field, "slot_id") ? pb->field : "form",
			 page_message(r, pb->message));
	if ((rc = slot_extra(r, id, data))) {
		http_own(r, data);
		return rc;
	}
	r->status = 400;
	return page_render(r, "training/placement_slot",
			   "placement_slot.detail", data);
}

/* POST /training/slots/:id/placements: assign a person to the slot. */
static int
post_assign(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t slot, id, person = 0;
	const char *v;
	char *end;
	int rc;

	if ((rc = http_param_id(r, "id", &slot)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	v = form_get(f, "person_id");
	if (v && *v)
		person = strtoll(v, &end, 10);
	if (!v || !*v || *end || person <= 0) {
		pb.field = "person_id";
		pb.message = "person_id must name a person";
		rc = ERR_INVALID;
	} else {
		rc = training_assign(r->db, auth_principal(r), slot, person,
				     form_get(f, "on"), form_get(f, "note"),
				     &id, &pb);
	}
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return slot_again(r, slot, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.created");
	return http_redirect(r, arena_printf(&r->arena,
					     "/training/placements/%lld",
					     (long long)id));
}

#define LIST_PAGES(base, pages)						     \
	{ HTTP_GET, base, record_page_list, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pages }, \
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pages }

/* Literal paths ("/new") come before "/:id" in the table. */
#define EDIT_PAGES(base, pages)						     \
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pages },	     \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pages },   \
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pages }, \
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE,   \
	  pages }

static const char export_flag = 1;

const struct route training_out_page_routes[] = {
	EDIT_PAGES("/training/slots", &slot_edit_pages),
	LIST_PAGES("/training/slots", &slot_pages),
	LIST_PAGES("/training/placements", &placement_pages),
	{ HTTP_POST, "/training/placements/:id/events", post_event,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/placements/:id/logs", post_log, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, "/training/placements/:id/evaluation", post_evaluation,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/placement-logs/:id/confirm", post_confirm,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/slots/:id/placements", post_assign,
	  ROUTE_PAGE, NULL },
	EDIT_PAGES("/training/skill-certificates", &skill_edit_pages),
	LIST_PAGES("/training/skill-certificates", &skill_pages),
	LIST_PAGES("/training/certificates", &cert_pages),
	{ HTTP_GET, "/training/certificates/:id/print", cert_print,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/verify/:code", verify, ROUTE_PAGE | ROUTE_PUBLIC, NULL },
	{ HTTP_GET, "/training/figures", figures_page, ROUTE_PAGE, NULL },
	{ HTTP_GET, "/training/figures/:figure", figure_rows_page, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/training/figures/:figure/export", figure_rows_page,
	  ROUTE_PAGE, &export_flag },
	{ 0, NULL, NULL, 0, NULL },
};
