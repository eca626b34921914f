/*
 * selection_int.h - what the files of src/selection/ share (private to
 * the module): the input tables of its steps, the rules its route tables
 * name (rules.c: rounds, positions, candidates and lists; rules_run.c:
 * lock, run, publish, results and the downloadable lists), and the SQL of
 * store.c.
 *
 * Every rule returns 0 or an ERR_* code with the field and a sentence in
 * *pb; a write opens its transaction, checks that the round is in the
 * state it needs with a compare-and-set UPDATE before anything else, and
 * writes its audit rows in it, so a refused step writes nothing.
 */
#ifndef JG_SELECTION_INT_H
#define JG_SELECTION_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/time.h"
#include "record/action.h"
#include "selection/selection.h"

struct arena;
struct db;
struct db_value;

/* The length of a candidate's pseudonym: 'C' and 10 base32 characters. */
#define SELECTION_PSEUDONYM_LEN 11
/* A seed's decimal text (at most 2^63 - 1) and its SHA-256 in hex. */
#define SELECTION_SEED_LEN 19
#define SELECTION_HASH_LEN 64

/* A round's scope, at most "order_class". */
#define SELECTION_SCOPE_MAX 11
/* The most cohorts of a round scoped to cohorts. */
#define SELECTION_COHORTS_MAX 50
/* A pseudonym: 'C' and 10 characters of Crockford base32, random
 * (rules.c). */
void sel_new_pseudonym(char out[SELECTION_PSEUDONYM_LEN + 1]);

/* What a rule needs of a round. */
struct sel_round {
	int64_t id;
	int64_t year;
	int64_t programme_id;		/* 0 unless an order class's */
	int64_t list_cap;		/* 0: lists of any length */
	char scope[SELECTION_SCOPE_MAX + 1];	/* "park", "cohorts", ... */
	char status[SELECTION_STATUS_MAX + 1];
	char seed[SELECTION_SEED_LEN + 1];	/* "" until the run */
	char opens_on[TIME_DATE_LEN + 1];
	char offer_deadline[TIME_DATE_LEN + 1];
};

/* An offer, with what accepting it needs. */
struct sel_offer {
	int64_t id, round_id, candidate_id, position_id, firm_id, person_id;
	char status[9];			/* "accepted", "declined" */
	char deadline[TIME_DATE_LEN + 1];
	const char *title;		/* the position's, in the arena */
};

/* What a rule needs of a position. */
struct sel_position {
	int64_t id, round_id, firm_id;
	char status[10];		/* "withdrawn" */
};

/* What a rule needs of a candidate. */
struct sel_candidate {
	int64_t id, round_id, person_id;
	bool consent;
	char status[11];		/* "registered" */
	char pseudonym[SELECTION_PSEUDONYM_LEN + 1];
};

/*
 * The inputs of the steps (tables.c): a new round's and a new position's
 * columns as typed, a registration, a vetting decision, a consent.
 */
extern const struct record_table selection_round_input_table;
extern const struct record_table selection_round_change_table;
extern const struct record_table selection_position_input_table;
extern const struct record_table selection_position_terms_table;
extern const struct record_table selection_register_table;
extern const struct record_table selection_vet_table;
extern const struct record_table selection_consent_table;
extern const struct record_table selection_edit_table;
extern const struct record_table selection_second_table;

/*
 * ---- Rules (rules.c) ----
 * Each checks who asks: staff (PERM_SELECTION_MANAGE) may do everything;
 * an enterprise account acts for its own firm (PERM_SELECTION_POST); a
 * trainee for its own person (PERM_SELECTION_APPLY).
 */

/* Create a round from `in` (staff); an order-class round gets its
 * pledge: a position of the class's firm for its hiring commitment,
 * proposed, its place and pay for the firm to state; a round scoped to
 * cohorts names them in `in.cohort_ids` (ids of cohorts not archived
 * that end in the round's year, at least one). A round given no
 * list_cap takes the setting selection.list_cap's and keeps it. */
record_rule_fn sel_round_create;
/* Change round `id` while it is open (staff): its name, calendar and
 * list cap (selection_round_change_table; a cap of null is the
 * setting's) and, scoped to cohorts, its cohorts (`in.cohort_ids`, the
 * whole set); year, scope and order class stay. */
record_rule_fn sel_round_update;
/* The cohorts of round `id` (everyone who reads rounds): {items: [{id,
 * name, ends_on, programme_id, programme_name}]}, empty unless the round
 * is scoped to cohorts. */
record_rule_fn sel_round_cohorts;
/* Post a position in round `in.round_id` (staff, or a firm for itself:
 * a firm's post waits for vetting, staff's is open at once). */
record_rule_fn sel_position_create;
/* Change position `id`'s terms (`in`: title, occupation, headcount,
 * skill_level, place, pay_min, pay_max, shifts), its firm or staff,
 * before the lock. */
record_rule_fn sel_position_update;
/* Vet position `id`: `in.decision` "open" or "rejected" (staff); a
 * position opens only with its place and pay stated. */
record_rule_fn sel_position_vet;
/* Withdraw position `id` (staff or its firm), before the lock. */
record_rule_fn sel_position_withdraw;
/* Register in round `id` (a trainee itself; staff name `in.person_id`),
 * eligible by its training record (rules.c, eligibility()): a completed
 * programme, a cohort ending in the round's year or a certificate; in a
 * round scoped to cohorts, enrolment in one of them; `in.consent`. */
record_rule_fn sel_candidate_register;
/* Withdraw candidate `id` (itself or staff), before the lock. */
record_rule_fn sel_candidate_withdraw;
/* Give or withhold consent (`in.consent`) to show the training record. */
record_rule_fn sel_candidate_consent;
/* Candidate `id`'s list: read, and replace (`in.positions`: ids best
 * first; `in.submit`: true to enter it in the run, false a draft). */
record_rule_fn sel_choices_get;
record_rule_fn sel_choices_set;
/* One step on candidate `id`'s list from its page (keyboard reordering):
 * `in.op` add, up, down, remove (`in.position_id`), submit or draft. */
record_rule_fn sel_choices_edit;
/* Position `id`'s applicants, as its firm may see them. */
record_rule_fn sel_applicants;
/* Position `id`'s list: read, and replace (`in.ranks`: [{candidate_id,
 * rank}], equal ranks a tie). */
record_rule_fn sel_ranking_get;
record_rule_fn sel_ranking_set;
/* Position `id`'s list from its page's form: `rank_ID` per applicant. */
record_rule_fn sel_ranking_form;

/*
 * ---- The steps inside the caller's transaction ----
 * What the rules above and below do once they have checked who asks, for
 * them and for a past round recorded whole (history.c): each writes its
 * audit rows as `actor`; a refusal names its field in *pb.
 */

/* Register person `person_id` in round `round_id` (held open here),
 * eligible by its training record. */
int sel_candidate_add_in(struct db *db, const struct audit_actor *actor,
			 int64_t round_id, int64_t person_id, bool consent,
			 int64_t *id, struct problem *pb);
/* Run locked round `id`: reveal, match, verify, store. */
int sel_run_in(struct db *db, const struct audit_actor *actor, int64_t id,
	       struct problem *pb);
/* Publish run round `id`: offers made, everyone concerned told. */
int sel_publish_in(struct db *db, const struct audit_actor *actor,
		   int64_t id, struct problem *pb);
/* Accept or decline candidate `candidate_id`'s offer on day `on`. */
int sel_offer_decide_in(struct db *db, const struct audit_actor *actor,
			int64_t candidate_id, bool accept, const char *on,
			struct problem *pb);
/* Open the second round of published round `id` on day `today` with the
 * calendar in `in` (selection_second_table); its id in *second. */
int sel_second_in(struct db *db, const struct audit_actor *actor,
		  int64_t id, json_t *in, const char *today, int64_t *second,
		  struct problem *pb);

/*
 * Round `id` into *r; when there is none, the refusal "no such round"
 * (selection.err.no_round): ERR_INVALID naming `field` (the field of the
 * input that gave the id), or with `field` NULL ERR_NOTFOUND (the id was
 * the path's). 0, that refusal, or a database error.
 */
int sel_round_of(struct db *db, int64_t id, const char *field,
		 struct sel_round *r, struct problem *pb);

/*
 * Whether `p` may see candidate `c`'s own records (its list, its result):
 * staff or the candidate's person. 0 or ERR_NOTFOUND.
 */
int sel_may_see_candidate(const struct principal *p,
			  const struct sel_candidate *c);

/* ---- The lock, the run, publication (rules_run.c) ---- */

/* Lock round `id` now (staff): draw and commit the seed. */
record_rule_fn sel_round_lock;
/* Run locked round `id` (staff): reveal the seed, match, verify, store. */
record_rule_fn sel_round_run;
/* Publish run round `id` (staff): show results, notify everyone. */
record_rule_fn sel_round_publish;
/*
 * Round `id`'s figures, once it is run (staff) or published (everyone
 * who reads rounds): candidates in the run, matched and their share,
 * first choices and their share, the mean rank obtained, the offers by
 * state, and for an order class its hiring commitment against the hires
 * training counts today.
 */
record_rule_fn sel_round_figures;
/*
 * Round `id`, locked (or run or published since: its lists final),
 * matched again with K
 * fresh lotteries (K the setting selection.whatif_draws), none the
 * committed seed (staff): per candidate each outcome (a position, or
 * null: unmatched) with how often it came up and its share; `luck`, the
 * candidates with more than one outcome; per position how often it was
 * full and the range of its cutoffs and fills. Writes nothing.
 */
record_rule_fn sel_round_whatif;
/* Candidate `id`'s result and explanation (itself after publication;
 * staff after the run). */
record_rule_fn sel_result_get;

/* ---- A regional fair (fair.c) ---- */

/*
 * Import the lists of open round `id`, scoped to a region (staff), from
 * the CSV files of `jianggu match` (match/match_csv.h) in `in`:
 * `positions`, `candidate_prefs`, `position_prefs` (text), and `mode`,
 * "all_or_nothing" (the default) or "dry_run". A position is named by its
 * firm's unified social credit code (an enterprise or a startup), and
 * becomes that firm's open position of the round with the capacity as
 * its headcount; a candidate by its person's mobile number, and is
 * registered on the basis 'listed', its list submitted when it has one.
 *
 * *out is the report, {mode, positions, candidates, choices, rankings,
 * applied, errors: [{file, line, column, key, message}]}, also when the
 * files are refused (ERR_INVALID, the first error in *pb): then, and in
 * a dry run, nothing is written; else everything, in one transaction
 * with one audit row.
 */
record_rule_fn sel_round_import;
/*
 * The same import inside the caller's transaction, as `actor`, with no
 * dry run (history.c): 0, or the refusal in *pb (ERR_INVALID for the
 * files, the first error in *pb); *out is the report (NULL when the
 * round itself is refused), which *pb's text lives in: the caller
 * releases it once it has read *pb.
 */
int sel_round_import_in(struct db *db, const struct audit_actor *actor,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb);

/* The most refused rows the report of sel_round_import() lists. */
#define SELECTION_FAIR_ERRORS_MAX 100

/* The members of an import's input, its three files, in the order of
 * match_csv_file (match/match_csv.h): "positions", "candidate_prefs",
 * "position_prefs". */
extern const char *const sel_fair_files[];

/*
 * Round `id` into *round when `p` may import its lists now, as
 * sel_round_import() checks first: ERR_FORBIDDEN unless staff,
 * ERR_NOTFOUND for no round, ERR_CONFLICT (field scope or status, with
 * its key in *pb) for a round not scoped to a region or no longer open.
 * Reads only.
 */
int sel_fair_round(struct db *db, const struct principal *p, int64_t id,
		   struct sel_round *round, struct problem *pb);

/*
 * The round page's way to the import page (pages_fair.c), as data.fair:
 * for staff on a round scoped to a region, {can_import} while it may be
 * imported into, else {why_not}, the reason in the reader's language;
 * nothing on other rounds and for others. 0 or a database error.
 */
int sel_fair_round_view(struct request *r, const struct sel_round *round,
			json_t *data);

/* ---- Retention (retention.c) ---- */

/*
 * The hires selection made (accepted offers) and who stayed, as of
 * `in.as_of` (default today), narrowed by `in.round_id`, `in.firm_id`,
 * `in.programme_id`: staff all, a firm (PERM_SELECTION_POST) its own.
 * A hire counts for the m-month figure once since plus m months is on
 * or before as_of; it is retained when its affiliation has no until or
 * one on or after that mark.
 *
 * sel_retention_hires: {as_of, items: the hires of sel_store_hires()
 * with retained_6 and retained_12 (true, false, or null: not due)}.
 * sel_retention: {as_of, m6, m12, by_round, by_firm, by_order_class},
 * each m {hires, retained, share}, each group with its id and name.
 */
record_rule_fn sel_retention_hires;
record_rule_fn sel_retention;
/* The query of a retention request (as_of, round_id, firm_id,
 * programme_id) as the rules' input, owned by the request (api.c). */
json_t *sel_retention_query(struct request *r);

/* ---- Offers and the second round (rules_offer.c) ---- */

/* Accept or decline candidate `id`'s offer (itself, or staff), by its
 * deadline. Accepting makes the employee affiliation with the firm
 * (party.h's table), since today or the candidate's latest completion,
 * whichever is later. */
record_rule_fn sel_offer_accept;
record_rule_fn sel_offer_decline;

/*
 * Open the second round of published round `id` (staff), with the
 * calendar in `in` (name, lock_at, publish_on, offer_deadline): the
 * seats no offer holds (offered or accepted), and the candidates without
 * such an offer, each keeping its list minus the positions that did not
 * rank it or whose offer it declined or let lapse, and the firms' lists
 * of them. ERR_CONFLICT when the round is not published or has one.
 */
record_rule_fn sel_second_round;

/* The scheduled job's work: offers past their deadline lapse. */
int sel_offers_lapse(struct db *db, const struct audit_actor *actor,
		     const char *today, int64_t *lapsed);

/*
 * Lock round `id` inside the caller's transaction as `actor` (the rule
 * above and the scheduled job): ERR_CONFLICT when it is not open.
 */
int sel_lock_in(struct db *db, const struct audit_actor *actor, int64_t id);

/*
 * The downloadable list `name` of round `id` ("positions.csv",
 * "candidate_prefs.csv", "position_prefs.csv", "matching.csv"), in the
 * format of `jianggu match`, appended to `out`. Staff once the round is
 * run; viewers once it is published. ERR_NOTFOUND for an unknown name or
 * a round not yet run.
 */
int sel_list_csv(struct db *db, const struct principal *p, int64_t id,
		 const char *name, struct buf *out);

/* The scheduled job: lock every open round whose lock_at has passed. */
int sel_lock_due(struct db *db, const struct audit_actor *actor,
		 const char *now, int64_t *locked);

/* ---- Who reads what (api.c), for the API and the pages alike ---- */

/* Positions: staff all; a firm reads the open ones and its own and lists
 * its own; others the open ones. */
int sel_position_scope(struct request *r, struct record_filter *f,
		       const json_t *rec);
/* Candidates: staff all; a trainee its own. */
int sel_candidate_scope(struct request *r, struct record_filter *f,
			const json_t *rec);

/*
 * ---- The store (store.c) ----
 * Reads return 0, ERR_NOTFOUND or a database error; the compare-and-set
 * moves ERR_CONFLICT when the row is no longer in the state named.
 */
int sel_store_round(struct db *db, int64_t id, struct sel_round *out);
int sel_store_position(struct db *db, int64_t id, struct sel_position *out);
int sel_store_candidate(struct db *db, int64_t id,
			struct sel_candidate *out);

/* Hold round `id` in `status` for this transaction (its row locked). */
int sel_store_round_hold(struct db *db, int64_t id, const char *status);

/* Move position `id` from `from` to `to`. */
int sel_store_position_move(struct db *db, int64_t id, const char *from,
			    const char *to, const char *now);
/* Move candidate `id` from `from` to `to`. */
int sel_store_candidate_move(struct db *db, int64_t id, const char *from,
			     const char *to, const char *now);
int sel_store_candidate_consent(struct db *db, int64_t id, bool consent,
				const char *now);

/* Replace candidate `id`'s choices by positions[0 .. n) (ranks 1 ..). */
int sel_store_choices_set(struct db *db, int64_t id, const int64_t *positions,
			  size_t n, bool submit, const char *now);
/* Candidate `id`'s list, best first, with the positions' titles. */
int sel_store_choices(struct db *db, int64_t id, json_t *items);
/* Whether candidate `cand` ranked position `pos`. */
int sel_store_applied(struct db *db, int64_t cand, int64_t pos, bool *yes);
/* Position `id`'s applicants: candidate_id, pseudonym, basis, consent,
 * person_id, person_name, choice_rank, firm_rank (null: unranked). */
int sel_store_applicants(struct db *db, int64_t id, json_t *items);
/* Replace position `id`'s ranking by ranks[0 .. n) of cands[0 .. n). */
int sel_store_ranking_set(struct db *db, int64_t id, const int64_t *cands,
			  const int64_t *ranks, size_t n, const char *now);
int sel_store_ranking(struct db *db, int64_t id, json_t *items);

/* The lock: commit the hash and keep the seed; the run: reveal it. */
int sel_store_lock(struct db *db, int64_t id, const char *seed,
		   const char *hash, const char *now);
int sel_store_seed(struct db *db, int64_t id, char seed[SELECTION_SEED_LEN
							 + 1]);
int sel_store_reveal(struct db *db, int64_t id, const char *seed,
		     const char *now);
int sel_store_publish(struct db *db, int64_t id, const char *now);

/* Open rounds whose lock_at is at or before `now`. */
int sel_store_due(struct db *db, const char *now, struct arena *a,
		  int64_t **ids, size_t *n);

/*
 * The problem of round `id` as the run reads it, in the order the
 * downloaded lists give it: open positions by id; candidates registered
 * with a submitted list naming an open position, by pseudonym; their
 * choices of open positions by rank; the positions' rankings of those
 * candidates by position and rank, then pseudonym. Arrays in `a`.
 */
struct sel_problem {
	size_t npos, ncand, nchoice, nrank;
	int64_t *pos_id, *pos_cap;
	int64_t *cand_id;
	const char **cand_name;		/* pseudonyms */
	size_t *choice_cand, *choice_pos;	/* indexes */
	int64_t *choice_rank;
	size_t *rank_pos, *rank_cand;
	int64_t *rank_rank;
};
int sel_store_problem(struct db *db, int64_t id, struct arena *a,
		      struct sel_problem *out);

/* Store a result row and a reason row (why: closed, unranked, ...). */
int sel_store_result(struct db *db, int64_t round_id, int64_t cand,
		     int64_t pos, int64_t choice_rank);
int sel_store_reason(struct db *db, int64_t cand, int64_t pos,
		     const char *why, int64_t choice_rank, int64_t firm_rank,
		     int64_t cutoff);
int sel_store_position_outcome(struct db *db, int64_t pos, int64_t filled,
			       int64_t cutoff);
/* Choices of candidate `cand` of positions not open, ranked better than
 * `rank` (0: all): the closed ones of its explanation. */
int sel_store_closed_choices(struct db *db, int64_t cand, int64_t rank,
			     json_t *items);
/* Candidate `cand`'s result: position_id, choice_rank, title, firm_name;
 * and its reasons, best first. ERR_NOTFOUND when none. */
int sel_store_result_get(struct db *db, int64_t cand, json_t **out);
/* Accounts to tell of round `id`'s publication: its candidates' people
 * and its positions' firms. */
int sel_store_audience(struct db *db, int64_t id, json_t *accounts);
/*
 * Round `id`'s open positions with their firms' names, by firm, the first
 * `limit` of them (all when `limit` <= 0); each row's `total` counts them
 * all.
 */
int sel_store_round_positions(struct db *db, int64_t id, int64_t limit,
			      json_t *items);
/* Round `id`'s cohorts, {id, name, ends_on, programme_id,
 * programme_name} by end and name, appended to `items`. */
int sel_store_round_cohorts(struct db *db, int64_t id, json_t *items);
/* Make cohorts[0 .. n) round `id`'s cohorts, the set replaced. */
int sel_store_round_cohorts_set(struct db *db, int64_t id,
				const int64_t *cohorts, size_t n);
/* The candidacy of person `person_id` in round `round_id` (ERR_NOTFOUND). */
int sel_store_candidate_of(struct db *db, int64_t round_id, int64_t person_id,
			   int64_t *id);
/* The hires selection made whose employment began by `as_of`, of round
 * `round_id`, firm `firm_id`, order class `programme_id` (0: any), by
 * since: offer_id, round_id, round_name, programme_id, firm_id,
 * firm_name, affiliation_id, person_id, person_name, since, until,
 * leave_reason. */
int sel_store_hires(struct db *db, int64_t round_id, int64_t firm_id,
		    int64_t programme_id, const char *as_of, json_t *items);
/* The candidates of round `id` whose offer is open, by id of the offer,
 * appended to `ids` as integers. */
int sel_store_offered(struct db *db, int64_t id, json_t *ids);
/* The second round of round `id` (ERR_NOTFOUND when it has none). */
int sel_store_second_of(struct db *db, int64_t id, int64_t *second);
/* Make an offer, due `deadline`, of each match of round `id`. */
int sel_store_offers_make(struct db *db, int64_t id, const char *deadline,
			  const char *now);
/* Candidate `cand`'s offer (title in `a`); ERR_NOTFOUND when none. */
int sel_store_offer_of(struct db *db, int64_t cand, struct arena *a,
		       struct sel_offer *out);
/* Hold offer `id` open and not past its deadline on `on`, for this
 * transaction (its row locked); ERR_CONFLICT when it is not. */
int sel_store_offer_hold(struct db *db, int64_t id, const char *on,
			 const char *now);
/* Move offer `id` from 'offered' to `to` on `on` (and its affiliation). */
int sel_store_offer_decide(struct db *db, int64_t id, const char *to,
			   const char *on, int64_t affiliation_id,
			   const char *now);
/* Offers still open whose deadline is before `today`: lapse them. */
int sel_store_offers_lapse(struct db *db, const char *today, const char *now,
			   int64_t *n);
/*
 * Copy into round `to` (the second round of `from`) the free seats, the
 * candidates without a job, their lists and the firms' lists of them.
 */
int sel_store_carry(struct db *db, int64_t from, int64_t to,
		    const char *now);
/* Round `id`'s counts: candidates, matched, first_choice, rank_sum (of
 * the ranks obtained), offers {status: n} and by_rank [{rank, n}] (the
 * matched by the rank of what they got). A new object in *out. */
int sel_store_figures(struct db *db, int64_t id, json_t **out);

/*
 * Person `person_id`'s candidacies, oldest round first, into `items`:
 * {id, round_name, opens_on, publish_on, status, published (0/1),
 * position_title, firm_name, choice_rank, offer_status, decided_on} —
 * the result's fields only once the round is published.
 */
int sel_store_path(struct db *db, int64_t person_id, json_t *items);
/* The matching as the run stored it, candidates by pseudonym. */
int sel_store_matching(struct db *db, int64_t id, json_t *items);

/* ---- The SQL of a fair and of the run's writes (store_fair.c) ---- */

/* A record's code: a firm's credit code, a person's mobile number. */
#define SELECTION_CODE_MAX 18
struct sel_code {
	int64_t id;
	char code[SELECTION_CODE_MAX + 1];
};
/* Records and whom each belongs to, by owner ascending. */
struct sel_id_map {
	size_t n;
	int64_t *id, *owner;
};

/* The record of `map` that `owner` owns, or 0 (fair.c). */
int64_t sel_id_of(const struct sel_id_map *map, int64_t owner);
/* The codes of firms (enterprises and startups) and of people, in `a`. */
int sel_store_firm_codes(struct db *db, struct arena *a,
			 struct sel_code **rows, size_t *n);
int sel_store_person_codes(struct db *db, struct arena *a,
			   struct sel_code **rows, size_t *n);
/* Round `id`'s live positions by firm, its candidates by person. */
int sel_store_fair_positions(struct db *db, int64_t id, struct arena *a,
			     struct sel_id_map *out);
int sel_store_fair_candidates(struct db *db, int64_t id, struct arena *a,
			      struct sel_id_map *out);
/* The reasons 'closed' of round `id`'s results: the choices of positions
 * no longer open ranked better than what each candidate got. */
int sel_store_closed_reasons(struct db *db, int64_t id);

#endif
