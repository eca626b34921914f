/*
 * store.c - the SQL of the training module's rules (training_int.h): the
 * records, counts and checks they read and the rows they write; and the
 * reads other modules make of completions and assessments (training.h),
 * which are one query each. The lists the API and the pages show are in
 * store_lists.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "training/training_int.h"

#define E(kind, m) DB_FIELD_##kind(struct tr_enrolment, m)
static const struct db_field enrolment_fields[] = {
	E(INT64, id), E(INT64, cohort_id), E(INT64, person_id),
	E(INT64, programme_id), E(INT64, source_org_id),
	E(INT64, firm_org_id), E(INT64, college_org_id),
	E(INT64, cohort_teacher), E(INT64, min_attendance_pct),
	E(INT64, assessments_required), E(CHARS, kind), E(CHARS, status),
	E(CHARS, status_on), E(CHARS, enrolled_on), DB_FIELDS_END
};
#undef E

int
store_enrolment(struct db *db, int64_t id, struct tr_enrolment *out)
{
	return db_get_one(db,
		"SELECT e.id, e.cohort_id, e.person_id, c.programme_id, "
		"e.source_org_id, g.firm_org_id, g.college_org_id, "
		"c.teacher_person_id AS cohort_teacher, "
		"coalesce(g.min_attendance_pct, -1) AS min_attendance_pct, "
		"coalesce(g.assessments_required, -1) "
		"AS assessments_required, g.kind, e.status, e.status_on, "
		"e.enrolled_on "
		"FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.id = ? AND e.archived_at IS NULL",
		(struct db_value[]){ DB_INT(id) }, 1, enrolment_fields, out,
		sizeof(*out), NULL);
}

#define S(kind, m) DB_FIELD_##kind(struct tr_session, m)
static const struct db_field session_fields[] = {
	S(INT64, id), S(INT64, cohort_id), S(INT64, teacher_person_id),
	S(INT64, cohort_teacher), S(INT64, minutes), S(CHARS, kind),
	S(CHARS, starts_at), S(CHARS, ends_at), S(CHARS, on_date),
	S(CHARS, code), S(INT64, room_id), S(INT64, booking_id),
	DB_FIELDS_END
};
#undef S

int
store_session(struct db *db, int64_t id, struct tr_session *out)
{
	return db_get_one(db,
		"SELECT s.id, s.cohort_id, s.teacher_person_id, "
		"c.teacher_person_id AS cohort_teacher, s.minutes, s.kind, "
		"s.starts_at, s.ends_at, s.on_date, s.code, s.room_id, "
		"s.booking_id FROM training_session s "
		"JOIN training_cohort c ON c.id = s.cohort_id "
		"WHERE s.id = ? AND s.archived_at IS NULL",
		(struct db_value[]){ DB_INT(id) }, 1, session_fields, out,
		sizeof(*out), NULL);
}

int
store_room_resource(struct db *db, int64_t id, int64_t *resource)
{
	int rc = db_int_value(db, "SELECT coalesce(resource_id, 0) "
			      "FROM training_room WHERE id = ?",
			      (struct db_value[]){ DB_INT(id) }, 1, resource);

	if (rc == ERR_NOTFOUND)
		*resource = 0;
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
store_session_claim_move(struct db *db, int64_t id, const char *now,
			 bool *claimed)
{
	struct db_value v[] = {
		DB_TEXT(now), DB_INT(id), DB_TEXT(now), DB_INT(id)
	};
	int64_t n = 0, locked;
	int rc = 0;

	/*
	 * PostgreSQL: FOR UPDATE waits for, and holds off, the key-share
	 * lock an attendance row's foreign key takes on its session, so a
	 * check-in or a mark in flight commits first (and the statement
	 * below, with a snapshot of its own, sees it) or after this
	 * transaction. SQLite's write lock serialises them already.
	 */
	*claimed = false;
	if (db_dialect(db) == DB_POSTGRES)
		rc = db_int_value(db, "SELECT id FROM training_session "
				  "WHERE id = ? FOR UPDATE",
				  (struct db_value[]){ DB_INT(id) }, 1,
				  &locked);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	rc = db_exec_changes(db,
		"UPDATE training_session SET updated_at = ? "
		"WHERE id = ? AND archived_at IS NULL AND starts_at > ? "
		"AND NOT EXISTS (SELECT 1 FROM training_attendance a "
		"WHERE a.session_id = ?)", v, 4, &n);

	*claimed = !rc && n == 1;
	return rc;
}

int
store_session_has_marks(struct db *db, int64_t id, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM training_attendance "
			 "WHERE session_id = ?",
			 (struct db_value[]){ DB_INT(id) }, 1, yes);
}

#define A(kind, m) DB_FIELD_##kind(struct tr_attendance, m)
static const struct db_field attendance_fields[] = {
	A(INT64, id), A(INT64, session_id), A(INT64, enrolment_id),
	A(INT64, session_teacher), A(INT64, cohort_teacher), A(INT64, master),
	A(CHARS, kind), A(CHARS, status), DB_FIELDS_END
};
#undef A

int
store_attendance(struct db *db, int64_t id, struct tr_attendance *out)
{
	return db_get_one(db,
		"SELECT a.id, a.session_id, a.enrolment_id, "
		"s.teacher_person_id AS session_teacher, "
		"c.teacher_person_id AS cohort_teacher, "
		"(SELECT m.master_person_id FROM training_mentor m "
		" WHERE m.enrolment_id = a.enrolment_id AND m.until IS NULL "
		" AND m.archived_at IS NULL) AS master, s.kind, a.status "
		"FROM training_attendance a "
		"JOIN training_session s ON s.id = a.session_id "
		"JOIN training_cohort c ON c.id = s.cohort_id WHERE a.id = ?",
		(struct db_value[]){ DB_INT(id) }, 1, attendance_fields, out,
		sizeof(*out), NULL);
}

int
store_syllabus_hours(struct db *db, int64_t enrolment_id, int64_t *hours)
{
	return db_int_value(db, "SELECT CAST(COALESCE(sum(m.classroom_hours "
			    "+ m.workshop_hours), 0) AS BIGINT) FROM "
			    "training_enrolment e JOIN training_cohort c ON "
			    "c.id = e.cohort_id JOIN training_module m ON "
			    "m.programme_id = c.programme_id AND "
			    "m.archived_at IS NULL WHERE e.id = ?",
			    (struct db_value[]){ DB_INT(enrolment_id) }, 1,
			    hours);
}

/* One row of store_hours(): the minutes of one kind of place. */
struct hours_row {
	char kind[TRAINING_PLACE_MAX + 1];
	int64_t planned, held, attended, verified, excused;
};
_Static_assert(DB_FITS(struct hours_row, kind, TRAINING_PLACE_MAX),
	       "a place fits");

#define H(kind, m) DB_FIELD_##kind(struct hours_row, m)
static const struct db_field hours_fields[] = {
	H(CHARS, kind), H(INT64, planned), H(INT64, held),
	H(INT64, attended), H(INT64, verified), H(INT64, excused),
	DB_FIELDS_END
};
#undef H

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
	const struct hours_row *row;
	struct arena a;
	void *rows;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	arena_init(&a, 0);
	rc = db_get_many(db,
		"SELECT s.kind, "
		"CAST(sum(s.minutes) AS BIGINT) AS planned, "
		"CAST(sum(CASE WHEN s.ends_at <= ? THEN s.minutes ELSE 0 END) "
		"  AS BIGINT) AS held, "
		"CAST(sum(CASE WHEN a.status IN ('present', 'late') "
		"  THEN s.minutes ELSE 0 END) AS BIGINT) AS attended, "
		"CAST(sum(CASE WHEN a.status IN ('present', 'late') AND "
		"  a.verified_at IS NOT NULL THEN s.minutes ELSE 0 END) "
		"  AS BIGINT) AS verified, "
		"CAST(sum(CASE WHEN a.status = 'excused' THEN s.minutes "
		"  ELSE 0 END) AS BIGINT) AS excused "
		"FROM training_enrolment e "
		"JOIN training_session s ON s.cohort_id = e.cohort_id "
		" AND s.archived_at IS NULL AND s.on_date >= e.enrolled_on "
		" AND (e.status = 'enrolled' OR s.on_date <= e.status_on) "
		"LEFT JOIN training_attendance a ON a.session_id = s.id "
		" AND a.enrolment_id = e.id "
		"WHERE e.id = ? GROUP BY s.kind", v, 2, hours_fields,
		sizeof(*row), &a, &rows, &n);
	row = rows;
	for (size_t i = 0; i < n; i++) {
		int k = !strcmp(row[i].kind, "workshop") ?
			TRAINING_WORKSHOP : TRAINING_CLASSROOM;

		out->planned[k] = row[i].planned;
		out->held[k] = row[i].held;
		out->attended[k] = row[i].attended;
		out->verified[k] = row[i].verified;
		out->excused[k] = row[i].excused;
	}
	arena_release(&a);
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
training_completions_of(struct db *db, int64_t person_id, json_t **items)
{
	struct db_value v[] = { DB_INT(person_id) };

	return db_rows_array(db,
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
training_assessments_of(struct db *db, int64_t person_id, json_t **items)
{
	struct db_value v[] = { DB_INT(person_id) };

	return db_rows_array(db,
		"SELECT a.enrolment_id, g.name AS programme_name, "
		"m.name AS module_name, a.score, a.passed, a.assessed_on "
		"FROM training_assessment a "
		"JOIN training_enrolment e ON e.id = a.enrolment_id "
		"JOIN training_module m ON m.id = a.module_id "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE e.person_id = ? AND a.archived_at IS NULL "
		"AND e.archived_at IS NULL ORDER BY a.assessed_on, a.id",
		v, 1, items);
}

int
training_enrolled_ending_in(struct db *db, int64_t person_id,
			    int64_t programme_id, int64_t year, bool *yes)
{
	char y[8];
	struct db_value v[] = {
		DB_INT(person_id), DB_TEXT(y), DB_INT(programme_id),
		DB_INT(programme_id),
	};

	snprintf(y, sizeof(y), "%04lld", (long long)year);
	return db_exists(db,
		"SELECT 1 FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"WHERE e.person_id = ? AND e.status <> 'withdrawn' "
		"AND e.archived_at IS NULL AND substr(c.ends_on, 1, 4) = ? "
		"AND (? = 0 OR c.programme_id = ?)",
		v, 4, yes);
}

int
training_enrolled_in_cohort(struct db *db, int64_t person_id,
			    int64_t cohort_id, bool *yes)
{
	struct db_value v[] = { DB_INT(person_id), DB_INT(cohort_id) };

	return db_exists(db,
		"SELECT 1 FROM training_enrolment "
		"WHERE person_id = ? AND cohort_id = ? "
		"AND status <> 'withdrawn' AND archived_at IS NULL",
		v, 2, yes);
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
		   int64_t *enrolment_id)
{
	struct db_value v[] = { DB_INT(person_id), DB_INT(cohort_id) };

	return db_int_value(db, "SELECT id FROM training_enrolment WHERE "
			    "person_id = ? AND cohort_id = ? AND archived_at "
			    "IS NULL", v, 2, enrolment_id);
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

	/* Compare-and-set: attended and not yet verified, or nothing. */
	return db_change_values(db,
		"UPDATE training_attendance SET verified_at = ?, "
		"verified_by_account_id = ?, updated_at = ? WHERE id = ? "
		"AND verified_at IS NULL AND status IN ('present', 'late')",
		v, 4);
}

int
store_attendance_json(struct db *db, int64_t id, json_t **out)
{
	return db_get_json(db, "SELECT id, session_id, enrolment_id, status, "
			   "checked_in_at, verified_at, "
			   "verified_by_account_id, created_at, updated_at "
			   "FROM training_attendance WHERE id = ?",
			   (struct db_value[]){ DB_INT(id) }, 1, out);
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

const struct db_field tr_log_state_fields[] = {
	DB_FIELD_INT64(struct tr_log_state, owner),
	DB_FIELD_BOOL(struct tr_log_state, confirmed),
	DB_FIELDS_END
};

int
store_log_state(struct db *db, int64_t id, struct tr_log_state *out)
{
	return db_get_one(db, "SELECT enrolment_id AS owner, confirmed_at IS "
			  "NOT NULL AS confirmed FROM training_weekly_log "
			  "WHERE id = ? AND archived_at IS NULL",
			  (struct db_value[]){ DB_INT(id) }, 1,
			  tr_log_state_fields, out, sizeof(*out), NULL);
}
