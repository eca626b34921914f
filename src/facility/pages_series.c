/*
 * pages_series.c - the pages of weekly series (made through POST
 * /api/v1/facility/series): the list of an organisation's own, or all for
 * staff, and a series' page with its occurrences, each linked to its
 * booking (a skipped date has none; a moved one is on its new date).
 */
#include <stdio.h>

#include "auth/auth.h"
#include "base/err.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "record/pages.h"

/* A series' page: its occurrences, the latest first. */
static int
series_extra(struct request *r, int64_t id, json_t *data)
{
	struct record_filter f = { 0 };
	char value[24];
	json_t *items = NULL, *b;
	int64_t total;
	size_t i;
	int rc;

	snprintf(value, sizeof(value), "%lld", (long long)id);
	f.eq_col[0] = "series_id";
	f.eq_val[0] = value;
	f.neq = 1;
	f.limit = 200;
	rc = record_list(r->db, &facility_booking_rows, &f, &items, &total);
	http_own(r, items);
	json_array_foreach(items, i, b)
		json_object_set_new(b, "status_label", json_string(
			record_value_label(r, &facility_booking_table, "status",
			record_text(b, "status"))));
	if (!rc)
		json_object_set(data, "occurrences", items);
	return rc;
}

static const struct record_pages series_pages = {
	&facility_series_api, "/facility/series", NULL, NULL,
	"facility/series", NULL, series_extra, NULL, 0, "series",
	.list_id = true,
};

const struct route facility_series_page_routes[] = {
	RECORD_PAGE_READ_ROUTES("/facility/series", &series_pages,
				PERM_FACILITY_BOOK),
	{ 0, NULL, NULL, 0, NULL, 0 },
};
