/*
 * html.h - escapers for text written into HTML and URLs from C.
 *
 * Templates escape every {{value}} themselves (tpl.h); these are for the
 * small fragments a handler builds in C, such as an <option> list, and for
 * the template renderer. Each escaper is named for the context its output
 * goes into (cgit's html.h idea) and appends to a struct buf, so its errors
 * are the buffer's sticky errors (ERR_TOOBIG, ERR_NOMEM; see buf.h): call
 * freely, check buf_error() once at the end. None of them allocates except
 * through the buffer. All run in time linear in the input.
 */
#ifndef JG_TPL_HTML_H
#define JG_TPL_HTML_H

#include <stddef.h>

struct buf;

/*
 * Append `s` (a C string) to `b` with the five characters that matter in
 * HTML text and in quoted attribute values replaced by entities:
 * & -> &amp;  < -> &lt;  > -> &gt;  " -> &quot;  ' -> &#39;
 * Every other byte, including UTF-8 sequences (Chinese text), is copied as
 * it is. The output is safe between tags and inside an attribute value in
 * single or double quotes; it is not safe inside <script> or <style>, nor
 * as an unquoted attribute value.
 */
void html_escape(struct buf *b, const char *s);

/* The same for `len` bytes of `s`, which may contain NUL bytes. */
void html_escapen(struct buf *b, const char *s, size_t len);

/*
 * Append `s` (a C string) to `b` percent-encoded for use as one value of a
 * URL query string (`?q=` followed by the output): the unreserved
 * characters of RFC 3986 (A-Z a-z 0-9 - . _ ~) are copied, every other byte
 * becomes %XX with upper-case hex digits (a space is %20, a Chinese
 * character its three UTF-8 bytes encoded). The result contains no
 * character special in HTML, so it can go straight into an attribute.
 */
void url_escape(struct buf *b, const char *s);

#endif
