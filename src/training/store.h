/*
 * store.h - the SQL of the training module (store.c, and the lists in
 * store_lists.c), for the rules, ledger.c and the handlers. Nothing else
 * of the module writes SQL.
 */
#ifndef JG_TRAINING_STORE_H
#define JG_TRAINING_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "db/row.h"
#include "training/training.h"

struct db;

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

#endif
