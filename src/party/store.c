/*
 * store.c - the party ledger's own SQL (party.h): the timeline of
 * affiliations, the dashboard's counts and the scope rule's questions
 * (party_int.h), and the reach of a person picker with the modules' ties
 * (party_reach_add(), party.h). Everything else is a described table,
 * read and written by the kit (record.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "db/db.h"
#include "http/http.h"
#include "party/party.h"
#include "party/party_int.h"

int
party_org_get(struct db *db, int64_t id, json_t **out)
{
	return record_get(db, &party_org_table, id, out);
}

/* The affiliations whose column `col` is the id bound, with names. */
#define AFFILIATIONS(col)						\
	"SELECT a.id, a.person_id, a.org_id, a.role, a.title, "		\
	"a.since, a.until, a.leave_reason, o.name AS org_name, "	\
	"p.name AS person_name "					\
	"FROM affiliation a JOIN org o ON o.id = a.org_id "		\
	"JOIN person p ON p.id = a.person_id WHERE " col " = ? "	\
	"AND a.archived_at IS NULL ORDER BY a.since, a.id"

int
party_affiliations_of(struct db *db, int64_t person_id, int64_t org_id,
		      json_t **items)
{
	struct db_value v[] = { DB_INT(person_id > 0 ? person_id : org_id) };

	return db_rows_array(db, person_id > 0 ? AFFILIATIONS("a.person_id") :
			     AFFILIATIONS("a.org_id"), v, 1, items);
}

/* Rows of (name, n) into an object {name: n}. */
static int
count_into(struct db *db, const char *sql, json_t *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st, sql);

	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_object_set_new(out, db_column_text(st, 0),
				    json_integer(db_column_int(st, 1)));
	db_finalize(st);
	return rc;
}

int
party_counts(struct db *db, json_t **orgs_by_kind, json_t **people_by_role)
{
	int rc;

	*orgs_by_kind = json_object();
	*people_by_role = json_object();
	rc = count_into(db, "SELECT kind, COUNT(*) FROM org WHERE "
			"archived_at IS NULL GROUP BY kind", *orgs_by_kind);
	if (!rc)
		rc = count_into(db, "SELECT role, COUNT(DISTINCT person_id) "
				"FROM affiliation WHERE archived_at IS NULL "
				"AND until IS NULL GROUP BY role",
				*people_by_role);
	return rc;
}

int
party_store_exists(struct db *db, enum party_kind kind, int64_t id,
		   bool *yes)
{
	struct db_value v[] = { DB_INT(id) };

	return db_exists(db, kind == PARTY_ORG ?
			 "SELECT 1 FROM org WHERE id = ?" :
			 "SELECT 1 FROM person WHERE id = ?", v, 1, yes);
}

const char party_store_tied_orgs[] =
	"SELECT a.org_id FROM affiliation a "
	"JOIN org o ON o.id = a.org_id "
	"JOIN person p ON p.id = a.person_id "
	"WHERE a.person_id = ? AND a.archived_at IS NULL "
	"AND o.archived_at IS NULL AND p.archived_at IS NULL "
	"UNION SELECT CAST(? AS BIGINT)";

int
party_store_tied(struct db *db, int64_t org_id, int64_t person_id,
		 bool *yes)
{
	struct db_value v[] = { DB_INT(org_id), DB_INT(person_id) };

	return db_exists(db,
		"SELECT 1 FROM affiliation a "
		"JOIN org o ON o.id = a.org_id "
		"JOIN person p ON p.id = a.person_id "
		"WHERE a.org_id = ? AND a.person_id = ? "
		"AND a.archived_at IS NULL AND o.archived_at IS NULL "
		"AND p.archived_at IS NULL", v, 2, yes);
}

/* The modules' ties (party_reach_add()), in the order they were added. */
static const char *ties[PARTY_REACH_TIES];
static size_t nties;

int
party_reach_add(const char *sql)
{
	if (nties == PARTY_REACH_TIES)
		return ERR_TOOBIG;
	ties[nties++] = sql;
	return 0;
}

const char *
party_store_reach(struct request *r)
{
	const char *sql =
		"WITH k AS (SELECT CAST(? AS BIGINT) AS org, "
		"CAST(? AS BIGINT) AS person) "
		"SELECT person FROM k "
		"UNION SELECT a.person_id FROM affiliation a "
		"JOIN k ON a.org_id = k.org "
		"JOIN org o ON o.id = a.org_id "
		"WHERE a.archived_at IS NULL AND o.archived_at IS NULL";

	for (size_t i = 0; sql && i < nties; i++)
		sql = arena_printf(&r->arena, "%s UNION %s", sql, ties[i]);
	return sql;
}

int
party_store_in_reach(struct request *r, int64_t org, int64_t person,
		     int64_t id, bool *yes)
{
	const char *reach = party_store_reach(r);
	char text[24];
	const char *sql;

	*yes = false;
	snprintf(text, sizeof(text), "%lld", (long long)person);
	sql = reach ? arena_printf(&r->arena, "SELECT 1 FROM person WHERE "
				   "id = ? AND archived_at IS NULL AND id IN "
				   "(%s)", reach) : NULL;
	if (!sql)
		return ERR_TOOBIG;
	return db_exists(r->db, sql, (struct db_value[]){ DB_INT(id),
			 DB_INT(org), DB_TEXT(text) }, 3, yes);
}
