/*
 * fuzz_form.c - libFuzzer target for the form parser (src/http/form.c):
 * urlencoded and multipart bodies from arbitrary bytes.
 *
 * The first byte chooses the parser and, for multipart, the length of the
 * boundary taken from the input. Invariants checked on every accepted
 * body: every name and every text value is UTF-8 without NUL, lengths are
 * consistent, at most FORM_MAX_FIELDS fields, and a urlencoded body that
 * is re-encoded parses to the same fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "http/form.h"
#include "tpl/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_fields(const struct form *f)
{
	if (f->n > FORM_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *fld = &f->fields[i];

		if (!fld->name || !fld->value || !utf8_valid(fld->name,
							     strlen(fld->name)))
			abort();
		if (fld->value[fld->len] != '\0')
			abort();
		if (!fld->filename && (!utf8_valid(fld->value, fld->len) ||
				       memchr(fld->value, '\0', fld->len)))
			abort();
	}
}

/* Re-encode a parsed urlencoded form; parsing it again gives the same. */
static void
round_trip(const struct form *f)
{
	struct arena a;
	struct buf b;
	struct form again;
	const char *why;

	arena_init(&a, 0);
	buf_init(&b, NULL, 0);
	for (size_t i = 0; i < f->n; i++) {
		if (i)
			buf_addch(&b, '&');
		url_escape(&b, f->fields[i].name);
		buf_addch(&b, '=');
		url_escape(&b, f->fields[i].value);
	}
	if (form_parse_urlencoded(&a, b.ptr, b.len, &again, &why))
		abort();
	/* Empty names are dropped ("&&"), so compare the named ones. */
	for (size_t i = 0, j = 0; i < f->n; i++) {
		if (!*f->fields[i].name)
			continue;
		while (j < again.n && !*again.fields[j].name)
			j++;
		if (j >= again.n || strcmp(again.fields[j].name,
					   f->fields[i].name) ||
		    strcmp(again.fields[j].value, f->fields[i].value))
			abort();
		j++;
	}
	buf_release(&b);
	arena_release(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct form f;
	const char *why;
	char ct[128];
	int rc;

	if (size < 1)
		return 0;
	arena_init(&a, (size_t)16 << 20);
	if (data[0] & 1) {
		size_t blen = (data[0] >> 1) % 40;

		if (blen + 1 > size)
			blen = size - 1;
		memcpy(ct, "multipart/form-data; boundary=", 30);
		memcpy(ct + 30, data + 1, blen);
		ct[30 + blen] = '\0';
		if (memchr(ct, '\0', 30 + blen) == ct + 30 + blen) {
			rc = form_parse_multipart(&a, ct,
						  (const char *)data + 1 + blen,
						  size - 1 - blen, &f, &why);
			if (!rc)
				check_fields(&f);
		}
	} else {
		rc = form_parse_urlencoded(&a, (const char *)data + 1, size - 1,
					   &f, &why);
		if (!rc) {
			check_fields(&f);
			round_trip(&f);
		}
	}
	arena_release(&a);
	return 0;
}
