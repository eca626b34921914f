/*
 * pages.h - the training module's pages: staff's lists, details and forms
 * of every record (with XLSX export), "my training" for trainees,
 * teachers, firms and colleges (check-in with the session's code), and
 * the printable attendance sheet where a teacher marks a session
 * (pages_sheet.c).
 */
#ifndef JG_TRAINING_PAGES_H
#define JG_TRAINING_PAGES_H

#include <jansson.h>

#include "http/http.h"

extern const struct route training_page_routes[];

/* ---- shared by pages.c and pages_sheet.c ---- */

/*
 * The attendance sheet's handlers (pages_sheet.c), mounted by pages.c's
 * route table: GET and POST /training/sessions/{id}/sheet, and
 * POST /training/attendance/{id}/confirm.
 */
int get_sheet(struct request *r);
int post_sheet(struct request *r);
int post_confirm(struct request *r);

/*
 * Add to `rec` the label of its enum column `col`, as `col`_label: the
 * catalog's text of `prefix`.`col`_values.VALUE, or the value itself.
 * Nothing when the column is not a string.
 */
void tr_label(struct request *r, json_t *rec, const char *prefix,
	      const char *col);

#endif
