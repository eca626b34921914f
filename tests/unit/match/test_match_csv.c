/*
 * test_match_csv.c - the CSV files of `jianggu match`: every way input is
 * refused (file, line, reason), what is accepted (BOM, quoting, Chinese
 * identifiers, candidates only positions rank), and that shuffling the rows
 * of the three files changes no one's assignment while the same seed gives
 * the same result.
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

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "match/match.h"
#include "match/match_csv.h"

static const char *names[] = { "pos.csv", "cand.csv", "posprefs.csv" };

static void
inputs(struct match_csv_input in[MATCH_CSV_NFILES], const char *pos,
       const char *cand, const char *pprefs)
{
	const char *text[] = { pos, cand, pprefs };

	for (int i = 0; i < MATCH_CSV_NFILES; i++) {
		in[i].name = names[i];
		in[i].data = text[i];
		in[i].len = strlen(text[i]);
	}
}

/* Load and prepare; 0 or the error (in *err). */
static int
load(struct match_csv *mc, const char *pos, const char *cand,
     const char *pprefs, int threads, struct match_csv_error *err)
{
	struct match_csv_input in[MATCH_CSV_NFILES];
	struct match_fault fault;
	int rc;

	inputs(in, pos, cand, pprefs);
	memset(err, 0, sizeof(*err));
	rc = match_csv_load(mc, in, threads, err);
	if (rc)
		return rc;
	rc = match_csv_prepare(mc, 0, &fault);
	if (rc)
		match_csv_locate(mc, in, &fault, err);
	return rc;
}

#define POS "position,capacity\nP1,1\nP2,2\n"
#define CAND "candidate,position,rank\nA,P1,1\nA,P2,2\nB,P2,1\n"
#define PP "position,candidate,rank\nP1,A,1\nP2,B,1\nP2,A,2\n"

/* The three files with one replaced; the refusal must be file:line: msg. */
static void
refused(const char *pos, const char *cand, const char *pprefs,
	const char *file, size_t line, const char *msg)
{
	struct match_csv_error err;
	struct match_csv mc;

	for (int threads = 1; threads <= 2; threads++) {
		assert_int_equal(load(&mc, pos, cand, pprefs, threads, &err),
				 ERR_INVALID);
		assert_string_equal(err.file, file);
		assert_int_equal(err.line, line);
		assert_string_equal(err.msg, msg);
		match_csv_release(&mc);
	}
}

static void
test_headers(void **state)
{
	(void)state;
	refused("", CAND, PP, "pos.csv", 1,
		"missing header (expected position,capacity)");
	refused("\n\n", CAND, PP, "pos.csv", 1,
		"missing header (expected position,capacity)");
	refused("position,seats\nP1,1\n", CAND, PP, "pos.csv", 1,
		"wrong header (expected position,capacity)");
	refused(POS, "candidate,position\n", PP, "cand.csv", 1,
		"wrong header (expected candidate,position,rank)");
	refused(POS, CAND, "position,candidate,rank,x\n", "posprefs.csv", 1,
		"wrong header (expected position,candidate,rank)");
	refused(POS, CAND, "", "posprefs.csv", 1,
		"missing header (expected position,candidate,rank)");
	/* The columns in another order are a wrong header too. */
	refused(POS, "position,candidate,rank\n", PP, "cand.csv", 1,
		"wrong header (expected candidate,position,rank)");
}

static void
test_fields(void **state)
{
	(void)state;
	refused("position,capacity\nP1\n", CAND, PP, "pos.csv", 2,
		"expected 2 fields, found 1");
	refused(POS, CAND "C,P1\n", PP, "cand.csv", 5,
		"expected 3 fields, found 2");
	refused(POS, CAND, PP "P1,A,1,9\n", "posprefs.csv", 5,
		"expected 3 fields, found 4");
	refused("position,capacity\n,1\n", CAND, PP, "pos.csv", 2,
		"empty position");
	refused(POS, CAND ",P1,3\n", PP, "cand.csv", 5, "empty candidate");
	refused(POS, CAND, PP "P1,,3\n", "posprefs.csv", 5,
		"empty candidate");
}

static void
test_numbers(void **state)
{
	static const char *bad_ranks[] = {
		"0", "-1", "1.5", "abc", "", " 1", "+1", "2147483648",
		"99999999999999999999",
	};
	static const char *bad_caps[] = {
		"-1", "x", "", "1e3", "2147483648", "3 ",
	};
	char cand[256], pos[256], msg[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_ranks) / sizeof(*bad_ranks); i++) {
		snprintf(cand, sizeof(cand), CAND "C,P1,%s\n", bad_ranks[i]);
		snprintf(msg, sizeof(msg),
			 "rank \"%s\" is not a positive integer",
			 bad_ranks[i]);
		refused(POS, cand, PP, "cand.csv", 5, msg);
		snprintf(cand, sizeof(cand), PP "P1,C,%s\n", bad_ranks[i]);
		refused(POS, CAND, cand, "posprefs.csv", 5, msg);
	}
	for (size_t i = 0; i < sizeof(bad_caps) / sizeof(*bad_caps); i++) {
		snprintf(pos, sizeof(pos), POS "P3,%s\n", bad_caps[i]);
		snprintf(msg, sizeof(msg),
			 "capacity \"%s\" is not an integer >= 0",
			 bad_caps[i]);
		refused(pos, CAND, PP, "pos.csv", 4, msg);
	}
}

static void
test_unknown_and_repeated(void **state)
{
	(void)state;
	refused(POS "P1,4\n", CAND, PP, "pos.csv", 4,
		"position \"P1\" is listed twice (first on line 2)");
	refused(POS, CAND "C,P9,1\n", PP, "cand.csv", 5,
		"position \"P9\" is not in pos.csv");
	refused(POS, CAND, PP "P9,A,1\n", "posprefs.csv", 5,
		"position \"P9\" is not in pos.csv");
	/* Found by the engine, located by reading again. */
	refused(POS, CAND "C,P1,4\nB,P1,1\n", PP, "cand.csv", 6,
		"candidate \"B\" gives rank 1 to two positions "
		"(also on line 4)");
	refused(POS, CAND "C,P1,4\nA,P1,3\n", PP, "cand.csv", 6,
		"candidate \"A\" lists position \"P1\" twice "
		"(first on line 2)");
	refused(POS, CAND, PP "P2,B,7\n", "posprefs.csv", 5,
		"position \"P2\" lists candidate \"B\" twice "
		"(first on line 3)");
	/* A repeat among candidates who rank nothing is refused too. */
	refused(POS, CAND, PP "P2,Z,7\nP2,Z,8\n", "posprefs.csv", 6,
		"position \"P2\" lists candidate \"Z\" twice "
		"(first on line 5)");
}

static void
test_encoding(void **state)
{
	(void)state;
	refused(POS, CAND "\xd5\xc5\xc8\xfd,P1,1\n", PP, "cand.csv", 5,
		"invalid UTF-8");
	refused("position,capacity\nP1,1\nP\xff,1\n", CAND, PP, "pos.csv", 3,
		"invalid UTF-8");
	refused(POS, CAND, PP "\"P1,A,1\n", "posprefs.csv", 5,
		"unterminated quoted field");
	/* The first file in command-line order is reported first. */
	refused(POS, CAND "x,\xff,1\n", PP "\xff\n", "cand.csv", 5,
		"invalid UTF-8");
	refused(POS, CAND, "\xff", "posprefs.csv", 1, "invalid UTF-8");
	/* Long identifiers are cut in messages, at a character boundary. */
	refused(POS, CAND "C,岗位岗位岗位岗位岗位岗位"
		"岗位岗位岗位岗位岗位岗位,1\n", PP, "cand.csv", 5,
		"position \"岗位岗位岗位岗位岗位岗位"
		"岗位岗位岗位岗位...\" is not in pos.csv");
}

static void
test_accepted(void **state)
{
	struct match_csv_error err;
	struct match_csv mc;
	uint32_t a, p;
	size_t len;
	const char *s;

	(void)state;
	assert_int_equal(load(&mc,
			      "\xef\xbb\xbfposition,capacity\r\n"
			      "\"岗位,一\",1\r\n岗位二,0\r\n\r\n",
			      "\xef\xbb\xbf" "candidate,position,rank\n"
			      "张三,\"岗位,一\",2\n张三,岗位二,1\n"
			      "\"李\"\"四\",\"岗位,一\",0007\n",
			      "position,candidate,rank\n"
			      "\"岗位,一\",张三,1\n\"岗位,一\",\"李\"\"四\",1\n"
			      "\"岗位,一\",王五,1\n岗位二,张三,1\n",
			      2, &err), 0);
	assert_int_equal(mc.nlisted, 2);
	assert_int_equal(mc.mp.ncand, 3);	/* 王五 ranks nothing */
	assert_int_equal(mc.mp.npos, 2);
	assert_int_equal(mc.seats, 1);
	assert_int_equal(mc.rows[MATCH_CSV_POSITIONS], 2);
	assert_int_equal(mc.rows[MATCH_CSV_CAND_PREFS], 3);
	assert_int_equal(mc.rows[MATCH_CSV_POS_PREFS], 4);
	s = match_names_get(&mc.cands, 1, &len);
	assert_int_equal(len, strlen("李\"四"));
	assert_memory_equal(s, "李\"四", len);
	s = match_names_get(&mc.cands, 2, &len);
	assert_memory_equal(s, "王五", len);
	assert_int_equal(match_names_find(&mc.positions, "岗位,一",
					  strlen("岗位,一"), &p), 0);
	assert_int_equal(p, 0);
	assert_int_equal(match_names_find(&mc.positions, "岗位", 6, &p),
			 ERR_NOTFOUND);
	assert_int_equal(match_names_find(&mc.cands, "张三", 6, &a), 0);
	assert_int_equal(a, 0);
	/* 张三 ranks 岗位二 first, but it is closed. */
	assert_int_equal(mc.mp.cand_off[1] - mc.mp.cand_off[0], 2);
	assert_int_equal(mc.mp.capacity[1], 0);
	assert_int_equal(mc.mp.cand_rank[2], 7);
	match_csv_release(&mc);
}

static void
test_read_matching(void **state)
{
	struct match_csv_error err;
	struct match_csv_input in;
	struct match_csv mc;
	uint32_t assign[4];
	static const struct {
		const char *text;
		int rc;
		size_t line;
		const char *msg;
	} cases[] = {
		{ "candidate,position\nA,P1\nB,\n", 0, 0, "" },
		{ "candidate,position\nB,P2\n", 0, 0, "" },
		{ "candidate,position\n", 0, 0, "" },
		{ "", ERR_INVALID, 1,
		  "missing header (expected candidate,position)" },
		{ "candidate,pos\n", ERR_INVALID, 1,
		  "wrong header (expected candidate,position)" },
		{ "candidate,position\nA,P1\nZ,P1\n", ERR_INVALID, 3,
		  "candidate \"Z\" is not in the candidate preferences" },
		{ "candidate,position\nA,P1\nA,P2\n", ERR_INVALID, 3,
		  "candidate \"A\" appears twice (first on line 2)" },
		{ "candidate,position\nA,P7\n", ERR_INVALID, 2,
		  "position \"P7\" is not in the positions" },
		{ "candidate,position\nA\n", ERR_INVALID, 2,
		  "expected 2 fields, found 1" },
		{ "candidate,position\nA,\"P1\n", ERR_INVALID, 2,
		  "unterminated quoted field" },
	};

	(void)state;
	assert_int_equal(load(&mc, POS, CAND, PP "P1,Z,2\n", 1, &err), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		in.name = "m.csv";
		in.data = cases[i].text;
		in.len = strlen(cases[i].text);
		memset(&err, 0, sizeof(err));
		assert_int_equal(match_csv_read_matching(&mc, &in, assign,
							 &err), cases[i].rc);
		if (cases[i].rc) {
			assert_string_equal(err.file, "m.csv");
			assert_int_equal(err.line, cases[i].line);
			assert_string_equal(err.msg, cases[i].msg);
		}
	}
	in.data = "candidate,position\nB,P2\n";
	in.len = strlen(in.data);
	assert_int_equal(match_csv_read_matching(&mc, &in, assign, &err), 0);
	assert_int_equal(assign[0], MATCH_NONE);	/* left out */
	assert_int_equal(assign[1], 1);
	assert_int_equal(assign[2], MATCH_NONE);	/* Z */
	match_csv_release(&mc);
}

/* --- shuffling ------------------------------------------------------------ */

static uint64_t rng = 11;

static uint32_t
rnd(uint32_t n)
{
	rng = rng * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)((rng >> 33) % n);
}

struct lines {
	char **line;
	size_t n, cap;
};

static void
add_line(struct lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
add_line(struct lines *l, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	ALLOC_GROW(l->line, l->n + 1, l->cap);
	l->line[l->n++] = xstrdup(tmp);
}

/* Header plus the rows in a random order (CRLF on odd rows). */
static char *
join(const char *header, struct lines *l, bool mix)
{
	struct buf b;

	if (mix)
		for (size_t i = l->n; i > 1; i--) {
			size_t j = rnd((uint32_t)i);
			char *t = l->line[i - 1];

			l->line[i - 1] = l->line[j];
			l->line[j] = t;
		}
	buf_init(&b, NULL, 0);
	buf_addstr(&b, header);
	for (size_t i = 0; i < l->n; i++)
		buf_addf(&b, "%s%s", l->line[i], i % 2 ? "\r\n" : "\n");
	return buf_detach(&b, NULL);
}

static void
free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
}

/* Each listed candidate's position name ("" if none), by candidate name. */
static void
result(struct match_csv *mc, enum match_proposer who, char **out)
{
	struct match_result res;
	uint32_t *a = xmalloc((mc->mp.ncand + 1) * sizeof(*a));
	uint32_t *f = xmalloc((mc->mp.npos + 1) * sizeof(*f));
	uint32_t *k = xmalloc((mc->mp.npos + 1) * sizeof(*k));

	res = (struct match_result){ .assign = a, .filled = f, .cutoff = k };
	match_run(mc->m, who, &res);
	assert_int_equal(match_verify(mc->m, a, NULL, NULL), 0);
	for (uint32_t c = 0; c < mc->nlisted; c++) {
		size_t len;
		const char *s = match_names_get(&mc->cands, c, &len);
		char *name = xstrndup(s, len);	/* names are not terminated */
		unsigned idx;

		assert_int_equal(sscanf(name, "c%u", &idx), 1);
		free(name);
		if (a[c] == MATCH_NONE) {
			out[idx] = xstrdup("");
		} else {
			s = match_names_get(&mc->positions, a[c], &len);
			out[idx] = xstrndup(s, len);
		}
	}
	free(k);
	free(f);
	free(a);
}

static void
test_shuffled_rows(void **state)
{
	enum { NC = 300, NP = 40 };

	(void)state;
	for (int round = 0; round < 4; round++) {
		struct lines pl = { 0 }, cl = { 0 }, ppl = { 0 };
		char *first[2][NC] = { { 0 } }, *again[2][NC] = { { 0 } };
		struct match_csv_error err;
		struct match_csv mc;
		char *pos, *cand, *pprefs;

		for (uint32_t p = 0; p < NP; p++)
			add_line(&pl, "p%u,%u", p, rnd(6));
		for (uint32_t c = 0; c < NC; c++) {
			uint32_t r = 0;

			for (uint32_t i = 0, n = rnd(6); i < n; i++) {
				r += 1 + rnd(2);
				/* Distinct positions: c + i * 7 mod NP. */
				add_line(&cl, "c%u,p%u,%u", c,
					 (c + i * 7) % NP, r);
				/* Positions rank coarsely: many ties. */
				add_line(&ppl, "p%u,c%u,%u", (c + i * 7) % NP,
					 c, 1 + rnd(3));
			}
		}
		for (int shuffled = 0; shuffled < 2; shuffled++) {
			char *(*into)[NC] = shuffled ? again : first;

			pos = join("position,capacity\n", &pl, shuffled);
			cand = join("candidate,position,rank\n", &cl, shuffled);
			pprefs = join("position,candidate,rank\n", &ppl,
				      shuffled);
			assert_int_equal(load(&mc, pos, cand, pprefs,
					      1 + shuffled, &err), 0);
			result(&mc, MATCH_CANDIDATES, into[0]);
			result(&mc, MATCH_POSITIONS, into[1]);
			match_csv_release(&mc);
			free(pprefs);
			free(cand);
			free(pos);
		}
		for (int w = 0; w < 2; w++)
			for (uint32_t c = 0; c < NC; c++) {
				assert_int_equal(!first[w][c], !again[w][c]);
				if (first[w][c])
					assert_string_equal(first[w][c],
							    again[w][c]);
				free(first[w][c]);
				free(again[w][c]);
			}
		free_lines(&pl);
		free_lines(&cl);
		free_lines(&ppl);
	}
}

/* Same seed, same lottery; another seed, another lottery. */
static void
test_seed_and_lottery(void **state)
{
	struct match_csv_error err;
	struct match_fault fault;
	struct match_csv mc;
	uint32_t l0[3], l1[3];
	bool differs = false;

	(void)state;
	assert_int_equal(load(&mc, POS, CAND "C,P1,1\n", PP, 1, &err), 0);
	assert_int_equal(match_csv_prepare(&mc, 5, &fault), 0);
	memcpy(l0, mc.lottery, sizeof(l0));
	assert_int_equal(match_csv_prepare(&mc, 5, &fault), 0);
	assert_memory_equal(l0, mc.lottery, sizeof(l0));
	for (uint64_t seed = 6; seed < 30 && !differs; seed++) {
		assert_int_equal(match_csv_prepare(&mc, seed, &fault), 0);
		memcpy(l1, mc.lottery, sizeof(l1));
		differs = memcmp(l0, l1, sizeof(l0)) != 0;
	}
	assert_true(differs);
	match_csv_release(&mc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_unknown_and_repeated),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_read_matching),
		cmocka_unit_test(test_shuffled_rows),
		cmocka_unit_test(test_seed_and_lottery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
