/*
 * usage.c - utilisation (day_int.h): per month, per partner and per kind
 * of resource, the hours booked, used, not shown up for and cancelled;
 * per resource, the seat-hours used against those open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/day_int.h"

/* Utilisation spans at most this many months. */
#define USAGE_MAX_MONTHS 24

static const char *
text_of(const json_t *rec, const char *name)
{
	const char *s = json_string_value(json_object_get(rec, name));

	return s ? s : "";
}

static int64_t
int_of(const json_t *rec, const char *name)
{
	return json_integer_value(json_object_get(rec, name));
}

/* The minutes used of a checked-in booking `b`: to check-out, or its end. */
static int64_t
used_minutes(const json_t *b)
{
	const char *out = text_of(b, "checked_out_at");
	time_t from, to;

	if (time_parse_utc(text_of(b, "checked_in_at"), &from) ||
	    time_parse_utc(*out ? out : text_of(b, "ends_at"), &to) ||
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
	json_object_set_new(g, what, json_integer(int_of(g, what) + minutes));
}

/* Count booking `b` into the counters `g`. */
static void
count(json_t *g, const json_t *b)
{
	const char *status = text_of(b, "status");

	if (*text_of(b, "no_show_at")) {
		add(g, "no_show", int_of(b, "minutes"));
	} else if (!strcmp(status, "cancelled") ||
		   !strcmp(status, "rejected")) {
		add(g, "cancelled", int_of(b, "minutes"));
	} else {
		add(g, "booked", int_of(b, "minutes"));
		if (*text_of(b, "checked_in_at"))
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

/* The number of days from month `from` to month `to`, both whole. */
static int64_t
days_between(const char *from, const char *to)
{
	int y = (int)strtol(to, NULL, 10), m = (int)strtol(to + 5, NULL, 10);
	char a[32], b[32];
	time_t t0, t1;

	if (++m > 12) {
		m = 1;
		y++;
	}
	snprintf(a, sizeof(a), "%.7s-01T00:00:00Z", from);
	snprintf(b, sizeof(b), "%04u-%02u-01T00:00:00Z", (unsigned)y % 10000u,
		 (unsigned)m % 100u);
	if (time_parse_utc(a, &t0) || time_parse_utc(b, &t1))
		return 0;
	return (int64_t)(t1 - t0) / 86400;
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
	char first[16], last[16], key[64];
	int64_t days, span;
	size_t i;
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
	    (rc = use_store_resources(db, first, last, rows)))
		goto out;
	json_array_foreach(items, i, b) {
		char month[8];
		const char *kind = text_of(b, "org_kind");

		snprintf(month, sizeof(month), "%.7s", text_of(b, "on_date"));
		count(group(months, month, json_pack("{s:s}", "month",
			    month)), b);
		snprintf(key, sizeof(key), "%s|%s", month, text_of(b,
			 "resource_kind"));
		count(group(kinds, key, json_pack("{s:s,s:s}", "month", month,
			    "kind", text_of(b, "resource_kind"))), b);
		if (strcmp(kind, "university") &&
		    strcmp(kind, "vocational_college"))
			continue;
		snprintf(key, sizeof(key), "%s|%lld", month,
			 (long long)int_of(b, "org_id"));
		count(group(partners, key, json_pack("{s:s,s:I,s:s}", "month",
			    month, "org_id", (json_int_t)int_of(b, "org_id"),
			    "name", text_of(b, "org_name"))), b);
	}
	days = days_between(from, to);
	json_array_foreach(rows, i, b) {
		json_t *r;

		snprintf(key, sizeof(key), "%lld", (long long)int_of(b, "id"));
		r = json_object_get(resources, key);
		if (!r) {
			r = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I}", "id",
				      (json_int_t)int_of(b, "id"), "name",
				      text_of(b, "name"), "kind", text_of(b,
				      "kind"), "seats", (json_int_t)int_of(b,
				      "seats"), "used_seat_minutes",
				      (json_int_t)0, "open_seat_minutes",
				      (json_int_t)(int_of(b, "seats") * days *
				      FACILITY_OPEN_HOURS * 60));
			json_object_set_new(resources, key, r);
		}
		if (*text_of(b, "checked_in_at"))
			add(r, "used_seat_minutes", used_minutes(b) *
			    int_of(b, "used_seats"));
	}
	{
		json_t *list = values(resources), *r;

		resources = NULL;
		json_array_foreach(list, i, r) {
			int64_t open = int_of(r, "open_seat_minutes");

			json_object_set_new(r, "percent", json_real(open ?
				(double)int_of(r, "used_seat_minutes") * 100.0 /
				(double)open : 0.0));
		}
		*out = json_pack("{s:s,s:s,s:i,s:o,s:o,s:o,s:o}", "from", from,
				 "to", to, "open_hours", FACILITY_OPEN_HOURS,
				 "months", values(months), "partners",
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
