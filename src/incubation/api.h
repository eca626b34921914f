/*
 * api.h - the incubator's JSON API: its route tables, for cli (api.c:
 * the startups, experts and investments; api_review.c: applications and
 * review; api_space.c: the park's space; api_reports.c: the startups'
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
