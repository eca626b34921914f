/*
 * store_review.c - the rules of an application's way through review: submit,
 * review rounds with the rubric of the settings, independent scores that
 * nobody sees before the round closes, the weighted totals, and the
 * decision (admit, reject, waitlist) that notifies the applicant and, on
 * admission, makes the startup's organisation and incubation record.
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
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "notify/notify.h"
#include "party/party.h"
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
		rc = problem(pb, ERR_INVALID, "rubric", "the setting "
			     "incubation.rubric is not a valid rubric");
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

/* An application's account, org, status and round. */
struct app_state {
	int64_t account_id, org_id, round_id;
	char status[INC_APP_STATUS_MAX + 1];
};
_Static_assert(DB_FITS(struct app_state, status, INC_APP_STATUS_MAX),
	       "an application's status fits");

static const struct db_field app_state_fields[] = {
	DB_FIELD_INT64(struct app_state, account_id),
	DB_FIELD_INT64(struct app_state, org_id),
	DB_FIELD_INT64(struct app_state, round_id),
	DB_FIELD_CHARS(struct app_state, status),
	DB_FIELDS_END
};

static int
app_state(struct db *db, int64_t app_id, struct app_state *s)
{
	return db_get_one(db, "SELECT account_id, org_id, round_id, status "
			  "FROM inc_application WHERE id = ? AND "
			  "archived_at IS NULL", (struct db_value[]){
			  DB_INT(app_id) }, 1, app_state_fields, s, sizeof(*s),
			  NULL);
}

/* A round's status and rubric (the rubric only when asked for). */
struct round {
	char status[INC_ROUND_STATUS_MAX + 1];
	const char *rubric;			/* in the arena */
};
_Static_assert(DB_FITS(struct round, status, INC_ROUND_STATUS_MAX),
	       "a round's status fits");

static const struct db_field round_fields[] = {
	DB_FIELD_CHARS(struct round, status),
	DB_FIELDS_END
};

/* A round's status ("open", "closed") into out; ERR_NOTFOUND if none. */
static int
round_status(struct db *db, int64_t round_id,
	     char out[INC_ROUND_STATUS_MAX + 1])
{
	struct round r;
	int rc = db_get_one(db, "SELECT status FROM inc_round WHERE id = ? "
			    "AND archived_at IS NULL", (struct db_value[]){
			    DB_INT(round_id) }, 1, round_fields, &r,
			    sizeof(r), NULL);

	memcpy(out, r.status, sizeof(r.status));
	return rc;
}

/* Audit a change of `entity` `id`; takes over `after`. */
static int
audit_own(struct db *db, const struct audit_actor *actor, const char *entity,
	  int64_t id, const char *action, json_t *after)
{
	int rc = audit_write(db, actor, action, entity, id, NULL, after);

	json_decref(after);
	return rc;
}

static int
audit_app(struct db *db, const struct audit_actor *actor, int64_t app_id,
	  const char *action, json_t *after)
{
	return audit_own(db, actor, "inc_application", app_id, action, after);
}

/*
 * The compare-and-set of a state change (docs/ARCHITECTURE.md): move
 * application `app_id` to `to` only while it is still as `s` read it,
 * in the same state and the same round. Of two transactions that read
 * the same state only one moves it; on PostgreSQL the second waits for
 * the first's row lock, then finds the row changed and changes nothing.
 * ERR_CONFLICT when it changed meanwhile.
 */
static int
app_move(struct db *db, int64_t app_id, const struct app_state *s,
	 const char *to, const char *now)
{
	int rc = db_change_values(db, "UPDATE inc_application SET status = ?, "
				  "updated_at = ? WHERE id = ? AND status = ? "
				  "AND coalesce(round_id, 0) = ? AND "
				  "archived_at IS NULL", (struct db_value[]){
				  DB_TEXT(to), DB_TEXT(now), DB_INT(app_id),
				  DB_TEXT(s->status), DB_INT(s->round_id) }, 5);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

/*
 * Hold review round `round_id` open until the transaction ends: a score
 * or an application added to it cannot slip in after a close that
 * commits first (the close's own UPDATE waits for this one). ERR_CONFLICT
 * when the round is closed (or no longer there).
 */
static int
round_hold_open(struct db *db, int64_t round_id)
{
	int rc = db_change_values(db, "UPDATE inc_round SET updated_at = "
				  "updated_at WHERE id = ? AND status = 'open' "
				  "AND archived_at IS NULL",
				  (struct db_value[]){ DB_INT(round_id) }, 1);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
incubation_application_submit_in(struct db *db,
				 const struct audit_actor *actor,
				 int64_t app_id, const char *at,
				 struct problem *pb)
{
	struct app_state s;
	char now[32];
	int rc = app_state(db, app_id, &s);

	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such application");
	if (rc)
		return rc;
	if (strcmp(s.status, "draft"))
		return problem(pb, ERR_CONFLICT, "status",
			       "only a draft can be submitted");
	if (!at) {
		time_now_utc(now);
		at = now;
	}
	/* Compare-and-set: still a draft, or nothing. */
	rc = db_change_values(db, "UPDATE inc_application SET status = "
			      "'submitted', submitted_at = ?, updated_at = ? "
			      "WHERE id = ? AND status = 'draft' AND "
			      "archived_at IS NULL", (struct db_value[]){
			      DB_TEXT(at), DB_TEXT(at), DB_INT(app_id) }, 3);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_CONFLICT, "status",
			       "only a draft can be submitted");
	return rc ? rc : audit_app(db, actor, app_id, "submit",
				   json_pack("{s:s,s:s}", "status",
					     "submitted", "submitted_at", at));
}

int
incubation_round_add_in(struct db *db, const struct audit_actor *actor,
			int64_t round_id, int64_t app_id, struct problem *pb)
{
	struct app_state s;
	char status[8];
	int rc = round_status(db, round_id, status);

	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such round");
	if (!rc && strcmp(status, "open"))
		return problem(pb, ERR_CONFLICT, "round_id",
			       "the round is closed");
	if (!rc)
		rc = app_state(db, app_id, &s);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_INVALID, "application_id",
			       "no such application");
	if (rc)
		return rc;
	if (strcmp(s.status, "submitted") && strcmp(s.status, "waitlisted"))
		return problem(pb, ERR_CONFLICT, "application_id",
			       "only a submitted or waitlisted application "
			       "can be reviewed");
	rc = round_hold_open(db, round_id);
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, "round_id", "the round is closed");
	/* Compare-and-set: the state and round read above, or nothing. */
	if (!rc)
		rc = db_change_values(db, "UPDATE inc_application SET "
				      "round_id = ? WHERE id = ? AND status = ? "
				      "AND coalesce(round_id, 0) = ? AND "
				      "archived_at IS NULL", (struct db_value[]){
				      DB_INT(round_id), DB_INT(app_id),
				      DB_TEXT(s.status), DB_INT(s.round_id) },
				      4);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_CONFLICT, "application_id",
			       "the application changed meanwhile: reload it");
	return rc ? rc : audit_app(db, actor, app_id, "review",
				   json_pack("{s:I}", "round_id",
					     (json_int_t)round_id));
}

int
incubation_round_reviewer_in(struct db *db, const struct audit_actor *actor,
			     int64_t round_id, int64_t account_id,
			     struct problem *pb)
{
	char status[8], now[32];
	int rc = round_status(db, round_id, status);

	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such round");
	if (rc)
		return rc;
	time_now_utc(now);
	rc = db_exec_values(db, "INSERT INTO inc_reviewer (round_id, "
			    "account_id, created_at) VALUES (?, ?, ?)",
			    (struct db_value[]){ DB_INT(round_id),
			    DB_INT(account_id), DB_TEXT(now) }, 3);
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, "account_id",
			       "already a reviewer in this round");
	if (rc == ERR_INVALID)
		return problem(pb, rc, "account_id", "no such account");
	if (rc)
		return rc;
	return audit_own(db, actor, "inc_round", round_id, "add_reviewer",
			 json_pack("{s:I}", "account_id",
				   (json_int_t)account_id));
}

int
incubation_round_close_in(struct db *db, const struct audit_actor *actor,
			  int64_t round_id, struct problem *pb)
{
	char status[8], now[32];
	int rc = round_status(db, round_id, status);

	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such round");
	if (rc)
		return rc;
	if (strcmp(status, "open"))
		return problem(pb, ERR_CONFLICT, "status",
			       "the round is already closed");
	time_now_utc(now);
	rc = db_change_values(db, "UPDATE inc_round SET status = 'closed', "
			      "closed_at = ?, updated_at = ? WHERE id = ? "
			      "AND status = 'open'", (struct db_value[]){
			      DB_TEXT(now), DB_TEXT(now), DB_INT(round_id) },
			      3);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_CONFLICT, "status",
			       "the round is already closed");
	return rc ? rc : audit_write(db, actor, "close", "inc_round",
				     round_id, NULL, NULL);
}

static const struct db_field rubric_fields[] = {
	DB_FIELD_TEXT(struct round, rubric),
	DB_FIELDS_END
};

/* The rubric of a round as [{name, weight}]. */
static int
round_rubric(struct db *db, int64_t round_id, json_t **rubric)
{
	struct round r;
	struct arena a;
	int rc;

	*rubric = NULL;
	arena_init(&a, 0);
	rc = db_get_one(db, "SELECT rubric FROM inc_round WHERE id = ?",
			(struct db_value[]){ DB_INT(round_id) }, 1,
			rubric_fields, &r, sizeof(r), &a);
	if (!rc && !(*rubric = json_loads(r.rubric, 0, NULL)))
		rc = ERR_DB;
	arena_release(&a);
	return rc;
}

int
incubation_score_put(struct db *db, const struct audit_actor *actor,
		     int64_t round_id, int64_t app_id, json_t *scores,
		     const char *comment, struct problem *pb)
{
	struct db_stmt *st;
	struct app_state s;
	json_t *rubric = NULL, *c, *v;
	const char *key;
	char status[8], now[32], *text = NULL;
	int64_t total = 0;
	size_t i;
	int rc;

	if ((rc = round_status(db, round_id, status)) == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such round");
	if (rc)
		return rc;
	if (strcmp(status, "open"))
		return problem(pb, ERR_CONFLICT, "round_id",
			       "the round is closed");
	rc = app_state(db, app_id, &s);
	if (rc == ERR_NOTFOUND || (!rc && s.round_id != round_id))
		return problem(pb, ERR_NOTFOUND, NULL,
			       "no such application in this round");
	if (rc)
		return rc;
	rc = db_prepare(db, &st, "SELECT 1 FROM inc_reviewer WHERE "
			"round_id = ? AND account_id = ?");
	if (rc)
		return rc;
	db_bind_int(st, 1, round_id);
	db_bind_int(st, 2, actor->id);
	rc = db_step(st);
	db_finalize(st);
	if (rc == DB_DONE)
		return problem(pb, ERR_FORBIDDEN, NULL,
			       "you are not a reviewer in this round");
	if (rc < 0)
		return rc;
	if (comment && record_chars(comment) > 2000)
		return problem(pb, ERR_INVALID, "comment",
			       "comment must be at most 2000 characters");
	if ((rc = round_rubric(db, round_id, &rubric)))
		return rc;
	json_object_foreach(scores, key, v) {
		bool known = false;

		json_array_foreach(rubric, i, c)
			known |= !strcmp(key, json_string_value(
				json_object_get(c, "name")));
		if (!known) {
			rc = problem(pb, ERR_INVALID, "scores",
				     "scores names a criterion the rubric "
				     "does not have");
			goto out;
		}
	}
	json_array_foreach(rubric, i, c) {
		v = json_object_get(scores, json_string_value(
			json_object_get(c, "name")));
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 100) {
			rc = problem(pb, ERR_INVALID, "scores", "scores must "
				     "give every criterion of the rubric a "
				     "whole number from 0 to 100");
			goto out;
		}
		total += json_integer_value(v) * json_integer_value(
			json_object_get(c, "weight"));
	}
	text = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text) {
		rc = ERR_NOMEM;
		goto out;
	}
	time_now_utc(now);
	rc = round_hold_open(db, round_id);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, "round_id", "the round is closed");
	if (rc)
		goto out;
	rc = db_exec_values(db, "INSERT INTO inc_score (round_id, "
		"application_id, reviewer_id, scores, total, comment, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (round_id, application_id, reviewer_id) DO UPDATE "
		"SET scores = excluded.scores, total = excluded.total, "
		"comment = excluded.comment, updated_at = excluded.updated_at",
		(struct db_value[]){ DB_INT(round_id), DB_INT(app_id),
		DB_INT(actor->id), DB_TEXT(text), DB_INT(total),
		DB_TEXT(comment ? comment : ""), DB_TEXT(now), DB_TEXT(now) },
		8);
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
	json_t *items = json_array(), *row;
	char status[8];
	int64_t sum = 0;
	bool closed, reviewer = false;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = round_status(db, round_id, status)))
		goto out;
	closed = !strcmp(status, "closed");
	if ((rc = inc_is_reviewer(db, round_id, viewer_id, &reviewer)))
		goto out;
	if (!staff && !reviewer) {
		rc = ERR_FORBIDDEN;
		goto out;
	}
	rc = db_rows_values(db, "SELECT s.reviewer_id, a.name AS "
			    "reviewer_name, s.scores, s.total, s.comment, "
			    "s.updated_at FROM inc_score s JOIN account a "
			    "ON a.id = s.reviewer_id WHERE s.round_id = ? "
			    "AND s.application_id = ? ORDER BY s.reviewer_id",
			    (struct db_value[]){ DB_INT(round_id),
			    DB_INT(app_id) }, 2, items);
	if (rc)
		goto out;
	*out = json_pack("{s:b,s:I}", "closed", closed, "count",
			 (json_int_t)json_array_size(items));
	json_array_foreach(items, i, row) {
		json_object_set_new(row, "scores", json_loads(
			json_string_value(json_object_get(row, "scores")), 0,
			NULL));
		sum += json_integer_value(json_object_get(row, "total"));
	}
	if (closed) {
		json_object_set_new(*out, "mean_total", json_array_size(items) ?
			json_real((double)sum / 100.0 /
				  (double)json_array_size(items)) :
			json_null());
		json_object_set_new(*out, "items", json_incref(items));
	} else {
		/* Before the round closes, a reviewer sees only their own. */
		json_t *own = json_array();

		json_array_foreach(items, i, row)
			if (json_integer_value(json_object_get(row,
			    "reviewer_id")) == viewer_id)
				json_array_append(own, row);
		json_object_set_new(*out, "mean_total", json_null());
		json_object_set_new(*out, "items", own);
	}
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
	const char *code = json_string_value(json_object_get(app,
							     "credit_code"));
	const char *name = json_string_value(json_object_get(app,
							     "company_name"));
	struct db_stmt *st;
	json_t *org;
	int rc;

	*org_id = json_integer_value(json_object_get(app, "org_id"));
	if (*org_id > 0)
		return 0;
	if (code) {
		rc = db_prepare(db, &st, "SELECT 1 FROM org WHERE "
				"credit_code = ?");
		if (rc)
			return rc;
		db_bind_text(st, 1, code);
		rc = db_step(st);
		/*
		 * The code is the applicant's word, and credit codes are
		 * public: an organisation already in the ledger is linked
		 * only by the staff, deliberately (the application's
		 * org_id), never by a match, lest an applicant become a
		 * member of someone else's firm.
		 */
		if (rc == DB_ROW)
			rc = problem(pb, ERR_CONFLICT, "credit_code",
				     "an organisation with this credit code is "
				     "already in the ledger: link the "
				     "application to it (org_id) first");
		else if (rc == DB_DONE)
			rc = 0;
		db_finalize(st);
		if (rc)
			return rc;
	}
	org = json_pack("{s:s,s:s}", "kind", "startup", "name", name && *name ?
			name : json_string_value(json_object_get(app,
			"project")));
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
	struct app_state s;
	json_t *app = NULL, *fields = NULL;
	char status[8], now[32], today[11], link[64];
	int64_t incubation_id, decision_id;
	int k = -1, rc;

	*org_id = 0;
	for (int i = 0; decision && decisions[i]; i++)
		if (!strcmp(decisions[i], decision))
			k = i;
	if (k < 0)
		return problem(pb, ERR_INVALID, "decision",
			       "decision must be admit, reject or waitlist");
	if (!reason || !*reason || record_chars(reason) > 2000)
		return problem(pb, ERR_INVALID, "reason", "reason is required "
			       "(at most 2000 characters)");
	rc = app_state(db, app_id, &s);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such application");
	if (rc)
		return rc;
	if (strcmp(s.status, "submitted") && strcmp(s.status, "waitlisted"))
		return problem(pb, ERR_CONFLICT, "decision", "only a submitted "
			       "or waitlisted application can be decided");
	if (s.round_id > 0) {
		if ((rc = round_status(db, s.round_id, status)))
			return rc;
		if (strcmp(status, "closed"))
			return problem(pb, ERR_CONFLICT, "decision",
				       "decide after the review round closes");
	}
	time_now_utc(now);
	/*
	 * The decision is taken on the state read above or not at all: of
	 * two decisions at once one moves the application, the other gets
	 * 409 and writes nothing (no second organisation, no second
	 * incubation record).
	 */
	rc = app_move(db, app_id, &s, states[k], now);
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, "decision", "the application was decided "
			       "or changed meanwhile: reload it");
	if (rc)
		return rc;
	if (k == 0) {
		if ((rc = record_get(db, &inc_application_table, app_id,
				     &app)))
			goto out;
		fields = admission ? json_deep_copy(admission) :
			 json_object();
		if (!json_object_get(fields, "admitted_on")) {
			time_today_beijing(today);
			json_object_set_new(fields, "admitted_on",
					    json_string(today));
		}
		json_object_set(fields, "field", json_object_get(app,
								 "field"));
		json_object_set_new(fields, "application_id",
				    json_integer(app_id));
		if (!json_object_get(fields, "space_requested") &&
		    json_is_string(json_object_get(app, "requested_space")))
			json_object_set(fields, "space_requested",
					json_object_get(app, "requested_space"));
		if ((rc = startup_org(db, actor, app, org_id, pb)))
			goto out;
		json_object_set_new(fields, "org_id", json_integer(*org_id));
		if ((rc = inc_admit_in(db, actor, fields, &incubation_id, pb)))
			goto out;
	}
	rc = db_insert_id(db, "INSERT INTO inc_decision (application_id, "
			  "round_id, decision, reason, actor_id, created_at) "
			  "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			  (struct db_value[]){ DB_INT(app_id), s.round_id > 0 ?
			  DB_INT(s.round_id) : DB_TEXT(NULL), DB_TEXT(decision),
			  DB_TEXT(reason), actor->id > 0 ? DB_INT(actor->id) :
			  DB_TEXT(NULL), DB_TEXT(now) }, 6, &decision_id);
	if (!rc && *org_id > 0)
		rc = db_change_values(db, "UPDATE inc_application SET "
			"org_id = ? WHERE id = ?", (struct db_value[]){
			DB_INT(*org_id), DB_INT(app_id) }, 2);
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
out:
	json_decref(app);
	json_decref(fields);
	return rc;
}
