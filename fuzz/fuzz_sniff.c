/*
 * fuzz_sniff.c - libFuzzer target for the upload kind check
 * (upload_sniff() and upload_kind_allowed() in src/upload/).
 *
 * Invariants beyond "no crash, no out-of-bounds read" (ASan sees those):
 *  - the answer is one of the kinds, and the same on a second call;
 *  - a kind is only claimed with its own leading bytes (a PDF starts
 *    "%PDF-", a PNG with its signature, a JPEG with FF D8 FF, an Office
 *    file with a ZIP local header), an image only when its end marker
 *    ends the file (a PNG's empty IEND chunk, a JPEG's EOI), and an
 *    Office kind only when a ZIP end record lies within the last 64 KiB
 *    + 22 bytes;
 *  - the same bytes read as a kind list never allow UPLOAD_UNKNOWN, and
 *    allow a kind exactly when its name appears as a whole item.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "upload/upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A plain model of upload_kind_allowed(): split, trim, compare. */
static int
model_allowed(const char *list, enum upload_kind kind)
{
	const char *p = list;
	const char *want = upload_kind_name(kind);

	if (!want)
		return 0;
	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		n = strcspn(p, " \t,");
		if (n == strlen(want) && !strncasecmp(p, want, n))
			return 1;
		if (kind == UPLOAD_JPEG && n == 3 && !strncasecmp(p, "jpg", 3))
			return 1;
		p += n;
	}
	return 0;
}

/* Whether "PK\5\6" starts within the last 65557 bytes. */
static int
has_end_record(const uint8_t *data, size_t size)
{
	size_t from = size > 65557 ? size - 65557 : 0;

	for (size_t i = from; i + 22 <= size; i++)
		if (!memcmp(data + i, "PK\5\6", 4))
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum upload_kind k = upload_sniff(data, size);
	char *list;

	assert(k >= UPLOAD_UNKNOWN && k < UPLOAD_KIND_COUNT);
	assert(upload_sniff(data, size) == k);
	switch (k) {
	case UPLOAD_PDF:
		assert(size >= 8 && !memcmp(data, "%PDF-", 5));
		break;
	case UPLOAD_PNG:
		/* Read to its end: an empty IEND chunk closes the file. */
		assert(size >= 57 && data[0] == 0x89 && data[1] == 'P');
		assert(!memcmp(data + size - 12, "\0\0\0\0IEND", 8));
		break;
	case UPLOAD_JPEG:
		/* Read to its end: EOI closes the file. */
		assert(size >= 8 && data[0] == 0xff && data[1] == 0xd8);
		assert(data[size - 2] == 0xff && data[size - 1] == 0xd9);
		break;
	case UPLOAD_XLSX:
	case UPLOAD_DOCX:
		assert(size >= 52 && !memcmp(data, "PK\3\4", 4));
		assert(has_end_record(data, size));
		break;
	default:
		break;
	}

	list = malloc(size + 1);
	if (!list)
		return 0;
	memcpy(list, data, size);
	list[size] = '\0';
	assert(!upload_kind_allowed(list, UPLOAD_UNKNOWN));
	for (int i = UPLOAD_PDF; i < UPLOAD_KIND_COUNT; i++)
		assert(upload_kind_allowed(list, (enum upload_kind)i) ==
		       (model_allowed(list, (enum upload_kind)i) != 0));
	free(list);
	return 0;
}
