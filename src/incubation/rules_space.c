/*
 * rules_space.c - the park's space (incubation.h): occupancy on a date,
 * a startup's area over time, and their figures; the day arithmetic of
 * leases. The tables are described in tables_space.c, the SQL is in
 * store_space.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

int
inc_occupancy(struct db *db, const char *on, struct inc_occupancy *out,
	      json_t **by_building)
{
	memset(out, 0, sizeof(*out));
	if (by_building)
		*by_building = NULL;
	return store_occupancy(db, on, out, by_building);
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
inc_area_history(struct db *db, int64_t org_id, json_t **steps,
		 json_t **leases)
{
	char (*days)[11] = NULL;
	size_t n, nd = 0;
	json_t *l;
	int64_t last = 0;
	int rc;

	*steps = json_array();
	rc = store_org_leases(db, org_id, leases);
	if (rc)
		return rc;
	n = json_array_size(*leases);
	if (!n)
		return 0;
	/* The days the area may change: each start, each day after an end. */
	days = xcalloc(2 * n, sizeof(*days));
	for (size_t i = 0; i < n; i++) {
		l = json_array_get(*leases, i);
		snprintf(days[nd++], 11, "%s", record_text(l, "starts_on"));
		inc_day_add(record_text(l, "ends_on"), 1, days[nd++]);
	}
	qsort(days, nd, sizeof(*days), by_text);
	for (size_t d = 0; d < nd; d++) {
		int64_t area = 0;

		if (d && !strcmp(days[d], days[d - 1]))
			continue;
		for (size_t i = 0; i < n; i++) {
			l = json_array_get(*leases, i);
			if (strcmp(record_text(l, "starts_on"), days[d]) <= 0 &&
			    strcmp(record_text(l, "ends_on"), days[d]) >= 0)
				area += record_int(l, "area");
		}
		if (d && area == last)
			continue;
		json_array_append_new(*steps, json_pack("{s:s,s:I}", "on",
				      days[d], "area", (json_int_t)area));
		last = area;
	}
	free(days);
	return 0;
}

int
incubation_figures_space(struct db *db, const char *as_of, json_t *out)
{
	struct inc_occupancy o;
	int rc = inc_occupancy(db, as_of, &o, NULL);

	if (rc)
		return rc;
	json_object_set_new(out, "units", json_integer(o.units));
	json_object_set_new(out, "units_leased",
			    json_integer(o.units_leased));
	json_object_set_new(out, "area", json_integer(o.area));
	json_object_set_new(out, "area_leased", json_integer(o.area_leased));
	return 0;
}
