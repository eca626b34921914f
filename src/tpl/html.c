/*
 * html.c - HTML and URL escapers writing into a struct buf (see html.h).
 *
 * Both copy runs of bytes that need no change with one buf_add() and
 * replace the others one at a time, so plain text costs one append.
 */
#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "tpl/html.h"

/* The entity for byte c, or NULL if c stands for itself in HTML. */
static const char *
html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void
html_escapen(struct buf *b, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		const char *ent = html_entity((unsigned char)s[i]);

		if (!ent)
			continue;
		buf_add(b, s + run, i - run);
		buf_addstr(b, ent);
		run = i + 1;
	}
	buf_add(b, s + run, len - run);
}

void
html_escape(struct buf *b, const char *s)
{
	html_escapen(b, s, strlen(s));
}

/* True for the unreserved characters of RFC 3986, section 2.3. */
static bool
url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

void
url_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0, i;

	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char pct[3];

		if (url_unreserved(c))
			continue;
		buf_add(b, s + run, i - run);
		pct[0] = '%';
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		buf_add(b, pct, sizeof(pct));
		run = i + 1;
	}
	buf_add(b, s + run, i - run);
}
