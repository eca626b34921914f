/*
 * audit.c - the append-only audit log (see audit.h).
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"

/* The actions of every module (audit.h), sorted. */
static const char *const actions[] = {
	"accept", "add_reviewer", "approve", "archive", "assigned", "cancel",
	"change_password", "checkin", "clear", "close", "completed",
	"confirm", "consent", "create", "decide", "decline", "delete",
	"disable", "enrolled", "expire", "lapse", "lock", "override",
	"publish", "rank", "reject", "reset_password", "return", "review",
	"revoke", "run", "score", "second_round", "submit", "update",
	"withdraw", "withdrawn",
};

/* The entities that are not described tables registered with the kit. */
static const char *const entities[] = {
	"account", "api_token", "inc_member", "incubation",
	"incubation_event", "job", "login_throttle", "notification",
	"placement_evaluation", "placement_log", "selection_offer", "session",
	"setting", "training_assessment", "training_attendance",
	"training_weekly_log", "upload",
};

const char *const *
audit_actions(size_t *n)
{
	*n = sizeof(actions) / sizeof(actions[0]);
	return actions;
}

const char *const *
audit_entities(size_t *n)
{
	*n = sizeof(entities) / sizeof(entities[0]);
	return entities;
}

int
audit_write(struct db *db, const struct audit_actor *actor,
	    const char *action, const char *entity, int64_t entity_id,
	    json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS)
			 : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS)
			: NULL;
	struct db_stmt *st;
	char now[32];
	int rc;

	time_now_utc(now);
	rc = db_prepare(db, &st,
		"INSERT INTO audit_log (at, actor_id, actor_name, action, "
		"entity, entity_id, before_json, after_json, ip) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (rc)
		goto out;
	db_bind_text(st, 1, now);
	if (actor->id > 0)
		db_bind_int(st, 2, actor->id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, actor->name ? actor->name : "system");
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, entity);
	if (entity_id > 0)
		db_bind_int(st, 6, entity_id);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, b);
	db_bind_text(st, 8, a);
	db_bind_text(st, 9, actor->ip ? actor->ip : "local");
	rc = db_step(st);
	db_finalize(st);
out:
	free(b);
	free(a);
	return rc;
}

/* Append " AND column = ?" for each filter that is set; counts binds. */
static void
where_clause(struct buf *sql, const struct audit_filter *f)
{
	buf_addstr(sql, " WHERE 1 = 1");
	if (f->actor)
		buf_addstr(sql, " AND actor_name = ?");
	if (f->entity)
		buf_addstr(sql, " AND entity = ?");
	if (f->entity_id > 0)
		buf_addstr(sql, " AND entity_id = ?");
	if (f->action)
		buf_addstr(sql, " AND action = ?");
	if (f->from)
		buf_addstr(sql, " AND at >= ?");
	if (f->to)
		buf_addstr(sql, " AND at < ?");
}

static int
bind_filter(struct db_stmt *st, const struct audit_filter *f, char *to_next)
{
	int i = 1;

	if (f->actor)
		db_bind_text(st, i++, f->actor);
	if (f->entity)
		db_bind_text(st, i++, f->entity);
	if (f->entity_id > 0)
		db_bind_int(st, i++, f->entity_id);
	if (f->action)
		db_bind_text(st, i++, f->action);
	if (f->from)
		db_bind_text(st, i++, f->from);
	if (f->to)
		db_bind_text(st, i++, to_next);
	return i;
}

static json_t *
parse_or_null(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;

	return v ? v : json_null();
}

int
audit_list(struct db *db, const struct audit_filter *f, json_t **items,
	   int64_t *total)
{
	struct db_stmt *st = NULL;
	struct buf sql;
	char to_next[32] = "";
	int rc, i;

	*items = json_array();
	*total = 0;
	/* A date "to" includes its whole day: compare with the next day. */
	if (f->to) {
		snprintf(to_next, sizeof(to_next), "%s", f->to);
		if (strlen(f->to) == 10)
			snprintf(to_next, sizeof(to_next), "%sT99", f->to);
	}
	buf_init(&sql, NULL, 0);
	buf_addstr(&sql, "SELECT COUNT(*) FROM audit_log");
	where_clause(&sql, f);
	rc = db_prepare(db, &st, sql.ptr);
	if (rc)
		goto out;
	bind_filter(st, f, to_next);
	rc = db_step(st);
	if (rc != DB_ROW)
		goto out;
	*total = db_column_int(st, 0);
	db_finalize(st);
	st = NULL;

	buf_reset(&sql);
	buf_addstr(&sql, "SELECT id, at, actor_id, actor_name, action, entity, "
			 "entity_id, before_json, after_json, ip FROM audit_log");
	where_clause(&sql, f);
	buf_addstr(&sql, " ORDER BY id DESC LIMIT ? OFFSET ?");
	rc = db_prepare(db, &st, sql.ptr);
	if (rc)
		goto out;
	i = bind_filter(st, f, to_next);
	db_bind_int(st, i, f->limit > 0 ? f->limit : 20);
	db_bind_int(st, i + 1, f->offset);
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *row = json_object();

		json_object_set_new(row, "id", json_integer(db_column_int(st, 0)));
		json_object_set_new(row, "at", json_string(db_column_text(st, 1)));
		json_object_set_new(row, "actor_id", db_column_null(st, 2) ?
			json_null() : json_integer(db_column_int(st, 2)));
		json_object_set_new(row, "actor_name",
				    json_string(db_column_text(st, 3)));
		json_object_set_new(row, "action",
				    json_string(db_column_text(st, 4)));
		json_object_set_new(row, "entity",
				    json_string(db_column_text(st, 5)));
		json_object_set_new(row, "entity_id", db_column_null(st, 6) ?
			json_null() : json_integer(db_column_int(st, 6)));
		json_object_set_new(row, "before",
				    parse_or_null(db_column_text(st, 7)));
		json_object_set_new(row, "after",
				    parse_or_null(db_column_text(st, 8)));
		json_object_set_new(row, "ip", json_string(db_column_text(st, 9)));
		json_array_append_new(*items, row);
	}
out:
	if (rc == DB_ROW)
		rc = 0;
	db_finalize(st);
	buf_release(&sql);
	return rc;
}
