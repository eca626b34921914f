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

/* How many notices the workbench lists. */
#define NOTICES_MAX 5

int
notify_workbench(struct request *r, const char *today, json_t *sections)
{
	const struct principal *p = auth_principal(r);
	json_t *items = NULL, *rows, *n;
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
	rows = http_own(r, json_array());
	json_array_foreach(items, i, n) {
		const char *at = json_string_value(json_object_get(n,
							"created_at"));
		char *local = arena_alloc(&r->arena, 32, 1);

		if (local && time_format_local(at, local, 32))
			local = NULL;
		json_array_append_new(rows, json_pack("{s:O,s:s?,s:s}", "text",
			json_object_get(n, "title"), "note", local, "href",
			"/notifications"));
	}
	json_array_append_new(sections, json_pack("{s:s,s:s,s:[{s:s,s:I,s:s,"
		"s:b}],s:O}", "key", "notices", "title", page_text(r,
		"workbench.notices.title"), "counts", "label", page_text(r,
		"workbench.notices.unread"), "value", (json_int_t)total, "href",
		"/notifications", "warn", false, "rows", rows));
	return 0;
}
