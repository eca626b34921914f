/*
 * pages_int.h - what the page files of src/training/ share (private to the
 * module): pages.c's route table mounts the attendance sheet's handlers of
 * pages_sheet.c, and both label enum values the same way.
 */
#ifndef JG_TRAINING_PAGES_INT_H
#define JG_TRAINING_PAGES_INT_H

#include <jansson.h>

#include "http/http.h"

/*
 * The attendance sheet's handlers (pages_sheet.c), mounted by pages.c's
 * route table: GET and POST /training/sessions/{id}/sheet, and
 * POST /training/attendance/{id}/confirm.
 */
int tr_get_sheet(struct request *r);
int tr_post_sheet(struct request *r);
int tr_post_confirm(struct request *r);

/*
 * Add to `rec` the label of its enum column `col`, as `col`_label: the
 * catalog's text of `prefix`.`col`_values.VALUE, or the value itself.
 * Nothing when the column is not a string.
 */
void tr_label(struct request *r, json_t *rec, const char *prefix,
	      const char *col);

#endif
