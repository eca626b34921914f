/*
 * record.c - validated, audited records of described tables (record.h).
 *
 * SQL is assembled from the table description (names the program wrote)
 * with every value bound; nothing from input reaches the SQL text.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/time.h"
#include "db/db.h"
#include "record/record.h"

#define MAX_COLUMNS 32

size_t
record_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *
record_text(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

const char *
record_str(const json_t *rec, const char *name)
{
	const char *s = record_text(rec, name);

	return s ? s : "";
}

int64_t
record_int(const json_t *rec, const char *name)
{
	return json_integer_value(json_object_get(rec, name));
}

int
record_check_order(json_t *rec, const char *from, const char *to,
		   const char *key, struct problem *pb)
{
	static _Thread_local char message[96];
	const char *a = json_string_value(json_object_get(rec, from));
	const char *b = json_string_value(json_object_get(rec, to));

	if (!a || !b || strcmp(b, a) >= 0)
		return 0;
	snprintf(message, sizeof(message), "%s must not be before %s", to,
		 from);
	return problem_key(pb, ERR_INVALID, to, key, message);
}

int
record_check_since_until(json_t *rec, struct problem *pb)
{
	return record_check_order(rec, "since", "until", "err.before_start",
				  pb);
}

const struct record_column *
record_column(const struct record_table *t, const char *name)
{
	for (const struct record_column *c = t->columns; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Registered at start-up (record_register()); read-only afterwards. */
#define REGISTERED_MAX 128
static const struct record_table *registered[REGISTERED_MAX];
static size_t nregistered;

void
record_register(const struct record_table *const *tables)
{
	for (; *tables; tables++) {
		assert(nregistered < REGISTERED_MAX);
		registered[nregistered++] = *tables;
	}
}

const struct record_table *
record_table_named(const char *name)
{
	for (size_t i = 0; name && i < nregistered; i++)
		if (!strcmp(registered[i]->table, name))
			return registered[i];
	return NULL;
}

const struct record_table *
record_table_of_entity(const char *entity)
{
	for (size_t i = 0; entity && i < nregistered; i++)
		if (registered[i]->entity &&
		    !strcmp(registered[i]->entity, entity))
			return registered[i];
	return NULL;
}

const struct record_table *
record_tables_next(size_t *i)
{
	return *i < nregistered ? registered[(*i)++] : NULL;
}

bool
record_has_flag(const struct record_table *t, unsigned flag)
{
	for (const struct record_column *c = t->columns; c->name; c++)
		if (c->flags & flag)
			return true;
	return false;
}

bool
record_searchable(const struct record_table *t)
{
	if (t->search)
		return true;
	for (const struct record_column *c = t->columns; c->name; c++)
		if (c->flags & REC_SEARCH)
			return true;
	return false;
}

bool
record_type_integral(enum record_type type)
{
	return type == REC_INT || type == REC_REF || type == REC_MONEY ||
	       type == REC_AREA || type == REC_DURATION;
}

/* A message in the arena-free world of rules: static buffers per thread. */
static _Thread_local char message[160];

/*
 * Refuse `field` with the catalog key `key` (its text names {min} and
 * {max}) and an English message made of fmt.
 */
static int __attribute__((format(printf, 7, 8)))
fail(struct problem *pb, int rc, const char *field, const char *key,
     long long min, long long max, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return problem_range(pb, rc, field, key, min, max, message);
}

/*
 * The key people read when a required column is missing or empty: a
 * value typed in asks for input (请输入), one picked asks for a choice
 * (请选择).
 */
static const char *
required_key(const struct record_column *c)
{
	switch (c->type) {
	case REC_ENUM:
	case REC_REF:
	case REC_DATE:
	case REC_DATETIME:
		return "err.required_choice";
	default:
		return "err.required";
	}
}

/* Whether record `id` of table `ref` exists and is not archived. */
static int
ref_exists(struct db *db, const char *ref, int64_t id, bool *ok)
{
	struct db_stmt *st;
	char sql[128];
	int rc;

	*ok = false;
	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ? AND "
		 "archived_at IS NULL", ref);
	rc = db_prepare(db, &st, sql);
	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*ok = true;
		rc = 0;
	}
	db_finalize(st);
	return rc;
}

static int
check_value(struct db *db, const struct record_column *c, json_t *in,
	    json_t *v, struct problem *pb)
{
	const char *s;
	char canon[64];
	time_t when;
	int rc;
	bool ok;

	switch (c->type) {
	case REC_TEXT:
		if (!json_is_string(v))
			return fail(pb, ERR_INVALID, c->name, "err.text", 0, 0,
				    "%s must be a string", c->name);
		s = json_string_value(v);
		if (strlen(s) != json_string_length(v))
			return fail(pb, ERR_INVALID, c->name, "err.text", 0, 0,
				    "%s must not contain NUL characters",
				    c->name);
		if (!*s && (c->flags & REC_EMPTY_NULL)) {
			json_object_set_new(in, c->name, json_null());
			return 0;
		}
		if (!*s && (c->flags & REC_REQUIRED))
			return fail(pb, ERR_INVALID, c->name, required_key(c),
				    0, 0, "%s is required", c->name);
		if (c->max && (int64_t)record_chars(s) > c->max)
			return fail(pb, ERR_INVALID, c->name, "err.too_long",
				    0, (long long)c->max,
				    "%s must be at most %lld characters",
				    c->name, (long long)c->max);
		if (c->check && *s) {
			rc = c->check(&s, canon, pb);
			if (rc) {
				/* The check names no field: its column. */
				if (pb)
					pb->field = c->name;
				return rc;
			}
			if (s == canon)
				json_object_set_new(in, c->name,
						    json_string(canon));
		}
		return 0;
	case REC_INT:
	case REC_MONEY:
	case REC_AREA:
	case REC_DURATION:
		/* People read 元, ㎡ and hours, not the stored units. */
		if (!json_is_integer(v) || json_integer_value(v) < c->min ||
		    json_integer_value(v) > c->max)
			return fail(pb, ERR_INVALID, c->name, c->type ==
				    REC_INT ? "err.range" : "err.amount",
				    (long long)c->min, (long long)c->max,
				    "%s must be an integer from %lld to %lld",
				    c->name, (long long)c->min,
				    (long long)c->max);
		return 0;
	case REC_DATE:
		if (!json_is_string(v) || !date_valid(json_string_value(v)))
			return fail(pb, ERR_INVALID, c->name, "err.date", 0, 0,
				    "%s must be a date, YYYY-MM-DD", c->name);
		return 0;
	case REC_DATETIME:
		if (!json_is_string(v) ||
		    time_parse_utc(json_string_value(v), &when))
			return fail(pb, ERR_INVALID, c->name, "err.time", 0, 0,
				    "%s must be a time, YYYY-MM-DDTHH:MM:SSZ",
				    c->name);
		return 0;
	case REC_ENUM:
		if (json_is_string(v))
			for (const char *const *e = c->values; *e; e++)
				if (!strcmp(*e, json_string_value(v)))
					return 0;
		return fail(pb, ERR_INVALID, c->name, "err.choice", 0, 0,
			    "%s is not one of the allowed values", c->name);
	case REC_REF:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return fail(pb, ERR_INVALID, c->name, "err.ref_pick",
				    0, 0, "%s must be the id of a record",
				    c->name);
		rc = ref_exists(db, c->ref, json_integer_value(v), &ok);
		if (rc)
			return rc;
		if (!ok)
			return fail(pb, ERR_INVALID, c->name, "err.ref_gone",
				    0, 0, "%s refers to no such record",
				    c->name);
		return 0;
	}
	return ERR_INVALID;
}

/* The refusal of a body that is not a JSON object. */
static int
not_object(struct problem *pb)
{
	return problem(pb, ERR_INVALID, NULL,
		       "the body must be a JSON object");
}

/* The refusal of member `key` of a body, which is no field it takes. */
static int
unknown_field(struct problem *pb, const char *key)
{
	return fail(pb, ERR_INVALID, key, "err.unknown_field", 0, 0,
		    "unknown field '%s'", key);
}

int
record_only_fields(json_t *in, const char *const *allowed,
		   struct problem *pb)
{
	const char *key;
	json_t *v;

	if (!json_is_object(in))
		return not_object(pb);
	json_object_foreach(in, key, v) {
		const char *const *a = allowed;

		while (*a && strcmp(*a, key))
			a++;
		if (!*a)
			return unknown_field(pb, key);
	}
	return 0;
}

int
record_validate(struct db *db, const struct record_table *t, json_t *in,
		bool create, struct problem *pb)
{
	const struct record_column *c;
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(in))
		return not_object(pb);
	json_object_foreach(in, key, v) {
		c = record_column(t, key);
		if (!c)
			return unknown_field(pb, key);
		if ((c->flags & REC_READONLY) && !create)
			return fail(pb, ERR_INVALID, key, "err.readonly", 0,
				    0, "%s cannot be changed", key);
		if (json_is_null(v)) {
			if (c->flags & REC_REQUIRED)
				return fail(pb, ERR_INVALID, key,
					    required_key(c), 0, 0,
					    "%s is required", key);
			/* Optional text without REC_EMPTY_NULL is kept as
			 * "" (its column is NOT NULL DEFAULT ''). */
			if (c->type == REC_TEXT && !(c->flags & REC_EMPTY_NULL))
				json_object_set_new(in, key, json_string(""));
			continue;
		}
		rc = check_value(db, c, in, v, pb);
		if (rc)
			return rc;
	}
	if (create)
		for (c = t->columns; c->name; c++)
			if ((c->flags & REC_REQUIRED) &&
			    !json_object_get(in, c->name))
				return fail(pb, ERR_INVALID, c->name,
					    required_key(c), 0, 0,
					    "%s is required", c->name);
	return 0;
}

/* Bind a JSON value to parameter i of st. */
static void
bind_json(struct db_stmt *st, int i, json_t *v)
{
	if (json_is_integer(v))
		db_bind_int(st, i, json_integer_value(v));
	else if (json_is_string(v))
		db_bind_text(st, i, json_string_value(v));
	else
		db_bind_null(st, i);
}

/*
 * After a UNIQUE violation: which unique column of `in` already holds its
 * value (in another record than `id`), to name it to the user.
 */
static int
conflict_field(struct db *db, const struct record_table *t, json_t *in,
	       int64_t id, struct problem *pb)
{
	for (const struct record_column *c = t->columns; c->name; c++) {
		json_t *v = json_object_get(in, c->name);
		struct db_stmt *st;
		char sql[160];
		int rc;

		if (!(c->flags & REC_UNIQUE) || !v || json_is_null(v))
			continue;
		snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE %s = ? "
			 "AND id <> ?", t->table, c->name);
		if (db_prepare(db, &st, sql))
			continue;
		bind_json(st, 1, v);
		db_bind_int(st, 2, id);
		rc = db_step(st);
		db_finalize(st);
		if (rc == DB_ROW)
			return fail(pb, ERR_CONFLICT, c->name, "err.unique",
				    0, 0, "another record has this %s",
				    c->name);
	}
	if (t->conflict)
		return t->conflict(db, in, id, pb);
	return problem(pb, ERR_CONFLICT, NULL,
		       "the record conflicts with another");
}

/*
 * Step a write statement under a savepoint: after a UNIQUE violation
 * PostgreSQL refuses every further statement of the transaction, and we
 * still want to ask which field conflicted (conflict_field()). Rolling
 * back to the savepoint makes the transaction usable again. Returns what
 * the step returned.
 */
static int
write_step(struct db *db, struct db_stmt *st)
{
	int rc;

	/*
	 * SQLite undoes a failed statement by itself and leaves the
	 * transaction usable; a savepoint there only costs (the demo park's
	 * load spent most of its time tracking pages for them).
	 */
	if (db_dialect(db) == DB_SQLITE)
		return db_step(st);
	rc = db_exec(db, "SAVEPOINT record_write");
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == ERR_CONFLICT)
		db_exec(db, "ROLLBACK TO SAVEPOINT record_write");
	/* After any other error the caller rolls the whole thing back. */
	if (rc >= 0 || rc == ERR_CONFLICT)
		db_exec(db, "RELEASE SAVEPOINT record_write");
	return rc;
}

/*
 * Insert the validated record `in` and audit it ("create"), inside the
 * caller's transaction: the one implementation behind record_create() and
 * record_create_in(). On error *id is 0 and the caller rolls back.
 */
static int
insert_audited(struct db *db, const struct record_table *t,
	       const struct audit_actor *actor, json_t *in, int64_t *id,
	       struct problem *pb)
{
	struct buf sql, marks;
	struct db_stmt *st;
	const char *key;
	json_t *v;
	char now[32];
	int i = 1, rc;

	*id = 0;
	buf_init(&sql, NULL, 0);
	buf_init(&marks, NULL, 0);
	buf_addf(&sql, "INSERT INTO %s (", t->table);
	json_object_foreach(in, key, v) {
		buf_addf(&sql, "%s, ", key);
		buf_addstr(&marks, "?, ");
	}
	buf_addf(&sql, "created_at, updated_at) VALUES (%s?, ?) RETURNING id",
		 marks.ptr);
	time_now_utc(now);
	rc = db_prepare(db, &st, sql.ptr);
	if (rc)
		goto out;
	json_object_foreach(in, key, v)
		bind_json(st, i++, v);
	db_bind_text(st, i++, now);
	db_bind_text(st, i, now);
	rc = write_step(db, st);
	if (rc == DB_ROW) {
		*id = db_column_int(st, 0);
		rc = 0;
	}
	db_finalize(st);
	if (rc == ERR_CONFLICT)
		conflict_field(db, t, in, 0, pb);
	if (rc)
		goto out;
	rc = record_audit_change(db, t, actor, "create", *id, NULL);
out:
	if (rc)
		*id = 0;
	buf_release(&sql);
	buf_release(&marks);
	return rc;
}

/* A new record's checks: the table's description, then its own check. */
static int
validate_new(struct db *db, const struct record_table *t, json_t *in,
	     struct problem *pb)
{
	int rc = record_validate(db, t, in, true, pb);

	if (!rc && t->check)
		rc = t->check(in, pb);
	return rc;
}

int
record_create_in(struct db *db, const struct record_table *t,
		 const struct audit_actor *actor, json_t *in, int64_t *id,
		 struct problem *pb)
{
	int rc = validate_new(db, t, in, pb);

	*id = 0;
	return rc ? rc : insert_audited(db, t, actor, in, id, pb);
}

int
record_create(struct db *db, const struct record_table *t,
	      const struct audit_actor *actor, json_t *in, int64_t *id,
	      struct problem *pb)
{
	int rc = validate_new(db, t, in, pb);

	*id = 0;
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, insert_audited(db, t, actor, in, id, pb));
	return rc;
}

/*
 * Validate, update and audit inside the caller's transaction: the one
 * implementation behind record_update() and record_update_in().
 */
static int
update_audited(struct db *db, const struct record_table *t,
	       const struct audit_actor *actor, int64_t id, json_t *in,
	       struct problem *pb)
{
	json_t *before = NULL, *v;
	struct db_stmt *st;
	const char *key;
	struct buf sql;
	char now[32];
	int i = 1, rc;

	buf_init(&sql, NULL, 0);
	rc = record_get(db, t, id, &before);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such record");
	if (rc)
		goto out;
	if (!json_is_null(json_object_get(before, "archived_at"))) {
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "the record is archived and cannot be changed");
		goto out;
	}
	if (t->check) {
		/* The record as it will be: what it was, with the changes. */
		json_t *merged = json_deep_copy(before);

		json_object_update(merged, in);
		rc = t->check(merged, pb);
		json_decref(merged);
		if (rc)
			goto out;
	}
	buf_addf(&sql, "UPDATE %s SET ", t->table);
	json_object_foreach(in, key, v)
		buf_addf(&sql, "%s = ?, ", key);
	buf_addstr(&sql, "updated_at = ? WHERE id = ?");
	time_now_utc(now);
	rc = db_prepare(db, &st, sql.ptr);
	if (rc)
		goto out;
	json_object_foreach(in, key, v)
		bind_json(st, i++, v);
	db_bind_text(st, i++, now);
	db_bind_int(st, i, id);
	rc = write_step(db, st);
	db_finalize(st);
	if (rc == ERR_CONFLICT) {
		/* The hook of the table judges the whole record. */
		json_t *merged = json_deep_copy(before);

		json_object_update(merged, in);
		conflict_field(db, t, merged, id, pb);
		json_decref(merged);
	}
	if (rc)
		goto out;
	rc = record_audit_change(db, t, actor, "update", id, before);
out:
	json_decref(before);
	buf_release(&sql);
	return rc;
}

int
record_update(struct db *db, const struct record_table *t,
	      const struct audit_actor *actor, int64_t id, json_t *in,
	      struct problem *pb)
{
	int rc = record_validate(db, t, in, false, pb);

	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, update_audited(db, t, actor, id, in, pb));
	return rc;
}

int
record_update_in(struct db *db, const struct record_table *t,
		 const struct audit_actor *actor, int64_t id, json_t *in,
		 struct problem *pb)
{
	int rc = record_validate(db, t, in, false, pb);

	return rc ? rc : update_audited(db, t, actor, id, in, pb);
}

int
record_archive_in(struct db *db, const struct record_table *t,
		  const struct audit_actor *actor, int64_t id,
		  struct problem *pb)
{
	json_t *before = NULL;
	struct db_value v[3];
	char sql[128], now[32];
	int rc;

	rc = record_get(db, t, id, &before);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such record");
	/* Archived already: nothing to write. */
	if (!rc && json_is_null(json_object_get(before, "archived_at"))) {
		time_now_utc(now);
		snprintf(sql, sizeof(sql), "UPDATE %s SET archived_at = ?, "
			 "updated_at = ? WHERE id = ?", t->table);
		v[0] = DB_TEXT(now);
		v[1] = DB_TEXT(now);
		v[2] = DB_INT(id);
		rc = db_exec_values(db, sql, v, 3);
		if (!rc)
			rc = record_audit_change(db, t, actor, "archive", id,
						 before);
	}
	json_decref(before);
	return rc;
}

int
record_archive(struct db *db, const struct record_table *t,
	       const struct audit_actor *actor, int64_t id,
	       struct problem *pb)
{
	int rc = db_begin(db);

	if (rc)
		return rc;
	return db_end(db, record_archive_in(db, t, actor, id, pb));
}

/* "c1, c2, ..." of the table's columns, for SELECTs. */
static void
column_list(struct buf *b, const struct record_table *t)
{
	buf_addstr(b, "id");
	for (const struct record_column *c = t->columns; c->name; c++)
		buf_addf(b, ", %s", c->name);
	buf_addstr(b, ", created_at, updated_at, archived_at");
}

int
record_get(struct db *db, const struct record_table *t, int64_t id,
	   json_t **out)
{
	struct db_stmt *st;
	struct buf sql;
	json_t *rows = json_array();
	int rc;

	*out = NULL;
	buf_init(&sql, NULL, 0);
	buf_addstr(&sql, "SELECT ");
	column_list(&sql, t);
	buf_addf(&sql, " FROM %s WHERE id = ?", t->table);
	rc = db_prepare(db, &st, sql.ptr);
	if (!rc) {
		db_bind_int(st, 1, id);
		rc = db_rows_to_json(st, rows);
		db_finalize(st);
	}
	if (!rc && json_array_size(rows) == 0)
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	buf_release(&sql);
	return rc;
}

int
record_audit_change(struct db *db, const struct record_table *t,
		    const struct audit_actor *actor, const char *action,
		    int64_t id, json_t *before)
{
	json_t *after = NULL;
	int rc = record_get(db, t, id, &after);

	if (!rc)
		rc = audit_write(db, actor, action, t->entity, id, before,
				 after);
	json_decref(after);
	return rc;
}

int
record_end(struct db *db, int rc, const struct record_table *t, int64_t id,
	   json_t **out)
{
	rc = db_end(db, rc);
	return rc ? rc : record_get(db, t, id, out);
}

int
record_end_change(struct db *db, int rc, const struct record_table *t,
		  const struct audit_actor *actor, const char *action,
		  int64_t id, json_t *before, json_t **out)
{
	if (!rc)
		rc = record_audit_change(db, t, actor, action, id, before);
	return record_end(db, rc, t, id, out);
}

/* Whether `t` lists a table of its own (not a query's rows). */
static bool
plain_table(const struct record_table *t)
{
	return t->table && strspn(t->table,
	       "abcdefghijklmnopqrstuvwxyz0123456789_") ==
	       strlen(t->table);
}

/*
 * The title of the record of `t`'s reference column `c`: the record's
 * table when it has a title and is another one, else NULL.
 */
static const struct record_table *
titled_ref(const struct record_table *t, const struct record_column *c)
{
	const struct record_table *ref;

	if (!c || c->type != REC_REF || !plain_table(t))
		return NULL;
	ref = record_table_named(c->ref);
	if (!ref || !ref->title || !plain_table(ref) ||
	    !strcmp(ref->table, t->table))
		return NULL;
	return ref;
}

/*
 * What a list of `t` sorts and searches by for `column` (a column's name,
 * or an SQL expression such as the table's title): the column, or for a
 * reference the title of the record it names, so that 双导师 are found
 * and sorted by the names of the people.
 */
static void
column_value(struct buf *b, const struct record_table *t, const char *column)
{
	const struct record_column *c = record_column(t, column);
	const struct record_table *ref = titled_ref(t, c);

	if (ref)
		buf_addf(b, "(SELECT %s FROM %s WHERE %s.id = %s.%s)",
			 ref->title, ref->table, ref->table, t->table,
			 c->name);
	else
		buf_addstr(b, column);
}

/* Whether column `name` of `t` is a personal one (REC_PERSONAL). */
static bool
is_personal(const struct record_table *t, const char *name)
{
	const struct record_column *c = record_column(t, name);

	return c && (c->flags & REC_PERSONAL);
}

/*
 * The search condition for `q`: the trigram index for three characters or
 * more on SQLite, ILIKE over the search columns on PostgreSQL (which its
 * trigram index serves), and a plain substring scan for one or two
 * characters on SQLite, since a trigram index cannot match those. With
 * `public`, the personal columns are left out (by a scan: the index
 * holds them).
 */
static void
search_clause(struct db *db, const struct record_table *t, const char *q,
	      bool title, bool public, struct buf *where, struct db_value *v,
	      int *n, struct buf *arg)
{
	const char *flagged[MAX_COLUMNS + 2];
	const char *const *search = t->search, *const *c;
	size_t k = 0;

	if (!search || title || public) {
		for (c = t->search; c && *c && k < MAX_COLUMNS; c++)
			if (!public || !is_personal(t, *c))
				flagged[k++] = *c;
		for (const struct record_column *col = t->columns;
		     !t->search && col->name; col++)
			if ((col->flags & REC_SEARCH) && k < MAX_COLUMNS &&
			    (!public || !(col->flags & REC_PERSONAL)))
				flagged[k++] = col->name;
		/* A picker's search: the title too, by a plain scan. */
		if (title && t->title)
			flagged[k++] = t->title;
		flagged[k] = NULL;
		search = flagged;
	}
	if (!*search) {
		buf_addstr(where, " AND 1 = 0");
		return;
	}
	if (db_dialect(db) == DB_POSTGRES) {
		buf_addstr(where, " AND (");
		for (c = search; *c; c++) {
			buf_addstr(where, c == search ? "coalesce(" :
				   " || ' ' || coalesce(");
			column_value(where, t, *c);
			buf_addstr(where, ", '')");
		}
		buf_addstr(where, ") ILIKE ? ESCAPE '\\'");
		buf_addch(arg, '%');
		for (const char *p = q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addch(arg, '\\');
			buf_addch(arg, *p);
		}
		buf_addch(arg, '%');
		v[(*n)++] = DB_TEXT(arg->ptr);
	} else if (t->fts && record_chars(q) >= 3 && !title && !public) {
		buf_addf(where, " AND id IN (SELECT rowid FROM %s WHERE %s "
			 "MATCH ?)", t->fts, t->fts);
		/* One quoted phrase: the query's own quotes doubled. */
		buf_addch(arg, '"');
		for (const char *p = q; *p; p++) {
			if (*p == '"')
				buf_addch(arg, '"');
			buf_addch(arg, *p);
		}
		buf_addch(arg, '"');
		v[(*n)++] = DB_TEXT(arg->ptr);
	} else {
		buf_addstr(where, " AND (");
		for (c = search; *c; c++) {
			buf_addstr(where, c == search ? "instr(lower(coalesce(" :
				   " OR instr(lower(coalesce(");
			column_value(where, t, *c);
			buf_addstr(where, ", '')), lower(?)) > 0");
			v[(*n)++] = DB_TEXT(q);
		}
		buf_addch(where, ')');
	}
}

const char *
record_sort_problem(const struct record_table *t, const char *column)
{
	const struct record_column *c = record_column(t, column);

	if (!strcmp(column, "id") || !strcmp(column, "created_at") ||
	    !strcmp(column, "updated_at"))
		return NULL;
	if (!c)
		return "sort must name a column of the list";
	if (c->type == REC_REF && !titled_ref(t, c))
		return "this column cannot be sorted";
	return NULL;
}

/*
 * The ORDER BY of a list of `t` by `f`: the table's order, or the column
 * asked for with empty values last on both back ends (whose nulls sort
 * apart) and ties by id. The column was judged by record_sort_problem():
 * only names of the description reach the SQL.
 */
static void
order_by(struct buf *b, const struct record_table *t,
	 const struct record_filter *f)
{
	const struct record_column *c;
	const char *dir = f->desc ? "DESC" : "ASC";

	if (!f->sort) {
		buf_addstr(b, t->order ? t->order : "id DESC");
		return;
	}
	/* Empty: null, or for text (a name) the empty string. */
	c = record_column(t, f->sort);
	if (c && (c->type == REC_TEXT || c->type == REC_REF)) {
		buf_addstr(b, "(coalesce(");
		column_value(b, t, f->sort);
		buf_addstr(b, ", '') = ''), ");
	} else {
		buf_addch(b, '(');
		column_value(b, t, f->sort);
		buf_addstr(b, " IS NULL), ");
	}
	column_value(b, t, f->sort);
	buf_addf(b, " %s, id %s", dir, dir);
}

/* record_list() and record_list_text(): the page goes to *items or `text`. */
static int
list(struct db *db, const struct record_table *t,
     const struct record_filter *f, json_t **items, struct buf *text,
     int64_t *total)
{
	struct db_value v[MAX_COLUMNS];
	struct buf where, count, rows, arg;
	int n = 0, rc = 0;

	if (items)
		*items = NULL;
	*total = 0;
	buf_init(&where, NULL, 0);
	buf_init(&count, NULL, 0);
	buf_init(&rows, NULL, 0);
	buf_init(&arg, NULL, 0);
	buf_addstr(&where, " WHERE 1 = 1");
	if (!f->archived)
		buf_addstr(&where, " AND archived_at IS NULL");
	for (int i = 0; i < f->neq && i < 4; i++) {
		const struct record_column *c = record_column(t, f->eq_col[i]);
		char *end;
		long long num;

		if (!c) {
			rc = ERR_INVALID;
			goto out;
		}
		buf_addf(&where, " AND %s = ?", c->name);
		num = strtoll(f->eq_val[i], &end, 10);
		v[n++] = record_type_integral(c->type) && !*end ?
			 DB_INT(num) : DB_TEXT(f->eq_val[i]);
	}
	if (f->scope_col && f->scope_col_val > 0) {
		if (f->scope_in)
			buf_addf(&where, " AND %s IN (%s)", f->scope_col,
				 f->scope_in);
		else
			buf_addf(&where, " AND %s = ?", f->scope_col);
		v[n++] = DB_INT(f->scope_col_val);
		if (f->scope_in && f->scope_in_text)
			v[n++] = DB_TEXT(f->scope_in_text);
	} else if (f->scope_col) {
		/* A scope of nobody (no organisation, no person): no rows. */
		buf_addstr(&where, " AND 1 = 0");
	}
	if (f->q && *f->q && (record_searchable(t) ||
			      (f->q_title && t->title)))
		search_clause(db, t, f->q, f->q_title && t->title,
			      f->q_public, &where, v, &n, &arg);
	buf_addf(&count, "SELECT COUNT(*) FROM %s%s", t->table, where.ptr);
	buf_addstr(&rows, "SELECT ");
	column_list(&rows, t);
	if (f->sort && record_sort_problem(t, f->sort)) {
		rc = ERR_INVALID;
		goto out;
	}
	buf_addf(&rows, " FROM %s%s ORDER BY ", t->table, where.ptr);
	order_by(&rows, t, f);
	buf_addstr(&rows, " LIMIT ? OFFSET ?");
	if (items)
		rc = db_list(db, count.ptr, rows.ptr, v, n, f->limit > 0 ?
			     f->limit : 20, f->offset, items, total);
	else
		rc = db_list_text(db, count.ptr, rows.ptr, v, n, f->limit > 0 ?
				  f->limit : 20, f->offset, text, total);
out:
	if (items && !*items)
		*items = json_array();
	buf_release(&where);
	buf_release(&count);
	buf_release(&rows);
	buf_release(&arg);
	return rc;
}

int
record_list(struct db *db, const struct record_table *t,
	    const struct record_filter *f, json_t **items, int64_t *total)
{
	return list(db, t, f, items, NULL, total);
}

int
record_list_text(struct db *db, const struct record_table *t,
		 const struct record_filter *f, struct buf *items,
		 int64_t *total)
{
	return list(db, t, f, NULL, items, total);
}

const char *
record_filter_problem(const struct record_table *t, const char *column,
		      const char *value)
{
	const struct record_column *c = record_column(t, column);
	char *end;
	long long n;

	if (!c)
		return "no such filter";
	switch (c->type) {
	case REC_INT:
	case REC_REF:
	case REC_MONEY:
	case REC_AREA:
	case REC_DURATION:
		n = strtoll(value, &end, 10);
		if (!*value || *end || strspn(value, "-0123456789") !=
		    strlen(value) || (c->type == REC_REF && n <= 0))
			return "the filter must be a whole number";
		return NULL;
	case REC_ENUM:
		for (const char *const *e = c->values; *e; e++)
			if (!strcmp(*e, value))
				return NULL;
		return "the filter is not one of the allowed values";
	case REC_DATE:
		return date_valid(value) ? NULL :
		       "the filter must be a date, YYYY-MM-DD";
	default:
		return NULL;
	}
}
