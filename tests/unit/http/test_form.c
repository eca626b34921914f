/*
 * test_form.c - the form parser (src/http/form.c): urlencoded and
 * multipart bodies, and every way they can be malformed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "http/form.h"

static struct arena a;

static int
setup(void **state)
{
	(void)state;
	arena_init(&a, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&a);
	return 0;
}

static int
urlencoded(const char *body, struct form *f)
{
	const char *why;

	return form_parse_urlencoded(&a, body, strlen(body), f, &why);
}

static void
test_urlencoded_fields(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(urlencoded("name=%E5%8C%A0%E8%B0%B7&kind=startup&"
				    "q=a+b&empty=&flag", &f), 0);
	assert_int_equal(f.n, 5);
	assert_string_equal(form_get(&f, "name"), "匠谷");
	assert_string_equal(form_get(&f, "kind"), "startup");
	assert_string_equal(form_get(&f, "q"), "a b");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "flag"), "");
	assert_null(form_get(&f, "missing"));
}

static void
test_urlencoded_repeated_and_empty_pairs(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(urlencoded("roles=admin&&roles=trainee&", &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.fields[0].value, "admin");
	assert_string_equal(f.fields[1].value, "trainee");
	assert_string_equal(form_get(&f, "roles"), "admin");
	assert_int_equal(urlencoded("", &f), 0);
	assert_int_equal(f.n, 0);
}

static void
test_urlencoded_refuses_bad_input(void **state)
{
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%G0", "a=%E5%8C", "a=%00", "%ff=1",
	};
	struct form f;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(form_parse_urlencoded(&a, bad[i],
			strlen(bad[i]), &f, &why), ERR_INVALID);
		assert_non_null(why);
	}
}

static void
test_urlencoded_field_limit(void **state)
{
	char body[FORM_MAX_FIELDS * 4 + 8];
	size_t n = 0;
	struct form f;
	const char *why;

	(void)state;
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "a=%d&",
				      i % 10);
	assert_int_equal(form_parse_urlencoded(&a, body, n, &f, &why),
			 ERR_TOOBIG);
}

#define CT "multipart/form-data; boundary=XyZ"

static const char multipart_body[] =
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n"
	"\r\n"
	"九台\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"file\"; "
	"filename=\"计划书.pdf\"\r\n"
	"Content-Type: application/pdf\r\n"
	"\r\n"
	"%PDF-1.4\0\xff\r\n"
	"--XyZ--\r\n";

static void
test_multipart_fields_and_files(void **state)
{
	const struct form_field *file;
	struct form f;
	const char *why;

	(void)state;
	assert_int_equal(form_parse_multipart(&a, CT, multipart_body,
		sizeof(multipart_body) - 1, &f, &why), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "title"), "九台");
	file = form_field(&f, "file");
	assert_non_null(file);
	assert_string_equal(file->filename, "计划书.pdf");
	assert_string_equal(file->content_type, "application/pdf");
	assert_int_equal(file->len, 10);
	assert_memory_equal(file->value, "%PDF-1.4\0\xff", 10);
	assert_null(form_get(&f, "file"));	/* a file is not text */
}

static void
test_multipart_refuses_bad_input(void **state)
{
	static const char nameless[] =
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n";
	static const char unterminated[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
	static const char not_text[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		"\xff\xfe\r\n--XyZ--\r\n";
	struct form f;
	const char *why;

	(void)state;
	assert_int_equal(form_parse_multipart(&a, "multipart/form-data",
		multipart_body, sizeof(multipart_body) - 1, &f, &why),
		ERR_INVALID);
	assert_string_equal(why, "multipart body without a boundary");
	assert_int_equal(form_parse_multipart(&a, CT, nameless,
		sizeof(nameless) - 1, &f, &why), ERR_INVALID);
	assert_string_equal(why, "multipart part without a name");
	assert_int_equal(form_parse_multipart(&a, CT, unterminated,
		sizeof(unterminated) - 1, &f, &why), ERR_INVALID);
	assert_int_equal(form_parse_multipart(&a, CT, not_text,
		sizeof(not_text) - 1, &f, &why), ERR_INVALID);
	assert_string_equal(why, "form field is not UTF-8 text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_urlencoded_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_urlencoded_repeated_and_empty_pairs, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_urlencoded_refuses_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_field_limit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_multipart_fields_and_files, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_multipart_refuses_bad_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
