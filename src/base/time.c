/*
 * time.c - time formats and clocks (see time.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/time.h"

/* Asia/Shanghai: UTC+8 all year, no daylight saving since 1991. */
#define SHANGHAI_OFFSET (8 * 3600)

void
time_format_utc(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t
time_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
time_now_utc(char out[32])
{
	time_format_utc(time(NULL), out, 32);
}

void
time_utc_in(char out[32], long seconds)
{
	time_format_utc(time(NULL) + seconds, out, 32);
}

void
time_beijing_date(time_t t, char out[11])
{
	/* 1000-01-01T00:00:00 and 9999-12-31T23:59:59, in Beijing. */
	const time_t first = -30610224000 - SHANGHAI_OFFSET;
	const time_t last = 253402300799 - SHANGHAI_OFFSET;
	struct tm tm;

	out[0] = '\0';
	if (t < first || t > last)
		return;
	t += SHANGHAI_OFFSET;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
time_today_beijing(char out[11])
{
	time_beijing_date(time(NULL), out);
}

/* The number of the `n` digits at s, or -1 if one of them is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
time_parse_utc(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	char date[11], back[32];
	time_t v;

	if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return ERR_INVALID;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!date_valid(date))
		return ERR_INVALID;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	tm.tm_hour = digits(s + 11, 2);
	tm.tm_min = digits(s + 14, 2);
	tm.tm_sec = digits(s + 17, 2);
	if (tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 ||
	    tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 59)
		return ERR_INVALID;
	/*
	 * timegm() normalises what is out of range (the 30th of February
	 * becomes the 2nd of March): the instant must read back as the text.
	 */
	v = timegm(&tm);
	time_format_utc(v, back, sizeof(back));
	if (strcmp(back, s))
		return ERR_INVALID;
	*t = v;
	return 0;
}

int
time_format_local(const char *utc, char *out, size_t len)
{
	struct tm tm;
	time_t t;

	if (time_parse_utc(utc, &t))
		return ERR_INVALID;
	t += SHANGHAI_OFFSET;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
	return 0;
}

int
time_parse_local(const char *local, char *out, size_t len)
{
	char utc[TIME_UTC_LEN + 1], back[32];
	size_t n = local ? strlen(local) : 0;
	time_t t;

	if ((n != 16 && n != 19) || (local[10] != 'T' && local[10] != ' ') ||
	    (n == 19 && local[16] != ':') || len < TIME_UTC_LEN + 1)
		return ERR_INVALID;
	/* The wall-clock time checked as if it were UTC, then moved. */
	memcpy(utc, local, 16);
	memcpy(utc + 16, n == 19 ? local + 16 : ":00", 3);
	utc[10] = 'T';
	utc[19] = 'Z';
	utc[20] = '\0';
	if (time_parse_utc(utc, &t))
		return ERR_INVALID;
	time_format_utc(t - SHANGHAI_OFFSET, back, sizeof(back));
	if (time_parse_utc(back, &t))
		return ERR_INVALID;	/* before 1900-01-01T00:00:00Z */
	memcpy(out, back, TIME_UTC_LEN + 1);
	return 0;
}

int
time_format_local_input(const char *utc, char *out, size_t len)
{
	char local[32];

	if (len < 17 || time_format_local(utc, local, sizeof(local)))
		return ERR_INVALID;
	local[10] = 'T';
	memcpy(out, local, 17);
	return 0;
}

int
time_parse_hours(const char *s, int64_t *minutes)
{
	int64_t hundredths;
	uint64_t mag, m;

	if (money_parse_decimal(s, 2, &hundredths))
		return ERR_INVALID;
	mag = hundredths < 0 ? (uint64_t)0 - (uint64_t)hundredths :
	      (uint64_t)hundredths;
	/* Nearest minute; no product here can overflow. */
	m = mag / 100 * 60 + (mag % 100 * 60 + 50) / 100;
	*minutes = hundredths < 0 ? -(int64_t)m : (int64_t)m;
	return 0;
}

int
time_format_hours(int64_t minutes, unsigned places, char *out, size_t len)
{
	uint64_t mag = minutes < 0 ? (uint64_t)0 - (uint64_t)minutes :
		       (uint64_t)minutes;
	uint64_t unit = places >= 2 ? 100 : 10;
	uint64_t whole = mag / 60, frac = (mag % 60 * unit + 30) / 60;
	int n;

	if (frac == unit) {
		whole++;
		frac = 0;
	}
	n = snprintf(out, len, "%s%llu.%0*llu", minutes < 0 && (whole ||
		     frac) ? "-" : "", (unsigned long long)whole,
		     places >= 2 ? 2 : 1, (unsigned long long)frac);
	if (n < 0 || (size_t)n >= len) {
		if (len)
			out[0] = '\0';
		return ERR_TOOBIG;
	}
	return 0;
}

bool
date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int y, m, d, leap;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}
