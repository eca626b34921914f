/*
 * arena.c - region allocator with cleanup hooks (see arena.h).
 *
 * Blocks are chained newest first; an allocation that does not fit in the
 * head block gets a new block of at least ARENA_BLOCK bytes (or its own block
 * when it is larger than that).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/xalloc.h"

#define ARENA_BLOCK ((size_t)16 << 10)

struct arena_block {
	struct arena_block *next;
	size_t size;		/* usable bytes in data[] */
	size_t off;		/* first free byte */
	_Alignas(max_align_t) unsigned char data[];
};

struct arena_defer {
	struct arena_defer *next;
	void (*fn)(void *);
	void *arg;
};

void
arena_init(struct arena *a, size_t budget)
{
	a->head = NULL;
	a->defers = NULL;
	a->used = 0;
	a->budget = budget;
}

void *
arena_alloc(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b = a->head;
	size_t off, bsize;

	if (align == 0)
		align = 1;
	if (b) {
		/* Align the address, not the offset: data[] is only
		 * max_align_t-aligned. */
		off = (((uintptr_t)(b->data + b->off) + align - 1) &
		       ~(uintptr_t)(align - 1)) - (uintptr_t)b->data;
		if (off <= b->size && size <= b->size - off) {
			b->off = off + size;
			return b->data + off;
		}
	}
	if (size > SIZE_MAX - sizeof(*b) - align)
		return NULL;
	bsize = size + align > ARENA_BLOCK ? size + align : ARENA_BLOCK;
	if (a->budget && bsize > a->budget - a->used)
		return NULL;
	b = xmalloc(sizeof(*b) + bsize);
	b->size = bsize;
	a->used += bsize;
	/*
	 * A large allocation goes in a block of its own behind the head, so
	 * the head keeps its free space for the small ones that follow.
	 */
	if (a->head && bsize > ARENA_BLOCK) {
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	off = ((uintptr_t)b->data + align - 1) / align * align - (uintptr_t)b->data;
	b->off = off + size;
	return b->data + off;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size, size_t align)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = arena_alloc(a, n * size, align);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1, 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1, 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_defer *d = arena_alloc(a, sizeof(*d), _Alignof(struct arena_defer));

	if (!d)
		return ERR_NOMEM;
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
	return 0;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *next;

	/* Hooks may use arena memory, so they run before any block is freed. */
	while (a->defers) {
		struct arena_defer *d = a->defers;

		a->defers = d->next;
		d->fn(d->arg);
	}
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	arena_init(a, a->budget);
}
