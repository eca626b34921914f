/*
 * report.h - the home page and the park's figures: the workbench of each
 * role (workbench.c), the dashboard of the park's figures (dashboard.c);
 * the annual Torch statistics forms and Excel reports as the modules they
 * draw on arrive. Every figure is a query over the ledger, never a
 * number typed in.
 */
#ifndef JG_REPORT_H
#define JG_REPORT_H

#include "http/http.h"
#include "page/page.h"

/*
 * GET /: the workbench for a signed-in caller, the public start page
 * (report_start()) for anyone else. GET /dashboard: the park's figures,
 * for staff and viewers.
 */
int report_home(struct request *r);

/*
 * The public start page (start.c, public/start.html), in the visitor's
 * language, Chinese first: the park's two doors for the public — 申请入孵
 * (/apply) and 证书查验 (the /verify form) — and sign-in.
 */
int report_start(struct request *r);

/*
 * A module's part of the workbench: append to `sections` (a JSON array)
 * the sections the caller of `r` is to see as of `today` (YYYY-MM-DD, the
 * portal's today), none when nothing of the module concerns them. A
 * section is {key, title, counts: [{label, value, href, warn}], rows:
 * [{text, note, href, action: {href, label}}], empty}: counts are figures
 * linking to the records they count, rows the records themselves, an
 * action a POST button (the page adds the CSRF token); page/section.h
 * builds them. 0 or an error.
 */
typedef int report_workbench_fn(struct request *r, const char *today,
				json_t *sections);

/* Add a module's part (cli, at start-up, before serving; at most 16). */
void report_workbench_add(report_workbench_fn *fn);

/* The workbench page of the signed-in caller of `r`. */
int report_workbench(struct request *r);

extern const struct route report_page_routes[];

/* The park's path figure, its page and its API, its menu entry (path.c). */
extern const struct route report_path_routes[];
extern const struct page_menu_item report_path_menu[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item report_menu[];

#endif
