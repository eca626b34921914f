/*
 * fuzz_time.c - libFuzzer target for the stored time and date formats
 * (time_parse_utc(), date_valid() and time_format_local() in
 * src/base/time.c).
 *
 * Invariants beyond "no crash" (ASan and UBSan see those):
 *  - an accepted time is 20 characters and formats back to the same text,
 *    and is accepted exactly when a plain model of the calendar says so;
 *  - a refused time leaves the output untouched;
 *  - an accepted date is 10 characters, agrees with the same model, and
 *    at midnight is an accepted time a whole number of days after 1970;
 *  - time_format_local() accepts exactly what time_parse_utc() accepts,
 *    and writes Beijing time, eight hours later.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The value of n digits at s, or -1. */
static int
num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

/* A date of the real calendar, 1900-2199, written YYYY-MM-DD. */
static int
model_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, m, d, leap;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* YYYY-MM-DDTHH:MM:SSZ with a real date and a time of day. */
static int
model_time(const char *s)
{
	int h, mi, se;

	if (strlen(s) != 20 || !model_date(s) || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return 0;
	h = num(s + 11, 2);
	mi = num(s + 14, 2);
	se = num(s + 17, 2);
	return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 &&
	       se <= 59;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, back[32], local[32], midnight[32];
	time_t t = 12345, u;
	int ok;

	if (size > 64)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	ok = time_parse_utc(s, &t) == 0;
	assert(ok == model_time(s));
	if (ok) {
		assert(strlen(s) == 20);
		time_format_utc(t, back, sizeof(back));
		assert(!strcmp(back, s));
	} else {
		assert(t == 12345);
	}
	memcpy(local, "unchanged", 10);
	assert((time_format_local(s, local, sizeof(local)) == 0) == ok);
	if (ok) {
		time_format_utc(t + 8 * 3600, back, sizeof(back));
		assert(!strncmp(local, back, 10) && local[10] == ' ' &&
		       !strncmp(local + 11, back + 11, 5));
	} else {
		assert(!strcmp(local, "unchanged"));
	}

	ok = date_valid(s);
	assert(ok == (strlen(s) == 10 && model_date(s)));
	if (ok) {
		memcpy(midnight, s, 10);
		memcpy(midnight + 10, "T00:00:00Z", 11);
		assert(time_parse_utc(midnight, &u) == 0);
		assert(u % 86400 == 0);
		time_format_utc(u, back, sizeof(back));
		assert(!strcmp(back, midnight));
	}
	free(s);
	return 0;
}
