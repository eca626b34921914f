/*
 * test_import.c - CSV import (src/import/import.c): decoding (UTF-8 with
 * and without BOM, GB18030 made with iconv, bytes that are neither), the
 * header row in Chinese, English or by key (unknown, duplicate, missing
 * columns), cells, and the three modes against an in-memory SQLite
 * database with a fake check and apply that record their calls; and the
 * template.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <iconv.h>

#include "base/buf.h"
#include "base/macros.h"
#include "base/err.h"
#include "db/db.h"
#include "import/import.h"

#define BOM "\xef\xbb\xbf"
#define S(lit) (lit), (sizeof(lit) - 1)

static const struct import_column org_cols[] = {
	{ "name", "名称", "Name", true, "九台智造科技有限公司" },
	{ "kind", "类型", "Kind", true, "enterprise" },
	{ "credit_code", "统一社会信用代码", "Credit code", false, NULL },
};

/* What the fake callbacks saw, and the database they write to. */
struct fake {
	struct db *db;
	struct buf calls;	/* "check:2 apply:2 ..." */
};

/* Refuses the name "坏" and kinds other than enterprise/startup. */
static int
fake_check(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	struct fake *f = ctx;
	const char *name = json_string_value(json_object_get(row, "name"));
	const char *kind = json_string_value(json_object_get(row, "kind"));

	buf_addf(&f->calls, "check:%zu ", line);
	if (!name || !kind)
		return problem(pb, ERR_INVALID, NULL, "row without name");
	if (!strcmp(name, "坏"))
		return problem(pb, ERR_INVALID, "name", "name is not allowed");
	if (strcmp(kind, "enterprise") && strcmp(kind, "startup"))
		return problem(pb, ERR_INVALID, "kind", "unknown kind");
	return 0;
}

/* Inserts the row; a duplicate name is a conflict only the db sees. */
static int
fake_apply(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	struct fake *f = ctx;
	const char *name = json_string_value(json_object_get(row, "name"));
	const char *code = json_string_value(json_object_get(row,
							      "credit_code"));
	struct db_value v[] = { DB_TEXT(name), DB_TEXT(code) };
	int rc;

	buf_addf(&f->calls, "apply:%zu ", line);
	rc = db_exec_values(f->db, "INSERT INTO org (name, credit_code) "
			    "VALUES (?, ?)", v, 2);
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, "name", "name already exists");
	return rc;
}

static int
setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (!f || db_open(&f->db, ":memory:") ||
	    db_exec(f->db, "CREATE TABLE org (name TEXT NOT NULL UNIQUE, "
		    "credit_code TEXT)"))
		return -1;
	buf_init(&f->calls, NULL, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fake *f = *state;

	db_close(f->db);
	buf_release(&f->calls);
	free(f);
	return 0;
}

/* The names in table org, in insertion order, joined by '|'. */
static void
names(struct fake *f, struct buf *out)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, &st, "SELECT name FROM org "
				    "ORDER BY rowid"), 0);
	while (db_step(st) == DB_ROW) {
		if (out->len)
			buf_addch(out, '|');
		buf_addstr(out, db_column_text(st, 0));
	}
	db_finalize(st);
}

static void
expect_names(struct fake *f, const char *want)
{
	struct buf b;

	buf_init(&b, NULL, 0);
	names(f, &b);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

/*
 * Run an import of `csv` in `mode`; check rc, the counts and the errors
 * rendered as "LINE:COLUMN:MESSAGE;" (COLUMN "-" when null).
 */
static void
run(struct fake *f, enum import_mode mode, const char *csv, size_t len,
    int want_rc, int rows, int valid, int applied, const char *want_errors)
{
	struct import_spec spec = { org_cols, 3, fake_check, fake_apply, f };
	struct problem pb;
	json_t *result, *e;
	struct buf errs;
	size_t i;
	int rc;

	buf_reset(&f->calls);
	rc = import_run(f->db, &spec, mode, IMPORT_CSV, csv, len, &result,
			&pb);
	assert_non_null(result);
	buf_init(&errs, NULL, 0);
	json_array_foreach(json_object_get(result, "errors"), i, e) {
		const char *col = json_string_value(json_object_get(e,
								    "column"));

		buf_addf(&errs, "%lld:%s:%s;",
			 (long long)json_integer_value(json_object_get(e,
								       "line")),
			 col ? col : "-",
			 json_string_value(json_object_get(e, "message")));
	}
	assert_string_equal(errs.ptr, want_errors);
	assert_int_equal(rc, want_rc);
	assert_string_equal(json_string_value(json_object_get(result, "mode")),
			    import_mode_name(mode));
	assert_int_equal(json_integer_value(json_object_get(result, "rows")),
			 rows);
	assert_int_equal(json_integer_value(json_object_get(result, "valid")),
			 valid);
	assert_int_equal(json_integer_value(json_object_get(result,
							    "invalid")),
			 rows - valid);
	assert_int_equal(json_integer_value(json_object_get(result,
							    "applied")),
			 applied);
	/* A refusal names its first error. */
	if (rc && *want_errors) {
		json_t *first = json_array_get(json_object_get(result,
							       "errors"), 0);

		assert_non_null(pb.message);
		assert_string_equal(pb.message, json_string_value(
			json_object_get(first, "message")));
	}
	buf_release(&errs);
	json_decref(result);
}

/* ---- Decoding ------------------------------------------------------- */

/* `utf8` converted to GB18030 with iconv, in a heap buffer. */
static void
to_gb18030(const char *utf8, struct buf *out)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char chunk[4096], *in = DECONST(char *, utf8), *o = chunk;
	size_t inleft = strlen(utf8), oleft = sizeof(chunk);

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &oleft), (size_t)-1);
	assert_int_equal(inleft, 0);
	buf_add(out, chunk, sizeof(chunk) - oleft);
	iconv_close(cd);
}

static void
expect_decoded(const char *in, size_t len, const char *want)
{
	struct buf out;
	size_t line = 99;

	buf_init(&out, NULL, 0);
	assert_int_equal(import_decode(&out, in, len, &line), 0);
	assert_int_equal(line, 0);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.ptr, want, out.len);
	buf_release(&out);
}

static void
expect_refused(const char *in, size_t len, size_t want_line)
{
	struct buf out;
	size_t line = 0;

	buf_init(&out, NULL, 0);
	assert_int_equal(import_decode(&out, in, len, &line), ERR_INVALID);
	assert_int_equal(line, want_line);
	buf_release(&out);
}

static void
test_decode(void **state)
{
	const char *text = "名称,类型\r\n吉林匠谷,park\r\n九台·智造（长春）,"
			   "enterprise\r\n𠀋,x\r\n";
	struct buf gb;

	(void)state;
	expect_decoded(S(""), "");
	expect_decoded(S("a,b\r\n"), "a,b\r\n");
	expect_decoded(S(BOM "名称\r\n"), "名称\r\n");
	expect_decoded(S(BOM), "");

	/* GBK / GB18030 as Excel saves it in China. */
	buf_init(&gb, NULL, 0);
	to_gb18030(text, &gb);
	assert_false(gb.len == strlen(text) &&
		     !memcmp(gb.ptr, text, gb.len));
	expect_decoded(gb.ptr, gb.len, text);

	/* 0x81 0x20 is no GB18030 character: refused on its line. */
	expect_refused(S("a\nb\n\x81\x20\n"), 3);
	expect_refused(S("\x80"), 1);
	/* A lead byte cut off by the end of the file. */
	buf_addstr(&gb, "\n\x81");
	expect_refused(gb.ptr, gb.len, 6);
	/* A BOM promises UTF-8. */
	expect_refused(S(BOM "a\n\xd6\xd0\n"), 2);
	/* UTF-16 (Excel's "Unicode text") is not read. */
	expect_refused(S("\xff\xfe" "a\0,\0"), 1);
	buf_release(&gb);
}

static void
test_modes(void **state)
{
	enum import_mode m;

	(void)state;
	assert_int_equal(import_mode_parse(NULL, &m), 0);
	assert_int_equal(m, IMPORT_ALL_OR_NOTHING);
	assert_int_equal(import_mode_parse("", &m), 0);
	assert_int_equal(m, IMPORT_ALL_OR_NOTHING);
	assert_int_equal(import_mode_parse("dry_run", &m), 0);
	assert_int_equal(m, IMPORT_DRY_RUN);
	assert_int_equal(import_mode_parse("valid_only", &m), 0);
	assert_int_equal(m, IMPORT_VALID_ONLY);
	assert_int_equal(import_mode_parse("all_or_nothing", &m), 0);
	assert_int_equal(m, IMPORT_ALL_OR_NOTHING);
	assert_int_equal(import_mode_parse("1", &m), ERR_INVALID);
	assert_string_equal(import_mode_name(IMPORT_DRY_RUN), "dry_run");
}

/* ---- Headers --------------------------------------------------------- */

static void
test_headers(void **state)
{
	struct fake *f = *state;

	/* Chinese, English in any case, and keys; order does not matter. */
	run(f, IMPORT_ALL_OR_NOTHING, S("名称,类型\r\n甲,startup\r\n"), 0, 1,
	    1, 1, "");
	run(f, IMPORT_ALL_OR_NOTHING,
	    S("KIND , name,credit code\n enterprise ,乙,\n"), 0, 1, 1, 1, "");
	run(f, IMPORT_ALL_OR_NOTHING, S("credit_code,kind,NAME\n,startup,丙\n"),
	    0, 1, 1, 1, "");
	expect_names(f, "甲|乙|丙");
	/* A trailing empty header is ignored, with its empty cells. */
	run(f, IMPORT_DRY_RUN, S("名称,类型,,\r\n丁,startup,,\r\n"), 0, 1, 1,
	    0, "");

	/* Refused files name every problem; nothing is checked. */
	run(f, IMPORT_ALL_OR_NOTHING,
	    S("名称,类型,备注,Name\r\n戊,startup,x,戊\r\n"), ERR_INVALID, 0, 0,
	    0, "1:备注:unknown column;1:Name:duplicate column;");
	run(f, IMPORT_DRY_RUN, S("credit_code\r\n1\r\n"), ERR_INVALID, 0, 0,
	    0, "1:name:required column missing;"
	    "1:kind:required column missing;");
	run(f, IMPORT_DRY_RUN, S("名称,,类型\r\n戊,,startup\r\n"), ERR_INVALID,
	    0, 0, 0, "1:-:a column has no header;");
	run(f, IMPORT_DRY_RUN, S(""), ERR_INVALID, 0, 0, 0,
	    "1:-:the file is empty;");
	run(f, IMPORT_DRY_RUN, S("\r\n\r\n"), ERR_INVALID, 0, 0, 0,
	    "1:-:the file is empty;");
	assert_string_equal(f->calls.ptr, "");
	expect_names(f, "甲|乙|丙");
}

/* ---- Cells and file errors ------------------------------------------- */

static void
test_cells(void **state)
{
	struct fake *f = *state;

	/* Blank lines and rows of empty cells are not rows. */
	run(f, IMPORT_DRY_RUN,
	    S("名称,类型,统一社会信用代码\r\n\r\n,,\r\n甲,startup\r\n"
	      "\"  \",\t,\r\n"), 0, 1, 1, 0, "");
	assert_string_equal(f->calls.ptr, "check:4 ");
	/* Required cells, extra cells, quoted line breaks count lines. */
	run(f, IMPORT_DRY_RUN,
	    S("名称,类型\r\n,startup\r\n\"多\n行\",startup,x\r\n"
	      "乙,\r\n丙,startup\r\n"), 0, 4, 1, 0,
	    "2:name:this column is required;3:-:more cells than columns;"
	    "5:kind:this column is required;");
	assert_string_equal(f->calls.ptr, "check:6 ");
	/* A CSV syntax error refuses the file at its line. */
	run(f, IMPORT_DRY_RUN,
	    S("名称,类型\r\n甲,startup\r\n乙\"x,startup\r\n"), ERR_INVALID,
	    0, 0, 0, "3:-:quote in an unquoted field;");
	expect_names(f, "");
}

/* Trimmed cells, the export's formula protection undone, null cells. */
static int
capture_check(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	struct fake *f = ctx;
	char *s = json_dumps(row, JSON_SORT_KEYS | JSON_COMPACT);

	(void)line;
	(void)pb;
	buf_addstr(&f->calls, s);
	buf_addch(&f->calls, ';');
	free(s);
	return 0;
}

static void
test_row_values(void **state)
{
	struct fake *f = *state;
	struct import_spec spec = { org_cols, 3, capture_check, NULL, f };
	struct problem pb;
	json_t *result;

	buf_reset(&f->calls);
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_CSV,
				    S("名称,类型,统一社会信用代码\r\n"
				      "\u3000 匠谷 \t,'=1+1,\r\n"
				      "'+86,'x,\"a \"\"b\"\"\"\r\n"
				      "x,y\r\n"), &result, &pb), 0);
	assert_string_equal(f->calls.ptr,
		"{\"credit_code\":null,\"kind\":\"=1+1\",\"name\":\"匠谷\"};"
		"{\"credit_code\":\"a \\\"b\\\"\",\"kind\":\"'x\","
		"\"name\":\"+86\"};"
		"{\"credit_code\":null,\"kind\":\"y\",\"name\":\"x\"};");
	json_decref(result);
	/* Columns the file lacks are not members at all. */
	buf_reset(&f->calls);
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_CSV,
				    S("名称,类型\r\na,b\r\n"), &result, &pb),
			 0);
	assert_string_equal(f->calls.ptr, "{\"kind\":\"b\",\"name\":\"a\"};");
	json_decref(result);
	(void)state;
}

/*
 * Headers with the unit an export adds match the column, either way round;
 * an export's columns marked ignored are accepted and not read, and stay
 * out of the template.
 */
static void
test_units_and_ignored(void **state)
{
	static const struct import_column cols[] = {
		{ "id", "编号", "ID", false, NULL, true },
		{ "name", "名称", "Name", true, "甲" },
		{ "amount", "金额", "Amount", false, "1,234.50" },
		{ "area", "面积（平方米）", "Area (m²)", false, NULL },
		{ "created_at", "创建时间", "Created", false, NULL, true },
	};
	struct fake *f = *state;
	struct import_spec spec = { cols, 5, capture_check, NULL, f };
	struct problem pb;
	json_t *result;
	struct buf out;

	buf_reset(&f->calls);
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_CSV,
				    S("编号,名称,金额（元）,面积,Created\r\n"
				      "7,甲,\"1,234.50\",12.5,2019-11-18 11:20\r\n"),
				    &result, &pb), 0);
	assert_string_equal(f->calls.ptr, "{\"amount\":\"1,234.50\","
			    "\"area\":\"12.5\",\"name\":\"甲\"};");
	json_decref(result);
	buf_reset(&f->calls);
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_CSV,
				    S("name,Amount (yuan),AREA ( m² ),ID\r\n"
				      "乙,2,3,4\r\n"), &result, &pb), 0);
	assert_string_equal(f->calls.ptr, "{\"amount\":\"2\",\"area\":\"3\","
			    "\"name\":\"乙\"};");
	json_decref(result);
	/* A bracket that is no unit's does not hide an unknown header. */
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_CSV,
				    S("名称,颜色（元）\r\n甲,红\r\n"), &result,
				    &pb), ERR_INVALID);
	assert_string_equal(pb.field, "颜色（元）");
	json_decref(result);
	buf_init(&out, NULL, 0);
	assert_int_equal(import_template_csv(&out, cols, 5, "zh-CN"), 0);
	assert_string_equal(out.ptr, BOM "名称,金额,面积（平方米）\r\n"
			    "甲,\"1,234.50\",\r\n");
	buf_release(&out);
}

/* ---- Modes ------------------------------------------------------------ */

static const char one_bad[] =
	"名称,类型\r\n"
	"甲,startup\r\n"
	"坏,startup\r\n"
	"乙,enterprise\r\n"
	"丙,park\r\n";

static void
test_dry_run(void **state)
{
	struct fake *f = *state;

	run(f, IMPORT_DRY_RUN, S(one_bad), 0, 4, 2, 0,
	    "3:name:name is not allowed;5:kind:unknown kind;");
	assert_string_equal(f->calls.ptr, "check:2 check:3 check:4 check:5 ");
	expect_names(f, "");
}

static void
test_all_or_nothing(void **state)
{
	struct fake *f = *state;

	/* One bad row: nothing applied, nothing written. */
	run(f, IMPORT_ALL_OR_NOTHING, S(one_bad), ERR_INVALID, 4, 2, 0,
	    "3:name:name is not allowed;5:kind:unknown kind;");
	assert_string_equal(f->calls.ptr, "check:2 check:3 check:4 check:5 ");
	expect_names(f, "");

	/* All good: every row in one transaction. */
	run(f, IMPORT_ALL_OR_NOTHING,
	    S("名称,类型\r\n甲,startup\r\n乙,enterprise\r\n"), 0, 2, 2, 2, "");
	assert_string_equal(f->calls.ptr, "check:2 check:3 apply:2 apply:3 ");
	expect_names(f, "甲|乙");

	/* A conflict only the database sees rolls every row back. */
	run(f, IMPORT_ALL_OR_NOTHING,
	    S("名称,类型\r\n丙,startup\r\n甲,startup\r\n丁,startup\r\n"),
	    ERR_CONFLICT, 3, 2, 0, "3:name:name already exists;");
	assert_string_equal(f->calls.ptr,
			    "check:2 check:3 check:4 apply:2 apply:3 ");
	expect_names(f, "甲|乙");
}

static void
test_valid_only(void **state)
{
	struct fake *f = *state;

	run(f, IMPORT_VALID_ONLY, S(one_bad), 0, 4, 2, 2,
	    "3:name:name is not allowed;5:kind:unknown kind;");
	assert_string_equal(f->calls.ptr,
			    "check:2 check:3 check:4 check:5 apply:2 apply:4 ");
	expect_names(f, "甲|乙");

	/* A row the database refuses is rolled back alone. */
	run(f, IMPORT_VALID_ONLY,
	    S("名称,类型\r\n丙,startup\r\n甲,startup\r\n坏,startup\r\n"
	      "丁,startup\r\n"), 0, 4, 2, 2,
	    "3:name:name already exists;4:name:name is not allowed;");
	expect_names(f, "甲|乙|丙|丁");
}

/* A GBK file imports its Chinese names intact. */
static void
test_gb18030_import(void **state)
{
	struct fake *f = *state;
	struct buf gb;

	buf_init(&gb, NULL, 0);
	to_gb18030("名称,类型,统一社会信用代码\r\n长春九台区匠谷孵化器,"
		   "enterprise,\r\n吉林省·瑨琭科技,startup,\r\n", &gb);
	run(f, IMPORT_ALL_OR_NOTHING, gb.ptr, gb.len, 0, 2, 2, 2, "");
	expect_names(f, "长春九台区匠谷孵化器|吉林省·瑨琭科技");

	/* Invalid bytes: refused naming the line; nothing written. */
	buf_reset(&gb);
	to_gb18030("名称,类型\r\n甲,startup\r\n", &gb);
	buf_add(&gb, S("\xff\xff,startup\r\n"));
	run(f, IMPORT_VALID_ONLY, gb.ptr, gb.len, ERR_INVALID, 0, 0, 0,
	    "3:-:the file is neither UTF-8 nor GB18030 text;");
	expect_names(f, "长春九台区匠谷孵化器|吉林省·瑨琭科技");
	buf_release(&gb);
}

/* A check that fails for a reason other than the row stops everything. */
static int
broken_check(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	(void)ctx;
	(void)row;
	(void)pb;
	return line == 3 ? ERR_DB : 0;
}

static void
test_stopping_error(void **state)
{
	struct fake *f = *state;
	struct import_spec spec = { org_cols, 3, broken_check, fake_apply, f };
	struct problem pb;
	json_t *result;

	assert_int_equal(import_run(f->db, &spec, IMPORT_VALID_ONLY,
				    IMPORT_CSV, S(one_bad), &result, &pb),
			 ERR_DB);
	assert_int_equal(json_integer_value(json_object_get(result,
							    "applied")), 0);
	json_decref(result);
	expect_names(f, "");
	/* The connection is usable afterwards: no transaction left open. */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_rollback(f->db), 0);
}

/* ---- Template --------------------------------------------------------- */

static void
test_template(void **state)
{
	static const struct import_column plain[] = {
		{ "a", "甲, 乙", NULL, true, NULL },
		{ "b", NULL, "B \"x\"", false, NULL },
	};
	struct buf out;

	(void)state;
	buf_init(&out, NULL, 0);
	assert_int_equal(import_template_csv(&out, org_cols, 3, "zh-CN"), 0);
	assert_string_equal(out.ptr, BOM "名称,类型,统一社会信用代码\r\n"
			    "九台智造科技有限公司,enterprise,\r\n");
	buf_reset(&out);
	assert_int_equal(import_template_csv(&out, org_cols, 3, "en"), 0);
	assert_string_equal(out.ptr, BOM "Name,Kind,Credit code\r\n"
			    "九台智造科技有限公司,enterprise,\r\n");
	buf_reset(&out);
	assert_int_equal(import_template_csv(&out, plain, 2, NULL), 0);
	assert_string_equal(out.ptr, BOM "\"甲, 乙\",b\r\n");
	buf_reset(&out);
	assert_int_equal(import_template_csv(&out, plain, 2, "en"), 0);
	assert_string_equal(out.ptr, BOM "a,\"B \"\"x\"\"\"\r\n");
	buf_release(&out);
}

#define DB_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_modes),
		DB_TEST(test_headers),
		DB_TEST(test_cells),
		DB_TEST(test_row_values),
		DB_TEST(test_units_and_ignored),
		DB_TEST(test_dry_run),
		DB_TEST(test_all_or_nothing),
		DB_TEST(test_valid_only),
		DB_TEST(test_gb18030_import),
		DB_TEST(test_stopping_error),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
