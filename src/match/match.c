/*
 * match.c - checking a problem and preparing it (match_new(), see match.h).
 *
 * Preparation turns the caller's lists, in any order, into what deferred
 * acceptance wants to read in its inner loop:
 *
 *  1. each candidate's list sorted by rank (and checked for repeats);
 *  2. each position's list keyed by (rank, lottery place) and sorted by key;
 *  3. a join of the two sides, position by position: the candidate entries
 *     that name a position are bucketed by position and stamped into
 *     per-candidate arrays; walking the position's sorted list then keeps
 *     the candidates who list it, numbers them (their place), and tells
 *     each candidate entry its place;
 *  4. the unacceptable entries dropped on both sides, in place.
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
#include "match/big.h"
#include "match/match_int.h"

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

/* Counts, offsets, and the lottery being a permutation. */
static int
check_shape(const struct match_problem *mp, struct match_fault *f)
{
	int rc = 0;
	uint8_t *seen;

	if (mp->ncand > MATCH_MAX || mp->npos > MATCH_MAX ||
	    !offsets_ok(mp->cand_off, mp->ncand) ||
	    !offsets_ok(mp->pos_off, mp->npos) ||
	    (uint64_t)mp->cand_off[mp->ncand] + mp->ncand > MATCH_MAX ||
	    (mp->npos && !mp->capacity) || (mp->ncand && !mp->lottery))
		return fault(f, MATCH_FAULT_RANGE, MATCH_NONE, MATCH_NONE, 0);
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

static bool
rank_ok(uint32_t rank)
{
	return rank >= 1 && rank <= MATCH_RANK_MAX;
}

/*
 * Step 1: check the candidates' lists (ranges, repeated positions, with a
 * stamp per position). Lists usually come in rank order already; then *ck
 * is NULL and the caller's arrays are used as they are. Otherwise *ck holds
 * (rank << 32 | position) for every entry, each list sorted, which puts
 * equal ranks side by side.
 */
static int
sort_candidates(const struct match_problem *mp, uint64_t **ck,
		struct match_fault *f)
{
	uint32_t *stamp = xmalloc(((size_t)mp->npos + 1) * sizeof(*stamp));
	uint64_t *k = NULL, *tmp = NULL;
	bool in_order = true;
	int rc = 0;

	memset(stamp, 0xff, ((size_t)mp->npos + 1) * sizeof(*stamp));
	for (uint32_t c = 0; c < mp->ncand && !rc; c++) {
		uint32_t lo = mp->cand_off[c], hi = mp->cand_off[c + 1];

		for (uint32_t e = lo; e < hi; e++) {
			uint32_t p = mp->cand_pos[e], r = mp->cand_rank[e];

			if (p >= mp->npos || !rank_ok(r)) {
				rc = fault(f, MATCH_FAULT_RANGE, c, p, r);
				break;
			}
			if (stamp[p] == c) {
				rc = fault(f, MATCH_FAULT_CAND_DUP, c, p, 0);
				break;
			}
			stamp[p] = c;
			if (e > lo && r <= mp->cand_rank[e - 1])
				in_order = false;
		}
	}
	free(stamp);
	if (rc || in_order)
		goto out;

	k = big_alloc((size_t)mp->cand_off[mp->ncand] + 1, sizeof(*k));
	tmp = xmalloc(((size_t)longest(mp->cand_off, mp->ncand) + 1) *
		      sizeof(*tmp));
	for (uint32_t c = 0; c < mp->ncand && !rc; c++) {
		uint32_t lo = mp->cand_off[c], hi = mp->cand_off[c + 1];

		for (uint32_t e = lo; e < hi; e++)
			k[e] = KEY(mp->cand_rank[e], mp->cand_pos[e]);
		match_sort_u64(k + lo, hi - lo, tmp);
		for (uint32_t e = lo + 1; e < hi; e++)
			if (KEY_RANK(k[e]) == KEY_RANK(k[e - 1])) {
				rc = fault(f, MATCH_FAULT_CAND_TIE, c,
					   KEY_PLACE(k[e]), KEY_RANK(k[e]));
				break;
			}
	}
	free(tmp);
	if (rc) {
		free(k);
		k = NULL;
	}
out:
	*ck = k;
	return rc;
}

/*
 * Step 2: pk[e] = the position's key of its candidate, each position's
 * entries sorted by key. (Repeated candidates are caught in the join.)
 */
static int
sort_positions(const struct match_problem *mp, uint64_t *pk,
	       struct match_fault *f)
{
	uint64_t *tmp = xmalloc(((size_t)longest(mp->pos_off, mp->npos) + 1) *
				sizeof(*tmp));
	int rc = 0;

	for (uint32_t p = 0; p < mp->npos && !rc; p++) {
		uint32_t lo = mp->pos_off[p], hi = mp->pos_off[p + 1];

		for (uint32_t e = lo; e < hi; e++) {
			uint32_t c = mp->pos_cand[e], r = mp->pos_rank[e];

			if (c >= mp->ncand || !rank_ok(r)) {
				rc = fault(f, MATCH_FAULT_RANGE, c, p, r);
				break;
			}
			pk[e] = KEY(r, mp->lottery[c]);
		}
		if (!rc)
			match_sort_u64(pk + lo, hi - lo, tmp);
	}
	free(tmp);
	return rc;
}

/* What the join knows about a candidate while it works on position p. */
struct join_slot {
	uint32_t lists;		/* p if the candidate lists p */
	uint32_t crank;		/* the rank it gives p */
	uint32_t entry;		/* its entry for p */
	uint32_t seen;		/* p if p's list named it already */
};

/*
 * Steps 3 and 4. `ck` and `pk` are the sorted lists of steps 1 and 2 (ck
 * NULL: the caller's arrays are in order); pk becomes m->p_key, compacted
 * in place. Fills m->c_off/c_ent and m->p_off/p_crank with the acceptable
 * pairs. Fails only when a position lists a candidate twice.
 */
static int
join(struct match *m, const uint64_t *ck, uint64_t *pk, struct match_fault *f)
{
	const struct match_problem *mp = &m->mp;
	uint32_t ncand = mp->ncand, npos = mp->npos;
	uint32_t lc = mp->cand_off[ncand];
	uint32_t *bstart = xcalloc((size_t)npos + 1, sizeof(*bstart));
	uint64_t *bucket = big_alloc((size_t)lc + 1, sizeof(*bucket));
	struct join_slot *js = big_alloc((size_t)ncand + 1, sizeof(*js));
	struct match_cand_entry *ce;
	uint32_t n;
	int rc = 0;

#define POS_OF(e) (ck ? KEY_PLACE(ck[e]) : mp->cand_pos[e])
#define RANK_OF(e) (ck ? KEY_RANK(ck[e]) : mp->cand_rank[e])
	/* Bucket the candidates' entries by position: (entry << 32 | cand). */
	for (uint32_t e = 0; e < lc; e++)
		bstart[POS_OF(e) + 1]++;
	for (uint32_t p = 0; p < npos; p++)
		bstart[p + 1] += bstart[p];
	for (uint32_t c = 0; c < ncand; c++)
		for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1];
		     e++)
			bucket[bstart[POS_OF(e)]++] = (uint64_t)e << 32 | c;
	/* bstart[p] is now the end of bucket p, i.e. the start of p + 1. */

	memset(js, 0xff, ((size_t)ncand + 1) * sizeof(*js));
	ce = big_alloc((size_t)lc + ncand + 1, sizeof(*ce));
	m->c_ent = ce;
	m->p_off = xmalloc(((size_t)npos + 1) * sizeof(*m->p_off));
	m->p_crank = big_alloc((size_t)mp->pos_off[npos] + 1,
			       sizeof(*m->p_crank));
	n = 0;
	for (uint32_t p = 0; p < npos && !rc; p++) {
		uint32_t b0 = p ? bstart[p - 1] : 0, b1 = bstart[p];

		/* Who lists p, and where. */
		for (uint32_t i = b0; i < b1; i++) {
			uint32_t e = (uint32_t)(bucket[i] >> 32);
			struct join_slot *x = &js[(uint32_t)bucket[i]];

			ce[e].pos = p;
			ce[e].place = MATCH_NONE;
			x->lists = p;
			x->crank = RANK_OF(e);
			x->entry = e;
		}
		/* p's list, keeping those who list p, numbered in order. */
		m->p_off[p] = n;
		for (uint32_t i = mp->pos_off[p]; i < mp->pos_off[p + 1];
		     i++) {
			uint32_t c = m->lot2cand[KEY_PLACE(pk[i])];
			struct join_slot *x = &js[c];

			if (x->seen == p) {
				rc = fault(f, MATCH_FAULT_POS_DUP, c, p, 0);
				break;
			}
			x->seen = p;
			if (x->lists != p)
				continue;
			ce[x->entry].place = n - m->p_off[p];
			pk[n] = pk[i];
			m->p_crank[n] = x->crank;
			n++;
		}
	}
#undef RANK_OF
#undef POS_OF
	m->p_off[npos] = n;
	m->p_key = pk;
	free(js);
	free(bucket);
	free(bstart);
	if (rc)
		return rc;

	/* Drop the candidates' unacceptable entries, in place. */
	m->c_off = xmalloc(((size_t)ncand + 1) * sizeof(*m->c_off));
	n = 0;
	for (uint32_t c = 0; c < ncand; c++) {
		m->c_off[c] = n;
		for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1];
		     e++)
			if (ce[e].place != MATCH_NONE)
				ce[n++] = ce[e];
	}
	/* Open a sentinel after each list, backwards: list c moves up by c. */
	m->c_off[ncand] = n + ncand;
	for (uint32_t c = ncand, hi = n; c-- > 0;) {
		uint32_t lo = m->c_off[c];

		for (uint32_t e = hi; e-- > lo;)
			ce[e + c] = ce[e];
		ce[hi + c].pos = npos;
		ce[hi + c].place = c;
		m->c_off[c] = lo + c;
		hi = lo;
	}
	return 0;
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
	rc = check_shape(mp, f);
	if (rc)
		return rc;
	rc = sort_candidates(mp, &ck, f);
	if (rc)
		return rc;

	m = xcalloc(1, sizeof(*m));
	m->mp = *mp;
	m->lot2cand = big_alloc((size_t)mp->ncand + 1, sizeof(uint32_t));
	for (uint32_t c = 0; c < mp->ncand; c++)
		m->lot2cand[mp->lottery[c]] = c;
	pk = big_alloc((size_t)mp->pos_off[mp->npos] + 1, sizeof(*pk));
	rc = sort_positions(mp, pk, f);
	if (rc)
		goto out_free_pk;
	rc = join(m, ck, pk, f);	/* pk becomes m->p_key */
	if (rc)
		goto out_free_m;
	free(ck);
	*out = m;
	return 0;

out_free_pk:
	free(pk);
out_free_m:
	match_free(m);
	free(ck);
	return rc;
}

void
match_free(struct match *m)
{
	if (!m)
		return;
	free(m->lot2cand);
	free(m->c_off);
	free(m->c_ent);
	free(m->p_off);
	free(m->p_key);
	free(m->p_crank);
	free(m);
}

uint64_t
match_pairs(const struct match *m)
{
	return m->c_off[m->mp.ncand] - m->mp.ncand;
}

uint32_t
match_list_len(const struct match *m, uint32_t cand)
{
	return m->mp.cand_off[cand + 1] - m->mp.cand_off[cand];
}
