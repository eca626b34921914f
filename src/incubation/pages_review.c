/*
 * pages_review.c - the pages of applications and their review, as a
 * route table:
 *
 *	/incubation/applications[/ID]	one's own applications (staff: all),
 *					the one list page; an application's
 *					status page: submit a draft; staff put
 *					it in a round and decide it
 *	/incubation/review[/ID]		review rounds, the one list page with
 *					the kit's forms to open one and to
 *					change its name and dates; a round's
 *					applications with the caller's score
 *					form, and the mean scores once the
 *					round is closed
 *
 * The status page and the round are pages of their own; their buttons
 * are the rules of rules_review.c, named in the rows. The public form
 * that makes an application is pages_apply.c.
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "record/children.h"
#include "record/pages.h"
#include "record/record.h"

/* The labels of each application's status, field and kind, in place. */
static void
app_labels(struct request *r, json_t *items)
{
	static const char *const columns[] = { "status", "field", "kind" };
	json_t *a;
	size_t i;

	json_array_foreach(items, i, a)
		for (size_t c = 0; c < 3; c++)
			json_object_set_new(a, arena_printf(&r->arena,
				"%s_label", columns[c]), json_string(
				record_value_label(r, &inc_application_rows,
				columns[c], record_text(a, columns[c]))));
}

/* ---- applications --------------------------------------------------- */

/* The list's way to the public form. */
static int
app_links(struct request *r, json_t *data)
{
	json_object_set_new(data, "links", json_pack("[{s:s,s:s}]", "href",
			    "/apply", "label", page_text(r,
			    "incubation.apply")));
	return 0;
}

static const struct record_pages app_pages = {
	&inc_app_api, "/incubation/applications", NULL, NULL, NULL, NULL, NULL,
	NULL, 0, "applications", NULL, NULL, false, NULL, app_links,
};

/*
 * An application's status page (record_action.show), with `more`'s
 * error (of a refused step) at its top.
 */
static int
app_show(struct request *r, int64_t id, json_t *more)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *key, *project;
	json_t *app, *rounds = NULL, *open, *round, *d, *error = NULL;
	json_t *wait = NULL;
	size_t i;
	bool owner, draft;
	int rc;

	http_own(r, more);
	json_object_foreach(json_object_get(more, "errors"), key, error)
		break;
	if ((rc = inc_app_visible(r->db, p, id, &app, &pb)))
		return http_problem(r, rc, &pb);
	http_own(r, app);
	record_mask_personal(r, &inc_application_rows, app);
	app_labels(r, http_own(r, json_pack("[O]", app)));
	/* The startup it became, by name (record_add_titles()). */
	if ((rc = record_add_titles(r, &inc_application_table, app)))
		return rc;
	json_array_foreach(json_object_get(app, "decisions"), i, d)
		json_object_set_new(d, "label", json_string(page_text(r,
			arena_printf(&r->arena, "incubation.decisions.%s",
			record_text(d, "decision")))));
	project = record_text(app, "project");
	if (project && !*project)
		project = NULL;
	owner = record_int(app, "account_id") ==
		p->account_id;
	draft = !strcmp(record_text(app, "status"),
			"draft");
	open = json_array();
	if (auth_is_staff(p)) {
		rc = inc_round_list(r->db, 0, &rounds);
		json_array_foreach(rounds, i, round) {
			if (strcmp(record_text(round, "status"), "open"))
				continue;
			json_array_append(open, round);
			/* A decision waits for its round: said beforehand. */
			if (record_int(round, "id") ==
			    record_int(app, "round_id"))
				wait = json_pack("{s:O,s:s}", "id",
					json_object_get(round, "id"), "why",
					page_text_with(r, "confirm.decide_wait",
					round));
		}
		http_own(r, rounds);
	}
	/* Titled by its project (入孵申请 while a draft has none). */
	return page_render(r, "incubation/application", project ? NULL :
		"incubation.application", json_pack("{s:O,s:s?,s:b,s:b,s:o,"
		"s:b,s:O?,s:o?}", "app", app, "title", project, "can_edit",
		owner && draft, "can_decide",
		auth_is_staff(p) && !draft && json_is_null(json_object_get(app,
		"org_id")), "open_rounds", open, "is_staff", auth_is_staff(p),
		"error", error, "decide_wait", wait));
}

/* GET /incubation/applications/:id */
static int
app_page(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : app_show(r, id, NULL);
}

#define APP_STEP(name, rule)						\
	RECORD_PAGE_STEP(name, rule, "/incubation/applications",	\
			 "common.saved", .show = app_show)

APP_STEP(app_submit, inc_app_submit);
APP_STEP(app_to_round, inc_app_to_round);
APP_STEP(app_decide, inc_app_decide);

/* ---- review rounds -------------------------------------------------- */

/* Staff see every round, a reviewer the rounds it reviews in. */
static int
round_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	(void)rec;
	return inc_scope_account(r, f, PERM_INC_REVIEW,
				 INC_REVIEWER_ROUNDS_SQL);
}

static const struct record_api round_api = {
	&inc_round_table, PERM_INC_REVIEW, PERM_INC_WRITE, { "status", NULL },
	NULL, 0, round_scope,
};

static const struct record_pages round_pages = {
	&round_api, "/incubation/review", NULL, NULL, NULL, "record/form",
	NULL, NULL, 0, "review-rounds", inc_round_open,
};

/* GET /incubation/review/:id: the round, its applications, score forms. */
static int
round_page(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *round, *apps, *a, *scores;
	bool reviewer;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = inc_is_reviewer(r->db, id, p->account_id, &reviewer)))
		return rc;
	if (!auth_is_staff(p) && !reviewer)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	rc = inc_round_answer(r->db, id, 0, &round);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such round");
	if (rc)
		return rc;
	http_own(r, round);
	json_object_set_new(round, "closed", json_boolean(!strcmp(
		record_text(round, "status"),
		"closed")));
	json_object_set_new(round, "status_label", json_string(
		record_value_label(r, &inc_round_table, "status",
		record_text(round, "status"))));
	rc = record_children(r, &inc_application_rows, "round_id", id, NULL,
			     &apps);
	json_array_foreach(apps, i, a) {
		if (rc)
			break;
		rc = incubation_scores(r->db, id, record_int(a, "id"),
				       p->account_id, auth_is_staff(p),
				       &scores);
		json_object_set_new(a, "scores", rc ? json_null() : scores);
	}
	if (rc)
		return rc;
	app_labels(r, apps);
	return page_render(r, "incubation/round", "incubation.round",
		json_pack("{s:O,s:O,s:b,s:b}", "round", round, "apps", apps,
		"is_staff", auth_is_staff(p), "reviewer", reviewer));
}

#define ROUND_STEP(name, rule)						\
	RECORD_PAGE_STEP(name, rule, "/incubation/review", "common.saved")

ROUND_STEP(score, inc_score);
ROUND_STEP(add_reviewer, inc_round_add_reviewer);
/* Closing says which round, and what it opens the way to. */
RECORD_PAGE_STEP(close_round, inc_round_close, "/incubation/review",
		 "common.saved", .done_key = "incubation.done_round_closed");

#define APPS "/incubation/applications"
#define REVIEW "/incubation/review"

/* What the irreversible steps say first (http.h, route_confirm). */
static const struct route_confirm decide_confirm = {
	"confirm.decide", NULL, "incubation.decisions.",
};
static const struct route_confirm close_confirm = {
	"confirm.close_round", "inc_round", NULL,
};

const struct route inc_review_page_routes[] = {
	{ HTTP_GET, APPS, record_page_list, ROUTE_PAGE, &app_pages,
	  PERM_INC_APPLY },
	{ HTTP_GET, APPS "/export", record_page_export, ROUTE_PAGE,
	  &app_pages, PERM_INC_APPLY },
	{ HTTP_GET, APPS "/:id", app_page, ROUTE_PAGE | ROUTE_SIGNED_IN,
	  NULL, PERM_NONE },
	{ HTTP_POST, APPS "/:id/submit", record_page_action, ROUTE_PAGE,
	  &app_submit, PERM_INC_APPLY },
	{ HTTP_POST, APPS "/:id/round", record_page_action, ROUTE_PAGE,
	  &app_to_round, PERM_INC_WRITE },
	{ HTTP_POST, APPS "/:id/decision", record_page_action, ROUTE_PAGE,
	  &app_decide, PERM_INC_WRITE, &decide_confirm },
	{ HTTP_GET, REVIEW, record_page_list, ROUTE_PAGE, &round_pages,
	  PERM_INC_REVIEW },
	{ HTTP_GET, REVIEW "/export", record_page_export, ROUTE_PAGE,
	  &round_pages, PERM_INC_REVIEW },
	{ HTTP_GET, REVIEW "/new", record_page_new, ROUTE_PAGE, &round_pages,
	  PERM_INC_WRITE },
	{ HTTP_POST, REVIEW, record_page_create, ROUTE_PAGE, &round_pages,
	  PERM_INC_WRITE },
	{ HTTP_GET, REVIEW "/:id", round_page, ROUTE_PAGE | ROUTE_SIGNED_IN,
	  NULL, PERM_NONE },
	{ HTTP_GET, REVIEW "/:id/edit", record_page_edit, ROUTE_PAGE,
	  &round_pages, PERM_INC_WRITE },
	{ HTTP_POST, REVIEW "/:id", record_page_update, ROUTE_PAGE,
	  &round_pages, PERM_INC_WRITE },
	{ HTTP_POST, REVIEW "/:id/score/:app_id", record_page_action,
	  ROUTE_PAGE, &score, PERM_INC_REVIEW },
	{ HTTP_POST, REVIEW "/:id/close", record_page_action, ROUTE_PAGE,
	  &close_round, PERM_INC_WRITE, &close_confirm },
	{ HTTP_POST, REVIEW "/:id/reviewers", record_page_action, ROUTE_PAGE,
	  &add_reviewer, PERM_INC_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
