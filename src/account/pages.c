/*
 * pages.c - the account module's pages for everyone: sign in and out, the
 * language switch, one's own account and password, API tokens and devices.
 */
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "account/pages.h"
#include "account/session.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/form.h"
#include "page/page.h"

/* GET /login */
static int
get_login(struct request *r)
{
	if (auth_principal(r))
		return http_redirect(r, page_next(r));
	return page_render(r, "auth/login", "login.title",
			   json_pack("{s:s?}", "next", page_next_query(r)));
}

/* POST /login: sign in, or show the form again with the reason. */
static int
post_login(struct request *r)
{
	const struct form *f;
	const char *name, *password;
	struct login_result res;
	char retry[24];
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	name = form_get(f, "name");
	password = form_get(f, "password");
	if (!name || !*name || !password)
		rc = ERR_UNAUTH;
	else
		rc = session_login_from(r, name, password, &res);
	if (rc == ERR_INVALID) {
		/* A name no account can have: nothing stored, not echoed. */
		r->status = 400;
		return page_render(r, "auth/login", "login.title",
			json_pack("{s:s,s:s?}", "error",
				  page_text(r, "login.name_too_long"),
				  "next", http_query(r, "next")));
	}
	if (rc == ERR_UNAUTH || rc == ERR_THROTTLED) {
		r->status = rc == ERR_UNAUTH ? 401 : 429;
		if (rc == ERR_THROTTLED) {
			snprintf(retry, sizeof(retry), "%ld", res.retry_after);
			http_add_header(r, "Retry-After", retry);
		}
		return page_render(r, "auth/login", "login.title",
			json_pack("{s:s?,s:s,s:s?}", "name", name,
				  "error", page_text(r, rc == ERR_UNAUTH ?
					"login.failed" : "login.throttled"),
				  "next", page_next_query(r)));
	}
	if (rc)
		return rc;
	if ((rc = session_start(r, &res)))
		return rc;
	return http_redirect(r, page_next(r));
}

/* POST /logout */
static int
post_logout(struct request *r)
{
	int rc = session_logout(r->db, auth_principal(r));

	if (rc && rc != ERR_UNAUTH)
		return rc;
	session_end(r);
	return http_redirect(r, "/login");
}

/* POST /lang {lang, next}: remember the language for a year. */
static int
post_lang(struct request *r)
{
	const struct form *f;
	const char *lang, *next;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	lang = form_get(f, "lang");
	next = form_get(f, "next");
	if (!lang || (strcmp(lang, "zh-CN") && strcmp(lang, "en")))
		return http_fail(r, ERR_INVALID, "lang", "no such language");
	if ((rc = http_set_cookie(r, "lang", lang, 365L * 24 * 3600)))
		return rc;
	return http_redirect_local(r, next, "/");
}

/* The account page, with `errors` ({field: message}) for the form. */
static int
render_me(struct request *r, json_t *errors)
{
	json_t *acct;
	int rc = account_get(r->db, auth_principal(r)->account_id, &acct);

	if (rc) {
		http_own(r, errors);
		return rc;
	}
	return page_render(r, "auth/me", "me.title",
			   json_pack("{s:o,s:o*}", "account", acct,
				     "errors", errors));
}

/* GET /me */
static int
get_me_page(struct request *r)
{
	return render_me(r, NULL);
}

/* POST /me/password: change one's password; errors beside the fields. */
static int
post_me_password(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const struct form *f;
	struct password_change c = { 0 };
	const char *again;
	struct problem pb = { 0 };
	char retry[24];
	long wait = 0;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	c.current = form_get(f, "current_password");
	c.password = form_get(f, "new_password");
	c.ip = http_client_ip(r);
	c.user_agent = http_header(r, "User-Agent");
	c.keep_session = p->session_id;
	again = form_get(f, "confirm_password");
	if (!c.password || !again || strcmp(c.password, again))
		rc = problem_key(&pb, ERR_INVALID, "confirm_password",
				 "account.err.mismatch",
				 "the two new passwords differ");
	else
		rc = account_change_password(r->db, &r->arena, &p->actor,
					     p->account_id, &c, &wait, &pb);
	if (pb.field && !strcmp(pb.field, "password"))
		pb.field = "new_password";
	if (rc == ERR_THROTTLED) {
		r->status = 429;
		snprintf(retry, sizeof(retry), "%ld", wait);
		http_add_header(r, "Retry-After", retry);
		return render_me(r, json_pack("{s:s}", "current_password",
					      page_text(r, "login.throttled")));
	}
	if (pb.field) {
		r->status = 400;
		return render_me(r, json_pack("{s:s}", pb.field,
					      page_problem(r, &pb, NULL)));
	}
	if (rc)
		return rc;
	page_flash(r, "success", "me.password_changed");
	return http_redirect(r, "/me");
}

/* The tokens page; `token` is a token just made, shown this once. */
static int
render_tokens(struct request *r, const char *token, json_t *errors)
{
	const struct principal *p = auth_principal(r);
	int64_t total;
	json_t *items;
	int rc = account_tokens(r->db, p->account_id, API_LIMIT_MAX, 0, &items,
				&total);

	if (rc) {
		http_own(r, items);
		http_own(r, errors);
		return rc;
	}
	return page_render(r, "auth/tokens", "tokens.title",
			   json_pack("{s:o,s:s?,s:o*}", "tokens", items,
				     "new_token", token, "errors", errors));
}

static int
get_tokens_page(struct request *r)
{
	return render_tokens(r, NULL, NULL);
}

/* POST /me/tokens {name} */
static int
post_token_page(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const struct form *f;
	struct problem pb = { 0 };
	char token[SECRET_TOKEN_LEN];
	int64_t id;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	rc = account_new_token(r->db, &p->actor, p->account_id,
			       form_get(f, "name"), token, &id, &pb);
	if (rc == ERR_INVALID) {
		r->status = 400;
		return render_tokens(r, NULL, json_pack("{s:s}", "name",
					page_problem(r, &pb, NULL)));
	}
	if (rc)
		return rc;
	return render_tokens(r, token, NULL);
}

/* POST /me/tokens/{id}/revoke */
static int
post_token_revoke(struct request *r)
{
	const struct principal *p = auth_principal(r);
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = account_revoke_token(r->db, &p->actor, id, p->account_id);
	if (rc)
		return rc;
	page_flash(r, "success", "tokens.revoked");
	return http_redirect(r, "/me/tokens");
}

/* Mark the caller's own session in a list of sessions. */
static void
mark_current(json_t *items, int64_t session_id)
{
	size_t i;
	json_t *s;

	json_array_foreach(items, i, s)
		json_object_set_new(s, "current", json_boolean(
			json_integer_value(json_object_get(s, "id")) ==
			session_id));
}

/* GET /me/sessions: where one is signed in. */
static int
get_my_sessions(struct request *r)
{
	const struct principal *p = auth_principal(r);
	int64_t total;
	json_t *items;
	int rc = account_sessions(r->db, p->account_id, API_LIMIT_MAX, 0,
				  &items, &total);

	if (rc) {
		http_own(r, items);
		return rc;
	}
	mark_current(items, p->session_id);
	return page_render(r, "auth/sessions", "sessions.mine",
			   json_pack("{s:o,s:s}", "sessions", items,
				     "action", "/me/sessions"));
}

/* POST /me/sessions/{id}/revoke */
static int
post_my_session_revoke(struct request *r)
{
	const struct principal *p = auth_principal(r);
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = account_revoke_session(r->db, &p->actor, id, p->account_id);
	if (rc)
		return rc;
	page_flash(r, "success", "sessions.revoked");
	return http_redirect(r, "/me/sessions");
}

/*
 * Sign-in and the language switch are public; one's own account, tokens
 * and devices are anyone's who is signed in.
 */
/* A revoked token or session is for good (http.h, route_confirm). */
static const struct route_confirm revoke_token_confirm = {
	"confirm.revoke_token", NULL, NULL,
};
static const struct route_confirm revoke_session_confirm = {
	"confirm.revoke_session", NULL, NULL,
};

#define OWN (ROUTE_PAGE | ROUTE_SIGNED_IN)

const struct route account_page_routes[] = {
	{ HTTP_GET, "/login", get_login, ROUTE_PAGE | ROUTE_PUBLIC },
	{ HTTP_POST, "/login", post_login, ROUTE_PAGE | ROUTE_PUBLIC },
	{ HTTP_POST, "/logout", post_logout, OWN },
	{ HTTP_POST, "/lang", post_lang, ROUTE_PAGE | ROUTE_PUBLIC },
	{ HTTP_GET, "/me", get_me_page, OWN },
	{ HTTP_POST, "/me/password", post_me_password, OWN },
	{ HTTP_GET, "/me/tokens", get_tokens_page, OWN },
	{ HTTP_POST, "/me/tokens", post_token_page, OWN },
	{ HTTP_POST, "/me/tokens/:id/revoke", post_token_revoke, OWN, NULL,
	  PERM_NONE, &revoke_token_confirm },
	{ HTTP_GET, "/me/sessions", get_my_sessions, OWN },
	{ HTTP_POST, "/me/sessions/:id/revoke", post_my_session_revoke, OWN,
	  NULL, PERM_NONE, &revoke_session_confirm },
	{ 0, NULL, NULL, 0 },
};

/* One's own account, the accounts and sessions of the park, and the sign-in log in the left menu (page.h). */
const struct page_menu_item account_menu[] = {
	{ ROLE_ALL, "menu.mine", "/me", "menu.me" },
	{ ROLE_ALL, "menu.mine", "/me/tokens", "menu.tokens" },
	{ ROLE_ALL, "menu.mine", "/me/sessions", "menu.my_sessions" },
	{ ROLE_ADMIN, "menu.system", "/admin/users", "menu.users" },
	{ ROLE_ADMIN, "menu.system", "/admin/sessions", "menu.sessions" },
	{ ROLE_ADMIN, "menu.logs", "/admin/logins", "menu.logins" },
	{ 0, NULL, NULL, NULL },
};
