/*
 * money.h - money as people and files read it. Money is stored and
 * computed in integer fen (分, 1/100 yuan); it becomes text only here.
 *
 *	char s[MONEY_TEXT_MAX];
 *	money_format_yuan(-123450, s, sizeof(s));	-> "-1,234.50"
 *	money_format_plain(-123450, s, sizeof(s));	-> "-1234.50"
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
 * Yuan as people and spreadsheets write them, into fen: digits with at
 * most two decimals, the yuan optionally grouped by three with ","
 * ("1,234.56"), optionally after "¥" or "￥" and a "-" before it all;
 * spaces around are ignored. "20.5", "20.50", "1,234.56", "¥20",
 * "-0.05". Returns 0, or ERR_INVALID with *fen untouched for anything
 * else: a third decimal ("20.505"), a misplaced ",", no digit, an
 * amount beyond int64. Allocates nothing.
 */
int money_parse_yuan(const char *text, int64_t *fen);

#endif
