/*
 * sniff.c - what kind of file is this, from its bytes alone (upload.h
 * lists the rules). Pure: no I/O, no allocation; fuzzed by
 * fuzz/fuzz_sniff.c and tested by tests/unit/upload/test_sniff.c.
 *
 * The ZIP structures read here are those of PKWARE's APPNOTE.TXT
 * (sections 4.3.7 local file header, 4.3.12 central directory header,
 * 4.3.16 end of central directory record); Office Open XML packages are
 * ZIP archives laid out as ECMA-376 Part 2 (Open Packaging Conventions)
 * says, with "[Content_Types].xml" at the root.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "upload/upload.h"

static const struct {
	const char *name;
	const char *mime;
} kinds[UPLOAD_KIND_COUNT] = {
	[UPLOAD_PDF] = { "pdf", "application/pdf" },
	[UPLOAD_PNG] = { "png", "image/png" },
	[UPLOAD_JPEG] = { "jpeg", "image/jpeg" },
	[UPLOAD_XLSX] = { "xlsx", "application/vnd.openxmlformats-"
			  "officedocument.spreadsheetml.sheet" },
	[UPLOAD_DOCX] = { "docx", "application/vnd.openxmlformats-"
			  "officedocument.wordprocessingml.document" },
};

/* ZIP record sizes and signatures (APPNOTE 4.3). */
#define ZIP_LOCAL_SIZE 30
#define ZIP_CENTRAL_SIZE 46
#define ZIP_EOCD_SIZE 22
#define ZIP_MAX_COMMENT 65535

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Whether name[0 .. n) is exactly the C string `s`. */
static bool
name_is(const unsigned char *name, size_t n, const char *s)
{
	return strlen(s) == n && !memcmp(name, s, n);
}

/* The offset of the end-of-central-directory record, or -1. */
static long
find_eocd(const unsigned char *p, size_t len)
{
	size_t lowest = 0, i;

	if (len >= ZIP_EOCD_SIZE + ZIP_MAX_COMMENT)
		lowest = len - ZIP_EOCD_SIZE - ZIP_MAX_COMMENT;
	/* The record ends the file exactly: its comment runs to the end. */
	for (i = len - ZIP_EOCD_SIZE + 1; i-- > lowest;)
		if (!memcmp(p + i, "PK\5\6", 4) &&
		    i + ZIP_EOCD_SIZE + le16(p + i + 20) == len)
			return (long)i;
	return -1;
}

/* An Office Open XML package (xlsx or docx), or UPLOAD_UNKNOWN. */
static enum upload_kind
sniff_ooxml(const unsigned char *p, size_t len)
{
	bool types = false, workbook = false, document = false;
	uint32_t cd_size, cd_off, entries;
	size_t off, end;
	long eocd;

	if (len < ZIP_LOCAL_SIZE + ZIP_EOCD_SIZE)
		return UPLOAD_UNKNOWN;
	eocd = find_eocd(p, len);
	if (eocd < 0)
		return UPLOAD_UNKNOWN;
	/* One disk only; 0xffff and 0xffffffff announce ZIP64. */
	if (le16(p + eocd + 4) != 0 || le16(p + eocd + 6) != 0 ||
	    le16(p + eocd + 8) != le16(p + eocd + 10))
		return UPLOAD_UNKNOWN;
	entries = le16(p + eocd + 10);
	cd_size = le32(p + eocd + 12);
	cd_off = le32(p + eocd + 16);
	if (entries == 0 || entries == 0xffff || cd_size == 0xffffffffu ||
	    cd_off == 0xffffffffu)
		return UPLOAD_UNKNOWN;
	if ((uint64_t)cd_off + cd_size > (uint64_t)eocd)
		return UPLOAD_UNKNOWN;
	off = cd_off;
	end = (size_t)cd_off + cd_size;
	for (uint32_t i = 0; i < entries; i++) {
		const unsigned char *name;
		size_t nlen, rec;
		uint32_t local;

		if (end - off < ZIP_CENTRAL_SIZE ||
		    memcmp(p + off, "PK\1\2", 4))
			return UPLOAD_UNKNOWN;
		nlen = le16(p + off + 28);
		rec = ZIP_CENTRAL_SIZE + nlen + le16(p + off + 30) +
		      le16(p + off + 32);
		if (end - off < rec)
			return UPLOAD_UNKNOWN;
		local = le32(p + off + 42);
		if ((uint64_t)local + ZIP_LOCAL_SIZE > cd_off ||
		    memcmp(p + local, "PK\3\4", 4))
			return UPLOAD_UNKNOWN;
		name = p + off + ZIP_CENTRAL_SIZE;
		if (name_is(name, nlen, "[Content_Types].xml"))
			types = true;
		else if (name_is(name, nlen, "xl/workbook.xml"))
			workbook = true;
		else if (name_is(name, nlen, "word/document.xml"))
			document = true;
		else if (name_is(name, nlen, "xl/vbaProject.bin") ||
			 name_is(name, nlen, "word/vbaProject.bin"))
			return UPLOAD_UNKNOWN;	/* macros: refused */
		off += rec;
	}
	if (off != end || !types || workbook == document)
		return UPLOAD_UNKNOWN;
	return workbook ? UPLOAD_XLSX : UPLOAD_DOCX;
}

enum upload_kind
upload_sniff(const void *data, size_t len)
{
	static const unsigned char png[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	static const unsigned char ihdr[8] = {
		0, 0, 0, 13, 'I', 'H', 'D', 'R'
	};
	const unsigned char *p = data;

	if (len >= 8 && !memcmp(p, "%PDF-", 5) && is_digit(p[5]) &&
	    p[6] == '.' && is_digit(p[7]))
		return UPLOAD_PDF;
	/* Signature, then IHDR: length, type, 13 bytes of data, CRC. */
	if (len >= 8 + 8 + 13 + 4 && !memcmp(p, png, 8) &&
	    !memcmp(p + 8, ihdr, 8))
		return UPLOAD_PNG;
	if (len >= 4 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff &&
	    p[3] >= 0xc0 && p[3] != 0xff && !(p[3] >= 0xd0 && p[3] <= 0xd9))
		return UPLOAD_JPEG;
	if (len >= 4 && !memcmp(p, "PK\3\4", 4))
		return sniff_ooxml(p, len);
	return UPLOAD_UNKNOWN;
}

const char *
upload_kind_name(enum upload_kind kind)
{
	return kind > UPLOAD_UNKNOWN && kind < UPLOAD_KIND_COUNT ?
	       kinds[kind].name : NULL;
}

const char *
upload_kind_mime(enum upload_kind kind)
{
	return kind > UPLOAD_UNKNOWN && kind < UPLOAD_KIND_COUNT ?
	       kinds[kind].mime : NULL;
}

enum upload_kind
upload_kind_from_name(const char *name, size_t len)
{
	if (len == 3 && !strncasecmp(name, "jpg", 3))
		return UPLOAD_JPEG;
	for (int k = UPLOAD_UNKNOWN + 1; k < UPLOAD_KIND_COUNT; k++)
		if (strlen(kinds[k].name) == len &&
		    !strncasecmp(name, kinds[k].name, len))
			return (enum upload_kind)k;
	return UPLOAD_UNKNOWN;
}

enum upload_kind
upload_kind_from_mime(const char *mime)
{
	for (int k = UPLOAD_UNKNOWN + 1; mime && k < UPLOAD_KIND_COUNT; k++)
		if (!strcmp(mime, kinds[k].mime))
			return (enum upload_kind)k;
	return UPLOAD_UNKNOWN;
}

bool
upload_kind_allowed(const char *list, enum upload_kind kind)
{
	const char *p = list;

	if (kind <= UPLOAD_UNKNOWN || kind >= UPLOAD_KIND_COUNT || !list)
		return false;
	while (*p) {
		size_t n;

		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n && upload_kind_from_name(p, n) == kind)
			return true;
		p += n;
	}
	return false;
}
