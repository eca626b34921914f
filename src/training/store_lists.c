/*
 * store_lists.c - the SQL of the training module's lists (training_int.h):
 * the JSON arrays of the detail pages, of "my training" for trainees,
 * teachers, masters, firms and colleges, and of the attendance sheet.
 * Each is one query of one id, bound to its every placeholder.
 */
#include <assert.h>
#include <string.h>

#include "base/macros.h"
#include "db/db.h"
#include "training/training_int.h"

/* The apprenticeships of a master, a teacher or a firm: their names. */
#define APPRENTICES							\
	"SELECT m.id, m.enrolment_id, e.person_id, "			\
	"a.name AS apprentice_name, m.master_person_id, "		\
	"ms.name AS master_name, m.master_org_id, "			\
	"m.teacher_person_id, t.name AS teacher_name, m.since, "	\
	"m.until, e.status, g.name AS programme_name "			\
	"FROM training_mentor m "					\
	"JOIN training_enrolment e ON e.id = m.enrolment_id "		\
	"JOIN training_cohort c ON c.id = e.cohort_id "			\
	"JOIN training_programme g ON g.id = c.programme_id "		\
	"JOIN person a ON a.id = e.person_id "				\
	"JOIN person ms ON ms.id = m.master_person_id "			\
	"JOIN person t ON t.id = m.teacher_person_id "			\
	"WHERE m.archived_at IS NULL AND "
#define APPRENTICES_ORDER " ORDER BY m.until IS NOT NULL, ms.name, a.name, m.id"

/* Enrolments still counted against a cohort's places. */
#define ENROLLED(cohort)						\
	"(SELECT count(*) FROM training_enrolment e "			\
	" WHERE e.cohort_id = " cohort " AND e.status <> 'withdrawn' "	\
	" AND e.archived_at IS NULL) AS enrolled "
/* ... and against a programme's seats, in all its cohorts. */
#define ENROLLED_IN(programme)						\
	"(SELECT count(*) FROM training_enrolment e "			\
	" JOIN training_cohort c ON c.id = e.cohort_id "		\
	" WHERE c.programme_id = " programme " AND e.archived_at IS NULL " \
	" AND e.status <> 'withdrawn') AS enrolled "

static const char *const list_sql[TR_NLISTS] = {
	[TR_EVENTS_OF] =
		"SELECT id, enrolment_id, kind, on_date, reason, created_at "
		"FROM training_enrolment_event WHERE enrolment_id = ? "
		"ORDER BY id",
	[TR_SHEET] =
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
		"WHERE s.id = ? ORDER BY p.name, e.id",
	[TR_SESSIONS_OF] =
		"SELECT s.id, s.kind, s.topic, s.starts_at, s.ends_at, "
		"s.minutes, s.teacher_person_id, p.name AS teacher_name, "
		"coalesce(r.name, o.name) AS place "
		"FROM training_session s "
		"JOIN person p ON p.id = s.teacher_person_id "
		"LEFT JOIN training_room r ON r.id = s.room_id "
		"LEFT JOIN org o ON o.id = s.workshop_org_id "
		"WHERE s.cohort_id = ? AND s.archived_at IS NULL "
		"ORDER BY s.starts_at, s.id",
	[TR_ENROLMENTS_OF_PERSON] =
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
		"ORDER BY e.enrolled_on DESC, e.id DESC",
	[TR_LOGS_OF_PERSON] =
		"SELECT l.id, l.enrolment_id, l.week_of, l.body, "
		"l.confirmed_at FROM training_weekly_log l "
		"JOIN training_enrolment e ON e.id = l.enrolment_id "
		"WHERE e.person_id = ? AND l.archived_at IS NULL "
		"ORDER BY l.week_of DESC, l.id DESC LIMIT 100",
	[TR_LOGS_TO_CONFIRM] =
		"SELECT l.id, l.enrolment_id, p.name AS apprentice_name, "
		"l.week_of, l.body FROM training_weekly_log l "
		"JOIN training_mentor m ON m.enrolment_id = l.enrolment_id "
		" AND m.until IS NULL AND m.archived_at IS NULL "
		"JOIN training_enrolment e ON e.id = l.enrolment_id "
		"JOIN person p ON p.id = e.person_id "
		"WHERE m.master_person_id = ? AND l.confirmed_at IS NULL "
		"AND l.archived_at IS NULL ORDER BY l.week_of, l.id",
	[TR_HOURS_TO_CONFIRM] =
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
		"ORDER BY s.starts_at, a.id",
	[TR_COHORTS_OF_TEACHER] =
		"SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, "
		"g.id AS programme_id, g.name AS programme_name, g.kind, "
		ENROLLED("c.id")
		"FROM training_cohort c "
		"JOIN training_programme g ON g.id = c.programme_id "
		"WHERE c.archived_at IS NULL AND (c.teacher_person_id = ? "
		" OR EXISTS (SELECT 1 FROM training_session s "
		"  WHERE s.cohort_id = c.id AND s.teacher_person_id = ? "
		"  AND s.archived_at IS NULL)) "
		"ORDER BY c.starts_on DESC, c.id DESC",
	[TR_PROGRAMMES_OF_FIRM] =
		"SELECT g.id, g.kind, g.name, g.occupation, g.seat_quota, "
		"g.hiring_commitment, " ENROLLED_IN("g.id") ", "
		"(SELECT count(*) FROM training_enrolment e "
		" JOIN training_cohort c ON c.id = e.cohort_id "
		" WHERE c.programme_id = g.id AND e.archived_at IS NULL "
		" AND e.status = 'completed') AS completed "
		"FROM training_programme g "
		"WHERE g.firm_org_id = ? AND g.archived_at IS NULL "
		"ORDER BY g.kind <> 'order_class', g.id DESC",
	[TR_FIRM_APPRENTICES] =
		APPRENTICES "m.master_org_id = ?" APPRENTICES_ORDER,
	[TR_MY_APPRENTICES] =
		APPRENTICES "(m.master_person_id = ? "
		"OR m.teacher_person_id = ?)" APPRENTICES_ORDER,
	[TR_STUDENTS_OF] =
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
	[TR_PARTNERS_OF] =
		"SELECT t.id, t.org_id, o.name AS org_name, t.share_pct, "
		"t.contribution FROM training_partner t "
		"JOIN org o ON o.id = t.org_id WHERE t.centre_id = ? "
		"AND t.archived_at IS NULL ORDER BY t.share_pct DESC, t.id",
	[TR_ROOMS_OF] =
		"SELECT id, name, kind, capacity FROM training_room "
		"WHERE centre_id = ? AND archived_at IS NULL ORDER BY name, id",
	[TR_MODULES_OF] =
		"SELECT id, seq, name, classroom_hours, workshop_hours "
		"FROM training_module WHERE programme_id = ? "
		"AND archived_at IS NULL ORDER BY seq, id",
	[TR_COHORTS_OF] =
		"SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, "
		ENROLLED("c.id")
		"FROM training_cohort c WHERE c.programme_id = ? "
		"AND c.archived_at IS NULL ORDER BY c.starts_on, c.id",
	[TR_ENROLMENTS_OF] =
		"SELECT e.id, e.person_id, p.name AS person_name, e.source, "
		"e.enrolled_on, e.status, e.status_on "
		"FROM training_enrolment e JOIN person p ON p.id = e.person_id "
		"WHERE e.cohort_id = ? AND e.archived_at IS NULL "
		"ORDER BY p.name, e.id",
	[TR_MENTORS_OF] =
		"SELECT m.id, m.master_person_id, ms.name AS master_name, "
		"m.master_org_id, o.name AS master_org_name, "
		"m.teacher_person_id, t.name AS teacher_name, m.since, m.until "
		"FROM training_mentor m "
		"JOIN person ms ON ms.id = m.master_person_id "
		"JOIN person t ON t.id = m.teacher_person_id "
		"JOIN org o ON o.id = m.master_org_id "
		"WHERE m.enrolment_id = ? AND m.archived_at IS NULL "
		"ORDER BY m.since, m.id",
	[TR_PLACEMENTS_OF_PERSON] =
		"SELECT pl.id, pl.status, pl.assigned_on, pl.ended_on, "
		"o.name AS firm_name FROM placement pl "
		"JOIN org o ON o.id = pl.firm_id "
		"WHERE pl.person_id = ? AND pl.archived_at IS NULL "
		"ORDER BY pl.assigned_on, pl.id",
	[TR_ROLL] =
		"SELECT e.id AS enrolment_id, coalesce(a.id, 0) AS "
		"attendance_id, a.status, CASE WHEN a.verified_at IS NULL "
		"THEN 0 ELSE 1 END AS verified "
		"FROM training_session s "
		"JOIN training_enrolment e ON e.cohort_id = s.cohort_id "
		" AND e.archived_at IS NULL AND e.enrolled_on <= s.on_date "
		" AND (e.status = 'enrolled' OR s.on_date <= e.status_on) "
		"LEFT JOIN training_attendance a ON a.session_id = s.id "
		" AND a.enrolment_id = e.id "
		"WHERE s.id = ? ORDER BY e.id",
	[TR_ORDER_CLASSES_OF] =
		"SELECT g.id, g.name, g.seat_quota, g.hiring_commitment, "
		ENROLLED_IN("g.id")
		"FROM training_programme g WHERE g.firm_org_id = ? AND "
		"g.kind = 'order_class' AND g.archived_at IS NULL "
		"ORDER BY g.id",
	[TR_PLACEMENT_EVENTS] =
		"SELECT id, kind, on_date AS \"on\", note, account_id, "
		"created_at FROM placement_event WHERE placement_id = ? "
		"ORDER BY id",
	[TR_ENROLLED_NOW] =
		"SELECT id FROM training_enrolment "
		"WHERE person_id = ? AND status = 'enrolled' AND "
		"archived_at IS NULL ORDER BY enrolled_on DESC, id DESC",
	[TR_PLACED_NOW] =
		"SELECT l.id, o.name AS firm_name, "
		"t.title, l.assigned_on FROM placement l "
		"JOIN placement_slot t ON t.id = l.slot_id "
		"JOIN org o ON o.id = l.firm_id WHERE l.person_id = ? "
		"AND l.status = 'assigned' AND l.archived_at IS NULL "
		"ORDER BY l.assigned_on DESC, l.id DESC",
};

int
store_list(struct db *db, enum tr_list which, int64_t id, json_t *items)
{
	struct db_value v[2];
	int n = 0;

	for (const char *s = list_sql[which]; (s = strchr(s, '?')); s++) {
		assert(n < (int)ARRAY_SIZE(v));
		v[n++] = DB_INT(id);
	}
	return db_rows_values(db, list_sql[which], v, n, items);
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
