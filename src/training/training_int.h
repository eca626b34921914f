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
#include "record/action.h"
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
	char status_on[TIME_DATE_LEN + 1];	/* "" while enrolled */
	char enrolled_on[TIME_DATE_LEN + 1];
};
_Static_assert(DB_FITS(struct tr_enrolment, kind, TRAINING_KIND_MAX) &&
	       DB_FITS(struct tr_enrolment, status, TRAINING_STATUS_MAX) &&
	       DB_FITS(struct tr_enrolment, status_on, TIME_DATE_LEN) &&
	       DB_FITS(struct tr_enrolment, enrolled_on, TIME_DATE_LEN),
	       "an enrolment's text fits");

/*
 * A session with its cohort's teacher, and its room's booking (0: none,
 * as for a session in a firm's workshop).
 */
struct tr_session {
	int64_t id, cohort_id, teacher_person_id, cohort_teacher, minutes;
	int64_t room_id, booking_id;
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

/*
 * Claim session `id` for a change of its time, in the caller's
 * transaction: a conditional UPDATE (compare-and-set) that holds only
 * while the session is not archived, starts after `now` and has no
 * attendance row; *claimed says whether it held. On PostgreSQL the row
 * is first locked FOR UPDATE, which an attendance row's foreign key
 * (a key-share lock) waits for and is waited for by, so a check-in or a
 * mark and a move never pass each other: whichever commits first wins.
 * 0 or a database error.
 */
int store_session_claim_move(struct db *db, int64_t id, const char *now,
			     bool *claimed);

/* Whether session `id` has any attendance row (a check-in or a mark). */
int store_session_has_marks(struct db *db, int64_t id, bool *yes);

/* The ledger of an enrolment (training.h); *out zeroed first. */
int store_hours(struct db *db, int64_t enrolment_id, const char *now,
		struct training_hours *out);

/* The 学时 of the syllabus of enrolment `enrolment_id`'s programme. */
int store_syllabus_hours(struct db *db, int64_t enrolment_id,
			 int64_t *hours);

/* Syllabus modules of the programme, and of them those passed. */
int store_modules_passed(struct db *db, int64_t enrolment_id,
			 int64_t *modules, int64_t *passed);

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

/* The enrolment of a person in a cohort, or ERR_NOTFOUND. */
int store_enrolment_at(struct db *db, int64_t person_id, int64_t cohort_id,
		       int64_t *enrolment_id);

/* Whether module `module_id` is of the programme of cohort `cohort_id`. */
int store_module_fits(struct db *db, int64_t module_id, int64_t cohort_id,
		      bool *yes);

/* The shares of a centre's live co-builders other than `except`. */
int store_partner_shares(struct db *db, int64_t centre_id, int64_t except,
			 int64_t *sum);

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
 * The workbench's questions (store_workbench.c), each as of day `on`:
 *   to_certify	completions by `on` without a certificate, counted
 *   unconfirmed	self check-ins (present or late) not yet confirmed on
 *			sessions held by `on`, of every session or of those
 *			`teacher` leads or teaches; the first such session
 *   placed_with	{id, person_name, title, assigned_on}: trainees on
 *			placement with a firm since `on` or before
 *   sessions_from	a trainee's sessions from `on`, the first `limit`:
 *			{id, starts_at, kind, topic, cohort_name, place}
 *   cohorts_led	{id, name, programme_name, roll, attended,
 *			expected}: the cohorts a teacher leads running on
 *			`on`, with attended (present or late) and expected
 *			places at the sessions held by then
 *   sessions_to_mark	{id, starts_at, topic, cohort_name, open}: sessions
 *			held by `on` that a teacher leads or teaches, with
 *			`open` trainees unmarked or unconfirmed, latest first
 * Lists are appended to `items`. 0 or an error.
 */
int store_to_certify(struct db *db, const char *on, int64_t *n);
int store_unconfirmed(struct db *db, const char *on, int64_t teacher,
		      int64_t *n, int64_t *first_session);
int store_placed_with(struct db *db, int64_t org_id, const char *on,
		      json_t *items);
int store_sessions_from(struct db *db, int64_t person_id, const char *on,
			int64_t limit, json_t *items);
int store_cohorts_led(struct db *db, int64_t person_id, const char *on,
		      json_t *items);
int store_sessions_to_mark(struct db *db, int64_t person_id, const char *on,
			   int64_t limit, json_t *items);

/* The current master of an apprentice's enrolment, or 0. */
int store_current_master(struct db *db, int64_t enrolment_id,
			 int64_t *master);

int store_log_confirm(struct db *db, int64_t id, int64_t by,
		      const char *now);

/*
 * A log a master confirms, an apprentice's weekly log or a placement's:
 * what it belongs to (its enrolment, its placement) and whether it is
 * confirmed. store_log_state() reads a weekly log, out_store_log() a
 * placement's, into *out; ERR_NOTFOUND if there is none (not archived).
 */
struct tr_log_state {
	int64_t owner;
	bool confirmed;
};
int store_log_state(struct db *db, int64_t id, struct tr_log_state *out);
/* The row mapper's description of struct tr_log_state (db/row.h). */
extern const struct db_field tr_log_state_fields[];

/* ---- lists (JSON arrays appended to `items`; store_lists.c) ---- */

/* The lists of one record or person, by its id. */
enum tr_list {
	TR_EVENTS_OF,		/* an enrolment's events, oldest first */
	/* The attendance sheet of a session: every trainee of its cohort
	 * enrolled on or before its date, with the row if there is one. */
	TR_SHEET,
	TR_SESSIONS_OF,		/* a cohort's sessions, oldest first */
	/* A trainee's enrolments, with programme and cohort; `mentored`
	 * when it has a current master. */
	TR_ENROLMENTS_OF_PERSON,
	TR_LOGS_OF_PERSON,	/* a trainee's weekly logs, newest first */
	/* What waits for a master: its apprentices' unconfirmed weekly
	 * logs, and their attended but unverified workshop sessions. */
	TR_LOGS_TO_CONFIRM,
	TR_HOURS_TO_CONFIRM,
	TR_COHORTS_OF_TEACHER,	/* cohorts it leads or teaches a session of */
	TR_PROGRAMMES_OF_FIRM,	/* programmes serving a firm, order classes
				 * first */
	/* Apprenticeships whose master is of a firm, or whose master or
	 * school teacher is a person: apprentice, master, teacher names. */
	TR_FIRM_APPRENTICES,
	TR_MY_APPRENTICES,
	TR_STUDENTS_OF,		/* enrolments from a college or in its
				 * programmes */
	/* For detail pages: a centre's co-builders (with org names) and
	 * rooms; a programme's modules and cohorts; a cohort's trainees
	 * (with names); an enrolment's mentors (with names). */
	TR_PARTNERS_OF,
	TR_ROOMS_OF,
	TR_MODULES_OF,
	TR_COHORTS_OF,
	TR_ENROLMENTS_OF,
	TR_MENTORS_OF,
	TR_PLACEMENTS_OF_PERSON,	/* a trainee's placements, with the
					 * firm's name, oldest first */
	/* The trainees a session counts for (enrolled by its date, and
	 * not ended before it), each {enrolment_id, attendance_id (0: no
	 * row), status, verified (0 or 1)}. */
	TR_ROLL,
	/* The order classes of a firm, {id, name, seat_quota,
	 * hiring_commitment, enrolled}, for its workbench. */
	TR_ORDER_CLASSES_OF,
	TR_PLACEMENT_EVENTS,	/* a placement's events, oldest first */
	/* A trainee's running enrolments, {id}, newest first, and its
	 * running placements, {id, firm_name, title, assigned_on}: its
	 * workbench. */
	TR_ENROLLED_NOW,
	TR_PLACED_NOW,
	TR_NLISTS
};

/* List `which` of record or person `id`, appended to `items`. */
int store_list(struct db *db, enum tr_list which, int64_t id, json_t *items);

/* A trainee's sessions from its enrolment dates on that end at or after
 * `since`, each with its own attendance. */
int store_schedule_of_person(struct db *db, int64_t person_id,
			     const char *since, json_t *items);

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

/* A placement's log (struct tr_log_state, store_log_state()). */
int out_store_log(struct db *db, int64_t id, struct tr_log_state *out);

/* Confirm a log, by the master `person_id` (0: staff, no person). */
int out_store_log_confirm(struct db *db, int64_t id, int64_t person_id,
			  const char *now);

/* The figures of training_figures() into `out`. */
int out_store_figures(struct db *db, const char *as_of, json_t *out);

/* The page of training_figure_rows(); ERR_INVALID for no such figure. */
int out_store_figure_rows(struct db *db, const char *figure,
			  const char *as_of, int64_t limit, int64_t offset,
			  json_t **items, int64_t *total);


/* Whether module `module_id` is a (current) module of `programme_id`. */
int out_store_module_of(struct db *db, int64_t module_id,
			int64_t programme_id, bool *yes);

/* Whether the enrolment already has a certificate. */
int out_store_has_certificate(struct db *db, int64_t enrolment_id,
			      bool *yes);

/* The word of a body that issues certificates (training.h). */
struct tr_cert_word {
	char word[TRAINING_CERT_WORD_BYTES + 1];
};
_Static_assert(DB_FITS(struct tr_cert_word, word, TRAINING_CERT_WORD_BYTES),
	       "a certificate word fits");

/*
 * The word of the body that issues the certificates of cohort
 * `cohort_id` (its centre's cert_word, 匠谷结字) into *out.
 */
int out_store_cert_word(struct db *db, int64_t cohort_id,
			struct tr_cert_word *out);

/*
 * The next sequence number of certificates of `word` in `year` into *seq
 * (1 for the first), raised in the caller's transaction: its counter row
 * stays locked until the transaction ends, so no two issues share one.
 */
int out_store_cert_next(struct db *db, const char *word, int64_t year,
			int64_t *seq);

int out_store_certificate_insert(struct db *db,
				 const struct tr_enrolment *e,
				 const char *number, const char *code,
				 const char *now, int64_t *id);

/*
 * The live certificate whose verification code is `code` or whose number
 * is `number` (either may be NULL): the holder's name, programme, number,
 * date.
 */
int out_store_certificate_by_code(struct db *db, const char *code,
				  const char *number, json_t **out);

/* Certificate `id` with its holder, programme and the planned hours. */
int out_store_certificate(struct db *db, int64_t id, json_t **out);

/* A person's certificates of both kinds into out {completion, skill}. */
int out_store_certificates_of(struct db *db, int64_t person_id,
			      json_t *out);


/* ---- the steps of the module's own routes (rules*.c) ---------------- */

/*
 * Each is a rule of record/action.h, which a route of api*.c or pages*.c
 * names (or a record_api's create or update): it checks who asks,
 * validates `in` (the JSON body, or the form typed by the step's input
 * below), runs in one transaction with its audit rows, and gives the
 * record to answer in *out (the caller's). Refusals name the field in
 * *pb; a record the caller may not see is ERR_NOTFOUND, as if it did not
 * exist. The reads among them (hours, events, timetable, sheet, "my
 * training", a placement) change nothing.
 */

/* The inputs of steps, described (tables.c, record/action.h). */
extern const struct record_table training_complete_input;
extern const struct record_table training_withdraw_input;
extern const struct record_table training_mark_input;
extern const struct record_table training_checkin_input;
extern const struct record_table training_assign_input;
extern const struct record_table training_assign_form;
extern const struct record_table training_end_input;

/*
 * The rows "my training" exports (a college's students, a firm's
 * programmes, apprentices) and those behind a figure, described for the
 * exports (tables.c, tables_out.c).
 */
extern const struct record_table training_students_rows;
extern const struct record_table training_programmes_rows;
extern const struct record_table training_apprentices_rows;
extern const struct record_table training_figure_rows_table;

/*
 * Enrol a person in a cohort from `in` (training_enrol_in(), training.h).
 * Staff.
 */
record_rule_fn training_enrol;

/*
 * Complete enrolment `id` on `on_date` (not after today; none: today in
 * Beijing): checks the programme's rule against the ledger as of now and
 * the assessments, then appends the 'completed' event. ERR_CONFLICT with
 * the reason when the rule is not met or the enrolment has ended. Staff,
 * or the cohort's teacher (others: ERR_FORBIDDEN when they may see it).
 */
record_rule_fn training_complete;

/* Withdraw enrolment `id` on `on_date` (as above) for `reason`. Staff. */
record_rule_fn training_withdraw;

/*
 * A centre's co-builders hold at most 100% together (the database's
 * trigger holds it too; these name the field): create and change one,
 * ERR_CONFLICT on share_pct past it. Staff.
 */
record_rule_fn training_partner_create;
record_rule_fn training_partner_update;

/*
 * The ledger (training_hours_json()) and the events of enrolment `id`
 * ({items}) for whoever may read it (training_may_read_enrolment()).
 */
record_rule_fn training_hours_of;
record_rule_fn training_events_of;

/*
 * What the caller's roles give it of training (GET /api/v1/training/me
 * and the "my training" page), each part present only for the roles it
 * concerns: a trainee's enrolments with their hours, its sessions (from
 * 30 days back) and weekly logs; a teacher's cohorts, the apprentices it
 * mentors and what waits for it as a master (weekly logs and workshop
 * hours to confirm); an enterprise's programmes and its masters'
 * apprentices; a college's students.
 */
record_rule_fn training_mine;

/*
 * Schedule a session from `in` (cohort_id, module_id, kind, topic,
 * starts_at, ends_at — UTC "YYYY-MM-DDTHH:MM:SSZ" — room_id or
 * workshop_org_id, teacher_person_id): its minutes, Beijing date and a
 * random six-digit check-in code are set here; a module given must be of
 * the cohort's programme. training_session_update() changes one under
 * the same checks; its starts_at and ends_at (recomputing its date and
 * minutes, in the transaction of the change) only until it starts and
 * while it has no attendance mark, else ERR_CONFLICT naming the field.
 * Staff.
 */
record_rule_fn training_session_create;
record_rule_fn training_session_update;

/* Archive a session and cancel its room booking in one transaction. */
record_rule_fn training_session_archive;

/*
 * A centre's room (training_room_add_in()) by staff; a change of its name
 * or capacity renames and re-seats its resource in the same transaction.
 */
record_rule_fn training_room_create;
record_rule_fn training_room_update;

/*
 * The booking of its room that a session holds (rules_rooms.c), brought
 * in line with the session as `in` changes it (the session as stored in
 * `s`; NULL: a new one) inside the caller's transaction: made, moved
 * with its times, made anew in another room, or cancelled when it leaves
 * for a firm's workshop; `in` gains booking_id when that changes. A
 * clash is ERR_CONFLICT naming the room's resource and the booking in
 * the way (field room_id). Times out of the room's opening hours or
 * under its maintenance warn, in `warnings`, and are booked all the same.
 */
int tr_session_book(struct db *db, const struct audit_actor *actor,
		    json_t *in, const struct tr_session *s, json_t *warnings,
		    struct problem *pb);

/* The resource of room `id` into *resource (0: none). */
int store_room_resource(struct db *db, int64_t id, int64_t *resource);

/*
 * The trainee `p` (p->person_id) checks in to session `id` with `code`:
 * accepted only while the session runs (starts_at <= now < ends_at), else
 * ERR_CONFLICT "the session has not started yet" / "the session has
 * ended"; a wrong code is ERR_INVALID on field "code". After
 * CHECKIN_MAX_FAILURES wrong codes for the session, every further
 * attempt, the right code included, is ERR_THROTTLED on field "code": the
 * teacher marks the trainee instead. The wrong codes are counted, and
 * every attempt that reached the code is logged, by the check-in guard
 * of account/checkin.h (scope "training_session", holder the enrolment).
 * Records 'present' (unverified), or 'late' after the first 10 minutes
 * (setting training.late_after_minutes). Checking in twice is
 * ERR_CONFLICT. *out is the attendance row.
 */
record_rule_fn training_checkin;

/*
 * Mark the attendance of `enrolment_id` at session `id` (`status`
 * present|late|excused|absent), verified by the marker: staff, the
 * session's teacher or the head teacher of its cohort. *out is the
 * attendance row.
 */
record_rule_fn training_mark;

/*
 * Confirm attendance record `id` (a self check-in, or an apprentice's
 * workshop hours): sets verified_at / verified_by. Staff, the session's
 * or cohort's teacher, or the apprentice's current master.
 */
record_rule_fn training_confirm;

/*
 * Mark every trainee of session `id` present who has no mark yet, and
 * confirm every self check-in not yet confirmed (the workbench's 全部出勤),
 * in one transaction, each row audited as training_mark() and
 * training_confirm() write it; a trainee already marked late, excused or
 * absent keeps the mark. Staff, the session's teacher or the head teacher
 * of its cohort; ERR_CONFLICT on a session that has not started yet.
 * *out is {session_id, marked, confirmed}.
 */
record_rule_fn training_mark_all;

/*
 * The timetable of cohort `id` ({items}) for who may teach it
 * (training_may_teach()), and the attendance sheet of session `id`
 * ({session, items}) for who may mark it (training_taught_session()).
 */
record_rule_fn training_cohort_sessions;
record_rule_fn training_sheet;

/*
 * Give an apprentice its dual mentors from `in` (enrolment_id,
 * master_person_id, master_org_id, teacher_person_id, since, until). The
 * enrolment must be in an apprenticeship programme. A mentorship counts
 * for its master on every day from `since` to `until` (inclusive; open
 * while NULL), and no later than the day its enrolment completed or was
 * withdrawn: one that would give the master more than
 * training.master_max_apprentices (default 8) on any of its days is
 * refused with ERR_CONFLICT on field master_person_id — by the database,
 * so that requests at once cannot both pass. Changing one that widens it
 * (an earlier since, a later or no until, another master, back from the
 * archive) is refused the same way; narrowing one never is. Staff.
 */
record_rule_fn training_mentor_assign;
record_rule_fn training_mentor_update;

/*
 * The apprentice `p` writes its weekly log (enrolment_id, week_of — a
 * Monday —, body); its current master confirms log `id`. ERR_NOTFOUND
 * for an enrolment or log that is not theirs.
 */
record_rule_fn training_log_write;
record_rule_fn training_log_confirm;

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
 * Session `id` into *s when `p` may mark it and see its check-in code:
 * staff, the session's own teacher or the head teacher of its cohort —
 * not the teacher of another session of the cohort. 0; ERR_UNAUTH or
 * ERR_FORBIDDEN for a role that never teaches; ERR_NOTFOUND for anyone
 * else, or no such session.
 */
int training_taught_session(struct db *db, const struct principal *p,
			    int64_t id, struct tr_session *s);

/* Whether `p` is staff, the teacher of session `s` or of its cohort. */
bool training_teaches_session(const struct principal *p,
			      const struct tr_session *s);

/*
 * Offer a slot from `in` (firm_id, title, workshop, master_id, starts_on,
 * ends_on, places, note): the caller must hold PERM_PLACEMENT_WRITE for
 * the firm, and a master named must be in its reach by party_scope_of()
 * — for a firm, a person affiliated with it (ERR_INVALID on master_id,
 * the same for a person out of reach and one that does not exist), since
 * the slot's master confirms its trainees' logs and sees its placements.
 * `taken` is the system's (ERR_INVALID). training_slot_update() changes
 * slot `id` under the same rules. *out: the slot as its view shows it
 * (create), as stored (update).
 */
record_rule_fn training_slot_create;
record_rule_fn training_slot_update;

/*
 * Assign `person_id` to slot `id` `on` a date (the placement's first
 * event, "assigned"): ERR_CONFLICT when the slot has no place left (field
 * slot_id) or the person is already on it (person_id); ERR_INVALID when
 * `on` lies outside the slot's dates (field on), or when the person is
 * not in the caller's reach (training_person_in_reach(); field person_id,
 * the same answer as for a person that does not exist). The caller must
 * hold PERM_PLACEMENT_WRITE for the slot's firm. *out: the placement.
 */
record_rule_fn training_assign;

/*
 * Record that assigned placement `id` was completed or withdrawn (`kind`)
 * `on` a date, not before it was assigned. A placement that already
 * ended takes no more events (ERR_CONFLICT, field kind).
 */
record_rule_fn training_placement_end;

/*
 * The trainee's log of the week beginning on Monday `week_of` (in the
 * placement's dates) for placement `id`: week_of, hours, content; and its
 * evaluation of the site (guidance, safety, equipment, learning: 1..5;
 * comment), once. Only the placement's trainee (or staff) writes them.
 */
record_rule_fn training_placement_log_add;
record_rule_fn training_evaluate;

/* The slot's master (or staff) confirms log `id`; twice is a conflict. */
record_rule_fn training_placement_log_confirm;

/*
 * Placement `id` with its events (oldest first) and its slot's fields,
 * for a caller whose rows (training_out_scope()) hold it.
 */
record_rule_fn training_placement_read;

/*
 * The rows of slots, placements, logs or evaluations `p` may see by
 * `perm` (PERM_SLOT_READ, PERM_PLACEMENT_READ, PERM_PLACEMENT_LOG_READ),
 * into *f (record/api.h): staff every row, a firm its own (firm_id; none
 * for an account of no firm), and where `perm` admits them on their own
 * records, a trainee its own (person_id) and a master those it supervises
 * (master_id), none for an account tied to no person. ERR_UNAUTH or
 * ERR_FORBIDDEN for a caller `perm` does not admit.
 */
int training_out_scope(const struct principal *p, enum perm perm,
		       struct record_filter *f);

/* A placement with its events (oldest first) and the slot's fields. */
int training_placement_get(struct db *db, int64_t id, json_t **out);

/*
 * Assess enrolment `id` in one syllabus module of its programme from `in`
 * (module_id, score 0..100, assessed_on, assessor_person_id): passed when
 * the score reaches the setting training.pass_mark (60). Staff, or the
 * teacher of the enrolment's cohort.
 */
record_rule_fn training_assess;

/*
 * Issue the completion certificate of completed enrolment `id`
 * (training_certificate_issue_in(), training.h). Staff.
 */
record_rule_fn training_certificate_issue;

/*
 * What /verify/CODE may show of the certificate whose verification code
 * or number (training_cert_number_canon()) is `code`: {"holder" (the
 * name masked, 王*霖), "programme", "number", "issued_on"} and nothing
 * else; ERR_NOTFOUND for any text that is not a certificate's (malformed
 * ones included). A number is sequential, so one is checked only with the
 * holder's full name (`name`, as printed beside it), as the national
 * certificate registers do: a wrong or missing name is ERR_NOTFOUND, and
 * nobody lists the holders by counting numbers. The code, which cannot be
 * guessed, needs no name.
 */
int training_certificate_verify(struct db *db, const char *code,
				const char *name, json_t **out);

/*
 * The certificate `id` for printing: the holder's full name, programme,
 * occupation, kind, hours planned, issue date, number, code.
 * ERR_NOTFOUND.
 */
int training_certificate_get(struct db *db, int64_t id, json_t **out);

/*
 * The records behind figure `figure` (one of training_figure_names) as of
 * `as_of`: a page of rows {person_id, person_name, org_id, org_name,
 * programme_id, programme_name, kind, on} into *items and their number
 * into *total. ERR_INVALID for an unknown figure.
 */
int training_figure_rows(struct db *db, const char *figure,
			 const char *as_of, int64_t limit, int64_t offset,
			 json_t **items, int64_t *total);

/* ---- shared by the rules ---- */

/*
 * The refusal of an enrolment that does not exist (for the caller):
 * ERR_NOTFOUND with "training.err.enrolment_gone", naming `field` (or no
 * field when NULL).
 */
int tr_no_enrolment(struct problem *pb, const char *field);

/* store_enrolment(), its ERR_NOTFOUND told by tr_no_enrolment(). */
int tr_enrolment_get(struct db *db, int64_t id, const char *field,
		     struct tr_enrolment *e, struct problem *pb);

/* {"items": list `which` of `id`} into *out (NULL on error). */
int tr_items(struct db *db, enum tr_list which, int64_t id, json_t **out);

/*
 * Where a rule puts a reason it formats (with a figure or a name) for
 * problem(): storage of the calling thread, valid until its next call.
 */
extern _Thread_local char tr_reason[256];

/*
 * Why enrolment `e` may not complete yet, as of the UTC time `now`: *why
 * NULL when it may, else the reason (English, in tr_reason; a page reads
 * it with page_message()), so that the page says it before the teacher
 * tries and the rule refuses with the same words. Returns 0 or an error.
 */
int tr_completion_unmet(struct db *db, const struct tr_enrolment *e,
			const char *now, const char **why);

/*
 * Refuse input fields that the rule sets itself: ERR_INVALID when `in` is
 * not an object, or naming the first of `names` (NULL-terminated) it has.
 */
int tr_refuse_fields(json_t *in, const char *const *names,
		     struct problem *pb);

/* ---- shared by the handlers (api*.c, pages*.c) ---------------------- */

/* The record APIs of the tables, which the pages serve too. */
extern const struct record_api training_centre_api;
extern const struct record_api training_partner_api;
extern const struct record_api training_room_api;
extern const struct record_api training_programme_api;
extern const struct record_api training_module_api;
extern const struct record_api training_cohort_api;
extern const struct record_api training_session_api;
extern const struct record_api training_enrolment_api;
extern const struct record_api training_mentor_api;
/* Lists read the views; slots and skill certificates are written to
 * their tables (the *_write_api). */
extern const struct record_api training_slot_api;
extern const struct record_api training_slot_write_api;
extern const struct record_api training_placement_api;
extern const struct record_api training_skill_cert_api;
extern const struct record_api training_skill_cert_write_api;
extern const struct record_api training_certificate_api;

/*
 * The attendance sheet's page handlers (pages_sheet.c), mounted by
 * pages.c's route table: GET and POST /training/sessions/{id}/sheet.
 */
int tr_get_sheet(struct request *r);
int tr_post_sheet(struct request *r);

#endif
