/*
 * pages.c - the notification pages:
 *
 *	GET  /notifications[?unread=1]		one's own, read or not
 *	POST /notifications/{id}/read		mark one read
 *	POST /notifications/read-all		mark all read
 *	GET  /admin/notifications		the send form and what was sent
 *	POST /admin/notifications		send: to an account, a role or
 *						an organisation, each picked
 *						by name
 */
#include <stdlib.h>
#include <string.h>

#include "account/pages.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/form.h"
#include "notify/notify.h"
#include "notify/pages.h"
#include "page/page.h"

/* Each of `items` with the label of its role (none for an account's). */
static void
role_labels(struct request *r, json_t *items)
{
	json_t *row, *role;
	size_t i;

	json_array_foreach(items, i, row) {
		role = json_object_get(row, "role");
		if (json_is_string(role))
			json_object_set_new(row, "role_label", json_string(
				page_text(r, arena_printf(&r->arena,
				"roles.%s", json_string_value(role)))));
	}
}

/* GET /notifications?unread=1 */
static int
get_list(struct request *r)
{
	const char *unread = http_query(r, "unread");
	bool only = unread && !strcmp(unread, "1");
	int64_t limit, offset, total, n = 0;
	json_t *items;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = notify_list(r->db, auth_principal(r), only, limit, offset,
			 &items, &total);
	if (!rc)
		rc = notify_unread_count(r->db, auth_principal(r), &n);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	role_labels(r, items);
	return page_render(r, "notify/list", "notify.title",
		json_pack("{s:o,s:b,s:I,s:o}", "notifications", items,
			  "unread_only", only, "unread_count", (json_int_t)n,
			  "pager", page_pager(r, total, limit, offset)));
}

/* Back to the list the form came from (the unread filter kept). */
static int
back(struct request *r, const struct form *f)
{
	const char *unread = form_get(f, "unread");

	return http_redirect(r, unread && !strcmp(unread, "1") ?
			     "/notifications?unread=1" : "/notifications");
}

/* POST /notifications/{id}/read */
static int
post_read(struct request *r)
{
	const struct form *f;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = notify_mark_read(r->db, auth_principal(r), id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such notification");
	if (rc)
		return rc;
	page_flash(r, "success", "notify.marked");
	return back(r, f);
}

/* POST /notifications/read-all */
static int
post_read_all(struct request *r)
{
	const struct form *f;
	int64_t n;
	int rc;

	if ((rc = http_read_form(r, &f)) ||
	    (rc = notify_mark_all_read(r->db, auth_principal(r), &n)))
		return rc;
	page_flash(r, "success", "notify.marked_all");
	return back(r, f);
}

/* The send page: the form (`input`, `errors`) and what was sent. */
static int
render_send(struct request *r, json_t *input, json_t *errors)
{
	const struct principal *p = auth_principal(r);
	int64_t limit, offset, total;
	json_t *items;
	const char *role;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		goto out_input;
	rc = notify_sent(r->db, p, limit, offset, &items, &total);
	if (rc) {
		http_own(r, items);
		goto out_input;
	}
	role_labels(r, items);
	role = json_string_value(json_object_get(input, "role"));
	json_object_set_new(input, "to_role", json_boolean(
		json_is_string(json_object_get(input, "role"))));
	json_object_set_new(input, "to_org", json_boolean(
		json_is_string(json_object_get(input, "org_id"))));
	/* The recipient's picker, with what was typed and refused. */
	json_object_set_new(input, "account", json_pack("{s:s,s:b,s:O?,s:o}",
		"name", "account_id", "required", 1, "error",
		json_object_get(errors, "account_id"), "picker",
		account_picker(r, json_object_get(input, "account_id"),
			       json_object_get(errors, "account_id") != NULL)));
	json_object_set_new(input, "org", page_pick_field(r, "org_id", "org",
		json_object_get(input, "org_id"), false, json_string_value(
		json_object_get(errors, "org_id"))));
	return page_render(r, "notify/send", "notify.send_title",
		json_pack("{s:o,s:o,s:o*,s:o,s:o}", "input", input,
			  "roles", account_role_choices(r, role ?
			  role_from_name(role) : 0, "selected"),
			  "errors", errors,
			  "sent", items,
			  "pager", page_pager(r, total, limit, offset)));

out_input:
	http_own(r, input);
	http_own(r, errors);
	return rc;
}

/* GET /admin/notifications */
static int
get_send(struct request *r)
{
	int rc = auth_require(auth_principal(r), PERM_NOTIFY_SEND, 0);

	return rc ? rc : render_send(r, json_object(), NULL);
}

/*
 * POST /admin/notifications: to=account|role|org, account_id, role,
 * org_id, ...
 */
static int
post_send(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct notify_msg m = { 0 };
	struct problem pb = { 0 };
	const struct form *f;
	const char *to, *role, *why;
	json_t *input;
	int rc;

	if ((rc = auth_require(p, PERM_NOTIFY_SEND, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	to = form_get(f, "to");
	role = form_get(f, "role");
	m.title = form_get(f, "title");
	m.body = form_get(f, "body");
	m.link = form_get(f, "link");
	if (to && !strcmp(to, "role")) {
		m.role = role ? role_from_name(role) : 0;
		if (!m.role)
			rc = problem_key(&pb, ERR_INVALID, "role",
					 "err.no_role",
					 "no such role");
	} else if (to && !strcmp(to, "org")) {
		/* The organisation, picked by name (page.h). */
		rc = page_pick_id(r, "org", f, "org_id", &m.org_id, &why);
		if (rc == ERR_INVALID)
			problem(&pb, rc, "org_id", why);
		else if (!rc && m.org_id <= 0)
			rc = problem_key(&pb, ERR_INVALID, "org_id",
					 "err.required", "choose an "
					 "organisation");
	} else {
		/* The recipient, picked by name (account/pages.h). */
		rc = account_pick_id(r, f, "account_id", &m.account_id, &why);
		if (rc == ERR_INVALID)
			problem(&pb, rc, "account_id", why);
		else if (!rc && m.account_id <= 0)
			rc = problem_key(&pb, ERR_INVALID, "account_id",
					 "notify.err.account_id",
					 "account_id must be a positive "
					 "integer");
	}
	if (!rc)
		rc = notify_post(r->db, p, &m, NULL, &pb);
	if (rc && pb.field) {
		/* What was typed, or the account chosen. */
		input = json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}",
			"account_id", form_get(f, "account_id_text") ?
			form_get(f, "account_id_text") : form_get(f,
			"account_id"),
			"org_id", to && !strcmp(to, "org") ?
			form_get(f, "org_id_text") : NULL,
			"role", to && !strcmp(to, "role") ? role : NULL,
			"title", m.title, "body", m.body, "link", m.link);
		r->status = 400;
		return render_send(r, input, json_pack("{s:s}", pb.field,
			page_problem(r, &pb, NULL)));
	}
	if (rc)
		return rc;
	page_flash(r, "success", "notify.sent");
	return http_redirect(r, "/admin/notifications");
}

const struct route notify_page_routes[] = {
	{ HTTP_GET, "/notifications", get_list, ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_POST, "/notifications/read-all", post_read_all,
	  ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_POST, "/notifications/:id/read", post_read,
	  ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_GET, "/admin/notifications", get_send, ROUTE_PAGE, NULL,
	  PERM_NOTIFY_SEND },
	{ HTTP_POST, "/admin/notifications", post_send, ROUTE_PAGE, NULL,
	  PERM_NOTIFY_SEND },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* Sending notifications, in the left menu (page.h). */
const struct page_menu_item notify_menu[] = {
	{ ROLE_ADMIN, "menu.system", "/admin/notifications", "menu.notify" },
	{ 0, NULL, NULL, NULL },
};
