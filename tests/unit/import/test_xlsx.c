/*
 * test_xlsx.c - the XLSX reader (src/import/xlsx.c) on workbooks made in
 * the test: one written by the project's own export (libxlsxwriter:
 * shared strings, numbers, money, dates, times), and packages put
 * together part by part with libzip (inline strings, rich text with
 * phonetic runs, gaps, booleans, custom date formats, the 1904 system);
 * what it refuses (not a package, no sheet, broken XML, a DTD, a zip
 * bomb, limits); and an XLSX file through import_run().
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

#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "export/export.h"
#include "import/import.h"
#include "import/xlsx.h"

#define WORKBOOK \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/" \
	"spreadsheetml/2006/main\" xmlns:r=\"http://schemas." \
	"openxmlformats.org/officeDocument/2006/relationships\">" \
	"%s<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/>" \
	"</sheets></workbook>"
#define RELS \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/" \
	"package/2006/relationships\">" \
	"<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats." \
	"org/officeDocument/2006/relationships/worksheet\" " \
	"Target=\"worksheets/first.xml\"/>" \
	"<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats." \
	"org/officeDocument/2006/relationships/sharedStrings\" " \
	"Target=\"/xl/strings.xml\"/>" \
	"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats." \
	"org/officeDocument/2006/relationships/styles\" " \
	"Target=\"styles.xml\"/></Relationships>"
#define SHEET_OPEN \
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/" \
	"spreadsheetml/2006/main\"><sheetData>"
#define SHEET_CLOSE "</sheetData></worksheet>"

/* One part of a package being put together. */
struct part {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
};

/* A ZIP package of `parts` in memory, into `out` (deflated). */
static void
make_package(struct buf *out, const struct part *parts, size_t n)
{
	zip_source_t *src, *one;
	zip_error_t ze;
	zip_t *za;
	char chunk[65536];
	zip_int64_t got;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		one = zip_source_buffer(za, parts[i].text, parts[i].len ?
					parts[i].len : strlen(parts[i].text),
					0);
		assert_non_null(one);
		assert_true(zip_file_add(za, parts[i].name, one, 0) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_open(src), 0);
	while ((got = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)got);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	assert_int_equal(buf_error(out), 0);
}

/* A package with the workbook, its relationships and these parts. */
static void
make_workbook(struct buf *out, const char *workbook_pr, const char *sheet,
	      const char *strings, const char *styles)
{
	char workbook[1024];
	struct part parts[5] = {
		{ "xl/workbook.xml", workbook },
		{ "xl/_rels/workbook.xml.rels", RELS },
		{ "xl/worksheets/first.xml", sheet },
	};
	size_t n = 3;

	snprintf(workbook, sizeof(workbook), WORKBOOK, workbook_pr);
	if (strings)
		parts[n++] = (struct part){ "xl/strings.xml", strings };
	if (styles)
		parts[n++] = (struct part){ "xl/styles.xml", styles };
	make_package(out, parts, n);
}

/* The rows of `s` as text: "line:a|b|c\n" for each. */
static void
rows_text(struct buf *out, const struct xlsx_sheet *s)
{
	for (size_t i = 0; i < s->nrow; i++) {
		buf_addf(out, "%zu:", s->row[i].line);
		for (size_t c = 0; c < s->row[i].ncell; c++) {
			if (c)
				buf_addch(out, '|');
			buf_add(out, s->row[i].cell[c].p, s->row[i].cell[c].len);
		}
		buf_addch(out, '\n');
	}
}

/* Read `pkg` and expect its rows to read `want`. */
static void
expect_rows(const struct buf *pkg, const char *want)
{
	struct xlsx_sheet s;
	struct buf got;
	const char *why;
	size_t line;

	buf_init(&got, NULL, 0);
	assert_int_equal(xlsx_read(&s, pkg->ptr, pkg->len, &why, &line), 0);
	rows_text(&got, &s);
	assert_string_equal(got.ptr, want);
	xlsx_release(&s);
	buf_release(&got);
}

/* Read `pkg` and expect it refused with `rc`, `why` and `at`. */
static void
expect_refused(const struct buf *pkg, int rc, const char *want_why,
	       size_t at)
{
	struct xlsx_sheet s;
	const char *why;
	size_t line;

	assert_int_equal(xlsx_read(&s, pkg->ptr, pkg->len, &why, &line), rc);
	assert_string_equal(why, want_why);
	assert_int_equal(line, at);
	assert_int_equal(s.nrow, 0);
	xlsx_release(&s);
}

static const char *
zh(void *ctx, const char *key)
{
	(void)ctx;
	if (!strcmp(key, "h.name"))
		return "名称";
	if (!strcmp(key, "h.amount"))
		return "金额（元）";
	if (!strcmp(key, "k.startup"))
		return "在孵企业";
	return key;
}

/* A workbook written by export_xlsx() reads back as it shows. */
static void
test_export_reads_back(void **state)
{
	static const struct export_column cols[] = {
		{ "name", "h.name", EXPORT_TEXT },
		{ "n", "n", EXPORT_INTEGER },
		{ "amount", "h.amount", EXPORT_MONEY },
		{ "on", "on", EXPORT_DATE },
		{ "at", "at", EXPORT_TIME },
		{ "kind", "kind", EXPORT_ENUM, "k." },
	};
	const struct export_text t = { zh, NULL };
	json_t *items = json_pack(
		"[{s:s,s:i,s:i,s:s,s:s,s:s},{s:s,s:i},{s:s,s:I}]",
		"name", "吉林龙航科技服务有限公司", "n", 42, "amount", 2050,
		"on", "2019-11-18", "at", "2019-11-18T03:20:00Z", "kind",
		"startup",
		"name", "吉林龙航科技服务有限公司", "n", -7,
		"name", "甲", "amount", (json_int_t)123456789);
	struct buf pkg;

	(void)state;
	buf_init(&pkg, NULL, 0);
	assert_int_equal(export_xlsx(&pkg, cols, 6, items, &t, "列表"), 0);
	assert_true(xlsx_magic(pkg.ptr, pkg.len));
	/* The name twice is one shared string; the empty cells are gaps. */
	expect_rows(&pkg,
		"1:名称|n|金额（元）|on|at|kind\n"
		"2:吉林龙航科技服务有限公司|42|20.5|2019-11-18|"
		"2019-11-18 11:20|在孵企业\n"
		"3:吉林龙航科技服务有限公司|-7\n"
		"4:甲||1234567.89\n");
	buf_release(&pkg);
	json_decref(items);
}

/* Inline and shared strings, rich text, gaps, types and date styles. */
static void
test_cells(void **state)
{
	static const char strings[] =
		"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
		"2006/main\"><si><t>名称</t></si>"
		"<si><r><rPr><b/></rPr><t>九台</t></r><r><t xml:space="
		"\"preserve\"> 智造</t></r><rPh sb=\"0\" eb=\"2\"><t>jiutai"
		"</t></rPh></si><si><t/></si></sst>";
	static const char styles[] =
		"<styleSheet xmlns=\"http://schemas.openxmlformats.org/"
		"spreadsheetml/2006/main\"><numFmts count=\"2\">"
		"<numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd\"/>"
		"<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot; 0.00"
		"\"/></numFmts><cellXfs count=\"5\"><xf numFmtId=\"0\"/>"
		"<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
		"<xf numFmtId=\"22\"/><xf numFmtId=\"165\"/></cellXfs>"
		"</styleSheet>";
	static const char sheet[] = SHEET_OPEN
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		"<c r=\"C1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
		"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c>"
		"<c r=\"B3\" s=\"1\"><v>43787</v></c>"
		"<c r=\"C3\" s=\"2\"><v>43787.5</v></c>"
		"<c r=\"D3\" s=\"3\"><v>43787.472222222219</v></c>"
		"<c r=\"E3\" s=\"4\"><v>2.5</v></c>"
		"<c r=\"F3\" t=\"b\"><v>1</v></c>"
		"<c r=\"G3\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"H3\" t=\"str\"><f>A3</f><v>算</v></c>"
		"<c r=\"I3\"><v>20.550000000000001</v></c></row>"
		"<row r=\"4\"><c r=\"A4\" t=\"s\"><v>2</v></c>"
		"<c r=\"B4\" s=\"1\"/></row>"
		"<row><c><v>1</v></c><c t=\"inlineStr\"><is><r><t>a</t></r>"
		"<r><t>b</t></r></is></c><c r=\"aa5\"><v>3</v></c></row>"
		SHEET_CLOSE;
	struct buf pkg;

	(void)state;
	buf_init(&pkg, NULL, 0);
	make_workbook(&pkg, "", sheet, strings, styles);
	expect_rows(&pkg,
		"1:名称||备注\n"
		"3:九台 智造|2019-11-18|2019-11-18|2019-11-18 11:20|2.5|TRUE|"
		"#N/A|算|20.55\n"
		"5:1|ab|||||||||||||||||||||||||3\n");
	buf_release(&pkg);
	/* The 1904 system, and a workbook without strings or styles. */
	buf_init(&pkg, NULL, 0);
	make_workbook(&pkg, "<workbookPr date1904=\"1\"/>", SHEET_OPEN
		      "<row r=\"2\"><c r=\"B2\" s=\"1\"><v>42325</v></c></row>"
		      SHEET_CLOSE, NULL,
		      "<styleSheet><cellXfs><xf numFmtId=\"0\"/>"
		      "<xf numFmtId=\"14\"/></cellXfs></styleSheet>");
	expect_rows(&pkg, "2:|2019-11-18\n");
	buf_release(&pkg);
}

/* What is not a workbook we read is refused, naming why and where. */
static void
test_refused(void **state)
{
	struct buf pkg, big;

	(void)state;
	buf_init(&pkg, NULL, 0);
	buf_addstr(&pkg, "名称,类型\r\n甲,乙\r\n");
	expect_refused(&pkg, ERR_INVALID, "the file is not an XLSX workbook",
		       1);
	buf_reset(&pkg);
	make_package(&pkg, &(struct part){ "word/document.xml", "<w/>" }, 1);
	expect_refused(&pkg, ERR_INVALID, "the file is not an XLSX workbook",
		       1);
	buf_reset(&pkg);
	make_package(&pkg, &(struct part){ "xl/workbook.xml",
		     "<workbook><sheets/></workbook>" }, 1);
	expect_refused(&pkg, ERR_INVALID, "the workbook has no worksheet", 1);
	buf_reset(&pkg);
	make_workbook(&pkg, "", SHEET_OPEN "<row r=\"1\"><c>" SHEET_CLOSE,
		      NULL, NULL);
	expect_refused(&pkg, ERR_INVALID, "a part of the workbook is not "
		       "well-formed XML", 1);
	buf_reset(&pkg);
	make_workbook(&pkg, "", "<!DOCTYPE w [<!ENTITY a \"aaaa\">]>"
		      SHEET_OPEN "<row><c t=\"inlineStr\"><is><t>&a;</t></is>"
		      "</c></row>" SHEET_CLOSE, NULL, NULL);
	expect_refused(&pkg, ERR_INVALID, "a part of the workbook is not "
		       "well-formed XML", 1);
	buf_reset(&pkg);
	make_workbook(&pkg, "", SHEET_OPEN "<row r=\"1\"><c t=\"s\"><v>0</v>"
		      "</c></row><row r=\"9\"><c t=\"s\"><v>5</v></c></row>"
		      SHEET_CLOSE, "<sst><si><t>a</t></si></sst>", NULL);
	expect_refused(&pkg, ERR_INVALID, "a cell refers to a shared string "
		       "that does not exist", 9);
	buf_reset(&pkg);
	make_workbook(&pkg, "", SHEET_OPEN "<row r=\"4\"><c r=\"4A\"><v>1</v>"
		      "</c></row>" SHEET_CLOSE, NULL, NULL);
	expect_refused(&pkg, ERR_INVALID, "a cell reference is not valid", 4);
	buf_reset(&pkg);
	make_workbook(&pkg, "", SHEET_OPEN "<row r=\"2\"><c><v>1</v></c></row>"
		      "<row r=\"2\"><c><v>2</v></c></row>" SHEET_CLOSE, NULL,
		      NULL);
	expect_refused(&pkg, ERR_INVALID, "the rows of the sheet are out of "
		       "order", 2);
	buf_reset(&pkg);
	make_workbook(&pkg, "", SHEET_OPEN "<row r=\"2\"><c r=\"IW2\"><v>1</v>"
		      "</c></row>" SHEET_CLOSE, NULL, NULL);
	expect_refused(&pkg, ERR_TOOBIG, "too many columns", 2);

	/* A text one character past Excel's limit. */
	buf_init(&big, NULL, 0);
	buf_addstr(&big, SHEET_OPEN "<row r=\"3\"><c t=\"inlineStr\"><is><t>");
	for (size_t i = 0; i <= XLSX_MAX_CELL_CHARS; i++)
		buf_addstr(&big, "字");
	buf_addstr(&big, "</t></is></c></row>" SHEET_CLOSE);
	buf_reset(&pkg);
	make_workbook(&pkg, "", big.ptr, NULL, NULL);
	expect_refused(&pkg, ERR_TOOBIG, "a cell is longer than 32,767 "
		       "characters", 3);

	/* A zip bomb: a sheet that unpacks past the limit, read no further. */
	buf_release(&big);
	buf_init(&big, NULL, 2 * XLSX_MAX_UNPACKED);
	buf_addstr(&big, SHEET_OPEN);
	buf_grow(&big, XLSX_MAX_UNPACKED + 1);
	assert_int_equal(buf_error(&big), 0);
	memset(big.ptr + big.len, ' ', XLSX_MAX_UNPACKED);
	big.len += XLSX_MAX_UNPACKED;
	buf_addstr(&big, SHEET_CLOSE);
	assert_int_equal(buf_error(&big), 0);
	buf_reset(&pkg);
	make_workbook(&pkg, "", big.ptr, NULL, NULL);
	assert_true(pkg.len < XLSX_MAX_UNPACKED / 100);
	expect_refused(&pkg, ERR_TOOBIG, "the workbook is too large once "
		       "unpacked", 1);
	buf_release(&big);
	buf_release(&pkg);
}

static int
record_row(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	char *text = json_dumps(row, JSON_SORT_KEYS | JSON_COMPACT);

	(void)pb;
	buf_addf(ctx, "%zu:%s;", line, text);
	free(text);
	return 0;
}

/*
 * An XLSX file through import_run(): the same rows a CSV file gives,
 * lines as the sheet's rows, an export's extra columns ignored and
 * headers with units matched.
 */
static void
test_import_run(void **state)
{
	static const struct import_column cols[] = {
		{ "name", "名称", "Name", true, NULL },
		{ "amount", "金额", "Amount", false, NULL },
		{ "id", "编号", "ID", false, NULL, true },
	};
	struct buf seen, pkg;
	struct import_spec spec = { cols, 3, record_row, NULL, &seen };
	struct problem pb;
	json_t *result;

	(void)state;
	buf_init(&seen, NULL, 0);
	buf_init(&pkg, NULL, 0);
	make_workbook(&pkg, "", SHEET_OPEN
		"<row r=\"1\"><c t=\"inlineStr\"><is><t>编号</t></is></c>"
		"<c t=\"inlineStr\"><is><t>名称</t></is></c>"
		"<c t=\"inlineStr\"><is><t>金额（元）</t></is></c></row>"
		"<row r=\"2\"><c><v>7</v></c><c t=\"inlineStr\"><is><t> 甲 "
		"</t></is></c><c><v>20.5</v></c></row>"
		"<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>乙</t></is>"
		"</c></row>" SHEET_CLOSE, NULL, NULL);
	assert_int_equal(import_format_of(NULL, pkg.ptr, pkg.len),
			 IMPORT_XLSX);
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_XLSX,
				    pkg.ptr, pkg.len, &result, &pb), 0);
	assert_string_equal(seen.ptr, "2:{\"amount\":\"20.5\",\"name\":\"甲\"};"
			    "5:{\"amount\":null,\"name\":\"乙\"};");
	assert_int_equal(json_integer_value(json_object_get(result, "rows")),
			 2);
	json_decref(result);
	/* Bytes that are no package, sent as XLSX: refused on line 1. */
	assert_int_equal(import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_XLSX,
				    "名称\n甲\n", 11, &result, &pb),
			 ERR_INVALID);
	assert_string_equal(pb.message, "the file is not an XLSX workbook");
	json_decref(result);
	assert_int_equal(import_format_of("application/vnd.openxmlformats-"
		"officedocument.spreadsheetml.sheet; charset=binary", "a", 1),
		IMPORT_XLSX);
	assert_int_equal(import_format_of("text/csv", "a", 1), IMPORT_CSV);
	assert_int_equal(import_format_of(NULL, "PK", 2), IMPORT_CSV);
	buf_release(&pkg);
	buf_release(&seen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_reads_back),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_import_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
