/*
 * big.c - large arrays on transparent huge pages (see big.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/xalloc.h"
#include "match/big.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define WORTH_IT ((size_t)1 << 20)

void *
big_alloc(size_t n, size_t size)
{
	size_t bytes, rounded;
	void *p;

	if (size && n > SIZE_MAX / size) {
		fputs("big_alloc: size overflow\n", stderr);
		abort();
	}
	bytes = n * size;
	if (bytes < WORTH_IT)
		return xmalloc(bytes ? bytes : 1);
	rounded = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	p = aligned_alloc(HUGE_PAGE, rounded);
	if (!p)
		return xmalloc(bytes);	/* aborts if the heap is exhausted */
#ifdef MADV_HUGEPAGE
	madvise(p, rounded, MADV_HUGEPAGE);
#endif
	return p;
}

void *
big_calloc(size_t n, size_t size)
{
	void *p = big_alloc(n, size);

	memset(p, 0, n * size);
	return p;
}
