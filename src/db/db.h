/*
 * db.h - the one database interface, over SQLite or PostgreSQL.
 *
 * Modules' stores are the only callers (handlers never write SQL). SQL is
 * written once, in the portable subset both back ends understand, with `?`
 * placeholders numbered from 1; the PostgreSQL back end rewrites them to $1,
 * $2, ... Values are bound, never formatted into the text. Use RETURNING to
 * learn the id of an inserted row (both back ends support it).
 *
 *	struct db_stmt *st;
 *	int rc = db_prepare(db, &st, "SELECT name FROM org WHERE id = ?");
 *	if (rc)
 *		return rc;
 *	db_bind_int(st, 1, id);
 *	while ((rc = db_step(st)) == DB_ROW)
 *		puts(db_column_text(st, 0));
 *	db_finalize(st);
 *	return rc;			// 0 after the last row, or an error
 *
 * Errors are the codes of err.h: ERR_CONFLICT for a UNIQUE or exclusion
 * violation, ERR_INVALID for a FOREIGN KEY, CHECK or NOT NULL violation,
 * ERR_BUSY when the database stayed locked past the busy timeout or a
 * serialization failure asks for a retry, ERR_DB for anything else. The
 * back end's own message is kept in db_errmsg() until the next call.
 *
 * A connection is not thread-safe: one thread uses it at a time (the pool
 * below hands one to each request).
 */
#ifndef JG_DB_H
#define JG_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct db_stmt;

enum db_dialect {
	DB_SQLITE,
	DB_POSTGRES,
};

/* db_step() results besides errors. */
enum {
	DB_DONE = 0,
	DB_ROW = 1,
};

/*
 * Open the database at `url`: a path to a SQLite file (created if missing;
 * ":memory:" for a private in-memory database) or a "postgresql://" (or
 * "postgres://") URL as libpq understands it. SQLite connections run in WAL
 * mode with foreign keys on, a busy timeout of 5 s and the synchronous
 * setting of db_set_sqlite_sync() (FULL unless told). PostgreSQL sessions
 * run with TimeZone UTC and DateStyle ISO, whatever the server's defaults.
 *
 * Always stores a handle in *out, which the caller closes with db_close(),
 * even on failure, so that db_errmsg() can tell why. Returns 0 or ERR_DB.
 */
int db_open(struct db **out, const char *url);

/*
 * How SQLite connections opened from now on in this process wait for the
 * disk (PRAGMA synchronous). FULL, the default, syncs the write-ahead log
 * at every commit: a commit that returned survives a power loss. NORMAL
 * syncs it only at checkpoints: faster writes, but the last commits before
 * a power loss (not a crash of the process) can be lost. Set it before the
 * first db_open() (serve --sqlite-sync); PostgreSQL ignores it.
 */
enum db_sqlite_sync {
	DB_SQLITE_SYNC_FULL,
	DB_SQLITE_SYNC_NORMAL,
};
void db_set_sqlite_sync(enum db_sqlite_sync sync);

/*
 * Close the connection and free the handle, dropping what memos kept for
 * it (memo.h). NULL is allowed.
 */
void db_close(struct db *db);

/*
 * A number given to this connection by db_open() and to no other in this
 * process (counting from 1): what results kept for a connection are keyed
 * by, since a connection opened after another was closed may get the same
 * address.
 */
uint64_t db_generation(const struct db *db);

enum db_dialect db_dialect(const struct db *db);

/* The back end's message for the last failure; "" if none. Never NULL. */
const char *db_errmsg(const struct db *db);

/*
 * Whether the last failure was the connection's rather than the
 * statement's: the server went away (a stopped replica, a restart), or it
 * is a standby that refuses to write. Work that failed so can be done
 * again, whole, on another connection (the primary). Cleared by the next
 * statement.
 */
bool db_lost(const struct db *db);

/*
 * Run `sql`, which may hold several statements and no parameters (a
 * migration). Returns 0 or an error code.
 */
int db_exec(struct db *db, const char *sql);

/*
 * Transactions. db_begin() starts a write transaction (BEGIN IMMEDIATE on
 * SQLite, so two writers never deadlock half-way). Returns 0 or an error.
 */
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/*
 * End the transaction db_begin() opened, with the outcome `rc` of the work
 * done in it: commit when it is 0, otherwise (and when the commit fails)
 * roll back. Returns `rc`, or the commit's error. After a failed
 * db_begin() the rollback finds nothing to undo, so a chain of steps may
 * start with the db_begin(). The one way a function that opened a
 * transaction closes it (notify_post()):
 *
 *	rc = db_begin(db);
 *	if (rc)
 *		return rc;
 *	return db_end(db, notify_send(db, &p->actor, m, id, pb));
 */
int db_end(struct db *db, int rc);

/*
 * Compile `sql` (one statement, `?` placeholders) into *out. The statement
 * belongs to the caller, who frees it with db_finalize(). Returns 0 or an
 * error (nothing is stored in *out then).
 */
int db_prepare(struct db *db, struct db_stmt **out, const char *sql);

/*
 * Bind parameter `idx` (from 1). Text is copied; NULL text binds SQL NULL.
 * Returns 0, or ERR_INVALID for an index out of range.
 */
int db_bind_int(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_null(struct db_stmt *st, int idx);

/*
 * Run the statement or move to its next row: DB_ROW when a row is ready,
 * DB_DONE when there are no more, or a negative error code.
 */
int db_step(struct db_stmt *st);

/* How many columns a result row has. */
int db_column_count(struct db_stmt *st);

/* Whether column `col` (from 0) of the current row is NULL. */
bool db_column_null(struct db_stmt *st, int col);

/* Column `col` as an integer (0 for NULL; PostgreSQL booleans are 0/1). */
int64_t db_column_int(struct db_stmt *st, int col);

/*
 * Column `col` as UTF-8 text, or NULL for SQL NULL. The pointer belongs to
 * the statement and is valid until the next db_step() or db_finalize().
 */
const char *db_column_text(struct db_stmt *st, int col);

/* The name of column `col` as the query gave it (AS alias). */
const char *db_column_name(struct db_stmt *st, int col);

/* Whether column `col` of the current row is NULL, an integer or text. */
enum db_type {
	DB_TYPE_NULL,
	DB_TYPE_INTEGER,
	DB_TYPE_TEXT,
};
enum db_type db_column_type(struct db_stmt *st, int col);

/*
 * Step through the remaining rows of `st`, appending each to `array` as a
 * JSON object keyed by column name: integers as numbers, text as strings,
 * NULL as null. Returns 0 when the rows are exhausted, or an error.
 */
int db_rows_to_json(struct db_stmt *st, json_t *array);

/*
 * The same rows appended to `out` as the text of that JSON array, as
 * jansson would write it compact (text that is not UTF-8 is null, as
 * jansson refuses it), with no tree in between. Returns 0 when the rows
 * are exhausted, or an error (the buffer's own included).
 */
int db_rows_to_text(struct db_stmt *st, struct buf *out);

/* A value to bind, for functions that take a list of them. */
struct db_value {
	enum db_type type;	/* DB_TYPE_NULL, _INTEGER or _TEXT */
	int64_t i;
	const char *s;
};
static inline struct db_value
db_text_value(const char *s)
{
	struct db_value v = { s ? DB_TYPE_TEXT : DB_TYPE_NULL, 0, s };

	return v;
}
#define DB_INT(v) ((struct db_value){ DB_TYPE_INTEGER, (v), NULL })
/* Text, or NULL for a NULL pointer. */
#define DB_TEXT(v) db_text_value(v)

/* Bind values[0..n) to parameters 1..n of `st`. 0 or ERR_INVALID. */
int db_bind_values(struct db_stmt *st, const struct db_value *values, int n);

/*
 * db_prepare() and db_bind_values() in one: `sql` compiled into *out with
 * values[0..n) bound. The statement belongs to the caller (db_finalize());
 * on error *out is NULL. Returns 0 or an error.
 */
int db_prepare_values(struct db *db, struct db_stmt **out, const char *sql,
		      const struct db_value *values, int n);

/*
 * db_prepare_values() and the first db_step(): DB_ROW when a row is ready
 * to read from *out, DB_DONE when there is none, or a negative error. *out
 * is the caller's to db_finalize() whatever the answer (NULL when `sql`
 * could not be compiled, which db_finalize() accepts).
 */
int db_query(struct db *db, struct db_stmt **out, const char *sql,
	     const struct db_value *values, int n);

/*
 * Run one statement that returns no rows, with `values` bound. Returns 0 or
 * an error.
 */
int db_exec_values(struct db *db, const char *sql,
		   const struct db_value *values, int n);

/*
 * Insert `n` rows of `width` values each (values[0 .. n * width)) as
 * multi-row INSERTs: the statement `head` VALUES `row`, `row`, ... `tail`,
 * DB_ROWS_PER_INSERT rows at a time, so that tens of thousands of rows
 * take a hundred statements, not one each. `row` is "(?, ?, ...)" with
 * `width` parameters, at most 16 (which keeps a statement below SQLite's
 * 32766 bound values). 0 or the first error.
 */
#define DB_ROWS_PER_INSERT 500
int db_insert_rows(struct db *db, const char *head, const char *row,
		   const char *tail, int width,
		   const struct db_value *values, size_t n);

/*
 * Like db_exec_values(), and the number of rows the statement changed goes
 * to *changes when it is not NULL.
 */
int db_exec_changes(struct db *db, const char *sql,
		    const struct db_value *values, int n, int64_t *changes);

/*
 * Run an INSERT ... RETURNING id with `values` bound; the new row's id goes
 * to *id. Returns 0 or an error.
 */
int db_insert_id(struct db *db, const char *sql,
		 const struct db_value *values, int n, int64_t *id);

/*
 * Run an UPDATE or DELETE with `values` bound. Returns 0, ERR_NOTFOUND when
 * it changed no row, or an error.
 */
int db_change_values(struct db *db, const char *sql,
		     const struct db_value *values, int n);

/*
 * Run a query with `values` bound and append its rows to the JSON array
 * `items` (see db_rows_to_json()). Returns 0 or an error.
 */
int db_rows_values(struct db *db, const char *sql,
		   const struct db_value *values, int n, json_t *items);

/*
 * The same into a new array: *items is a new reference the caller
 * releases, set (with the rows read so far) even on an error.
 */
int db_rows_array(struct db *db, const char *sql,
		  const struct db_value *values, int n, json_t **items);

/*
 * Run a query with `values` bound; *yes says whether it gave a row.
 * Returns 0 or an error.
 */
int db_exists(struct db *db, const char *sql, const struct db_value *values,
	      int n, bool *yes);

/*
 * Run a query with `values` bound; the first column of its first row goes
 * to *out (0 when NULL). Returns 0, ERR_NOTFOUND when there is no row, or
 * an error.
 */
int db_int_value(struct db *db, const char *sql,
		 const struct db_value *values, int n, int64_t *out);

/*
 * The count_sql and rows_sql of db_list() from one `from` (FROM ... WHERE
 * ..., said once so that the total and the page always count the same
 * rows), the `columns` of a row and their `order`, all string literals:
 *
 *	db_list(db, DB_LIST_SQL("id, name", "FROM api_token WHERE "
 *		"account_id = ?", "id DESC"), v, 1, limit, offset, items,
 *		total);
 */
#define DB_LIST_SQL(columns, from, order)				\
	"SELECT COUNT(*) " from,					\
	"SELECT " columns " " from " ORDER BY " order " LIMIT ? OFFSET ?"

/*
 * One page of a list: runs `count_sql` with `values` for the total, then
 * `rows_sql` with `values` followed by `limit` and `offset` (its last two
 * placeholders), appending the rows to a new JSON array in *items (owned by
 * the caller; see db_rows_to_json()). Returns 0 or an error; *items is a
 * (possibly empty) array either way.
 */
int db_list(struct db *db, const char *count_sql, const char *rows_sql,
	    const struct db_value *values, int n, int64_t limit,
	    int64_t offset, json_t **items, int64_t *total);

/*
 * db_list() of a query put together at run time: `from` holds its "FROM
 * ... WHERE ..." (the program's own text, every value a placeholder),
 * said once for the count and the page as DB_LIST_SQL() says it;
 * `columns` and `order` as there. A buffer in error (buf_error()) is
 * that error, with no query run.
 */
int db_list_where(struct db *db, const char *columns, const struct buf *from,
		  const char *order, const struct db_value *values, int n,
		  int64_t limit, int64_t offset, json_t **items,
		  int64_t *total);

/* db_list() with the page appended to `items` as text (db_rows_to_text()). */
int db_list_text(struct db *db, const char *count_sql, const char *rows_sql,
		 const struct db_value *values, int n, int64_t limit,
		 int64_t offset, struct buf *items, int64_t *total);

/*
 * A number that changes whenever a commit becomes visible, made on this
 * connection or any other, for callers that keep results computed from
 * the database: a result computed between two equal versions is the
 * database's at that version. SQLite: the file's data version
 * (SQLITE_FCNTL_DATA_VERSION, read in a read transaction of its own).
 * PostgreSQL: the snapshot a statement would take now (pg_current_snapshot():
 * its xmax and how many transactions it sees running), which moves at the
 * very moment a commit becomes visible to other sessions, with no write
 * of ours and no lock; any commit in the cluster moves it. Compare only
 * versions read on the same connection. Outside a transaction only
 * (ERR_INVALID inside one); ERR_BUSY when the snapshot is too large to
 * tell apart in 64 bits (tens of thousands of transactions running at
 * once): keep nothing then. Returns 0 or an error.
 */
int db_data_version(struct db *db, uint64_t *out);

/*
 * On a connection lent by db_pool_acquire(): the version
 * db_data_version() read last during this lending, when no statement has
 * run on it since (nothing this connection did can have moved it, and it
 * was current earlier in the same request). Otherwise, and on a
 * connection not lent from a pool, a fresh db_data_version(). A request
 * that asks twice (for who is asking, then for its list, both from a
 * memo, db/memo.h) reads the database once, and answers both as of that
 * one moment. A result computed after it is kept only if a fresh
 * db_data_version() still equals it, as db_memo_text() checks. Returns 0
 * or db_data_version()'s error.
 */
int db_data_version_recent(struct db *db, uint64_t *out);

/* Rows changed by the last INSERT, UPDATE or DELETE that ran to DB_DONE. */
int64_t db_changes(struct db_stmt *st);

/* Free the statement. NULL is allowed. */
void db_finalize(struct db_stmt *st);

/*
 * Make sure a connection that sat idle is still good before using it: a
 * PostgreSQL connection whose backend went away (pg_terminate_backend(),
 * a server restart) is opened again, with the session settings of
 * db_open(), without a round trip when it is fine. Nothing to do on
 * SQLite. Returns 0, or ERR_DB when it cannot reconnect (the message in
 * db_errmsg()).
 */
int db_check(struct db *db);

/*
 * A fixed set of connections shared by the server's worker threads.
 * db_pool_acquire() waits until a connection is free and checks it
 * (db_check()); db_pool_release() gives it back (a PostgreSQL connection
 * found broken is reset first).
 */
struct db_pool;

/*
 * Open `n` connections to `url`. On failure returns ERR_DB and writes the
 * reason into errbuf (size errlen); *out is then NULL.
 */
int db_pool_open(struct db_pool **out, const char *url, int n,
		 char *errbuf, size_t errlen);
struct db *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, struct db *db);
void db_pool_close(struct db_pool *pool);

/*
 * A streaming replica for reads (serve --db-replica): connections to a hot
 * standby, each opened when first wanted, so that a server starts and
 * serves with its replica down. The one place that decides whether the
 * replica may answer now: db_replica_acquire() lends a connection only
 * while the standby's replay lag is within `max_lag_ms`, measured at most
 * every DB_REPLICA_CHECK_MS (so what it answers is at most max_lag_ms +
 * DB_REPLICA_CHECK_MS old); it returns NULL when the replica lags, is
 * down (then it is not asked again for DB_REPLICA_CHECK_MS) or has no
 * free connection, and the caller reads from the primary instead.
 * A connection found broken after use (db_lost()) marks the replica down.
 */
enum { DB_REPLICA_CHECK_MS = 500 };

struct db_replica;

/* `n` connections at most to `url`; never fails (nothing is opened yet). */
struct db_replica *db_replica_new(const char *url, int n, int max_lag_ms);
struct db *db_replica_acquire(struct db_replica *rep);
void db_replica_release(struct db_replica *rep, struct db *db);
void db_replica_free(struct db_replica *rep);

/*
 * The replay lag of the standby `db` is connected to, in milliseconds, in
 * *lag_ms: 0 when it has replayed all it received, else the age of the
 * last transaction it replayed; 0 as well for a server that is not a
 * standby. Returns 0, ERR_BUSY when it cannot tell (nothing replayed
 * yet), or an error.
 */
int db_replica_lag(struct db *db, int64_t *lag_ms);

#endif
