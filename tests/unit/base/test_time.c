/*
 * test_time.c - tests of src/base/time.c: the one clock (now as stored
 * UTC text, and an offset from now), the Beijing date of an instant and
 * today's, which roll over at 16:00Z, and the stored formats' round trip;
 * strict parsing of stored times (every field in range, the instant
 * reading back as the text) and dates of the real calendar.
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

static void
test_parse_valid(void **state)
{
	time_t t = 0;
	char back[32];

	(void)state;
	assert_int_equal(time_parse_utc("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(time_parse_utc("2019-11-18T03:20:50Z", &t), 0);
	assert_int_equal(t, 1574047250);
	/* The last second of a leap day, and of a century's leap year. */
	assert_int_equal(time_parse_utc("2024-02-29T23:59:59Z", &t), 0);
	time_format_utc(t, back, sizeof(back));
	assert_string_equal(back, "2024-02-29T23:59:59Z");
	assert_int_equal(time_parse_utc("2000-02-29T12:00:00Z", &t), 0);
	/* The edges of the range dates have. */
	assert_int_equal(time_parse_utc("1900-01-01T00:00:00Z", &t), 0);
	assert_int_equal(time_parse_utc("2199-12-31T23:59:59Z", &t), 0);
}

/*
 * What timegm() would silently turn into another instant: each is refused
 * and leaves *t as it was.
 */
static void
test_parse_out_of_range(void **state)
{
	static const char *const bad[] = {
		"2026-19-39T10:00:00Z",	/* month 19, day 39 */
		"2026-02-30T10:00:00Z",	/* no 30th of February */
		"2025-02-29T10:00:00Z",	/* not a leap year */
		"1900-02-29T10:00:00Z",	/* a century, not a leap year */
		"2026-04-31T10:00:00Z",	/* April has 30 days */
		"2026-00-10T10:00:00Z",	/* month 0 */
		"2026-01-00T10:00:00Z",	/* day 0 */
		"2026-01-01T24:00:00Z",	/* hour 24 */
		"2026-01-01T23:60:00Z",	/* minute 60 */
		"2026-01-01T23:59:60Z",	/* no leap seconds */
		"1899-12-31T23:59:59Z",	/* before the range */
		"2200-01-01T00:00:00Z",	/* after it */
		NULL,
	};
	time_t t = 42;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(time_parse_utc(bad[i], &t), ERR_INVALID);
		assert_int_equal(t, 42);
	}
}

static void
test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-03-01",
		"2026-03-01 08:00:00Z",	/* a space, not T */
		"2026-03-01T08:00:00",	/* no Z */
		"2026-03-01T08:00:00+08",
		"2026-03-01T08:00:00z",
		"2026-3-01T08:00:00Z ",
		"+026-03-01T08:00:00Z",	/* sscanf's %4d took a sign */
		" 2026-03-01T08:00:00Z",
		"2026-03-01T 8:00:00Z",	/* ... and leading blanks */
		"2026-03-01T08:0 :00Z",
		"2026-03-01T08:00:00Zx",
		"2026/03/01T08:00:00Z",
		"2026-03-01T08-00-00Z",
		"２０２６-03-01T08:00:00Z",
		NULL,
	};
	time_t t = 7;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(time_parse_utc(bad[i], &t), ERR_INVALID);
		assert_int_equal(t, 7);
	}
	assert_int_equal(time_parse_utc(NULL, &t), ERR_INVALID);
	/* A NUL inside is the end of the text: too short. */
	assert_int_equal(time_parse_utc("2026-03-01T08:00\0:00Z", &t),
			 ERR_INVALID);
}

/* Every second of a day that crosses a month's end reads back. */
static void
test_round_trip(void **state)
{
	char text[32];
	time_t t, back;

	(void)state;
	for (t = 1582934400 - 3600; t < 1582934400 + 86400 * 2; t += 61) {
		time_format_utc(t, text, sizeof(text));
		assert_int_equal(time_parse_utc(text, &back), 0);
		assert_int_equal(back, t);
	}
}

static void
test_date_valid(void **state)
{
	(void)state;
	assert_true(date_valid("2019-11-18"));
	assert_true(date_valid("2024-02-29"));
	assert_true(date_valid("2000-02-29"));
	assert_false(date_valid("2019-19-39"));
	assert_false(date_valid("2026-02-30"));
	assert_false(date_valid("1900-02-29"));
	assert_false(date_valid("2019-11-1"));
	assert_false(date_valid("2019-11-18T00:00:00Z"));
	assert_false(date_valid("2019-00-10"));
	assert_false(date_valid("2019-12-00"));
	assert_false(date_valid(NULL));
}

static void
test_format_local(void **state)
{
	char out[32] = "untouched";

	(void)state;
	assert_int_equal(time_format_local("2019-11-18T16:30:00Z", out,
					   sizeof(out)), 0);
	assert_string_equal(out, "2019-11-19 00:30");
	memcpy(out, "untouched", 10);
	assert_int_equal(time_format_local("2026-02-30T10:00:00Z", out,
					   sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "untouched");
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
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_out_of_range),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_format_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
