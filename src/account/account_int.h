/*
 * account_int.h - what the files of src/account/ share (private to the
 * module).
 *
 * store.c and store_throttle.c hold every SQL statement of the module; the
 * rules (account.c, session.c, throttle.c) call them inside their
 * transactions; the handlers (api.c, pages.c, admin_pages.c) call the
 * rules.
 */
#ifndef JG_ACCOUNT_INT_H
#define JG_ACCOUNT_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "account/name.h"
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
/* The account whose name has the key `key` (name.h). */
int store_account_by_key(struct db *db, struct arena *a, const char *key,
			 struct account_row *out);
int store_account_by_id(struct db *db, struct arena *a, int64_t id,
			struct account_row *out);
/* A new account; `key` is its name's key (ERR_CONFLICT when taken). */
int store_account_insert(struct db *db, const struct account_row *row,
			 const char *key, const char *now, int64_t *id);
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
/*
 * Revoke the live session, API token or calendar feed `id` (`table`
 * "session", "api_token" or "calendar_feed", from the program) of `account_id` (0: of anyone).
 * ERR_NOTFOUND if there is none.
 */
int store_revoke(struct db *db, const char *table, int64_t id,
		 int64_t account_id, const char *now);
/*
 * Record that session or API token `id` (`table` as above) sent a
 * request that writes, at `now` (principal.last_write_at).
 */
int store_mark_write(struct db *db, const char *table, int64_t id,
		     const char *now);
/* Revoke every live token of the account; how many goes to *n. */
int store_token_revoke_all(struct db *db, int64_t account_id,
			   const char *now, int64_t *n);
int store_token_list(struct db *db, int64_t account_id, int64_t limit,
		     int64_t offset, json_t **items, int64_t *total);

/*
 * Calendar feeds (feed.h), stored as API tokens are: made, found by the
 * digest of their token (not revoked, of an enabled account: the
 * principal, the feed's id, scope and subject; strings in `a`), marked
 * used, listed (appended to `items`), revoked all at once (how many to
 * *n); one is revoked with store_revoke(db, "calendar_feed", ...).
 */
int store_feed_insert(struct db *db, int64_t account_id, const char *scope,
		      int64_t subject_id, const char *digest,
		      const char *now, int64_t *id);
int store_feed_find(struct db *db, struct arena *a, const char *digest,
		    struct principal *p, int64_t *id, const char **scope,
		    int64_t *subject_id);
int store_feed_touch(struct db *db, int64_t id, const char *now);
int store_feed_list(struct db *db, int64_t account_id, json_t *items);
int store_feed_revoke_all(struct db *db, int64_t account_id,
			  const char *now, int64_t *n);

/*
 * The login log. `kind` is "sign_in" or "password" (a change of password
 * checking the current one); the name as typed is at most
 * ACCOUNT_NAME_MAX characters (the table refuses more), the user agent is
 * cut to 255.
 */
int store_login_insert(struct db *db, const char *kind, const char *name,
		       int64_t account_id, const char *ip, const char *ua,
		       int success, const char *reason, const char *at);
int store_login_list(struct db *db, const char *name, const char *ip,
		     int success, int64_t limit, int64_t offset,
		     json_t **items, int64_t *total);
/*
 * Whether the account signed in successfully from `ip` since `since` (a
 * familiar address, exempt from the per-account wait).
 */
int store_login_familiar(struct db *db, int64_t account_id, const char *ip,
			 const char *since, bool *yes);

/*
 * Throttling counters (store_throttle.c, table login_throttle): one row per
 * scope ("pair", "address", "account"), account key and address ("" where
 * the scope has none). Strings of a row are copied into the arena.
 */
struct throttle_row {
	int64_t failures;
	const char *window_start;
	const char *last_failure_at;
};

/*
 * Count one failure of the row, starting a new window at `now` when its
 * window started at or before `since`; the row as it is then goes to *out.
 * One statement (an upsert), so concurrent bumps of a row serialise.
 */
int store_throttle_bump(struct db *db, struct arena *a, const char *scope,
			const char *key, const char *ip, const char *now,
			const char *since, struct throttle_row *out);
/* The row, or ERR_NOTFOUND. */
int store_throttle_get(struct db *db, struct arena *a, const char *scope,
		       const char *key, const char *ip,
		       struct throttle_row *out);
/* Give back one failure of the row (never below 0). */
int store_throttle_release(struct db *db, const char *scope, const char *key,
			   const char *ip);
/* Rows whose window started after `since`, latest failure first. */
int store_throttle_list(struct db *db, const char *since, int64_t limit,
			int64_t offset, json_t **items, int64_t *total);
/*
 * The rows of account key `key` or of address `ip` (either may be NULL,
 * not both), appended to `items`; and deleting them (*n: how many).
 */
int store_throttle_rows(struct db *db, const char *key, const char *ip,
			json_t *items);
int store_throttle_clear(struct db *db, const char *key, const char *ip,
			 int64_t *n);

/*
 * The rules of throttling (throttle.c), shared by signing in (session.c)
 * and changing one's password (account.c).
 *
 * throttle_key(): the key an attempt with `name` is counted under: the
 * name's key (name.h), or the name as typed (cut to the key's room) when
 * it is no valid name.
 *
 * throttle_reserve(): before a password is checked, count the attempt of
 * `key` from `ip` as a failure of its pair and its address, in its own
 * transaction, unless a counter refuses it: then nothing is counted and
 * ERR_THROTTLED comes back with the seconds to wait in *retry_after.
 * `account_id` (0 if the name has none) exempts the addresses it signed
 * in from lately from the per-account wait. 0 or a database error.
 *
 * throttle_settle(): once the password is checked, inside the caller's
 * transaction: `ok` gives the reserved failure back; otherwise the
 * account's own count grows too.
 */
void throttle_key(const char *name, char key[ACCOUNT_KEY_MAX]);
int throttle_reserve(struct db *db, struct arena *a, const char *key,
		     const char *ip, int64_t account_id, long *retry_after);
int throttle_settle(struct db *db, struct arena *a, const char *key,
		    const char *ip, bool ok);

/* GET /api/v1/pick/account?q=: accounts by name, for pickers (pick.c). */
struct request;
int account_pick_api(struct request *r);

/* Fill the principal's roles; used after a find. */
int store_account_roles(struct db *db, int64_t id, unsigned *roles);

/*
 * For the handlers (api.c): account :id of the path into *id and *acct
 * (the caller's), if the caller holds `perm`; a 404 naming no such
 * account when there is none.
 */
struct request;
int account_of_path(struct request *r, enum perm perm, int64_t *id,
		    json_t **acct);

/*
 * For the handlers (api.c, admin_pages.c): disable (`disabled` 1) or
 * enable (0) account :id of the path, if the caller may manage accounts;
 * *id is the path's id, *pb says why a refusal was made.
 */
int account_of_path_disable(struct request *r, int disabled, int64_t *id,
			    struct problem *pb);

#endif
