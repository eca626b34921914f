/*
 * session.h - signing in and out (the rules behind the login page and
 * POST /api/v1/sessions). Private to the auth module's handlers and the
 * CLI; other modules need only auth.h.
 */
#ifndef JG_ACCOUNT_SESSION_H
#define JG_ACCOUNT_SESSION_H

#include <stdint.h>

#include "auth/auth.h"
#include "auth/secret.h"
#include "base/arena.h"

struct db;
struct request;

struct login_request {
	const char *name;
	const char *password;
	const char *ip;
	const char *user_agent;
	int64_t old_session_id;		/* the browser's current session */
};

struct login_result {
	int64_t account_id;
	int64_t session_id;
	char token[SECRET_TOKEN_LEN];	/* the new session's token */
	const char *csrf_token;		/* the new session's CSRF token */
	long max_age;			/* seconds until it expires */
	long retry_after;		/* when throttled */
};

/*
 * Check the name and password and open a session. Every attempt is written
 * to the login log. Returns 0; ERR_INVALID, before anything is stored, for
 * a name longer than an account name can be (ACCOUNT_NAME_MAX characters);
 * ERR_THROTTLED (with out->retry_after) when a counter of throttle.c
 * refuses the attempt (the pair of name and address, the address, or the
 * account's short wait); ERR_UNAUTH for a wrong name or password or a
 * disabled account (which one is logged, not told; an unknown name costs
 * a password check too); or a database error. Never sleeps.
 */
int session_login(struct db *db, struct arena *a, const struct login_request *req,
	       struct login_result *out);

/*
 * session_login() for request `r`: as `name` with `password`, from the
 * request's client address and user agent, revoking the session it came
 * with. Its results and errors.
 */
int session_login_from(struct request *r, const char *name,
		       const char *password, struct login_result *out);

/* The server's authenticate hook (auth.h, http.h). */
int session_authenticate(struct request *r);

/* Revoke the caller's session. 0, ERR_UNAUTH (no session) or an error. */
int session_logout(struct db *db, const struct principal *p);

/* Set the cookies of a new session on the response; 0 or ERR_NOMEM. */
int session_start(struct request *r, const struct login_result *res);

/* Clear the session cookie on the response. */
int session_end(struct request *r);

/* The id of the session the request came with (0 if none). */
int64_t session_of_cookie(struct request *r);

#endif
