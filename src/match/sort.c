/*
 * sort.c - sorting 64-bit keys in linear time, for preparing lists.
 *
 * Preference lists usually arrive in rank order, so the first thing to do is
 * to notice that and stop. Short lists are insertion-sorted (at most
 * SHORT_LIST^2 / 2 moves, a constant per element); longer ones get an LSD
 * radix sort that skips the bytes on which all keys agree (a list sorted by
 * rank with small ranks needs one or two passes).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "match/match_int.h"

#define SHORT_LIST 48

static bool
is_sorted(const uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			return false;
	return true;
}

static void
insertion_sort(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = a[i];
		size_t j = i;

		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

static void
radix_sort(uint64_t *a, size_t n, uint64_t *tmp)
{
	uint64_t all_or = 0, all_and = UINT64_MAX, differ;
	uint64_t *src = a, *dst = tmp, *t;
	size_t count[256];

	for (size_t i = 0; i < n; i++) {
		all_or |= a[i];
		all_and &= a[i];
	}
	differ = all_or ^ all_and;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;

		if (!((differ >> shift) & 0xff))
			continue;
		memset(count, 0, sizeof(count));
		for (size_t i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		for (size_t d = 0; d < 256; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

void
match_sort_u64(uint64_t *a, size_t n, uint64_t *tmp)
{
	if (n < 2 || is_sorted(a, n))
		return;
	if (n <= SHORT_LIST)
		insertion_sort(a, n);
	else
		radix_sort(a, n, tmp);
}
