/*
 * pages.c - the party ledger's pages: organisations and people, each the
 * kit's one list page (search, filters, export, import), a detail page
 * with the affiliation timeline, and the kit's form; affiliations are
 * added from a person's page and ended there, through the rules of
 * rules.c named in the route table.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "page/page.h"
#include "party/pages.h"
#include "party/party.h"
#include "party/party_int.h"
#include "record/action.h"
#include "record/children.h"
#include "record/pages.h"
#include "record/record.h"

/* Role labels on a timeline, and why an employment ended where it says. */
static void
role_labels(struct request *r, json_t *items)
{
	const char *why;
	json_t *a;
	size_t i;

	json_array_foreach(items, i, a) {
		json_object_set_new(a, "role_label", json_string(
			record_value_label(r, &party_affiliation_table, "role",
			record_text(a, "role"))));
		why = record_text(a, "leave_reason");
		if (why)
			json_object_set_new(a, "leave_reason_label",
				json_string(record_value_label(r,
				&party_affiliation_table, "leave_reason", why)));
	}
}

/* An organisation's page also shows who belongs to it, and its units. */
static int
org_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *people, *units;
	int rc;

	if (!auth_require(auth_principal(r), PERM_PERSON_READ, 0)) {
		rc = party_affiliations_of(r->db, 0, id, &people);
		http_own(r, people);
		if (rc)
			return rc;
		role_labels(r, people);
		json_object_set_new(data, "has_people",
				    json_boolean(json_array_size(people)));
		json_object_set(data, "people", people);
	}
	/* Its units, as far as the caller may see them. */
	rc = record_children(r, &party_org_table, "parent_id", id,
			     party_org_scope, &units);
	if (rc)
		return rc;
	json_object_set_new(data, "has_units",
			    json_boolean(json_array_size(units)));
	json_object_set(data, "units", units);
	return 0;
}

/*
 * [{value, label, selected}] of `items`' member `key` labelled by member
 * `label`, the one equal to `current` selected: a select that keeps what
 * was typed when the page comes back with an error.
 */
static json_t *
options(json_t *items, const char *key, const char *label,
	const char *current)
{
	json_t *out = json_array(), *item;
	size_t i;

	json_array_foreach(items, i, item) {
		json_t *v = json_object_get(item, key);
		char text[24];
		const char *value = json_string_value(v);

		if (json_is_integer(v)) {
			snprintf(text, sizeof(text), "%lld",
				 (long long)json_integer_value(v));
			value = text;
		}
		json_array_append_new(out, json_pack("{s:s,s:O,s:b}", "value",
			value ? value : "", "label", json_object_get(item,
			label), "selected", current && value &&
			!strcmp(current, value)));
	}
	return out;
}

/* The text a form field was typed with, after a refused step. */
static const char *
typed(json_t *data, const char *field)
{
	json_t *v = json_object_get(json_object_get(data, "form"), field);
	static _Thread_local char text[24];

	if (json_is_integer(v)) {
		snprintf(text, sizeof(text), "%lld",
			 (long long)json_integer_value(v));
		return text;
	}
	return json_string_value(v);
}

/*
 * A person's page (staff's): the timeline, the form to add to it, and the
 * path the modules know of (party_path()).
 */
static int
person_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct record_filter f = { 0 };
	json_t *items, *orgs, *roles, *path;
	int64_t total;
	int rc = party_affiliations_of(r->db, id, 0, &items);

	http_own(r, items);
	if (!rc && auth_is_staff(p)) {
		if (!(rc = party_path(r, id, &path)))
			json_object_set_new(data, "path_sections", path);
	}
	if (rc)
		return rc;
	role_labels(r, items);
	json_object_set(data, "affiliations", items);
	roles = http_own(r, json_array());
	for (const char *const *v = party_roles; *v; v++)
		json_array_append_new(roles, json_pack("{s:s,s:s}", "value",
			*v, "label", record_value_label(r,
			&party_affiliation_table, "role", *v)));
	json_object_set_new(data, "roles", options(roles, "value", "label",
						   typed(data, "role")));
	f.limit = 200;
	rc = record_list(r->db, &party_org_table, &f, &orgs, &total);
	http_own(r, orgs);
	if (rc)
		return rc;
	json_object_set_new(data, "orgs", options(orgs, "id", "name",
						  typed(data, "org_id")));
	return 0;
}

static const struct record_pages org_pages = {
	&party_org_api, "/orgs", NULL, NULL, "party/org", "record/form",
	org_extra, NULL, 0, "orgs",
};

static const struct record_pages person_pages = {
	&party_person_api, "/people", NULL, NULL, "party/person", "record/form",
	person_extra, NULL, 0, "people",
};

/* A role added on a person's page: back to the person, or the page again
 * with the error beside its field. */
RECORD_PAGE_STEP(add_affiliation, party_affiliation_add, "/people",
		 "common.created", .form_table = &party_affiliation_table,
		 .back_field = "person_id", .pages = &person_pages,
		 .status = 201);

/* A role entered by mistake, ended: back to its person. */
RECORD_PAGE_STEP(end_affiliation, party_affiliation_end, "/people",
		 "common.archived", .back_field = "person_id", .status = 200);

/* An employee's departure, from a form that says where to go next (the
 * firm's hires, a person's page): there, or to the person's page. */
RECORD_PAGE_STEP(leave, party_leave, "/people", "party.left",
		 .form_table = &party_leave_table, .back_field = "person_id",
		 .status = 200);

const struct route party_page_routes[] = {
	{ HTTP_POST, "/affiliations/:id/leave", record_page_action,
	  ROUTE_PAGE, &leave, PERM_PARTY_LEAVE },
	RECORD_PAGE_IMPORT_ROUTES("/orgs", &org_pages, PERM_PARTY_WRITE),
	RECORD_PAGE_ROUTES("/orgs", &org_pages, PERM_ORG_READ,
			   PERM_PARTY_WRITE),
	RECORD_PAGE_IMPORT_ROUTES("/people", &person_pages, PERM_PARTY_WRITE),
	RECORD_PAGE_ROUTES("/people", &person_pages, PERM_PERSON_READ,
			   PERM_PARTY_WRITE),
	{ HTTP_POST, "/people/:id/affiliations", record_page_action,
	  ROUTE_PAGE, &add_affiliation, PERM_PARTY_WRITE },
	{ HTTP_POST, "/affiliations/:id/archive", record_page_action,
	  ROUTE_PAGE, &end_affiliation, PERM_PARTY_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The party ledger's entries of the left menu (page.h). */
const struct page_menu_item party_menu[] = {
	/* Staff the directory; others the organisations they belong to. */
	{ ROLES_EXCEPT(ROLE_VIEWER | ROLE_APPLICANT), "menu.party", "/orgs",
	  "menu.orgs" },
	{ ROLE_ADMIN, "menu.party", "/people", "menu.people" },
	{ 0, NULL, NULL, NULL },
};
