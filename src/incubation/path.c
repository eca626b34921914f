/*
 * path.c - incubation's section of a person's path (incubation.h,
 * party.h): each organisation the person founded (its founder
 * affiliation), and for a startup of the park its admission, its leaving
 * and the employees its latest accepted report counts — the jobs it
 * made.
 */
#include <string.h>

#include "base/arena.h"
#include "http/http.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "page/page.h"
#include "party/party.h"
#include "record/record.h"

/* The founding of organisation `a` (an affiliation) and its stay. */
static int
founded(struct request *r, json_t *a, json_t *items)
{
	json_t *rows = json_array(), *one;
	const char *name = record_text(a, "org_name"), *href;
	size_t i;
	int rc = inc_store_path(r->db, record_int(a, "org_id"), rows);

	party_path_entry(items, record_text(a, "since"), name,
	      arena_printf(&r->arena, "/orgs/%lld",
	      (long long)record_int(a, "org_id")),
	      page_text(r, "path.founded"), NULL);
	href = arena_printf(&r->arena, "/incubation/startups/%lld",
			    (long long)record_int(a, "org_id"));
	json_array_foreach(rows, i, one) {
		const char *kind = record_text(one, "kind");

		if (rc)
			break;
		if (strcmp(kind, "report"))
			party_path_entry(items, record_text(one, "on_date"),
			      name, href, page_text(r, arena_printf(&r->arena,
			      "incubation.events.%s", kind)), NULL);
		else
			party_path_entry(items, record_text(one, "on_date"),
			      name, href, page_text(r, "path.jobs"),
			      arena_printf(&r->arena, "%lld %s",
			      (long long)record_int(one, "employees"),
			      page_text(r, "path.people")));
	}
	json_decref(rows);
	return rc;
}

static int
fill(struct request *r, int64_t person_id, json_t *items)
{
	json_t *affiliations, *one;
	size_t i;
	int rc = party_affiliations_of(r->db, person_id, 0, &affiliations);

	json_array_foreach(affiliations, i, one)
		if (!rc && !strcmp(record_text(one, "role"), "founder"))
			rc = founded(r, one, items);
	json_decref(affiliations);
	return rc;
}

const struct party_path_section incubation_path_section = {
	"incubation", "path.incubation", fill,
};
