/*
 * path.c - training's section of a person's path (training.h, party.h):
 * each enrolment (and its end), with the hours attended and verified;
 * each placement with a firm; each certificate, completion or skill.
 */
#include <string.h>

#include "base/arena.h"
#include "base/time.h"
#include "http/http.h"
#include "page/page.h"
#include "party/party.h"
#include "record/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* Append the entry {on, title, href, tag, note} to `items`. */
static void
entry(json_t *items, const char *on, const char *title, const char *href,
      const char *tag, const char *note)
{
	json_array_append_new(items, json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?}",
		"on", on, "title", title, "href", href, "tag", tag,
		"note", note));
}

#define STR(o, k) json_string_value(json_object_get((o), (k)))
#define ID(o) ((long long)json_integer_value(json_object_get((o), "id")))

/* An enrolment, its hours, and how it ended when it has. */
static int
enrolment_entries(struct request *r, json_t *e, const char *now,
		  json_t *items)
{
	struct training_hours h;
	const char *status = STR(e, "status"), *title, *href, *note = NULL;
	char hours[32];
	int64_t verified;
	int rc = store_hours(r->db, json_integer_value(json_object_get(e,
			     "id")), now, &h);

	if (rc)
		return rc;
	title = arena_printf(&r->arena, "%s · %s", STR(e, "programme_name"),
			     STR(e, "cohort_name"));
	href = arena_printf(&r->arena, "/training/enrolments/%lld", ID(e));
	verified = h.verified[TRAINING_CLASSROOM] +
		   h.verified[TRAINING_WORKSHOP];
	if (verified > 0 &&
	    !time_format_hours(verified, 1, hours, sizeof(hours)))
		note = arena_printf(&r->arena, "%s %s",
				    page_text(r, "path.verified_hours"),
				    hours);
	entry(items, STR(e, "enrolled_on"), title, href,
	      page_text(r, "path.enrolled"), note);
	if (status && strcmp(status, "enrolled"))
		entry(items, STR(e, "status_on"), title, href,
		      record_value_label(r, &training_enrolment_table,
					 "status", status), NULL);
	return 0;
}

static int
fill(struct request *r, int64_t person_id, json_t *items)
{
	json_t *rows = json_array(), *certs = json_object(), *one;
	char now[32];
	size_t i;
	int rc = store_list(r->db, TR_ENROLMENTS_OF_PERSON, person_id, rows);

	time_now_utc(now);
	/* Newest first from the store: the path reads oldest first. */
	for (i = json_array_size(rows); !rc && i-- > 0;)
		rc = enrolment_entries(r, json_array_get(rows, i), now, items);
	json_array_clear(rows);
	if (!rc)
		rc = store_list(r->db, TR_PLACEMENTS_OF_PERSON, person_id,
				rows);
	json_array_foreach(rows, i, one)
		if (!rc)
			entry(items, STR(one, "assigned_on"), STR(one,
			      "firm_name"), arena_printf(&r->arena,
			      "/training/placements/%lld", ID(one)),
			      record_value_label(r, &training_placement_table,
			      "status", STR(one, "status")), page_text(r,
			      "path.placement"));
	if (!rc)
		rc = out_store_certificates_of(r->db, person_id, certs);
	json_array_foreach(json_object_get(certs, "completion"), i, one)
		if (!rc)
			entry(items, STR(one, "issued_on"), STR(one,
			      "programme_name"), arena_printf(&r->arena,
			      "/training/certificates/%lld", ID(one)),
			      page_text(r, "path.certificate"),
			      STR(one, "code"));
	json_array_foreach(json_object_get(certs, "skill"), i, one)
		if (!rc)
			entry(items, STR(one, "issued_on"), STR(one,
			      "occupation"), arena_printf(&r->arena,
			      "/training/skill-certificates/%lld", ID(one)),
			      page_text(r, "path.skill_certificate"),
			      STR(one, "number"));
	json_decref(rows);
	json_decref(certs);
	return rc;
}

const struct party_path_section training_path_section = {
	"training", "path.training", fill,
};
