/*
 * export.c - lists as CSV and XLSX downloads (see export.h).
 *
 * One function, cell(), decides how a value reads; the CSV writer adds
 * quoting and formula protection around its text, the XLSX writer uses it
 * for text cells and column widths and writes numbers and dates natively.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/log.h"
#include "base/money.h"
#include "base/time.h"
#include "base/utf8.h"
#include "export/export.h"
#include "http/http.h"
#include "page/page.h"

#define BOM "\xef\xbb\xbf"

/* Excel's limit on the characters of one cell. */
#define XLSX_CELL_MAX 32767

/* Column widths in characters (a CJK character counts two). */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

const char *
export_tr(const struct export_text *t, const char *key)
{
	const char *s = t && t->text && key ? t->text(t->ctx, key) : NULL;

	return s ? s : key ? key : "";
}

/* Append s[0 .. len) without its NUL bytes. */
static void
add_text(struct buf *out, const char *s, size_t len)
{
	const char *nul;

	while (len && (nul = memchr(s, '\0', len))) {
		buf_add(out, s, (size_t)(nul - s));
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	buf_add(out, s, len);
}

/* Fen as yuan with two decimals and no separators: -5 -> "-0.05". */
static void
add_money(struct buf *out, json_int_t fen)
{
	char s[MONEY_TEXT_MAX];

	money_format_plain(fen, s, sizeof(s));
	buf_addstr(out, s);
}

/* Minutes as hours: one decimal where it is exact, else two (0.83). */
static void
add_hours(struct buf *out, json_int_t minutes)
{
	char s[32];

	if (!time_format_hours(minutes, minutes % 6 ? 2 : 1, s, sizeof(s)))
		buf_addstr(out, s);
}

/* Any value as plain text: strings as they are, numbers in decimal. */
static void
add_plain(struct buf *out, json_t *v)
{
	if (json_is_string(v))
		add_text(out, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		buf_addf(out, "%.15g", json_real_value(v));
	else if (json_is_true(v))
		buf_addstr(out, "true");
	else if (json_is_false(v))
		buf_addstr(out, "false");
}

/* The label of an enumerated code, or NULL to show the code. */
static const char *
enum_label(const struct export_column *col, const char *code,
	   const struct export_text *t)
{
	const char *s = NULL;
	struct buf key;

	if (col->label)
		return col->label(t, code);
	if (!col->prefix || !t || !t->text)
		return NULL;
	buf_init(&key, NULL, 4096);
	buf_addstr(&key, col->prefix);
	buf_addstr(&key, code);
	if (!buf_error(&key)) {
		s = t->text(t->ctx, key.ptr);
		if (s && !strcmp(s, key.ptr))
			s = NULL;	/* page_text() gives the key back */
	}
	buf_release(&key);
	return s;
}

/*
 * Append the text of `v` in column `col`. Returns true when the text is a
 * number we formatted ourselves (never a formula, needs no protection).
 */
static bool
cell(struct buf *out, const struct export_column *col, json_t *v,
     const struct export_text *t)
{
	const char *s;
	char local[32];

	if (!v || json_is_null(v))
		return false;
	switch (col->kind) {
	case EXPORT_INTEGER:
		if (!json_is_integer(v))
			break;
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return true;
	case EXPORT_MONEY:
		if (!json_is_integer(v))
			break;
		add_money(out, json_integer_value(v));
		return true;
	case EXPORT_HOURS:
		if (!json_is_integer(v))
			break;
		add_hours(out, json_integer_value(v));
		return true;
	case EXPORT_BOOL:
		if (json_is_boolean(v) || json_is_integer(v)) {
			bool yes = json_is_true(v) ||
				   (json_is_integer(v) &&
				    json_integer_value(v) != 0);

			buf_addstr(out, export_tr(t, yes ? "common.yes" :
						  "common.no"));
			return false;
		}
		break;
	case EXPORT_TIME:
		if (json_is_string(v) &&
		    !time_format_local(json_string_value(v), local,
				       sizeof(local))) {
			buf_addstr(out, local);
			return false;
		}
		break;
	case EXPORT_ENUM:
		if (json_is_string(v) &&
		    strlen(json_string_value(v)) == json_string_length(v) &&
		    (s = enum_label(col, json_string_value(v), t))) {
			buf_addstr(out, s);
			return false;
		}
		break;
	case EXPORT_TEXT:
	case EXPORT_DATE:
		break;
	}
	add_plain(out, v);
	return false;
}

void
export_cell_text(struct buf *out, const struct export_column *col,
		 json_t *v, const struct export_text *t)
{
	cell(out, col, v, t);
}

bool
export_needs_protection(const char *s, size_t len)
{
	return len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
			   s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

/* Check the shape of `items`; ERR_INVALID or ERR_TOOBIG. */
static int
check_items(json_t *items)
{
	json_t *item;
	size_t i;

	if (!items)
		return 0;
	if (!json_is_array(items))
		return ERR_INVALID;
	if (json_array_size(items) > EXPORT_MAX_ROWS)
		return ERR_TOOBIG;
	json_array_foreach(items, i, item)
		if (!json_is_object(item))
			return ERR_INVALID;
	return 0;
}

/*
 * One CSV field: `text` is scratch holding "'" followed by the cell's
 * text; the "'" stays only when the text needs protection.
 */
static void
csv_cell(struct buf *out, const struct buf *text, bool exempt, size_t ncols)
{
	const char *s = text->ptr + 1;
	size_t len = text->len - 1;

	if (!exempt && export_needs_protection(s, len)) {
		s--;
		len++;
	}
	if (len == 0 && ncols == 1)
		buf_addstr(out, "\"\"");	/* a record, not a blank line */
	else
		csv_add_field(out, s, len, ',');
}

int
export_csv(struct buf *out, const struct export_column *cols, size_t ncols,
	   json_t *items, const struct export_text *t)
{
	struct buf text;
	json_t *item;
	size_t i;
	int rc;

	if ((rc = check_items(items)))
		return rc;
	buf_init(&text, NULL, 0);
	buf_addstr(out, BOM);
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			buf_addch(out, ',');
		buf_reset(&text);
		buf_addch(&text, '\'');
		buf_addstr(&text, export_tr(t, cols[c].header_key));
		csv_cell(out, &text, false, ncols);
	}
	buf_addstr(out, "\r\n");
	json_array_foreach(items, i, item) {
		for (size_t c = 0; c < ncols; c++) {
			bool exempt;

			if (c)
				buf_addch(out, ',');
			buf_reset(&text);
			buf_addch(&text, '\'');
			exempt = cell(&text, &cols[c],
				      json_object_get(item, cols[c].key), t);
			if ((rc = buf_error(&text)))
				goto out_release;
			csv_cell(out, &text, exempt, ncols);
		}
		buf_addstr(out, "\r\n");
	}
	rc = buf_error(&text) ? buf_error(&text) : buf_error(out);
out_release:
	buf_release(&text);
	return rc;
}

/* ---- XLSX ---------------------------------------------------------- */

/* The formats of one workbook. */
struct xlsx_formats {
	lxw_format *header, *money, *hours, *date, *time;
};

/* How wide `s` shows: one per character, two for CJK and wider. */
static size_t
text_width(const char *s, size_t len)
{
	size_t w = 0, n;

	while (len) {
		n = utf8_seq_len(s, len);
		if (!n)
			n = 1;
		w += n >= 3 ? 2 : 1;
		s += n;
		len -= n;
	}
	return w;
}

/* The length of the first `max` characters of s[0 .. len). */
static size_t
utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t off = 0, n;

	while (off < len && max--) {
		n = utf8_seq_len(s + off, len - off);
		off += n ? n : 1;
	}
	return off;
}

/* A date date_valid() accepts, or false. */
static bool
parse_date(const char *s, lxw_datetime *dt)
{
	int y, m, d;

	if (!date_valid(s) || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	*dt = (lxw_datetime){ .year = y, .month = m, .day = d };
	return true;
}

/* A stored UTC time as a Beijing date and time, or false. */
static bool
parse_time(const char *s, lxw_datetime *dt)
{
	char local[32];
	int y, mo, d, h, mi;

	if (time_format_local(s, local, sizeof(local)) ||
	    sscanf(local, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
	    y < 1900 || y > 9999)
		return false;
	*dt = (lxw_datetime){ .year = y, .month = mo, .day = d, .hour = h,
			      .min = mi };
	return true;
}

/* Write one cell at (row, c). Returns libxlsxwriter's error. */
static lxw_error
xlsx_cell(lxw_worksheet *ws, const struct xlsx_formats *f, lxw_row_t row,
	  lxw_col_t c, const struct export_column *col, json_t *v,
	  const struct export_text *t, struct buf *text)
{
	lxw_datetime dt;
	json_int_t n;

	if (json_is_integer(v)) {
		n = json_integer_value(v);
		/* Doubles hold integers exactly up to 2^53. */
		if (col->kind == EXPORT_INTEGER && n > -(1LL << 53) &&
		    n < (1LL << 53))
			return worksheet_write_number(ws, row, c, (double)n,
						      NULL);
		if (col->kind == EXPORT_MONEY && n > -(1LL << 53) &&
		    n < (1LL << 53))
			return worksheet_write_number(ws, row, c,
						      (double)n / 100.0,
						      f->money);
		if (col->kind == EXPORT_HOURS && n > -(1LL << 53) &&
		    n < (1LL << 53))
			return worksheet_write_number(ws, row, c,
						      (double)n / 60.0,
						      f->hours);
	}
	if (json_is_string(v) && col->kind == EXPORT_DATE &&
	    parse_date(json_string_value(v), &dt))
		return worksheet_write_datetime(ws, row, c, &dt, f->date);
	if (json_is_string(v) && col->kind == EXPORT_TIME &&
	    parse_time(json_string_value(v), &dt))
		return worksheet_write_datetime(ws, row, c, &dt, f->time);
	buf_reset(text);
	cell(text, col, v, t);
	if (buf_error(text))
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	if (!text->len)
		return LXW_NO_ERROR;
	buf_truncate(text, utf8_prefix(text->ptr, text->len, XLSX_CELL_MAX));
	return worksheet_write_string(ws, row, c, text->ptr, NULL);
}

/* Fit column widths to the header and every cell's text. */
static void
xlsx_widths(lxw_worksheet *ws, const struct export_column *cols,
	    size_t ncols, json_t *items, const struct export_text *t,
	    struct buf *text)
{
	json_t *item;
	size_t i, w;

	for (size_t c = 0; c < ncols; c++) {
		const char *h = export_tr(t, cols[c].header_key);

		w = text_width(h, strlen(h));
		json_array_foreach(items, i, item) {
			size_t cw;

			buf_reset(text);
			cell(text, &cols[c], json_object_get(item, cols[c].key),
			     t);
			if (cols[c].kind == EXPORT_MONEY)
				cw = text->len + text->len / 3; /* 1,234 */
			else
				cw = text_width(text->ptr, text->len);
			if (cw > w)
				w = cw;
			if (w >= WIDTH_MAX)
				break;
		}
		w += 2;
		if (w < WIDTH_MIN)
			w = WIDTH_MIN;
		if (w > WIDTH_MAX)
			w = WIDTH_MAX;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w,
				     NULL);
	}
}

/* Write the workbook to `path`. Returns 0, ERR_IO or ERR_NOMEM. */
static int
xlsx_write(const char *path, char *tmpdir, const struct export_column *cols,
	   size_t ncols, json_t *items, const struct export_text *t,
	   const char *sheet)
{
	lxw_workbook_options opt = { .tmpdir = tmpdir };
	struct xlsx_formats f;
	lxw_worksheet *ws = NULL;
	lxw_workbook *wb;
	lxw_error e = LXW_NO_ERROR;
	struct buf text;
	json_t *item;
	size_t i;

	if (ncols > LXW_COL_MAX)
		return ERR_INVALID;
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		log_error("export: cannot start a workbook in %s", tmpdir);
		return ERR_IO;
	}
	buf_init(&text, NULL, 0);
	if (sheet && *sheet &&
	    workbook_validate_sheet_name(wb, sheet) == LXW_NO_ERROR)
		ws = workbook_add_worksheet(wb, sheet);
	if (!ws)
		ws = workbook_add_worksheet(wb, NULL);
	f.header = workbook_add_format(wb);
	f.money = workbook_add_format(wb);
	f.hours = workbook_add_format(wb);
	f.date = workbook_add_format(wb);
	f.time = workbook_add_format(wb);
	if (!ws || !f.header || !f.money || !f.hours || !f.date || !f.time) {
		e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		goto out_close;
	}
	format_set_bold(f.header);
	format_set_num_format(f.money, "#,##0.00");
	format_set_num_format(f.hours, "0.0#");
	format_set_num_format(f.date, "yyyy-mm-dd");
	format_set_num_format(f.time, "yyyy-mm-dd hh:mm");
	xlsx_widths(ws, cols, ncols, items, t, &text);
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t c = 0; c < ncols && !e; c++) {
		buf_reset(&text);
		buf_addstr(&text, export_tr(t, cols[c].header_key));
		buf_truncate(&text, utf8_prefix(text.ptr, text.len,
						XLSX_CELL_MAX));
		e = worksheet_write_string(ws, 0, (lxw_col_t)c, text.ptr,
					   f.header);
	}
	json_array_foreach(items, i, item) {
		for (size_t c = 0; c < ncols && !e; c++)
			e = xlsx_cell(ws, &f, (lxw_row_t)(i + 1),
				      (lxw_col_t)c, &cols[c],
				      json_object_get(item, cols[c].key), t,
				      &text);
		if (e)
			break;
	}
out_close:
	if (e)
		log_error("export: writing a cell failed: %s",
			  lxw_strerror(e));
	/* workbook_close() frees the workbook whatever happens. */
	if (workbook_close(wb) != LXW_NO_ERROR && !e) {
		log_error("export: cannot write %s", path);
		e = LXW_ERROR_CREATING_XLSX_FILE;
	}
	buf_release(&text);
	if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
		return ERR_NOMEM;
	return e ? ERR_IO : 0;
}

/* Append the whole file at `fd` to `out`. 0, ERR_IO or out's error. */
static int
read_all(int fd, struct buf *out)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_error("export: reading the workbook: %s",
				  strerror(errno));
			return ERR_IO;
		}
		if (n == 0)
			break;
		buf_add(out, chunk, (size_t)n);
		if (buf_error(out))
			return buf_error(out);
	}
	return 0;
}

int
export_xlsx(struct buf *out, const struct export_column *cols, size_t ncols,
	    json_t *items, const struct export_text *t, const char *sheet)
{
	const char *env = getenv("TMPDIR");
	char dir[4096], path[4200];
	int fd, rc;

	if ((rc = check_items(items)))
		return rc;
	snprintf(dir, sizeof(dir), "%s", env && *env ? env : "/tmp");
	if (snprintf(path, sizeof(path), "%s/jianggu-export-XXXXXX", dir) >=
	    (int)sizeof(path))
		return ERR_IO;
	fd = mkstemp(path);
	if (fd < 0) {
		log_error("export: cannot make a file in %s: %s", dir,
			  strerror(errno));
		return ERR_IO;
	}
	/* libxlsxwriter opens the file by name; keep fd to read it back. */
	rc = xlsx_write(path, dir, cols, ncols, items, t, sheet);
	if (rc)
		goto out_unlink;
	close(fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("export: cannot open %s: %s", path,
			  strerror(errno));
		rc = ERR_IO;
		goto out_unlink;
	}
	rc = read_all(fd, out);
out_unlink:
	if (fd >= 0)
		close(fd);
	unlink(path);
	return rc;
}

/* ---- HTTP ---------------------------------------------------------- */

static const char *
request_text(void *ctx, const char *key)
{
	return page_text(ctx, key);
}

/* Append `s` percent-encoded as RFC 8187 ext-value characters. */
static void
add_attr_chars(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			buf_addch(b, (char)*p);
		} else {
			buf_addch(b, '%');
			buf_addch(b, hex[*p >> 4]);
			buf_addch(b, hex[*p & 15]);
		}
	}
}

void
export_disposition(struct buf *b, const char *stem, const char *title,
		   const char *ext)
{
	bool named = false;
	size_t start;


	buf_addstr(b, "attachment; filename=\"");
	start = b->len;
	for (const char *p = stem ? stem : ""; *p; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			named = true;
			buf_addch(b, c);
		} else if (c == '-' || c == '_' || c == '.') {
			buf_addch(b, c);
		} else if (b->len == start || b->ptr[b->len - 1] != '_') {
			buf_addch(b, '_');	/* one for a run */
		}
	}
	if (!named) {
		buf_truncate(b, start);
		buf_addstr(b, "export");
	}
	buf_addf(b, ".%s\"; filename*=UTF-8''", ext);
	add_attr_chars(b, title && *title ? title : stem && *stem ? stem :
		       "export");
	buf_addf(b, ".%s", ext);
}

int
export_send(struct request *r, const char *format, const char *stem,
	    const char *title, const struct export_column *cols,
	    size_t ncols, json_t *items)
{
	struct export_text t = { request_text, r };
	const char *type;
	struct buf cd;
	bool xlsx;
	int rc;

	if (format && !strcmp(format, "csv")) {
		xlsx = false;
		type = "text/csv; charset=utf-8";
	} else if (format && !strcmp(format, "xlsx")) {
		xlsx = true;
		type = "application/vnd.openxmlformats-officedocument."
		       "spreadsheetml.sheet";
	} else {
		return http_fail(r, ERR_INVALID, "format",
				 "format must be csv or xlsx");
	}
	if (title && !utf8_valid(title, strlen(title)))
		title = NULL;
	buf_init(&cd, &r->arena, 4096);
	export_disposition(&cd, stem, title, xlsx ? "xlsx" : "csv");
	if ((rc = buf_error(&cd)))
		return rc;
	r->out_static = NULL;
	buf_reset(&r->out);
	rc = xlsx ? export_xlsx(&r->out, cols, ncols, items, &t,
				title ? title : stem) :
		    export_csv(&r->out, cols, ncols, items, &t);
	if (rc) {
		buf_reset(&r->out);
		return rc;
	}
	if ((rc = http_add_header(r, "Content-Disposition", cd.ptr)))
		return rc;
	r->status = 200;
	r->content_type = type;
	return 0;
}
