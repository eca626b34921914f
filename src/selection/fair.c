/*
 * fair.c - a regional fair's lists (区域双选会, issue 20): the three CSV
 * files of `jianggu match` imported into an open round scoped to a
 * region (selection_int.h, sel_round_import()).
 *
 * The files are read by the loader of `jianggu match`
 * (match/match_csv.h), so a fair's lists and the command's take one
 * grammar, and checked by the engine as the run will check them
 * (match_csv_prepare()). Then each identifier is matched to a record by
 * the code a region's colleges and firms hold: a position's is its
 * firm's unified social credit code, a candidate's its person's mobile
 * number, both unique in the ledger. Every row that names an unknown
 * code, a firm that has a position in the round already, a person who is
 * a candidate already, a capacity or a rank the tables refuse, or a list
 * longer than the round's cap is reported (file, line, column, why),
 * and then nothing is written. Else the positions, candidates, lists
 * and rankings are written in one transaction of multi-row INSERTs
 * (store_fair.c) with one audit row for the import: the rule's own
 * (sel_round_import()), which reads and checks the files before it
 * takes the write lock, or the caller's (sel_round_import_in(), a past
 * fair of the demo's history, history.c).
 */
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/time.h"
#include "db/db.h"
#include "match/match.h"
#include "match/match_csv.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

/* The tables' bounds of a headcount and of a rank (0012_selection). */
#define FAIR_HEADCOUNT_MAX 10000
#define FAIR_RANK_MAX 10000

/* The members of the input, in the order of match_csv_file. */
const char *const sel_fair_files[MATCH_CSV_NFILES] = {
	"positions", "candidate_prefs", "position_prefs",
};

/* An import under way. */
struct fair {
	struct match_csv mc;
	struct match_csv_input in[MATCH_CSV_NFILES];
	int64_t *firm;			/* [positions.n]: 0 unknown */
	int64_t *person;		/* [cands.n]: 0 unknown */
	bool *told;			/* [positions.n + cands.n]: reported */
	json_t *errors;
	size_t nerrors;			/* reported, even when not listed */
};

static void *
room(struct arena *a, size_t n, size_t size)
{
	return arena_calloc(a, n + 1, size, alignof(max_align_t));
}

/* Append an error; false once the report is full. */
static bool
report(struct fair *f, int file, size_t line, const char *column,
       const char *key, const char *message)
{
	if (f->nerrors++ >= SELECTION_FAIR_ERRORS_MAX)
		return false;
	json_array_append_new(f->errors, json_pack("{ss sI ss? ss ss}",
		"file", sel_fair_files[file], "line", (json_int_t)line,
		"column", column, "key", key, "message", message));
	return true;
}

/* Whether `id` is among the owners of `map` (sorted). */
static bool
owned(const struct sel_id_map *map, int64_t id)
{
	size_t lo = 0, hi = map->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map->owner[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < map->n && map->owner[lo] == id;
}

/* Match `names` to the records of `codes`: ids[i] the record of name i. */
static void
resolve(const struct match_names *names, const struct sel_code *codes,
	size_t n, int64_t *ids)
{
	uint32_t i;

	for (size_t k = 0; k < n; k++)
		if (!match_names_find(names, codes[k].code,
				      strlen(codes[k].code), &i))
			ids[i] = codes[k].id;
}

/* Check the position named in field `fl` of a row (once per position). */
static bool
check_position(struct fair *f, const struct sel_id_map *taken, int file,
	       size_t line, const struct csv_field *fl)
{
	uint32_t i;

	if (match_names_find(&f->mc.positions, fl->p, fl->len, &i) ||
	    f->told[i])
		return true;
	if (!f->firm[i]) {
		f->told[i] = true;
		return report(f, file, line, "position",
			      "selection.import.err.no_firm",
			      "no enterprise or startup has this credit code");
	}
	if (owned(taken, f->firm[i])) {
		f->told[i] = true;
		return report(f, file, line, "position",
			      "selection.import.err.firm_taken",
			      "the firm has a position in this round already");
	}
	return true;
}

/* Check the candidate named in field `fl` of a row (once per candidate). */
static bool
check_candidate(struct fair *f, const struct sel_id_map *taken,
		int64_t list_cap, int file, size_t line,
		const struct csv_field *fl)
{
	const struct match_csv *mc = &f->mc;
	bool *told = f->told + mc->positions.n;
	uint32_t c;

	if (match_names_find(&mc->cands, fl->p, fl->len, &c) || told[c])
		return true;
	told[c] = true;
	if (!f->person[c])
		return report(f, file, line, "candidate",
			      "selection.import.err.no_person",
			      "no person has this mobile number");
	if (owned(taken, f->person[c]))
		return report(f, file, line, "candidate",
			      "selection.import.err.person_taken",
			      "the person is a candidate in this round already");
	if (list_cap && c < mc->nlisted &&
	    mc->cand_off[c + 1] - mc->cand_off[c] > (uint64_t)list_cap)
		return report(f, file, line, "candidate",
			      "selection.import.err.list_cap",
			      "the list is longer than the round allows");
	return true;
}

/* Whether the number in `fl` is outside min .. max. */
static bool
outside(const struct csv_field *fl, unsigned long min, unsigned long max)
{
	char digits[16];
	unsigned long v;

	if (fl->len >= sizeof(digits))
		return true;
	memcpy(digits, fl->p, fl->len);
	digits[fl->len] = '\0';
	v = strtoul(digits, NULL, 10);
	return v < min || v > max;
}

/*
 * Read the files again, row by row, and report what the records or the
 * tables refuse, each code at its first row. The loader accepted the
 * files, so every row has its fields.
 */
static void
check_rows(struct fair *f, const struct sel_id_map *firms,
	   const struct sel_id_map *people, int64_t list_cap)
{
	bool more = true;

	for (int file = 0; more && file < MATCH_CSV_NFILES; file++) {
		struct csv r;
		bool header = true;

		csv_init(&r, f->in[file].data, f->in[file].len, ',',
			 CSV_SKIP_BLANK);
		while (more && csv_next(&r)) {
			const struct csv_field *fl = r.field;

			if (header) {
				header = false;
				continue;
			}
			if (file == MATCH_CSV_POSITIONS) {
				more = check_position(f, firms, file, r.line,
						      &fl[0]);
				if (more && outside(&fl[1], 1,
						    FAIR_HEADCOUNT_MAX))
					more = report(f, file, r.line,
						"capacity",
						"selection.import.err.capacity",
						"a capacity is from 1 to 10000");
				continue;
			}
			more = check_candidate(f, people, list_cap, file,
					       r.line, &fl[file ==
					       MATCH_CSV_CAND_PREFS ? 0 : 1]);
			if (more && outside(&fl[2], 1, FAIR_RANK_MAX))
				more = report(f, file, r.line, "rank",
					      "selection.import.err.rank",
					      "a rank is from 1 to 10000");
		}
		csv_release(&r);
	}
}

/* The loader's or the engine's refusal, as the report's one error. */
static void
refused(struct fair *f, const struct match_csv_error *err)
{
	int file = 0;

	for (int i = 0; i < MATCH_CSV_NFILES; i++)
		if (err->file == f->in[i].name)
			file = i;
	report(f, file, err->line, NULL, "selection.import.err.format",
	       err->msg);
}

int64_t
sel_id_of(const struct sel_id_map *map, int64_t owner)
{
	size_t lo = 0, hi = map->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (map->owner[mid] < owner)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < map->n && map->owner[lo] == owner ? map->id[lo] : 0;
}

/* Write the checked lists into round `id` (the caller's transaction). */
static int
write_lists(struct db *db, const struct audit_actor *actor, int64_t id,
	    struct fair *f, struct arena *a, json_t *summary)
{
	const struct match_csv *mc = &f->mc;
	size_t npos = mc->positions.n, ncand = mc->cands.n;
	size_t nchoice = mc->cand_off[mc->mp.ncand];
	size_t nrank = mc->pos_off[mc->mp.npos], most;
	struct sel_id_map pos, cand;
	struct db_value *v;
	char now[32], (*pseudonym)[SELECTION_PSEUDONYM_LEN + 1];
	size_t k = 0;
	int rc;

	time_now_utc(now);
	most = npos * 5 > ncand * 6 ? npos * 5 : ncand * 6;
	most = most > nchoice * 3 ? most : nchoice * 3;
	most = most > nrank * 3 ? most : nrank * 3;
	v = room(a, most, sizeof(*v));
	pseudonym = room(a, ncand, sizeof(*pseudonym));
	if (!v || !pseudonym)
		return ERR_NOMEM;

	for (size_t i = 0; i < npos; i++) {
		v[k++] = DB_INT(id);
		v[k++] = DB_INT(f->firm[i]);
		v[k++] = DB_INT(mc->capacity[i]);
		v[k++] = DB_TEXT(now);
		v[k++] = DB_TEXT(now);
	}
	/* A position takes its firm's name and address; the firm states
	 * its terms (PATCH) before the lock. */
	rc = db_insert_rows(db, "INSERT INTO selection_position "
		"(round_id, firm_id, title, occupation, headcount, place, "
		"pay_min, pay_max, status, created_at, updated_at) SELECT "
		"v.column1, o.id, o.name, '区域双选会', v.column3, CASE WHEN "
		"o.address = '' THEN '面议' ELSE o.address END, 0, 0, 'open', "
		"v.column4, v.column5 FROM (",
		"(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER), "
		"CAST(? AS TEXT), CAST(? AS TEXT))",
		") AS v JOIN org o ON o.id = v.column2", 5, v, npos);
	if (!rc)
		rc = sel_store_fair_positions(db, id, a, &pos);

	for (size_t c = 0, k2 = 0; !rc && c < ncand; c++) {
		sel_new_pseudonym(pseudonym[c]);
		v[k2++] = DB_INT(id);
		v[k2++] = DB_INT(f->person[c]);
		v[k2++] = DB_TEXT(pseudonym[c]);
		v[k2++] = DB_TEXT(c < mc->nlisted ? now : NULL);
		v[k2++] = DB_TEXT(now);
		v[k2++] = DB_TEXT(now);
	}
	if (!rc)
		rc = db_insert_rows(db, "INSERT INTO selection_candidate "
			"(round_id, person_id, pseudonym, basis, consent, "
			"status, submitted_at, created_at, updated_at)",
			"(?, ?, ?, 'listed', 0, 'registered', ?, ?, ?)", "", 6,
			v, ncand);
	if (!rc)
		rc = sel_store_fair_candidates(db, id, a, &cand);

	k = 0;
	for (size_t c = 0; !rc && c < mc->mp.ncand; c++)
		for (uint32_t i = mc->cand_off[c]; i < mc->cand_off[c + 1];
		     i++) {
			v[k++] = DB_INT(sel_id_of(&cand, f->person[c]));
			v[k++] = DB_INT(sel_id_of(&pos,
						  f->firm[mc->cand_pos[i]]));
			v[k++] = DB_INT(mc->cand_rank[i]);
		}
	if (!rc)
		rc = db_insert_rows(db, "INSERT INTO selection_choice "
			"(candidate_id, position_id, rank)", "(?, ?, ?)", "",
			3, v, nchoice);
	k = 0;
	for (size_t p = 0; !rc && p < mc->mp.npos; p++)
		for (uint32_t i = mc->pos_off[p]; i < mc->pos_off[p + 1];
		     i++) {
			v[k++] = DB_INT(sel_id_of(&pos, f->firm[p]));
			v[k++] = DB_INT(sel_id_of(&cand,
						  f->person[mc->pos_cand[i]]));
			v[k++] = DB_INT(mc->pos_rank[i]);
		}
	if (!rc)
		rc = db_insert_rows(db, "INSERT INTO selection_ranking "
			"(position_id, candidate_id, rank)", "(?, ?, ?)", "",
			3, v, nrank);
	if (!rc)
		rc = audit_write(db, actor, "import", "selection_round", id,
				 NULL, summary);
	return rc;
}

/* The three files of `in`, or the refusal naming the one missing. */
static int
inputs(json_t *in, struct fair *f, struct problem *pb)
{
	for (int i = 0; i < MATCH_CSV_NFILES; i++) {
		json_t *s = json_object_get(in, sel_fair_files[i]);

		if (!json_is_string(s))
			return problem_key(pb, ERR_INVALID, sel_fair_files[i],
					   "selection.import.err.file",
					   "each of positions, candidate_prefs "
					   "and position_prefs is the text of "
					   "a CSV file");
		f->in[i] = (struct match_csv_input){
			sel_fair_files[i], json_string_value(s),
			json_string_length(s),
		};
	}
	return 0;
}

/*
 * Check the rows against the round's positions and candidates as they are
 * now (a firm or person in it already). Run by check(), and again inside
 * the write's transaction once the round is held, as every writer of its
 * positions and candidates holds it: one may have come between the two.
 */
static int
check_taken(struct db *db, int64_t id, int64_t list_cap, struct fair *f,
	    struct arena *a)
{
	struct sel_id_map firms_in, people_in;
	int rc = sel_store_fair_positions(db, id, a, &firms_in);

	memset(f->told, 0, (f->mc.positions.n + f->mc.cands.n) *
	       sizeof(*f->told));
	if (!rc)
		rc = sel_store_fair_candidates(db, id, a, &people_in);
	if (!rc)
		check_rows(f, &firms_in, &people_in, list_cap);
	return rc;
}

/* Load, let the engine check, and match codes to records. */
static int
check(struct db *db, int64_t id, int64_t list_cap, struct fair *f,
      struct arena *a)
{
	struct match_csv_error err;
	struct match_fault fault;
	struct sel_code *firms, *people;
	size_t nfirm, nperson;
	int rc;

	if (match_csv_load(&f->mc, f->in, 1, &err)) {
		refused(f, &err);
		return 0;
	}
	if (match_csv_prepare(&f->mc, 0, &fault)) {
		match_csv_locate(&f->mc, f->in, &fault, &err);
		refused(f, &err);
		return 0;
	}
	f->firm = room(a, f->mc.positions.n, sizeof(int64_t));
	f->person = room(a, f->mc.cands.n, sizeof(int64_t));
	f->told = room(a, f->mc.positions.n + f->mc.cands.n, sizeof(bool));
	if (!f->firm || !f->person || !f->told)
		return ERR_NOMEM;
	rc = sel_store_firm_codes(db, a, &firms, &nfirm);
	if (!rc)
		rc = sel_store_person_codes(db, a, &people, &nperson);
	if (rc)
		return rc;
	resolve(&f->mc.positions, firms, nfirm, f->firm);
	resolve(&f->mc.cands, people, nperson, f->person);
	return check_taken(db, id, list_cap, f, a);
}

/* The report's first error as the refusal, its message in the report. */
static int
first_error(struct fair *f, json_t *result, struct problem *pb)
{
	json_t *e = json_array_get(f->errors, 0);
	char text[400];

	if (!e)
		return problem_key(pb, ERR_INVALID, NULL,
				   "selection.import.err.format",
				   "the files are refused");
	snprintf(text, sizeof(text), "%s line %lld%s%s: %s",
		 json_string_value(json_object_get(e, "file")),
		 (long long)json_integer_value(json_object_get(e, "line")),
		 json_is_string(json_object_get(e, "column")) ? ", " : "",
		 json_is_string(json_object_get(e, "column")) ?
		 json_string_value(json_object_get(e, "column")) : "",
		 json_string_value(json_object_get(e, "message")));
	json_object_set_new(result, "refusal", json_string(text));
	return problem_key(pb, ERR_INVALID, json_string_value(json_object_get(
			   e, "file")), json_string_value(json_object_get(e,
			   "key")), json_string_value(json_object_get(result,
			   "refusal")));
}

/* Round `id` as an import needs it: scoped to a region, open. */
static int
import_round(struct db *db, int64_t id, struct sel_round *round,
	     struct problem *pb)
{
	int rc = sel_round_of(db, id, NULL, round, pb);

	if (rc)
		return rc;
	if (strcmp(round->scope, "region"))
		return problem_key(pb, ERR_CONFLICT, "scope",
				   "selection.import.err.scope",
				   "lists are imported into a round scoped "
				   "to a region");
	if (strcmp(round->status, "open"))
		return problem_key(pb, ERR_CONFLICT, "status",
				   "selection.err.round_locked",
				   "the round is locked already");
	return 0;
}

/*
 * Inside the caller's transaction: hold round `id` open, check the rows
 * once more against its positions and candidates, and write them.
 */
static int
import_in(struct db *db, const struct audit_actor *actor, int64_t id,
	  int64_t list_cap, struct fair *f, struct arena *a, json_t *result,
	  struct problem *pb)
{
	int rc = sel_store_round_hold(db, id, "open");

	if (rc == ERR_CONFLICT)
		problem_key(pb, rc, "status", "selection.err.round_locked",
			    "the round is locked already");
	if (!rc)
		rc = check_taken(db, id, list_cap, f, a);
	if (!rc && f->nerrors)
		rc = first_error(f, result, pb);
	if (!rc)
		rc = write_lists(db, actor, id, f, a, result);
	return rc;
}

/* The report of the checked files: what they hold, the errors found. */
static json_t *
report_of(const struct fair *f, bool dry)
{
	const struct match_csv *mc = &f->mc;

	return json_pack("{ss sI sI sI sI sb sO}", "mode", dry ? "dry_run" :
			 "all_or_nothing", "positions",
			 (json_int_t)mc->positions.n, "candidates",
			 (json_int_t)mc->cands.n, "choices",
			 (json_int_t)(mc->cand_off ?
			 mc->cand_off[mc->mp.ncand] : 0), "rankings",
			 (json_int_t)(mc->pos_off ? mc->pos_off[mc->mp.npos] :
			 0), "applied", 0, "errors", f->errors);
}

/*
 * Read and check the files of `in` for round `id`, open and scoped to a
 * region (*round), before anything is written: the report in *report,
 * also when the files are refused (ERR_INVALID, the first error in
 * *pb). release() frees what `f` holds then.
 */
static int
prepare(struct db *db, int64_t id, json_t *in, bool dry, struct fair *f,
	struct arena *a, struct sel_round *round, json_t **report,
	struct problem *pb)
{
	int rc = import_round(db, id, round, pb);

	*report = NULL;
	f->errors = json_array();
	if (!rc)
		rc = inputs(in, f, pb);
	if (rc)
		return rc;
	rc = check(db, id, round->list_cap, f, a);
	*report = report_of(f, dry);
	if (!rc && f->nerrors)
		rc = first_error(f, *report, pb);
	return rc;
}

static void
release(struct fair *f)
{
	json_decref(f->errors);
	match_csv_release(&f->mc);
}

int
sel_fair_round(struct db *db, const struct principal *p, int64_t id,
	       struct sel_round *round, struct problem *pb)
{
	int rc = auth_require(p, PERM_SELECTION_MANAGE, 0);

	return rc ? rc : import_round(db, id, round, pb);
}

int
sel_round_import(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	const char *mode = json_string_value(json_object_get(in, "mode"));
	struct sel_round round;
	struct fair f = { 0 };
	struct arena a;
	json_t *result;
	bool dry;
	int rc;

	*out = NULL;
	if ((rc = sel_fair_round(db, p, id, &round, pb)))
		return rc;
	if (mode && strcmp(mode, "dry_run") && strcmp(mode, "all_or_nothing"))
		return problem_key(pb, ERR_INVALID, "mode", "import.err.mode",
				   "mode must be dry_run or all_or_nothing");
	dry = mode && !strcmp(mode, "dry_run");

	arena_init(&a, 0);
	rc = prepare(db, id, in, dry, &f, &a, &round, &result, pb);
	/* Only now the write lock, for the writes alone. */
	if (!rc && !dry) {
		rc = db_begin(db);
		if (!rc)
			rc = import_in(db, &p->actor, id, round.list_cap, &f,
				       &a, result, pb);
		rc = db_end(db, rc);
		if (!rc)
			json_object_set_new(result, "applied", json_true());
	}
	if (!rc || rc == ERR_INVALID)
		*out = result;
	else
		json_decref(result);
	release(&f);
	arena_release(&a);
	return rc;
}

int
sel_round_import_in(struct db *db, const struct audit_actor *actor,
		    int64_t id, json_t *in, json_t **out, struct problem *pb)
{
	struct sel_round round;
	struct fair f = { 0 };
	struct arena a;
	int rc;

	arena_init(&a, 0);
	rc = prepare(db, id, in, false, &f, &a, &round, out, pb);
	if (!rc)
		rc = import_in(db, actor, id, round.list_cap, &f, &a, *out,
			       pb);
	if (!rc)
		json_object_set_new(*out, "applied", json_true());
	release(&f);
	arena_release(&a);
	return rc;
}
