/*
 * training_int.h - what the files of src/training/ share (private to the
 * module; other modules read training.h). The SQL of the stores
 * (store.c, store_lists.c, store_out.c), for the rules and the handlers;
 * the rules only the module's own routes call (rules*.c); the record APIs
 * and page handlers that api*.c and pages*.c share.
 */
#ifndef JG_TRAINING_INT_H
#define JG_TRAINING_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "base/time.h"
#include "db/row.h"
#include "http/http.h"
#include "record/api.h"
#include "training/training.h"

struct db;

/* ---- the stores ---------------------------------------------------- */

/*
 * The records the rules read, whole (row.h). Text members are as long as
 * the schema lets the column be (training.h, base/time.h).
 */

/* An enrolment with what the rules need of its cohort and programme. */
struct tr_enrolment {
	int64_t id, cohort_id, person_id, programme_id;
	int64_t source_org_id, firm_org_id, college_org_id;
	int64_t cohort_teacher;			/* person id */
	int64_t min_attendance_pct;		/* -1: the setting */
	int64_t assessments_required;		/* -1: the setting */
	char kind[TRAINING_KIND_MAX + 1];	/* programme kind */
	char status[TRAINING_STATUS_MAX + 1];	/* of the enrolment */
	char enrolled_on[TIME_DATE_LEN + 1];
};
_Static_assert(DB_FITS(struct tr_enrolment, kind, TRAINING_KIND_MAX) &&
	       DB_FITS(struct tr_enrolment, status, TRAINING_STATUS_MAX) &&
	       DB_FITS(struct tr_enrolment, enrolled_on, TIME_DATE_LEN),
	       "an enrolment's text fits");

/* A session with its cohort's teacher. */
struct tr_session {
	int64_t id, cohort_id, teacher_person_id, cohort_teacher, minutes;
	char kind[TRAINING_PLACE_MAX + 1];
	char starts_at[TIME_UTC_LEN + 1], ends_at[TIME_UTC_LEN + 1];
	char on_date[TIME_DATE_LEN + 1];
	char code[TRAINING_SESSION_CODE_LEN + 1];
};
_Static_assert(DB_FITS(struct tr_session, kind, TRAINING_PLACE_MAX) &&
	       DB_FITS(struct tr_session, starts_at, TIME_UTC_LEN) &&
	       DB_FITS(struct tr_session, ends_at, TIME_UTC_LEN) &&
	       DB_FITS(struct tr_session, on_date, TIME_DATE_LEN) &&
	       DB_FITS(struct tr_session, code, TRAINING_SESSION_CODE_LEN),
	       "a session's text fits");

/* An attendance row with its session and enrolment. */
struct tr_attendance {
	int64_t id, session_id, enrolment_id;
	int64_t session_teacher, cohort_teacher, master;  /* person ids */
	char kind[TRAINING_PLACE_MAX + 1];		  /* of the session */
	char status[TRAINING_MARK_MAX + 1];
};
_Static_assert(DB_FITS(struct tr_attendance, kind, TRAINING_PLACE_MAX) &&
	       DB_FITS(struct tr_attendance, status, TRAINING_MARK_MAX),
	       "an attendance row's text fits");

/* The record `id` (not archived), or ERR_NOTFOUND. */
int store_enrolment(struct db *db, int64_t id, struct tr_enrolment *out);
int store_session(struct db *db, int64_t id, struct tr_session *out);
int store_attendance(struct db *db, int64_t id, struct tr_attendance *out);

/* The ledger of an enrolment (training.h); *out zeroed first. */
int store_hours(struct db *db, int64_t enrolment_id, const char *now,
		struct training_hours *out);

/* Syllabus modules of the programme, and of them those passed. */
int store_modules_passed(struct db *db, int64_t enrolment_id,
			 int64_t *modules, int64_t *passed);

int store_completions_of(struct db *db, int64_t person_id, json_t *items);
int store_has_completed(struct db *db, int64_t person_id, const char *kind,
			const char *on, bool *yes);

/*
 * Whether enrolment `id` is visible to: the trainee `self` (person id),
 * the teacher or master `teacher` (person id), the organisation `org`
 * (enterprise or college); 0 for any of them means "not that way".
 */
int store_may_read(struct db *db, int64_t id, int64_t self, int64_t teacher,
		   int64_t org, bool *yes);

/* Whether person `teacher` teaches cohort `cohort_id` (head or session). */
int store_teaches(struct db *db, int64_t teacher, int64_t cohort_id,
		  bool *yes);

/* The enrolment of person in the cohort of session, or ERR_NOTFOUND. */
int store_enrolment_at(struct db *db, int64_t person_id, int64_t cohort_id,
		       int64_t *enrolment_id,
		       char enrolled_on[TIME_DATE_LEN + 1],
		       char status[TRAINING_STATUS_MAX + 1]);

/* Whether module `module_id` is of the programme of cohort `cohort_id`. */
int store_module_fits(struct db *db, int64_t module_id, int64_t cohort_id,
		      bool *yes);

/* The shares of a centre's live co-builders other than `except`. */
int store_partner_shares(struct db *db, int64_t centre_id, int64_t except,
			 int64_t *sum);

/* Set what a new session's times give it. */
int store_session_derived(struct db *db, int64_t id, const char *on_date,
			  int64_t minutes, const char *code);

int store_event(struct db *db, int64_t enrolment_id, const char *kind,
		const char *on, const char *reason, int64_t actor_account,
		const char *now, int64_t *id);

/* The attendance row of (session, enrolment) if any: its id, else 0. */
int store_attendance_find(struct db *db, int64_t session_id,
			  int64_t enrolment_id, int64_t *id);
int store_attendance_insert(struct db *db, int64_t session_id,
			    int64_t enrolment_id, const char *status,
			    const char *checked_in_at, int64_t verified_by,
			    const char *now, int64_t *id);
int store_attendance_mark(struct db *db, int64_t id, const char *status,
			  int64_t verified_by, const char *now);
/*
 * Verify an attended (present or late) record not yet verified;
 * ERR_NOTFOUND when it is not, or no longer, such a record.
 */
int store_attendance_verify(struct db *db, int64_t id, int64_t verified_by,
			    const char *now);
/* The row as JSON, for the audit log and the answer. */
int store_attendance_json(struct db *db, int64_t id, json_t **out);

/*
 * The check-in guard of (session, enrolment), inside the caller's write
 * transaction: store_checkin_guard() makes the row if need be, locks it
 * (PostgreSQL: until the transaction ends) and reads its count of wrong
 * codes into *failures; store_checkin_failed() counts one more (the
 * database refuses a sixth: ERR_INVALID). store_checkin_attempt() logs an
 * attempt that reached the code: outcome "accepted", "wrong" or
 * "throttled", with the caller's account (0: none) and address.
 */
int store_checkin_guard(struct db *db, int64_t session_id,
			int64_t enrolment_id, const char *now,
			int64_t *failures);
int store_checkin_failed(struct db *db, int64_t session_id,
			 int64_t enrolment_id, const char *now);
int store_checkin_attempt(struct db *db, int64_t session_id,
			  int64_t enrolment_id, int64_t account_id,
			  const char *outcome, const char *ip, const char *at);

/* The current master of an apprentice's enrolment, or 0. */
int store_current_master(struct db *db, int64_t enrolment_id,
			 int64_t *master);

int store_log_confirm(struct db *db, int64_t id, int64_t by,
		      const char *now);
/* The enrolment of a weekly log, or ERR_NOTFOUND. */
int store_log_enrolment(struct db *db, int64_t id, int64_t *enrolment_id,
			bool *confirmed);

/* ---- lists (JSON arrays appended to `items`; store_lists.c) ---- */

int store_events_of(struct db *db, int64_t enrolment_id, json_t *items);
/* The attendance sheet: every trainee of the session's cohort enrolled on
 * or before its date, with the attendance row if there is one. */
int store_sheet(struct db *db, int64_t session_id, json_t *items);
/* Sessions of a cohort, oldest first. */
int store_sessions_of(struct db *db, int64_t cohort_id, json_t *items);
/* A trainee's enrolments (with programme and cohort; `mentored` when it
 * has a current master) and its sessions from its enrolment dates on that
 * end at or after `since`, each with its own attendance. */
int store_enrolments_of_person(struct db *db, int64_t person_id,
			       json_t *items);
int store_schedule_of_person(struct db *db, int64_t person_id,
			     const char *since, json_t *items);
/* A trainee's weekly logs, newest first. */
int store_logs_of_person(struct db *db, int64_t person_id, json_t *items);
/* What waits for a master: its apprentices' unconfirmed weekly logs, and
 * their attended but unverified workshop sessions. */
int store_logs_to_confirm(struct db *db, int64_t master, json_t *items);
int store_hours_to_confirm(struct db *db, int64_t master, json_t *items);
/* Cohorts a teacher leads or teaches a session of. */
int store_cohorts_of_teacher(struct db *db, int64_t person_id,
			     json_t *items);
/* Programmes serving a firm (its order classes first). */
int store_programmes_of_firm(struct db *db, int64_t org_id, json_t *items);
/* Apprenticeships whose master is of `org` (org > 0) or is / teaches as
 * `person` (person > 0): apprentice, master, teacher names. */
int store_apprentices(struct db *db, int64_t org, int64_t person,
		      json_t *items);
/* Enrolments of trainees from a college, or in its programmes. */
int store_students_of(struct db *db, int64_t org_id, json_t *items);

/* For detail pages: a centre's co-builders (with org names) and rooms; a
 * programme's modules and cohorts; a cohort's trainees (with names); an
 * enrolment's mentors (with names). */
int store_partners_of(struct db *db, int64_t centre_id, json_t *items);
int store_rooms_of(struct db *db, int64_t centre_id, json_t *items);
int store_modules_of(struct db *db, int64_t programme_id, json_t *items);
int store_cohorts_of(struct db *db, int64_t programme_id, json_t *items);
int store_enrolments_of(struct db *db, int64_t cohort_id, json_t *items);
int store_mentors_of(struct db *db, int64_t enrolment_id, json_t *items);


/* ---- the store of what training leads to (store_out.c) ---- */

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
 * `firm_id` (training.h, training_person_in_reach()): enrolled in a programme
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


/* ---- rules the module's own routes call ------------------------- */

/*
 * Whether `p` may see cohort `cohort_id` and its timetable: staff, or a
 * teacher who leads it or teaches one of its sessions. Marking a session
 * asks more (training_taught_session()). 0; ERR_UNAUTH or
 * ERR_FORBIDDEN for a role that never teaches (a trainee); ERR_NOTFOUND
 * for a teacher of other cohorts, or no such cohort.
 */
int training_may_teach(struct db *db, const struct principal *p,
		       int64_t cohort_id);

/*
 * Session `id` into *s when `p` may mark it and see its check-in code
 * (training.h, training_mark()): staff, the session's own teacher or the
 * head teacher of its cohort — not the teacher of another session of the
 * cohort. 0; ERR_UNAUTH or ERR_FORBIDDEN for a role that never teaches;
 * ERR_NOTFOUND for anyone else, or no such session.
 */
int training_taught_session(struct db *db, const struct principal *p,
			    int64_t id, struct tr_session *s);

/* Whether `p` is staff, the teacher of session `s` or of its cohort. */
bool training_teaches_session(const struct principal *p,
			      const struct tr_session *s);

/*
 * A centre's co-builders may hold at most 100% together (the database's
 * trigger holds it too; this names the field): whether `in`'s share_pct,
 * for partner `id` (0: a new one, of in's centre_id), keeps the sum
 * within it. 0 or ERR_CONFLICT on share_pct.
 */
int training_partner_check(struct db *db, json_t *in, int64_t id,
			   struct problem *pb);

/* Create a co-builder from `in` after that check, in one transaction;
 * change one after it. */
int training_partner_create(struct db *db, const struct principal *p,
			    json_t *in, int64_t *id, struct problem *pb);
int training_partner_update(struct db *db, const struct principal *p,
			    int64_t id, json_t *in, struct problem *pb);

/* Change a session (its module must be of the cohort's programme). */
int training_session_update(struct db *db, const struct principal *p,
			    int64_t id, json_t *in, struct problem *pb);

/*
 * Change a mentorship; one that widens (an earlier since, a later or no
 * until, another master, back from the archive) past the master's cap on
 * any of its days is ERR_CONFLICT on master_person_id, with the cap in
 * the message. Narrowing one is never refused.
 */
int training_mentor_update(struct db *db, const struct principal *p,
			   int64_t id, json_t *in, struct problem *pb);

/* ---- shared by the rules*.c files ---- */

/*
 * Where a rule puts a reason it formats (with a figure or a name) for
 * problem(): storage of the calling thread, valid until its next call.
 */
extern _Thread_local char tr_reason[256];


/*
 * Refuse input fields that the rule sets itself: ERR_INVALID when `in` is
 * not an object, or naming the first of `names` (NULL-terminated) it has.
 */
int tr_refuse_fields(json_t *in, const char *const *names,
		     struct problem *pb);


/* ---- shared by the handlers ---------------------------------------- */

extern const struct record_api training_slot_api;
extern const struct record_api training_placement_api;
extern const struct record_api training_log_api;
extern const struct record_api training_evaluation_api;
extern const struct record_api training_skill_cert_api;
extern const struct record_api training_certificate_api;
extern const struct record_api training_slot_write_api;
extern const struct record_api training_skill_cert_write_api;

/*
 * The request's `as_of` query argument into out (today in Beijing when
 * absent); ERR_INVALID naming as_of when it is not a date.
 */
int training_as_of(struct request *r, char out[11]);



/*
 * The attendance sheet's handlers (pages_sheet.c), mounted by pages.c's
 * route table: GET and POST /training/sessions/{id}/sheet, and
 * POST /training/attendance/{id}/confirm.
 */
int tr_get_sheet(struct request *r);
int tr_post_sheet(struct request *r);
int tr_post_confirm(struct request *r);

/*
 * Add to `rec` the label of its enum column `col`, as `col`_label: the
 * catalog's text of `prefix`.`col`_values.VALUE, or the value itself.
 * Nothing when the column is not a string.
 */
void tr_label(struct request *r, json_t *rec, const char *prefix,
	      const char *col);


/*
 * What the caller's roles give it of training (GET /api/v1/training/me and
 * the "my training" page), each part present only for the roles it
 * concerns: a trainee's enrolments with their hours, its sessions (from
 * 30 days back) and weekly logs; a teacher's cohorts, the apprentices it
 * mentors and what waits for it as a master (weekly logs and workshop
 * hours to confirm); an enterprise's
 * programmes and its masters' apprentices; a college's students. *out is
 * an object owned by the caller, even on error.
 */
int training_mine(struct request *r, json_t **out);

#endif
