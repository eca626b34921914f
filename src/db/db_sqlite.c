/*
 * db_sqlite.c - the SQLite back end of db.h.
 *
 * Each connection runs in WAL mode (readers never block the writer), with
 * foreign keys enforced and a busy timeout, so that a writer waiting for
 * another one waits instead of failing at once. Writes start with
 * BEGIN IMMEDIATE (db_begin()), which takes the write lock up front.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "db/db_int.h"

#define BUSY_TIMEOUT_MS 5000

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	int64_t changes;
};

static const struct db_ops sqlite_ops;

static sqlite3 *
conn_of(struct db *db)
{
	return ((struct sqlite_db *)db)->conn;
}

/* Map an SQLite result code to ours, keeping the message. */
static int
fail(struct db *db, int src)
{
	sqlite3 *conn = conn_of(db);

	db_set_error(db, "%s", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(src));
	switch (src) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return ERR_CONFLICT;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_DATATYPE:
		return ERR_INVALID;
	}
	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERR_BUSY;
	case SQLITE_CONSTRAINT:
		return ERR_CONFLICT;
	case SQLITE_TOOBIG:
		return ERR_TOOBIG;
	}
	return ERR_DB;
}

int
db_sqlite_open(struct db **out, const char *path)
{
	struct sqlite_db *sdb = xcalloc(1, sizeof(*sdb));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	int src, rc = 0;

	sdb->base.ops = &sqlite_ops;
	*out = &sdb->base;
	src = sqlite3_open_v2(path, &sdb->conn, flags, NULL);
	if (src != SQLITE_OK) {
		db_set_error(&sdb->base, "cannot open '%s': %s", path,
			     sdb->conn ? sqlite3_errmsg(sdb->conn)
				       : sqlite3_errstr(src));
		return ERR_DB;
	}
	sqlite3_extended_result_codes(sdb->conn, 1);
	sqlite3_busy_timeout(sdb->conn, BUSY_TIMEOUT_MS);
	rc = db_exec(&sdb->base,
		     "PRAGMA journal_mode = WAL;"
		     "PRAGMA synchronous = NORMAL;"
		     "PRAGMA foreign_keys = ON;");
	if (rc) {
		char msg[sizeof(sdb->base.errmsg)];

		memcpy(msg, sdb->base.errmsg, sizeof(msg));
		db_set_error(&sdb->base, "cannot open '%s': %s", path, msg);
		return ERR_DB;
	}
	return 0;
}

static int
sqlite_exec(struct db *db, const char *sql)
{
	int src = sqlite3_exec(conn_of(db), sql, NULL, NULL, NULL);

	return src == SQLITE_OK ? 0 : fail(db, sqlite3_extended_errcode(conn_of(db)));
}

static int
sqlite_prepare(struct db *db, struct db_stmt **out, const char *sql)
{
	struct sqlite_stmt *s;
	sqlite3_stmt *st;
	int src;

	src = sqlite3_prepare_v2(conn_of(db), sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return fail(db, src);
	s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->st = st;
	*out = &s->base;
	return 0;
}

static sqlite3_stmt *
stmt_of(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->st;
}

static int
bind_result(struct db_stmt *st, int src)
{
	if (src == SQLITE_OK)
		return 0;
	db_set_error(st->db, "%s", sqlite3_errstr(src));
	return src == SQLITE_RANGE ? ERR_INVALID : fail(st->db, src);
}

static int
sqlite_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return bind_result(st, sqlite3_bind_int64(stmt_of(st), idx, v));
}

static int
sqlite_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return bind_result(st, sqlite3_bind_text(stmt_of(st), idx, s, -1,
						 SQLITE_TRANSIENT));
}

static int
sqlite_bind_null(struct db_stmt *st, int idx)
{
	return bind_result(st, sqlite3_bind_null(stmt_of(st), idx));
}

static int
sqlite_step(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	int src = sqlite3_step(s->st);

	if (src == SQLITE_ROW)
		return DB_ROW;
	if (src == SQLITE_DONE) {
		s->changes = sqlite3_changes64(conn_of(st->db));
		return DB_DONE;
	}
	return fail(st->db, sqlite3_extended_errcode(conn_of(st->db)));
}

static int
sqlite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(stmt_of(st));
}

static bool
sqlite_column_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(stmt_of(st), col) == SQLITE_NULL;
}

static int64_t
sqlite_column_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_of(st), col);
}

static const char *
sqlite_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(stmt_of(st), col);
}

static const char *
sqlite_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(stmt_of(st), col);
}

static enum db_type
sqlite_column_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(stmt_of(st), col)) {
	case SQLITE_NULL:
		return DB_TYPE_NULL;
	case SQLITE_INTEGER:
		return DB_TYPE_INTEGER;
	default:
		return DB_TYPE_TEXT;
	}
}

static int64_t
sqlite_changes(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->changes;
}

static void
sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(stmt_of(st));
	free(st);
}

static int
sqlite_reset(struct db *db)
{
	if (!sqlite3_get_autocommit(conn_of(db)))
		return sqlite_exec(db, "ROLLBACK");
	return 0;
}

static void
sqlite_close(struct db *db)
{
	sqlite3_close(conn_of(db));
	free(db);
}

static const struct db_ops sqlite_ops = {
	.dialect = DB_SQLITE,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.column_count = sqlite_column_count,
	.column_null = sqlite_column_null,
	.column_int = sqlite_column_int,
	.column_text = sqlite_column_text,
	.column_name = sqlite_column_name,
	.column_type = sqlite_column_type,
	.changes = sqlite_changes,
	.finalize = sqlite_finalize,
	.reset = sqlite_reset,
	.close = sqlite_close,
};
