/*
 * facility_day.c - the demo park's facility days, 2017-2019 (a step of
 * demo.c after the facilities' bookings; loader.h), written through
 * src/facility/facility.h:
 *
 * - Rate cards for the three kinds of customer and the five kinds of
 *   resource, from March 2016: partners under agreement pay least and are
 *   charged by the half hour, park startups half as much again by the
 *   quarter, outside firms three times as much by the hour; rooms and labs
 *   per seat.
 * - Every booking that took place was checked in by staff a few minutes
 *   after its start and out a few before its end. In the first of the two
 *   years (bookings dated before 18 November 2018) one booking in 17 was a
 *   no-show and one in 19 was cancelled three hours before its start (a
 *   late cancellation); none in the second year, so the figure of 22
 *   partners as of DEMO_AS_OF, which counts the 12 months before it,
 *   stays what part one made it.
 * - Each partner's statement of every month it booked in, made from those
 *   records and issued.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/time.h"
#include "demo/demo.h"
#include "demo/loader.h"
#include "facility/facility.h"
#include "record/record.h"

/* Bookings dated before this may have been no-shows or cancelled. */
#define FIRST_YEAR_ENDS "2018-11-18"

static const struct card {
	const char *customer;
	int percent;		/* of the partner's rate */
	const char *rounding;
	const char *name;
} cards[] = {
	{ "partner", 100, "half_hour", "合作院校" },
	{ "startup", 150, "quarter", "园区入驻企业" },
	{ "outside", 300, "hour", "园区外单位" },
};

/* A partner's rate of each kind: fen per hour at peak, off-peak. */
static const struct rate {
	const char *kind;
	const char *label;
	int peak, offpeak, per_seat;
} rates[] = {
	{ "room", "教室", 1000, 800, 1 },
	{ "cell", "实训工位", 6000, 4500, 0 },
	{ "machine", "设备", 8000, 6000, 0 },
	{ "kit", "套件", 3000, 2000, 0 },
	{ "lab", "实验室", 1500, 1200, 1 },
};

static int
load_cards(struct loader *l)
{
	char name[160];
	int rc = 0;

	for (size_t c = 0; c < ARRAY_SIZE(cards) && !rc; c++)
		for (size_t k = 0; k < ARRAY_SIZE(rates) && !rc; k++) {
			int64_t id;
			json_t *in;

			snprintf(name, sizeof(name), "%s%s收费标准",
				 cards[c].name, rates[k].label);
			in = json_pack("{s:s,s:s,s:s,s:I,s:I,s:i,s:s,s:s}",
				"name", name, "customer_kind",
				cards[c].customer, "resource_kind",
				rates[k].kind, "peak_fen", (json_int_t)(
				rates[k].peak * cards[c].percent / 100),
				"offpeak_fen", (json_int_t)(rates[k].offpeak *
				cards[c].percent / 100), "per_seat",
				rates[k].per_seat, "rounding",
				cards[c].rounding, "valid_from", "2016-03-01");
			rc = demo_add_record(l, &facility_rate_card_table, in,
					     &id, "rate card", name);
		}
	return rc;
}

/* `utc` moved by `minutes` into out (32 bytes). */
static void
moved(const char *utc, long minutes, char out[32])
{
	time_t t = 0;

	time_parse_utc(utc, &t);
	time_format_utc(t + minutes * 60, out, 32);
}

/* The day of booking `b`: attended, a no-show or a late cancellation. */
static int
load_day(struct loader *l, json_t *b)
{
	int64_t id = json_integer_value(json_object_get(b, "id"));
	const char *on = json_string_value(json_object_get(b, "on_date"));
	const char *starts = json_string_value(json_object_get(b,
							"starts_at"));
	const char *ends = json_string_value(json_object_get(b, "ends_at"));
	char in_at[32], out_at[32];
	bool first_year = strcmp(on, FIRST_YEAR_ENDS) < 0;
	int rc;

	if (first_year && id % 17 == 0) {
		moved(starts, 30, in_at);
		rc = facility_no_show_in(l->db, l->actor, id, in_at);
	} else if (first_year && id % 19 == 0) {
		moved(starts, -180, in_at);
		rc = facility_cancelled_in(l->db, l->actor, id, in_at);
	} else {
		moved(starts, id % 11, in_at);
		moved(ends, -(id % 13), out_at);
		rc = facility_attended_in(l->db, l->actor, id, in_at, out_at);
	}
	return rc ? demo_failed(l, rc, NULL, "booking day", on) : 0;
}

/* The index of school `org` in l->school, or -1. */
static int
school_of(const struct loader *l, int64_t org)
{
	for (int i = 0; i < N_SCHOOLS; i++)
		if (l->school[i] == org)
			return i;
	return -1;
}

int
demo_load_facility_day(struct loader *l)
{
	struct record_filter f = { 0 };
	/* The months (2017-11 .. 2019-11, 25) each partner booked in. */
	bool booked[N_SCHOOLS][25] = { { false } };
	json_t *items = NULL, *b;
	int64_t total;
	size_t i;
	int rc;

	if ((rc = load_cards(l)))
		return rc;
	f.limit = 100000;
	rc = record_list(l->db, &facility_booking_table, &f, &items, &total);
	json_array_foreach(items, i, b) {
		const char *on = json_string_value(json_object_get(b,
							"on_date"));
		int s = school_of(l, json_integer_value(json_object_get(b,
						"org_id")));
		long m;

		if (rc)
			break;
		/* A session's booking is its cohort's: training's to mark. */
		if (json_is_integer(json_object_get(b, "held_by_id")) ||
		    !json_is_integer(json_object_get(b, "org_id")) ||
		    strcmp(json_string_value(json_object_get(b, "status")),
			   "confirmed"))
			continue;
		rc = load_day(l, b);
		m = (strtol(on, NULL, 10) - 2017) * 12 +
		    strtol(on + 5, NULL, 10) - 11;
		if (s >= 0 && m >= 0 && m < 25)
			booked[s][m] = true;
	}
	json_decref(items);
	for (int s = 0; s < N_SCHOOLS && !rc; s++)
		for (int m = 0; m < 24 && !rc; m++) {
			struct problem pb = { 0 };
			char month[16];
			int64_t id;

			if (!booked[s][m])
				continue;
			snprintf(month, sizeof(month), "%04u-%02u",
				 2017u + (unsigned)(m + 10) / 12u,
				 (unsigned)(m + 10) % 12u + 1u);
			rc = facility_statement_in(l->db, l->actor,
						   l->school[s], month, &id,
						   &pb);
			if (rc)
				rc = demo_failed(l, rc, &pb, "statement",
						 month);
		}
	return rc;
}
