/*
 * workbench.c - the notices' part of the workbench (pages.h,
 * notify_workbench()): the caller's unread notices, newest first, each
 * linking to the notices page. Staff see theirs on the notices page: their
 * workbench is the park's work.
 */
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/time.h"
#include "notify/notify.h"
#include "notify/pages.h"
#include "page/page.h"
#include "page/section.h"

/* How many notices the workbench lists. */
#define NOTICES_MAX 5

int
notify_workbench(struct request *r, const char *today, json_t *sections)
{
	const struct principal *p = auth_principal(r);
	json_t *items = NULL, *s, *n;
	int64_t total = 0;
	size_t i;
	int rc;

	(void)today;
	if (auth_is_staff(p))
		return 0;
	rc = notify_list(r->db, p, true, NOTICES_MAX, 0, &items, &total);
	http_own(r, items);
	if (rc || !total)
		return rc;
	s = page_section(r, sections, "notices", "workbench.notices.title");
	page_section_figure(r, s, "workbench.notices.unread", total,
			    "/notifications", false);
	json_array_foreach(items, i, n) {
		const char *at = json_string_value(json_object_get(n,
							"created_at"));
		char *local = arena_alloc(&r->arena, 32, 1);

		if (local && time_format_local(at, local, 32))
			local = NULL;
		page_section_row(s, json_string_value(json_object_get(n,
				 "title")), local, "/notifications");
	}
	return 0;
}
