/*
 * pages.h - the audit log page.
 */
#ifndef JG_AUDIT_PAGES_H
#define JG_AUDIT_PAGES_H

#include <jansson.h>
#include <stddef.h>

#include "http/http.h"
#include "page/page.h"

extern const struct route audit_page_routes[];

/*
 * What the log's page asks of the kit above it (record/pages.h), set by
 * cli at start-up so that this module names no table:
 *   entity_label	the label of `entity` when a described table keeps
 *			it, else NULL (the page then reads
 *			"audit.entities.ENTITY");
 *   entities		the entities of the described tables, up to `max`
 *			into `out`; how many;
 *   changes		an entry's before and after as labelled fields,
 *			[{label, before, after, changed}] (a new reference).
 * Without hooks the page labels entities from its own catalog keys only
 * and shows no fields.
 */
struct audit_page_hooks {
	const char *(*entity_label)(struct request *r, const char *entity);
	size_t (*entities)(const char **out, size_t max);
	json_t *(*changes)(struct request *r, const char *entity,
			   json_t *before, json_t *after);
};

/* Set the hooks (the struct must outlive the server). */
void audit_set_page_hooks(const struct audit_page_hooks *h);

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item audit_menu[];

#endif
