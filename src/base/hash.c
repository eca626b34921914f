/*
 * hash.c - XXH64, written from its specification (hash.h).
 *
 * Inputs of 32 bytes or more go through four accumulators, each taking
 * every fourth 8-byte word, then merged; what is left is mixed in 8, 4
 * and 1 bytes at a time; a final avalanche spreads every input bit over
 * the digest. Words are read little-endian whatever the machine.
 */
#include <stdio.h>

#include "base/hash.h"

#define P1 0x9E3779B185EBCA87u
#define P2 0xC2B2AE3D27D4EB4Fu
#define P3 0x165667B19E3779F9u
#define P4 0x85EBCA77C2B2AE63u
#define P5 0x27D4EB2F165667C5u

static inline uint64_t
rotl(uint64_t x, unsigned r)
{
	return x << r | x >> (64 - r);
}

/* Written out, not looped: compilers make this one load on x86 and ARM. */
static inline uint64_t
read64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline uint64_t
read32(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24;
}

/* One lane's step over one word. */
static inline uint64_t
lane_step(uint64_t acc, uint64_t word)
{
	acc += word * P2;
	return rotl(acc, 31) * P1;
}

/* Fold lane `acc` into the merged digest `h`. */
static uint64_t
merge_lane(uint64_t h, uint64_t acc)
{
	h ^= lane_step(0, acc);
	return h * P1 + P4;
}

uint64_t
hash64(const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;

		do {
			v1 = lane_step(v1, read64(p));
			v2 = lane_step(v2, read64(p + 8));
			v3 = lane_step(v3, read64(p + 16));
			v4 = lane_step(v4, read64(p + 24));
			p += 32;
		} while (end - p >= 32);
		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = merge_lane(h, v1);
		h = merge_lane(h, v2);
		h = merge_lane(h, v3);
		h = merge_lane(h, v4);
	} else {
		h = P5;
	}
	h += (uint64_t)len;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ lane_step(0, read64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		h = rotl(h ^ read32(p) * P1, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl(h ^ (uint64_t)*p * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

void
hash_etag(char out[HASH_ETAG_SIZE], const void *p, size_t len)
{
	snprintf(out, HASH_ETAG_SIZE, "\"%016llx\"",
		 (unsigned long long)hash64(p, len));
}
