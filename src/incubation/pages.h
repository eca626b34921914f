/*
 * pages.h - the incubator's pages: their route tables and its entries of
 * the left menu, for cli (pages.c: the figures, startups, experts and
 * investments; pages_apply.c and pages_review.c: the public application
 * form, applications and review; pages_space.c: the park's space;
 * pages_reports.c: the startups' reports).
 */
#ifndef JG_INCUBATION_PAGES_H
#define JG_INCUBATION_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route incubation_page_routes[];
extern const struct route inc_apply_page_routes[];
extern const struct route inc_review_page_routes[];
extern const struct route inc_space_page_routes[];
extern const struct route inc_report_page_routes[];

/*
 * Its part of the workbench (report.h's report_workbench_fn, registered by
 * cli): for staff, applications to review, reports to review, late and
 * due, leases ending within 60 days and startups past the rules' limits;
 * for an enterprise account, its startup's reports owed and its leases.
 */
int incubation_workbench(struct request *r, const char *today,
			 json_t *sections);

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item incubation_menu[];

#endif
