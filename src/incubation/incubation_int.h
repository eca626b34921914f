/*
 * incubation_int.h - what the files of src/incubation/ share (private to
 * the module): the views its lists show, the rules the route tables name
 * (record/action.h), who may see which startup, the store's queries, and
 * what the handler files share. The module's files, by kind:
 *
 *	tables.c, tables_space.c, tables_reports.c	the described tables
 *	rules.c, rules_apply.c, rules_review.c, rules_space.c,
 *	rules_reports.c					the rules
 *	store.c, store_apply.c, store_review.c, store_space.c,
 *	store_reports.c					the SQL
 *	api.c, api_review.c, api_space.c, api_reports.c	the JSON API
 *	pages.c, pages_apply.c, pages_review.c, pages_space.c,
 *	pages_reports.c					the pages
 *
 * Functions return 0 or a negative ERR_* code; bad input is ERR_INVALID
 * with the field named in *pb. JSON they give is the caller's unless
 * said otherwise.
 */
#ifndef JG_INCUBATION_INT_H
#define JG_INCUBATION_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "incubation/incubation.h"
#include "party/party.h"
#include "record/action.h"
#include "record/api.h"
#include "record/record.h"

struct arena;
struct db;
struct request;

/*
 * The longest values of the columns the stores read into char arrays
 * (db/row.h): a review round's status (open, closed; the list of the
 * round table checks each value with REC_VALUE()) and an application's
 * status (draft, submitted, admitted, rejected, waitlisted, withdrawn:
 * the schema's CHECK, set by the rules only).
 */
#define INC_ROUND_STATUS_MAX 6		/* "closed" */
#define INC_APP_STATUS_MAX 10		/* "waitlisted" */

/* ---- tables and views ------------------------------------------------ */

/*
 * Views the lists show (record/pages.h, `rows`), described like tables
 * and never written: applications with their status; the investments
 * summed per investor and target; the startups as of a date (no table:
 * their export only); leases with unit, building and tenant; reports
 * with the startup, template and period.
 */
extern const struct record_table inc_application_rows;
extern const struct record_table inc_totals_rows;
extern const struct record_table inc_startup_rows;
extern const struct record_table inc_lease_rows;
extern const struct record_table inc_report_rows;

/* The derived tables of those views, from the stores. */
extern const char INC_TOTALS_ROWS[];
extern const char INC_LEASE_ROWS[];
extern const char INC_REPORT_ROWS[];

/* Whether the `len` bytes at `name` name one of inc_report_fields[]. */
bool inc_is_report_field(const char *name, size_t len);

/* ---- rules --------------------------------------------------------------- */

/*
 * What a rule takes from `in` (the request as JSON): only the members
 * named in `allowed` (NULL-terminated; anything else is ERR_INVALID
 * naming it), each a string or null, into out[] in the same order: NULL
 * when absent, null or "" (a form's empty field).
 */
int inc_strings(json_t *in, const char *const *allowed, const char **out,
		struct problem *pb);

/* Audit a change of `entity` `id` (no before); takes over `after`. */
int inc_audit(struct db *db, const struct audit_actor *actor,
	      const char *entity, int64_t id, const char *action,
	      json_t *after);

/* The rubric text of the setting as [{name, weight}] in *out (the
 * caller's); ERR_INVALID, with *out NULL, if it is not a rubric. */
int inc_rubric_parse(const char *text, json_t **out);

/* `date` plus `months` months (the day clamped to the month's end). */
void inc_add_months(const char *date, int months, char out[11]);

/*
 * Which startups the caller may see (PERM_INC_READ): every one (*all), the
 * one of its organisation (an enterprise account: *org_id, -1 for an
 * account of none), or those an expert is assigned to (*expert_person:
 * the expert's person id, -1 for an account tied to no person: none).
 * ERR_UNAUTH or ERR_FORBIDDEN for anyone else (viewers see figures only).
 */
struct inc_scope {
	bool all;
	int64_t org_id;
	int64_t expert_person;
};
int inc_scope_of(const struct principal *p, struct inc_scope *s);

/*
 * Admit startup `org_id` (kind startup) on `admitted_on`: the incubation
 * record from `fields` (incubation_table's columns) and the admitted event,
 * inside the caller's transaction. ERR_CONFLICT when already incubated.
 */
int inc_admit_in(struct db *db, const struct audit_actor *actor,
		 json_t *fields, int64_t *id, struct problem *pb);

/*
 * The steps of a startup's life as route data (record/action.h), staff
 * only. inc_startup_admit: admit the startup `in` names (org_id and the
 * columns of incubation_table; admitted_on not in the future); *out the
 * startup as of today. inc_startup_leave: startup `id` graduates or
 * exits (`in`: kind, on, reason, exit_reason, basis), *out the event.
 * inc_startup_reinstate: a mistaken graduation or exit of startup `id`
 * is undone by the compensating event `reinstated` (`in`: reason), dated
 * as the leave was, so that it counts in the park on every date again;
 * *out the event; ERR_CONFLICT when it has not left.
 */
record_rule_fn inc_startup_admit;
record_rule_fn inc_startup_leave;
record_rule_fn inc_startup_reinstate;

/*
 * The steps of a report as route data (record/action.h); *out is the
 * report as the caller sees it. inc_report_draft: a new draft (`in`:
 * period_id, org_id — a caller of one organisation may leave it out —,
 * values of the template's fields, note); inc_report_change: change a
 * draft or returned one; inc_report_submit: submit it (every field of
 * its template given; the staff are told); inc_report_accept and
 * inc_report_return: review a submitted one (`in`: comment, required to
 * return; never a member of the report's own organisation; the
 * startup's accounts are told). ERR_NOTFOUND for a report the caller may
 * not read, ERR_FORBIDDEN for one it may read but not change,
 * ERR_CONFLICT on status when the report is in the wrong state.
 */
record_rule_fn inc_report_draft;
record_rule_fn inc_report_change;
record_rule_fn inc_report_submit;
record_rule_fn inc_report_accept;
record_rule_fn inc_report_return;

/*
 * Application `id` whole into *app (the caller's), if `p` may see it:
 * staff, its applicant, its startup's accounts, its round's reviewers;
 * ERR_NOTFOUND with *pb saying so for anyone else.
 */
int inc_app_visible(struct db *db, const struct principal *p, int64_t id,
		    json_t **app, struct problem *pb);

/* Application `id` whole into *out after a step `rc` (0: it went). */
int inc_app_answer(struct db *db, int64_t id, int rc, json_t **out);
/* Round `id` into *out after a step `rc`, its rubric as JSON. */
int inc_round_answer(struct db *db, int64_t id, int rc, json_t **out);

/*
 * A draft application made (*id, 0 on error) or changed, with its team:
 * inside the caller's transaction, which it rolls back on error. `fields`
 * are its columns, checked and audited by the kit; `members` (an array,
 * may be NULL) replace the team; account_id (0: none) is the applicant's.
 * Changing anything but a draft is ERR_CONFLICT on `status`.
 */
int inc_app_create_in(struct db *db, const struct audit_actor *actor,
		      int64_t account_id, json_t *fields, json_t *members,
		      int64_t *id, struct problem *pb);
int inc_app_update_in(struct db *db, const struct audit_actor *actor,
		      int64_t id, json_t *fields, json_t *members,
		      struct problem *pb);

/*
 * The steps of applications and review as route data (record/action.h),
 * *out the application (or the round) after the step:
 *
 *	inc_app_draft	   a new draft (`in`: its columns and `members`)
 *	inc_app_change	   edit a draft (its applicant or staff)
 *	inc_app_submit	   submit a draft (its applicant or staff)
 *	inc_app_decide	   staff: `decision`, `reason` and `admission` (an
 *			   object, or a form's admitted_on, agreement_from,
 *			   agreement_to, space_assigned beside them)
 *	inc_app_to_round   staff: application `id` into round `round_id`
 *	inc_round_create   staff: open a round (`in`: name, opens_on,
 *			   closes_on) with the rubric of the settings
 *	inc_round_add_reviewer	staff: `account_id` (or a form's
 *			   `account_name`) reviews in round `id`
 *	inc_round_add_application  staff: `application_id` into round `id`
 *	inc_round_close	   staff: round `id` closes, its scores shown
 *	inc_score	   the caller's scores of application `app_id` in
 *			   round `id` (`scores`, or a form's c:CRITERION
 *			   fields, and `comment`); *out its scores as the
 *			   caller may see them
 *
 * Each runs in a transaction of its own.
 */
record_rule_fn inc_app_draft;
record_rule_fn inc_app_change;
record_rule_fn inc_app_submit;
record_rule_fn inc_app_decide;
record_rule_fn inc_app_to_round;
record_rule_fn inc_round_create;
record_rule_fn inc_round_add_reviewer;
record_rule_fn inc_round_add_application;
record_rule_fn inc_round_close;
record_rule_fn inc_score;

/* inc_round_create() as a record_pages create rule: its id in *id. */
int inc_round_open(struct db *db, const struct principal *p, json_t *in,
		   int64_t *id, struct problem *pb);

/*
 * One report as `p` may see it (a caller limited to its own organisation
 * sees only its own), with the period's dates and deadline, the
 * template and what it asks for (`fields`), the startup's name and
 * `late` as of today; ERR_NOTFOUND for one that does not exist or that p
 * may not read.
 */
int inc_report_get(struct db *db, const struct principal *p, int64_t id,
		   json_t **out);

/*
 * Set `late` of each report (or owed report) of `items` (an array, or one
 * report) as of the portal's today (settings_today(); the real date when
 * that cannot be read).
 */
void inc_report_late(struct db *db, json_t *items);

/*
 * The startups that owe a report for period `period_id` (in the park on
 * its last day), each {org_id, name, report_id, status, late}, report_id
 * 0 and status "missing" where none was drafted. ERR_NOTFOUND for no
 * such period.
 */
int inc_period_startups(struct db *db, int64_t period_id, json_t **items);

/* ---- store: the lifecycle -------------------------------------------- */

/* Whether the scope covers organisation `org_id`. 0 or an error. */
int inc_scope_has(struct db *db, const struct inc_scope *s, int64_t org_id,
		  bool *yes);

/*
 * The subquery of the orgs an expert is assigned to today: the person id
 * bound first, today's Beijing date second (record_filter.scope_in_text).
 */
extern const char INC_EXPERT_ORGS_SQL[];

/*
 * The projects of the startups an expert is assigned to today: the person
 * id bound first, today's Beijing date second.
 */
extern const char INC_PROJECT_OF_EXPERT_SQL[];
/* The projects of one startup (org id bound). */
extern const char INC_PROJECT_OF_ORG_SQL[];

/* A startup's admission and the event by which it left, if it left. */
struct inc_stay {
	char admitted_on[TIME_DATE_LEN + 1];
	char left_on[TIME_DATE_LEN + 1];	/* "" while in the park */
	bool left, graduated;
	int64_t stay;		/* the stay of the leave that stands (left) */
};

/*
 * The stay of startup `org_id` (events dated on or before `as_of`, any
 * when NULL; only when admitted by then with as_of). ERR_NOTFOUND when
 * it is not incubated.
 */
int inc_store_stay(struct db *db, int64_t org_id, const char *as_of,
		   struct inc_stay *st);

/*
 * What a founder's path shows of startup `org_id` (path.c), oldest first,
 * into `items`: its lifecycle events {on_date, kind} and, as kind
 * "report", the employees of its latest accepted report {on_date: the
 * period's end, employees}. Nothing when it was never incubated.
 */
int inc_store_path(struct db *db, int64_t org_id, json_t *items);

/* Whether `org_id` is an organisation of another kind than startup. */
int inc_store_not_startup(struct db *db, int64_t org_id, bool *yes);

/*
 * Append a lifecycle event (exit_reason and basis may be NULL), by
 * `actor` at the UTC time `now`; its id in *id. ERR_CONFLICT when the
 * startup already left.
 */
int inc_store_event_add(struct db *db, const struct audit_actor *actor,
			int64_t org_id, const char *kind,
			const char *exit_reason, const char *basis,
			const char *on, const char *reason, const char *now,
			int64_t *id);

/*
 * Append the event that undoes the startup's leave of stay `stay`, dated
 * `on` as that leave was (reinstated: 0017_incubation_undo.sql), by
 * `actor` at the UTC time `now`; its id in *id. ERR_CONFLICT when that
 * leave was undone already.
 */
int inc_store_event_undo(struct db *db, const struct audit_actor *actor,
			 int64_t org_id, int64_t stay, const char *on,
			 const char *reason, const char *now, int64_t *id);

/* One startup's incubation record with its events and checks. */
int inc_startup_get(struct db *db, int64_t org_id, const char *as_of,
		    const struct inc_rules *rules, json_t **out);

/* The startups the scope sees as of a date, with state and checks. */
int inc_startup_list(struct db *db, const struct inc_scope *s,
		     const char *as_of, const struct inc_rules *rules,
		     const char *state, int64_t limit, int64_t offset,
		     json_t **items, int64_t *total);

/* inc_startup_list() of those whose name contains `q` (NULL: all). */
int inc_startup_search(struct db *db, const struct inc_scope *s,
		       const char *as_of, const struct inc_rules *rules,
		       const char *state, const char *q, int64_t limit,
		       int64_t offset, json_t **items, int64_t *total);

/* Events of one startup, oldest first. */
int inc_events_of(struct db *db, int64_t org_id, json_t **items);

/* The id of the incubation record of `org_id`, or ERR_NOTFOUND. */
int inc_incubation_id(struct db *db, int64_t org_id, int64_t *id);

/* The person of expert `expert_id` (ERR_NOTFOUND if none). */
int inc_expert_person(struct db *db, int64_t expert_id, int64_t *person_id);

/* The startup of expert project `project_id` (ERR_NOTFOUND if none). */
int inc_project_org(struct db *db, int64_t project_id, int64_t *org_id);

/*
 * Investments summed per investor (by_investor) or per target: [{org_id,
 * name, kind, count, amount}], largest first.
 */
int inc_investment_totals(struct db *db, bool by_investor, json_t **items);

/* The lifecycle's figures as of a date: incubated, graduated, exited. */
int inc_store_lifecycle(struct db *db, const char *as_of, int64_t *incubated,
			int64_t *graduated, int64_t *exited);

/* Investments into startups incubated by `as_of`, dated by then (fen). */
int inc_store_financing(struct db *db, const char *as_of, int64_t *sum);

/* ---- store: applications and review ---------------------------------- */

/*
 * Applications (store_apply.c). inc_app_set_account() gives draft `id` its
 * applicant's account; inc_app_touch_draft() stamps `now` on it while it
 * is a draft (ERR_NOTFOUND once it is not); inc_app_members_clear()
 * removes its team. inc_app_get() gives every column, and with_parts the
 * team (`members`) and the decisions taken (`decisions`), never scores.
 */
int inc_app_set_account(struct db *db, int64_t id, int64_t account_id);
int inc_app_touch_draft(struct db *db, int64_t id, const char *now);
int inc_app_members_clear(struct db *db, int64_t id);
int inc_app_get(struct db *db, int64_t id, bool with_parts, json_t **out);
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

/*
 * Subqueries of the applications an account may see as its own (its
 * own, and its startup's; the account id bound) and of the rounds it
 * reviews in (the account id bound), for the lists' scope.
 */
extern const char INC_OWN_APPS_SQL[];
extern const char INC_REVIEWER_ROUNDS_SQL[];

/* An application's account, org, status and round (store_review.c). */
struct inc_app_state {
	int64_t account_id, org_id, round_id;
	char status[INC_APP_STATUS_MAX + 1];
};
int inc_store_app_state(struct db *db, int64_t app_id,
			struct inc_app_state *s);

/*
 * The rules' read of it (rules_apply.c): as inc_store_app_state(), with
 * ERR_NOTFOUND told in *pb as no such application.
 */
int inc_app_state(struct db *db, int64_t app_id, struct inc_app_state *s,
		  struct problem *pb);

/* A round's status ("open", "closed"); ERR_NOTFOUND if none. */
int inc_store_round_status(struct db *db, int64_t round_id,
			   char out[INC_ROUND_STATUS_MAX + 1]);

/* A round's rubric as [{name, weight}] (the caller's). */
int inc_store_round_rubric(struct db *db, int64_t round_id, json_t **rubric);

/*
 * The compare-and-set of each state change (docs/ARCHITECTURE.md): the
 * row changes only while it is as the caller read it, else ERR_CONFLICT
 * and nothing written. inc_store_app_move: to status `to`, still in the
 * state and round `s` says; inc_store_app_submit: a draft to submitted
 * at `at`; inc_store_app_to_round: into round `round_id`, still as `s`
 * says; inc_store_round_close: an open round closed;
 * inc_store_round_hold_open: hold an open round open until the
 * transaction ends (a no-op UPDATE that a close waits for).
 */
int inc_store_app_move(struct db *db, int64_t app_id,
		       const struct inc_app_state *s, const char *to,
		       const char *now);
int inc_store_app_submit(struct db *db, int64_t app_id, const char *at);
int inc_store_app_to_round(struct db *db, int64_t app_id,
			   const struct inc_app_state *s, int64_t round_id);
int inc_store_round_close(struct db *db, int64_t round_id, const char *now);
int inc_store_round_hold_open(struct db *db, int64_t round_id);

/* Make account `account_id` a reviewer (ERR_CONFLICT: it is one). */
int inc_store_reviewer_add(struct db *db, int64_t round_id,
			   int64_t account_id, const char *now);

/* A reviewer's scores (replacing its earlier ones) and their total. */
int inc_store_score_put(struct db *db, int64_t round_id, int64_t app_id,
			int64_t reviewer_id, const char *scores, int64_t total,
			const char *comment, const char *now);

/* Every reviewer's scores of an application in a round, into `items`. */
int inc_store_scores(struct db *db, int64_t round_id, int64_t app_id,
		     json_t *items);

/* Whether an organisation has credit code `credit_code`. */
int inc_store_code_taken(struct db *db, const char *credit_code, bool *yes);

/*
 * The decision's row, and the application's startup (org_id > 0) set,
 * by `actor` at `now`.
 */
int inc_store_decision_add(struct db *db, const struct audit_actor *actor,
			   int64_t app_id, int64_t round_id,
			   const char *decision, const char *reason,
			   int64_t org_id, const char *now);

/* ---- store: space ---------------------------------------------------- */

/*
 * A lease in force on unit `unit_id` that shares a day with [starts_on,
 * ends_on], other than lease `except` (0: none), as {id, starts_on,
 * ends_on, org_id, org_name} in *out, or NULL when there is none.
 */
int store_lease_overlap(struct db *db, int64_t unit_id, const char *starts_on,
			const char *ends_on, int64_t except, json_t **out);

/* See inc_occupancy(). */
int store_occupancy(struct db *db, const char *on, struct inc_occupancy *out,
		    json_t **by_building);

/* The leases in force (not archived) of `org_id`, oldest first. */
int store_org_leases(struct db *db, int64_t org_id, json_t **items);

/* ---- store: the workbench (store_workbench.c) ----------------------- */

/* What waits for the park's office. */
struct inc_pending {
	int64_t applications;	/* submitted, not yet in a decision */
	int64_t reports;	/* submitted, to accept or return */
	int64_t leases_ending;	/* in force, ending from `from` to `until` */
};
int store_pending(struct db *db, const char *from, const char *until,
		  struct inc_pending *out);

/*
 * The leases of `org_id` in force on `on`, {id, starts_on, ends_on,
 * unit_code, building_name}, ending soonest first, appended to `items`.
 */
int store_leases_on(struct db *db, int64_t org_id, const char *on,
		    json_t *items);

/* ---- store: reports -------------------------------------------------- */

/*
 * A period with its template: {id, template_id, template_name, kind,
 * fields, starts_on, ends_on, due_on}. ERR_NOTFOUND when none (or
 * archived).
 */
int store_period_get(struct db *db, int64_t period_id, json_t **out);

/*
 * Hold report `id` for a change while it is a draft or returned (the
 * compare-and-set of an edit: a submission at once waits, or wins and
 * the edit finds it no longer so). ERR_NOTFOUND when it is neither.
 */
int store_report_hold(struct db *db, int64_t id, const char *now);

/*
 * Move report `id` from one of the states `from` (a NULL-terminated list)
 * to `to`, with the times and review that go with it (NULL: unchanged).
 * ERR_NOTFOUND when it is in none of `from`.
 */
struct report_move {
	const char *const *from;
	const char *to;
	const char *submitted_at;
	const char *reviewed_at;
	const char *accepted_on;
	int64_t reviewer_id;
	const char *comment;
};
int store_report_move(struct db *db, int64_t id, const struct report_move *m,
		      const char *now);

/* The reports drafted for a period, {org_id, id, status, submitted_at}. */
int store_period_reports(struct db *db, int64_t period_id, json_t **items);

/* Periods whose deadline falls within [from, to]. */
int store_periods_due(struct db *db, const char *from, const char *to,
		      json_t **items);

/*
 * Record that `org_id` was reminded of period `period_id` (kind "due" or
 * "late"); *fresh is false when it had been already (nothing written).
 */
int store_reminder_add(struct db *db, int64_t period_id, int64_t org_id,
		       const char *kind, const char *now, bool *fresh);

/* Forget that reminder again (nobody could be told). */
int store_reminder_forget(struct db *db, int64_t period_id, int64_t org_id,
			  const char *kind);

/*
 * The figures of the reports as of `as_of`: over the startups incubated by
 * then, the student founders, student and recent-graduate employees of
 * each one's latest accepted report, and the output value of each one's
 * latest accepted annual report (periods ended and accepted by then).
 */
int store_report_figures(struct db *db, const char *as_of,
			 int64_t *student_jobs, int64_t *output_value_fen);

/* ---- what the handler files share ------------------------------------ */

/* The query argument as_of (default: today in Beijing), or a 400. */
int inc_as_of(struct request *r, const char **as_of);

/*
 * Scope hooks' narrowings (record/api.h), for lists (into *f when f is
 * given) and one record (rec, when given: ERR_NOTFOUND outside them).
 * inc_scope_org(): staff every row; a holder of `perm` for its
 * organisation the rows of that organisation (column org_id); anyone else
 * ERR_FORBIDDEN. inc_scope_account(): staff every row; a holder of `perm`
 * the rows whose id is in `ids_sql` (a subquery with one placeholder, the
 * caller's account); anyone else ERR_FORBIDDEN; the list only (rec is
 * the rules' to check). Both ERR_UNAUTH without a caller.
 */
/*
 * Report :id of the path into *rep (the request's: handlers take a
 * reference to hand on), if the caller may read it; a 404 naming no such
 * report otherwise (inc_report_get()).
 */
int inc_report_of(struct request *r, int64_t *id, json_t **rep);

/*
 * A startup's record for its API and its page: inc_startup_visible() is 0
 * when the caller's scope (inc_scope_of()) reaches organisation `org_id`,
 * else a 404 naming no such startup; inc_startup_as_of() gives it as of
 * the query's date (*as_of, inc_as_of()) in *rec (the caller's; NULL on
 * error), a 404 when it is no startup.
 */
int inc_startup_visible(struct request *r, int64_t org_id);

/*
 * For the API and the page of a startup's area over time: the path's :id
 * into *org_id, if the caller may read that startup's leases; a startup's
 * account asking of another's is answered a 404 naming no such startup.
 */
int inc_area_of_path(struct request *r, int64_t *org_id);
int inc_startup_as_of(struct request *r, int64_t org_id, const char **as_of,
		      json_t **rec);

int inc_scope_org(struct request *r, struct record_filter *f,
		  const json_t *rec, enum perm perm);
int inc_scope_account(struct request *r, struct record_filter *f,
		      enum perm perm, const char *ids_sql);

/*
 * The record APIs of the tables (api.c, api_space.c, api_reports.c),
 * shared with the pages.
 */
extern const struct record_api inc_expert_api;
extern const struct record_api inc_assignment_api;
extern const struct record_api inc_session_api;
extern const struct record_api inc_project_api;
extern const struct record_api inc_milestone_api;
extern const struct record_api investment_api;
extern const struct record_api inc_building_api;
extern const struct record_api inc_floor_api;
extern const struct record_api inc_unit_api;
extern const struct record_api inc_lease_api;
extern const struct record_api inc_template_api;
extern const struct record_api inc_period_api;
extern const struct record_api inc_report_api;
extern const struct record_api inc_app_api;

/*
 * For a startup's pages: data.area = its area over time as a chart (bars
 * scaled to a 1000 x 210 box, steps, leases; the template
 * incubation-ops/area_chart draws it), when the caller may read the
 * startup's leases; otherwise data is left as it is. 0 or an error.
 */
int inc_page_area(struct request *r, int64_t org_id, json_t *data);

/*
 * A number kept in hundredths (fen, 0.01 m²) as people read it,
 * "1,234.50", in the request's arena.
 */
const char *inc_page_hundredths(struct request *r, int64_t v);

/*
 * The labels of a report's (or an owed report's) status and template
 * kind in the reader's language, set in `rep` as status_label and
 * kind_label.
 */
void inc_page_report_labels(struct request *r, json_t *rep);

/* s, or "" when NULL (pages_apply.c). */
const char *inc_or_empty(const char *s);

#endif
