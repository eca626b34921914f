/*
 * children.c - the records under a record, for its detail page
 * (children.h).
 */
#include "base/err.h"
#include "record/children.h"
#include "record/record.h"

int
record_children(struct request *r, const struct record_table *t,
		const char *col, int64_t id,
		int (*scope)(struct request *r, struct record_filter *f,
			     const json_t *rec),
		json_t **items)
{
	struct record_filter f = { .neq = 1, .limit = RECORD_CHILDREN_MAX };
	int64_t total;
	int rc = 0;

	*items = NULL;
	f.eq_col[0] = col;
	f.eq_val[0] = arena_printf(&r->arena, "%lld", (long long)id);
	if (!f.eq_val[0])
		rc = ERR_TOOBIG;
	if (!rc && scope)
		rc = scope(r, &f, NULL);
	if (!rc)
		rc = record_list(r->db, t, &f, items, &total);
	if (!*items)
		*items = json_array();
	http_own(r, *items);
	return rc;
}
