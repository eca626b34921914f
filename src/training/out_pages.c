/*
 * out_pages.c - the pages of placements, certificates and the training
 * figures: lists with search, filters and CSV/XLSX export (record/pages.h),
 * a placement's history and logs, the printable completion certificate,
 * the public /verify/CODE page and the figures with their charts.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "export/export.h"
#include "http/api.h"
#include "page/page.h"
#include "record/pages.h"
#include "training/out.h"
#include "training/out_api.h"
#include "training/out_pages.h"

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

/* A placement's page: its history and its weekly logs. */
static int
placement_extra(struct request *r, int64_t id, json_t *data)
{
	struct record_filter f = { 0 };
	json_t *rec, *logs, *events;
	char idtext[24];
	int64_t total;
	int rc = training_placement_get(r->db, id, &rec);

	if (rc)
		return rc;
	events = json_incref(json_object_get(rec, "events"));
	json_decref(rec);
	json_object_set_new(data, "events", events);
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	f.eq_col[0] = "placement_id";
	f.eq_val[0] = idtext;
	f.neq = 1;
	f.limit = 200;
	rc = record_list(r->db, &training_log_table, &f, &logs, &total);
	json_object_set_new(data, "logs", logs);
	return rc;
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
	NULL, slot_export, N(slot_export), "placement-slots",
};

static const struct record_pages placement_pages = {
	&training_placement_api, "/training/placements", "placement",
	"training/placements", "training/placement", "record/form",
	placement_extra, placement_export, N(placement_export), "placements",
};

/* The forms write the tables; lists and detail pages read the views. */
static const struct record_pages slot_edit_pages = {
	&training_slot_write_api, "/training/slots", "placement_slot",
	"training/placement_slots", "training/placement_slot", "record/form",
	NULL, slot_export, N(slot_export), "placement-slots",
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
	if (!rc && (rc = record_api_in_scope(&f, c)))
		json_decref(c);
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
	json_decref(c);
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
		json_decref(items);
		return rc;
	}
	if (export) {
		rc = export_send(r, http_query(r, "format"), figure,
				 page_text(r, arena_printf(&r->arena,
				 "tr_figures.%s", figure)), row_export,
				 N(row_export), items);
		json_decref(items);
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
