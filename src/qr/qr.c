/*
 * qr.c - a QR code as SVG (qr.h). libqrencode gives the symbol as a
 * square of modules, one byte each, whose lowest bit is set when the
 * module is dark; each run of dark modules in a row becomes one
 * rectangle of the path, so a code of a link is a few hundred of them.
 */
#include <errno.h>
#include <string.h>

#include <qrencode.h>

#include "base/buf.h"
#include "base/err.h"
#include "qr/qr.h"

/* The light margin around the symbol, in modules (ISO/IEC 18004). */
#define QUIET 4

/* `s` with &, <, > and " escaped, for an attribute. */
static void
add_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_addstr(out, "&amp;"); break;
		case '<': buf_addstr(out, "&lt;"); break;
		case '>': buf_addstr(out, "&gt;"); break;
		case '"': buf_addstr(out, "&quot;"); break;
		default: buf_addch(out, *s); break;
		}
	}
}

int
qr_svg(const char *text, const char *label, struct buf *out)
{
	QRcode *code;
	int size;

	if (!text || !*text)
		return ERR_INVALID;
	if (strlen(text) > QR_TEXT_MAX)
		return ERR_TOOBIG;
	code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return errno == ERANGE || errno == EINVAL ? ERR_TOOBIG :
		       ERR_NOMEM;
	size = code->width + 2 * QUIET;
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		 "class=\"qr\" viewBox=\"0 0 %d %d\" role=\"img\" "
		 "shape-rendering=\"crispEdges\" aria-label=\"", size, size);
	add_escaped(out, label ? label : text);
	buf_addf(out, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		 "<path fill=\"#000\" d=\"", size, size);
	for (int y = 0; y < code->width; y++) {
		for (int x = 0; x < code->width; x++) {
			int run = 0;

			while (x + run < code->width &&
			       code->data[y * code->width + x + run] & 1)
				run++;
			if (run) {
				buf_addf(out, "M%d %dh%dv1h-%dz", x + QUIET,
					 y + QUIET, run, run);
				x += run;
			}
		}
	}
	buf_addstr(out, "\"/></svg>");
	QRcode_free(code);
	return buf_error(out);
}
