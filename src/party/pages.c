/*
 * pages.c - the party ledger's pages: organisations and people, each a
 * list with search and filters, a detail page with the affiliation
 * timeline, and forms; affiliations are added from a person's page.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "export/export.h"
#include "http/form.h"
#include "page/page.h"
#include "party/pages.h"
#include "party/party.h"
#include "record/pages.h"

static const struct record_api org_api = {
	&party_org_table, PERM_ORG_READ, PERM_PARTY_WRITE,
	{ "kind", "parent_id", NULL },
	party_org_import, PARTY_ORG_NIMPORT,
};

static const struct record_api person_api = {
	&party_person_table, PERM_PERSON_READ, PERM_PARTY_WRITE, { NULL },
	party_person_import, PARTY_PERSON_NIMPORT,
};

static const struct record_api affiliation_api = {
	&party_affiliation_table, PERM_PERSON_READ, PERM_PARTY_WRITE,
	{ NULL },
};

/* Role labels on a timeline. */
static void
role_labels(struct request *r, json_t *items)
{
	json_t *a;
	size_t i;

	json_array_foreach(items, i, a) {
		const char *role = json_string_value(json_object_get(a,
								     "role"));

		json_object_set_new(a, "role_label", json_string(page_text_or(r,
			arena_printf(&r->arena, "affiliation.role_values.%s",
				     role), role)));
	}
}

/* An organisation's page also shows who belongs to it, and its units. */
static int
org_extra(struct request *r, int64_t id, json_t *data)
{
	struct record_filter f = { 0 };
	json_t *people = NULL, *units = NULL;
	char idtext[24];
	int64_t total;
	int rc = 0;

	if (!auth_require(auth_principal(r), PERM_PERSON_READ, 0)) {
		rc = party_affiliations_of(r->db, 0, id, &people);
		if (rc) {
			json_decref(people);
			return rc;
		}
		role_labels(r, people);
		json_object_set_new(data, "has_people",
				    json_boolean(json_array_size(people)));
		json_object_set_new(data, "people", people);
	}
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	f.eq_col[0] = "parent_id";
	f.eq_val[0] = idtext;
	f.neq = 1;
	f.limit = 200;
	rc = record_list(r->db, &party_org_table, &f, &units, &total);
	if (rc) {
		json_decref(units);
		return rc;
	}
	json_object_set_new(data, "has_units",
			    json_boolean(json_array_size(units)));
	json_object_set_new(data, "units", units);
	return 0;
}

/* The organisations for the affiliation form's choice, by name. */
static int
org_choices(struct request *r, json_t **out)
{
	struct record_filter f = { 0 };
	int64_t total;

	f.limit = 200;
	return record_list(r->db, &party_org_table, &f, out, &total);
}

/* A person's page: the timeline, and the form to add to it. */
static int
person_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *items, *orgs, *roles = json_array();
	int rc = party_affiliations_of(r->db, id, 0, &items);

	if (rc) {
		json_decref(items);
		json_decref(roles);
		return rc;
	}
	role_labels(r, items);
	json_object_set_new(data, "affiliations", items);
	for (const char *const *v = party_roles; *v; v++)
		json_array_append_new(roles, json_pack("{s:s,s:s}", "value",
			*v, "label", page_text_or(r, arena_printf(&r->arena,
			"affiliation.role_values.%s", *v), *v)));
	json_object_set_new(data, "roles", roles);
	rc = org_choices(r, &orgs);
	json_object_set_new(data, "orgs", orgs);
	return rc;
}

static const struct export_column org_export[] = {
	{ "id", "org.id", EXPORT_INTEGER, NULL, NULL },
	{ "name", "org.name", EXPORT_TEXT, NULL, NULL },
	{ "kind", "org.kind", EXPORT_ENUM, "org.kind_values.", NULL },
	{ "name_en", "org.name_en", EXPORT_TEXT, NULL, NULL },
	{ "credit_code", "org.credit_code", EXPORT_TEXT, NULL, NULL },
	{ "parent_id", "org.parent_id", EXPORT_INTEGER, NULL, NULL },
	{ "founded_on", "org.founded_on", EXPORT_DATE, NULL, NULL },
	{ "address", "org.address", EXPORT_TEXT, NULL, NULL },
	{ "contact_name", "org.contact_name", EXPORT_TEXT, NULL, NULL },
	{ "contact_phone", "org.contact_phone", EXPORT_TEXT, NULL, NULL },
	{ "created_at", "org.created_at", EXPORT_TIME, NULL, NULL },
};

static const struct export_column person_export[] = {
	{ "id", "person.id", EXPORT_INTEGER, NULL, NULL },
	{ "name", "person.name", EXPORT_TEXT, NULL, NULL },
	{ "mobile", "person.mobile", EXPORT_TEXT, NULL, NULL },
	{ "email", "person.email", EXPORT_TEXT, NULL, NULL },
	{ "created_at", "person.created_at", EXPORT_TIME, NULL, NULL },
};

static const struct record_pages org_pages = {
	&org_api, "/orgs", "org", "party/orgs", "party/org",
	"record/form", org_extra, org_export,
	sizeof(org_export) / sizeof(org_export[0]), "orgs",
};

static const struct record_pages person_pages = {
	&person_api, "/people", "person", "party/people", "party/person",
	"record/form", person_extra, person_export,
	sizeof(person_export) / sizeof(person_export[0]), "people",
};

/* POST /people/{id}/affiliations: add a role, back to the person. */
static int
post_affiliation(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	const char *org, *until, *title;
	json_t *rec, *person;
	int64_t person_id, id;
	char *end;
	int rc;

	if ((rc = auth_require(p, affiliation_api.write, 0)) ||
	    (rc = http_param_id(r, "id", &person_id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	org = form_get(f, "org_id");
	until = form_get(f, "until");
	title = form_get(f, "title");
	rec = json_pack("{s:I,s:s?,s:s?,s:s?}", "person_id",
			(json_int_t)person_id, "role", form_get(f, "role"),
			"since", form_get(f, "since"), "title", title);
	json_object_set_new(rec, "org_id", org && *org ?
			    json_integer(strtoll(org, &end, 10)) : json_null());
	if (until && *until)
		json_object_set_new(rec, "until", json_string(until));
	rc = record_create(r->db, &party_affiliation_table, &p->actor, rec,
			   &id, &pb);
	json_decref(rec);
	if (rc && pb.field) {
		/* The person's page again, the error beside its field. */
		r->status = 400;
		rc = record_get(r->db, &party_person_table, person_id, &person);
		if (rc)
			return rc;
		json_t *data = json_pack("{s:o,s:s,s:b,s:{s:s}}", "record",
			person, "base", "/people", "can_write", 1, "errors",
			pb.field, page_message(r, pb.message));
		if ((rc = person_extra(r, person_id, data))) {
			json_decref(data);
			return rc;
		}
		return page_render(r, "party/person", "person.detail", data);
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.created");
	return http_redirect(r, arena_printf(&r->arena, "/people/%lld",
					     (long long)person_id));
}

/* POST /affiliations/{id}/archive: end a role entered by mistake. */
static int
post_affiliation_archive(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *rec;
	int64_t id, person_id;
	int rc;

	if ((rc = auth_require(p, affiliation_api.write, 0)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	rc = record_get(r->db, &party_affiliation_table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such record");
	if (rc)
		return rc;
	person_id = json_integer_value(json_object_get(rec, "person_id"));
	json_decref(rec);
	rc = record_archive(r->db, &party_affiliation_table, &p->actor, id,
			    &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.archived");
	return http_redirect(r, arena_printf(&r->arena, "/people/%lld",
					     (long long)person_id));
}

#define RECORD_PAGES(base, pages)					     \
	{ HTTP_GET, base, record_page_list, ROUTE_PAGE, pages },	     \
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pages }, \
	{ HTTP_GET, base "/import", record_page_import_form, ROUTE_PAGE,     \
	  pages },							     \
	{ HTTP_POST, base "/import", record_page_import, ROUTE_PAGE, pages },\
	{ HTTP_GET, base "/import/template", record_page_import_template,    \
	  ROUTE_PAGE, pages },						     \
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pages },    \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pages },   \
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pages }, \
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE,   \
	  pages }

const struct route party_page_routes[] = {
	RECORD_PAGES("/orgs", &org_pages),
	RECORD_PAGES("/people", &person_pages),
	{ HTTP_POST, "/people/:id/affiliations", post_affiliation,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, "/affiliations/:id/archive", post_affiliation_archive,
	  ROUTE_PAGE, NULL },
	{ 0, NULL, NULL, 0, NULL },
};

/* The party ledger's entries of the left menu (page.h). */
const struct page_menu_item party_menu[] = {
	{ ROLE_ALL, "menu.party", "/orgs", "menu.orgs" },
	{ ROLE_ADMIN, "menu.party", "/people", "menu.people" },
	{ 0, NULL, NULL, NULL },
};
