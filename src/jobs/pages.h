/*
 * pages.h - the admins' page of scheduled jobs (定时任务).
 */
#ifndef JG_JOBS_PAGES_H
#define JG_JOBS_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route jobs_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item jobs_menu[];

#endif
