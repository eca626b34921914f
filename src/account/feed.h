/*
 * feed.h - calendar subscriptions: secret URLs of an account's that a
 * calendar program reads without signing in (table calendar_feed,
 * migration 0017). A feed's token is shown once and stored as its hash,
 * like an API token's; it is revoked by its account, and with the
 * account's other secrets when its password is changed or reset. A
 * disabled account's feeds answer nothing.
 *
 * What a feed shows is the business of the module that serves it
 * (facility's iCalendar, src/facility/ical.c): this header keeps the
 * secret and says whose it is.
 */
#ifndef JG_ACCOUNT_FEED_H
#define JG_ACCOUNT_FEED_H

#include <jansson.h>
#include <stdint.h>

#include "auth/auth.h"
#include "auth/secret.h"

struct arena;
struct db;

/* A feed found by its token, and its account as a principal. */
struct account_feed {
	int64_t id;
	const char *scope;
	int64_t subject_id;
	struct principal owner;	/* roles, org, person of the account */
};

/*
 * Make a feed of `account_id` showing `scope` (facility_resource,
 * facility_org, facility_person) of `subject_id`; its token (shown once)
 * into `token`, its id into *id. Audited (create, calendar_feed), inside
 * the caller's transaction or its own.
 */
int account_feed_new(struct db *db, const struct audit_actor *actor,
		     int64_t account_id, const char *scope,
		     int64_t subject_id, char token[SECRET_TOKEN_LEN],
		     int64_t *id);

/*
 * The feed whose token is `token`, not revoked, of an enabled account,
 * into *out (its strings in `a`), marked used. ERR_NOTFOUND otherwise.
 */
int account_feed_find(struct db *db, struct arena *a, const char *token,
		      struct account_feed *out);

/* The feeds of `account_id` not revoked ({id, scope, subject_id,
 * created_at, last_used_at}), newest first, into a new array *items. */
int account_feeds(struct db *db, int64_t account_id, json_t **items);

/* Revoke feed `id` of `account_id`, audited: 0 or ERR_NOTFOUND. */
int account_feed_revoke(struct db *db, const struct audit_actor *actor,
			int64_t id, int64_t account_id);

#endif
