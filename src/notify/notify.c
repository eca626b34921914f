/*
 * notify.c - the rules of notifications (notify.h): what a notification
 * may say, who it goes to, who sees it, read marks.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "account/account.h"
#include "auth/auth.h"
#include "base/time.h"
#include "base/xalloc.h"
#include "base/utf8.h"
#include "db/db.h"
#include "http/http.h"
#include "notify/notify.h"
#include "notify/notify_int.h"

#define TITLE_MAX 200
#define BODY_MAX 2000
#define LINK_MAX 500

/*
 * The reader `p` as the store wants it: its id and its roles' names; and
 * the time of reading into `now` unless it is NULL. ERR_UNAUTH without p.
 */
static int
reader_of(const struct principal *p, struct notify_reader *rd, char *now)
{
	int n = 0;

	memset(rd, 0, sizeof(*rd));
	if (!p)
		return ERR_UNAUTH;
	rd->account_id = p->account_id;
	for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1)
		if (p->roles & bit)
			rd->roles[n++] = role_name(bit);
	if (now)
		time_now_utc(now);
	return 0;
}

/*
 * The number of characters of UTF-8 text `s`, or -1 when it holds a
 * control character other than those allowed in `ok` (or is not UTF-8).
 */
static long
text_chars(const char *s, const char *ok)
{
	size_t len = strlen(s);
	long chars = 0;

	for (size_t i = 0; i < len; chars++) {
		size_t n = utf8_seq_len(s + i, len - i);

		if (n == 0)
			return -1;
		if (n == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) &&
		    !strchr(ok, s[i]))
			return -1;
		i += n;
	}
	return chars;
}

/* Check a message; 0 or ERR_INVALID naming the field. */
static int
check_msg(struct db *db, const struct notify_msg *m, struct problem *pb)
{
	long chars;

	if ((m->account_id > 0) + (m->role != 0) + (m->org_id > 0) != 1)
		return problem_key(pb, ERR_INVALID, m->role ? "role" :
				   m->org_id > 0 ? "org_id" : "account_id",
				   "notify.err.recipient",
				   "send to one account, one role or one "
				   "organisation");
	if (m->role && !role_name(m->role))
		return problem_key(pb, ERR_INVALID, "role",
				   "err.no_role",
				   "no such role");
	chars = m->title ? text_chars(m->title, "") : 0;
	if (!m->title || chars < 1 || chars > TITLE_MAX)
		return problem_key(pb, ERR_INVALID, "title",
				   "notify.err.title",
				   "title must be 1 to 200 characters without "
				   "control characters");
	if (m->body && (chars = text_chars(m->body, "\t\r\n")) < 0)
		return problem_key(pb, ERR_INVALID, "body",
				   "notify.err.body_text",
				   "body must be text without control "
				   "characters");
	if (m->body && chars > BODY_MAX)
		return problem_key(pb, ERR_INVALID, "body",
				   "notify.err.body_long",
				   "body must be at most 2000 characters");
	if (m->link && *m->link && (strlen(m->link) > LINK_MAX ||
				    !http_local_path(m->link)))
		return problem_key(pb, ERR_INVALID, "link",
				   "notify.err.link",
				   "link must be a path on this site, such as "
				   "/me");
	if (m->account_id > 0) {
		json_t *acct;
		int rc = account_get(db, m->account_id, &acct);

		if (rc == ERR_NOTFOUND)
			return problem_key(pb, ERR_INVALID, "account_id",
					   "err.no_account",
					   "no such account");
		if (rc)
			return rc;
		json_decref(acct);
	}
	return 0;
}

/* Store one notice of `m` to `account_id` or `role`, with its audit row. */
static int
send_one(struct db *db, const struct audit_actor *actor,
	 const struct notify_msg *m, int64_t account_id, const char *role,
	 const char *now, int64_t *id)
{
	const char *link = m->link && *m->link ? m->link : NULL;
	json_t *after;
	int rc = store_notify_insert(db, account_id, role, m->title, m->body,
				     link, now, id);

	if (rc)
		return rc;
	after = json_pack("{s:I,s:o,s:s?,s:o,s:s,s:s,s:s?,s:s}",
		"id", (json_int_t)*id,
		"account_id", account_id > 0 ? json_integer(account_id) :
					       json_null(),
		"role", role, "org_id", m->org_id > 0 ?
		json_integer(m->org_id) : json_null(), "title", m->title,
		"body", m->body ? m->body : "", "link", link,
		"created_at", now);
	rc = audit_write(db, actor, "create", "notification", *id, NULL,
			 after);
	json_decref(after);
	return rc;
}

/*
 * One notice of `m` to each enabled account acting for m->org_id; the
 * first one's id in *first (0: there was no such account), how many in
 * *n.
 */
static int
send_to_org(struct db *db, const struct audit_actor *actor,
	    const struct notify_msg *m, const char *now, int64_t *first,
	    int *n)
{
	json_t *accounts = json_array(), *one;
	int64_t id;
	size_t i;
	int rc = store_notify_org_accounts(db, m->org_id, accounts);

	*first = 0;
	*n = 0;
	json_array_foreach(accounts, i, one) {
		if (rc)
			break;
		rc = send_one(db, actor, m, json_integer_value(
			json_object_get(one, "id")), NULL, now, &id);
		if (!rc && !(*n)++)
			*first = id;
	}
	json_decref(accounts);
	return rc;
}

int
notify_send(struct db *db, const struct audit_actor *actor,
	    const struct notify_msg *m, int64_t *id, struct problem *pb)
{
	int64_t first = 0;
	char now[32];
	int n, rc = check_msg(db, m, pb);

	if (rc)
		return rc;
	time_now_utc(now);
	if (m->org_id <= 0)
		rc = send_one(db, actor, m, m->account_id, m->role ?
			      role_name(m->role) : NULL, now, &first);
	else if (!(rc = send_to_org(db, actor, m, now, &first, &n)) && !n)
		rc = problem_key(pb, ERR_INVALID, "org_id",
				 "notify.err.org_accounts",
				 "no account acts for this organisation");
	if (!rc && id)
		*id = first;
	return rc;
}

int
notify_account(struct db *db, const struct audit_actor *actor,
	       int64_t account_id, const char *title, const char *body,
	       const char *link)
{
	struct notify_msg m = {
		.account_id = account_id, .title = title, .body = body,
		.link = link,
	};
	struct problem pb = { 0 };

	if (account_id <= 0)
		return ERR_INVALID;
	return notify_send(db, actor, &m, NULL, &pb);
}

int
notify_org(struct db *db, const struct audit_actor *actor, int64_t org_id,
	   const char *title, const char *body, const char *link, int *told)
{
	struct notify_msg m = {
		.org_id = org_id, .title = title, .body = body, .link = link,
	};
	struct problem pb = { 0 };
	int64_t first;
	char now[32];
	int rc = org_id > 0 ? check_msg(db, &m, &pb) : ERR_INVALID;

	*told = 0;
	time_now_utc(now);
	return rc ? rc : send_to_org(db, actor, &m, now, &first, told);
}

int
notify_accounts(struct db *db, const struct audit_actor *actor,
		const int64_t *ids, size_t n, const char *title,
		const char *body, const char *link)
{
	struct notify_msg m = {
		.account_id = n ? ids[0] : 0, .title = title, .body = body,
		.link = link,
	};
	struct problem pb = { 0 };
	struct db_value *v = NULL;
	json_t *after, *accounts;
	char now[32];
	size_t done, batch;
	int rc = n ? check_msg(db, &m, &pb) : 0;

	if (rc || !n)
		goto out;
	time_now_utc(now);
	link = link && *link ? link : NULL;
	v = xcalloc(NOTIFY_BATCH * 5, sizeof(*v));
	for (done = 0; !rc && done < n; done += batch) {
		batch = n - done < NOTIFY_BATCH ? n - done : NOTIFY_BATCH;
		accounts = json_array();
		for (size_t i = 0; i < batch; i++) {
			v[i * 5] = DB_INT(ids[done + i]);
			v[i * 5 + 1] = DB_TEXT(title);
			v[i * 5 + 2] = DB_TEXT(body ? body : "");
			v[i * 5 + 3] = DB_TEXT(link);
			v[i * 5 + 4] = DB_TEXT(now);
			json_array_append_new(accounts,
					      json_integer(ids[done + i]));
		}
		rc = db_insert_rows(db, "INSERT INTO notification "
				    "(account_id, title, body, link, "
				    "created_at)", "(?, ?, ?, ?, ?)", "", 5, v,
				    batch);
		after = json_pack("{s:o,s:s,s:s,s:s?,s:s}", "account_ids",
				  accounts, "title", title, "body",
				  body ? body : "", "link", link,
				  "created_at", now);
		if (!rc)
			rc = audit_write(db, actor, "create", "notification",
					 0, NULL, after);
		json_decref(after);
	}
out:
	free(v);
	return rc;
}

int
notify_role(struct db *db, const struct audit_actor *actor, unsigned role,
	    const char *title, const char *body, const char *link)
{
	struct notify_msg m = {
		.role = role, .title = title, .body = body, .link = link,
	};
	struct problem pb = { 0 };

	if (!role)
		return ERR_INVALID;
	return notify_send(db, actor, &m, NULL, &pb);
}

int
notify_post(struct db *db, const struct principal *p,
	    const struct notify_msg *m, int64_t *id, struct problem *pb)
{
	int rc = auth_require(p, PERM_NOTIFY_SEND, 0);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	return db_end(db, notify_send(db, &p->actor, m, id, pb));
}

int
notify_unread_count(struct db *db, const struct principal *p, int64_t *n)
{
	struct notify_reader rd;
	int rc = reader_of(p, &rd, NULL);

	*n = 0;
	return rc ? rc : store_notify_unread(db, &rd, n);
}

int
notify_list(struct db *db, const struct principal *p, bool unread_only,
	    int64_t limit, int64_t offset, json_t **items, int64_t *total)
{
	struct notify_reader rd;
	int rc = reader_of(p, &rd, NULL);

	if (rc) {
		*items = json_array();
		return rc;
	}
	return store_notify_list(db, &rd, unread_only, 0, limit, offset,
				 items, total);
}

int
notify_get(struct db *db, const struct principal *p, int64_t id,
	   json_t **out)
{
	struct notify_reader rd;
	json_t *items;
	int64_t total;
	int rc;

	*out = NULL;
	if ((rc = reader_of(p, &rd, NULL)))
		return rc;
	rc = store_notify_list(db, &rd, false, id, 1, 0, &items, &total);
	if (!rc && json_array_size(items) == 0)
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}

int
notify_mark_read(struct db *db, const struct principal *p, int64_t id)
{
	struct notify_reader rd;
	char now[32];
	int rc = reader_of(p, &rd, now);

	return rc ? rc : store_notify_mark(db, &rd, id, now);
}

int
notify_mark_all_read(struct db *db, const struct principal *p, int64_t *n)
{
	struct notify_reader rd;
	char now[32];
	int rc = reader_of(p, &rd, now);

	*n = 0;
	return rc ? rc : store_notify_mark_all(db, &rd, now, n);
}

int
notify_sent(struct db *db, const struct principal *p, int64_t limit,
	    int64_t offset, json_t **items, int64_t *total)
{
	json_t *row;
	size_t i;
	int rc = auth_require(p, PERM_NOTIFY_SEND, 0);

	if (rc) {
		*items = json_array();
		return rc;
	}
	rc = store_notify_sent(db, limit, offset, items, total);
	/* The recipient's name, through the auth module's header. */
	json_array_foreach(*items, i, row) {
		json_t *id = json_object_get(row, "account_id"), *acct;

		if (rc || !json_is_integer(id))
			continue;
		rc = account_get(db, json_integer_value(id), &acct);
		if (rc == ERR_NOTFOUND) {
			rc = 0;
			continue;
		}
		if (!rc) {
			json_object_set(row, "account_name",
					json_object_get(acct, "name"));
			json_decref(acct);
		}
	}
	return rc;
}
