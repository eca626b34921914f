/*
 * account.c - the rules for accounts (see account.h).
 */
#include <string.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/name.h"
#include "auth/secret.h"
#include "base/err.h"
#include "base/time.h"
#include "base/utf8.h"
#include "db/db.h"

/* The account as the API shows it: no password hash. */
static json_t *
row_json(const struct account_row *row)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(row->id));
	json_object_set_new(o, "name", json_string(row->name));
	json_object_set_new(o, "display_name", json_string(row->display_name));
	json_object_set_new(o, "roles", roles_json(row->roles));
	json_object_set_new(o, "org_id", row->org_id ?
			    json_integer(row->org_id) : json_null());
	json_object_set_new(o, "person_id", row->person_id ?
			    json_integer(row->person_id) : json_null());
	json_object_set_new(o, "disabled", json_boolean(row->disabled_at));
	json_object_set_new(o, "created_at", json_string(row->created_at));
	return o;
}

/* Account `id` into *row (its texts in `a`); "no such account" if none. */
static int
load(struct db *db, struct arena *a, int64_t id, struct account_row *row,
     struct problem *pb)
{
	int rc = store_account_by_id(db, a, id, row);

	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such account");
	return rc;
}

static int
check_display_name(const char *s, struct problem *pb)
{
	if (!s)
		return 0;
	if (!utf8_valid(s, strlen(s)))
		return problem_key(pb, ERR_INVALID, "display_name",
				   "account.err.display_name_text",
				   "display_name is not UTF-8");
	if (strlen(s) > 300)
		return problem_key(pb, ERR_INVALID, "display_name",
				   "account.err.display_name_long",
				   "display_name must be at most 100 "
				   "characters");
	return 0;
}

int
account_prepare(const struct account_input *in, struct account_new *out,
		struct problem *pb)
{
	int rc;

	rc = account_name_key(in->name, out->key, pb);
	if (!rc)
		rc = check_display_name(in->display_name, pb);
	if (rc)
		return rc;
	if (!in->roles)
		return problem_key(pb, ERR_INVALID, "roles",
				   "account.err.no_role",
				   "an account needs at least one role");
	if (!in->password)
		return problem_key(pb, ERR_INVALID, "password",
				   "account.err.password_required",
				   "password is required");
	rc = secret_password_problem(in->name, in->password, pb);
	return rc ? rc : secret_hash_password(in->password, out->hash);
}

int
account_create_in(struct db *db, const struct audit_actor *actor,
		  const struct account_input *in,
		  const struct account_new *prep, int64_t *id,
		  struct problem *pb)
{
	struct account_row row = { 0 };
	char now[32];
	json_t *after;
	int rc;

	*id = 0;
	row.name = in->name;
	row.display_name = in->display_name ? in->display_name : "";
	row.password_hash = prep->hash;
	row.org_id = in->org_id > 0 ? in->org_id : 0;
	row.person_id = in->person_id > 0 ? in->person_id : 0;
	row.roles = in->roles;
	time_now_utc(now);
	row.created_at = now;

	rc = store_account_insert(db, &row, prep->key, now, &row.id);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "name",
				   "account.err.name_taken",
				   "an account with this name exists");
	if (!rc)
		rc = store_account_set_roles(db, row.id, row.roles);
	if (rc)
		return rc;
	after = row_json(&row);
	rc = audit_write(db, actor, "create", "account", row.id, NULL, after);
	json_decref(after);
	if (!rc)
		*id = row.id;
	return rc;
}

int
account_create(struct db *db, const struct audit_actor *actor,
	       const struct account_input *in, int64_t *id,
	       struct problem *pb)
{
	struct account_new prep;
	int rc;

	*id = 0;
	/* The checks and the slow hash come before the write lock. */
	rc = account_prepare(in, &prep, pb);
	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = db_end(db, account_create_in(db, actor, in, &prep, id, pb));
	if (rc)
		*id = 0;
	return rc;
}

int
account_update_in(struct db *db, const struct audit_actor *actor, int64_t id,
		  const struct account_input *in, struct problem *pb)
{
	struct account_row row;
	struct arena a;
	char now[32];
	json_t *before = NULL, *after = NULL;
	int rc;

	if (in->disabled == 1 && actor->id == id)
		return problem(pb, ERR_INVALID, "disabled",
			       "you cannot disable your own account");
	rc = check_display_name(in->display_name, pb);
	if (rc)
		return rc;
	arena_init(&a, 0);
	rc = load(db, &a, id, &row, pb);
	if (rc)
		goto out;
	before = row_json(&row);
	time_now_utc(now);
	if (in->display_name)
		row.display_name = in->display_name;
	if (in->org_id >= 0)
		row.org_id = in->org_id;
	if (in->person_id >= 0)
		row.person_id = in->person_id;
	if (in->disabled == 1 && !row.disabled_at)
		row.disabled_at = now;
	else if (in->disabled == 0)
		row.disabled_at = NULL;
	if (in->roles)
		row.roles = in->roles;
	rc = store_account_update(db, &row, now);
	if (!rc && in->roles)
		rc = store_account_set_roles(db, id, row.roles);
	/* A disabled account's sessions end now, not at their expiry. */
	if (!rc && in->disabled == 1)
		rc = store_session_revoke_all(db, id, 0, now);
	if (rc)
		goto out;
	after = row_json(&row);
	rc = audit_write(db, actor, in->disabled == 1 ? "disable" : "update",
			 "account", id, before, after);
out:
	json_decref(before);
	json_decref(after);
	arena_release(&a);
	return rc;
}

int
account_update(struct db *db, const struct audit_actor *actor, int64_t id,
	       const struct account_input *in, struct problem *pb)
{
	int rc = db_begin(db);

	return rc ? rc : db_end(db, account_update_in(db, actor, id, in, pb));
}

int
account_set_password(struct db *db, const struct audit_actor *actor,
		     int64_t id, const char *password, int64_t keep_session,
		     struct problem *pb)
{
	struct account_row row;
	struct arena a;
	char hash[SECRET_HASH_MAX], now[32];
	int64_t tokens = 0, feeds = 0;
	json_t *what;
	int rc;

	arena_init(&a, 0);
	rc = load(db, &a, id, &row, pb);
	if (rc)
		goto out;
	rc = secret_password_problem(row.name, password ? password : "", pb);
	if (!rc)
		rc = secret_hash_password(password, hash);
	if (rc)
		goto out;
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		goto out;
	/*
	 * Whoever knew the old password may have left a way back in: every
	 * other session, every API token and every calendar feed of the
	 * account ends with it.
	 */
	rc = store_account_set_password(db, id, hash, now);
	if (!rc)
		rc = store_session_revoke_all(db, id, keep_session, now);
	if (!rc)
		rc = store_token_revoke_all(db, id, now, &tokens);
	if (!rc)
		rc = store_feed_revoke_all(db, id, now, &feeds);
	if (!rc) {
		what = json_pack("{s:s,s:I,s:I}", "password", "changed",
				 "api_tokens_revoked", (json_int_t)tokens,
				 "calendar_feeds_revoked", (json_int_t)feeds);
		rc = audit_write(db, actor, actor->id == id ?
				 "change_password" : "reset_password",
				 "account", id, NULL, what);
		json_decref(what);
	}
	rc = db_end(db, rc);
out:
	arena_release(&a);
	return rc;
}

int
account_change_password(struct db *db, struct arena *a,
			const struct audit_actor *actor, int64_t id,
			const struct password_change *c, long *retry_after,
			struct problem *pb)
{
	struct account_row row;
	char key[ACCOUNT_KEY_MAX], now[32];
	bool ok;
	int rc;

	*retry_after = 0;
	rc = store_account_by_id(db, a, id, &row);
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, NULL,
				   "err.no_account",
				   "no such account");
	if (rc)
		return rc;
	/* The sign-in throttle and log, under the account's own name. */
	throttle_key(row.name, key);
	rc = throttle_reserve(db, a, key, c->ip, id, retry_after);
	time_now_utc(now);
	if (rc == ERR_THROTTLED) {
		store_login_insert(db, "password", row.name, id, c->ip,
				   c->user_agent, 0, "throttled", now);
		return problem(pb, rc, NULL, "too many wrong passwords; try "
			       "again later");
	}
	if (rc)
		return rc;
	ok = secret_check_password(row.password_hash,
				   c->current ? c->current : "");
	rc = db_begin(db);
	if (!rc)
		rc = throttle_settle(db, a, key, c->ip, ok);
	if (!rc)
		rc = store_login_insert(db, "password", row.name, id, c->ip,
					c->user_agent, ok, ok ? "ok" :
					"wrong password", now);
	rc = db_end(db, rc);
	if (rc)
		return rc;
	if (!ok)
		return problem_key(pb, ERR_INVALID, "current_password",
				   "account.err.current_password",
				   "the current password is wrong");
	if (c->password && !strcmp(c->current, c->password))
		return problem_key(pb, ERR_INVALID, "new_password",
				   "account.err.same_password",
				   "the new password must differ from the "
				   "current one");
	return account_set_password(db, actor, id, c->password,
				    c->keep_session, pb);
}

/*
 * The account a store function read into `row` with outcome `rc` as JSON
 * in *out (NULL on error); releases the arena `a` it was read into.
 */
static int
row_out(int rc, const struct account_row *row, struct arena *a,
	json_t **out)
{
	*out = rc ? NULL : row_json(row);
	arena_release(a);
	return rc;
}

int
account_get(struct db *db, int64_t id, json_t **out)
{
	struct account_row row;
	struct arena a;

	arena_init(&a, 0);
	return row_out(store_account_by_id(db, &a, id, &row), &row, &a, out);
}

int
account_get_by_name(struct db *db, const char *name, json_t **out)
{
	struct account_row row;
	struct arena a;

	arena_init(&a, 0);
	return row_out(store_account_by_name(db, &a, name, &row), &row, &a,
		       out);
}

int
account_list(struct db *db, const char *q, const char *role, int64_t limit,
	     int64_t offset, json_t **items, int64_t *total)
{
	int rc = store_account_list(db, q, role, limit, offset, items, total);

	for (size_t i = 0; !rc && i < json_array_size(*items); i++) {
		json_t *row = json_array_get(*items, i);
		json_t *dis = json_object_get(row, "disabled_at");

		json_object_set_new(row, "disabled",
				    json_boolean(!json_is_null(dis)));
		json_object_del(row, "disabled_at");
	}
	return rc;
}

int
account_sessions(struct db *db, int64_t account_id, int64_t limit,
		 int64_t offset, json_t **items, int64_t *total)
{
	char now[32];

	time_now_utc(now);
	return store_session_list(db, account_id, now, limit, offset, items,
				  total);
}

/*
 * Revoke session or token `id` (`entity`, its table: "session" or
 * "api_token") of `account_id` (0: of anyone) and audit it, in one
 * transaction.
 */
static int
revoke(struct db *db, const struct audit_actor *actor, const char *entity,
       int64_t id, int64_t account_id)
{
	char now[32];
	int rc;

	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_revoke(db, entity, id, account_id, now);
	if (!rc)
		rc = audit_write(db, actor, "revoke", entity, id, NULL, NULL);
	return db_end(db, rc);
}

int
account_revoke_session(struct db *db, const struct audit_actor *actor,
		       int64_t session_id, int64_t account_id)
{
	return revoke(db, actor, "session", session_id, account_id);
}

int
account_new_token(struct db *db, const struct audit_actor *actor,
		  int64_t account_id, const char *name, char *out,
		  int64_t *id, struct problem *pb)
{
	char digest[SECRET_DIGEST_LEN], now[32];
	json_t *after;
	int rc;

	*id = 0;
	if (!name || !*name || strlen(name) > 100 ||
	    !utf8_valid(name, strlen(name)))
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.token_name",
				   "a token needs a name of 1 to 100 "
				   "characters");
	secret_new_token(out);
	secret_digest(out, digest);
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_token_insert(db, account_id, name, digest, now, id);
	if (!rc) {
		after = json_pack("{sIss}", "account_id",
				  (json_int_t)account_id, "name", name);
		rc = audit_write(db, actor, "create", "api_token", *id, NULL,
				 after);
		json_decref(after);
	}
	rc = db_end(db, rc);
	if (rc)
		*id = 0;
	return rc;
}

int
account_tokens(struct db *db, int64_t account_id, int64_t limit,
	       int64_t offset, json_t **items, int64_t *total)
{
	return store_token_list(db, account_id, limit, offset, items, total);
}

int
account_revoke_token(struct db *db, const struct audit_actor *actor,
		     int64_t token_id, int64_t account_id)
{
	return revoke(db, actor, "api_token", token_id, account_id);
}

int
account_logins(struct db *db, const char *name, const char *ip, int success,
	       int64_t limit, int64_t offset, json_t **items, int64_t *total)
{
	return store_login_list(db, name, ip, success, limit, offset, items,
				total);
}
