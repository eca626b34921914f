/*
 * api.h - the routes of the auth module's JSON API (see api.c and the
 * OpenAPI document).
 */
#ifndef JG_AUTH_API_H
#define JG_AUTH_API_H

#include "http/http.h"

extern const struct route auth_api_routes[];

#endif
