/*
 * fuzz_credit_code.c - libFuzzer target for the unified social credit
 * code check of GB 32100-2015 (cn_credit_code_valid() and
 * cn_credit_code_check() in src/base/cnid.c).
 *
 * Invariants beyond "no crash" (ASan and UBSan see those):
 *  - an accepted code is 18 characters of the code's alphabet (no I, O,
 *    S, V, Z; upper case) whose last one is the check character that a
 *    plain model of the standard computes, with the weights written out;
 *  - any 18 characters of the alphabet are accepted exactly when the last
 *    one is that check character;
 *  - the check character of 17 characters is '\0' exactly when one of
 *    them is outside the alphabet, else a character of it.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cnid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31 for i = 0..16, as the standard's table gives them. */
static const int weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

static int
value(char c)
{
	for (int i = 0; i < 31; i++)
		if (alphabet[i] == c)
			return i;
	return -1;
}

/* The check character of s[0..16], or 0 when one is not in the alphabet. */
static char
model_check(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = value(s[i]);

		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	char c;
	bool ok;

	if (size > 64)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	ok = cn_credit_code_valid(s);
	if (ok) {
		assert(strlen(s) == 18);
		for (int i = 0; i < 18; i++)
			assert(value(s[i]) >= 0);
		assert(model_check(s) == s[17]);
	}
	if (strlen(s) == 18 && model_check(s) && value(s[17]) >= 0)
		assert(ok == (model_check(s) == s[17]));
	if (strlen(s) >= 17) {
		c = cn_credit_code_check(s);
		assert(c == model_check(s));
		assert(c == '\0' || value(c) >= 0);
	}
	free(s);
	return 0;
}
