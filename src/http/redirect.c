/*
 * redirect.c - the one check of a redirect target taken from input (a
 * form's `next`, a link): a path on this site and nothing a browser could
 * read as another site (see http_local_path() in http.h).
 */
#include <stdbool.h>
#include <string.h>

#include "http/http.h"
#include "http/http_int.h"

/* A byte a browser strips or reads as a separator: never in a target. */
static bool
forbidden(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '\\';
}

/* One level of %XX decoding of s[0..n) in place; the new length. */
static size_t
decode_once(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int hi = i + 2 < n ? http_hex_value(s[i + 1]) : -1;
		int lo = hi >= 0 ? http_hex_value(s[i + 2]) : -1;

		if (s[i] == '%' && lo >= 0) {
			s[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

/* s[0..n) starts with one "/" and holds no forbidden byte. */
static bool
clean(const char *s, size_t n)
{
	if (n < 1 || s[0] != '/' || (n > 1 && s[1] == '/'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (forbidden((unsigned char)s[i]))
			return false;
	return true;
}

bool
http_local_path(const char *target)
{
	char s[HTTP_LOCAL_PATH_MAX];
	size_t n, m;

	if (!target)
		return false;
	n = strlen(target);
	if (n == 0 || n >= sizeof(s))
		return false;
	memcpy(s, target, n);
	/*
	 * The target as it is and as every level of decoding makes it: each
	 * level that changes anything is two bytes shorter at least, so the
	 * loop ends, and "%2509" is seen as "%09" and then as a tab.
	 */
	for (;;) {
		if (!clean(s, n))
			return false;
		m = decode_once(s, n);
		if (m == n)
			return true;
		n = m;
	}
}

int
http_redirect_local(struct request *r, const char *target,
		    const char *fallback)
{
	return http_redirect(r, http_local_path(target) ? target : fallback);
}
