/*
 * test_time.c - tests of src/base/time.c: the one clock (now as stored
 * UTC text, and an offset from now), the Beijing date of an instant and
 * today's, which roll over at 16:00Z; stored UTC times formatted and
 * parsed back to the same instant (the epoch, leap days, a year's end,
 * every few minutes of two days), text that is not a stored time refused,
 * strict parsing of stored times (every field in range, the instant
 * reading back as the text), a stored time shown in Beijing time (UTC+8,
 * across a day's, a month's and a year's end), and dates of the real
 * calendar (month lengths, leap years, the range 1900-2199, the shape
 * YYYY-MM-DD); Beijing times as a datetime-local input sends and shows
 * them, and durations typed and shown in hours.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
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

/* `utc` parses to `t`, and `t` formats back to `utc`. */
static void
round_trip(const char *utc, time_t t)
{
	char out[32];
	time_t back = -1;

	assert_int_equal(time_parse_utc(utc, &back), 0);
	assert_int_equal(back, t);
	memset(out, 'x', sizeof(out));
	time_format_utc(t, out, sizeof(out));
	assert_string_equal(out, utc);
	assert_int_equal(strlen(out), TIME_UTC_LEN);
}

static void
test_utc_known_instants(void **state)
{
	(void)state;
	round_trip("1970-01-01T00:00:00Z", 0);
	round_trip("2019-11-18T03:20:50Z", 1574047250);
	round_trip("2000-02-29T00:00:00Z", 951782400);
	round_trip("2000-02-29T12:00:00Z", 951825600);
	/* The last second of a leap day. */
	round_trip("2024-02-29T23:59:59Z", 1709251199);
	round_trip("2020-02-29T23:59:59Z", 1583020799);
	round_trip("2020-12-31T23:59:59Z", 1609459199);
	round_trip("2021-01-01T00:00:00Z", 1609459200);
	round_trip("1969-12-31T23:59:59Z", -1);
	/* The edges of the range dates have. */
	round_trip("1900-01-01T00:00:00Z", (time_t)-2208988800);
	round_trip("2199-12-31T23:59:59Z", (time_t)7258118399);
}

/*
 * Every 7 minutes and 13 seconds of two days across a month's end, and
 * every 61 seconds of the leap day 2020-02-29 and the day after.
 */
static void
test_utc_round_trip_sweep(void **state)
{
	char text[32];
	time_t t, back;
	int n = 0;

	(void)state;
	for (t = 1582934400 - 86400; t < 1582934400 + 86400; t += 433) {
		time_format_utc(t, text, sizeof(text));
		assert_int_equal(text[TIME_UTC_LEN - 1], 'Z');
		assert_int_equal(time_parse_utc(text, &back), 0);
		assert_int_equal(back, t);
		n++;
	}
	assert_int_equal(n, 400);
	/* Every 61 s from an hour before the leap day to March 1st's end. */
	for (t = 1582934400 - 3600; t < 1582934400 + 86400 * 2; t += 61) {
		time_format_utc(t, text, sizeof(text));
		assert_int_equal(time_parse_utc(text, &back), 0);
		assert_int_equal(back, t);
	}
}

/* Stored times sort as text in the order of their instants. */
static void
test_utc_sorts_as_text(void **state)
{
	char a[32], b[32];

	(void)state;
	for (time_t t = 946684800; t < 946684800 + 40 * 86400; t += 86399) {
		time_format_utc(t, a, sizeof(a));
		time_format_utc(t + 1, b, sizeof(b));
		assert_true(strcmp(a, b) < 0);
	}
}

/*
 * What timegm() would silently turn into another instant: each is refused
 * and leaves *t as it was.
 */
static void
test_utc_out_of_range(void **state)
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

/* What is not a stored time is refused, and *t is left alone. */
static void
test_utc_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"2019-11-18",
		"2019-11-18T03:20:50",		/* no Z */
		"2019-11-18 03:20:50Z",		/* a space for the T */
		"2019-11-18T03:20:50+08",
		"2019-11-18T03:20:50z",
		"2019-11-18T03:20:50Zx",
		"2019-11-18T03:20:5Z",
		"2019/11/18T03:20:50Z",
		"2019-11-18T03-20-50Z",
		"2019-11-18T03:20:50.5Z",
		"yyyy-mm-ddThh:mm:ssZ",
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
	time_t t = 42;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(time_parse_utc(bad[i], &t), ERR_INVALID);
		assert_int_equal(t, 42);
	}
	assert_int_equal(time_parse_utc(NULL, &t), ERR_INVALID);
	assert_int_equal(t, 42);
	/* A NUL inside is the end of the text: too short. */
	assert_int_equal(time_parse_utc("2026-03-01T08:00\0:00Z", &t),
			 ERR_INVALID);
	assert_int_equal(t, 42);
}

static void
local(const char *utc, const char *want)
{
	char out[32];

	memset(out, 'x', sizeof(out));
	assert_int_equal(time_format_local(utc, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

/* Beijing is eight hours ahead all year: no daylight saving. */
static void
test_local_beijing(void **state)
{
	(void)state;
	local("2019-11-18T03:20:50Z", "2019-11-18 11:20");
	local("2019-11-17T15:59:59Z", "2019-11-17 23:59");
	local("2019-11-17T16:00:00Z", "2019-11-18 00:00");
	local("2019-11-18T16:30:00Z", "2019-11-19 00:30");
	local("2019-12-31T16:00:00Z", "2020-01-01 00:00");
	local("2020-02-28T16:30:00Z", "2020-02-29 00:30");
	local("2021-02-28T16:30:00Z", "2021-03-01 00:30");
	local("2019-07-01T04:00:00Z", "2019-07-01 12:00");
	local("2019-01-01T04:00:00Z", "2019-01-01 12:00");
	local("1970-01-01T00:00:00Z", "1970-01-01 08:00");
}

/* What is not a stored time leaves `out` untouched. */
static void
test_local_refused(void **state)
{
	char out[32];

	(void)state;
	memcpy(out, "untouched", 10);
	assert_int_equal(time_format_local("2019-11-18 03:20:50", out,
					   sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "untouched");
	assert_int_equal(time_format_local("2019-11-18", out, sizeof(out)),
			 ERR_INVALID);
	assert_int_equal(time_format_local("", out, sizeof(out)),
			 ERR_INVALID);
	assert_int_equal(time_format_local(NULL, out, sizeof(out)),
			 ERR_INVALID);
	assert_string_equal(out, "untouched");
	/* Nor does a time with a field out of range. */
	assert_int_equal(time_format_local("2026-02-30T10:00:00Z", out,
					   sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "untouched");
}

static void
test_local_input(void **state)
{
	static const struct {
		const char *local, *utc;
	} both[] = {
		{ "2019-11-18T09:00", "2019-11-18T01:00:00Z" },
		{ "2019-11-18T07:59", "2019-11-17T23:59:00Z" },
		{ "2020-01-01T00:30", "2019-12-31T16:30:00Z" },
		{ "2020-03-01T03:00", "2020-02-29T19:00:00Z" },
	};
	char out[32], back[32];

	(void)state;
	for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
		assert_int_equal(time_parse_local(both[i].local, out,
						  sizeof(out)), 0);
		assert_string_equal(out, both[i].utc);
		assert_int_equal(time_format_local_input(both[i].utc, back,
							 sizeof(back)), 0);
		assert_string_equal(back, both[i].local);
	}
	assert_int_equal(time_parse_local("2019-11-18 09:00:30", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "2019-11-18T01:00:30Z");
	memcpy(out, "untouched", 10);
	assert_int_equal(time_parse_local("2019-11-18T24:00", out,
					  sizeof(out)), ERR_INVALID);
	assert_int_equal(time_parse_local("2019-02-29T10:00", out,
					  sizeof(out)), ERR_INVALID);
	assert_int_equal(time_parse_local("2019-11-18T01:00:00Z", out,
					  sizeof(out)), ERR_INVALID);
	assert_int_equal(time_parse_local("2019-11-18", out, sizeof(out)),
			 ERR_INVALID);
	assert_int_equal(time_parse_local("1900-01-01T07:59", out,
					  sizeof(out)), ERR_INVALID);
	assert_int_equal(time_parse_local(NULL, out, sizeof(out)),
			 ERR_INVALID);
	assert_int_equal(time_parse_local("2019-11-18T09:00", out, 20),
			 ERR_INVALID);
	assert_string_equal(out, "untouched");
	assert_int_equal(time_format_local_input("2019-11-18", out,
						 sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "untouched");
}

static void
test_hours(void **state)
{
	static const struct {
		const char *text;
		int64_t minutes;
	} typed[] = {
		{ "1.5", 90 }, { "2", 120 }, { "0.75", 45 }, { "0.1", 6 },
		{ "0.01", 1 }, { "1,000", 60000 }, { "-1.5", -90 },
	};
	static const char *const bad[] = {
		"", "1.505", "1h", "one", "1:30", "1.",
	};
	char out[24];
	int64_t m;

	(void)state;
	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		assert_int_equal(time_parse_hours(typed[i].text, &m), 0);
		assert_true(m == typed[i].minutes);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 42;
		assert_int_equal(time_parse_hours(bad[i], &m), ERR_INVALID);
		assert_true(m == 42);
	}
	assert_int_equal(time_format_hours(90, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "1.5");
	assert_int_equal(time_format_hours(45, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "0.8");
	assert_int_equal(time_format_hours(45, 2, out, sizeof(out)), 0);
	assert_string_equal(out, "0.75");
	assert_int_equal(time_format_hours(-90, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "-1.5");
	assert_int_equal(time_format_hours(59, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "1.0");
	assert_int_equal(time_format_hours(0, 2, out, sizeof(out)), 0);
	assert_string_equal(out, "0.00");
	assert_int_equal(time_format_hours(INT64_MIN, 2, out, sizeof(out)),
			 0);
	assert_int_equal(time_format_hours(90, 1, out, 3), ERR_TOOBIG);
	assert_string_equal(out, "");
	/* Two places read back as the same whole minutes. */
	for (int64_t v = -3000; v <= 3000; v++) {
		assert_int_equal(time_format_hours(v, 2, out, sizeof(out)), 0);
		assert_int_equal(time_parse_hours(out, &m), 0);
		assert_true(m == v);
	}
}

static void
test_date_months(void **state)
{
	static const char *const last_days[] = {
		"2019-01-31", "2019-02-28", "2019-03-31", "2019-04-30",
		"2019-05-31", "2019-06-30", "2019-07-31", "2019-08-31",
		"2019-09-30", "2019-10-31", "2019-11-30", "2019-12-31", NULL,
	};
	static const char *const past_last[] = {
		"2019-01-32", "2019-02-29", "2019-03-32", "2019-04-31",
		"2019-05-32", "2019-06-31", "2019-07-32", "2019-08-32",
		"2019-09-31", "2019-10-32", "2019-11-31", "2019-12-32", NULL,
	};

	(void)state;
	for (int i = 0; last_days[i]; i++) {
		assert_true(date_valid(last_days[i]));
		assert_false(date_valid(past_last[i]));
	}
	assert_true(date_valid("2019-11-01"));
	assert_true(date_valid("2019-11-18"));
	assert_false(date_valid("2019-11-00"));
	assert_false(date_valid("2019-12-00"));
	assert_false(date_valid("2019-00-10"));
	assert_false(date_valid("2019-13-10"));
	assert_false(date_valid("2019-19-39"));
}

static void
test_date_leap_years(void **state)
{
	(void)state;
	assert_true(date_valid("2024-02-29"));	/* divisible by 4 */
	assert_false(date_valid("2023-02-29"));
	assert_true(date_valid("2000-02-29"));	/* by 400 */
	assert_false(date_valid("1900-02-29"));	/* by 100, not 400 */
	assert_false(date_valid("2100-02-29"));
	assert_false(date_valid("2024-02-30"));
	assert_false(date_valid("2026-02-30"));
}

static void
test_date_range_and_shape(void **state)
{
	static const char *const bad[] = {
		"1899-12-31",
		"2200-01-01",
		"0000-01-01",
		"2019-1-01",
		"2019-01-1",
		"2019-11-1",
		"19-01-2019",
		"2019/11/18",
		"2019-11-18 ",
		" 2019-11-18",
		"2019-11-18T00:00:00Z",
		"2019-1a-18",
		"201９-11-18",
		"",
		NULL,
	};

	(void)state;
	assert_true(date_valid("1900-01-01"));
	assert_true(date_valid("2199-12-31"));
	for (int i = 0; bad[i]; i++)
		assert_false(date_valid(bad[i]));
	assert_false(date_valid(NULL));
}

static void
test_parse_local(void **state)
{
	static const char *const bad[] = {
		"2019-11-18", "2019-11-18T11:20Z", "2019-11-18 11:20Z",
		"2019-11-18 24:00", "2019-02-29 10:00", "2019-11-18 11:20:60",
		"2019-11-18 11:2", "2019-11-18 11:20:0", "", "2019-11-18  1:20",
	};
	char out[TIME_UTC_LEN + 1] = "untouched";

	(void)state;
	assert_int_equal(time_parse_local("2019-11-18 11:20", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "2019-11-18T03:20:00Z");
	assert_int_equal(time_parse_local("2019-11-18 07:59:30", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "2019-11-17T23:59:30Z");
	assert_int_equal(time_parse_local("2020-01-01 00:00", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "2019-12-31T16:00:00Z");
	/* As a datetime-local input sends it, with a "T". */
	assert_int_equal(time_parse_local("2019-11-18T11:20", out,
					  sizeof(out)), 0);
	assert_string_equal(out, "2019-11-18T03:20:00Z");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(out, sizeof(out), "untouched");
		assert_int_equal(time_parse_local(bad[i], out, sizeof(out)),
				 ERR_INVALID);
		assert_string_equal(out, "untouched");
	}
	assert_int_equal(time_parse_local(NULL, out, sizeof(out)),
			 ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_beijing_date_rolls_over_at_16z),
		cmocka_unit_test(test_beijing_date_out_of_range),
		cmocka_unit_test(test_today_beijing),
		cmocka_unit_test(test_parse_local),
		cmocka_unit_test(test_now_utc),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_utc_known_instants),
		cmocka_unit_test(test_utc_round_trip_sweep),
		cmocka_unit_test(test_utc_sorts_as_text),
		cmocka_unit_test(test_utc_out_of_range),
		cmocka_unit_test(test_utc_malformed),
		cmocka_unit_test(test_local_beijing),
		cmocka_unit_test(test_local_refused),
		cmocka_unit_test(test_local_input),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_date_months),
		cmocka_unit_test(test_date_leap_years),
		cmocka_unit_test(test_date_range_and_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
