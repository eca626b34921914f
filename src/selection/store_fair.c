/*
 * store_fair.c - the SQL of a regional fair and of the run's results
 * (selection_int.h): the codes lists are matched by, and the writes of
 * tens of thousands of rows as multi-row INSERTs of bound values, a few
 * hundred rows a statement, so that a fair's import and its run hold the
 * write lock for a moment, not for a statement per row.
 */
#include <stdalign.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "selection/selection_int.h"

_Static_assert(DB_FITS(struct sel_code, code, SELECTION_CODE_MAX),
	       "a code fits");

static const struct db_field code_fields[] = {
	DB_FIELD_INT64(struct sel_code, id),
	DB_FIELD_CHARS(struct sel_code, code),
	DB_FIELDS_END
};

int
sel_store_firm_codes(struct db *db, struct arena *a, struct sel_code **rows,
		     size_t *n)
{
	return db_get_many(db, "SELECT id, credit_code AS code FROM org "
			   "WHERE credit_code IS NOT NULL AND kind IN "
			   "('enterprise', 'startup') AND archived_at IS NULL",
			   NULL, 0, code_fields, sizeof(**rows), a,
			   (void **)rows, n);
}

int
sel_store_person_codes(struct db *db, struct arena *a, struct sel_code **rows,
		       size_t *n)
{
	return db_get_many(db, "SELECT id, mobile AS code FROM person WHERE "
			   "mobile IS NOT NULL AND archived_at IS NULL", NULL,
			   0, code_fields, sizeof(**rows), a, (void **)rows,
			   n);
}

/* A pair of ids: a record and whom it belongs to. */
struct id_pair {
	int64_t id, owner;
};

static const struct db_field pair_fields[] = {
	DB_FIELD_INT64(struct id_pair, id),
	DB_FIELD_INT64(struct id_pair, owner),
	DB_FIELDS_END
};

/* The pairs of `sql` (on round `id`) as two arrays of `a`. */
static int
pairs(struct db *db, const char *sql, int64_t id, struct arena *a,
      struct sel_id_map *out)
{
	struct id_pair *rows;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_get_many(db, sql, (struct db_value[]){ DB_INT(id) }, 1,
			 pair_fields, sizeof(*rows), a, (void **)&rows, &n);
	if (rc)
		return rc;
	out->id = arena_calloc(a, n + 1, sizeof(int64_t), alignof(int64_t));
	out->owner = arena_calloc(a, n + 1, sizeof(int64_t),
				  alignof(int64_t));
	if (!out->id || !out->owner)
		return ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		out->id[i] = rows[i].id;
		out->owner[i] = rows[i].owner;
	}
	out->n = n;
	return 0;
}

int
sel_store_fair_positions(struct db *db, int64_t id, struct arena *a,
			 struct sel_id_map *out)
{
	return pairs(db, "SELECT id, firm_id AS owner FROM "
		     "selection_position WHERE round_id = ? AND status IN "
		     "('proposed', 'open') AND archived_at IS NULL ORDER BY "
		     "firm_id", id, a, out);
}

int
sel_store_fair_candidates(struct db *db, int64_t id, struct arena *a,
			  struct sel_id_map *out)
{
	return pairs(db, "SELECT id, person_id AS owner FROM "
		     "selection_candidate WHERE round_id = ? ORDER BY "
		     "person_id", id, a, out);
}

int
sel_store_closed_reasons(struct db *db, int64_t id)
{
	return db_exec_values(db, "INSERT INTO selection_reason (candidate_id, "
			      "position_id, why, choice_rank) SELECT "
			      "c.candidate_id, c.position_id, 'closed', c.rank "
			      "FROM selection_result s JOIN selection_choice c "
			      "ON c.candidate_id = s.candidate_id JOIN "
			      "selection_position p ON p.id = c.position_id "
			      "WHERE s.round_id = ? AND (p.status <> 'open' OR "
			      "p.archived_at IS NOT NULL) AND (s.choice_rank "
			      "IS NULL OR c.rank < s.choice_rank)",
			      (struct db_value[]){ DB_INT(id) }, 1);
}
