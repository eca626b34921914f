/*
 * test_cnid.c - tests of src/base/cnid.c: the check character of the
 * unified social credit code (GB 32100-2015) on codes known to be valid
 * (the standard's example and codes of registered organisations), on
 * codes with one character changed, swapped, out of the alphabet or of
 * the wrong length; and mainland mobile numbers brought to their 11
 * digits from the ways people write them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/cnid.h"

/* Valid codes, their check characters worked out by hand from the rule. */
static const char *const valid_codes[] = {
	"91350100M000100Y43",	/* the example of GB 32100-2015 */
	"914403001922038216",
	"9144030071526726XG",
	"91310000MA1FL1MMXL",
	"911100007109310534",
	"91330100799655058B",
	"12100000400000624D",	/* a public institution (12) */
	NULL,
};

static void
test_credit_valid(void **state)
{
	(void)state;
	for (int i = 0; valid_codes[i]; i++) {
		assert_true(cn_credit_code_valid(valid_codes[i]));
		assert_int_equal(cn_credit_code_check(valid_codes[i]),
				 valid_codes[i][17]);
	}
}

/*
 * A weighted sum that is a multiple of 31 has the check character '0',
 * the first of the alphabet, not the one past its end.
 */
static void
test_credit_check_zero(void **state)
{
	(void)state;
	assert_int_equal(cn_credit_code_check("00000000000000000"), '0');
	assert_true(cn_credit_code_valid("000000000000000000"));
	assert_false(cn_credit_code_valid("00000000000000000Y"));
	/* 1 in position 0 weighs 1: the check is 31 - 1 = 30, 'Y'. */
	assert_int_equal(cn_credit_code_check("10000000000000000"), 'Y');
	/* 1 in position 1 weighs 3: 31 - 3 = 28, 'W'. */
	assert_int_equal(cn_credit_code_check("01000000000000000"), 'W');
	/* 1 in the last position weighs 3^16 mod 31 = 28: 3, '3'. */
	assert_int_equal(cn_credit_code_check("00000000000000001"), '3');
}

/* Every other last character than the right one is refused. */
static void
test_credit_wrong_check(void **state)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char code[19];
	int accepted = 0;

	(void)state;
	memcpy(code, "91350100M000100Y43", sizeof(code));
	for (const char *c = alphabet; *c; c++) {
		code[17] = *c;
		if (cn_credit_code_valid(code))
			accepted++;
	}
	assert_int_equal(accepted, 1);
}

/* One character changed, or two neighbours swapped, is caught. */
static void
test_credit_typos(void **state)
{
	char code[19];

	(void)state;
	memcpy(code, "914403001922038216", sizeof(code));
	code[5] = '4';				/* 3 -> 4 */
	assert_false(cn_credit_code_valid(code));
	memcpy(code, "914403001922038216", sizeof(code));
	code[9] = '2';				/* 9 -> 2 */
	assert_false(cn_credit_code_valid(code));
	memcpy(code, "914403001922038216", sizeof(code));
	code[8] = '9';				/* "19" -> "91" */
	code[9] = '1';
	assert_false(cn_credit_code_valid(code));
	memcpy(code, "9144030071526726XG", sizeof(code));
	code[16] = 'G';				/* "XG" -> "GX" */
	code[17] = 'X';
	assert_false(cn_credit_code_valid(code));
}

static void
test_credit_malformed(void **state)
{
	(void)state;
	assert_false(cn_credit_code_valid(NULL));
	assert_false(cn_credit_code_valid(""));
	assert_false(cn_credit_code_valid("91350100M000100Y4"));	/* 17 */
	assert_false(cn_credit_code_valid("91350100M000100Y433"));	/* 19 */
	assert_false(cn_credit_code_valid("91350100m000100y43"));	/* lower */
	assert_false(cn_credit_code_valid("91350100M000100Y4 "));
	/* I, O, S, V and Z are not in the alphabet, anywhere. */
	assert_false(cn_credit_code_valid("91350100I000100Y43"));
	assert_false(cn_credit_code_valid("91350100O000100Y43"));
	assert_false(cn_credit_code_valid("91350100S000100Y43"));
	assert_false(cn_credit_code_valid("91350100V000100Y43"));
	assert_false(cn_credit_code_valid("91350100Z000100Y43"));
	assert_false(cn_credit_code_valid("91350100M000100Y4Z"));
	assert_int_equal(cn_credit_code_check("91350100I000100Y4"), '\0');
	assert_int_equal(cn_credit_code_check("9135010-M000100Y4"), '\0');
	/* Full-width digits are not digits. */
	assert_false(cn_credit_code_valid("９1350100M000100Y43"));
}

static void
mobile(const char *in, const char *want)
{
	char out[12];

	assert_true(cn_mobile_normalize(in, out));
	assert_string_equal(out, want);
}

static void
test_mobile_forms(void **state)
{
	(void)state;
	mobile("13800138000", "13800138000");
	mobile("138 0013 8000", "13800138000");
	mobile("138-0013-8000", "13800138000");
	mobile("  13800138000", "13800138000");
	mobile("+8613800138000", "13800138000");
	mobile("+86 138 0013 8000", "13800138000");
	mobile("8613800138000", "13800138000");
	mobile("86 199-0000-1111", "19900001111");
	/* Every second digit from 3 to 9. */
	mobile("13000000000", "13000000000");
	mobile("19000000000", "19000000000");
}

static void
test_mobile_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"1380013800",		/* 10 digits */
		"138001380001",		/* 12 */
		"12800138000",		/* second digit 2 */
		"10800138000",		/* ... 0 */
		"23800138000",		/* not a 1 first */
		"138o0138000",		/* a letter */
		"13800138000x",
		"138.0013.8000",
		"+8513800138000",	/* another country */
		"+86",
		"86123456789",		/* 11 digits, starts with 8 */
		"１３８００１３８０００",	/* full-width */
		NULL,
	};
	char out[12];

	(void)state;
	for (int i = 0; bad[i]; i++)
		assert_false(cn_mobile_normalize(bad[i], out));
	assert_false(cn_mobile_normalize(NULL, out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_valid),
		cmocka_unit_test(test_credit_check_zero),
		cmocka_unit_test(test_credit_wrong_check),
		cmocka_unit_test(test_credit_typos),
		cmocka_unit_test(test_credit_malformed),
		cmocka_unit_test(test_mobile_forms),
		cmocka_unit_test(test_mobile_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
