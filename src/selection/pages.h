/*
 * pages.h - two-way selection's pages.
 */
#ifndef JG_SELECTION_PAGES_H
#define JG_SELECTION_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route selection_page_routes[];
/* A regional fair's import page (pages_fair.c). */
extern const struct route selection_fair_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item selection_menu[];

#endif
