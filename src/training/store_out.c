/*
 * store_out.c - the SQL of what training leads to: placements,
 * certificates and the training figures (training_int.h). Values are
 * always bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "db/row.h"
#include "training/training.h"
#include "training/training_int.h"

#define S(kind, m) DB_FIELD_##kind(struct out_slot, m)
static const struct db_field slot_fields[] = {
	S(INT64, id), S(INT64, firm_id), S(INT64, master_id),
	S(INT64, places), S(INT64, taken), S(CHARS, starts_on),
	S(CHARS, ends_on), DB_FIELDS_END
};
#undef S

int
out_store_slot(struct db *db, int64_t id, struct out_slot *s)
{
	return db_get_one(db, "SELECT id, firm_id, master_id, places, taken, "
			  "starts_on, ends_on FROM placement_slot WHERE id = ? "
			  "AND archived_at IS NULL", (struct db_value[]){
			  DB_INT(id) }, 1, slot_fields, s, sizeof(*s), NULL);
}

#define P(kind, m) DB_FIELD_##kind(struct out_placement, m)
static const struct db_field placement_fields[] = {
	P(INT64, id), P(INT64, slot_id), P(INT64, firm_id),
	P(INT64, person_id), P(INT64, master_id), P(CHARS, status),
	P(CHARS, assigned_on), P(CHARS, starts_on), P(CHARS, ends_on),
	DB_FIELDS_END
};
#undef P

int
out_store_placement(struct db *db, int64_t id, struct out_placement *pl)
{
	return db_get_one(db,
		"SELECT p.id, p.slot_id, p.firm_id, p.person_id, s.master_id, "
		"p.status, p.assigned_on, s.starts_on, s.ends_on "
		"FROM placement p JOIN placement_slot s ON s.id = p.slot_id "
		"WHERE p.id = ? AND p.archived_at IS NULL",
		(struct db_value[]){ DB_INT(id) }, 1, placement_fields, pl,
		sizeof(*pl), NULL);
}

int
out_store_on_slot(struct db *db, int64_t slot_id, int64_t person_id,
		  bool *on)
{
	struct db_value v[] = { DB_INT(slot_id), DB_INT(person_id) };

	return db_exists(db, "SELECT 1 FROM placement WHERE slot_id = ? AND "
			 "person_id = ?", v, 2, on);
}

/*
 * The people training ties to firm k.org (training.h): enrolled in a
 * programme that serves it or sent by it, the apprentices of its masters
 * and those masters, the people placed on its slots and its slots'
 * masters.
 */
const char training_firm_people[] =
	"SELECT e.person_id FROM training_enrolment e "
	"JOIN training_cohort c ON c.id = e.cohort_id "
	"JOIN training_programme g ON g.id = c.programme_id "
	"JOIN k ON k.org IN (g.firm_org_id, e.source_org_id) "
	"WHERE e.archived_at IS NULL "
	"UNION SELECT e.person_id FROM training_mentor m "
	"JOIN training_enrolment e ON e.id = m.enrolment_id "
	"JOIN k ON m.master_org_id = k.org WHERE m.archived_at IS NULL "
	"UNION SELECT m.master_person_id FROM training_mentor m "
	"JOIN training_enrolment e ON e.id = m.enrolment_id "
	"JOIN k ON m.master_org_id = k.org WHERE m.archived_at IS NULL "
	"UNION SELECT l.person_id FROM placement l "
	"JOIN k ON l.firm_id = k.org WHERE l.archived_at IS NULL "
	"UNION SELECT s.master_id FROM placement_slot s "
	"JOIN k ON s.firm_id = k.org WHERE s.archived_at IS NULL";

int
out_store_tied_to_firm(struct db *db, int64_t firm_id, int64_t person_id,
		       bool *yes)
{
	struct db_value v[] = { DB_INT(firm_id), DB_INT(person_id) };
	char sql[sizeof(training_firm_people) + 128];

	snprintf(sql, sizeof(sql), "WITH k AS (SELECT CAST(? AS BIGINT) AS "
		 "org) SELECT 1 WHERE CAST(? AS BIGINT) IN (%s)",
		 training_firm_people);
	return db_exists(db, sql, v, 2, yes);
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

	/* Compare-and-set: only a placement still assigned ends. */
	return db_change_values(db, "UPDATE placement SET status = ?, "
				"ended_on = ?, updated_at = ? WHERE id = ? "
				"AND status = 'assigned'", v,
				(int)ARRAY_SIZE(v));
}

int
out_store_log(struct db *db, int64_t id, struct tr_log_state *out)
{
	return db_get_one(db, "SELECT placement_id AS owner, confirmed_at IS "
			  "NOT NULL AS confirmed FROM placement_log "
			  "WHERE id = ? AND archived_at IS NULL",
			  (struct db_value[]){ DB_INT(id) }, 1,
			  tr_log_state_fields, out, sizeof(*out), NULL);
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
	memset(seen_kind, 0, sizeof(seen_kind));
	memset(seen_year, 0, sizeof(seen_year));
	rc = db_prepare_values(db, &st, "SELECT e.person_id, g.kind, "
			       "g.firm_org_id, e.status_on" ENROLMENT_FROM
			       " WHERE e.status = 'completed' AND "
			       "e.status_on <= ? AND e.archived_at IS NULL "
			       "ORDER BY e.person_id", v, 1);
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

/* The senior technicians' figure: firms supplied, and people. */
struct seniors {
	int64_t firms, people;
};

static const struct db_field seniors_fields[] = {
	DB_FIELD_INT64(struct seniors, firms),
	DB_FIELD_INT64(struct seniors, people),
	DB_FIELDS_END
};

int
out_store_figures(struct db *db, const char *as_of, json_t *out)
{
	/* Every `?` of the figures' SQL is the as-of date. */
	struct db_value d[] = {
		DB_TEXT(as_of), DB_TEXT(as_of), DB_TEXT(as_of), DB_TEXT(as_of)
	};
	struct seniors sen;
	int64_t people = 0;
	json_t *list;
	int rc;

	if ((rc = completions(db, as_of, out)))
		return rc;
	rc = db_int_value(db, "SELECT COUNT(DISTINCT person_id) FROM placement "
			  "WHERE status = 'completed' AND ended_on <= ? AND "
			  "archived_at IS NULL", d, 1, &people);
	if (rc)
		return rc;
	json_object_set_new(out, "enterprise_practice", json_pack("{s:I}",
		"people", (json_int_t)people));
	rc = db_int_value(db, "SELECT COUNT(DISTINCT e.person_id)"
			  ENROLMENT_FROM COLLEGE_WHERE, d, 2, &people);
	list = json_array();
	if (!rc)
		rc = db_rows_values(db, "SELECT g.intake_on, COUNT(DISTINCT "
				    "e.person_id) AS people" ENROLMENT_FROM
				    COLLEGE_WHERE " GROUP BY g.intake_on "
				    "ORDER BY g.intake_on", d, 2, list);
	if (rc)
		goto out_list;
	json_object_set_new(out, "college_intake", json_pack("{s:I,s:o}",
		"people", (json_int_t)people, "by_date", list));
	rc = db_get_one(db, "SELECT COUNT(DISTINCT a.org_id) AS firms, "
			"COUNT(DISTINCT a.person_id) AS people" SENIOR_FROM
			SENIOR_WHERE, d, 4, seniors_fields, &sen, sizeof(sen),
			NULL);
	if (rc)
		return rc;
	json_object_set_new(out, "senior_technicians", json_pack("{s:I,s:I}",
		"firms", (json_int_t)sen.firms, "people",
		(json_int_t)sen.people));
	list = json_array();
	rc = db_rows_values(db, "SELECT g.id AS programme_id, g.name, "
		"g.firm_org_id, o.name AS firm_name, g.seat_quota, "
		"g.hiring_commitment, "
		"(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolment e"
		" JOIN training_cohort c ON c.id = e.cohort_id"
		" WHERE c.programme_id = g.id AND e.status = 'completed'"
		" AND e.status_on <= ? AND e.archived_at IS NULL) "
		"AS completed, "
		"(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolment e"
		" JOIN training_cohort c ON c.id = e.cohort_id" HIRE_JOIN
		" WHERE c.programme_id = g.id AND e.status = 'completed'"
		" AND e.status_on <= ? AND e.archived_at IS NULL) AS hired "
		"FROM training_programme g JOIN org o ON o.id = g.firm_org_id "
		"WHERE g.kind = 'order_class' AND g.archived_at IS NULL "
		"ORDER BY g.id", d, 3, list);
	if (rc)
		goto out_list;
	json_object_set_new(out, "order_classes", list);
	return 0;
out_list:
	json_decref(list);
	return rc;
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
out_store_module_of(struct db *db, int64_t module_id, int64_t programme_id,
		    bool *yes)
{
	struct db_value v[] = { DB_INT(module_id), DB_INT(programme_id) };

	return db_exists(db, "SELECT 1 FROM training_module WHERE id = ? AND "
			 "programme_id = ? AND archived_at IS NULL", v, 2, yes);
}

int
out_store_has_certificate(struct db *db, int64_t enrolment_id, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM training_certificate WHERE "
			 "enrolment_id = ?", (struct db_value[]){
			 DB_INT(enrolment_id) }, 1, yes);
}

static const struct db_field cert_word_fields[] = {
	DB_FIELD_CHARS(struct tr_cert_word, word), DB_FIELDS_END
};

int
out_store_cert_word(struct db *db, int64_t cohort_id,
		    struct tr_cert_word *out)
{
	return db_get_one(db, "SELECT w.cert_word AS word FROM training_cohort "
			  "c JOIN training_centre w ON w.id = c.centre_id "
			  "WHERE c.id = ?", (struct db_value[]){
			  DB_INT(cohort_id) }, 1, cert_word_fields, out,
			  sizeof(*out), NULL);
}

int
out_store_cert_next(struct db *db, const char *word, int64_t year,
		    int64_t *seq)
{
	struct db_value v[] = { DB_TEXT(word), DB_INT(year) };

	/* The row's lock holds other issuers of the word and year until
	 * this transaction ends (PostgreSQL; SQLite has one writer). */
	return db_insert_id(db, "INSERT INTO training_cert_counter (word, "
			    "year, last) VALUES (?, ?, 1) ON CONFLICT (word, "
			    "year) DO UPDATE SET last = training_cert_counter."
			    "last + 1 RETURNING last", v, (int)ARRAY_SIZE(v),
			    seq);
}

int
out_store_certificate_insert(struct db *db, const struct tr_enrolment *e,
			     const char *number, const char *code,
			     const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(e->id), DB_INT(e->person_id), DB_INT(e->programme_id),
		DB_TEXT(number), DB_TEXT(code), DB_TEXT(e->status_on),
		DB_TEXT(now), DB_TEXT(now),
	};

	return db_insert_id(db, "INSERT INTO training_certificate "
			    "(enrolment_id, person_id, programme_id, number, "
			    "code, issued_on, created_at, updated_at) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", v,
			    (int)ARRAY_SIZE(v), id);
}

int
out_store_certificate_by_code(struct db *db, const char *code,
			      const char *number, json_t **out)
{
	struct db_value v[] = { DB_TEXT(code ? code : ""),
				DB_TEXT(number ? number : "") };

	return db_get_json(db, "SELECT p.name AS holder, g.name AS programme, "
			   "t.number, t.issued_on FROM training_certificate t "
			   "JOIN person p ON p.id = t.person_id "
			   "JOIN training_programme g ON g.id = t.programme_id "
			   "WHERE (t.code = ? OR t.number = ?) AND "
			   "t.archived_at IS NULL", v, 2, out);
}

int
out_store_certificate(struct db *db, int64_t id, json_t **out)
{
	return db_get_json(db, "SELECT t.id, t.enrolment_id, t.person_id, "
		"p.name AS holder, t.programme_id, g.name AS programme, "
		"g.kind, g.occupation, g.certificate_name, "
		"(SELECT COALESCE(SUM(m.classroom_hours + "
		"m.workshop_hours), 0) FROM training_module m WHERE "
		"m.programme_id = g.id AND m.archived_at IS NULL) AS hours, "
		"c.starts_on, c.ends_on, "
		"t.issued_on, t.number, t.code FROM training_certificate t "
		"JOIN person p ON p.id = t.person_id "
		"JOIN training_programme g ON g.id = t.programme_id "
		"JOIN training_enrolment e ON e.id = t.enrolment_id "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"WHERE t.id = ? AND t.archived_at IS NULL",
		(struct db_value[]){ DB_INT(id) }, 1, out);
}

int
out_store_certificates_of(struct db *db, int64_t person_id, json_t *out)
{
	struct db_value v[] = { DB_INT(person_id) };
	json_t *completion = json_array(), *skill = json_array();
	int rc;

	json_object_set_new(out, "completion", completion);
	json_object_set_new(out, "skill", skill);
	rc = db_rows_values(db, "SELECT t.id, t.programme_id, g.name AS "
			    "programme_name, t.issued_on, t.code, t.number FROM "
			    "training_certificate t JOIN training_programme g "
			    "ON g.id = t.programme_id WHERE t.person_id = ? "
			    "AND t.archived_at IS NULL ORDER BY t.issued_on, "
			    "t.id", v, 1, completion);
	if (!rc)
		rc = db_rows_values(db, "SELECT id, occupation, level, "
				    "number, issuer, issued_on FROM "
				    "skill_certificate WHERE person_id = ? AND "
				    "archived_at IS NULL ORDER BY issued_on, "
				    "id", v, 1, skill);
	return rc;
}

int
training_completed_people(struct db *db, const char *as_of, json_t *rows)
{
	return db_rows_values(db, "SELECT DISTINCT person_id FROM "
			      "training_enrolment WHERE status = 'completed' "
			      "AND status_on <= ? AND archived_at IS NULL "
			      "ORDER BY person_id",
			      (struct db_value[]){ DB_TEXT(as_of) }, 1, rows);
}
