/*
 * system.h - the routes every deployment has, whatever modules it runs:
 * health, the OpenAPI document, static assets and the start page; and the
 * routes the HTTP test suite needs, mounted only by `serve --test-routes`.
 */
#ifndef JG_SYSTEM_H
#define JG_SYSTEM_H

#include "http/http.h"

extern const struct route system_routes[];
extern const struct route test_routes[];

#endif
