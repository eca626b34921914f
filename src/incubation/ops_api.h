/*
 * ops_api.h - the routes of the incubator's operations (space, leases,
 * reports): the JSON API (ops_api.c) and the pages (ops_pages.c,
 * reports_pages.c), and what the two share.
 */
#ifndef JG_INCUBATION_OPS_API_H
#define JG_INCUBATION_OPS_API_H

#include "http/http.h"
#include "incubation/ops.h"
#include "record/api.h"

extern const struct route inc_ops_api_routes[];
extern const struct route inc_ops_page_routes[];

/* The generic record API of each plain table (record/api.h). */
extern const struct record_api inc_building_api;
extern const struct record_api inc_floor_api;
extern const struct record_api inc_unit_api;
extern const struct record_api inc_lease_api;
extern const struct record_api inc_template_api;
extern const struct record_api inc_period_api;

/*
 * A report list's query arguments (period_id, org_id, status, limit,
 * offset) into *f. 0 or ERR_INVALID naming the argument.
 */
int inc_api_report_filter(struct request *r, struct inc_report_filter *f);

/* Query argument `name` as a date into out; today when absent. */
int inc_api_date(struct request *r, const char *name, char out[11]);

/*
 * For a startup's pages: data.area = its area over time as a chart (bars
 * scaled to a 1000 x 210 box, steps, leases; the template
 * incubation-ops/area_chart draws it), when the caller may read the
 * startup's leases; otherwise data is left as it is. 0 or an error.
 */
int inc_page_area(struct request *r, int64_t org_id, json_t *data);

#endif
