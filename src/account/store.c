/*
 * store.c - every SQL statement of the auth module (see auth_int.h).
 *
 * Functions copy what they read into the caller's arena or into JSON, and
 * never open transactions: the rules do, around several store calls.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "account/account_int.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "db/row.h"

/* A copy of column `col` in the arena, or NULL for SQL NULL. */
static const char *
col_dup(struct db_stmt *st, struct arena *a, int col)
{
	const char *v = db_column_text(st, col);

	return v ? arena_strdup(a, v) : NULL;
}

#define ACCOUNT_COLUMNS "id, name, display_name, password_hash, " \
	"org_id, person_id, disabled_at, created_at"

#define A(kind, m) DB_FIELD_##kind(struct account_row, m)
static const struct db_field account_fields[] = {
	A(INT64, id), A(TEXT, name), A(TEXT, display_name),
	A(TEXT, password_hash), A(INT64, org_id), A(INT64, person_id),
	A(TEXT, disabled_at), A(TEXT, created_at), DB_FIELDS_END
};
#undef A

/* The account `sql` finds by `key` (no organisation or person: 0). */
static int
account_where(struct db *db, struct arena *a, const char *sql,
	      struct db_value key, struct account_row *out)
{
	int rc = db_get_one(db, sql, &key, 1, account_fields, out,
			    sizeof(*out), a);

	return rc ? rc : store_account_roles(db, out->id, &out->roles);
}

int
store_account_by_name(struct db *db, struct arena *a, const char *name,
		      struct account_row *out)
{
	return account_where(db, a, "SELECT " ACCOUNT_COLUMNS
			     " FROM account WHERE name = ?", DB_TEXT(name), out);
}

int
store_account_by_key(struct db *db, struct arena *a, const char *key,
		     struct account_row *out)
{
	return account_where(db, a, "SELECT " ACCOUNT_COLUMNS
			     " FROM account WHERE name_key = ?", DB_TEXT(key),
			     out);
}

int
store_account_by_id(struct db *db, struct arena *a, int64_t id,
		    struct account_row *out)
{
	return account_where(db, a, "SELECT " ACCOUNT_COLUMNS
			     " FROM account WHERE id = ?", DB_INT(id), out);
}

int
store_account_roles(struct db *db, int64_t id, unsigned *roles)
{
	struct db_stmt *st;
	int rc;

	*roles = 0;
	rc = db_query(db, &st, "SELECT role FROM account_role WHERE "
		      "account_id = ?", (struct db_value[]){ DB_INT(id) }, 1);
	for (; rc == DB_ROW; rc = db_step(st))
		*roles |= role_from_name(db_column_text(st, 0));
	db_finalize(st);
	return rc;
}

static struct db_value
opt_id(int64_t id)
{
	return id > 0 ? DB_INT(id) : DB_TEXT(NULL);
}

int
store_account_insert(struct db *db, const struct account_row *row,
		     const char *key, const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_TEXT(row->name), DB_TEXT(key), DB_TEXT(row->display_name),
		DB_TEXT(row->password_hash), opt_id(row->org_id),
		opt_id(row->person_id), DB_TEXT(now), DB_TEXT(now),
		DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO account (name, name_key, display_name, "
		"password_hash, org_id, person_id, password_changed_at, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id", v, 9, id);
}

int
store_account_update(struct db *db, const struct account_row *row,
		     const char *now)
{
	struct db_value v[] = {
		DB_TEXT(row->display_name), opt_id(row->org_id),
		opt_id(row->person_id), DB_TEXT(row->disabled_at),
		DB_TEXT(now), DB_INT(row->id),
	};

	return db_change_values(db,
		"UPDATE account SET display_name = ?, org_id = ?, "
		"person_id = ?, disabled_at = ?, updated_at = ? WHERE id = ?",
		v, 6);
}

int
store_account_set_password(struct db *db, int64_t id, const char *hash,
			   const char *now)
{
	struct db_value v[] = {
		DB_TEXT(hash), DB_TEXT(now), DB_TEXT(now), DB_INT(id),
	};

	return db_change_values(db,
		"UPDATE account SET password_hash = ?, password_changed_at = ?,"
		" updated_at = ? WHERE id = ?", v, 4);
}

int
store_account_set_roles(struct db *db, int64_t id, unsigned roles)
{
	struct db_value v[] = { DB_INT(id), DB_TEXT(NULL) };
	int rc;

	rc = db_exec_values(db, "DELETE FROM account_role WHERE account_id = ?",
			 v, 1);
	for (unsigned bit = 1; !rc && bit <= ROLE_VIEWER; bit <<= 1) {
		if (!(roles & bit))
			continue;
		v[1] = DB_TEXT(role_name(bit));
		rc = db_exec_values(db, "INSERT INTO account_role "
				     "(account_id, role) VALUES (?, ?)", v, 2);
	}
	return rc;
}

int
store_account_list(struct db *db, const char *q, const char *role,
		   int64_t limit, int64_t offset, json_t **items,
		   int64_t *total)
{
	struct db_value v[3];
	struct buf where;
	int n = 0, rc;

	buf_init(&where, NULL, 0);
	buf_addstr(&where, "FROM account a WHERE 1 = 1");
	if (q) {
		buf_addstr(&where, " AND (instr(a.name, ?) > 0 OR "
				   "instr(a.display_name, ?) > 0)");
		v[n++] = DB_TEXT(q);
		v[n++] = DB_TEXT(q);
	}
	if (role) {
		buf_addstr(&where, " AND EXISTS (SELECT 1 FROM account_role r "
				   "WHERE r.account_id = a.id AND r.role = ?)");
		v[n++] = DB_TEXT(role);
	}
	rc = db_list_where(db, "a.id, a.name, a.display_name, a.org_id, "
			   "a.person_id, a.disabled_at, a.created_at",
			   &where, "a.id", v, n, limit, offset, items,
			   total);
	/* Each row's roles, as names. */
	for (size_t i = 0; !rc && i < json_array_size(*items); i++) {
		json_t *row = json_array_get(*items, i);
		unsigned roles;

		rc = store_account_roles(db, json_integer_value(
				json_object_get(row, "id")), &roles);
		if (!rc)
			json_object_set_new(row, "roles", roles_json(roles));
	}
	buf_release(&where);
	return rc;
}

int
store_session_insert(struct db *db, int64_t account_id, const char *digest,
		     const char *csrf, const char *ip, const char *ua,
		     const char *now, const char *expires, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(account_id), DB_TEXT(digest), DB_TEXT(csrf),
		DB_TEXT(ip), DB_TEXT(ua), DB_TEXT(now), DB_TEXT(now),
		DB_TEXT(now), DB_TEXT(expires),
	};

	return db_insert_id(db,
		"INSERT INTO session (account_id, token_hash, csrf_token, ip, "
		"user_agent, created_at, last_seen_at, last_write_at, "
		"expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		v, 9, id);
}

#define PRINCIPAL_COLUMNS "a.id, a.name, a.display_name, " \
	"COALESCE(a.org_id, 0), COALESCE(a.person_id, 0)"

/*
 * The principal of the live session or API token `sql` finds: its columns
 * are the credential's id (to *id), when it was last used (to *last),
 * when it last wrote (to p->last_write_at), PRINCIPAL_COLUMNS, and for a
 * session its CSRF token (to *csrf, NULL for a token). The roles are read while the row is open: one snapshot for
 * both. ERR_NOTFOUND when there is none.
 */
static int
principal_where(struct db *db, struct arena *a, const char *sql,
		const struct db_value *v, int n, struct principal *p,
		int64_t *id, const char **last, const char **csrf)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, v, n);

	if (rc == DB_ROW) {
		*id = db_column_int(st, 0);
		*last = col_dup(st, a, 1);
		p->last_write_at = col_dup(st, a, 2);
		p->account_id = db_column_int(st, 3);
		p->name = col_dup(st, a, 4);
		p->display_name = col_dup(st, a, 5);
		p->org_id = db_column_int(st, 6);
		p->person_id = db_column_int(st, 7);
		if (csrf)
			*csrf = col_dup(st, a, 8);
		rc = store_account_roles(db, p->account_id, &p->roles);
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
store_session_find(struct db *db, struct arena *a, const char *digest,
		   const char *now, const char *idle_since,
		   struct principal *p, const char **last_seen)
{
	struct db_value v[] = {
		DB_TEXT(digest), DB_TEXT(now), DB_TEXT(idle_since),
	};

	return principal_where(db, a,
		"SELECT s.id, s.last_seen_at, s.last_write_at, "
		PRINCIPAL_COLUMNS ", "
		"s.csrf_token FROM session s "
		"JOIN account a ON a.id = s.account_id "
		"WHERE s.token_hash = ? AND s.revoked_at IS NULL AND "
		"s.expires_at > ? AND s.last_seen_at > ? AND "
		"a.disabled_at IS NULL", v, 3, p, &p->session_id, last_seen,
		&p->csrf_token);
}

int
store_session_touch(struct db *db, int64_t id, const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id) };

	return db_exec_values(db, "UPDATE session SET last_seen_at = ? "
			       "WHERE id = ?", v, 2);
}

int
store_session_revoke_all(struct db *db, int64_t account_id,
			 int64_t except_id, const char *now)
{
	struct db_value v[] = {
		DB_TEXT(now), DB_INT(account_id), DB_INT(except_id),
	};

	return db_exec_values(db, "UPDATE session SET revoked_at = ? "
			   "WHERE account_id = ? AND id <> ? AND "
			   "revoked_at IS NULL", v, 3);
}

int
store_session_list(struct db *db, int64_t account_id, const char *now,
		   int64_t limit, int64_t offset, json_t **items,
		   int64_t *total)
{
#define SESSIONS(where) DB_LIST_SQL("s.id, s.account_id, "		\
	"a.name AS account_name, s.ip, s.user_agent, s.created_at, "	\
	"s.last_seen_at, s.expires_at", "FROM session s "		\
	"JOIN account a ON a.id = s.account_id "			\
	"WHERE s.revoked_at IS NULL AND s.expires_at > ?" where,	\
	"s.last_seen_at DESC")
	struct db_value v[] = { DB_TEXT(now), DB_INT(account_id) };

	if (account_id > 0)
		return db_list(db, SESSIONS(" AND s.account_id = ?"), v, 2,
			       limit, offset, items, total);
	return db_list(db, SESSIONS(""), v, 1, limit, offset, items, total);
#undef SESSIONS
}

int
store_token_insert(struct db *db, int64_t account_id, const char *name,
		   const char *digest, const char *now, int64_t *id)
{
	struct db_value v[] = {
		DB_INT(account_id), DB_TEXT(name), DB_TEXT(digest),
		DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO api_token (account_id, name, token_hash, "
		"created_at) VALUES (?, ?, ?, ?) RETURNING id", v, 4, id);
}

int
store_token_find(struct db *db, struct arena *a, const char *digest,
		 struct principal *p, const char **last_used)
{
	return principal_where(db, a,
		"SELECT t.id, t.last_used_at, t.last_write_at, "
		PRINCIPAL_COLUMNS
		" FROM api_token t JOIN account a ON a.id = t.account_id "
		"WHERE t.token_hash = ? AND t.revoked_at IS NULL AND "
		"a.disabled_at IS NULL", (struct db_value[]){
		DB_TEXT(digest) }, 1, p, &p->token_id, last_used, NULL);
}

int
store_token_touch(struct db *db, int64_t id, const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id) };

	return db_exec_values(db, "UPDATE api_token SET last_used_at = ? "
			       "WHERE id = ?", v, 2);
}

int
store_revoke(struct db *db, const char *table, int64_t id,
	     int64_t account_id, const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id), DB_INT(account_id) };
	char sql[128];

	snprintf(sql, sizeof(sql), "UPDATE %s SET revoked_at = ? WHERE id = ? "
		 "AND revoked_at IS NULL%s", table,
		 account_id > 0 ? " AND account_id = ?" : "");
	return db_change_values(db, sql, v, account_id > 0 ? 3 : 2);
}

int
store_mark_write(struct db *db, const char *table, int64_t id,
		 const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id) };
	char sql[80];

	snprintf(sql, sizeof(sql), "UPDATE %s SET last_write_at = ? "
		 "WHERE id = ?", table);
	return db_exec_values(db, sql, v, 2);
}

int
store_token_revoke_all(struct db *db, int64_t account_id, const char *now,
		       int64_t *n)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(account_id) };

	return db_exec_changes(db, "UPDATE api_token SET revoked_at = ? "
			       "WHERE account_id = ? AND revoked_at IS NULL",
			       v, 2, n);
}

int
store_token_list(struct db *db, int64_t account_id, int64_t limit,
		 int64_t offset, json_t **items, int64_t *total)
{
	struct db_value v[] = { DB_INT(account_id) };

	return db_list(db, DB_LIST_SQL("id, name, created_at, last_used_at",
		"FROM api_token WHERE account_id = ? AND revoked_at IS NULL",
		"id DESC"), v, 1, limit, offset, items, total);
}

/* s cut to at most `chars` characters of UTF-8, in the arena. */
static const char *
cut(struct arena *a, const char *s, size_t chars)
{
	size_t i = 0, n = 0;

	if (!s)
		return "";
	while (s[i] && n < chars) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	return s[i] ? arena_strndup(a, s, i) : s;
}

int
store_login_insert(struct db *db, const char *kind, const char *name,
		   int64_t account_id, const char *ip, const char *ua,
		   int success, const char *reason, const char *at)
{
	struct arena a;
	int rc;

	arena_init(&a, 0);
	{
		struct db_value v[] = {
			DB_TEXT(at), DB_TEXT(kind), DB_TEXT(name),
			opt_id(account_id), DB_TEXT(ip),
			DB_TEXT(cut(&a, ua, 255)), DB_INT(success ? 1 : 0),
			DB_TEXT(reason),
		};

		rc = db_exec_values(db,
			"INSERT INTO login_log (at, kind, account_name, "
			"account_id, ip, user_agent, success, reason) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?)", v, 8);
	}
	arena_release(&a);
	return rc;
}

int
store_login_list(struct db *db, const char *name, const char *ip,
		 int success, int64_t limit, int64_t offset, json_t **items,
		 int64_t *total)
{
	struct db_value v[3];
	struct buf where;
	int n = 0, rc;

	buf_init(&where, NULL, 0);
	buf_addstr(&where, "FROM login_log WHERE 1 = 1");
	if (name) {
		buf_addstr(&where, " AND account_name = ?");
		v[n++] = DB_TEXT(name);
	}
	if (ip) {
		buf_addstr(&where, " AND ip = ?");
		v[n++] = DB_TEXT(ip);
	}
	if (success >= 0) {
		buf_addstr(&where, " AND success = ?");
		v[n++] = DB_INT(success);
	}
	rc = db_list_where(db, "id, at, kind, account_name, account_id, ip, "
			   "user_agent, success, reason", &where,
			   "id DESC", v, n, limit, offset, items, total);
	for (size_t i = 0; !rc && i < json_array_size(*items); i++) {
		json_t *row = json_array_get(*items, i);

		json_object_set_new(row, "success", json_boolean(
			json_integer_value(json_object_get(row, "success"))));
	}
	buf_release(&where);
	return rc;
}

int
account_purge(struct db *db, const char *ended_before, const char *log_before,
	   int64_t *sessions, int64_t *tokens, int64_t *logins)
{
	struct db_value v[] = {
		DB_TEXT(ended_before), DB_TEXT(ended_before),
		DB_TEXT(ended_before),
	};
	struct db_value lv[] = { DB_TEXT(log_before) };
	int rc;

	rc = db_exec_changes(db, "DELETE FROM session WHERE expires_at < ? "
			     "OR revoked_at < ? OR last_seen_at < ?", v, 3,
			     sessions);
	if (!rc)
		rc = db_exec_changes(db, "DELETE FROM api_token WHERE "
				     "revoked_at < ?", v, 1, tokens);
	if (!rc)
		rc = db_exec_changes(db, "DELETE FROM login_log WHERE at < ?",
				     lv, 1, logins);
	return rc;
}

int
store_feed_insert(struct db *db, int64_t account_id, const char *scope,
		  int64_t subject_id, const char *digest, const char *now,
		  int64_t *id)
{
	struct db_value v[] = {
		DB_INT(account_id), DB_TEXT(digest), DB_TEXT(scope),
		DB_INT(subject_id), DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO calendar_feed (account_id, token_hash, scope, "
		"subject_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
		v, 5, id);
}

/* What a calendar feed shows (store_feed_find()). */
struct feed_scope {
	const char *scope;		/* in the arena */
	int64_t subject_id;
};

static const struct db_field feed_scope_fields[] = {
	DB_FIELD_TEXT(struct feed_scope, scope),
	DB_FIELD_INT64(struct feed_scope, subject_id),
	DB_FIELDS_END
};

int
store_feed_find(struct db *db, struct arena *a, const char *digest,
		struct principal *p, int64_t *id, const char **scope,
		int64_t *subject_id)
{
	struct feed_scope fs = { 0 };
	const char *last;
	int rc = principal_where(db, a,
		"SELECT f.id, f.last_used_at, NULL, " PRINCIPAL_COLUMNS
		" FROM calendar_feed f JOIN account a ON a.id = f.account_id "
		"WHERE f.token_hash = ? AND f.revoked_at IS NULL AND "
		"a.disabled_at IS NULL", (struct db_value[]){
		DB_TEXT(digest) }, 1, p, id, &last, NULL);

	if (rc)
		return rc;
	rc = db_get_one(db, "SELECT scope, subject_id FROM calendar_feed "
			"WHERE id = ?", (struct db_value[]){ DB_INT(*id) }, 1,
			feed_scope_fields, &fs, sizeof(fs), a);
	*scope = fs.scope;
	*subject_id = fs.subject_id;
	return rc;
}

int
store_feed_touch(struct db *db, int64_t id, const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id) };

	return db_exec_values(db, "UPDATE calendar_feed SET last_used_at = ? "
			       "WHERE id = ?", v, 2);
}

int
store_feed_list(struct db *db, int64_t account_id, json_t *items)
{
	struct db_value v[] = { DB_INT(account_id) };

	return db_rows_values(db, "SELECT id, scope, subject_id, created_at, "
			      "last_used_at FROM calendar_feed "
			      "WHERE account_id = ? AND revoked_at IS NULL "
			      "ORDER BY id DESC", v, 1, items);
}

int
store_feed_revoke_all(struct db *db, int64_t account_id, const char *now,
		      int64_t *n)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(account_id) };

	return db_exec_changes(db, "UPDATE calendar_feed SET revoked_at = ? "
			       "WHERE account_id = ? AND revoked_at IS NULL",
			       v, 2, n);
}
