/*
 * rules_run.c - the lock, the run and publication of a round
 * (selection_int.h), each a compare-and-set move of the round's status
 * with its audit row; a candidate's result and explanation; the round's
 * lists in the CSV format of `jianggu match`, and the job that locks
 * rounds at their deadline.
 *
 * The seed is 63 bits from the system's CSPRNG (libsodium), kept secret
 * from the lock to the run; the round shows the SHA-256 of its decimal
 * text from the lock on, so anyone can check the revealed seed against
 * the commitment. The lottery is the engine's (match_lottery()), keyed by
 * the candidates' pseudonyms: the downloaded lists, re-run with
 * `jianggu match --seed SEED`, give the stored matching byte for byte.
 *
 * The what-if runs a locked round (or one run or published since) again
 * K times (the setting
 * selection.whatif_draws), each with a fresh seed of its own, and counts
 * what each candidate got: it writes nothing, and the committed seed
 * alone decides the run.
 */
#include <inttypes.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "match/match.h"
#include "notify/notify.h"
#include "selection/selection.h"
#include "selection/selection_int.h"
#include "settings/settings.h"
#include "training/training.h"

/* The round as JSON for the audit log's before and after. */
static json_t *
round_json(struct db *db, int64_t id)
{
	json_t *rec = NULL;

	record_get(db, &selection_round_table, id, &rec);
	return rec;
}

/* 63 bits from the system's CSPRNG. */
static uint64_t
fresh_seed(void)
{
	unsigned char raw[8];
	uint64_t v = 0;

	randombytes_buf(raw, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw); i++)
		v = v << 8 | raw[i];
	return v & UINT64_C(0x7fffffffffffffff);
}

/* Draw a seed; its decimal text in seed[], its SHA-256 in hex in hash[]. */
static void
draw(char seed[SELECTION_SEED_LEN + 1], char hash[SELECTION_HASH_LEN + 1])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	snprintf(seed, SELECTION_SEED_LEN + 1, "%" PRIu64, fresh_seed());
	crypto_hash_sha256(digest, (const unsigned char *)seed, strlen(seed));
	sodium_bin2hex(hash, SELECTION_HASH_LEN + 1, digest, sizeof(digest));
}

int
sel_lock_in(struct db *db, const struct audit_actor *actor, int64_t id)
{
	char seed[SELECTION_SEED_LEN + 1], hash[SELECTION_HASH_LEN + 1];
	char now[32];
	json_t *before = round_json(db, id), *after = NULL;
	int rc;

	time_now_utc(now);
	draw(seed, hash);
	rc = sel_store_lock(db, id, seed, hash, now);
	if (!rc) {
		after = round_json(db, id);
		rc = audit_write(db, actor, "lock", "selection_round", id,
				 before, after);
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

/* The step's refusal when the round is not in state `want`. */
static int
not_in(const char *want, struct problem *pb)
{
	static const struct {
		const char *status, *key, *message;
	} needs[] = {
		{ "open", "selection.err.round_locked",
		  "the round is locked already" },
		{ "locked", "selection.err.round_not_locked",
		  "the round must be locked, and not run yet" },
		{ "run", "selection.err.round_not_run",
		  "the round must be run, and not published yet" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (!strcmp(needs[i].status, want))
			return problem_key(pb, ERR_CONFLICT, "status",
					   needs[i].key, needs[i].message);
	return problem_key(pb, ERR_CONFLICT, "status",
			   "selection.err.round_moved",
			   "the round has moved on");
}

/*
 * Round `id` for a staff step that needs it in state `want` (NULL: any):
 * 0, "no such round" (ERR_NOTFOUND), or the step's refusal (not_in()).
 */
static int
staff_round(struct db *db, const struct principal *p, int64_t id,
	    const char *want, struct sel_round *round, struct problem *pb)
{
	int rc = auth_require(p, PERM_SELECTION_MANAGE, 0);

	if (!rc)
		rc = sel_round_of(db, id, NULL, round, pb);
	if (!rc && want && strcmp(round->status, want))
		rc = not_in(want, pb);
	return rc;
}

int
sel_round_lock(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = staff_round(db, p, id, "open", &round, pb)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	rc = sel_lock_in(db, &p->actor, id);
	if (rc == ERR_CONFLICT)
		rc = not_in("open", pb);
	return record_end(db, rc, &selection_round_table, id, out);
}

int
sel_lock_due(struct db *db, const struct audit_actor *actor, const char *now,
	     int64_t *locked)
{
	struct arena a;
	int64_t *ids;
	size_t n = 0;
	int rc;

	*locked = 0;
	arena_init(&a, 0);
	rc = sel_store_due(db, now, &a, &ids, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = sel_lock_in(db, actor, ids[i]);
		*locked += !rc;
	}
	arena_release(&a);
	return rc;
}

static int
lock_due_job(struct job_ctx *ctx)
{
	char now[32];
	int64_t n;
	int rc;

	time_now_utc(now);
	rc = sel_lock_due(ctx->db, ctx->actor, now, &n);
	if (!rc)
		buf_addf(ctx->message, "locked %lld selection rounds",
			 (long long)n);
	return rc;
}

static int
offers_lapse_job(struct job_ctx *ctx)
{
	char today[TIME_DATE_LEN + 1];
	int64_t n;
	int rc;

	time_today_beijing(today);
	rc = sel_offers_lapse(ctx->db, ctx->actor, today, &n);
	if (!rc)
		buf_addf(ctx->message, "lapsed %lld selection offers",
			 (long long)n);
	return rc;
}

/* Their labels and descriptions are in the catalogs (jobs.defs). */
const struct job_def selection_jobs[] = {
	{ "selection.lock_due", 60, 600, lock_due_job },
	{ "selection.offers_lapse", 3600, 600, offers_lapse_job },
	{ NULL, 0, 0, NULL },
};

/* The engine's arrays of a round's problem, and its result. */
struct run {
	struct sel_problem sp;
	uint32_t *capacity, *lottery;
	uint32_t *cand_off, *cand_pos, *cand_rank;
	uint32_t *pos_off, *pos_cand, *pos_rank;
	uint32_t *assign, *filled, *cutoff;
	size_t *lens;			/* of the pseudonyms */
	struct match *m;
	struct match_result res;
};

static void *
room(struct arena *a, size_t n, size_t size)
{
	return arena_calloc(a, n + 1, size, alignof(max_align_t));
}

/* Compressed rows from (owner, other, rank) triples sorted by owner. */
static void
rows_of(size_t nowner, size_t n, const size_t *owner, const size_t *other,
	const int64_t *rank, uint32_t *off, uint32_t *to, uint32_t *rk)
{
	for (size_t i = 0; i < n; i++)
		off[owner[i] + 1]++;
	for (size_t o = 0; o < nowner; o++)
		off[o + 1] += off[o];
	for (size_t i = 0; i < n; i++) {
		to[i] = (uint32_t)other[i];
		rk[i] = (uint32_t)rank[i];
	}
}

/* Load round `id`'s problem into the engine's arrays, in `a`. */
static int
run_load(struct db *db, int64_t id, struct arena *a, struct run *run)
{
	struct sel_problem *sp = &run->sp;
	int rc;

	rc = sel_store_problem(db, id, a, sp);
	if (rc)
		return rc;
	run->capacity = room(a, sp->npos, sizeof(uint32_t));
	run->lottery = room(a, sp->ncand, sizeof(uint32_t));
	run->cand_off = room(a, sp->ncand + 1, sizeof(uint32_t));
	run->cand_pos = room(a, sp->nchoice, sizeof(uint32_t));
	run->cand_rank = room(a, sp->nchoice, sizeof(uint32_t));
	run->pos_off = room(a, sp->npos + 1, sizeof(uint32_t));
	run->pos_cand = room(a, sp->nrank, sizeof(uint32_t));
	run->pos_rank = room(a, sp->nrank, sizeof(uint32_t));
	run->assign = room(a, sp->ncand, sizeof(uint32_t));
	run->filled = room(a, sp->npos, sizeof(uint32_t));
	run->cutoff = room(a, sp->npos, sizeof(uint32_t));
	run->lens = room(a, sp->ncand, sizeof(size_t));
	if (!run->capacity || !run->lottery || !run->cand_off ||
	    !run->cand_pos || !run->cand_rank || !run->pos_off ||
	    !run->pos_cand || !run->pos_rank || !run->assign ||
	    !run->filled || !run->cutoff || !run->lens)
		return ERR_NOMEM;
	for (size_t i = 0; i < sp->npos; i++)
		run->capacity[i] = (uint32_t)sp->pos_cap[i];
	for (size_t i = 0; i < sp->ncand; i++)
		run->lens[i] = strlen(sp->cand_name[i]);
	rows_of(sp->ncand, sp->nchoice, sp->choice_cand, sp->choice_pos,
		sp->choice_rank, run->cand_off, run->cand_pos, run->cand_rank);
	rows_of(sp->npos, sp->nrank, sp->rank_pos, sp->rank_cand,
		sp->rank_rank, run->pos_off, run->pos_cand, run->pos_rank);
	return 0;
}

/*
 * Match the loaded problem with the lottery of `seed`, candidates
 * proposing; verify the matching stable. ERR_CONFLICT (never expected)
 * when the engine refuses the problem or the check finds a violation.
 * May be called again on one run, each time with a lottery of its own.
 */
static int
run_solve(struct run *run, uint64_t seed, struct problem *pb)
{
	const struct sel_problem *sp = &run->sp;
	struct match_problem mp;
	struct match_fault fault;

	match_free(run->m);
	run->m = NULL;
	match_lottery(seed, (uint32_t)sp->ncand, sp->cand_name, run->lens,
		      run->lottery);
	mp = (struct match_problem){
		(uint32_t)sp->ncand, (uint32_t)sp->npos, run->capacity,
		run->lottery, run->cand_off, run->cand_pos, run->cand_rank,
		run->pos_off, run->pos_cand, run->pos_rank,
	};
	if (match_new(&run->m, &mp, &fault))
		return problem(pb, ERR_CONFLICT, NULL, "the engine refused the "
			       "round's lists");
	run->res = (struct match_result){
		run->assign, run->filled, run->cutoff, 0,
	};
	match_run(run->m, MATCH_CANDIDATES, &run->res);
	if (match_verify(run->m, run->assign, NULL, NULL))
		return problem(pb, ERR_CONFLICT, NULL,
			       "the matching is not stable: nothing stored");
	return 0;
}

/* Load round `id`'s problem and match it with `seed` (run_solve()). */
static int
run_round(struct db *db, int64_t id, uint64_t seed, struct arena *a,
	  struct run *run, struct problem *pb)
{
	int rc = run_load(db, id, a, run);

	return rc ? rc : run_solve(run, seed, pb);
}

/* ---- What-if: the locked round under fresh lotteries ---------------- */

/* What K draws gave: per list entry and per candidate unmatched, counts;
 * per position how often full and its cutoffs' and fills' ranges. */
struct whatif {
	uint32_t *got;			/* [nchoice] by cand_off entries */
	uint32_t *none;			/* [ncand] */
	uint32_t *full, *cut_min, *cut_max, *fill_min, *fill_max; /* [npos] */
};

/* Count the outcome of the draw just run into `w`. */
static void
whatif_count(const struct run *run, struct whatif *w, bool first)
{
	const struct sel_problem *sp = &run->sp;

	for (size_t c = 0; c < sp->ncand; c++) {
		uint32_t got = run->assign[c];

		if (got == MATCH_NONE)
			w->none[c]++;
		for (uint32_t i = run->cand_off[c]; got != MATCH_NONE &&
		     i < run->cand_off[c + 1]; i++)
			if (run->cand_pos[i] == got)
				w->got[i]++;
	}
	for (size_t i = 0; i < sp->npos; i++) {
		uint32_t cut = run->cutoff[i], fill = run->filled[i];

		if (first || fill < w->fill_min[i])
			w->fill_min[i] = fill;
		if (first || fill > w->fill_max[i])
			w->fill_max[i] = fill;
		if (cut == MATCH_NONE)
			continue;
		if (!w->full[i]++ || cut < w->cut_min[i])
			w->cut_min[i] = cut;
		if (w->full[i] == 1 || cut > w->cut_max[i])
			w->cut_max[i] = cut;
	}
}

/* An outcome and its share of `k` draws. */
static json_t *
outcome(const struct sel_problem *sp, uint32_t pos, uint32_t n, int64_t k)
{
	return json_pack("{s:o,s:i,s:f}", "position_id", pos == MATCH_NONE ?
			 json_null() : json_integer(sp->pos_id[pos]), "n",
			 (int)n, "share", (double)n / (double)k);
}

/* The what-if as the API answers it. */
static json_t *
whatif_json(const struct run *run, const struct whatif *w, int64_t id,
	    int64_t k)
{
	const struct sel_problem *sp = &run->sp;
	json_t *cands = json_array(), *luck = json_array();
	json_t *positions = json_array(), *outs;
	size_t kinds;

	for (size_t c = 0; c < sp->ncand; c++) {
		outs = json_array();
		for (uint32_t i = run->cand_off[c]; i < run->cand_off[c + 1];
		     i++)
			if (w->got[i])
				json_array_append_new(outs, outcome(sp,
					run->cand_pos[i], w->got[i], k));
		if (w->none[c])
			json_array_append_new(outs, outcome(sp, MATCH_NONE,
							    w->none[c], k));
		kinds = json_array_size(outs);
		json_array_append_new(cands, json_pack("{s:I,s:s,s:o,s:b}",
			"candidate_id", (json_int_t)sp->cand_id[c],
			"pseudonym", sp->cand_name[c], "outcomes", outs,
			"luck", kinds > 1));
		if (kinds > 1)
			json_array_append_new(luck, json_integer(
					      sp->cand_id[c]));
	}
	for (size_t i = 0; i < sp->npos; i++)
		json_array_append_new(positions, json_pack(
			"{s:I,s:I,s:i,s:i,s:i,s:o,s:o}", "position_id",
			(json_int_t)sp->pos_id[i], "headcount",
			(json_int_t)sp->pos_cap[i], "full", (int)w->full[i],
			"filled_min", (int)w->fill_min[i], "filled_max",
			(int)w->fill_max[i], "cutoff_min", w->full[i] ?
			json_integer(w->cut_min[i]) : json_null(),
			"cutoff_max", w->full[i] ? json_integer(w->cut_max[i]) :
			json_null()));
	return json_pack("{s:I,s:I,s:o,s:o,s:o}", "round_id", (json_int_t)id,
			 "draws", (json_int_t)k, "candidates", cands, "luck",
			 luck, "positions", positions);
}

int
sel_round_whatif(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	struct run run = { 0 };
	struct whatif w;
	struct arena a;
	int64_t k = 0;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = staff_round(db, p, id, NULL, &round, pb)))
		return rc;
	if (!strcmp(round.status, "open"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.whatif_when",
				   "a what-if needs the round locked: its "
				   "lists final");
	if ((rc = settings_get_int(db, "selection.whatif_draws", &k)))
		return rc;
	arena_init(&a, 0);
	if ((rc = run_load(db, id, &a, &run)))
		goto out;
	w = (struct whatif){
		room(&a, run.sp.nchoice, sizeof(uint32_t)),
		room(&a, run.sp.ncand, sizeof(uint32_t)),
		room(&a, run.sp.npos, sizeof(uint32_t)),
		room(&a, run.sp.npos, sizeof(uint32_t)),
		room(&a, run.sp.npos, sizeof(uint32_t)),
		room(&a, run.sp.npos, sizeof(uint32_t)),
		room(&a, run.sp.npos, sizeof(uint32_t)),
	};
	if (!w.got || !w.none || !w.full || !w.cut_min || !w.cut_max ||
	    !w.fill_min || !w.fill_max) {
		rc = ERR_NOMEM;
		goto out;
	}
	/* Fresh seeds, none of them the committed one's business. */
	for (int64_t i = 0; i < k && !rc; i++) {
		rc = run_solve(&run, fresh_seed(), pb);
		if (!rc)
			whatif_count(&run, &w, i == 0);
	}
	if (!rc)
		*out = whatif_json(&run, &w, id, k);
out:
	match_free(run.m);
	arena_release(&a);
	return rc;
}

static const char *const why_names[] = {
	[MATCH_WHY_CLOSED] = "closed",
	[MATCH_WHY_UNRANKED] = "unranked",
	[MATCH_WHY_OUTRANKED] = "outranked",
	[MATCH_WHY_LOTTERY] = "lottery",
};

/* The rank candidate c gave position `pos`, from its list. */
static int64_t
choice_rank(const struct run *run, size_t c, uint32_t pos)
{
	for (uint32_t i = run->cand_off[c]; i < run->cand_off[c + 1]; i++)
		if (run->cand_pos[i] == pos)
			return run->cand_rank[i];
	return 0;
}

/* A value that is NULL when 0. */
static struct db_value
int_or_null(int64_t v)
{
	return v ? DB_INT(v) : DB_TEXT(NULL);
}

/*
 * Store the run of round `id`: each candidate's result, its reasons
 * (the engine's explanation, and its choices of positions no longer
 * open), each position's fill and cutoff. Multi-row INSERTs of values
 * gathered first (store_fair.c), so the write is a moment even for a
 * regional fair of tens of thousands.
 */
static int
store_run(struct db *db, int64_t id, const struct run *run)
{
	const struct sel_problem *sp = &run->sp;
	struct match_reason *why = xmalloc((sp->nchoice + 1) * sizeof(*why));
	struct db_value *res = xmalloc((sp->ncand * 4 + 1) * sizeof(*res));
	struct db_value *rea = xmalloc((sp->nchoice * 6 + 1) * sizeof(*rea));
	size_t nres = 0, nrea = 0, n;
	int rc = 0;

	for (size_t c = 0; !rc && c < sp->ncand; c++) {
		uint32_t got = run->assign[c];

		res[nres++] = DB_INT(sp->cand_id[c]);
		res[nres++] = DB_INT(id);
		res[nres++] = got == MATCH_NONE ? DB_TEXT(NULL) :
			      DB_INT(sp->pos_id[got]);
		res[nres++] = got == MATCH_NONE ? DB_TEXT(NULL) :
			      DB_INT(choice_rank(run, c, got));
		n = match_explain(run->m, &run->res, (uint32_t)c, why);
		for (size_t i = 0; i < n; i++) {
			if (why[i].why == MATCH_WHY_UNSTABLE) {
				rc = ERR_CONFLICT;
				break;
			}
			rea[nrea++] = DB_INT(sp->cand_id[c]);
			rea[nrea++] = DB_INT(sp->pos_id[why[i].pos]);
			rea[nrea++] = DB_TEXT(why_names[why[i].why]);
			rea[nrea++] = DB_INT(why[i].cand_rank);
			rea[nrea++] = int_or_null(why[i].pos_rank);
			rea[nrea++] = why[i].cutoff == MATCH_NONE ?
				      DB_TEXT(NULL) : int_or_null(why[i].cutoff);
		}
	}
	if (!rc)
		rc = db_insert_rows(db, "INSERT INTO selection_result "
			"(candidate_id, round_id, position_id, choice_rank)",
			"(?, ?, ?, ?)", "", 4, res, sp->ncand);
	if (!rc)
		rc = db_insert_rows(db, "INSERT INTO selection_reason "
			"(candidate_id, position_id, why, choice_rank, "
			"firm_rank, cutoff)", "(?, ?, ?, ?, ?, ?)", "", 6, rea,
			nrea / 6);
	if (!rc)
		rc = sel_store_closed_reasons(db, id);
	for (size_t i = 0; !rc && i < sp->npos; i++)
		rc = sel_store_position_outcome(db, sp->pos_id[i],
						run->filled[i],
						run->cutoff[i] == MATCH_NONE ?
						0 : run->cutoff[i]);
	free(why);
	free(res);
	free(rea);
	return rc;
}

/*
 * Inside the caller's transaction: reveal the seed of locked round `id`
 * (the compare-and-set that says no other run came first) and store the
 * matching `run` found with it.
 */
static int
run_commit(struct db *db, const struct audit_actor *actor, int64_t id,
	   const char *seed, const struct run *run, json_t *before,
	   struct problem *pb)
{
	char now[32];
	json_t *after = NULL;
	int rc;

	time_now_utc(now);
	rc = sel_store_reveal(db, id, seed, now);
	if (rc == ERR_CONFLICT)
		rc = not_in("locked", pb);
	if (!rc)
		rc = store_run(db, id, run);
	if (!rc) {
		after = round_json(db, id);
		rc = audit_write(db, actor, "run", "selection_round", id,
				 before, after);
	}
	json_decref(after);
	return rc;
}

int
sel_run_in(struct db *db, const struct audit_actor *actor, int64_t id,
	   struct problem *pb)
{
	char seed[SELECTION_SEED_LEN + 1];
	struct run run = { 0 };
	struct arena a;
	json_t *before = round_json(db, id);
	int rc;

	arena_init(&a, 0);
	rc = sel_store_seed(db, id, seed);
	if (!rc)
		rc = run_round(db, id, strtoull(seed, NULL, 10), &a, &run, pb);
	if (!rc)
		rc = run_commit(db, actor, id, seed, &run, before, pb);
	json_decref(before);
	match_free(run.m);
	arena_release(&a);
	return rc;
}

/*
 * The run as staff start it: the lists of the locked round (final since
 * the lock, so the reads need no transaction to agree) are read and
 * matched outside any transaction; only the reveal and the writes of the
 * result take the write lock, for as long as the multi-row INSERTs take.
 */
int
sel_round_run(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	char seed[SELECTION_SEED_LEN + 1];
	struct sel_round round;
	struct run run = { 0 };
	struct arena a;
	json_t *before = NULL;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = staff_round(db, p, id, "locked", &round, pb)))
		return rc;
	arena_init(&a, 0);
	rc = sel_store_seed(db, id, seed);
	if (!rc)
		rc = run_round(db, id, strtoull(seed, NULL, 10), &a, &run, pb);
	if (!rc) {
		before = round_json(db, id);
		rc = db_begin(db);
	}
	if (!rc)
		rc = run_commit(db, &p->actor, id, seed, &run, before, pb);
	json_decref(before);
	match_free(run.m);
	arena_release(&a);
	return record_end(db, rc, &selection_round_table, id, out);
}

int
sel_publish_in(struct db *db, const struct audit_actor *actor, int64_t id,
	       struct problem *pb)
{
	struct sel_round round;
	json_t *before = round_json(db, id), *after = NULL;
	json_t *audience = json_array(), *e;
	int64_t *ids = NULL;
	char now[32], link[64];
	size_t i;
	int rc;

	time_now_utc(now);
	snprintf(link, sizeof(link), "/selection/rounds/%" PRId64, id);
	rc = sel_store_round(db, id, &round);
	if (!rc)
		rc = sel_store_publish(db, id, now);
	if (rc == ERR_CONFLICT)
		rc = not_in("run", pb);
	if (!rc)
		rc = sel_store_offers_make(db, id, round.offer_deadline, now);
	if (!rc)
		rc = sel_store_audience(db, id, audience);
	if (!rc) {
		ids = xcalloc(json_array_size(audience) + 1, sizeof(*ids));
		json_array_foreach(audience, i, e)
			ids[i] = record_int(e, "id");
		rc = notify_accounts(db, actor, ids, json_array_size(audience),
				     "双向选择结果已公布",
				     "本轮双向选择的匹配结果已公布，请查看。",
				     link);
	}
	if (!rc) {
		after = round_json(db, id);
		rc = audit_write(db, actor, "publish", "selection_round", id,
				 before, after);
	}
	json_decref(before);
	json_decref(after);
	json_decref(audience);
	free(ids);
	return rc;
}

int
sel_round_publish(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = staff_round(db, p, id, "run", &round, pb)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	rc = sel_publish_in(db, &p->actor, id, pb);
	return record_end(db, rc, &selection_round_table, id, out);
}

int
sel_result_get(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	struct sel_candidate c;
	struct sel_round round;
	int rc;

	(void)in;
	*out = NULL;
	rc = sel_store_candidate(db, id, &c);
	if (!rc)
		rc = sel_may_see_candidate(p, &c);
	if (!rc)
		rc = sel_store_round(db, c.round_id, &round);
	/* Before publication a result is staff's alone. */
	if (!rc && strcmp(round.status, "published") &&
	    !(auth_is_staff(p) && !strcmp(round.status, "run")))
		rc = ERR_NOTFOUND;
	if (!rc)
		rc = sel_store_result_get(db, id, out);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no result to show");
	return rc;
}

/* "P12": a position as the lists name it. */
static void
add_position(struct buf *out, int64_t id)
{
	buf_addf(out, "P%" PRId64, id);
}

static void
lists_csv(const struct sel_problem *sp, const char *name, json_t *matching,
	  struct buf *out)
{
	json_t *e;
	size_t i;

	if (!strcmp(name, "positions.csv")) {
		buf_addstr(out, "position,capacity\n");
		for (i = 0; i < sp->npos; i++) {
			add_position(out, sp->pos_id[i]);
			buf_addf(out, ",%" PRId64 "\n", sp->pos_cap[i]);
		}
	} else if (!strcmp(name, "candidate_prefs.csv")) {
		buf_addstr(out, "candidate,position,rank\n");
		for (i = 0; i < sp->nchoice; i++) {
			buf_addf(out, "%s,", sp->cand_name[sp->choice_cand[i]]);
			add_position(out, sp->pos_id[sp->choice_pos[i]]);
			buf_addf(out, ",%" PRId64 "\n", sp->choice_rank[i]);
		}
	} else if (!strcmp(name, "position_prefs.csv")) {
		buf_addstr(out, "position,candidate,rank\n");
		for (i = 0; i < sp->nrank; i++) {
			add_position(out, sp->pos_id[sp->rank_pos[i]]);
			buf_addf(out, ",%s,%" PRId64 "\n",
				 sp->cand_name[sp->rank_cand[i]],
				 sp->rank_rank[i]);
		}
	} else {
		buf_addstr(out, "candidate,position\n");
		json_array_foreach(matching, i, e) {
			json_t *pos = json_object_get(e, "position_id");

			buf_addf(out, "%s,", record_text(e, "pseudonym"));
			if (json_is_integer(pos))
				add_position(out, json_integer_value(pos));
			buf_addch(out, '\n');
		}
	}
}

int
sel_list_csv(struct db *db, const struct principal *p, int64_t id,
	     const char *name, struct buf *out)
{
	static const char *const names[] = {
		"positions.csv", "candidate_prefs.csv", "position_prefs.csv",
		"matching.csv", NULL,
	};
	struct sel_round round;
	struct sel_problem sp;
	struct arena a;
	json_t *matching = json_array();
	size_t k = 0;
	int rc;

	while (names[k] && strcmp(names[k], name))
		k++;
	rc = names[k] ? sel_store_round(db, id, &round) : ERR_NOTFOUND;
	if (!rc && strcmp(round.status, "published") &&
	    !(auth_is_staff(p) && !strcmp(round.status, "run")))
		rc = ERR_NOTFOUND;
	arena_init(&a, 0);
	if (!rc)
		rc = sel_store_problem(db, id, &a, &sp);
	if (!rc)
		rc = sel_store_matching(db, id, matching);
	if (!rc)
		lists_csv(&sp, name, matching, out);
	arena_release(&a);
	json_decref(matching);
	return rc;
}

/* part / whole, or null when there is no whole. */
static json_t *
share(json_int_t part, json_int_t whole)
{
	return whole ? json_real((double)part / (double)whole) : json_null();
}

/*
 * An order class's commitment and hires as training counts them as of the
 * portal's today.
 */
static int
pledge(struct db *db, int64_t programme_id, json_t **out)
{
	char today[TIME_DATE_LEN + 1];
	json_t *fig = NULL, *e;
	size_t i;
	int rc;

	*out = json_null();
	rc = settings_today(db, today, NULL);
	if (!rc)
		rc = training_figures(db, today, &fig);
	json_array_foreach(json_object_get(fig, "order_classes"), i, e) {
		if (rc || record_int(e, "programme_id") != programme_id)
			continue;
		*out = json_pack("{sI sO sO}", "programme_id",
				 (json_int_t)programme_id, "hiring_commitment",
				 json_object_get(e, "hiring_commitment"),
				 "hired", json_object_get(e, "hired"));
	}
	json_decref(fig);
	return rc;
}

int
sel_round_figures(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	json_t *f = NULL, *oc = NULL;
	json_int_t n, matched, first, sum;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_require(p, PERM_SELECTION_READ, 0)))
		return rc;
	rc = sel_store_round(db, id, &round);
	if (!rc && strcmp(round.status, "published") &&
	    !(auth_is_staff(p) && !strcmp(round.status, "run")))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no figures before the run");
	if (!rc)
		rc = sel_store_figures(db, id, &f);
	if (!rc && round.programme_id)
		rc = pledge(db, round.programme_id, &oc);
	if (rc) {
		json_decref(f);
		json_decref(oc);
		return rc;
	}
	n = record_int(f, "candidates");
	matched = record_int(f, "matched");
	first = record_int(f, "first_choice");
	sum = record_int(f, "rank_sum");
	json_object_del(f, "rank_sum");
	json_object_set_new(f, "round_id", json_integer(id));
	json_object_set_new(f, "matched_share", share(matched, n));
	json_object_set_new(f, "first_choice_share", share(first, n));
	json_object_set_new(f, "mean_rank", share(sum, matched));
	json_object_set_new(f, "order_class", oc ? oc : json_null());
	*out = f;
	return 0;
}

