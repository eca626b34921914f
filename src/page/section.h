/*
 * section.h - the sections a module appends to the workbench
 * (report_workbench_fn, report.h): {key, title, counts: [{label, value,
 * href, warn}], rows: [{text, note, href}]}, built here so that every
 * module's sections have the one shape report/workbench.html draws.
 */
#ifndef JG_PAGE_SECTION_H
#define JG_PAGE_SECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

/*
 * A new section {key, title: the text of `title_key`, counts: [], rows:
 * []} appended to `sections`; the section, borrowed from `sections`.
 */
json_t *page_section(struct request *r, json_t *sections, const char *key,
		     const char *title_key);

/*
 * Append to section `s` a count labelled by the text of `label_key`
 * showing `value` (a text: "12", "36 / 40"), linking to `href` (NULL:
 * no link), marked as wanting attention when `warn`.
 */
void page_section_count(struct request *r, json_t *s, const char *label_key,
			const char *value, const char *href, bool warn);

/*
 * page_section_count() of the number `n`, wanting attention when `warn`
 * and `n` is more than 0.
 */
void page_section_figure(struct request *r, json_t *s, const char *label_key,
			 int64_t n, const char *href, bool warn);

/*
 * Append to section `s` a row {text, note, href} (NULL members left out);
 * the row, borrowed from `s`, for an action to be added to it.
 */
json_t *page_section_row(json_t *s, const char *text, const char *note,
			 const char *href);

#endif
