/*
 * match_gen.c - write a matching market with correlated preferences as the
 * three CSV files of `jianggu match`, for the benchmarks in bench/match.sh.
 *
 *	match_gen DIR --scale park|nrmp|province|fair [--seed N] [--codes 1]
 *	match_gen DIR --candidates N --positions M (--seats S | --capacity C)
 *		      --list-min A --list-max B [--consider F] [--seed N]
 *		      [--codes 1]
 *
 * With --codes 1 the identifiers are the codes a regional fair's lists
 * name records by (src/selection/fair.c): candidate i is the mobile
 * number 139 followed by i in 8 digits, position j the credit code
 * 91220100 followed by j in 10 digits (bench/fair.sh seeds the people
 * and firms that hold them). --scale fair is the regional fair of
 * issue 20: 50,000 candidates, 2,600 firms, 45,000 seats, lists of 3 to
 * 8.
 *
 * The model (docs/internals/match.md, "Benchmarks"):
 *  - every position has a popularity and every candidate a quality, each
 *    uniform on [0, 1);
 *  - a candidate's list length is uniform on [A, B]; it considers F times
 *    that many positions drawn uniformly without repetition (nobody looks
 *    at every opening in a province) and ranks the best of them by
 *    0.5 * popularity + 0.5 * its own noise, 1 being the best;
 *  - every position ranks all the candidates who listed it by
 *    0.5 * quality + 0.5 * its own noise, strictly (no ties), so the
 *    textbook implementation and jianggu must agree on the matching;
 *  - seats are C per position, or S spread at random with at least one
 *    each.
 *
 * Rows come grouped by candidate (by position in POSITION_PREFS) in rank
 * order, the way an export usually writes them. Output is deterministic
 * for a seed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/xalloc.h"

struct params {
	uint32_t ncand, npos, list_min, list_max, consider;
	uint64_t seats;		/* 0: use capacity */
	uint32_t capacity;
	uint64_t seed;
	bool codes;		/* identifiers as mobile numbers, credit codes */
};

static uint64_t
next_u64(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double
uniform(uint64_t *s)
{
	return (double)(next_u64(s) >> 11) * 0x1.0p-53;
}

static uint32_t
below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((next_u64(s) >> 32) * (uint64_t)n) >> 32);
}

/* A stateless uniform [0, 1) for the pair (a, b): a position's noise. */
static double
noise(uint64_t seed, uint32_t a, uint32_t b)
{
	uint64_t s = seed ^ (((uint64_t)a << 32 | b) *
			    UINT64_C(0xd6e8feb86659fd93));

	return uniform(&s);
}

/* --- output --------------------------------------------------------------- */

struct out {
	FILE *fp;
	char *buf;
	size_t len;
	bool codes;
};

#define OUT_CAP ((size_t)1 << 23)

static void
out_open(struct out *o, const char *dir, const char *name, bool codes)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o->fp = fopen(path, "wb");
	if (!o->fp) {
		fprintf(stderr, "match_gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	o->buf = xmalloc(OUT_CAP);
	o->len = 0;
	o->codes = codes;
}

static void
out_flush(struct out *o)
{
	if (fwrite(o->buf, 1, o->len, o->fp) != o->len) {
		fprintf(stderr, "match_gen: write failed\n");
		exit(1);
	}
	o->len = 0;
}

static void
out_str(struct out *o, const char *s, size_t n)
{
	if (OUT_CAP - o->len < n + 64)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
out_uint(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_str(o, tmp + sizeof(tmp) - n, n);
}

/* "c0000042" / "p00042": fixed width, so every id has the same length;
 * with codes, "13900000042" / "912201000000000042". */
static void
out_id(struct out *o, char prefix, uint64_t v, int width)
{
	char tmp[24];

	if (o->codes) {
		int n = snprintf(tmp, sizeof(tmp), prefix == 'c' ?
				 "139%08" PRIu64 : "91220100%010" PRIu64, v);

		out_str(o, tmp, (size_t)n);
		return;
	}

	tmp[0] = prefix;
	for (int i = width; i >= 1; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out_str(o, tmp, (size_t)width + 1);
}

static void
out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->fp)) {
		fprintf(stderr, "match_gen: close failed\n");
		exit(1);
	}
	free(o->buf);
}

/* --- the market ----------------------------------------------------------- */

struct scored {
	double v;
	uint32_t who;
};

static int
by_score_desc(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->who < y->who ? -1 : x->who > y->who;
}

static int
width_for(uint32_t n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w < 5 ? 5 : w;
}

static void
generate(const struct params *pr, const char *dir)
{
	uint64_t rng = pr->seed;
	double *pop = xmalloc(pr->npos * sizeof(*pop));
	double *quality = xmalloc(pr->ncand * sizeof(*quality));
	uint32_t *cap = xmalloc(pr->npos * sizeof(*cap));
	uint32_t *stamp = xmalloc(pr->npos * sizeof(*stamp));
	uint32_t *coff = xmalloc(((size_t)pr->ncand + 1) * sizeof(*coff));
	uint32_t *cpos = NULL, *poff, *pcand, *fill;
	size_t ncpos = 0, cpos_cap = 0;
	struct scored *top, *cons;
	int cw = width_for(pr->ncand), pw = width_for(pr->npos);
	struct out o;

	for (uint32_t p = 0; p < pr->npos; p++) {
		pop[p] = uniform(&rng);
		stamp[p] = UINT32_MAX;
		cap[p] = pr->seats ? 1 : pr->capacity;
	}
	if (pr->seats)
		for (uint64_t s = pr->npos; s < pr->seats; s++)
			cap[below(&rng, pr->npos)]++;
	for (uint32_t c = 0; c < pr->ncand; c++)
		quality[c] = uniform(&rng);

	/* Candidates' lists. */
	top = xmalloc(((size_t)pr->list_max + 1) * sizeof(*top));
	cons = xmalloc(((size_t)pr->list_max * pr->consider + 1) *
		       sizeof(*cons));
	for (uint32_t c = 0; c < pr->ncand; c++) {
		uint32_t len = pr->list_min +
			below(&rng, pr->list_max - pr->list_min + 1);
		uint32_t k = len * pr->consider, n = 0;

		if (k > pr->npos)
			k = pr->npos;
		if (len > k)
			len = k;
		while (n < k) {
			uint32_t p = below(&rng, pr->npos);

			if (stamp[p] == c)
				continue;
			stamp[p] = c;
			cons[n].who = p;
			cons[n].v = 0.5 * pop[p] + 0.5 * uniform(&rng);
			n++;
		}
		/* Keep the best `len`, best first (insertion into `top`). */
		n = 0;
		for (uint32_t i = 0; i < k; i++) {
			uint32_t j;

			if (n == len && cons[i].v <= top[n - 1].v)
				continue;
			j = n < len ? n++ : n - 1;
			while (j > 0 && top[j - 1].v < cons[i].v) {
				top[j] = top[j - 1];
				j--;
			}
			top[j] = cons[i];
		}
		coff[c] = (uint32_t)ncpos;
		ALLOC_GROW(cpos, ncpos + len, cpos_cap);
		for (uint32_t i = 0; i < len; i++)
			cpos[ncpos++] = top[i].who;
	}
	coff[pr->ncand] = (uint32_t)ncpos;
	free(cons);
	free(top);

	out_open(&o, dir, "positions.csv", pr->codes);
	out_str(&o, "position,capacity\n", 18);
	for (uint32_t p = 0; p < pr->npos; p++) {
		out_id(&o, 'p', p, pw);
		out_str(&o, ",", 1);
		out_uint(&o, cap[p]);
		out_str(&o, "\n", 1);
	}
	out_close(&o);

	out_open(&o, dir, "candidate_prefs.csv", pr->codes);
	out_str(&o, "candidate,position,rank\n", 24);
	for (uint32_t c = 0; c < pr->ncand; c++)
		for (uint32_t e = coff[c]; e < coff[c + 1]; e++) {
			out_id(&o, 'c', c, cw);
			out_str(&o, ",", 1);
			out_id(&o, 'p', cpos[e], pw);
			out_str(&o, ",", 1);
			out_uint(&o, e - coff[c] + 1);
			out_str(&o, "\n", 1);
		}
	out_close(&o);

	/* Positions rank everyone who listed them. */
	poff = xcalloc((size_t)pr->npos + 1, sizeof(*poff));
	fill = xcalloc((size_t)pr->npos + 1, sizeof(*fill));
	pcand = xmalloc((ncpos + 1) * sizeof(*pcand));
	for (size_t e = 0; e < ncpos; e++)
		poff[cpos[e] + 1]++;
	for (uint32_t p = 0; p < pr->npos; p++)
		poff[p + 1] += poff[p];
	for (uint32_t c = 0; c < pr->ncand; c++)
		for (uint32_t e = coff[c]; e < coff[c + 1]; e++)
			pcand[poff[cpos[e]] + fill[cpos[e]]++] = c;
	out_open(&o, dir, "position_prefs.csv", pr->codes);
	out_str(&o, "position,candidate,rank\n", 24);
	{
		uint32_t longest = 0;
		struct scored *list;

		for (uint32_t p = 0; p < pr->npos; p++)
			if (poff[p + 1] - poff[p] > longest)
				longest = poff[p + 1] - poff[p];
		list = xmalloc(((size_t)longest + 1) * sizeof(*list));
		for (uint32_t p = 0; p < pr->npos; p++) {
			uint32_t n = poff[p + 1] - poff[p];

			for (uint32_t i = 0; i < n; i++) {
				uint32_t c = pcand[poff[p] + i];

				list[i].who = c;
				list[i].v = 0.5 * quality[c] +
					0.5 * noise(pr->seed, p, c);
			}
			qsort(list, n, sizeof(*list), by_score_desc);
			for (uint32_t i = 0; i < n; i++) {
				out_id(&o, 'p', p, pw);
				out_str(&o, ",", 1);
				out_id(&o, 'c', list[i].who, cw);
				out_str(&o, ",", 1);
				out_uint(&o, i + 1);
				out_str(&o, "\n", 1);
			}
		}
		free(list);
	}
	out_close(&o);

	printf("match_gen: %" PRIu32 " candidates, %" PRIu32 " positions, "
	       "%zu pairs\n", pr->ncand, pr->npos, ncpos);
	free(pcand);
	free(fill);
	free(poff);
	free(cpos);
	free(coff);
	free(stamp);
	free(cap);
	free(quality);
	free(pop);
}

static bool
number(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !errno && !*end;
}

static int
usage(void)
{
	fputs("usage: match_gen DIR --scale park|nrmp|province|fair "
	      "[--seed N] [--codes 1]\n"
	      "       match_gen DIR --candidates N --positions M\n"
	      "                 (--seats S | --capacity C) --list-min A "
	      "--list-max B\n"
	      "                 [--consider F] [--seed N] [--codes 1]\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct params pr = { .consider = 3, .seed = 1 };
	const char *dir = NULL;
	uint64_t v;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-') {
			dir = a;
			continue;
		}
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(a, "--scale")) {
			const char *s = argv[++i];
			bool codes = pr.codes;

			if (!strcmp(s, "park"))
				pr = (struct params){ 5000, 300, 3, 10, 3,
						      4500, 0, pr.seed };
			else if (!strcmp(s, "nrmp"))
				pr = (struct params){ 47000, 6600, 5, 15, 3,
						      43000, 0, pr.seed };
			else if (!strcmp(s, "fair"))
				pr = (struct params){ 50000, 2600, 3, 8, 3,
						      45000, 0, pr.seed };
			else if (!strcmp(s, "province"))
				pr = (struct params){ 1000000, 50000, 20, 20,
						      3, 0, 20, pr.seed };
			else
				return usage();
			pr.codes = codes;
			continue;
		}
		if (!number(argv[++i], &v) || v > UINT32_MAX - 1)
			return usage();
		if (!strcmp(a, "--candidates"))
			pr.ncand = (uint32_t)v;
		else if (!strcmp(a, "--positions"))
			pr.npos = (uint32_t)v;
		else if (!strcmp(a, "--seats"))
			pr.seats = v;
		else if (!strcmp(a, "--capacity"))
			pr.capacity = (uint32_t)v;
		else if (!strcmp(a, "--list-min"))
			pr.list_min = (uint32_t)v;
		else if (!strcmp(a, "--list-max"))
			pr.list_max = (uint32_t)v;
		else if (!strcmp(a, "--consider"))
			pr.consider = (uint32_t)v;
		else if (!strcmp(a, "--seed"))
			pr.seed = v;
		else if (!strcmp(a, "--codes"))
			pr.codes = v != 0;
		else
			return usage();
	}
	if (!dir || !pr.ncand || !pr.npos || !pr.list_max || !pr.consider ||
	    pr.list_min > pr.list_max || (pr.seats && pr.seats < pr.npos))
		return usage();
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "match_gen: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	generate(&pr, dir);
	return 0;
}
