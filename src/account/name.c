/*
 * name.c - account names and their keys (name.h), with ICU: its
 * NFKC_Casefold normaliser and its character properties.
 */
#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "account/name.h"
#include "base/err.h"
#include "base/utf8.h"

/* UTF-16 units: a name's (at most 2 per character) and a key's. */
#define NAME_UNITS (2 * ACCOUNT_NAME_MAX + 1)
#define KEY_UNITS 1024

/* The code point at s[*i] (UTF-16), stepping *i past it. */
static UChar32
next_code_point(const UChar *s, int32_t *i, int32_t n)
{
	uint32_t c = s[(*i)++];

	if (c >= 0xd800 && c <= 0xdbff && *i < n && s[*i] >= 0xdc00 &&
	    s[*i] <= 0xdfff)
		c = 0x10000 + ((c - 0xd800) << 10) + (s[(*i)++] - 0xdc00u);
	return (UChar32)c;
}

/* Whether c may appear in a name: nothing invisible, no space. */
static bool
visible(UChar32 c)
{
	switch (u_charType(c)) {
	case U_CONTROL_CHAR:		/* Cc */
	case U_FORMAT_CHAR:		/* Cf: U+200B, U+200D, U+FEFF ... */
	case U_SURROGATE:		/* Cs */
	case U_PRIVATE_USE_CHAR:	/* Co */
	case U_UNASSIGNED:		/* Cn */
	case U_SPACE_SEPARATOR:		/* Zs: U+0020, U+3000 ... */
	case U_LINE_SEPARATOR:		/* Zl */
	case U_PARAGRAPH_SEPARATOR:	/* Zp */
		return false;
	default:
		return !u_hasBinaryProperty(c,
					    UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
	}
}

/* Whether every character of s[0 .. n) may appear in a name; the count. */
static bool
all_visible(const UChar *s, int32_t n, int32_t *chars)
{
	int32_t i = 0;

	*chars = 0;
	while (i < n) {
		if (!visible(next_code_point(s, &i, n)))
			return false;
		(*chars)++;
	}
	return true;
}

int
account_name_key(const char *name, char key[ACCOUNT_KEY_MAX],
		 struct problem *pb)
{
	const UNormalizer2 *nfkc_cf;
	UErrorCode st = U_ZERO_ERROR;
	UChar src[NAME_UNITS], folded[KEY_UNITS];
	int32_t n, m, chars, klen;
	size_t len = name ? strlen(name) : 0;

	if (!len)
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.name_required",
				   "name is required");
	if (!utf8_valid(name, len))
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.name_text", "name is not UTF-8");
	/* More bytes than 64 characters can take: too long, unconverted. */
	if (len > 4 * ACCOUNT_NAME_MAX)
		goto too_long;
	u_strFromUTF8(src, NAME_UNITS, &n, name, (int32_t)len, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR ||
	    st == U_STRING_NOT_TERMINATED_WARNING)
		goto too_long;
	if (U_FAILURE(st))
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.name_text", "name is not UTF-8");
	if (!all_visible(src, n, &chars))
		goto invisible;
	if (chars < 2 || chars > ACCOUNT_NAME_MAX)
		goto too_long;
	nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.name_unchecked",
				   "names cannot be checked (Unicode data "
				   "missing)");
	m = unorm2_normalize(nfkc_cf, src, n, folded, KEY_UNITS, &st);
	if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING &&
	    all_visible(folded, m, &chars) && chars > 0)
		u_strToUTF8(key, ACCOUNT_KEY_MAX, &klen, folded, m, &st);
	else if (U_SUCCESS(st))
		st = U_INVALID_CHAR_FOUND;
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		goto invisible;
	return 0;

invisible:
	return problem_key(pb, ERR_INVALID, "name", "account.err.name_chars",
			   "name must not contain spaces, control or "
			   "invisible characters");
too_long:
	return problem_key(pb, ERR_INVALID, "name", "account.err.name_length",
			   "name must be 2 to 64 characters long");
}
