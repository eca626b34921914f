/*
 * fuzz_match.c - libFuzzer target for the loader and the engine
 * (src/match/match_csv.c and the engine in src/match/).
 *
 * The input is split at its first two 0xff bytes (a byte no UTF-8 text
 * holds) into POSITIONS, CANDIDATE_PREFS and POSITION_PREFS. Refused input
 * must come with a reason, and the engine's refusals must be located on a
 * line. Every accepted input is matched both ways, and then:
 *  - match_verify() finds nothing wrong with either result;
 *  - every candidate does at least as well with candidates proposing as
 *    with positions proposing, and both match the same candidates and fill
 *    each position equally (rural hospitals);
 *  - cutoffs are the worst rank each full position accepted;
 *  - match_explain() never calls the result unstable;
 *  - the matching written as CSV reads back to the same assignment.
 * Inputs are at most a few kilobytes, so the work per input is small.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/xalloc.h"
#include "match/match.h"
#include "match/match_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* c's rank of p in the caller's lists; UINT32_MAX if p is MATCH_NONE. */
static uint32_t
cand_rank(const struct match_problem *mp, uint32_t c, uint32_t p)
{
	if (p == MATCH_NONE)
		return UINT32_MAX;
	for (uint32_t e = mp->cand_off[c]; e < mp->cand_off[c + 1]; e++)
		if (mp->cand_pos[e] == p)
			return mp->cand_rank[e];
	abort();	/* matched to a position it does not list */
}

static uint32_t
pos_rank(const struct match_problem *mp, uint32_t p, uint32_t c)
{
	for (uint32_t e = mp->pos_off[p]; e < mp->pos_off[p + 1]; e++)
		if (mp->pos_cand[e] == c)
			return mp->pos_rank[e];
	abort();	/* holds a candidate it does not rank */
}

static void
check_result(const struct match_csv *mc, const struct match_result *res)
{
	const struct match_problem *mp = &mc->mp;
	struct match_reason *why;
	uint32_t *count = xcalloc(mp->npos + 1, sizeof(*count));
	uint32_t *worst = xcalloc(mp->npos + 1, sizeof(*worst));

	if (match_verify(mc->m, res->assign, NULL, NULL))
		abort();
	for (uint32_t c = 0; c < mp->ncand; c++) {
		uint32_t p = res->assign[c];

		if (p == MATCH_NONE)
			continue;
		cand_rank(mp, c, p);
		count[p]++;
		if (pos_rank(mp, p, c) > worst[p])
			worst[p] = pos_rank(mp, p, c);
	}
	for (uint32_t p = 0; p < mp->npos; p++) {
		bool full = mp->capacity[p] && count[p] == mp->capacity[p];

		if (res->filled[p] != count[p] ||
		    res->cutoff[p] != (full ? worst[p] : MATCH_NONE))
			abort();
	}
	for (uint32_t c = 0; c < mc->nlisted; c++) {
		size_t n;

		why = xmalloc((match_list_len(mc->m, c) + 1) * sizeof(*why));
		n = match_explain(mc->m, res, c, why);
		for (size_t i = 0; i < n; i++)
			if (why[i].why == MATCH_WHY_UNSTABLE)
				abort();
		free(why);
	}
	free(worst);
	free(count);
}

/* Write the matching as `jianggu match` does and read it back. */
static void
round_trip(const struct match_csv *mc, const uint32_t *assign)
{
	struct match_csv_input in = { .name = "matching" };
	struct match_csv_error err;
	uint32_t *back = xmalloc((mc->mp.ncand + 1) * sizeof(*back));
	struct buf b;
	const char *s;
	size_t len;

	buf_init(&b, NULL, 0);
	buf_addstr(&b, "candidate,position\n");
	for (uint32_t c = 0; c < mc->nlisted; c++) {
		s = match_names_get(&mc->cands, c, &len);
		csv_add_field(&b, s, len, ',');
		buf_addch(&b, ',');
		if (assign[c] != MATCH_NONE) {
			s = match_names_get(&mc->positions, assign[c], &len);
			csv_add_field(&b, s, len, ',');
		}
		buf_addch(&b, '\n');
	}
	in.data = b.ptr;
	in.len = b.len;
	if (match_csv_read_matching(mc, &in, back, &err))
		abort();
	for (uint32_t c = 0; c < mc->mp.ncand; c++)
		if (back[c] != assign[c])
			abort();
	buf_release(&b);
	free(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct match_csv_input in[MATCH_CSV_NFILES] = {
		{ .name = "positions" }, { .name = "candidate_prefs" },
		{ .name = "position_prefs" },
	};
	struct match_result res[2];
	struct match_csv_error err;
	struct match_fault fault;
	struct match_csv mc;
	const uint8_t *p = data, *end = data + size;

	if (size > 8192)
		return 0;
	for (int i = 0; i < MATCH_CSV_NFILES; i++) {
		const uint8_t *sep = i < 2 ? memchr(p, 0xff, (size_t)(end - p))
					   : NULL;

		in[i].data = (const char *)p;
		in[i].len = (size_t)((sep ? sep : end) - p);
		p = sep ? sep + 1 : end;
	}

	if (match_csv_load(&mc, in, 1, &err)) {
		if (!err.msg[0])
			abort();
		goto out;
	}
	if (match_csv_prepare(&mc, size, &fault)) {
		if (match_csv_locate(&mc, in, &fault, &err) == 0 ||
		    !err.line || !err.msg[0])
			abort();
		goto out;
	}
	for (int w = 0; w < 2; w++) {
		res[w].assign = xmalloc((mc.mp.ncand + 1) * sizeof(uint32_t));
		res[w].filled = xmalloc((mc.mp.npos + 1) * sizeof(uint32_t));
		res[w].cutoff = xmalloc((mc.mp.npos + 1) * sizeof(uint32_t));
		match_run(mc.m, w ? MATCH_POSITIONS : MATCH_CANDIDATES,
			  &res[w]);
		check_result(&mc, &res[w]);
	}
	for (uint32_t c = 0; c < mc.mp.ncand; c++) {
		if (cand_rank(&mc.mp, c, res[0].assign[c]) >
		    cand_rank(&mc.mp, c, res[1].assign[c]))
			abort();
		if ((res[0].assign[c] == MATCH_NONE) !=
		    (res[1].assign[c] == MATCH_NONE))
			abort();
	}
	for (uint32_t q = 0; q < mc.mp.npos; q++)
		if (res[0].filled[q] != res[1].filled[q])
			abort();
	round_trip(&mc, res[0].assign);
	for (int w = 0; w < 2; w++) {
		free(res[w].assign);
		free(res[w].filled);
		free(res[w].cutoff);
	}
out:
	match_csv_release(&mc);
	return 0;
}
