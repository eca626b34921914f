/*
 * usage.c - utilisation (day_int.h): per month, per partner and per kind
 * of resource, the hours booked, used, not shown up for and cancelled;
 * per resource, the seat-hours used against those open: its opening
 * hours on each day as the park's calendar keeps it, less its windows of
 * maintenance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "facility/day_int.h"

/* Utilisation spans at most this many months. */
#define USAGE_MAX_MONTHS 24

/* The calendars of so many months, FACILITY_DAYS_MAX days each at most. */
#define USAGE_CALENDARS \
	((USAGE_MAX_MONTHS * 31 + FACILITY_DAYS_MAX - 1) / FACILITY_DAYS_MAX)

/* The days of a utilisation, and what the park's calendar says of them. */
struct usage_days {
	int64_t first, last;	/* days since 1970-01-01 */
	struct facility_calendar calendar[USAGE_CALENDARS];
};

/* The minutes used of a checked-in booking `b`: to check-out, or its end. */
static int64_t
used_minutes(const json_t *b)
{
	const char *out = record_str(b, "checked_out_at");
	time_t from, to;

	if (time_parse_utc(record_str(b, "checked_in_at"), &from) ||
	    time_parse_utc(*out ? out : record_str(b, "ends_at"), &to) ||
	    to <= from)
		return 0;
	return (int64_t)(to - from) / 60;
}

/* The counters of group `key` in `groups` (made with `base` at first). */
static json_t *
group(json_t *groups, const char *key, json_t *base)
{
	json_t *g = json_object_get(groups, key);

	if (!g) {
		g = base;
		json_object_set_new(g, "booked", json_integer(0));
		json_object_set_new(g, "used", json_integer(0));
		json_object_set_new(g, "no_show", json_integer(0));
		json_object_set_new(g, "cancelled", json_integer(0));
		json_object_set_new(groups, key, g);
	} else {
		json_decref(base);
	}
	return g;
}

static void
add(json_t *g, const char *what, int64_t minutes)
{
	json_object_set_new(g, what,
			    json_integer(record_int(g, what) + minutes));
}

/* Count booking `b` into the counters `g`. */
static void
count(json_t *g, const json_t *b)
{
	const char *status = record_str(b, "status");

	if (*record_str(b, "no_show_at")) {
		add(g, "no_show", record_int(b, "minutes"));
	} else if (!strcmp(status, "cancelled") ||
		   !strcmp(status, "rejected")) {
		add(g, "cancelled", record_int(b, "minutes"));
	} else {
		add(g, "booked", record_int(b, "minutes"));
		if (*record_str(b, "checked_in_at"))
			add(g, "used", used_minutes(b));
	}
}

/* The values of object `groups`, in the order they were made. */
static json_t *
values(json_t *groups)
{
	json_t *list = json_array(), *v;
	const char *key;

	json_object_foreach(groups, key, v)
		json_array_append(list, v);
	json_decref(groups);
	return list;
}

/* Days since 1970-01-01 of the first of month `m` (YYYY-MM), plus `add`. */
static int64_t
first_day(const char *m, int add)
{
	int y = (int)strtol(m, NULL, 10), mon = (int)strtol(m + 5, NULL, 10);
	char utc[32];
	time_t t = 0;

	mon += add;
	y += (mon - 1) / 12;
	mon = (mon - 1) % 12 + 1;
	snprintf(utc, sizeof(utc), "%04u-%02u-01T00:00:00Z",
		 (unsigned)y % 10000u, (unsigned)mon % 100u);
	time_parse_utc(utc, &t);
	return (int64_t)(t / 86400);
}

/* The days from month `from` to month `to` and the calendar of them. */
static int
read_days(struct db *db, const char *from, const char *to,
	  struct usage_days *d)
{
	int rc = 0;

	d->first = first_day(from, 0);
	d->last = first_day(to, 1) - 1;
	for (int i = 0; i < USAGE_CALENDARS && !rc; i++) {
		int64_t a = d->first + (int64_t)i * FACILITY_DAYS_MAX;
		int64_t b = a + FACILITY_DAYS_MAX - 1;

		d->calendar[i].n = 0;
		if (a <= d->last)
			rc = facility_store_calendar(db, a, b < d->last ? b :
						     d->last, &d->calendar[i]);
	}
	return rc;
}

/* A window of maintenance of a resource, in minutes of the park's clock. */
struct usage_window {
	int64_t resource, from, to;
};

/*
 * The windows of maintenance over the days `d` into *out (*n of them,
 * ordered by resource and start; free *out).
 */
static int
read_windows(struct db *db, const struct usage_days *d,
	     struct usage_window **out, size_t *n)
{
	char from[TIME_UTC_LEN + 1], to[TIME_UTC_LEN + 1];
	json_t *items = json_array(), *v;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	time_format_utc(facility_time_of(d->first * FACILITY_DAY), from,
			sizeof(from));
	time_format_utc(facility_time_of((d->last + 1) * FACILITY_DAY), to,
			sizeof(to));
	if ((rc = use_store_maintenance(db, from, to, items)))
		goto out;
	*out = xcalloc(json_array_size(items) + 1, sizeof(**out));
	json_array_foreach(items, i, v) {
		time_t a, b;

		if (time_parse_utc(record_str(v, "starts_at"), &a) ||
		    time_parse_utc(record_str(v, "ends_at"), &b))
			continue;
		(*out)[*n].resource = record_int(v, "resource_id");
		(*out)[*n].from = facility_minute_of(a);
		(*out)[*n].to = facility_minute_of(b);
		(*n)++;
	}
out:
	json_decref(items);
	return rc;
}

/*
 * The minutes of [from, to) that windows w[0..n) (one resource's, ordered
 * by start; they may overlap) leave free.
 */
static int64_t
uncovered(const struct usage_window *w, size_t n, int64_t from, int64_t to)
{
	int64_t left = to - from, covered = from;

	for (size_t i = 0; i < n && w[i].from < to; i++) {
		int64_t a = w[i].from > covered ? w[i].from : covered;
		int64_t b = w[i].to < to ? w[i].to : to;

		if (a < b) {
			left -= b - a;
			covered = b;
		}
	}
	return left;
}

/*
 * The minutes resource `id` is open over the days `d`: its weekly hours
 * on each day as the park's calendar keeps it (facility_open_spans: none
 * on a public holiday, a weekday's on a make-up working day, the whole
 * day for a resource that keeps no hours), less its windows of
 * maintenance among w[0..n).
 */
static int
open_minutes(struct db *db, int64_t id, const struct usage_days *d,
	     const struct usage_window *w, size_t n, int64_t *out)
{
	int64_t spans[FACILITY_HOURS_MAX][2];
	struct facility_week_hours h;
	size_t first = 0, mine = 0;
	int rc;

	*out = 0;
	if ((rc = facility_store_week_hours(db, id, &h)))
		return rc;
	while (first < n && w[first].resource != id)
		first++;
	while (first + mine < n && w[first + mine].resource == id)
		mine++;
	for (int64_t day = d->first; day <= d->last; day++) {
		int k = facility_open_spans(&h, &d->calendar[(day - d->first) /
					    FACILITY_DAYS_MAX], day, spans);

		for (int i = 0; i < k; i++)
			*out += uncovered(w + first, mine, spans[i][0],
					  spans[i][1]);
	}
	return 0;
}

/* Whether `m` is a month YYYY-MM. */
static bool
month_valid(const char *m)
{
	char day[16];

	if (!m || strlen(m) != 7)
		return false;
	snprintf(day, sizeof(day), "%s-01", m);
	return date_valid(day);
}

int
facility_utilisation(struct db *db, const char *from, const char *to,
		     json_t **out)
{
	json_t *items = json_array(), *rows = json_array(), *b;
	json_t *months = json_object(), *partners = json_object();
	json_t *kinds = json_object(), *resources = json_object();
	struct usage_days *days = xcalloc(1, sizeof(*days));
	struct usage_window *windows = NULL;
	char first[16], last[16], key[64];
	size_t i, nwindows = 0;
	int64_t span, open;
	int rc;

	*out = NULL;
	if (!month_valid(from) || !month_valid(to)) {
		rc = ERR_INVALID;
		goto out;
	}
	span = (strtol(to, NULL, 10) - strtol(from, NULL, 10)) * 12 +
	       strtol(to + 5, NULL, 10) - strtol(from + 5, NULL, 10);
	if (span < 0 || span >= USAGE_MAX_MONTHS) {
		rc = ERR_INVALID;
		goto out;
	}
	snprintf(first, sizeof(first), "%s-01", from);
	snprintf(last, sizeof(last), "%s-31", to);
	if ((rc = use_store_bookings(db, first, last, items)) ||
	    (rc = use_store_resources(db, first, last, rows)) ||
	    (rc = read_days(db, from, to, days)) ||
	    (rc = read_windows(db, days, &windows, &nwindows)))
		goto out;
	json_array_foreach(items, i, b) {
		char month[8];
		const char *kind = record_str(b, "org_kind");

		snprintf(month, sizeof(month), "%.7s",
			 record_str(b, "on_date"));
		count(group(months, month, json_pack("{s:s}", "month",
			    month)), b);
		snprintf(key, sizeof(key), "%s|%s", month, record_str(b,
			 "resource_kind"));
		count(group(kinds, key, json_pack("{s:s,s:s}", "month", month,
			    "kind", record_str(b, "resource_kind"))), b);
		if (strcmp(kind, "university") &&
		    strcmp(kind, "vocational_college"))
			continue;
		snprintf(key, sizeof(key), "%s|%lld", month,
			 (long long)record_int(b, "org_id"));
		count(group(partners, key, json_pack("{s:s,s:I,s:s}", "month",
			    month, "org_id",
			    (json_int_t)record_int(b, "org_id"), "name",
			    record_str(b, "org_name"))), b);
	}
	json_array_foreach(rows, i, b) {
		json_t *r;

		snprintf(key, sizeof(key), "%lld",
			 (long long)record_int(b, "id"));
		r = json_object_get(resources, key);
		if (!r) {
			if ((rc = open_minutes(db, record_int(b, "id"), days,
					       windows, nwindows, &open)))
				goto out;
			r = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I}", "id",
				      (json_int_t)record_int(b, "id"), "name",
				      record_str(b, "name"), "kind",
				      record_str(b, "kind"), "seats",
				      (json_int_t)record_int(b, "seats"),
				      "used_seat_minutes", (json_int_t)0,
				      "open_seat_minutes",
				      (json_int_t)(record_int(b, "seats") *
						   open));
			json_object_set_new(resources, key, r);
		}
		if (*record_str(b, "checked_in_at"))
			add(r, "used_seat_minutes", used_minutes(b) *
			    record_int(b, "used_seats"));
	}
	{
		json_t *list = values(resources), *r;

		resources = NULL;
		json_array_foreach(list, i, r) {
			int64_t avail = record_int(r, "open_seat_minutes");

			json_object_set_new(r, "percent", json_real(avail ?
				(double)record_int(r, "used_seat_minutes") *
				100.0 / (double)avail : 0.0));
		}
		*out = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "from", from,
				 "to", to, "months", values(months), "partners",
				 values(partners), "kinds", values(kinds),
				 "resources", list);
		months = partners = kinds = NULL;
	}
out:
	json_decref(items);
	json_decref(rows);
	json_decref(months);
	json_decref(partners);
	json_decref(kinds);
	json_decref(resources);
	free(windows);
	free(days);
	return rc;
}

void
facility_usage_months(const char *from, const char *to, char from_out[8],
		      char to_out[8])
{
	char today[TIME_DATE_LEN + 1];
	int y, m;

	time_today_beijing(today);
	y = (int)strtol(today, NULL, 10) - 1;
	m = (int)strtol(today + 5, NULL, 10) + 1;
	if (m > 12) {
		m = 1;
		y++;
	}
	if (to && *to)
		snprintf(to_out, 8, "%.7s", to);
	else
		snprintf(to_out, 8, "%.7s", today);
	if (from && *from)
		snprintf(from_out, 8, "%.7s", from);
	else
		snprintf(from_out, 8, "%04u-%02u", (unsigned)y % 10000u,
			 (unsigned)m % 100u);
}
