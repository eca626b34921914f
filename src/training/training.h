/*
 * training.h - training and apprenticeship (issue 7): centres and their
 * co-builders, programmes of six kinds with their syllabus and completion
 * rule, cohorts, sessions, enrolment with dated events, attendance with
 * self check-in, the hours ledger, completion, and the dual mentors of
 * apprentices. Tables are in sql/{sqlite,postgres}/0007_training.sql,
 * the guards of issue 13 in 0009_training_guards.sql.
 *
 * Other modules (the two-way selection, the figures, certificates) read
 * this module only through the functions of the first part below; the
 * second part is the rules the module's API and pages (and the demo
 * loader) call. Every rule checks the caller's permission itself, opens
 * its own transaction (except the *_in variants, which run inside the
 * caller's), writes its audit row, and returns 0 or an ERR_* code with the
 * field and a sentence in *pb.
 *
 * Hours are counted in minutes. A session's minutes and its Beijing date
 * (on_date) are fixed from its start and end when it is scheduled. A
 * session dated before the trainee's enrolment date never counts for that
 * trainee: it is neither planned nor an absence, and no attendance can be
 * recorded for it.
 */
#ifndef JG_TRAINING_H
#define JG_TRAINING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "record/record.h"

struct db;

/*
 * ---- The tables (described, record.h) ----
 * Each is the SQL table of the same name without "_table": training_centre,
 * training_partner (co-builders), training_room, training_programme,
 * training_module (syllabus), training_cohort, training_session,
 * training_enrolment (events: training_enrolment_event, append-only),
 * training_mentor, training_assessment, training_weekly_log; attendance is
 * training_attendance (one row per session and enrolment).
 */
extern const struct record_table training_centre_table;
extern const struct record_table training_partner_table;
extern const struct record_table training_room_table;
extern const struct record_table training_programme_table;
extern const struct record_table training_module_table;
extern const struct record_table training_cohort_table;
extern const struct record_table training_session_table;
extern const struct record_table training_enrolment_table;
extern const struct record_table training_mentor_table;
extern const struct record_table training_assessment_table;
extern const struct record_table training_weekly_log_table;

/*
 * Programme kinds: "order_class" (订单班), "pre_job" (岗前), "in_service"
 * (在岗提升), "apprenticeship" (学徒制), "entrepreneurship" (创业培训),
 * "college" (全日制技工教育). NULL-terminated.
 */
extern const char *const training_programme_kinds[];
/* Where a trainee comes from: partner_university, firm_staff, unemployed,
 * college. NULL-terminated. */
extern const char *const training_sources[];
/* Attendance: present, late, excused, absent. NULL-terminated. */
extern const char *const training_attendance_statuses[];

/*
 * The longest values of the columns the module reads into char arrays:
 * a programme's kind, an enrolment's status, a place (classroom or
 * workshop) and an attendance mark, each the longest value of its list,
 * which checks every value against it (REC_VALUE()); a session's check-in
 * code, of exactly TRAINING_SESSION_CODE_LEN digits (the schema's CHECK
 * and the session table's column).
 */
#define TRAINING_KIND_MAX 16		/* "entrepreneurship" */
#define TRAINING_STATUS_MAX 9		/* "completed", "withdrawn" */
#define TRAINING_PLACE_MAX 9		/* "classroom" */
#define TRAINING_MARK_MAX 7		/* "present", "excused" */
#define TRAINING_SESSION_CODE_LEN 6

/* ---- The contract: what other modules read --------------------------- */

/* Where hours were spent: at the base (classroom) or in a workshop. */
enum training_place {
	TRAINING_CLASSROOM,
	TRAINING_WORKSHOP,
	TRAINING_NPLACES
};

/*
 * The hours ledger of one enrolment, in minutes, indexed by place. Sessions
 * count from the enrolment date on (and, once the enrolment has ended, up
 * to its end date); archived sessions never count.
 *   planned:  every such session, held or still to come;
 *   held:     those that have ended by the time asked about;
 *   attended: present or late;
 *   verified: attended and vouched for by a teacher or master (marking it,
 *             or confirming a self check-in);
 *   excused:  excused absences (left out of the completion ratio).
 */
struct training_hours {
	int64_t planned[TRAINING_NPLACES];
	int64_t held[TRAINING_NPLACES];
	int64_t attended[TRAINING_NPLACES];
	int64_t verified[TRAINING_NPLACES];
	int64_t excused[TRAINING_NPLACES];
};

/*
 * The ledger of enrolment `enrolment_id` as of `now` (a stored UTC time,
 * "YYYY-MM-DDTHH:MM:SSZ", which decides what is held). No permission check:
 * callers that answer a request check first (training_may_read_enrolment).
 * ERR_NOTFOUND when there is no such enrolment.
 */
int training_hours(struct db *db, int64_t enrolment_id, const char *now,
		   struct training_hours *out);

/*
 * The same ledger as JSON: {"enrolment_id", "classroom": {"planned",
 * "held", "attended", "verified", "excused"}, "workshop": {...},
 * "total": {...}}, minutes throughout.
 */
json_t *training_hours_json(int64_t enrolment_id,
			    const struct training_hours *h);

/*
 * The completions of a person, oldest first, as a JSON array (owned by the
 * caller) of {"enrolment_id", "programme_id", "programme_name", "kind",
 * "occupation", "firm_org_id" (null unless the programme serves a firm),
 * "college_org_id", "certificate_name", "certificate_level",
 * "completed_on"} — the dated 'completed' events of the person's
 * enrolments that are not archived. The certificates a person holds
 * (internal completion certificates and the national skill-level
 * register) are read through their own functions, declared beside these
 * by the part of the module that keeps them.
 */
int training_completions_of(struct db *db, int64_t person_id,
			    json_t **items);

/*
 * Whether person `person_id` completed a programme (of kind `kind`, or of
 * any kind when `kind` is NULL) on or before `on` (YYYY-MM-DD). 0 with
 * *yes set, or an error.
 */
int training_has_completed(struct db *db, int64_t person_id,
			   const char *kind, const char *on, bool *yes);

/*
 * The completion rule of a programme, its settings defaults applied
 * (training.min_attendance_pct, training.assessments_required).
 */
struct training_rule {
	int min_attendance_pct;		/* 0-100 */
	bool assessments_required;	/* every syllabus module passed */
};

/* What the rule is checked against. */
struct training_progress {
	struct training_hours hours;
	int64_t modules;		/* syllabus modules of the programme */
	int64_t modules_passed;		/* of them, passed by the trainee */
};

/*
 * Whether `pr` meets `rule` (pure; unit-tested). Returns NULL when it
 * does, else why not, written into why[len] ("attended and verified 62%
 * of 40 h planned; the programme asks for 80%"). The ratio is verified
 * minutes over planned minutes less excused ones, classroom and workshop
 * together; with nothing left to attend the attendance part is met.
 */
const char *training_rule_unmet(const struct training_rule *rule,
				const struct training_progress *pr,
				char *why, size_t len);

/* ---- Who may see what ---------------------------------------------- */

/*
 * Whether `p` may read enrolment `enrolment_id` (its hours, its events):
 * staff; the trainee itself (p->person_id); the cohort's teacher or a
 * teacher of one of its sessions; the apprentice's master or school
 * teacher; an enterprise account of the programme's firm or of the
 * master's firm; a college account of the trainee's source organisation
 * or of the programme's college. 0, or ERR_NOTFOUND for everyone else
 * (an enrolment one may not see does not exist for them).
 */
int training_may_read_enrolment(struct db *db, const struct principal *p,
				int64_t enrolment_id);

/* ---- Rules ----------------------------------------------------------- */

/*
 * Schedule a session from `in` (cohort_id, module_id, kind, topic,
 * starts_at, ends_at — UTC "YYYY-MM-DDTHH:MM:SSZ" — room_id or
 * workshop_org_id, teacher_person_id): its minutes, Beijing date and a
 * random six-digit check-in code are set here. Staff only.
 */
int training_session_create(struct db *db, const struct principal *p,
			    json_t *in, int64_t *id, struct problem *pb);

/*
 * Enrol a person in a cohort from `in` (cohort_id, person_id, source,
 * source_org_id, enrolled_on): the enrolment and its 'enrolled' event.
 * A full cohort is ERR_CONFLICT ("the cohort is full"). Staff only.
 * training_enrol_in() does the same inside the caller's transaction
 * (loaders of history), with no permission check.
 */
int training_enrol(struct db *db, const struct principal *p, json_t *in,
		   int64_t *id, struct problem *pb);
int training_enrol_in(struct db *db, const struct audit_actor *actor,
		      json_t *in, int64_t *id, struct problem *pb);

/*
 * Complete enrolment `id` on date `on` (YYYY-MM-DD, not after today;
 * NULL: today in Beijing): checks the programme's rule against the ledger
 * as of now and the assessments, then appends the 'completed' event.
 * Refused with ERR_CONFLICT and the reason when the rule is not met or the
 * enrolment has ended. Staff, or the cohort's teacher.
 */
int training_complete(struct db *db, const struct principal *p, int64_t id,
		      const char *on, struct problem *pb);

/*
 * Append an event (kind "completed" or "withdrawn") without checking the
 * completion rule, inside the caller's transaction: for loaders of
 * history that happened before the ledger (the demo park). No permission
 * check; the database still refuses an illegal order of events.
 */
int training_event_in(struct db *db, const struct audit_actor *actor,
		      int64_t enrolment_id, const char *kind, const char *on,
		      const char *reason, struct problem *pb);

/* Withdraw enrolment `id` on `on` (as above) with a reason. Staff. */
int training_withdraw(struct db *db, const struct principal *p, int64_t id,
		      const char *on, const char *reason, struct problem *pb);

/* Wrong check-in codes a trainee may type per session before it is 429. */
#define TRAINING_CHECKIN_MAX_FAILURES 5

/*
 * The trainee `p` (p->person_id) checks in to session `session_id` with
 * `code` at time `now`: accepted only while the session runs (starts_at <=
 * now < ends_at), else ERR_CONFLICT "the session has not started yet" /
 * "the session has ended"; a wrong code is ERR_INVALID on field "code".
 * After TRAINING_CHECKIN_MAX_FAILURES wrong codes for the session, every
 * further attempt, the right code included, is ERR_THROTTLED on field
 * "code": the teacher marks the trainee instead. The wrong codes are
 * counted in the database (table training_checkin_guard, whose row is
 * locked before the code is compared, so that guesses at once are counted
 * one by one), and every attempt that reached the code is logged with the
 * account and address (training_checkin_attempt), refused ones too.
 * Records 'present' (unverified), or 'late' after the first 10 minutes
 * (setting training.late_after_minutes). Checking in twice is ERR_CONFLICT.
 */
int training_checkin(struct db *db, const struct principal *p,
		     int64_t session_id, const char *code, time_t now,
		     struct problem *pb);

/*
 * Mark the attendance of enrolment `enrolment_id` at session `session_id`
 * (status present|late|excused|absent), verified by the marker. Staff, or
 * the teacher of the session or of its cohort (p->person_id).
 */
int training_mark(struct db *db, const struct principal *p,
		  int64_t session_id, int64_t enrolment_id,
		  const char *status, struct problem *pb);

/*
 * Confirm attendance record `attendance_id` (a self check-in, or an
 * apprentice's workshop hours): sets verified_at / verified_by. Staff, the
 * session's or cohort's teacher, or the apprentice's current master.
 */
int training_confirm(struct db *db, const struct principal *p,
		     int64_t attendance_id, struct problem *pb);

/*
 * Give an apprentice its dual mentors from `in` (enrolment_id,
 * master_person_id, master_org_id, teacher_person_id, since, until). The
 * enrolment must be in an apprenticeship programme. A mentorship counts
 * for its master on every day from `since` to `until` (inclusive; open
 * while NULL), and no later than the day its enrolment completed or was
 * withdrawn: one that would give the master more than
 * training.master_max_apprentices (default 8) on any of its days is
 * refused with ERR_CONFLICT on field master_person_id — by the database,
 * so that requests at once cannot both pass. Staff only.
 */
int training_mentor_assign(struct db *db, const struct principal *p,
			   json_t *in, int64_t *id, struct problem *pb);

/*
 * The apprentice `p` writes its weekly log (enrolment_id, week_of — a
 * Monday —, body); its current master confirms it. ERR_NOTFOUND for an
 * enrolment or log that is not theirs.
 */
int training_log_write(struct db *db, const struct principal *p, json_t *in,
		       int64_t *id, struct problem *pb);
int training_log_confirm(struct db *db, const struct principal *p,
			 int64_t log_id, struct problem *pb);

#endif
