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
