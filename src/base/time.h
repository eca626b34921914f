/*
 * time.h - the formats times and dates are stored and exchanged in.
 *
 * Times are stored in UTC as ISO 8601 text with a "Z" ("2019-11-18T03:20:50Z"),
 * which sorts correctly as text on both back ends; dates as "YYYY-MM-DD".
 * Pages show times in Asia/Shanghai (UTC+8, no daylight saving).
 */
#ifndef JG_TIME_H
#define JG_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * The lengths of a stored date, "YYYY-MM-DD", and of a stored UTC time,
 * "YYYY-MM-DDTHH:MM:SSZ": the schema's CHECKs allow no other. A char
 * array that holds one is TIME_DATE_LEN + 1 or TIME_UTC_LEN + 1 bytes.
 */
#define TIME_DATE_LEN 10
#define TIME_UTC_LEN 20

/* Format `t` as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_format_utc(time_t t, char *out, size_t len);

/*
 * The current time as stored ("YYYY-MM-DDTHH:MM:SSZ"), and the time
 * `seconds` from now (negative: ago). The one clock of the program.
 */
void time_now_utc(char out[32]);
void time_utc_in(char out[32], long seconds);

/*
 * Today's date in Beijing (UTC+8), "YYYY-MM-DD": the real date now, the
 * one "today" of every rule and of SQL, which receives it as a bound
 * value (never CURRENT_DATE, which is the database server's date in its
 * own zone). A portal's chosen as-of date for figures is another value.
 */
void time_today_beijing(char out[11]);

/*
 * The Beijing date of the instant `t`, "YYYY-MM-DD": a Beijing day starts
 * at 16:00Z of the UTC day before. "" for an instant outside the years
 * 1000-9999.
 */
void time_beijing_date(time_t t, char out[11]);

/*
 * Parse a stored UTC time ("YYYY-MM-DDTHH:MM:SSZ", exactly 20 characters)
 * into *t. Every field must be in range — a real calendar date of
 * 1900-2199 (as date_valid() says), hours 00-23, minutes and seconds
 * 00-59 — and the instant must format back to the same text, so that
 * "2026-02-30T10:00:00Z" or "...T24:00:00Z" never stands for another
 * instant than the one written. Returns 0, or ERR_INVALID with *t
 * untouched. Callers check the result: `s` may come from anyone.
 */
int time_parse_utc(const char *s, time_t *t);

/*
 * The stored UTC time `utc` as people in the park read it: Beijing time,
 * "YYYY-MM-DD HH:MM" (at least 17 bytes). Returns 0, or ERR_INVALID (out
 * untouched) when `utc` is not a stored time.
 */
int time_format_local(const char *utc, char *out, size_t len);

/*
 * A Beijing time as an <input type="datetime-local"> sends it,
 * "YYYY-MM-DDTHH:MM" (seconds ":SS" allowed; a space for the "T" too), as
 * the stored UTC time it stands for, into out (at least TIME_UTC_LEN + 1
 * bytes): "2019-11-18T09:00" is "2019-11-18T01:00:00Z". Every field must
 * be in range, as time_parse_utc() says. Returns 0, or ERR_INVALID with
 * out untouched.
 */
int time_parse_local(const char *local, char *out, size_t len);

/*
 * The stored UTC time `utc` as the value of an <input
 * type="datetime-local">: Beijing time, "YYYY-MM-DDTHH:MM" (at least 17
 * bytes). Returns 0, or ERR_INVALID (out untouched) when `utc` is not a
 * stored time.
 */
int time_format_local_input(const char *utc, char *out, size_t len);

/*
 * A duration typed in hours ("1.5", "0.75", "2") as whole minutes, into
 * *minutes: at most two decimals (money_parse_decimal()), rounded to the
 * nearest minute, so that every whole number of minutes written by
 * time_format_hours() with two places reads back the same. Returns 0, or
 * ERR_INVALID with *minutes untouched.
 */
int time_parse_hours(const char *s, int64_t *minutes);

/*
 * `minutes` in hours with `places` decimals (1 or 2; rounded half away
 * from zero), "-" first when negative: 90 minutes is "1.5" with one
 * place, 45 minutes "0.75" with two ("0.8" with one). Writes at most 24
 * bytes with the NUL; ERR_TOOBIG ("" when len > 0) when out is smaller
 * than what it writes.
 */
int time_format_hours(int64_t minutes, unsigned places, char *out,
		      size_t len);

/* Whether `s` is a real calendar date written YYYY-MM-DD (1900-2199). */
bool date_valid(const char *s);

/* Microseconds from a monotonic clock, for measuring durations. */
int64_t time_monotonic_us(void);

#endif
