/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (src/base/csv.c).
 *
 * Byte 0 picks the delimiter and whether blank lines are skipped; the rest
 * is the input. The reader must never read out of bounds (ASan), and:
 *  - every field it hands out is well-formed UTF-8 without NUL, every
 *    record has a field, and record lines never go backwards;
 *  - when it accepts the whole input, the input (after a BOM) is
 *    well-formed UTF-8 without NUL, and writing the records back with
 *    csv_add_field() and reading them again gives the same records;
 *  - when it refuses, it says why, on a line that exists.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS 4096

/* The records of one reading, copied: fields joined by "\0" per record. */
struct reading {
	struct buf text;	/* every field, each followed by one NUL */
	size_t nfield[MAX_RECORDS];
	size_t nrec;
};

static bool
has_nul(const char *p, size_t n)
{
	return memchr(p, '\0', n) != NULL;
}

/* Read `in`; fill `out`; return the reader's error (0 if it accepted). */
static int
read_all(const char *in, size_t len, char delim, unsigned flags,
	 struct reading *out, size_t *err_line)
{
	struct csv r;
	size_t last_line = 0;
	int rc;

	buf_init(&out->text, NULL, 0);
	out->nrec = 0;
	csv_init(&r, in, len, delim, flags);
	while (csv_next(&r)) {
		if (r.nfield < 1 || r.line < last_line || r.line < 1)
			abort();
		last_line = r.line;
		for (size_t i = 0; i < r.nfield; i++) {
			const struct csv_field *f = &r.field[i];

			if (!utf8_valid(f->p, f->len) || has_nul(f->p, f->len))
				abort();
			buf_add(&out->text, f->p, f->len);
			buf_addch(&out->text, '\0');
		}
		if (out->nrec < MAX_RECORDS)
			out->nfield[out->nrec] = r.nfield;
		out->nrec++;
	}
	rc = csv_error(&r);
	*err_line = csv_errline(&r);
	if (rc && (!*csv_errmsg(&r) || *err_line < 1))
		abort();
	if (!rc && (*csv_errmsg(&r) || *err_line))
		abort();
	csv_release(&r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t', '|' };
	struct reading first, again;
	const char *in = (const char *)data + 1;
	size_t len, err_line, lines = 1, field = 0;
	unsigned flags;
	char delim;
	struct buf out;

	if (size < 1)
		return 0;
	delim = delims[data[0] & 3];
	flags = data[0] & 4 ? CSV_SKIP_BLANK : 0;
	len = size - 1;
	for (size_t i = 0; i < len; i++)
		lines += in[i] == '\n';

	if (read_all(in, len, delim, flags, &first, &err_line)) {
		if (err_line > lines)
			abort();
		buf_release(&first.text);
		return 0;
	}
	/* Accepted: the input must be clean text. */
	{
		size_t skip =
			len >= 3 && !memcmp(in, "\xef\xbb\xbf", 3) ? 3 : 0;

		if (!utf8_valid(in + skip, len - skip) ||
		    has_nul(in + skip, len - skip))
			abort();
	}
	if (first.nrec > MAX_RECORDS)
		goto out;

	/* Write the records back and read them again. */
	buf_init(&out, NULL, 0);
	for (size_t rec = 0; rec < first.nrec; rec++) {
		for (size_t i = 0; i < first.nfield[rec]; i++) {
			const char *f = first.text.ptr + field;
			size_t flen = strlen(f);

			if (i)
				buf_addch(&out, delim);
			if (first.nfield[rec] == 1 && flen == 0)
				buf_addstr(&out, "\"\"");	/* not blank */
			else
				csv_add_field(&out, f, flen, delim);
			field += flen + 1;
		}
		buf_addstr(&out, "\r\n");
	}
	if (read_all(out.ptr, out.len, delim, flags, &again, &err_line))
		abort();
	if (again.nrec != first.nrec || again.text.len != first.text.len ||
	    memcmp(again.text.ptr, first.text.ptr, first.text.len))
		abort();
	for (size_t rec = 0; rec < first.nrec; rec++)
		if (again.nfield[rec] != first.nfield[rec])
			abort();
	buf_release(&again.text);
	buf_release(&out);
out:
	buf_release(&first.text);
	return 0;
}
