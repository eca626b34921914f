/*
 * test_ops.c - the rules of the incubator's operations that are more than
 * a table: the cross-field rule of a report, a template's field list, the
 * date arithmetic, and, on a migrated in-memory SQLite database, the
 * trigger that keeps leases of a unit apart, a startup's area over time
 * and the occupancy on a date.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit/audit.h"
#include "base/err.h"
#include "db/db.h"
#include "db/migrate.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

static int
check(const char *json, const char **field)
{
	struct problem pb = { 0 };
	json_t *rec = json_loads(json, 0, NULL);
	int rc;

	assert_non_null(rec);
	rc = inc_report_check(rec, &pb);
	*field = pb.field;
	json_decref(rec);
	return rc;
}

static void
test_report_check(void **state)
{
	const char *field = NULL;

	(void)state;
	assert_int_equal(check("{}", &field), 0);
	assert_int_equal(check("{\"employees\": 10, \"student_employees\": 4,"
			       "\"graduate_employees\": 6}", &field), 0);
	assert_int_equal(check("{\"employees\": 0}", &field), 0);
	assert_int_equal(check("{\"employees\": 5, \"student_employees\": 6}",
			       &field), ERR_INVALID);
	assert_string_equal(field, "student_employees");
	assert_int_equal(check("{\"employees\": 5, \"student_employees\": 3,"
			       "\"graduate_employees\": 3}", &field),
			 ERR_INVALID);
	assert_string_equal(field, "graduate_employees");
	assert_int_equal(check("{\"student_employees\": 1}", &field),
			 ERR_INVALID);
	assert_string_equal(field, "student_employees");
	assert_int_equal(check("{\"employees\": null, "
			       "\"graduate_employees\": 1}", &field),
			 ERR_INVALID);
	assert_string_equal(field, "graduate_employees");
}

static int
template(const char *fields)
{
	struct problem pb = { 0 };
	json_t *rec = json_pack("{s:s,s:s,s:s}", "name", "月报", "kind",
				"monthly", "fields", fields);
	int rc = record_validate(NULL, &inc_template_table, rec, true, &pb);

	if (!rc)
		rc = inc_template_table.check(rec, &pb);
	if (rc)
		assert_string_equal(pb.field, "fields");
	json_decref(rec);
	return rc;
}

static void
test_template_fields(void **state)
{
	(void)state;
	assert_int_equal(template("employees"), 0);
	assert_int_equal(template("employees,student_employees,"
				  "graduate_employees,other_ip"), 0);
	assert_int_equal(template("salary"), ERR_INVALID);
	assert_int_equal(template("employees,"), ERR_INVALID);
	assert_int_equal(template(",employees"), ERR_INVALID);
	assert_int_equal(template("employees,,patents"), ERR_INVALID);
	assert_int_equal(template("patents,employees,patents"), ERR_INVALID);
	assert_int_equal(template("employee"), ERR_INVALID);
	assert_int_equal(template("employeesx"), ERR_INVALID);
	/* Students are counted among the employees. */
	assert_int_equal(template("student_employees"), ERR_INVALID);
	assert_int_equal(template("revenue_fen,graduate_employees"),
			 ERR_INVALID);
}

static void
test_dates(void **state)
{
	char out[11];

	(void)state;
	inc_day_add("2019-12-31", 1, out);
	assert_string_equal(out, "2020-01-01");
	inc_day_add("2020-03-01", -1, out);
	assert_string_equal(out, "2020-02-29");
	inc_day_add("2019-11-18", -31, out);
	assert_string_equal(out, "2019-10-18");
	assert_int_equal(inc_days("1970-01-02"), 1);
	assert_int_equal(inc_days("2019-11-18") - inc_days("2019-10-18"), 31);
}

/* ---- on a database ------------------------------------------------------ */

static const struct audit_actor actor = { 0, "test", "127.0.0.1" };

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
	    migrate_up(db, &set, NULL, &applied, NULL)) {
		db_close(db);
		return -1;
	}
	migration_set_release(&set);
	*state = db;
	return 0;
}

static int
teardown_db(void **state)
{
	db_close(*state);
	return 0;
}

static int64_t
add(struct db *db, const struct record_table *t, json_t *in)
{
	struct problem pb = { 0 };
	int64_t id = 0;
	int rc = record_create(db, t, &actor, in, &id, &pb);

	json_decref(in);
	assert_int_equal(rc, 0);
	return id;
}

static int
lease(struct db *db, int64_t unit, int64_t org, const char *from,
      const char *to, struct problem *pb)
{
	json_t *in = json_pack("{s:I,s:I,s:s,s:s,s:i}", "unit_id",
			       (json_int_t)unit, "org_id", (json_int_t)org,
			       "starts_on", from, "ends_on", to,
			       "rent_per_m2_fen", 2000);
	int64_t id;
	int rc = record_create(db, &inc_lease_table, &actor, in, &id, pb);

	json_decref(in);
	return rc;
}

static void
test_leases_area_occupancy(void **state)
{
	struct db *db = *state;
	struct problem pb = { 0 };
	struct inc_occupancy o;
	json_t *steps, *leases, *by;
	int64_t org, other, b, f, office, hall;

	assert_int_equal(db_exec(db, "INSERT INTO org (kind, name, "
		"created_at, updated_at) VALUES ('startup', '甲', 'x', 'x'),"
		"('startup', '乙', 'x', 'x')"), 0);
	org = 1;
	other = 2;
	b = add(db, &inc_building_table, json_pack("{s:s,s:s}", "name", "1号楼",
		"opened_on", "2016-01-01"));
	f = add(db, &inc_floor_table, json_pack("{s:I,s:i}", "building_id",
		(json_int_t)b, "level", 1));
	office = add(db, &inc_unit_table, json_pack("{s:I,s:s,s:s,s:i}",
		"floor_id", (json_int_t)f, "code", "101", "kind", "office",
		"area", 4000));
	hall = add(db, &inc_unit_table, json_pack("{s:I,s:s,s:s,s:i}",
		"floor_id", (json_int_t)f, "code", "102", "kind", "workshop",
		"area", 120000));

	assert_int_equal(lease(db, office, org, "2016-05-11", "2017-06-30",
			       &pb), 0);
	/* The trigger: sharing one day is an overlap, named on unit_id. */
	assert_int_equal(lease(db, office, other, "2017-06-30", "2018-01-01",
			       &pb), ERR_CONFLICT);
	assert_string_equal(pb.field, "unit_id");
	assert_non_null(strstr(pb.message, "2016-05-11"));
	assert_int_equal(lease(db, office, other, "2017-07-01", "2018-01-01",
			       &pb), 0);
	assert_int_equal(lease(db, hall, org, "2017-07-01", "2019-12-31",
			       &pb), 0);

	assert_int_equal(inc_area_history(db, org, &steps, &leases), 0);
	assert_int_equal(json_array_size(leases), 2);
	assert_int_equal(json_array_size(steps), 3);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(steps, 0), "on")), "2016-05-11");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(steps, 0), "area")), 4000);
	/* 2017-07-01: the office ended the day before, the hall began. */
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(steps, 1), "on")), "2017-07-01");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(steps, 1), "area")), 120000);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(steps, 2), "on")), "2020-01-01");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(steps, 2), "area")), 0);
	json_decref(steps);
	json_decref(leases);

	assert_int_equal(inc_occupancy(db, "2017-08-01", &o, &by), 0);
	assert_int_equal(o.units, 2);
	assert_int_equal(o.units_leased, 2);
	assert_int_equal(o.area, 124000);
	assert_int_equal(o.area_leased, 124000);
	json_decref(by);
	assert_int_equal(inc_occupancy(db, "2018-06-01", &o, NULL), 0);
	assert_int_equal(o.units_leased, 1);
	assert_int_equal(o.area_leased, 120000);
	/* Before the building opened it has no units to count. */
	assert_int_equal(inc_occupancy(db, "2015-06-01", &o, NULL), 0);
	assert_int_equal(o.units, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_check),
		cmocka_unit_test(test_template_fields),
		cmocka_unit_test(test_dates),
		cmocka_unit_test_setup_teardown(test_leases_area_occupancy,
						setup_db, teardown_db),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
