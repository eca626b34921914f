/*
 * test_money.c - tests of src/base/money.c: fen as yuan with two decimals,
 * thousands separators for people and none for data, negative amounts
 * (the sign before the whole amount, never inside it), zero, the extremes
 * of int64_t, and a buffer too small refused rather than cut.
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
test_parse_yuan(void **state)
{
	static const struct { const char *text; int64_t fen; } good[] = {
		{ "20.5", 2050 }, { "20.50", 2050 }, { "1,234.56", 123456 },
		{ "\xc2\xa5" "20", 2000 }, { "\xef\xbf\xa5" "1,000", 100000 },
		{ "-0.05", -5 }, { "0", 0 }, { " 7.1 ", 710 },
		{ "12,345,678.90", 1234567890 },
		{ "92,233,720,368,547,757.99", INT64_MAX - 8 },
	};
	static const char *const bad[] = {
		"20.505", "", " ", "-", ".5", "20.", "1,23", "1234,567",
		",123", "1,2345", "12a", "1.2.3", "--1", "20 元", "1e3",
		"92,233,720,368,547,758.00", "99999999999999999999",
	};
	int64_t fen;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		fen = -1;
		assert_int_equal(money_parse_yuan(good[i].text, &fen), 0);
		assert_int_equal(fen, good[i].fen);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fen = 42;
		assert_int_equal(money_parse_yuan(bad[i], &fen), ERR_INVALID);
		assert_int_equal(fen, 42);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yuan),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_parse_yuan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
