/*
 * match_textbook.c - a plain textbook Gale-Shapley on the CSV files of
 * `jianggu match`: the baseline bench/match.sh runs beside jianggu.
 *
 *	match_textbook POSITIONS CANDIDATE_PREFS POSITION_PREFS
 *		--out FILE --report FILE
 *
 * What a straightforward implementation does, with no tricks: read lines
 * with getline() and split them at commas (no quoting: the generated files
 * need none), intern identifiers in a chained hash table, keep each
 * candidate's list in a growable array sorted by rank with qsort(), look a
 * position's rank of a candidate up in a hash table keyed by the pair, keep
 * free candidates in a FIFO queue, and let a full position scan the
 * candidates it holds for its worst. Candidates propose.
 *
 * Equal ranks are broken by candidate number (there is no lottery); the
 * generated data has no ties, so the result must equal jianggu's. Every
 * proposal counts, acceptable or not (in generated data all are).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"

/* --- identifiers ---------------------------------------------------------- */

struct node {
	char *name;
	uint32_t idx;
	struct node *next;
};

struct table {
	struct node **bucket;
	size_t nbucket;
	char **names;
	uint32_t n;
	size_t cap;
};

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static void
table_grow(struct table *t)
{
	size_t n = t->nbucket ? t->nbucket * 2 : 1024;
	struct node **b = xcalloc(n, sizeof(*b));

	for (size_t i = 0; i < t->nbucket; i++) {
		struct node *x = t->bucket[i], *next;

		for (; x; x = next) {
			size_t j = fnv1a(x->name, strlen(x->name)) & (n - 1);

			next = x->next;
			x->next = b[j];
			b[j] = x;
		}
	}
	free(t->bucket);
	t->bucket = b;
	t->nbucket = n;
}

/* The index of name, added if `add`; UINT32_MAX if absent. */
static uint32_t
table_get(struct table *t, const char *name, size_t len, int add)
{
	uint64_t h = fnv1a(name, len);
	struct node *x;

	if (t->nbucket)
		for (x = t->bucket[h & (t->nbucket - 1)]; x; x = x->next)
			if (!strncmp(x->name, name, len) && !x->name[len])
				return x->idx;
	if (!add)
		return UINT32_MAX;
	if (t->n >= t->nbucket)
		table_grow(t);
	x = xmalloc(sizeof(*x));
	x->name = xstrndup(name, len);
	x->idx = t->n;
	x->next = t->bucket[h & (t->nbucket - 1)];
	t->bucket[h & (t->nbucket - 1)] = x;
	ALLOC_GROW(t->names, (size_t)t->n + 1, t->cap);
	t->names[t->n] = x->name;
	return t->n++;
}

/* --- (position, candidate) -> rank ---------------------------------------- */

struct pair_rank {
	uint64_t key;		/* position << 32 | candidate, +1; 0 = empty */
	uint32_t rank;
};

struct pairs {
	struct pair_rank *slot;
	size_t nslot, n;
};

static size_t
pair_hash(uint64_t key, size_t mask)
{
	return (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & mask;
}

static void
pairs_put(struct pairs *t, uint32_t p, uint32_t c, uint32_t rank)
{
	uint64_t key = ((uint64_t)p << 32 | c) + 1;
	size_t i;

	if ((t->n + 1) * 2 > t->nslot) {
		struct pair_rank *old = t->slot;
		size_t nold = t->nslot;

		t->nslot = t->nslot ? t->nslot * 2 : 1024;
		t->slot = xcalloc(t->nslot, sizeof(*t->slot));
		for (size_t j = 0; j < nold; j++) {
			if (!old[j].key)
				continue;
			i = pair_hash(old[j].key, t->nslot - 1);
			while (t->slot[i].key)
				i = (i + 1) & (t->nslot - 1);
			t->slot[i] = old[j];
		}
		free(old);
	}
	i = pair_hash(key, t->nslot - 1);
	while (t->slot[i].key && t->slot[i].key != key)
		i = (i + 1) & (t->nslot - 1);
	if (!t->slot[i].key)
		t->n++;
	t->slot[i].key = key;
	t->slot[i].rank = rank;
}

/* The rank, or 0 when the position does not rank the candidate. */
static uint32_t
pairs_get(const struct pairs *t, uint32_t p, uint32_t c)
{
	uint64_t key = ((uint64_t)p << 32 | c) + 1;
	size_t i;

	if (!t->nslot)
		return 0;
	for (i = pair_hash(key, t->nslot - 1); t->slot[i].key;
	     i = (i + 1) & (t->nslot - 1))
		if (t->slot[i].key == key)
			return t->slot[i].rank;
	return 0;
}

/* --- reading -------------------------------------------------------------- */

struct choice {
	uint32_t pos, rank;
};

struct list {
	struct choice *a;
	size_t n, cap;
};

static FILE *
open_or_die(const char *path, const char *mode)
{
	FILE *fp = fopen(path, mode);

	if (!fp) {
		fprintf(stderr, "match_textbook: %s: %s\n", path,
			strerror(errno));
		exit(2);
	}
	return fp;
}

static void
skip_header(FILE *fp, char **line, size_t *cap, const char *path)
{
	if (getline(line, cap, fp) < 0) {
		fprintf(stderr, "match_textbook: %s: no header\n", path);
		exit(2);
	}
}

/* Split `line` at commas into at most 3 fields; returns how many. */
static int
split(char *line, char **field, size_t *len)
{
	int n = 0;
	char *s = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < 3) {
		char *comma = strchr(s, ',');

		field[n] = s;
		len[n] = comma ? (size_t)(comma - s) : strlen(s);
		n++;
		if (!comma)
			break;
		s = comma + 1;
	}
	return n;
}

static int
by_rank(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;

	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct table positions = { 0 }, cands = { 0 };
	struct pairs ranks = { 0 };
	struct list *lists = NULL;
	size_t nlists = 0, lists_cap = 0, cap_cap = 0, linecap = 0;
	uint32_t *capacity = NULL, *next, *held_n, *assign, **held_c,
		 **held_r, *queue;
	size_t qhead = 0, qtail = 0, qcap;
	uint64_t proposals = 0;
	const char *out = NULL, *report = NULL;
	char *line = NULL, *field[3];
	size_t len[3];
	double t0, t1, t2, t3;
	FILE *fp;

	if (argc != 8 || strcmp(argv[4], "--out") ||
	    strcmp(argv[6], "--report")) {
		fputs("usage: match_textbook POSITIONS CANDIDATE_PREFS "
		      "POSITION_PREFS --out FILE --report FILE\n", stderr);
		return 2;
	}
	out = argv[5];
	report = argv[7];

	t0 = now_ms();
	fp = open_or_die(argv[1], "r");
	skip_header(fp, &line, &linecap, argv[1]);
	while (getline(&line, &linecap, fp) > 0) {
		uint32_t p;

		if (split(line, field, len) != 2)
			continue;
		p = table_get(&positions, field[0], len[0], 1);
		ALLOC_GROW(capacity, (size_t)p + 1, cap_cap);
		capacity[p] = (uint32_t)strtoul(field[1], NULL, 10);
	}
	fclose(fp);

	fp = open_or_die(argv[2], "r");
	skip_header(fp, &line, &linecap, argv[2]);
	while (getline(&line, &linecap, fp) > 0) {
		uint32_t c, p;
		struct list *l;

		if (split(line, field, len) != 3)
			continue;
		c = table_get(&cands, field[0], len[0], 1);
		p = table_get(&positions, field[1], len[1], 0);
		if (p == UINT32_MAX)
			continue;
		if (c >= nlists) {
			ALLOC_GROW(lists, (size_t)c + 1, lists_cap);
			memset(lists + nlists, 0,
			       ((size_t)c + 1 - nlists) * sizeof(*lists));
			nlists = (size_t)c + 1;
		}
		l = &lists[c];
		ALLOC_GROW(l->a, l->n + 1, l->cap);
		l->a[l->n].pos = p;
		l->a[l->n].rank = (uint32_t)strtoul(field[2], NULL, 10);
		l->n++;
	}
	fclose(fp);
	for (size_t c = 0; c < nlists; c++)
		qsort(lists[c].a, lists[c].n, sizeof(struct choice), by_rank);

	fp = open_or_die(argv[3], "r");
	skip_header(fp, &line, &linecap, argv[3]);
	while (getline(&line, &linecap, fp) > 0) {
		uint32_t c, p;

		if (split(line, field, len) != 3)
			continue;
		p = table_get(&positions, field[0], len[0], 0);
		c = table_get(&cands, field[1], len[1], 0);
		if (p == UINT32_MAX || c == UINT32_MAX)
			continue;
		pairs_put(&ranks, p, c,
			  (uint32_t)strtoul(field[2], NULL, 10));
	}
	fclose(fp);
	free(line);
	t1 = now_ms();

	/* Gale-Shapley, candidates proposing. */
	next = xcalloc(cands.n + 1, sizeof(*next));
	assign = xmalloc((cands.n + 1) * sizeof(*assign));
	held_n = xcalloc(positions.n + 1, sizeof(*held_n));
	held_c = xcalloc(positions.n + 1, sizeof(*held_c));
	held_r = xcalloc(positions.n + 1, sizeof(*held_r));
	for (uint32_t p = 0; p < positions.n; p++) {
		held_c[p] = xmalloc(((size_t)capacity[p] + 1) * 4);
		held_r[p] = xmalloc(((size_t)capacity[p] + 1) * 4);
	}
	qcap = (size_t)cands.n + 1;
	queue = xmalloc(qcap * sizeof(*queue));
	for (uint32_t c = 0; c < cands.n; c++) {
		assign[c] = UINT32_MAX;
		queue[qtail++] = c;
	}
	while (qhead != qtail) {
		uint32_t c = queue[qhead], p, r, worst = 0;

		qhead = (qhead + 1) % qcap;
		if (c >= nlists || next[c] >= lists[c].n)
			continue;	/* list exhausted: stays unmatched */
		p = lists[c].a[next[c]++].pos;
		proposals++;
		r = pairs_get(&ranks, p, c);
		if (!r) {
			queue[qtail] = c;	/* not acceptable: try again */
			qtail = (qtail + 1) % qcap;
			continue;
		}
		if (held_n[p] < capacity[p]) {
			held_c[p][held_n[p]] = c;
			held_r[p][held_n[p]] = r;
			held_n[p]++;
			assign[c] = p;
			continue;
		}
		for (uint32_t i = 1; i < held_n[p]; i++)
			if (held_r[p][i] > held_r[p][worst] ||
			    (held_r[p][i] == held_r[p][worst] &&
			     held_c[p][i] > held_c[p][worst]))
				worst = i;
		if (held_n[p] && (r < held_r[p][worst] ||
				  (r == held_r[p][worst] &&
				   c < held_c[p][worst]))) {
			uint32_t out_c = held_c[p][worst];

			held_c[p][worst] = c;
			held_r[p][worst] = r;
			assign[c] = p;
			assign[out_c] = UINT32_MAX;
			c = out_c;
		}
		queue[qtail] = c;	/* the one rejected tries again */
		qtail = (qtail + 1) % qcap;
	}
	t2 = now_ms();

	fp = open_or_die(out, "w");
	fputs("candidate,position\n", fp);
	for (uint32_t c = 0; c < cands.n; c++)
		fprintf(fp, "%s,%s\n", cands.names[c],
			assign[c] == UINT32_MAX ? "" :
			positions.names[assign[c]]);
	if (fclose(fp)) {
		fprintf(stderr, "match_textbook: %s: write failed\n", out);
		return 1;
	}
	t3 = now_ms();

	fp = open_or_die(report, "w");
	fprintf(fp, "{\n  \"proposals\": %" PRIu64 ",\n  \"parse_ms\": %.3f,\n"
		"  \"match_ms\": %.3f,\n  \"write_ms\": %.3f\n}\n", proposals,
		t1 - t0, t2 - t1, t3 - t2);
	fclose(fp);
	return 0;
}
