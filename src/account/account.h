/*
 * account.h - the rules for accounts: create, edit, roles, passwords,
 * disable. Each change is checked, made in one transaction and audited in
 * it. Used by the JSON API, the pages and `jianggu user`.
 *
 * Every function returns 0, or ERR_INVALID / ERR_CONFLICT / ERR_NOTFOUND with
 * the field and a message in *pb, or a database error. Permission checks
 * belong to the callers that serve people (handlers call auth_require()):
 * the CLI runs as the system.
 */
#ifndef JG_ACCOUNT_H
#define JG_ACCOUNT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "account/name.h"
#include "audit/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/err.h"
#include "jobs/jobs.h"

struct db;
struct request;

struct account_input {
	const char *name;		/* create only: a name as name.h says */
	const char *display_name;	/* NULL: unchanged (create: "") */
	const char *password;		/* create only */
	unsigned roles;			/* 0: unchanged (create: required) */
	int64_t org_id;			/* -1: unchanged, 0: none */
	int64_t person_id;		/* -1: unchanged, 0: none */
	int disabled;			/* -1: unchanged, 0 or 1 */
};

#define ACCOUNT_INPUT_UNCHANGED { NULL, NULL, NULL, 0, -1, -1, -1 }

/*
 * Create an account (its own transaction). Its name is unique by its key
 * (name.h): a name that folds to a taken one is ERR_CONFLICT, field
 * "name". The checks and the password's hash are made before the write.
 */
int account_create(struct db *db, const struct audit_actor *actor,
		   const struct account_input *in, int64_t *id,
		   struct problem *pb);

/* What account_prepare() makes of an account_input before it is written. */
struct account_new {
	char key[ACCOUNT_KEY_MAX];	/* the name's key */
	char hash[SECRET_HASH_MAX];	/* the password's argon2id hash */
};

/*
 * account_create() in two steps, for a caller that writes more in the same
 * transaction (the public application form): account_prepare() checks
 * `in` and hashes its password, writing nothing (ERR_INVALID with the
 * field in *pb, or ERR_NOMEM); account_create_in() writes the account and
 * its audit row inside the caller's transaction (ERR_CONFLICT, field
 * "name", for a taken name; then the caller rolls back).
 */
int account_prepare(const struct account_input *in, struct account_new *out,
		    struct problem *pb);
int account_create_in(struct db *db, const struct audit_actor *actor,
		      const struct account_input *in,
		      const struct account_new *prep, int64_t *id,
		      struct problem *pb);

/*
 * Change account `id` (its own transaction) as `in` says. Nobody disables
 * their own account (ERR_INVALID, field "disabled").
 */
int account_update(struct db *db, const struct audit_actor *actor,
		   int64_t id, const struct account_input *in,
		   struct problem *pb);

/*
 * account_update() inside the caller's transaction, so that a change of
 * an account commits with the change of the ledger it follows (an
 * admitted applicant becoming its startup's member). On error the caller
 * rolls back.
 */
int account_update_in(struct db *db, const struct audit_actor *actor,
		      int64_t id, const struct account_input *in,
		      struct problem *pb);

/*
 * Set a new password (an admin's reset, `jianggu user passwd`, or the
 * holder's change through account_change_password()). Revokes the
 * account's other sessions (all but `keep_session`, 0 for all) and all
 * its API tokens: whoever knew the old password keeps no way in.
 */
int account_set_password(struct db *db, const struct audit_actor *actor,
			 int64_t id, const char *password,
			 int64_t keep_session, struct problem *pb);

/* A holder's change of their own password, as a request asks it. */
struct password_change {
	const char *current;		/* the password the caller typed */
	const char *password;		/* the new one */
	const char *ip;			/* the client (http_client_ip()) */
	const char *user_agent;
	int64_t keep_session;		/* the caller's session stays */
};

/*
 * Change the password of account `id` after checking its current one
 * under the sign-in throttle and into the sign-in log (kind "password"):
 * the same counters as signing in with the account's name from c->ip, so
 * a change cannot be used to guess while sign-in is refused. Then as
 * account_set_password(). Returns 0; ERR_THROTTLED with *retry_after;
 * ERR_INVALID with the field "current_password" (wrong), "new_password"
 * (the same as the current) or "password" (weak); or an error. Strings in
 * *pb are constants; `a` holds what is read.
 */
int account_change_password(struct db *db, struct arena *a,
			    const struct audit_actor *actor, int64_t id,
			    const struct password_change *c,
			    long *retry_after, struct problem *pb);

/* The account as JSON (no secrets), or ERR_NOTFOUND. *out is the caller's. */
int account_get(struct db *db, int64_t id, json_t **out);

/* The account called `name` as JSON, or ERR_NOTFOUND. */
int account_get_by_name(struct db *db, const char *name, json_t **out);

/* Accounts as JSON, filtered by a substring of the name and a role. */
int account_list(struct db *db, const char *q, const char *role,
		 int64_t limit, int64_t offset, json_t **items,
		 int64_t *total);

/* Sessions and tokens of an account (0: of everyone, sessions only). */
int account_sessions(struct db *db, int64_t account_id, int64_t limit,
		     int64_t offset, json_t **items, int64_t *total);
int account_revoke_session(struct db *db, const struct audit_actor *actor,
			   int64_t session_id, int64_t account_id);

/*
 * Issue an API token named `name` for the account; the token text (shown
 * once, never stored) goes to out (SECRET_TOKEN_LEN bytes) with its id.
 */
int account_new_token(struct db *db, const struct audit_actor *actor,
		      int64_t account_id, const char *name, char *out,
		      int64_t *id, struct problem *pb);
int account_tokens(struct db *db, int64_t account_id, int64_t limit,
		   int64_t offset, json_t **items, int64_t *total);
int account_revoke_token(struct db *db, const struct audit_actor *actor,
			 int64_t token_id, int64_t account_id);

/*
 * The counters of sign-in throttling (throttle.c) whose window is open,
 * newest failure first, as JSON: scope ("pair", "address", "account"),
 * account_key, ip, failures, window_start, last_failure_at and
 * retry_after (seconds the counter still refuses attempts; 0: none).
 */
int account_throttles(struct db *db, int64_t limit, int64_t offset,
		      json_t **items, int64_t *total);

/*
 * Clear the throttling counters of account `name` (every address) and/or
 * of address `ip` (every name), audited (action "clear", entity
 * "login_throttle", the counters as they were). Either may be NULL or "",
 * not both. The count cleared goes to *cleared. ERR_INVALID (field in
 * *pb) or a database error.
 */
int account_throttle_clear(struct db *db, const struct audit_actor *actor,
			   const char *name, const char *ip,
			   int64_t *cleared, struct problem *pb);

/* The login log, newest first; success: -1 any, 0 failures, 1 successes. */
int account_logins(struct db *db, const char *name, const char *ip,
		   int success, int64_t limit, int64_t offset, json_t **items,
		   int64_t *total);

/*
 * Forget what no one needs again (the job sessions.purge): sessions and API
 * tokens that ended (expired, revoked or idle) before `ended_before`, and
 * sign-in log rows older than `log_before` (stored UTC times). Their
 * creation and revocation stay in the audit log. The counts deleted go to
 * the out-parameters. Call inside the caller's transaction. 0 or an error.
 */
int account_purge(struct db *db, const char *ended_before,
		  const char *log_before, int64_t *sessions, int64_t *tokens,
		  int64_t *logins);

/* The jobs of the account module (sessions.purge), for jobs_register(). */
extern const struct job_def account_jobs[];

/*
 * Sign request `r` in as account `name` with `password`, as the sign-in
 * page does (session_login(): the throttle, the sign-in log, a new
 * session whose cookies go on the response; a session the browser had
 * is revoked): for a page that has just made the account, the
 * incubation application. 0, or session_login()'s errors.
 */
int account_sign_in(struct request *r, const char *name,
		    const char *password);

#endif
