/*
 * cmd_match.c - `jianggu match`: stable matching on CSV files, and
 * `jianggu match verify`: is a matching valid and stable.
 *
 *	jianggu match POSITIONS CANDIDATE_PREFS POSITION_PREFS
 *		[--proposer candidates|positions] [--seed N] [--out FILE]
 *		[--report FILE] [--explain CANDIDATE]
 *	jianggu match verify POSITIONS CANDIDATE_PREFS POSITION_PREFS MATCHING
 *
 * This file is the I/O around the engine: it maps the inputs, hands them to
 * the loader (match/match_csv.h), runs the engine (match/match.h) and
 * writes the results. Files named by --out and --report are written to a
 * temporary file beside them and renamed into place only once everything
 * has succeeded, so bad input or a failed write leaves no output behind.
 *
 * Without --seed the command draws one from the system's CSPRNG
 * (libsodium) and says so on standard error, and the report records it,
 * so any run can be repeated exactly with --seed.
 *
 * Exit status: 0 done (verify: valid and stable); 1 verify found problems,
 * or an output could not be written; 2 bad usage or bad input, reported as
 * FILE:LINE: reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "match/match.h"
#include "match/match_csv.h"

#define NAME "match"
#define FLUSH_AT ((size_t)1 << 20)

/* --- inputs ------------------------------------------------------------- */

/* A file held in memory: mapped when it is a regular file, else read. */
struct input {
	struct match_csv_input in;
	void *map;		/* mmap()ed region, or NULL */
	size_t map_len;
	char *heap;		/* read() into the heap, or NULL */
};

static int
read_all(int fd, struct input *f)
{
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		ALLOC_GROW(f->heap, len + 65536, cap);
		n = read(fd, f->heap + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	f->in.data = f->heap;
	f->in.len = len;
	return 0;
}

/* Bring `path` into memory; on failure print why and return -1. */
static int
input_open(struct input *f, const char *path)
{
	struct stat st;
	int fd, rc = 0;

	memset(f, 0, sizeof(*f));
	f->in.name = path;
	f->in.data = "";
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cli_error(NAME, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		f->map = mmap(NULL, (size_t)st.st_size, PROT_READ,
			      MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (f->map == MAP_FAILED) {
			f->map = NULL;
		} else {
			f->map_len = (size_t)st.st_size;
			madvise(f->map, f->map_len, MADV_SEQUENTIAL);
			f->in.data = f->map;
			f->in.len = f->map_len;
		}
	}
	if (!f->map && !(S_ISREG(st.st_mode) && st.st_size == 0) &&
	    read_all(fd, f)) {
		cli_error(NAME, "%s: cannot read: %s", path, strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

static void
input_close(struct input *f)
{
	if (f->map)
		munmap(f->map, f->map_len);
	free(f->heap);
	f->map = NULL;
	f->heap = NULL;
	f->in.data = "";
	f->in.len = 0;
}

/* Open inputs[0 .. n) from paths; -1 (all closed again) if one fails. */
static int
inputs_open(struct input *inputs, char **paths, int n)
{
	for (int i = 0; i < n; i++) {
		if (input_open(&inputs[i], paths[i])) {
			for (int j = 0; j <= i; j++)
				input_close(&inputs[j]);
			return -1;
		}
	}
	return 0;
}

static void
bad_input(const struct match_csv_error *err)
{
	if (err->line)
		cli_error(NAME, "%s:%zu: %s", err->file, err->line, err->msg);
	else if (*err->file)
		cli_error(NAME, "%s: %s", err->file, err->msg);
	else
		cli_error(NAME, "%s", err->msg);
}

/*
 * Load the three inputs into mc and prepare the engine with `seed`. Prints
 * the reason and returns -1 on bad input. The inputs are closed on return.
 */
static int
load(struct match_csv *mc, struct input *inputs, char **paths,
     uint64_t seed, double *t_loaded)
{
	struct match_csv_input in[MATCH_CSV_NFILES];
	struct match_csv_error err;
	struct match_fault fault;
	struct timespec ts;
	int rc;

	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		in[i] = inputs[i].in;
	rc = match_csv_load(mc, in, 2, &err);
	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		input_close(&inputs[i]);
	if (rc) {
		bad_input(&err);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	*t_loaded = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
	if (!match_csv_prepare(mc, seed, &fault))
		return 0;
	/* Find the lines behind the engine's complaint: read them again. */
	if (inputs_open(inputs, paths, MATCH_CSV_NFILES))
		return -1;
	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		in[i] = inputs[i].in;
	match_csv_locate(mc, in, &fault, &err);
	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		input_close(&inputs[i]);
	bad_input(&err);
	return -1;
}

/* --- outputs -------------------------------------------------------------- */

/* An output file written beside its final name and renamed at the end. */
struct output {
	const char *path;	/* final name; NULL for standard output */
	char *tmp;		/* temporary name, or NULL */
	FILE *fp;
};

static int
output_open(struct output *o, const char *path)
{
	size_t n;
	mode_t mask;
	int fd, why;

	o->path = path;
	o->tmp = NULL;
	o->fp = stdout;
	if (!path)
		return 0;
	n = strlen(path) + sizeof(".tmp.XXXXXX");
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0)
		goto out_free_tmp;
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->fp = fdopen(fd, "w");
	if (!o->fp)
		goto out_unlink;
	return 0;

out_unlink:
	why = errno;
	close(fd);
	unlink(o->tmp);
	errno = why;
out_free_tmp:
	cli_error(NAME, "%s: cannot create: %s", path, strerror(errno));
	free(o->tmp);
	o->tmp = NULL;
	o->fp = NULL;
	return -1;
}

/* Flush and close; for a file, fsync it. -1 (and a message) on failure. */
static int
output_finish(struct output *o)
{
	int rc = 0;

	if (fflush(o->fp) || ferror(o->fp))
		rc = -1;
	if (o->tmp) {
		if (!rc && fsync(fileno(o->fp)))
			rc = -1;
		if (fclose(o->fp))
			rc = -1;
		o->fp = NULL;
	}
	if (rc)
		cli_error(NAME, "%s: cannot write: %s",
			  o->path ? o->path : "standard output",
			  strerror(errno));
	return rc;
}

/* Rename a finished file into place. */
static int
output_commit(struct output *o)
{
	int rc = 0;

	if (o->tmp && rename(o->tmp, o->path)) {
		cli_error(NAME, "%s: cannot rename into place: %s", o->path,
			  strerror(errno));
		rc = -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

/* Throw a file away (closing it if still open). */
static void
output_abandon(struct output *o)
{
	if (o->tmp) {
		if (o->fp)
			fclose(o->fp);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
	o->fp = NULL;
}

/* Write the matching as CSV, candidates in order of first appearance. */
static void
write_matching(const struct match_csv *mc, const uint32_t *assign, FILE *fp)
{
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
		if (b.len >= FLUSH_AT) {
			fwrite(b.ptr, 1, b.len, fp);
			buf_reset(&b);
		}
	}
	fwrite(b.ptr, 1, b.len, fp);
	buf_release(&b);
}

/* A duration in milliseconds, rounded to the microsecond. */
static json_t *
ms(double v)
{
	return json_real((double)(int64_t)(v * 1000.0 + 0.5) / 1000.0);
}

struct timing {
	double parse, prepare, match, write;
};

static int
write_report(const struct match_csv *mc, const struct match_result *res,
	     enum match_proposer who, uint64_t seed, const struct timing *t,
	     FILE *fp)
{
	json_t *o = json_object(), *cut = json_object();
	uint64_t matched = 0;
	int rc;

	for (uint32_t c = 0; c < mc->nlisted; c++)
		matched += res->assign[c] != MATCH_NONE;
	for (uint32_t p = 0; p < mc->mp.npos; p++) {
		size_t len;
		const char *s = match_names_get(&mc->positions, p, &len);

		json_object_setn_new(cut, s, len,
				     res->cutoff[p] == MATCH_NONE ?
				     json_null() :
				     json_integer(res->cutoff[p]));
	}
	json_object_set_new(o, "candidates", json_integer(mc->nlisted));
	json_object_set_new(o, "positions", json_integer(mc->mp.npos));
	json_object_set_new(o, "seats", json_integer((json_int_t)mc->seats));
	json_object_set_new(o, "matched", json_integer((json_int_t)matched));
	json_object_set_new(o, "unmatched",
			    json_integer((json_int_t)(mc->nlisted - matched)));
	json_object_set_new(o, "unfilled_seats",
			    json_integer((json_int_t)(mc->seats - matched)));
	json_object_set_new(o, "proposals",
			    json_integer((json_int_t)res->proposals));
	json_object_set_new(o, "proposer",
			    json_string(who == MATCH_POSITIONS ? "positions" :
					"candidates"));
	json_object_set_new(o, "seed", json_integer((json_int_t)seed));
	json_object_set_new(o, "pairs", json_integer((json_int_t)
			    (mc->rows[MATCH_CSV_CAND_PREFS])));
	json_object_set_new(o, "acceptable_pairs",
			    json_integer((json_int_t)match_pairs(mc->m)));
	json_object_set_new(o, "parse_ms", ms(t->parse));
	json_object_set_new(o, "prepare_ms", ms(t->prepare));
	json_object_set_new(o, "match_ms", ms(t->match));
	json_object_set_new(o, "write_ms", ms(t->write));
	json_object_set_new(o, "cutoffs", cut);
	rc = json_dumpf(o, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	fputc('\n', fp);
	json_decref(o);
	return rc;
}

/* --- explain -------------------------------------------------------------- */

/* An identifier as text for a person: control characters become '?'. */
static void
put_name(FILE *fp, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c < 0x20 || c == 0x7f ? '?' : c, fp);
	}
}

static void
explain(const struct match_csv *mc, const struct match_result *res,
	uint32_t c, FILE *fp)
{
	struct match_reason *r =
		xmalloc(((size_t)match_list_len(mc->m, c) + 1) * sizeof(*r));
	size_t n = match_explain(mc->m, res, c, r), clen, plen;
	const char *cs = match_names_get(&mc->cands, c, &clen), *ps;

	put_name(fp, cs, clen);
	if (res->assign[c] == MATCH_NONE) {
		fputs(" is unmatched\n", fp);
	} else {
		ps = match_names_get(&mc->positions, res->assign[c], &plen);
		fputs(" got ", fp);
		put_name(fp, ps, plen);
		fputc('\n', fp);
	}
	for (size_t i = 0; i < n; i++) {
		ps = match_names_get(&mc->positions, r[i].pos, &plen);
		put_name(fp, ps, plen);
		fprintf(fp, " (choice ranked %" PRIu32 "): ", r[i].cand_rank);
		switch (r[i].why) {
		case MATCH_WHY_CLOSED:
			fputs("closed (capacity 0)\n", fp);
			break;
		case MATCH_WHY_UNRANKED:
			fputs("does not rank the candidate\n", fp);
			break;
		case MATCH_WHY_OUTRANKED:
			fprintf(fp, "filled with candidates it ranks higher "
				"(cutoff %" PRIu32 ", the candidate's rank %"
				PRIu32 ")\n", r[i].cutoff, r[i].pos_rank);
			break;
		case MATCH_WHY_LOTTERY:
			fprintf(fp, "filled with candidates of the same rank "
				"who drew better lottery numbers (cutoff %"
				PRIu32 ", the candidate's rank %" PRIu32 ")\n",
				r[i].cutoff, r[i].pos_rank);
			break;
		case MATCH_WHY_UNSTABLE:
			fputs("would take the candidate: the matching is not "
			      "stable\n", fp);
			break;
		}
	}
	free(r);
}

/* --- options -------------------------------------------------------------- */

struct options {
	char *file[4];
	int nfile;
	enum match_proposer proposer;
	uint64_t seed;
	bool seed_given;
	const char *out, *report, *explain;
};

/*
 * The value of option `name` at argv[*i]: "--name=VALUE" or "--name VALUE"
 * (advancing *i). NULL if argv[*i] is not this option; `missing` is set
 * when it is but has no value.
 */
static const char *
option(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static bool
parse_seed(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (x > (UINT64_C(0x7fffffffffffffff) - (uint64_t)(*s - '0')) /
		    10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return true;
}

/* Parse argv; -1 after printing why on bad usage. */
static int
parse_options(int argc, char **argv, int nfile, bool with_options,
	      struct options *o)
{
	bool only_files = false;

	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		bool missing = false;
		const char *v;

		if (only_files || argv[i][0] != '-' || !argv[i][1]) {
			if (o->nfile == nfile) {
				cli_error(NAME, "too many files");
				return -1;
			}
			o->file[o->nfile++] = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			only_files = true;
			continue;
		}
		if (!with_options) {
			cli_error(NAME, "unknown option %s", argv[i]);
			return -1;
		}
		if ((v = option(argc, argv, &i, "--proposer", &missing))) {
			if (!strcmp(v, "candidates")) {
				o->proposer = MATCH_CANDIDATES;
			} else if (!strcmp(v, "positions")) {
				o->proposer = MATCH_POSITIONS;
			} else {
				cli_error(NAME, "--proposer must be candidates "
					  "or positions");
				return -1;
			}
		} else if ((v = option(argc, argv, &i, "--seed", &missing))) {
			o->seed_given = true;
			if (!parse_seed(v, &o->seed)) {
				cli_error(NAME, "--seed must be an integer "
					  "from 0 to 9223372036854775807");
				return -1;
			}
		} else if ((v = option(argc, argv, &i, "--out", &missing))) {
			o->out = v;
		} else if ((v = option(argc, argv, &i, "--report",
				       &missing))) {
			o->report = v;
		} else if ((v = option(argc, argv, &i, "--explain",
				       &missing))) {
			o->explain = v;
		} else if (!missing) {
			cli_error(NAME, "unknown option %s", argv[i]);
			return -1;
		}
		if (missing) {
			cli_error(NAME, "%s needs a value", argv[i]);
			return -1;
		}
	}
	if (o->nfile != nfile) {
		cli_error(NAME, "expected %d files, got %d", nfile, o->nfile);
		return -1;
	}
	return 0;
}

/* --- the commands --------------------------------------------------------- */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * A seed from the system's CSPRNG, within what --seed takes (63 bits), so
 * that the run it drives can be repeated. -1 after saying why.
 */
static int
draw_seed(uint64_t *seed)
{
	unsigned char raw[sizeof(*seed)];
	uint64_t v = 0;

	if (sodium_init() < 0) {
		cli_error(NAME, "cannot start the random number generator");
		return -1;
	}
	randombytes_buf(raw, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw); i++)
		v = v << 8 | raw[i];
	*seed = v & UINT64_C(0x7fffffffffffffff);
	return 0;
}

static int
run_match(int argc, char **argv)
{
	struct input inputs[MATCH_CSV_NFILES];
	struct output out = { 0 }, report = { 0 };
	struct match_result res = { 0 };
	struct match_csv mc;
	struct options o;
	struct timing t;
	uint32_t who = MATCH_NONE;
	double t0, t1, t2;
	int status = EXIT_USAGE;

	if (parse_options(argc, argv, 3, true, &o))
		return cli_usage(NAME);
	if (!o.seed_given) {
		if (draw_seed(&o.seed))
			return EXIT_PROBLEM;
	}
	t0 = now_ms();
	if (inputs_open(inputs, o.file, MATCH_CSV_NFILES))
		return EXIT_USAGE;
	if (load(&mc, inputs, o.file, o.seed, &t1))
		goto out_release;
	if (o.explain &&
	    (match_names_find(&mc.cands, o.explain, strlen(o.explain), &who) ||
	     who >= mc.nlisted)) {
		cli_error(NAME, "--explain: candidate \"%s\" is not in %s",
			  o.explain, o.file[MATCH_CSV_CAND_PREFS]);
		goto out_release;
	}
	t2 = now_ms();
	t.parse = t1 - t0;
	t.prepare = t2 - t1;

	res.assign = xmalloc(((size_t)mc.mp.ncand + 1) * sizeof(uint32_t));
	res.filled = xmalloc(((size_t)mc.mp.npos + 1) * sizeof(uint32_t));
	res.cutoff = xmalloc(((size_t)mc.mp.npos + 1) * sizeof(uint32_t));
	match_run(mc.m, o.proposer, &res);
	t.match = now_ms() - t2;

	status = EXIT_PROBLEM;
	t0 = now_ms();
	if (output_open(&out, o.out))
		goto out_free_result;
	write_matching(&mc, res.assign, out.fp);
	if (output_finish(&out))
		goto out_abandon;
	t.write = now_ms() - t0;
	if (o.report) {
		if (output_open(&report, o.report))
			goto out_abandon;
		if (write_report(&mc, &res, o.proposer, o.seed, &t,
				 report.fp)) {
			cli_error(NAME, "%s: cannot write the report",
				  o.report);
			goto out_abandon;
		}
		if (output_finish(&report))
			goto out_abandon;
	}
	if (output_commit(&out) || output_commit(&report))
		goto out_abandon;
	if (o.explain)
		explain(&mc, &res, who, o.out ? stdout : stderr);
	if (!o.seed_given)
		fprintf(stderr, "jianggu %s: seed %" PRIu64 " was drawn; "
			"--seed %" PRIu64 " repeats this run\n", NAME, o.seed,
			o.seed);
	status = EXIT_OK;
	goto out_free_result;

out_abandon:
	output_abandon(&report);
	output_abandon(&out);
out_free_result:
	free(res.cutoff);
	free(res.filled);
	free(res.assign);
out_release:
	match_csv_release(&mc);
	return status;
}

struct verify_ctx {
	const struct match_csv *mc;
	FILE *fp;
};

static void
print_violation(const struct match_violation *v, void *arg)
{
	const struct verify_ctx *ctx = arg;
	const struct match_csv *mc = ctx->mc;
	size_t clen = 0, plen;
	const char *cs = NULL, *ps;

	if (v->cand != MATCH_NONE)
		cs = match_names_get(&mc->cands, v->cand, &clen);
	ps = match_names_get(&mc->positions, v->pos, &plen);
	switch (v->flaw) {
	case MATCH_FLAW_OVER_CAPACITY:
		fputs("over capacity: position ", ctx->fp);
		put_name(ctx->fp, ps, plen);
		fprintf(ctx->fp, " holds %" PRIu32 " candidates for %" PRIu32
			" seats\n", v->held, mc->mp.capacity[v->pos]);
		break;
	case MATCH_FLAW_UNACCEPTABLE:
		fputs("unacceptable pair: candidate ", ctx->fp);
		put_name(ctx->fp, cs, clen);
		fputs(" is at position ", ctx->fp);
		put_name(ctx->fp, ps, plen);
		fputs(" but the two do not rank each other\n", ctx->fp);
		break;
	case MATCH_FLAW_BLOCKING:
		fputs("blocking pair: candidate ", ctx->fp);
		put_name(ctx->fp, cs, clen);
		fputs(" and position ", ctx->fp);
		put_name(ctx->fp, ps, plen);
		fputs(" would rather have each other\n", ctx->fp);
		break;
	}
}

static int
run_verify(int argc, char **argv)
{
	struct input inputs[MATCH_CSV_NFILES + 1];
	struct match_csv_error err;
	struct verify_ctx ctx;
	struct match_csv mc;
	struct options o;
	uint32_t *assign = NULL;
	uint64_t problems, matched = 0;
	double t;
	int status = EXIT_USAGE;

	if (parse_options(argc, argv, 4, false, &o))
		return cli_usage(NAME);
	if (inputs_open(inputs, o.file, MATCH_CSV_NFILES + 1))
		return EXIT_USAGE;
	if (load(&mc, inputs, o.file, 0, &t)) {
		input_close(&inputs[MATCH_CSV_NFILES]);
		goto out_release;
	}
	assign = xmalloc(((size_t)mc.mp.ncand + 1) * sizeof(*assign));
	if (match_csv_read_matching(&mc, &inputs[MATCH_CSV_NFILES].in, assign,
				    &err)) {
		input_close(&inputs[MATCH_CSV_NFILES]);
		bad_input(&err);
		goto out_release;
	}
	input_close(&inputs[MATCH_CSV_NFILES]);

	ctx.mc = &mc;
	ctx.fp = stdout;
	problems = match_verify(mc.m, assign, print_violation, &ctx);
	if (problems) {
		cli_error(NAME, "%s: %" PRIu64 " problem%s", o.file[3],
			  problems, problems == 1 ? "" : "s");
		status = EXIT_PROBLEM;
	} else {
		for (uint32_t c = 0; c < mc.nlisted; c++)
			matched += assign[c] != MATCH_NONE;
		printf("valid and stable: %" PRIu32 " candidates, %" PRIu64
		       " matched\n", mc.nlisted, matched);
		status = EXIT_OK;
	}
	if (fflush(stdout))
		status = EXIT_PROBLEM;

out_release:
	free(assign);
	match_csv_release(&mc);
	return status;
}

int
cmd_match(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "verify"))
		return run_verify(argc - 1, argv + 1);
	return run_match(argc, argv);
}
