/*
 * money.c - fen as yuan text (see money.h).
 */
#include <stdbool.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"

/* Write fen as yuan into out, with "," between groups when `group`. */
static int
format(int64_t fen, bool group, char *out, size_t len)
{
	char tmp[MONEY_TEXT_MAX], *p = tmp + sizeof(tmp);
	/* The magnitude in unsigned arithmetic: -INT64_MIN overflows int64. */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t yuan = mag / 100;
	unsigned cents = (unsigned)(mag % 100);
	int digits = 0;
	size_t n;

	*--p = '\0';
	*--p = (char)('0' + cents % 10);
	*--p = (char)('0' + cents / 10);
	*--p = '.';
	do {
		if (group && digits && digits % 3 == 0)
			*--p = ',';
		*--p = (char)('0' + yuan % 10);
		yuan /= 10;
		digits++;
	} while (yuan);
	if (fen < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	if (n > len) {
		if (len)
			out[0] = '\0';
		return ERR_TOOBIG;
	}
	memcpy(out, p, n);
	return 0;
}

int
money_format_yuan(int64_t fen, char *out, size_t len)
{
	return format(fen, true, out, len);
}

int
money_format_plain(int64_t fen, char *out, size_t len)
{
	return format(fen, false, out, len);
}

int
money_format_scaled(int64_t fen, char *out, size_t len,
		    enum money_scale *scale)
{
	/* fen per hundredth of each unit: 0.01 yuan, 100 yuan, 10^6 yuan. */
	static const uint64_t per[] = { 1, 10000, 100000000 };
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	unsigned s = MONEY_SCALE_YUAN;
	int64_t hundredths;
	int rc;

	while (s < MONEY_SCALE_YI && mag / 100 >= per[s + 1])
		s++;
	if (s == MONEY_SCALE_YUAN) {
		rc = format(fen, true, out, len);
	} else {
		/* Rounded half away from zero; far below INT64_MAX. */
		hundredths = (int64_t)((mag + per[s] / 2) / per[s]);
		rc = format(fen < 0 ? -hundredths : hundredths, true, out,
			    len);
	}
	if (!rc)
		*scale = (enum money_scale)s;
	return rc;
}

/* Whether s starts with the bytes of `prefix`. */
static bool
starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const char *
skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * The digits of s[0 .. n) as an integer of 10^-places units, with the
 * grammar of money_parse_decimal() (no sign, no spaces): 0 or ERR_INVALID.
 */
static int
parse_unsigned(const char *s, size_t n, unsigned places, uint64_t *out)
{
	const char *end = s + n, *p = s;
	uint64_t v = 0;
	size_t group = 0, whole = 0;
	unsigned decimals = 0;
	bool grouped = false;

	for (; p < end && *p != '.'; p++) {
		if (*p == ',') {
			/* "1,234": 1-3 digits first, then groups of three. */
			if (!whole || (grouped ? group != 3 : group > 3))
				return ERR_INVALID;
			grouped = true;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
			return ERR_INVALID;
		v = v * 10 + (uint64_t)(*p - '0');
		group++;
		whole++;
	}
	if (!whole || (grouped && group != 3))
		return ERR_INVALID;
	if (p < end && ++p == end)
		return ERR_INVALID;	/* "20." */
	for (; p < end; p++, decimals++) {
		if (*p < '0' || *p > '9' || decimals == places ||
		    v > (UINT64_MAX - 9) / 10)
			return ERR_INVALID;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	for (; decimals < places; decimals++) {
		if (v > UINT64_MAX / 10)
			return ERR_INVALID;
		v *= 10;
	}
	*out = v;
	return 0;
}

/*
 * The number of s (an optional "-", then `before`, the digits, `after`
 * where given and present): the one parser behind money_parse_decimal()
 * and money_parse_yuan().
 */
static int
parse_amount(const char *s, unsigned places, bool currency, int64_t *out)
{
	static const char *const signs[] = { "\xc2\xa5", "\xef\xbf\xa5" };
	const char *p, *end;
	bool negative = false;
	uint64_t mag;
	size_t n;

	if (!s || places > 4)
		return ERR_INVALID;
	p = skip_spaces(s);
	if (*p == '-') {
		negative = true;
		p++;
	}
	for (size_t i = 0; currency && i < 2; i++)
		if (starts(p, signs[i]))
			p = skip_spaces(p + strlen(signs[i]));
	if (!negative && *p == '-') {
		negative = true;	/* "¥-3" reads as "-¥3" */
		p++;
	}
	n = strlen(p);
	end = p + n;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (currency && (size_t)(end - p) >= 3 && starts(end - 3,
							  "\xe5\x85\x83"))
		end -= 3;	/* 元 */
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (parse_unsigned(p, (size_t)(end - p), places, &mag))
		return ERR_INVALID;
	if (mag > (uint64_t)INT64_MAX + (uint64_t)negative)
		return ERR_INVALID;
	*out = negative ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

int
money_parse_decimal(const char *s, unsigned places, int64_t *out)
{
	return parse_amount(s, places, false, out);
}

int
money_parse_yuan(const char *s, int64_t *fen)
{
	return parse_amount(s, 2, true, fen);
}
