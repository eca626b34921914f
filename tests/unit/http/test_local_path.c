/*
 * test_local_path.c - tests of src/http/redirect.c: http_local_path(), the
 * one check of redirect targets. Paths of this site pass; anything a
 * browser could read as another site fails, raw or percent-encoded at any
 * depth: controls and spaces (dropped by browsers), backslashes (read as
 * "/"), a leading "//", schemes, empty and NULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http/http.h"

static void
test_local_paths_pass(void **state)
{
	static const char *const ok[] = {
		"/", "/ok", "/a?b=c", "/login?next=%2Fme",
		"/incubation/applications/42", "/training/sessions/7/sheet",
		"/notifications?unread=1", "/a/b/c?x=1&y=2#frag",
		"/search?q=%E8%BD%AF%E4%BB%B6", "/search?q=软件",
		"/100%", "/%zz", "/a%2Fb", "/a//b", "/a?next=//x",
		"/50%25off",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!http_local_path(ok[i]))
			fail_msg("refused %s", ok[i]);
}

static void
test_other_sites_fail(void **state)
{
	static const char *const bad[] = {
		/* not a path */
		"", "ok", "http://x", "https://evil.example/", "javascript:x",
		"evil.example", "?next=/", "#/",
		/* another host */
		"//evil", "//evil.example/", "/\\evil", "\\\\evil", "\\/evil",
		/* bytes a browser drops or splits on, raw */
		"/\t/evil.example", "\t/evil", "/ok\t", "/a b", " /x",
		"/x\r\nSet-Cookie: a=b", "/x\n", "/x\r", "/x\x7f", "/x\x01",
		"/a\\b",
		/* and percent-encoded */
		"/%09/evil.example", "/%0d%0aSet-Cookie:%20a=b", "/%0A",
		"/%0D", "/x%20y", "/%7f", "/%00", "/%5cevil", "/%5Cevil",
		"/%2f/evil", "/%2F%2Fevil", "%2f%2fevil", "%2Fevil",
		/* double and triple encoded */
		"/%2509/evil.example", "%2509", "/%252f/evil", "/%255c",
		"/%25250a", "/%25%30%39/x", "/%%30%39/x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (http_local_path(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(http_local_path(NULL));
}

/* Up to HTTP_LOCAL_PATH_MAX - 1 bytes pass; longer fail. */
static void
test_length_limit(void **state)
{
	static char s[HTTP_LOCAL_PATH_MAX + 1];

	(void)state;
	memset(s, 'a', sizeof(s) - 1);
	s[0] = '/';
	s[HTTP_LOCAL_PATH_MAX - 1] = '\0';
	assert_true(http_local_path(s));
	s[HTTP_LOCAL_PATH_MAX - 1] = 'a';
	s[HTTP_LOCAL_PATH_MAX] = '\0';
	assert_false(http_local_path(s));
}

/* Every byte <= 0x20, 0x7f and "\" fails raw and encoded, after "/x". */
static void
test_every_forbidden_byte(void **state)
{
	char raw[8], enc[16];

	(void)state;
	for (int c = 1; c < 256; c++) {
		bool bad = c <= 0x20 || c == 0x7f || c == '\\';

		snprintf(raw, sizeof(raw), "/x%c", c);
		snprintf(enc, sizeof(enc), "/x%%%02X", c);
		if (http_local_path(raw) == bad)
			fail_msg("byte 0x%02x raw", c);
		/* Encoded, "%" itself decodes to "%", which is fine alone. */
		if (http_local_path(enc) == bad)
			fail_msg("byte 0x%02x encoded", c);
	}
	assert_false(http_local_path("/x%00"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_paths_pass),
		cmocka_unit_test(test_other_sites_fail),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_every_forbidden_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
