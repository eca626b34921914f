/*
 * store_throttle.c - the SQL of sign-in throttling (throttle.c): the
 * counters of table login_throttle, and what the sign-in log says of an
 * address (see account_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "account/account_int.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"

#define T(kind, m) DB_FIELD_##kind(struct throttle_row, m)
static const struct db_field throttle_fields[] = {
	T(INT64, failures), T(TEXT, window_start), T(TEXT, last_failure_at),
	DB_FIELDS_END
};
#undef T

int
store_throttle_bump(struct db *db, struct arena *a, const char *scope,
		    const char *key, const char *ip, const char *now,
		    const char *since, struct throttle_row *out)
{
	struct db_value v[] = {
		DB_TEXT(scope), DB_TEXT(key), DB_TEXT(ip), DB_TEXT(now),
		DB_TEXT(now), DB_TEXT(since), DB_TEXT(since),
	};
	int rc = db_get_one(db,
		"INSERT INTO login_throttle (scope, account_key, ip, failures, "
		"window_start, last_failure_at) VALUES (?, ?, ?, 1, ?, ?) "
		"ON CONFLICT (scope, account_key, ip) DO UPDATE SET "
		"failures = CASE WHEN login_throttle.window_start <= ? "
		"THEN 1 ELSE login_throttle.failures + 1 END, "
		"window_start = CASE WHEN login_throttle.window_start <= ? "
		"THEN excluded.window_start ELSE login_throttle.window_start "
		"END, last_failure_at = excluded.last_failure_at "
		"RETURNING failures, window_start, last_failure_at", v, 7,
		throttle_fields, out, sizeof(*out), a);

	return rc == ERR_NOTFOUND ? ERR_DB : rc;
}

int
store_throttle_get(struct db *db, struct arena *a, const char *scope,
		   const char *key, const char *ip, struct throttle_row *out)
{
	struct db_value v[] = { DB_TEXT(scope), DB_TEXT(key), DB_TEXT(ip) };

	return db_get_one(db, "SELECT failures, window_start, last_failure_at "
			  "FROM login_throttle WHERE scope = ? AND "
			  "account_key = ? AND ip = ?", v, 3, throttle_fields,
			  out, sizeof(*out), a);
}

int
store_throttle_release(struct db *db, const char *scope, const char *key,
		       const char *ip)
{
	struct db_value v[] = { DB_TEXT(scope), DB_TEXT(key), DB_TEXT(ip) };

	return db_exec_values(db,
		"UPDATE login_throttle SET failures = failures - 1 "
		"WHERE scope = ? AND account_key = ? AND ip = ? "
		"AND failures > 0", v, 3);
}

int
store_throttle_list(struct db *db, const char *since, int64_t limit,
		    int64_t offset, json_t **items, int64_t *total)
{
	struct db_value v[] = { DB_TEXT(since) };

	return db_list(db, DB_LIST_SQL("scope, account_key, ip, failures, "
		"window_start, last_failure_at", "FROM login_throttle "
		"WHERE window_start > ? AND failures > 0",
		"last_failure_at DESC, scope, account_key, ip"), v, 1, limit,
		offset, items, total);
}

/*
 * The WHERE clause of the rows of `key` or `ip` (either may be NULL, not
 * both), with its values in v; the count of values.
 */
static const char *
rows_of(const char *key, const char *ip, struct db_value v[2], int *n)
{
	*n = 0;
	if (key)
		v[(*n)++] = DB_TEXT(key);
	if (ip)
		v[(*n)++] = DB_TEXT(ip);
	if (key && ip)
		return " WHERE account_key = ? OR ip = ?";
	return key ? " WHERE account_key = ?" : " WHERE ip = ?";
}

int
store_throttle_rows(struct db *db, const char *key, const char *ip,
		    json_t *items)
{
	struct db_value v[2];
	char sql[256];
	int n;

	snprintf(sql, sizeof(sql), "SELECT scope, account_key, ip, failures, "
		 "window_start, last_failure_at FROM login_throttle%s "
		 "ORDER BY scope, account_key, ip", rows_of(key, ip, v, &n));
	return db_rows_values(db, sql, v, n, items);
}

int
store_throttle_clear(struct db *db, const char *key, const char *ip,
		     int64_t *changed)
{
	struct db_value v[2];
	char sql[128];
	int n;

	snprintf(sql, sizeof(sql), "DELETE FROM login_throttle%s",
		 rows_of(key, ip, v, &n));
	return db_exec_changes(db, sql, v, n, changed);
}

int
store_login_familiar(struct db *db, int64_t account_id, const char *ip,
		     const char *since, bool *yes)
{
	struct db_value v[] = {
		DB_INT(account_id), DB_TEXT(ip), DB_TEXT(since),
	};

	return db_exists(db,
		"SELECT 1 FROM login_log WHERE account_id = ? AND ip = ? "
		"AND success = 1 AND kind = 'sign_in' AND at > ?", v, 3, yes);
}
