/*
 * import.c - CSV and XLSX import for every module's lists (see import.h).
 *
 * The file goes through four steps, each of which can refuse it: reading
 * its records (a CSV file decoded to UTF-8, iconv for GB18030, and read
 * by src/base/csv.h; an XLSX file's first sheet read by xlsx.h), the
 * header row, then the rows one by one (the module's check()). Only then
 * does anything touch the database, in one transaction.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"
#include "base/macros.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "import/import.h"
#include "import/xlsx.h"

#define BOM "\xef\xbb\xbf"
#define IDEOGRAPHIC_SPACE "\xe3\x80\x80"	/* U+3000 */

static const char *const mode_names[] = {
	[IMPORT_ALL_OR_NOTHING] = "all_or_nothing",
	[IMPORT_DRY_RUN] = "dry_run",
	[IMPORT_VALID_ONLY] = "valid_only",
};

const char *
import_mode_name(enum import_mode mode)
{
	if ((unsigned)mode >= sizeof(mode_names) / sizeof(mode_names[0]))
		return "?";
	return mode_names[mode];
}

int
import_mode_parse(const char *s, enum import_mode *out)
{
	if (!s || !*s) {
		*out = IMPORT_ALL_OR_NOTHING;
		return 0;
	}
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]);
	     i++) {
		if (!strcmp(s, mode_names[i])) {
			*out = (enum import_mode)i;
			return 0;
		}
	}
	return ERR_INVALID;
}

#define XLSX_TYPE \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

enum import_format
import_format_of(const char *content_type, const char *data, size_t len)
{
	size_t n = strlen(XLSX_TYPE);

	if (xlsx_magic(data, len))
		return IMPORT_XLSX;
	if (content_type && !strncasecmp(content_type, XLSX_TYPE, n) &&
	    (!content_type[n] || content_type[n] == ';' ||
	     content_type[n] == ' '))
		return IMPORT_XLSX;
	return IMPORT_CSV;
}

/* ---- Decoding ------------------------------------------------------- */

/* The line (from 1) of byte `off` of `data`. */
static size_t
line_of(const char *data, size_t off)
{
	size_t line = 1;

	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n';
	return line;
}

/* Convert GB18030 to UTF-8 with iconv, appending to `out`. */
static int
from_gb18030(struct buf *out, const char *data, size_t len,
	     size_t *bad_line)
{
	char chunk[16384];
	char *in = DECONST(char *, data), *o;
	size_t inleft = len, oleft, n;
	iconv_t cd;
	int rc = 0;

	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		log_error("import: iconv has no GB18030 converter: %s",
			  strerror(errno));
		return ERR_IO;
	}
	while (inleft) {
		o = chunk;
		oleft = sizeof(chunk);
		n = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(out, chunk, sizeof(chunk) - oleft);
		if (n != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ: a bad sequence; EINVAL: cut off at the end. */
		*bad_line = line_of(data, (size_t)(in - data));
		rc = ERR_INVALID;
		break;
	}
	iconv_close(cd);
	if (!rc)
		rc = buf_error(out);
	return rc;
}

int
import_decode(struct buf *out, const char *data, size_t len,
	      size_t *bad_line)
{
	size_t ok;

	*bad_line = 0;
	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
			 (data[0] == '\xfe' && data[1] == '\xff'))) {
		*bad_line = 1;		/* UTF-16: not a CSV we read */
		return ERR_INVALID;
	}
	if (len >= 3 && !memcmp(data, BOM, 3)) {
		data += 3;
		len -= 3;
		ok = utf8_valid_len(data, len);
		if (ok < len) {
			*bad_line = line_of(data, ok);
			return ERR_INVALID;
		}
	} else if (!utf8_valid(data, len)) {
		return from_gb18030(out, data, len, bad_line);
	}
	buf_add(out, data, len);
	return buf_error(out);
}

/* ---- The report ----------------------------------------------------- */

struct report_error {
	size_t line, seq;	/* seq keeps equal lines in report order */
	json_t *obj;		/* {line, column, message} */
};

struct report {
	struct report_error *err;
	size_t n, cap;
};

static void
report_add(struct report *rep, size_t line, const char *column,
	   size_t column_len, const char *message)
{
	json_t *col = column ? json_stringn(column, column_len) : json_null();

	if (!col)		/* not UTF-8: cannot happen after decoding */
		col = json_null();
	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->err = xreallocarray(rep->err, rep->cap,
					 sizeof(*rep->err));
	}
	rep->err[rep->n] = (struct report_error){
		line, rep->n,
		json_pack("{s:I,s:o,s:s}", "line", (json_int_t)line,
			  "column", col, "message",
			  message && *message ? message : "invalid value"),
	};
	if (!rep->err[rep->n].obj)	/* a message that is not UTF-8 */
		rep->err[rep->n].obj = json_pack("{s:I,s:o,s:s}", "line",
			(json_int_t)line, "column", json_null(), "message",
			"invalid value");
	rep->n++;
}

static int
by_line(const void *a, const void *b)
{
	const struct report_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Move the errors into result["errors"], sorted and capped. */
static void
report_finish(struct report *rep, json_t *result)
{
	json_t *errors = json_object_get(result, "errors");

	if (rep->n)
		qsort(rep->err, rep->n, sizeof(*rep->err), by_line);
	for (size_t i = 0; i < rep->n; i++) {
		if (i < IMPORT_MAX_ERRORS)
			json_array_append_new(errors, rep->err[i].obj);
		else
			json_decref(rep->err[i].obj);
	}
	if (rep->n > IMPORT_MAX_ERRORS)
		json_object_set_new(result, "errors_truncated", json_true());
	free(rep->err);
	rep->err = NULL;
	rep->n = rep->cap = 0;
}

/* ---- Headers and cells ---------------------------------------------- */

/* Trim spaces, tabs and U+3000 from both ends of *p / *len. */
static void
trim(const char **p, size_t *len)
{
	for (;;) {
		if (*len && (**p == ' ' || **p == '\t')) {
			(*p)++;
			(*len)--;
		} else if (*len >= 3 && !memcmp(*p, IDEOGRAPHIC_SPACE, 3)) {
			*p += 3;
			*len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (*len && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
			(*len)--;
		else if (*len >= 3 &&
			 !memcmp(*p + *len - 3, IDEOGRAPHIC_SPACE, 3))
			*len -= 3;
		else
			break;
	}
}

/* s[0 .. len) equals t[0 .. tlen), ASCII case-insensitively. */
static bool
same_text(const char *s, size_t len, const char *t, size_t tlen)
{
	if (len != tlen)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)s[i];
		unsigned char b = (unsigned char)t[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/*
 * Shorten *len so that s[0 .. *len) loses a unit in brackets at its end,
 * "（元）" or " (m²)", as list and export headers show one.
 */
static void
strip_unit(const char *s, size_t *len)
{
	static const char *const opening[] = { "\xef\xbc\x88", "(" };
	static const char *const closing[] = { "\xef\xbc\x89", ")" };

	for (size_t k = 0; k < ARRAY_SIZE(opening); k++) {
		size_t o = strlen(opening[k]), c = strlen(closing[k]), i;

		if (*len < o + c + 1 || memcmp(s + *len - c, closing[k], c))
			continue;
		for (i = *len - c; i > o; i--) {
			if (memcmp(s + i - o, opening[k], o))
				continue;
			for (i -= o; i && s[i - 1] == ' '; i--)
				;
			if (i)
				*len = i;
			return;
		}
	}
}

/*
 * Whether header s[0 .. len) names `col` (its key or either header);
 * `bare`: with a unit in brackets taken off both sides.
 */
static bool
names_column(const struct import_column *col, const char *s, size_t len,
	     bool bare)
{
	const char *names[] = { col->key, col->header_zh, col->header_en };

	if (bare)
		strip_unit(s, &len);
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		size_t n;

		if (!names[k])
			continue;
		n = strlen(names[k]);
		if (bare)
			strip_unit(names[k], &n);
		if (same_text(s, len, names[k], n))
			return true;
	}
	return false;
}

/*
 * The column a header names, or -1: by its key or a header as written,
 * else by them without their units ("金额（元）" names the column whose
 * header is "金额", and the other way round).
 */
static long
find_column(const struct import_spec *spec, const char *s, size_t len)
{
	for (int bare = 0; bare < 2; bare++)
		for (size_t c = 0; c < spec->ncols; c++)
			if (names_column(&spec->cols[c], s, len, bare))
				return (long)c;
	return -1;
}

/* One record of the file, whichever its format. */
struct record_in {
	const struct csv_field *field;	/* nfield cells, left to right */
	size_t nfield;
	size_t line;			/* the line or the sheet's row */
};

/*
 * Map the header record to columns: map[i] is the column of field i, or
 * -1 for a trailing empty header (ignored). Reports every problem; returns
 * the number of them.
 */
static size_t
read_header(const struct import_spec *spec, const struct record_in *r,
	    long *map, struct report *rep)
{
	size_t before = rep->n, last = 0;
	bool *seen = xcalloc(spec->ncols ? spec->ncols : 1, sizeof(*seen));

	for (size_t i = 0; i < r->nfield; i++) {
		const char *p = r->field[i].p;
		size_t len = r->field[i].len;

		trim(&p, &len);
		if (len)
			last = i + 1;
	}
	for (size_t i = 0; i < r->nfield; i++) {
		const char *p = r->field[i].p;
		size_t len = r->field[i].len;
		long c;

		trim(&p, &len);
		map[i] = -1;
		if (!len) {
			if (i < last)
				report_add(rep, r->line, NULL, 0,
					   "a column has no header");
			continue;
		}
		c = find_column(spec, p, len);
		if (c < 0) {
			report_add(rep, r->line, p, len, "unknown column");
		} else if (seen[c]) {
			report_add(rep, r->line, p, len, "duplicate column");
		} else {
			seen[c] = true;
			map[i] = c;
		}
	}
	for (size_t c = 0; c < spec->ncols; c++) {
		const char *key = spec->cols[c].key;

		if (spec->cols[c].required && !seen[c])
			report_add(rep, r->line, key, strlen(key),
				   "required column missing");
	}
	free(seen);
	return rep->n - before;
}

/* A value written by an export's formula protection: "'=...". */
static bool
protected_value(const char *p, size_t len)
{
	return len >= 2 && p[0] == '\'' &&
	       (p[1] == '=' || p[1] == '+' || p[1] == '-' || p[1] == '@');
}

/* One data record waiting for its checks. */
struct pending {
	size_t line;
	json_t *row;
	bool ok;
};

/*
 * Make the row of record `r`; NULL when every cell is empty (skipped).
 * Reports cells beyond the headers; *ok is false when there was one.
 */
static json_t *
read_row(const struct import_spec *spec, const struct record_in *r,
	 const long *map, size_t nmap, struct report *rep, bool *ok)
{
	json_t *row = json_object();
	bool any = false, extra = false;

	*ok = true;
	for (size_t i = 0; i < r->nfield; i++) {
		const char *p = r->field[i].p;
		size_t len = r->field[i].len;
		const char *key;

		trim(&p, &len);
		if (len)
			any = true;
		if (i >= nmap || map[i] < 0) {
			extra |= len > 0;
			continue;
		}
		if (spec->cols[map[i]].ignored)
			continue;
		key = spec->cols[map[i]].key;
		if (!len) {
			json_object_set_new(row, key, json_null());
			continue;
		}
		if (protected_value(p, len)) {
			p++;
			len--;
		}
		json_object_set_new(row, key, json_stringn(p, len));
	}
	if (!any) {
		json_decref(row);
		return NULL;
	}
	if (extra) {
		report_add(rep, r->line, NULL, 0, "more cells than columns");
		*ok = false;
	}
	/* Every column the file has is a member, even past a short row. */
	for (size_t i = r->nfield; i < nmap; i++)
		if (map[i] >= 0 && !spec->cols[map[i]].ignored)
			json_object_set_new(row, spec->cols[map[i]].key,
					    json_null());
	for (size_t c = 0; c < spec->ncols; c++) {
		const char *key = spec->cols[c].key;
		json_t *v = json_object_get(row, key);

		if (spec->cols[c].required && json_is_null(v)) {
			report_add(rep, r->line, key, strlen(key),
				   "this column is required");
			*ok = false;
		}
	}
	return row;
}

/* Whether a callback's rc refuses one row rather than stopping all. */
static bool
row_refusal(int rc)
{
	return rc == ERR_INVALID || rc == ERR_CONFLICT ||
	       rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN;
}

/*
 * Report a row refused by a callback, with the key of the text people
 * read and its numbers when the problem has one (err.h).
 */
static void
report_refusal(struct report *rep, size_t line, const struct problem *pb,
	       int rc)
{
	json_t *obj;

	report_add(rep, line, pb->field, pb->field ? strlen(pb->field) : 0,
		   pb->message ? pb->message : err_str(rc));
	obj = rep->err[rep->n - 1].obj;
	if (!pb->key)
		return;
	json_object_set_new(obj, "key", json_string(pb->key));
	if (pb->min || pb->max) {
		json_object_set_new(obj, "min", json_integer(pb->min));
		json_object_set_new(obj, "max", json_integer(pb->max));
	}
}

/* ---- Applying -------------------------------------------------------- */

/*
 * Apply the rows still ok. `savepoints`: each row in its own savepoint,
 * refused rows rolled back alone; otherwise the first refusal returns.
 * Returns 0 or the code that stops; counts applied rows in *applied.
 */
static int
apply_rows(struct db *db, const struct import_spec *spec,
	   struct pending *rows, size_t nrows, bool savepoints,
	   struct report *rep, size_t *applied)
{
	int rc;

	*applied = 0;
	for (size_t i = 0; i < nrows; i++) {
		struct problem pb = { 0 };

		if (!rows[i].ok)
			continue;
		if (savepoints && (rc = db_exec(db, "SAVEPOINT import_row")))
			return rc;
		rc = spec->apply(spec->ctx, rows[i].line, rows[i].row, &pb);
		if (rc && !row_refusal(rc))
			return rc;
		if (rc) {
			report_refusal(rep, rows[i].line, &pb, rc);
			rows[i].ok = false;
			if (!savepoints)
				return rc;
			if ((rc = db_exec(db, "ROLLBACK TO SAVEPOINT "
					  "import_row")))
				return rc;
		} else {
			(*applied)++;
		}
		if (savepoints && (rc = db_exec(db, "RELEASE SAVEPOINT "
						"import_row")))
			return rc;
	}
	return 0;
}

/* ---- The whole import ----------------------------------------------- */

/* Refuse the file at `line`, before any row is checked. */
static int
refuse_file(struct report *rep, size_t line, const char *message, int rc)
{
	report_add(rep, line, NULL, 0, message);
	return rc;
}

/*
 * The records of a file: a CSV file's, read one at a time, or an XLSX
 * file's first sheet, read whole.
 */
struct source {
	enum import_format format;
	struct buf text;		/* the CSV file decoded */
	struct csv csv;
	struct xlsx_sheet sheet;
	size_t next;			/* the sheet's next row */
};

/*
 * Start reading data[0 .. len) in `format`: decode a CSV file, read an
 * XLSX file's sheet. Returns 0, or the error that refuses the file
 * (reported); release `src` in any case.
 */
static int
source_open(struct source *src, enum import_format format, const char *data,
	    size_t len, struct report *rep)
{
	const char *why;
	size_t line;
	int rc;

	*src = (struct source){ .format = format };
	buf_init(&src->text, NULL, 0);
	csv_init(&src->csv, "", 0, ',', CSV_SKIP_BLANK);	/* no CSV yet */
	if (format == IMPORT_XLSX) {
		rc = xlsx_read(&src->sheet, data, len, &why, &line);
		if (rc == ERR_INVALID || rc == ERR_TOOBIG)
			refuse_file(rep, line, why, rc);
		return rc;
	}
	rc = import_decode(&src->text, data, len, &line);
	if (rc == ERR_INVALID)
		refuse_file(rep, line, "the file is neither UTF-8 nor "
			    "GB18030 text", rc);
	if (!rc)
		csv_init(&src->csv, src->text.ptr, src->text.len, ',',
			 CSV_SKIP_BLANK);
	return rc;
}

/* The next record into *r; false at the end or at a CSV syntax error. */
static bool
source_next(struct source *src, struct record_in *r)
{
	const struct xlsx_row *row;

	if (src->format == IMPORT_CSV) {
		if (!csv_next(&src->csv))
			return false;
		*r = (struct record_in){ src->csv.field, src->csv.nfield,
					 src->csv.line };
		return true;
	}
	if (src->next == src->sheet.nrow)
		return false;
	row = &src->sheet.row[src->next++];
	*r = (struct record_in){ row->cell, row->ncell, row->line };
	return true;
}

/* Refuse the file for a CSV syntax error, if there was one (reported). */
static int
source_error(const struct source *src, struct report *rep)
{
	if (!csv_error(&src->csv))
		return 0;
	return refuse_file(rep, csv_errline(&src->csv),
			   csv_errmsg(&src->csv), ERR_INVALID);
}

static void
source_release(struct source *src)
{
	csv_release(&src->csv);
	xlsx_release(&src->sheet);
	buf_release(&src->text);
}

/*
 * Read the header and the records of the file into *rows (xmalloc'd, each
 * row the caller's). Returns 0, or the error that refuses the file (then
 * *rows is NULL and *nrows 0).
 */
static int
read_file(const struct import_spec *spec, enum import_format format,
	  const char *data, size_t len, struct pending **rows, size_t *nrows,
	  struct report *rep)
{
	struct source src;
	struct record_in r;
	long *map = NULL;
	size_t nmap = 0, cap = 0;
	int rc;

	*rows = NULL;
	*nrows = 0;
	rc = source_open(&src, format, data, len, rep);
	if (rc)
		goto out_release;
	if (!source_next(&src, &r)) {
		rc = source_error(&src, rep);
		if (!rc)
			rc = refuse_file(rep, 1, "the file is empty",
					 ERR_INVALID);
		goto out_release;
	}
	nmap = r.nfield;
	map = xcalloc(nmap ? nmap : 1, sizeof(*map));
	if (read_header(spec, &r, map, rep)) {
		rc = ERR_INVALID;
		goto out_release;
	}
	while (source_next(&src, &r)) {
		bool ok;
		json_t *row = read_row(spec, &r, map, nmap, rep, &ok);

		if (!row)
			continue;
		if (*nrows == IMPORT_MAX_ROWS) {
			json_decref(row);
			rc = refuse_file(rep, r.line, "too many rows",
					 ERR_TOOBIG);
			goto out_release;
		}
		if (*nrows == cap) {
			cap = cap ? cap * 2 : 64;
			*rows = xreallocarray(*rows, cap, sizeof(**rows));
		}
		(*rows)[(*nrows)++] = (struct pending){ r.line, row, ok };
	}
	rc = source_error(&src, rep);
out_release:
	if (rc) {
		/* A refused file has no rows: none was looked at. */
		for (size_t i = 0; i < *nrows; i++)
			json_decref((*rows)[i].row);
		free(*rows);
		*rows = NULL;
		*nrows = 0;
	}
	free(map);
	source_release(&src);
	return rc;
}

/* Check every row still ok with spec->check; 0 or a stopping error. */
static int
check_rows(const struct import_spec *spec, struct pending *rows,
	   size_t nrows, struct report *rep)
{
	int rc;

	for (size_t i = 0; i < nrows; i++) {
		struct problem pb = { 0 };

		if (!rows[i].ok || !spec->check)
			continue;
		rc = spec->check(spec->ctx, rows[i].line, rows[i].row, &pb);
		if (rc && !row_refusal(rc))
			return rc;
		if (rc) {
			report_refusal(rep, rows[i].line, &pb, rc);
			rows[i].ok = false;
		}
	}
	return 0;
}

/* Write the rows in `mode` inside one transaction. */
static int
write_rows(struct db *db, const struct import_spec *spec,
	   enum import_mode mode, struct pending *rows, size_t nrows,
	   struct report *rep, size_t *applied)
{
	int rc;

	*applied = 0;
	if (!db || !spec->apply)
		return ERR_INVALID;
	if ((rc = db_begin(db)))
		return rc;
	rc = db_end(db, apply_rows(db, spec, rows, nrows,
				   mode == IMPORT_VALID_ONLY, rep, applied));
	if (rc)
		*applied = 0;
	return rc;
}

int
import_run(struct db *db, const struct import_spec *spec,
	   enum import_mode mode, enum import_format format,
	   const char *data, size_t len, json_t **result, struct problem *pb)
{
	struct report rep = { 0 };
	struct pending *rows = NULL;
	size_t nrows = 0, nvalid = 0, applied = 0;
	json_t *first;
	int rc;

	*pb = (struct problem){ 0 };
	*result = json_pack("{s:s,s:I,s:I,s:I,s:I,s:[]}",
			    "mode", import_mode_name(mode), "rows",
			    (json_int_t)0, "valid", (json_int_t)0,
			    "invalid", (json_int_t)0, "applied",
			    (json_int_t)0, "errors");
	rc = read_file(spec, format, data, len, &rows, &nrows, &rep);
	if (rc)
		goto out;
	if ((rc = check_rows(spec, rows, nrows, &rep)))
		goto out;
	for (size_t i = 0; i < nrows; i++)
		nvalid += rows[i].ok;
	if (mode == IMPORT_DRY_RUN)
		goto out;
	if (mode == IMPORT_ALL_OR_NOTHING && nvalid < nrows) {
		rc = ERR_INVALID;
		goto out;
	}
	rc = write_rows(db, spec, mode, rows, nrows, &rep, &applied);
	nvalid = 0;
	for (size_t i = 0; i < nrows; i++)
		nvalid += rows[i].ok;
out:
	json_object_set_new(*result, "rows", json_integer((json_int_t)nrows));
	json_object_set_new(*result, "valid",
			    json_integer((json_int_t)nvalid));
	json_object_set_new(*result, "invalid",
			    json_integer((json_int_t)(nrows - nvalid)));
	json_object_set_new(*result, "applied",
			    json_integer((json_int_t)applied));
	report_finish(&rep, *result);
	first = json_array_get(json_object_get(*result, "errors"), 0);
	if (rc && first) {
		pb->field = json_string_value(json_object_get(first,
							      "column"));
		pb->message = json_string_value(json_object_get(first,
								"message"));
	}
	for (size_t i = 0; i < nrows; i++)
		json_decref(rows[i].row);
	free(rows);
	return rc;
}

/* ---- The template ---------------------------------------------------- */

int
import_template_csv(struct buf *out, const struct import_column *cols,
		    size_t n, const char *lang)
{
	bool en = lang && !strncmp(lang, "en", 2), examples = false;
	size_t written = 0;

	buf_addstr(out, BOM);
	for (size_t c = 0; c < n; c++) {
		const char *h = en ? cols[c].header_en : cols[c].header_zh;

		if (cols[c].ignored)
			continue;
		if (!h || !*h)
			h = cols[c].key;
		if (written++)
			buf_addch(out, ',');
		csv_add_field(out, h, strlen(h), ',');
		examples |= cols[c].example != NULL;
	}
	buf_addstr(out, "\r\n");
	written = 0;
	for (size_t c = 0; examples && c < n; c++) {
		const char *x = cols[c].example ? cols[c].example : "";

		if (cols[c].ignored)
			continue;
		if (written++)
			buf_addch(out, ',');
		csv_add_field(out, x, strlen(x), ',');
	}
	if (examples)
		buf_addstr(out, "\r\n");
	return buf_error(out);
}
