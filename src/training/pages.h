/*
 * pages.h - the training module's pages: staff's lists, details and forms
 * of every record (with XLSX export), "my training" for trainees,
 * teachers, firms and colleges (check-in with the session's code), and
 * the printable attendance sheet where a teacher marks a session
 * (pages_sheet.c; what the page files share is in pages_int.h).
 */
#ifndef JG_TRAINING_PAGES_H
#define JG_TRAINING_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route training_page_routes[];

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item training_menu[];

#endif
