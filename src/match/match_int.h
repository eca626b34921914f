/*
 * match_int.h - the prepared instance shared by the files of src/match/.
 *
 * Not part of the engine's contract: only match.c, run.c, check.c and
 * lottery.c include it.
 *
 * Keys. A position compares candidates by a 64-bit key: the rank it gave
 * the candidate in the high 32 bits and the candidate's lottery place in
 * the low 32 bits. Lower is better; two candidates never share a key at one
 * position, so the key order is the strict order the lottery makes, and the
 * low half names the candidate through lot2cand[].
 */
#ifndef JG_MATCH_INT_H
#define JG_MATCH_INT_H

#include <stdint.h>

#include "match/match.h"

#define KEY(rank, place) (((uint64_t)(rank) << 32) | (uint32_t)(place))
#define KEY_RANK(key) ((uint32_t)((key) >> 32))
#define KEY_PLACE(key) ((uint32_t)(key))

/*
 * One entry of a candidate's prepared list: a position, and the candidate's
 * place in that position's prepared list (0 is the position's favourite).
 * Places are what deferred acceptance compares: 8 bytes per proposal.
 */
struct match_cand_entry {
	uint32_t pos;
	uint32_t place;
};

struct match {
	struct match_problem mp;	/* copy; the arrays are the caller's */
	uint32_t *lot2cand;		/* [ncand] lottery place -> candidate */

	/*
	 * Candidates' acceptable lists, best first, each followed by a
	 * sentinel entry { npos, c }: deferred acceptance stops there without
	 * a bounds check and learns whose list it was. List c is
	 * c_ent[c_off[c] .. C_END(m, c)).
	 */
	uint32_t *c_off;		/* [ncand + 1] */
	struct match_cand_entry *c_ent;

	/* Positions' acceptable lists, best (lowest key) first. */
	uint32_t *p_off;		/* [npos + 1] */
	uint64_t *p_key;		/* key (rank, lottery) of each entry */
	uint32_t *p_crank;		/* the rank the candidate gave it */
};

/* One past the last entry of candidate c's list (its sentinel). */
#define C_END(m, c) ((m)->c_off[(c) + 1] - 1)

/* The candidate of entry i of the positions' lists. */
#define P_CAND(m, i) ((m)->lot2cand[KEY_PLACE((m)->p_key[i])])

/*
 * Sort a[0 .. n) ascending. `tmp` has room for n values. Insertion sort for
 * short arrays, LSD radix sort on the bytes that differ for long ones, and
 * nothing at all for arrays already in order: O(n) in every case.
 */
void match_sort_u64(uint64_t *a, size_t n, uint64_t *tmp);

#endif
