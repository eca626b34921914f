/*
 * test_lifecycle.c - tests of the lifecycle functions of incubation.h on
 * an in-memory SQLite database migrated with the built-in migrations:
 * admission, a startup's state as of dates before, on and after its
 * events, the list of startups as of a date (all, or in the park only),
 * the refusals of incubation_event_append() (each naming its field, and
 * writing nothing), and the figures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "audit/audit.h"
#include "db/db.h"
#include "db/migrate.h"
#include "incubation/incubation.h"
#include "party/party.h"

static const struct audit_actor actor = { 0, "system", "local" };

/* A startup organisation admitted on `on`; its org id. */
static int64_t
admit(struct db *db, const char *name, const char *on)
{
	struct problem pb = { 0 };
	json_t *in = json_pack("{s:s,s:s,s:s}", "kind", "startup", "name",
			       name, "founded_on", "2015-01-01");
	int64_t org, id;

	assert_int_equal(db_begin(db), 0);
	assert_int_equal(record_create_in(db, &party_org_table, &actor, in,
					  &org, &pb), 0);
	json_decref(in);
	in = json_pack("{s:s,s:s,s:s}", "kind", "company", "project", name,
		       "company_name", name);
	json_object_set_new(in, "field", json_string("drones"));
	json_object_set_new(in, "org_id", json_integer(org));
	assert_int_equal(record_create_in(db, &inc_application_table, &actor,
					  in, &id, &pb), 0);
	json_decref(in);
	assert_int_equal(incubation_application_submit_in(db, &actor, id,
							  NULL, &pb), 0);
	in = json_pack("{s:s}", "admitted_on", on);
	assert_int_equal(incubation_decide_in(db, &actor, id, "admit", "ok",
					      in, &org, &pb), 0);
	json_decref(in);
	assert_int_equal(db_commit(db), 0);
	return org;
}

static int
setup(void **state)
{
	struct migration_set set;
	struct db *db;
	char err[256];

	assert_int_equal(db_open(&db, ":memory:"), 0);
	assert_int_equal(migration_set_load(&set, DB_SQLITE, NULL, err,
					    sizeof(err)), 0);
	assert_int_equal(migrate_up(db, &set, NULL, &(int){ 0 }, NULL), 0);
	migration_set_release(&set);
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_close(*state);
	return 0;
}

static int64_t
count(struct db *db, const char *sql)
{
	struct db_stmt *st;
	int64_t n;

	assert_int_equal(db_prepare(db, &st, sql), 0);
	assert_int_equal(db_step(st), DB_ROW);
	n = db_column_int(st, 0);
	db_finalize(st);
	return n;
}

static void
test_lifecycle(void **state)
{
	struct db *db = *state;
	struct problem pb = { 0 };
	enum inc_state s;
	char admitted[11], left[11];
	int64_t a = admit(db, "甲科技", "2016-05-01");
	int64_t b = admit(db, "乙科技", "2018-09-10");
	int64_t id, events;
	json_t *items, *fig;

	assert_int_equal(incubation_state(db, a, "2016-04-30", &s, admitted,
					  left), 0);
	assert_int_equal(s, INC_NONE);
	assert_int_equal(incubation_state(db, a, "2016-05-01", &s, admitted,
					  left), 0);
	assert_int_equal(s, INC_IN_PARK);
	assert_string_equal(admitted, "2016-05-01");
	assert_string_equal(left, "");

	/* Refusals name their field and write nothing. */
	events = count(db, "SELECT COUNT(*) FROM incubation_event");
	assert_int_equal(incubation_event_append(db, &actor, a, "graduated",
		"2016-04-01", NULL, "revenue", "", &id, &pb), ERR_INVALID);
	assert_string_equal(pb.field, "on");
	assert_int_equal(incubation_event_append(db, &actor, a, "exited",
		"2019-01-01", "bored", NULL, "x", &id, &pb), ERR_INVALID);
	assert_string_equal(pb.field, "exit_reason");
	assert_int_equal(incubation_event_append(db, &actor, 999, "graduated",
		"2019-01-01", NULL, NULL, "", &id, &pb), ERR_NOTFOUND);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM incubation_event"),
			 events);

	assert_int_equal(incubation_event_append(db, &actor, a, "graduated",
		"2019-06-30", NULL, "high_tech", "高企", &id, &pb), 0);
	assert_int_equal(incubation_event_append(db, &actor, a, "exited",
		"2019-07-01", "withdrawn", NULL, "x", &id, &pb),
		ERR_CONFLICT);
	assert_int_equal(incubation_state(db, a, "2019-06-29", &s, admitted,
					  left), 0);
	assert_int_equal(s, INC_IN_PARK);
	assert_int_equal(incubation_state(db, a, "2019-06-30", &s, admitted,
					  left), 0);
	assert_int_equal(s, INC_GRADUATED);
	assert_string_equal(left, "2019-06-30");

	/* The list as of a date, and the figures. */
	assert_int_equal(incubation_startups(db, "2019-11-18", false, &items),
			 0);
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		items, 0), "org_id")), a);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		items, 0), "state")), "graduated");
	json_decref(items);
	assert_int_equal(incubation_startups(db, "2019-11-18", true, &items),
			 0);
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		items, 0), "org_id")), b);
	json_decref(items);
	assert_int_equal(incubation_figures(db, "2019-11-18", &fig), 0);
	assert_int_equal(json_integer_value(json_object_get(fig,
		"incubated")), 2);
	assert_int_equal(json_integer_value(json_object_get(fig,
		"graduated")), 1);
	assert_int_equal(json_integer_value(json_object_get(fig, "in_park")),
			 1);
	json_decref(fig);
	assert_int_equal(incubation_figures(db, "2017-01-01", &fig), 0);
	assert_int_equal(json_integer_value(json_object_get(fig,
		"incubated")), 1);
	json_decref(fig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
