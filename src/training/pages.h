/*
 * pages.h - the training module's pages: staff's lists, details and forms
 * of every record, "my training" for trainees, teachers, firms and
 * colleges, the attendance sheet (pages.c, pages_sheet.c); placements,
 * certificates and the training figures (pages_out.c).
 */
#ifndef JG_TRAINING_PAGES_H
#define JG_TRAINING_PAGES_H

#include <jansson.h>

#include "http/http.h"
#include "page/page.h"

extern const struct route training_page_routes[];

/*
 * Training's part of the workbench (report.h's report_workbench_fn,
 * registered by cli): for staff, the certificates to issue and the
 * check-ins to confirm; for an enterprise, its order classes and the
 * trainees placed with it; for a trainee, its timetable, hours against
 * the requirement, placement and certificates; for a teacher, its cohorts
 * with roll and attendance rate, the check-ins to confirm and the
 * sessions to mark with 全部出勤 (POST /training/sessions/{id}/all-present).
 */
int training_workbench(struct request *r, const char *today,
		       json_t *sections);
extern const struct route training_out_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item training_menu[];

/*
 * The training figures as of `as_of` with their charts' data, as the
 * figures page and the dashboard's section show them (*out owned by the
 * caller).
 */
int training_figures_page_data(struct request *r, const char *as_of,
			       json_t **out);

#endif
