/*
 * buf.c - growable buffer with a cap and a sticky error (see buf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"

/* The shared empty string every empty buffer points at. Never written. */
static char buf_empty_slot[1];

void
buf_init(struct buf *b, struct arena *a, size_t max)
{
	b->ptr = buf_empty_slot;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : BUF_DEFAULT_MAX;
	b->a = a;
	b->err = 0;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return;
	if (extra > b->max || b->len > b->max - extra) {
		b->err = ERR_TOOBIG;
		return;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	if (b->a) {
		p = arena_alloc(b->a, cap, 1);
		if (!p) {
			b->err = ERR_NOMEM;
			return;
		}
		memcpy(p, b->ptr, b->len + 1);
	} else {
		p = xrealloc(b->cap ? b->ptr : NULL, cap);
		if (!b->cap)
			p[0] = '\0';
	}
	b->ptr = p;
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (b->err || n == 0)
		return;
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = ERR_INVALID;
		goto restore;
	}
	if (b->cap && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	buf_grow(b, (size_t)n);
	if (b->err)
		goto restore;
	vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	b->len += (size_t)n;
	return;

restore:
	/* The first vsnprintf() may have written past len: cut it off. */
	if (b->cap)
		b->ptr[b->len] = '\0';
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_add_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t need = n + 2;
	char *w;

	/* Measure first, so that the bytes go in with no check each. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\' || c == '\b' || c == '\f' ||
		    c == '\n' || c == '\r' || c == '\t')
			need += 1;
		else if (c < 0x20)
			need += 5;
	}
	buf_grow(b, need);
	if (b->err)
		return;
	w = b->ptr + b->len;
	*w++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			*w++ = (char)c;
			continue;
		}
		*w++ = '\\';
		switch (c) {
		case '"': case '\\': *w++ = (char)c; break;
		case '\b': *w++ = 'b'; break;
		case '\f': *w++ = 'f'; break;
		case '\n': *w++ = 'n'; break;
		case '\r': *w++ = 'r'; break;
		case '\t': *w++ = 't'; break;
		default:
			*w++ = 'u';
			*w++ = '0';
			*w++ = '0';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
		}
	}
	*w++ = '"';
	*w = '\0';
	b->len = (size_t)(w - b->ptr);
}

void
buf_add_int(struct buf *b, long long v)
{
	/* Digits from the right: printf would cost more than the rest. */
	char text[24], *p = text + sizeof(text);
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v
				     : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(text + sizeof(text) - p));
}

void
buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
	b->err = 0;
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

int
buf_error(const struct buf *b)
{
	return b->err;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (b->cap) {
		p = b->ptr;
	} else if (b->a) {
		p = arena_alloc(b->a, 1, 1);
		if (p)
			p[0] = '\0';
	} else {
		p = xstrdup("");
	}
	buf_init(b, b->a, b->max);
	return p;
}

void
buf_release(struct buf *b)
{
	if (!b->a && b->cap)
		free(b->ptr);
	buf_init(b, b->a, b->max);
}
