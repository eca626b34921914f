/*
 * api.h - the shared facilities' JSON API (web/api/facility.json), as a
 * route table for cli.
 */
#ifndef JG_FACILITY_API_H
#define JG_FACILITY_API_H

#include "http/http.h"

extern const struct route facility_api_routes[];

/* Opening hours, the calendar, maintenance and availability (api_hours.c). */
extern const struct route facility_hours_api_routes[];

/* The day (day_api.c): check-in and check-out, waiting lists. */
extern const struct route facility_day_api_routes[];

#endif
