/*
 * pages.h - the settings page (参数设置).
 */
#ifndef JG_SETTINGS_PAGES_H
#define JG_SETTINGS_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route settings_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item settings_menu[];

#endif
