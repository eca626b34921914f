/*
 * match.c - checking a problem and preparing it (match_new(), see match.h).
 *
 * Preparation turns the caller's lists, in any order, into what deferred
 * acceptance wants to read in its inner loop:
 *
 *  1. each candidate's list sorted by rank (and checked for repeats);
 *  2. each position's list keyed by (rank, lottery place) and sorted by key;
 *  3. a join of the two sides, position by position: the candidate entries
 *     that name a position are bucketed by position, the position's list is
 *     stamped into per-candidate arrays, and each bucket entry picks up the
 *     position's key of its candidate, or learns that the position does not
 *     list the candidate;
 *  4. the unacceptable entries dropped on both sides.
 *
 * Every step is a pass over the entries or a counting sort, so the whole is
 * O(L + ncand + npos), where L is the total length of the lists.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "match/match_int.h"

#define KEY_NONE UINT64_MAX

static int
fault(struct match_fault *f, enum match_fault_kind kind, uint32_t cand,
      uint32_t pos, uint32_t rank)
{
	if (f) {
		f->kind = kind;
		f->cand = cand;
		f->pos = pos;
		f->rank = rank;
	}
	return ERR_INVALID;
}

/* Offsets start at 0, never decrease and end at most at MATCH_MAX. */
static bool
offsets_ok(const uint32_t *off, uint32_t n)
{
	if (!off || off[0] != 0)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (off[i + 1] < off[i] || off[i + 1] > MATCH_MAX)
			return false;
	return true;
}

/* The rules of struct match_problem that need no sorting. */
static int
check_ranges(const struct match_problem *mp, struct match_fault *f)
{
	int rc = 0;
	uint8_t *seen;

	if (mp->ncand > MATCH_MAX || mp->npos > MATCH_MAX ||
	    !offsets_ok(mp->cand_off, mp->ncand) ||
	    !offsets_ok(mp->pos_off, mp->npos) ||
	    (mp->npos && !mp->capacity) || (mp->ncand && !mp->lottery))
		return fault(f, MATCH_FAULT_RANGE, MATCH_NONE, MATCH_NONE, 0);
	for (uint32_t c = 0; c < mp->ncand; c++)
		for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1];
		     e++)
			if (mp->cand_pos[e] >= mp->npos ||
			    mp->cand_rank[e] < 1 ||
			    mp->cand_rank[e] > MATCH_RANK_MAX)
				return fault(f, MATCH_FAULT_RANGE, c,
					     mp->cand_pos[e],
					     mp->cand_rank[e]);
	for (uint32_t p = 0; p < mp->npos; p++)
		for (uint32_t e = mp->pos_off[p]; e < mp->pos_off[p + 1]; e++)
			if (mp->pos_cand[e] >= mp->ncand ||
			    mp->pos_rank[e] < 1 ||
			    mp->pos_rank[e] > MATCH_RANK_MAX)
				return fault(f, MATCH_FAULT_RANGE,
					     mp->pos_cand[e], p,
					     mp->pos_rank[e]);
	seen = xcalloc(mp->ncand ? mp->ncand : 1, 1);
	for (uint32_t c = 0; c < mp->ncand; c++) {
		uint32_t place = mp->lottery[c];

		if (place >= mp->ncand || seen[place]) {
			rc = fault(f, MATCH_FAULT_LOTTERY, c, MATCH_NONE, 0);
			break;
		}
		seen[place] = 1;
	}
	free(seen);
	return rc;
}

/* The longest list in compressed rows `off` of n lists. */
static uint32_t
longest(const uint32_t *off, uint32_t n)
{
	uint32_t max = 0;

	for (uint32_t i = 0; i < n; i++)
		if (off[i + 1] - off[i] > max)
			max = off[i + 1] - off[i];
	return max;
}

/*
 * Step 1: ck[e] = (rank << 32 | position), each candidate's entries sorted.
 * Equal ranks are then adjacent; a repeated position is caught with a stamp
 * per position.
 */
static int
sort_candidates(const struct match_problem *mp, uint64_t *ck,
		struct match_fault *f)
{
	uint64_t *tmp = xmalloc(((size_t)longest(mp->cand_off, mp->ncand) + 1) *
				sizeof(*tmp));
	uint32_t *stamp = xmalloc(((size_t)mp->npos + 1) * sizeof(*stamp));
	int rc = 0;

	memset(stamp, 0xff, ((size_t)mp->npos + 1) * sizeof(*stamp));
	for (uint32_t c = 0; c < mp->ncand && !rc; c++) {
		uint32_t lo = mp->cand_off[c], hi = mp->cand_off[c + 1];

		for (uint32_t e = lo; e < hi; e++)
			ck[e] = KEY(mp->cand_rank[e], mp->cand_pos[e]);
		match_sort_u64(ck + lo, hi - lo, tmp);
		for (uint32_t e = lo; e < hi; e++) {
			uint32_t p = KEY_PLACE(ck[e]);

			if (stamp[p] == c) {
				rc = fault(f, MATCH_FAULT_CAND_DUP, c, p, 0);
				break;
			}
			stamp[p] = c;
			if (e > lo && KEY_RANK(ck[e]) == KEY_RANK(ck[e - 1])) {
				rc = fault(f, MATCH_FAULT_CAND_TIE, c, p,
					   KEY_RANK(ck[e]));
				break;
			}
		}
	}
	free(stamp);
	free(tmp);
	return rc;
}

/*
 * Step 2: pk[e] = the position's key of its candidate, each position's
 * entries sorted by key. A repeated candidate is caught with a stamp per
 * candidate before sorting.
 */
static int
sort_positions(const struct match_problem *mp, uint64_t *pk,
	       struct match_fault *f)
{
	uint64_t *tmp = xmalloc(((size_t)longest(mp->pos_off, mp->npos) + 1) *
				sizeof(*tmp));
	uint32_t *stamp = xmalloc(((size_t)mp->ncand + 1) * sizeof(*stamp));
	int rc = 0;

	memset(stamp, 0xff, ((size_t)mp->ncand + 1) * sizeof(*stamp));
	for (uint32_t p = 0; p < mp->npos && !rc; p++) {
		uint32_t lo = mp->pos_off[p], hi = mp->pos_off[p + 1];

		for (uint32_t e = lo; e < hi; e++) {
			uint32_t c = mp->pos_cand[e];

			if (stamp[c] == p) {
				rc = fault(f, MATCH_FAULT_POS_DUP, c, p, 0);
				break;
			}
			stamp[c] = p;
			pk[e] = KEY(mp->pos_rank[e], mp->lottery[c]);
		}
		if (!rc)
			match_sort_u64(pk + lo, hi - lo, tmp);
	}
	free(stamp);
	free(tmp);
	return rc;
}

/*
 * Steps 3 and 4. `ck` and `pk` are the sorted lists of steps 1 and 2.
 * Fills m->c_off/c_pos/c_key and m->p_off/p_ent with the acceptable pairs.
 */
static void
join(struct match *m, const uint64_t *ck, const uint64_t *pk)
{
	const struct match_problem *mp = &m->mp;
	uint32_t ncand = mp->ncand, npos = mp->npos;
	uint32_t lc = mp->cand_off[ncand];
	uint32_t *bstart = xcalloc((size_t)npos + 1, sizeof(*bstart));
	uint64_t *bucket = xmalloc(((size_t)lc + 1) * sizeof(*bucket));
	uint64_t *ckey = xmalloc(((size_t)lc + 1) * sizeof(*ckey));
	uint32_t *seen_pos = xmalloc(((size_t)ncand + 1) * sizeof(uint32_t));
	uint32_t *seen_cand = xmalloc(((size_t)ncand + 1) * sizeof(uint32_t));
	uint64_t *key_of = xmalloc(((size_t)ncand + 1) * sizeof(*key_of));
	uint32_t *crank_of = xmalloc(((size_t)ncand + 1) * sizeof(uint32_t));
	struct match_entry *pe;
	uint32_t n;

	/* Bucket the candidates' entries by position: (entry << 32 | cand). */
	for (uint32_t e = 0; e < lc; e++)
		bstart[KEY_PLACE(ck[e]) + 1]++;
	for (uint32_t p = 0; p < npos; p++)
		bstart[p + 1] += bstart[p];
	for (uint32_t c = 0; c < ncand; c++)
		for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1];
		     e++)
			bucket[bstart[KEY_PLACE(ck[e])]++] =
				(uint64_t)e << 32 | c;
	/* bstart[p] is now the end of bucket p, i.e. the start of p + 1. */

	memset(seen_pos, 0xff, ((size_t)ncand + 1) * sizeof(uint32_t));
	memset(seen_cand, 0xff, ((size_t)ncand + 1) * sizeof(uint32_t));
	m->p_off = xmalloc(((size_t)npos + 1) * sizeof(*m->p_off));
	pe = xmalloc(((size_t)mp->pos_off[npos] + 1) * sizeof(*pe));
	n = 0;
	for (uint32_t p = 0; p < npos; p++) {
		uint32_t b0 = p ? bstart[p - 1] : 0, b1 = bstart[p];

		for (uint32_t i = mp->pos_off[p]; i < mp->pos_off[p + 1];
		     i++) {
			uint32_t c = m->lot2cand[KEY_PLACE(pk[i])];

			seen_pos[c] = p;
			key_of[c] = pk[i];
		}
		for (uint32_t i = b0; i < b1; i++) {
			uint32_t e = (uint32_t)(bucket[i] >> 32);
			uint32_t c = (uint32_t)bucket[i];

			if (seen_pos[c] == p) {
				ckey[e] = key_of[c];
				seen_cand[c] = p;
				crank_of[c] = KEY_RANK(ck[e]);
			} else {
				ckey[e] = KEY_NONE;
			}
		}
		m->p_off[p] = n;
		for (uint32_t i = mp->pos_off[p]; i < mp->pos_off[p + 1];
		     i++) {
			uint32_t c = m->lot2cand[KEY_PLACE(pk[i])];

			if (seen_cand[c] != p)
				continue;
			pe[n].key = pk[i];
			pe[n].cand = c;
			pe[n].crank = crank_of[c];
			n++;
		}
	}
	m->p_off[npos] = n;
	m->p_ent = xreallocarray(pe, (size_t)n + 1, sizeof(*pe));
	free(crank_of);
	free(key_of);
	free(seen_cand);
	free(seen_pos);
	free(bucket);
	free(bstart);

	/* Drop the candidates' unacceptable entries, in place. */
	m->c_off = xmalloc(((size_t)ncand + 1) * sizeof(*m->c_off));
	m->c_pos = xmalloc(((size_t)n + 1) * sizeof(*m->c_pos));
	n = 0;
	for (uint32_t c = 0; c < ncand; c++) {
		m->c_off[c] = n;
		for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1];
		     e++) {
			if (ckey[e] == KEY_NONE)
				continue;
			m->c_pos[n] = KEY_PLACE(ck[e]);
			ckey[n] = ckey[e];
			n++;
		}
	}
	m->c_off[ncand] = n;
	m->c_key = xreallocarray(ckey, (size_t)n + 1, sizeof(*ckey));
}

int
match_new(struct match **out, const struct match_problem *mp,
	  struct match_fault *f)
{
	struct match *m;
	uint64_t *ck, *pk;
	int rc;

	*out = NULL;
	if (f)
		fault(f, MATCH_FAULT_NONE, MATCH_NONE, MATCH_NONE, 0);
	rc = check_ranges(mp, f);
	if (rc)
		return rc;

	m = xcalloc(1, sizeof(*m));
	m->mp = *mp;
	m->lot2cand = xmalloc(((size_t)mp->ncand + 1) * sizeof(uint32_t));
	for (uint32_t c = 0; c < mp->ncand; c++)
		m->lot2cand[mp->lottery[c]] = c;

	ck = xmalloc(((size_t)mp->cand_off[mp->ncand] + 1) * sizeof(*ck));
	rc = sort_candidates(mp, ck, f);
	if (rc)
		goto out_free_ck;
	pk = xmalloc(((size_t)mp->pos_off[mp->npos] + 1) * sizeof(*pk));
	rc = sort_positions(mp, pk, f);
	if (rc)
		goto out_free_pk;
	join(m, ck, pk);
	*out = m;

out_free_pk:
	free(pk);
out_free_ck:
	free(ck);
	if (rc)
		match_free(m);
	return rc;
}

void
match_free(struct match *m)
{
	if (!m)
		return;
	free(m->lot2cand);
	free(m->c_off);
	free(m->c_pos);
	free(m->c_key);
	free(m->p_off);
	free(m->p_ent);
	free(m);
}

uint64_t
match_pairs(const struct match *m)
{
	return m->c_off[m->mp.ncand];
}

uint32_t
match_list_len(const struct match *m, uint32_t cand)
{
	return m->mp.cand_off[cand + 1] - m->mp.cand_off[cand];
}
