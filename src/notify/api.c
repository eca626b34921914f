/*
 * api.c - the notifications' JSON API:
 *
 *	GET  /api/v1/notifications[?unread=1]	the caller's, newest first
 *	GET  /api/v1/notifications/unread-count
 *	POST /api/v1/notifications/{id}/read
 *	POST /api/v1/notifications/read-all
 *	POST /api/v1/notifications		send (PERM_NOTIFY_SEND): to one
 *						account, one role, or the
 *						accounts of one organisation
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/http.h"
#include "notify/api.h"
#include "notify/notify.h"

/* GET /api/v1/notifications?unread=1 */
static int
get_notifications(struct request *r)
{
	const char *unread = http_query(r, "unread");
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	if (unread && *unread && strcmp(unread, "0") && strcmp(unread, "1"))
		return http_fail(r, ERR_INVALID, "unread",
				 "unread must be 0 or 1");
	rc = notify_list(r->db, auth_principal(r), unread && !strcmp(unread,
			 "1"), limit, offset, &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

/*
 * A count of the caller's notifications, answered {key: n}: how many are
 * unread, or how many a marking of all of them read found unread.
 */
struct count {
	int (*count)(struct db *db, const struct principal *p, int64_t *n);
	const char *key;
};

static const struct count unread = { notify_unread_count, "unread" };
static const struct count marked = { notify_mark_all_read, "marked" };

/*
 * GET /api/v1/notifications/unread-count, POST /api/v1/notifications/
 * read-all: the count the route names.
 */
static int
count_api(struct request *r)
{
	const struct count *c = r->route_data;
	int64_t n = 0;
	int rc = c->count(r->db, auth_principal(r), &n);

	return rc ? rc : http_json(r, 200, json_pack("{s:I}", c->key,
						     (json_int_t)n));
}

/* POST /api/v1/notifications/{id}/read: the notification, now read. */
static int
post_read(struct request *r)
{
	const struct principal *p = auth_principal(r);
	json_t *n;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = notify_mark_read(r->db, p, id);
	if (!rc)
		rc = notify_get(r->db, p, id, &n);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such notification");
	return rc ? rc : http_json(r, 200, n);
}

/*
 * POST /api/v1/notifications {account_id | role | org_id, title, body?,
 * link?}
 */
static int
post_notification(struct request *r)
{
	static const char *const fields[] = {
		"account_id", "role", "org_id", "title", "body", "link", NULL
	};
	const struct principal *p = auth_principal(r);
	struct notify_msg m = { 0 };
	struct problem pb = { 0 };
	const char *role;
	json_t *body, *n;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_NOTIFY_SEND, 0)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_int(r, body, "account_id", false, 0, &m.account_id)) ||
	    (rc = api_string(r, body, "role", false, &role)) ||
	    (rc = api_int(r, body, "org_id", false, 0, &m.org_id)) ||
	    (rc = api_string(r, body, "title", true, &m.title)) ||
	    (rc = api_string(r, body, "body", false, &m.body)) ||
	    (rc = api_string(r, body, "link", false, &m.link)))
		return rc;
	if (m.account_id < 0)
		return http_fail(r, ERR_INVALID, "account_id",
				 "account_id must be a positive integer");
	if (m.org_id < 0)
		return http_fail(r, ERR_INVALID, "org_id",
				 "org_id must be a positive integer");
	if (role && !(m.role = role_from_name(role)))
		return http_fail(r, ERR_INVALID, "role", "no such role");
	rc = notify_post(r->db, p, &m, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	/*
	 * The sender need not be a recipient: answer what was stored (for
	 * an organisation, the first of its accounts' notices).
	 */
	n = json_pack("{s:I,s:o,s:s?,s:o,s:s,s:s,s:s?}", "id",
		      (json_int_t)id, "account_id", m.account_id > 0 ?
		      json_integer(m.account_id) : json_null(),
		      "role", role, "org_id", m.org_id > 0 ?
		      json_integer(m.org_id) : json_null(), "title", m.title,
		      "body", m.body ? m.body : "",
		      "link", m.link && *m.link ? m.link : NULL);
	return http_json(r, 201, n);
}

const struct route notify_api_routes[] = {
	{ HTTP_GET, "/api/v1/notifications", get_notifications,
	  ROUTE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/notifications", post_notification, 0, NULL,
	  PERM_NOTIFY_SEND },
	{ HTTP_GET, "/api/v1/notifications/unread-count", count_api,
	  ROUTE_SIGNED_IN, &unread },
	{ HTTP_POST, "/api/v1/notifications/read-all", count_api,
	  ROUTE_SIGNED_IN, &marked },
	{ HTTP_POST, "/api/v1/notifications/:id/read", post_read,
	  ROUTE_SIGNED_IN },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
