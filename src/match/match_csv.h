/*
 * match_csv.h - the CSV files of `jianggu match` as a struct match_problem.
 *
 * Turns the three input files (already in memory: the caller maps or reads
 * them, this code does no I/O) into the arrays the engine takes, with the
 * identifiers interned: candidates are numbered in the order they first
 * appear in CANDIDATE_PREFS (the order of the output), then those that
 * appear only in POSITION_PREFS (who rank nothing, so never match and are
 * never printed); positions in the order of POSITIONS.
 *
 *	POSITIONS        position,capacity        capacity an integer >= 0
 *	CANDIDATE_PREFS  candidate,position,rank  ranks distinct per candidate
 *	POSITION_PREFS   position,candidate,rank  equal ranks are ties
 *	MATCHING         candidate,position       empty position: unmatched
 *
 * Every refusal is reported as FILE:LINE: reason in a struct
 * match_csv_error, the first one met: syntax (csv.h), a missing or wrong
 * header, a wrong number of fields, an empty identifier, a rank that is not
 * an integer from 1 to MATCH_RANK_MAX, a capacity that is not an integer
 * from 0 to MATCH_RANK_MAX, a position listed twice in POSITIONS, a
 * position that POSITIONS does not list, two equal ranks for one candidate,
 * a pair listed twice. The last three are found by the engine
 * (match_new()) and located by reading the file again.
 *
 *	struct match_csv mc;
 *	struct match_csv_error err;
 *	struct match_fault fault;
 *
 *	if (match_csv_load(&mc, in, 2, &err))
 *		die("%s:%zu: %s", err.file, err.line, err.msg);
 *	if (match_csv_prepare(&mc, seed, &fault)) {
 *		match_csv_locate(&mc, in, &fault, &err);
 *		die(...);
 *	}
 *	...use mc.m, match_names_get(&mc.cands, c, &len)...
 *	match_csv_release(&mc);
 */
#ifndef JG_MATCH_CSV_H
#define JG_MATCH_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "match/match.h"

/* One input file held in memory. */
struct match_csv_input {
	const char *name;	/* the path as the user gave it, for messages */
	const char *data;	/* its bytes; need not be NUL-terminated */
	size_t len;
};

/* The inputs, in the order of the command line. */
enum match_csv_file {
	MATCH_CSV_POSITIONS,
	MATCH_CSV_CAND_PREFS,
	MATCH_CSV_POS_PREFS,
	MATCH_CSV_NFILES,
};

/* Where and why input was refused. */
struct match_csv_error {
	const char *file;	/* the input's name; "" for internal errors */
	size_t line;		/* from 1; 0 when no line applies */
	char msg[256];		/* lower case, no final period */
};

/* A slot of the hash table of struct match_names (private). */
struct match_name_slot {
	uint64_t head;		/* the first 8 bytes, zero-padded */
	uint32_t idx;		/* index + 1; 0 marks an empty slot */
	uint32_t check;		/* min(length, 255) | 24 bits of hash << 8 */
};

/*
 * A set of interned identifiers, numbered from 0 in order of addition. The
 * text of identifier i is text[off[i] .. off[i + 1]) (not NUL-terminated).
 * Identifiers of up to 8 bytes are compared within their hash slot.
 */
struct match_names {
	char *text;
	size_t text_len, text_cap;
	size_t *off;		/* [n + 1] */
	size_t off_cap;
	uint32_t n;
	struct match_name_slot *slot;	/* open addressing, linear probing */
	size_t nslot;		/* a power of two, at least twice n */
};

/* Identifier i of `t` (i < t->n); its length goes to *len. */
const char *match_names_get(const struct match_names *t, uint32_t i,
			    size_t *len);

/*
 * Look up the `len` bytes at `s`: 0 and the index in *i, or ERR_NOTFOUND.
 * O(len) expected.
 */
int match_names_find(const struct match_names *t, const char *s, size_t len,
		     uint32_t *i);

struct match_csv {
	struct match_names cands;	/* see the top of this file */
	struct match_names positions;
	uint32_t nlisted;	/* candidates from CANDIDATE_PREFS: 0 .. */
	uint64_t seats;		/* sum of the capacities */
	uint64_t rows[MATCH_CSV_NFILES];	/* data rows of each input */

	/* The problem; its arrays below belong to this struct. */
	struct match_problem mp;
	uint32_t *capacity, *lottery;
	uint32_t *cand_off, *cand_pos, *cand_rank;
	uint32_t *pos_off, *pos_cand, *pos_rank;

	struct match *m;	/* after match_csv_prepare(), else NULL */
};

/*
 * Parse the three inputs into `mc` (which needs no initialisation). With
 * `threads` >= 2 the two preference files are parsed at the same time on
 * two threads. The inputs are not referenced once this returns.
 *
 * Returns 0, or ERR_INVALID with *err filled in; either way `mc` must be
 * released with match_csv_release(). Heap exhaustion aborts.
 * Time and memory O(total size of the inputs).
 */
int match_csv_load(struct match_csv *mc,
		   const struct match_csv_input in[MATCH_CSV_NFILES],
		   int threads, struct match_csv_error *err);

/*
 * Draw the lottery for `seed` and prepare the engine instance mc->m
 * (match_lottery(), match_new()). Returns 0, or ERR_INVALID when the engine
 * refuses the problem (equal ranks for one candidate, a repeated pair);
 * *fault then says what, and match_csv_locate() turns it into a message.
 */
int match_csv_prepare(struct match_csv *mc, uint64_t seed,
		      struct match_fault *fault);

/*
 * Read the inputs `mc` was loaded from again (they must hold the same
 * bytes) to find the rows behind `fault`, and describe it in *err.
 * Returns ERR_INVALID.
 */
int match_csv_locate(const struct match_csv *mc,
		     const struct match_csv_input in[MATCH_CSV_NFILES],
		     const struct match_fault *fault,
		     struct match_csv_error *err);

/*
 * Read a MATCHING file into assign[0 .. mp.ncand): each candidate's position
 * or MATCH_NONE (also for candidates the file leaves out). Candidates must
 * come from CANDIDATE_PREFS, each at most once; positions from POSITIONS.
 * Returns 0, or ERR_INVALID with *err filled in.
 */
int match_csv_read_matching(const struct match_csv *mc,
			    const struct match_csv_input *in,
			    uint32_t *assign, struct match_csv_error *err);

/* Free everything `mc` holds (it may be half loaded) and clear it. */
void match_csv_release(struct match_csv *mc);

#endif
