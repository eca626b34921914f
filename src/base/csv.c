/*
 * csv.c - RFC 4180 reader over a buffer, and a field writer (see csv.h).
 *
 * The reader is one pass over the input with a byte-class table: the inner
 * loop of a field skips bytes of class PLAIN and stops at anything that needs
 * a decision (the delimiter, a line end, a quote, a byte >= 0x80 that starts
 * a multi-byte UTF-8 sequence, NUL). UTF-8 is checked as the bytes go by, so
 * the input is read once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/utf8.h"
#include "base/xalloc.h"

enum byte_class {
	PLAIN = 0,
	DELIM,
	LF,
	CR,
	QUOTE,
	HIGH,
	NUL,
};

void
csv_init(struct csv *r, const char *data, size_t len, char delim,
	 unsigned flags)
{
	memset(r, 0, sizeof(*r));
	r->cur = data;
	r->end = data + len;
	r->next_line = 1;
	r->flags = flags;
	r->err_msg = "";
	for (int i = 0x80; i < 0x100; i++) {
		r->plain[i] = HIGH;
		r->quoted[i] = HIGH;
	}
	r->plain[0] = NUL;
	r->quoted[0] = NUL;
	r->plain['\n'] = LF;
	r->quoted['\n'] = LF;
	r->plain['\r'] = CR;
	r->plain['"'] = QUOTE;
	r->quoted['"'] = QUOTE;
	r->plain[(unsigned char)delim] = DELIM;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		r->cur += 3;
}

/* Record the first refusal; csv_next() returns false from now on. */
static bool
refuse(struct csv *r, size_t line, const char *msg)
{
	r->err = ERR_INVALID;
	r->err_line = line;
	r->err_msg = msg;
	return false;
}

/* Make room for one more field in the current record. */
static void
add_field_slot(struct csv *r)
{
	if (r->nfield == r->field_cap) {
		size_t cap = r->field_cap ? r->field_cap * 2 : 16;

		r->field = xreallocarray(r->field, cap, sizeof(*r->field));
		r->spill = xreallocarray(r->spill, cap, sizeof(*r->spill));
		r->field_cap = cap;
	}
	r->spill[r->nfield] = SIZE_MAX;
	r->nfield++;
}

/* Append bytes to the scratch area that holds unescaped quoted fields. */
static void
scratch_add(struct csv *r, const char *p, size_t n)
{
	if (r->scratch_cap - r->scratch_len < n) {
		size_t cap = r->scratch_cap ? r->scratch_cap : 256;

		while (cap - r->scratch_len < n)
			cap *= 2;
		r->scratch = xrealloc(r->scratch, cap);
		r->scratch_cap = cap;
	}
	memcpy(r->scratch + r->scratch_len, p, n);
	r->scratch_len += n;
}

/* Move *p past the UTF-8 sequence it is at, or refuse it as invalid. */
static bool
skip_utf8(struct csv *r, const char **p)
{
	size_t n = utf8_seq_len(*p, (size_t)(r->end - *p));

	if (!n)
		return refuse(r, r->next_line, "invalid UTF-8");
	*p += n;
	return true;
}

/* Read an unquoted field starting at r->cur. */
static bool
read_plain(struct csv *r, struct csv_field *f)
{
	const char *p = r->cur, *end = r->end;

	for (;;) {
		while (p < end && r->plain[(unsigned char)*p] == PLAIN)
			p++;
		if (p == end)
			break;
		switch (r->plain[(unsigned char)*p]) {
		case HIGH:
			if (!skip_utf8(r, &p))
				return false;
			continue;
		case QUOTE:
			return refuse(r, r->next_line,
				      "quote in an unquoted field");
		case NUL:
			return refuse(r, r->next_line, "NUL byte");
		default:
			break;
		}
		break;
	}
	f->p = r->cur;
	f->len = (size_t)(p - r->cur);
	r->cur = p;
	return true;
}

/*
 * Read a quoted field; r->cur is at its opening quote. A field without ""
 * inside is a slice of the input; otherwise its value is built in scratch
 * and r->spill[i] remembers where (pointers are fixed up at the end of the
 * record, as scratch may move while it grows).
 */
static bool
read_quoted(struct csv *r, struct csv_field *f, size_t i)
{
	const char *p = r->cur + 1, *seg = p, *end = r->end;
	size_t open_line = r->next_line;
	bool spilled = false;

	for (;;) {
		while (p < end && r->quoted[(unsigned char)*p] == PLAIN)
			p++;
		if (p == end)
			return refuse(r, open_line,
				      "unterminated quoted field");
		switch (r->quoted[(unsigned char)*p]) {
		case LF:
			r->next_line++;
			p++;
			continue;
		case HIGH:
			if (!skip_utf8(r, &p))
				return false;
			continue;
		case NUL:
			return refuse(r, r->next_line, "NUL byte");
		default:
			break;
		}
		/* A quote: doubled, or the closing one. */
		if (p + 1 < end && p[1] == '"') {
			if (!spilled) {
				r->spill[i] = r->scratch_len;
				spilled = true;
			}
			scratch_add(r, seg, (size_t)(p + 1 - seg));
			p += 2;
			seg = p;
			continue;
		}
		break;
	}
	if (spilled) {
		scratch_add(r, seg, (size_t)(p - seg));
		f->p = NULL;
		f->len = r->scratch_len - r->spill[i];
	} else {
		f->p = r->cur + 1;
		f->len = (size_t)(p - (r->cur + 1));
	}
	r->cur = p + 1;
	if (r->cur < end && r->plain[(unsigned char)*r->cur] != DELIM &&
	    *r->cur != '\n' && *r->cur != '\r')
		return refuse(r, r->next_line,
			      "text after the closing quote of a field");
	return true;
}

/* Skip empty lines when CSV_SKIP_BLANK is set. */
static void
skip_blank_lines(struct csv *r)
{
	for (;;) {
		if (r->cur < r->end && *r->cur == '\n') {
			r->cur++;
		} else if (r->end - r->cur >= 2 && r->cur[0] == '\r' &&
			   r->cur[1] == '\n') {
			r->cur += 2;
		} else {
			return;
		}
		r->next_line++;
	}
}

bool
csv_next(struct csv *r)
{
	struct csv_field *f;
	bool ok;

	if (r->err)
		return false;
	if (r->flags & CSV_SKIP_BLANK)
		skip_blank_lines(r);
	if (r->cur >= r->end)
		return false;
	r->line = r->next_line;
	r->nfield = 0;
	r->scratch_len = 0;
	for (;;) {
		add_field_slot(r);
		f = &r->field[r->nfield - 1];
		if (r->cur < r->end && *r->cur == '"')
			ok = read_quoted(r, f, r->nfield - 1);
		else
			ok = read_plain(r, f);
		if (!ok)
			return false;
		if (r->cur == r->end)
			break;
		if (*r->cur == '\n') {
			r->cur++;
			r->next_line++;
			break;
		}
		if (*r->cur == '\r') {
			if (r->end - r->cur < 2 || r->cur[1] != '\n')
				return refuse(r, r->next_line, "carriage "
					      "return without line feed");
			r->cur += 2;
			r->next_line++;
			break;
		}
		r->cur++;	/* the delimiter */
	}
	for (size_t i = 0; i < r->nfield; i++)
		if (r->spill[i] != SIZE_MAX)
			r->field[i].p = r->scratch + r->spill[i];
	r->row++;
	return true;
}

int
csv_error(const struct csv *r)
{
	return r->err;
}

const char *
csv_errmsg(const struct csv *r)
{
	return r->err_msg;
}

size_t
csv_errline(const struct csv *r)
{
	return r->err ? r->err_line : 0;
}

void
csv_release(struct csv *r)
{
	free(r->field);
	free(r->spill);
	free(r->scratch);
	r->field = NULL;
	r->spill = NULL;
	r->scratch = NULL;
	r->field_cap = 0;
	r->scratch_cap = 0;
	r->scratch_len = 0;
	r->nfield = 0;
}

bool
csv_needs_quotes(const char *s, size_t len, char delim)
{
	/* At the start of a file it would be taken for a byte order mark. */
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n')
			return true;
	return false;
}

void
csv_add_field(struct buf *b, const char *s, size_t len, char delim)
{
	const char *q;

	if (!csv_needs_quotes(s, len, delim)) {
		buf_add(b, s, len);
		return;
	}
	buf_addch(b, '"');
	while ((q = memchr(s, '"', len))) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addch(b, '"');
		len -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	buf_add(b, s, len);
	buf_addch(b, '"');
}
