/*
 * qr.h - a QR code of a text as SVG, to print on paper (a certificate's
 * verification link), made with libqrencode.
 *
 *	struct buf svg;
 *	buf_init(&svg, &r->arena, 0);
 *	if (!qr_svg("https://park.example.cn/verify/ABC", "查验网址", &svg))
 *		... svg.ptr is <svg ...>...</svg>
 *
 * Pure: no database, no HTTP.
 */
#ifndef JG_QR_H
#define JG_QR_H

struct buf;

/*
 * Append to `out` an <svg> element drawing `text` (UTF-8, at most
 * QR_TEXT_MAX bytes) as a QR code of error correction level M with its
 * quiet zone of four modules, dark modules one path, scaled by the page
 * (viewBox in modules). `label` (escaped here) is its accessible name
 * (role="img", aria-label). Returns 0, ERR_INVALID for an empty text,
 * ERR_TOOBIG for one too long to encode, ERR_NOMEM when libqrencode
 * cannot allocate, or the buffer's sticky error.
 */
#define QR_TEXT_MAX 1000
int qr_svg(const char *text, const char *label, struct buf *out);

#endif
