/*
 * session.c - signing in and out, and finding out who asks: sessions,
 * API tokens and the CSRF check (session.h); the throttling of sign-ins
 * is throttle.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/session.h"
#include "auth/secret.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "db/memo.h"
#include "http/form.h"
#include "http/http.h"
#include "settings/settings.h"

#define SESSION_COOKIE "jg_session"
/*
 * How stale a session's last_seen_at or a token's last_used_at may get
 * before a request refreshes it: a write on every read would serialise
 * readers behind the one writer.
 */
#define TOUCH_SECONDS 60

/* Seconds since the epoch of a stored UTC time, or 0 if unreadable. */
static time_t
parse_utc(const char *s)
{
	time_t t;

	return time_parse_utc(s, &t) ? 0 : t;
}

/* Whether `name` is longer than an account name can be (in characters). */
static bool
name_too_long(const char *name)
{
	size_t chars = 0;

	for (const char *p = name; *p; p++)
		if ((*p & 0xC0) != 0x80 && ++chars > ACCOUNT_NAME_MAX)
			return true;
	return false;
}

/*
 * The account `name` signs in as: the one of that exact name, else the
 * one whose name has its key (name.h). ERR_NOTFOUND if none.
 */
static int
find_account(struct db *db, struct arena *a, const char *name,
	     const char *key, struct account_row *acct)
{
	int rc = store_account_by_name(db, a, name, acct);

	if (rc == ERR_NOTFOUND)
		rc = store_account_by_key(db, a, key, acct);
	return rc;
}

int
session_login(struct db *db, struct arena *a, const struct login_request *req,
	      struct login_result *out)
{
	struct account_row acct;
	char now[32], expires[32], digest[SECRET_DIGEST_LEN];
	char csrf[SECRET_TOKEN_LEN], key[ACCOUNT_KEY_MAX];
	int64_t max_hours;
	const char *reason;
	bool found, ok;
	int rc;

	memset(out, 0, sizeof(*out));
	if (name_too_long(req->name))
		return ERR_INVALID;
	throttle_key(req->name, key);
	rc = find_account(db, a, req->name, key, &acct);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	found = !rc;
	rc = throttle_reserve(db, a, key, req->ip, found ? acct.id : 0,
			      &out->retry_after);
	if (rc == ERR_THROTTLED) {
		time_now_utc(now);
		store_login_insert(db, "sign_in", req->name, 0, req->ip,
				   req->user_agent, 0, "throttled", now);
		return rc;
	}
	if (rc)
		return rc;

	/*
	 * A password is checked whatever the name: against the account's
	 * hash, or a dummy one of the same cost, so that the time taken
	 * does not tell a known name from an unknown one.
	 */
	if (!found)
		ok = secret_check_dummy(req->password);
	else
		ok = secret_check_password(acct.password_hash, req->password);
	if (!found)
		reason = "unknown account";
	else if (acct.disabled_at)
		reason = "account disabled";
	else if (!ok)
		reason = "wrong password";
	else
		reason = NULL;
	time_now_utc(now);
	if (reason) {
		rc = db_begin(db);
		if (!rc)
			rc = throttle_settle(db, a, key, req->ip, false);
		if (!rc)
			rc = store_login_insert(db, "sign_in", req->name,
						found ? acct.id : 0, req->ip,
						req->user_agent, 0, reason,
						now);
		rc = db_end(db, rc);
		return rc ? rc : ERR_UNAUTH;
	}

	rc = settings_get_int(db, "auth.session_max_hours", &max_hours);
	if (rc)
		return rc;
	time_utc_in(expires, (long)max_hours * 3600);
	secret_new_token(out->token);
	secret_new_token(csrf);
	secret_digest(out->token, digest);
	rc = db_begin(db);
	if (rc)
		return rc;
	/* A session cookie the browser already had is never reused. */
	if (req->old_session_id)
		store_revoke(db, "session", req->old_session_id, 0, now);
	rc = throttle_settle(db, a, key, req->ip, true);
	if (!rc)
		rc = store_session_insert(db, acct.id, digest, csrf, req->ip,
					  req->user_agent, now, expires,
					  &out->session_id);
	if (!rc)
		rc = store_login_insert(db, "sign_in", req->name, acct.id,
					req->ip, req->user_agent, 1, "ok",
					now);
	rc = db_end(db, rc);
	if (rc)
		return rc;
	out->account_id = acct.id;
	out->csrf_token = arena_strdup(a, csrf);
	out->max_age = (long)max_hours * 3600;
	return out->csrf_token ? 0 : ERR_NOMEM;
}

int
session_login_from(struct request *r, const char *name, const char *password,
		   struct login_result *out)
{
	struct login_request req = { 0 };

	req.name = name;
	req.password = password;
	req.ip = http_client_ip(r);
	req.user_agent = http_header(r, "User-Agent");
	if (!req.user_agent)
		req.user_agent = "";
	req.old_session_id = session_of_cookie(r);
	return session_login(r->db, &r->arena, &req, out);
}

int
account_sign_in(struct request *r, const char *name, const char *password)
{
	struct login_result res;
	int rc = session_login_from(r, name, password, &res);

	return rc ? rc : session_start(r, &res);
}

int
session_logout(struct db *db, const struct principal *p)
{
	char now[32];

	if (!p || !p->session_id)
		return ERR_UNAUTH;
	time_now_utc(now);
	return store_revoke(db, "session", p->session_id, 0, now);
}

int
session_start(struct request *r, const struct login_result *res)
{
	int rc = http_set_cookie(r, SESSION_COOKIE, res->token, res->max_age);

	return rc ? rc : http_set_cookie(r, AUTH_CSRF_COOKIE, "", -1);
}

int
session_end(struct request *r)
{
	return http_set_cookie(r, SESSION_COOKIE, "", -1);
}

int64_t
session_of_cookie(struct request *r)
{
	const struct principal *p = r->principal;

	return p ? p->session_id : 0;
}

/*
 * Who an API token belongs to is kept in a memo (db/memo.h), keyed by the
 * token's digest, as a line of text (token_text()): answered again only
 * while nothing has been committed since, by this server or any other, so
 * a revoked token, a disabled account or a changed role is refused on the
 * very next request. An API client's request then reads the database
 * once, for the version, which its list's memo reads again for nothing.
 */
static struct db_memo token_memo = DB_MEMO_INIT;

/* Append `s` as LENGTH:TEXT, or "-" for NULL. */
static void
add_field(struct buf *out, const char *s)
{
	if (s)
		buf_addf(out, "%zu:%s", strlen(s), s);
	else
		buf_addch(out, '-');
}

/* db_memo_text()'s compute: the token's principal as token_text(). */
static int
token_text(struct db *db, void *ctx, struct buf *out)
{
	const char *digest = ctx, *last_used = NULL;
	struct principal p = { 0 };
	struct arena a;
	int rc;

	arena_init(&a, 0);
	rc = store_token_find(db, &a, digest, &p, &last_used);
	if (!rc) {
		buf_addf(out, "%lld %lld %lld %lld %u ",
			 (long long)p.token_id, (long long)p.account_id,
			 (long long)p.org_id, (long long)p.person_id, p.roles);
		add_field(out, p.name);
		add_field(out, p.display_name);
		add_field(out, p.last_write_at);
		add_field(out, last_used);
		rc = buf_error(out);
	}
	arena_release(&a);
	return rc;
}

/*
 * Read a field add_field() wrote at *s into the arena (NULL for "-"),
 * moving *s past it. ERR_INVALID when it is not one.
 */
static int
take_field(const char **s, struct arena *a, const char **field)
{
	char *end;
	unsigned long long len;

	*field = NULL;
	if (**s == '-') {
		(*s)++;
		return 0;
	}
	len = strtoull(*s, &end, 10);
	if (end == *s || *end != ':' || strlen(end + 1) < len)
		return ERR_INVALID;
	*field = arena_strndup(a, end + 1, (size_t)len);
	*s = end + 1 + len;
	return *field ? 0 : ERR_NOMEM;
}

/* The principal and last use in what token_text() wrote. */
static int
token_parse(const char *s, struct arena *a, struct principal *p,
	    const char **last_used)
{
	long long token_id, account_id, org_id, person_id;
	int n = 0, rc;

	if (sscanf(s, "%lld %lld %lld %lld %u %n", &token_id, &account_id,
		   &org_id, &person_id, &p->roles, &n) != 5 || !n)
		return ERR_INVALID;
	p->token_id = token_id;
	p->account_id = account_id;
	p->org_id = org_id;
	p->person_id = person_id;
	s += n;
	if ((rc = take_field(&s, a, &p->name)) ||
	    (rc = take_field(&s, a, &p->display_name)) ||
	    (rc = take_field(&s, a, &p->last_write_at)))
		return rc;
	return take_field(&s, a, last_used);
}

/*
 * Who the bearer token of `r` belongs to: the token is looked up on every
 * request (in the memo while nothing was committed; a revoked one fails
 * at once); only the record of its last use waits up to TOUCH_SECONDS.
 */
static int
from_token(struct request *r, const char *token, struct principal *p)
{
	char digest[SECRET_DIGEST_LEN], now[32];
	const char *last_used = NULL;
	struct buf kept;
	int rc;

	secret_digest(token, digest);
	buf_init(&kept, &r->arena, 0);
	rc = db_memo_text(&token_memo, r->db, digest, token_text, digest,
			  &kept);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, ERR_UNAUTH, NULL,
				 "the API token is not valid or was revoked");
	if (!rc)
		rc = token_parse(kept.ptr, &r->arena, p, &last_used);
	if (rc)
		return rc;
	if (last_used && time(NULL) - parse_utc(last_used) < TOUCH_SECONDS)
		return 0;
	time_now_utc(now);
	return store_token_touch(r->db, p->token_id, now);
}

/* Who the session cookie of `r` belongs to; ERR_NOTFOUND if nobody. */
static int
from_cookie(struct request *r, const char *token, struct principal *p)
{
	char digest[SECRET_DIGEST_LEN], now[32], idle_since[32];
	const char *last_seen;
	int64_t idle;
	int rc;

	rc = settings_get_int(r->db, "auth.session_idle_minutes", &idle);
	if (rc)
		return rc;
	secret_digest(token, digest);
	time_now_utc(now);
	time_utc_in(idle_since, -(long)idle * 60);
	rc = store_session_find(r->db, &r->arena, digest, now, idle_since, p,
				&last_seen);
	if (rc)
		return rc;
	if (time(NULL) - parse_utc(last_seen) >= TOUCH_SECONDS)
		rc = store_session_touch(r->db, p->session_id, now);
	return rc;
}

/*
 * Read-your-writes, when the server reads from a replica
 * (http_read_your_writes()): a request that writes is recorded on its
 * credential, and one that reads goes to the primary while its caller
 * wrote within the window. Returns 0 or an error.
 */
static int
note_writes(struct request *r, const struct principal *p, bool writes)
{
	long window = http_read_your_writes(r);
	char now[32];

	if (!window)
		return 0;
	if (!writes) {
		r->reads_primary = p->last_write_at &&
			time(NULL) - parse_utc(p->last_write_at) < window;
		return 0;
	}
	time_now_utc(now);
	if (p->session_id)
		return store_mark_write(r->db, "session", p->session_id, now);
	return store_mark_write(r->db, "api_token", p->token_id, now);
}

static bool
is_form(const struct request *r)
{
	const char *ct = http_header(r, "Content-Type");

	return ct && (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)
		      || !strncasecmp(ct, "multipart/form-data", 19));
}

/*
 * The CSRF token a state-changing request carries: the X-CSRF-Token header
 * or, for a form, its `csrf` field. NULL when it carries none.
 */
static const char *
presented_csrf(struct request *r, int *rc)
{
	const char *h = http_header(r, "X-CSRF-Token");
	const struct form *f;

	*rc = 0;
	if (h)
		return h;
	if (!is_form(r))
		return NULL;
	*rc = http_read_form(r, &f);
	return *rc ? NULL : form_get(f, "csrf");
}

int
session_authenticate(struct request *r)
{
	struct principal *p = arena_new(&r->arena, struct principal, 1);
	const char *authz = http_header(r, "Authorization");
	const char *cookie = http_cookie(r, SESSION_COOKIE);
	const char *want = NULL, *got;
	bool writes = r->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH |
				   HTTP_DELETE);
	bool changes = writes;
	int rc;

	if (!p)
		return ERR_NOMEM;
	r->principal = NULL;
	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7) || !authz[7])
			return http_fail(r, ERR_UNAUTH, NULL,
					 "Authorization must be "
					 "'Bearer TOKEN'");
		rc = from_token(r, authz + 7, p);
		if (rc)
			return rc;
		/* A token is not ambient, so it needs no CSRF token. */
		changes = false;
	} else if (cookie) {
		rc = from_cookie(r, cookie, p);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		if (rc == ERR_NOTFOUND)
			p = NULL;
	} else {
		p = NULL;
	}
	if (p) {
		p->actor.id = p->account_id;
		p->actor.name = p->name;
		p->actor.ip = http_client_ip(r);
		r->principal = p;
		want = p->csrf_token;
		rc = note_writes(r, p, writes);
		if (rc)
			return rc;
	} else if (changes && is_form(r)) {
		want = http_cookie(r, AUTH_CSRF_COOKIE);
		if (!want || !*want)
			return http_fail(r, ERR_FORBIDDEN, "csrf",
					 "the form has expired; reload the "
					 "page and try again");
	} else {
		changes = false;	/* anonymous JSON: nothing ambient */
	}
	if (!changes)
		return 0;
	got = presented_csrf(r, &rc);
	if (rc)
		return rc;
	if (!got || !secret_equal(got, want))
		return http_fail(r, ERR_FORBIDDEN, "csrf",
				 "missing or wrong CSRF token; reload the "
				 "page and try again");
	return 0;
}
