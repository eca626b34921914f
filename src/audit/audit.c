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
	"change", "change_password", "checkin", "checkout", "clear", "close",
	"completed", "confirm", "consent", "create", "credit", "decide",
	"decline", "delete", "disable", "enrolled", "expire", "hold", "import",
	"issue", "lapse", "lock", "make", "make_code", "move", "no_show", "override",
	"publish", "rank", "reject", "renew_code", "reset_password", "return",
	"review", "revoke", "run", "score", "second_round", "submit", "take",
	"update", "withdraw", "withdrawn",
};

/* The entities that are not described tables registered with the kit. */
static const char *const entities[] = {
	"account", "api_token", "calendar_feed", "facility_rate_card",
	"facility_statement", "facility_waitlist", "inc_member", "incubation",
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

/*
 * The FROM and WHERE of the filters that are set, their values in v[]
 * (*n of them); a date "to" is compared with `to_next`.
 */
static void
where_clause(struct buf *sql, const struct audit_filter *f,
	     const char *to_next, struct db_value v[6], int *n)
{
	buf_addstr(sql, "FROM audit_log WHERE 1 = 1");
	if (f->actor) {
		buf_addstr(sql, " AND actor_name = ?");
		v[(*n)++] = DB_TEXT(f->actor);
	}
	if (f->entity) {
		buf_addstr(sql, " AND entity = ?");
		v[(*n)++] = DB_TEXT(f->entity);
	}
	if (f->entity_id > 0) {
		buf_addstr(sql, " AND entity_id = ?");
		v[(*n)++] = DB_INT(f->entity_id);
	}
	if (f->action) {
		buf_addstr(sql, " AND action = ?");
		v[(*n)++] = DB_TEXT(f->action);
	}
	if (f->from) {
		buf_addstr(sql, " AND at >= ?");
		v[(*n)++] = DB_TEXT(f->from);
	}
	if (f->to) {
		buf_addstr(sql, " AND at < ?");
		v[(*n)++] = DB_TEXT(to_next);
	}
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
	static const char *const changes[][2] = {
		{ "before_json", "before" }, { "after_json", "after" },
	};
	struct db_value v[6];
	struct buf where;
	char to_next[32] = "";
	json_t *row;
	size_t i;
	int n = 0, rc;

	/* A date "to" includes its whole day: compare with the next day. */
	if (f->to) {
		snprintf(to_next, sizeof(to_next), "%s", f->to);
		if (strlen(f->to) == 10)
			snprintf(to_next, sizeof(to_next), "%sT99", f->to);
	}
	buf_init(&where, NULL, 0);
	where_clause(&where, f, to_next, v, &n);
	rc = db_list_where(db, "id, at, actor_id, actor_name, action, entity, "
			   "entity_id, before_json, after_json, ip",
			   &where, f->oldest_first ? "id" : "id DESC", v, n,
			   f->limit > 0 ? f->limit : 20, f->offset, items,
			   total);
	/* The record before and after, as JSON rather than its text. */
	json_array_foreach(*items, i, row)
		for (size_t c = 0; c < 2; c++) {
			json_object_set_new(row, changes[c][1], parse_or_null(
				json_string_value(json_object_get(row,
							changes[c][0]))));
			json_object_del(row, changes[c][0]);
		}
	buf_release(&where);
	return rc;
}
