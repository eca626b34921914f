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
