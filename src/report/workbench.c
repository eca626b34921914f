/*
 * workbench.c - the home page of a signed-in caller (工作台): what waits
 * for them, as of the portal's "today" (settings_today()). Each module
 * contributes its sections through a function cli registers at start-up
 * (report_workbench_add()), so this file knows no module; a module shows
 * the caller only what its roles and scope give them.
 */
#include <stdbool.h>
#include <stddef.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/macros.h"
#include "page/page.h"
#include "report/report.h"
#include "settings/settings.h"

/* The modules' sections, in the order cli registered them. */
#define MAX_SECTIONS 16
static report_workbench_fn *contributors[MAX_SECTIONS];
static size_t ncontributors;

void
report_workbench_add(report_workbench_fn *fn)
{
	if (ncontributors < ARRAY_SIZE(contributors))
		contributors[ncontributors++] = fn;
}

int
report_workbench(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *sections = http_own(r, json_array()), *data, *s;
	char *today = arena_alloc(&r->arena, 11, 1);
	int rc = today ? settings_today(r->db, today, NULL) : ERR_NOMEM;
	size_t i;

	for (i = 0; !rc && i < ncontributors; i++)
		rc = contributors[i](r, today, sections);
	if (rc)
		return rc;
	json_array_foreach(sections, i, s) {
		json_object_set_new(s, "has_counts", json_boolean(
			json_array_size(json_object_get(s, "counts"))));
		json_object_set_new(s, "has_rows", json_boolean(
			json_array_size(json_object_get(s, "rows"))));
	}
	data = json_pack("{s:s,s:O,s:b,s:b}", "as_of", today, "sections",
			 sections, "nothing", json_array_size(sections) == 0,
			 "figures", !auth_require(p, PERM_INC_FIGURES, 0));
	return page_render(r, "report/workbench", "workbench.title", data);
}
