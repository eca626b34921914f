/*
 * test_sniff.c - judging a file's kind from its bytes (upload_sniff()) and
 * the kind lists of the setting upload.allowed_types.
 *
 * ZIP archives are built here byte by byte (stored entries, as APPNOTE
 * 4.3 lays them out), so each test says exactly what the archive holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "upload/upload.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* A ZIP under construction, in a fixed buffer. */
struct zip {
	unsigned char b[8192];
	size_t len;
	unsigned char cd[4096];	/* central directory, appended at the end */
	size_t cd_len;
	uint16_t entries;
};

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* Add a stored entry `name` holding `data`. */
static void
zip_add(struct zip *z, const char *name, const char *data)
{
	size_t nlen = strlen(name), dlen = strlen(data);
	unsigned char *l = z->b + z->len, *c = z->cd + z->cd_len;

	memset(l, 0, 30);
	memcpy(l, "PK\3\4", 4);
	put16(l + 4, 20);
	put32(l + 18, (uint32_t)dlen);
	put32(l + 22, (uint32_t)dlen);
	put16(l + 26, (unsigned)nlen);
	memcpy(l + 30, name, nlen);
	memcpy(l + 30 + nlen, data, dlen);

	memset(c, 0, 46);
	memcpy(c, "PK\1\2", 4);
	put16(c + 4, 20);
	put16(c + 6, 20);
	put32(c + 20, (uint32_t)dlen);
	put32(c + 24, (uint32_t)dlen);
	put16(c + 28, (unsigned)nlen);
	put32(c + 42, (uint32_t)z->len);
	memcpy(c + 46, name, nlen);

	z->len += 30 + nlen + dlen;
	z->cd_len += 46 + nlen;
	z->entries++;
}

/* Append the central directory and the end record (with `comment`). */
static size_t
zip_finish(struct zip *z, const char *comment)
{
	unsigned char *e;
	size_t clen = strlen(comment);

	memcpy(z->b + z->len, z->cd, z->cd_len);
	e = z->b + z->len + z->cd_len;
	memset(e, 0, 22);
	memcpy(e, "PK\5\6", 4);
	put16(e + 8, z->entries);
	put16(e + 10, z->entries);
	put32(e + 12, (uint32_t)z->cd_len);
	put32(e + 16, (uint32_t)z->len);
	put16(e + 20, (unsigned)clen);
	memcpy(e + 22, comment, clen);
	z->len += z->cd_len + 22 + clen;
	return z->len;
}

static size_t
xlsx(struct zip *z)
{
	memset(z, 0, sizeof(*z));
	zip_add(z, "[Content_Types].xml", "<Types/>");
	zip_add(z, "_rels/.rels", "<Relationships/>");
	zip_add(z, "xl/workbook.xml", "<workbook/>");
	zip_add(z, "xl/worksheets/sheet1.xml", "<worksheet/>");
	return zip_finish(z, "");
}

/* A whole 1x1 PNG: signature, IHDR, IDAT, IEND, each with its CRC. */
static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
	0x1f, 0x15, 0xc4, 0x89,
	0, 0, 0, 13, 'I', 'D', 'A', 'T',
	0x78, 0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50, 0x0f, 0x00, 0x03, 0x86,
	0x01, 0x80, 0x5a, 0x34, 0x7d, 0x6b,
	0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
};

/*
 * A whole JPEG after SOI and its first segment: a baseline frame (SOF0,
 * 1x1, one component), a scan (SOS) with a stuffed FF 00 and a restart
 * marker in its data, and EOI.
 */
static const unsigned char jpeg_rest[] = {
	0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0,
	0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0,
	0xd2, 0xcf, 0x20, 0xff, 0x00, 0x12, 0xff, 0xd0, 0x34,
	0xff, 0xd9,
};

/* A JFIF APP0 segment, as JPEG files from cameras and browsers start. */
#define APP0 "\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"

/* SOI, `first` (a segment of n bytes), then jpeg_rest, into out. */
static size_t
jpeg_with(unsigned char *out, const char *first, size_t n)
{
	out[0] = 0xff;
	out[1] = 0xd8;
	memcpy(out + 2, first, n);
	memcpy(out + 2 + n, jpeg_rest, sizeof(jpeg_rest));
	return 2 + n + sizeof(jpeg_rest);
}

static void
test_pdf(void **state)
{
	(void)state;
	assert_int_equal(upload_sniff(S("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")),
			 UPLOAD_PDF);
	assert_int_equal(upload_sniff(S("%PDF-2.0")), UPLOAD_PDF);
	/* A version is required, and the marker must come first. */
	assert_int_equal(upload_sniff(S("%PDF-")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("%PDF-x.y")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S(" %PDF-1.4")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("%pdf-1.4")), UPLOAD_UNKNOWN);
}

static void
test_png(void **state)
{
	(void)state;
	assert_int_equal(upload_sniff(png, sizeof(png)), UPLOAD_PNG);
	/* The signature alone, or a first chunk that is not IHDR, is not. */
	assert_int_equal(upload_sniff(png, 8), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(png, 32), UPLOAD_UNKNOWN);
	{
		unsigned char bad[sizeof(png)];

		memcpy(bad, png, sizeof(png));
		bad[12] = 'i';
		assert_int_equal(upload_sniff(bad, sizeof(bad)),
				 UPLOAD_UNKNOWN);
		memcpy(bad, png, sizeof(png));
		bad[11] = 14;
		assert_int_equal(upload_sniff(bad, sizeof(bad)),
				 UPLOAD_UNKNOWN);
	}
}

/* A PNG is read to its end: its first bytes are not enough. */
static void
test_png_whole(void **state)
{
	unsigned char b[sizeof(png) + 64];

	(void)state;
	/* Every proper prefix lacks IEND. */
	for (size_t n = 0; n < sizeof(png); n++)
		assert_int_equal(upload_sniff(png, n), UPLOAD_UNKNOWN);
	/* Anything after IEND: a picture with a page behind it. */
	memcpy(b, png, sizeof(png));
	memcpy(b + sizeof(png), "<html>", 6);
	assert_int_equal(upload_sniff(b, sizeof(png) + 6), UPLOAD_UNKNOWN);
	/* A damaged CRC, in IHDR or IDAT. */
	memcpy(b, png, sizeof(png));
	b[29] ^= 1;
	assert_int_equal(upload_sniff(b, sizeof(png)), UPLOAD_UNKNOWN);
	memcpy(b, png, sizeof(png));
	b[45] ^= 0x40;
	assert_int_equal(upload_sniff(b, sizeof(png)), UPLOAD_UNKNOWN);
	/* No IDAT: IHDR straight to IEND. */
	memcpy(b, png, 33);
	memcpy(b + 33, png + sizeof(png) - 12, 12);
	assert_int_equal(upload_sniff(b, 45), UPLOAD_UNKNOWN);
	/* A zero width, and a colour type the standard does not have. */
	memcpy(b, png, sizeof(png));
	b[19] = 0;
	assert_int_equal(upload_sniff(b, sizeof(png)), UPLOAD_UNKNOWN);
	memcpy(b, png, sizeof(png));
	b[25] = 5;
	assert_int_equal(upload_sniff(b, sizeof(png)), UPLOAD_UNKNOWN);
	/* A chunk whose length runs past the end. */
	memcpy(b, png, sizeof(png));
	b[36] = 0x7f;
	assert_int_equal(upload_sniff(b, sizeof(png)), UPLOAD_UNKNOWN);
}

static void
test_jpeg(void **state)
{
	unsigned char b[256];
	char dqt[69] = "\xff\xdb\0\x43";

	(void)state;
	/*
	 * Whole files beginning as these did (JFIF, Exif, a quantisation
	 * table): their first bytes alone are no longer enough, below.
	 */
	assert_int_equal(upload_sniff(b, jpeg_with(b, S(APP0))), UPLOAD_JPEG);
	assert_int_equal(upload_sniff(b, jpeg_with(b, S("\xff\xe1\0\x08"
			 "Exif\0\0"))), UPLOAD_JPEG);
	assert_int_equal(upload_sniff(b, jpeg_with(b, dqt, sizeof(dqt))),
			 UPLOAD_JPEG);
	assert_int_equal(upload_sniff(S("\xff\xd8\xff\xe0\0\x10JFIF")),
			 UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("\xff\xd8\xff\xdb")),
			 UPLOAD_UNKNOWN);
	/* Not a marker that may follow SOI. */
	assert_int_equal(upload_sniff(S("\xff\xd8\xff\xd9")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("\xff\xd8\xff\xff")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("\xff\xd8\xff\x10")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("\xff\xd8\xff")), UPLOAD_UNKNOWN);
}

/* A JPEG is read to EOI, which must end it. */
static void
test_jpeg_whole(void **state)
{
	unsigned char b[256], c[256];
	size_t n;

	(void)state;
	n = jpeg_with(b, S(APP0));
	assert_int_equal(upload_sniff(b, n), UPLOAD_JPEG);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(upload_sniff(b, i), UPLOAD_UNKNOWN);
	/* Bytes after EOI. */
	memcpy(c, b, n);
	memcpy(c + n, "<script>", 8);
	assert_int_equal(upload_sniff(c, n + 8), UPLOAD_UNKNOWN);
	/* A scan before any frame header. */
	n = 0;
	c[n++] = 0xff;
	c[n++] = 0xd8;
	memcpy(c + n, jpeg_rest + 13, sizeof(jpeg_rest) - 13);
	n += sizeof(jpeg_rest) - 13;
	assert_int_equal(upload_sniff(c, n), UPLOAD_UNKNOWN);
	/* A segment length running past the end, or below 2. */
	n = jpeg_with(b, S(APP0));
	memcpy(c, b, n);
	c[4] = 0x7f;
	assert_int_equal(upload_sniff(c, n), UPLOAD_UNKNOWN);
	memcpy(c, b, n);
	c[5] = 1;
	c[4] = 0;
	assert_int_equal(upload_sniff(c, n), UPLOAD_UNKNOWN);
	/* A second SOI where a segment should be. */
	memcpy(c, b, n);
	c[21] = 0xd8;
	assert_int_equal(upload_sniff(c, n), UPLOAD_UNKNOWN);
}

static void
test_text_and_html_are_nothing(void **state)
{
	(void)state;
	assert_int_equal(upload_sniff(S("hello, world\n")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("<html><script>alert(1)</script>")),
			 UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(S("PK")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff("", 0), UPLOAD_UNKNOWN);
	assert_int_equal(upload_sniff(NULL, 0), UPLOAD_UNKNOWN);
}

static void
test_xlsx_and_docx(void **state)
{
	struct zip z;
	size_t n;

	(void)state;
	n = xlsx(&z);
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_XLSX);

	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<Types/>");
	zip_add(&z, "word/document.xml", "<document/>");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_DOCX);

	/* A comment after the end record is allowed (it is part of it). */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<Types/>");
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	n = zip_finish(&z, "made by hand, PK\5\6 and all");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_XLSX);
}

static void
test_zip_that_is_not_office(void **state)
{
	struct zip z;
	size_t n;

	(void)state;
	/* A plain ZIP. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "readme.txt", "hi");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);

	/* Office names but no [Content_Types].xml. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);

	/* Both a workbook and a document: which would it be? Neither. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<Types/>");
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	zip_add(&z, "word/document.xml", "<document/>");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);

	/* Macros are refused. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<Types/>");
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	zip_add(&z, "xl/vbaProject.bin", "\xd0\xcf\x11\xe0");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);

	/*
	 * Part names are case-insensitive in OPC: macros in any case, VBA
	 * signatures and data, and Excel 4.0 macro sheets are refused.
	 */
	for (const char *const *m = (const char *const[]){
		"xl/VbaProject.bin", "XL/VBAPROJECT.BIN", "word/vbaproject.bin",
		"xl/vbaProjectSignature.bin", "word/vbaData.xml",
		"xl/macrosheets/sheet1.xml", "xl/MacroSheets/Sheet1.xml",
		"customUI/vbaProject.bin", NULL }; *m; m++) {
		memset(&z, 0, sizeof(z));
		zip_add(&z, "[Content_Types].xml", "<Types/>");
		zip_add(&z, "xl/workbook.xml", "<workbook/>");
		zip_add(&z, *m, "\xd0\xcf\x11\xe0");
		n = zip_finish(&z, "");
		assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);
	}
	/* A part merely named like one is no macro. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[Content_Types].xml", "<Types/>");
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	zip_add(&z, "xl/media/notvba.png", "x");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_XLSX);

	/* Names that only look alike do not count. */
	memset(&z, 0, sizeof(z));
	zip_add(&z, "[content_types].xml", "<Types/>");
	zip_add(&z, "xl/workbook.xml", "<workbook/>");
	n = zip_finish(&z, "");
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_UNKNOWN);
}

static void
test_damaged_zip(void **state)
{
	struct zip z;
	unsigned char copy[sizeof(z.b)];
	size_t n = xlsx(&z), eocd = n - 22;

	(void)state;
	/* Every proper prefix loses the end record: not an archive. */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(upload_sniff(z.b, i), UPLOAD_UNKNOWN);
	/* Trailing bytes after the end record. */
	memcpy(copy, z.b, n);
	copy[n] = 'x';
	assert_int_equal(upload_sniff(copy, n + 1), UPLOAD_UNKNOWN);
	/* A directory that claims to start beyond itself. */
	memcpy(copy, z.b, n);
	put32(copy + eocd + 16, (uint32_t)eocd);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* More entries than the directory holds. */
	memcpy(copy, z.b, n);
	put16(copy + eocd + 8, 9);
	put16(copy + eocd + 10, 9);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* ZIP64 markers. */
	memcpy(copy, z.b, n);
	put16(copy + eocd + 8, 0xffff);
	put16(copy + eocd + 10, 0xffff);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* Split over disks. */
	memcpy(copy, z.b, n);
	put16(copy + eocd + 4, 1);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* An entry whose local header is not where the directory says. */
	memcpy(copy, z.b, n);
	put32(copy + z.len - 22 - z.cd_len + 42, 7);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* A directory entry's name running past the directory. */
	memcpy(copy, z.b, n);
	put16(copy + z.len - 22 - z.cd_len + 28, 4000);
	assert_int_equal(upload_sniff(copy, n), UPLOAD_UNKNOWN);
	/* And the intact one still passes. */
	assert_int_equal(upload_sniff(z.b, n), UPLOAD_XLSX);
}

static void
test_names_and_types(void **state)
{
	(void)state;
	assert_string_equal(upload_kind_name(UPLOAD_PDF), "pdf");
	assert_string_equal(upload_kind_mime(UPLOAD_PNG), "image/png");
	assert_string_equal(upload_kind_mime(UPLOAD_XLSX),
		"application/vnd.openxmlformats-officedocument."
		"spreadsheetml.sheet");
	assert_null(upload_kind_name(UPLOAD_UNKNOWN));
	assert_null(upload_kind_mime(UPLOAD_KIND_COUNT));
	assert_int_equal(upload_kind_from_name(S("JPG")), UPLOAD_JPEG);
	assert_int_equal(upload_kind_from_name(S("jpeg")), UPLOAD_JPEG);
	assert_int_equal(upload_kind_from_name(S("docx")), UPLOAD_DOCX);
	assert_int_equal(upload_kind_from_name(S("doc")), UPLOAD_UNKNOWN);
	assert_int_equal(upload_kind_from_mime("application/pdf"), UPLOAD_PDF);
	assert_int_equal(upload_kind_from_mime("text/html"), UPLOAD_UNKNOWN);
	for (int k = UPLOAD_PDF; k < UPLOAD_KIND_COUNT; k++)
		assert_int_equal(upload_kind_from_mime(upload_kind_mime(k)), k);
}

/* The name a file is served under: the extension follows its kind. */
static void
test_file_names(void **state)
{
	char out[64], small[16];
	char big[300];

	(void)state;
	upload_file_name("photo.pdf", UPLOAD_PNG, out, sizeof(out));
	assert_string_equal(out, "photo.png");
	upload_file_name("budget.xlsm", UPLOAD_XLSX, out, sizeof(out));
	assert_string_equal(out, "budget.xlsx");
	upload_file_name("Scan.JPEG", UPLOAD_JPEG, out, sizeof(out));
	assert_string_equal(out, "Scan.JPEG");
	upload_file_name("scan.jpg", UPLOAD_JPEG, out, sizeof(out));
	assert_string_equal(out, "scan.jpg");
	upload_file_name("scan", UPLOAD_JPEG, out, sizeof(out));
	assert_string_equal(out, "scan.jpg");
	upload_file_name("营业执照.PDF", UPLOAD_PDF, out, sizeof(out));
	assert_string_equal(out, "营业执照.PDF");
	upload_file_name("a.tar.gz", UPLOAD_DOCX, out, sizeof(out));
	assert_string_equal(out, "a.tar.docx");
	upload_file_name(".profile", UPLOAD_PDF, out, sizeof(out));
	assert_string_equal(out, ".profile.pdf");
	upload_file_name("x.", UPLOAD_PDF, out, sizeof(out));
	assert_string_equal(out, "x.pdf");
	assert_int_equal(upload_file_name("x.pdf", UPLOAD_UNKNOWN, out,
					  sizeof(out)), 0);
	assert_string_equal(out, "");
	/* Cut at a character boundary to fit, the extension kept whole. */
	assert_int_equal(upload_file_name("营业执照扫描件.html", UPLOAD_PDF,
					  small, sizeof(small)), 13);
	assert_string_equal(small, "营业执.pdf");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(upload_file_name(big, UPLOAD_PNG, out, sizeof(out)),
			 63);
	assert_string_equal(out + 59, ".png");
}

static void
test_allowed_lists(void **state)
{
	(void)state;
	assert_true(upload_kind_allowed("pdf,png,jpeg,xlsx,docx", UPLOAD_DOCX));
	assert_true(upload_kind_allowed(" pdf , png ", UPLOAD_PNG));
	assert_true(upload_kind_allowed("jpg", UPLOAD_JPEG));
	assert_false(upload_kind_allowed("pdf", UPLOAD_PNG));
	assert_false(upload_kind_allowed("pdfx,xpng", UPLOAD_PDF));
	assert_false(upload_kind_allowed("pdfx,xpng", UPLOAD_PNG));
	assert_false(upload_kind_allowed("", UPLOAD_PDF));
	assert_false(upload_kind_allowed(",,, ,", UPLOAD_PDF));
	assert_false(upload_kind_allowed("pdf", UPLOAD_UNKNOWN));
	assert_false(upload_kind_allowed(NULL, UPLOAD_PDF));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_png_whole),
		cmocka_unit_test(test_jpeg),
		cmocka_unit_test(test_jpeg_whole),
		cmocka_unit_test(test_text_and_html_are_nothing),
		cmocka_unit_test(test_xlsx_and_docx),
		cmocka_unit_test(test_zip_that_is_not_office),
		cmocka_unit_test(test_damaged_zip),
		cmocka_unit_test(test_names_and_types),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_allowed_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
