/*
 * perm_pages.h - the admins' page of the permission matrix (权限矩阵):
 * who may call each route, by action and role (perm_pages.c).
 */
#ifndef JG_ACCOUNT_PERM_PAGES_H
#define JG_ACCOUNT_PERM_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route account_perm_routes[];

/* Its entry of the left menu, for page_menu_add(). */
extern const struct page_menu_item account_perm_menu[];

#endif
