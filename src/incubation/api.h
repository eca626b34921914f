/*
 * api.h - the incubator's JSON API: its route tables, for cli (api.c:
 * the startups, experts and investments; review_api.c: applications and
 * review; space_api.c: the park's space; reports_api.c: the startups'
 * reports).
 */
#ifndef JG_INCUBATION_API_H
#define JG_INCUBATION_API_H

#include "http/http.h"

extern const struct route incubation_api_routes[];
extern const struct route inc_review_api_routes[];
extern const struct route inc_space_api_routes[];
extern const struct route inc_report_api_routes[];

#endif
