/*
 * out_pages.h - the pages of placements, certificates and the training
 * figures (see out_pages.c).
 */
#ifndef JG_TRAINING_OUT_PAGES_H
#define JG_TRAINING_OUT_PAGES_H

#include <jansson.h>

#include "http/http.h"

extern const struct route training_out_page_routes[];

/*
 * The training figures as of `as_of` with their charts' data, as the
 * figures page and the dashboard's section show them (*out owned by the
 * caller).
 */
int training_figures_page_data(struct request *r, const char *as_of,
			       json_t **out);

#endif
