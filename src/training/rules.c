/*
 * rules.c - the rules of the training module that are more than a table
 * (training.h, training_int.h): what other modules read (hours,
 * completions, who may read an enrolment), enrolment and its events,
 * completion, withdrawal, the co-builders' shares and "my training";
 * with the helpers the other rules*.c files share. Each rule checks the
 * caller, runs in one transaction and writes its audit rows.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/training.h"
#include "training/training_int.h"

/* Reasons live in storage of the calling thread until its next call. */
_Thread_local char tr_reason[256];

/*
 * `on` as given, or today in Beijing: what happens is dated today or
 * before, never later. ERR_INVALID naming `field`.
 */
static int
date_or_today(const char *on, char out[11], const char *field,
	      struct problem *pb)
{
	char today[11];

	time_today_beijing(today);
	if (!on) {
		memcpy(out, today, sizeof(today));
		return 0;
	}
	if (!date_valid(on))
		return problem_key(pb, ERR_INVALID, field,
				   "training.err.date",
				   "the date must be YYYY-MM-DD");
	if (strcmp(on, today) > 0)
		return problem_key(pb, ERR_INVALID, field,
				   "training.err.date_future",
				   "the date must not be in the future");
	snprintf(out, 11, "%s", on);
	return 0;
}

/* Refuse input fields that the rule sets itself. */
int
tr_refuse_fields(json_t *in, const char *const *names, struct problem *pb)
{
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	for (; *names; names++)
		if (json_object_get(in, *names)) {
			snprintf(tr_reason, sizeof(tr_reason),
				 "unknown field '%s'", *names);
			return problem_key(pb, ERR_INVALID, *names,
					   "err.system_field", tr_reason);
		}
	return 0;
}

int
tr_no_enrolment(struct problem *pb, const char *field)
{
	return problem_key(pb, ERR_NOTFOUND, field,
			   "training.err.enrolment_gone", "no such enrolment");
}

int
tr_enrolment_get(struct db *db, int64_t id, const char *field,
		 struct tr_enrolment *e, struct problem *pb)
{
	int rc = store_enrolment(db, id, e);

	return rc == ERR_NOTFOUND ? tr_no_enrolment(pb, field) : rc;
}

int
tr_items(struct db *db, enum tr_list which, int64_t id, json_t **out)
{
	json_t *items = json_array();
	int rc = store_list(db, which, id, items);

	*out = rc ? NULL : json_pack("{s:o}", "items", items);
	if (rc)
		json_decref(items);
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

/* ---- enrolment and its events ---- */

int
training_enrol_in(struct db *db, const struct audit_actor *actor,
		  json_t *in, int64_t *id, struct problem *pb)
{
	static const char *const derived[] = { "status", "status_on", NULL };
	const char *on;
	char now[32];
	int64_t ev, other;
	json_t *v;
	int rc;

	*id = 0;
	if ((rc = tr_refuse_fields(in, derived, pb)))
		return rc;
	v = json_object_get(in, "enrolled_on");
	if (json_is_string(v))
		json_object_set(in, "status_on", v);
	rc = record_create_in(db, &training_enrolment_table, actor, in, id,
			      pb);
	if (rc == ERR_CONFLICT) {
		int64_t person = record_int(in, "person_id");
		int64_t cohort = record_int(in, "cohort_id");

		if (!store_enrolment_at(db, person, cohort, &other))
			return problem_key(pb, ERR_CONFLICT, "person_id",
					   "training.err.enrolled",
					   "the person is already enrolled in "
					   "this cohort");
		return problem_key(pb, ERR_CONFLICT, "cohort_id",
				   "training.err.cohort_full",
				   "the cohort is full: every place is taken");
	}
	if (rc)
		return rc;
	on = record_text(in, "enrolled_on");
	time_now_utc(now);
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
training_enrol(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = training_enrol_in(db, &p->actor, in, &id, pb);
	return record_end(db, rc, &training_enrolment_table, id, out);
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
		return problem_key(pb, ERR_INVALID, "kind",
				   "training.err.end_kind",
				   "kind must be completed or withdrawn");
	if (!on || !date_valid(on))
		return problem_key(pb, ERR_INVALID, "on_date",
				   "training.err.on_date",
				   "on_date must be a date, YYYY-MM-DD");
	if (reason_text && record_chars(reason_text) > 500)
		return problem_key(pb, ERR_INVALID, "reason",
				   "training.err.reason_long",
				   "reason must be at most 500 characters");
	if ((rc = tr_enrolment_get(db, enrolment_id, NULL, &e, pb)))
		return rc;
	if (strcmp(e.status, "enrolled")) {
		snprintf(tr_reason, sizeof(tr_reason),
			 "the enrolment has already ended (%s)", e.status);
		return problem(pb, ERR_CONFLICT, NULL, tr_reason);
	}
	if (strcmp(on, e.enrolled_on) < 0)
		return problem_key(pb, ERR_INVALID, "on_date",
				   "training.err.before_enrolment",
				   "the date is before the enrolment");
	time_now_utc(now);
	rc = store_event(db, enrolment_id, kind, on, reason_text,
			 actor->id, now, &ev);
	/*
	 * The database's check, which sees what committed after our read:
	 * another completion or withdrawal got there first.
	 */
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, NULL, "the enrolment has already ended");
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
	return tr_no_enrolment(pb, NULL);
}

/* The text member `key` of `in`, or NULL. */
int
tr_completion_unmet(struct db *db, const struct tr_enrolment *e,
		    const char *now, const char **why)
{
	struct training_rule rule;
	struct training_progress pr;
	int64_t v;
	int rc = store_hours(db, e->id, now, &pr.hours);

	*why = NULL;
	if (!rc)
		rc = store_modules_passed(db, e->id, &pr.modules,
					  &pr.modules_passed);
	if (rc)
		return rc;
	rule.min_attendance_pct = (int)e->min_attendance_pct;
	if (e->min_attendance_pct < 0) {
		if ((rc = settings_get_int(db, "training.min_attendance_pct",
					   &v)))
			return rc;
		rule.min_attendance_pct = (int)v;
	}
	v = e->assessments_required;
	if (v < 0 && (rc = settings_get_int(db,
					    "training.assessments_required",
					    &v)))
		return rc;
	rule.assessments_required = v != 0;
	*why = training_rule_unmet(&rule, &pr, tr_reason, sizeof(tr_reason));
	return 0;
}

int
training_complete(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct tr_enrolment e;
	char day[11], now[32];
	const char *why;
	int rc;

	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	if ((rc = record_validate(db, &training_complete_input, in, true,
				  pb)) ||
	    (rc = date_or_today(record_text(in, "on_date"), day, "on_date",
				pb)))
		return rc;
	if ((rc = tr_enrolment_get(db, id, NULL, &e, pb)))
		return rc;
	if (!auth_is_staff(p) && !((p->roles & ROLE_TEACHER) &&
				 p->person_id > 0 &&
				 p->person_id == e.cohort_teacher))
		return refuse(db, p, id, pb);
	rc = db_begin(db);
	if (rc)
		return rc;
	time_now_utc(now);
	if ((rc = tr_completion_unmet(db, &e, now, &why)))
		goto out;
	if (why) {
		rc = problem(pb, ERR_CONFLICT, NULL, why);
		goto out;
	}
	rc = training_event_in(db, &p->actor, id, "completed", day, "", pb);
out:
	return record_end(db, rc, &training_enrolment_table, id, out);
}

int
training_withdraw(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	char day[11];
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = record_validate(db, &training_withdraw_input, in, true,
				  pb)) ||
	    (rc = date_or_today(record_text(in, "on_date"), day, "on_date",
				pb)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = training_event_in(db, &p->actor, id, "withdrawn", day,
			       record_text(in, "reason"), pb);
	return record_end(db, rc, &training_enrolment_table, id, out);
}

/* ---- co-builders ---- */

/*
 * Whether `in`'s share_pct, for co-builder `id` (0: a new one, of in's
 * centre_id), keeps the centre's sum within 100%.
 */
static int
partner_check(struct db *db, json_t *in, int64_t id, struct problem *pb)
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
		centre_id = record_int(rec, "centre_id");
		json_decref(rec);
	}
	rc = store_partner_shares(db, centre_id, id, &others);
	if (rc)
		return rc;
	if (others + json_integer_value(share) > 100) {
		snprintf(tr_reason, sizeof(tr_reason), "the co-builders' "
			 "shares would add up to %lld%%; at most 100%% is "
			 "possible",
			 (long long)(others + json_integer_value(share)));
		return problem_key(pb, ERR_CONFLICT, "share_pct",
				   "training.err.shares_over", tr_reason);
	}
	return 0;
}

int
training_partner_create(struct db *db, const struct principal *p,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb)
{
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = record_validate(db, &training_partner_table, in, true,
				  pb)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = partner_check(db, in, 0, pb);
	if (!rc)
		rc = record_create_in(db, &training_partner_table, &p->actor,
				      in, &id, pb);
	return record_end(db, rc, &training_partner_table, id, out);
}

int
training_partner_update(struct db *db, const struct principal *p,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb)
{
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = partner_check(db, in, id, pb)) ||
	    (rc = record_update(db, &training_partner_table, &p->actor, id,
				in, pb)))
		return rc;
	return record_get(db, &training_partner_table, id, out);
}

/* ---- what the caller may read ---- */

/* The enrolment `id`, if the caller may read it: 0 or the refusal. */
static int
readable(struct db *db, const struct principal *p, int64_t id,
	 struct problem *pb)
{
	int rc = training_may_read_enrolment(db, p, id);

	return rc == ERR_NOTFOUND ? problem(pb, rc, NULL, "no such enrolment")
				  : rc;
}

int
training_hours_of(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct training_hours h;
	char now[32];
	int rc;

	(void)in;
	*out = NULL;
	time_now_utc(now);
	if ((rc = readable(db, p, id, pb)) ||
	    (rc = training_hours(db, id, now, &h)))
		return rc;
	*out = training_hours_json(id, &h);
	return 0;
}

int
training_events_of(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	int rc = readable(db, p, id, pb);

	(void)in;
	*out = NULL;
	return rc ? rc : tr_items(db, TR_EVENTS_OF, id, out);
}

/* A part of "my training": list `which` of `id` under `key` of `mine`. */
static int
part(struct db *db, json_t *mine, const char *key, enum tr_list which,
     int64_t id)
{
	json_t *items = json_array();

	json_object_set_new(mine, key, items);
	return store_list(db, which, id, items);
}

int
training_mine(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	json_t *mine, *items, *e;
	char now[32], since[32];
	int64_t person, org;
	size_t i;
	int rc = 0;

	(void)id;
	(void)in;
	(void)pb;
	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	person = p->person_id;
	org = p->org_id;
	mine = json_object();
	json_object_set_new(mine, "person_id", person > 0 ?
			    json_integer(person) : json_null());
	json_object_set_new(mine, "org_id", org > 0 ? json_integer(org) :
			    json_null());
	if (person > 0 && (p->roles & ROLE_TRAINEE)) {
		rc = part(db, mine, "enrolments", TR_ENROLMENTS_OF_PERSON,
			  person);
		time_now_utc(now);
		json_array_foreach(json_object_get(mine, "enrolments"), i, e) {
			struct training_hours h;
			int64_t eid = record_int(e, "id");

			if (rc || (rc = store_hours(db, eid, now, &h)))
				break;
			json_object_set_new(e, "hours",
					    training_hours_json(eid, &h));
		}
		items = json_array();
		json_object_set_new(mine, "sessions", items);
		time_utc_in(since, -30L * 86400);
		if (!rc)
			rc = store_schedule_of_person(db, person, since, items);
		if (!rc)
			rc = part(db, mine, "logs", TR_LOGS_OF_PERSON, person);
	}
	if (!rc && person > 0 && (p->roles & ROLE_TEACHER) &&
	    !(rc = part(db, mine, "cohorts", TR_COHORTS_OF_TEACHER, person)) &&
	    !(rc = part(db, mine, "apprentices", TR_MY_APPRENTICES, person)) &&
	    !(rc = part(db, mine, "logs_to_confirm", TR_LOGS_TO_CONFIRM,
			person)))
		rc = part(db, mine, "hours_to_confirm", TR_HOURS_TO_CONFIRM,
			  person);
	if (!rc && org > 0 && (p->roles & ROLE_ENTERPRISE) &&
	    !(rc = part(db, mine, "programmes", TR_PROGRAMMES_OF_FIRM, org)))
		rc = part(db, mine, "firm_apprentices", TR_FIRM_APPRENTICES,
			  org);
	if (!rc && org > 0 && (p->roles & ROLE_COLLEGE))
		rc = part(db, mine, "students", TR_STUDENTS_OF, org);
	if (rc)
		json_decref(mine);
	else
		*out = mine;
	return rc;
}
