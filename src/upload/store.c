/*
 * store.c - every SQL statement of the upload module (see upload_int.h).
 * Functions never open transactions: the rules do.
 */
#include "base/err.h"
#include "db/db.h"
#include "upload/upload_int.h"

#define UPLOAD_COLUMNS "id, stored_name, original_name, content_type, " \
	"size, sha256, owner_id, org_id, created_at, archived_at"

static const char *
col_dup(struct db_stmt *st, struct arena *a, int col)
{
	const char *v = db_column_text(st, col);

	return v ? arena_strdup(a, v) : NULL;
}

int
store_upload_insert(struct db *db, const struct upload_info *u, int64_t *id)
{
	struct db_value v[] = {
		DB_TEXT(u->stored_name), DB_TEXT(u->original_name),
		DB_TEXT(u->content_type), DB_INT(u->size), DB_TEXT(u->sha256),
		DB_INT(u->owner_id), DB_INT(u->org_id), DB_TEXT(u->created_at),
	};

	if (u->org_id <= 0)
		v[6] = DB_TEXT(NULL);
	return db_insert_id(db,
		"INSERT INTO upload (stored_name, original_name, content_type, "
		"size, sha256, owner_id, org_id, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		v, (int)(sizeof(v) / sizeof(v[0])), id);
}

int
store_upload_get(struct db *db, struct arena *a, int64_t id,
		 struct upload_info *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT " UPLOAD_COLUMNS
			    " FROM upload WHERE id = ?");

	if (rc)
		return rc;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int(st, 0);
		out->stored_name = col_dup(st, a, 1);
		out->original_name = col_dup(st, a, 2);
		out->content_type = col_dup(st, a, 3);
		out->size = db_column_int(st, 4);
		out->sha256 = col_dup(st, a, 5);
		out->owner_id = db_column_int(st, 6);
		out->org_id = db_column_int(st, 7);
		out->created_at = col_dup(st, a, 8);
		out->archived_at = col_dup(st, a, 9);
		rc = out->stored_name && out->original_name &&
		     out->content_type && out->sha256 && out->created_at ?
		     0 : ERR_NOMEM;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
store_upload_archive(struct db *db, int64_t id, const char *now)
{
	struct db_value v[] = { DB_TEXT(now), DB_INT(id) };

	return db_change_values(db, "UPDATE upload SET archived_at = ? "
				"WHERE id = ? AND archived_at IS NULL", v, 2);
}

int
store_upload_delete(struct db *db, int64_t id)
{
	struct db_value v[] = { DB_INT(id) };

	return db_exec_values(db, "DELETE FROM upload WHERE id = ?", v, 1);
}

int
store_usage_add(struct db *db, int64_t owner, int64_t delta, int64_t quota,
		bool *ok)
{
	struct db_value v[] = { DB_INT(owner), DB_INT(delta), DB_INT(quota) };
	int64_t changed = 0;
	int rc;

	rc = db_exec_changes(db,
		"INSERT INTO upload_usage (owner_id, bytes) VALUES (?, ?) "
		"ON CONFLICT (owner_id) DO UPDATE SET "
		"bytes = upload_usage.bytes + excluded.bytes "
		"WHERE upload_usage.bytes + excluded.bytes <= ?", v, 3,
		&changed);
	if (ok)
		*ok = !rc && changed > 0;
	return rc;
}

int
store_usage_get(struct db *db, int64_t owner, int64_t *bytes)
{
	struct db_value v[] = { DB_INT(owner) };
	int rc = db_int_value(db, "SELECT bytes FROM upload_usage "
			      "WHERE owner_id = ?", v, 1, bytes);

	if (rc == ERR_NOTFOUND) {
		*bytes = 0;
		rc = 0;
	}
	return rc;
}
