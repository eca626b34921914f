/*
 * report.h - the park's figures: the home dashboard now; the annual Torch
 * statistics forms and Excel reports as the modules they draw on arrive.
 * Every figure is a query over the ledger, never a number typed in.
 */
#ifndef JG_REPORT_H
#define JG_REPORT_H

#include "http/http.h"

/*
 * GET /: the dashboard for a signed-in caller, the public start page
 * (static/index.html) for anyone else.
 */
int report_home(struct request *r);

extern const struct route report_page_routes[];

#endif
