/*
 * pages.h - the party ledger's pages.
 */
#ifndef JG_PARTY_PAGES_H
#define JG_PARTY_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route party_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item party_menu[];

#endif
