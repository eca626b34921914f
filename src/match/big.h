/*
 * big.h - arrays of millions of elements for src/match/.
 *
 * A province-scale problem fills a few gigabytes of arrays once, in a few
 * seconds; with 4 KiB pages that is a million page faults, which cost more
 * than the work done on the pages (especially in a virtual machine). Large
 * arrays are therefore aligned to 2 MiB and marked for transparent huge
 * pages (madvise(MADV_HUGEPAGE), a hint the kernel may ignore). Small ones
 * come from xmalloc(). Either way the memory is released with free().
 */
#ifndef JG_MATCH_BIG_H
#define JG_MATCH_BIG_H

#include <stddef.h>

/*
 * Room for n elements of `size` bytes, uninitialised (like xmalloc(n *
 * size) with an overflow check). Never NULL: aborts on heap exhaustion.
 */
void *big_alloc(size_t n, size_t size);

/* The same, zeroed. */
void *big_calloc(size_t n, size_t size);

#endif
