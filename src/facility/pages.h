/*
 * pages.h - the shared facilities' pages, as a route table, and their
 * entries of the left menu, for cli.
 */
#ifndef JG_FACILITY_PAGES_H
#define JG_FACILITY_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route facility_page_routes[];
extern const struct page_menu_item facility_menu[];

#endif
