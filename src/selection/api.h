/*
 * api.h - two-way selection's JSON API routes.
 */
#ifndef JG_SELECTION_API_H
#define JG_SELECTION_API_H

#include "http/http.h"

extern const struct route selection_api_routes[];

#endif
