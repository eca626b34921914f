/*
 * money.h - money as people and files read and write it. Money is
 * stored and computed in integer fen (分, 1/100 yuan); it becomes text,
 * and text becomes money, only here. Other amounts kept as integers of a
 * fixed fraction (areas in 0.01 m²) are read with the same grammar.
 *
 *	char s[MONEY_TEXT_MAX];
 *	money_format_yuan(-123450, s, sizeof(s));	-> "-1,234.50"
 *	money_format_plain(-123450, s, sizeof(s));	-> "-1234.50"
 *	money_parse_yuan("¥1,234.5", &fen);		-> 123450
 *	money_format_scaled(30000000000, s, sizeof(s), &scale);
 *						-> "3.00", MONEY_SCALE_YI
 */
#ifndef JG_MONEY_H
#define JG_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Room for any int64_t amount with separators, sign and NUL. */
#define MONEY_TEXT_MAX 32

/*
 * `fen` as yuan for people: two decimals, the yuan grouped by three with
 * "," and a "-" before a negative amount ("1,234.50", "-0.05", "0.00";
 * INT64_MIN is "-92,233,720,368,547,758.08"). Writes a NUL-terminated
 * string into out (`len` bytes, MONEY_TEXT_MAX is always enough).
 * Returns 0, or ERR_TOOBIG with out "" (when len > 0) if it does not fit:
 * an amount is never cut. Allocates nothing.
 */
int money_format_yuan(int64_t fen, char *out, size_t len);

/*
 * The same without separators ("1234.50", "-0.05"), for data a program
 * or a spreadsheet reads back as a number (CSV exports). Same errors.
 */
int money_format_plain(int64_t fen, char *out, size_t len);

/*
 * The unit a large amount is shown in on cards and charts: yuan, 万元
 * (10^4 yuan) or 亿元 (10^8 yuan). Its name is the caller's to say, in
 * the reader's language.
 */
enum money_scale {
	MONEY_SCALE_YUAN,
	MONEY_SCALE_WAN,
	MONEY_SCALE_YI,
};

/*
 * `fen` in the largest unit it fills at least once (*scale), with two
 * decimals rounded half away from zero and separators: 300,000,000 yuan
 * is "3.00" MONEY_SCALE_YI, 12,345 yuan "1.23" MONEY_SCALE_WAN, 999.50
 * yuan "999.50" MONEY_SCALE_YUAN. Same errors as money_format_yuan().
 */
int money_format_scaled(int64_t fen, char *out, size_t len,
			enum money_scale *scale);

/*
 * Read a decimal number people typed into an integer of its 10^-places
 * units ("12.5" with 2 places is 1250): an optional "-", digits with at
 * most `places` decimals (places at most 4), the whole part either plain
 * or grouped by three with "," ("1,234.56"), and spaces around it. Returns
 * 0, or ERR_INVALID with *out untouched for anything else: no digits,
 * more decimals than `places`, a misplaced ",", a "." with no digits
 * after it, other characters, a value beyond int64_t. Allocates nothing.
 */
int money_parse_decimal(const char *s, unsigned places, int64_t *out);

/*
 * An amount typed in yuan as fen: money_parse_decimal() with two places,
 * and a "¥" or "￥" before the number and "元" after it allowed ("¥20",
 * "20.5元", "-¥3"). "20.505" and "twenty" are ERR_INVALID, *fen untouched.
 */
int money_parse_yuan(const char *s, int64_t *fen);

#endif
