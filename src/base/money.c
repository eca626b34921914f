/*
 * money.c - fen as yuan text, and yuan text as fen (see money.h).
 */
#include <stdbool.h>
#include <stdint.h>
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

/* Skip a "¥" (U+00A5) or a fullwidth "￥" (U+FFE5) at *p. */
static const char *
skip_yuan_sign(const char *p)
{
	if (!strncmp(p, "\xc2\xa5", 2))
		return p + 2;
	if (!strncmp(p, "\xef\xbf\xa5", 3))
		return p + 3;
	return p;
}

int
money_parse_yuan(const char *text, int64_t *fen)
{
	const int64_t max_yuan = (INT64_MAX - 99) / 100;
	const char *p = text;
	bool negative = false;
	int64_t yuan = 0, cents = 0;
	int digits = 0, decimals = 0;
	int group = -1;		/* digits since the last ",", -1 before one */

	while (*p == ' ')
		p++;
	if (*p == '-') {
		negative = true;
		p++;
	}
	for (p = skip_yuan_sign(p); (*p >= '0' && *p <= '9') || *p == ',';
	     p++) {
		if (*p == ',') {
			/* After 1-3 digits, then after exactly 3 each time. */
			if (!digits || (group < 0 ? digits > 3 : group != 3))
				return ERR_INVALID;
			group = 0;
			continue;
		}
		if (yuan > (max_yuan - (*p - '0')) / 10)
			return ERR_INVALID;
		yuan = yuan * 10 + (*p - '0');
		digits++;
		group += group >= 0;
	}
	if (!digits || (group >= 0 && group != 3))
		return ERR_INVALID;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (++decimals <= 2)
				cents += (*p - '0') * (decimals == 1 ? 10 : 1);
		if (!decimals || decimals > 2)
			return ERR_INVALID;
	}
	while (*p == ' ')
		p++;
	if (*p)
		return ERR_INVALID;
	*fen = (negative ? -1 : 1) * (yuan * 100 + cents);
	return 0;
}
