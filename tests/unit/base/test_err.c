/*
 * test_err.c - tests of src/base/err.c: every error code maps to the HTTP
 * status and the API code string of DESIGN §3, success and unknown codes
 * have sane answers, and no code is left without a description.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"

static const struct {
	int rc;
	int status;
	const char *code;
} expected[] = {
	{ ERR_INVALID, 400, "invalid" },
	{ ERR_UNAUTH, 401, "unauthenticated" },
	{ ERR_FORBIDDEN, 403, "forbidden" },
	{ ERR_NOTFOUND, 404, "not_found" },
	{ ERR_METHOD, 405, "method_not_allowed" },
	{ ERR_CONFLICT, 409, "conflict" },
	{ ERR_TOOBIG, 413, "too_large" },
	{ ERR_THROTTLED, 429, "throttled" },
	{ ERR_HEADERS, 431, "headers_too_large" },
	{ ERR_URI_TOO_LONG, 414, "uri_too_long" },
	{ ERR_NOMEM, 500, "internal" },
	{ ERR_DB, 500, "internal" },
	{ ERR_IO, 500, "internal" },
	{ ERR_BUSY, 503, "unavailable" },
};

static void
test_design_mapping(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		int rc = expected[i].rc;

		assert_int_equal(err_http_status(rc), expected[i].status);
		assert_string_equal(err_code(rc), expected[i].code);
	}
}

/* Every code from ERR_NOMEM to ERR_URI_TOO_LONG is known and described. */
static void
test_every_code_described(void **state)
{
	(void)state;
	for (int rc = ERR_NOMEM; rc >= ERR_URI_TOO_LONG; rc--) {
		const char *s = err_str(rc);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
		assert_string_not_equal(s, "unknown error");
		assert_true(err_http_status(rc) >= 400);
		assert_true(err_http_status(rc) < 600);
	}
	assert_string_equal(err_str(ERR_INVALID), "invalid input");
	assert_string_equal(err_str(ERR_NOTFOUND), "not found");
}

/* No two codes share a description, so a log line says which one it was. */
static void
test_descriptions_distinct(void **state)
{
	(void)state;
	for (int a = ERR_NOMEM; a >= ERR_URI_TOO_LONG; a--)
		for (int b = a - 1; b >= ERR_URI_TOO_LONG; b--)
			assert_string_not_equal(err_str(a), err_str(b));
}

static void
test_success_and_unknown(void **state)
{
	(void)state;
	assert_int_equal(err_http_status(0), 200);
	assert_string_equal(err_str(0), "success");

	assert_int_equal(err_http_status(-999), 500);
	assert_string_equal(err_code(-999), "internal");
	assert_string_equal(err_str(-999), "unknown error");

	assert_int_equal(err_http_status(ERR_URI_TOO_LONG - 1), 500);
	assert_string_equal(err_code(ERR_URI_TOO_LONG - 1), "internal");
	assert_int_equal(err_http_status(7), 500);
	assert_string_equal(err_str(7), "unknown error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_mapping),
		cmocka_unit_test(test_every_code_described),
		cmocka_unit_test(test_descriptions_distinct),
		cmocka_unit_test(test_success_and_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
