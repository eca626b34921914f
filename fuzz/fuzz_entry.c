/*
 * fuzz_entry.c - libFuzzer target for what people type into forms:
 * amounts in yuan and other decimals (money_parse_yuan(),
 * money_parse_decimal() in src/base/money.c), hours and Beijing times
 * (time_parse_hours(), time_parse_local() in src/base/time.c), and the
 * form-value parser that applies them to a column of each kind
 * (record_entry_parse() in src/record/entry.c).
 *
 * Invariants beyond "no crash" (ASan and UBSan see those):
 *  - a refused input leaves the output untouched;
 *  - an accepted amount, written back with money_format_plain() and with
 *    money_format_yuan(), reads back as the same fen; one accepted as a
 *    plain decimal of two places is accepted as yuan with the same value;
 *  - accepted hours are whole minutes that time_format_hours() with two
 *    places writes as text that reads back the same;
 *  - an accepted Beijing time is a stored UTC time eight hours earlier,
 *    which time_format_local_input() shows as the minute typed;
 *  - record_entry_parse() answers a value of the column's JSON type, or
 *    ERR_INVALID with the text as typed and a message; what it accepts,
 *    shown again by record_entry_text(), reads back as the same value.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/time.h"
#include "record/entry.h"

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

static void
entry(const char *s)
{
	static const struct record_column cols[] = {
		{ "amount", REC_MONEY, 0, INT64_MAX, NULL, NULL, NULL,
		  INT64_MIN },
		{ "area", REC_AREA, 0, INT64_MAX, NULL, NULL, NULL, 0 },
		{ "minutes", REC_DURATION, 0, INT64_MAX, NULL, NULL, NULL, 0 },
		{ "at", REC_DATETIME, 0, 0, NULL, NULL, NULL, 0 },
		{ "n", REC_INT, 0, INT64_MAX, NULL, NULL, NULL, INT64_MIN },
		{ "ref_id", REC_REF, 0, 0, NULL, NULL, "org", 0 },
		{ "on", REC_DATE, 0, 0, NULL, NULL, NULL, 0 },
	};
	char shown[64];

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		const struct record_column *c = &cols[i];
		const char *why = "unset";
		json_t *v = NULL, *back = NULL;
		int rc = record_entry_parse(c, s, &v, &why);

		assert(v);
		if (rc) {
			assert(rc == ERR_INVALID && why);
			assert(json_is_null(v) || !strcmp(json_string_value(v),
							 s));
		} else if (json_is_integer(v) && c->type != REC_INT &&
			   c->type != REC_REF) {
			record_entry_text(c, v, shown, sizeof(shown));
			assert(!record_entry_parse(c, shown, &back, &why));
			assert(json_equal(back, v));
		} else if (c->type == REC_DATETIME && json_is_string(v)) {
			record_entry_text(c, v, shown, sizeof(shown));
			assert(!record_entry_parse(c, shown, &back, &why));
			/* Shown to the minute: the seconds typed are gone. */
			assert(!strncmp(json_string_value(back),
					json_string_value(v), 16));
		}
		json_decref(v);
		json_decref(back);
	}
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
	entry(s);
	free(s);
	return 0;
}
