/*
 * csv.h - read RFC 4180 CSV from a buffer in memory; write CSV fields.
 *
 * The reader walks a whole input held in memory (a mapped file, a request
 * body) and hands out one record at a time as slices into that input, so
 * reading allocates nothing per field: a few arrays grow to the widest record
 * seen and are reused. It is the reader behind `jianggu match` (tens of
 * millions of rows) and the portal's CSV import.
 *
 * What it accepts:
 *  - fields separated by `delim` (',' unless you choose another byte);
 *  - records ended by CRLF or LF, the last one optionally by end of input;
 *  - fields in double quotes, which may hold the delimiter, CR, LF and
 *    doubled quotes ("" stands for one "); the quotes are not part of the
 *    value;
 *  - a UTF-8 byte order mark at the very start, which is skipped.
 *
 * What it refuses, with the line it found the problem on (the sticky error
 * below): bytes that are not well-formed UTF-8, NUL bytes, a quote inside an
 * unquoted field, anything but a delimiter or a line end after a closing
 * quote, a CR not followed by LF outside quotes, and a quoted field still
 * open at the end of input (reported on the line where it opened).
 *
 * Errors are sticky, as with struct buf: once csv_next() has met one it
 * returns false from then on, and csv_error() says what happened.
 *
 *	struct csv r;
 *
 *	csv_init(&r, data, len, ',', CSV_SKIP_BLANK);
 *	while (csv_next(&r))
 *		use(r.field, r.nfield, r.line);
 *	if (csv_error(&r))
 *		report(csv_errline(&r), csv_errmsg(&r));
 *	csv_release(&r);
 */
#ifndef JG_CSV_H
#define JG_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* One field of the current record: `len` bytes at `p`, not NUL-terminated. */
struct csv_field {
	const char *p;
	size_t len;
};

enum csv_flags {
	/*
	 * Skip lines that are completely empty instead of returning them as a
	 * record of one empty field.
	 */
	CSV_SKIP_BLANK = 1 << 0,
};

struct csv {
	/* The current record; valid until the next csv_next() or release. */
	struct csv_field *field;	/* nfield fields, left to right */
	size_t nfield;
	size_t line;		/* line the record starts on, from 1 */
	size_t row;		/* records returned so far, this one included */

	/* Private state. */
	const char *cur;	/* next byte to read */
	const char *end;	/* one past the last byte of input */
	size_t next_line;	/* line number of the byte at cur */
	size_t field_cap;	/* room in field[] and spill[] */
	size_t *spill;		/* per field: offset in scratch, or SIZE_MAX */
	char *scratch;		/* unescaped values of fields with "" */
	size_t scratch_len, scratch_cap;
	unsigned flags;
	int err;		/* 0, or ERR_INVALID once input was refused */
	size_t err_line;
	const char *err_msg;
	unsigned char plain[256];	/* byte classes outside quotes */
	unsigned char quoted[256];	/* byte classes inside quotes */
};

/*
 * Start reading the `len` bytes at `data`, which must stay valid and
 * unchanged until the reader is released. `delim` separates fields (any byte
 * but '"', CR, LF, NUL or a byte >= 0x80); `flags` is a set of csv_flags.
 * Allocates nothing.
 */
void csv_init(struct csv *r, const char *data, size_t len, char delim,
	      unsigned flags);

/*
 * Read the next record into r->field / r->nfield / r->line. Returns true
 * when there was one; false at the end of input or when the input is refused
 * (then csv_error() is ERR_INVALID). A record always has at least one field.
 * Field slices point into the input, or into memory of the reader for quoted
 * fields that contain "" (grown with xrealloc; aborts on heap exhaustion).
 * O(length of the record).
 */
bool csv_next(struct csv *r);

/* 0, or ERR_INVALID when the input was refused. */
int csv_error(const struct csv *r);

/* Why the input was refused, lower case, no final period; "" if it was not. */
const char *csv_errmsg(const struct csv *r);

/* The line the refused input is on (from 1); 0 if none was refused. */
size_t csv_errline(const struct csv *r);

/* Free the reader's memory. The input is the caller's and is not touched. */
void csv_release(struct csv *r);

/*
 * True if a field holding s[0 .. len) must be quoted when written with
 * delimiter `delim`: it contains the delimiter, a quote, CR or LF, or it
 * starts with U+FEFF (which a reader would skip as a byte order mark at
 * the start of a file).
 */
bool csv_needs_quotes(const char *s, size_t len, char delim);

/*
 * Append s[0 .. len) to `b` as one CSV field, in quotes with inner quotes
 * doubled when csv_needs_quotes() says so. Writes no delimiter or line end.
 * Errors are b's sticky errors (see buf.h).
 */
void csv_add_field(struct buf *b, const char *s, size_t len, char delim);

#endif
