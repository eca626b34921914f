/*
 * check.c - is a matching valid and stable, and why did a candidate not get
 * what it preferred (match_verify() and match_explain(), see match.h).
 *
 * Both judge by the ranks as given, not by the lottery: a position's rank
 * of a candidate is the high half of its key.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "match/match_int.h"

static uint64_t
report(match_violation_fn *fn, void *arg, enum match_flaw flaw,
       uint32_t cand, uint32_t pos, uint32_t held)
{
	struct match_violation v = {
		.flaw = flaw, .cand = cand, .pos = pos, .held = held,
	};

	if (fn)
		fn(&v, arg);
	return 1;
}

/* The rank the position of candidate entry e gave that candidate. */
static uint32_t
rank_at(const struct match *m, uint32_t e)
{
	const struct match_cand_entry *x = &m->c_ent[e];

	return KEY_RANK(m->p_key[m->p_off[x->pos] + x->place]);
}

/*
 * For each position: how many candidates it holds, and the worst rank it
 * gave one of them (UINT32_MAX once it holds one it does not rank, which
 * it would give up for anyone). For each candidate: the index of its
 * assignment in its acceptable list, its list's end if it has none or an
 * unacceptable one.
 */
uint64_t
match_verify(const struct match *m, const uint32_t *assign,
	     match_violation_fn *fn, void *arg)
{
	const struct match_problem *mp = &m->mp;
	uint32_t *held = xcalloc((size_t)mp->npos + 1, sizeof(*held));
	uint32_t *worst = xcalloc((size_t)mp->npos + 1, sizeof(*worst));
	uint32_t *at = xmalloc(((size_t)mp->ncand + 1) * sizeof(*at));
	uint64_t found = 0;

	for (uint32_t c = 0; c < mp->ncand; c++) {
		uint32_t p = assign[c], e;

		at[c] = C_END(m, c);
		if (p == MATCH_NONE)
			continue;
		assert(p < mp->npos);
		held[p]++;
		for (e = m->c_off[c]; e < C_END(m, c); e++)
			if (m->c_ent[e].pos == p)
				break;
		if (e == C_END(m, c)) {
			worst[p] = UINT32_MAX;
			continue;
		}
		at[c] = e;
		if (rank_at(m, e) > worst[p])
			worst[p] = rank_at(m, e);
	}
	for (uint32_t p = 0; p < mp->npos; p++)
		if (held[p] > mp->capacity[p])
			found += report(fn, arg, MATCH_FLAW_OVER_CAPACITY,
					MATCH_NONE, p, held[p]);
	for (uint32_t c = 0; c < mp->ncand; c++) {
		if (assign[c] != MATCH_NONE && at[c] == C_END(m, c))
			found += report(fn, arg, MATCH_FLAW_UNACCEPTABLE, c,
					assign[c], 0);
		for (uint32_t e = m->c_off[c]; e < at[c]; e++) {
			uint32_t p = m->c_ent[e].pos;

			if (held[p] < mp->capacity[p] ||
			    rank_at(m, e) < worst[p])
				found += report(fn, arg, MATCH_FLAW_BLOCKING,
						c, p, 0);
		}
	}
	free(at);
	free(worst);
	free(held);
	return found;
}

/* qsort() order of reasons: by the candidate's rank (distinct). */
static int
by_cand_rank(const void *a, const void *b)
{
	const struct match_reason *x = a, *y = b;

	return x->cand_rank < y->cand_rank ? -1 : x->cand_rank > y->cand_rank;
}

/* The rank position p gave candidate c in the caller's lists, 0 if none. */
static uint32_t
rank_given(const struct match_problem *mp, uint32_t p, uint32_t c)
{
	for (uint32_t e = mp->pos_off[p]; e < mp->pos_off[p + 1]; e++)
		if (mp->pos_cand[e] == c)
			return mp->pos_rank[e];
	return 0;
}

size_t
match_explain(const struct match *m, const struct match_result *res,
	      uint32_t cand, struct match_reason *out)
{
	const struct match_problem *mp = &m->mp;
	uint32_t lo = mp->cand_off[cand], hi = mp->cand_off[cand + 1];
	uint32_t got = res->assign[cand], got_rank = UINT32_MAX;
	size_t n = 0;

	/* The entries ranked above the position the candidate got. */
	for (uint32_t e = lo; e < hi; e++)
		if (mp->cand_pos[e] == got)
			got_rank = mp->cand_rank[e];
	for (uint32_t e = lo; e < hi; e++) {
		if (mp->cand_rank[e] >= got_rank)
			continue;
		out[n].pos = mp->cand_pos[e];
		out[n].cand_rank = mp->cand_rank[e];
		n++;
	}
	qsort(out, n, sizeof(*out), by_cand_rank);

	for (size_t i = 0; i < n; i++) {
		struct match_reason *r = &out[i];
		uint32_t p = r->pos;

		r->pos_rank = rank_given(mp, p, cand);
		r->cutoff = res->cutoff[p];
		if (mp->capacity[p] == 0)
			r->why = MATCH_WHY_CLOSED;
		else if (!r->pos_rank)
			r->why = MATCH_WHY_UNRANKED;
		else if (r->cutoff == MATCH_NONE || r->pos_rank < r->cutoff)
			r->why = MATCH_WHY_UNSTABLE;
		else if (r->pos_rank > r->cutoff)
			r->why = MATCH_WHY_OUTRANKED;
		else
			r->why = MATCH_WHY_LOTTERY;
	}
	return n;
}
