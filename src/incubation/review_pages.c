/*
 * review_pages.c - the pages of review (apply_pages.c mounts them):
 *
 *	/incubation/review[/ID]		review rounds; a round's applications
 *					with the caller's score form, and the
 *					mean scores once the round is closed
 */
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "base/err.h"
#include "db/db.h"
#include "export/export.h"
#include "http/form.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "page/page.h"

/* The label of each round's status, in place. */
static void
round_labels(struct request *r, json_t *rounds)
{
	json_t *round;
	size_t i;

	json_array_foreach(rounds, i, round)
		json_object_set_new(round, "status_label", json_string(
			page_text(r, arena_printf(&r->arena,
			"incubation.round_states.%s", json_string_value(
			json_object_get(round, "status"))))));
}

static const struct export_column round_cols[] = {
	{ "id", "inc_application.id", EXPORT_INTEGER },
	{ "name", "incubation.round", EXPORT_TEXT },
	{ "opens_on", "common.from", EXPORT_DATE },
	{ "closes_on", "common.to", EXPORT_DATE },
	{ "status", "inc_application.status", EXPORT_ENUM,
	  "incubation.round_states." },
	{ "closed_at", "incubation.closed_at", EXPORT_TIME },
};

/* The rounds the caller sees: all for staff, its own for a reviewer. */
static int
rounds_of(struct request *r, json_t **items)
{
	const struct principal *p = auth_principal(r);
	int rc;

	*items = NULL;
	if (!auth_is_staff(p) && (rc = auth_require(p, PERM_INC_REVIEW, 0)))
		return rc;
	rc = inc_round_list(r->db, auth_is_staff(p) ? 0 : p->account_id, items);
	if (rc) {
		http_own(r, *items);
		*items = NULL;
		return rc;
	}
	round_labels(r, *items);
	return 0;
}

/* GET /incubation/review/export?format= */
int
inc_page_export_rounds(struct request *r)
{
	json_t *items;
	int rc = rounds_of(r, &items);

	if (rc)
		return rc;
	rc = export_send(r, http_query(r, "format"), "review-rounds",
			 page_text(r, "incubation.review"), round_cols,
			 sizeof(round_cols) / sizeof(round_cols[0]), items);
	http_own(r, items);
	return rc;
}

/* GET /incubation/review: the rounds (staff: all, with the new form). */
int
inc_page_list_rounds(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *items;
	int rc = rounds_of(r, &items);

	if (rc)
		return rc;
	return page_render(r, "incubation/review", "incubation.review",
			   json_pack("{s:o,s:b}", "items", items, "is_staff",
				     auth_is_staff(p)));
}

/* POST /incubation/review: open a round (staff). */
int
inc_page_create_round(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	json_t *fields;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	fields = json_pack("{s:s,s:s,s:s}", "name", inc_or_empty(form_get(f,
			   "name")), "opens_on", inc_or_empty(form_get(f,
			   "opens_on")), "closes_on", inc_or_empty(form_get(f,
			   "closes_on")));
	if (!(rc = db_begin(r->db))) {
		rc = incubation_round_open_in(r->db, &p->actor, fields, &id,
					      &pb);
		if (!rc)
			rc = db_commit(r->db);
		if (rc)
			db_rollback(r->db);
	}
	http_own(r, fields);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_redirect(r, arena_printf(&r->arena,
		"/incubation/review/%lld", (long long)id));
}

/* GET /incubation/review/:id: the round, its applications, score forms. */
int
inc_page_get_round(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *round, *rubric, *apps, *a, *scores, *one;
	int64_t id, total;
	bool reviewer;
	size_t i;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = inc_is_reviewer(r->db, id, p ? p->account_id : 0,
				  &reviewer)))
		return rc;
	if (!auth_is_staff(p) && !reviewer)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	rc = record_get(r->db, &inc_round_table, id, &round);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such round");
	if (rc)
		return rc;
	rubric = json_loads(json_string_value(json_object_get(round,
			    "rubric")), 0, NULL);
	json_object_set_new(round, "rubric", rubric ? rubric : json_array());
	json_object_set_new(round, "closed", json_boolean(!strcmp(
		json_string_value(json_object_get(round, "status")),
		"closed")));
	one = json_pack("[O]", round);
	round_labels(r, one);
	http_own(r, one);
	rc = inc_app_list(r->db, 0, 0, NULL, id, 200, 0, &apps, &total);
	json_array_foreach(apps, i, a) {
		if (rc)
			break;
		rc = incubation_scores(r->db, id, json_integer_value(
			json_object_get(a, "id")), p->account_id,
			auth_is_staff(p), &scores);
		json_object_set_new(a, "scores", rc ? json_null() : scores);
	}
	inc_app_labels(r, apps);
	if (rc) {
		http_own(r, round);
		http_own(r, apps);
		return rc;
	}
	return page_render(r, "incubation/round", "incubation.round",
		json_pack("{s:o,s:o,s:b,s:b}", "round", round, "apps", apps,
		"is_staff", auth_is_staff(p), "reviewer", reviewer));
}

/* POST /incubation/review/:id/score/:app_id: the caller's scores. */
int
inc_page_put_score(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	json_t *scores;
	int64_t id, app;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_param_id(r, "app_id", &app)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (!p)
		return ERR_UNAUTH;
	scores = json_object();
	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->fields[i].name, *v = f->fields[i].value;
		char *end;
		long long n;

		if (strncmp(name, "c:", 2) || f->fields[i].filename)
			continue;
		n = strtoll(v, &end, 10);
		json_object_set_new(scores, name + 2, *v && !*end ?
				    json_integer(n) : json_string(v));
	}
	if (!(rc = db_begin(r->db))) {
		rc = incubation_score_put(r->db, &p->actor, id, app, scores,
					  form_get(f, "comment"), &pb);
		if (!rc)
			rc = db_commit(r->db);
		if (rc)
			db_rollback(r->db);
	}
	http_own(r, scores);
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena,
		"/incubation/review/%lld", (long long)id));
}

/* POST /incubation/review/:id/close and /reviewers (staff). */
static int
round_post(struct request *r, bool close)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	const char *who;
	json_t *acc;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (!close) {
		who = form_get(f, "account_name");
		rc = account_get_by_name(r->db, who ? who : "", &acc);
		if (rc == ERR_NOTFOUND)
			return http_fail(r, ERR_INVALID, "account_name",
					 "no such account");
		if (rc)
			return rc;
	}
	if (!(rc = db_begin(r->db))) {
		rc = close ? incubation_round_close_in(r->db, &p->actor, id,
						       &pb) :
		     incubation_round_reviewer_in(r->db, &p->actor, id,
			json_integer_value(json_object_get(acc, "id")), &pb);
		if (!rc)
			rc = db_commit(r->db);
		if (rc)
			db_rollback(r->db);
	}
	if (!close)
		http_own(r, acc);
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "common.saved");
	return http_redirect(r, arena_printf(&r->arena,
		"/incubation/review/%lld", (long long)id));
}

int
inc_page_close_round(struct request *r)
{
	return round_post(r, true);
}

int
inc_page_round_reviewer(struct request *r)
{
	return round_post(r, false);
}
