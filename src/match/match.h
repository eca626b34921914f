/*
 * match.h - stable matching of candidates to positions with capacities.
 *
 * The problem is the college-admissions problem of Gale & Shapley (1962),
 * known as hospitals/residents in Gusfield & Irving (1989) and as the
 * NRMP match (Roth & Peranson 1999): candidates rank positions strictly,
 * positions have a number of seats and rank candidates, possibly with ties;
 * lists may be incomplete, and a pair is acceptable only when each side
 * lists the other. A matching gives each candidate at most one position and
 * each position at most its capacity; it is stable when no candidate and
 * position would both rather have each other than what they got.
 *
 * The engine is pure: no I/O, no database, no globals. The caller describes
 * the problem with arrays it owns (struct match_problem), match_new()
 * prepares an instance from them, match_run() computes a matching into
 * arrays the caller owns, match_verify() checks any matching and
 * match_explain() says why a candidate did not get the positions it
 * preferred.
 *
 *	struct match *m;
 *	struct match_fault fault;
 *	struct match_result res = {
 *		.assign = assign, .filled = filled, .cutoff = cutoff,
 *	};
 *
 *	match_lottery(seed, ncand, ids, id_lens, lottery);
 *	if (match_new(&m, &problem, &fault))
 *		report(&fault);
 *	match_run(m, MATCH_CANDIDATES, &res);
 *	match_free(m);
 *
 * Ties. A position may give several candidates the same rank. Before
 * anything else every candidate draws one number in a single lottery (single
 * tie-breaking, Abdulkadiroğlu, Pathak & Roth 2009), and every position
 * orders equally ranked candidates by their draws. The draw depends on the
 * seed and the candidate's identifier only (match_lottery()), so the result
 * depends on the data and the seed, never on the order the data came in.
 * Proposer-optimality and the rural hospitals theorem hold for the strict
 * problem the lottery makes; for the original lists the result is weakly
 * stable (no pair blocks it with strict preferences on both sides). Finding
 * a largest weakly stable matching is NP-hard (Manlove et al. 2002) and is
 * not attempted.
 *
 * Sizes. Counts of candidates, positions and list entries must be at most
 * MATCH_MAX, and so must the candidates' entries plus the candidates; ranks
 * run from 1 to MATCH_RANK_MAX, 1 being the best. Memory and time are
 * linear in L, the total length of the lists, plus the numbers of
 * candidates and positions.
 *
 * References:
 *  - D. Gale, L. S. Shapley, "College admissions and the stability of
 *    marriage", American Mathematical Monthly 69(1), 1962: deferred
 *    acceptance, its stability and proposer-optimality.
 *  - D. G. McVitie, L. B. Wilson, "The stable marriage problem", CACM
 *    14(7), 1971; A. E. Roth, E. Peranson, "The redesign of the matching
 *    market for American physicians", AER 89(4), 1999: the result does not
 *    depend on the order in which proposals are made, which is what lets
 *    match_run() follow chains of rejections one candidate at a time.
 *  - D. Gusfield, R. W. Irving, "The Stable Marriage Problem: Structure and
 *    Algorithms", MIT Press 1989, §1.6: hospitals/residents in O(L), the
 *    removal of unacceptable pairs, and the rural hospitals theorem.
 *  - A. Abdulkadiroğlu, P. A. Pathak, A. E. Roth, "Strategy-proofness versus
 *    efficiency in matching with indifferences", AER 99(5), 2009: single
 *    tie-breaking by lottery.
 */
#ifndef JG_MATCH_H
#define JG_MATCH_H

#include <stddef.h>
#include <stdint.h>

/* "No one": an unmatched candidate's position, a cutoff that does not exist. */
#define MATCH_NONE UINT32_MAX

/* The most candidates, positions or list entries (each, not together). */
#define MATCH_MAX (UINT32_MAX - 1)

/* The largest rank; ranks are 1 (best) to MATCH_RANK_MAX. */
#define MATCH_RANK_MAX ((uint32_t)INT32_MAX)

/*
 * The problem, described by arrays the caller owns. Candidates are numbered
 * 0 .. ncand - 1 and positions 0 .. npos - 1. Preference lists are stored
 * in compressed rows: candidate c's list is entries cand_off[c] to
 * cand_off[c + 1] - 1 of cand_pos[] and cand_rank[] (so cand_off has ncand
 * + 1 elements, cand_off[0] is 0 and they never decrease); position lists
 * likewise. Entries of one list may come in any order: the rank says the
 * preference.
 */
struct match_problem {
	uint32_t ncand;
	uint32_t npos;

	/* [npos] seats of each position; 0 is a closed position. */
	const uint32_t *capacity;

	/*
	 * [ncand] each candidate's place in the lottery, a permutation of
	 * 0 .. ncand - 1 (0 draws best). Fill it with match_lottery().
	 */
	const uint32_t *lottery;

	/* Candidates' lists: positions with distinct ranks, no repeats. */
	const uint32_t *cand_off;	/* [ncand + 1] */
	const uint32_t *cand_pos;	/* [cand_off[ncand]] */
	const uint32_t *cand_rank;	/* [cand_off[ncand]] */

	/* Positions' lists: candidates, no repeats; equal ranks are ties. */
	const uint32_t *pos_off;	/* [npos + 1] */
	const uint32_t *pos_cand;	/* [pos_off[npos]] */
	const uint32_t *pos_rank;	/* [pos_off[npos]] */
};

/* What is wrong with a problem match_new() refused. */
enum match_fault_kind {
	MATCH_FAULT_NONE = 0,
	MATCH_FAULT_RANGE,	/* a count, offset, index or rank is wrong */
	MATCH_FAULT_LOTTERY,	/* lottery[] is not a permutation */
	MATCH_FAULT_CAND_TIE,	/* a candidate gives two positions one rank */
	MATCH_FAULT_CAND_DUP,	/* a candidate lists a position twice */
	MATCH_FAULT_POS_DUP,	/* a position lists a candidate twice */
};

struct match_fault {
	enum match_fault_kind kind;
	uint32_t cand;		/* the candidate concerned, or MATCH_NONE */
	uint32_t pos;		/* the position concerned, or MATCH_NONE */
	uint32_t rank;		/* the rank given twice (CAND_TIE), else 0 */
};

/* A prepared problem; opaque. */
struct match;

/*
 * Check `mp` and prepare it for the functions below: sort every list by
 * rank, break the positions' ties by lottery, drop the pairs that are not
 * mutually acceptable (Gusfield & Irving §1.6) and store next to each
 * candidate's entry the key its position compares candidates by.
 *
 * On success stores a new instance in *out, to be freed with match_free().
 * The instance keeps pointers to mp's arrays (not to mp itself), which must
 * stay valid and unchanged until it is freed.
 *
 * Returns ERR_INVALID when the problem breaks a rule of struct
 * match_problem; *out is then NULL and, if `fault` is not NULL, *fault says
 * which rule and where (one fault: the first met checking the counts and
 * the lottery, then the candidates' lists in order, then the positions').
 * Heap exhaustion aborts (xalloc.h).
 *
 * Time O(L + ncand + npos). Memory kept: about 20 bytes per acceptable
 * pair and 12 per candidate; while preparing, another 8 bytes per list
 * entry and 16 per candidate (and 8 per candidate entry when candidates'
 * lists do not come in rank order). Lists already in order are only
 * checked; short ones out of order are insertion-sorted, long ones
 * radix-sorted, so the whole stays linear.
 */
int match_new(struct match **out, const struct match_problem *mp,
	      struct match_fault *fault);

/* Free an instance (NULL is fine). The caller's arrays are not touched. */
void match_free(struct match *m);

/* The number of mutually acceptable pairs left after preparation. */
uint64_t match_pairs(const struct match *m);

/* Which side proposes in deferred acceptance. */
enum match_proposer {
	MATCH_CANDIDATES,	/* candidate-optimal; strategy-proof for them */
	MATCH_POSITIONS,	/* position-optimal */
};

/*
 * A matching and what came with it, in arrays the caller allocates:
 * assign has ncand elements, filled and cutoff npos each.
 */
struct match_result {
	uint32_t *assign;	/* each candidate's position, or MATCH_NONE */
	uint32_t *filled;	/* seats filled at each position */
	/*
	 * The cutoff of each full position: the rank it gave the last
	 * candidate it accepted (its worst). MATCH_NONE when the position is
	 * not full; a closed position is never full.
	 */
	uint32_t *cutoff;
	uint64_t proposals;	/* proposals made by the proposing side */
};

/*
 * Deferred acceptance (Gale & Shapley 1962) with `who` proposing. Writes the
 * stable matching that is optimal for the proposing side of the strict
 * problem (after the lottery) into res->assign, res->filled and res->cutoff,
 * and the number of proposals into res->proposals.
 *
 * Candidates proposing: each free candidate proposes down its list; a
 * position holds its best `capacity` proposals so far in a max-heap and
 * rejects the rest, so a proposal costs O(1) when it is rejected and
 * O(log capacity) when it is held. Positions proposing: each position with
 * a free seat proposes down its list; a candidate keeps the best offer.
 *
 * Allocates O(ncand + npos + seats) scratch, freed before returning; never
 * fails (heap exhaustion aborts). Time O(L log c), c the largest capacity;
 * in practice 15-60 million proposals a second (docs/internals/match.md).
 * Calls on one instance may run concurrently: `m` is only read.
 */
void match_run(const struct match *m, enum match_proposer who,
	       struct match_result *res);

/* What match_verify() found wrong with a matching. */
enum match_flaw {
	MATCH_FLAW_OVER_CAPACITY,	/* pos holds more than its seats */
	MATCH_FLAW_UNACCEPTABLE,	/* cand is at pos, not both listing */
	MATCH_FLAW_BLOCKING,		/* cand and pos would rather pair */
};

struct match_violation {
	enum match_flaw flaw;
	uint32_t cand;		/* MATCH_NONE for OVER_CAPACITY */
	uint32_t pos;
	uint32_t held;		/* OVER_CAPACITY: how many it holds */
};

typedef void match_violation_fn(const struct match_violation *v, void *arg);

/*
 * Check the matching `assign` (ncand elements, each a position or
 * MATCH_NONE) against the original lists and call fn(v, arg) for each
 * violation: positions over capacity (in order of position), then for each
 * candidate in order an unacceptable assignment and the blocking pairs it is
 * in, best position first. A pair (c, p) blocks when both list each other,
 * c strictly prefers p to its assignment (or is unmatched), and p has a free
 * seat or gives c a strictly better rank than one of the candidates it holds
 * (weak stability: ties do not block). `fn` may be NULL to only count.
 *
 * Returns the number of violations; 0 means valid and weakly stable. The
 * positions in assign must be < npos or MATCH_NONE (checked by assert()).
 * Allocates O(ncand + npos) scratch; time O(L + ncand + npos).
 */
uint64_t match_verify(const struct match *m, const uint32_t *assign,
		      match_violation_fn *fn, void *arg);

/* Why a candidate did not get a position it ranked above its own. */
enum match_why {
	MATCH_WHY_CLOSED,	/* the position has no seats */
	MATCH_WHY_UNRANKED,	/* the position does not rank the candidate */
	MATCH_WHY_OUTRANKED,	/* it filled with candidates it ranks higher */
	MATCH_WHY_LOTTERY,	/* it filled; the last one accepted has the
				   candidate's rank and drew a better number */
	MATCH_WHY_UNSTABLE,	/* none of these: the pair blocks (never for
				   a result of match_run()) */
};

struct match_reason {
	uint32_t pos;
	enum match_why why;
	uint32_t cand_rank;	/* the rank the candidate gave the position */
	uint32_t pos_rank;	/* the rank the position gave the candidate,
				   0 if it does not rank it */
	uint32_t cutoff;	/* the position's cutoff, or MATCH_NONE */
};

/* The length of candidate `cand`'s list as given (cand < ncand). */
uint32_t match_list_len(const struct match *m, uint32_t cand);

/*
 * Explain `res` (a result of match_run() on m) for candidate `cand`: one
 * reason for each position the candidate ranked above the one it got (all
 * of its list if it is unmatched), best first, stored in `out`, which must
 * have room for match_list_len(m, cand) reasons. Returns how many were
 * stored. Allocates nothing; time O(k log k + the lengths of those
 * positions' lists), k the candidate's list length.
 */
size_t match_explain(const struct match *m, const struct match_result *res,
		     uint32_t cand, struct match_reason *out);

/*
 * The lottery draw of the candidate whose identifier is the `len` bytes at
 * `id`, for `seed`: a 64-bit keyed hash of the bytes, the same on every
 * machine (docs/internals/match.md gives the definition, so anyone can
 * recompute a published draw). Lower draws are better.
 */
uint64_t match_draw(uint64_t seed, const char *id, size_t len);

/*
 * Fill lottery[0 .. n) with each candidate's place in the lottery: the
 * candidates sorted by draw (match_draw(seed, id[c], len[c])), equal draws
 * by identifier bytes, then the shorter first. Identifiers must be distinct.
 * `id`, `len` and `lottery` belong to the caller. Allocates O(n) scratch;
 * time O(n) (radix sort).
 */
void match_lottery(uint64_t seed, uint32_t n, const char *const *id,
		   const size_t *len, uint32_t *lottery);

#endif
