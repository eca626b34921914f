/*
 * rules_review.c - the rules of an application's review (incubation.h,
 * incubation_int.h): review rounds with the rubric of the settings,
 * independent scores that nobody sees before the round closes, the
 * weighted totals, and the decision (admit, reject, waitlist) that
 * notifies the applicant and, on admission, makes the startup's
 * organisation and incubation record. Every state change is a
 * compare-and-set of store_review.c, so that of two at once one wins and
 * the other is 409 with nothing written. None sees HTTP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "notify/notify.h"
#include "party/party.h"
#include "record/record.h"
#include "settings/settings.h"

/* "label:weight,..." (checked by the setting) as [{name, weight}]. */
int
inc_rubric_parse(const char *text, json_t **out)
{
	const char *p = text;

	*out = NULL;
	if (settings_check_weights(text))
		return ERR_INVALID;
	*out = json_array();
	while (*p) {
		const char *colon = strchr(p, ':');
		char *end;
		long w = strtol(colon + 1, &end, 10);

		json_array_append_new(*out, json_pack("{s:s%,s:i}", "name", p,
			(size_t)(colon - p), "weight", (int)w));
		p = *end ? end + 1 : end;
	}
	return 0;
}

static int
audit_app(struct db *db, const struct audit_actor *actor, int64_t app_id,
	  const char *action, json_t *after)
{
	return inc_audit(db, actor, "inc_application", app_id, action, after);
}

/* Whether an application awaits its decision: submitted or waitlisted. */
static bool
awaits_decision(const struct inc_app_state *s)
{
	return !strcmp(s->status, "submitted") ||
	       !strcmp(s->status, "waitlisted");
}

/* The status of round `round_id`, or the problem of there being none. */
static int
round_status(struct db *db, int64_t round_id,
	     char status[INC_ROUND_STATUS_MAX + 1], struct problem *pb)
{
	int rc = inc_store_round_status(db, round_id, status);

	return rc == ERR_NOTFOUND ? problem(pb, rc, NULL, "no such round") :
	       rc;
}

/* ---- in the caller's transaction ----------------------------------- */

int
incubation_round_open_in(struct db *db, const struct audit_actor *actor,
			 json_t *fields, int64_t *id, struct problem *pb)
{
	const char *text;
	struct arena a;
	json_t *rubric;
	char *dump;
	int rc;

	*id = 0;
	arena_init(&a, 0);
	rc = settings_get_text(db, &a, "incubation.rubric", &text);
	if (!rc && inc_rubric_parse(text, &rubric) == ERR_INVALID)
		rc = problem_key(pb, ERR_INVALID, "rubric",
				 "incubation.err.rubric_setting",
				 "the setting incubation.rubric is not a "
				 "valid rubric");
	else if (!rc) {
		dump = json_dumps(rubric, JSON_COMPACT);
		json_decref(rubric);
		if (!dump)
			rc = ERR_NOMEM;
		else
			json_object_set_new(fields, "rubric",
					    json_string(dump));
		free(dump);
	}
	json_object_set_new(fields, "status", json_string("open"));
	if (!rc)
		rc = record_create_in(db, &inc_round_table, actor, fields, id,
				      pb);
	arena_release(&a);
	return rc;
}

int
incubation_round_add_in(struct db *db, const struct audit_actor *actor,
			int64_t round_id, int64_t app_id, struct problem *pb)
{
	struct inc_app_state s;
	char status[INC_ROUND_STATUS_MAX + 1];
	int rc = round_status(db, round_id, status, pb);

	if (!rc && strcmp(status, "open"))
		return problem_key(pb, ERR_CONFLICT, "round_id",
				   "incubation.err.round_closed",
				   "the round is closed");
	if (rc || (rc = inc_store_app_state(db, app_id, &s)) == ERR_NOTFOUND)
		return rc == ERR_NOTFOUND ? problem_key(pb, ERR_INVALID,
			"application_id", "incubation.err.no_application",
			"no such application") : rc;
	if (rc)
		return rc;
	if (!awaits_decision(&s))
		return problem_key(pb, ERR_CONFLICT, "application_id",
				   "incubation.err.review_state",
				   "only a submitted or waitlisted "
				   "application can be reviewed");
	rc = inc_store_round_hold_open(db, round_id);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "round_id",
				   "incubation.err.round_closed",
				   "the round is closed");
	if (!rc && (rc = inc_store_app_to_round(db, app_id, &s, round_id)) ==
	    ERR_CONFLICT)
		return problem_key(pb, rc, "application_id",
				   "incubation.err.application_changed",
				   "the application changed meanwhile: reload "
				   "it");
	return rc ? rc : audit_app(db, actor, app_id, "review",
				   json_pack("{s:I}", "round_id",
					     (json_int_t)round_id));
}

int
incubation_round_reviewer_in(struct db *db, const struct audit_actor *actor,
			     int64_t round_id, int64_t account_id,
			     struct problem *pb)
{
	char status[INC_ROUND_STATUS_MAX + 1], now[32];
	int rc = round_status(db, round_id, status, pb);

	if (rc)
		return rc;
	time_now_utc(now);
	rc = inc_store_reviewer_add(db, round_id, account_id, now);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "account_id",
				   "incubation.err.reviewer_taken",
				   "already a reviewer in this round");
	if (rc == ERR_INVALID)
		return problem_key(pb, rc, "account_id",
				   "err.no_account",
				   "no such account");
	if (rc)
		return rc;
	return inc_audit(db, actor, "inc_round", round_id, "add_reviewer",
			 json_pack("{s:I}", "account_id",
				   (json_int_t)account_id));
}

int
incubation_round_close_in(struct db *db, const struct audit_actor *actor,
			  int64_t round_id, struct problem *pb)
{
	char status[INC_ROUND_STATUS_MAX + 1], now[32];
	int rc = round_status(db, round_id, status, pb);

	if (rc)
		return rc;
	/* Compare-and-set: a round no longer open is not closed again. */
	time_now_utc(now);
	rc = inc_store_round_close(db, round_id, now);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "status",
				   "incubation.err.round_already_closed",
				   "the round is already closed");
	return rc ? rc : audit_write(db, actor, "close", "inc_round",
				     round_id, NULL, NULL);
}

/*
 * `scores` against the round's rubric: every criterion given a whole
 * number from 0 to 100, no other; their weighted sum in *total.
 */
static int
check_scores(json_t *rubric, json_t *scores, int64_t *total,
	     struct problem *pb)
{
	const char *key;
	json_t *c, *v;
	size_t i;

	*total = 0;
	json_object_foreach(scores, key, v) {
		bool known = false;

		json_array_foreach(rubric, i, c)
			known |= !strcmp(key, record_str(c, "name"));
		if (!known)
			return problem_key(pb, ERR_INVALID, "scores",
					   "incubation.err.score_criterion",
					   "scores names a criterion the "
					   "rubric does not have");
	}
	json_array_foreach(rubric, i, c) {
		v = json_object_get(scores, record_text(c, "name"));
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 100)
			return problem_key(pb, ERR_INVALID, "scores",
					   "incubation.err.scores",
					   "scores must give every criterion "
					   "of the rubric a whole number from "
					   "0 to 100");
		*total += json_integer_value(v) * record_int(c, "weight");
	}
	return 0;
}

int
incubation_score_put(struct db *db, const struct audit_actor *actor,
		     int64_t round_id, int64_t app_id, json_t *scores,
		     const char *comment, struct problem *pb)
{
	struct inc_app_state s;
	json_t *rubric = NULL;
	char status[INC_ROUND_STATUS_MAX + 1], now[32], *text = NULL;
	int64_t total = 0;
	bool reviewer;
	int rc;

	if ((rc = round_status(db, round_id, status, pb)))
		return rc;
	if (strcmp(status, "open"))
		return problem_key(pb, ERR_CONFLICT, "round_id",
				   "incubation.err.round_closed",
				   "the round is closed");
	rc = inc_store_app_state(db, app_id, &s);
	if (rc == ERR_NOTFOUND || (!rc && s.round_id != round_id))
		return problem(pb, ERR_NOTFOUND, NULL,
			       "no such application in this round");
	if (rc || (rc = inc_is_reviewer(db, round_id, actor->id, &reviewer)))
		return rc;
	if (!reviewer)
		return problem(pb, ERR_FORBIDDEN, NULL,
			       "you are not a reviewer in this round");
	if (comment && record_chars(comment) > 2000)
		return problem_key(pb, ERR_INVALID, "comment",
				   "incubation.err.comment_long",
				   "comment must be at most 2000 characters");
	if ((rc = inc_store_round_rubric(db, round_id, &rubric)) ||
	    (rc = check_scores(rubric, scores, &total, pb)))
		goto out;
	text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text) {
		rc = ERR_NOMEM;
		goto out;
	}
	time_now_utc(now);
	rc = inc_store_round_hold_open(db, round_id);
	if (rc == ERR_CONFLICT)
		rc = problem_key(pb, rc, "round_id",
				 "incubation.err.round_closed",
				 "the round is closed");
	if (!rc)
		rc = inc_store_score_put(db, round_id, app_id, actor->id, text,
					 total, comment ? comment : "", now);
	if (!rc)
		rc = audit_app(db, actor, app_id, "score", json_pack(
			"{s:I,s:s,s:I}", "round_id", (json_int_t)round_id,
			"scores", text, "total", (json_int_t)total));
out:
	free(text);
	json_decref(rubric);
	return rc;
}

int
incubation_scores(struct db *db, int64_t round_id, int64_t app_id,
		  int64_t viewer_id, bool staff, json_t **out)
{
	json_t *items = json_array(), *row, *shown;
	char status[INC_ROUND_STATUS_MAX + 1];
	int64_t sum = 0;
	bool closed, reviewer = false;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = inc_store_round_status(db, round_id, status)) ||
	    (rc = inc_is_reviewer(db, round_id, viewer_id, &reviewer)))
		goto out;
	closed = !strcmp(status, "closed");
	if (!staff && !reviewer) {
		rc = ERR_FORBIDDEN;
		goto out;
	}
	if ((rc = inc_store_scores(db, round_id, app_id, items)))
		goto out;
	/* Before the round closes, a reviewer sees only their own. */
	shown = closed ? json_incref(items) : json_array();
	json_array_foreach(items, i, row) {
		json_object_set_new(row, "scores", json_loads(
			record_text(row, "scores"), 0,
			NULL));
		sum += record_int(row, "total");
		if (!closed && record_int(row, "reviewer_id") == viewer_id)
			json_array_append(shown, row);
	}
	*out = json_pack("{s:b,s:I,s:o,s:o}", "closed", closed, "count",
			 (json_int_t)json_array_size(items), "mean_total",
			 closed && json_array_size(items) ? json_real(
			 (double)sum / 100.0 / (double)json_array_size(items)) :
			 json_null(), "items", shown);
out:
	json_decref(items);
	return rc;
}

/*
 * The admitted applicant's account follows its startup: an enterprise
 * account of the new organisation, an applicant no more. In the decision's
 * transaction, so that both happen or neither.
 */
static int
promote_applicant_in(struct db *db, const struct audit_actor *actor,
		     int64_t account_id, int64_t org_id, struct problem *pb)
{
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	json_t *acc, *role;
	size_t i;
	int rc;

	if ((rc = account_get(db, account_id, &acc)))
		return rc == ERR_NOTFOUND ? 0 : rc;
	in.roles = ROLE_ENTERPRISE;
	json_array_foreach(json_object_get(acc, "roles"), i, role)
		in.roles |= role_from_name(json_string_value(role));
	in.roles &= ~(unsigned)ROLE_APPLICANT;
	in.org_id = org_id;
	json_decref(acc);
	return account_update_in(db, actor, account_id, &in, pb);
}

/* The startup organisation an admitted application becomes. */
static int
startup_org(struct db *db, const struct audit_actor *actor, json_t *app,
	    int64_t *org_id, struct problem *pb)
{
	const char *code = record_text(app, "credit_code");
	const char *name = record_text(app, "company_name");
	bool taken = false;
	json_t *org;
	int rc;

	*org_id = record_int(app, "org_id");
	if (*org_id > 0)
		return 0;
	/*
	 * The code is the applicant's word, and credit codes are public: an
	 * organisation already in the ledger is linked only by the staff,
	 * deliberately (the application's org_id), never by a match, lest
	 * an applicant become a member of someone else's firm.
	 */
	if (code && (rc = inc_store_code_taken(db, code, &taken)))
		return rc;
	if (taken)
		return problem_key(pb, ERR_CONFLICT, "credit_code",
				   "incubation.err.credit_code_in_ledger",
				   "an organisation with this credit code is "
				   "already in the ledger: link the "
				   "application to it (org_id) first");
	org = json_pack("{s:s,s:s}", "kind", "startup", "name", name && *name ?
			name : record_text(app, "project"));
	if (code)
		json_object_set_new(org, "credit_code", json_string(code));
	if (json_is_string(json_object_get(app, "founded_on")))
		json_object_set(org, "founded_on",
				json_object_get(app, "founded_on"));
	json_object_set(org, "contact_name", json_object_get(app,
							     "contact_name"));
	json_object_set(org, "contact_phone", json_object_get(app,
							      "contact_phone"));
	rc = record_create_in(db, &party_org_table, actor, org, org_id, pb);
	json_decref(org);
	return rc;
}

/*
 * Admission: the startup's organisation and its incubation record from
 * `admission` and the application `app_id`.
 */
static int
admit_in(struct db *db, const struct audit_actor *actor, int64_t app_id,
	 json_t *admission, int64_t *org_id, struct problem *pb)
{
	json_t *app = NULL, *fields;
	char today[TIME_DATE_LEN + 1];
	int64_t incubation_id;
	int rc = record_get(db, &inc_application_table, app_id, &app);

	if (rc)
		return rc;
	fields = admission ? json_deep_copy(admission) : json_object();
	if (!json_object_get(fields, "admitted_on")) {
		time_today_beijing(today);
		json_object_set_new(fields, "admitted_on", json_string(today));
	}
	json_object_set(fields, "field", json_object_get(app, "field"));
	json_object_set_new(fields, "application_id", json_integer(app_id));
	if (!json_object_get(fields, "space_requested") &&
	    json_is_string(json_object_get(app, "requested_space")))
		json_object_set(fields, "space_requested",
				json_object_get(app, "requested_space"));
	rc = startup_org(db, actor, app, org_id, pb);
	json_object_set_new(fields, "org_id", json_integer(*org_id));
	if (!rc)
		rc = inc_admit_in(db, actor, fields, &incubation_id, pb);
	json_decref(app);
	json_decref(fields);
	return rc;
}

int
incubation_decide_in(struct db *db, const struct audit_actor *actor,
		     int64_t app_id, const char *decision, const char *reason,
		     json_t *admission, int64_t *org_id, struct problem *pb)
{
	static const char *const decisions[] = {
		"admit", "reject", "waitlist", NULL
	};
	static const char *const states[] = {
		"admitted", "rejected", "waitlisted"
	};
	struct inc_app_state s;
	char status[INC_ROUND_STATUS_MAX + 1], now[32], link[64];
	int k = -1, rc;

	*org_id = 0;
	for (int i = 0; decision && decisions[i]; i++)
		if (!strcmp(decisions[i], decision))
			k = i;
	if (k < 0)
		return problem_key(pb, ERR_INVALID, "decision",
				   "incubation.err.decision",
				   "decision must be admit, reject or "
				   "waitlist");
	if (!reason || !*reason || record_chars(reason) > 2000)
		return problem_key(pb, ERR_INVALID, "reason",
				   "incubation.err.decision_reason",
				   "reason is required (at most 2000 "
				   "characters)");
	if ((rc = inc_app_state(db, app_id, &s, pb)))
		return rc;
	if (!awaits_decision(&s))
		return problem_key(pb, ERR_CONFLICT, "decision",
				   "incubation.err.decide_state",
				   "only a submitted or waitlisted "
				   "application can be decided");
	if (s.round_id > 0) {
		if ((rc = inc_store_round_status(db, s.round_id, status)))
			return rc;
		if (strcmp(status, "closed"))
			return problem_key(pb, ERR_CONFLICT, "decision",
					   "incubation.err.decide_after_round",
					   "decide after the review round "
					   "closes");
	}
	time_now_utc(now);
	/*
	 * The decision is taken on the state read above or not at all: of
	 * two decisions at once one moves the application, the other gets
	 * 409 and writes nothing (no second organisation, no second
	 * incubation record).
	 */
	rc = inc_store_app_move(db, app_id, &s, states[k], now);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "decision",
				   "incubation.err.decision_changed",
				   "the application was decided or changed "
				   "meanwhile: reload it");
	if (!rc && k == 0)
		rc = admit_in(db, actor, app_id, admission, org_id, pb);
	if (!rc)
		rc = inc_store_decision_add(db, actor, app_id, s.round_id,
					    decision, reason, *org_id, now);
	if (!rc)
		rc = audit_app(db, actor, app_id, "decide", json_pack(
			"{s:s,s:s,s:s}", "decision", decision, "reason",
			reason, "status", states[k]));
	snprintf(link, sizeof(link), "/incubation/applications/%lld",
		 (long long)app_id);
	if (!rc && k == 0 && s.account_id > 0)
		rc = promote_applicant_in(db, actor, s.account_id, *org_id, pb);
	if (!rc && s.account_id > 0)
		rc = notify_account(db, actor, s.account_id, k == 0 ?
			"入孵申请已通过" : k == 1 ? "入孵申请未通过" :
			"入孵申请进入候补", reason, link);
	return rc;
}

/* ---- the steps as route data ------------------------------------- */

int
inc_app_decide(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	static const char *const fields[] = {
		"decision", "reason", "admitted_on", "agreement_from",
		"agreement_to", "space_assigned", NULL
	};
	json_t *admission = json_object_get(in, "admission"), *own = NULL;
	const char *v[6];
	int64_t org_id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)))
		return rc;
	if (admission && !json_is_object(admission))
		return problem_key(pb, ERR_INVALID, "admission",
				   "incubation.err.admission",
				   "admission must be an object");
	json_incref(admission);
	json_object_del(in, "admission");
	if ((rc = inc_strings(in, fields, v, pb)))
		goto out;
	/* A form sends the admission's fields beside the decision. */
	if (!admission) {
		admission = own = json_object();
		for (int i = 2; fields[i]; i++)
			if (v[i])
				json_object_set_new(own, fields[i],
						    json_string(v[i]));
	}
	if (!(rc = db_begin(db)))
		rc = db_end(db, incubation_decide_in(db, &p->actor,
			id, v[0], v[1], admission, &org_id, pb));
out:
	json_decref(admission);
	return inc_app_answer(db, id, rc, out);
}

int
inc_app_to_round(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	json_t *round = json_object_get(in, "round_id");
	int64_t round_id = json_is_integer(round) ? json_integer_value(round) :
			   json_is_string(round) ? strtoll(json_string_value(
			   round), NULL, 10) : 0;
	int rc = auth_require(p, PERM_INC_WRITE, 0);

	if (!rc && round_id <= 0)
		rc = problem_key(pb, ERR_INVALID, "round_id",
				 "incubation.err.choose_round",
				 "choose a round");
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_round_add_in(db, &p->actor,
			round_id, id, pb));
	return inc_app_answer(db, id, rc, out);
}

int
inc_round_open(struct db *db, const struct principal *p, json_t *in,
	       int64_t *id, struct problem *pb)
{
	static const char *const fields[] = {
		"name", "opens_on", "closes_on", NULL
	};
	const char *v[3];
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = inc_strings(in, fields, v, pb)) || (rc = db_begin(db)))
		return rc;
	return db_end(db, incubation_round_open_in(db, &p->actor, in, id,
						   pb));
}

int
inc_round_answer(struct db *db, int64_t id, int rc, json_t **out)
{
	json_t *rubric;

	*out = NULL;
	if (rc || (rc = record_get(db, &inc_round_table, id, out)))
		return rc;
	rubric = json_loads(record_text(*out, "rubric"), 0, NULL);
	json_object_set_new(*out, "rubric", rubric ? rubric : json_array());
	return 0;
}

int
inc_round_create(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	return inc_round_answer(db, id, inc_round_open(db, p, in, &id, pb),
				out);
}

/*
 * The positive id `in` gives as `field`, its only member, for a round's
 * step (unless *rc says the step failed already); 0 and a problem
 * naming the field when it gives none.
 */
static int64_t
id_in(json_t *in, const char *field, struct problem *pb, int *rc)
{
	static _Thread_local char message[64];
	json_t *v = json_object_get(in, field);

	if (*rc)
		return 0;
	snprintf(message, sizeof(message), "%s must be a positive integer",
		 field);
	if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
	    json_object_size(in) > 1)
		*rc = problem_key(pb, ERR_INVALID, field, "err.pick",
				  message);
	return *rc ? 0 : json_integer_value(v);
}

int
inc_round_add_reviewer(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	const char *name = record_text(in, "account_name");
	json_t *acc = NULL;
	int64_t account;
	int rc = auth_require(p, PERM_INC_WRITE, 0);

	/* A form names the account; the API gives its id. */
	if (!rc && name) {
		rc = account_get_by_name(db, name, &acc);
		if (rc == ERR_NOTFOUND)
			rc = problem_key(pb, ERR_INVALID, "account_name",
					 "err.no_account",
					 "no such account");
		if (!rc)
			json_object_set(in, "account_id", json_object_get(acc,
					"id"));
		json_object_del(in, "account_name");
		json_decref(acc);
	}
	account = id_in(in, "account_id", pb, &rc);
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_round_reviewer_in(db,
			&p->actor, id, account, pb));
	return inc_round_answer(db, id, rc, out);
}

int
inc_round_add_application(struct db *db, const struct principal *p,
			  int64_t id, json_t *in, json_t **out,
			  struct problem *pb)
{
	int rc = auth_require(p, PERM_INC_WRITE, 0);
	int64_t app = id_in(in, "application_id", pb, &rc);

	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_round_add_in(db, &p->actor,
			id, app, pb));
	return inc_round_answer(db, id, rc, out);
}

int
inc_round_close(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	int rc = auth_require(p, PERM_INC_WRITE, 0);

	(void)in;
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_round_close_in(db,
			&p->actor, id, pb));
	return inc_round_answer(db, id, rc, out);
}

/*
 * The scores `in` gives: `scores`, an object of criterion: score (the
 * API), or a form's fields c:CRITERION (numbers parsed; what does not
 * parse stays text for the rule to refuse). A new reference.
 */
static json_t *
scores_in(json_t *in)
{
	json_t *scores = json_object_get(in, "scores"), *v;
	const char *key;
	char *end;

	if (scores)
		return json_incref(scores);
	scores = json_object();
	json_object_foreach(in, key, v) {
		const char *s = json_string_value(v);
		long long n;

		if (strncmp(key, "c:", 2) || !s)
			continue;
		n = strtoll(s, &end, 10);
		json_object_set_new(scores, key + 2, *s && !*end ?
				    json_integer(n) : json_string(s));
	}
	return scores;
}

int
inc_score(struct db *db, const struct principal *p, int64_t id, json_t *in,
	  json_t **out, struct problem *pb)
{
	json_t *comment = json_object_get(in, "comment");
	json_t *scores = scores_in(in), *app = json_object_get(in, "app_id");
	const char *key;
	json_t *v;
	int rc = 0;

	*out = NULL;
	json_object_foreach(in, key, v)
		if (strcmp(key, "scores") && strcmp(key, "comment") &&
		    strcmp(key, "app_id") && strncmp(key, "c:", 2)) {
			rc = problem_key(pb, ERR_INVALID, key,
					 "err.unknown",
					 "unknown field");
			break;
		}
	if (!rc && comment && !json_is_null(comment) &&
	    !json_is_string(comment))
		rc = problem_key(pb, ERR_INVALID, "comment",
				 "incubation.err.comment_text",
				 "comment must be a string");
	if (!rc && !json_is_object(scores))
		rc = problem_key(pb, ERR_INVALID, "scores",
				 "incubation.err.scores_object",
				 "scores must be an object of criterion: "
				 "score");
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_score_put(db, &p->actor, id,
			json_integer_value(app), scores,
			json_string_value(comment), pb));
	json_decref(scores);
	return rc ? rc : incubation_scores(db, id, json_integer_value(app),
					   p->account_id, false, out);
}
