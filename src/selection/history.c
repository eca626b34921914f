/*
 * history.c - a past round recorded whole (selection.h), for the demo
 * park's history: the same steps as the rules take, inside the caller's
 * transaction, as `actor` — the round, its positions posted by staff and
 * open, the candidates registered by their training record, both sides'
 * lists, the lock with a drawn and committed seed, the run (verified
 * stable), publication, and each offer answered on the day the history
 * gives; then, when asked, the second round the same way. A past
 * regional fair goes the fair's way: its lists imported from the CSV
 * files of `jianggu match` (fair.c), the terms its firms stated, then
 * the lock, the run and publication, its offers left to be answered.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

/* Element `i` of array `a` as an index below `n`, or -1. */
static long
index_of(json_t *a, size_t i, size_t n)
{
	json_t *v = json_array_get(a, i);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (size_t)json_integer_value(v) >= n)
		return -1;
	return (long)json_integer_value(v);
}

/* The positions, posted by staff, open; their ids in pos[]. */
static int
add_positions(struct db *db, const struct audit_actor *actor,
	      int64_t round_id, json_t *list, int64_t *pos,
	      struct problem *pb)
{
	json_t *in;
	size_t i;
	int rc = 0;

	json_array_foreach(list, i, in) {
		json_object_set_new(in, "round_id", json_integer(round_id));
		rc = record_validate(db, &selection_position_input_table, in,
				     true, pb);
		if (rc)
			break;
		json_object_set_new(in, "status", json_string("open"));
		rc = record_create_in(db, &selection_position_table, actor, in,
				      &pos[i], pb);
		if (rc)
			break;
	}
	return rc;
}

/* Candidate `cand`'s list: the positions at the indexes of `list`. */
static int
add_list(struct db *db, const struct audit_actor *actor, int64_t cand,
	 json_t *list, const int64_t *pos, size_t npos, const char *now,
	 struct problem *pb)
{
	size_t n = json_array_size(list);
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	json_t *after = json_array();
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		long k = index_of(list, i, npos);

		if (k < 0)
			rc = problem(pb, ERR_INVALID, "list",
				     "list: a position index out of range");
		else
			json_array_append_new(after, json_integer(
					      ids[i] = pos[k]));
	}
	if (!rc)
		rc = sel_store_choices_set(db, cand, ids, n, true, now);
	if (!rc)
		rc = audit_write(db, actor, "rank", "selection_candidate", cand,
				 NULL, after);
	json_decref(after);
	free(ids);
	return rc;
}

/* Position `pos`'s ranking: [candidate index, rank] pairs of `ranks`. */
static int
add_ranking(struct db *db, const struct audit_actor *actor, int64_t pos,
	    json_t *ranks, const int64_t *cand, size_t ncand, const char *now,
	    struct problem *pb)
{
	size_t n = json_array_size(ranks);
	int64_t *who = xcalloc(n + 1, sizeof(*who));
	int64_t *rank = xcalloc(n + 1, sizeof(*rank));
	json_t *pair;
	size_t i;
	int rc = 0;

	json_array_foreach(ranks, i, pair) {
		long k = index_of(pair, 0, ncand);
		json_t *r = json_array_get(pair, 1);

		if (k < 0 || !json_is_integer(r) || json_integer_value(r) < 1) {
			rc = problem(pb, ERR_INVALID, "ranks",
				     "ranks: [candidate index, rank] pairs");
			break;
		}
		who[i] = cand[k];
		rank[i] = json_integer_value(r);
	}
	if (!rc)
		rc = sel_store_ranking_set(db, pos, who, rank, n, now);
	if (!rc)
		rc = audit_write(db, actor, "rank", "selection_position", pos,
				 NULL, ranks);
	free(who);
	free(rank);
	return rc;
}

/* Lock round `id` with a drawn seed, run it and publish it. */
static int
lock_run_publish(struct db *db, const struct audit_actor *actor, int64_t id,
		 struct problem *pb)
{
	int rc = sel_lock_in(db, actor, id);

	if (!rc)
		rc = sel_run_in(db, actor, id, pb);
	if (!rc)
		rc = sel_publish_in(db, actor, id, pb);
	return rc;
}

/* The second round of `first`, every offer of it accepted on its day. */
static int
second_round(struct db *db, const struct audit_actor *actor, int64_t first,
	     json_t *h, struct problem *pb)
{
	const char *opens = json_string_value(json_object_get(h, "opens_on"));
	const char *answered = json_string_value(json_object_get(h,
							"answered_on"));
	json_t *cal = json_pack("{s:O,s:O,s:O,s:O}", "name",
				json_object_get(h, "name"), "lock_at",
				json_object_get(h, "lock_at"), "publish_on",
				json_object_get(h, "publish_on"),
				"offer_deadline",
				json_object_get(h, "offer_deadline"));
	json_t *offered = json_array(), *e;
	int64_t second = 0;
	size_t i;
	int rc;

	if (!cal || !opens || !answered)
		rc = problem(pb, ERR_INVALID, "second", "second: name, "
			     "opens_on, lock_at, publish_on, offer_deadline "
			     "and answered_on are required");
	else
		rc = sel_second_in(db, actor, first, cal, opens, &second, pb);
	if (!rc)
		rc = lock_run_publish(db, actor, second, pb);
	if (!rc)
		rc = sel_store_offered(db, second, offered);
	json_array_foreach(offered, i, e) {
		if (rc)
			break;
		rc = sel_offer_decide_in(db, actor, json_integer_value(e), true,
					 answered, pb);
	}
	json_decref(cal);
	json_decref(offered);
	return rc;
}

/* Round `in` (as POST /api/v1/selection/rounds takes it), created. */
static int
add_round(struct db *db, const struct audit_actor *actor, json_t *in,
	  int64_t *id, struct problem *pb)
{
	int rc = record_validate(db, &selection_round_input_table, in, true,
				 pb);

	if (!rc)
		rc = record_create_in(db, &selection_round_table, actor, in, id,
				      pb);
	return rc;
}

/* What each firm states of its position in round `id` before the lock:
 * `terms` maps the firm's credit code to the position's columns. */
static int
state_terms(struct db *db, const struct audit_actor *actor, int64_t id,
	    json_t *terms, struct problem *pb)
{
	struct sel_code *firms;
	struct sel_id_map pos;
	struct arena a;
	size_t n, stated = 0;
	int rc;

	arena_init(&a, 0);
	rc = sel_store_firm_codes(db, &a, &firms, &n);
	if (!rc)
		rc = sel_store_fair_positions(db, id, &a, &pos);
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *in = json_object_get(terms, firms[i].code);
		int64_t position = sel_id_of(&pos, firms[i].id);

		if (!in || !position)
			continue;
		stated++;
		rc = record_validate(db, &selection_position_terms_table, in,
				     false, pb);
		if (!rc)
			rc = record_update_in(db, &selection_position_table,
					      actor, position, in, pb);
	}
	if (!rc && stated != json_object_size(terms))
		rc = problem(pb, ERR_INVALID, "terms", "terms: a credit code "
			     "with no position in the round");
	arena_release(&a);
	return rc;
}

int
selection_fair_history_in(struct db *db, const struct audit_actor *actor,
			  json_t *h, int64_t *round_id, struct problem *pb)
{
	json_t *report = NULL;
	int rc;

	*round_id = 0;
	rc = add_round(db, actor, json_object_get(h, "round"), round_id, pb);
	if (!rc)
		rc = sel_round_import_in(db, actor, *round_id,
					 json_object_get(h, "lists"), &report,
					 pb);
	/* The refusal's text is the report's. */
	if (report)
		json_object_set_new(h, "report", report);
	if (!rc && json_is_object(json_object_get(h, "terms")))
		rc = state_terms(db, actor, *round_id, json_object_get(h,
				 "terms"), pb);
	if (!rc)
		rc = lock_run_publish(db, actor, *round_id, pb);
	return rc;
}

int
selection_history_in(struct db *db, const struct audit_actor *actor,
		     json_t *h, int64_t *round_id, struct problem *pb)
{
	json_t *round = json_object_get(h, "round");
	json_t *positions = json_object_get(h, "positions");
	json_t *cands = json_object_get(h, "candidates");
	json_t *ranks = json_object_get(h, "ranks"), *c;
	size_t npos = json_array_size(positions), ncand = json_array_size(cands);
	int64_t *pos = xcalloc(npos + 1, sizeof(*pos));
	int64_t *cand = xcalloc(ncand + 1, sizeof(*cand));
	char now[32];
	size_t i;
	int rc;

	*round_id = 0;
	time_now_utc(now);
	rc = add_round(db, actor, round, round_id, pb);
	if (!rc)
		rc = add_positions(db, actor, *round_id, positions, pos, pb);
	for (i = 0; i < ncand && !rc; i++) {
		c = json_array_get(cands, i);
		rc = sel_candidate_add_in(db, actor, *round_id,
			json_integer_value(json_object_get(c, "person_id")),
			json_is_true(json_object_get(c, "consent")), &cand[i],
			pb);
		if (!rc)
			rc = add_list(db, actor, cand[i], json_object_get(c,
				      "list"), pos, npos, now, pb);
	}
	for (i = 0; i < npos && !rc; i++)
		rc = add_ranking(db, actor, pos[i], json_array_get(ranks, i),
				 cand, ncand, now, pb);
	if (!rc)
		rc = lock_run_publish(db, actor, *round_id, pb);
	/* The answers, in the order given: a seat declined frees up. */
	for (i = 0; i < ncand && !rc; i++) {
		const char *answer, *on;

		c = json_array_get(cands, i);
		answer = json_string_value(json_object_get(c, "answer"));
		on = json_string_value(json_object_get(c, "on"));
		if (answer)
			rc = sel_offer_decide_in(db, actor, cand[i],
						 !strcmp(answer, "accept"),
						 on ? on : "", pb);
	}
	if (!rc && json_is_object(json_object_get(h, "second")))
		rc = second_round(db, actor, *round_id, json_object_get(h,
				  "second"), pb);
	free(pos);
	free(cand);
	return rc;
}
