/*
 * test_csv.c - the RFC 4180 reader and the field writer: values, line
 * numbers, and every way the reader refuses input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/*
 * Read all of `in` and render it as "[a|b]@LINE" per record, so a test can
 * compare the whole parse with one string. Returns the reader's error.
 */
static int
render(const char *in, size_t len, unsigned flags, struct buf *out)
{
	struct csv r;
	int rc;

	csv_init(&r, in, len, ',', flags);
	while (csv_next(&r)) {
		buf_addch(out, '[');
		for (size_t i = 0; i < r.nfield; i++) {
			if (i)
				buf_addch(out, '|');
			buf_add(out, r.field[i].p, r.field[i].len);
		}
		buf_addf(out, "]@%zu", r.line);
	}
	rc = csv_error(&r);
	if (rc)
		buf_addf(out, " error@%zu: %s", csv_errline(&r),
			 csv_errmsg(&r));
	csv_release(&r);
	return rc;
}

static void
expect(const char *in, size_t len, unsigned flags, const char *want,
       int want_rc)
{
	struct buf out;
	int rc;

	buf_init(&out, NULL, 0);
	rc = render(in, len, flags, &out);
	assert_string_equal(out.ptr, want);
	assert_int_equal(rc, want_rc);
	buf_release(&out);
}

static void
test_simple_records(void **state)
{
	(void)state;
	expect(S("a,b,c\n1,2,3\n"), 0, "[a|b|c]@1[1|2|3]@2", 0);
	/* No final line end. */
	expect(S("a,b\n1,2"), 0, "[a|b]@1[1|2]@2", 0);
	/* CRLF. */
	expect(S("a,b\r\n1,2\r\n"), 0, "[a|b]@1[1|2]@2", 0);
	/* Empty fields, trailing delimiter. */
	expect(S(",x,\n,\n"), 0, "[|x|]@1[|]@2", 0);
	expect(S("a,"), 0, "[a|]@1", 0);
	/* Nothing at all. */
	expect("", 0, 0, "", 0);
	/* Spaces are data. */
	expect(S(" a , b \n"), 0, "[ a | b ]@1", 0);
}

static void
test_blank_lines(void **state)
{
	(void)state;
	expect(S("a\n\nb\n"), 0, "[a]@1[]@2[b]@3", 0);
	expect(S("a\n\nb\n"), CSV_SKIP_BLANK, "[a]@1[b]@3", 0);
	expect(S("\r\n\r\na\r\n\r\n"), CSV_SKIP_BLANK, "[a]@3", 0);
	expect(S("\n"), 0, "[]@1", 0);
	expect(S("\n"), CSV_SKIP_BLANK, "", 0);
}

static void
test_quoted_fields(void **state)
{
	(void)state;
	expect(S("\"a,b\",c\n"), 0, "[a,b|c]@1", 0);
	expect(S("\"say \"\"hi\"\"\",x\n"), 0, "[say \"hi\"|x]@1", 0);
	expect(S("\"\"\"\"\n"), 0, "[\"]@1", 0);
	expect(S("\"\",\"\"\n"), 0, "[|]@1", 0);
	/* Line ends inside quotes belong to the value; lines still count. */
	expect(S("\"two\nlines\",x\nnext\n"), 0,
	       "[two\nlines|x]@1[next]@3", 0);
	expect(S("\"cr\r\nlf\"\r\nb\r\n"), 0, "[cr\r\nlf]@1[b]@3", 0);
	/* Quoted last field without a line end. */
	expect(S("a,\"b\""), 0, "[a|b]@1", 0);
	/* Several escaped fields in one record stay distinct. */
	expect(S("\"a\"\"\",\"b\"\"\",\"c\"\"\"\n"), 0,
	       "[a\"|b\"|c\"]@1", 0);
}

static void
test_utf8_and_bom(void **state)
{
	(void)state;
	expect(S("\xef\xbb\xbfposition,capacity\n岗位一,3\n"), 0,
	       "[position|capacity]@1[岗位一|3]@2", 0);
	expect(S("\"张,三\",李四\n"), 0, "[张,三|李四]@1", 0);
	/* A BOM anywhere but the start is data. */
	expect(S("a\n\xef\xbb\xbf" "b\n"), 0, "[a]@1[\xef\xbb\xbf" "b]@2", 0);
}

static void
test_refusals(void **state)
{
	(void)state;
	expect(S("a\nb\xff\n"), 0,
	       "[a]@1 error@2: invalid UTF-8", ERR_INVALID);
	/* GBK bytes. */
	expect(S("candidate\n\xd5\xc5\xc8\xfd\n"), 0,
	       "[candidate]@1 error@2: invalid UTF-8", ERR_INVALID);
	expect(S("a\n\"x\n\xc0\x80\"\n"), 0,
	       "[a]@1 error@3: invalid UTF-8", ERR_INVALID);
	expect(S("a\nb\"c\n"), 0,
	       "[a]@1 error@2: quote in an unquoted field", ERR_INVALID);
	expect(S("\"a\"b\n"), 0,
	       " error@1: text after the closing quote of a field",
	       ERR_INVALID);
	expect(S("a\n\n\"open,\nstill\n"), 0,
	       "[a]@1[]@2 error@3: unterminated quoted field", ERR_INVALID);
	expect(S("a\rb\n"), 0,
	       " error@1: carriage return without line feed", ERR_INVALID);
	expect(S("a\r"), 0,
	       " error@1: carriage return without line feed", ERR_INVALID);
	expect("a\nb\0c\n", 6, 0, "[a]@1 error@2: NUL byte", ERR_INVALID);
	expect("\"b\0\"\n", 5, 0, " error@1: NUL byte", ERR_INVALID);
}

static void
test_error_is_sticky(void **state)
{
	struct csv r;

	(void)state;
	csv_init(&r, S("a\n\xff\nb\n"), ',', 0);
	assert_true(csv_next(&r));
	assert_false(csv_next(&r));
	assert_false(csv_next(&r));
	assert_int_equal(csv_error(&r), ERR_INVALID);
	assert_int_equal(csv_errline(&r), 2);
	csv_release(&r);

	csv_init(&r, S("a\n"), ',', 0);
	assert_true(csv_next(&r));
	assert_false(csv_next(&r));
	assert_int_equal(csv_error(&r), 0);
	assert_int_equal(csv_errline(&r), 0);
	assert_string_equal(csv_errmsg(&r), "");
	assert_int_equal(r.row, 1);
	csv_release(&r);
}

static void
test_other_delimiter(void **state)
{
	struct csv r;

	(void)state;
	csv_init(&r, S("a;b,c;\"d;e\"\n"), ';', 0);
	assert_true(csv_next(&r));
	assert_int_equal(r.nfield, 3);
	assert_memory_equal(r.field[1].p, "b,c", 3);
	assert_memory_equal(r.field[2].p, "d;e", 3);
	csv_release(&r);
}

static void
test_wide_record(void **state)
{
	struct buf in, want;
	struct csv r;

	(void)state;
	buf_init(&in, NULL, 0);
	buf_init(&want, NULL, 0);
	for (int i = 0; i < 1000; i++)
		buf_addf(&in, "%s\"f\"\"%d\"", i ? "," : "", i);
	buf_addch(&in, '\n');
	csv_init(&r, in.ptr, in.len, ',', 0);
	assert_true(csv_next(&r));
	assert_int_equal(r.nfield, 1000);
	for (int i = 0; i < 1000; i++) {
		buf_reset(&want);
		buf_addf(&want, "f\"%d", i);
		assert_int_equal(r.field[i].len, want.len);
		assert_memory_equal(r.field[i].p, want.ptr, want.len);
	}
	assert_false(csv_next(&r));
	csv_release(&r);
	buf_release(&want);
	buf_release(&in);
}

static void
test_writer_round_trip(void **state)
{
	static const char *values[] = {
		"plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\r\n",
		"\"", "张三", " lead", "\xef\xbb\xbf" "bom",
	};
	struct buf out;
	struct csv r;

	(void)state;
	buf_init(&out, NULL, 0);
	csv_add_field(&out, "plain", 5, ',');
	assert_string_equal(out.ptr, "plain");
	buf_reset(&out);
	csv_add_field(&out, "a\"b", 3, ',');
	assert_string_equal(out.ptr, "\"a\"\"b\"");
	assert_false(csv_needs_quotes("a;b", 3, ','));
	assert_true(csv_needs_quotes("\xef\xbb\xbfx", 4, ','));
	assert_false(csv_needs_quotes("x\xef\xbb\xbf", 4, ','));
	assert_true(csv_needs_quotes("a;b", 3, ';'));

	buf_reset(&out);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (i)
			buf_addch(&out, ',');
		csv_add_field(&out, values[i], strlen(values[i]), ',');
	}
	buf_addstr(&out, "\r\n");
	csv_init(&r, out.ptr, out.len, ',', 0);
	assert_true(csv_next(&r));
	assert_int_equal(r.nfield, sizeof(values) / sizeof(values[0]));
	for (size_t i = 0; i < r.nfield; i++) {
		assert_int_equal(r.field[i].len, strlen(values[i]));
		assert_memory_equal(r.field[i].p, values[i], r.field[i].len);
	}
	assert_false(csv_next(&r));
	assert_int_equal(csv_error(&r), 0);
	csv_release(&r);
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_records),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_utf8_and_bom),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_error_is_sticky),
		cmocka_unit_test(test_other_delimiter),
		cmocka_unit_test(test_wide_record),
		cmocka_unit_test(test_writer_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
