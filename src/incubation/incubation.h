/*
 * incubation.h - the incubator (issue 6): applications and their review,
 * the incubated startups and their dated lifecycle, the national rule
 * checks, experts and mentors, investments, and the park's incubation
 * figures; the park's space and the startups' periodic reports (the
 * second half of this header). This header is what other modules (the
 * dashboard, the demo park, cli) may call; incubation_int.h is what the
 * module's own files share, and api.h and pages.h are its route tables.
 *
 * The hub is the startup's organisation id (org.id, kind "startup"). A
 * startup is incubated from its `incubation` row's admitted_on; its
 * lifecycle is the events of `incubation_event`, appended and never
 * changed (the database refuses UPDATE and DELETE):
 *
 *	admitted   once, on admission (the same date as admitted_on)
 *	graduated  出园毕业, at most once, with the graduation basis
 *	exited     at most once instead of graduating: withdrawn, failed or
 *	           expelled
 *
 * The database holds three more rules on both back ends: an incubation
 * record is never deleted and its admission date never changes, and no
 * event is dated before the admission. (Records are not archived either:
 * a startup leaves by an event.)
 *
 * As of a date D, a startup is
 *	incubated  when admitted_on <= D,
 *	graduated  when it has a graduated event dated <= D,
 *	exited     when it has an exited event dated <= D,
 *	in the park when incubated and neither graduated nor exited.
 *
 * Dates are "YYYY-MM-DD" (Beijing dates). Functions return 0 or a negative
 * ERR_* code; bad input is ERR_INVALID with the field named in *pb.
 */
#ifndef JG_INCUBATION_H
#define JG_INCUBATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "base/err.h"
#include "jobs/jobs.h"
#include "record/record.h"

struct arena;
struct db;
struct job_ctx;
struct principal;

/* Where a startup stands as of a date. */
enum inc_state {
	INC_NONE,		/* not admitted (yet) */
	INC_IN_PARK,
	INC_GRADUATED,
	INC_EXITED,
};

/*
 * The state of startup `org_id` as of `as_of`, and its admission date
 * (into admitted_on, 11 bytes, "" when none) and the date it left ("" while
 * in the park). Not incubated is INC_NONE, not an error.
 */
int incubation_state(struct db *db, int64_t org_id, const char *as_of,
		     enum inc_state *state, char admitted_on[11],
		     char left_on[11]);

/*
 * The startups incubated as of `as_of` (admitted on or before it), oldest
 * admission first, as a JSON array (owned by the caller, an array even on
 * error) of {org_id, name, founded_on, field, admitted_on, agreement_from,
 * agreement_to, monthly_fee, deposit, space_assigned, left_on,
 * exit_reason, basis, state, checks} where state is "in_park",
 * "graduated" or "exited" as of that date and left_on the date it left
 * (null while in the park); checks is empty here (incubation_attention()
 * judges the rules). With in_park_only, only those in the park.
 */
int incubation_startups(struct db *db, const char *as_of, bool in_park_only,
			json_t **items);

/*
 * The org ids of the startups incubated as of `as_of`, as an SQL fragment
 * other stores may use inside their own queries, with one `?` to bind to
 * the date: "SELECT org_id FROM incubation WHERE admitted_on <= ? AND
 * archived_at IS NULL". Kept here so the definition lives in one place.
 */
extern const char INCUBATION_INCUBATED_SQL[];

/*
 * Append a lifecycle event: kind "graduated" (basis one of "high_tech",
 * "revenue", "acquired_listed", "other") or "exited" (exit_reason one of
 * "withdrawn", "failed", "expelled"), dated `on`, with a reason, recorded
 * as `actor`, audited, in its own transaction. ERR_NOTFOUND when the
 * organisation is not incubated; ERR_INVALID naming the field (a date
 * before admission or in the future, a missing reason for an exit);
 * ERR_CONFLICT when it already left. The new event's id in *id.
 */
int incubation_event_append(struct db *db, const struct audit_actor *actor,
			    int64_t org_id, const char *kind, const char *on,
			    const char *exit_reason, const char *basis,
			    const char *reason, int64_t *id,
			    struct problem *pb);

/*
 * The park's incubation figures as of `as_of` in one JSON object, each
 * figure a member written by a contributor below. Figures are counts or
 * sums over the records as of the date; nothing is cached.
 */
int incubation_figures(struct db *db, const char *as_of, json_t **out);

/*
 * The dashboard's incubation section (src/report/dashboard.c): sets
 * data.incubation to {as_of, figures: [{key, label, value, href}]} for
 * today. The caller checks PERM_INC_FIGURES.
 */
struct request;
int incubation_dashboard(struct request *r, json_t *data);

/*
 * A contributor adds its figures to `out` (members named by the figure,
 * e.g. "incubated": 62). The table of contributors is in figures.c; a part
 * of the module adds its function there and declares it here.
 */
typedef int (*incubation_figure_fn)(struct db *db, const char *as_of,
				    json_t *out);

/*
 * inc-core's figures: incubated, graduated, exited, in_park (counts) and
 * financing (fen: investments into startups incubated as of the date,
 * dated on or before it).
 */
int incubation_figures_lifecycle(struct db *db, const char *as_of,
				 json_t *out);
int incubation_figures_financing(struct db *db, const char *as_of,
				 json_t *out);

/*
 * The space and reports figures (src/incubation/rules_reports.c):
 * student_jobs and output_value_fen (fen) from the startups' latest
 * accepted reports, and occupancy: units, units_leased, area and
 * area_leased (0.01 m²).
 */
int incubation_figures_reports(struct db *db, const char *as_of,
			       json_t *out);
int incubation_figures_space(struct db *db, const char *as_of, json_t *out);

/*
 * The rule checks of the national incubator rules (科技企业孵化器管理办法,
 * 国科发区〔2018〕300号), with the limits from settings (docs/OPERATIONS.md):
 *
 *	registered_before_entry  the firm was registered more than
 *	                         incubation.max_age_at_entry_months (24)
 *	                         before admission;
 *	incubation_too_long      in the park longer than
 *	                         incubation.max_months (48), or
 *	                         incubation.max_months_long (60) for the fields
 *	                         of incubation.long_fields (biomedicine,
 *	                         modern_agriculture, integrated_circuit);
 *	agreement_expired        the incubation agreement ended before the
 *	                         date while the startup is still in the park;
 *	graduation_basis         graduated on a basis that is none of the
 *	                         graduation conditions ("other").
 *
 * Pure functions of their inputs, so that tests can check them alone.
 */
struct inc_rules {
	int max_age_at_entry_months;
	int max_months;
	int max_months_long;
	const char *const *long_fields;	/* NULL-terminated */
};

/* The defaults above. */
extern const struct inc_rules inc_rules_default;

/*
 * The rules as the settings give them now (defaults where unset); the
 * list of long fields is kept in `a`.
 */
int incubation_rules_load(struct db *db, struct arena *a,
			  struct inc_rules *rules);

/*
 * Whole months from date `from` to date `to` (negative when to < from):
 * 2018-01-31 to 2018-02-28 is 0, to 2018-03-01 is 1.
 */
int inc_months_between(const char *from, const char *to);

/* What a startup's checks need to know about it. */
struct inc_facts {
	const char *field;
	const char *founded_on;		/* NULL when unknown */
	const char *admitted_on;
	const char *agreement_to;	/* NULL when none */
	const char *left_on;		/* NULL while in the park */
	const char *basis;		/* graduation basis, NULL if none */
};

/*
 * The names of the checks `f` fails as of `as_of` into `out` (a JSON
 * array of strings, appended); returns how many.
 */
int inc_rules_check(const struct inc_rules *rules, const struct inc_facts *f,
		    const char *as_of, json_t *out);

/*
 * The startups in the park as of `as_of` that fail a check, each
 * {org_id, name, admitted_on, checks: [...]}: the "needs attention" list.
 */
int incubation_attention(struct db *db, const char *as_of, json_t **items);

/*
 * The technical fields a startup or an application names (NULL-ended),
 * labelled at "incubation.field_values.FIELD": the choices of the
 * setting incubation.long_fields.
 */
extern const char *const inc_fields[];

/*
 * The described tables of the incubator (record.h), for what writes
 * records through record_create_in() (the demo park).
 */
extern const struct record_table inc_application_table;
extern const struct record_table inc_member_table;
extern const struct record_table inc_round_table;
extern const struct record_table incubation_table;
extern const struct record_table inc_expert_table;
extern const struct record_table inc_assignment_table;
extern const struct record_table inc_session_table;
extern const struct record_table inc_project_table;
extern const struct record_table inc_milestone_table;
extern const struct record_table investment_table;

/*
 * Incubation's section of a person's path (party.h): the startups it
 * founded, their admission and leaving, and the jobs they last reported.
 */
struct party_path_section;
extern const struct party_path_section incubation_path_section;

/*
 * The founders of the park's startups admitted on or before `as_of`, into
 * `rows`: {person_id, org_id, org_name, employees} — one per founder and
 * startup, ordered by person; `employees` from the startup's latest report
 * accepted for a period ended by then (null when there is none): the jobs
 * it made. 0 or an error of the database.
 */
int incubation_founders(struct db *db, const char *as_of, json_t *rows);

/*
 * The review, inside the caller's transaction (db_begin()); each checks
 * its rule, writes, audits, and returns 0 or an error with *pb:
 *
 * Open a round ({name, opens_on, closes_on}) with the rubric of the
 * setting incubation.rubric copied into it.
 */
int incubation_round_open_in(struct db *db, const struct audit_actor *actor,
			     json_t *fields, int64_t *id, struct problem *pb);

/* Make account `account_id` a reviewer in the round. */
int incubation_round_reviewer_in(struct db *db,
				 const struct audit_actor *actor,
				 int64_t round_id, int64_t account_id,
				 struct problem *pb);

/* Put a submitted (or waitlisted) application into an open round. */
int incubation_round_add_in(struct db *db, const struct audit_actor *actor,
			    int64_t round_id, int64_t app_id,
			    struct problem *pb);

/* Close a round: its scores become visible to its reviewers and staff. */
int incubation_round_close_in(struct db *db, const struct audit_actor *actor,
			      int64_t round_id, struct problem *pb);

/* Submit a draft application (at: the UTC time; NULL: now). */
int incubation_application_submit_in(struct db *db,
				     const struct audit_actor *actor,
				     int64_t app_id, const char *at,
				     struct problem *pb);

/*
 * The actor's scores of an application in an open round where it is a
 * reviewer: {criterion: 0..100} for every criterion of the round's rubric;
 * replaces the actor's earlier scores. ERR_FORBIDDEN for a non-reviewer.
 */
int incubation_score_put(struct db *db, const struct audit_actor *actor,
			 int64_t round_id, int64_t app_id, json_t *scores,
			 const char *comment, struct problem *pb);

/*
 * The scores of an application in a round as `viewer_id` may see them:
 * {closed, count, mean_total, items}; before the round closes only the
 * viewer's own scores are listed and mean_total is null. Staff and the
 * round's reviewers only (ERR_FORBIDDEN otherwise).
 */
int incubation_scores(struct db *db, int64_t round_id, int64_t app_id,
		      int64_t viewer_id, bool staff, json_t **out);

/*
 * Decide a submitted or waitlisted application (after its round, if any,
 * has closed): "admit", "reject" or "waitlist", with a reason. Admission
 * makes the startup's organisation when the staff have not linked the
 * application to one (org_id); a credit code already in the ledger is then
 * a conflict naming credit_code, never a silent match. It makes the
 * incubation record from `admission` (the columns of incubation_table;
 * admitted_on defaults to today) with the admitted event, and turns the
 * applicant's account into an enterprise account of the startup; *org_id
 * is the startup. The applicant's account is notified.
 */
int incubation_decide_in(struct db *db, const struct audit_actor *actor,
			 int64_t app_id, const char *decision,
			 const char *reason, json_t *admission,
			 int64_t *org_id, struct problem *pb);

/* incubation_event_append() inside the caller's transaction. */
int incubation_event_append_in(struct db *db,
			       const struct audit_actor *actor,
			       int64_t org_id, const char *kind,
			       const char *on, const char *exit_reason,
			       const char *basis, const char *reason,
			       int64_t *id, struct problem *pb);

/*
 * ---- The incubator's operations: space and reports ---------------------
 *
 * The park's space (buildings, floors, units, leases, occupancy, each
 * startup's area over time) and the startups' periodic reports
 * (templates, periods with deadlines, drafts, submission, review,
 * reminders). Everything of a startup keys on its organisation id.
 *
 * Space: buildings, floors and units are plain described tables
 * (record.h). A lease lets a unit to an organisation from starts_on to
 * ends_on, both days included; two leases in force never share a day of
 * one unit. The database enforces it (an exclusion constraint on
 * PostgreSQL, a trigger inside the serialised write transaction on
 * SQLite), so twenty requests at once leave exactly one lease; the loser
 * gets ERR_CONFLICT naming `unit_id` and the lease it collides with.
 *
 * Reports: a template (monthly, quarterly, annual) asks for some of the
 * typed fields of inc_report_fields[]; a period of a template has a
 * deadline (due_on). A startup's enterprise account drafts its report for
 * a period, edits it, and submits it; park staff accept it or return it
 * with a comment, after which the startup edits and submits it again. An
 * accepted report is final. A report is late when it was submitted after
 * its period's deadline, or is still not submitted after it.
 *
 * Areas are integer 0.01 m², money integer fen.
 */

/* The described tables (record.h) of the space and of report setup. */
extern const struct record_table inc_building_table;
extern const struct record_table inc_floor_table;
extern const struct record_table inc_unit_table;
extern const struct record_table inc_lease_table;
extern const struct record_table inc_template_table;
extern const struct record_table inc_period_table;
/*
 * A report as stored, every column; the rules are how reports are
 * written (the table serves validation, reads, and loading history such
 * as the demo park's, inside the loader's transaction).
 */
extern const struct record_table inc_report_table;

/* The kinds of unit, of report template, and a report's states. */
extern const char *const inc_unit_kinds[];
extern const char *const inc_template_kinds[];
extern const char *const inc_report_states[];

/*
 * The typed fields a report template may ask for, NULL-terminated:
 * employees; of them student_employees (university students) and
 * graduate_employees (graduated within two years); student_founders;
 * revenue_fen, output_value_fen, rd_spend_fen, tax_fen, financing_fen;
 * patents, other_ip.
 */
extern const char *const inc_report_fields[];

/* Whether a template's `fields` (comma separated) names field `name`. */
bool inc_template_asks(const char *fields, const char *name);

/*
 * The cross-field rule of a report (also a CHECK in the database): the
 * student and recent-graduate employees together are at most the
 * employees, and none of them without the employees. ERR_INVALID naming
 * student_employees or graduate_employees. Pure.
 */
int inc_report_check(json_t *rec, struct problem *pb);

/*
 * Occupancy on date `on`: units (of buildings open on that date) and
 * their area, and how many of them and how much area are under a lease
 * in force that day. by_building (may be NULL) receives a JSON array of
 * {building_id, name, units, units_leased, area, area_leased}.
 */
struct inc_occupancy {
	int64_t units, units_leased;
	int64_t area, area_leased;	/* 0.01 m² */
};
int inc_occupancy(struct db *db, const char *on, struct inc_occupancy *out,
		  json_t **by_building);

/*
 * The area organisation `org_id` leased over time, as a JSON array of
 * steps {on, area} (the area in force from that day on; the last step is
 * 0 when its last lease has ended), and its leases (array of {id,
 * unit_id, unit_code, unit_kind, building_name, area, starts_on,
 * ends_on}) in *leases. Both owned by the caller.
 */
int inc_area_history(struct db *db, int64_t org_id, json_t **steps,
		     json_t **leases);

/* The date `days` days after date `d` (a valid one; days may be < 0). */
void inc_day_add(const char *d, int days, char out[11]);

/* Days from 1970-01-01 to date `d` (a valid one). */
int64_t inc_days(const char *d);

/*
 * The job incubation.report_reminders: for the periods whose deadline is
 * within incubation.report_remind_days, tell each startup that owes a
 * report and has not submitted it that the deadline is near; after the
 * deadline (for 31 days), that it is late. Each startup hears each once
 * per period, through its enterprise accounts' portal notifications.
 */
int inc_report_reminders_job(struct job_ctx *ctx);

/* The incubation module's jobs, for jobs_register(). */
extern const struct job_def incubation_jobs[];

#endif
