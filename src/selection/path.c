/*
 * path.c - selection's section of a person's path (selection.h, party.h):
 * each round the person took part in; once published, the position it was
 * matched to (and which of its choices that was) or none; its answer to
 * the offer.
 */
#include <string.h>

#include "base/arena.h"
#include "http/http.h"
#include "page/page.h"
#include "party/party.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

#define STR(o, k) json_string_value(json_object_get((o), (k)))
#define INT(o, k) json_integer_value(json_object_get((o), (k)))

/* One candidacy: registered; matched or not; the offer answered. */
static void
candidacy(struct request *r, json_t *c, json_t *items)
{
	const char *href = arena_printf(&r->arena, "/selection/candidates/%lld",
					(long long)INT(c, "id"));
	const char *job = NULL, *offer = STR(c, "offer_status");

	party_path_entry(items, STR(c, "opens_on"), STR(c, "round_name"), href,
	      page_text(r, "path.registered"), NULL);
	if (!INT(c, "published"))
		return;
	if (STR(c, "firm_name"))
		job = arena_printf(&r->arena, "%s · %s", STR(c, "firm_name"),
				   STR(c, "position_title"));
	party_path_entry(items, STR(c, "publish_on"), job ? job : STR(c, "round_name"),
	      href, page_text(r, job ? "path.matched" : "path.unmatched"),
	      job ? arena_printf(&r->arena, "%s %lld",
				 page_text(r, "path.choice"),
				 (long long)INT(c, "choice_rank")) : NULL);
	if (offer && STR(c, "decided_on"))
		party_path_entry(items, STR(c, "decided_on"), job, href,
		      page_text(r, arena_printf(&r->arena,
			"selection.offer_values.%s", offer)), NULL);
}

static int
fill(struct request *r, int64_t person_id, json_t *items)
{
	json_t *rows = json_array(), *one;
	size_t i;
	int rc = sel_store_path(r->db, person_id, rows);

	json_array_foreach(rows, i, one)
		if (!rc)
			candidacy(r, one, items);
	json_decref(rows);
	return rc;
}

const struct party_path_section selection_path_section = {
	"selection", "path.selection", fill,
};
