/*
 * out_store.h - the SQL of placements, certificates and the training
 * figures (internal to src/training/; see out.h for the rules).
 */
#ifndef JG_TRAINING_OUT_STORE_H
#define JG_TRAINING_OUT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "db/row.h"
#include "training/out.h"
#include "training/training.h"

struct db;

/* The records the rules read, whole (row.h). */
struct out_slot {
	int64_t id, firm_id, master_id, places, taken;
	char starts_on[TIME_DATE_LEN + 1], ends_on[TIME_DATE_LEN + 1];
};
_Static_assert(DB_FITS(struct out_slot, starts_on, TIME_DATE_LEN) &&
	       DB_FITS(struct out_slot, ends_on, TIME_DATE_LEN),
	       "a slot's dates fit");

/* A placement with what its rules need of its slot. */
struct out_placement {
	int64_t id, slot_id, firm_id, person_id, master_id;
	char status[TRAINING_PLACEMENT_STATUS_MAX + 1];
	char assigned_on[TIME_DATE_LEN + 1];
	char starts_on[TIME_DATE_LEN + 1], ends_on[TIME_DATE_LEN + 1];
};
_Static_assert(DB_FITS(struct out_placement, status,
		       TRAINING_PLACEMENT_STATUS_MAX) &&
	       DB_FITS(struct out_placement, assigned_on, TIME_DATE_LEN) &&
	       DB_FITS(struct out_placement, starts_on, TIME_DATE_LEN) &&
	       DB_FITS(struct out_placement, ends_on, TIME_DATE_LEN),
	       "a placement's text fits");

/* The slot / placement `id` (not archived), or ERR_NOTFOUND. */
int out_store_slot(struct db *db, int64_t id, struct out_slot *s);
int out_store_placement(struct db *db, int64_t id, struct out_placement *pl);

/* Whether `person_id` already holds a placement on `slot_id`. */
int out_store_on_slot(struct db *db, int64_t slot_id, int64_t person_id,
		      bool *on);

/*
 * Whether training's own records tie person `person_id` to firm
 * `firm_id` (out.h, training_person_in_reach()): enrolled in a programme
 * serving the firm or sent by it, an apprentice of one of its masters or
 * such a master, placed on one of its slots or the master of one.
 */
int out_store_tied_to_firm(struct db *db, int64_t firm_id,
			   int64_t person_id, bool *yes);

/* Append an event to a placement's history. */
int out_store_event(struct db *db, int64_t placement_id, const char *kind,
		    const char *on, const char *note, int64_t account_id,
		    const char *now);

/*
 * End a placement still assigned: its status (completed or withdrawn) and
 * the date it ended. ERR_NOTFOUND when it is not assigned (any more): of
 * two ends at once, one changes the row and the other nothing.
 */
int out_store_set_status(struct db *db, int64_t placement_id,
			 const char *status, const char *ended_on,
			 const char *now);

/* A placement's events, oldest first, appended to `items`. */
int out_store_events(struct db *db, int64_t placement_id, json_t *items);

/* A log's placement and whether it is confirmed; ERR_NOTFOUND if none. */
int out_store_log(struct db *db, int64_t id, int64_t *placement_id,
		  bool *confirmed);

/* Confirm a log, by the master `person_id` (0: staff, no person). */
int out_store_log_confirm(struct db *db, int64_t id, int64_t person_id,
			  const char *now);

/* The figures of training_figures() into `out`. */
int out_store_figures(struct db *db, const char *as_of, json_t *out);

/* The page of training_figure_rows(); ERR_INVALID for no such figure. */
int out_store_figure_rows(struct db *db, const char *figure,
			  const char *as_of, int64_t limit, int64_t offset,
			  json_t **items, int64_t *total);


/* What the certificate and assessment rules need of an enrolment. */
struct out_enrolment {
	int64_t id, person_id, programme_id, teacher_person_id;
	char status[TRAINING_STATUS_MAX + 1], status_on[TIME_DATE_LEN + 1];
};
_Static_assert(DB_FITS(struct out_enrolment, status, TRAINING_STATUS_MAX) &&
	       DB_FITS(struct out_enrolment, status_on, TIME_DATE_LEN),
	       "an enrolment's text fits");

int out_store_enrolment(struct db *db, int64_t id, struct out_enrolment *e);

/* Whether module `module_id` is a (current) module of `programme_id`. */
int out_store_module_of(struct db *db, int64_t module_id,
			int64_t programme_id, bool *yes);

/* Whether the enrolment already has a certificate. */
int out_store_has_certificate(struct db *db, int64_t enrolment_id,
			      bool *yes);

int out_store_certificate_insert(struct db *db,
				 const struct out_enrolment *e,
				 const char *code, const char *now,
				 int64_t *id);

/* The certificate with `code`: the holder's name, programme, date. */
int out_store_certificate_by_code(struct db *db, const char *code,
				  json_t **out);

/* Certificate `id` with its holder, programme and the planned hours. */
int out_store_certificate(struct db *db, int64_t id, json_t **out);

/* A person's certificates of both kinds into out {completion, skill}. */
int out_store_certificates_of(struct db *db, int64_t person_id,
			      json_t *out);

#endif
