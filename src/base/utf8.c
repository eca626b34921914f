/*
 * utf8.c - UTF-8 validation (see utf8.h).
 *
 * Text is mostly ASCII, so utf8_valid_len() skips eight bytes at a time while
 * none has its top bit set and only decodes multi-byte sequences one by one.
 */
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

size_t
utf8_seq_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (len == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	/* Table 3-7: the lead byte fixes the length and the second byte's
	   range. */
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		if (u[0] == 0xe0)
			lo = 0xa0;	/* no overlong three-byte forms */
		else if (u[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		if (u[0] == 0xf0)
			lo = 0x90;	/* no overlong four-byte forms */
		else if (u[0] == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (len < n || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (u[i] < 0x80 || u[i] > 0xbf)
			return 0;
	return n;
}

size_t
utf8_valid_len(const char *s, size_t len)
{
	size_t i = 0, n;
	uint64_t w;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!(w & HIGH_BITS)) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq_len(s + i, len - i);
		if (!n)
			break;
		i += n;
	}
	return i;
}

bool
utf8_valid(const char *s, size_t len)
{
	return utf8_valid_len(s, len) == len;
}
