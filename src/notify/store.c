/*
 * store.c - every SQL statement of the notify module (see notify_int.h).
 * Functions never open transactions: the rules do.
 */
#include "base/err.h"
#include "db/db.h"
#include "notify/notify_int.h"

/* Who sees a notification: 1 + NOTIFY_ROLE_SLOTS parameters. */
#define VISIBLE "(n.account_id = ? OR n.role IN (?, ?, ?, ?, ?, ?, ?, ?))"
#define NVIS (1 + NOTIFY_ROLE_SLOTS)

_Static_assert(NOTIFY_ROLE_SLOTS == 8, "VISIBLE has one ? per role");

/* The reader as values: its id, then its role names (NULL: unused). */
static void
reader_values(const struct notify_reader *rd, struct db_value *v)
{
	v[0] = DB_INT(rd->account_id);
	for (int i = 0; i < NOTIFY_ROLE_SLOTS; i++)
		v[1 + i] = DB_TEXT(rd->roles[i]);
}

int
store_notify_org_accounts(struct db *db, int64_t org_id, json_t *ids)
{
	return db_rows_values(db, "SELECT id FROM account WHERE org_id = ? "
			      "AND disabled_at IS NULL ORDER BY id",
			      (struct db_value[]){ DB_INT(org_id) }, 1, ids);
}

int
store_notify_insert(struct db *db, int64_t account_id, const char *role,
		    const char *title, const char *body, const char *link,
		    const char *now, int64_t *id)
{
	struct db_value v[] = {
		account_id > 0 ? DB_INT(account_id) : DB_TEXT(NULL),
		DB_TEXT(role), DB_TEXT(title), DB_TEXT(body ? body : ""),
		DB_TEXT(link), DB_TEXT(now),
	};

	return db_insert_id(db,
		"INSERT INTO notification (account_id, role, title, body, "
		"link, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		v, (int)(sizeof(v) / sizeof(v[0])), id);
}

int
store_notify_unread(struct db *db, const struct notify_reader *rd,
		    int64_t *n)
{
	struct db_value v[1 + NVIS];
	int rc;

	v[0] = DB_INT(rd->account_id);
	reader_values(rd, v + 1);
	rc = db_int_value(db,
		"SELECT COUNT(*) FROM notification n LEFT JOIN "
		"notification_read r ON r.notification_id = n.id AND "
		"r.account_id = ? WHERE " VISIBLE " AND r.read_at IS NULL",
		v, 1 + NVIS, n);
	return rc == ERR_NOTFOUND ? ERR_DB : rc;
}

int
store_notify_list(struct db *db, const struct notify_reader *rd,
		  bool unread_only, int64_t id, int64_t limit, int64_t offset,
		  json_t **items, int64_t *total)
{
	/* Four statements: with or without the unread and id filters. */
#define FROM " FROM notification n LEFT JOIN notification_read r ON " \
	"r.notification_id = n.id AND r.account_id = ? WHERE " VISIBLE
#define COLS "SELECT n.id, n.title, n.body, n.link, n.account_id, " \
	"n.role, n.created_at, r.read_at"
#define ORDER " ORDER BY n.created_at DESC, n.id DESC LIMIT ? OFFSET ?"
	static const char *const count_sql[2][2] = {
		{ "SELECT COUNT(*)" FROM,
		  "SELECT COUNT(*)" FROM " AND n.id = ?" },
		{ "SELECT COUNT(*)" FROM " AND r.read_at IS NULL",
		  "SELECT COUNT(*)" FROM " AND r.read_at IS NULL "
		  "AND n.id = ?" },
	};
	static const char *const rows_sql[2][2] = {
		{ COLS FROM ORDER, COLS FROM " AND n.id = ?" ORDER },
		{ COLS FROM " AND r.read_at IS NULL" ORDER,
		  COLS FROM " AND r.read_at IS NULL AND n.id = ?" ORDER },
	};
#undef FROM
#undef COLS
#undef ORDER
	struct db_value v[2 + NVIS];
	json_t *row;
	size_t i;
	int n = 1 + NVIS, rc;

	v[0] = DB_INT(rd->account_id);
	reader_values(rd, v + 1);
	if (id > 0)
		v[n++] = DB_INT(id);
	rc = db_list(db, count_sql[unread_only][id > 0],
		     rows_sql[unread_only][id > 0], v, n, limit, offset, items,
		     total);
	json_array_foreach(*items, i, row)
		json_object_set_new(row, "read", json_boolean(
			!json_is_null(json_object_get(row, "read_at"))));
	return rc;
}

int
store_notify_mark(struct db *db, const struct notify_reader *rd, int64_t id,
		  const char *now)
{
	struct db_value v[1 + NVIS];
	bool visible;
	int rc;

	v[0] = DB_INT(id);
	reader_values(rd, v + 1);
	rc = db_exists(db, "SELECT 1 FROM notification n WHERE n.id = ? AND "
		       VISIBLE, v, 1 + NVIS, &visible);
	if (!rc && !visible)
		rc = ERR_NOTFOUND;
	if (rc)
		return rc;
	v[1] = DB_INT(rd->account_id);
	v[2] = DB_TEXT(now);
	return db_exec_values(db,
		"INSERT INTO notification_read (notification_id, account_id, "
		"read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", v, 3);
}

int
store_notify_mark_all(struct db *db, const struct notify_reader *rd,
		      const char *now, int64_t *n)
{
	struct db_value v[3 + NVIS];

	v[0] = DB_INT(rd->account_id);
	v[1] = DB_TEXT(now);
	reader_values(rd, v + 2);
	v[2 + NVIS] = DB_INT(rd->account_id);
	*n = 0;
	/* SQLite needs the WHERE to tell ON CONFLICT from a join's ON. */
	return db_exec_changes(db,
		"INSERT INTO notification_read (notification_id, account_id, "
		"read_at) SELECT n.id, CAST(? AS BIGINT), CAST(? AS TEXT) "
		"FROM notification n WHERE " VISIBLE " AND NOT EXISTS "
		"(SELECT 1 FROM notification_read r WHERE "
		"r.notification_id = n.id AND r.account_id = ?) "
		"ON CONFLICT DO NOTHING", v, 3 + NVIS, n);
}

int
store_notify_sent(struct db *db, int64_t limit, int64_t offset,
		  json_t **items, int64_t *total)
{
	return db_list(db, DB_LIST_SQL("n.id, n.title, n.body, n.link, "
		"n.account_id, n.role, n.created_at, (SELECT COUNT(*) FROM "
		"notification_read r WHERE r.notification_id = n.id) AS reads",
		"FROM notification n", "n.created_at DESC, n.id DESC"), NULL,
		0, limit, offset, items, total);
}
