/*
 * store_review.c - the SQL of an application's way through review
 * (incubation_int.h): its state and a round's, the compare-and-set of
 * each state change (docs/ARCHITECTURE.md), reviewers, scores, and the
 * decision's rows. The rules that use them are in rules_review.c.
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

const char INC_OWN_APPS_SQL[] =
	"SELECT a.id FROM inc_application a JOIN account c ON c.id = ? "
	"WHERE a.account_id = c.id OR a.org_id = c.org_id";

const char INC_REVIEWER_ROUNDS_SQL[] =
	"SELECT round_id FROM inc_reviewer WHERE account_id = ?";

_Static_assert(DB_FITS(struct inc_app_state, status, INC_APP_STATUS_MAX),
	       "an application's status fits");

static const struct db_field app_state_fields[] = {
	DB_FIELD_INT64(struct inc_app_state, account_id),
	DB_FIELD_INT64(struct inc_app_state, org_id),
	DB_FIELD_INT64(struct inc_app_state, round_id),
	DB_FIELD_CHARS(struct inc_app_state, status),
	DB_FIELDS_END
};

int
inc_store_app_state(struct db *db, int64_t app_id, struct inc_app_state *s)
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

static const struct db_field rubric_fields[] = {
	DB_FIELD_TEXT(struct round, rubric),
	DB_FIELDS_END
};

int
inc_store_round_status(struct db *db, int64_t round_id,
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

int
inc_store_round_rubric(struct db *db, int64_t round_id, json_t **rubric)
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
inc_store_app_move(struct db *db, int64_t app_id,
		   const struct inc_app_state *s, const char *to,
		   const char *now)
{
	int rc = db_change_values(db, "UPDATE inc_application SET status = ?, "
				  "updated_at = ? WHERE id = ? AND status = ? "
				  "AND coalesce(round_id, 0) = ? AND "
				  "archived_at IS NULL", (struct db_value[]){
				  DB_TEXT(to), DB_TEXT(now), DB_INT(app_id),
				  DB_TEXT(s->status), DB_INT(s->round_id) }, 5);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
inc_store_round_hold_open(struct db *db, int64_t round_id)
{
	int rc = db_change_values(db, "UPDATE inc_round SET updated_at = "
				  "updated_at WHERE id = ? AND status = 'open' "
				  "AND archived_at IS NULL",
				  (struct db_value[]){ DB_INT(round_id) }, 1);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
inc_store_app_submit(struct db *db, int64_t app_id, const char *at)
{
	/* Compare-and-set: still a draft, or nothing. */
	int rc = db_change_values(db, "UPDATE inc_application SET status = "
				  "'submitted', submitted_at = ?, updated_at "
				  "= ? WHERE id = ? AND status = 'draft' AND "
				  "archived_at IS NULL", (struct db_value[]){
				  DB_TEXT(at), DB_TEXT(at), DB_INT(app_id) },
				  3);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
inc_store_app_to_round(struct db *db, int64_t app_id,
		       const struct inc_app_state *s, int64_t round_id)
{
	/* Compare-and-set: the state and round read before, or nothing. */
	int rc = db_change_values(db, "UPDATE inc_application SET round_id = ? "
				  "WHERE id = ? AND status = ? AND "
				  "coalesce(round_id, 0) = ? AND archived_at "
				  "IS NULL", (struct db_value[]){
				  DB_INT(round_id), DB_INT(app_id),
				  DB_TEXT(s->status), DB_INT(s->round_id) }, 4);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
inc_store_reviewer_add(struct db *db, int64_t round_id, int64_t account_id,
		       const char *now)
{
	return db_exec_values(db, "INSERT INTO inc_reviewer (round_id, "
			      "account_id, created_at) VALUES (?, ?, ?)",
			      (struct db_value[]){ DB_INT(round_id),
			      DB_INT(account_id), DB_TEXT(now) }, 3);
}

int
inc_store_round_close(struct db *db, int64_t round_id, const char *now)
{
	/* Compare-and-set: still open, or nothing. */
	int rc = db_change_values(db, "UPDATE inc_round SET status = "
				  "'closed', closed_at = ?, updated_at = ? "
				  "WHERE id = ? AND status = 'open'",
				  (struct db_value[]){ DB_TEXT(now),
				  DB_TEXT(now), DB_INT(round_id) }, 3);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
inc_store_score_put(struct db *db, int64_t round_id, int64_t app_id,
		    int64_t reviewer_id, const char *scores, int64_t total,
		    const char *comment, const char *now)
{
	return db_exec_values(db, "INSERT INTO inc_score (round_id, "
		"application_id, reviewer_id, scores, total, comment, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (round_id, application_id, reviewer_id) DO UPDATE "
		"SET scores = excluded.scores, total = excluded.total, "
		"comment = excluded.comment, updated_at = excluded.updated_at",
		(struct db_value[]){ DB_INT(round_id), DB_INT(app_id),
		DB_INT(reviewer_id), DB_TEXT(scores), DB_INT(total),
		DB_TEXT(comment), DB_TEXT(now), DB_TEXT(now) }, 8);
}

int
inc_store_scores(struct db *db, int64_t round_id, int64_t app_id,
		 json_t *items)
{
	return db_rows_values(db, "SELECT s.reviewer_id, a.name AS "
			      "reviewer_name, s.scores, s.total, s.comment, "
			      "s.updated_at FROM inc_score s JOIN account a "
			      "ON a.id = s.reviewer_id WHERE s.round_id = ? "
			      "AND s.application_id = ? ORDER BY s.reviewer_id",
			      (struct db_value[]){ DB_INT(round_id),
			      DB_INT(app_id) }, 2, items);
}

int
inc_store_code_taken(struct db *db, const char *credit_code, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM org WHERE credit_code = ?",
			 (struct db_value[]){ DB_TEXT(credit_code) }, 1, yes);
}

int
inc_store_decision_add(struct db *db, const struct audit_actor *actor,
		       int64_t app_id, int64_t round_id, const char *decision,
		       const char *reason, int64_t org_id, const char *now)
{
	int64_t id;
	int rc = db_insert_id(db, "INSERT INTO inc_decision (application_id, "
			      "round_id, decision, reason, actor_id, "
			      "created_at) VALUES (?, ?, ?, ?, ?, ?) "
			      "RETURNING id", (struct db_value[]){
			      DB_INT(app_id), round_id > 0 ? DB_INT(round_id) :
			      DB_TEXT(NULL), DB_TEXT(decision), DB_TEXT(reason),
			      actor->id > 0 ? DB_INT(actor->id) : DB_TEXT(NULL),
			      DB_TEXT(now) }, 6, &id);

	if (!rc && org_id > 0)
		rc = db_change_values(db, "UPDATE inc_application SET "
				      "org_id = ? WHERE id = ?",
				      (struct db_value[]){ DB_INT(org_id),
				      DB_INT(app_id) }, 2);
	return rc;
}
