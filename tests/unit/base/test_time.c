/*
 * test_time.c - tests of src/base/time.c: the one clock (now as stored
 * UTC text, and an offset from now), the Beijing date of an instant and
 * today's, which roll over at 16:00Z, and the stored formats' round trip.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/time.h"

/* The instant of a stored UTC time, asserting that it parses. */
static time_t
at(const char *utc)
{
	time_t t = 0;

	assert_int_equal(time_parse_utc(utc, &t), 0);
	return t;
}

/* A Beijing day starts at 16:00Z of the UTC day before. */
static void
test_beijing_date_rolls_over_at_16z(void **state)
{
	char d[11];

	(void)state;
	time_beijing_date(at("2019-11-17T15:59:59Z"), d);
	assert_string_equal(d, "2019-11-17");
	time_beijing_date(at("2019-11-17T16:00:00Z"), d);
	assert_string_equal(d, "2019-11-18");
	time_beijing_date(at("2019-11-18T15:59:59Z"), d);
	assert_string_equal(d, "2019-11-18");
	time_beijing_date(at("2019-11-18T00:00:00Z"), d);
	assert_string_equal(d, "2019-11-18");
	/* Across a year and a leap day. */
	time_beijing_date(at("2019-12-31T16:00:00Z"), d);
	assert_string_equal(d, "2020-01-01");
	time_beijing_date(at("2020-02-28T16:00:00Z"), d);
	assert_string_equal(d, "2020-02-29");
	time_beijing_date(0, d);
	assert_string_equal(d, "1970-01-01");
}

/* Instants whose year has not four digits give "", never a cut date. */
static void
test_beijing_date_out_of_range(void **state)
{
	char d[11];

	(void)state;
	memcpy(d, "xxxxxxxxxx", 11);
	time_beijing_date((time_t)253402300799 - 8 * 3600, d);
	assert_string_equal(d, "9999-12-31");
	time_beijing_date((time_t)253402300799 - 8 * 3600 + 1, d);
	assert_string_equal(d, "");
	memcpy(d, "xxxxxxxxxx", 11);
	time_beijing_date((time_t)-30610224000 - 8 * 3600, d);
	assert_string_equal(d, "1000-01-01");
	time_beijing_date((time_t)-30610224000 - 8 * 3600 - 1, d);
	assert_string_equal(d, "");
}

/* Today in Beijing is the Beijing date of now, a real calendar date. */
static void
test_today_beijing(void **state)
{
	char before[11], today[11], after[11];

	(void)state;
	time_beijing_date(time(NULL), before);
	time_today_beijing(today);
	time_beijing_date(time(NULL), after);
	assert_true(date_valid(today));
	/* The day may turn between the calls; today is one of the two. */
	assert_true(!strcmp(today, before) || !strcmp(today, after));
}

/* Now as stored: parses back to the clock's second; offsets move it. */
static void
test_now_utc(void **state)
{
	char now[32], ago[32], later[32];
	time_t t0 = time(NULL), t, t1;

	(void)state;
	time_now_utc(now);
	time_utc_in(ago, -3600);
	time_utc_in(later, 86400);
	t1 = time(NULL);
	assert_int_equal(strlen(now), 20);
	assert_int_equal(now[19], 'Z');
	assert_int_equal(time_parse_utc(now, &t), 0);
	assert_true(t >= t0 && t <= t1);
	assert_int_equal(time_parse_utc(ago, &t), 0);
	assert_true(t >= t0 - 3600 && t <= t1 - 3600);
	assert_int_equal(time_parse_utc(later, &t), 0);
	assert_true(t >= t0 + 86400 && t <= t1 + 86400);
	/* Stored times sort as text. */
	assert_true(strcmp(ago, now) < 0 && strcmp(now, later) < 0);
}

/* The stored format round-trips; a Beijing time is eight hours on. */
static void
test_format_round_trip(void **state)
{
	char out[32];
	time_t t;

	(void)state;
	time_format_utc(at("2019-11-17T16:00:00Z"), out, sizeof(out));
	assert_string_equal(out, "2019-11-17T16:00:00Z");
	assert_int_equal(time_format_local("2019-11-17T16:00:00Z", out,
					   sizeof(out)), 0);
	assert_string_equal(out, "2019-11-18 00:00");
	assert_int_equal(time_parse_utc("2019-11-17 16:00:00", &t),
			 ERR_INVALID);
	assert_int_equal(time_parse_utc(NULL, &t), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_beijing_date_rolls_over_at_16z),
		cmocka_unit_test(test_beijing_date_out_of_range),
		cmocka_unit_test(test_today_beijing),
		cmocka_unit_test(test_now_utc),
		cmocka_unit_test(test_format_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
