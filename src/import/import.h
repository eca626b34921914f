/*
 * import.h - CSV and XLSX files into a module's records: reading, headers,
 * row checks, three modes, a per-row report, and the downloadable template.
 *
 * A list page's "import" takes the CSV a user saved from Excel: UTF-8 with
 * or without a BOM, or GB18030/GBK (what Excel saves in China; DESIGN §4);
 * or the workbook itself, XLSX, whose first sheet is read (xlsx.h) into
 * the same records a CSV file gives, so what follows is the same for both.
 * A module does not parse it: it describes its columns and supplies two
 * callbacks, one that checks a row and one that writes it:
 *
 *	static const struct import_column org_cols[] = {
 *		{ "name", "名称", "Name", true, "九台智造科技有限公司" },
 *		{ "kind", "类型", "Kind", true, "enterprise" },
 *		{ "credit_code", "统一社会信用代码", "Credit code", false },
 *	};
 *	struct import_spec spec = { org_cols, 3, org_check, org_apply, &ctx };
 *
 *	rc = import_run(r->db, &spec, mode, import_format_of(
 *			file->content_type, file->value, file->len),
 *			file->value, file->len, &result, &pb);
 *
 * Rows reach the callbacks as JSON objects keyed by column key: a string
 * for every non-empty cell (trimmed of spaces, tabs and U+3000 at both
 * ends), null for an empty one, no member for a column the file lacks.
 *
 * The result, for the page or the API to show:
 *	{ "mode": "dry_run" | "all_or_nothing" | "valid_only",
 *	  "rows": N, "valid": N, "invalid": N, "applied": N,
 *	  "errors": [ { "line": L, "column": "name" | null,
 *			"message": "..." } ] }
 * `rows` counts the data records (blank lines and records of empty cells
 * are skipped); `line` is the file line a record starts on, the header
 * being line 1 (in an XLSX file, the sheet's row number); `column` is the
 * column key, or the header as written when the header is not one of
 * ours. Errors are in line order, at most
 * IMPORT_MAX_ERRORS of them (then "errors_truncated": true); messages are
 * English sentences without variable parts, so page_message() can
 * translate them.
 */
#ifndef JG_IMPORT_H
#define JG_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct buf;
struct db;

/* Limits an uploader controls. */
#define IMPORT_MAX_ROWS 100000
#define IMPORT_MAX_ERRORS 1000

enum import_mode {
	IMPORT_ALL_OR_NOTHING = 0,	/* the default: one transaction, and
					 * any bad row writes nothing */
	IMPORT_DRY_RUN,			/* check every row, write nothing */
	IMPORT_VALID_ONLY,		/* write the good rows, report the
					 * rest */
};

struct import_column {
	const char *key;	/* the member of a row; also accepted as
				 * a header */
	const char *header_zh;	/* the header in Chinese ("名称") */
	const char *header_en;	/* the header in English ("Name"); both
				 * headers and the key are accepted, ASCII
				 * case-insensitively */
	bool required;		/* the header must be there and every
				 * row's cell non-empty */
	const char *example;	/* a value for the template's example
				 * row, or NULL */
	/*
	 * A column of the list's export that the import does not take (the
	 * id, the creation time): its headers are accepted, so that an
	 * exported file imports back, and its cells are not read. Not in
	 * the template.
	 */
	bool ignored;
};

/* What a file is: decided by import_format_of(). */
enum import_format {
	IMPORT_CSV,
	IMPORT_XLSX,
};

struct import_spec {
	const struct import_column *cols;
	size_t ncols;
	/*
	 * Check one row (line `line` of the file) without writing. Returns
	 * 0, or a refusal of the row — ERR_INVALID, ERR_CONFLICT,
	 * ERR_NOTFOUND, ERR_FORBIDDEN — with `pb` naming the column key
	 * (or NULL) and a message; any other code (ERR_DB, ERR_NOMEM, ...)
	 * stops the import. May read the database. `row` is the import's;
	 * the callback may add members to it for apply() (parsed values).
	 */
	int (*check)(void *ctx, size_t line, json_t *row, struct problem *pb);
	/*
	 * Write one checked row. Runs inside the import's transaction: it
	 * must not begin, commit or roll back, and should write its audit
	 * entry as any change does. Returns 0, a refusal of the row as
	 * check() does (a conflict only the database saw), or an error that
	 * stops the import. NULL in a spec used only for dry runs.
	 */
	int (*apply)(void *ctx, size_t line, json_t *row, struct problem *pb);
	void *ctx;		/* handed to both callbacks */
};

/* "dry_run", "all_or_nothing" or "valid_only". */
const char *import_mode_name(enum import_mode mode);

/*
 * Parse a mode name into *out: NULL or "" is IMPORT_ALL_OR_NOTHING; "1"
 * and "true" are not modes. Returns 0 or ERR_INVALID.
 */
int import_mode_parse(const char *s, enum import_mode *out);

/*
 * The format of an uploaded file: IMPORT_XLSX when its content starts as
 * a ZIP package does ("PK\3\4") or `content_type` (may be NULL) is the
 * spreadsheetml type, application/vnd.openxmlformats-officedocument.
 * spreadsheetml.sheet; else IMPORT_CSV.
 */
enum import_format import_format_of(const char *content_type,
				    const char *data, size_t len);

/*
 * Append the text of the `len` bytes at `data` to `out` as UTF-8 without a
 * byte order mark: UTF-8 as it is (a BOM stripped), otherwise converted
 * from GB18030 (a superset of GBK and GB2312) with iconv. Returns 0, or
 * ERR_INVALID with the line (from 1) of the first byte that is neither in
 * *bad_line (UTF-16 files and bytes after a UTF-8 BOM that are not UTF-8
 * are refused too), ERR_IO when iconv has no GB18030 converter (logged),
 * or out's sticky error. NUL bytes pass through (the CSV reader refuses
 * them). `out` may hold part of the text after an error.
 */
int import_decode(struct buf *out, const char *data, size_t len,
		  size_t *bad_line);

/*
 * Import the file data[0 .. len) in `format` as `spec` describes, in
 * `mode`.
 *
 * 1. Read its records: a CSV file decoded (import_decode()) and read with
 *    the CSV reader; an XLSX file's first sheet read by xlsx_read() (a
 *    package it cannot read refuses the file, a limit it passes with
 *    ERR_TOOBIG).
 * 2. Match the header row to the columns: a header names a column by its
 *    key or either header, ASCII case-insensitively, and with or without
 *    a unit in brackets at its end ("金额（元）", "Amount (yuan)"). An
 *    unknown, duplicate or empty header, or a required column that is
 *    missing, refuses the file (each one reported).
 * 3. Read every record (a CSV syntax error refuses the file at its line);
 *    a cell beyond the headers that is not empty, or an empty cell of a
 *    required column, makes the row invalid; a cell starting with "'"
 *    followed by one of = + - @ (formula protection of an export) loses
 *    the "'".
 * 4. Check each remaining row with spec->check.
 * 5. Write: IMPORT_DRY_RUN writes nothing (db may be NULL);
 *    IMPORT_ALL_OR_NOTHING applies every row in one transaction on `db`
 *    when all are valid and rolls back if any apply() refuses;
 *    IMPORT_VALID_ONLY applies the valid rows in one transaction, each
 *    inside a savepoint so that a row apply() refuses leaves nothing
 *    behind while the others are kept.
 *
 * *result is always set to the report above (owned by the caller:
 * json_decref()). Returns 0 when the import went through (a dry run,
 * every valid row written, or valid_only with some refused); ERR_INVALID
 * when the file was refused or, in all-or-nothing mode, a row was
 * (nothing written); the code apply() gave when it refused a row in
 * all-or-nothing mode (ERR_CONFLICT, ...; nothing written); ERR_TOOBIG
 * past IMPORT_MAX_ROWS or an XLSX limit; ERR_IO from decoding; or the
 * error that stopped the import (a callback's, or the database's: rolled
 * back). On a refusal `pb` names the first error (its strings live in
 * *result).
 */
int import_run(struct db *db, const struct import_spec *spec,
	       enum import_mode mode, enum import_format format,
	       const char *data, size_t len, json_t **result,
	       struct problem *pb);

/*
 * Append a template for `cols` to `out`: a UTF-8 BOM, the header row in
 * `lang` ("en..." for English, anything else Chinese; a missing header
 * falls back to the key), and one example row when any column has an
 * example; ignored columns left out. CRLF line ends, RFC 4180 quoting. Returns 0 or out's sticky
 * error.
 */
int import_template_csv(struct buf *out, const struct import_column *cols,
			size_t n, const char *lang);

#endif
