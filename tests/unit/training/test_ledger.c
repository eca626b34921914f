/*
 * test_ledger.c - the hours ledger and the completion rule of the training
 * module: training_rule_unmet() on its own (ratios, excused hours, nothing
 * planned, assessments), training_hours_json(), and, on an in-memory
 * SQLite database with the real migrations, training_hours() (sessions
 * before the enrolment or after its end never count; attended versus
 * verified; classroom and workshop apart) and the triggers that hold the
 * rules across rows: a master's cap read from the settings table, the
 * enrolment's events append-only and in order, a cohort's capacity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "db/db.h"
#include "db/migrate.h"
#include "training/training.h"

static struct training_progress
progress(int64_t planned_c, int64_t planned_w, int64_t verified_c,
	 int64_t verified_w, int64_t excused, int64_t modules, int64_t passed)
{
	struct training_progress pr;

	memset(&pr, 0, sizeof(pr));
	pr.hours.planned[TRAINING_CLASSROOM] = planned_c;
	pr.hours.planned[TRAINING_WORKSHOP] = planned_w;
	pr.hours.verified[TRAINING_CLASSROOM] = verified_c;
	pr.hours.attended[TRAINING_CLASSROOM] = verified_c;
	pr.hours.verified[TRAINING_WORKSHOP] = verified_w;
	pr.hours.attended[TRAINING_WORKSHOP] = verified_w;
	pr.hours.excused[TRAINING_CLASSROOM] = excused;
	pr.modules = modules;
	pr.modules_passed = passed;
	return pr;
}

static void
test_rule_ratio(void **state)
{
	struct training_rule rule = { 80, false };
	struct training_progress pr;
	char why[256];

	(void)state;
	/* 1920 of 2400 minutes is exactly 80%: met. */
	pr = progress(1200, 1200, 1200, 720, 0, 0, 0);
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	/* One minute short is not. */
	pr = progress(1200, 1200, 1200, 719, 0, 0, 0);
	assert_non_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	assert_string_equal(why, "attended and verified 31.9 h of 40.0 h "
			    "planned (79%); the programme asks for 80%");
	/* Attended but not verified does not count. */
	pr = progress(600, 0, 0, 0, 0, 0, 0);
	pr.hours.attended[TRAINING_CLASSROOM] = 600;
	assert_non_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
}

static void
test_rule_excused_and_nothing_planned(void **state)
{
	struct training_rule rule = { 80, false };
	struct training_progress pr;
	char why[256];

	(void)state;
	/* 400 of 600 is 66%, but 200 excused leave 400 due: 100%. */
	pr = progress(600, 0, 400, 0, 200, 0, 0);
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	/* Nothing to attend: the attendance part is met. */
	pr = progress(0, 0, 0, 0, 0, 0, 0);
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	rule.min_attendance_pct = 0;
	pr = progress(600, 0, 0, 0, 0, 0, 0);
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
}

static void
test_rule_assessments(void **state)
{
	struct training_rule rule = { 50, true };
	struct training_progress pr = progress(60, 0, 60, 0, 0, 3, 2);
	char why[256];

	(void)state;
	assert_non_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	assert_string_equal(why, "passed 2 of 3 syllabus modules; the "
			    "programme asks for every one");
	pr.modules_passed = 3;
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
	rule.assessments_required = false;
	pr.modules_passed = 0;
	assert_null(training_rule_unmet(&rule, &pr, why, sizeof(why)));
}

static void
test_hours_json(void **state)
{
	struct training_progress pr = progress(120, 60, 90, 30, 15, 0, 0);
	json_t *j = training_hours_json(7, &pr.hours);
	json_t *t = json_object_get(j, "total");

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(j,
				"enrolment_id")), 7);
	assert_int_equal(json_integer_value(json_object_get(t, "planned")),
			 180);
	assert_int_equal(json_integer_value(json_object_get(t, "verified")),
			 120);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
				"workshop"), "planned")), 60);
	json_decref(j);
}

/* ---- on the database ---- */

static int
setup_db(void **state)
{
	struct migration_set set;
	struct db *db;
	char err[256];
	int applied;

	if (db_open(&db, ":memory:"))
		return -1;
	if (migration_set_load(&set, DB_SQLITE, NULL, err, sizeof(err)) ||
	    migrate_up(db, &set, NULL, &applied, NULL))
		return -1;
	migration_set_release(&set);
	if (db_exec(db,
		"INSERT INTO org (id, kind, name, created_at, updated_at) "
		"VALUES (1, 'enterprise', '示例工厂', 'x', 'x');"
		"INSERT INTO person (id, name, created_at, updated_at) VALUES "
		"(1, '老师', 'x', 'x'), (2, '学员', 'x', 'x'), "
		"(3, '师傅', 'x', 'x');"
		"INSERT INTO training_centre (id, name, capacity, created_at, "
		"updated_at) VALUES (1, '中心', 100, 'x', 'x');"
		"INSERT INTO training_programme (id, kind, name, occupation, "
		"created_at, updated_at) VALUES "
		"(1, 'apprenticeship', '学徒制', '车工', 'x', 'x');"
		"INSERT INTO training_cohort (id, programme_id, centre_id, "
		"name, capacity, starts_on, ends_on, teacher_person_id, "
		"created_at, updated_at) VALUES (1, 1, 1, '一班', 30, "
		"'2026-01-01', '2026-12-31', 1, 'x', 'x');"
		/* Before the enrolment (03-01), then three after it. */
		"INSERT INTO training_session (id, cohort_id, kind, starts_at, "
		"ends_at, on_date, minutes, room_id, workshop_org_id, "
		"teacher_person_id, code, created_at, updated_at) VALUES "
		"(1, 1, 'classroom', '2026-02-01T01:00:00Z', "
		" '2026-02-01T03:00:00Z', '2026-02-01', 120, NULL, 1, 1, "
		" '111111', 'x', 'x'),"
		"(2, 1, 'classroom', '2026-03-02T01:00:00Z', "
		" '2026-03-02T02:30:00Z', '2026-03-02', 90, NULL, 1, 1, "
		" '222222', 'x', 'x'),"
		"(3, 1, 'workshop', '2026-03-03T01:00:00Z', "
		" '2026-03-03T05:00:00Z', '2026-03-03', 240, NULL, 1, 3, "
		" '333333', 'x', 'x'),"
		"(4, 1, 'workshop', '2026-06-01T01:00:00Z', "
		" '2026-06-01T05:00:00Z', '2026-06-01', 240, NULL, 1, 3, "
		" '444444', 'x', 'x');"
		"INSERT INTO training_enrolment (id, cohort_id, person_id, "
		"source, enrolled_on, status_on, created_at, updated_at) "
		"VALUES (1, 1, 2, 'unemployed', '2026-03-01', '2026-03-01', "
		"'x', 'x');"
		"INSERT INTO training_enrolment_event (enrolment_id, kind, "
		"on_date, created_at) VALUES (1, 'enrolled', '2026-03-01', "
		"'x');"
		"INSERT INTO training_attendance (session_id, enrolment_id, "
		"status, checked_in_at, verified_at, verified_by_account_id, "
		"created_at, updated_at) VALUES "
		"(2, 1, 'present', NULL, NULL, NULL, 'x', 'x'),"
		"(3, 1, 'late', 'x', NULL, NULL, 'x', 'x');")) {
		fprintf(stderr, "%s\n", db_errmsg(db));
		return -1;
	}
	*state = db;
	return 0;
}

static int
teardown_db(void **state)
{
	db_close(*state);
	return 0;
}

static void
test_ledger_counts_from_enrolment(void **state)
{
	struct db *db = *state;
	struct training_hours h;

	assert_int_equal(training_hours(db, 1, "2026-04-01T00:00:00Z", &h),
			 0);
	/* Session 1 (before the enrolment) is in no column. */
	assert_int_equal(h.planned[TRAINING_CLASSROOM], 90);
	assert_int_equal(h.planned[TRAINING_WORKSHOP], 480);
	assert_int_equal(h.held[TRAINING_WORKSHOP], 240);
	assert_int_equal(h.attended[TRAINING_CLASSROOM], 90);
	assert_int_equal(h.attended[TRAINING_WORKSHOP], 240);
	assert_int_equal(h.verified[TRAINING_WORKSHOP], 0);
	assert_int_equal(training_hours(db, 99, "2026-04-01T00:00:00Z", &h),
			 ERR_NOTFOUND);

	/* The database refuses attendance at the session before. */
	assert_int_equal(db_exec(db,
		"INSERT INTO training_attendance (session_id, enrolment_id, "
		"status, created_at, updated_at) VALUES (1, 1, 'absent', 'x', "
		"'x')"), ERR_CONFLICT);
}

static void
test_events_in_order_and_append_only(void **state)
{
	struct db *db = *state;
	struct training_hours h;

	assert_int_equal(db_exec(db, "UPDATE training_enrolment_event SET "
				 "on_date = '2026-01-01'"), ERR_CONFLICT);
	assert_int_equal(db_exec(db, "DELETE FROM training_enrolment_event"),
			 ERR_CONFLICT);
	assert_int_equal(db_exec(db,
		"INSERT INTO training_enrolment_event (enrolment_id, kind, "
		"on_date, created_at) VALUES (1, 'completed', '2026-02-01', "
		"'x')"), ERR_CONFLICT);
	/* Withdrawn on 04-01: the June session is no longer planned. */
	assert_int_equal(db_exec(db,
		"INSERT INTO training_enrolment_event (enrolment_id, kind, "
		"on_date, created_at) VALUES (1, 'withdrawn', '2026-04-01', "
		"'x')"), 0);
	assert_int_equal(db_exec(db,
		"INSERT INTO training_enrolment_event (enrolment_id, kind, "
		"on_date, created_at) VALUES (1, 'completed', '2026-04-02', "
		"'x')"), ERR_CONFLICT);
	assert_int_equal(training_hours(db, 1, "2026-07-01T00:00:00Z", &h),
			 0);
	assert_int_equal(h.planned[TRAINING_WORKSHOP], 240);
}

static void
test_master_cap_in_database(void **state)
{
	struct db *db = *state;
	char sql[512];

	/* The cap comes from the settings table: two here. */
	assert_int_equal(db_exec(db, "INSERT INTO setting (key, value, "
		"updated_at) VALUES ('training.master_max_apprentices', '2', "
		"'x')"), 0);
	for (int i = 10; i < 13; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO person (id, name, created_at, "
			 "updated_at) VALUES (%d, 'p', 'x', 'x');"
			 "INSERT INTO training_enrolment (id, cohort_id, "
			 "person_id, source, enrolled_on, status_on, "
			 "created_at, updated_at) VALUES (%d, 1, %d, "
			 "'unemployed', '2026-03-01', '2026-03-01', 'x', "
			 "'x');", i, i, i);
		assert_int_equal(db_exec(db, sql), 0);
	}
	for (int i = 10; i < 13; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO training_mentor (enrolment_id, "
			 "master_person_id, master_org_id, teacher_person_id, "
			 "since, created_at, updated_at) VALUES (%d, 3, 1, 1, "
			 "'2026-03-01', 'x', 'x')", i);
		assert_int_equal(db_exec(db, sql), i < 12 ? 0 : ERR_CONFLICT);
	}
	assert_non_null(strstr(db_errmsg(db), "most apprentices allowed"));
	/*
	 * Ending one mentorship frees the place from the day after its end
	 * (issue 13, item 10: before, the third one was let in from
	 * 03-01, three at once until 05-01).
	 */
	assert_int_equal(db_exec(db, "UPDATE training_mentor SET until = "
				 "'2026-05-01' WHERE enrolment_id = 10"), 0);
	assert_int_equal(db_exec(db, sql), ERR_CONFLICT);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO training_mentor (enrolment_id, "
		 "master_person_id, master_org_id, teacher_person_id, "
		 "since, created_at, updated_at) VALUES (12, 3, 1, 1, "
		 "'2026-05-02', 'x', 'x')");
	assert_int_equal(db_exec(db, sql), 0);
	/* Re-opening the ended one would make three. */
	assert_int_equal(db_exec(db, "UPDATE training_mentor SET until = NULL "
				 "WHERE enrolment_id = 10"), ERR_CONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_ratio),
		cmocka_unit_test(test_rule_excused_and_nothing_planned),
		cmocka_unit_test(test_rule_assessments),
		cmocka_unit_test(test_hours_json),
		cmocka_unit_test_setup_teardown(
			test_ledger_counts_from_enrolment, setup_db,
			teardown_db),
		cmocka_unit_test_setup_teardown(
			test_events_in_order_and_append_only, setup_db,
			teardown_db),
		cmocka_unit_test_setup_teardown(test_master_cap_in_database,
						setup_db, teardown_db),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
