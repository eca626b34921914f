/*
 * test_stable.c - the engine against brute force and the literature.
 *
 * For each instance every stable matching is enumerated (candidates are
 * assigned one by one; a branch dies as soon as a full position and an
 * assigned candidate block it, since neither can change any more). Then:
 *
 *  - both results of match_run() are among the stable matchings, and
 *    match_verify() finds nothing wrong with them;
 *  - candidates proposing, every candidate gets its best stable partner;
 *  - positions proposing, every candidate gets its worst stable partner
 *    and every position its best stable set, seat by seat;
 *  - rural hospitals: every stable matching matches the same candidates,
 *    fills each position equally, and gives a position that is not full
 *    the same candidates;
 *  - renumbering candidates and positions and shuffling every list changes
 *    no one's partner (the lottery follows identifiers, not numbers);
 *  - match_verify() counts exactly the violations a direct check finds on
 *    random matchings, valid or not.
 *
 * Literature instances (tests/data/match, or $JIANGGU_TEST_DATA) must give
 * their published answers for both proposers, and the number of stable
 * matchings their sources state.
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

#include "base/xalloc.h"
#include "match/match.h"
#include "match/match_csv.h"

#define MAXC 12
#define MAXP 6
#define MAXSTABLE 64

/* A small instance as dense tables; ranks 0 mean "not listed". */
struct inst {
	uint32_t nc, np;
	uint32_t cap[MAXP];
	uint32_t crank[MAXC][MAXP];
	uint32_t prank[MAXP][MAXC];
	uint32_t lottery[MAXC];
};

/* The same instance as the engine's arrays. */
struct built {
	uint32_t cand_off[MAXC + 1], cand_pos[MAXC * MAXP];
	uint32_t cand_rank[MAXC * MAXP];
	uint32_t pos_off[MAXP + 1], pos_cand[MAXC * MAXP];
	uint32_t pos_rank[MAXC * MAXP];
	struct match_problem mp;
};

static uint64_t rng_state;

static uint32_t
rnd(uint32_t n)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return n ? (uint32_t)(z % n) : 0;
}

static void
shuffle(uint32_t *a, uint32_t n)
{
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = rnd(i), t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
}

/*
 * Build arrays for `in`, listing candidates and positions in the order
 * given by cperm/pperm (new number -> old number) and each list shuffled
 * when `mix` is set.
 */
static void
build(const struct inst *in, const uint32_t *cperm, const uint32_t *pperm,
      bool mix, struct built *b, uint32_t *cap, uint32_t *lottery)
{
	uint32_t cinv[MAXC], pinv[MAXP], n = 0;

	for (uint32_t i = 0; i < in->nc; i++)
		cinv[cperm[i]] = i;
	for (uint32_t i = 0; i < in->np; i++)
		pinv[pperm[i]] = i;
	for (uint32_t i = 0; i < in->nc; i++) {
		uint32_t c = cperm[i], lo = n;

		b->cand_off[i] = n;
		for (uint32_t p = 0; p < in->np; p++) {
			if (!in->crank[c][p])
				continue;
			b->cand_pos[n] = pinv[p];
			b->cand_rank[n] = in->crank[c][p];
			n++;
		}
		if (mix)
			for (uint32_t k = n - lo; k > 1; k--) {
				uint32_t j = lo + rnd(k), t;

				t = b->cand_pos[lo + k - 1];
				b->cand_pos[lo + k - 1] = b->cand_pos[j];
				b->cand_pos[j] = t;
				t = b->cand_rank[lo + k - 1];
				b->cand_rank[lo + k - 1] = b->cand_rank[j];
				b->cand_rank[j] = t;
			}
		lottery[i] = in->lottery[c];
	}
	b->cand_off[in->nc] = n;
	n = 0;
	for (uint32_t i = 0; i < in->np; i++) {
		uint32_t p = pperm[i], lo = n;

		b->pos_off[i] = n;
		cap[i] = in->cap[p];
		for (uint32_t c = 0; c < in->nc; c++) {
			if (!in->prank[p][c])
				continue;
			b->pos_cand[n] = cinv[c];
			b->pos_rank[n] = in->prank[p][c];
			n++;
		}
		if (mix)
			for (uint32_t k = n - lo; k > 1; k--) {
				uint32_t j = lo + rnd(k), t;

				t = b->pos_cand[lo + k - 1];
				b->pos_cand[lo + k - 1] = b->pos_cand[j];
				b->pos_cand[j] = t;
				t = b->pos_rank[lo + k - 1];
				b->pos_rank[lo + k - 1] = b->pos_rank[j];
				b->pos_rank[j] = t;
			}
	}
	b->pos_off[in->np] = n;
	b->mp = (struct match_problem){
		.ncand = in->nc, .npos = in->np, .capacity = cap,
		.lottery = lottery,
		.cand_off = b->cand_off, .cand_pos = b->cand_pos,
		.cand_rank = b->cand_rank,
		.pos_off = b->pos_off, .pos_cand = b->pos_cand,
		.pos_rank = b->pos_rank,
	};
}

static bool
acceptable(const struct inst *in, uint32_t c, uint32_t p)
{
	return in->crank[c][p] && in->prank[p][c];
}

/* The position's strict key of a candidate (rank, then lottery place). */
static uint64_t
key(const struct inst *in, uint32_t p, uint32_t c)
{
	return (uint64_t)in->prank[p][c] << 32 | in->lottery[c];
}

/* Candidate c's rank of what it got; UINT32_MAX when unmatched. */
static uint32_t
got_rank(const struct inst *in, uint32_t c, uint32_t p)
{
	return p == MATCH_NONE ? UINT32_MAX : in->crank[c][p];
}

/* Does (c, p) block matching a in the strict (lottery) instance? */
static bool
blocks_strict(const struct inst *in, const uint32_t *a, uint32_t c,
	      uint32_t p)
{
	uint32_t held = 0;
	uint64_t worst = 0;

	if (a[c] == p || !acceptable(in, c, p) ||
	    in->crank[c][p] >= got_rank(in, c, a[c]))
		return false;
	for (uint32_t d = 0; d < in->nc; d++) {
		if (a[d] != p)
			continue;
		held++;
		if (key(in, p, d) > worst)
			worst = key(in, p, d);
	}
	return held < in->cap[p] || key(in, p, c) < worst;
}

/* Violations by the definition in match.h (weak stability, raw ranks). */
static uint64_t
violations(const struct inst *in, const uint32_t *a)
{
	uint32_t held[MAXP] = { 0 }, worst[MAXP] = { 0 };
	uint64_t n = 0;

	for (uint32_t c = 0; c < in->nc; c++) {
		uint32_t p = a[c];

		if (p == MATCH_NONE)
			continue;
		held[p]++;
		if (!acceptable(in, c, p))
			worst[p] = UINT32_MAX;
		else if (in->prank[p][c] > worst[p])
			worst[p] = in->prank[p][c];
	}
	for (uint32_t p = 0; p < in->np; p++)
		n += held[p] > in->cap[p];
	for (uint32_t c = 0; c < in->nc; c++) {
		bool bad = a[c] != MATCH_NONE && !acceptable(in, c, a[c]);
		uint32_t mine = bad ? UINT32_MAX : got_rank(in, c, a[c]);

		n += bad;
		for (uint32_t p = 0; p < in->np; p++)
			if (acceptable(in, c, p) && in->crank[c][p] < mine &&
			    (held[p] < in->cap[p] ||
			     in->prank[p][c] < worst[p]))
				n++;
	}
	return n;
}

struct enumeration {
	const struct inst *in;
	uint32_t a[MAXC];
	uint32_t held[MAXP];
	uint32_t stable[MAXSTABLE][MAXC];
	uint32_t n;
};

/* Can a full position and an assigned candidate already block? */
static bool
doomed(const struct enumeration *e, uint32_t upto)
{
	const struct inst *in = e->in;

	for (uint32_t p = 0; p < in->np; p++) {
		if (e->held[p] < in->cap[p])
			continue;
		for (uint32_t c = 0; c < upto; c++)
			if (blocks_strict(in, e->a, c, p))
				return true;
	}
	return false;
}

static void
enumerate(struct enumeration *e, uint32_t c)
{
	const struct inst *in = e->in;

	if (c == in->nc) {
		for (uint32_t d = 0; d < in->nc; d++)
			for (uint32_t p = 0; p < in->np; p++)
				if (blocks_strict(in, e->a, d, p))
					return;
		assert_true(e->n < MAXSTABLE);
		memcpy(e->stable[e->n++], e->a, sizeof(e->a));
		return;
	}
	e->a[c] = MATCH_NONE;
	if (!doomed(e, c + 1))
		enumerate(e, c + 1);
	for (uint32_t p = 0; p < in->np; p++) {
		if (!acceptable(in, c, p) || e->held[p] == in->cap[p])
			continue;
		e->a[c] = p;
		e->held[p]++;
		if (!doomed(e, c + 1))
			enumerate(e, c + 1);
		e->held[p]--;
	}
	e->a[c] = MATCH_NONE;
}

struct outcome {
	uint32_t assign[MAXC], filled[MAXP], cutoff[MAXP];
	uint64_t proposals;
};

static void
run(const struct match_problem *mp, enum match_proposer who,
    struct outcome *o)
{
	struct match_result res = {
		.assign = o->assign, .filled = o->filled, .cutoff = o->cutoff,
	};
	struct match *m;

	assert_int_equal(match_new(&m, mp, NULL), 0);
	match_run(m, who, &res);
	o->proposals = res.proposals;
	assert_int_equal(match_verify(m, o->assign, NULL, NULL), 0);
	match_free(m);
}

static bool
same(const uint32_t *a, const uint32_t *b, uint32_t n)
{
	return !memcmp(a, b, n * sizeof(*a));
}

/* Keys a position holds in matching a, best first. */
static uint32_t
held_keys(const struct inst *in, const uint32_t *a, uint32_t p,
	  uint64_t *keys)
{
	uint32_t n = 0;

	for (uint32_t c = 0; c < in->nc; c++) {
		if (a[c] != p)
			continue;
		uint32_t i = n++;

		while (i > 0 && keys[i - 1] > key(in, p, c)) {
			keys[i] = keys[i - 1];
			i--;
		}
		keys[i] = key(in, p, c);
	}
	return n;
}

/*
 * Check everything listed at the top of this file on `in`. Returns the
 * number of stable matchings; the two results go to cand/pos if not NULL.
 */
static uint32_t
check_instance(const struct inst *in, struct outcome *cand_out,
	       struct outcome *pos_out)
{
	uint32_t cperm[MAXC], pperm[MAXP], cap[MAXP], lottery[MAXC];
	struct enumeration *e = xcalloc(1, sizeof(*e));
	struct outcome co, po, mo;
	struct built b;
	uint32_t n;

	for (uint32_t i = 0; i < MAXC; i++)
		cperm[i] = i;
	for (uint32_t i = 0; i < MAXP; i++)
		pperm[i] = i;
	build(in, cperm, pperm, false, &b, cap, lottery);
	run(&b.mp, MATCH_CANDIDATES, &co);
	run(&b.mp, MATCH_POSITIONS, &po);

	e->in = in;
	for (uint32_t c = 0; c < MAXC; c++)
		e->a[c] = MATCH_NONE;
	enumerate(e, 0);
	n = e->n;
	assert_true(n >= 1);	/* Gale & Shapley: one always exists */

	bool found_c = false, found_p = false;
	for (uint32_t s = 0; s < n; s++) {
		const uint32_t *m = e->stable[s];

		found_c |= same(m, co.assign, in->nc);
		found_p |= same(m, po.assign, in->nc);
		assert_int_equal(violations(in, m), 0);
		for (uint32_t c = 0; c < in->nc; c++) {
			/* candidate-optimal, candidate-pessimal */
			assert_true(got_rank(in, c, co.assign[c]) <=
				    got_rank(in, c, m[c]));
			assert_true(got_rank(in, c, po.assign[c]) >=
				    got_rank(in, c, m[c]));
			/* rural hospitals: the same candidates matched */
			assert_int_equal(m[c] == MATCH_NONE,
					 co.assign[c] == MATCH_NONE);
		}
		for (uint32_t p = 0; p < in->np; p++) {
			uint64_t km[MAXC], kp[MAXC];
			uint32_t nm = held_keys(in, m, p, km);
			uint32_t np = held_keys(in, po.assign, p, kp);

			assert_int_equal(nm, co.filled[p]);
			assert_int_equal(np, nm);
			for (uint32_t i = 0; i < nm; i++)
				assert_true(kp[i] <= km[i]);
			if (nm < in->cap[p])
				for (uint32_t c = 0; c < in->nc; c++)
					assert_int_equal(m[c] == p,
							 co.assign[c] == p);
		}
	}
	assert_true(found_c);
	assert_true(found_p);
	assert_true(same(co.filled, po.filled, in->np));

	/* Cutoffs: the worst rank held by each full position. */
	for (uint32_t p = 0; p < in->np; p++) {
		uint32_t worst = 0;

		for (uint32_t c = 0; c < in->nc; c++)
			if (co.assign[c] == p && in->prank[p][c] > worst)
				worst = in->prank[p][c];
		if (in->cap[p] && co.filled[p] == in->cap[p])
			assert_int_equal(co.cutoff[p], worst);
		else
			assert_int_equal(co.cutoff[p], MATCH_NONE);
	}

	/* Renumber and shuffle: the same partners. */
	for (int round = 0; round < 3; round++) {
		shuffle(cperm, in->nc);
		shuffle(pperm, in->np);
		build(in, cperm, pperm, true, &b, cap, lottery);
		for (int w = 0; w < 2; w++) {
			const struct outcome *want = w ? &po : &co;

			run(&b.mp, w ? MATCH_POSITIONS : MATCH_CANDIDATES, &mo);
			for (uint32_t i = 0; i < in->nc; i++) {
				uint32_t got = mo.assign[i];

				assert_int_equal(got == MATCH_NONE ? MATCH_NONE
						 : pperm[got],
						 want->assign[cperm[i]]);
			}
			assert_true(mo.proposals == want->proposals);
		}
		for (uint32_t i = 0; i < MAXC; i++)
			cperm[i] = i;
		for (uint32_t i = 0; i < MAXP; i++)
			pperm[i] = i;
	}
	if (cand_out)
		*cand_out = co;
	if (pos_out)
		*pos_out = po;
	free(e);
	return n;
}

/* A random instance: incomplete lists, ties when tie_ranks is small. */
static void
random_instance(struct inst *in, uint32_t tie_ranks)
{
	uint32_t perm[MAXC > MAXP ? MAXC : MAXP];
	const char *ids[MAXC];
	size_t lens[MAXC];
	char names[MAXC][16];

	memset(in, 0, sizeof(*in));
	in->nc = 1 + rnd(8);
	in->np = 1 + rnd(5);
	for (uint32_t p = 0; p < in->np; p++)
		in->cap[p] = rnd(4);	/* 0 .. 3, 0 is closed */
	for (uint32_t c = 0; c < in->nc; c++) {
		uint32_t len = rnd(in->np + 1), r = 0;

		for (uint32_t p = 0; p < in->np; p++)
			perm[p] = p;
		shuffle(perm, in->np);
		for (uint32_t i = 0; i < len; i++) {
			r += 1 + rnd(3);	/* strict, with gaps */
			in->crank[c][perm[i]] = r;
		}
	}
	for (uint32_t p = 0; p < in->np; p++)
		for (uint32_t c = 0; c < in->nc; c++)
			/* Positions mostly rank those who rank them. */
			if (rnd(10) < (in->crank[c][p] ? 9u : 2u))
				in->prank[p][c] = 1 + rnd(tie_ranks);
	for (uint32_t c = 0; c < in->nc; c++) {
		snprintf(names[c], sizeof(names[c]), "cand-%u", c);
		ids[c] = names[c];
		lens[c] = strlen(names[c]);
	}
	match_lottery(rnd(1000), in->nc, ids, lens, in->lottery);
}

static void
test_random_strict(void **state)
{
	struct inst in;

	(void)state;
	rng_state = 1;
	for (int i = 0; i < 3000; i++) {
		random_instance(&in, 1000);
		check_instance(&in, NULL, NULL);
	}
}

static void
test_random_ties(void **state)
{
	struct inst in;
	uint32_t total = 0;

	(void)state;
	rng_state = 2;
	for (int i = 0; i < 3000; i++) {
		random_instance(&in, 2);
		total += check_instance(&in, NULL, NULL);
	}
	assert_true(total > 3000);	/* some have several stable matchings */
}

/*
 * With ties, the seed picks the lottery: same seed, same result; some seed
 * gives a different result on an instance full of ties.
 */
static void
test_seed(void **state)
{
	static const char *ids[] = { "a", "b", "c", "d" };
	static const size_t lens[] = { 1, 1, 1, 1 };
	struct inst in = { .nc = 4, .np = 1, .cap = { 1 } };
	struct outcome first, again, other;
	uint32_t cperm[MAXC], pperm[MAXP], cap[MAXP], lot[MAXC];
	struct built b;
	bool differs = false;

	(void)state;
	for (uint32_t c = 0; c < 4; c++) {
		in.crank[c][0] = 1;
		in.prank[0][c] = 1;	/* everyone tied */
		cperm[c] = c;
	}
	pperm[0] = 0;
	match_lottery(7, 4, ids, lens, in.lottery);
	build(&in, cperm, pperm, false, &b, cap, lot);
	run(&b.mp, MATCH_CANDIDATES, &first);
	run(&b.mp, MATCH_CANDIDATES, &again);
	assert_true(same(first.assign, again.assign, 4));
	/* The winner is the candidate with lottery place 0. */
	for (uint32_t c = 0; c < 4; c++)
		assert_int_equal(first.assign[c] == 0, in.lottery[c] == 0);
	for (uint64_t seed = 8; seed < 40 && !differs; seed++) {
		match_lottery(seed, 4, ids, lens, in.lottery);
		build(&in, cperm, pperm, false, &b, cap, lot);
		run(&b.mp, MATCH_CANDIDATES, &other);
		differs = !same(first.assign, other.assign, 4);
	}
	assert_true(differs);
}

/* Random matchings, valid or not: match_verify() counts what it should. */
static void
test_verify_counts(void **state)
{
	struct inst in;
	uint32_t cperm[MAXC], pperm[MAXP], cap[MAXP], lot[MAXC], a[MAXC];
	struct built b;
	struct match *m;

	(void)state;
	rng_state = 3;
	for (uint32_t i = 0; i < MAXC; i++)
		cperm[i] = i;
	for (uint32_t i = 0; i < MAXP; i++)
		pperm[i] = i;
	for (int i = 0; i < 2000; i++) {
		random_instance(&in, 1 + rnd(4));
		build(&in, cperm, pperm, true, &b, cap, lot);
		assert_int_equal(match_new(&m, &b.mp, NULL), 0);
		for (uint32_t c = 0; c < in.nc; c++)
			a[c] = rnd(3) ? rnd(in.np) : MATCH_NONE;
		assert_int_equal(match_verify(m, a, NULL, NULL),
				 violations(&in, a));
		match_free(m);
	}
}

/* --- literature ----------------------------------------------------------- */

static char *
slurp(const char *dir, const char *file, size_t *len)
{
	char path[512];
	char *data = NULL;
	size_t cap = 0, n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s (run from the repository root or set "
			 "JIANGGU_TEST_DATA)", path);
	*len = 0;
	do {
		ALLOC_GROW(data, *len + 4096, cap);
		n = fread(data + *len, 1, cap - *len, fp);
		*len += n;
	} while (n);
	fclose(fp);
	return data;
}

/*
 * Load tests/data/match/NAME, check it like a random instance, compare both
 * results with expected_candidates.csv / expected_positions.csv, and return
 * the number of stable matchings.
 */
static uint32_t
literature(const char *name)
{
	static const char *files[] = {
		"positions.csv", "candidate_prefs.csv", "position_prefs.csv",
	};
	static const char *expected[] = {
		"expected_candidates.csv", "expected_positions.csv",
	};
	const char *root = getenv("JIANGGU_TEST_DATA");
	struct match_csv_input in[MATCH_CSV_NFILES], want_in;
	struct match_csv_error err;
	struct match_fault fault;
	struct match_csv mc;
	struct outcome got[2];
	struct inst inst;
	uint32_t want[MAXC], n;
	char dir[256];
	char *data[MATCH_CSV_NFILES];

	snprintf(dir, sizeof(dir), "%s/%s", root ? root : "tests/data/match",
		 name);
	for (int i = 0; i < MATCH_CSV_NFILES; i++) {
		data[i] = slurp(dir, files[i], &in[i].len);
		in[i].data = data[i];
		in[i].name = files[i];
	}
	assert_int_equal(match_csv_load(&mc, in, 1, &err), 0);
	assert_int_equal(match_csv_prepare(&mc, 0, &fault), 0);
	assert_true(mc.mp.ncand <= MAXC && mc.mp.npos <= MAXP);

	memset(&inst, 0, sizeof(inst));
	inst.nc = mc.mp.ncand;
	inst.np = mc.mp.npos;
	for (uint32_t p = 0; p < inst.np; p++) {
		inst.cap[p] = mc.mp.capacity[p];
		for (uint32_t e = mc.mp.pos_off[p]; e < mc.mp.pos_off[p + 1];
		     e++)
			inst.prank[p][mc.mp.pos_cand[e]] = mc.mp.pos_rank[e];
	}
	for (uint32_t c = 0; c < inst.nc; c++) {
		inst.lottery[c] = mc.mp.lottery[c];
		for (uint32_t e = mc.mp.cand_off[c]; e < mc.mp.cand_off[c + 1];
		     e++)
			inst.crank[c][mc.mp.cand_pos[e]] = mc.mp.cand_rank[e];
	}
	n = check_instance(&inst, &got[0], &got[1]);

	for (int w = 0; w < 2; w++) {
		char *text = slurp(dir, expected[w], &want_in.len);

		want_in.data = text;
		want_in.name = expected[w];
		assert_int_equal(match_csv_read_matching(&mc, &want_in, want,
							 &err), 0);
		for (uint32_t c = 0; c < mc.nlisted; c++)
			assert_int_equal(got[w].assign[c], want[c]);
		free(text);
	}
	match_csv_release(&mc);
	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		free(data[i]);
	return n;
}

static void
test_nrmp_run_a_match(void **state)
{
	(void)state;
	assert_int_equal(literature("nrmp"), 1);
}

static void
test_gusfield_irving(void **state)
{
	(void)state;
	/* 8: found by enumeration here, not stated in the book */
	assert_int_equal(literature("gusfield_irving_1_6_5"), 8);
}

static void
test_gale_shapley_example1(void **state)
{
	(void)state;
	/* "There are six possible sets of marriages; of these three are
	   stable." */
	assert_int_equal(literature("gale_shapley_1962_example1"), 3);
}

static void
test_malkevitch(void **state)
{
	(void)state;
	assert_int_equal(literature("malkevitch_ten_stable"), 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nrmp_run_a_match),
		cmocka_unit_test(test_gusfield_irving),
		cmocka_unit_test(test_gale_shapley_example1),
		cmocka_unit_test(test_malkevitch),
		cmocka_unit_test(test_random_strict),
		cmocka_unit_test(test_random_ties),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_verify_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
