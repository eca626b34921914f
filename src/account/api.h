/*
 * api.h - the routes of the account module's JSON API (see api.c and the
 * OpenAPI document).
 */
#ifndef JG_ACCOUNT_API_H
#define JG_ACCOUNT_API_H

#include "http/http.h"

extern const struct route account_api_routes[];

#endif
