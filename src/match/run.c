/*
 * run.c - deferred acceptance, either side proposing (match_run()).
 *
 * Candidates proposing. Positions keep the keys of the candidates they hold
 * in a max-heap, one slab of `seats` slots for all of them, and a `bar`:
 * the key a proposal must beat (UINT64_MAX while a seat is free, the
 * heap's top once full, 0 for a closed position). A rejection is then one
 * comparison against a 24-byte record. When a held candidate is displaced
 * the loop carries on with that candidate at once, from where its list
 * stopped (McVitie & Wilson 1971: the order of proposals does not change
 * the outcome), so no queue of free candidates is needed. Each list entry is
 * proposed to at most once; the number of proposals is how far each
 * candidate got down its list.
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
#include "match/match_int.h"

struct seats {
	uint64_t bar;		/* a proposal is held iff its key < bar */
	uint32_t n;		/* keys held */
	uint32_t cap;		/* seats that can be filled */
	uint32_t base;		/* first slot in the heap slab */
};

/* Insert `key` into the max-heap h of n keys (room for n + 1). */
static void
heap_push(uint64_t *h, uint32_t n, uint64_t key)
{
	uint32_t i = n;

	while (i > 0) {
		uint32_t up = (i - 1) / 2;

		if (h[up] >= key)
			break;
		h[i] = h[up];
		i = up;
	}
	h[i] = key;
}

/* Replace the top of the max-heap h of n keys with `key`. */
static void
heap_replace_top(uint64_t *h, uint32_t n, uint64_t key)
{
	uint32_t i = 0;

	for (;;) {
		uint32_t kid = 2 * i + 1;

		if (kid >= n)
			break;
		if (kid + 1 < n && h[kid + 1] > h[kid])
			kid++;
		if (h[kid] <= key)
			break;
		h[i] = h[kid];
		i = kid;
	}
	h[i] = key;
}

static void
run_candidates(const struct match *m, struct match_result *res)
{
	const struct match_problem *mp = &m->mp;
	const uint32_t *off = m->c_off, *pos = m->c_pos;
	const uint64_t *key = m->c_key;
	struct seats *st = xmalloc(((size_t)mp->npos + 1) * sizeof(*st));
	uint32_t *next = xmalloc(((size_t)mp->ncand + 1) * sizeof(*next));
	uint64_t *heap, total = 0, proposals = 0;

	for (uint32_t p = 0; p < mp->npos; p++) {
		uint32_t len = m->p_off[p + 1] - m->p_off[p];
		uint32_t cap = mp->capacity[p] < len ? mp->capacity[p] : len;

		st[p].bar = cap ? UINT64_MAX : 0;
		st[p].n = 0;
		st[p].cap = cap;
		st[p].base = (uint32_t)total;
		total += cap;	/* at most the number of pairs */
	}
	heap = xmalloc((total + 1) * sizeof(*heap));

	for (uint32_t c0 = 0; c0 < mp->ncand; c0++) {
		uint32_t c = c0, e = off[c0];

		for (;;) {
			uint32_t end = off[c + 1], p;
			uint64_t k, out;
			struct seats *s;

			while (e < end && key[e] >= st[pos[e]].bar)
				e++;
			if (e == end) {
				next[c] = e;	/* list exhausted: c stays free */
				break;
			}
			p = pos[e];
			k = key[e];
			next[c] = ++e;
			s = &st[p];
			if (s->n < s->cap) {
				heap_push(heap + s->base, s->n, k);
				if (++s->n == s->cap)
					s->bar = heap[s->base];
				break;
			}
			/* Full: k displaces the worst key held. */
			out = heap[s->base];
			heap_replace_top(heap + s->base, s->n, k);
			s->bar = heap[s->base];
			c = m->lot2cand[KEY_PLACE(out)];
			e = next[c];
		}
	}

	for (uint32_t c = 0; c < mp->ncand; c++) {
		res->assign[c] = MATCH_NONE;
		proposals += next[c] - off[c];
	}
	for (uint32_t p = 0; p < mp->npos; p++) {
		const uint64_t *h = heap + st[p].base;

		for (uint32_t i = 0; i < st[p].n; i++)
			res->assign[m->lot2cand[KEY_PLACE(h[i])]] = p;
		res->filled[p] = st[p].n;
		res->cutoff[p] = st[p].n && st[p].n == mp->capacity[p] ?
			KEY_RANK(h[0]) : MATCH_NONE;
	}
	res->proposals = proposals;
	free(heap);
	free(next);
	free(st);
}

static void
run_positions(const struct match *m, struct match_result *res)
{
	const struct match_problem *mp = &m->mp;
	const struct match_entry *pe = m->p_ent;
	uint32_t *next = xmalloc(((size_t)mp->npos + 1) * sizeof(*next));
	uint32_t *held = xcalloc((size_t)mp->npos + 1, sizeof(*held));
	uint32_t *stack = xmalloc(((size_t)mp->npos + 1) * sizeof(*stack));
	bool *queued = xmalloc((size_t)mp->npos + 1);
	uint32_t *hold = res->assign;
	uint32_t *hold_e = xmalloc(((size_t)mp->ncand + 1) * sizeof(*hold_e));
	uint32_t *hold_rank =
		xmalloc(((size_t)mp->ncand + 1) * sizeof(*hold_rank));
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
			const struct match_entry *x = &pe[e++];
			uint32_t c = x->cand, q = hold[c];

			if (x->crank >= hold_rank[c])
				continue;
			hold[c] = p;
			hold_rank[c] = x->crank;
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

	for (uint32_t c = 0; c < mp->ncand; c++)
		if (hold[c] != MATCH_NONE && pe[hold_e[c]].key > worst[hold[c]])
			worst[hold[c]] = pe[hold_e[c]].key;
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
