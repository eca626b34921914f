/*
 * store_lists.c - the SQL of the training module's lists (training_int.h): the
 * JSON arrays of the detail pages, of "my training" for trainees,
 * teachers, masters, firms and colleges, and of the attendance sheet.
 */
#include "db/db.h"
#include "training/training_int.h"

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
