/*
 * out_store.c - the SQL of placements and the training figures (see
 * out_store.h). Values are always bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/macros.h"
#include "base/xalloc.h"

#include "base/err.h"
#include "db/db.h"
#include "training/out_store.h"
#include "training/training.h"


static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int
out_store_slot(struct db *db, int64_t id, struct out_slot *s)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT id, firm_id, master_id, places, taken, starts_on, "
		"ends_on FROM placement_slot WHERE id = ? AND "
		"archived_at IS NULL");

	if (rc)
		return rc;
	memset(s, 0, sizeof(*s));
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_column_int(st, 0);
		s->firm_id = db_column_int(st, 1);
		s->master_id = db_column_int(st, 2);
		s->places = db_column_int(st, 3);
		s->taken = db_column_int(st, 4);
		copy(s->starts_on, sizeof(s->starts_on),
		     db_column_text(st, 5));
		copy(s->ends_on, sizeof(s->ends_on), db_column_text(st, 6));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_placement(struct db *db, int64_t id, struct out_placement *pl)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT p.id, p.slot_id, p.firm_id, p.person_id, s.master_id, "
		"p.status, p.assigned_on, s.starts_on, s.ends_on "
		"FROM placement p JOIN placement_slot s ON s.id = p.slot_id "
		"WHERE p.id = ? AND p.archived_at IS NULL");

	if (rc)
		return rc;
	memset(pl, 0, sizeof(*pl));
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		pl->id = db_column_int(st, 0);
		pl->slot_id = db_column_int(st, 1);
		pl->firm_id = db_column_int(st, 2);
		pl->person_id = db_column_int(st, 3);
		pl->master_id = db_column_int(st, 4);
		copy(pl->status, sizeof(pl->status), db_column_text(st, 5));
		copy(pl->assigned_on, sizeof(pl->assigned_on),
		     db_column_text(st, 6));
		copy(pl->starts_on, sizeof(pl->starts_on),
		     db_column_text(st, 7));
		copy(pl->ends_on, sizeof(pl->ends_on), db_column_text(st, 8));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_on_slot(struct db *db, int64_t slot_id, int64_t person_id,
		  bool *on)
{
	struct db_value v[] = { DB_INT(slot_id), DB_INT(person_id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT 1 FROM placement WHERE "
			    "slot_id = ? AND person_id = ?");

	*on = false;
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 2);
	if (!rc)
		rc = db_step(st);
	*on = rc == DB_ROW;
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
out_store_event(struct db *db, int64_t placement_id, const char *kind,
		const char *on, const char *note, int64_t account_id,
		const char *now)
{
	struct db_value v[] = {
		DB_INT(placement_id), DB_TEXT(kind), DB_TEXT(on),
		DB_TEXT(note), account_id > 0 ? DB_INT(account_id) :
		DB_TEXT(NULL), DB_TEXT(now),
	};

	return db_exec_values(db, "INSERT INTO placement_event (placement_id, "
			      "kind, on_date, note, account_id, created_at) "
			      "VALUES (?, ?, ?, ?, ?, ?)", v, (int)ARRAY_SIZE(v));
}

int
out_store_set_status(struct db *db, int64_t placement_id,
		     const char *status, const char *ended_on,
		     const char *now)
{
	struct db_value v[] = {
		DB_TEXT(status), DB_TEXT(ended_on), DB_TEXT(now),
		DB_INT(placement_id),
	};

	return db_change_values(db, "UPDATE placement SET status = ?, "
				"ended_on = ?, updated_at = ? WHERE id = ?",
				v, (int)ARRAY_SIZE(v));
}

int
out_store_events(struct db *db, int64_t placement_id, json_t *items)
{
	struct db_value v[] = { DB_INT(placement_id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT id, kind, on_date AS \"on\", note, account_id, created_at "
		"FROM placement_event WHERE placement_id = ? ORDER BY id");

	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_rows_to_json(st, items);
	db_finalize(st);
	return rc;
}

int
out_store_log(struct db *db, int64_t id, int64_t *placement_id,
	      bool *confirmed)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT placement_id, confirmed_at FROM "
			    "placement_log WHERE id = ? AND archived_at IS NULL");

	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*placement_id = db_column_int(st, 0);
		*confirmed = !db_column_null(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_log_confirm(struct db *db, int64_t id, int64_t person_id,
		      const char *now)
{
	struct db_value v[] = {
		person_id > 0 ? DB_INT(person_id) : DB_TEXT(NULL),
		DB_TEXT(now), DB_TEXT(now), DB_INT(id),
	};

	return db_change_values(db, "UPDATE placement_log SET confirmed_by = ?, "
				"confirmed_at = ?, updated_at = ? WHERE id = ? "
				"AND confirmed_at IS NULL", v, (int)ARRAY_SIZE(v));
}

/* ---- figures --------------------------------------------------------- */

/*
 * Each figure is a FROM and a WHERE, shared by its count and by the list
 * of records behind it; every `?` is the as-of date.
 */
#define ENROLMENT_FROM							\
	" FROM training_enrolment e"					\
	" JOIN training_cohort c ON c.id = e.cohort_id"		\
	" JOIN training_programme g ON g.id = c.programme_id"

/* Completions of programmes that serve a firm. */
#define FIRM_WHERE							\
	" WHERE e.status = 'completed' AND e.status_on <= ?"		\
	" AND e.archived_at IS NULL"					\
	" AND g.kind IN ('pre_job', 'order_class', 'in_service')"

#define COLLEGE_WHERE							\
	" WHERE g.kind = 'college' AND e.enrolled_on <= ?"		\
	" AND e.archived_at IS NULL"					\
	" AND NOT (e.status = 'withdrawn' AND e.status_on <= ?)"

/* Employees on the date who completed a programme and are 高级技师. */
#define SENIOR_FROM							\
	" FROM affiliation a JOIN org o ON o.id = a.org_id"
#define SENIOR_WHERE							\
	" WHERE a.role = 'employee' AND a.archived_at IS NULL"		\
	" AND o.kind = 'enterprise'"					\
	" AND a.since <= ? AND (a.until IS NULL OR a.until >= ?)"	\
	" AND EXISTS (SELECT 1 FROM skill_certificate s"		\
	"  WHERE s.person_id = a.person_id AND s.level = 1"		\
	"  AND s.issued_on <= ? AND s.archived_at IS NULL)"		\
	" AND EXISTS (SELECT 1 FROM training_enrolment d"		\
	"  WHERE d.person_id = a.person_id AND d.status = 'completed'"	\
	"  AND d.status_on <= ? AND d.archived_at IS NULL)"

/* Hires of order-class trainees by the ordering firm after completion. */
#define HIRE_JOIN							\
	" JOIN affiliation a ON a.person_id = e.person_id"		\
	"  AND a.org_id = g.firm_org_id AND a.role = 'employee'"	\
	"  AND a.archived_at IS NULL AND a.since >= e.status_on"	\
	"  AND a.since <= ?"
#define HIRE_WHERE							\
	" WHERE g.kind = 'order_class' AND e.status = 'completed'"	\
	" AND e.status_on <= ? AND e.archived_at IS NULL"

/* Run `sql` with the date bound `n` times; its first row's integers. */
static int
one_row(struct db *db, const char *sql, const char *as_of, int n,
	int64_t *a, int64_t *b)
{
	struct db_value v[4];
	struct db_stmt *st;
	int rc;

	for (int i = 0; i < n; i++)
		v[i] = DB_TEXT(as_of);
	if ((rc = db_prepare(db, &st, sql)))
		return rc;
	rc = db_bind_values(st, v, n);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*a = db_column_int(st, 0);
		if (b)
			*b = db_column_int(st, 1);
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

/* Run `sql` with the date bound `n` times; its rows into a new array. */
static int
rows(struct db *db, const char *sql, const char *as_of, int n, json_t **out)
{
	struct db_value v[4];
	struct db_stmt *st;
	int rc;

	*out = json_array();
	for (int i = 0; i < n; i++)
		v[i] = DB_TEXT(as_of);
	if ((rc = db_prepare(db, &st, sql)))
		return rc;
	rc = db_bind_values(st, v, n);
	if (!rc)
		rc = db_rows_to_json(st, *out);
	db_finalize(st);
	return rc;
}

/*
 * The figures over completions, in one pass over them ordered by person:
 * trained for firms (people, and the distinct firms served), and people
 * by programme kind and by year. Each person counts once per figure, kind
 * and year however many programmes it completed.
 */
enum { FIRST_YEAR = 1950, N_YEARS = 150, MAX_KINDS = 16 };

static int
completions(struct db *db, const char *as_of, json_t *out)
{
	struct db_value v[] = { DB_TEXT(as_of) };
	int64_t kinds[MAX_KINDS] = { 0 }, years[N_YEARS] = { 0 };
	int64_t trained = 0, *firms = NULL, nfirms = 0, cap = 0;
	int64_t person = 0;
	bool seen_kind[MAX_KINDS], seen_year[N_YEARS], seen_firm_kind = false;
	json_t *by_kind = json_object(), *by_year = json_array();
	struct db_stmt *st;
	int rc;

	json_object_set_new(out, "by_kind", by_kind);
	json_object_set_new(out, "by_year", by_year);
	rc = db_prepare(db, &st, "SELECT e.person_id, g.kind, g.firm_org_id, "
			"e.status_on" ENROLMENT_FROM " WHERE e.status = "
			"'completed' AND e.status_on <= ? AND "
			"e.archived_at IS NULL ORDER BY e.person_id");
	if (rc)
		return rc;
	memset(seen_kind, 0, sizeof(seen_kind));
	memset(seen_year, 0, sizeof(seen_year));
	rc = db_bind_values(st, v, 1);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		int64_t who = db_column_int(st, 0), firm;
		const char *kind = db_column_text(st, 1);
		long year = strtol(db_column_text(st, 3), NULL, 10) - FIRST_YEAR;
		int k = 0;

		rc = 0;
		if (who != person) {
			person = who;
			seen_firm_kind = false;
			memset(seen_kind, 0, sizeof(seen_kind));
			memset(seen_year, 0, sizeof(seen_year));
		}
		while (training_programme_kinds[k] && k < MAX_KINDS - 1 &&
		       strcmp(training_programme_kinds[k], kind))
			k++;
		if (!seen_kind[k]) {
			seen_kind[k] = true;
			kinds[k]++;
		}
		if (year >= 0 && year < N_YEARS && !seen_year[year]) {
			seen_year[year] = true;
			years[year]++;
		}
		if (strcmp(kind, "pre_job") && strcmp(kind, "order_class") &&
		    strcmp(kind, "in_service"))
			continue;
		if (!seen_firm_kind) {
			seen_firm_kind = true;
			trained++;
		}
		firm = db_column_int(st, 2);
		for (int64_t i = 0; i < nfirms && firm; i++)
			if (firms[i] == firm)
				firm = 0;
		if (!firm)
			continue;
		if (nfirms == cap) {
			cap = cap ? 2 * cap : 64;
			firms = xrealloc(firms, (size_t)cap * sizeof(*firms));
		}
		firms[nfirms++] = firm;
	}
	db_finalize(st);
	free(firms);
	if (rc)
		return rc;
	json_object_set_new(out, "trained_for_firms", json_pack("{s:I,s:I}",
		"people", (json_int_t)trained, "firms", (json_int_t)nfirms));
	for (int k = 0; training_programme_kinds[k] && k < MAX_KINDS; k++)
		if (kinds[k])
			json_object_set_new(by_kind, training_programme_kinds[k],
					    json_integer(kinds[k]));
	for (int y = 0; y < N_YEARS; y++) {
		char text[16];

		if (!years[y])
			continue;
		snprintf(text, sizeof(text), "%d", FIRST_YEAR + y);
		json_array_append_new(by_year, json_pack("{s:s,s:I}", "year",
			text, "people", (json_int_t)years[y]));
	}
	return 0;
}

int
out_store_figures(struct db *db, const char *as_of, json_t *out)
{
	int64_t people = 0, firms = 0;
	json_t *list;
	int rc;

	if ((rc = completions(db, as_of, out)))
		return rc;
	rc = one_row(db, "SELECT COUNT(DISTINCT person_id) FROM placement "
		     "WHERE status = 'completed' AND ended_on <= ? AND "
		     "archived_at IS NULL", as_of, 1, &people, NULL);
	if (rc)
		return rc;
	json_object_set_new(out, "enterprise_practice", json_pack("{s:I}",
		"people", (json_int_t)people));
	rc = one_row(db, "SELECT COUNT(DISTINCT e.person_id)" ENROLMENT_FROM
		     COLLEGE_WHERE, as_of, 2, &people, NULL);
	if (!rc)
		rc = rows(db, "SELECT g.intake_on, COUNT(DISTINCT e.person_id) "
			  "AS people" ENROLMENT_FROM COLLEGE_WHERE
			  " GROUP BY g.intake_on ORDER BY g.intake_on", as_of, 2,
			  &list);
	if (rc)
		return rc;
	json_object_set_new(out, "college_intake", json_pack("{s:I,s:o}",
		"people", (json_int_t)people, "by_date", list));
	rc = one_row(db, "SELECT COUNT(DISTINCT a.org_id), "
		     "COUNT(DISTINCT a.person_id)" SENIOR_FROM SENIOR_WHERE,
		     as_of, 4, &firms, &people);
	if (rc)
		return rc;
	json_object_set_new(out, "senior_technicians", json_pack("{s:I,s:I}",
		"firms", (json_int_t)firms, "people", (json_int_t)people));
	rc = rows(db, "SELECT g.id AS programme_id, g.name, g.firm_org_id, "
		  "o.name AS firm_name, g.seat_quota, g.hiring_commitment, "
		  "(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolment e"
		  " JOIN training_cohort c ON c.id = e.cohort_id"
		  " WHERE c.programme_id = g.id AND e.status = 'completed'"
		  " AND e.status_on <= ? AND e.archived_at IS NULL) AS completed, "
		  "(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolment e"
		  " JOIN training_cohort c ON c.id = e.cohort_id" HIRE_JOIN
		  " WHERE c.programme_id = g.id AND e.status = 'completed'"
		  " AND e.status_on <= ? AND e.archived_at IS NULL) AS hired "
		  "FROM training_programme g JOIN org o ON o.id = g.firm_org_id "
		  "WHERE g.kind = 'order_class' AND g.archived_at IS NULL "
		  "ORDER BY g.id", as_of, 3, &list);
	if (rc)
		return rc;
	json_object_set_new(out, "order_classes", list);
	return 0;
}

/* The records behind each figure: one SELECT of the same columns each. */
static const struct {
	const char *name;
	int nbind;
	const char *sql;
	const char *order;	/* newest first, along an index where one is */
} figure_sql[] = {
	{ "trained_for_firms", 1,
	  "SELECT e.person_id, p.name AS person_name, g.firm_org_id AS org_id, "
	  "o.name AS org_name, g.id AS programme_id, g.name AS programme_name, "
	  "g.kind, e.status_on AS \"on\"" ENROLMENT_FROM
	  " JOIN person p ON p.id = e.person_id"
	  " JOIN org o ON o.id = g.firm_org_id" FIRM_WHERE,
	  "e.status_on DESC, e.id DESC" },
	{ "enterprise_practice", 1,
	  "SELECT l.person_id, p.name AS person_name, l.firm_id AS org_id, "
	  "o.name AS org_name, NULL AS programme_id, s.title AS "
	  "programme_name, 'placement' AS kind, l.ended_on AS \"on\" "
	  "FROM placement l JOIN placement_slot s ON s.id = l.slot_id "
	  "JOIN person p ON p.id = l.person_id JOIN org o ON o.id = l.firm_id "
	  "WHERE l.status = 'completed' AND l.ended_on <= ? "
	  "AND l.archived_at IS NULL", "l.ended_on DESC, l.id DESC" },
	{ "college_intake", 2,
	  "SELECT e.person_id, p.name AS person_name, g.college_org_id AS "
	  "org_id, o.name AS org_name, g.id AS programme_id, g.name AS "
	  "programme_name, g.kind, e.enrolled_on AS \"on\"" ENROLMENT_FROM
	  " JOIN person p ON p.id = e.person_id"
	  " JOIN org o ON o.id = g.college_org_id" COLLEGE_WHERE,
	  "e.enrolled_on DESC, e.id DESC" },
	{ "senior_technicians", 4,
	  "SELECT a.person_id, p.name AS person_name, a.org_id, o.name AS "
	  "org_name, NULL AS programme_id, a.title AS programme_name, "
	  "'employee' AS kind, a.since AS \"on\"" SENIOR_FROM
	  " JOIN person p ON p.id = a.person_id" SENIOR_WHERE,
	  "a.since DESC, a.id DESC" },
	{ "order_hires", 2,
	  "SELECT e.person_id, p.name AS person_name, g.firm_org_id AS org_id, "
	  "o.name AS org_name, g.id AS programme_id, g.name AS programme_name, "
	  "g.kind, a.since AS \"on\"" ENROLMENT_FROM HIRE_JOIN
	  " JOIN person p ON p.id = e.person_id"
	  " JOIN org o ON o.id = g.firm_org_id" HIRE_WHERE,
	  "a.since DESC, a.id DESC" },
};

const char *const training_figure_names[] = {
	"trained_for_firms", "enterprise_practice", "college_intake",
	"senior_technicians", "order_hires", NULL
};

int
out_store_figure_rows(struct db *db, const char *figure, const char *as_of,
		      int64_t limit, int64_t offset, json_t **items,
		      int64_t *total)
{
	char count[4096], page[4096];
	struct db_value v[4];

	for (size_t i = 0; i < ARRAY_SIZE(figure_sql); i++) {
		if (strcmp(figure_sql[i].name, figure))
			continue;
		for (int k = 0; k < figure_sql[i].nbind; k++)
			v[k] = DB_TEXT(as_of);
		snprintf(count, sizeof(count), "SELECT COUNT(*) FROM (%s) t",
			 figure_sql[i].sql);
		snprintf(page, sizeof(page), "%s ORDER BY %s LIMIT ? OFFSET ?",
			 figure_sql[i].sql, figure_sql[i].order);
		return db_list(db, count, page, v, figure_sql[i].nbind, limit,
			       offset, items, total);
	}
	*items = json_array();
	*total = 0;
	return ERR_INVALID;
}

/* ---- certificates ---------------------------------------------------- */

int
out_store_enrolment(struct db *db, int64_t id, struct out_enrolment *e)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT e.id, e.person_id, c.programme_id, c.teacher_person_id, "
		"e.status, e.status_on FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"WHERE e.id = ? AND e.archived_at IS NULL");

	if (rc)
		return rc;
	memset(e, 0, sizeof(*e));
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		e->id = db_column_int(st, 0);
		e->person_id = db_column_int(st, 1);
		e->programme_id = db_column_int(st, 2);
		e->teacher_person_id = db_column_int(st, 3);
		copy(e->status, sizeof(e->status), db_column_text(st, 4));
		copy(e->status_on, sizeof(e->status_on),
		     db_column_text(st, 5));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

/* Whether `sql` with the two ids bound gives a row. */
static int
exists2(struct db *db, const char *sql, int64_t a, int64_t b, int n,
	bool *yes)
{
	struct db_value v[] = { DB_INT(a), DB_INT(b) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st, sql);

	*yes = false;
	if (rc)
		return rc;
	rc = db_bind_values(st, v, n);
	if (!rc)
		rc = db_step(st);
	*yes = rc == DB_ROW;
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
out_store_module_of(struct db *db, int64_t module_id, int64_t programme_id,
		    bool *yes)
{
	return exists2(db, "SELECT 1 FROM training_module WHERE id = ? AND "
		       "programme_id = ? AND archived_at IS NULL", module_id,
		       programme_id, 2, yes);
}

int
out_store_has_certificate(struct db *db, int64_t enrolment_id, bool *yes)
{
	return exists2(db, "SELECT 1 FROM training_certificate WHERE "
		       "enrolment_id = ?", enrolment_id, 0, 1, yes);
}

int
out_store_certificate_insert(struct db *db, const struct out_enrolment *e,
			     const char *code, const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(e->id), DB_INT(e->person_id), DB_INT(e->programme_id),
		DB_TEXT(code), DB_TEXT(e->status_on), DB_TEXT(now),
		DB_TEXT(now),
	};

	return db_insert_id(db, "INSERT INTO training_certificate "
			    "(enrolment_id, person_id, programme_id, code, "
			    "issued_on, created_at, updated_at) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?) RETURNING id", v,
			    (int)ARRAY_SIZE(v), id);
}

/* The first row of `sql` (one text or integer bound) as an object. */
static int
first_row(struct db *db, const char *sql, struct db_value v, json_t **out)
{
	json_t *items = json_array();
	struct db_stmt *st;
	int rc = db_prepare(db, &st, sql);

	*out = NULL;
	if (!rc) {
		rc = db_bind_values(st, &v, 1);
		if (!rc)
			rc = db_rows_to_json(st, items);
		db_finalize(st);
	}
	if (!rc && !json_array_size(items))
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}

int
out_store_certificate_by_code(struct db *db, const char *code, json_t **out)
{
	return first_row(db, "SELECT p.name AS holder, g.name AS programme, "
			 "t.issued_on FROM training_certificate t "
			 "JOIN person p ON p.id = t.person_id "
			 "JOIN training_programme g ON g.id = t.programme_id "
			 "WHERE t.code = ? AND t.archived_at IS NULL",
			 DB_TEXT(code), out);
}

int
out_store_certificate(struct db *db, int64_t id, json_t **out)
{
	return first_row(db, "SELECT t.id, t.enrolment_id, t.person_id, "
			 "p.name AS holder, t.programme_id, g.name AS programme, "
			 "g.kind, g.occupation, g.certificate_name, "
			 "(SELECT COALESCE(SUM(m.classroom_hours + "
			 "m.workshop_hours), 0) FROM training_module m WHERE "
			 "m.programme_id = g.id AND m.archived_at IS NULL) "
			 "AS hours, c.starts_on, c.ends_on, t.issued_on, t.code "
			 "FROM training_certificate t "
			 "JOIN person p ON p.id = t.person_id "
			 "JOIN training_programme g ON g.id = t.programme_id "
			 "JOIN training_enrolment e ON e.id = t.enrolment_id "
			 "JOIN training_cohort c ON c.id = e.cohort_id "
			 "WHERE t.id = ? AND t.archived_at IS NULL",
			 DB_INT(id), out);
}

int
out_store_certificates_of(struct db *db, int64_t person_id, json_t *out)
{
	struct db_value v[] = { DB_INT(person_id) };
	json_t *completion = json_array(), *skill = json_array();
	struct db_stmt *st;
	int rc;

	json_object_set_new(out, "completion", completion);
	json_object_set_new(out, "skill", skill);
	rc = db_prepare(db, &st, "SELECT t.id, t.programme_id, g.name AS "
			"programme_name, t.issued_on, t.code FROM "
			"training_certificate t JOIN training_programme g ON "
			"g.id = t.programme_id WHERE t.person_id = ? AND "
			"t.archived_at IS NULL ORDER BY t.issued_on, t.id");
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_rows_to_json(st, completion);
	db_finalize(st);
	if (rc)
		return rc;
	rc = db_prepare(db, &st, "SELECT id, occupation, level, number, "
			"issuer, issued_on FROM skill_certificate WHERE "
			"person_id = ? AND archived_at IS NULL "
			"ORDER BY issued_on, id");
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_rows_to_json(st, skill);
	db_finalize(st);
	return rc;
}
