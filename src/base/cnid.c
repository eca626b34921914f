/*
 * cnid.c - unified social credit codes and mobile numbers (see cnid.h).
 */
#include <string.h>

#include "base/cnid.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value (0..30) of a code character, or -1. */
static int
code_value(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

char
cn_credit_code_check(const char *first17)
{
	int sum = 0, weight = 1;

	for (int i = 0; i < 17; i++) {
		int v = code_value(first17[i]);

		if (v < 0)
			return '\0';
		sum += v * weight;
		weight = weight * 3 % 31;
	}
	return alphabet[(31 - sum % 31) % 31];
}

bool
cn_credit_code_valid(const char *s)
{
	if (!s || strlen(s) != 18 || code_value(s[17]) < 0)
		return false;
	return cn_credit_code_check(s) == s[17];
}

bool
cn_mobile_normalize(const char *in, char out[12])
{
	size_t n = 0;
	const char *p = in;

	if (!in)
		return false;
	while (*p == ' ')
		p++;
	if (p[0] == '+' && p[1] == '8' && p[2] == '6')
		p += 3;
	else if (p[0] == '8' && p[1] == '6' && strlen(p) > 11)
		p += 2;
	for (; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n == 11)
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n == 11 && out[0] == '1' && out[1] >= '3' && out[1] <= '9';
}
