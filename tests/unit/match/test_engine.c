/*
 * test_engine.c - the engine's contract case by case: every fault
 * match_new() reports, empty and closed positions, cutoffs, proposal
 * counts, what match_verify() reports and in which order, each reason
 * match_explain() gives, the lottery, and the internal sort.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "match/match.h"
#include "match/match_int.h"

/*
 * A problem written as text-like tables: cand[c] lists (position, rank)
 * pairs, pos[p] lists (candidate, rank) pairs, each ended by a zero rank.
 */
struct pair {
	uint32_t other, rank;
};

#define END { 0, 0 }
#define MAXL 8

struct tiny {
	uint32_t nc, np;
	uint32_t cap[MAXL];
	struct pair cand[MAXL][MAXL + 1];
	struct pair pos[MAXL][MAXL + 1];
	/* built */
	uint32_t lottery[MAXL];
	uint32_t coff[MAXL + 1], cpos[MAXL * MAXL], crank[MAXL * MAXL];
	uint32_t poff[MAXL + 1], pcand[MAXL * MAXL], prank[MAXL * MAXL];
	struct match_problem mp;
};

/* Fill the arrays; lottery place = candidate number unless set before. */
static const struct match_problem *
build(struct tiny *pr, bool keep_lottery)
{
	uint32_t n = 0;

	for (uint32_t c = 0; c < pr->nc; c++) {
		pr->coff[c] = n;
		for (const struct pair *x = pr->cand[c]; x->rank; x++) {
			pr->cpos[n] = x->other;
			pr->crank[n] = x->rank;
			n++;
		}
		if (!keep_lottery)
			pr->lottery[c] = c;
	}
	pr->coff[pr->nc] = n;
	n = 0;
	for (uint32_t p = 0; p < pr->np; p++) {
		pr->poff[p] = n;
		for (const struct pair *x = pr->pos[p]; x->rank; x++) {
			pr->pcand[n] = x->other;
			pr->prank[n] = x->rank;
			n++;
		}
	}
	pr->poff[pr->np] = n;
	pr->mp = (struct match_problem){
		.ncand = pr->nc, .npos = pr->np, .capacity = pr->cap,
		.lottery = pr->lottery,
		.cand_off = pr->coff, .cand_pos = pr->cpos,
		.cand_rank = pr->crank,
		.pos_off = pr->poff, .pos_cand = pr->pcand,
		.pos_rank = pr->prank,
	};
	return &pr->mp;
}

static void
expect_fault(struct tiny *pr, bool keep_lottery,
	     enum match_fault_kind kind, uint32_t cand, uint32_t pos,
	     uint32_t rank)
{
	struct match_fault f;
	struct match *m = (struct match *)1;

	assert_int_equal(match_new(&m, build(pr, keep_lottery), &f),
			 ERR_INVALID);
	assert_null(m);
	assert_int_equal(f.kind, kind);
	assert_int_equal(f.cand, cand);
	assert_int_equal(f.pos, pos);
	assert_int_equal(f.rank, rank);
}

static void
test_faults(void **state)
{
	struct tiny pr;

	(void)state;
	/* Two equal ranks for candidate 1 (positions 0 and 1, rank 2). */
	pr = (struct tiny){
		.nc = 2, .np = 2, .cap = { 1, 1 },
		.cand = { { { 0, 1 }, END },
			  { { 1, 2 }, { 0, 2 }, END } },
		.pos = { { { 0, 1 }, END }, { END } },
	};
	expect_fault(&pr, false, MATCH_FAULT_CAND_TIE, 1, 1, 2);

	/* Candidate 0 lists position 1 twice. */
	pr = (struct tiny){
		.nc = 1, .np = 2, .cap = { 1, 1 },
		.cand = { { { 1, 1 }, { 0, 2 }, { 1, 3 }, END } },
	};
	expect_fault(&pr, false, MATCH_FAULT_CAND_DUP, 0, 1, 0);

	/* Position 1 lists candidate 0 twice (ties are fine, repeats not). */
	pr = (struct tiny){
		.nc = 2, .np = 2, .cap = { 1, 1 },
		.pos = { { { 0, 1 }, { 1, 1 }, END },
			 { { 1, 1 }, { 0, 2 }, { 0, 3 }, END } },
	};
	expect_fault(&pr, false, MATCH_FAULT_POS_DUP, 0, 1, 0);

	/* Rank 0, a rank past MATCH_RANK_MAX, an index out of range. */
	pr = (struct tiny){
		.nc = 1, .np = 1, .cap = { 1 },
		.cand = { { { 0, 1 }, END } },
	};
	build(&pr, false);
	pr.crank[0] = 0;
	{
		struct match *m;
		struct match_fault f;

		assert_int_equal(match_new(&m, &pr.mp, &f), ERR_INVALID);
		assert_int_equal(f.kind, MATCH_FAULT_RANGE);
		pr.crank[0] = MATCH_RANK_MAX + 1;
		assert_int_equal(match_new(&m, &pr.mp, &f), ERR_INVALID);
		assert_int_equal(f.kind, MATCH_FAULT_RANGE);
		pr.crank[0] = MATCH_RANK_MAX;
		assert_int_equal(match_new(&m, &pr.mp, &f), 0);
		match_free(m);
		pr.cpos[0] = 1;
		assert_int_equal(match_new(&m, &pr.mp, &f), ERR_INVALID);
		assert_int_equal(f.kind, MATCH_FAULT_RANGE);
		assert_int_equal(f.pos, 1);
		pr.cpos[0] = 0;
		pr.coff[1] = 2;	/* past the entries: decreasing is caught */
		pr.coff[0] = 3;
		assert_int_equal(match_new(&m, &pr.mp, NULL), ERR_INVALID);
	}

	/* A lottery that is not a permutation. */
	pr = (struct tiny){ .nc = 3, .np = 0 };
	pr.lottery[0] = 2;
	pr.lottery[1] = 0;
	pr.lottery[2] = 2;
	expect_fault(&pr, true, MATCH_FAULT_LOTTERY, 2, MATCH_NONE, 0);
	pr.lottery[2] = 3;
	expect_fault(&pr, true, MATCH_FAULT_LOTTERY, 2, MATCH_NONE, 0);
}

struct outcome {
	uint32_t assign[MAXL], filled[MAXL], cutoff[MAXL];
	uint64_t proposals;
};

static struct match *
run(struct tiny *pr, enum match_proposer who, struct outcome *o,
    bool keep_lottery)
{
	struct match_result res = {
		.assign = o->assign, .filled = o->filled, .cutoff = o->cutoff,
	};
	struct match *m;

	assert_int_equal(match_new(&m, build(pr, keep_lottery), NULL), 0);
	match_run(m, who, &res);
	o->proposals = res.proposals;
	return m;
}

static void
test_empty(void **state)
{
	struct tiny pr = { .nc = 0, .np = 0 };
	struct outcome o;
	struct match *m;

	(void)state;
	m = run(&pr, MATCH_CANDIDATES, &o, false);
	assert_int_equal(o.proposals, 0);
	assert_int_equal(match_pairs(m), 0);
	assert_int_equal(match_verify(m, o.assign, NULL, NULL), 0);
	match_free(m);
	match_free(NULL);
}

/*
 * Closed positions take no one, a position with more seats than takers is
 * not full, a candidate no one ranks stays unmatched, and a position's list
 * may name candidates who do not rank it.
 */
static void
test_closed_and_unfilled(void **state)
{
	struct tiny pr = {
		.nc = 3, .np = 3, .cap = { 0, 5, 1 },
		.cand = { { { 0, 1 }, { 1, 2 }, END },
			  { { 0, 1 }, { 2, 2 }, END },
			  { { 2, 1 }, END } },
		.pos = { { { 0, 1 }, { 1, 1 }, END },
			 { { 0, 1 }, { 2, 1 }, END },
			 { { 0, 1 }, { 1, 2 }, END } },
	};
	struct outcome o;
	struct match *m;

	(void)state;
	for (int w = 0; w < 2; w++) {
		m = run(&pr, w ? MATCH_POSITIONS : MATCH_CANDIDATES, &o,
			false);
		assert_int_equal(o.assign[0], 1);
		assert_int_equal(o.assign[1], 2);
		assert_int_equal(o.assign[2], MATCH_NONE);
		assert_int_equal(o.filled[0], 0);
		assert_int_equal(o.filled[1], 1);
		assert_int_equal(o.filled[2], 1);
		assert_int_equal(o.cutoff[0], MATCH_NONE);	/* closed */
		assert_int_equal(o.cutoff[1], MATCH_NONE);	/* not full */
		assert_int_equal(o.cutoff[2], 2);
		/* Acceptable pairs: (0,0) (0,1) (1,0) (1,2). */
		assert_int_equal(match_pairs(m), 4);
		match_free(m);
	}
}

/*
 * Identical lists, one seat each: candidate c ends at position c after
 * c + 1 proposals, n (n + 1) / 2 in all, whichever side proposes.
 */
static void
test_identical_lists(void **state)
{
	struct tiny pr = { .nc = MAXL, .np = MAXL };
	struct outcome o;
	struct match *m;

	(void)state;
	for (uint32_t i = 0; i < MAXL; i++) {
		pr.cap[i] = 1;
		for (uint32_t j = 0; j < MAXL; j++) {
			pr.cand[i][j] = (struct pair){ j, j + 1 };
			pr.pos[i][j] = (struct pair){ j, 10 * (j + 1) };
		}
	}
	for (int w = 0; w < 2; w++) {
		m = run(&pr, w ? MATCH_POSITIONS : MATCH_CANDIDATES, &o,
			false);
		assert_int_equal(o.proposals, MAXL * (MAXL + 1) / 2);
		for (uint32_t c = 0; c < MAXL; c++) {
			assert_int_equal(o.assign[c], c);
			assert_int_equal(o.cutoff[c], 10 * (c + 1));
		}
		match_free(m);
	}
}

/* One position, three seats, six candidates: a heap that keeps the best. */
static void
test_capacity_heap(void **state)
{
	struct tiny pr = {
		.nc = 6, .np = 1, .cap = { 3 },
		.cand = { { { 0, 1 }, END }, { { 0, 1 }, END },
			  { { 0, 1 }, END }, { { 0, 1 }, END },
			  { { 0, 1 }, END }, { { 0, 1 }, END } },
		.pos = { { { 0, 6 }, { 1, 2 }, { 2, 5 }, { 3, 1 }, { 4, 4 },
			   { 5, 3 }, END } },
	};
	struct outcome o;
	struct match *m;

	(void)state;
	m = run(&pr, MATCH_CANDIDATES, &o, false);
	assert_int_equal(o.assign[0], MATCH_NONE);
	assert_int_equal(o.assign[1], 0);
	assert_int_equal(o.assign[2], MATCH_NONE);
	assert_int_equal(o.assign[3], 0);
	assert_int_equal(o.assign[4], MATCH_NONE);
	assert_int_equal(o.assign[5], 0);
	assert_int_equal(o.filled[0], 3);
	assert_int_equal(o.cutoff[0], 3);
	assert_int_equal(o.proposals, 6);
	match_free(m);
}

struct seen {
	struct match_violation v[16];
	int n;
};

static void
collect(const struct match_violation *v, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 16);
	s->v[s->n++] = *v;
}

static void
test_verify_reports(void **state)
{
	/*
	 * Position 0 (1 seat) ranks 0 then 1; position 1 (1 seat) ranks 1.
	 * Candidate 0 ranks 0; 1 ranks 1 then 0; 2 ranks 0.
	 */
	struct tiny pr = {
		.nc = 3, .np = 2, .cap = { 1, 1 },
		.cand = { { { 0, 1 }, END },
			  { { 1, 1 }, { 0, 2 }, END },
			  { { 0, 1 }, END } },
		.pos = { { { 0, 1 }, { 1, 2 }, END },
			 { { 1, 1 }, END } },
	};
	uint32_t a[3];
	struct seen s = { .n = 0 };
	struct outcome o;
	struct match *m;

	(void)state;
	m = run(&pr, MATCH_CANDIDATES, &o, false);
	/* 1 and 2 both at position 0; 0 unmatched. */
	a[0] = MATCH_NONE;
	a[1] = 0;
	a[2] = 0;
	assert_int_equal(match_verify(m, a, collect, &s), 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.v[0].flaw, MATCH_FLAW_OVER_CAPACITY);
	assert_int_equal(s.v[0].pos, 0);
	assert_int_equal(s.v[0].held, 2);
	assert_int_equal(s.v[0].cand, MATCH_NONE);
	/* 0 and position 0 block: 0 is unmatched, 0 outranks candidate 2. */
	assert_int_equal(s.v[1].flaw, MATCH_FLAW_BLOCKING);
	assert_int_equal(s.v[1].cand, 0);
	assert_int_equal(s.v[1].pos, 0);
	/* 1 would rather have position 1, which is empty. */
	assert_int_equal(s.v[2].flaw, MATCH_FLAW_BLOCKING);
	assert_int_equal(s.v[2].cand, 1);
	assert_int_equal(s.v[2].pos, 1);
	/* 2 is at a position that does not rank it. */
	assert_int_equal(s.v[3].flaw, MATCH_FLAW_UNACCEPTABLE);
	assert_int_equal(s.v[3].cand, 2);
	assert_int_equal(s.v[3].pos, 0);
	/* Counting without a callback. */
	assert_int_equal(match_verify(m, a, NULL, NULL), 4);
	/* The engine's own result is fine. */
	assert_int_equal(o.assign[0], 0);
	assert_int_equal(o.assign[1], 1);
	assert_int_equal(o.assign[2], MATCH_NONE);
	assert_int_equal(match_verify(m, o.assign, NULL, NULL), 0);
	match_free(m);
}

/*
 * Candidate 0 ranks P0 (closed), P1 (does not rank it), P2 (full with a
 * better candidate), P3 (a tie lost on the lottery), then gets P4; P5 comes
 * after and is not explained.
 */
static void
test_explain(void **state)
{
	struct tiny pr = {
		.nc = 3, .np = 6, .cap = { 0, 1, 1, 1, 1, 1 },
		.cand = { { { 3, 4 }, { 0, 1 }, { 5, 9 }, { 2, 3 }, { 1, 2 },
			    { 4, 5 }, END },
			  { { 2, 1 }, END },
			  { { 3, 1 }, END } },
		.pos = { { { 0, 1 }, END },
			 { { 1, 1 }, END },
			 { { 1, 1 }, { 0, 2 }, END },
			 { { 0, 7 }, { 2, 7 }, END },
			 { { 0, 1 }, END },
			 { { 0, 1 }, END } },
	};
	struct match_reason r[8];
	struct match_result res;
	struct outcome o;
	struct match *m;
	size_t n;

	(void)state;
	/* Candidate 2 draws better than candidate 0. */
	pr.lottery[0] = 2;
	pr.lottery[1] = 1;
	pr.lottery[2] = 0;
	m = run(&pr, MATCH_CANDIDATES, &o, true);
	assert_int_equal(o.assign[0], 4);
	assert_int_equal(o.assign[2], 3);
	assert_int_equal(match_list_len(m, 0), 6);
	res = (struct match_result){
		.assign = o.assign, .filled = o.filled, .cutoff = o.cutoff,
	};
	n = match_explain(m, &res, 0, r);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].pos, 0);
	assert_int_equal(r[0].why, MATCH_WHY_CLOSED);
	assert_int_equal(r[0].cand_rank, 1);
	assert_int_equal(r[1].pos, 1);
	assert_int_equal(r[1].why, MATCH_WHY_UNRANKED);
	assert_int_equal(r[1].pos_rank, 0);
	assert_int_equal(r[2].pos, 2);
	assert_int_equal(r[2].why, MATCH_WHY_OUTRANKED);
	assert_int_equal(r[2].cutoff, 1);
	assert_int_equal(r[2].pos_rank, 2);
	assert_int_equal(r[3].pos, 3);
	assert_int_equal(r[3].why, MATCH_WHY_LOTTERY);
	assert_int_equal(r[3].cutoff, 7);
	assert_int_equal(r[3].pos_rank, 7);
	assert_int_equal(r[3].cand_rank, 4);

	/* Flip the lottery: candidate 0 wins the tie and gets P3. */
	match_free(m);
	pr.lottery[0] = 0;
	pr.lottery[2] = 2;
	m = run(&pr, MATCH_CANDIDATES, &o, true);
	assert_int_equal(o.assign[0], 3);
	assert_int_equal(o.assign[2], MATCH_NONE);
	n = match_explain(m, &res, 0, r);
	assert_int_equal(n, 3);

	/* An unmatched candidate gets a reason for every entry. */
	n = match_explain(m, &res, 2, r);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].pos, 3);
	assert_int_equal(r[0].why, MATCH_WHY_LOTTERY);

	/* A matching that is not stable is said to be so. */
	o.assign[0] = 4;
	o.assign[2] = MATCH_NONE;
	o.filled[3] = 0;
	o.cutoff[3] = MATCH_NONE;
	n = match_explain(m, &res, 0, r);
	assert_int_equal(n, 4);
	assert_int_equal(r[3].why, MATCH_WHY_UNSTABLE);
	match_free(m);
}

static void
test_draw_is_fixed(void **state)
{
	(void)state;
	/*
	 * These values are part of the published definition of the
	 * lottery (docs/internals/match.md): they must never change.
	 */
	assert_true(match_draw(0, "", 0) == UINT64_C(0x48218226ff3cd4bf));
	assert_true(match_draw(0, "张三", 6) == UINT64_C(0xa4de8279086dcdb8));
	assert_true(match_draw(42, "candidate-0000001", 17) ==
		    UINT64_C(0x2a273d0ed5ae65c1));
	assert_true(match_draw(0, "a", 1) != match_draw(1, "a", 1));
	assert_true(match_draw(0, "a", 1) != match_draw(0, "a\0", 2));
}

static void
test_lottery_order(void **state)
{
	enum { N = 500 };
	char names[N][16];
	const char *id[N];
	size_t len[N];
	uint32_t lot[N], inv[N];
	bool seen[N] = { false };

	(void)state;
	for (uint32_t i = 0; i < N; i++) {
		len[i] = (size_t)snprintf(names[i], sizeof(names[i]), "p%u",
					  i);
		id[i] = names[i];
	}
	match_lottery(9, N, id, len, lot);
	for (uint32_t i = 0; i < N; i++) {
		assert_true(lot[i] < N);
		assert_false(seen[lot[i]]);
		seen[lot[i]] = true;
		inv[lot[i]] = i;
	}
	for (uint32_t k = 1; k < N; k++)
		assert_true(match_draw(9, id[inv[k - 1]], len[inv[k - 1]]) <
			    match_draw(9, id[inv[k]], len[inv[k]]));
	/* Order depends on identifiers, not on where they sit. */
	{
		const char *a[3] = { "x", "y", "z" }, *b[3] = { "z", "x", "y" };
		size_t l[3] = { 1, 1, 1 };
		uint32_t la[3], lb[3];

		match_lottery(5, 3, a, l, la);
		match_lottery(5, 3, b, l, lb);
		assert_int_equal(la[0], lb[1]);
		assert_int_equal(la[1], lb[2]);
		assert_int_equal(la[2], lb[0]);
	}
}

static void
test_sort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 47, 48, 49, 300, 5000 };
	uint64_t state64 = 77;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		uint64_t *a = xmalloc((n + 1) * sizeof(*a));
		uint64_t *t = xmalloc((n + 1) * sizeof(*t));
		uint64_t sum = 0, sum2 = 0;

		for (int kind = 0; kind < 4; kind++) {
			for (size_t i = 0; i < n; i++) {
				state64 = state64 * 6364136223846793005u + 1;
				a[i] = kind == 0 ? state64 :
				       kind == 1 ? state64 >> 40 :
				       kind == 2 ? (uint64_t)(n - i) << 32 :
				       (uint64_t)i;
				sum += a[i];
			}
			match_sort_u64(a, n, t);
			for (size_t i = 0; i < n; i++)
				sum2 += a[i];
			for (size_t i = 1; i < n; i++)
				assert_true(a[i - 1] <= a[i]);
			assert_true(sum == sum2);
		}
		free(t);
		free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_closed_and_unfilled),
		cmocka_unit_test(test_identical_lists),
		cmocka_unit_test(test_capacity_heap),
		cmocka_unit_test(test_verify_reports),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_draw_is_fixed),
		cmocka_unit_test(test_lottery_order),
		cmocka_unit_test(test_sort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
