/*
 * lottery.c - one seeded draw per candidate, from its identifier
 * (match_draw() and match_lottery(), see match.h).
 *
 * The draw is a keyed hash of the identifier's bytes, defined here and in
 * docs/internals/match.md so that anyone can recompute a published lottery:
 *
 *	h = mix(seed + (len + 1) * GOLDEN)
 *	for each 8-byte block w of the identifier, little-endian, the last
 *	one padded with zero bytes:
 *		h = mix(h ^ w) + GOLDEN
 *	draw = mix(h ^ len)
 *
 * where mix() is the 64-bit finalizer of SplitMix64 (Steele, Lea & Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014) and
 * GOLDEN = 0x9e3779b97f4a7c15. All arithmetic is modulo 2^64.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "match/match_int.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

uint64_t
match_draw(uint64_t seed, const char *id, size_t len)
{
	const unsigned char *u = (const unsigned char *)id;
	uint64_t h = mix(seed + ((uint64_t)len + 1) * GOLDEN);

	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;

		for (size_t j = 0; j < 8 && i + j < len; j++)
			w |= (uint64_t)u[i + j] << (8 * j);
		h = mix(h ^ w) + GOLDEN;
	}
	return mix(h ^ (uint64_t)len);
}

/* Does candidate a come before b: lower draw, then bytes, then shorter. */
static int
before(uint32_t a, uint32_t b, const uint64_t *draw, const char *const *id,
       const size_t *len)
{
	size_t n = len[a] < len[b] ? len[a] : len[b];
	int cmp;

	if (draw[a] != draw[b])
		return draw[a] < draw[b];
	cmp = n ? memcmp(id[a], id[b], n) : 0;
	if (cmp)
		return cmp < 0;
	return len[a] < len[b];
}

/*
 * Sort (high half of draw << 32 | candidate) by radix, then settle each run
 * of equal high halves (about n^2 / 2^33 of them) by the full comparison.
 */
void
match_lottery(uint64_t seed, uint32_t n, const char *const *id,
	      const size_t *len, uint32_t *lottery)
{
	uint64_t *draw = xmalloc(((size_t)n + 1) * sizeof(*draw));
	uint64_t *v = xmalloc(((size_t)n + 1) * sizeof(*v));
	uint64_t *tmp = xmalloc(((size_t)n + 1) * sizeof(*tmp));

	for (uint32_t c = 0; c < n; c++) {
		draw[c] = match_draw(seed, id[c], len[c]);
		v[c] = (draw[c] & ~(uint64_t)UINT32_MAX) | c;
	}
	match_sort_u64(v, n, tmp);
	for (uint32_t i = 0; i < n;) {
		uint32_t j = i + 1;

		while (j < n && (v[j] >> 32) == (v[i] >> 32))
			j++;
		for (uint32_t k = i + 1; k < j; k++) {
			uint64_t x = v[k];
			uint32_t m = k;

			while (m > i && before((uint32_t)x, (uint32_t)v[m - 1],
					       draw, id, len)) {
				v[m] = v[m - 1];
				m--;
			}
			v[m] = x;
		}
		i = j;
	}
	for (uint32_t i = 0; i < n; i++)
		lottery[(uint32_t)v[i]] = i;
	free(tmp);
	free(v);
	free(draw);
}
