/*
 * rules.c - the rules of the training module that are more than a table
 * (training.h): scheduling, enrolment and its events, check-in, marking
 * and confirming attendance, completion, dual mentors, weekly logs. Each
 * checks the caller, runs in one transaction and writes its audit rows.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/secret.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "settings/settings.h"
#include "training/rules.h"
#include "training/store.h"
#include "training/training.h"

/* Reasons live in storage of the calling thread until its next call. */
static _Thread_local char reason[256];

static bool
is_staff(const struct principal *p)
{
	return p && !auth_require(p, PERM_TRAINING_WRITE, 0);
}

static void
now_utc(char out[32])
{
	time_format_utc(time(NULL), out, 32);
}

/* The Beijing date of UTC time t. */
static void
beijing_date(time_t t, char out[11])
{
	struct tm tm;

	t += 8 * 3600;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * `on` as given, or today in Beijing: what happens is dated today or
 * before, never later. ERR_INVALID naming `field`.
 */
static int
date_or_today(const char *on, char out[11], const char *field,
	      struct problem *pb)
{
	char today[11];

	beijing_date(time(NULL), today);
	if (!on) {
		memcpy(out, today, sizeof(today));
		return 0;
	}
	if (!date_valid(on))
		return problem(pb, ERR_INVALID, field,
			       "the date must be YYYY-MM-DD");
	if (strcmp(on, today) > 0)
		return problem(pb, ERR_INVALID, field,
			       "the date must not be in the future");
	snprintf(out, 11, "%s", on);
	return 0;
}

/* Refuse input fields that the rule sets itself. */
static int
refuse_fields(json_t *in, const char *const *names, struct problem *pb)
{
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	for (; *names; names++)
		if (json_object_get(in, *names)) {
			snprintf(reason, sizeof(reason),
				 "unknown field '%s'", *names);
			return problem(pb, ERR_INVALID, *names, reason);
		}
	return 0;
}

/* Audit a change of record `id` of `t` inside the transaction. */
static int
audit_record(struct db *db, const struct principal *p,
	     const struct record_table *t, const char *action, int64_t id,
	     json_t *before)
{
	json_t *after = NULL;
	int rc = record_get(db, t, id, &after);

	if (!rc)
		rc = audit_write(db, &p->actor, action, t->entity, id, before,
				 after);
	json_decref(after);
	return rc;
}

int
training_hours(struct db *db, int64_t enrolment_id, const char *now,
	       struct training_hours *out)
{
	struct tr_enrolment e;
	int rc = store_enrolment(db, enrolment_id, &e);

	if (!rc)
		rc = store_hours(db, enrolment_id, now, out);
	return rc;
}

int
training_completions_of(struct db *db, int64_t person_id, json_t **items)
{
	*items = json_array();
	return store_completions_of(db, person_id, *items);
}

int
training_has_completed(struct db *db, int64_t person_id, const char *kind,
		       const char *on, bool *yes)
{
	return store_has_completed(db, person_id, kind, on, yes);
}

int
training_may_read_enrolment(struct db *db, const struct principal *p,
			    int64_t enrolment_id)
{
	struct tr_enrolment e;
	int64_t teacher, org;
	bool yes;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (!auth_require(p, PERM_TRAINING_READ, 0))
		return store_enrolment(db, enrolment_id, &e);
	teacher = p->roles & ROLE_TEACHER ? p->person_id : 0;
	org = p->roles & (ROLE_ENTERPRISE | ROLE_COLLEGE) ? p->org_id : 0;
	rc = store_may_read(db, enrolment_id, p->person_id, teacher, org,
			    &yes);
	if (!rc && !yes)
		rc = ERR_NOTFOUND;
	return rc;
}

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
		rc = problem(pb, ERR_INVALID, "module_id",
			     "module_id is not a module of the cohort's "
			     "programme");
	return rc;
}

int
training_session_update(struct db *db, const struct principal *p,
			int64_t id, json_t *in, struct problem *pb)
{
	struct tr_session s;
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)))
		return rc;
	rc = store_session(db, id, &s);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such record");
	if (!rc)
		rc = module_fits(db, in, s.cohort_id, pb);
	if (!rc)
		rc = record_update(db, &training_session_table, &p->actor, id,
				   in, pb);
	return rc;
}

int
training_session_create(struct db *db, const struct principal *p,
			json_t *in, int64_t *id, struct problem *pb)
{
	static const char *const derived[] = {
		"on_date", "minutes", "code", NULL
	};
	time_t from, to;
	char on_date[11], code[7];
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = refuse_fields(in, derived, pb)) ||
	    (rc = record_validate(db, &training_session_table, in, true,
				  pb)) ||
	    (rc = training_session_table.check(in, pb)))
		return rc;
	if ((rc = module_fits(db, in, json_integer_value(json_object_get(in,
				"cohort_id")), pb)))
		return rc;
	time_parse_utc(json_string_value(json_object_get(in, "starts_at")),
		       &from);
	time_parse_utc(json_string_value(json_object_get(in, "ends_at")),
		       &to);
	if (to - from > 24 * 3600)
		return problem(pb, ERR_INVALID, "ends_at",
			       "a session lasts at most 24 hours");
	if (to - from < 60)
		return problem(pb, ERR_INVALID, "ends_at",
			       "a session lasts at least a minute");
	beijing_date(from, on_date);
	snprintf(code, sizeof(code), "%06u",
		 (unsigned)randombytes_uniform(1000000));
	json_object_set_new(in, "on_date", json_string(on_date));
	json_object_set_new(in, "minutes",
			    json_integer((json_int_t)((to - from) / 60)));
	json_object_set_new(in, "code", json_string(code));
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = record_create_in(db, &training_session_table, &p->actor, in, id,
			      pb);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

/* ---- enrolment and its events ---- */

int
training_enrol_in(struct db *db, const struct audit_actor *actor,
		  json_t *in, int64_t *id, struct problem *pb)
{
	static const char *const derived[] = { "status", "status_on", NULL };
	const char *on;
	char now[32], estatus[16], eon[11];
	int64_t ev, other;
	json_t *v;
	int rc;

	*id = 0;
	if ((rc = refuse_fields(in, derived, pb)))
		return rc;
	v = json_object_get(in, "enrolled_on");
	if (json_is_string(v))
		json_object_set(in, "status_on", v);
	rc = record_create_in(db, &training_enrolment_table, actor, in, id,
			      pb);
	if (rc == ERR_CONFLICT) {
		int64_t person = json_integer_value(json_object_get(in,
							"person_id"));
		int64_t cohort = json_integer_value(json_object_get(in,
							"cohort_id"));

		if (!store_enrolment_at(db, person, cohort, &other, eon,
					estatus))
			return problem(pb, ERR_CONFLICT, "person_id",
				       "the person is already enrolled in "
				       "this cohort");
		return problem(pb, ERR_CONFLICT, "cohort_id",
			       "the cohort is full: every place is taken");
	}
	if (rc)
		return rc;
	on = json_string_value(json_object_get(in, "enrolled_on"));
	now_utc(now);
	rc = store_event(db, *id, "enrolled", on, "", actor->id, now,
			 &ev);
	if (!rc) {
		json_t *after = json_pack("{ss}", "on_date", on);

		rc = audit_write(db, actor, "enrolled", "training_enrolment",
				 *id, NULL, after);
		json_decref(after);
	}
	return rc;
}

int
training_enrol(struct db *db, const struct principal *p, json_t *in,
	       int64_t *id, struct problem *pb)
{
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = training_enrol_in(db, &p->actor, in, id, pb);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	*id = 0;
	db_rollback(db);
	return rc;
}

int
training_event_in(struct db *db, const struct audit_actor *actor,
		  int64_t enrolment_id, const char *kind, const char *on,
		  const char *reason_text, struct problem *pb)
{
	struct tr_enrolment e;
	char now[32];
	int64_t ev;
	json_t *after;
	int rc;

	if (!kind || (strcmp(kind, "completed") && strcmp(kind, "withdrawn")))
		return problem(pb, ERR_INVALID, "kind",
			       "kind must be completed or withdrawn");
	if (!on || !date_valid(on))
		return problem(pb, ERR_INVALID, "on_date",
			       "on_date must be a date, YYYY-MM-DD");
	if (reason_text && record_chars(reason_text) > 500)
		return problem(pb, ERR_INVALID, "reason",
			       "reason must be at most 500 characters");
	rc = store_enrolment(db, enrolment_id, &e);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such enrolment");
	if (rc)
		return rc;
	if (strcmp(e.status, "enrolled")) {
		snprintf(reason, sizeof(reason),
			 "the enrolment has already ended (%s)", e.status);
		return problem(pb, ERR_CONFLICT, NULL, reason);
	}
	if (strcmp(on, e.enrolled_on) < 0)
		return problem(pb, ERR_INVALID, "on_date",
			       "the date is before the enrolment");
	now_utc(now);
	rc = store_event(db, enrolment_id, kind, on, reason_text,
			 actor->id, now, &ev);
	if (rc)
		return rc;
	after = json_pack("{ss ss ss}", "kind", kind, "on_date", on,
			  "reason", reason_text ? reason_text : "");
	rc = audit_write(db, actor, kind, "training_enrolment", enrolment_id,
			 NULL, after);
	json_decref(after);
	return rc;
}

/*
 * The answer for a caller who may not act on an enrolment: 403 when they
 * may see it, 404 when it does not exist for them.
 */
static int
refuse(struct db *db, const struct principal *p, int64_t enrolment_id,
       struct problem *pb)
{
	if (!training_may_read_enrolment(db, p, enrolment_id))
		return problem(pb, ERR_FORBIDDEN, NULL,
			       "only staff or the cohort's teacher may do "
			       "this");
	return problem(pb, ERR_NOTFOUND, NULL, "no such enrolment");
}

int
training_complete(struct db *db, const struct principal *p, int64_t id,
		  const char *on, struct problem *pb)
{
	struct training_rule rule;
	struct training_progress pr;
	struct tr_enrolment e;
	char day[11], now[32];
	const char *why;
	int64_t v;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if ((rc = date_or_today(on, day, "on_date", pb)))
		return rc;
	rc = store_enrolment(db, id, &e);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such enrolment");
	if (rc)
		return rc;
	if (!is_staff(p) && !((p->roles & ROLE_TEACHER) && p->person_id > 0 &&
			      p->person_id == e.cohort_teacher))
		return refuse(db, p, id, pb);
	rc = db_begin(db);
	if (rc)
		return rc;
	now_utc(now);
	rc = store_hours(db, id, now, &pr.hours);
	if (!rc)
		rc = store_modules_passed(db, id, &pr.modules,
					  &pr.modules_passed);
	if (rc)
		goto out_rollback;
	rule.min_attendance_pct = (int)e.min_attendance_pct;
	if (e.min_attendance_pct < 0) {
		if ((rc = settings_get_int(db, "training.min_attendance_pct",
					   &v)))
			goto out_rollback;
		rule.min_attendance_pct = (int)v;
	}
	v = e.assessments_required;
	if (v < 0 && (rc = settings_get_int(db,
					    "training.assessments_required",
					    &v)))
		goto out_rollback;
	rule.assessments_required = v != 0;
	why = training_rule_unmet(&rule, &pr, reason, sizeof(reason));
	if (why) {
		rc = problem(pb, ERR_CONFLICT, NULL, why);
		goto out_rollback;
	}
	rc = training_event_in(db, &p->actor, id, "completed", day, "", pb);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

int
training_withdraw(struct db *db, const struct principal *p, int64_t id,
		  const char *on, const char *why, struct problem *pb)
{
	char day[11];
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = date_or_today(on, day, "on_date", pb)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = training_event_in(db, &p->actor, id, "withdrawn", day, why, pb);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

/* ---- attendance ---- */

int
training_checkin(struct db *db, const struct principal *p,
		 int64_t session_id, const char *code, time_t now,
		 struct problem *pb)
{
	struct tr_session s;
	char estatus[16], enrolled_on[11], at[32], local[32];
	int64_t enrolment_id, existing, late, att;
	time_t from, to;
	json_t *after = NULL;
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_CHECKIN, 0)))
		return rc;
	if (p->person_id <= 0)
		return problem(pb, ERR_FORBIDDEN, NULL,
			       "the account is not linked to a person");
	if (!code || !*code)
		return problem(pb, ERR_INVALID, "code", "code is required");
	rc = store_session(db, session_id, &s);
	if (!rc)
		rc = store_enrolment_at(db, p->person_id, s.cohort_id,
					&enrolment_id, enrolled_on, estatus);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such session in your "
			       "schedule");
	if (rc)
		return rc;
	if (strcmp(estatus, "enrolled"))
		return problem(pb, ERR_CONFLICT, NULL,
			       "your enrolment in this cohort has ended");
	if (strcmp(s.on_date, enrolled_on) < 0)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the session was held before you enrolled");
	time_parse_utc(s.starts_at, &from);
	time_parse_utc(s.ends_at, &to);
	if (now < from) {
		time_format_local(s.starts_at, local, sizeof(local));
		snprintf(reason, sizeof(reason), "the session has not "
			 "started yet: check-in opens at %s (Beijing time)",
			 local);
		return problem(pb, ERR_CONFLICT, NULL, reason);
	}
	if (now >= to)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the session has ended: check-in is closed");
	if (strlen(code) != 6 || !secret_equal(code, s.code))
		return problem(pb, ERR_INVALID, "code",
			       "the code is not this session's");
	if ((rc = settings_get_int(db, "training.late_after_minutes", &late)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_attendance_find(db, session_id, enrolment_id, &existing);
	if (!rc && existing) {
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "your attendance at this session is already "
			     "recorded");
		goto out_rollback;
	}
	time_format_utc(now, at, sizeof(at));
	if (!rc)
		rc = store_attendance_insert(db, session_id, enrolment_id,
					     now - from > late * 60 ? "late" :
					     "present", at, 0, at, &att);
	if (!rc)
		rc = store_attendance_json(db, att, &after);
	if (!rc)
		rc = audit_write(db, &p->actor, "checkin",
				 "training_attendance", att, NULL, after);
	json_decref(after);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

int
training_may_teach(struct db *db, const struct principal *p,
		   int64_t cohort_id)
{
	bool yes = false;
	int rc;

	if (is_staff(p))
		return 0;
	if ((rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	if (p->person_id > 0 &&
	    (rc = store_teaches(db, p->person_id, cohort_id, &yes)))
		return rc;
	return yes ? 0 : ERR_NOTFOUND;
}

int
training_taught_session(struct db *db, const struct principal *p,
			int64_t id, struct tr_session *s)
{
	int rc;

	if (!is_staff(p) && (rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	rc = store_session(db, id, s);
	if (!rc)
		rc = training_may_teach(db, p, s->cohort_id);
	return rc;
}

int
training_mark(struct db *db, const struct principal *p, int64_t session_id,
	      int64_t enrolment_id, const char *status, struct problem *pb)
{
	struct tr_session s;
	struct tr_enrolment e;
	const char *const *st;
	json_t *before = NULL, *after = NULL;
	char now[32];
	int64_t att;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (!is_staff(p) && (rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	for (st = training_attendance_statuses; *st; st++)
		if (status && !strcmp(*st, status))
			break;
	if (!*st)
		return problem(pb, ERR_INVALID, "status",
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
		return problem(pb, ERR_INVALID, "enrolment_id",
			       "enrolment_id is not a trainee of the "
			       "session's cohort");
	if (rc)
		return rc;
	if (strcmp(s.on_date, e.enrolled_on) < 0)
		return problem(pb, ERR_CONFLICT, "enrolment_id",
			       "the session was held before the trainee "
			       "enrolled: it does not count for them");
	now_utc(now);
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
		rc = store_attendance_json(db, att, &after);
	if (!rc)
		rc = audit_write(db, &p->actor, before ? "update" : "create",
				 "training_attendance", att, before, after);
	json_decref(before);
	json_decref(after);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

int
training_confirm(struct db *db, const struct principal *p,
		 int64_t attendance_id, struct problem *pb)
{
	struct tr_attendance a;
	json_t *before = NULL, *after = NULL;
	char now[32];
	bool ok = false;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (!is_staff(p) && (rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	rc = store_attendance(db, attendance_id, &a);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such attendance record");
	if (rc)
		return rc;
	if (is_staff(p))
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
	now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_attendance_json(db, attendance_id, &before);
	if (!rc && json_is_null(json_object_get(before, "verified_at"))) {
		rc = store_attendance_verify(db, attendance_id, p->account_id,
					     now);
		if (!rc)
			rc = store_attendance_json(db, attendance_id, &after);
		if (!rc)
			rc = audit_write(db, &p->actor, "confirm",
					 "training_attendance", attendance_id,
					 before, after);
	}
	json_decref(before);
	json_decref(after);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

/* ---- dual mentors and weekly logs ---- */

int
training_mentor_assign(struct db *db, const struct principal *p, json_t *in,
		       int64_t *id, struct problem *pb)
{
	struct tr_enrolment e;
	int64_t master, cap, load, current;
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = record_validate(db, &training_mentor_table, in, true, pb)) ||
	    (rc = training_mentor_table.check(in, pb)))
		return rc;
	rc = store_enrolment(db, json_integer_value(json_object_get(in,
				"enrolment_id")), &e);
	if (rc)
		return rc;
	if (strcmp(e.kind, "apprenticeship"))
		return problem(pb, ERR_INVALID, "enrolment_id",
			       "mentors are for enrolments in an "
			       "apprenticeship programme");
	if (strcmp(e.status, "enrolled"))
		return problem(pb, ERR_CONFLICT, "enrolment_id",
			       "the apprenticeship has ended");
	master = json_integer_value(json_object_get(in, "master_person_id"));
	if ((rc = settings_get_int(db, "training.master_max_apprentices",
				   &cap)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_current_master(db, e.id, &current);
	if (!rc && current) {
		rc = problem(pb, ERR_CONFLICT, "enrolment_id",
			     "the apprentice already has a current master; "
			     "end that mentorship first");
		goto out_rollback;
	}
	if (!rc)
		rc = store_master_load(db, master, &load);
	if (!rc && load >= cap)
		rc = ERR_CONFLICT;
	if (!rc)
		rc = record_create_in(db, &training_mentor_table, &p->actor,
				      in, id, pb);
	if (rc == ERR_CONFLICT) {
		/* The database's count, which requests at once cannot race,
		 * refused it, or ours did. */
		snprintf(reason, sizeof(reason), "the master already has %lld "
			 "current apprentices, the most allowed "
			 "(training.master_max_apprentices)", (long long)cap);
		rc = problem(pb, ERR_CONFLICT, "master_person_id", reason);
	}
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	*id = 0;
	db_rollback(db);
	return rc;
}

int
training_log_write(struct db *db, const struct principal *p, json_t *in,
		   int64_t *id, struct problem *pb)
{
	static const char *const derived[] = {
		"confirmed_at", "confirmed_by_person_id", NULL
	};
	struct tr_enrolment e;
	int64_t master;
	int rc;

	*id = 0;
	if (!p)
		return ERR_UNAUTH;
	if ((rc = refuse_fields(in, derived, pb)) ||
	    (rc = record_validate(db, &training_weekly_log_table, in, true,
				  pb)))
		return rc;
	rc = store_enrolment(db, json_integer_value(json_object_get(in,
				"enrolment_id")), &e);
	if (!rc && (p->person_id <= 0 || e.person_id != p->person_id))
		rc = ERR_NOTFOUND;
	if (!rc)
		rc = store_current_master(db, e.id, &master);
	if (!rc && !master)
		return problem(pb, ERR_INVALID, "enrolment_id",
			       "weekly logs are kept by apprentices with a "
			       "master");
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_INVALID, "enrolment_id",
			       "enrolment_id is not one of your enrolments");
	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = record_create_in(db, &training_weekly_log_table, &p->actor, in,
			      id, pb);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, "week_of",
			     "there is already a log for this week");
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	*id = 0;
	db_rollback(db);
	return rc;
}

int
training_log_confirm(struct db *db, const struct principal *p,
		     int64_t log_id, struct problem *pb)
{
	int64_t enrolment_id, master;
	json_t *before = NULL;
	char now[32];
	bool confirmed;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	rc = store_log_enrolment(db, log_id, &enrolment_id, &confirmed);
	if (!rc)
		rc = store_current_master(db, enrolment_id, &master);
	if (!rc && (p->person_id <= 0 || master != p->person_id))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such log among your "
			       "apprentices'");
	if (rc)
		return rc;
	if (confirmed)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the log is already confirmed");
	now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = record_get(db, &training_weekly_log_table, log_id, &before);
	if (!rc)
		rc = store_log_confirm(db, log_id, p->person_id, now);
	if (!rc)
		rc = audit_record(db, p, &training_weekly_log_table, "confirm",
				  log_id, before);
	json_decref(before);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}

int
training_partner_check(struct db *db, json_t *in, int64_t id,
		       struct problem *pb)
{
	json_t *share = json_object_get(in, "share_pct");
	json_t *centre = json_object_get(in, "centre_id");
	int64_t centre_id, others;
	int rc;

	if (!json_is_integer(share))
		return 0;
	if (json_is_integer(centre)) {
		centre_id = json_integer_value(centre);
	} else {
		json_t *rec;

		rc = record_get(db, &training_partner_table, id, &rec);
		if (rc)
			return rc == ERR_NOTFOUND ? 0 : rc;
		centre_id = json_integer_value(json_object_get(rec,
							       "centre_id"));
		json_decref(rec);
	}
	rc = store_partner_shares(db, centre_id, id, &others);
	if (rc)
		return rc;
	if (others + json_integer_value(share) > 100) {
		snprintf(reason, sizeof(reason), "the co-builders' shares "
			 "would add up to %lld%%; at most 100%% is possible",
			 (long long)(others + json_integer_value(share)));
		return problem(pb, ERR_CONFLICT, "share_pct", reason);
	}
	return 0;
}

int
training_partner_create(struct db *db, const struct principal *p,
			json_t *in, int64_t *id, struct problem *pb)
{
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = record_validate(db, &training_partner_table, in, true, pb)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = training_partner_check(db, in, 0, pb);
	if (!rc)
		rc = record_create_in(db, &training_partner_table, &p->actor,
				      in, id, pb);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	*id = 0;
	db_rollback(db);
	return rc;
}

int
training_partner_update(struct db *db, const struct principal *p,
			int64_t id, json_t *in, struct problem *pb)
{
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = training_partner_check(db, in, id, pb)))
		return rc;
	return record_update(db, &training_partner_table, &p->actor, id, in,
			     pb);
}

int
training_mentor_update(struct db *db, const struct principal *p,
		       int64_t id, json_t *in, struct problem *pb)
{
	int64_t cap;
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)))
		return rc;
	rc = record_update(db, &training_mentor_table, &p->actor, id, in, pb);
	if (rc == ERR_CONFLICT && !settings_get_int(db,
			"training.master_max_apprentices", &cap)) {
		snprintf(reason, sizeof(reason), "the master already has %lld "
			 "current apprentices, the most allowed "
			 "(training.master_max_apprentices)", (long long)cap);
		rc = problem(pb, ERR_CONFLICT, "master_person_id", reason);
	}
	return rc;
}
