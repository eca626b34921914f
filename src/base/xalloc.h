/*
 * xalloc.h - heap allocation that never returns NULL.
 *
 * A server can do nothing useful once the heap is exhausted, so these wrappers
 * print a message and abort instead of handing every caller an untestable
 * branch (git's xmalloc, Redis's zmalloc). Limits an attacker controls (body
 * size, buffer caps, arena budgets) are not heap exhaustion: they are reported
 * as ERR_TOOBIG by the structure that enforces them.
 */
#ifndef JG_XALLOC_H
#define JG_XALLOC_H

#include <stddef.h>

#include "base/macros.h"

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc for an array of n elements of size bytes; aborts on overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow array `p` (element count `cap`) to hold at least `need` elements. */
#define ALLOC_GROW(p, need, cap)                                          \
	do {                                                              \
		if ((need) > (cap)) {                                     \
			size_t alloc_grow_n = (cap) < 8 ? 8 : (cap) * 2;  \
			if (alloc_grow_n < (need))                        \
				alloc_grow_n = (need);                    \
			(p) = xreallocarray((p), alloc_grow_n, sizeof(*(p))); \
			(cap) = alloc_grow_n;                             \
		}                                                         \
	} while (0)


#endif
