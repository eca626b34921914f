/*
 * store.c - every SQL statement of two-way selection (selection_int.h),
 * with bound values; records read with the row mapper.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "selection/selection_int.h"

_Static_assert(DB_FITS(struct sel_round, status, SELECTION_STATUS_MAX),
	       "a round's status fits");
_Static_assert(DB_FITS(struct sel_round, seed, SELECTION_SEED_LEN),
	       "a seed fits");
_Static_assert(DB_FITS(struct sel_round, opens_on, TIME_DATE_LEN) &&
	       DB_FITS(struct sel_round, offer_deadline, TIME_DATE_LEN),
	       "a round's dates fit");
_Static_assert(DB_FITS(struct sel_round, scope, SELECTION_SCOPE_MAX),
	       "a round's scope fits");
_Static_assert(DB_FITS(struct sel_offer, status, 8), "a status fits");
_Static_assert(DB_FITS(struct sel_offer, deadline, TIME_DATE_LEN),
	       "a date fits");
_Static_assert(DB_FITS(struct sel_position, status, 9),
	       "a position's status fits");
_Static_assert(DB_FITS(struct sel_candidate, pseudonym,
		       SELECTION_PSEUDONYM_LEN), "a pseudonym fits");

static const struct db_field round_fields[] = {
	DB_FIELD_INT64(struct sel_round, id),
	DB_FIELD_INT64(struct sel_round, year),
	DB_FIELD_INT64(struct sel_round, programme_id),
	DB_FIELD_INT64(struct sel_round, list_cap),
	DB_FIELD_CHARS(struct sel_round, scope),
	DB_FIELD_CHARS(struct sel_round, status),
	DB_FIELD_CHARS(struct sel_round, seed),
	DB_FIELD_CHARS(struct sel_round, opens_on),
	DB_FIELD_CHARS(struct sel_round, offer_deadline),
	DB_FIELDS_END
};

int
sel_store_round(struct db *db, int64_t id, struct sel_round *out)
{
	return db_get_one(db, "SELECT id, year, programme_id, list_cap, "
			  "scope, status, seed, opens_on, offer_deadline FROM "
			  "selection_round WHERE id = ? AND archived_at IS "
			  "NULL",
			  (struct db_value[]){ DB_INT(id) }, 1, round_fields,
			  out, sizeof(*out), NULL);
}

static const struct db_field position_fields[] = {
	DB_FIELD_INT64(struct sel_position, id),
	DB_FIELD_INT64(struct sel_position, round_id),
	DB_FIELD_INT64(struct sel_position, firm_id),
	DB_FIELD_CHARS(struct sel_position, status),
	DB_FIELDS_END
};

int
sel_store_position(struct db *db, int64_t id, struct sel_position *out)
{
	return db_get_one(db, "SELECT id, round_id, firm_id, status FROM "
			  "selection_position WHERE id = ? AND "
			  "archived_at IS NULL",
			  (struct db_value[]){ DB_INT(id) }, 1,
			  position_fields, out, sizeof(*out), NULL);
}

static const struct db_field candidate_fields[] = {
	DB_FIELD_INT64(struct sel_candidate, id),
	DB_FIELD_INT64(struct sel_candidate, round_id),
	DB_FIELD_INT64(struct sel_candidate, person_id),
	DB_FIELD_BOOL(struct sel_candidate, consent),
	DB_FIELD_CHARS(struct sel_candidate, status),
	DB_FIELD_CHARS(struct sel_candidate, pseudonym),
	DB_FIELDS_END
};

int
sel_store_candidate(struct db *db, int64_t id, struct sel_candidate *out)
{
	return db_get_one(db, "SELECT id, round_id, person_id, consent, "
			  "status, pseudonym FROM selection_candidate WHERE "
			  "id = ? AND archived_at IS NULL",
			  (struct db_value[]){ DB_INT(id) }, 1,
			  candidate_fields, out, sizeof(*out), NULL);
}

/* No row changed: the state moved under us. */
static int
moved(int rc)
{
	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
sel_store_round_hold(struct db *db, int64_t id, const char *status)
{
	return moved(db_change_values(db, "UPDATE selection_round SET "
				      "updated_at = updated_at WHERE id = ? "
				      "AND status = ? AND archived_at IS NULL",
				      (struct db_value[]){ DB_INT(id),
				      DB_TEXT(status) }, 2));
}

int
sel_store_position_move(struct db *db, int64_t id, const char *from,
			const char *to, const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_position SET "
				      "status = ?, updated_at = ? WHERE id = ? "
				      "AND status = ?",
				      (struct db_value[]){ DB_TEXT(to),
				      DB_TEXT(now), DB_INT(id), DB_TEXT(from) },
				      4));
}

int
sel_store_candidate_move(struct db *db, int64_t id, const char *from,
			 const char *to, const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_candidate SET "
				      "status = ?, updated_at = ? WHERE id = ? "
				      "AND status = ?",
				      (struct db_value[]){ DB_TEXT(to),
				      DB_TEXT(now), DB_INT(id), DB_TEXT(from) },
				      4));
}

int
sel_store_candidate_consent(struct db *db, int64_t id, bool consent,
			    const char *now)
{
	return db_change_values(db, "UPDATE selection_candidate SET "
				"consent = ?, updated_at = ? WHERE id = ?",
				(struct db_value[]){ DB_INT(consent),
				DB_TEXT(now), DB_INT(id) }, 3);
}

int
sel_store_choices_set(struct db *db, int64_t id, const int64_t *positions,
		      size_t n, bool submit, const char *now)
{
	int rc;

	rc = db_exec_values(db, "DELETE FROM selection_choice WHERE "
			    "candidate_id = ?",
			    (struct db_value[]){ DB_INT(id) }, 1);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_exec_values(db, "INSERT INTO selection_choice "
				    "(candidate_id, position_id, rank) "
				    "VALUES (?, ?, ?)",
				    (struct db_value[]){ DB_INT(id),
				    DB_INT(positions[i]),
				    DB_INT((int64_t)i + 1) }, 3);
	if (!rc)
		rc = db_change_values(db, "UPDATE selection_candidate SET "
				      "submitted_at = ?, updated_at = ? "
				      "WHERE id = ?",
				      (struct db_value[]){
				      DB_TEXT(submit ? now : NULL),
				      DB_TEXT(now), DB_INT(id) }, 3);
	return rc;
}

int
sel_store_choices(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db, "SELECT c.position_id, c.rank, p.title, "
			      "p.status, o.name AS firm_name FROM "
			      "selection_choice c JOIN selection_position p "
			      "ON p.id = c.position_id JOIN org o ON "
			      "o.id = p.firm_id WHERE c.candidate_id = ? "
			      "ORDER BY c.rank",
			      (struct db_value[]){ DB_INT(id) }, 1, items);
}

int
sel_store_applied(struct db *db, int64_t cand, int64_t pos, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM selection_choice WHERE "
			 "candidate_id = ? AND position_id = ?",
			 (struct db_value[]){ DB_INT(cand), DB_INT(pos) }, 2,
			 yes);
}

int
sel_store_applicants(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db, "SELECT k.id AS candidate_id, k.pseudonym, "
			      "k.basis, k.consent, k.person_id, "
			      "pe.name AS person_name, c.rank AS choice_rank, "
			      "r.rank AS firm_rank FROM selection_choice c "
			      "JOIN selection_candidate k ON k.id = "
			      "c.candidate_id JOIN person pe ON pe.id = "
			      "k.person_id LEFT JOIN selection_ranking r ON "
			      "r.position_id = c.position_id AND "
			      "r.candidate_id = k.id WHERE c.position_id = ? "
			      "AND k.status = 'registered' AND "
			      "k.submitted_at IS NOT NULL ORDER BY "
			      "k.pseudonym",
			      (struct db_value[]){ DB_INT(id) }, 1, items);
}

int
sel_store_ranking_set(struct db *db, int64_t id, const int64_t *cands,
		      const int64_t *ranks, size_t n, const char *now)
{
	int rc;

	rc = db_exec_values(db, "DELETE FROM selection_ranking WHERE "
			    "position_id = ?",
			    (struct db_value[]){ DB_INT(id) }, 1);
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_exec_values(db, "INSERT INTO selection_ranking "
				    "(position_id, candidate_id, rank) "
				    "VALUES (?, ?, ?)",
				    (struct db_value[]){ DB_INT(id),
				    DB_INT(cands[i]), DB_INT(ranks[i]) }, 3);
	if (!rc)
		rc = db_change_values(db, "UPDATE selection_position SET "
				      "updated_at = ? WHERE id = ?",
				      (struct db_value[]){ DB_TEXT(now),
				      DB_INT(id) }, 2);
	return rc;
}

int
sel_store_ranking(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db, "SELECT r.candidate_id, k.pseudonym, "
			      "r.rank FROM selection_ranking r JOIN "
			      "selection_candidate k ON k.id = r.candidate_id "
			      "WHERE r.position_id = ? ORDER BY r.rank, "
			      "k.pseudonym",
			      (struct db_value[]){ DB_INT(id) }, 1, items);
}

int
sel_store_lock(struct db *db, int64_t id, const char *seed,
	       const char *hash, const char *now)
{
	int rc;

	rc = moved(db_change_values(db, "UPDATE selection_round SET status = "
				    "'locked', seed_hash = ?, locked_at = ?, "
				    "updated_at = ? WHERE id = ? AND status = "
				    "'open' AND archived_at IS NULL",
				    (struct db_value[]){ DB_TEXT(hash),
				    DB_TEXT(now), DB_TEXT(now), DB_INT(id) },
				    4));
	if (!rc)
		rc = db_exec_values(db, "INSERT INTO selection_seed (round_id, "
				    "seed, drawn_at) VALUES (?, ?, ?)",
				    (struct db_value[]){ DB_INT(id),
				    DB_TEXT(seed), DB_TEXT(now) }, 3);
	return rc;
}

struct seed_row {
	char seed[SELECTION_SEED_LEN + 1];
};

static const struct db_field seed_fields[] = {
	DB_FIELD_CHARS(struct seed_row, seed),
	DB_FIELDS_END
};

int
sel_store_seed(struct db *db, int64_t id,
	       char seed[SELECTION_SEED_LEN + 1])
{
	struct seed_row row;
	int rc;

	rc = db_get_one(db, "SELECT seed FROM selection_seed WHERE "
			"round_id = ?", (struct db_value[]){ DB_INT(id) }, 1,
			seed_fields, &row, sizeof(row), NULL);
	memcpy(seed, row.seed, sizeof(row.seed));
	return rc;
}

int
sel_store_reveal(struct db *db, int64_t id, const char *seed,
		 const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_round SET status "
				      "= 'run', seed = ?, run_at = ?, "
				      "updated_at = ? WHERE id = ? AND status "
				      "= 'locked'",
				      (struct db_value[]){ DB_TEXT(seed),
				      DB_TEXT(now), DB_TEXT(now), DB_INT(id) },
				      4));
}

int
sel_store_publish(struct db *db, int64_t id, const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_round SET status "
				      "= 'published', published_at = ?, "
				      "updated_at = ? WHERE id = ? AND status "
				      "= 'run'",
				      (struct db_value[]){ DB_TEXT(now),
				      DB_TEXT(now), DB_INT(id) }, 3));
}

struct id_row {
	int64_t id;
};

static const struct db_field id_fields[] = {
	DB_FIELD_INT64(struct id_row, id),
	DB_FIELDS_END
};

int
sel_store_due(struct db *db, const char *now, struct arena *a,
	      int64_t **ids, size_t *n)
{
	struct id_row *rows;
	int rc;

	rc = db_get_many(db, "SELECT id FROM selection_round WHERE status = "
			 "'open' AND lock_at <= ? AND archived_at IS NULL "
			 "ORDER BY id", (struct db_value[]){ DB_TEXT(now) }, 1,
			 id_fields, sizeof(*rows), a, (void **)&rows, n);
	*ids = NULL;
	if (rc || !*n)
		return rc;
	*ids = arena_calloc(a, *n, sizeof(**ids), alignof(int64_t));
	if (!*ids)
		return ERR_NOMEM;
	for (size_t i = 0; i < *n; i++)
		(*ids)[i] = rows[i].id;
	return 0;
}

/* ---- the problem of a round ---- */

struct pos_row {
	int64_t id, headcount;
};

static const struct db_field pos_row_fields[] = {
	DB_FIELD_INT64(struct pos_row, id),
	DB_FIELD_INT64(struct pos_row, headcount),
	DB_FIELDS_END
};

struct cand_row {
	int64_t id;
	const char *pseudonym;
};

static const struct db_field cand_row_fields[] = {
	DB_FIELD_INT64(struct cand_row, id),
	DB_FIELD_TEXT(struct cand_row, pseudonym),
	DB_FIELDS_END
};

/* A pair of a list: whose list, of whom, which rank. */
struct pair_row {
	int64_t owner, other, rank;
};

static const struct db_field pair_fields[] = {
	DB_FIELD_INT64(struct pair_row, owner),
	DB_FIELD_INT64(struct pair_row, other),
	DB_FIELD_INT64(struct pair_row, rank),
	DB_FIELDS_END
};

/* A candidate's id and its place in pseudonym order. */
struct cand_at {
	int64_t id;
	size_t idx;
};

static int
cmp_cand_at(const void *a, const void *b)
{
	int64_t x = ((const struct cand_at *)a)->id;
	int64_t y = ((const struct cand_at *)b)->id;

	return (x > y) - (x < y);
}

/* A list entry by indexes: whose list, of whom, which rank. */
struct entry {
	size_t owner, other;
	int64_t rank;
};

/* Candidates' lists: by candidate, then rank. */
static int
cmp_choice(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Positions' lists: by position, then rank, then candidate (pseudonym). */
static int
cmp_ranking(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->other > y->other) - (x->other < y->other);
}

/* The index of `id` in the sorted ids[0 .. n), or n. */
static size_t
index_of(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? lo : n;
}

/* The pseudonym-order index of candidate `id` in by_id[0 .. n), or n. */
static size_t
cand_index(const struct cand_at *by_id, size_t n, int64_t id)
{
	struct cand_at key = { id, 0 };
	const struct cand_at *at = bsearch(&key, by_id, n, sizeof(*by_id),
					   cmp_cand_at);

	return at ? at->idx : n;
}

/* Position p is an open position of round ?. */
#define OPEN_OF_ROUND							\
	"p.round_id = ? AND p.status = 'open' AND p.archived_at IS NULL"

/*
 * Four plain reads (no join of candidates with positions, whose plan
 * SQLite gets wrong at a regional fair's size), then the candidates in
 * the run, the lists' order and the indexes worked out here.
 */
int
sel_store_problem(struct db *db, int64_t id, struct arena *a,
		  struct sel_problem *out)
{
	struct pos_row *pos;
	struct cand_row *cand;
	struct pair_row *ch, *rk;
	struct cand_at *by_id;
	struct entry *e;
	size_t ncand, nch, nrk, *run_idx, n;
	struct db_value v[] = { DB_INT(id) };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_get_many(db, "SELECT p.id, p.headcount FROM "
			 "selection_position p WHERE " OPEN_OF_ROUND
			 " ORDER BY p.id", v, 1, pos_row_fields, sizeof(*pos),
			 a, (void **)&pos, &out->npos);
	if (!rc)
		rc = db_get_many(db, "SELECT id, pseudonym FROM "
				 "selection_candidate WHERE round_id = ? AND "
				 "status = 'registered' AND submitted_at IS "
				 "NOT NULL AND archived_at IS NULL ORDER BY "
				 "pseudonym", v, 1, cand_row_fields,
				 sizeof(*cand), a, (void **)&cand, &ncand);
	if (!rc)
		rc = db_get_many(db, "SELECT c.candidate_id AS owner, "
				 "c.position_id AS other, c.rank FROM "
				 "selection_position p JOIN selection_choice c "
				 "ON c.position_id = p.id WHERE " OPEN_OF_ROUND,
				 v, 1, pair_fields,
				 sizeof(*ch), a, (void **)&ch, &nch);
	if (!rc)
		rc = db_get_many(db, "SELECT r.position_id AS owner, "
				 "r.candidate_id AS other, r.rank FROM "
				 "selection_position p JOIN selection_ranking r "
				 "ON r.position_id = p.id WHERE " OPEN_OF_ROUND,
				 v, 1, pair_fields,
				 sizeof(*rk), a, (void **)&rk, &nrk);
	if (rc)
		return rc;

	by_id = arena_calloc(a, ncand + 1, sizeof(*by_id),
			     alignof(struct cand_at));
	run_idx = arena_calloc(a, ncand + 1, sizeof(size_t), alignof(size_t));
	e = arena_calloc(a, (nch > nrk ? nch : nrk) + 1, sizeof(*e),
			 alignof(struct entry));
	out->pos_id = arena_calloc(a, out->npos + 1, sizeof(int64_t),
				   alignof(int64_t));
	out->pos_cap = arena_calloc(a, out->npos + 1, sizeof(int64_t),
				    alignof(int64_t));
	out->cand_id = arena_calloc(a, ncand + 1, sizeof(int64_t),
				    alignof(int64_t));
	out->cand_name = arena_calloc(a, ncand + 1, sizeof(char *),
				      alignof(char *));
	out->choice_cand = arena_calloc(a, nch + 1, sizeof(size_t),
					alignof(size_t));
	out->choice_pos = arena_calloc(a, nch + 1, sizeof(size_t),
				       alignof(size_t));
	out->choice_rank = arena_calloc(a, nch + 1, sizeof(int64_t),
					alignof(int64_t));
	out->rank_pos = arena_calloc(a, nrk + 1, sizeof(size_t),
				     alignof(size_t));
	out->rank_cand = arena_calloc(a, nrk + 1, sizeof(size_t),
				      alignof(size_t));
	out->rank_rank = arena_calloc(a, nrk + 1, sizeof(int64_t),
				      alignof(int64_t));
	if (!by_id || !run_idx || !e || !out->pos_id || !out->pos_cap ||
	    !out->cand_id || !out->cand_name || !out->choice_cand ||
	    !out->choice_pos || !out->choice_rank || !out->rank_pos ||
	    !out->rank_cand || !out->rank_rank)
		return ERR_NOMEM;
	for (size_t i = 0; i < out->npos; i++) {
		out->pos_id[i] = pos[i].id;
		out->pos_cap[i] = pos[i].headcount;
	}
	for (size_t i = 0; i < ncand; i++)
		by_id[i] = (struct cand_at){ cand[i].id, i };
	qsort(by_id, ncand, sizeof(*by_id), cmp_cand_at);

	/* The candidates' lists; who names an open position is in the run. */
	n = 0;
	for (size_t i = 0; i < nch; i++) {
		size_t c = cand_index(by_id, ncand, ch[i].owner);

		if (c == ncand)
			continue;
		run_idx[c] = 1;
		e[n++] = (struct entry){ c, index_of(out->pos_id, out->npos,
			  ch[i].other), ch[i].rank };
	}
	for (size_t c = 0; c < ncand; c++)
		if (run_idx[c]) {
			run_idx[c] = out->ncand;
			out->cand_id[out->ncand] = cand[c].id;
			out->cand_name[out->ncand++] = cand[c].pseudonym;
		} else {
			run_idx[c] = ncand;
		}
	qsort(e, n, sizeof(*e), cmp_choice);
	for (size_t i = 0; i < n; i++) {
		out->choice_cand[i] = run_idx[e[i].owner];
		out->choice_pos[i] = e[i].other;
		out->choice_rank[i] = e[i].rank;
	}
	out->nchoice = n;

	/* The positions' lists of the candidates in the run. */
	n = 0;
	for (size_t i = 0; i < nrk; i++) {
		size_t c = cand_index(by_id, ncand, rk[i].other);

		if (c == ncand || run_idx[c] == ncand)
			continue;
		e[n++] = (struct entry){ index_of(out->pos_id, out->npos,
			  rk[i].owner), run_idx[c], rk[i].rank };
	}
	qsort(e, n, sizeof(*e), cmp_ranking);
	for (size_t i = 0; i < n; i++) {
		out->rank_pos[i] = e[i].owner;
		out->rank_cand[i] = e[i].other;
		out->rank_rank[i] = e[i].rank;
	}
	out->nrank = n;
	return 0;
}

int
sel_store_result(struct db *db, int64_t round_id, int64_t cand, int64_t pos,
		 int64_t choice_rank)
{
	return db_exec_values(db, "INSERT INTO selection_result (candidate_id, "
			      "round_id, position_id, choice_rank) VALUES "
			      "(?, ?, ?, ?)",
			      (struct db_value[]){ DB_INT(cand),
			      DB_INT(round_id),
			      pos ? DB_INT(pos) : DB_TEXT(NULL),
			      choice_rank ? DB_INT(choice_rank) : DB_TEXT(NULL)
			      }, 4);
}

int
sel_store_reason(struct db *db, int64_t cand, int64_t pos, const char *why,
		 int64_t choice_rank, int64_t firm_rank, int64_t cutoff)
{
	return db_exec_values(db, "INSERT INTO selection_reason (candidate_id, "
			      "position_id, why, choice_rank, firm_rank, "
			      "cutoff) VALUES (?, ?, ?, ?, ?, ?)",
			      (struct db_value[]){ DB_INT(cand), DB_INT(pos),
			      DB_TEXT(why), DB_INT(choice_rank),
			      firm_rank ? DB_INT(firm_rank) : DB_TEXT(NULL),
			      cutoff ? DB_INT(cutoff) : DB_TEXT(NULL) }, 6);
}

int
sel_store_position_outcome(struct db *db, int64_t pos, int64_t filled,
			   int64_t cutoff)
{
	return db_change_values(db, "UPDATE selection_position SET filled = "
				"?, cutoff = ? WHERE id = ?",
				(struct db_value[]){ DB_INT(filled),
				cutoff ? DB_INT(cutoff) : DB_TEXT(NULL),
				DB_INT(pos) }, 3);
}

int
sel_store_closed_choices(struct db *db, int64_t cand, int64_t rank,
			 json_t *items)
{
	return db_rows_values(db, "SELECT c.position_id, c.rank AS "
			      "choice_rank FROM selection_choice c JOIN "
			      "selection_position p ON p.id = c.position_id "
			      "WHERE c.candidate_id = ? AND (p.status <> "
			      "'open' OR p.archived_at IS NOT NULL) AND "
			      "(? = 0 OR c.rank < ?) ORDER BY c.rank",
			      (struct db_value[]){ DB_INT(cand), DB_INT(rank),
			      DB_INT(rank) }, 3, items);
}

int
sel_store_result_get(struct db *db, int64_t cand, json_t **out)
{
	json_t *reasons, *offer = NULL;
	int rc;

	rc = db_get_json(db, "SELECT s.candidate_id, s.round_id, "
			 "s.position_id, s.choice_rank, p.title, o.name AS "
			 "firm_name FROM selection_result s LEFT JOIN "
			 "selection_position p ON p.id = s.position_id LEFT "
			 "JOIN org o ON o.id = p.firm_id WHERE "
			 "s.candidate_id = ?",
			 (struct db_value[]){ DB_INT(cand) }, 1, out);
	if (rc)
		return rc;
	rc = db_get_json(db, "SELECT id, status, deadline, decided_on, "
			 "affiliation_id FROM selection_offer WHERE "
			 "candidate_id = ?", (struct db_value[]){
			 DB_INT(cand) }, 1, &offer);
	if (rc && rc != ERR_NOTFOUND) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	json_object_set_new(*out, "offer", rc ? json_null() : offer);
	reasons = json_array();
	json_object_set_new(*out, "reasons", reasons);
	return db_rows_values(db, "SELECT r.position_id, p.title, o.name AS "
			      "firm_name, r.why, r.choice_rank, r.firm_rank, "
			      "r.cutoff FROM selection_reason r JOIN "
			      "selection_position p ON p.id = r.position_id "
			      "JOIN org o ON o.id = p.firm_id WHERE "
			      "r.candidate_id = ? ORDER BY r.choice_rank",
			      (struct db_value[]){ DB_INT(cand) }, 1, reasons);
}

int
sel_store_audience(struct db *db, int64_t id, json_t *accounts)
{
	return db_rows_values(db, "SELECT a.id FROM account a WHERE "
			      "a.disabled_at IS NULL AND (a.person_id IN "
			      "(SELECT person_id FROM selection_candidate WHERE "
			      "round_id = ? AND status = 'registered') OR "
			      "a.org_id IN (SELECT firm_id FROM "
			      "selection_position WHERE round_id = ? AND "
			      "status = 'open')) ORDER BY a.id",
			      (struct db_value[]){ DB_INT(id), DB_INT(id) }, 2,
			      accounts);
}

int
sel_store_matching(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db, "SELECT k.pseudonym, s.position_id FROM "
			      "selection_result s JOIN selection_candidate k "
			      "ON k.id = s.candidate_id WHERE s.round_id = ? "
			      "ORDER BY k.pseudonym",
			      (struct db_value[]){ DB_INT(id) }, 1, items);
}

int
sel_store_round_positions(struct db *db, int64_t id, int64_t limit,
			  json_t *items)
{
	return db_rows_values(db, "SELECT p.id, p.title, p.occupation, "
			      "p.headcount, p.place, o.name AS firm_name, "
			      "p.filled, COUNT(*) OVER () AS total FROM "
			      "selection_position p JOIN org o ON o.id = "
			      "p.firm_id WHERE p.round_id = ? AND p.status = "
			      "'open' AND p.archived_at IS NULL ORDER BY "
			      "o.name, p.id LIMIT ?",
			      (struct db_value[]){ DB_INT(id), DB_INT(limit > 0 ?
			      limit : INT64_MAX) }, 2, items);
}

int
sel_store_round_cohorts(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db, "SELECT c.id, c.name, c.ends_on, "
			      "g.id AS programme_id, g.name AS programme_name "
			      "FROM selection_round_cohort rc JOIN "
			      "training_cohort c ON c.id = rc.cohort_id JOIN "
			      "training_programme g ON g.id = c.programme_id "
			      "WHERE rc.round_id = ? ORDER BY c.ends_on, "
			      "c.name, c.id",
			      (struct db_value[]){ DB_INT(id) }, 1, items);
}

int
sel_store_round_cohorts_set(struct db *db, int64_t id, const int64_t *cohorts,
			    size_t n)
{
	int rc = db_exec_values(db, "DELETE FROM selection_round_cohort WHERE "
				"round_id = ?",
				(struct db_value[]){ DB_INT(id) }, 1);

	for (size_t i = 0; !rc && i < n; i++)
		rc = db_exec_values(db, "INSERT INTO selection_round_cohort "
				    "(round_id, cohort_id) VALUES (?, ?)",
				    (struct db_value[]){ DB_INT(id),
				    DB_INT(cohorts[i]) }, 2);
	return rc;
}

int
sel_store_candidate_of(struct db *db, int64_t round_id, int64_t person_id,
		       int64_t *id)
{
	return db_int_value(db, "SELECT id FROM selection_candidate WHERE "
			    "round_id = ? AND person_id = ? AND archived_at "
			    "IS NULL", (struct db_value[]){ DB_INT(round_id),
			    DB_INT(person_id) }, 2, id);
}

int
sel_store_hires(struct db *db, int64_t round_id, int64_t firm_id,
		int64_t programme_id, const char *as_of, json_t *items)
{
	return db_rows_values(db, "SELECT o.id AS offer_id, o.round_id, "
		"r.name AS round_name, r.programme_id, p.firm_id, f.name AS "
		"firm_name, a.id AS affiliation_id, a.person_id, e.name AS "
		"person_name, a.since, a.until, a.leave_reason FROM "
		"selection_offer o JOIN selection_round r ON r.id = o.round_id "
		"JOIN selection_position p ON p.id = o.position_id JOIN org f "
		"ON f.id = p.firm_id JOIN affiliation a ON a.id = "
		"o.affiliation_id JOIN person e ON e.id = a.person_id WHERE "
		"o.status = 'accepted' AND a.archived_at IS NULL AND a.since <= "
		"? AND (? = 0 OR o.round_id = ?) AND (? = 0 OR p.firm_id = ?) "
		"AND (? = 0 OR r.programme_id = ?) ORDER BY a.since, o.id",
		(struct db_value[]){ DB_TEXT(as_of), DB_INT(round_id),
		DB_INT(round_id), DB_INT(firm_id), DB_INT(firm_id),
		DB_INT(programme_id), DB_INT(programme_id) }, 7, items);
}

int
sel_store_offered(struct db *db, int64_t id, json_t *ids)
{
	json_t *rows = json_array(), *e;
	size_t i;
	int rc;

	rc = db_rows_values(db, "SELECT candidate_id FROM selection_offer "
			    "WHERE round_id = ? AND status = 'offered' ORDER "
			    "BY id", (struct db_value[]){ DB_INT(id) }, 1,
			    rows);
	json_array_foreach(rows, i, e)
		json_array_append(ids, json_object_get(e, "candidate_id"));
	json_decref(rows);
	return rc;
}

int
sel_store_second_of(struct db *db, int64_t id, int64_t *second)
{
	return db_int_value(db, "SELECT id FROM selection_round WHERE "
			    "parent_id = ?", (struct db_value[]){ DB_INT(id) },
			    1, second);
}

int
sel_store_offers_make(struct db *db, int64_t id, const char *deadline,
		      const char *now)
{
	return db_exec_values(db, "INSERT INTO selection_offer (round_id, "
			      "candidate_id, position_id, deadline, "
			      "created_at, updated_at) SELECT round_id, "
			      "candidate_id, position_id, ?, ?, ? FROM "
			      "selection_result WHERE round_id = ? AND "
			      "position_id IS NOT NULL",
			      (struct db_value[]){ DB_TEXT(deadline),
			      DB_TEXT(now), DB_TEXT(now), DB_INT(id) }, 4);
}

static const struct db_field offer_fields[] = {
	DB_FIELD_INT64(struct sel_offer, id),
	DB_FIELD_INT64(struct sel_offer, round_id),
	DB_FIELD_INT64(struct sel_offer, candidate_id),
	DB_FIELD_INT64(struct sel_offer, position_id),
	DB_FIELD_INT64(struct sel_offer, firm_id),
	DB_FIELD_INT64(struct sel_offer, person_id),
	DB_FIELD_CHARS(struct sel_offer, status),
	DB_FIELD_CHARS(struct sel_offer, deadline),
	DB_FIELD_TEXT(struct sel_offer, title),
	DB_FIELDS_END
};

int
sel_store_offer_of(struct db *db, int64_t cand, struct arena *a,
		   struct sel_offer *out)
{
	return db_get_one(db, "SELECT f.id, f.round_id, f.candidate_id, "
			  "f.position_id, p.firm_id, k.person_id, f.status, "
			  "f.deadline, p.title FROM selection_offer f JOIN "
			  "selection_position p ON p.id = f.position_id JOIN "
			  "selection_candidate k ON k.id = f.candidate_id "
			  "WHERE f.candidate_id = ?",
			  (struct db_value[]){ DB_INT(cand) }, 1, offer_fields,
			  out, sizeof(*out), a);
}

int
sel_store_offer_hold(struct db *db, int64_t id, const char *on,
		     const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_offer SET "
				      "updated_at = ? WHERE id = ? AND status "
				      "= 'offered' AND deadline >= ?",
				      (struct db_value[]){ DB_TEXT(now),
				      DB_INT(id), DB_TEXT(on) }, 3));
}

int
sel_store_offer_decide(struct db *db, int64_t id, const char *to,
		       const char *on, int64_t affiliation_id,
		       const char *now)
{
	return moved(db_change_values(db, "UPDATE selection_offer SET status "
				      "= ?, decided_on = ?, affiliation_id = "
				      "?, updated_at = ? WHERE id = ? AND "
				      "status = 'offered' AND deadline >= ?",
				      (struct db_value[]){ DB_TEXT(to),
				      DB_TEXT(on), affiliation_id ?
				      DB_INT(affiliation_id) : DB_TEXT(NULL),
				      DB_TEXT(now), DB_INT(id), DB_TEXT(on) },
				      6));
}

int
sel_store_offers_lapse(struct db *db, const char *today, const char *now,
		       int64_t *n)
{
	return db_exec_changes(db, "UPDATE selection_offer SET status = "
			       "'lapsed', decided_on = ?, updated_at = ? "
			       "WHERE status = 'offered' AND deadline < ?",
			       (struct db_value[]){ DB_TEXT(today),
			       DB_TEXT(now), DB_TEXT(today) }, 3, n);
}

/* A candidate keeps the choices that neither refused it nor it refused. */
#define KEPT_CHOICE							\
	"NOT EXISTS (SELECT 1 FROM selection_reason x WHERE "		\
	"x.candidate_id = c.candidate_id AND x.position_id = "		\
	"c.position_id AND x.why = 'unranked') AND NOT EXISTS (SELECT 1 " \
	"FROM selection_offer f WHERE f.candidate_id = c.candidate_id AND " \
	"f.position_id = c.position_id AND f.status IN ('declined', "	\
	"'lapsed'))"

int
sel_store_carry(struct db *db, int64_t from, int64_t to, const char *now)
{
	struct db_value v[] = {
		DB_INT(to), DB_TEXT(now), DB_TEXT(now), DB_INT(from),
	};
	int rc;

	rc = db_exec_values(db, "INSERT INTO selection_position (round_id, "
			    "firm_id, origin_id, title, occupation, headcount, "
			    "skill_level, place, pay_min, pay_max, shifts, "
			    "status, created_at, updated_at) SELECT ?, "
			    "p.firm_id, p.id, p.title, p.occupation, "
			    "p.headcount - (SELECT COUNT(*) FROM "
			    "selection_offer f WHERE f.position_id = p.id AND "
			    "f.status IN ('offered', 'accepted')), "
			    "p.skill_level, p.place, p.pay_min, p.pay_max, "
			    "p.shifts, 'open', ?, ? FROM selection_position p "
			    "WHERE p.round_id = ? AND p.status = 'open' AND "
			    "p.archived_at IS NULL AND p.headcount > (SELECT "
			    "COUNT(*) FROM selection_offer f WHERE "
			    "f.position_id = p.id AND f.status IN ('offered', "
			    "'accepted')) ORDER BY p.id", v, 4);
	if (!rc)
		rc = db_exec_values(db, "INSERT INTO selection_candidate "
				    "(round_id, person_id, origin_id, "
				    "pseudonym, basis, consent, status, "
				    "submitted_at, created_at, updated_at) "
				    "SELECT ?, k.person_id, k.id, k.pseudonym, "
				    "k.basis, k.consent, 'registered', "
				    "k.submitted_at, ?, ? FROM "
				    "selection_candidate k WHERE k.round_id = ? "
				    "AND k.status = 'registered' AND "
				    "k.archived_at IS NULL AND NOT EXISTS "
				    "(SELECT 1 FROM selection_offer f WHERE "
				    "f.candidate_id = k.id AND f.status IN "
				    "('offered', 'accepted')) ORDER BY k.id",
				    v, 4);
	if (!rc)
		rc = db_exec_values(db, "INSERT INTO selection_choice "
				    "(candidate_id, position_id, rank) SELECT "
				    "nk.id, np.id, ROW_NUMBER() OVER (PARTITION "
				    "BY nk.id ORDER BY c.rank) FROM "
				    "selection_choice c JOIN selection_candidate "
				    "nk ON nk.origin_id = c.candidate_id AND "
				    "nk.round_id = ? JOIN selection_position np "
				    "ON np.origin_id = c.position_id AND "
				    "np.round_id = ? WHERE " KEPT_CHOICE,
				    (struct db_value[]){ DB_INT(to), DB_INT(to) },
				    2);
	if (!rc)
		rc = db_exec_values(db, "INSERT INTO selection_ranking "
				    "(position_id, candidate_id, rank) SELECT "
				    "np.id, nk.id, r.rank FROM selection_ranking "
				    "r JOIN selection_candidate nk ON "
				    "nk.origin_id = r.candidate_id AND "
				    "nk.round_id = ? JOIN selection_position np "
				    "ON np.origin_id = r.position_id AND "
				    "np.round_id = ?",
				    (struct db_value[]){ DB_INT(to), DB_INT(to) },
				    2);
	if (!rc)
		rc = db_exec_values(db, "INSERT INTO selection_round_cohort "
				    "(round_id, cohort_id) SELECT ?, cohort_id "
				    "FROM selection_round_cohort WHERE "
				    "round_id = ?", (struct db_value[]){
				    DB_INT(to), DB_INT(from) }, 2);
	return rc;
}

int
sel_store_figures(struct db *db, int64_t id, json_t **out)
{
	json_t *offers = json_array(), *by = json_object(), *ranks, *e;
	size_t i;
	int rc;

	rc = db_get_json(db, "SELECT COUNT(*) AS candidates, "
			 "COALESCE(SUM(CASE WHEN position_id IS NOT NULL THEN "
			 "1 ELSE 0 END), 0) AS matched, COALESCE(SUM(CASE WHEN "
			 "choice_rank = 1 THEN 1 ELSE 0 END), 0) AS "
			 "first_choice, COALESCE(SUM(choice_rank), 0) AS "
			 "rank_sum FROM selection_result WHERE round_id = ?",
			 (struct db_value[]){ DB_INT(id) }, 1, out);
	if (!rc)
		rc = db_rows_values(db, "SELECT status, COUNT(*) AS n FROM "
				    "selection_offer WHERE round_id = ? GROUP "
				    "BY status", (struct db_value[]){
				    DB_INT(id) }, 1, offers);
	json_array_foreach(offers, i, e)
		json_object_set(by, json_string_value(json_object_get(e,
				"status")), json_object_get(e, "n"));
	json_decref(offers);
	if (rc) {
		json_decref(by);
		return rc;
	}
	json_object_set_new(*out, "offers", by);
	ranks = json_array();
	json_object_set_new(*out, "by_rank", ranks);
	return db_rows_values(db, "SELECT choice_rank AS rank, COUNT(*) AS n "
			      "FROM selection_result WHERE round_id = ? AND "
			      "position_id IS NOT NULL GROUP BY choice_rank "
			      "ORDER BY choice_rank", (struct db_value[]){
			      DB_INT(id) }, 1, ranks);
}


int
sel_store_path(struct db *db, int64_t person_id, json_t *items)
{
	return db_rows_values(db,
		"SELECT c.id, r.name AS round_name, r.opens_on, r.publish_on, "
		"c.status, CASE WHEN r.status = 'published' THEN 1 ELSE 0 "
		"END AS published, p.title AS position_title, "
		"o.name AS firm_name, s.choice_rank, f.status AS "
		"offer_status, f.decided_on "
		"FROM selection_candidate c "
		"JOIN selection_round r ON r.id = c.round_id "
		"LEFT JOIN selection_result s ON s.candidate_id = c.id "
		" AND r.status = 'published' "
		"LEFT JOIN selection_position p ON p.id = s.position_id "
		"LEFT JOIN org o ON o.id = p.firm_id "
		"LEFT JOIN selection_offer f ON f.candidate_id = c.id "
		" AND f.archived_at IS NULL AND r.status = 'published' "
		"WHERE c.person_id = ? AND c.archived_at IS NULL "
		"AND r.archived_at IS NULL ORDER BY r.opens_on, c.id",
		(struct db_value[]){ DB_INT(person_id) }, 1, items);
}

int
selection_hired_people(struct db *db, const char *as_of, json_t *rows)
{
	return db_rows_values(db, "SELECT DISTINCT c.person_id FROM "
			      "selection_offer f JOIN selection_candidate c "
			      "ON c.id = f.candidate_id WHERE f.status = "
			      "'accepted' AND f.decided_on <= ? AND "
			      "f.archived_at IS NULL ORDER BY c.person_id",
			      (struct db_value[]){ DB_TEXT(as_of) }, 1, rows);
}
