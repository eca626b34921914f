/*
 * buf.h - a growable byte buffer with a cap and a sticky error.
 *
 * Invariants (git's strbuf): `ptr` is never NULL and always NUL-terminated,
 * so a buffer can be handed to anything that wants a C string; `len` counts
 * the bytes in use, not the terminator.
 *
 * Errors are sticky (SQLite's StrAccum): the first append that would take the
 * buffer past `max` bytes, or that fails to allocate from an arena, records
 * ERR_TOOBIG or ERR_NOMEM in `err`, and every later append does nothing. Call
 * sites append freely and check buf_error() once at the end.
 *
 * Memory comes from the heap (`a` == NULL; free it with buf_release()) or from
 * an arena (freed with the arena; buf_release() only forgets it).
 *
 *	struct buf b;
 *	buf_init(&b, NULL, 0);
 *	buf_addf(&b, "%d rows", n);
 *	if (buf_error(&b)) ...
 *	puts(b.ptr);
 *	buf_release(&b);
 */
#ifndef JG_BUF_H
#define JG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct buf {
	char *ptr;		/* contents, NUL-terminated, never NULL */
	size_t len;		/* bytes used, excluding the NUL */
	size_t cap;		/* bytes allocated; 0 while ptr is the empty slot */
	size_t max;		/* the most bytes the buffer may hold */
	struct arena *a;	/* where memory comes from; NULL for the heap */
	int err;		/* first error, sticky; 0 while all is well */
};

/* The default cap when buf_init() is given 0: 64 MiB. */
#define BUF_DEFAULT_MAX ((size_t)64 << 20)

/*
 * Make `b` an empty buffer. `a` is the arena to allocate from, or NULL for
 * the heap; `max` the cap in bytes, or 0 for BUF_DEFAULT_MAX. Allocates
 * nothing until the first append.
 */
void buf_init(struct buf *b, struct arena *a, size_t max);

/* Ensure room for `extra` more bytes; sets the sticky error on failure. */
void buf_grow(struct buf *b, size_t extra);

/* Append `n` bytes of `p`, a C string, one byte, or printf-style text. */
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Append `n` bytes of `s`, well-formed UTF-8, as a JSON string: quoted,
 * with the escapes JSON requires (quote, backslash, control characters)
 * and nothing else, as jansson writes it.
 */
void buf_add_json_string(struct buf *b, const char *s, size_t n);

/* Append `v` in decimal. */
void buf_add_int(struct buf *b, long long v);

/* Forget the contents (keeps the memory and clears the sticky error). */
void buf_reset(struct buf *b);

/* Shorten to `len` bytes (no-op if already shorter). */
void buf_truncate(struct buf *b, size_t len);

/* The sticky error: 0, ERR_TOOBIG or ERR_NOMEM. */
int buf_error(const struct buf *b);

/*
 * Hand the contents to the caller and leave `b` empty. The result is
 * NUL-terminated and belongs to the caller (free() it for a heap buffer; it
 * lives in the arena otherwise). Its length is stored in *len if len is not
 * NULL.
 */
char *buf_detach(struct buf *b, size_t *len);

/* Free a heap buffer's memory and make it empty again. */
void buf_release(struct buf *b);

#endif
