/*
 * ops.h - the incubator's operations (issue 6, parts 4 and 5): the park's
 * space (buildings, floors, units, leases, occupancy, each startup's area
 * over time) and the startups' periodic reports (templates, periods with
 * deadlines, drafts, submission, review, reminders).
 *
 * Everything of a startup keys on its organisation id (org.id, kind
 * startup), the contract with the rest of the module (incubation.h).
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
 * Dates are "YYYY-MM-DD" (Beijing dates), areas integer 0.01 m², money
 * integer fen. Functions return 0 or a negative ERR_* code; bad input is
 * ERR_INVALID with the field named in *pb.
 */
#ifndef JG_INCUBATION_OPS_H
#define JG_INCUBATION_OPS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "jobs/jobs.h"
#include "record/record.h"

struct db;
struct job_ctx;
struct principal;

/* The described tables (record.h) of the space and of report setup. */
extern const struct record_table inc_building_table;
extern const struct record_table inc_floor_table;
extern const struct record_table inc_unit_table;
extern const struct record_table inc_lease_table;
extern const struct record_table inc_template_table;
extern const struct record_table inc_period_table;
/*
 * A report as stored, every column; the rules below are how reports are
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

/*
 * Reports, as `p` may see them: a page of reports (filters: period_id,
 * org_id, status; 0/NULL: any), each with the period's label, dates and
 * deadline, the template, the organisation's name and `late`; a caller
 * limited to its own organisation sees only its own.
 */
struct inc_report_filter {
	int64_t period_id, org_id;
	const char *status;
	int64_t limit, offset;
};
int inc_report_list(struct db *db, const struct principal *p,
		    const struct inc_report_filter *f, json_t **items,
		    int64_t *total);

/*
 * One report as `p` may see it (as in the list, plus `fields`: the names
 * the template asks for). ERR_NOTFOUND for a report that does not exist
 * or that p may not read.
 */
int inc_report_get(struct db *db, const struct principal *p, int64_t id,
		   json_t **out);

/*
 * Draft a report: `in` holds period_id, org_id (a caller of one
 * organisation may leave it out: its own), values of the template's
 * fields and note. ERR_INVALID naming the field (a field the template
 * does not ask for, a bad value, the cross-field rule, an organisation
 * that is not a startup), ERR_FORBIDDEN, ERR_CONFLICT on period_id when
 * the startup already has a report for the period. New id in *id.
 */
int inc_report_create(struct db *db, const struct principal *p, json_t *in,
		      int64_t *id, struct problem *pb);

/*
 * Change the values or note of a draft or returned report. ERR_CONFLICT
 * on status when it was submitted or accepted; otherwise as create.
 */
int inc_report_update(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, struct problem *pb);

/*
 * Submit a draft or returned report: every field of its template must
 * have a value (ERR_INVALID naming the first missing one). Notifies the
 * park staff.
 */
int inc_report_submit(struct db *db, const struct principal *p, int64_t id,
		      struct problem *pb);

/*
 * Accept (accept true) or return a submitted report, with a comment
 * (required to return). Only staff with PERM_INC_REPORT_REVIEW, and never
 * a member of the report's own organisation (ERR_FORBIDDEN). ERR_CONFLICT
 * on status when the report is not submitted. An accepted report counts
 * in the figures from today. Notifies the startup's accounts.
 */
int inc_report_review(struct db *db, const struct principal *p, int64_t id,
		      bool accept, const char *comment, struct problem *pb);

/*
 * The startups that owe a report for period `period_id` (in the park on
 * its last day), each {org_id, name, report_id, status, late}, report_id
 * 0 and status "missing" where none was drafted.
 */
int inc_period_startups(struct db *db, int64_t period_id, json_t **items);

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
