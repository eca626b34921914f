/*
 * test_log.c - tests of src/base/log.c: one line per message whatever it
 * quotes. Control bytes and backslashes in a message are written as \xHH,
 * so a newline in a requested path cannot start a forged line; UTF-8 text
 * is kept as it is; a message too long for a line is cut, never split.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

/* What log_info(fmt, arg) writes to stderr, without the timestamp. */
static const char *
logged(const char *arg)
{
	static char out[8192];
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;
	char *sp;

	assert_non_null(f);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(f), STDERR_FILENO) >= 0);
	log_info("GET %s 404", arg);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	fclose(f);
	out[n] = '\0';
	/* "2026-...Z info " comes first. */
	sp = strstr(out, " info ");
	assert_non_null(sp);
	return sp + 6;
}

static void
test_plain(void **state)
{
	(void)state;
	assert_string_equal(logged("/healthz"), "GET /healthz 404\n");
	assert_string_equal(logged("/组织/机构"), "GET /组织/机构 404\n");
}

static void
test_control_bytes(void **state)
{
	(void)state;
	assert_string_equal(logged("/x\n2030-01-01T00:00:00Z info forged"),
			    "GET /x\\x0a2030-01-01T00:00:00Z info forged 404\n");
	assert_string_equal(logged("/a\rb\tc\x1b[31md\x7f"),
			    "GET /a\\x0db\\x09c\\x1b[31md\\x7f 404\n");
	/* A backslash is escaped too, so "\x0a" in a path is not a newline. */
	assert_string_equal(logged("/a\\x0a"), "GET /a\\x5cx0a 404\n");
}

static void
test_long(void **state)
{
	char big[4000];
	const char *out;

	(void)state;
	memset(big, '\n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	out = logged(big);
	/* One line, cut before a whole \x0a, ending in its newline. */
	assert_int_equal(strchr(out, '\n') - out, (long)strlen(out) - 1);
	assert_true(strlen(out) < 2048);
	assert_int_equal((strlen(out) - 1 - 4) % 4, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
