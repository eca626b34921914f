/*
 * fuzz_facility_search.c - libFuzzer target for what the availability
 * search of the shared facilities reads: its arguments
 * (facility_search_parse(), src/facility/availability.c) and the "HH:MM"
 * times of a resource's opening hours (the check of facility_hours'
 * opens_at and closes_at, and facility_clock_minutes()).
 *
 * The input, cut at its first NUL, is either a JSON object (a body's
 * numbers and texts) or lines, each the text of one argument in turn:
 * kind, centre_id, after, limit, minutes, seats, certified, from, to.
 * Whatever it is, the parse must not crash; a refusal names a field and
 * has a message, and an accepted search keeps every number in its range
 * and covers 1 to FACILITY_DAYS_MAX days. Each line is also tried as a
 * time of day: one the check accepts reads as 0 to 1440 minutes and is
 * written back the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "facility/facility.h"
#include "facility/facility_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const args[] = {
	"kind", "centre_id", "after", "limit", "minutes", "seats",
	"certified", "from", "to",
};

/* The check of facility_hours' opens_at. */
static const struct record_column *
clock_column(void)
{
	const struct record_column *c = facility_hours_table.columns;

	while (c->name && strcmp(c->name, "opens_at"))
		c++;
	if (!c->name || !c->check)
		abort();
	return c;
}

static void
try_clock(const char *text)
{
	const struct record_column *c = clock_column();
	struct problem pb = { 0 };
	const char *value = text;
	char canon[64], back[8];
	int minutes;

	if (c->check(&value, canon, &pb)) {
		if (!pb.message)
			abort();
		return;
	}
	minutes = facility_clock_minutes(text);
	if (minutes < 0 || minutes > 1440)
		abort();
	snprintf(back, sizeof(back), "%02d:%02d", minutes / 60, minutes % 60);
	if (strcmp(back, text))
		abort();
}

static void
try_search(json_t *in)
{
	struct facility_search s;
	struct problem pb = { 0 };

	if (facility_search_parse(in, &s, &pb)) {
		if (!pb.field || !pb.message)
			abort();
		return;
	}
	if (s.limit < 1 || s.minutes < 1 || s.minutes > 1440 ||
	    s.seats < 1 || s.seats > 10000 || s.centre < 0 || s.after < 0 ||
	    s.last < s.first || s.last - s.first >= FACILITY_DAYS_MAX ||
	    strlen(s.from) != 10 || strlen(s.to) != 10 ||
	    strcmp(s.from, s.to) > 0 || !s.kind)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *next;
	json_t *in;
	size_t i = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	in = json_loads(text, JSON_DECODE_ANY, NULL);
	if (json_is_object(in)) {
		try_search(in);
		json_decref(in);
		free(text);
		return 0;
	}
	json_decref(in);
	in = json_object();
	for (line = text; line && i < sizeof(args) / sizeof(args[0]);
	     line = next, i++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		try_clock(line);
		json_object_set_new(in, args[i], json_string(line));
	}
	try_search(in);
	json_decref(in);
	free(text);
	return 0;
}
