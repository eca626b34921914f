/*
 * fuzz_xlsx.c - libFuzzer target for the XLSX reader (src/import/xlsx.c)
 * and the import of its rows (src/import/import.c).
 *
 * Byte 0 picks what the rest is. Odd: the parts of a workbook — the
 * sheet, then after a NUL byte the shared strings, then after another the
 * styles — which the target packs with a fixed workbook and its
 * relationships into a ZIP package (libzip, stored), so that the fuzzer
 * spends its time on the sheet-to-rows mapping rather than on guessing
 * ZIP headers. Even: the package itself, for libzip's path. Besides ASan
 * and UBSan:
 *  - xlsx_read() returns 0, ERR_INVALID or ERR_TOOBIG; a refusal says why
 *    and names a row (>= 1) and leaves no rows;
 *  - rows are within the limits, numbered upwards from 1, each has a
 *    cell, its last cell is not empty, and every cell is well-formed
 *    UTF-8 within Excel's length;
 *  - the same package through import_run() (a dry run) gives a report
 *    whose counts add up and whose rows hold our keys only.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "import/import.h"
#include "import/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
	"2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
	"officeDocument/2006/relationships\"><sheets><sheet name=\"S\" "
	"sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	"2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
	"schemas.openxmlformats.org/officeDocument/2006/relationships/"
	"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static const struct import_column cols[] = {
	{ "name", "名称", "Name", true, NULL },
	{ "kind", "类型", "Kind", false, NULL },
	{ "id", "编号", "ID", false, NULL, true },
};

/* Add data[0 .. len) as part `name` of `za`, stored. */
static void
add_part(zip_t *za, const char *name, const void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(za, data, len, 0);
	zip_int64_t i;

	if (!src)
		abort();
	i = zip_file_add(za, name, src, 0);
	if (i < 0 || zip_set_file_compression(za, (zip_uint64_t)i,
					      ZIP_CM_STORE, 0))
		abort();
}

/* The parts in `in` (sheet NUL strings NUL styles) as a package. */
static void
pack(struct buf *out, const char *in, size_t len)
{
	static const char *const names[] = {
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
		"xl/styles.xml",
	};
	char chunk[65536];
	zip_source_t *src;
	zip_int64_t got;
	zip_error_t ze;
	zip_t *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src || !(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
		abort();
	zip_source_keep(src);
	add_part(za, "xl/workbook.xml", workbook, strlen(workbook));
	add_part(za, "xl/_rels/workbook.xml.rels", rels, strlen(rels));
	for (size_t k = 0; k < 3 && len; k++) {
		const char *nul = memchr(in, '\0', len);
		size_t n = nul ? (size_t)(nul - in) : len;

		add_part(za, names[k], in, n);
		in += n;
		len -= n;
		if (nul) {
			in++;
			len--;
		}
	}
	if (zip_close(za) || zip_source_open(src))
		abort();
	while ((got = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)got);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	if (buf_error(out))
		abort();
}

static void
check_sheet(const char *pkg, size_t len)
{
	struct xlsx_sheet s;
	const char *why = NULL;
	size_t line = 0;
	int rc = xlsx_read(&s, pkg, len, &why, &line);

	if (rc && ((rc != ERR_INVALID && rc != ERR_TOOBIG) || !why || !*why ||
		   line < 1 || s.nrow))
		abort();
	if (s.nrow > XLSX_MAX_ROWS)
		abort();
	for (size_t i = 0; i < s.nrow; i++) {
		const struct xlsx_row *r = &s.row[i];

		if (r->line < 1 || (i && r->line <= r[-1].line) ||
		    !r->ncell || r->ncell > XLSX_MAX_COLUMNS ||
		    !r->cell[r->ncell - 1].len)
			abort();
		for (size_t c = 0; c < r->ncell; c++)
			if (r->cell[c].len > 4 * XLSX_MAX_CELL_CHARS ||
			    !utf8_valid(r->cell[c].p, r->cell[c].len))
				abort();
	}
	xlsx_release(&s);
}

static int
check_row(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	const char *key;
	json_t *v;

	(void)ctx;
	(void)pb;
	if (line < 2)
		abort();	/* the header is the first row */
	json_object_foreach(row, key, v)
		if ((strcmp(key, "name") && strcmp(key, "kind")) ||
		    (!json_is_null(v) && !json_is_string(v)))
			abort();
	return 0;
}

static void
check_import(const char *pkg, size_t len)
{
	struct import_spec spec = { cols, 3, check_row, NULL, NULL };
	struct problem pb;
	json_t *result;
	json_int_t rows, valid, invalid;
	int rc;

	rc = import_run(NULL, &spec, IMPORT_DRY_RUN, IMPORT_XLSX, pkg, len,
			&result, &pb);
	if (!result || (rc && rc != ERR_INVALID && rc != ERR_TOOBIG))
		abort();
	rows = json_integer_value(json_object_get(result, "rows"));
	valid = json_integer_value(json_object_get(result, "valid"));
	invalid = json_integer_value(json_object_get(result, "invalid"));
	if (rows != valid + invalid || valid < 0 || invalid < 0 ||
	    (rc && !pb.message))
		abort();
	json_decref(result);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data + 1;
	struct buf pkg;

	if (size < 1)
		return 0;
	buf_init(&pkg, NULL, 0);
	if (data[0] & 1)
		pack(&pkg, in, size - 1);
	else
		buf_add(&pkg, in, size - 1);
	check_sheet(pkg.ptr, pkg.len);
	check_import(pkg.ptr, pkg.len);
	buf_release(&pkg);
	return 0;
}
