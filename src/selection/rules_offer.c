/*
 * rules_offer.c - offers (selection_int.h): publication makes each match
 * an offer due at the round's offer_deadline; the candidate accepts or
 * declines it; the job selection.offers_lapse lapses those left open.
 * An accepted offer is an employee affiliation with the firm, written
 * through the party ledger's table in the same transaction, dated the
 * acceptance or the candidate's latest completion, whichever is later,
 * so that training's order-class figure counts the hire by its own rule
 * (an employee of the ordering firm since the completion or after).
 *
 * The second round of a published round is a round like any other,
 * opened with what the first left: the seats no offer holds and the
 * candidates without one, their lists carried over as the issue says
 * (minus the positions that refused them or that they declined), both
 * sides free to edit them until the second round locks with a seed of
 * its own.
 */
#include <inttypes.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "party/party.h"
#include "selection/selection.h"
#include "selection/selection_int.h"
#include "training/training.h"

/* The offer of candidate `id`, for a decision by `p`. */
static int
offer_for(struct db *db, const struct principal *p, int64_t id,
	  struct arena *a, struct sel_offer *offer, struct problem *pb)
{
	struct sel_candidate c;
	int rc;

	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	rc = sel_store_candidate(db, id, &c);
	if (!rc)
		rc = sel_may_see_candidate(p, &c);
	if (!rc)
		rc = sel_store_offer_of(db, id, a, offer);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no offer to decide");
	if (!rc && strcmp(offer->status, "offered"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.offer_decided",
				   "the offer is decided already");
	return rc;
}

/*
 * The date an accepted offer's employment begins: today, or the latest
 * completion of the person's training when that is later.
 */
static int
hire_date(struct db *db, int64_t person_id, const char *today,
	  char since[TIME_DATE_LEN + 1])
{
	json_t *done = NULL, *e;
	size_t i;
	int rc;

	memcpy(since, today, TIME_DATE_LEN + 1);
	rc = training_completions_of(db, person_id, &done);
	json_array_foreach(done, i, e) {
		const char *on = record_text(e, "completed_on");

		if (on && strlen(on) == TIME_DATE_LEN && strcmp(on, since) > 0)
			memcpy(since, on, TIME_DATE_LEN + 1);
	}
	json_decref(done);
	return rc;
}

/* Decide `offer` on day `on`, inside the caller's transaction. */
static int
decide_in(struct db *db, const struct audit_actor *actor,
	  const struct sel_offer *offer, bool accept, const char *on,
	  struct problem *pb)
{
	char since[TIME_DATE_LEN + 1], now[32];
	json_t *aff = NULL;
	int64_t aff_id = 0;
	int rc;

	time_now_utc(now);
	if (strcmp(on, offer->deadline) > 0)
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.offer_late",
				   "the offer's deadline has passed");
	if (accept && (rc = hire_date(db, offer->person_id, on, since)))
		return rc;
	/* Held first: a second decision at the same time finds it made. */
	rc = sel_store_offer_hold(db, offer->id, on, now);
	if (rc == ERR_CONFLICT)
		problem_key(pb, rc, "status", "selection.err.offer_decided",
			    "the offer is decided already");
	if (!rc && accept) {
		aff = json_pack("{sI sI ss ss}", "person_id",
				(json_int_t)offer->person_id, "org_id",
				(json_int_t)offer->firm_id, "role", "employee",
				"since", since);
		if (record_chars(offer->title) <= 50)
			json_object_set_new(aff, "title",
					    json_string(offer->title));
		rc = record_create_in(db, &party_affiliation_table, actor, aff,
				      &aff_id, pb);
	}
	if (!rc)
		rc = sel_store_offer_decide(db, offer->id, accept ?
					    "accepted" : "declined", on,
					    aff_id, now);
	if (!rc)
		rc = audit_write(db, actor, accept ? "accept" : "decline",
				 "selection_offer", offer->id, NULL, NULL);
	json_decref(aff);
	return rc;
}

int
sel_offer_decide_in(struct db *db, const struct audit_actor *actor,
		    int64_t candidate_id, bool accept, const char *on,
		    struct problem *pb)
{
	struct sel_offer offer;
	struct arena a;
	int rc;

	arena_init(&a, 0);
	rc = sel_store_offer_of(db, candidate_id, &a, &offer);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no offer to decide");
	if (!rc)
		rc = decide_in(db, actor, &offer, accept, on, pb);
	arena_release(&a);
	return rc;
}

/* The decision as answered: the candidate's result with its offer. */
static int
decide(struct db *db, const struct principal *p, int64_t id, bool accept,
       json_t **out, struct problem *pb)
{
	struct sel_offer offer;
	struct arena a;
	char today[TIME_DATE_LEN + 1];
	int rc;

	*out = NULL;
	arena_init(&a, 0);
	time_today_beijing(today);
	if ((rc = offer_for(db, p, id, &a, &offer, pb)))
		goto out;
	/* The deadline before the transaction: a late answer writes nothing. */
	if (strcmp(today, offer.deadline) > 0) {
		rc = problem_key(pb, ERR_CONFLICT, "status",
				 "selection.err.offer_late",
				 "the offer's deadline has passed");
		goto out;
	}
	if ((rc = db_begin(db)))
		goto out;
	rc = db_end(db, decide_in(db, &p->actor, &offer, accept, today, pb));
	if (!rc)
		rc = sel_store_result_get(db, id, out);
out:
	arena_release(&a);
	return rc;
}

int
sel_offer_accept(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return decide(db, p, id, true, out, pb);
}

int
sel_offer_decline(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return decide(db, p, id, false, out, pb);
}

int
sel_offers_lapse(struct db *db, const struct audit_actor *actor,
		 const char *today, int64_t *lapsed)
{
	char now[32];
	int rc;

	time_now_utc(now);
	rc = sel_store_offers_lapse(db, today, now, lapsed);
	if (!rc && *lapsed)
		rc = audit_write(db, actor, "lapse", "selection_offer", 0,
				 NULL, NULL);
	return rc;
}

int
sel_second_in(struct db *db, const struct audit_actor *actor, int64_t id,
	      json_t *in, const char *today, int64_t *second,
	      struct problem *pb)
{
	struct sel_round first;
	char now[32];
	json_t *rec = NULL, *after = NULL;
	int rc;

	*second = 0;
	if ((rc = record_validate(db, &selection_second_table, in, true, pb)))
		return rc;
	if ((rc = sel_round_of(db, id, NULL, &first, pb)))
		return rc;
	if (strcmp(first.status, "published"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.second_round",
				   "a second round follows a published round");
	if ((rc = record_get(db, &selection_round_table, id, &rec)))
		return rc;
	time_now_utc(now);
	/* The first round's scope and rules, the second's calendar. */
	json_object_update(rec, in);
	json_object_set_new(rec, "opens_on", json_string(today));
	json_object_set_new(rec, "parent_id", json_integer(id));
	json_object_set_new(rec, "status", json_string("open"));
	for (const char *const *k = (const char *const[]){ "id",
	     "created_at", "updated_at", "archived_at", "seed_hash", "seed",
	     "locked_at", "run_at", "published_at", NULL }; *k; k++)
		json_object_del(rec, *k);
	rc = record_create_in(db, &selection_round_table, actor, rec, second,
			      pb);
	if (rc == ERR_CONFLICT)
		problem_key(pb, rc, "parent_id",
			    "selection.err.has_second_round",
			    "this round has its second round already");
	if (!rc)
		rc = sel_store_carry(db, id, *second, now);
	if (!rc) {
		after = json_pack("{sI sI}", "parent_id", (json_int_t)id,
				  "round_id", (json_int_t)*second);
		rc = audit_write(db, actor, "second_round", "selection_round",
				 *second, NULL, after);
	}
	json_decref(rec);
	json_decref(after);
	return rc;
}

int
sel_second_round(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	char today[TIME_DATE_LEN + 1];
	int64_t new_id = 0;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_SELECTION_MANAGE, 0)))
		return rc;
	time_today_beijing(today);
	if ((rc = db_begin(db)))
		return rc;
	rc = sel_second_in(db, &p->actor, id, in, today, &new_id, pb);
	return record_end(db, rc, &selection_round_table, new_id, out);
}

