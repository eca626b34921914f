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
#include <stdint.h>

#include "auth/auth.h"
#include "record/record.h"

struct db;

extern const struct record_table training_slot_table;
extern const struct record_table training_placement_table;
extern const struct record_table training_log_table;
extern const struct record_table training_evaluation_table;
extern const struct record_table training_skill_cert_table;

/* Placement statuses (and event kinds), and the skill levels' names. */
extern const char *const training_placement_statuses[];
/* "初级工" for level 5 ... "高级技师" for level 1; NULL outside 1..5. */
const char *training_skill_level_name(int64_t level);
#define TRAINING_SENIOR_TECHNICIAN 1	/* 高级技师 */

/*
 * Assign person `person_id` to slot `slot_id` on date `on` (the
 * placement's first event, "assigned"): ERR_CONFLICT when the slot has no
 * place left (field slot_id) or the person is already on it (person_id);
 * ERR_INVALID when `on` lies outside the slot's dates (field on). The
 * caller must hold PERM_PLACEMENT_WRITE for the slot's firm.
 */
int training_assign(struct db *db, const struct principal *p,
		    int64_t slot_id, int64_t person_id, const char *on,
		    const char *note, int64_t *id, struct problem *pb);

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
int training_log_add(struct db *db, const struct principal *p,
		     int64_t placement_id, json_t *in, int64_t *id,
		     struct problem *pb);

/* The slot's master (or staff) confirms a log; twice is a conflict. */
int training_log_confirm(struct db *db, const struct principal *p,
			 int64_t log_id, struct problem *pb);

/*
 * The trainee's evaluation of the site (guidance, safety, equipment,
 * learning: 1..5; comment), once per placement, after it was assigned.
 */
int training_evaluate(struct db *db, const struct principal *p,
		      int64_t placement_id, json_t *in, int64_t *id,
		      struct problem *pb);

/* A placement with its events (oldest first) and the slot's fields. */
int training_placement_get(struct db *db, int64_t id, json_t **out);

/*
 * The park's training figures as of `as_of` (YYYY-MM-DD), see
 * docs/training.md: trained_for_firms {people, firms}, enterprise_practice
 * {people}, college_intake {people, by_date}, senior_technicians {firms,
 * people}, order_classes [...], by_kind {...}, by_year {...}.
 */
int training_figures(struct db *db, const char *as_of, json_t **out);

/* Today's date in Beijing (UTC+8) as YYYY-MM-DD. */
void training_today(char out[11]);

#endif
