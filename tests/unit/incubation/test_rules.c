/*
 * test_rules.c - tests of src/incubation/rules.c: whole months between
 * dates (month ends, leap years, backwards), adding months with the day
 * clamped, each national rule check at its limit and one day past it (the
 * 24 months before entry, 48 months in the park, 60 for the long fields,
 * an expired agreement, a graduation on no condition), that a startup
 * that left is judged at the date it left, and the weights setting check
 * that holds the review rubric.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "settings/settings.h"

static void
test_months_between(void **state)
{
	(void)state;
	assert_int_equal(inc_months_between("2018-01-31", "2018-02-28"), 0);
	assert_int_equal(inc_months_between("2018-01-31", "2018-03-01"), 1);
	assert_int_equal(inc_months_between("2016-02-29", "2020-02-29"), 48);
	assert_int_equal(inc_months_between("2016-02-29", "2020-02-28"), 47);
	assert_int_equal(inc_months_between("2019-11-18", "2019-11-18"), 0);
	assert_int_equal(inc_months_between("2019-11-18", "2017-11-18"), -24);
	assert_int_equal(inc_months_between("2019-11-18", "2017-11-19"), -23);
}

static void
test_add_months(void **state)
{
	char out[11];

	(void)state;
	inc_add_months("2018-01-31", 1, out);
	assert_string_equal(out, "2018-02-28");
	inc_add_months("2019-01-31", 13, out);
	assert_string_equal(out, "2020-02-29");
	inc_add_months("2015-11-18", 48, out);
	assert_string_equal(out, "2019-11-18");
	inc_add_months("2019-03-15", -24, out);
	assert_string_equal(out, "2017-03-15");
	inc_add_months("2019-12-01", 1, out);
	assert_string_equal(out, "2020-01-01");
}

/* The checks `f` fails as of `as_of`, as one comma-joined string. */
static const char *
checks(const struct inc_facts *f, const char *as_of)
{
	static char text[200];
	json_t *out = json_array(), *v;
	size_t i;
	int n;

	text[0] = '\0';
	n = inc_rules_check(&inc_rules_default, f, as_of, out);
	assert_int_equal(n, (int)json_array_size(out));
	json_array_foreach(out, i, v) {
		size_t len = strlen(text);

		snprintf(text + len, sizeof(text) - len, "%s%s", i ? "," : "",
			 json_string_value(v));
	}
	json_decref(out);
	return text;
}

static void
test_registered_before_entry(void **state)
{
	struct inc_facts f = { "drones", "2016-03-15", "2018-03-15", NULL,
			       NULL, NULL };

	(void)state;
	/* 24 months to the day is within the limit; one day more is not. */
	assert_string_equal(checks(&f, "2019-11-18"), "");
	f.admitted_on = "2018-03-16";
	assert_string_equal(checks(&f, "2019-11-18"),
			    "registered_before_entry");
	/* Unknown registration: nothing to judge. */
	f.founded_on = NULL;
	assert_string_equal(checks(&f, "2019-11-18"), "");
	/* Not admitted yet as of the date: no checks at all. */
	f.founded_on = "2010-01-01";
	assert_string_equal(checks(&f, "2018-03-15"), "");
}

static void
test_incubation_too_long(void **state)
{
	struct inc_facts f = { "drones", NULL, "2015-11-18", NULL, NULL,
			       NULL };

	(void)state;
	assert_string_equal(checks(&f, "2019-11-18"), "");
	assert_string_equal(checks(&f, "2019-11-19"), "incubation_too_long");
	/* The long fields have 60 months. */
	f.field = "biomedicine";
	assert_string_equal(checks(&f, "2019-11-19"), "");
	assert_string_equal(checks(&f, "2020-11-19"), "incubation_too_long");
	/* One that left is judged on the day it left. */
	f.field = "drones";
	f.left_on = "2019-06-30";
	f.basis = "high_tech";
	assert_string_equal(checks(&f, "2025-01-01"), "");
	f.left_on = "2019-12-01";
	assert_string_equal(checks(&f, "2025-01-01"), "incubation_too_long");
	/* Before it left, it is still in the park. */
	assert_string_equal(checks(&f, "2019-11-18"), "");
}

static void
test_agreement_and_basis(void **state)
{
	struct inc_facts f = { "services", "2017-01-01", "2017-02-01",
			       "2018-01-31", NULL, NULL };

	(void)state;
	assert_string_equal(checks(&f, "2018-01-31"), "");
	assert_string_equal(checks(&f, "2018-02-01"), "agreement_expired");
	/* An expired agreement matters only while in the park. */
	f.left_on = "2018-01-15";
	f.basis = "revenue";
	assert_string_equal(checks(&f, "2018-02-01"), "");
	f.basis = "other";
	assert_string_equal(checks(&f, "2018-02-01"), "graduation_basis");
	/* Two at once, in their order. */
	f.left_on = NULL;
	f.basis = NULL;
	f.founded_on = "2014-01-01";
	assert_string_equal(checks(&f, "2018-02-01"),
			    "registered_before_entry,agreement_expired");
}

static void
test_rubric_weights(void **state)
{
	(void)state;
	assert_null(settings_check_weights("创新性:30,团队:25,市场前景:25,"
					   "可行性:20"));
	assert_null(settings_check_weights("all:100"));
	assert_non_null(settings_check_weights(""));
	assert_non_null(settings_check_weights("a:50,b:40"));
	assert_non_null(settings_check_weights("a:50,b:60"));
	assert_non_null(settings_check_weights("a:0,b:100"));
	assert_non_null(settings_check_weights("a:50,b:50,"));
	assert_non_null(settings_check_weights("a50,b:50"));
	assert_non_null(settings_check_weights(":50,b:50"));
	assert_non_null(settings_check_weights("a:5x,b:95"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months_between),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_registered_before_entry),
		cmocka_unit_test(test_incubation_too_long),
		cmocka_unit_test(test_agreement_and_basis),
		cmocka_unit_test(test_rubric_weights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
