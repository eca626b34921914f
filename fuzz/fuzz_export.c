/*
 * fuzz_export.c - libFuzzer target for the CSV export writer
 * (src/export/export.c), read back with the CSV reader (src/base/csv.h).
 *
 * Byte 0 picks how many columns (1 to 8) and byte 1 onwards their kinds;
 * the rest is a stream of JSON values (null, booleans, integers, reals and
 * strings, NUL bytes and invalid UTF-8 included) dealt out to items
 * cell by cell. The file export_csv() writes must read back, record for
 * record and field for field, as the header texts and the texts of the
 * cells (export_cell_text()), except that a text a spreadsheet would take
 * for a formula carries one leading "'" — and only such a text, never a
 * number we formatted. A few small inputs also go through export_xlsx(),
 * which must make a ZIP file.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "export/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS 256

static const char *const keys[] = {
	"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7",
};
static const char *const headers[] = {
	"名称", "=SUM(A1)", "a,b", "q\"x", "-", "line\nbreak", "\xef\xbb\xbfh",
	"@",
};

/* A catalog: labels for codes "a" and "b" of prefix "k.", headers. */
static const char *
fake_text(void *ctx, const char *key)
{
	(void)ctx;
	if (!strcmp(key, "k.a"))
		return "=A";
	if (!strcmp(key, "k.b"))
		return "乙";
	if (!strcmp(key, "common.yes"))
		return "是";
	return key;
}

/* The next value of the stream at *p (len *n); NULL at its end. */
static json_t *
next_value(const uint8_t **p, size_t *n)
{
	uint8_t tag;
	int64_t v = 0;
	size_t len;
	json_t *s;

	if (!*n)
		return NULL;
	tag = **p;
	(*p)++;
	(*n)--;
	switch (tag & 7) {
	case 0:
		return json_null();
	case 1:
		return json_boolean(tag & 8);
	case 2:
	case 3:
		len = *n < 8 ? *n : 8;
		for (size_t i = 0; i < len; i++)
			v = (int64_t)((uint64_t)v << 8 | (*p)[i]);
		*p += len;
		*n -= len;
		if (tag & 8)
			v = -(v / 3);
		return json_integer(v);
	case 4:
		return json_real((double)(tag >> 3) / 7.0);
	default:
		len = tag >> 3;
		if (len > *n)
			len = *n;
		s = json_stringn((const char *)*p, len);
		*p += len;
		*n -= len;
		return s ? s : json_string("");	/* not UTF-8 */
	}
}

/* The field at `f` reads `want`, with a "'" in front when `protect`. */
static void
expect_field(const struct csv_field *f, const char *want, size_t len,
	     bool protect)
{
	if (protect) {
		if (f->len != len + 1 || f->p[0] != '\'' ||
		    memcmp(f->p + 1, want, len))
			abort();
	} else if (f->len != len || memcmp(f->p, want, len)) {
		abort();
	}
}

static void
check_xlsx(const struct export_column *cols, size_t ncols, json_t *items,
	   const struct export_text *t)
{
	struct buf out;

	buf_init(&out, NULL, 0);
	if (export_xlsx(&out, cols, ncols, items, t, "名单") ||
	    out.len < 4 || memcmp(out.ptr, "PK\x03\x04", 4))
		abort();
	buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct export_column cols[8];
	struct export_text t = { fake_text, NULL };
	const uint8_t *p;
	size_t ncols, n, nitems, rec = 0;
	struct buf out, want;
	json_t *items, *item, *v;
	struct csv r;

	if (size < 2)
		return 0;
	ncols = (size_t)(data[0] & 7) + 1;
	if (size < 1 + ncols)
		return 0;
	for (size_t c = 0; c < ncols; c++) {
		cols[c] = (struct export_column){
			.key = keys[c],
			.header_key = headers[c],
			.kind = (enum export_kind)(data[1 + c] %
						   (EXPORT_ENUM + 1)),
			.prefix = data[1 + c] & 8 ? "k." : NULL,
		};
	}
	p = data + 1 + ncols;
	n = size - 1 - ncols;
	items = json_array();
	item = NULL;
	for (size_t i = 0; (v = next_value(&p, &n)); i++) {
		if (i % ncols == 0) {
			if (json_array_size(items) == MAX_ITEMS) {
				json_decref(v);
				break;
			}
			item = json_object();
			json_array_append_new(items, item);
		}
		json_object_set_new(item, cols[i % ncols].key, v);
	}
	nitems = json_array_size(items);

	buf_init(&out, NULL, 0);
	buf_init(&want, NULL, 0);
	if (export_csv(&out, cols, ncols, items, &t))
		abort();
	if (out.len < 3 || memcmp(out.ptr, "\xef\xbb\xbf", 3))
		abort();
	csv_init(&r, out.ptr, out.len, ',', 0);
	while (csv_next(&r)) {
		if (r.nfield != ncols || rec > nitems)
			abort();
		for (size_t c = 0; c < ncols; c++) {
			bool exempt = false;

			buf_reset(&want);
			if (rec == 0) {
				buf_addstr(&want, export_tr(&t,
							    cols[c].header_key));
			} else {
				v = json_object_get(json_array_get(items,
								   rec - 1),
						    cols[c].key);
				export_cell_text(&want, &cols[c], v, &t);
				exempt = json_is_integer(v) &&
					 (cols[c].kind == EXPORT_INTEGER ||
					  cols[c].kind == EXPORT_MONEY ||
					  cols[c].kind == EXPORT_HOURS);
			}
			if (memchr(want.ptr, '\0', want.len))
				abort();	/* NUL bytes are dropped */
			expect_field(&r.field[c], want.ptr, want.len, !exempt &&
				     export_needs_protection(want.ptr,
							     want.len));
		}
		rec++;
	}
	if (csv_error(&r) || rec != nitems + 1)
		abort();
	csv_release(&r);
	if ((data[0] & 0xf8) == 0xf8 && size < 256)
		check_xlsx(cols, ncols, items, &t);
	buf_release(&want);
	buf_release(&out);
	json_decref(items);
	return 0;
}
