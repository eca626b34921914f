/*
 * pages.h - the audit log page.
 */
#ifndef JG_AUDIT_PAGES_H
#define JG_AUDIT_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route audit_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item audit_menu[];

#endif
