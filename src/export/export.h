/*
 * export.h - a list as a spreadsheet: CSV (UTF-8 with BOM) and XLSX.
 *
 * Every list page and list API offers "export" (DESIGN §3). A module does
 * not write CSV or XLSX itself: it describes the columns of its list once
 * and hands the same JSON items its API answers to export_send():
 *
 *	static const struct export_column org_cols[] = {
 *		{ "name", "party.org.name", EXPORT_TEXT },
 *		{ "kind", "party.org.kind", EXPORT_ENUM, "party.kinds." },
 *		{ "created_at", "common.created_at", EXPORT_TIME },
 *	};
 *
 *	return export_send(r, http_query(r, "format"), "orgs",
 *			   page_text(r, "party.orgs.title"), org_cols,
 *			   3, items);
 *
 * The writers (export_csv(), export_xlsx()) know nothing of HTTP: they
 * take a translator (struct export_text) for the header texts and labels,
 * so they can be tested and fuzzed alone. export_send() plugs in the
 * caller's language catalog (page_text()).
 *
 * Items are JSON objects as db_rows_to_json() makes them: a cell is the
 * item's member `key`; a missing or null member is an empty cell.
 */
#ifndef JG_EXPORT_H
#define JG_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;
struct request;

/* The most rows one export writes (a list's filters narrow it down). */
#define EXPORT_MAX_ROWS 100000

/* How a cell's JSON value is shown. */
enum export_kind {
	EXPORT_TEXT,	/* a string as is; numbers in decimal */
	EXPORT_INTEGER,	/* an integer, a number in XLSX */
	EXPORT_DATE,	/* "YYYY-MM-DD", a date in XLSX */
	EXPORT_TIME,	/* stored UTC "YYYY-MM-DDTHH:MM:SSZ", shown in
			 * Beijing time "YYYY-MM-DD HH:MM" */
	EXPORT_MONEY,	/* integer fen shown as yuan, "1234.50" */
	EXPORT_HOURS,	/* integer minutes shown as hours, "1.5", with a
			 * second decimal only where one is not exact
			 * ("0.83"), so that the text reads back the same */
	EXPORT_BOOL,	/* true/false or 1/0, shown as 是/否 (common.yes,
			 * common.no in the reader's language) */
	EXPORT_ENUM,	/* a code shown by its label: `label` or the
			 * catalog key `prefix` + code */
};

/*
 * Translates a catalog key ("party.kinds.startup") into the reader's
 * language. Returns a string that outlives the export, or NULL (or the key
 * itself, as page_text() does) when there is none.
 */
struct export_text {
	const char *(*text)(void *ctx, const char *key);
	void *ctx;
};

struct export_column {
	const char *key;		/* member of each item */
	const char *header_key;		/* catalog key of the header text */
	enum export_kind kind;
	/* EXPORT_ENUM: the catalog prefix of the labels ("party.kinds."). */
	const char *prefix;
	/*
	 * EXPORT_ENUM, instead of `prefix`: the label of `code` in the
	 * language of `t` (a string that outlives the export), or NULL to
	 * show the code itself.
	 */
	const char *(*label)(const struct export_text *t, const char *code);
};

/*
 * The text of catalog `key` through `t`: `key` itself when `t` is NULL or
 * has no translation. Never NULL.
 */
const char *export_tr(const struct export_text *t, const char *key);

/*
 * Append the text of one cell to `out`: `v` (may be NULL) shown as `col`
 * says. Values of the wrong JSON type are shown as their text (a string
 * in an integer column as is, a number in a text column in decimal), and
 * a stored time or date that does not parse as it came: nothing is lost.
 * NUL bytes are dropped. Errors are out's sticky errors.
 */
void export_cell_text(struct buf *out, const struct export_column *col,
		      json_t *v, const struct export_text *t);

/*
 * Whether a cell whose text is s[0 .. len) gets a leading "'" in CSV: it
 * starts with = + - @, a tab or a CR, which a spreadsheet would read as a
 * formula (OWASP "CSV injection"). Numbers we formatted ourselves (integer
 * and money cells holding JSON integers) are never protected.
 */
bool export_needs_protection(const char *s, size_t len);

/*
 * Append `items` (a JSON array of objects; NULL is an empty list) as CSV
 * to `out`: a UTF-8 BOM, a header row of the columns' header texts
 * through `t`, then one record per item; CRLF line ends, RFC 4180 quoting
 * (csv_add_field()), formula protection (export_needs_protection()).
 * Returns 0, ERR_INVALID when `items` is neither an array nor NULL or an
 * item is not an object, ERR_TOOBIG past EXPORT_MAX_ROWS items, or out's
 * sticky error. `out` may hold a partial file after an error.
 */
int export_csv(struct buf *out, const struct export_column *cols,
	       size_t ncols, json_t *items, const struct export_text *t);

/*
 * Append `items` as an XLSX workbook to `out`: one worksheet called
 * `sheet` (NULL, or a name Excel refuses, makes "Sheet1"), the header row
 * bold and frozen, column widths fitted to the longest text (CJK counted
 * double, capped), integers and money as numbers ("0.00" for money), dates
 * and times as spreadsheet dates, booleans and labels as text. Text cells
 * longer than Excel's 32,767 characters are cut at a character boundary.
 *
 * libxlsxwriter writes to a file: the workbook is assembled in a temporary
 * file under $TMPDIR (else /tmp) made with mkstemp(), read back and
 * unlinked on every path. Returns 0, ERR_INVALID / ERR_TOOBIG as
 * export_csv(), ERR_IO when the temporary file cannot be made, written or
 * read (the reason is logged), or out's sticky error.
 */
int export_xlsx(struct buf *out, const struct export_column *cols,
		size_t ncols, json_t *items, const struct export_text *t,
		const char *sheet);

/*
 * Append the value of the Content-Disposition header of a download to `b`
 * (export_send() below says what it holds); `ext` is "csv" or "xlsx", the
 * others may be NULL. Errors are b's sticky errors.
 */
void export_disposition(struct buf *b, const char *stem, const char *title,
			const char *ext);

/*
 * Answer `r` with `items` as a download: `format` "csv" (text/csv;
 * charset=utf-8) or "xlsx" (the spreadsheetml type), headers and labels in
 * the caller's language (page_text()), and
 *   Content-Disposition: attachment; filename="STEM.csv";
 *                        filename*=UTF-8''<TITLE percent-encoded>.csv
 * `stem` is an ASCII name for old clients ("orgs"; each run of bytes
 * other than letters, digits, '-', '_' and '.' becomes one '_', and a
 * stem without a letter or digit becomes "export"); `title` the name in
 * the caller's language ("组织机构"; NULL: `stem`), which modern browsers
 * use and which names the XLSX worksheet. `items` stays the caller's.
 *
 * Returns 0, ERR_INVALID (naming the field "format") for another format,
 * or an error of the writers; the response body is in r->out.
 */
int export_send(struct request *r, const char *format, const char *stem,
		const char *title, const struct export_column *cols,
		size_t ncols, json_t *items);

#endif
