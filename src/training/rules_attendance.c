/*
 * rules_attendance.c - the training rules of sessions and attendance
 * (training_int.h): scheduling a session (its date, minutes and check-in
 * code), a trainee's check-in, who may teach a cohort and see its
 * timetable and a session's sheet, a teacher's marks and the confirmation
 * of attended hours. Each checks the caller, runs in one transaction and
 * writes its audit rows.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account/checkin.h"
#include "audit/audit.h"
#include "auth/secret.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/training.h"
#include "training/training_int.h"

/* ---- sessions ---- */

/* A module given in `in` must be of the programme of cohort `cohort_id`. */
static int
module_fits(struct db *db, json_t *in, int64_t cohort_id,
	    struct problem *pb)
{
	json_t *m = json_object_get(in, "module_id");
	bool fits;
	int rc;

	if (!json_is_integer(m))
		return 0;
	rc = store_module_fits(db, json_integer_value(m), cohort_id, &fits);
	if (!rc && !fits)
		rc = problem_key(pb, ERR_INVALID, "module_id",
				 "training.err.session_module",
				 "module_id is not a module of the cohort's "
				 "programme");
	return rc;
}

/* What a session's rules set themselves, never taken from input. */
static const char *const session_derived[] = {
	"on_date", "minutes", "code", "booking_id", NULL
};

/*
 * The Beijing date and the minutes of a session from `from` to `to` (UTC,
 * validated), set in `in`; ERR_INVALID naming ends_at when it does not
 * end after it starts, or lasts less than a minute or more than 24 hours.
 */
static int
session_span(const char *from, const char *to, json_t *in,
	     struct problem *pb)
{
	time_t a, b;
	char on_date[TIME_DATE_LEN + 1];

	if (time_parse_utc(from, &a) || time_parse_utc(to, &b))
		return ERR_INVALID;
	if (b <= a)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "training.err.session_ends",
				   "ends_at must be after starts_at");
	if (b - a > 24 * 3600)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "training.err.session_long",
				   "a session lasts at most 24 hours");
	if (b - a < 60)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "training.err.session_short",
				   "a session lasts at least a minute");
	time_beijing_date(a, on_date);
	json_object_set_new(in, "on_date", json_string(on_date));
	json_object_set_new(in, "minutes",
			    json_integer((json_int_t)((b - a) / 60)));
	return 0;
}

/*
 * May session `s` take a new time? Only until it starts and while no
 * trainee has an attendance row (a check-in, a mark, an excuse given in
 * advance): both judged and the row claimed in the caller's transaction,
 * so that a check-in committed first wins; and it moves only to a time
 * still to come (`starts_at`, its new start). `field` is the time the
 * caller changes, named in a refusal (ERR_CONFLICT, or ERR_INVALID for a
 * time past). Whatever moves with a session (its room's booking,
 * tr_session_book()) moves after this, in the same transaction.
 */
static int
session_movable(struct db *db, const struct tr_session *s,
		const char *starts_at, const char *field, struct problem *pb)
{
	char now[32];
	bool claimed, marked;
	int rc;

	time_now_utc(now);
	rc = store_session_claim_move(db, s->id, now, &claimed);
	if (rc)
		return rc;
	if (claimed)
		return strcmp(starts_at, now) > 0 ? 0 : problem_key(pb,
			ERR_INVALID, "starts_at", "training.err.session_past",
			"a session can only move to a time still to come");
	if (strcmp(s->starts_at, now) <= 0)
		return problem_key(pb, ERR_CONFLICT, field,
				   "training.err.session_started",
				   "the session has started: its time can no "
				   "longer change");
	rc = store_session_has_marks(db, s->id, &marked);
	if (rc)
		return rc;
	if (marked)
		return problem_key(pb, ERR_CONFLICT, field,
				   "training.err.session_marked",
				   "the session has attendance marks: its "
				   "time can no longer change");
	return problem_key(pb, ERR_CONFLICT, field,
			   "training.err.session_changed",
			   "the session changed meanwhile: try again");
}

/*
 * End a session's write (record_end()): the session as the answer, with
 * what its room's opening hours or maintenance say of its time, if
 * anything ("warnings"); `warnings` is released.
 */
static int
session_end(struct db *db, int rc, int64_t id, json_t *warnings,
	    json_t **out)
{
	rc = record_end(db, rc, &training_session_table, id, out);
	if (!rc && json_array_size(warnings))
		json_object_set(*out, "warnings", warnings);
	json_decref(warnings);
	return rc;
}

int
training_session_update(struct db *db, const struct principal *p,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb)
{
	json_t *from, *to, *warnings;
	const char *starts_at;
	struct tr_session s;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = tr_refuse_fields(in, session_derived, pb)) ||
	    (rc = record_validate(db, &training_session_table, in, false,
				  pb)))
		return rc;
	rc = store_session(db, id, &s);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such record");
	if (!rc)
		rc = module_fits(db, in, s.cohort_id, pb);
	if (rc)
		return rc;
	/*
	 * A new time (a form sends both times, changed or not): the span as
	 * it will be, both times validated.
	 */
	from = json_object_get(in, "starts_at");
	to = json_object_get(in, "ends_at");
	if (from && !strcmp(json_string_value(from), s.starts_at))
		from = NULL;
	if (to && !strcmp(json_string_value(to), s.ends_at))
		to = NULL;
	starts_at = from ? json_string_value(from) : s.starts_at;
	if ((from || to) && (rc = session_span(starts_at, to ?
			json_string_value(to) : s.ends_at, in, pb)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	warnings = json_array();
	if (from || to)
		rc = session_movable(db, &s, starts_at, from ? "starts_at" :
				     "ends_at", pb);
	if (!rc)
		rc = tr_session_book(db, &p->actor, in, &s, warnings, pb);
	if (!rc)
		rc = record_update_in(db, &training_session_table, &p->actor,
				      id, in, pb);
	return session_end(db, rc, id, warnings, out);
}

/* The checks of a new session, then its date, minutes and code in `in`. */
static int
session_prepare(struct db *db, json_t *in, struct problem *pb)
{
	char code[TRAINING_SESSION_CODE_LEN + 1];
	int rc;

	if ((rc = tr_refuse_fields(in, session_derived, pb)) ||
	    (rc = record_validate(db, &training_session_table, in, true,
				  pb)) ||
	    (rc = training_session_table.check(in, pb)))
		return rc;
	if ((rc = module_fits(db, in, record_int(in, "cohort_id"), pb)) ||
	    (rc = session_span(record_text(in, "starts_at"),
			       record_text(in, "ends_at"), in, pb)))
		return rc;
	snprintf(code, sizeof(code), "%06u",
		 (unsigned)randombytes_uniform(1000000));
	json_object_set_new(in, "code", json_string(code));
	return 0;
}

int
training_session_create(struct db *db, const struct principal *p,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb)
{
	json_t *warnings;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = session_prepare(db, in, pb)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	warnings = json_array();
	rc = tr_session_book(db, &p->actor, in, NULL, warnings, pb);
	if (!rc)
		rc = record_create_in(db, &training_session_table, &p->actor,
				      in, &id, pb);
	return session_end(db, rc, id, warnings, out);
}

int
training_session_add_in(struct db *db, const struct audit_actor *actor,
			json_t *in, int64_t *id, struct problem *pb)
{
	int rc = session_prepare(db, in, pb);

	return rc ? rc : record_create_in(db, &training_session_table, actor,
					  in, id, pb);
}

/*
 * Audit `action` on attendance row `att`: `before` (NULL for a new row)
 * against the row as it is now.
 */
static int
attendance_audit(struct db *db, const struct audit_actor *actor,
		 const char *action, int64_t att, json_t *before)
{
	json_t *after = NULL;
	int rc = store_attendance_json(db, att, &after);

	if (!rc)
		rc = audit_write(db, actor, action, "training_attendance", att,
				 before, after);
	json_decref(after);
	return rc;
}

int
training_checkin_add_in(struct db *db, const struct audit_actor *actor,
			int64_t session_id, int64_t enrolment_id,
			const char *at)
{
	int64_t id;
	char now[32];
	int rc;

	time_now_utc(now);
	rc = store_attendance_insert(db, session_id, enrolment_id, "present",
				     at, 0, now, &id);
	return rc ? rc : attendance_audit(db, actor, "create", id, NULL);
}

/* ---- attendance ---- */

/* The caller's address for the attempt log (which keeps 64 bytes). */
static const char *
actor_ip(const struct principal *p)
{
	return p->actor.ip && strlen(p->actor.ip) <= 64 ? p->actor.ip : "";
}

/*
 * Log attempt `outcome` of the check-in at `at` and commit, then answer
 * `rc` with the problem given (its key and message): a refused guess is
 * counted, and stays counted, even though the check-in itself fails.
 */
static int
checkin_refused(struct db *db, const struct principal *p, int64_t session_id,
		int64_t enrolment_id, const char *outcome, const char *at,
		struct problem *pb, int rc, const char *key,
		const char *message)
{
	struct checkin_subject s = { "training_session", session_id,
				     enrolment_id };
	int wrc = checkin_attempt(db, &s, p->account_id, outcome,
				  actor_ip(p), at);

	wrc = db_end(db, wrc);
	return wrc ? wrc : problem_key(pb, rc, "code", key, message);
}

/*
 * End the transaction with the outcome `rc` (db_end()), then attendance row
 * `att` as the answer.
 */
static int
done(struct db *db, int rc, int64_t att, json_t **out)
{
	rc = db_end(db, rc);
	return rc ? rc : store_attendance_json(db, att, out);
}

int
training_checkin(struct db *db, const struct principal *p,
		 int64_t session_id, json_t *in, json_t **out,
		 struct problem *pb)
{
	struct tr_session s;
	struct tr_enrolment e;
	struct checkin_subject guard = { "training_session", 0, 0 };
	char at[32], local[32];
	int64_t enrolment_id, existing, late, att = 0, failures;
	time_t from, to, now = time(NULL);
	const char *code;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_TRAINING_CHECKIN)) ||
	    (rc = record_validate(db, &training_checkin_input, in, true, pb)))
		return rc;
	if (p->person_id <= 0)
		return problem(pb, ERR_FORBIDDEN, NULL,
			       "the account is not linked to a person");
	code = record_text(in, "code");
	rc = store_session(db, session_id, &s);
	if (!rc)
		rc = store_enrolment_at(db, p->person_id, s.cohort_id,
					&enrolment_id);
	if (!rc)
		rc = store_enrolment(db, enrolment_id, &e);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such session in your "
			       "schedule");
	if (rc)
		return rc;
	if (strcmp(e.status, "enrolled"))
		return problem(pb, ERR_CONFLICT, NULL,
			       "your enrolment in this cohort has ended");
	if (strcmp(s.on_date, e.enrolled_on) < 0)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the session was held before you enrolled");
	/* Stored by training_session_create(): unreadable is a fault. */
	if (time_parse_utc(s.starts_at, &from) ||
	    time_parse_utc(s.ends_at, &to))
		return ERR_DB;
	if (now < from) {
		time_format_local(s.starts_at, local, sizeof(local));
		snprintf(tr_reason, sizeof(tr_reason), "the session has not "
			 "started yet: check-in opens at %s (Beijing time)",
			 local);
		return problem(pb, ERR_CONFLICT, NULL, tr_reason);
	}
	if (now >= to)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the session has ended: check-in is closed");
	if ((rc = settings_get_int(db, "training.late_after_minutes", &late)))
		return rc;
	guard.subject_id = session_id;
	guard.holder_id = enrolment_id;
	time_format_utc(now, at, sizeof(at));
	rc = db_begin(db);
	if (rc)
		return rc;
	/*
	 * The code is compared only after the guard's row is locked and its
	 * count read, so that guesses at once are counted one by one.
	 */
	rc = checkin_guard(db, &guard, at, &failures);
	if (rc)
		goto out;
	if (failures >= CHECKIN_MAX_FAILURES)
		return checkin_refused(db, p, session_id, enrolment_id,
				       "throttled", at, pb, ERR_THROTTLED,
				       "training.err.checkin_throttled",
				       "too many wrong codes for this session: "
				       "ask your teacher to mark your "
				       "attendance");
	if (strlen(code) != 6 || !secret_equal(code, s.code)) {
		rc = checkin_failed(db, &guard, at);
		if (rc)
			goto out;
		return checkin_refused(db, p, session_id, enrolment_id,
				       "wrong", at, pb, ERR_INVALID,
				       "training.err.checkin_code",
				       "the code is not this session's");
	}
	rc = store_attendance_find(db, session_id, enrolment_id, &existing);
	if (!rc && existing) {
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "your attendance at this session is already "
			     "recorded");
		goto out;
	}
	if (!rc)
		rc = store_attendance_insert(db, session_id, enrolment_id,
					     now - from > late * 60 ? "late" :
					     "present", at, 0, at, &att);
	if (!rc)
		rc = checkin_attempt(db, &guard, p->account_id, "accepted",
				     actor_ip(p), at);
	if (!rc)
		rc = attendance_audit(db, &p->actor, "checkin", att, NULL);
out:
	return done(db, rc, att, out);
}

int
training_may_teach(struct db *db, const struct principal *p,
		   int64_t cohort_id)
{
	bool yes = false;
	int rc;

	if (auth_is_staff(p))
		return 0;
	if ((rc = auth_may_call(p, PERM_TRAINING_TEACH)))
		return rc;
	if (p->person_id > 0 &&
	    (rc = store_teaches(db, p->person_id, cohort_id, &yes)))
		return rc;
	return yes ? 0 : ERR_NOTFOUND;
}

bool
training_teaches_session(const struct principal *p,
			 const struct tr_session *s)
{
	return auth_is_staff(p) ||
	       (p && p->person_id > 0 && (p->person_id == s->teacher_person_id ||
					 p->person_id == s->cohort_teacher));
}

int
training_taught_session(struct db *db, const struct principal *p,
			int64_t id, struct tr_session *s)
{
	int rc;

	if (!auth_is_staff(p) && (rc = auth_may_call(p, PERM_TRAINING_TEACH)))
		return rc;
	rc = store_session(db, id, s);
	if (!rc && !training_teaches_session(p, s))
		rc = ERR_NOTFOUND;
	return rc;
}

int
training_mark(struct db *db, const struct principal *p, int64_t session_id,
	      json_t *in, json_t **out, struct problem *pb)
{
	struct tr_session s;
	struct tr_enrolment e;
	const char *const *st, *status;
	json_t *before = NULL;
	char now[32];
	int64_t att = 0, enrolment_id;
	int rc;

	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	if ((!auth_is_staff(p) &&
	     (rc = auth_may_call(p, PERM_TRAINING_TEACH))) ||
	    (rc = record_validate(db, &training_mark_input, in, true, pb)))
		return rc;
	enrolment_id = record_int(in, "enrolment_id");
	status = record_text(in, "status");
	for (st = training_attendance_statuses; *st; st++)
		if (status && !strcmp(*st, status))
			break;
	if (!*st)
		return problem_key(pb, ERR_INVALID, "status",
				   "training.err.attendance_status",
				   "status must be present, late, excused or "
				   "absent");
	rc = training_taught_session(db, p, session_id, &s);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such session among your "
			       "cohorts");
	if (rc)
		return rc;
	rc = store_enrolment(db, enrolment_id, &e);
	if (rc == ERR_NOTFOUND || (!rc && e.cohort_id != s.cohort_id))
		return problem_key(pb, ERR_INVALID, "enrolment_id",
				   "training.err.not_in_cohort",
				   "enrolment_id is not a trainee of the "
				   "session's cohort");
	if (rc)
		return rc;
	if (strcmp(s.on_date, e.enrolled_on) < 0)
		return problem_key(pb, ERR_CONFLICT, "enrolment_id",
				   "training.err.session_before_enrolment",
				   "the session was held before the trainee "
				   "enrolled: it does not count for them");
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_attendance_find(db, session_id, enrolment_id, &att);
	if (!rc && att) {
		rc = store_attendance_json(db, att, &before);
		if (!rc)
			rc = store_attendance_mark(db, att, status,
						   p->account_id, now);
	} else if (!rc) {
		rc = store_attendance_insert(db, session_id, enrolment_id,
					     status, NULL, p->account_id, now,
					     &att);
	}
	if (!rc)
		rc = attendance_audit(db, &p->actor, before ? "update" :
				      "create", att, before);
	json_decref(before);
	return done(db, rc, att, out);
}

int
training_confirm(struct db *db, const struct principal *p,
		 int64_t attendance_id, json_t *in, json_t **out,
		 struct problem *pb)
{
	struct tr_attendance a;
	json_t *before = NULL;
	char now[32];
	bool ok = false;
	int rc;

	(void)in;
	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	if (!auth_is_staff(p) && (rc = auth_may_call(p, PERM_TRAINING_TEACH)))
		return rc;
	rc = store_attendance(db, attendance_id, &a);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such attendance record");
	if (rc)
		return rc;
	if (auth_is_staff(p))
		ok = true;
	else if (p->person_id > 0)
		ok = p->person_id == a.session_teacher ||
		     p->person_id == a.cohort_teacher ||
		     p->person_id == a.master;
	if (!ok)
		return problem(pb, ERR_NOTFOUND, NULL,
			       "no such attendance record");
	if (strcmp(a.status, "present") && strcmp(a.status, "late"))
		return problem(pb, ERR_CONFLICT, NULL,
			       "only attended hours can be confirmed");
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_attendance_json(db, attendance_id, &before);
	if (!rc && json_is_null(json_object_get(before, "verified_at"))) {
		rc = store_attendance_verify(db, attendance_id, p->account_id,
					     now);
		/* Marked absent, or confirmed, since we read it. */
		if (rc == ERR_NOTFOUND)
			rc = problem(pb, ERR_CONFLICT, NULL, "the record "
				     "changed meanwhile: reload it");
		if (!rc)
			rc = attendance_audit(db, &p->actor, "confirm",
					      attendance_id, before);
	}
	json_decref(before);
	return done(db, rc, attendance_id, out);
}

/* Mark or confirm one row of the roll for training_mark_all(); audited. */
static int
mark_one(struct db *db, const struct principal *p, int64_t session_id,
	 json_t *row, const char *now, int64_t *marked, int64_t *confirmed)
{
	int64_t att = record_int(row, "attendance_id");
	const char *status = record_text(row, "status");
	json_t *before = NULL;
	int rc = 0;

	if (!att) {
		rc = store_attendance_insert(db, session_id,
			record_int(row, "enrolment_id"), "present", NULL,
			p->account_id, now, &att);
		++*marked;
	} else if (status && (!strcmp(status, "present") ||
			      !strcmp(status, "late")) &&
		   !record_int(row, "verified")) {
		rc = store_attendance_json(db, att, &before);
		if (!rc)
			rc = store_attendance_verify(db, att, p->account_id,
						     now);
		++*confirmed;
	} else {
		return 0;
	}
	if (!rc)
		rc = attendance_audit(db, &p->actor, before ? "confirm" :
				      "create", att, before);
	json_decref(before);
	return rc;
}

int
training_mark_all(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct tr_session s;
	json_t *roll = json_array(), *row;
	int64_t marked = 0, confirmed = 0;
	char now[32];
	size_t i;
	int rc;

	(void)in;
	*out = NULL;
	if (!p) {
		rc = ERR_UNAUTH;
		goto out;
	}
	rc = training_taught_session(db, p, id, &s);
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, rc, NULL, "no such session among your "
			     "cohorts");
	if (rc)
		goto out;
	time_now_utc(now);
	if (strcmp(s.starts_at, now) > 0) {
		rc = problem_key(pb, ERR_CONFLICT, NULL,
				 "training.err.not_started",
				 "the session has not started yet");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = store_list(db, TR_ROLL, id, roll);
	json_array_foreach(roll, i, row)
		if (rc || (rc = mark_one(db, p, id, row, now, &marked,
					 &confirmed)))
			break;
	rc = db_end(db, rc);
	if (!rc)
		*out = json_pack("{s:I,s:I,s:I}", "session_id", (json_int_t)id,
				 "marked", (json_int_t)marked, "confirmed",
				 (json_int_t)confirmed);
out:
	json_decref(roll);
	return rc;
}

int
training_cohort_sessions(struct db *db, const struct principal *p,
			 int64_t id, json_t *in, json_t **out,
			 struct problem *pb)
{
	int rc = training_may_teach(db, p, id);

	(void)in;
	*out = NULL;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such cohort among yours");
	return rc ? rc : tr_items(db, TR_SESSIONS_OF, id, out);
}

int
training_sheet(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	struct tr_session s;
	json_t *session;
	int rc = training_taught_session(db, p, id, &s);

	(void)in;
	*out = NULL;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such session among your "
			       "cohorts");
	if (rc || (rc = tr_items(db, TR_SHEET, id, out)))
		return rc;
	if ((rc = record_get(db, &training_session_table, id, &session))) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	json_object_set_new(*out, "session", session);
	return 0;
}
