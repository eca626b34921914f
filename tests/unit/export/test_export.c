/*
 * test_export.c - the list export writers (src/export/export.c): the exact
 * bytes of CSV files (BOM, CRLF, quoting of commas, quotes, line breaks and
 * Chinese, formula protection), how each kind of column shows its value
 * (money, times in Beijing time, booleans, labels), XLSX workbooks, and the
 * Content-Disposition of a download.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "export/export.h"

#define BOM "\xef\xbb\xbf"

/* A catalog for the tests: Chinese, or English when ctx is non-NULL. */
static const char *
fake_text(void *ctx, const char *key)
{
	static const char *const zh[][2] = {
		{ "org.name", "名称" },
		{ "org.kind", "类型" },
		{ "org.credit_code", "统一社会信用代码" },
		{ "org.created_at", "创建时间" },
		{ "org.fee", "费用（元）" },
		{ "org.active", "有效" },
		{ "org.staff", "人数" },
		{ "org.since", "成立日期" },
		{ "kinds.startup", "初创企业" },
		{ "kinds.university", "高校" },
		{ "common.yes", "是" },
		{ "common.no", "否" },
	};
	static const char *const en[][2] = {
		{ "org.name", "Name" },
		{ "kinds.startup", "Startup" },
		{ "common.yes", "Yes" },
		{ "common.no", "No" },
	};

	if (ctx) {
		for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++)
			if (!strcmp(en[i][0], key))
				return en[i][1];
		return key;		/* as page_text() does */
	}
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		if (!strcmp(zh[i][0], key))
			return zh[i][1];
	return key;
}

static const struct export_text zh_text = { fake_text, NULL };
static const struct export_text en_text = { fake_text, (void *)1 };

static const struct export_column org_cols[] = {
	{ "name", "org.name", EXPORT_TEXT },
	{ "kind", "org.kind", EXPORT_ENUM, "kinds." },
	{ "credit_code", "org.credit_code", EXPORT_TEXT },
	{ "created_at", "org.created_at", EXPORT_TIME },
};

/* Export `json` (an array of items) with `cols` and compare bytes. */
static void
expect_csv(const struct export_column *cols, size_t ncols, const char *json,
	   const struct export_text *t, const char *want)
{
	json_error_t e;
	json_t *items = json_loads(json, 0, &e);
	struct buf out;

	assert_non_null(items);
	buf_init(&out, NULL, 0);
	assert_int_equal(export_csv(&out, cols, ncols, items, t), 0);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.ptr, want, out.len);
	buf_release(&out);
	json_decref(items);
}

/* The text of one cell of column `col` holding `json`. */
static void
expect_cell(const struct export_column *col, const char *json,
	    const struct export_text *t, const char *want)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	struct buf out;

	assert_non_null(v);
	buf_init(&out, NULL, 0);
	export_cell_text(&out, col, v, t);
	assert_int_equal(buf_error(&out), 0);
	assert_string_equal(out.ptr, want);
	buf_release(&out);
	json_decref(v);
}

static void
test_csv_bytes(void **state)
{
	(void)state;
	expect_csv(org_cols, 4,
		   "[{\"name\":\"九台智造科技有限公司\",\"kind\":\"startup\","
		   "\"credit_code\":\"91220113MA0Y4LX00K\","
		   "\"created_at\":\"2019-11-18T03:20:50Z\"},"
		   "{\"name\":\"A, B and \\\"C\\\"\",\"kind\":\"university\","
		   "\"credit_code\":null},"
		   "{\"name\":\"第一行\\n第二行\",\"kind\":\"mystery\","
		   "\"created_at\":\"yesterday\"}]",
		   &zh_text,
		   BOM "名称,类型,统一社会信用代码,创建时间\r\n"
		   "九台智造科技有限公司,初创企业,91220113MA0Y4LX00K,"
		   "2019-11-18 11:20\r\n"
		   "\"A, B and \"\"C\"\"\",高校,,\r\n"
		   "\"第一行\n第二行\",mystery,,yesterday\r\n");
}

static void
test_csv_empty_and_english(void **state)
{
	(void)state;
	/* No items: the header row alone; untranslated headers by key. */
	expect_csv(org_cols, 2, "[]", &en_text, BOM "Name,org.kind\r\n");
	expect_csv(org_cols, 1, "[{\"name\":\"x\"}]", NULL,
		   BOM "org.name\r\nx\r\n");
	/* One column with an empty cell is a record, not a blank line. */
	expect_csv(org_cols, 1, "[{\"name\":\"\"},{}]", &zh_text,
		   BOM "名称\r\n\"\"\r\n\"\"\r\n");
}

static void
test_csv_formula_protection(void **state)
{
	static const struct export_column cols[] = {
		{ "v", "h", EXPORT_TEXT },
		{ "n", "h", EXPORT_INTEGER },
		{ "m", "h", EXPORT_MONEY },
	};

	(void)state;
	expect_csv(cols, 3,
		   "[{\"v\":\"=1+1\",\"n\":-3,\"m\":-5},"
		   "{\"v\":\"+8613800000000\",\"n\":\"-3\"},"
		   "{\"v\":\"-cmd\"},{\"v\":\"@SUM(A1)\"},"
		   "{\"v\":\"\\tx\"},{\"v\":\"\\rx\"},"
		   "{\"v\":\"=HYPERLINK(\\\"http://x\\\",\\\"a,b\\\")\"},"
		   "{\"v\":\"a=b\"}]",
		   NULL,
		   BOM "h,h,h\r\n"
		   "'=1+1,-3,-0.05\r\n"
		   "'+8613800000000,'-3,\r\n"
		   "'-cmd,,\r\n"
		   "'@SUM(A1),,\r\n"
		   "'\tx,,\r\n"
		   "\"'\rx\",,\r\n"
		   "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\",,\r\n"
		   "a=b,,\r\n");
	assert_true(export_needs_protection("=", 1));
	assert_true(export_needs_protection("@x", 2));
	assert_false(export_needs_protection("", 0));
	assert_false(export_needs_protection("x=", 2));
	assert_false(export_needs_protection("'=", 2));
}

static void
test_money(void **state)
{
	static const struct export_column m = { "m", "h", EXPORT_MONEY };

	(void)state;
	expect_cell(&m, "0", NULL, "0.00");
	expect_cell(&m, "5", NULL, "0.05");
	expect_cell(&m, "-5", NULL, "-0.05");
	expect_cell(&m, "100", NULL, "1.00");
	expect_cell(&m, "123456", NULL, "1234.56");
	expect_cell(&m, "-123450", NULL, "-1234.50");
	expect_cell(&m, "300000000000", NULL, "3000000000.00");
	expect_cell(&m, "9223372036854775807", NULL,
		    "92233720368547758.07");
	expect_cell(&m, "-9223372036854775808", NULL,
		    "-92233720368547758.08");
	/* Not an integer: shown as it came, nothing invented. */
	expect_cell(&m, "\"12.5\"", NULL, "12.5");
	expect_cell(&m, "null", NULL, "");
}

/* Minutes as hours: one decimal where exact, two where not, as imported. */
static void
test_hours(void **state)
{
	static const struct export_column h = { "h", "h", EXPORT_HOURS };

	(void)state;
	expect_cell(&h, "0", NULL, "0.0");
	expect_cell(&h, "90", NULL, "1.5");
	expect_cell(&h, "45", NULL, "0.75");
	expect_cell(&h, "50", NULL, "0.83");
	expect_cell(&h, "-30", NULL, "-0.5");
	expect_cell(&h, "6000000", NULL, "100000.0");
	expect_cell(&h, "\"2\"", NULL, "2");
	expect_cell(&h, "null", NULL, "");
}

static void
test_kinds(void **state)
{
	static const struct export_column b = { "b", "h", EXPORT_BOOL };
	static const struct export_column tm = { "t", "h", EXPORT_TIME };
	static const struct export_column d = { "d", "h", EXPORT_DATE };
	static const struct export_column i = { "i", "h", EXPORT_INTEGER };
	static const struct export_column tx = { "x", "h", EXPORT_TEXT };
	static const struct export_column e = { "e", "h", EXPORT_ENUM,
						"kinds." };

	(void)state;
	expect_cell(&b, "true", &zh_text, "是");
	expect_cell(&b, "false", &zh_text, "否");
	expect_cell(&b, "1", &zh_text, "是");
	expect_cell(&b, "0", &zh_text, "否");
	expect_cell(&b, "true", &en_text, "Yes");
	expect_cell(&b, "\"maybe\"", &zh_text, "maybe");
	/* UTC 16:30 is half past midnight the next day in Beijing. */
	expect_cell(&tm, "\"2019-12-31T16:30:00Z\"", NULL, "2020-01-01 00:30");
	expect_cell(&tm, "\"2019-11-18\"", NULL, "2019-11-18");
	expect_cell(&d, "\"2019-11-18\"", NULL, "2019-11-18");
	expect_cell(&i, "-42", NULL, "-42");
	expect_cell(&i, "9007199254740993", NULL, "9007199254740993");
	expect_cell(&tx, "12", NULL, "12");
	expect_cell(&tx, "1.5", NULL, "1.5");
	expect_cell(&tx, "\"匠谷\"", NULL, "匠谷");
	expect_cell(&tx, "\"a\\u0000b\"", NULL, "ab");	/* NUL dropped */
	expect_cell(&e, "\"startup\"", &zh_text, "初创企业");
	expect_cell(&e, "\"startup\"", &en_text, "Startup");
	expect_cell(&e, "\"university\"", &en_text, "university");
	expect_cell(&e, "\"startup\"", NULL, "startup");
	expect_cell(&e, "7", &zh_text, "7");
}

static const char *
status_label(const struct export_text *t, const char *code)
{
	if (!strcmp(code, "open"))
		return t && t->ctx ? "Open" : "开放";
	return NULL;
}

static void
test_enum_callback(void **state)
{
	static const struct export_column s = { "s", "h", EXPORT_ENUM, NULL,
						status_label };

	(void)state;
	expect_cell(&s, "\"open\"", &zh_text, "开放");
	expect_cell(&s, "\"open\"", &en_text, "Open");
	expect_cell(&s, "\"closed\"", &zh_text, "closed");
}

static void
test_csv_refuses(void **state)
{
	json_t *obj = json_object(), *bad = json_pack("[i]", 1);
	struct buf out;

	(void)state;
	buf_init(&out, NULL, 0);
	assert_int_equal(export_csv(&out, org_cols, 4, obj, NULL),
			 ERR_INVALID);
	assert_int_equal(export_csv(&out, org_cols, 4, bad, NULL),
			 ERR_INVALID);
	buf_reset(&out);
	assert_int_equal(export_csv(&out, org_cols, 1, NULL, &zh_text), 0);
	assert_string_equal(out.ptr, BOM "名称\r\n");
	/* The buffer's cap is the caller's limit. */
	buf_release(&out);
	buf_init(&out, NULL, 8);
	assert_int_equal(export_csv(&out, org_cols, 4, NULL, &zh_text),
			 ERR_TOOBIG);
	buf_release(&out);
	json_decref(obj);
	json_decref(bad);
}

/* Whether `needle` occurs in hay[0 .. len). */
static bool
contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

/* Files left in `dir` (besides . and ..). */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void
test_xlsx(void **state)
{
	static const struct export_column cols[] = {
		{ "name", "org.name", EXPORT_TEXT },
		{ "kind", "org.kind", EXPORT_ENUM, "kinds." },
		{ "created_at", "org.created_at", EXPORT_TIME },
		{ "since", "org.since", EXPORT_DATE },
		{ "fee", "org.fee", EXPORT_MONEY },
		{ "active", "org.active", EXPORT_BOOL },
		{ "staff", "org.staff", EXPORT_INTEGER },
	};
	const char *base = getenv("TMPDIR");
	char dir[4096], *old;
	json_t *items;
	struct buf out;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/jg-export-XXXXXX",
		 base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	old = base ? strdup(base) : NULL;
	setenv("TMPDIR", dir, 1);

	items = json_loads("[{\"name\":\"九台智造\",\"kind\":\"startup\","
			   "\"created_at\":\"2019-11-18T03:20:50Z\","
			   "\"since\":\"2018-05-04\",\"fee\":123456,"
			   "\"active\":true,\"staff\":42},"
			   "{\"name\":\"=cmd\\u0001\",\"since\":\"2018-02-30\","
			   "\"fee\":\"n/a\",\"staff\":null}]", 0, NULL);
	assert_non_null(items);
	buf_init(&out, NULL, 0);
	assert_int_equal(export_xlsx(&out, cols, 7, items, &zh_text,
				     "组织机构"), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.ptr, "PK\x03\x04", 4);
	/* The zip's directory names the worksheet (names are stored). */
	assert_true(contains(out.ptr, out.len, "xl/worksheets/sheet1.xml"));
	assert_true(contains(out.ptr, out.len, "xl/workbook.xml"));
	/* Nothing is left behind in TMPDIR. */
	assert_int_equal(count_files(dir), 0);

	/* A sheet name Excel refuses falls back to Sheet1. */
	buf_reset(&out);
	assert_int_equal(export_xlsx(&out, cols, 7, NULL, NULL, "a/b[c]"), 0);
	assert_memory_equal(out.ptr, "PK\x03\x04", 4);
	assert_int_equal(count_files(dir), 0);

	/* Refused input, and a TMPDIR that cannot hold the file. */
	assert_int_equal(export_xlsx(&out, cols, 7, json_object_get(
				     json_array_get(items, 0), "name"), NULL,
				     NULL), ERR_INVALID);
	setenv("TMPDIR", "/nonexistent/jianggu", 1);
	buf_reset(&out);
	assert_int_equal(export_xlsx(&out, cols, 7, items, NULL, NULL),
			 ERR_IO);
	assert_int_equal(out.len, 0);

	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
	rmdir(dir);
	buf_release(&out);
	json_decref(items);
}

static void
test_disposition(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	export_disposition(&b, "orgs", "组织机构", "csv");
	assert_string_equal(b.ptr, "attachment; filename=\"orgs.csv\"; "
			    "filename*=UTF-8''%E7%BB%84%E7%BB%87%E6%9C%BA%E6"
			    "%9E%84.csv");
	buf_reset(&b);
	export_disposition(&b, "a b\"c", NULL, "xlsx");
	assert_string_equal(b.ptr, "attachment; filename=\"a_b_c.xlsx\"; "
			    "filename*=UTF-8''a%20b%22c.xlsx");
	buf_reset(&b);
	export_disposition(&b, "orgs 组织-2019", "组织", "csv");
	assert_string_equal(b.ptr, "attachment; filename=\"orgs_-2019.csv\"; "
			    "filename*=UTF-8''%E7%BB%84%E7%BB%87.csv");
	buf_reset(&b);
	export_disposition(&b, "名单", NULL, "csv");
	assert_string_equal(b.ptr, "attachment; filename=\"export.csv\"; "
			    "filename*=UTF-8''%E5%90%8D%E5%8D%95.csv");
	buf_reset(&b);
	export_disposition(&b, NULL, NULL, "csv");
	assert_string_equal(b.ptr, "attachment; filename=\"export.csv\"; "
			    "filename*=UTF-8''export.csv");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_csv_empty_and_english),
		cmocka_unit_test(test_csv_formula_protection),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_enum_callback),
		cmocka_unit_test(test_csv_refuses),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_disposition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
