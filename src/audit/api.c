/*
 * api.c - GET /api/v1/audit: the audit log for admins, filtered by actor,
 * entity, record, action and date. There is no route that changes it.
 */
#include <string.h>

#include "audit/api.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"

/* Whether s looks like a date or UTC time we store ("2026-11-29..."). */
static bool
is_date_prefix(const char *s)
{
	size_t len = strlen(s);

	if (len < 10 || len > 20)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int
filter_read(struct request *r, struct audit_filter *f)
{
	const char *sort;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = api_paging(r, &f->limit, &f->offset)) ||
	    (rc = api_query_id(r, "entity_id", &f->entity_id)))
		return rc;
	f->actor = nonempty(http_query(r, "actor"));
	f->entity = nonempty(http_query(r, "entity"));
	f->action = nonempty(http_query(r, "action"));
	f->from = nonempty(http_query(r, "from"));
	f->to = nonempty(http_query(r, "to"));
	sort = nonempty(http_query(r, "sort"));
	if (sort && strcmp(sort, "at") && strcmp(sort, "-at"))
		return http_fail(r, ERR_INVALID, "sort",
				 "sort must be at or -at");
	f->oldest_first = sort && !strcmp(sort, "at");
	if (f->from && !is_date_prefix(f->from))
		return http_fail(r, ERR_INVALID, "from",
				 "from must be a date, YYYY-MM-DD");
	if (f->to && !is_date_prefix(f->to))
		return http_fail(r, ERR_INVALID, "to",
				 "to must be a date, YYYY-MM-DD");
	return 0;
}

int
audit_list_query(struct request *r, struct audit_filter *f,
		 json_t **items, int64_t *total)
{
	int rc;

	*items = NULL;
	if ((rc = auth_require(auth_principal(r), PERM_AUDIT_READ, 0)) ||
	    (rc = filter_read(r, f)))
		return rc;
	rc = audit_list(r->db, f, items, total);
	if (rc) {
		http_own(r, *items);
		*items = NULL;
	}
	return rc;
}

static int
get_audit(struct request *r)
{
	struct audit_filter f;
	int64_t total;
	json_t *items;
	int rc = audit_list_query(r, &f, &items, &total);

	if (rc)
		return rc;
	return http_json(r, 200, api_list(items, total, f.limit, f.offset));
}

const struct route audit_api_routes[] = {
	{ HTTP_GET, "/api/v1/audit", get_audit, 0, NULL, PERM_AUDIT_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
