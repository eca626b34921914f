/*
 * training.h - training and apprenticeship (issue 7): centres and their
 * co-builders, programmes of six kinds with their syllabus and completion
 * rule, cohorts, sessions, enrolment with dated events, attendance with
 * self check-in, the hours ledger, completion, and the dual mentors of
 * apprentices; and what training leads to: workshop placements,
 * certificates and the park's training figures. Tables are in
 * sql/{sqlite,postgres}/0007_training.sql and 0008_training_out.sql, the
 * guards of issue 13 in 0009_training_guards.sql.
 *
 * This is the one header other modules read (the two-way selection, the
 * dashboard, the demo loader): the described tables, the contract of
 * hours, completions and certificates, who may read an enrolment, and the
 * _in rules loaders of history call inside their own transaction. The
 * steps the module's own routes take are in training_int.h. Every rule
 * returns 0 or an ERR_* code with the field and a sentence in *pb, and
 * writes its audit rows in the transaction of its change.
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
#include <stddef.h>
#include <stdint.h>

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
 * The assessments of a person's enrolments, oldest first, as a JSON array
 * (owned by the caller, an array even on error) of {"enrolment_id",
 * "programme_name", "module_name", "score", "passed", "assessed_on"}:
 * what the two-way selection shows a firm of a candidate who consented.
 */
int training_assessments_of(struct db *db, int64_t person_id,
			    json_t **items);

/*
 * Whether person `person_id` is enrolled, and has not withdrawn, in a
 * cohort whose ends_on falls in `year` (of programme `programme_id`, or
 * of any programme when it is 0): who will complete that year, for the
 * two-way selection's eligibility. 0 with *yes set, or an error.
 */
int training_enrolled_ending_in(struct db *db, int64_t person_id,
				int64_t programme_id, int64_t year,
				bool *yes);
/*
 * Whether person `person_id` is enrolled, and has not withdrawn, in
 * cohort `cohort_id`: the eligibility of a selection round scoped to
 * cohorts. 0 with *yes set, or an error.
 */
int training_enrolled_in_cohort(struct db *db, int64_t person_id,
				int64_t cohort_id, bool *yes);

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

/*
 * Training's section of a person's path (party.h): enrolments and how
 * they ended, hours attended and verified, placements, certificates.
 */
struct party_path_section;
extern const struct party_path_section training_path_section;

/*
 * The people who completed a programme here on or before `as_of`, each
 * once, ascending, as rows {person_id} appended to `rows`: "those trained
 * here" of the park's path figure. 0 or an error of the database.
 */
int training_completed_people(struct db *db, const char *as_of,
			      json_t *rows);

/* ---- Loaders of history (the demo park) ---------------------------- */

/*
 * Add a room of a centre from `in` (centre_id, name, kind, capacity)
 * inside the caller's transaction, audited as `actor`, with its resource
 * in the shared facilities (facility.h: a room of the centre, its seats
 * the capacity), which sessions in it book. The room's id into *id; on
 * error the caller rolls back.
 */
int training_room_add_in(struct db *db, const struct audit_actor *actor,
			 json_t *in, int64_t *id, struct problem *pb);

/*
 * Enrol a person in a cohort from `in` (cohort_id, person_id, source,
 * source_org_id, enrolled_on): the enrolment and its 'enrolled' event,
 * inside the caller's transaction, with no permission check. A full
 * cohort is ERR_CONFLICT on cohort_id ("the cohort is full"), a second
 * enrolment of the person ERR_CONFLICT on person_id.
 */
int training_enrol_in(struct db *db, const struct audit_actor *actor,
		      json_t *in, int64_t *id, struct problem *pb);

/*
 * Append an event (kind "completed" or "withdrawn") without checking the
 * completion rule, inside the caller's transaction: for loaders of
 * history that happened before the ledger (the demo park). No permission
 * check; the database still refuses an illegal order of events.
 */
int training_event_in(struct db *db, const struct audit_actor *actor,
		      int64_t enrolment_id, const char *kind, const char *on,
		      const char *reason, struct problem *pb);

/*
 * ---- What training leads to -----------------------------------------
 * Workshop placements in the firms, the register of national vocational
 * skill-level certificates, assessments and internal completion
 * certificates, and the park's training figures (tables of migration
 * 0008; tables_out.c, rules_placement.c, rules_certificate.c).
 *
 * Placements: a firm offers a slot (placement_slot: workshop, dates,
 * places, the master who confirms the trainees' logs); staff or the firm
 * assign trainees (people) to it, which the database refuses once the
 * slot's places are taken (a counter kept by triggers, CHECK taken <=
 * places, so two assignments at once cannot both take the last place).
 * A placement's status changes only as dated events (assigned, completed,
 * withdrawn; the table is append-only). The trainee writes a log per week
 * and evaluates the site; the slot's master confirms the logs.
 */

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
/* A completion certificate's verification code: Crockford base32. */
#define TRAINING_CERT_CODE_LEN 20

/*
 * A completion certificate's number, for people: the issuing body's word
 * (its centre's cert_word, at most 20 characters), the year of issue and
 * the certificate's place among that body's of the year, from 1:
 * "匠谷结字〔2019〕第0123号" (four digits at least). Never a database id.
 */
#define TRAINING_CERT_WORD_MAX 20			/* characters */
#define TRAINING_CERT_WORD_BYTES (TRAINING_CERT_WORD_MAX * 4)
#define TRAINING_CERT_NUMBER_BYTES (TRAINING_CERT_WORD_BYTES + 40)
int training_cert_number(const char *word, int64_t year, int64_t seq,
			 char out[TRAINING_CERT_NUMBER_BYTES]);

/*
 * A certificate number as people type it, made the stored one in `out`:
 * white space dropped, and the year's brackets typed as [ ], ( ), （ ），
 * 【 】 or ［ ］ made 〔 〕. 0, or ERR_INVALID for text too long to be
 * a number or that is not UTF-8.
 */
int training_cert_number_canon(const char *in,
			       char out[TRAINING_CERT_NUMBER_BYTES]);

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
 * Those people as SQL, for a person picker (party_reach_add(), party.h):
 * a SELECT of person ids reading `k.org`, the firm. The one definition of
 * them, which training_person_in_reach() asks too.
 */
extern const char training_firm_people[];

/*
 * History for loaders (the demo park), inside the caller's transaction and
 * without a permission check: person `person_id` placed on slot `slot_id`
 * on `assigned_on` and, when `ended` ("completed" or "withdrawn") is not
 * NULL, ended on `ended_on`, with both events and audit rows. The slot's
 * places are enforced as for training_assign() (training_int.h).
 */
int training_placement_add_in(struct db *db,
			      const struct audit_actor *actor,
			      int64_t slot_id, int64_t person_id,
			      const char *assigned_on, const char *ended,
			      const char *ended_on, int64_t *id,
			      struct problem *pb);

/*
 * For loaders of history (the demo), inside the caller's transaction and
 * without a permission check: a session of a cohort, checked as
 * training_session_create() checks it (`in` taken as its fields; its
 * date, minutes and check-in code are derived; its room is not booked in
 * the facilities, as history before the bookings), its id in *id; and a
 * trainee's self check-in at `at` (a stored UTC time), present and not
 * yet confirmed, whatever the check-in window, audited. 0, ERR_INVALID
 * or ERR_CONFLICT with *pb, or a database error.
 */
int training_session_add_in(struct db *db, const struct audit_actor *actor,
			    json_t *in, int64_t *id, struct problem *pb);
int training_checkin_add_in(struct db *db, const struct audit_actor *actor,
			    int64_t session_id, int64_t enrolment_id,
			    const char *at);

/*
 * Issue the completion certificate of completed enrolment `enrolment_id`,
 * dated its completion, with a new verification code and the next number
 * of its issuing body and year (training_cert_number()), inside the
 * caller's transaction and without a permission check (loaders of
 * history; staff issue one through training_int.h's rule):
 * ERR_CONFLICT (field enrolment_id) when the enrolment has not completed
 * or already has one.
 */
int training_certificate_issue_in(struct db *db,
				  const struct audit_actor *actor,
				  int64_t enrolment_id, int64_t *id,
				  struct problem *pb);

/*
 * A person's certificates, for other modules: {"completion": [...
 * {id, programme_id, programme_name, issued_on, code}], "skill": [...
 * {id, occupation, level, level_name, number, issuer, issued_on}]}.
 */
int training_certificates_of(struct db *db, int64_t person_id,
			     json_t **out);

/* "王*霖": the first and last characters of a name, the rest starred. */
void training_mask_name(const char *name, char *out, size_t len);

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
#endif
