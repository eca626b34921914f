/*
 * pages.h - the incubator's pages (pages.c, apply_pages.c, review_pages.c).
 */
#ifndef JG_INCUBATION_PAGES_H
#define JG_INCUBATION_PAGES_H

#include "http/http.h"
#include "page/page.h"

/* The figures, startups and registry tables. */
extern const struct route incubation_page_routes[];

/* The public application form, applications and review. */
extern const struct route inc_apply_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item incubation_menu[];

#endif
