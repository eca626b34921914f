/*
 * sniff.c - what kind of file is this, from its bytes alone (upload.h
 * lists the rules). Pure: no I/O, no allocation; fuzzed by
 * fuzz/fuzz_sniff.c and tested by tests/unit/upload/test_sniff.c.
 *
 * The ZIP structures read here are those of PKWARE's APPNOTE.TXT
 * (sections 4.3.7 local file header, 4.3.12 central directory header,
 * 4.3.16 end of central directory record); Office Open XML packages are
 * ZIP archives laid out as ECMA-376 Part 2 (Open Packaging Conventions)
 * says, with "[Content_Types].xml" at the root; OPC part names compare
 * case-insensitively (§9.1.1.1), so the parts that carry macros are
 * refused in any case. PNG files are read as the PNG specification
 * (ISO/IEC 15948, §5) lays them out: chunks with lengths and CRCs from
 * IHDR to IEND; JPEG files as ITU-T T.81 (Annex B) does: marker segments,
 * entropy-coded scans, EOI.
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

/* Whether name[0 .. n) starts with `s`, in any case (ASCII). */
static bool
starts_nocase(const unsigned char *name, size_t n, const char *s)
{
	size_t len = strlen(s);

	return n >= len && !strncasecmp((const char *)name, s, len);
}

/*
 * Whether the part name[0 .. n) carries macros, in any case (OPC part
 * names are case-insensitive): a VBA project or its signature or data
 * ("xl/vbaProject.bin", "word/vbaData.xml", anywhere), or an Excel 4.0
 * macro sheet ("xl/macrosheets/...").
 */
static bool
macro_part(const unsigned char *name, size_t n)
{
	const unsigned char *base = name;
	size_t blen = n;

	for (size_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == '\\') {
			base = name + i + 1;
			blen = n - i - 1;
		}
	if (starts_nocase(base, blen, "vbaProject") ||
	    starts_nocase(base, blen, "vbaData"))
		return true;
	for (size_t i = 0; i < n; i++)
		if (starts_nocase(name + i, n - i, "macrosheets/"))
			return true;
	return false;
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
		else if (macro_part(name, nlen))
			return UPLOAD_UNKNOWN;	/* macros: refused */
		off += rec;
	}
	if (off != end || !types || workbook == document)
		return UPLOAD_UNKNOWN;
	return workbook ? UPLOAD_XLSX : UPLOAD_DOCX;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The CRC-32 of PNG (ISO 3309, the polynomial of zlib), table-driven. */
static uint32_t
crc32_of(const uint32_t table[256], const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--)
		c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void
crc32_table(uint32_t table[256])
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[n] = c;
	}
}

/*
 * Whether p[0 .. len), signature checked, is a whole PNG: chunks of a
 * length, a type of four letters, data and a matching CRC; IHDR first
 * (13 bytes: a width and height from 1 to 2^31 - 1, a bit depth and
 * colour type the standard allows), at least one IDAT, and IEND (empty)
 * ending the file. Nothing may follow IEND: no HTML after the picture.
 */
static bool
png_whole(const unsigned char *p, size_t len)
{
	uint32_t table[256];
	size_t off = 8;
	bool idat = false;

	crc32_table(table);
	for (int i = 0; off < len; i++) {
		uint32_t n;
		const unsigned char *type;

		if (len - off < 12)
			return false;
		n = be32(p + off);
		type = p + off + 4;
		if (n > 0x7fffffffu || len - off - 12 < n)
			return false;
		for (int k = 0; k < 4; k++)
			if (!((type[k] >= 'A' && type[k] <= 'Z') ||
			      (type[k] >= 'a' && type[k] <= 'z')))
				return false;
		if (crc32_of(table, type, 4 + (size_t)n) !=
		    be32(type + 4 + n))
			return false;
		if ((i == 0) != !memcmp(type, "IHDR", 4))
			return false;
		if (i == 0) {
			const unsigned char *h = type + 4;
			unsigned depth = h[8], colour = h[9];

			if (n != 13 || !be32(h) || !be32(h + 4) ||
			    be32(h) > 0x7fffffffu || be32(h + 4) > 0x7fffffffu)
				return false;
			if (!(colour == 0 || colour == 2 || colour == 3 ||
			      colour == 4 || colour == 6) ||
			    !(depth == 1 || depth == 2 || depth == 4 ||
			      depth == 8 || depth == 16))
				return false;
		}
		if (!memcmp(type, "IDAT", 4))
			idat = true;
		off += 12 + (size_t)n;
		if (!memcmp(type, "IEND", 4))
			return n == 0 && idat && off == len;
	}
	return false;
}

/*
 * Whether p[0 .. len), SOI checked, is a whole JPEG: marker segments with
 * their lengths, a frame header (SOF) before the first scan (SOS), each
 * scan's entropy-coded data up to the next marker (FF 00 is a stuffed
 * byte, FF D0..D7 restart markers within it), and EOI ending the file.
 */
static bool
jpeg_whole(const unsigned char *p, size_t len)
{
	size_t off = 2;
	bool frame = false, scan = false;

	while (off < len) {
		unsigned m;
		size_t seg;

		if (p[off] != 0xff)
			return false;
		while (off < len && p[off] == 0xff)	/* fill bytes */
			off++;
		if (off >= len)
			return false;
		m = p[off++];
		if (m == 0xd9)				/* EOI */
			return frame && scan && off == len;
		if (m == 0x00 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7) ||
		    m == 0x01)
			return false;		/* not a segment here */
		if (len - off < 2)
			return false;
		seg = (size_t)p[off] << 8 | p[off + 1];
		if (seg < 2 || len - off < seg)
			return false;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc)
			frame = true;
		off += seg;
		if (m != 0xda)
			continue;
		if (!frame)
			return false;
		scan = true;
		/* Entropy-coded data: up to a marker that is not RSTn. */
		while (off < len) {
			if (p[off] != 0xff) {
				off++;
				continue;
			}
			if (off + 1 >= len)
				return false;
			if (p[off + 1] == 0x00 ||
			    (p[off + 1] >= 0xd0 && p[off + 1] <= 0xd7)) {
				off += 2;
				continue;
			}
			break;
		}
	}
	return false;
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
	/* Signature, then IHDR, then the whole file chunk by chunk. */
	if (len >= 8 + 8 + 13 + 4 && !memcmp(p, png, 8) &&
	    !memcmp(p + 8, ihdr, 8))
		return png_whole(p, len) ? UPLOAD_PNG : UPLOAD_UNKNOWN;
	if (len >= 4 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff &&
	    p[3] >= 0xc0 && p[3] != 0xff && !(p[3] >= 0xd0 && p[3] <= 0xd9))
		return jpeg_whole(p, len) ? UPLOAD_JPEG : UPLOAD_UNKNOWN;
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
