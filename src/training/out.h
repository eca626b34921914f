/*
 * out.h - what training leads to (issue 7, the "out" half of the module):
 * workshop placements in the firms, the register of national vocational
 * skill-level certificates, assessments and internal completion
 * certificates, and the park's training figures.
 *
 * Placements: a firm offers a slot (placement_slot: workshop, dates,
 * places, the master who confirms the trainees' logs); staff or the firm
 * assign trainees (people) to it, which the database refuses once the
 * slot's places are taken (a counter kept by triggers, CHECK taken <=
 * places, so two assignments at once cannot both take the last place).
 * A placement's status changes only as dated events (assigned, completed,
 * withdrawn; the table is append-only). The trainee writes a log per week
 * and evaluates the site; the slot's master confirms the logs.
 *
 * Every rule opens its own transaction, writes the audit row with the
 * change and returns 0 or ERR_* with *pb naming the field at fault;
 * nothing is written when it fails.
 */
#ifndef JG_TRAINING_OUT_H
#define JG_TRAINING_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "record/record.h"

struct db;

extern const struct record_table training_slot_table;
extern const struct record_table training_placement_table;
extern const struct record_table training_log_table;
extern const struct record_table training_evaluation_table;
extern const struct record_table training_skill_cert_table;
extern const struct record_table training_certificate_table;
/* The same with the names lists show (read only; views of 0008). */
extern const struct record_table training_slot_view_table;
extern const struct record_table training_placement_view_table;
extern const struct record_table training_skill_cert_view_table;
extern const struct record_table training_certificate_view_table;

/*
 * Placement statuses (and event kinds), the longest of them
 * TRAINING_PLACEMENT_STATUS_MAX bytes, and the skill levels' names.
 */
extern const char *const training_placement_statuses[];
#define TRAINING_PLACEMENT_STATUS_MAX 9	/* "completed", "withdrawn" */
/* "初级工" for level 5 ... "高级技师" for level 1; NULL outside 1..5. */
const char *training_skill_level_name(int64_t level);
#define TRAINING_SENIOR_TECHNICIAN 1	/* 高级技师 */

/*
 * Whether `p` may name person `person_id` on a placement of firm
 * `firm_id`, into *yes: party_scope_of() (staff anyone; the firm the
 * people affiliated with it), widened by what training itself ties to
 * the firm — people enrolled in a programme that serves it or sent by it,
 * the apprentices of its masters and those masters, the people placed on
 * its slots and the masters of its slots. These are also the only names
 * of people the firm's lists and answers show. No permission check (the
 * caller has done it). 0 or an error of the database.
 */
int training_person_in_reach(struct db *db, const struct principal *p,
			     int64_t firm_id, int64_t person_id, bool *yes);

/*
 * Offer a slot from `in` (firm_id, title, workshop, master_id, starts_on,
 * ends_on, places, note): the caller must hold PERM_PLACEMENT_WRITE for
 * the firm, and a master named must be in its reach by party_scope_of()
 * — for a firm, a person affiliated with it (ERR_INVALID on master_id,
 * the same for a person out of reach and one that does not exist), since
 * the slot's master confirms its trainees' logs and sees its placements.
 * `taken` is the system's (ERR_INVALID). training_slot_update() changes
 * slot `id` under the same rules.
 */
int training_slot_create(struct db *db, const struct principal *p,
			 json_t *in, int64_t *id, struct problem *pb);
int training_slot_update(struct db *db, const struct principal *p,
			 int64_t id, json_t *in, struct problem *pb);

/*
 * Assign person `person_id` to slot `slot_id` on date `on` (the
 * placement's first event, "assigned"): ERR_CONFLICT when the slot has no
 * place left (field slot_id) or the person is already on it (person_id);
 * ERR_INVALID when `on` lies outside the slot's dates (field on), or when
 * the person is not in the caller's reach (training_person_in_reach();
 * field person_id, the same answer as for a person that does not exist).
 * The caller must hold PERM_PLACEMENT_WRITE for the slot's firm.
 */
int training_assign(struct db *db, const struct principal *p,
		    int64_t slot_id, int64_t person_id, const char *on,
		    const char *note, int64_t *id, struct problem *pb);

/*
 * History for loaders (the demo park), inside the caller's transaction and
 * without a permission check: person `person_id` placed on slot `slot_id`
 * on `assigned_on` and, when `ended` ("completed" or "withdrawn") is not
 * NULL, ended on `ended_on`, with both events and audit rows. The slot's
 * places are enforced as for training_assign().
 */
int training_placement_add_in(struct db *db,
			      const struct audit_actor *actor,
			      int64_t slot_id, int64_t person_id,
			      const char *assigned_on, const char *ended,
			      const char *ended_on, int64_t *id,
			      struct problem *pb);

/*
 * Record that an assigned placement was completed or withdrawn (`kind`)
 * on `on`, not before it was assigned. A placement that already ended
 * takes no more events (ERR_CONFLICT, field kind).
 */
int training_placement_end(struct db *db, const struct principal *p,
			   int64_t placement_id, const char *kind,
			   const char *on, const char *note,
			   struct problem *pb);

/*
 * The trainee's log of the week beginning on Monday `week_of` (in the
 * placement's dates): `in` holds week_of, hours, content. Only the
 * placement's trainee (or staff) writes it.
 */
int training_placement_log_add(struct db *db, const struct principal *p,
		     int64_t placement_id, json_t *in, int64_t *id,
		     struct problem *pb);

/* The slot's master (or staff) confirms a log; twice is a conflict. */
int training_placement_log_confirm(struct db *db, const struct principal *p,
			 int64_t log_id, struct problem *pb);

/*
 * The trainee's evaluation of the site (guidance, safety, equipment,
 * learning: 1..5; comment), once per placement, after it was assigned.
 */
int training_evaluate(struct db *db, const struct principal *p,
		      int64_t placement_id, json_t *in, int64_t *id,
		      struct problem *pb);

/*
 * Assess an enrolment in one syllabus module of its programme from `in`
 * (enrolment_id, module_id, score 0..100, assessed_on, assessor_person_id):
 * passed when the score reaches the setting training.pass_mark (60).
 * Staff, or the teacher of the enrolment's cohort.
 */
int training_assess(struct db *db, const struct principal *p, json_t *in,
		    int64_t *id, struct problem *pb);

/*
 * Issue the completion certificate of a completed enrolment, dated its
 * completion, with a new verification code: ERR_CONFLICT (field
 * enrolment_id) when the enrolment has not completed or already has one.
 * Staff. training_certificate_issue_in() runs inside the caller's
 * transaction without a permission check (loaders of history).
 */
int training_certificate_issue(struct db *db, const struct principal *p,
			       int64_t enrolment_id, int64_t *id,
			       struct problem *pb);
int training_certificate_issue_in(struct db *db,
				  const struct audit_actor *actor,
				  int64_t enrolment_id, int64_t *id,
				  struct problem *pb);

/*
 * What /verify/CODE may show of the certificate with `code`: {"holder"
 * (the name masked, 王*霖), "programme", "issued_on"} and nothing else;
 * ERR_NOTFOUND for any code that is not a certificate's (malformed ones
 * included).
 */
int training_certificate_verify(struct db *db, const char *code,
				json_t **out);

/*
 * The certificate `id` for printing: the holder's full name, programme,
 * occupation, kind, hours planned, issue date, code. ERR_NOTFOUND.
 */
int training_certificate_get(struct db *db, int64_t id, json_t **out);

/*
 * A person's certificates, for other modules: {"completion": [...
 * {id, programme_id, programme_name, issued_on, code}], "skill": [...
 * {id, occupation, level, level_name, number, issuer, issued_on}]}.
 */
int training_certificates_of(struct db *db, int64_t person_id,
			     json_t **out);

/* "王*霖": the first and last characters of a name, the rest starred. */
void training_mask_name(const char *name, char *out, size_t len);

/* A placement with its events (oldest first) and the slot's fields. */
int training_placement_get(struct db *db, int64_t id, json_t **out);

/*
 * The park's training figures as of `as_of` (YYYY-MM-DD), each a query
 * over the records (docs/ARCHITECTURE.md, "Training outcomes"):
 *   trained_for_firms {people, firms}: people who completed a pre-job,
 *     order-class or in-service programme on or before the date, and the
 *     distinct firms those programmes served;
 *   enterprise_practice {people}: people with a placement completed on or
 *     before the date;
 *   college_intake {people, by_date: [{intake_on, people}]}: students
 *     enrolled by the date in a college programme, not withdrawn by then,
 *     by the programme's intake date;
 *   senior_technicians {firms, people}: enterprises employing on the date
 *     (an employee affiliation) a person who completed any programme by
 *     then and holds a level-1 (高级技师) certificate issued by then;
 *   order_classes [{programme_id, name, firm_org_id, firm_name,
 *     seat_quota, hiring_commitment, completed, hired}]: hires are
 *     employee affiliations with the ordering firm that began on or after
 *     the trainee's completion and by the date;
 *   by_kind {kind: people}, by_year [{year, people}]: completions.
 */
int training_figures(struct db *db, const char *as_of, json_t **out);

/* The figures' names, for the lists of records behind them. */
extern const char *const training_figure_names[];

/*
 * The records behind figure `figure` (one of training_figure_names) as of
 * `as_of`: a page of rows {person_id, person_name, org_id, org_name,
 * programme_id, programme_name, kind, on} into *items and their number
 * into *total. ERR_INVALID for an unknown figure.
 */
int training_figure_rows(struct db *db, const char *figure,
			 const char *as_of, int64_t limit, int64_t offset,
			 json_t **items, int64_t *total);

#endif
