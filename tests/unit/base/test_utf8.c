/*
 * test_utf8.c - UTF-8 validation: the boundaries of RFC 3629, table 3-7.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void
test_ascii_and_empty(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid(S("position,capacity\r\n")));
	assert_int_equal(utf8_valid_len(S("hello, world")), 12);
	/* NUL is a character like any other for UTF-8. */
	assert_true(utf8_valid("a\0b", 3));
}

static void
test_multibyte_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(S("张三,岗位一")));	/* three-byte CJK */
	assert_true(utf8_valid(S("\xc2\x80")));		/* U+0080 */
	assert_true(utf8_valid(S("\xdf\xbf")));		/* U+07FF */
	assert_true(utf8_valid(S("\xe0\xa0\x80")));	/* U+0800 */
	assert_true(utf8_valid(S("\xed\x9f\xbf")));	/* U+D7FF */
	assert_true(utf8_valid(S("\xee\x80\x80")));	/* U+E000 */
	assert_true(utf8_valid(S("\xef\xbb\xbf")));	/* U+FEFF (BOM) */
	assert_true(utf8_valid(S("\xf0\x90\x80\x80")));	/* U+10000 */
	assert_true(utf8_valid(S("\xf0\x9f\x98\x80")));	/* U+1F600 */
	assert_true(utf8_valid(S("\xf4\x8f\xbf\xbf")));	/* U+10FFFF */
	assert_int_equal(utf8_seq_len(S("\xe5\xbc\xa0")), 3);
	assert_int_equal(utf8_seq_len(S("\xf0\x9f\x98\x80")), 4);
	assert_int_equal(utf8_seq_len(S("a")), 1);
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_false(utf8_valid(S("\x80")));		/* lone continuation */
	assert_false(utf8_valid(S("\xbf")));
	assert_false(utf8_valid(S("\xc0\x80")));	/* overlong NUL */
	assert_false(utf8_valid(S("\xc1\xbf")));	/* overlong */
	assert_false(utf8_valid(S("\xe0\x9f\xbf")));	/* overlong 3-byte */
	assert_false(utf8_valid(S("\xed\xa0\x80")));	/* U+D800 surrogate */
	assert_false(utf8_valid(S("\xed\xbf\xbf")));	/* U+DFFF surrogate */
	assert_false(utf8_valid(S("\xf0\x8f\xbf\xbf")));	/* overlong */
	assert_false(utf8_valid(S("\xf4\x90\x80\x80")));	/* > U+10FFFF */
	assert_false(utf8_valid(S("\xf5\x80\x80\x80")));
	assert_false(utf8_valid(S("\xff")));
	assert_false(utf8_valid(S("\xfe")));
	assert_false(utf8_valid(S("\xe5\xbc")));	/* truncated */
	assert_false(utf8_valid(S("\xe5\x41\xa0")));	/* bad continuation */
	/* GBK "张三" (what Excel saves in China) is not UTF-8. */
	assert_false(utf8_valid(S("\xd5\xc5\xc8\xfd")));
	assert_int_equal(utf8_seq_len("", 0), 0);
	assert_int_equal(utf8_seq_len(S("\xe5\xbc")), 0);
}

static void
test_valid_len_points_at_error(void **state)
{
	char text[64];

	(void)state;
	/* The fast path reads 8 bytes at a time: put errors on each side. */
	memset(text, 'a', sizeof(text));
	for (size_t at = 0; at < sizeof(text); at++) {
		memset(text, 'a', sizeof(text));
		text[at] = (char)0xff;
		assert_int_equal(utf8_valid_len(text, sizeof(text)), at);
	}
	assert_int_equal(utf8_valid_len(S("ab\xe5\xbc\xa0" "cd\xe5\xbc")), 7);
	assert_int_equal(utf8_valid_len(S("\xe5\xbc\xa0\xe5\xbc\xa0\xe5\xbc"
					  "\xa0\x80")), 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_and_empty),
		cmocka_unit_test(test_multibyte_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_valid_len_points_at_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
