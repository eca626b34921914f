/*
 * api.c - the JSON API of the account module: sessions (sign in and
 * out), the caller's own account, accounts, API tokens, the login log and
 * the counters of sign-in throttling.
 *
 * Handlers parse and check the request, call the rules (account.h,
 * session.h) and answer; permissions are checked with auth_require().
 */
#include <string.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/api.h"
#include "account/name.h"
#include "account/session.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/api.h"
#include "http/http.h"

/* The caller, who is signed in on every route but the public ones. */
static const struct principal *
caller(struct request *r)
{
	return auth_principal(r);
}

/* Parse a JSON array of role names into a set; ERR_INVALID if bad. */
static int
roles_from(struct request *r, json_t *obj, bool required, unsigned *roles)
{
	json_t *arr = json_object_get(obj, "roles"), *v;
	size_t i;

	*roles = 0;
	if (!arr) {
		if (required)
			return http_fail(r, ERR_INVALID, "roles",
					 "roles is required");
		return 0;
	}
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return http_fail(r, ERR_INVALID, "roles", "roles must be a "
				 "non-empty array of role names");
	json_array_foreach(arr, i, v) {
		unsigned bit = json_is_string(v) ?
			       role_from_name(json_string_value(v)) : 0;

		if (!bit)
			return http_fail(r, ERR_INVALID, "roles",
					 "roles[%zu] is not a role", i);
		*roles |= bit;
	}
	return 0;
}

/* POST /api/v1/sessions {name, password}: sign in. */
static int
post_session(struct request *r)
{
	static const char *const fields[] = { "name", "password", NULL };
	const char *name, *password;
	struct login_result res;
	json_t *body, *out, *acct;
	char retry[24];
	int rc;

	if ((rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "name", true, &name)) ||
	    (rc = api_string(r, body, "password", true, &password)))
		return rc;
	rc = session_login_from(r, name, password, &res);
	if (rc == ERR_INVALID)
		return http_fail(r, rc, "name", "name must be at most %d "
				 "characters long", ACCOUNT_NAME_MAX);
	if (rc == ERR_THROTTLED) {
		snprintf(retry, sizeof(retry), "%ld", res.retry_after);
		http_add_header(r, "Retry-After", retry);
		return http_fail(r, rc, NULL, "too many failed sign-ins; try "
				 "again in %ld seconds", res.retry_after);
	}
	if (rc == ERR_UNAUTH)
		return http_fail(r, rc, NULL,
				 "wrong account name or password");
	if (rc)
		return rc;
	rc = session_start(r, &res);
	if (!rc)
		rc = account_get(r->db, res.account_id, &acct);
	if (rc)
		return rc;
	out = json_pack("{sosssIsI}", "account", acct,
			"csrf_token", res.csrf_token,
			"expires_in", (json_int_t)res.max_age,
			"session_id", (json_int_t)res.session_id);
	return http_json(r, 201, out);
}

/* DELETE /api/v1/sessions/current: sign out. */
static int
delete_current_session(struct request *r)
{
	int rc = session_logout(r->db, caller(r));

	if (rc == ERR_UNAUTH)
		return http_fail(r, rc, NULL, "signed in with an API token, "
				 "not a session");
	if (rc)
		return rc;
	session_end(r);
	return http_json(r, 200, json_pack("{sb}", "signed_out", 1));
}

/* GET /api/v1/sessions[?all=1]: the caller's sessions, or everyone's. */
static int
get_sessions(struct request *r)
{
	const struct principal *p = caller(r);
	const char *all = http_query(r, "all");
	int64_t limit, offset, total, who = p->account_id;
	json_t *items;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	if (all && !strcmp(all, "1")) {
		if ((rc = auth_require(p, PERM_SESSION_MANAGE, 0)))
			return rc;
		who = 0;
	}
	rc = account_sessions(r->db, who, limit, offset, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *s = json_array_get(items, i);

		json_object_set_new(s, "current", json_boolean(
			json_integer_value(json_object_get(s, "id")) ==
			p->session_id));
	}
	return http_json(r, 200, api_list(items, total, limit, offset));
}

/* The answer to revoking session or token `id`: `missing` names a 404. */
static int
revoked(struct request *r, int rc, int64_t id, const char *missing)
{
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "%s", missing);
	return rc ? rc : http_json(r, 200, json_pack("{sIsb}", "id",
				   (json_int_t)id, "revoked", 1));
}

/* DELETE /api/v1/sessions/{id}: revoke one (own, or anyone's for admins). */
static int
delete_session(struct request *r)
{
	const struct principal *p = caller(r);
	int64_t id, owner = p->account_id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	if (!auth_require(p, PERM_SESSION_MANAGE, 0))
		owner = 0;
	rc = account_revoke_session(r->db, &p->actor, id, owner);
	return revoked(r, rc, id, "no such active session");
}

/* GET /api/v1/me: the caller's account. */
static int
get_me(struct request *r)
{
	const struct principal *p = caller(r);
	json_t *acct;
	int rc = account_get(r->db, p->account_id, &acct);

	if (rc)
		return rc;
	if (p->csrf_token)
		json_object_set_new(acct, "csrf_token",
				    json_string(p->csrf_token));
	return http_json(r, 200, acct);
}

/* PUT /api/v1/me/password {current_password, new_password}. */
static int
put_my_password(struct request *r)
{
	static const char *const fields[] = {
		"current_password", "new_password", NULL
	};
	const struct principal *p = caller(r);
	struct password_change c = { 0 };
	struct problem pb = { 0 };
	char retry[24];
	long wait;
	json_t *body;
	int rc;

	if ((rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "current_password", true,
			     &c.current)) ||
	    (rc = api_string(r, body, "new_password", true, &c.password)))
		return rc;
	c.ip = http_client_ip(r);
	c.user_agent = http_header(r, "User-Agent");
	c.keep_session = p->session_id;
	rc = account_change_password(r->db, &r->arena, &p->actor,
				     p->account_id, &c, &wait, &pb);
	if (rc == ERR_THROTTLED) {
		snprintf(retry, sizeof(retry), "%ld", wait);
		http_add_header(r, "Retry-After", retry);
		return http_fail(r, rc, NULL, "too many wrong passwords; try "
				 "again in %ld seconds", wait);
	}
	/* The rule speaks of "password"; this request calls it new_password. */
	if (pb.field && !strcmp(pb.field, "password"))
		pb.field = "new_password";
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, json_pack("{sb}", "changed", 1));
}

/* GET /api/v1/users?q=&role=: accounts. */
static int
get_users(struct request *r)
{
	const char *q = http_query(r, "q"), *role = http_query(r, "role");
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = auth_require(caller(r), PERM_ACCOUNT_READ, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (q && !*q)
		q = NULL;
	if (role && !*role)
		role = NULL;
	if (role && !role_from_name(role))
		return http_fail(r, ERR_INVALID, "role", "no such role");
	rc = account_list(r->db, q, role, limit, offset, &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

/* Read the editable fields of an account from a JSON body. */
static int
account_fields(struct request *r, json_t *body, bool create,
	       struct account_input *in)
{
	int rc;

	if ((rc = api_string(r, body, "display_name", false,
			     &in->display_name)) ||
	    (rc = roles_from(r, body, create, &in->roles)) ||
	    (rc = api_int(r, body, "org_id", false, -1, &in->org_id)) ||
	    (rc = api_int(r, body, "person_id", false, -1, &in->person_id)))
		return rc;
	if (in->org_id < -1 || in->person_id < -1)
		return http_fail(r, ERR_INVALID, in->org_id < -1 ? "org_id" :
				 "person_id", "ids are positive integers");
	return 0;
}

/*
 * The answer to a change of account `id` with outcome `rc` (*pb saying
 * why it was refused): the problem, or `status` with the account.
 */
static int
user_answer(struct request *r, int rc, const struct problem *pb, int64_t id,
	    int status)
{
	json_t *acct;

	if (rc)
		return http_problem(r, rc, pb);
	rc = account_get(r->db, id, &acct);
	return rc ? rc : http_json(r, status, acct);
}

/* POST /api/v1/users: create an account. */
static int
post_user(struct request *r)
{
	static const char *const fields[] = {
		"name", "display_name", "password", "roles", "org_id",
		"person_id", NULL
	};
	const struct principal *p = caller(r);
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "name", true, &in.name)) ||
	    (rc = api_string(r, body, "password", true, &in.password)) ||
	    (rc = account_fields(r, body, true, &in)))
		return rc;
	rc = account_create(r->db, &p->actor, &in, &id, &pb);
	return user_answer(r, rc, &pb, id, 201);
}

int
account_of_path(struct request *r, enum perm perm, int64_t *id,
		json_t **acct)
{
	int rc;

	*acct = NULL;
	if ((rc = auth_require(auth_principal(r), perm, 0)) ||
	    (rc = http_param_id(r, "id", id)))
		return rc;
	rc = account_get(r->db, *id, acct);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such account");
	return rc;
}

/* GET /api/v1/users/{id} */
static int
get_user(struct request *r)
{
	json_t *acct;
	int64_t id;
	int rc = account_of_path(r, PERM_ACCOUNT_READ, &id, &acct);

	return rc ? rc : http_json(r, 200, acct);
}

/* PATCH /api/v1/users/{id}: display name, roles, links, disabled. */
static int
patch_user(struct request *r)
{
	static const char *const fields[] = {
		"display_name", "roles", "org_id", "person_id", "disabled",
		NULL
	};
	const struct principal *p = caller(r);
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = account_fields(r, body, false, &in)) ||
	    (rc = api_bool(r, body, "disabled", &in.disabled)))
		return rc;
	rc = account_update(r->db, &p->actor, id, &in, &pb);
	return user_answer(r, rc, &pb, id, 200);
}

int
account_of_path_disable(struct request *r, int disabled, int64_t *id,
			struct problem *pb)
{
	const struct principal *p = auth_principal(r);
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (rc = http_param_id(r, "id", id)))
		return rc;
	in.disabled = disabled;
	return account_update(r->db, &p->actor, *id, &in, pb);
}

/* DELETE /api/v1/users/{id}: archive, which for an account is disabling. */
static int
delete_user(struct request *r)
{
	struct problem pb = { 0 };
	int64_t id = 0;
	int rc = account_of_path_disable(r, 1, &id, &pb);

	/* The request has no body: what the rule refuses is the path's id. */
	if (rc == ERR_INVALID && pb.field)
		pb.field = "id";
	return user_answer(r, rc, &pb, id, 200);
}

/* POST /api/v1/users/{id}/password {password}: an admin's reset. */
static int
post_user_password(struct request *r)
{
	static const char *const fields[] = { "password", NULL };
	const struct principal *p = caller(r);
	struct problem pb = { 0 };
	const char *password;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_ACCOUNT_MANAGE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "password", true, &password)))
		return rc;
	rc = account_set_password(r->db, &p->actor, id, password, 0, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, json_pack("{sIsb}", "id", (json_int_t)id,
					   "reset", 1));
}

/* GET /api/v1/tokens: the caller's API tokens. */
static int
get_tokens(struct request *r)
{
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = account_tokens(r->db, caller(r)->account_id, limit, offset,
			    &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

/* POST /api/v1/tokens {name}: a new token, shown this once. */
static int
post_token(struct request *r)
{
	static const char *const fields[] = { "name", NULL };
	const struct principal *p = caller(r);
	struct problem pb = { 0 };
	char token[SECRET_TOKEN_LEN];
	const char *name;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, fields)) ||
	    (rc = api_string(r, body, "name", true, &name)))
		return rc;
	rc = account_new_token(r->db, &p->actor, p->account_id, name, token,
			       &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 201, json_pack("{sIssss}", "id", (json_int_t)id,
					   "name", name, "token", token));
}

/* DELETE /api/v1/tokens/{id}: revoke one of the caller's tokens. */
static int
delete_token(struct request *r)
{
	const struct principal *p = caller(r);
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = account_revoke_token(r->db, &p->actor, id, p->account_id);
	return revoked(r, rc, id, "no such active token");
}

/* GET /api/v1/logins?name=&ip=&success=: the login log (登录日志). */
static int
get_logins(struct request *r)
{
	const char *name = http_query(r, "name"), *ip = http_query(r, "ip");
	const char *ok = http_query(r, "success");
	int64_t limit, offset, total;
	int success = -1, rc;
	json_t *items;

	if ((rc = auth_require(caller(r), PERM_AUDIT_READ, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (ok && *ok) {
		if (strcmp(ok, "0") && strcmp(ok, "1"))
			return http_fail(r, ERR_INVALID, "success",
					 "success must be 0 or 1");
		success = ok[0] - '0';
	}
	rc = account_logins(r->db, name && *name ? name : NULL,
			    ip && *ip ? ip : NULL, success, limit, offset,
			    &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

/* GET /api/v1/login-throttles: the counters of sign-in throttling. */
static int
get_throttles(struct request *r)
{
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = auth_require(caller(r), PERM_AUDIT_READ, 0)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = account_throttles(r->db, limit, offset, &items, &total);
	return api_list_answer(r, rc, items, total, limit, offset);
}

/* DELETE /api/v1/login-throttles?name=&ip=: clear counters (audited). */
static int
delete_throttles(struct request *r)
{
	const struct principal *p = caller(r);
	const char *name = http_query(r, "name"), *ip = http_query(r, "ip");
	struct problem pb = { 0 };
	int64_t cleared;
	int rc;

	if ((rc = auth_require(p, PERM_SESSION_MANAGE, 0)))
		return rc;
	rc = account_throttle_clear(r->db, &p->actor, name, ip, &cleared,
				    &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, json_pack("{s:I}", "cleared",
					   (json_int_t)cleared));
}

/*
 * One's own sessions, account and tokens are ROUTE_SIGNED_IN (everyone's
 * sessions, ?all=1, need PERM_SESSION_MANAGE in the handler); the rest
 * name their permission.
 */
const struct route account_api_routes[] = {
	{ HTTP_POST, "/api/v1/sessions", post_session, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/sessions", get_sessions, ROUTE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/sessions/current", delete_current_session,
	  ROUTE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/sessions/:id", delete_session,
	  ROUTE_SIGNED_IN, NULL, PERM_NONE, &route_irreversible },
	{ HTTP_GET, "/api/v1/me", get_me, ROUTE_SIGNED_IN },
	{ HTTP_PUT, "/api/v1/me/password", put_my_password, ROUTE_SIGNED_IN },
	{ HTTP_GET, "/api/v1/users", get_users, 0, NULL, PERM_ACCOUNT_READ },
	{ HTTP_GET, "/api/v1/pick/account", account_pick_api, 0, NULL,
	  PERM_ACCOUNT_READ },
	{ HTTP_POST, "/api/v1/users", post_user, 0, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_GET, "/api/v1/users/:id", get_user, 0, NULL,
	  PERM_ACCOUNT_READ },
	{ HTTP_PATCH, "/api/v1/users/:id", patch_user, 0, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_DELETE, "/api/v1/users/:id", delete_user, 0, NULL,
	  PERM_ACCOUNT_MANAGE },
	{ HTTP_POST, "/api/v1/users/:id/password", post_user_password, 0,
	  NULL, PERM_ACCOUNT_MANAGE },
	{ HTTP_GET, "/api/v1/tokens", get_tokens, ROUTE_SIGNED_IN },
	{ HTTP_POST, "/api/v1/tokens", post_token, ROUTE_SIGNED_IN },
	{ HTTP_DELETE, "/api/v1/tokens/:id", delete_token, ROUTE_SIGNED_IN,
	  NULL, PERM_NONE, &route_irreversible },
	{ HTTP_GET, "/api/v1/logins", get_logins, 0, NULL, PERM_AUDIT_READ },
	{ HTTP_GET, "/api/v1/login-throttles", get_throttles, 0, NULL,
	  PERM_AUDIT_READ },
	{ HTTP_DELETE, "/api/v1/login-throttles", delete_throttles, 0, NULL,
	  PERM_SESSION_MANAGE },
	{ 0, NULL, NULL, 0 },
};
