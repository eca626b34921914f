/*
 * api.h - the routes of the jobs' JSON API (see api.c and the OpenAPI
 * document).
 */
#ifndef JG_JOBS_API_H
#define JG_JOBS_API_H

#include "http/http.h"

extern const struct route jobs_api_routes[];

#endif
