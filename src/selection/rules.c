/*
 * rules.c - the steps of two-way selection before the lock
 * (selection_int.h): rounds, positions and their vetting, candidates with
 * their eligibility and consent, and both sides' lists. Each checks who
 * asks, holds the round open with a compare-and-set UPDATE first (so an
 * edit after the lock is ERR_CONFLICT and writes nothing), writes, and
 * audits in its transaction; none sees HTTP.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth.h"
#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "record/record.h"
#include "selection/selection.h"
#include "selection/selection_int.h"
#include "settings/settings.h"
#include "training/training.h"

/* The most entries of one list, whatever the round's cap. */
#define LIST_MAX 500

/* Whether `p` acts for firm `firm_id`: staff, or that firm's account. */
static bool
acts_for_firm(const struct principal *p, int64_t firm_id)
{
	return auth_is_staff(p) ||
	       auth_require(p, PERM_SELECTION_POST, firm_id) == 0;
}

int
sel_may_see_candidate(const struct principal *p, const struct sel_candidate *c)
{
	if (auth_is_staff(p))
		return 0;
	return p && p->person_id > 0 && p->person_id == c->person_id ?
	       0 : ERR_NOTFOUND;
}

int
sel_round_of(struct db *db, int64_t id, const char *field,
	     struct sel_round *r, struct problem *pb)
{
	int rc = sel_store_round(db, id, r);

	if (rc == ERR_NOTFOUND && field)
		return problem_key(pb, ERR_INVALID, field,
				   "selection.err.no_round",
				   "no such round");
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, NULL,
				   "selection.err.no_round",
				   "no such round");
	return rc;
}

/*
 * Begin, and hold round `round_id` open for the transaction: ERR_CONFLICT
 * (rolled back) when it is locked or later.
 */
static int
begin_open(struct db *db, int64_t round_id, struct problem *pb)
{
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = sel_store_round_hold(db, round_id, "open");
	if (rc) {
		db_rollback(db);
		if (rc == ERR_CONFLICT)
			return problem(pb, rc, NULL, "the round is locked: "
				       "nothing can change any more");
	}
	return rc;
}

/*
 * The pledge of an order class (`programme_id`) in new round `round_id`:
 * a position of its firm for its hiring commitment, proposed, inside
 * the caller's transaction. None when the class pledges no hires.
 */
static int
pledge_in(struct db *db, const struct principal *p, int64_t round_id,
	  int64_t programme_id, struct problem *pb)
{
	json_t *prog = NULL, *pos;
	int64_t firm, seats, pos_id;
	int rc;

	rc = record_get(db, &training_programme_table, programme_id, &prog);
	if (rc)
		return rc;
	firm = record_int(prog, "firm_org_id");
	seats = record_int(prog, "hiring_commitment");
	if (firm <= 0 || seats <= 0) {
		json_decref(prog);
		return 0;
	}
	pos = json_pack("{sI sI sO sO sI ss}", "round_id",
			(json_int_t)round_id, "firm_id", (json_int_t)firm,
			"title", json_object_get(prog, "name"), "occupation",
			json_object_get(prog, "occupation"), "headcount",
			(json_int_t)seats, "status", "proposed");
	json_decref(prog);
	rc = record_create_in(db, &selection_position_table, &p->actor, pos,
			      &pos_id, pb);
	json_decref(pos);
	return rc;
}

/*
 * Read `given` (the request's cohort_ids, NULL when absent) of a round of
 * `scope` and `year` into ids[] (*n): for a round scoped to cohorts, at
 * least one, each a cohort not archived whose ends_on falls in `year`,
 * listed once; for any other scope, none. Refusals name cohort_ids.
 */
static int
read_cohorts(struct db *db, json_t *given, const char *scope, int64_t year,
	     int64_t *ids, size_t *n, struct problem *pb)
{
	bool cohorts = !strcmp(scope, "cohorts");
	json_t *v, *rec = NULL;
	const char *ends;
	size_t i;
	int rc = 0;

	*n = 0;
	if (given && !json_is_null(given) && !json_is_array(given))
		return problem_key(pb, ERR_INVALID, "cohort_ids",
				   "selection.err.cohort_ids",
				   "cohort_ids must be an array of cohort ids");
	if (!cohorts && json_array_size(given))
		return problem_key(pb, ERR_INVALID, "cohort_ids",
				   "selection.err.cohorts_only",
				   "cohort_ids is only for a round scoped to "
				   "cohorts");
	if (!cohorts)
		return 0;
	if (!json_array_size(given))
		return problem_key(pb, ERR_INVALID, "cohort_ids",
				   "selection.err.cohorts_required",
				   "cohort_ids: a round scoped to cohorts "
				   "names at least one cohort");
	if (json_array_size(given) > SELECTION_COHORTS_MAX)
		return problem_range(pb, ERR_INVALID, "cohort_ids",
				     "selection.err.cohorts_many", 1,
				     SELECTION_COHORTS_MAX, "cohort_ids: at "
				     "most 50 cohorts");
	json_array_foreach(given, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return problem_key(pb, ERR_INVALID, "cohort_ids",
					   "selection.err.cohort_ids",
					   "cohort_ids must be an array of "
					   "cohort ids");
		ids[i] = json_integer_value(v);
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return problem_key(pb, ERR_INVALID,
						   "cohort_ids",
						   "selection.err.cohort_twice",
						   "cohort_ids: a cohort is "
						   "named twice");
		rc = record_get(db, &training_cohort_table, ids[i], &rec);
		if (rc == ERR_NOTFOUND || (!rc && !json_is_null(
		    json_object_get(rec, "archived_at"))))
			rc = problem_key(pb, ERR_INVALID, "cohort_ids",
					 "selection.err.cohort_unknown",
					 "cohort_ids: no such cohort, or it "
					 "is archived");
		ends = record_text(rec, "ends_on");
		if (!rc && (!ends || strtoll(ends, NULL, 10) != year))
			rc = problem_key(pb, ERR_INVALID, "cohort_ids",
					 "selection.err.cohort_year",
					 "cohort_ids: each cohort must end in "
					 "the round's year");
		json_decref(rec);
		rec = NULL;
		if (rc)
			return rc;
	}
	*n = json_array_size(given);
	return 0;
}

/* Member `name` of `in`, taken out of it (a new reference, or NULL). */
static json_t *
take(json_t *in, const char *name)
{
	json_t *v = json_incref(json_object_get(in, name));

	json_object_del(in, name);
	return v;
}

/* Round `id`'s cohort ids, as {cohort_ids: [...]} for its audit. */
static int
cohorts_json(struct db *db, int64_t id, json_t **out)
{
	json_t *items = json_array(), *ids = json_array(), *e;
	size_t i;
	int rc = sel_store_round_cohorts(db, id, items);

	json_array_foreach(items, i, e)
		json_array_append(ids, json_object_get(e, "id"));
	json_decref(items);
	*out = json_pack("{so}", "cohort_ids", ids);
	return rc;
}

/* Make ids[0 .. n) round `id`'s cohorts, inside the caller's
 * transaction, audited as `actor` ("change", the sets before and
 * after). */
static int
cohorts_write(struct db *db, const struct audit_actor *actor, int64_t id,
	      const int64_t *ids, size_t n)
{
	json_t *before = NULL, *after = NULL;
	int rc = cohorts_json(db, id, &before);

	if (!rc)
		rc = sel_store_round_cohorts_set(db, id, ids, n);
	if (!rc)
		rc = cohorts_json(db, id, &after);
	if (!rc)
		rc = audit_write(db, actor, "change", "selection_round", id,
				 before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/*
 * A round given no list_cap (null, or absent from a new one's `in`)
 * takes the setting selection.list_cap's, and keeps it.
 */
static int
default_cap(struct db *db, json_t *in, bool create)
{
	json_t *given = json_object_get(in, "list_cap");
	int64_t cap;
	int rc;

	if (json_is_integer(given) || (!given && !create))
		return 0;
	if ((rc = settings_get_int(db, "selection.list_cap", &cap)))
		return rc;
	json_object_set_new(in, "list_cap", json_integer(cap));
	return 0;
}

int
sel_round_create(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	int64_t new_id, cohorts[SELECTION_COHORTS_MAX];
	json_t *given = take(in, "cohort_ids");
	size_t n = 0;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = auth_require(p, PERM_SELECTION_MANAGE, 0)))
		goto out;
	if ((rc = record_validate(db, &selection_round_input_table, in, true,
				  pb)))
		goto out;
	if ((rc = read_cohorts(db, given, record_text(in, "scope"),
			       record_int(in, "year"), cohorts, &n, pb)))
		goto out;
	if ((rc = default_cap(db, in, true)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = record_create_in(db, &selection_round_table, &p->actor, in,
			      &new_id, pb);
	if (!rc && record_int(in, "programme_id") > 0)
		rc = pledge_in(db, p, new_id, record_int(in, "programme_id"),
			       pb);
	if (!rc && n)
		rc = cohorts_write(db, &p->actor, new_id, cohorts, n);
	rc = record_end(db, rc, &selection_round_table, new_id, out);
out:
	json_decref(given);
	return rc;
}

int
sel_round_update(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	int64_t cohorts[SELECTION_COHORTS_MAX];
	json_t *given = take(in, "cohort_ids");
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_SELECTION_MANAGE, 0)))
		goto out;
	if ((rc = record_validate(db, &selection_round_change_table, in,
				  false, pb)))
		goto out;
	if ((rc = sel_round_of(db, id, NULL, &round, pb)))
		goto out;
	if (given && (rc = read_cohorts(db, given, round.scope, round.year,
					cohorts, &n, pb)))
		goto out;
	if ((rc = default_cap(db, in, false)))
		goto out;
	if ((rc = begin_open(db, id, pb)))
		goto out;
	rc = record_update_in(db, &selection_round_table, &p->actor, id, in,
			      pb);
	if (!rc && n)
		rc = cohorts_write(db, &p->actor, id, cohorts, n);
	rc = record_end(db, rc, &selection_round_table, id, out);
out:
	json_decref(given);
	return rc;
}

int
sel_round_cohorts(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	json_t *items;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_READ)))
		return rc;
	if ((rc = sel_round_of(db, id, NULL, &round, pb)))
		return rc;
	items = json_array();
	if ((rc = sel_store_round_cohorts(db, id, items))) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

int
sel_position_create(struct db *db, const struct principal *p, int64_t id,
		    json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	int64_t new_id, firm_id;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_POST)))
		return rc;
	/* A firm posts for itself; staff name the firm. */
	if (!auth_is_staff(p) && !json_is_integer(json_object_get(in,
								    "firm_id")))
		json_object_set_new(in, "firm_id", json_integer(p->org_id));
	rc = record_validate(db, &selection_position_input_table, in, true,
			     pb);
	if (rc)
		return rc;
	firm_id = record_int(in, "firm_id");
	if (!acts_for_firm(p, firm_id))
		return problem_key(pb, ERR_INVALID, "firm_id",
				   "selection.err.own_firm",
				   "firm_id: a firm posts positions for "
				   "itself");
	if ((rc = sel_round_of(db, record_int(in, "round_id"), "round_id",
			       &round, pb)))
		return rc;
	json_object_set_new(in, "status", json_string(auth_is_staff(p) ?
						      "open" : "proposed"));
	if ((rc = begin_open(db, round.id, pb)))
		return rc;
	rc = record_create_in(db, &selection_position_table, &p->actor, in,
			      &new_id, pb);
	return record_end(db, rc, &selection_position_table, new_id, out);
}

/* Position `id` for a step on it by `p`; ERR_NOTFOUND if not in reach. */
static int
position_for(struct db *db, const struct principal *p, int64_t id,
	     struct sel_position *pos, struct problem *pb)
{
	int rc = sel_store_position(db, id, pos);

	if (!rc && !acts_for_firm(p, pos->firm_id))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such position");
	return rc;
}

/* Move position `id` from `from` to `to` while its round is open,
 * audited as `action`. */
static int
position_move(struct db *db, const struct principal *p,
	      const struct sel_position *pos, const char *action,
	      const char *from, const char *to, json_t **out,
	      struct problem *pb)
{
	char now[32];
	json_t *before = NULL, *after = NULL;
	int rc;

	time_now_utc(now);
	if ((rc = begin_open(db, pos->round_id, pb)))
		return rc;
	rc = record_get(db, &selection_position_table, pos->id, &before);
	if (!rc) {
		rc = sel_store_position_move(db, pos->id, from, to, now);
		if (rc == ERR_CONFLICT)
			problem_key(pb, rc, "status",
				    "selection.err.position_moved",
				    "the position has moved on from the "
				    "state this step needs");
	}
	if (!rc)
		rc = record_get(db, &selection_position_table, pos->id, &after);
	if (!rc)
		rc = audit_write(db, &p->actor, action, "selection_position",
				 pos->id, before, after);
	json_decref(before);
	if ((rc = db_end(db, rc))) {
		json_decref(after);
		return rc;
	}
	*out = after;
	return 0;
}

int
sel_position_update(struct db *db, const struct principal *p, int64_t id,
		    json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_POST)))
		return rc;
	if ((rc = record_validate(db, &selection_position_terms_table, in,
				  false, pb)))
		return rc;
	if ((rc = position_for(db, p, id, &pos, pb)))
		return rc;
	if (strcmp(pos.status, "proposed") && strcmp(pos.status, "open"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.position_closed",
				   "the position is withdrawn or refused");
	if ((rc = begin_open(db, pos.round_id, pb)))
		return rc;
	rc = record_update_in(db, &selection_position_table, &p->actor, id, in,
			      pb);
	return record_end(db, rc, &selection_position_table, id, out);
}

/* Whether position `id` states what a candidate must know: place, pay. */
static int
complete_terms(struct db *db, int64_t id, struct problem *pb)
{
	static const char *const needed[] = {
		"place", "pay_min", "pay_max", NULL,
	};
	json_t *rec = NULL;
	int rc = record_get(db, &selection_position_table, id, &rec);

	for (size_t i = 0; !rc && needed[i]; i++)
		if (json_is_null(json_object_get(rec, needed[i])))
			rc = problem_key(pb, ERR_INVALID, needed[i],
					 "selection.err.position_terms",
					 "state the place and the pay range "
					 "before the position opens");
	json_decref(rec);
	return rc;
}

int
sel_position_vet(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	const char *decision;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_SELECTION_MANAGE, 0)))
		return rc;
	if ((rc = record_validate(db, &selection_vet_table, in, true, pb)))
		return rc;
	if ((rc = position_for(db, p, id, &pos, pb)))
		return rc;
	decision = record_text(in, "decision");
	if (!strcmp(decision, "open") && (rc = complete_terms(db, id, pb)))
		return rc;
	return position_move(db, p, &pos, "decide", "proposed", decision, out,
			     pb);
}

int
sel_position_withdraw(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_POST)))
		return rc;
	if ((rc = position_for(db, p, id, &pos, pb)))
		return rc;
	if (strcmp(pos.status, "proposed") && strcmp(pos.status, "open"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.position_closed",
				   "the position is withdrawn or refused "
				   "already");
	return position_move(db, p, &pos, "withdraw", pos.status, "withdrawn",
			     out, pb);
}

/* Whether person `person_id` is enrolled in one of round `id`'s
 * cohorts (and has not withdrawn): basis "cohort", else NULL. */
static int
cohort_eligibility(struct db *db, int64_t id, int64_t person_id,
		   const char **basis)
{
	json_t *items = json_array(), *e;
	size_t i;
	bool yes = false;
	int rc = sel_store_round_cohorts(db, id, items);

	json_array_foreach(items, i, e) {
		if (rc || yes)
			break;
		rc = training_enrolled_in_cohort(db, person_id,
						 record_int(e, "id"), &yes);
	}
	json_decref(items);
	if (!rc && yes)
		*basis = "cohort";
	return rc;
}

/*
 * Whether person `person_id` may take part in `round`, and on what basis:
 * in a round scoped to cohorts, enrolment in one of them; else a
 * programme completed by today (the round's own programme for an
 * order-class round), else enrolment in a cohort (of that programme)
 * that ends in the round's year, else (park-wide) a certificate. NULL
 * when none.
 */
static int
eligibility(struct db *db, const struct sel_round *round, int64_t person_id,
	    const char **basis)
{
	char today[TIME_DATE_LEN + 1];
	json_t *items = NULL, *certs = NULL, *e;
	size_t i;
	bool yes;
	int rc;

	*basis = NULL;
	if (!strcmp(round->scope, "cohorts"))
		return cohort_eligibility(db, round->id, person_id, basis);
	time_today_beijing(today);
	rc = training_completions_of(db, person_id, &items);
	json_array_foreach(items, i, e) {
		const char *on = record_text(e, "completed_on");

		if (rc || !on || strcmp(on, today) > 0)
			continue;
		if (!round->programme_id ||
		    record_int(e, "programme_id") == round->programme_id)
			*basis = "completed";
	}
	json_decref(items);
	if (rc || *basis)
		return rc;
	rc = training_enrolled_ending_in(db, person_id, round->programme_id,
					 round->year, &yes);
	if (!rc && yes)
		*basis = "cohort";
	if (rc || *basis || round->programme_id)
		return rc;
	rc = training_certificates_of(db, person_id, &certs);
	if (!rc && (json_array_size(json_object_get(certs, "completion")) ||
		    json_array_size(json_object_get(certs, "skill"))))
		*basis = "certificate";
	json_decref(certs);
	return rc;
}

void
sel_new_pseudonym(char out[SELECTION_PSEUDONYM_LEN + 1])
{
	static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	out[0] = 'C';
	for (int i = 1; i < SELECTION_PSEUDONYM_LEN; i++)
		out[i] = digits[randombytes_uniform(32)];
	out[SELECTION_PSEUDONYM_LEN] = '\0';
}

/* The refusal of a person not eligible for `round`. */
static int
not_eligible(const struct sel_round *round, struct problem *pb)
{
	if (!strcmp(round->scope, "cohorts"))
		return problem_key(pb, ERR_INVALID, "person_id",
				   "selection.err.not_eligible_cohorts",
				   "person_id: not eligible: the round is for "
				   "the trainees of its cohorts");
	return round->programme_id ?
	       problem_key(pb, ERR_INVALID, "person_id",
			   "selection.err.not_eligible_order",
			   "person_id: not eligible: the round is for those "
			   "who complete its order class this year") :
	       problem_key(pb, ERR_INVALID, "person_id",
			   "selection.err.not_eligible",
			   "person_id: not eligible: no completed programme, "
			   "no cohort ending this year and no certificate");
}

/* Make person `person_id` a candidate of round `round_id` on `basis`,
 * inside the caller's transaction, the round held open. */
static int
candidate_in(struct db *db, const struct audit_actor *actor,
	     int64_t round_id, int64_t person_id, const char *basis,
	     bool consent, int64_t *id, struct problem *pb)
{
	char pseudonym[SELECTION_PSEUDONYM_LEN + 1];
	json_t *rec;
	int rc;

	sel_new_pseudonym(pseudonym);
	rec = json_pack("{sI sI ss ss si}", "round_id", (json_int_t)round_id,
			"person_id", (json_int_t)person_id, "pseudonym",
			pseudonym, "basis", basis, "consent", consent ? 1 : 0);
	rc = record_create_in(db, &selection_candidate_table, actor, rec, id,
			      pb);
	json_decref(rec);
	if (rc == ERR_CONFLICT)
		problem_key(pb, rc, "person_id",
			    "selection.err.already_candidate",
			    "person_id: already a candidate in this round");
	return rc;
}

int
sel_candidate_add_in(struct db *db, const struct audit_actor *actor,
		     int64_t round_id, int64_t person_id, bool consent,
		     int64_t *id, struct problem *pb)
{
	struct sel_round round;
	const char *basis = NULL;
	int rc = sel_store_round(db, round_id, &round);

	if (!rc)
		rc = sel_store_round_hold(db, round_id, "open");
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, NULL, "the round is locked: nothing "
			       "can change any more");
	if (!rc)
		rc = eligibility(db, &round, person_id, &basis);
	if (!rc && !basis)
		rc = not_eligible(&round, pb);
	if (!rc)
		rc = candidate_in(db, actor, round_id, person_id, basis,
				  consent, id, pb);
	return rc;
}

int
sel_candidate_register(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	char today[TIME_DATE_LEN + 1];
	const char *basis;
	int64_t person_id, new_id = 0;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	if ((rc = record_validate(db, &selection_register_table, in, true,
				  pb)))
		return rc;
	person_id = record_int(in, "person_id");
	if (!auth_is_staff(p)) {
		if (person_id && person_id != p->person_id)
			return problem_key(pb, ERR_INVALID, "person_id",
					   "selection.err.register_self",
					   "person_id: a trainee registers "
					   "itself");
		person_id = p->person_id;
	}
	if (person_id <= 0)
		return problem_key(pb, ERR_INVALID, "person_id",
				   "selection.err.person_required",
				   "person_id is required");
	if ((rc = sel_round_of(db, id, NULL, &round, pb)))
		return rc;
	time_today_beijing(today);
	if (strcmp(today, round.opens_on) < 0)
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.not_open",
				   "registration has not opened yet");
	if ((rc = eligibility(db, &round, person_id, &basis)))
		return rc;
	if (!basis)
		return not_eligible(&round, pb);
	if ((rc = begin_open(db, id, pb)))
		return rc;
	rc = candidate_in(db, &p->actor, id, person_id, basis,
			  record_int(in, "consent") != 0, &new_id, pb);
	return record_end(db, rc, &selection_candidate_table, new_id, out);
}

/* Candidate `id` for a step by `p`: its person's, or staff's. */
static int
candidate_for(struct db *db, const struct principal *p, int64_t id,
	      struct sel_candidate *c, struct problem *pb)
{
	int rc = sel_store_candidate(db, id, c);

	if (!rc)
		rc = sel_may_see_candidate(p, c);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such candidate");
	return rc;
}

/* Begin with the candidate's round held open; audit `action` after. */
static int
candidate_change(struct db *db, const struct principal *p,
		 const struct sel_candidate *c, const char *action,
		 int (*change)(struct db *, const struct sel_candidate *,
			       json_t *, const char *),
		 json_t *in, json_t **out, struct problem *pb)
{
	char now[32];
	json_t *before = NULL, *after = NULL;
	int rc;

	time_now_utc(now);
	if ((rc = begin_open(db, c->round_id, pb)))
		return rc;
	rc = record_get(db, &selection_candidate_table, c->id, &before);
	if (!rc)
		rc = change(db, c, in, now);
	if (!rc)
		rc = record_get(db, &selection_candidate_table, c->id, &after);
	if (!rc)
		rc = audit_write(db, &p->actor, action, "selection_candidate",
				 c->id, before, after);
	json_decref(before);
	if ((rc = db_end(db, rc))) {
		json_decref(after);
		if (rc == ERR_CONFLICT)
			problem_key(pb, rc, "status",
				    "selection.err.withdrawn",
				    "the candidate has withdrawn");
		return rc;
	}
	*out = after;
	return 0;
}

static int
withdraw(struct db *db, const struct sel_candidate *c, json_t *in,
	 const char *now)
{
	(void)in;
	return sel_store_candidate_move(db, c->id, "registered", "withdrawn",
					now);
}

int
sel_candidate_withdraw(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	struct sel_candidate c;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	if ((rc = candidate_for(db, p, id, &c, pb)))
		return rc;
	return candidate_change(db, p, &c, "withdraw", withdraw, in, out, pb);
}

static int
consent(struct db *db, const struct sel_candidate *c, json_t *in,
	const char *now)
{
	return sel_store_candidate_consent(db, c->id, record_int(in, "consent"),
					   now);
}

int
sel_candidate_consent(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	struct sel_candidate c;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	if ((rc = record_validate(db, &selection_consent_table, in, true, pb)))
		return rc;
	if ((rc = candidate_for(db, p, id, &c, pb)))
		return rc;
	return candidate_change(db, p, &c, "consent", consent, in, out, pb);
}

/* A candidate's list as answered: {candidate_id, submitted_at, items}. */
static int
choices_json(struct db *db, int64_t id, json_t **out)
{
	json_t *rec = NULL, *items = json_array();
	int rc;

	rc = record_get(db, &selection_candidate_table, id, &rec);
	if (!rc)
		rc = sel_store_choices(db, id, items);
	if (rc) {
		json_decref(rec);
		json_decref(items);
		return rc;
	}
	*out = json_pack("{sI sO so}", "candidate_id", (json_int_t)id,
			 "submitted_at", json_object_get(rec, "submitted_at"),
			 "items", items);
	json_decref(rec);
	return 0;
}

int
sel_choices_get(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	struct sel_candidate c;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = candidate_for(db, p, id, &c, pb)))
		return rc;
	return choices_json(db, id, out);
}

/*
 * Read `in.positions` into ids[], checking each is a position of the round
 * open to candidates, listed once, within the round's cap.
 */
static int
read_choices(struct db *db, const struct sel_round *round, json_t *in,
	     int64_t *ids, size_t *n, struct problem *pb)
{
	json_t *list = json_object_get(in, "positions"), *v;
	struct sel_position pos;
	size_t i;
	int rc;

	if (!json_is_array(list))
		return problem_key(pb, ERR_INVALID, "positions",
				   "selection.err.positions",
				   "positions must be an array of position "
				   "ids, best first");
	*n = json_array_size(list);
	if (*n > LIST_MAX || (round->list_cap && *n > (size_t)round->list_cap))
		return problem_key(pb, ERR_INVALID, "positions",
				   "selection.err.positions_long",
				   "positions: the list is longer than the "
				   "round allows");
	json_array_foreach(list, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return problem_key(pb, ERR_INVALID, "positions",
					   "selection.err.positions_ids",
					   "positions must hold position ids");
		ids[i] = json_integer_value(v);
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return problem_key(pb, ERR_INVALID, "positions",
						   "selection.err.positions_twice",
						   "positions: a position is "
						   "listed twice");
		rc = sel_store_position(db, ids[i], &pos);
		if (rc == ERR_NOTFOUND || (!rc && (pos.round_id != round->id ||
						   strcmp(pos.status, "open"))))
			return problem_key(pb, ERR_INVALID, "positions",
					   "selection.err.positions_open",
					   "positions: each must be an open "
					   "position of this round");
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Save ids[0 .. n) as candidate `c`'s list (`submit`: entered in the
 * run, else a draft) while its round is open, audited; *out the list.
 */
static int
choices_save(struct db *db, const struct principal *p,
	     const struct sel_candidate *c, const int64_t *ids, size_t n,
	     bool submit, json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	char now[32];
	int rc;

	time_now_utc(now);
	if ((rc = begin_open(db, c->round_id, pb)))
		return rc;
	rc = choices_json(db, c->id, &before);
	if (!rc)
		rc = sel_store_choices_set(db, c->id, ids, n, submit, now);
	if (!rc)
		rc = choices_json(db, c->id, out);
	if (!rc)
		rc = audit_write(db, &p->actor, "rank", "selection_candidate",
				 c->id, before, *out);
	json_decref(before);
	if ((rc = db_end(db, rc))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Candidate `id` and its round, for a change of its list by `p`. */
static int
list_owner(struct db *db, const struct principal *p, int64_t id,
	   struct sel_candidate *c, struct sel_round *round,
	   struct problem *pb)
{
	int rc;

	if ((rc = auth_may_call(p, PERM_SELECTION_APPLY)))
		return rc;
	if ((rc = candidate_for(db, p, id, c, pb)))
		return rc;
	if ((rc = sel_round_of(db, c->round_id, NULL, round, pb)))
		return rc;
	if (strcmp(c->status, "registered"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.withdrawn",
				   "the candidate has withdrawn");
	return 0;
}

int
sel_choices_set(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	static const char *const known[] = { "positions", "submit", NULL };
	struct sel_candidate c;
	struct sel_round round;
	int64_t ids[LIST_MAX];
	json_t *submit = json_object_get(in, "submit");
	const char *key;
	json_t *v;
	size_t n = 0;
	int rc;

	*out = NULL;
	json_object_foreach(in, key, v) {
		size_t k = 0;

		while (known[k] && strcmp(known[k], key))
			k++;
		if (!known[k])
			return problem_key(pb, ERR_INVALID, key,
					   "selection.err.list_fields",
					   "unknown field: the list takes "
					   "positions and submit");
	}
	if (submit && !json_is_boolean(submit))
		return problem_key(pb, ERR_INVALID, "submit",
				   "selection.err.submit",
				   "submit must be true or false");
	if ((rc = list_owner(db, p, id, &c, &round, pb)))
		return rc;
	if ((rc = read_choices(db, &round, in, ids, &n, pb)))
		return rc;
	return choices_save(db, p, &c, ids, n, json_is_true(submit), out, pb);
}

/*
 * One step on a candidate's list from its page, so that it can be
 * reordered with the keyboard alone: `op` add (at the end), up, down,
 * remove (`position_id`), submit or draft.
 */
int
sel_choices_edit(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	struct sel_candidate c;
	struct sel_round round;
	int64_t ids[LIST_MAX + 1], pos;
	json_t *list = NULL, *items, *e, *want;
	const char *op;
	size_t n, i, at;
	bool submitted;
	int rc;

	*out = NULL;
	if ((rc = record_validate(db, &selection_edit_table, in, true, pb)))
		return rc;
	if ((rc = list_owner(db, p, id, &c, &round, pb)))
		return rc;
	if ((rc = choices_json(db, id, &list)))
		return rc;
	op = record_text(in, "op");
	pos = record_int(in, "position_id");
	submitted = !json_is_null(json_object_get(list, "submitted_at"));
	items = json_object_get(list, "items");
	n = json_array_size(items);
	at = n;
	json_array_foreach(items, i, e) {
		ids[i] = record_int(e, "position_id");
		if (ids[i] == pos)
			at = i;
	}
	json_decref(list);
	if (!strcmp(op, "submit") || !strcmp(op, "draft")) {
		submitted = !strcmp(op, "submit");
	} else if (pos <= 0) {
		return problem_key(pb, ERR_INVALID, "position_id",
				   "selection.err.position_required",
				   "position_id is required");
	} else if (!strcmp(op, "add")) {
		if (at < n)
			return problem_key(pb, ERR_INVALID, "position_id",
					   "selection.err.on_list",
					   "position_id: already on the list");
		ids[n++] = pos;
	} else if (at == n) {
		return problem_key(pb, ERR_INVALID, "position_id",
				   "selection.err.not_on_list",
				   "position_id: not on the list");
	} else if (!strcmp(op, "remove")) {
		memmove(ids + at, ids + at + 1, (n - at - 1) * sizeof(*ids));
		n--;
	} else {
		size_t to = !strcmp(op, "up") ? (at ? at - 1 : at) :
			    (at + 1 < n ? at + 1 : at);
		int64_t t = ids[to];

		ids[to] = ids[at];
		ids[at] = t;
	}
	/* The whole list is checked again, as the API checks it. */
	want = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(want, json_integer(ids[i]));
	list = json_pack("{so}", "positions", want);
	rc = read_choices(db, &round, list, ids, &n, pb);
	json_decref(list);
	if (rc)
		return rc;
	return choices_save(db, p, &c, ids, n, submitted, out, pb);
}

/*
 * What a firm may see of applicant `a` (a row of sel_store_applicants()):
 * with consent its name, completions with their hours, certificates and
 * assessment scores; without, its pseudonym and eligibility alone.
 */
static int
applicant_view(struct db *db, json_t *a)
{
	json_t *done = NULL, *certs = NULL, *scores = NULL, *e;
	char now[32];
	size_t i;
	int rc;

	if (!record_int(a, "consent")) {
		json_object_del(a, "person_id");
		json_object_del(a, "person_name");
		return 0;
	}
	time_now_utc(now);
	rc = training_completions_of(db, record_int(a, "person_id"), &done);
	json_array_foreach(done, i, e) {
		struct training_hours h;

		if (rc)
			break;
		rc = training_hours(db, record_int(e, "enrolment_id"), now, &h);
		if (!rc)
			json_object_set_new(e, "hours",
					    training_hours_json(record_int(e,
						    "enrolment_id"), &h));
	}
	if (!rc)
		rc = training_certificates_of(db, record_int(a, "person_id"),
					      &certs);
	if (!rc)
		rc = training_assessments_of(db, record_int(a, "person_id"),
					     &scores);
	if (!rc) {
		json_object_set(a, "completions", done);
		json_object_set(a, "certificates", certs);
		json_object_set(a, "assessments", scores);
	}
	json_decref(done);
	json_decref(certs);
	json_decref(scores);
	return rc;
}

int
sel_applicants(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	json_t *items = json_array(), *a;
	size_t i;
	int rc;

	(void)in;
	*out = NULL;
	rc = position_for(db, p, id, &pos, pb);
	if (!rc)
		rc = sel_store_applicants(db, id, items);
	json_array_foreach(items, i, a) {
		if (rc)
			break;
		rc = applicant_view(db, a);
	}
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{sI so}", "position_id", (json_int_t)id, "items",
			 items);
	return 0;
}

static int
ranking_json(struct db *db, int64_t id, json_t **out)
{
	json_t *items = json_array();
	int rc = sel_store_ranking(db, id, items);

	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{sI so}", "position_id", (json_int_t)id, "items",
			 items);
	return 0;
}

int
sel_ranking_get(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = position_for(db, p, id, &pos, pb)))
		return rc;
	return ranking_json(db, id, out);
}

/* Read `in.ranks` into cands[] and ranks[]: applicants, each once. */
static int
read_ranks(struct db *db, int64_t pos, json_t *in, int64_t *cands,
	   int64_t *ranks, size_t *n, struct problem *pb)
{
	json_t *list = json_object_get(in, "ranks"), *e;
	size_t i;
	bool yes;
	int rc;

	if (!json_is_array(list) || json_object_size(in) != 1)
		return problem_key(pb, ERR_INVALID, "ranks",
				   "selection.err.ranks",
				   "ranks must be an array of {candidate_id, "
				   "rank} and nothing else");
	*n = json_array_size(list);
	if (*n > LIST_MAX)
		return problem_key(pb, ERR_INVALID, "ranks",
				   "selection.err.ranks_many",
				   "ranks: at most 500 applicants");
	json_array_foreach(list, i, e) {
		json_t *c = json_object_get(e, "candidate_id");
		json_t *r = json_object_get(e, "rank");

		if (!json_is_object(e) || json_object_size(e) != 2 ||
		    !json_is_integer(c) || !json_is_integer(r) ||
		    json_integer_value(r) < 1 ||
		    json_integer_value(r) > LIST_MAX)
			return problem_key(pb, ERR_INVALID, "ranks",
					   "selection.err.ranks_item",
					   "ranks: each must be "
					   "{candidate_id, rank} with a rank "
					   "from 1 to 500");
		cands[i] = json_integer_value(c);
		ranks[i] = json_integer_value(r);
		for (size_t j = 0; j < i; j++)
			if (cands[j] == cands[i])
				return problem_key(pb, ERR_INVALID, "ranks",
						   "selection.err.ranks_twice",
						   "ranks: a candidate is "
						   "ranked twice");
		if ((rc = sel_store_applied(db, cands[i], pos, &yes)))
			return rc;
		if (!yes)
			return problem_key(pb, ERR_INVALID, "ranks",
					   "selection.err.ranks_applicant",
					   "ranks: a candidate did not apply "
					   "to this position");
	}
	return 0;
}

int
sel_ranking_set(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	struct sel_position pos;
	int64_t cands[LIST_MAX], ranks[LIST_MAX];
	json_t *before = NULL;
	char now[32];
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_SELECTION_POST)))
		return rc;
	if ((rc = position_for(db, p, id, &pos, pb)))
		return rc;
	if ((rc = read_ranks(db, id, in, cands, ranks, &n, pb)))
		return rc;
	time_now_utc(now);
	if ((rc = begin_open(db, pos.round_id, pb)))
		return rc;
	rc = ranking_json(db, id, &before);
	if (!rc)
		rc = sel_store_ranking_set(db, id, cands, ranks, n, now);
	if (!rc)
		rc = ranking_json(db, id, out);
	if (!rc)
		rc = audit_write(db, &p->actor, "rank", "selection_position",
				 id, before, *out);
	json_decref(before);
	if ((rc = db_end(db, rc))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * A position's list from its page: a field `rank_ID` for each applicant
 * ID, a rank or empty (not ranked); the same rules as the API.
 */
int
sel_ranking_form(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	json_t *ranks = json_array(), *body, *v;
	const char *key;
	char *end;
	int rc;

	json_object_foreach(in, key, v) {
		const char *text = json_string_value(v);
		long long cand, rank;

		if (strncmp(key, "rank_", 5))
			continue;
		cand = strtoll(key + 5, &end, 10);
		if (*end || cand <= 0)
			continue;
		if (!text || !*text)
			continue;
		rank = strtoll(text, &end, 10);
		if (*end || rank < 1 || rank > LIST_MAX) {
			json_decref(ranks);
			return problem_key(pb, ERR_INVALID, key,
					   "selection.err.rank",
					   "a rank is a whole number from 1 "
					   "to 500, or empty for not ranked");
		}
		json_array_append_new(ranks, json_pack("{sI sI}",
			"candidate_id", (json_int_t)cand, "rank",
			(json_int_t)rank));
	}
	body = json_pack("{so}", "ranks", ranks);
	rc = sel_ranking_set(db, p, id, body, out, pb);
	json_decref(body);
	return rc;
}

