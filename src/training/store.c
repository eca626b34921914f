/*
 * store.c - every SQL statement of the training module (store.h).
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

int
store_events_of(struct db *db, int64_t enrolment_id, json_t *items)
{
	struct db_value v[] = { DB_INT(enrolment_id) };

	return db_rows_values(db,
		"SELECT id, enrolment_id, kind, on_date, reason, created_at "
		"FROM training_enrolment_event WHERE enrolment_id = ? "
		"ORDER BY id", v, 1, items);
}

int
store_sheet(struct db *db, int64_t session_id, json_t *items)
{
	struct db_value v[] = { DB_INT(session_id) };

	return db_rows_values(db,
		"SELECT e.id AS enrolment_id, p.id AS person_id, "
		"p.name AS person_name, a.id AS attendance_id, a.status, "
		"a.checked_in_at, a.verified_at "
		"FROM training_session s "
		"JOIN training_enrolment e ON e.cohort_id = s.cohort_id "
		" AND e.archived_at IS NULL AND e.enrolled_on <= s.on_date "
		" AND (e.status = 'enrolled' OR e.status_on >= s.on_date) "
		"JOIN person p ON p.id = e.person_id "
		"LEFT JOIN training_attendance a ON a.session_id = s.id "
		" AND a.enrolment_id = e.id "
		"WHERE s.id = ? ORDER BY p.name, e.id", v, 1, items);
}

int
store_sessions_of(struct db *db, int64_t cohort_id, json_t *items)
{
	struct db_value v[] = { DB_INT(cohort_id) };

	return db_rows_values(db,
		"SELECT s.id, s.kind, s.topic, s.starts_at, s.ends_at, "
		"s.minutes, s.teacher_person_id, p.name AS teacher_name, "
		"coalesce(r.name, o.name) AS place "
		"FROM training_session s "
		"JOIN person p ON p.id = s.teacher_person_id "
		"LEFT JOIN training_room r ON r.id = s.room_id "
		"LEFT JOIN org o ON o.id = s.workshop_org_id "
		"WHERE s.cohort_id = ? AND s.archived_at IS NULL "
		"ORDER BY s.starts_at, s.id", v, 1, items);
}

int
store_enrolments_of_person(struct db *db, int64_t person_id, json_t *items)
{
	struct db_value v[] = { DB_INT(person_id) };

	return db_rows_values(db,
		"SELECT e.id, e.cohort_id, c.name AS cohort_name, "
		"g.id AS programme_id, g.name AS programme_name, g.kind, "
		"e.enrolled_on, e.status, e.status_on, "
		"CASE WHEN EXISTS (SELECT 1 FROM training_mentor m "
		" WHERE m.enrolment_id = e.id AND m.until IS NULL "
		" AND m.archived_at IS NULL) THEN 1 ELSE 0 END AS mentored "
		"FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.person_id = ? AND e.archived_at IS NULL "
		"ORDER BY e.enrolled_on DESC, e.id DESC", v, 1, items);
}

int
store_schedule_of_person(struct db *db, int64_t person_id, const char *since,
			 json_t *items)
{
	struct db_value v[] = { DB_INT(person_id), DB_TEXT(since) };

	return db_rows_values(db,
		"SELECT s.id, e.id AS enrolment_id, c.name AS cohort_name, "
		"s.kind, s.topic, s.starts_at, s.ends_at, s.minutes, "
		"coalesce(r.name, o.name) AS place, t.name AS teacher_name, "
		"a.status AS attendance, a.verified_at "
		"FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_session s ON s.cohort_id = e.cohort_id "
		" AND s.archived_at IS NULL AND s.on_date >= e.enrolled_on "
		" AND (e.status = 'enrolled' OR s.on_date <= e.status_on) "
		"JOIN person t ON t.id = s.teacher_person_id "
		"LEFT JOIN training_room r ON r.id = s.room_id "
		"LEFT JOIN org o ON o.id = s.workshop_org_id "
		"LEFT JOIN training_attendance a ON a.session_id = s.id "
		" AND a.enrolment_id = e.id "
		"WHERE e.person_id = ? AND e.archived_at IS NULL "
		"AND s.ends_at >= ? ORDER BY s.starts_at, s.id LIMIT 200",
		v, 2, items);
}

int
store_cohorts_of_teacher(struct db *db, int64_t person_id, json_t *items)
{
	struct db_value v[] = { DB_INT(person_id), DB_INT(person_id) };

	return db_rows_values(db,
		"SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, "
		"g.id AS programme_id, g.name AS programme_name, g.kind, "
		"(SELECT count(*) FROM training_enrolment e "
		" WHERE e.cohort_id = c.id AND e.status <> 'withdrawn' "
		" AND e.archived_at IS NULL) AS enrolled "
		"FROM training_cohort c "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE c.archived_at IS NULL AND (c.teacher_person_id = ? "
		" OR EXISTS (SELECT 1 FROM training_session s "
		"  WHERE s.cohort_id = c.id AND s.teacher_person_id = ? "
		"  AND s.archived_at IS NULL)) "
		"ORDER BY c.starts_on DESC, c.id DESC", v, 2, items);
}

int
store_programmes_of_firm(struct db *db, int64_t org_id, json_t *items)
{
	struct db_value v[] = { DB_INT(org_id) };

	return db_rows_values(db,
		"SELECT g.id, g.kind, g.name, g.occupation, g.seat_quota, "
		"g.hiring_commitment, "
		"(SELECT count(*) FROM training_enrolment e "
		" JOIN training_cohort c ON c.id = e.cohort_id "
		" WHERE c.programme_id = g.id AND e.archived_at IS NULL "
		" AND e.status <> 'withdrawn') AS enrolled, "
		"(SELECT count(*) FROM training_enrolment e "
		" JOIN training_cohort c ON c.id = e.cohort_id "
		" WHERE c.programme_id = g.id AND e.archived_at IS NULL "
		" AND e.status = 'completed') AS completed "
		"FROM training_programme g "
		"WHERE g.firm_org_id = ? AND g.archived_at IS NULL "
		"ORDER BY g.kind <> 'order_class', g.id DESC", v, 1, items);
}

int
store_apprentices(struct db *db, int64_t org, int64_t person, json_t *items)
{
	struct db_value v[] = {
		DB_INT(org), DB_INT(person), DB_INT(person)
	};

	return db_rows_values(db,
		"SELECT m.id, m.enrolment_id, e.person_id, "
		"a.name AS apprentice_name, m.master_person_id, "
		"ms.name AS master_name, m.master_org_id, "
		"m.teacher_person_id, t.name AS teacher_name, m.since, "
		"m.until, e.status, g.name AS programme_name "
		"FROM training_mentor m "
		"JOIN training_enrolment e ON e.id = m.enrolment_id "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"JOIN person a ON a.id = e.person_id "
		"JOIN person ms ON ms.id = m.master_person_id "
		"JOIN person t ON t.id = m.teacher_person_id "
		"WHERE m.archived_at IS NULL AND (m.master_org_id = ? "
		" OR m.master_person_id = ? OR m.teacher_person_id = ?) "
		"ORDER BY m.until IS NOT NULL, ms.name, a.name, m.id",
		v, 3, items);
}

int
store_students_of(struct db *db, int64_t org_id, json_t *items)
{
	struct db_value v[] = { DB_INT(org_id), DB_INT(org_id) };

	return db_rows_values(db,
		"SELECT e.id, e.person_id, p.name AS person_name, "
		"c.name AS cohort_name, g.name AS programme_name, g.kind, "
		"e.source, e.enrolled_on, e.status, e.status_on "
		"FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"JOIN person p ON p.id = e.person_id "
		"WHERE e.archived_at IS NULL AND (e.source_org_id = ? "
		" OR g.college_org_id = ?) "
		"ORDER BY e.enrolled_on DESC, e.id DESC LIMIT 1000",
		v, 2, items);
}

int
store_partners_of(struct db *db, int64_t centre_id, json_t *items)
{
	struct db_value v[] = { DB_INT(centre_id) };

	return db_rows_values(db,
		"SELECT t.id, t.org_id, o.name AS org_name, t.share_pct, "
		"t.contribution FROM training_partner t "
		"JOIN org o ON o.id = t.org_id WHERE t.centre_id = ? "
		"AND t.archived_at IS NULL ORDER BY t.share_pct DESC, t.id",
		v, 1, items);
}

int
store_rooms_of(struct db *db, int64_t centre_id, json_t *items)
{
	struct db_value v[] = { DB_INT(centre_id) };

	return db_rows_values(db,
		"SELECT id, name, kind, capacity FROM training_room "
		"WHERE centre_id = ? AND archived_at IS NULL ORDER BY name, id",
		v, 1, items);
}

int
store_modules_of(struct db *db, int64_t programme_id, json_t *items)
{
	struct db_value v[] = { DB_INT(programme_id) };

	return db_rows_values(db,
		"SELECT id, seq, name, classroom_hours, workshop_hours "
		"FROM training_module WHERE programme_id = ? "
		"AND archived_at IS NULL ORDER BY seq, id", v, 1, items);
}

int
store_cohorts_of(struct db *db, int64_t programme_id, json_t *items)
{
	struct db_value v[] = { DB_INT(programme_id) };

	return db_rows_values(db,
		"SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, "
		"(SELECT count(*) FROM training_enrolment e "
		" WHERE e.cohort_id = c.id AND e.status <> 'withdrawn' "
		" AND e.archived_at IS NULL) AS enrolled "
		"FROM training_cohort c WHERE c.programme_id = ? "
		"AND c.archived_at IS NULL ORDER BY c.starts_on, c.id",
		v, 1, items);
}

int
store_enrolments_of(struct db *db, int64_t cohort_id, json_t *items)
{
	struct db_value v[] = { DB_INT(cohort_id) };

	return db_rows_values(db,
		"SELECT e.id, e.person_id, p.name AS person_name, e.source, "
		"e.enrolled_on, e.status, e.status_on "
		"FROM training_enrolment e JOIN person p ON p.id = e.person_id "
		"WHERE e.cohort_id = ? AND e.archived_at IS NULL "
		"ORDER BY p.name, e.id", v, 1, items);
}

int
store_mentors_of(struct db *db, int64_t enrolment_id, json_t *items)
{
	struct db_value v[] = { DB_INT(enrolment_id) };

	return db_rows_values(db,
		"SELECT m.id, m.master_person_id, ms.name AS master_name, "
		"m.master_org_id, o.name AS master_org_name, "
		"m.teacher_person_id, t.name AS teacher_name, m.since, m.until "
		"FROM training_mentor m "
		"JOIN person ms ON ms.id = m.master_person_id "
		"JOIN person t ON t.id = m.teacher_person_id "
		"JOIN org o ON o.id = m.master_org_id "
		"WHERE m.enrolment_id = ? AND m.archived_at IS NULL "
		"ORDER BY m.since, m.id", v, 1, items);
}

int
store_logs_of_person(struct db *db, int64_t person_id, json_t *items)
{
	struct db_value v[] = { DB_INT(person_id) };

	return db_rows_values(db,
		"SELECT l.id, l.enrolment_id, l.week_of, l.body, "
		"l.confirmed_at FROM training_weekly_log l "
		"JOIN training_enrolment e ON e.id = l.enrolment_id "
		"WHERE e.person_id = ? AND l.archived_at IS NULL "
		"ORDER BY l.week_of DESC, l.id DESC LIMIT 100", v, 1, items);
}

int
store_logs_to_confirm(struct db *db, int64_t master, json_t *items)
{
	struct db_value v[] = { DB_INT(master) };

	return db_rows_values(db,
		"SELECT l.id, l.enrolment_id, p.name AS apprentice_name, "
		"l.week_of, l.body FROM training_weekly_log l "
		"JOIN training_mentor m ON m.enrolment_id = l.enrolment_id "
		" AND m.until IS NULL AND m.archived_at IS NULL "
		"JOIN training_enrolment e ON e.id = l.enrolment_id "
		"JOIN person p ON p.id = e.person_id "
		"WHERE m.master_person_id = ? AND l.confirmed_at IS NULL "
		"AND l.archived_at IS NULL ORDER BY l.week_of, l.id", v, 1,
		items);
}

int
store_hours_to_confirm(struct db *db, int64_t master, json_t *items)
{
	struct db_value v[] = { DB_INT(master) };

	return db_rows_values(db,
		"SELECT a.id, a.enrolment_id, p.name AS apprentice_name, "
		"s.topic, s.starts_at, s.minutes, a.status "
		"FROM training_attendance a "
		"JOIN training_session s ON s.id = a.session_id "
		"JOIN training_mentor m ON m.enrolment_id = a.enrolment_id "
		" AND m.until IS NULL AND m.archived_at IS NULL "
		"JOIN training_enrolment e ON e.id = a.enrolment_id "
		"JOIN person p ON p.id = e.person_id "
		"WHERE m.master_person_id = ? AND s.kind = 'workshop' "
		"AND a.status IN ('present', 'late') AND a.verified_at IS NULL "
		"ORDER BY s.starts_at, a.id", v, 1, items);
}
