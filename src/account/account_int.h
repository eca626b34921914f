/*
 * auth_int.h - what the files of src/auth/ share (private to the module).
 *
 * store.c holds every SQL statement of the module; the rules (account.c,
 * session.c) call it inside their transactions; the handlers (api.c,
 * pages.c) call the rules.
 */
#ifndef JG_ACCOUNT_INT_H
#define JG_ACCOUNT_INT_H

#include <jansson.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"

struct db;

struct account_row {
	int64_t id;
	const char *name;
	const char *display_name;
	const char *password_hash;
	int64_t org_id;
	int64_t person_id;
	const char *disabled_at;	/* NULL while enabled */
	const char *created_at;
	unsigned roles;
};

/* Accounts. Rows are copied into `a`. ERR_NOTFOUND when absent. */
int store_account_by_name(struct db *db, struct arena *a, const char *name,
			  struct account_row *out);
int store_account_by_id(struct db *db, struct arena *a, int64_t id,
			struct account_row *out);
int store_account_insert(struct db *db, const struct account_row *row,
			 const char *now, int64_t *id);
int store_account_update(struct db *db, const struct account_row *row,
			 const char *now);
int store_account_set_password(struct db *db, int64_t id, const char *hash,
			       const char *now);
int store_account_set_roles(struct db *db, int64_t id, unsigned roles);
/* Accounts matching q (name or display name, substring) as JSON. */
int store_account_list(struct db *db, const char *q, const char *role,
		       int64_t limit, int64_t offset, json_t **items,
		       int64_t *total);

/* Sessions. */
int store_session_insert(struct db *db, int64_t account_id,
			 const char *digest, const char *csrf, const char *ip,
			 const char *ua, const char *now, const char *expires,
			 int64_t *id);
/*
 * The live session with token hash `digest` (not revoked, not expired at
 * `now`, used since `idle_since`) and its account, if enabled.
 */
int store_session_find(struct db *db, struct arena *a, const char *digest,
		       const char *now, const char *idle_since,
		       struct principal *p, const char **last_seen);
int store_session_touch(struct db *db, int64_t id, const char *now);
/* Revoke one session of `account_id` (0: of anyone). ERR_NOTFOUND if none. */
int store_session_revoke(struct db *db, int64_t id, int64_t account_id,
			 const char *now);
int store_session_revoke_all(struct db *db, int64_t account_id,
			     int64_t except_id, const char *now);
int store_session_list(struct db *db, int64_t account_id, const char *now,
		       int64_t limit, int64_t offset, json_t **items,
		       int64_t *total);

/* API tokens. */
int store_token_insert(struct db *db, int64_t account_id, const char *name,
		       const char *digest, const char *now, int64_t *id);
/*
 * The live token with hash `digest` (not revoked) and its account, if
 * enabled; *last_used is when it was last used (NULL if never).
 */
int store_token_find(struct db *db, struct arena *a, const char *digest,
		     struct principal *p, const char **last_used);
int store_token_touch(struct db *db, int64_t id, const char *now);
int store_token_revoke(struct db *db, int64_t id, int64_t account_id,
		       const char *now);
int store_token_list(struct db *db, int64_t account_id, int64_t limit,
		     int64_t offset, json_t **items, int64_t *total);

/* The login log. */
int store_login_insert(struct db *db, const char *name, int64_t account_id,
		       const char *ip, const char *ua, int success,
		       const char *reason, const char *at);
/*
 * Failed attempts since `since` for the account name (name != NULL) or the
 * address (ip != NULL), and the time of the oldest of them. Attempts refused
 * because of throttling do not count, so that a client who waits as told
 * (Retry-After) is let in again.
 */
int store_login_failures(struct db *db, struct arena *a, const char *name,
			 const char *ip, const char *since, int64_t *count,
			 const char **oldest);
int store_login_list(struct db *db, const char *name, const char *ip,
		     int success, int64_t limit, int64_t offset,
		     json_t **items, int64_t *total);

/* Fill the principal's roles; used after a find. */
int store_account_roles(struct db *db, int64_t id, unsigned *roles);

#endif
