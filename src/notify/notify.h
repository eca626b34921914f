/*
 * notify.h - portal notifications (站内通知): short messages to one account
 * or to every holder of a role, or to the accounts that act for an
 * organisation, with a per-account read mark and an
 * unread count shown in the portal's top bar.
 *
 * A module tells people about something inside the transaction that made
 * it happen, so the notice and the change commit together:
 *
 *	rc = db_begin(db);
 *	...admit the startup...
 *	rc = notify_account(db, actor, founder_account, "入孵申请已通过",
 *			    "请在 30 日内签订入孵协议。", "/incubation/42");
 *	...
 *	rc = db_commit(db);
 *
 * Visibility: an account sees the notifications sent to it and those sent
 * to any role it holds now (a role notice is a bulletin for the role, so
 * someone given the role later sees it too). Read marks are per account:
 * one reader marking a role notice read does not mark it for the others.
 *
 * Each notification writes an audit row ("create", "notification") in the
 * caller's transaction. Read marks are the reader's own state, like a
 * session's last-seen time, and are not audited.
 */
#ifndef JG_NOTIFY_H
#define JG_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct audit_actor;
struct db;
struct principal;

/* What a notification says and to whom. */
struct notify_msg {
	int64_t account_id;	/* the one recipient, or 0 ... */
	unsigned role;		/* ... one role bit of auth.h (ROLE_...), or
				 * 0 ... */
	int64_t org_id;		/* ... an organisation: each account that
				 * acts for it now gets a notice of its own */
	const char *title;	/* 1 to 200 characters */
	const char *body;	/* up to 2000 characters; NULL: none */
	const char *link;	/* a local path ("/x", not "//x"); NULL */
};

/*
 * Check `m` and store it, with its audit row, inside the caller's
 * transaction (this opens none). Returns 0 with the new id in *id (id may
 * be NULL; for an organisation, the first of its notices), or ERR_INVALID
 * with the field at fault in *pb ("account_id", "role", "org_id",
 * "title", "body", "link"; an account that does not exist is ERR_INVALID
 * on "account_id", an organisation no enabled account acts for on
 * "org_id"), or a database error.
 */
int notify_send(struct db *db, const struct audit_actor *actor,
		const struct notify_msg *m, int64_t *id, struct problem *pb);

/*
 * The short forms for modules: notify one account, or one role (a role
 * bit, ROLE_ADMIN...). `body` and `link` may be NULL. Inside the
 * caller's transaction; 0, ERR_INVALID or a database error.
 */
int notify_account(struct db *db, const struct audit_actor *actor,
		   int64_t account_id, const char *title, const char *body,
		   const char *link);
int notify_role(struct db *db, const struct audit_actor *actor,
		unsigned role, const char *title, const char *body,
		const char *link);

/*
 * One notice to each of the `n` accounts ids[] (a publication's
 * audience: thousands), NOTIFY_BATCH a statement, each batch audited as
 * one "create" of notifications naming its accounts rather than a row a
 * notice, so that a run's publication holds the write lock for a moment.
 * Inside the caller's transaction; 0, ERR_INVALID (the text, or the
 * first account unknown; a later unknown one fails its batch's foreign
 * key: ERR_DB) or a database error.
 */
#define NOTIFY_BATCH 500
int notify_accounts(struct db *db, const struct audit_actor *actor,
		    const int64_t *ids, size_t n, const char *title,
		    const char *body, const char *link);

/*
 * The same to the accounts acting for organisation `org_id`, one notice
 * each; *told is how many (none is not an error here: a module tells an
 * organisation whoever acts for it, perhaps nobody yet).
 */
int notify_org(struct db *db, const struct audit_actor *actor,
	       int64_t org_id, const char *title, const char *body,
	       const char *link, int *told);

/*
 * What an admin sends from the API or the send page: checks
 * PERM_NOTIFY_SEND for `p`, then notify_send() in a transaction of its
 * own. Returns as notify_send(), or ERR_UNAUTH / ERR_FORBIDDEN.
 */
int notify_post(struct db *db, const struct principal *p,
		const struct notify_msg *m, int64_t *id, struct problem *pb);

/* How many notifications `p` sees and has not read. 0 or an error. */
int notify_unread_count(struct db *db, const struct principal *p,
			int64_t *n);

/*
 * The notifications `p` sees, newest first, as a JSON array in *items
 * (owned by the caller, an array even on error) of {id, title, body,
 * link, account_id, role, created_at, read, read_at}; only unread ones
 * when `unread_only`. The count of all that match goes to *total.
 */
int notify_list(struct db *db, const struct principal *p, bool unread_only,
		int64_t limit, int64_t offset, json_t **items,
		int64_t *total);

/* One notification `p` sees, as notify_list() shows it; ERR_NOTFOUND. */
int notify_get(struct db *db, const struct principal *p, int64_t id,
	       json_t **out);

/*
 * Mark notification `id` read for `p` (again is harmless). ERR_NOTFOUND
 * when p does not see it.
 */
int notify_mark_read(struct db *db, const struct principal *p, int64_t id);

/* Mark everything `p` sees read; how many were unread goes to *n. */
int notify_mark_all_read(struct db *db, const struct principal *p,
			 int64_t *n);

/*
 * Every notification sent, newest first, for the admins' page (needs
 * PERM_NOTIFY_SEND): {id, title, body, link, account_id, account_name,
 * role, created_at, reads}. *items is the caller's, an array even on error.
 */
int notify_sent(struct db *db, const struct principal *p, int64_t limit,
		int64_t offset, json_t **items, int64_t *total);

#endif
