/*
 * test_hash.c - the digest of ETags: XXH64's published values, every
 * length around the lanes' 32 bytes, and the tag's form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/hash.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* Values of the reference implementation (xxhsum -H64, python-xxhash). */
static void
test_known_values(void **state)
{
	(void)state;
	assert_true(hash64("", 0) == 0xef46db3751d8e999u);
	assert_true(hash64(S("a")) == 0xd24ec4f1a98c6e5bu);
	assert_true(hash64(S("abc")) == 0x44bc2cf5ad770999u);
	/* 39 bytes: the four lanes once, then 7 bytes of tail. */
	assert_true(hash64(S("Nobody inspects the spammish repetition")) ==
		    0xfbcea83c8a378bf1u);
}

/*
 * Every length up to three rounds of the lanes: a change of any one byte
 * changes the digest, and the digest reads nothing past the end.
 */
static void
test_every_byte_counts(void **state)
{
	unsigned char text[100];

	(void)state;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (unsigned char)(i * 7 + 1);
	for (size_t len = 1; len <= sizeof(text); len++) {
		uint64_t whole = hash64(text, len);

		for (size_t at = 0; at < len; at++) {
			text[at] ^= 0x01;
			assert_true(hash64(text, len) != whole);
			text[at] ^= 0x01;
		}
		assert_true(hash64(text, len - 1) != whole);
	}
}

static void
test_etag(void **state)
{
	char tag[HASH_ETAG_SIZE];

	(void)state;
	hash_etag(tag, S("abc"));
	assert_string_equal(tag, "\"44bc2cf5ad770999\"");
	hash_etag(tag, "", 0);
	assert_string_equal(tag, "\"ef46db3751d8e999\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_every_byte_counts),
		cmocka_unit_test(test_etag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
