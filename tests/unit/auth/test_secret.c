/*
 * test_secret.c - tests of src/auth/secret.c: passwords hash and check;
 * the dummy hash an unknown name is checked against has the cost of a
 * real one (so the two take the same time) and matches nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/secret.h"

/* "$argon2id$v=19$m=65536,t=2,p=1$": the part that says the cost. */
static size_t
params_len(const char *hash)
{
	const char *p = hash;

	for (int dollars = 0; *p && dollars < 4; p++)
		if (*p == '$')
			dollars++;
	return (size_t)(p - hash);
}

static void
test_dummy_costs_the_same(void **state)
{
	char real[SECRET_HASH_MAX];
	const char *dummy;

	(void)state;
	assert_int_equal(secret_init(), 0);
	assert_int_equal(secret_hash_password("Secret-pass-1", real), 0);
	dummy = secret_dummy_hash();
	assert_true(strncmp(dummy, "$argon2id$", 10) == 0);
	assert_int_equal(params_len(dummy), params_len(real));
	assert_memory_equal(dummy, real, params_len(real));
	/* Made once. */
	assert_ptr_equal(secret_dummy_hash(), dummy);
	assert_false(secret_check_dummy("Secret-pass-1"));
	assert_false(secret_check_dummy(""));
	assert_true(secret_check_password(real, "Secret-pass-1"));
	assert_false(secret_check_password(real, "Secret-pass-2"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dummy_costs_the_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
