/*
 * api.h - the routes of the uploads' JSON API: send a file, read its
 * record and its bytes, archive it (see api.c and the OpenAPI document).
 */
#ifndef JG_UPLOAD_API_H
#define JG_UPLOAD_API_H

#include "http/http.h"

extern const struct route upload_api_routes[];

#endif
