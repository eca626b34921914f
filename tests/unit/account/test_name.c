/*
 * test_name.c - tests of src/account/name.c: which account names are
 * allowed (length in characters, nothing invisible, no spaces) and their
 * keys (NFKC_Casefold): case and width fold to one key, so "ＷａｎｇＦａｎｇ"
 * and "wangfang" are one account.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "account/name.h"
#include "base/err.h"

/* The key of `name`, or NULL when it is refused. */
static const char *
key_of(const char *name)
{
	static char key[ACCOUNT_KEY_MAX];
	struct problem pb = { 0 };

	if (account_name_key(name, key, &pb)) {
		assert_non_null(pb.message);
		assert_non_null(pb.key);
		return NULL;
	}
	return key;
}

static void
test_case_and_width_fold(void **state)
{
	(void)state;
	assert_string_equal(key_of("wangfang"), "wangfang");
	assert_string_equal(key_of("WangFang"), "wangfang");
	/* Fullwidth letters and digits (U+FF21.., U+FF10..). */
	assert_string_equal(key_of("\xef\xbc\xb7\xef\xbd\x81\xef\xbd\x8e\xef"
				   "\xbd\x87\xef\xbc\x91"), "wang1");
	/* ß folds to ss. */
	assert_string_equal(key_of("Stra\xc3\x9f" "e"), "strasse");
	/* Chinese names are their own key. */
	assert_string_equal(key_of("王芳"), "王芳");
	assert_string_equal(key_of("team-chen_2.x"), "team-chen_2.x");
	/* Precomposed and combining forms are one name. */
	assert_string_equal(key_of("Jos\xc3\xa9"), key_of("Jose\xcc\x81"));
}

static void
test_invisible_and_spaces_refused(void **state)
{
	(void)state;
	assert_null(key_of("wang\xe2\x80\x8b" "fang"));	/* U+200B ZWSP */
	assert_null(key_of("wang\xe2\x80\x8d" "fang"));	/* U+200D ZWJ */
	assert_null(key_of("wang\xe2\x81\xa0" "fang"));	/* U+2060 WJ */
	assert_null(key_of("\xef\xbb\xbfwangfang"));		/* U+FEFF BOM */
	assert_null(key_of("wang\xc2\xad" "fang"));		/* U+00AD SHY */
	assert_null(key_of("wang\xe2\x80\xae" "fang"));	/* U+202E RLO */
	assert_null(key_of("wang\xe3\x85\xa4" "fang"));	/* U+3164 filler */
	assert_null(key_of("wang fang"));
	assert_null(key_of("wang\xe3\x80\x80" "fang"));	/* U+3000 */
	assert_null(key_of("wang\xc2\xa0" "fang"));		/* U+00A0 */
	assert_null(key_of("wang\tfang"));
	assert_null(key_of("wang\x7f" "fang"));
	assert_null(key_of("wang\xee\x80\x80" "fang"));	/* private use */
	/* U+00A8 folds to a space and a combining mark: refused too. */
	assert_null(key_of("wang\xc2\xa8" "fang"));
}

static void
test_lengths(void **state)
{
	char name[300];

	(void)state;
	assert_null(key_of(""));
	assert_null(key_of(NULL));
	assert_null(key_of("a"));
	assert_non_null(key_of("ab"));
	memset(name, 'a', 64);
	name[64] = '\0';
	assert_non_null(key_of(name));
	name[64] = 'a';
	name[65] = '\0';
	assert_null(key_of(name));
	/* 64 Chinese characters (192 bytes) are fine, 65 are not. */
	for (int i = 0; i < 64; i++)
		memcpy(name + 3 * i, "名", 3);
	name[192] = '\0';
	assert_non_null(key_of(name));
	memcpy(name + 192, "名", 4);
	assert_null(key_of(name));
	/* Not UTF-8. */
	assert_null(key_of("wang\xff" "fang"));
	assert_null(key_of("wang\xc0\xaf"));
}

static void
test_messages(void **state)
{
	char key[ACCOUNT_KEY_MAX];
	struct problem pb = { 0 };

	(void)state;
	assert_int_equal(account_name_key("x", key, &pb), ERR_INVALID);
	assert_string_equal(pb.field, "name");
	assert_string_equal(pb.message, "name must be 2 to 64 characters long");
	assert_string_equal(pb.key, "account.err.name_length");
	assert_int_equal(account_name_key("a b", key, &pb), ERR_INVALID);
	assert_string_equal(pb.message, "name must not contain spaces, "
			    "control or invisible characters");
	assert_string_equal(pb.key, "account.err.name_chars");
	assert_int_equal(account_name_key("", key, &pb), ERR_INVALID);
	assert_string_equal(pb.message, "name is required");
	assert_string_equal(pb.key, "account.err.name_required");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_width_fold),
		cmocka_unit_test(test_invisible_and_spaces_refused),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
