/*
 * api.h - the incubator's JSON API routes (api.c).
 */
#ifndef JG_INCUBATION_API_H
#define JG_INCUBATION_API_H

#include "http/http.h"

extern const struct route incubation_api_routes[];

#endif
