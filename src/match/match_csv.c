/*
 * match_csv.c - from the CSV files of `jianggu match` to a match_problem
 * (see match_csv.h).
 *
 * A preference file is read once, row by row, into three arrays (left
 * index, right index, rank), then counting-sorted into compressed rows.
 * Identifiers are interned in hash tables; consecutive rows usually repeat
 * the identifier in the first column, so each column remembers its last
 * identifier and skips the lookup when it comes again.
 *
 * The two preference files are independent: CANDIDATE_PREFS adds
 * candidates to the final table, POSITION_PREFS to a table of its own that
 * is merged afterwards, so both can be parsed at once on two threads.
 */
#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "match/big.h"
#include "match/match_csv.h"

/* --- interned identifiers ---------------------------------------------- */

/*
 * The first 8 bytes of an identifier s[0 .. len), zero-padded, as a
 * little-endian number. Reading may go up to `end` (past the identifier,
 * never past the buffer), which on little-endian machines turns the short
 * case into one load and a mask.
 */
static uint64_t
head_of(const char *s, size_t len, const char *end)
{
	uint64_t w = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len >= 8 || end - s >= 8) {
		memcpy(&w, s, 8);
		return len >= 8 ? w : w & ((UINT64_C(1) << (8 * len)) - 1);
	}
#else
	(void)end;
#endif
	for (size_t i = 0; i < len && i < 8; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return w;
}

/* A hash of s[0 .. len), whose head_of() is `head`. */
static uint64_t
name_hash(const char *p, size_t len, uint64_t head)
{
	uint64_t h = (uint64_t)len * UINT64_C(0x9e3779b97f4a7c15), w;

	h ^= head;
	for (size_t i = 8; i < len; i += 8) {
		h *= UINT64_C(0xff51afd7ed558ccd);
		h ^= h >> 29;
		w = 0;
		memcpy(&w, p + i, len - i < 8 ? len - i : 8);
		h ^= w;
	}
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 32;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 29;
	return h;
}

const char *
match_names_get(const struct match_names *t, uint32_t i, size_t *len)
{
	*len = t->off[i + 1] - t->off[i];
	return t->text + t->off[i];
}

/* The check word of a slot: the length and 24 bits of the hash. */
static uint32_t
check_of(size_t len, uint64_t h)
{
	return (uint32_t)(len < 255 ? len : 255) | (uint32_t)(h >> 40) << 8;
}

/* The index of s[0 .. len) (hash h, head `head`), or MATCH_NONE. */
static uint32_t
names_lookup(const struct match_names *t, const char *s, size_t len,
	     uint64_t h, uint64_t head)
{
	size_t mask = t->nslot - 1, i;
	uint32_t check = check_of(len, h);

	if (!t->nslot)
		return MATCH_NONE;
	for (i = h & mask; t->slot[i].idx; i = (i + 1) & mask) {
		const struct match_name_slot *x = &t->slot[i];
		uint32_t idx = x->idx - 1;

		if (x->head != head || x->check != check)
			continue;
		if (len <= 8 || (t->off[idx + 1] - t->off[idx] == len &&
				 !memcmp(t->text + t->off[idx] + 8, s + 8,
					 len - 8)))
			return idx;
	}
	return MATCH_NONE;
}

int
match_names_find(const struct match_names *t, const char *s, size_t len,
		 uint32_t *i)
{
	uint64_t head = head_of(s, len, s + len);

	*i = names_lookup(t, s, len, name_hash(s, len, head), head);
	return *i == MATCH_NONE ? ERR_NOTFOUND : 0;
}

/* Put identifier idx (hash h) in a free slot. */
static void
names_place(struct match_names *t, uint64_t h, uint32_t idx)
{
	const char *s = t->text + t->off[idx];
	size_t len = t->off[idx + 1] - t->off[idx], mask = t->nslot - 1, i;

	for (i = h & mask; t->slot[i].idx; i = (i + 1) & mask)
		;
	t->slot[i].head = head_of(s, len, s + len);
	t->slot[i].check = check_of(len, h);
	t->slot[i].idx = idx + 1;
}

/* Make room for `want` identifiers at most half full; rehash all. */
static void
names_reserve(struct match_names *t, size_t want)
{
	size_t n = t->nslot ? t->nslot : 1024;

	while (n < want * 2)
		n *= 2;
	if (n == t->nslot)
		return;
	free(t->slot);
	t->slot = big_calloc(n, sizeof(*t->slot));
	t->nslot = n;
	for (uint32_t i = 0; i < t->n; i++) {
		const char *s = t->text + t->off[i];
		size_t len = t->off[i + 1] - t->off[i];

		names_place(t, name_hash(s, len, head_of(s, len, s + len)), i);
	}
}

/* Add s[0 .. len), which is not in t, with hash h; returns its index. */
static uint32_t
names_add(struct match_names *t, const char *s, size_t len, uint64_t h)
{
	uint32_t idx = t->n;

	if (((size_t)t->n + 1) * 2 > t->nslot)
		names_reserve(t, (size_t)t->n + 1);
	if (t->text_cap - t->text_len < len) {
		size_t cap = t->text_cap ? t->text_cap : 4096;

		while (cap - t->text_len < len)
			cap *= 2;
		t->text = xrealloc(t->text, cap);
		t->text_cap = cap;
	}
	memcpy(t->text + t->text_len, s, len);
	t->text_len += len;
	ALLOC_GROW(t->off, (size_t)t->n + 2, t->off_cap);
	t->off[idx] = t->text_len - len;
	t->off[idx + 1] = t->text_len;
	t->n++;
	names_place(t, h, idx);
	return idx;
}

static void
names_release(struct match_names *t)
{
	free(t->text);
	free(t->off);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* --- messages ----------------------------------------------------------- */

static int
refuse(struct match_csv_error *err, const char *file, size_t line,
       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
refuse(struct match_csv_error *err, const char *file, size_t line,
       const char *fmt, ...)
{
	va_list ap;

	err->file = file;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return ERR_INVALID;
}

/*
 * An identifier fit for a message: at most 60 bytes, cut before a character
 * that would not fit whole ("..." added), control characters shown as '?'.
 * `s` is valid UTF-8 (the CSV reader checked it).
 */
static const char *
shown(char out[72], const char *s, size_t len)
{
	size_t n = 0;

	while (n < len) {
		unsigned char c = (unsigned char)s[n];
		size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

		if (n + k > 60 || n + k > len)
			break;
		for (size_t i = 0; i < k; i++) {
			c = (unsigned char)s[n + i];
			out[n + i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
		n += k;
	}
	if (n < len)
		memcpy(out + n, "...", 4);
	else
		out[n] = '\0';
	return out;
}

/* --- fields --------------------------------------------------------------- */

/* Parse decimal digits only into *v, at most `max`. */
static bool
parse_uint(const char *s, size_t len, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(s[i] - '0');
		if (x > max)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

static bool
field_is(const struct csv_field *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->p, s, f->len);
}

static bool
same_text(const struct csv_field *f, const char *s, size_t len)
{
	return f->len == len && !memcmp(f->p, s, len);
}

/*
 * Read the header of `r`, which must be the `n` names in `want`. Returns 0,
 * or ERR_INVALID with *err filled in.
 */
static int
read_header(struct csv *r, const struct match_csv_input *in,
	    const char *const *want, size_t n, struct match_csv_error *err)
{
	char expected[64];
	size_t used = 0;
	bool ok;

	expected[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(expected); i++)
		used += (size_t)snprintf(expected + used,
					 sizeof(expected) - used, "%s%s",
					 i ? "," : "", want[i]);
	if (!csv_next(r)) {
		if (csv_error(r))
			return refuse(err, in->name, csv_errline(r), "%s",
				      csv_errmsg(r));
		return refuse(err, in->name, 1, "missing header (expected %s)",
			      expected);
	}
	ok = r->nfield == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = field_is(&r->field[i], want[i]);
	if (!ok)
		return refuse(err, in->name, r->line,
			      "wrong header (expected %s)", expected);
	return 0;
}

/* --- POSITIONS ------------------------------------------------------------ */

static int
load_positions(struct match_csv *mc, const struct match_csv_input *in,
	       struct match_csv_error *err)
{
	static const char *const header[] = { "position", "capacity" };
	size_t cap = 0, line_cap = 0, *lines = NULL;
	char a[72];
	struct csv r;
	int rc;

	csv_init(&r, in->data, in->len, ',', CSV_SKIP_BLANK);
	rc = read_header(&r, in, header, 2, err);
	while (!rc && csv_next(&r)) {
		const struct csv_field *f = r.field;
		uint64_t h, head;
		uint32_t idx, capacity;

		if (r.nfield != 2) {
			rc = refuse(err, in->name, r.line,
				    "expected 2 fields, found %zu", r.nfield);
			break;
		}
		if (!f[0].len) {
			rc = refuse(err, in->name, r.line, "empty position");
			break;
		}
		if (!parse_uint(f[1].p, f[1].len, MATCH_RANK_MAX, &capacity)) {
			rc = refuse(err, in->name, r.line,
				    "capacity \"%s\" is not an integer >= 0",
				    shown(a, f[1].p, f[1].len));
			break;
		}
		head = head_of(f[0].p, f[0].len, f[0].p + f[0].len);
		h = name_hash(f[0].p, f[0].len, head);
		idx = names_lookup(&mc->positions, f[0].p, f[0].len, h, head);
		if (idx != MATCH_NONE) {
			rc = refuse(err, in->name, r.line,
				    "position \"%s\" is listed twice (first "
				    "on line %zu)", shown(a, f[0].p, f[0].len),
				    lines[idx]);
			break;
		}
		if (mc->positions.n == MATCH_MAX) {
			rc = refuse(err, in->name, r.line,
				    "too many positions");
			break;
		}
		idx = names_add(&mc->positions, f[0].p, f[0].len, h);
		ALLOC_GROW(mc->capacity, (size_t)idx + 1, cap);
		ALLOC_GROW(lines, (size_t)idx + 1, line_cap);
		mc->capacity[idx] = capacity;
		lines[idx] = r.line;
		mc->seats += capacity;
		mc->rows[MATCH_CSV_POSITIONS]++;
	}
	if (!rc && csv_error(&r))
		rc = refuse(err, in->name, csv_errline(&r), "%s",
			    csv_errmsg(&r));
	free(lines);
	csv_release(&r);
	return rc;
}

/* --- preference files ----------------------------------------------------- */

struct rows {
	uint32_t *left, *right, *rank;
	size_t n, cap;
	bool grouped;		/* left indices never decrease */
};

/*
 * One preference file: `left` is the first column's table, `right` the
 * second's; a table with `adds` set takes new identifiers, the other must
 * already hold them (they are positions, listed in POSITIONS).
 */
struct prefs_job {
	const struct match_csv_input *in;
	const char *positions_name;	/* for "not in POSITIONS" */
	const char *header[3];
	struct match_names *left, *right;
	bool left_adds, right_adds;
	struct rows rows;
	struct match_csv_error err;
	int rc;
};

/*
 * Rows are read in batches: a batch's identifiers are hashed and their hash
 * slots prefetched before any is looked up, so that the cache misses of a
 * batch overlap instead of following one another (the tables of a province
 * do not fit in cache).
 */
#define BATCH 32

/* A row read but not resolved yet. */
struct pending {
	struct csv_field f[2];	/* the two identifiers */
	uint64_t h[2];		/* their hashes */
	uint64_t head[2];	/* their first 8 bytes */
	bool same[2];		/* the same text as in the row before */
	uint32_t rank;
	size_t line;
};

/* Intern or look up one identifier; MATCH_NONE with job->rc set. */
static uint32_t
column(struct prefs_job *job, const struct csv_field *f, uint64_t h,
       uint64_t head, size_t line, struct match_names *t, bool adds,
       const char *what)
{
	uint32_t idx;
	char a[72];

	idx = names_lookup(t, f->p, f->len, h, head);
	if (idx != MATCH_NONE)
		return idx;
	if (!adds) {
		job->rc = refuse(&job->err, job->in->name, line,
				 "%s \"%s\" is not in %s", what,
				 shown(a, f->p, f->len), job->positions_name);
		return MATCH_NONE;
	}
	if (t->n == MATCH_MAX) {
		job->rc = refuse(&job->err, job->in->name, line,
				 "too many %ss", what);
		return MATCH_NONE;
	}
	return names_add(t, f->p, f->len, h);
}

/* Look up the rows of a batch in order and append them to job->rows. */
static void
resolve(struct prefs_job *job, const struct pending *b, int n,
	uint32_t prev_idx[2])
{
	struct match_names *tab[2] = { job->left, job->right };
	bool adds[2] = { job->left_adds, job->right_adds };
	struct rows *rows = &job->rows;

	for (int k = 0; k < n && !job->rc; k++) {
		uint32_t idx[2];

		for (int i = 0; i < 2 && !job->rc; i++)
			idx[i] = b[k].same[i] ? prev_idx[i] :
				column(job, &b[k].f[i], b[k].h[i],
				       b[k].head[i], b[k].line, tab[i],
				       adds[i], job->header[i]);
		if (job->rc)
			break;
		prev_idx[0] = idx[0];
		prev_idx[1] = idx[1];
		assert(rows->n < rows->cap);
		if (rows->n && idx[0] < rows->left[rows->n - 1])
			rows->grouped = false;
		rows->left[rows->n] = idx[0];
		rows->right[rows->n] = idx[1];
		rows->rank[rows->n] = b[k].rank;
		rows->n++;
	}
}

static bool
in_input(const struct match_csv_input *in, const char *p)
{
	return (uintptr_t)p >= (uintptr_t)in->data &&
	       (uintptr_t)p < (uintptr_t)in->data + in->len;
}

static void *
parse_prefs(void *arg)
{
	struct prefs_job *job = arg;
	const struct match_csv_input *in = job->in;
	struct rows *rows = &job->rows;
	struct match_names *tab[2] = { job->left, job->right };
	struct pending batch[BATCH];
	struct csv_field last[2] = { { NULL, 0 }, { NULL, 0 } };
	uint64_t last_head[2] = { 0, 0 };
	uint32_t prev_idx[2] = { MATCH_NONE, MATCH_NONE };
	struct match_csv_error late;	/* a row's own fault, after the batch */
	const char *in_end = in->data + in->len;
	int n = 0, late_rc = 0;
	char a[72];
	struct csv r;

	/*
	 * A data row takes at least 5 bytes ("a,b,1") plus a line end, so
	 * len / 5 + 1 rows is a bound: the arrays are allocated once, and the
	 * pages never written are never backed by memory.
	 */
	rows->cap = in->len / 5 + 1;
	rows->left = big_alloc(rows->cap, sizeof(uint32_t));
	rows->right = big_alloc(rows->cap, sizeof(uint32_t));
	rows->rank = big_alloc(rows->cap, sizeof(uint32_t));
	rows->grouped = true;
	csv_init(&r, in->data, in->len, ',', CSV_SKIP_BLANK);
	job->rc = read_header(&r, in, job->header, 3, &job->err);
	while (!job->rc && !late_rc && csv_next(&r)) {
		struct pending *b = &batch[n];
		bool flush = false;

		if (r.nfield != 3) {
			late_rc = refuse(&late, in->name, r.line,
					 "expected 3 fields, found %zu",
					 r.nfield);
			break;
		}
		if (!parse_uint(r.field[2].p, r.field[2].len, MATCH_RANK_MAX,
				&b->rank) || b->rank == 0) {
			late_rc = refuse(&late, in->name, r.line, "rank \"%s\" "
					 "is not a positive integer",
					 shown(a, r.field[2].p,
					       r.field[2].len));
			break;
		}
		if (rows->n + (size_t)n >= MATCH_MAX) {
			late_rc = refuse(&late, in->name, r.line,
					 "too many rows");
			break;
		}
		b->line = r.line;
		for (int i = 0; i < 2 && !late_rc; i++) {
			const struct csv_field *f = &r.field[i];
			size_t mask = tab[i]->nslot ? tab[i]->nslot - 1 : 0;

			if (!f->len) {
				late_rc = refuse(&late, in->name, r.line,
						 "empty %s", job->header[i]);
				break;
			}
			b->f[i] = *f;
			b->head[i] = head_of(f->p, f->len,
					     in_input(in, f->p) ? in_end :
					     f->p + f->len);
			b->same[i] = last[i].p && f->len == last[i].len &&
				     b->head[i] == last_head[i] &&
				     (f->len <= 8 || !memcmp(f->p + 8,
							     last[i].p + 8,
							     f->len - 8));
			last_head[i] = b->head[i];
			if (!b->same[i]) {
				b->h[i] = name_hash(f->p, f->len, b->head[i]);
				if (tab[i]->slot)
					__builtin_prefetch(
						&tab[i]->slot[b->h[i] & mask]);
			}
			/* Fields with "" live in the reader until next row. */
			last[i] = *f;
			if (!in_input(in, f->p)) {
				last[i].p = NULL;
				flush = true;
			}
		}
		if (late_rc)
			break;
		if (++n == BATCH || flush) {
			resolve(job, batch, n, prev_idx);
			n = 0;
		}
	}
	resolve(job, batch, n, prev_idx);
	rows->left = xreallocarray(rows->left, rows->n + 1, sizeof(uint32_t));
	rows->right = xreallocarray(rows->right, rows->n + 1,
				    sizeof(uint32_t));
	rows->rank = xreallocarray(rows->rank, rows->n + 1, sizeof(uint32_t));
	if (!job->rc && late_rc) {
		job->rc = late_rc;
		job->err = late;
	}
	if (!job->rc && csv_error(&r))
		job->rc = refuse(&job->err, in->name, csv_errline(&r), "%s",
				 csv_errmsg(&r));
	csv_release(&r);
	return NULL;
}

static void
rows_release(struct rows *rows)
{
	free(rows->left);
	free(rows->right);
	free(rows->rank);
	memset(rows, 0, sizeof(*rows));
}

/*
 * Counting sort of rows by their left index (n lists) into compressed rows:
 * off[n + 1], other[], rank[]. Stable: a list keeps the file's order. When
 * the rows are grouped already (the usual export), their arrays are taken
 * over as they are.
 */
static void
to_lists(struct rows *rows, uint32_t n, uint32_t **off_out,
	 uint32_t **other_out, uint32_t **rank_out)
{
	uint32_t *off = xcalloc((size_t)n + 2, sizeof(*off));
	uint32_t *other, *rank;

	for (size_t i = 0; i < rows->n; i++)
		off[rows->left[i] + 2]++;
	for (uint32_t i = 0; i < n; i++)
		off[i + 2] += off[i + 1];
	if (rows->grouped) {
		other = rows->right;
		rank = rows->rank;
		rows->right = NULL;
		rows->rank = NULL;
		memmove(off, off + 1, ((size_t)n + 1) * sizeof(*off));
	} else {
		other = big_alloc(rows->n + 1, sizeof(*other));
		rank = big_alloc(rows->n + 1, sizeof(*rank));
		/* off[l + 1] is where list l starts; it walks to its end. */
		for (size_t i = 0; i < rows->n; i++) {
			uint32_t at = off[rows->left[i] + 1]++;

			other[at] = rows->right[i];
			rank[at] = rows->rank[i];
		}
	}
	*off_out = off;
	*other_out = other;
	*rank_out = rank;
}

int
match_csv_load(struct match_csv *mc,
	       const struct match_csv_input in[MATCH_CSV_NFILES],
	       int threads, struct match_csv_error *err)
{
	struct match_names local = { 0 };
	struct prefs_job cj = {
		.in = &in[MATCH_CSV_CAND_PREFS],
		.positions_name = in[MATCH_CSV_POSITIONS].name,
		.header = { "candidate", "position", "rank" },
		.left = &mc->cands, .left_adds = true,
		.right = &mc->positions,
	};
	struct prefs_job pj = {
		.in = &in[MATCH_CSV_POS_PREFS],
		.positions_name = in[MATCH_CSV_POSITIONS].name,
		.header = { "position", "candidate", "rank" },
		.left = &mc->positions,
		.right = &local, .right_adds = true,
	};
	uint32_t *map = NULL;
	pthread_t thread;
	bool joined = true;
	int rc;

	memset(mc, 0, sizeof(*mc));
	rc = load_positions(mc, &in[MATCH_CSV_POSITIONS], err);
	if (rc)
		return rc;

	if (threads >= 2 && !pthread_create(&thread, NULL, parse_prefs, &pj))
		joined = false;
	parse_prefs(&cj);
	if (!joined)
		pthread_join(thread, NULL);
	else
		parse_prefs(&pj);
	if (cj.rc || pj.rc) {
		*err = cj.rc ? cj.err : pj.err;
		rc = ERR_INVALID;
		goto out_release_rows;
	}

	/* Merge POSITION_PREFS' candidates: new ones go after the listed. */
	mc->nlisted = mc->cands.n;
	map = xmalloc(((size_t)local.n + 1) * sizeof(*map));
	for (uint32_t i = 0; i < local.n; i++) {
		size_t len;
		const char *s = match_names_get(&local, i, &len);
		uint64_t head = head_of(s, len, s + len);
		uint64_t h = name_hash(s, len, head);

		map[i] = names_lookup(&mc->cands, s, len, h, head);
		if (map[i] == MATCH_NONE) {
			if (mc->cands.n == MATCH_MAX) {
				rc = refuse(err, in[MATCH_CSV_POS_PREFS].name,
					    0, "too many candidates");
				goto out_free_map;
			}
			map[i] = names_add(&mc->cands, s, len, h);
		}
	}
	for (size_t i = 0; i < pj.rows.n; i++)
		pj.rows.right[i] = map[pj.rows.right[i]];
	mc->rows[MATCH_CSV_CAND_PREFS] = cj.rows.n;
	mc->rows[MATCH_CSV_POS_PREFS] = pj.rows.n;

	to_lists(&cj.rows, mc->cands.n, &mc->cand_off, &mc->cand_pos,
		 &mc->cand_rank);
	rows_release(&cj.rows);
	to_lists(&pj.rows, mc->positions.n, &mc->pos_off, &mc->pos_cand,
		 &mc->pos_rank);
	if (!mc->capacity)
		mc->capacity = xcalloc(1, sizeof(*mc->capacity));
	mc->lottery = xcalloc((size_t)mc->cands.n + 1, sizeof(*mc->lottery));
	mc->mp = (struct match_problem){
		.ncand = mc->cands.n,
		.npos = mc->positions.n,
		.capacity = mc->capacity,
		.lottery = mc->lottery,
		.cand_off = mc->cand_off,
		.cand_pos = mc->cand_pos,
		.cand_rank = mc->cand_rank,
		.pos_off = mc->pos_off,
		.pos_cand = mc->pos_cand,
		.pos_rank = mc->pos_rank,
	};

out_free_map:
	free(map);
out_release_rows:
	rows_release(&pj.rows);
	rows_release(&cj.rows);
	names_release(&local);
	return rc;
}

/* --- locating what the engine refused ------------------------------------- */

/*
 * Find the first two rows of `in` (a preference file) whose first two
 * columns are `a` and `b` and, when rank is not 0, whose rank is `rank`.
 * With rank set, `b` is ignored. Stores their lines (0 if not found).
 */
static void
find_rows(const struct match_csv_input *in, const char *a, size_t alen,
	  const char *b, size_t blen, uint32_t rank, size_t line[2])
{
	size_t found = 0;
	struct csv r;

	line[0] = line[1] = 0;
	csv_init(&r, in->data, in->len, ',', CSV_SKIP_BLANK);
	if (csv_next(&r)) {
		while (found < 2 && csv_next(&r)) {
			uint32_t v;

			if (r.nfield != 3 || !same_text(&r.field[0], a, alen))
				continue;
			if (rank) {
				if (!parse_uint(r.field[2].p, r.field[2].len,
						MATCH_RANK_MAX, &v) ||
				    v != rank)
					continue;
			} else if (!same_text(&r.field[1], b, blen)) {
				continue;
			}
			line[found++] = r.line;
		}
	}
	csv_release(&r);
}

int
match_csv_locate(const struct match_csv *mc,
		 const struct match_csv_input in[MATCH_CSV_NFILES],
		 const struct match_fault *f, struct match_csv_error *err)
{
	const struct match_csv_input *cp = &in[MATCH_CSV_CAND_PREFS];
	const struct match_csv_input *pp = &in[MATCH_CSV_POS_PREFS];
	const char *cs = NULL, *ps = NULL;
	size_t clen = 0, plen = 0, line[2];
	char a[72], b[72];

	if (f->cand != MATCH_NONE && f->cand < mc->cands.n)
		cs = match_names_get(&mc->cands, f->cand, &clen);
	if (f->pos != MATCH_NONE && f->pos < mc->positions.n)
		ps = match_names_get(&mc->positions, f->pos, &plen);
	switch (f->kind) {
	case MATCH_FAULT_CAND_TIE:
		find_rows(cp, cs, clen, NULL, 0, f->rank, line);
		return refuse(err, cp->name, line[1],
			      "candidate \"%s\" gives rank %u to two positions "
			      "(also on line %zu)", shown(a, cs, clen),
			      f->rank, line[0]);
	case MATCH_FAULT_CAND_DUP:
		find_rows(cp, cs, clen, ps, plen, 0, line);
		return refuse(err, cp->name, line[1],
			      "candidate \"%s\" lists position \"%s\" twice "
			      "(first on line %zu)", shown(a, cs, clen),
			      shown(b, ps, plen), line[0]);
	case MATCH_FAULT_POS_DUP:
		find_rows(pp, ps, plen, cs, clen, 0, line);
		return refuse(err, pp->name, line[1],
			      "position \"%s\" lists candidate \"%s\" twice "
			      "(first on line %zu)", shown(a, ps, plen),
			      shown(b, cs, clen), line[0]);
	default:
		return refuse(err, "", 0, "internal error: the engine refused "
			      "the problem (fault %d)", (int)f->kind);
	}
}

int
match_csv_prepare(struct match_csv *mc, uint64_t seed,
		  struct match_fault *fault)
{
	uint32_t n = mc->cands.n;
	const char **id = xmalloc(((size_t)n + 1) * sizeof(*id));
	size_t *len = xmalloc(((size_t)n + 1) * sizeof(*len));

	for (uint32_t c = 0; c < n; c++)
		id[c] = match_names_get(&mc->cands, c, &len[c]);
	match_lottery(seed, n, id, len, mc->lottery);
	free(len);
	free(id);

	match_free(mc->m);
	return match_new(&mc->m, &mc->mp, fault);
}

/* --- MATCHING ------------------------------------------------------------- */

int
match_csv_read_matching(const struct match_csv *mc,
			const struct match_csv_input *in, uint32_t *assign,
			struct match_csv_error *err)
{
	static const char *const header[] = { "candidate", "position" };
	size_t *seen = xcalloc((size_t)mc->nlisted + 1, sizeof(*seen));
	char a[72];
	struct csv r;
	int rc;

	for (uint32_t c = 0; c < mc->mp.ncand; c++)
		assign[c] = MATCH_NONE;
	csv_init(&r, in->data, in->len, ',', CSV_SKIP_BLANK);
	rc = read_header(&r, in, header, 2, err);
	while (!rc && csv_next(&r)) {
		const struct csv_field *f = r.field;
		uint32_t c, p = MATCH_NONE;

		if (r.nfield != 2) {
			rc = refuse(err, in->name, r.line,
				    "expected 2 fields, found %zu", r.nfield);
			break;
		}
		if (match_names_find(&mc->cands, f[0].p, f[0].len, &c) ||
		    c >= mc->nlisted) {
			rc = refuse(err, in->name, r.line,
				    "candidate \"%s\" is not in the candidate "
				    "preferences", shown(a, f[0].p, f[0].len));
			break;
		}
		if (seen[c]) {
			rc = refuse(err, in->name, r.line,
				    "candidate \"%s\" appears twice (first on "
				    "line %zu)", shown(a, f[0].p, f[0].len),
				    seen[c]);
			break;
		}
		seen[c] = r.line;
		if (f[1].len &&
		    match_names_find(&mc->positions, f[1].p, f[1].len, &p)) {
			rc = refuse(err, in->name, r.line,
				    "position \"%s\" is not in the positions",
				    shown(a, f[1].p, f[1].len));
			break;
		}
		assign[c] = p;
	}
	if (!rc && csv_error(&r))
		rc = refuse(err, in->name, csv_errline(&r), "%s",
			    csv_errmsg(&r));
	csv_release(&r);
	free(seen);
	return rc;
}

void
match_csv_release(struct match_csv *mc)
{
	match_free(mc->m);
	names_release(&mc->cands);
	names_release(&mc->positions);
	free(mc->capacity);
	free(mc->lottery);
	free(mc->cand_off);
	free(mc->cand_pos);
	free(mc->cand_rank);
	free(mc->pos_off);
	free(mc->pos_cand);
	free(mc->pos_rank);
	memset(mc, 0, sizeof(*mc));
}
