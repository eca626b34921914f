/*
 * audit.h - the audit log (操作日志): who changed what, when, from where,
 * with the record before and after.
 *
 * Every mutation in every module calls audit_write() inside the transaction
 * that makes the change, so the change and its audit row commit together or
 * not at all. The table is append-only: the database refuses UPDATE and
 * DELETE on it (a trigger on both back ends), so nobody, admins included,
 * can edit history.
 */
#ifndef JG_AUDIT_H
#define JG_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"

struct db;

/* struct audit_actor, who acts, is in auth.h beside the principal. */

/*
 * Append one row: `action` ("create", "update", "archive", "login", ...),
 * `entity` (the table or concept, "account"), its id (0 if none), and the
 * record before and after as JSON objects (either may be NULL; they are
 * serialised, not taken over). Call inside the caller's transaction.
 * Returns 0 or a database error.
 */
int audit_write(struct db *db, const struct audit_actor *actor,
		const char *action, const char *entity, int64_t entity_id,
		json_t *before, json_t *after);

/*
 * The words of the log, each declared once here with its label in the
 * catalogs: every action a module writes ("audit.actions.ACTION") and
 * every entity that is not a described table of the kit
 * ("audit.entities.ENTITY"; a described table is labelled by its own
 * catalog's list title, record/pages.h, or there when it has none).
 * The log's page offers them as its
 * filters; tests/http/labels.test.mjs fails on an action or entity
 * written without a declaration and labels in both languages. Sorted;
 * *n receives how many.
 */
const char *const *audit_actions(size_t *n);
const char *const *audit_entities(size_t *n);

/* What audit_list() selects; NULL or 0 fields do not filter. */
struct audit_filter {
	const char *actor;	/* actor name, exact */
	const char *entity;	/* exact */
	int64_t entity_id;
	const char *action;	/* exact */
	const char *from;	/* at >= from (a date or time, UTC) */
	const char *to;		/* at < to + 1 day when a date */
	int64_t limit;		/* 1..200 */
	int64_t offset;
	bool oldest_first;	/* else newest first */
};

/*
 * The rows matching `f`, newest first (or oldest), as a JSON array of objects (id, at,
 * actor_id, actor_name, action, entity, entity_id, before, after, ip) in
 * *items (owned by the caller), and the number of matching rows in *total.
 * Returns 0 or a database error.
 */
int audit_list(struct db *db, const struct audit_filter *f, json_t **items,
	       int64_t *total);

#endif
