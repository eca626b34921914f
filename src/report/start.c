/*
 * start.c - the public start page (report.h): what the park offers
 * people who have no account yet, and the way in for those who have.
 */
#include "page/page.h"
#include "report/report.h"

int
report_start(struct request *r)
{
	return page_render(r, "public/start", "start.title", json_object());
}
