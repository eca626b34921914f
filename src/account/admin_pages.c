/*
 * admin_pages.c - the park staff's pages for accounts (用户管理), active
 * sessions (在线用户) and the sign-in log (登录日志), with the counters of
 * sign-in throttling and the button that clears them.
 */
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/pages.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/form.h"
#include "page/page.h"

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

json_t *
account_role_choices(struct request *r, unsigned marked, const char *flag)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1) {
		const char *name = role_name(bit);

		json_array_append_new(a, json_pack("{s:s,s:s,s:b}",
			"name", name,
			"label", page_text(r, arena_printf(&r->arena,
					   "roles.%s", name)),
			flag, (marked & bit) != 0));
	}
	return a;
}

/* The roles ticked in a form (every field "roles"). */
static unsigned
form_roles(const struct form *f)
{
	unsigned roles = 0;

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].name, "roles"))
			roles |= role_from_name(f->fields[i].value);
	return roles;
}

/* GET /admin/users?q=&role= */
static int
get_users(struct request *r)
{
	const char *q = nonempty(http_query(r, "q"));
	const char *role = nonempty(http_query(r, "role"));
	int64_t limit, offset, total;
	json_t *items, *roles;
	size_t i;
	json_t *u;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_ACCOUNT_READ, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (role && !role_from_name(role))
		role = NULL;
	rc = account_list(r->db, q, role, limit, offset, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	/* Show roles by their labels. */
	json_array_foreach(items, i, u) {
		json_t *names = json_object_get(u, "roles"), *labels, *n;
		size_t j;

		labels = json_array();
		json_array_foreach(names, j, n)
			json_array_append_new(labels, json_string(page_text(r,
				arena_printf(&r->arena, "roles.%s",
					     json_string_value(n)))));
		json_object_set_new(u, "role_labels", labels);
	}
	roles = account_role_choices(r, role ? role_from_name(role) : 0,
				     "checked");
	return page_render(r, "admin/users", "users.title",
		json_pack("{s:o,s:o,s:s?,s:o}", "users", items,
			  "roles", roles, "q", q,
			  "pager", page_pager(r, total, limit, offset)));
}

/* The user form: `user` ({} for a new one), its roles, field errors. */
static int
render_user_form(struct request *r, json_t *user, unsigned roles,
		 json_t *errors, bool is_new)
{
	/* The organisation and person, picked by name (page.h). */
	json_object_set_new(user, "pick_org", page_pick_field(r, "org_id",
		"org", json_object_get(user, "org_id"), false,
		json_string_value(json_object_get(errors, "org_id"))));
	json_object_set_new(user, "pick_person", page_pick_field(r,
		"person_id", "person", json_object_get(user, "person_id"),
		false, json_string_value(json_object_get(errors,
		"person_id"))));
	return page_render(r, "admin/user_form", is_new ? "users.new" :
			   "users.edit",
			   json_pack("{s:o,s:o,s:o*,s:b}", "user", user,
				     "roles", account_role_choices(r, roles,
								   "checked"),
				     "errors", errors, "is_new", is_new));
}

/* GET /admin/users/new */
static int
get_user_new(struct request *r)
{
	int rc = auth_require(auth_principal(r), PERM_ACCOUNT_MANAGE, 0);

	return rc ? rc : render_user_form(r, json_object(), 0, NULL, true);
}

/*
 * A reference of the form picked by name (page_pick_id(), the kit's
 * pickers): -1 when the form has no such field (unchanged), 0 when it
 * was cleared.
 */
static int
form_ref(struct request *r, const struct form *f, const char *name,
	 const char *table, int64_t *out, struct problem *pb)
{
	const char *why;
	int rc;

	*out = -1;
	if (!form_get(f, name) && !form_get(f, arena_printf(&r->arena,
					    "%s_text", name)))
		return 0;
	rc = page_pick_id(r, table, f, name, out, &why);
	if (rc == ERR_INVALID)
		return problem(pb, rc, name, why);
	return rc;
}

/* Read the fields of the user form into `in`; ERR_INVALID names one. */
static int
read_user_form(struct request *r, const struct form *f,
	       struct account_input *in, struct problem *pb)
{
	int rc;

	in->display_name = form_get(f, "display_name");
	in->roles = form_roles(f);
	if ((rc = form_ref(r, f, "org_id", "org", &in->org_id, pb)) ||
	    (rc = form_ref(r, f, "person_id", "person", &in->person_id, pb)))
		return rc;
	return 0;
}

/* What a picker of the form sent: the text typed, else the id chosen. */
static json_t *
echo_ref(struct request *r, const struct form *f, const char *name)
{
	const char *text = form_get(f, arena_printf(&r->arena, "%s_text",
						    name));
	const char *id = form_get(f, name);

	if (text)
		return json_string(text);
	return id && *id ? json_integer(strtoll(id, NULL, 10)) : json_null();
}

/* The form as submitted, to show it again with its errors. */
static json_t *
echo_user(struct request *r, const struct form *f)
{
	return json_pack("{s:s?,s:s?,s:o,s:o}",
			 "name", form_get(f, "name"),
			 "display_name", form_get(f, "display_name"),
			 "org_id", echo_ref(r, f, "org_id"),
			 "person_id", echo_ref(r, f, "person_id"));
}

/* GET /admin/users/{id} */
static int
get_user(struct request *r)
{
	json_t *user, *names, *n;
	unsigned roles = 0;
	int64_t id;
	size_t i;
	int rc = account_of_path(r, PERM_ACCOUNT_MANAGE, &id, &user);

	if (rc)
		return rc;
	names = json_object_get(user, "roles");
	json_array_foreach(names, i, n)
		roles |= role_from_name(json_string_value(n));
	return render_user_form(r, user, roles, NULL, false);
}

/*
 * The user form of account `id` again (400), with `echo` (what was typed,
 * may be NULL) over the account and `message` (in the reader's language)
 * beside `field`.
 */
static int
user_form_again(struct request *r, int64_t id, json_t *echo, unsigned roles,
		const char *field, const char *message)
{
	json_t *user;
	int rc = account_get(r->db, id, &user);

	if (rc) {
		http_own(r, echo);
		return rc;
	}
	r->status = 400;
	json_object_update_new(user, echo ? echo : json_object());
	return render_user_form(r, user, roles, json_pack("{s:s}", field,
				message), false);
}

/*
 * After a change of account `id` with outcome `rc`: the problem, or back
 * to its page with the message `flash`.
 */
static int
back_to_user(struct request *r, int rc, const struct problem *pb, int64_t id,
	     const char *flash)
{
	if (rc)
		return http_problem(r, rc, pb);
	page_flash(r, "success", flash);
	return http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld",
					     (long long)id));
}

/*
 * POST /admin/users (create) and /admin/users/{id} (save name, roles and
 * links): the user form, shown again beside a field refused.
 */
static int
post_user(struct request *r)
{
	const struct principal *p = auth_principal(r);
	bool is_new = !http_param(r, "id");
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id = 0;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (!is_new && (rc = http_param_id(r, "id", &id))) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	if (is_new) {
		in.name = form_get(f, "name");
		in.password = form_get(f, "password");
	}
	rc = read_user_form(r, f, &in, &pb);
	if (!rc && !is_new && !in.roles)
		rc = problem_key(&pb, ERR_INVALID, "roles",
				 "account.err.no_role",
				 "an account needs at least one role");
	if (!rc && is_new)
		rc = account_create(r->db, &p->actor, &in, &id, &pb);
	else if (!rc)
		rc = account_update(r->db, &p->actor, id, &in, &pb);
	if (pb.field && is_new) {
		r->status = rc == ERR_CONFLICT ? 409 : 400;
		return render_user_form(r, echo_user(r, f), in.roles,
			json_pack("{s:s}", pb.field,
				  page_problem(r, &pb, NULL)), true);
	}
	if (pb.field)
		return user_form_again(r, id, echo_user(r, f), in.roles,
				       pb.field, page_problem(r, &pb, NULL));
	return back_to_user(r, rc, &pb, id, is_new ? "users.created" :
			    "users.saved");
}

/* POST /admin/users/{id}/disable and /enable */
static int
set_disabled(struct request *r, int disabled)
{
	struct problem pb = { 0 };
	int64_t id = 0;
	int rc = account_of_path_disable(r, disabled, &id, &pb);

	return back_to_user(r, rc, &pb, id, disabled ? "users.disabled_ok" :
			    "users.enabled_ok");
}

static int
post_user_disable(struct request *r)
{
	return set_disabled(r, 1);
}

static int
post_user_enable(struct request *r)
{
	return set_disabled(r, 0);
}

/* POST /admin/users/{id}/password: reset. */
static int
post_user_reset(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = account_set_password(r->db, &p->actor, id,
				  form_get(f, "password"), 0, &pb);
	if (rc == ERR_INVALID && pb.field)
		return user_form_again(r, id, NULL, 0, "new_password",
				       page_problem(r, &pb, NULL));
	return back_to_user(r, rc, &pb, id, "users.reset_ok");
}

/* GET /admin/sessions: everyone's active sessions (在线用户). */
static int
get_sessions(struct request *r)
{
	const struct principal *p = auth_principal(r);
	int64_t limit, offset, total;
	json_t *items, *s;
	size_t i;
	int rc;

	if ((rc = auth_require(p, PERM_SESSION_MANAGE, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = account_sessions(r->db, 0, limit, offset, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	json_array_foreach(items, i, s)
		json_object_set_new(s, "current", json_boolean(
			json_integer_value(json_object_get(s, "id")) ==
			p->session_id));
	return page_render(r, "auth/sessions", "sessions.title",
		json_pack("{s:o,s:b,s:s,s:o}", "sessions", items, "all", 1,
			  "action", "/admin/sessions",
			  "pager", page_pager(r, total, limit, offset)));
}

/* POST /admin/sessions/{id}/revoke */
static int
post_session_revoke(struct request *r)
{
	const struct principal *p = auth_principal(r);
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_SESSION_MANAGE, 0)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	rc = account_revoke_session(r->db, &p->actor, id, 0);
	if (rc)
		return rc;
	page_flash(r, "success", "sessions.revoked");
	return http_redirect(r, "/admin/sessions");
}

/*
 * The counters of sign-in throttling for the log page: each with its
 * scope's label, the account and address it counts, and whether (and for
 * how long) it refuses attempts now.
 */
static int
throttle_rows(struct request *r, json_t **out)
{
	int64_t total;
	json_t *items, *row;
	size_t i;
	int rc = account_throttles(r->db, API_LIMIT_MAX, 0, &items, &total);

	*out = items;
	if (rc)
		return rc;
	json_array_foreach(items, i, row) {
		const char *scope = json_string_value(json_object_get(row,
								       "scope"));

		json_object_set_new(row, "scope_label", json_string(page_text(r,
			arena_printf(&r->arena, "logins.scopes.%s", scope))));
		json_object_set_new(row, "refusing", json_boolean(
			json_integer_value(json_object_get(row,
							   "retry_after")) > 0));
	}
	return 0;
}

/* GET /admin/logins?name=&ip=&success= (登录日志) */
static int
get_logins(struct request *r)
{
	const char *name = nonempty(http_query(r, "name"));
	const char *ip = nonempty(http_query(r, "ip"));
	const char *ok = nonempty(http_query(r, "success"));
	int64_t limit, offset, total;
	int success = -1, rc;
	json_t *items, *throttles, *row;
	size_t i;

	if ((rc = auth_require(auth_principal(r), PERM_AUDIT_READ, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (ok && (!strcmp(ok, "0") || !strcmp(ok, "1")))
		success = ok[0] - '0';
	rc = account_logins(r->db, name, ip, success, limit, offset, &items,
			    &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	json_array_foreach(items, i, row) {
		const char *reason = json_string_value(json_object_get(row,
								"reason"));

		json_object_set_new(row, "password_change", json_boolean(
			!strcmp(json_string_value(json_object_get(row, "kind")),
				"password")));
		/* Why it failed, in the reader's language. */
		if (reason)
			json_object_set_new(row, "reason", json_string(
				page_message(r, reason)));
	}
	rc = throttle_rows(r, &throttles);
	if (rc) {
		http_own(r, items);
		http_own(r, throttles);
		return rc;
	}
	return page_render(r, "admin/logins", "logins.title",
		json_pack("{s:o,s:o,s:b,s:s?,s:s?,s:b,s:b,s:o}", "logins",
			  items, "throttles", throttles, "may_clear",
			  !auth_require(auth_principal(r),
					PERM_SESSION_MANAGE, 0),
			  "name", name, "ip", ip, "only_ok", success == 1,
			  "only_failed", success == 0,
			  "pager", page_pager(r, total, limit, offset)));
}

/*
 * POST /admin/logins/throttles/clear {name, ip}: clear the counters of an
 * account or an address, so that its owner is let in at once (audited).
 */
static int
post_throttles_clear(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	int64_t cleared;
	int rc;

	if ((rc = auth_require(p, PERM_SESSION_MANAGE, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = account_throttle_clear(r->db, &p->actor, form_get(f, "name"),
				    form_get(f, "ip"), &cleared, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", cleared ? "logins.cleared" :
		   "logins.nothing_to_clear");
	return http_redirect(r, "/admin/logins");
}

/* A revoked session is signed out for good (http.h, route_confirm). */
static const struct route_confirm revoke_confirm = {
	"confirm.revoke_session", NULL, NULL,
};

const struct route account_admin_routes[] = {
	{ HTTP_GET, "/admin/users", get_users, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_READ },
	{ HTTP_POST, "/admin/users", post_user, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_GET, "/admin/users/new", get_user_new, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_GET, "/admin/users/:id", get_user, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_POST, "/admin/users/:id", post_user, ROUTE_PAGE, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_POST, "/admin/users/:id/disable", post_user_disable,
	  ROUTE_PAGE, NULL, PERM_ACCOUNT_MANAGE },
	{ HTTP_POST, "/admin/users/:id/enable", post_user_enable, ROUTE_PAGE,
	  NULL, PERM_ACCOUNT_MANAGE },
	{ HTTP_POST, "/admin/users/:id/password", post_user_reset,
	  ROUTE_PAGE, NULL, PERM_ACCOUNT_MANAGE },
	{ HTTP_GET, "/admin/sessions", get_sessions, ROUTE_PAGE, NULL,
	  PERM_SESSION_MANAGE },
	{ HTTP_POST, "/admin/sessions/:id/revoke", post_session_revoke,
	  ROUTE_PAGE, NULL, PERM_SESSION_MANAGE, &revoke_confirm },
	{ HTTP_GET, "/admin/logins", get_logins, ROUTE_PAGE, NULL,
	  PERM_AUDIT_READ },
	{ HTTP_POST, "/admin/logins/throttles/clear", post_throttles_clear,
	  ROUTE_PAGE, NULL, PERM_SESSION_MANAGE },
	{ 0, NULL, NULL, 0 },
};
