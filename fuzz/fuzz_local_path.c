/*
 * fuzz_local_path.c - libFuzzer target for http_local_path() (src/http/
 * redirect.c), the one check of redirect targets.
 *
 * The input, cut at its first NUL, is checked. Invariants on every target
 * it accepts: it is shorter than HTTP_LOCAL_PATH_MAX; and it, and each
 * level of percent-decoding of it down to the last (decoded here by a
 * decoder of this file), starts with exactly one "/" and holds no byte
 * <= 0x20, no 0x7f and no backslash; each of those levels is accepted
 * too; and so is the target behind "/x" (a path below an accepted one).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode every valid %XX of s once, in place; whether anything changed. */
static bool
decode(unsigned char *s, size_t *n)
{
	size_t o = 0;
	bool changed = false;

	for (size_t i = 0; i < *n; i++) {
		if (s[i] == '%' && i + 2 < *n && hex(s[i + 1]) >= 0 &&
		    hex(s[i + 2]) >= 0) {
			s[o++] = (unsigned char)(hex(s[i + 1]) * 16 +
						 hex(s[i + 2]));
			i += 2;
			changed = true;
		} else {
			s[o++] = s[i];
		}
	}
	*n = o;
	return changed;
}

static void
check_clean(const unsigned char *s, size_t n)
{
	if (n < 1 || s[0] != '/' || (n > 1 && (s[1] == '/' || s[1] == '\\')))
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] == 0x7f || s[i] == '\\')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *s;
	char *below;
	size_t n;

	s = malloc(size + 3);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen((char *)s);
	if (!http_local_path((char *)s))
		goto out;
	if (n >= HTTP_LOCAL_PATH_MAX)
		abort();
	below = malloc(n + 3);
	if (!below)
		abort();
	memcpy(below, "/x", 2);
	memcpy(below + 2, s, n + 1);
	if (n + 2 < HTTP_LOCAL_PATH_MAX && !http_local_path(below))
		abort();
	free(below);
	do {
		check_clean(s, n);
		s[n] = '\0';
		if (!http_local_path((char *)s))
			abort();
	} while (decode(s, &n));
out:
	free(s);
	return 0;
}
