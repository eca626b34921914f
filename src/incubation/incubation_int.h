/*
 * incubation_int.h - what the files of src/incubation/ share: the
 * described tables, the store's queries, and who may see which startup.
 */
#ifndef JG_INCUBATION_INT_H
#define JG_INCUBATION_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "incubation/incubation.h"
#include "record/record.h"

struct arena;
struct db;
struct request;

extern const char *const inc_fields[];

/*
 * The longest values of the columns the stores read into char arrays
 * (db/row.h): a review round's status (open, closed; the list of the
 * round table checks each value with REC_VALUE()) and an application's
 * status (draft, submitted, admitted, rejected, waitlisted, withdrawn:
 * the schema's CHECK, set by the rules only).
 */
#define INC_ROUND_STATUS_MAX 6		/* "closed" */
#define INC_APP_STATUS_MAX 10		/* "waitlisted" */

/*
 * The rubric text of the setting as [{name, weight}] in *out (the
 * caller's); ERR_INVALID, with *out NULL, if it is not a rubric.
 */
int inc_rubric_parse(const char *text, json_t **out);

/* `date` plus `months` months (the day clamped to the month's end). */
void inc_add_months(const char *date, int months, char out[11]);

/*
 * Which startups the caller may see: every one (*all), the one of its
 * organisation (an enterprise account: *org_id), or those an expert is
 * assigned to (*expert_person: the expert's person id). ERR_UNAUTH or
 * ERR_FORBIDDEN for anyone else (viewers see figures only).
 */
struct inc_scope {
	bool all;
	int64_t org_id;
	int64_t expert_person;
};
int inc_scope_of(const struct principal *p, struct inc_scope *s);

/* Whether the scope covers organisation `org_id`. 0 or an error. */
int inc_scope_has(struct db *db, const struct inc_scope *s, int64_t org_id,
		  bool *yes);

/*
 * The subquery of the orgs an expert is assigned to today: the person id
 * bound first, today's Beijing date second (record_filter.scope_in_text).
 */
extern const char INC_EXPERT_ORGS_SQL[];

/*
 * Admit startup `org_id` (kind startup) on `admitted_on`: the incubation
 * record from `fields` (incubation_table's columns) and the admitted event,
 * inside the caller's transaction. ERR_CONFLICT when already incubated.
 */
int inc_admit_in(struct db *db, const struct audit_actor *actor,
		 json_t *fields, int64_t *id, struct problem *pb);

/* One startup's incubation record with its events and checks. */
int inc_startup_get(struct db *db, int64_t org_id, const char *as_of,
		    const struct inc_rules *rules, json_t **out);

/* The startups the scope sees as of a date, with state and checks. */
int inc_startup_list(struct db *db, const struct inc_scope *s,
		     const char *as_of, const struct inc_rules *rules,
		     const char *state, int64_t limit, int64_t offset,
		     json_t **items, int64_t *total);

/* Events of one startup, oldest first. */
int inc_events_of(struct db *db, int64_t org_id, json_t **items);

/* The id of the incubation record of `org_id`, or ERR_NOTFOUND. */
int inc_incubation_id(struct db *db, int64_t org_id, int64_t *id);

/* The person of expert `expert_id` (ERR_NOTFOUND if none). */
int inc_expert_person(struct db *db, int64_t expert_id, int64_t *person_id);

/* The startup of expert project `project_id` (ERR_NOTFOUND if none). */
int inc_project_org(struct db *db, int64_t project_id, int64_t *org_id);

/*
 * The projects of the startups an expert is assigned to today: the person
 * id bound first, today's Beijing date second.
 */
extern const char INC_PROJECT_OF_EXPERT_SQL[];
/* The projects of one startup (org id bound). */
extern const char INC_PROJECT_OF_ORG_SQL[];

/*
 * Investments summed per investor (by_investor) or per target: [{org_id,
 * name, kind, count, amount}], largest first.
 */
int inc_investment_totals(struct db *db, bool by_investor, json_t **items);

/* The query argument as_of (default: today in Beijing), or a 400. */
int inc_as_of(struct request *r, const char **as_of);

/* The record APIs of the registry tables (api.c), shared with the pages. */
struct record_api;
extern const struct record_api inc_expert_api;
extern const struct record_api inc_assignment_api;
extern const struct record_api inc_session_api;
extern const struct record_api inc_project_api;
extern const struct record_api inc_milestone_api;
extern const struct record_api investment_api;

/*
 * Applications (store_apply.c). inc_app_create() and inc_app_update()
 * run in their own transaction, their _in forms inside the caller's (who
 * rolls back on error); members (an array, may be NULL) replace the team.
 * inc_app_get() gives every column, and with_parts the team (`members`)
 * and the decisions taken (`decisions`), never scores.
 */
int inc_app_create(struct db *db, const struct audit_actor *actor,
		   int64_t account_id, json_t *fields, json_t *members,
		   int64_t *id, struct problem *pb);
int inc_app_create_in(struct db *db, const struct audit_actor *actor,
		      int64_t account_id, json_t *fields, json_t *members,
		      int64_t *id, struct problem *pb);
int inc_app_update(struct db *db, const struct audit_actor *actor,
		   int64_t id, json_t *fields, json_t *members,
		   struct problem *pb);
int inc_app_update_in(struct db *db, const struct audit_actor *actor,
		      int64_t id, json_t *fields, json_t *members,
		      struct problem *pb);
int inc_app_get(struct db *db, int64_t id, bool with_parts, json_t **out);
/*
 * A page of applications: of one account (> 0; with those of its startup
 * `org_id` when > 0), of a status, of a round (> 0).
 */
int inc_app_list(struct db *db, int64_t account_id, int64_t org_id,
		 const char *status, int64_t round_id, int64_t limit,
		 int64_t offset, json_t **items, int64_t *total);

/* Whether `app` is the caller's: it applied, or it is of its startup. */
bool inc_app_is_own(const json_t *app, const struct principal *p);
/*
 * The public form's counter per address (table inc_apply_throttle): count
 * one more attempt from `ip` that makes an account (or was refused a
 * taken name), starting a new window at `now` when the address's began
 * at or before `since`; the attempts of the window go to *attempts and
 * its start to *window_start. One statement (an upsert), inside the
 * caller's transaction: two at once are counted one after the other on
 * both back ends.
 */
int inc_apply_bump(struct db *db, const char *ip, const char *now,
		   const char *since, int64_t *attempts,
		   time_t *window_start);
/* Mark application `id` as made from the public form at `ip`. */
int inc_app_mark_ip(struct db *db, int64_t id, const char *ip);

/* Whether `account_id` reviews in round `round_id`. */
int inc_is_reviewer(struct db *db, int64_t round_id, int64_t account_id,
		    bool *yes);
/* Who uploaded file `upload_id` (0 when there is no such file). */
int inc_upload_owner(struct db *db, int64_t upload_id, int64_t *owner);
/* Rounds, newest first: all (reviewer_id 0) or those one reviews in. */
int inc_round_list(struct db *db, int64_t reviewer_id, json_t **items);

/* The routes of apply.c, mounted by api.c. */
int inc_api_list_applications(struct request *r);
int inc_api_create_application(struct request *r);
int inc_api_get_application(struct request *r);
int inc_api_update_application(struct request *r);
int inc_api_submit_application(struct request *r);
int inc_api_decide(struct request *r);
int inc_api_list_rounds(struct request *r);
int inc_api_create_round(struct request *r);
int inc_api_round_reviewer(struct request *r);
int inc_api_round_application(struct request *r);
int inc_api_close_round(struct request *r);
int inc_api_put_score(struct request *r);
int inc_api_get_scores(struct request *r);

/*
 * The pages of review (review_pages.c), mounted by apply_pages.c's route
 * table: the rounds and their export, opening a round, a round's page
 * with the score forms, the caller's scores, closing a round and adding
 * a reviewer.
 */
int inc_page_list_rounds(struct request *r);
int inc_page_export_rounds(struct request *r);
int inc_page_create_round(struct request *r);
int inc_page_get_round(struct request *r);
int inc_page_put_score(struct request *r);
int inc_page_close_round(struct request *r);
int inc_page_round_reviewer(struct request *r);

/* What apply_pages.c and review_pages.c share. s, or "" when NULL. */
const char *inc_or_empty(const char *s);

/*
 * The labels of each application's status, field and kind in the
 * reader's language, set in each item of `items` (status_label,
 * field_label, kind_label).
 */
void inc_app_labels(struct request *r, json_t *items);

#endif
