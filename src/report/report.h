/*
 * report.h - the park's figures: the home dashboard now; the annual Torch
 * statistics forms and Excel reports as the modules they draw on arrive.
 * Every figure is a query over the ledger, never a number typed in.
 */
#ifndef JG_REPORT_H
#define JG_REPORT_H

#include "http/http.h"
#include "page/page.h"

/*
 * GET /: the dashboard for a signed-in caller, the public start page
 * (report_start()) for anyone else.
 */
int report_home(struct request *r);

/*
 * The public start page (start.c, public/start.html), in the visitor's
 * language, Chinese first: the park's two doors for the public — 申请入孵
 * (/apply) and 证书查验 (the /verify form) — and sign-in.
 */
int report_start(struct request *r);

extern const struct route report_page_routes[];

/* The park's path figure, its page and its API, its menu entry (path.c). */
extern const struct route report_path_routes[];
extern const struct page_menu_item report_path_menu[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item report_menu[];

#endif
