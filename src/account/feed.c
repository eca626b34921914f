/*
 * feed.c - calendar subscriptions (feed.h): secret URLs made, found,
 * listed and revoked.
 */
#include <string.h>

#include "account/account_int.h"
#include "account/feed.h"
#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"

int
account_feed_new(struct db *db, const struct audit_actor *actor,
		 int64_t account_id, const char *scope, int64_t subject_id,
		 char token[SECRET_TOKEN_LEN], int64_t *id)
{
	char digest[SECRET_DIGEST_LEN], now[32];
	json_t *after;
	int rc;

	*id = 0;
	secret_new_token(token);
	secret_digest(token, digest);
	time_now_utc(now);
	rc = store_feed_insert(db, account_id, scope, subject_id, digest, now,
			       id);
	if (!rc) {
		after = json_pack("{s:I,s:s,s:I}", "account_id",
				  (json_int_t)account_id, "scope", scope,
				  "subject_id", (json_int_t)subject_id);
		rc = audit_write(db, actor, "create", "calendar_feed", *id,
				 NULL, after);
		json_decref(after);
	}
	if (rc)
		*id = 0;
	return rc;
}

int
account_feed_find(struct db *db, struct arena *a, const char *token,
		  struct account_feed *out)
{
	char digest[SECRET_DIGEST_LEN], now[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!token || strlen(token) != SECRET_TOKEN_LEN - 1)
		return ERR_NOTFOUND;
	secret_digest(token, digest);
	rc = store_feed_find(db, a, digest, &out->owner, &out->id,
			     &out->scope, &out->subject_id);
	if (rc)
		return rc;
	out->owner.actor.id = out->owner.account_id;
	out->owner.actor.name = out->owner.name;
	out->owner.actor.ip = "feed";
	time_now_utc(now);
	return store_feed_touch(db, out->id, now);
}

int
account_feeds(struct db *db, int64_t account_id, json_t **items)
{
	*items = json_array();
	return store_feed_list(db, account_id, *items);
}

int
account_feed_revoke(struct db *db, const struct audit_actor *actor,
		    int64_t id, int64_t account_id)
{
	char now[32];
	int rc;

	time_now_utc(now);
	if ((rc = db_begin(db)))
		return rc;
	rc = store_revoke(db, "calendar_feed", id, account_id, now);
	if (!rc)
		rc = audit_write(db, actor, "revoke", "calendar_feed", id, NULL,
				 NULL);
	return db_end(db, rc);
}
