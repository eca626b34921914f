/*
 * notify_int.h - what the files of src/notify/ share (private): the store,
 * where every SQL statement of the module lives.
 *
 * "Who sees what" is given to the store as the reader's account id and
 * the names of the roles it holds (`roles`, NOTIFY_ROLE_SLOTS entries,
 * NULL for the slots not used), bound as parameters of one fixed
 * statement.
 */
#ifndef JG_NOTIFY_INT_H
#define JG_NOTIFY_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"

struct db;

#define NOTIFY_ROLE_SLOTS ROLE_COUNT

struct notify_reader {
	int64_t account_id;
	const char *roles[NOTIFY_ROLE_SLOTS];
};

/* The enabled accounts that act for organisation `org_id`, into `ids`. */
int store_notify_org_accounts(struct db *db, int64_t org_id, json_t *ids);

int store_notify_insert(struct db *db, int64_t account_id, const char *role,
			const char *title, const char *body, const char *link,
			const char *now, int64_t *id);
int store_notify_unread(struct db *db, const struct notify_reader *rd,
			int64_t *n);
int store_notify_list(struct db *db, const struct notify_reader *rd,
		      bool unread_only, int64_t id, int64_t limit,
		      int64_t offset, json_t **items, int64_t *total);
int store_notify_mark(struct db *db, const struct notify_reader *rd,
		      int64_t id, const char *now);
int store_notify_mark_all(struct db *db, const struct notify_reader *rd,
			  const char *now, int64_t *n);
int store_notify_sent(struct db *db, int64_t limit, int64_t offset,
		      json_t **items, int64_t *total);

#endif
