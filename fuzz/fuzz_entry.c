/*
 * fuzz_entry.c - libFuzzer target for what people type into forms:
 * amounts in yuan and other decimals (money_parse_yuan(),
 * money_parse_decimal() in src/base/money.c), hours and Beijing times
 * (time_parse_hours(), time_parse_local() in src/base/time.c).
 *
 * Invariants beyond "no crash" (ASan and UBSan see those):
 *  - a refused input leaves the output untouched;
 *  - an accepted amount, written back with money_format_plain() and with
 *    money_format_yuan(), reads back as the same fen; one accepted as a
 *    plain decimal of two places is accepted as yuan with the same value;
 *  - accepted hours are whole minutes that time_format_hours() with two
 *    places writes as text that reads back the same;
 *  - an accepted Beijing time is a stored UTC time eight hours earlier,
 *    which time_format_local_input() shows as the minute typed.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
yuan(const char *s)
{
	char text[MONEY_TEXT_MAX];
	int64_t fen = 42, back = 0, plain = 42;
	int ok = money_parse_yuan(s, &fen) == 0;

	if (!ok) {
		assert(fen == 42);
	} else {
		assert(money_format_plain(fen, text, sizeof(text)) == 0);
		assert(money_parse_yuan(text, &back) == 0 && back == fen);
		assert(money_format_yuan(fen, text, sizeof(text)) == 0);
		assert(money_parse_yuan(text, &back) == 0 && back == fen);
	}
	if (money_parse_decimal(s, 2, &plain) == 0)
		assert(ok && plain == fen);
	else
		assert(plain == 42);
}

static void
hours(const char *s)
{
	char text[32];
	int64_t m = 42, back = 0;

	if (time_parse_hours(s, &m)) {
		assert(m == 42);
		return;
	}
	assert(time_format_hours(m, 2, text, sizeof(text)) == 0);
	assert(time_parse_hours(text, &back) == 0 && back == m);
}

static void
local(const char *s)
{
	char utc[32] = "untouched", shown[32];
	time_t t;

	if (time_parse_local(s, utc, sizeof(utc))) {
		assert(!strcmp(utc, "untouched"));
		return;
	}
	assert(strlen(utc) == TIME_UTC_LEN && time_parse_utc(utc, &t) == 0);
	assert(time_format_local_input(utc, shown, sizeof(shown)) == 0);
	assert(!strncmp(shown, s, 10) && !strncmp(shown + 11, s + 11, 5));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 64)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	yuan(s);
	hours(s);
	local(s);
	free(s);
	return 0;
}
