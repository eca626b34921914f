/*
 * pages.h - the party ledger's pages.
 */
#ifndef JG_PARTY_PAGES_H
#define JG_PARTY_PAGES_H

#include "http/http.h"

extern const struct route party_page_routes[];

#endif
