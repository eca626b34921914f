/*
 * ops_int.h - the store of the incubator's operations (space, leases,
 * reports): every SQL statement of ops.h's rules lives in store_ops.c;
 * and what the other files of the operations share among themselves.
 * Internal to src/incubation/.
 */
#ifndef JG_INCUBATION_OPS_INT_H
#define JG_INCUBATION_OPS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incubation/ops.h"

struct db;
struct request;

/* The date `days` days after date `d` (a valid one; days may be < 0). */
void inc_day_add(const char *d, int days, char out[11]);

/* Days from 1970-01-01 to date `d` (a valid one). */
int64_t inc_days(const char *d);

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

/*
 * A page of leases with their unit, building and tenant's names, newest
 * first; org > 0: of that organisation only; unit_id, org_id > 0 filter;
 * archived: archived ones too.
 */
struct lease_filter {
	int64_t unit_id, org_id;
	bool archived;
	int64_t limit, offset;
};
int store_lease_list(struct db *db, int64_t org, const struct lease_filter *f,
		     json_t **items, int64_t *total);

/* The leases in force (not archived) of `org_id`, oldest first. */
int store_org_leases(struct db *db, int64_t org_id, json_t **items);

/*
 * A period with its template: {id, template_id, template_name, kind,
 * fields, starts_on, ends_on, due_on}. ERR_NOTFOUND when none (or
 * archived).
 */
int store_period_get(struct db *db, int64_t period_id, json_t **out);

/*
 * Reports with their period, template and organisation (see
 * inc_report_list()); org > 0 limits them to that organisation's; id > 0
 * to that one report.
 */
int store_report_list(struct db *db, int64_t org, int64_t id,
		      const struct inc_report_filter *f, json_t **items,
		      int64_t *total);

/*
 * Set the value fields and note given in `in` (names checked against the
 * table by the caller) of report `id`, if it is a draft or returned.
 * ERR_NOTFOUND when it is neither (or does not exist).
 */
int store_report_set(struct db *db, int64_t id, json_t *in, const char *now);

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

/* Whether the `len` bytes at `name` name one of inc_report_fields[]. */
bool inc_is_report_field(const char *name, size_t len);

/*
 * The pages of the startups' reports (reports_pages.c), mounted under
 * INC_REPORT_PAGES by ops_pages.c's route table: the list and its export,
 * the form of a new draft and its POST, a report's page, its edit form
 * and POST, and the submit, accept and return buttons.
 */
#define INC_REPORT_PAGES "/incubation/reports"
int inc_page_list_reports(struct request *r);
int inc_page_export_reports(struct request *r);
int inc_page_new_report(struct request *r);
int inc_page_create_report(struct request *r);
int inc_page_get_report(struct request *r);
int inc_page_edit_report(struct request *r);
int inc_page_update_report(struct request *r);
int inc_page_submit_report(struct request *r);
int inc_page_accept_report(struct request *r);
int inc_page_return_report(struct request *r);

/*
 * The labels of a report's (or an owed report's) status and template
 * kind in the reader's language, set in `rep` as status_label and
 * kind_label.
 */
void inc_page_report_labels(struct request *r, json_t *rep);

#endif
