/*
 * api.h - the routes of the notifications' JSON API (see api.c and the
 * OpenAPI document).
 */
#ifndef JG_NOTIFY_API_H
#define JG_NOTIFY_API_H

#include "http/http.h"

extern const struct route notify_api_routes[];

#endif
