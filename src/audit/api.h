/*
 * api.h - the audit log's JSON API (read only).
 */
#ifndef JG_AUDIT_API_H
#define JG_AUDIT_API_H

#include "http/http.h"

extern const struct route audit_api_routes[];

#endif
