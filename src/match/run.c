/*
 * run.c - deferred acceptance, either side proposing (match_run()).
 *
 * Candidates proposing. A candidate's entry holds the position and the
 * candidate's place in that position's list, so a proposal reads 8 bytes.
 * Positions keep the places of the candidates they hold in a max-heap (one
 * slab of `seats` slots for all of them) and a `bar`: the place a proposal
 * must beat (UINT32_MAX while a seat is free, the heap's top once full, 0
 * for a closed position). A rejection is one comparison against a 16-byte
 * record. When a held candidate is displaced the loop carries on with that
 * candidate at once, from the entry after the one it was held for (McVitie
 * & Wilson 1971: the order of proposals does not change the outcome), so
 * no queue of free candidates is needed and a displacement costs one
 * random read. Each list entry is proposed to at most once.
 *
 * Positions proposing. Each position with a free seat offers down its list
 * (sorted by key); a candidate keeps the offer it ranks best. Positions that
 * lose a candidate go back on a stack.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "match/big.h"
#include "match/match_int.h"

struct seats {
	uint32_t bar;		/* a proposal is held iff its place < bar */
	uint32_t n;		/* candidates held */
	uint32_t cap;		/* seats that can be filled */
	uint32_t base;		/* first slot in the heap slab */
};

/* Insert v into the max-heap h of n values (room for n + 1). */
static void
heap_push(uint64_t *h, uint32_t n, uint64_t v)
{
	uint32_t i = n;

	while (i > 0) {
		uint32_t up = (i - 1) / 2;

		if (h[up] >= v)
			break;
		h[i] = h[up];
		i = up;
	}
	h[i] = v;
}

/* Replace the top of the max-heap h of n values with v. */
static void
heap_replace_top(uint64_t *h, uint32_t n, uint64_t v)
{
	uint32_t i = 0;

	for (;;) {
		uint32_t kid = 2 * i + 1;

		if (kid >= n)
			break;
		if (kid + 1 < n && h[kid + 1] > h[kid])
			kid++;
		if (h[kid] <= v)
			break;
		h[i] = h[kid];
		i = kid;
	}
	h[i] = v;
}

/*
 * Heaps hold (place << 32 | entry): ordered by place, and a displaced
 * candidate carries on from the entry after the one it was held for. The
 * sentinel at the end of a list is a position with bar UINT32_MAX: the
 * scan stops there without a bounds check, and it names the candidate.
 */
static uint32_t
owner(const struct match *m, uint32_t e)
{
	while (m->c_ent[e].pos != m->mp.npos)
		e++;
	return m->c_ent[e].place;
}

static void
run_candidates(const struct match *m, struct match_result *res)
{
	const struct match_problem *mp = &m->mp;
	const struct match_cand_entry *ent = m->c_ent;
	struct seats *st = xmalloc(((size_t)mp->npos + 1) * sizeof(*st));
	uint64_t *heap, total = 0, proposals = 0;

	for (uint32_t p = 0; p < mp->npos; p++) {
		uint32_t len = m->p_off[p + 1] - m->p_off[p];
		uint32_t cap = mp->capacity[p] < len ? mp->capacity[p] : len;

		st[p].bar = cap ? UINT32_MAX : 0;
		st[p].n = 0;
		st[p].cap = cap;
		st[p].base = (uint32_t)total;
		total += cap;	/* at most the number of pairs */
	}
	st[mp->npos].bar = UINT32_MAX;	/* the sentinels' position */
	heap = big_alloc(total + 1, sizeof(*heap));

	for (uint32_t c0 = 0; c0 < mp->ncand; c0++) {
		uint32_t e = m->c_off[c0], first = e;

		for (;;) {
			const struct match_cand_entry *x;
			struct seats *s;
			uint64_t v, out;

			while (ent[e].place >= st[ent[e].pos].bar)
				e++;
			x = &ent[e];
			proposals += e - first;
			if (x->pos == mp->npos)
				break;	/* the list is exhausted */
			proposals++;
			s = &st[x->pos];
			v = (uint64_t)x->place << 32 | e;
			if (s->n < s->cap) {
				heap_push(heap + s->base, s->n, v);
				if (++s->n == s->cap)
					s->bar = (uint32_t)
						(heap[s->base] >> 32);
				break;
			}
			/* Full: this displaces the one p likes least. */
			out = heap[s->base];
			heap_replace_top(heap + s->base, s->n, v);
			s->bar = (uint32_t)(heap[s->base] >> 32);
			e = (uint32_t)out + 1;
			first = e;
		}
	}

	for (uint32_t c = 0; c < mp->ncand; c++)
		res->assign[c] = MATCH_NONE;
	for (uint32_t p = 0; p < mp->npos; p++) {
		const uint64_t *h = heap + st[p].base;

		for (uint32_t i = 0; i < st[p].n; i++)
			res->assign[owner(m, (uint32_t)h[i])] = p;
		res->filled[p] = st[p].n;
		res->cutoff[p] = st[p].n && st[p].n == mp->capacity[p] ?
			KEY_RANK(m->p_key[m->p_off[p] + (h[0] >> 32)]) :
			MATCH_NONE;
	}
	res->proposals = proposals;
	free(heap);
	free(st);
}

static void
run_positions(const struct match *m, struct match_result *res)
{
	const struct match_problem *mp = &m->mp;
	uint32_t *next = xmalloc(((size_t)mp->npos + 1) * sizeof(*next));
	uint32_t *held = xcalloc((size_t)mp->npos + 1, sizeof(*held));
	uint32_t *stack = xmalloc(((size_t)mp->npos + 1) * sizeof(*stack));
	bool *queued = xmalloc((size_t)mp->npos + 1);
	uint32_t *hold = res->assign;
	uint32_t *hold_e = big_alloc((size_t)mp->ncand + 1, sizeof(*hold_e));
	uint32_t *hold_rank =
		big_alloc((size_t)mp->ncand + 1, sizeof(*hold_rank));
	uint64_t *worst = xcalloc((size_t)mp->npos + 1, sizeof(*worst));
	uint32_t top = 0;
	uint64_t proposals = 0;

	for (uint32_t c = 0; c < mp->ncand; c++) {
		hold[c] = MATCH_NONE;
		hold_rank[c] = UINT32_MAX;
	}
	for (uint32_t p = mp->npos; p-- > 0;) {
		next[p] = m->p_off[p];
		stack[top++] = p;
		queued[p] = true;
	}
	while (top) {
		uint32_t p = stack[--top], e = next[p], end = m->p_off[p + 1];
		uint32_t cap = mp->capacity[p];

		queued[p] = false;
		while (held[p] < cap && e < end) {
			uint32_t c = P_CAND(m, e), q = hold[c];
			uint32_t r = m->p_crank[e++];

			if (r >= hold_rank[c])
				continue;
			hold[c] = p;
			hold_rank[c] = r;
			hold_e[c] = e - 1;
			held[p]++;
			if (q != MATCH_NONE) {
				held[q]--;
				if (!queued[q]) {
					stack[top++] = q;
					queued[q] = true;
				}
			}
		}
		next[p] = e;
	}

	for (uint32_t c = 0; c < mp->ncand; c++) {
		uint32_t p = hold[c];

		if (p != MATCH_NONE && m->p_key[hold_e[c]] > worst[p])
			worst[p] = m->p_key[hold_e[c]];
	}
	for (uint32_t p = 0; p < mp->npos; p++) {
		proposals += next[p] - m->p_off[p];
		res->filled[p] = held[p];
		res->cutoff[p] = held[p] && held[p] == mp->capacity[p] ?
			KEY_RANK(worst[p]) : MATCH_NONE;
	}
	res->proposals = proposals;
	free(worst);
	free(hold_rank);
	free(hold_e);
	free(queued);
	free(stack);
	free(held);
	free(next);
}

void
match_run(const struct match *m, enum match_proposer who,
	  struct match_result *res)
{
	if (who == MATCH_POSITIONS)
		run_positions(m, res);
	else
		run_candidates(m, res);
}
