/*
 * store.c - the SQL of the training module's rules (store.h): the
 * records, counts and checks they read and the rows they write. The lists
 * the API and the pages show are in store_lists.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "db/db.h"
#include "training/store.h"

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static int64_t
int_or(struct db_stmt *st, int col, int64_t absent)
{
	return db_column_null(st, col) ? absent : db_column_int(st, col);
}

int
store_enrolment(struct db *db, int64_t id, struct tr_enrolment *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_prepare(db, &st,
		"SELECT e.id, e.cohort_id, e.person_id, c.programme_id, "
		"e.source_org_id, g.firm_org_id, g.college_org_id, "
		"c.teacher_person_id, g.min_attendance_pct, "
		"g.assessments_required, g.kind, e.status, e.enrolled_on "
		"FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.id = ? AND e.archived_at IS NULL");
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int(st, 0);
		out->cohort_id = db_column_int(st, 1);
		out->person_id = db_column_int(st, 2);
		out->programme_id = db_column_int(st, 3);
		out->source_org_id = int_or(st, 4, 0);
		out->firm_org_id = int_or(st, 5, 0);
		out->college_org_id = int_or(st, 6, 0);
		out->cohort_teacher = db_column_int(st, 7);
		out->min_attendance_pct = int_or(st, 8, -1);
		out->assessments_required = int_or(st, 9, -1);
		copy(out->kind, sizeof(out->kind), db_column_text(st, 10));
		copy(out->status, sizeof(out->status), db_column_text(st, 11));
		copy(out->enrolled_on, sizeof(out->enrolled_on),
		     db_column_text(st, 12));
		rc = 0;
	} else if (!rc) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
store_session(struct db *db, int64_t id, struct tr_session *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_prepare(db, &st,
		"SELECT s.id, s.cohort_id, s.teacher_person_id, "
		"c.teacher_person_id, s.minutes, s.kind, s.starts_at, "
		"s.ends_at, s.on_date, s.code FROM training_session s "
		"JOIN training_cohort c ON c.id = s.cohort_id "
		"WHERE s.id = ? AND s.archived_at IS NULL");
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int(st, 0);
		out->cohort_id = db_column_int(st, 1);
		out->teacher_person_id = db_column_int(st, 2);
		out->cohort_teacher = db_column_int(st, 3);
		out->minutes = db_column_int(st, 4);
		copy(out->kind, sizeof(out->kind), db_column_text(st, 5));
		copy(out->starts_at, sizeof(out->starts_at),
		     db_column_text(st, 6));
		copy(out->ends_at, sizeof(out->ends_at),
		     db_column_text(st, 7));
		copy(out->on_date, sizeof(out->on_date),
		     db_column_text(st, 8));
		copy(out->code, sizeof(out->code), db_column_text(st, 9));
		rc = 0;
	} else if (!rc) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
store_attendance(struct db *db, int64_t id, struct tr_attendance *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_prepare(db, &st,
		"SELECT a.id, a.session_id, a.enrolment_id, "
		"s.teacher_person_id, c.teacher_person_id, "
		"(SELECT m.master_person_id FROM training_mentor m "
		" WHERE m.enrolment_id = a.enrolment_id AND m.until IS NULL "
		" AND m.archived_at IS NULL), s.kind, a.status "
		"FROM training_attendance a "
		"JOIN training_session s ON s.id = a.session_id "
		"JOIN training_cohort c ON c.id = s.cohort_id WHERE a.id = ?");
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int(st, 0);
		out->session_id = db_column_int(st, 1);
		out->enrolment_id = db_column_int(st, 2);
		out->session_teacher = db_column_int(st, 3);
		out->cohort_teacher = db_column_int(st, 4);
		out->master = int_or(st, 5, 0);
		copy(out->kind, sizeof(out->kind), db_column_text(st, 6));
		copy(out->status, sizeof(out->status), db_column_text(st, 7));
		rc = 0;
	} else if (!rc) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

/*
 * The sessions that count for an enrolment: of its cohort, not archived,
 * dated on or after the enrolment, and (once it has ended) on or before
 * its end. One row per kind of place.
 */
int
store_hours(struct db *db, int64_t enrolment_id, const char *now,
	    struct training_hours *out)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(enrolment_id) };
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_prepare(db, &st,
		"SELECT s.kind, "
		"CAST(sum(s.minutes) AS BIGINT), "
		"CAST(sum(CASE WHEN s.ends_at <= ? THEN s.minutes ELSE 0 END) "
		"  AS BIGINT), "
		"CAST(sum(CASE WHEN a.status IN ('present', 'late') "
		"  THEN s.minutes ELSE 0 END) AS BIGINT), "
		"CAST(sum(CASE WHEN a.status IN ('present', 'late') AND "
		"  a.verified_at IS NOT NULL THEN s.minutes ELSE 0 END) "
		"  AS BIGINT), "
		"CAST(sum(CASE WHEN a.status = 'excused' THEN s.minutes "
		"  ELSE 0 END) AS BIGINT) "
		"FROM training_enrolment e "
		"JOIN training_session s ON s.cohort_id = e.cohort_id "
		" AND s.archived_at IS NULL AND s.on_date >= e.enrolled_on "
		" AND (e.status = 'enrolled' OR s.on_date <= e.status_on) "
		"LEFT JOIN training_attendance a ON a.session_id = s.id "
		" AND a.enrolment_id = e.id "
		"WHERE e.id = ? GROUP BY s.kind");
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 2);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		int k = !strcmp(db_column_text(st, 0), "workshop") ?
			TRAINING_WORKSHOP : TRAINING_CLASSROOM;

		out->planned[k] = db_column_int(st, 1);
		out->held[k] = db_column_int(st, 2);
		out->attended[k] = db_column_int(st, 3);
		out->verified[k] = db_column_int(st, 4);
		out->excused[k] = db_column_int(st, 5);
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

int
store_modules_passed(struct db *db, int64_t enrolment_id, int64_t *modules,
		     int64_t *passed)
{
	struct db_value v[] = { DB_INT(enrolment_id) };
	int rc;

	rc = db_int_value(db,
		"SELECT count(*) FROM training_module m "
		"JOIN training_cohort c ON c.programme_id = m.programme_id "
		"JOIN training_enrolment e ON e.cohort_id = c.id "
		"WHERE e.id = ? AND m.archived_at IS NULL", v, 1, modules);
	if (!rc)
		rc = db_int_value(db,
			"SELECT count(DISTINCT a.module_id) "
			"FROM training_assessment a "
			"JOIN training_module m ON m.id = a.module_id "
			"WHERE a.enrolment_id = ? AND a.passed = 1 "
			"AND a.archived_at IS NULL AND m.archived_at IS NULL",
			v, 1, passed);
	return rc;
}

int
store_completions_of(struct db *db, int64_t person_id, json_t *items)
{
	struct db_value v[] = { DB_INT(person_id) };

	return db_rows_values(db,
		"SELECT e.id AS enrolment_id, g.id AS programme_id, "
		"g.name AS programme_name, g.kind, g.occupation, "
		"g.firm_org_id, g.college_org_id, g.certificate_name, "
		"g.certificate_level, ev.on_date AS completed_on "
		"FROM training_enrolment_event ev "
		"JOIN training_enrolment e ON e.id = ev.enrolment_id "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.person_id = ? AND ev.kind = 'completed' "
		"AND e.archived_at IS NULL ORDER BY ev.on_date, ev.id",
		v, 1, items);
}

int
store_has_completed(struct db *db, int64_t person_id, const char *kind,
		    const char *on, bool *yes)
{
	struct db_value v[] = {
		DB_INT(person_id), DB_TEXT(on), DB_TEXT(kind), DB_TEXT(kind)
	};

	return db_exists(db,
		"SELECT 1 FROM training_enrolment_event ev "
		"JOIN training_enrolment e ON e.id = ev.enrolment_id "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.person_id = ? AND ev.kind = 'completed' "
		"AND ev.on_date <= ? AND e.archived_at IS NULL "
		"AND (CAST(? AS TEXT) IS NULL OR g.kind = ?)",
		v, 4, yes);
}

int
store_may_read(struct db *db, int64_t id, int64_t self, int64_t teacher,
	       int64_t org, bool *yes)
{
	struct db_value v[] = {
		DB_INT(id), DB_INT(self), DB_INT(teacher), DB_INT(teacher),
		DB_INT(teacher), DB_INT(org), DB_INT(org), DB_INT(org),
		DB_INT(org),
	};

	return db_exists(db,
		"SELECT 1 FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.id = ? AND e.archived_at IS NULL AND ("
		" e.person_id = ? OR c.teacher_person_id = ? "
		" OR EXISTS (SELECT 1 FROM training_session s "
		"  WHERE s.cohort_id = c.id AND s.teacher_person_id = ? "
		"  AND s.archived_at IS NULL) "
		" OR EXISTS (SELECT 1 FROM training_mentor m "
		"  WHERE m.enrolment_id = e.id AND m.archived_at IS NULL "
		"  AND ? IN (m.master_person_id, m.teacher_person_id)) "
		" OR g.firm_org_id = ? OR g.college_org_id = ? "
		" OR e.source_org_id = ? "
		" OR EXISTS (SELECT 1 FROM training_mentor m "
		"  WHERE m.enrolment_id = e.id AND m.archived_at IS NULL "
		"  AND m.master_org_id = ?))",
		v, 9, yes);
}

int
store_teaches(struct db *db, int64_t teacher, int64_t cohort_id, bool *yes)
{
	struct db_value v[] = {
		DB_INT(cohort_id), DB_INT(teacher), DB_INT(teacher)
	};

	return db_exists(db,
		"SELECT 1 FROM training_cohort c WHERE c.id = ? AND "
		"(c.teacher_person_id = ? OR EXISTS (SELECT 1 "
		" FROM training_session s WHERE s.cohort_id = c.id "
		" AND s.teacher_person_id = ? AND s.archived_at IS NULL))",
		v, 3, yes);
}

int
store_enrolment_at(struct db *db, int64_t person_id, int64_t cohort_id,
		   int64_t *enrolment_id, char enrolled_on[11],
		   char status[16])
{
	struct db_stmt *st;
	int rc;

	*enrolment_id = 0;
	rc = db_prepare(db, &st,
		"SELECT id, enrolled_on, status FROM training_enrolment "
		"WHERE person_id = ? AND cohort_id = ? "
		"AND archived_at IS NULL");
	if (rc)
		return rc;
	db_bind_int(st, 1, person_id);
	db_bind_int(st, 2, cohort_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*enrolment_id = db_column_int(st, 0);
		copy(enrolled_on, 11, db_column_text(st, 1));
		copy(status, 16, db_column_text(st, 2));
		rc = 0;
	} else if (!rc) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
store_module_fits(struct db *db, int64_t module_id, int64_t cohort_id,
		  bool *yes)
{
	struct db_value v[] = { DB_INT(module_id), DB_INT(cohort_id) };

	return db_exists(db,
		"SELECT 1 FROM training_module m JOIN training_cohort c "
		"ON c.programme_id = m.programme_id "
		"WHERE m.id = ? AND c.id = ?", v, 2, yes);
}

int
store_partner_shares(struct db *db, int64_t centre_id, int64_t except,
		     int64_t *sum)
{
	struct db_value v[] = { DB_INT(centre_id), DB_INT(except) };

	return db_int_value(db,
		"SELECT CAST(coalesce(sum(share_pct), 0) AS BIGINT) "
		"FROM training_partner WHERE centre_id = ? AND id <> ? "
		"AND archived_at IS NULL", v, 2, sum);
}

int
store_session_derived(struct db *db, int64_t id, const char *on_date,
		      int64_t minutes, const char *code)
{
	struct db_value v[] = {
		DB_TEXT(on_date), DB_INT(minutes), DB_TEXT(code), DB_INT(id)
	};

	return db_change_values(db,
		"UPDATE training_session SET on_date = ?, minutes = ?, "
		"code = ? WHERE id = ?", v, 4);
}

int
store_event(struct db *db, int64_t enrolment_id, const char *kind,
	    const char *on, const char *reason, int64_t actor_account,
	    const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(enrolment_id), DB_TEXT(kind), DB_TEXT(on),
		DB_TEXT(reason ? reason : ""),
		actor_account > 0 ? DB_INT(actor_account) : DB_TEXT(NULL),
		DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO training_enrolment_event (enrolment_id, kind, "
		"on_date, reason, actor_account_id, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?) RETURNING id", v, 6, id);
}

int
store_attendance_find(struct db *db, int64_t session_id, int64_t enrolment_id,
		      int64_t *id)
{
	struct db_value v[] = { DB_INT(session_id), DB_INT(enrolment_id) };
	int rc = db_int_value(db,
		"SELECT id FROM training_attendance WHERE session_id = ? "
		"AND enrolment_id = ?", v, 2, id);

	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
store_attendance_insert(struct db *db, int64_t session_id,
			int64_t enrolment_id, const char *status,
			const char *checked_in_at, int64_t verified_by,
			const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(session_id), DB_INT(enrolment_id), DB_TEXT(status),
		DB_TEXT(checked_in_at),
		DB_TEXT(verified_by > 0 ? now : NULL),
		verified_by > 0 ? DB_INT(verified_by) : DB_TEXT(NULL),
		DB_TEXT(now), DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO training_attendance (session_id, enrolment_id, "
		"status, checked_in_at, verified_at, verified_by_account_id, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id", v, 8, id);
}

int
store_attendance_mark(struct db *db, int64_t id, const char *status,
		      int64_t verified_by, const char *now)
{
	struct db_value v[] = {
		DB_TEXT(status), DB_TEXT(verified_by > 0 ? now : NULL),
		verified_by > 0 ? DB_INT(verified_by) : DB_TEXT(NULL),
		DB_TEXT(now), DB_INT(id),
	};

	return db_change_values(db,
		"UPDATE training_attendance SET status = ?, verified_at = ?, "
		"verified_by_account_id = ?, updated_at = ? WHERE id = ?",
		v, 5);
}

int
store_attendance_verify(struct db *db, int64_t id, int64_t verified_by,
			const char *now)
{
	struct db_value v[] = {
		DB_TEXT(now), DB_INT(verified_by), DB_TEXT(now), DB_INT(id)
	};

	return db_change_values(db,
		"UPDATE training_attendance SET verified_at = ?, "
		"verified_by_account_id = ?, updated_at = ? WHERE id = ?",
		v, 4);
}

int
store_attendance_json(struct db *db, int64_t id, json_t **out)
{
	struct db_value v[] = { DB_INT(id) };
	json_t *items = json_array();
	int rc = db_rows_values(db,
		"SELECT id, session_id, enrolment_id, status, checked_in_at, "
		"verified_at, verified_by_account_id, created_at, updated_at "
		"FROM training_attendance WHERE id = ?", v, 1, items);

	*out = NULL;
	if (!rc && !json_array_size(items))
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}

int
store_current_master(struct db *db, int64_t enrolment_id, int64_t *master)
{
	struct db_value v[] = { DB_INT(enrolment_id) };
	int rc = db_int_value(db,
		"SELECT master_person_id FROM training_mentor "
		"WHERE enrolment_id = ? AND until IS NULL "
		"AND archived_at IS NULL", v, 1, master);

	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
store_master_load(struct db *db, int64_t master, int64_t *n)
{
	struct db_value v[] = { DB_INT(master) };

	return db_int_value(db,
		"SELECT count(*) FROM training_mentor m "
		"JOIN training_enrolment e ON e.id = m.enrolment_id "
		"WHERE m.master_person_id = ? AND m.until IS NULL "
		"AND m.archived_at IS NULL AND e.status = 'enrolled'",
		v, 1, n);
}

int
store_log_confirm(struct db *db, int64_t id, int64_t by, const char *now)
{
	struct db_value v[] = {
		DB_TEXT(now), DB_INT(by), DB_TEXT(now), DB_INT(id)
	};

	return db_change_values(db,
		"UPDATE training_weekly_log SET confirmed_at = ?, "
		"confirmed_by_person_id = ?, updated_at = ? WHERE id = ? "
		"AND confirmed_at IS NULL", v, 4);
}

int
store_log_enrolment(struct db *db, int64_t id, int64_t *enrolment_id,
		    bool *confirmed)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT enrolment_id, confirmed_at FROM training_weekly_log "
		"WHERE id = ? AND archived_at IS NULL");

	*enrolment_id = 0;
	*confirmed = false;
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*enrolment_id = db_column_int(st, 0);
		*confirmed = !db_column_null(st, 1);
		rc = 0;
	} else if (!rc) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}
