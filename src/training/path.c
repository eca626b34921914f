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
#include "record/record.h"
#include "training/training.h"
#include "training/training_int.h"

#define ID(o) ((long long)record_int((o), "id"))

/* An enrolment, its hours, and how it ended when it has. */
static int
enrolment_entries(struct request *r, json_t *e, const char *now,
		  json_t *items)
{
	struct training_hours h;
	const char *status = record_text(e, "status");
	const char *title, *href, *note = NULL;
	char hours[32];
	int64_t verified;
	int rc = store_hours(r->db, record_int(e, "id"), now, &h);

	if (rc)
		return rc;
	title = arena_printf(&r->arena, "%s · %s",
			     record_text(e, "programme_name"),
			     record_text(e, "cohort_name"));
	href = arena_printf(&r->arena, "/training/enrolments/%lld", ID(e));
	verified = h.verified[TRAINING_CLASSROOM] +
		   h.verified[TRAINING_WORKSHOP];
	if (verified > 0 &&
	    !time_format_hours(verified, 1, hours, sizeof(hours)))
		note = arena_printf(&r->arena, "%s %s",
				    page_text(r, "path.verified_hours"),
				    hours);
	party_path_entry(items, record_text(e, "enrolled_on"), title, href,
	      page_text(r, "path.enrolled"), note);
	if (status && strcmp(status, "enrolled"))
		party_path_entry(items, record_text(e, "status_on"), title,
		      href, record_value_label(r, &training_enrolment_table,
					       "status", status), NULL);
	return 0;
}

/* How rows of one kind become entries: their keys, link and tag. */
struct kind {
	const char *on, *title, *href, *tag, *note;
};

static const struct kind placement = {
	"assigned_on", "firm_name", "/training/placements/",
	NULL, "path.placement",
};
static const struct kind certificate = {
	"issued_on", "programme_name", "/training/certificates/",
	"path.certificate", "number",
};
static const struct kind skill_certificate = {
	"issued_on", "occupation", "/training/skill-certificates/",
	"path.skill_certificate", "number",
};

/*
 * Each of `rows` as an entry of kind `k`: its tag the catalog's text at
 * k->tag, or else its placement's status; its note the row's k->note,
 * or for a placement the catalog's.
 */
static void
entries(struct request *r, json_t *rows, const struct kind *k,
	json_t *items)
{
	json_t *one;
	size_t i;

	json_array_foreach(rows, i, one)
		party_path_entry(items, record_text(one, k->on),
			record_text(one, k->title), arena_printf(&r->arena,
			"%s%lld", k->href, ID(one)), k->tag ? page_text(r,
			k->tag) : record_value_label(r,
			&training_placement_table, "status", record_text(one,
			"status")), k == &placement ? page_text(r, k->note) :
			record_text(one, k->note));
}

static int
fill(struct request *r, int64_t person_id, json_t *items)
{
	json_t *rows = json_array(), *certs = json_object();
	char now[32];
	size_t i;
	int rc = store_list(r->db, TR_ENROLMENTS_OF_PERSON, person_id, rows);

	time_now_utc(now);
	/* Newest first from the store: the path reads oldest first. */
	for (i = json_array_size(rows); !rc && i-- > 0;)
		rc = enrolment_entries(r, json_array_get(rows, i), now, items);
	json_array_clear(rows);
	if (!rc &&
	    !(rc = store_list(r->db, TR_PLACEMENTS_OF_PERSON, person_id, rows)))
		entries(r, rows, &placement, items);
	if (!rc && !(rc = out_store_certificates_of(r->db, person_id, certs))) {
		entries(r, json_object_get(certs, "completion"), &certificate,
			items);
		entries(r, json_object_get(certs, "skill"),
			&skill_certificate, items);
	}
	json_decref(rows);
	json_decref(certs);
	return rc;
}

const struct party_path_section training_path_section = {
	"training", "path.training", fill,
};
