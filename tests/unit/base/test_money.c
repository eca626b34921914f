/*
 * test_money.c - tests of src/base/money.c: fen as yuan with two decimals,
 * thousands separators for people and none for data, negative amounts
 * (the sign before the whole amount, never inside it), zero, the extremes
 * of int64_t, and a buffer too small refused rather than cut; large
 * amounts in 万元 and 亿元; amounts typed in yuan (and other decimals)
 * read exactly, or refused with nothing written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"
#include "base/money.h"

static const struct {
	int64_t fen;
	const char *yuan, *plain;
} cases[] = {
	{ 0, "0.00", "0.00" },
	{ 1, "0.01", "0.01" },
	{ 5, "0.05", "0.05" },
	{ 99, "0.99", "0.99" },
	{ 100, "1.00", "1.00" },
	{ 123450, "1,234.50", "1234.50" },
	{ 99999, "999.99", "999.99" },
	{ 100000, "1,000.00", "1000.00" },
	{ 12345678, "123,456.78", "123456.78" },
	{ 100000000, "1,000,000.00", "1000000.00" },
	{ 30000000000, "300,000,000.00", "300000000.00" },
	{ -1, "-0.01", "-0.01" },
	{ -5, "-0.05", "-0.05" },
	{ -100, "-1.00", "-1.00" },
	{ -150, "-1.50", "-1.50" },
	{ -123450, "-1,234.50", "-1234.50" },
	{ -100000, "-1,000.00", "-1000.00" },
	{ INT64_MAX, "92,233,720,368,547,758.07", "92233720368547758.07" },
	{ INT64_MIN, "-92,233,720,368,547,758.08", "-92233720368547758.08" },
	{ INT64_MIN + 1, "-92,233,720,368,547,758.07",
	  "-92233720368547758.07" },
};

static void
test_yuan(void **state)
{
	char out[MONEY_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(money_format_yuan(cases[i].fen, out,
						   sizeof(out)), 0);
		assert_string_equal(out, cases[i].yuan);
	}
}

static void
test_plain(void **state)
{
	char out[MONEY_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(money_format_plain(cases[i].fen, out,
						    sizeof(out)), 0);
		assert_string_equal(out, cases[i].plain);
	}
}

/* Exactly enough room fits; one byte less is ERR_TOOBIG and "". */
static void
test_too_small(void **state)
{
	char out[MONEY_TEXT_MAX];

	(void)state;
	assert_int_equal(money_format_yuan(-123450, out, 10), 0);
	assert_string_equal(out, "-1,234.50");
	memset(out, 'x', sizeof(out));
	assert_int_equal(money_format_yuan(-123450, out, 9), ERR_TOOBIG);
	assert_string_equal(out, "");
	assert_int_equal(money_format_plain(123450, out, 8), 0);
	assert_string_equal(out, "1234.50");
	assert_int_equal(money_format_plain(123450, out, 7), ERR_TOOBIG);
	assert_string_equal(out, "");
	assert_int_equal(money_format_yuan(0, NULL, 0), ERR_TOOBIG);
	/* The longest amount of all fits MONEY_TEXT_MAX. */
	assert_true(strlen("-92,233,720,368,547,758.08") < MONEY_TEXT_MAX);
}

static void
test_scaled(void **state)
{
	static const struct {
		int64_t fen;
		const char *text;
		enum money_scale scale;
	} big[] = {
		{ 0, "0.00", MONEY_SCALE_YUAN },
		{ 99950, "999.50", MONEY_SCALE_YUAN },
		{ 99999950, "100.00", MONEY_SCALE_WAN },
		{ 999999, "9,999.99", MONEY_SCALE_YUAN },
		{ 1000000, "1.00", MONEY_SCALE_WAN },
		{ 1234500, "1.23", MONEY_SCALE_WAN },
		{ 1235000, "1.24", MONEY_SCALE_WAN },
		{ -1235000, "-1.24", MONEY_SCALE_WAN },
		{ 9999999999, "10,000.00", MONEY_SCALE_WAN },
		{ 10000000000, "1.00", MONEY_SCALE_YI },
		{ 30000000000, "3.00", MONEY_SCALE_YI },
		{ 12345678900000, "1,234.57", MONEY_SCALE_YI },
		{ INT64_MIN, "-922,337,203.69", MONEY_SCALE_YI },
	};
	enum money_scale scale;
	char out[MONEY_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		assert_int_equal(money_format_scaled(big[i].fen, out,
						     sizeof(out), &scale), 0);
		assert_string_equal(out, big[i].text);
		assert_int_equal(scale, big[i].scale);
	}
	assert_int_equal(money_format_scaled(30000000000, out, 4, &scale),
			 ERR_TOOBIG);
	assert_string_equal(out, "");
}

static void
test_parse_yuan(void **state)
{
	static const struct {
		const char *text;
		int64_t fen;
	} good[] = {
		{ "20", 2000 }, { "20.5", 2050 }, { "20.50", 2050 },
		{ "0.05", 5 }, { "1,234.56", 123456 },
		{ "1,234,567", 123456700 },
		{ "\xc2\xa5" "20", 2000 }, { "\xef\xbf\xa5" " 20.5", 2050 },
		{ "20\xe5\x85\x83", 2000 }, { " 7.1 ", 710 }, { "-3", -300 },
		{ "-\xc2\xa5" "3", -300 }, { "\xc2\xa5" "-3", -300 },
		{ "0", 0 }, { "007", 700 },
		{ "92233720368547758.07", INT64_MAX },
		{ "-92233720368547758.08", INT64_MIN },
		{ "\xef\xbf\xa5" "1,000", 100000 }, { "-0.05", -5 },
		{ "12,345,678.90", 1234567890 }, { "20 \xe5\x85\x83", 2000 },
		{ "92,233,720,368,547,757.99", INT64_MAX - 8 },
	};
	static const char *const bad[] = {
		"", " ", "20.505", "20.", ".5", "twenty", "20 yuan", "1,23",
		"12,34.5", "1234,567", ",123", "1,,234", "1.2.3", "--3", "+3",
		"1e3", "92233720368547758.08", "-92233720368547758.09",
		"99999999999999999999", "\xc2\xa5", "\xe5\x85\x83", "20 5",
		"-", "1,2345", "12a", "--1", "92,233,720,368,547,758.08",
		"0x10", "\xef\xbc\x92\xef\xbc\x90",
	};
	int64_t fen;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fen = 42;
		assert_int_equal(money_parse_yuan(good[i].text, &fen), 0);
		assert_true(fen == good[i].fen);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fen = 42;
		assert_int_equal(money_parse_yuan(bad[i], &fen), ERR_INVALID);
		assert_true(fen == 42);
	}
	assert_int_equal(money_parse_yuan(NULL, &fen), ERR_INVALID);
}

/* What money_format_yuan() and _plain() write reads back the same. */
static void
test_parse_round_trip(void **state)
{
	char out[MONEY_TEXT_MAX];
	int64_t fen;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(money_parse_yuan(cases[i].yuan, &fen), 0);
		assert_true(fen == cases[i].fen);
		assert_int_equal(money_parse_yuan(cases[i].plain, &fen), 0);
		assert_true(fen == cases[i].fen);
	}
	for (int64_t v = -100000; v <= 100000; v += 7) {
		money_format_yuan(v, out, sizeof(out));
		assert_int_equal(money_parse_yuan(out, &fen), 0);
		assert_true(fen == v);
	}
}

static void
test_parse_decimal(void **state)
{
	int64_t v = 42;

	(void)state;
	assert_int_equal(money_parse_decimal("12.5", 2, &v), 0);
	assert_true(v == 1250);
	assert_int_equal(money_parse_decimal("1,200", 2, &v), 0);
	assert_true(v == 120000);
	assert_int_equal(money_parse_decimal("3", 0, &v), 0);
	assert_true(v == 3);
	assert_int_equal(money_parse_decimal("2.5", 1, &v), 0);
	assert_true(v == 25);
	v = 42;
	assert_int_equal(money_parse_decimal("3.5", 0, &v), ERR_INVALID);
	assert_int_equal(money_parse_decimal("2.55", 1, &v), ERR_INVALID);
	/* No currency marks outside money. */
	assert_int_equal(money_parse_decimal("\xc2\xa5" "3", 2, &v),
			 ERR_INVALID);
	assert_int_equal(money_parse_decimal("1", 5, &v), ERR_INVALID);
	assert_true(v == 42);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yuan),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_scaled),
		cmocka_unit_test(test_parse_yuan),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_parse_decimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
