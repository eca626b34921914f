/*
 * store_workbench.c - the queries of training's part of the workbench
 * (training_int.h; pages_workbench.c), each as of a day `on`: what waits
 * for staff and teachers, a firm's placed trainees, a trainee's
 * timetable. Its lists of one id without a day (a firm's order classes,
 * a trainee's running enrolments and placements) are store_list()'s.
 */
#include "db/db.h"
#include "training/training_int.h"

/* Attended check-ins not yet confirmed, on sessions held by `on`. */
#define UNCONFIRMED							\
	" FROM training_attendance a"					\
	" JOIN training_session s ON s.id = a.session_id"		\
	" JOIN training_cohort c ON c.id = s.cohort_id"		\
	" WHERE a.status IN ('present', 'late') AND a.verified_at IS NULL" \
	" AND s.archived_at IS NULL AND s.on_date <= ?"
/* ... of the sessions a teacher leads (its cohort's) or teaches. */
#define TAUGHT_BY " AND (c.teacher_person_id = ? OR s.teacher_person_id = ?)"

/* The trainees a session counts for: enrolled by its day, not gone. */
#define ON_ROLL(s)							\
	" e.archived_at IS NULL AND e.enrolled_on <= " s ".on_date"	\
	" AND (e.status = 'enrolled' OR " s ".on_date <= e.status_on)"

int
store_to_certify(struct db *db, const char *on, int64_t *n)
{
	struct db_value v[] = { DB_TEXT(on) };

	return db_int_value(db, "SELECT count(*) FROM training_enrolment e "
		"WHERE e.status = 'completed' AND e.archived_at IS NULL "
		"AND e.status_on <= ? AND NOT EXISTS (SELECT 1 FROM "
		"training_certificate t WHERE t.enrolment_id = e.id)", v, 1,
		n);
}

int
store_unconfirmed(struct db *db, const char *on, int64_t teacher,
		  int64_t *n, int64_t *first_session)
{
	struct db_value v[] = { DB_TEXT(on), DB_INT(teacher),
				DB_INT(teacher) };
	int nv = teacher > 0 ? 3 : 1;
	int rc;

	*first_session = 0;
	rc = db_int_value(db, teacher > 0 ?
			  "SELECT count(*)" UNCONFIRMED TAUGHT_BY :
			  "SELECT count(*)" UNCONFIRMED, v, nv, n);
	if (!rc && *n)
		rc = db_int_value(db, teacher > 0 ?
				  "SELECT s.id" UNCONFIRMED TAUGHT_BY
				  " ORDER BY s.starts_at, s.id LIMIT 1" :
				  "SELECT s.id" UNCONFIRMED
				  " ORDER BY s.starts_at, s.id LIMIT 1", v, nv,
				  first_session);
	return rc;
}

int
store_placed_with(struct db *db, int64_t org_id, const char *on,
		  json_t *items)
{
	struct db_value v[] = { DB_INT(org_id), DB_TEXT(on) };

	return db_rows_values(db, "SELECT l.id, p.name AS person_name, "
		"t.title, l.assigned_on FROM placement l "
		"JOIN placement_slot t ON t.id = l.slot_id "
		"JOIN person p ON p.id = l.person_id "
		"WHERE l.firm_id = ? AND l.status = 'assigned' AND "
		"l.archived_at IS NULL AND l.assigned_on <= ? "
		"ORDER BY l.assigned_on DESC, l.id DESC", v, 2, items);
}

int
store_sessions_from(struct db *db, int64_t person_id, const char *on,
		    int64_t limit, json_t *items)
{
	struct db_value v[] = { DB_INT(person_id), DB_TEXT(on),
				DB_INT(limit) };

	return db_rows_values(db, "SELECT s.id, s.starts_at, s.kind, "
		"s.topic, c.name AS cohort_name, coalesce(m.name, o.name) AS "
		"place FROM training_enrolment e "
		"JOIN training_cohort c ON c.id = e.cohort_id "
		"JOIN training_session s ON s.cohort_id = e.cohort_id "
		" AND s.archived_at IS NULL "
		"LEFT JOIN training_room m ON m.id = s.room_id "
		"LEFT JOIN org o ON o.id = s.workshop_org_id "
		"WHERE e.person_id = ? AND e.status = 'enrolled' AND "
		"e.archived_at IS NULL AND s.on_date >= ? "
		"ORDER BY s.starts_at, s.id LIMIT ?", v, 3, items);
}

int
store_cohorts_led(struct db *db, int64_t person_id, const char *on,
		  json_t *items)
{
	struct db_value v[] = { DB_TEXT(on), DB_TEXT(on), DB_TEXT(on),
				DB_TEXT(on), DB_INT(person_id) };

	return db_rows_values(db, "SELECT c.id, c.name, g.name AS "
		"programme_name, (SELECT count(*) FROM training_enrolment e "
		" WHERE e.cohort_id = c.id AND e.archived_at IS NULL AND "
		" e.status = 'enrolled') AS roll, "
		"(SELECT count(*) FROM training_attendance a JOIN "
		" training_session s ON s.id = a.session_id WHERE "
		" s.cohort_id = c.id AND s.archived_at IS NULL AND "
		" s.on_date <= ? AND a.status IN ('present', 'late')) AS "
		"attended, (SELECT count(*) FROM training_session s JOIN "
		" training_enrolment e ON e.cohort_id = s.cohort_id AND "
		ON_ROLL("s") " WHERE s.cohort_id = c.id AND "
		" s.archived_at IS NULL AND s.on_date <= ?) AS expected "
		"FROM training_cohort c JOIN training_programme g ON "
		"g.id = c.programme_id WHERE c.archived_at IS NULL AND "
		"c.starts_on <= ? AND c.ends_on >= ? AND "
		"c.teacher_person_id = ? ORDER BY c.starts_on DESC, c.id",
		v, 5, items);
}

int
store_sessions_to_mark(struct db *db, int64_t person_id, const char *on,
		       int64_t limit, json_t *items)
{
	struct db_value v[] = { DB_TEXT(on), DB_INT(person_id),
				DB_INT(person_id), DB_INT(limit) };

	return db_rows_values(db, "SELECT s.id, s.starts_at, s.topic, "
		"c.name AS cohort_name, open FROM (SELECT s.id, "
		"(SELECT count(*) FROM training_enrolment e WHERE "
		" e.cohort_id = s.cohort_id AND" ON_ROLL("s")
		" AND NOT EXISTS (SELECT 1 FROM training_attendance a WHERE "
		" a.session_id = s.id AND a.enrolment_id = e.id AND "
		" (a.verified_at IS NOT NULL OR a.status NOT IN ('present', "
		" 'late')))) AS open FROM training_session s JOIN "
		"training_cohort c ON c.id = s.cohort_id WHERE "
		"s.archived_at IS NULL AND s.on_date <= ?" TAUGHT_BY ") x "
		"JOIN training_session s ON s.id = x.id JOIN training_cohort c "
		"ON c.id = s.cohort_id WHERE open > 0 "
		"ORDER BY s.starts_at DESC, s.id DESC LIMIT ?", v, 4, items);
}
