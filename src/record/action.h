/*
 * action.h - a step that is more than a record write, as route data: the
 * rule named once, called by one generic handler for the JSON API and one
 * for pages.
 *
 * Creating, changing and archiving plain records is record/api.h and
 * record/pages.h. A step with a rule of its own (add an affiliation to a
 * person, end one, graduate a startup) is written as a rule that never
 * sees HTTP, and the route table names it:
 *
 *	static const struct record_action add_affiliation = {
 *		affiliation_add, &party_affiliation_table, "/people",
 *		"person_id", "common.created", &person_pages,
 *	};
 *	{ HTTP_POST, "/people/:id/affiliations", record_page_action,
 *	  ROUTE_PAGE, &add_affiliation, PERM_PARTY_WRITE },
 *	{ HTTP_POST, "/api/v1/people/:id/affiliations", record_api_action,
 *	  0, &add_affiliation, PERM_PARTY_WRITE },
 *
 * The page handler reads the form (typed by `form_table`'s columns), calls
 * the rule, and either redirects (with a flash message) or, when the rule
 * names a field, shows the page again — the detail page of `id`
 * (`pages`), or a page of the module's own (`show`) — with that field's
 * error in place (`errors.FIELD`) and what was typed kept (`form`); with
 * `show_all`, any refusal of what was typed (ERR_INVALID, ERR_CONFLICT,
 * ERR_THROTTLED) does, as `errors.form` when it names no field. The API
 * handler reads the
 * JSON body (none: an empty object), calls the rule and answers the
 * record the rule made, or the error; a read with a rule of its own (who
 * may see an enrolment's hours) is a GET route to the same handler. Path
 * parameters other than :id (a score of application :app_id in round
 * :id) reach the rule in `in`, as integers under their names, over
 * whatever the body said.
 *
 * A step's input may be described like a table (record.h, a record_table
 * with no SQL name): the same columns type the form and, through
 * record_validate(), check the JSON (unknown fields, types, required).
 */
#ifndef JG_RECORD_ACTION_H
#define JG_RECORD_ACTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/http.h"

struct db;
struct record_pages;
struct record_table;

/*
 * The rule of a step: `id` is the path's :id (0 when the path has none),
 * `in` the request as JSON (owned by the request: the rule may add to it,
 * never release it). On success *out is the record to answer — a new
 * reference the caller releases — or NULL for none. Returns 0, or an error
 * with *pb naming the field. Never sees HTTP.
 */
typedef int record_rule_fn(struct db *db, const struct principal *p,
			   int64_t id, json_t *in, json_t **out,
			   struct problem *pb);

struct record_action {
	record_rule_fn *rule;
	/* Pages: the columns that type the form's fields; NULL: strings. */
	const struct record_table *form_table;
	/*
	 * Pages: where to go after success: `back` + "/" + the integer
	 * member `back_field` of the rule's record (NULL: the path's :id);
	 * `back` alone when neither gives one ("": `back` alone always).
	 */
	const char *back;
	const char *back_field;
	const char *flash_key;		/* the success message's catalog key */
	/* Pages: whose detail page shows a field's error (NULL: none). */
	const struct record_pages *pages;
	int status;			/* API: success status (0: 200) */
	/*
	 * Pages: instead of `pages`, the module's own page shown again, as
	 * record_page_show() shows a detail page: for the path's :id, with
	 * the members of `more` ({errors: {field: message}, form}, a new
	 * reference it takes over), answering r->status (a trainee's own
	 * page; the page of the record a step's record belongs to).
	 */
	int (*show)(struct request *r, int64_t id, json_t *more);
	/* Pages: a refusal naming no field shows the page again too. */
	bool show_all;
	/* Pages: the status of the page shown again (0: the refusal's). */
	int show_status;
	/*
	 * Pages: the message that says what was done, filled by
	 * record_flash_done() from the rule's record over the record the
	 * path's :id names (in the table of `pages`, else of the route's
	 * confirmation, http.h): "已为 {{title}} 撤销出园". Ending in ".", it
	 * names the catalog's messages by the `kind` of the rule's record
	 * ("incubation.left." + "graduated"). flash_key when it cannot be
	 * filled; NULL: flash_key alone.
	 */
	const char *done_key;
};

/*
 * The action of an API route that is rule `fn` alone, answering `code`
 * on success (0: 200):
 *
 *	RECORD_API_STEP(complete, training_complete, 200);
 *	{ HTTP_POST, BASE "/enrolments/:id/complete", record_api_action, 0,
 *	  &complete, PERM_TRAINING_TEACH },
 */
#define RECORD_API_STEP(name, fn, code)					\
	static const struct record_action name = { .rule = fn, .status = code }

/*
 * The action of a page route that is rule `fn`, going back to `to` on
 * success; the further arguments are the success message's catalog key,
 * then any other members by name (.form_table, .back_field, .pages,
 * .show, .show_all, .done_key):
 *
 *	RECORD_PAGE_STEP(complete, training_complete, "/training/enrolments",
 *			 "training.completed", .pages = &enrolment_pages);
 */
#define RECORD_PAGE_STEP(name, fn, to, ...)				\
	static const struct record_action name = {			\
		.rule = fn, .back = to, .flash_key = __VA_ARGS__	\
	}

/* POST API route: JSON in, the rule, the record or the error out. */
int record_api_action(struct request *r);

/*
 * POST page route: form in, the rule, a redirect or the page again. The
 * browser goes to the form's `next` when it is a path on this site
 * (http_redirect_local()), else where `back` says.
 */
int record_page_action(struct request *r);

#endif
