/*
 * api.h - the party ledger's JSON API routes.
 */
#ifndef JG_PARTY_API_H
#define JG_PARTY_API_H

#include "http/http.h"

extern const struct route party_api_routes[];

#endif
