/*
 * db_sqlite.c - the SQLite back end of db.h.
 *
 * Each connection runs in WAL mode (readers never block the writer), with
 * foreign keys enforced and a busy timeout, so that a writer waiting for
 * another one waits instead of failing at once. Writes start with
 * BEGIN IMMEDIATE (db_begin()), which takes the write lock up front.
 * synchronous is FULL unless db_set_sqlite_sync() said NORMAL: in WAL mode
 * FULL syncs the log at each commit, so an acknowledged write survives a
 * power loss; NORMAL only at checkpoints.
 *
 * Two caches per connection, both private to it (a connection serves one
 * thread at a time, so neither needs a lock):
 *
 * - Prepared statements. db_finalize() resets a statement and keeps it,
 *   keyed by its SQL text, for the next db_prepare() of the same text. A
 *   reset statement holds no lock and no snapshot, and SQLite prepares it
 *   again by itself if the schema changed, so a kept one behaves as a new
 *   one.
 *
 * - Results of `SELECT COUNT(*) FROM ...` (the totals of lists), keyed by
 *   the statement's text with its bound values written in
 *   (sqlite3_expanded_sql()) and valid for one version of the database
 *   file. The version (SQLITE_FCNTL_DATA_VERSION) is read inside a read
 *   transaction, the one the count itself would run in; it changes with
 *   every commit, on this connection or any other, in this process or
 *   another, so a count kept from an older version is never answered.
 *   Counts are only kept and answered outside transactions, since inside
 *   one the connection's own uncommitted writes do not change the version,
 *   and only for SQL with no clock or random function, so the count is a
 *   function of the database and the bound values alone.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "db/db_int.h"

#define BUSY_TIMEOUT_MS 5000
/* Prepared statements kept per connection, and counts. */
#define STMT_CACHE 48
#define COUNT_CACHE 32
#define COUNT_PREFIX "SELECT COUNT(*) FROM "

struct count_entry {
	char *key;		/* expanded SQL (sqlite3_malloc) */
	int64_t total;
};

struct kept_stmt {
	sqlite3_stmt *st;
	bool countable;		/* see countable() */
};

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	struct kept_stmt idle[STMT_CACHE];	/* oldest first */
	int nidle;
	sqlite3_stmt *data_version;	/* PRAGMA data_version, or NULL */
	unsigned int count_version;	/* of the file when counts[] held */
	struct count_entry counts[COUNT_CACHE];	/* oldest first */
	int ncounts;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	int64_t changes;
	bool countable;		/* a count whose result may be kept */
	bool may_count;		/* not stepped yet: the cache may answer */
	int cached;		/* 1: answering `total` (the pragma holds the
				   read transaction); 2: answered */
	int64_t total;
	char text[24];		/* `total` as text */
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

/*
 * Before SQLite starts: no statistics of its memory, which it keeps under
 * one process-wide mutex taken on every allocation, so that threads on
 * connections of their own contended for it.
 */
static void
sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static _Atomic int sync_setting = DB_SQLITE_SYNC_FULL;

void
db_set_sqlite_sync(enum db_sqlite_sync sync)
{
	atomic_store(&sync_setting, (int)sync);
}

int
db_sqlite_open(struct db **out, const char *path)
{
	static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

	struct sqlite_db *sdb = xcalloc(1, sizeof(*sdb));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	int src, rc = 0;

	pthread_once(&setup_once, sqlite_setup);
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
		     atomic_load(&sync_setting) == DB_SQLITE_SYNC_NORMAL ?
		     "PRAGMA journal_mode = WAL;"
		     "PRAGMA synchronous = NORMAL;"
		     "PRAGMA foreign_keys = ON;" :
		     "PRAGMA journal_mode = WAL;"
		     "PRAGMA synchronous = FULL;"
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

/*
 * Whether the result of `sql` may be kept: a COUNT(*) that only reads and
 * names nothing whose answer may change while the database does not (the
 * clock, randomness, the connection's own counters). The test is coarse:
 * a column such as updated_at merely costs the count its caching.
 */
static bool
countable(sqlite3_stmt *st, const char *sql)
{
	static const char *const volatile_words[] = {
		"now", "date", "time", "julianday", "unixepoch", "current_",
		"random", "changes", "last_insert_rowid", NULL,
	};

	if (strncasecmp(sql, COUNT_PREFIX, strlen(COUNT_PREFIX)) ||
	    !sqlite3_stmt_readonly(st) || sqlite3_column_count(st) != 1)
		return false;
	for (const char *p = sql; *p; p++)
		for (int i = 0; volatile_words[i]; i++)
			if (!strncasecmp(p, volatile_words[i],
					 strlen(volatile_words[i])))
				return false;
	return true;
}

/*
 * A statement for `sql`: a kept one, taken out of the cache, or a new one
 * (NULL for SQL with no statement, only a comment).
 */
static int
stmt_take(struct sqlite_db *sdb, const char *sql, struct kept_stmt *out)
{
	int src;

	for (int i = sdb->nidle - 1; i >= 0; i--) {
		if (strcmp(sqlite3_sql(sdb->idle[i].st), sql))
			continue;
		*out = sdb->idle[i];
		memmove(&sdb->idle[i], &sdb->idle[i + 1],
			(size_t)(sdb->nidle - i - 1) * sizeof(sdb->idle[0]));
		sdb->nidle--;
		return SQLITE_OK;
	}
	src = sqlite3_prepare_v3(sdb->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				 &out->st, NULL);
	if (src == SQLITE_OK)
		out->countable = out->st && countable(out->st, sql);
	return src;
}

/* Keep a statement no one uses any more, dropping the oldest if full. */
static void
stmt_keep(struct sqlite_db *sdb, sqlite3_stmt *st, bool is_countable)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (sdb->nidle == STMT_CACHE) {
		sqlite3_finalize(sdb->idle[0].st);
		memmove(&sdb->idle[0], &sdb->idle[1],
			(size_t)(STMT_CACHE - 1) * sizeof(sdb->idle[0]));
		sdb->nidle--;
	}
	sdb->idle[sdb->nidle].st = st;
	sdb->idle[sdb->nidle].countable = is_countable;
	sdb->nidle++;
}

static int
sqlite_prepare(struct db *db, struct db_stmt **out, const char *sql)
{
	struct sqlite_db *sdb = (struct sqlite_db *)db;
	struct sqlite_stmt *s;
	struct kept_stmt k = { NULL, false };
	int src;

	src = stmt_take(sdb, sql, &k);
	if (src != SQLITE_OK)
		return fail(db, src);
	s = xcalloc(1, sizeof(*s));
	s->base.db = db;
	s->st = k.st;
	s->countable = k.countable;
	s->may_count = k.countable;
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
plain_step(struct sqlite_stmt *s)
{
	sqlite3 *conn = conn_of(s->base.db);
	int src = sqlite3_step(s->st);

	if (src == SQLITE_ROW)
		return DB_ROW;
	if (src == SQLITE_DONE) {
		s->changes = sqlite3_changes64(conn);
		return DB_DONE;
	}
	return fail(s->base.db, sqlite3_extended_errcode(conn));
}

/* Forget every kept count. */
static void
counts_clear(struct sqlite_db *sdb)
{
	for (int i = 0; i < sdb->ncounts; i++)
		sqlite3_free(sdb->counts[i].key);
	sdb->ncounts = 0;
}

/* Keep `total` under `key` (taking it), dropping the oldest if full. */
static void
counts_add(struct sqlite_db *sdb, char *key, int64_t total)
{
	if (sdb->ncounts == COUNT_CACHE) {
		sqlite3_free(sdb->counts[0].key);
		memmove(&sdb->counts[0], &sdb->counts[1],
			(size_t)(COUNT_CACHE - 1) * sizeof(sdb->counts[0]));
		sdb->ncounts--;
	}
	sdb->counts[sdb->ncounts].key = key;
	sdb->counts[sdb->ncounts].total = total;
	sdb->ncounts++;
}

/*
 * The first step of a countable statement outside a transaction: answer
 * a kept count of the current version of the database, or count and keep
 * the result. Stepping PRAGMA data_version opens the read transaction the
 * count runs in; it stays open, and the version read from the file stays
 * that of the count's snapshot, until the pragma is reset. A kept count
 * leaves the pragma open until the statement is done, as the count itself
 * would hold its transaction, so that what the caller reads before it
 * finalizes the count comes from the same snapshot.
 */
static int
count_step(struct sqlite_stmt *s)
{
	struct sqlite_db *sdb = (struct sqlite_db *)s->base.db;
	unsigned int version = 0;
	char *key = NULL;
	int rc;

	if (!sdb->data_version)
		sqlite3_prepare_v3(sdb->conn, "PRAGMA data_version", -1,
				   SQLITE_PREPARE_PERSISTENT,
				   &sdb->data_version, NULL);
	key = sqlite3_expanded_sql(s->st);
	if (!key || !sdb->data_version ||
	    sqlite3_step(sdb->data_version) != SQLITE_ROW ||
	    sqlite3_file_control(sdb->conn, "main", SQLITE_FCNTL_DATA_VERSION,
				 &version) != SQLITE_OK) {
		rc = plain_step(s);
		goto out;
	}
	if (version != sdb->count_version) {
		counts_clear(sdb);
		sdb->count_version = version;
	}
	for (int i = 0; i < sdb->ncounts; i++) {
		if (strcmp(sdb->counts[i].key, key))
			continue;
		/* Answered without running: the statement stays reset. */
		s->cached = 1;
		s->total = sdb->counts[i].total;
		snprintf(s->text, sizeof(s->text), "%lld",
			 (long long)s->total);
		rc = DB_ROW;
		goto out;
	}
	rc = plain_step(s);
	if (rc == DB_ROW &&
	    sqlite3_column_type(s->st, 0) == SQLITE_INTEGER) {
		counts_add(sdb, key, sqlite3_column_int64(s->st, 0));
		key = NULL;
	}
out:
	if (!s->cached)
		sqlite3_reset(sdb->data_version);
	sqlite3_free(key);
	return rc;
}

/* A kept count is answered: end the read transaction it held. */
static void
count_done(struct sqlite_stmt *s)
{
	if (s->cached == 1)
		sqlite3_reset(((struct sqlite_db *)s->base.db)->data_version);
	s->cached = 2;
}

static int
sqlite_step(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;
	sqlite3 *conn = conn_of(st->db);

	if (s->cached) {
		/* One row, then done, as the count itself would answer. */
		count_done(s);
		s->changes = 0;
		return DB_DONE;
	}
	if (s->may_count) {
		s->may_count = false;
		if (sqlite3_get_autocommit(conn) &&
		    sqlite3_txn_state(conn, NULL) == SQLITE_TXN_NONE)
			return count_step(s);
	}
	return plain_step(s);
}

static int
sqlite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(stmt_of(st));
}

/* Whether `st` answers a kept count (column 0 of one row) now. */
static bool
answers_count(struct db_stmt *st, int col)
{
	return ((struct sqlite_stmt *)st)->cached == 1 && col == 0;
}

static bool
sqlite_column_null(struct db_stmt *st, int col)
{
	if (answers_count(st, col))
		return false;
	return sqlite3_column_type(stmt_of(st), col) == SQLITE_NULL;
}

static int64_t
sqlite_column_int(struct db_stmt *st, int col)
{
	if (answers_count(st, col))
		return ((struct sqlite_stmt *)st)->total;
	return sqlite3_column_int64(stmt_of(st), col);
}

static const char *
sqlite_column_text(struct db_stmt *st, int col)
{
	if (answers_count(st, col))
		return ((struct sqlite_stmt *)st)->text;
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
	if (answers_count(st, col))
		return DB_TYPE_INTEGER;
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
	sqlite3_stmt *s = stmt_of(st);

	count_done((struct sqlite_stmt *)st);
	if (s)
		stmt_keep((struct sqlite_db *)st->db, s,
			  ((struct sqlite_stmt *)st)->countable);
	free(st);
}

static int
sqlite_data_version(struct db *db, uint64_t *out)
{
	struct sqlite_db *sdb = (struct sqlite_db *)db;
	unsigned int version = 0;
	int rc = 0;

	if (!sqlite3_get_autocommit(sdb->conn))
		return ERR_INVALID;
	if (!sdb->data_version &&
	    sqlite3_prepare_v3(sdb->conn, "PRAGMA data_version", -1,
			       SQLITE_PREPARE_PERSISTENT, &sdb->data_version,
			       NULL) != SQLITE_OK)
		return fail(db, sqlite3_extended_errcode(sdb->conn));
	/* Stepping the pragma opens the read transaction the version needs. */
	if (sqlite3_step(sdb->data_version) != SQLITE_ROW ||
	    sqlite3_file_control(sdb->conn, "main", SQLITE_FCNTL_DATA_VERSION,
				 &version) != SQLITE_OK)
		rc = fail(db, sqlite3_extended_errcode(sdb->conn));
	sqlite3_reset(sdb->data_version);
	*out = version;
	return rc;
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
	struct sqlite_db *sdb = (struct sqlite_db *)db;

	for (int i = 0; i < sdb->nidle; i++)
		sqlite3_finalize(sdb->idle[i].st);
	sqlite3_finalize(sdb->data_version);
	counts_clear(sdb);
	sqlite3_close(sdb->conn);
	free(db);
}

/*
 * Run the online backup from `from` to `to` in one step, waiting out a
 * busy source (a writer checkpointing) for up to the busy timeout.
 * Returns an SQLite result code.
 */
static int
backup_all(sqlite3 *to, sqlite3 *from, char *msg, size_t len)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int src, waited = 0;

	if (!b) {
		snprintf(msg, len, "%s", sqlite3_errmsg(to));
		return sqlite3_extended_errcode(to);
	}
	while ((src = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       src == SQLITE_LOCKED) {
		if (waited >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(50);
		waited += 50;
	}
	if (src != SQLITE_DONE)
		snprintf(msg, len, "%s", sqlite3_errstr(src));
	sqlite3_backup_finish(b);
	return src == SQLITE_DONE ? SQLITE_OK : src;
}

/* The first column of the first row of `sql` on `conn`, as text. */
static int
first_text(sqlite3 *conn, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;
	int src = sqlite3_prepare_v2(conn, sql, -1, &st, NULL);

	out[0] = '\0';
	if (src != SQLITE_OK)
		return src;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		snprintf(out, len, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		src = SQLITE_OK;
	} else if (src == SQLITE_DONE) {
		src = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return src;
}

int
db_sqlite_backup(struct db *db, const char *path)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_EXRESCODE;
	char msg[256] = "", check[256];
	sqlite3 *to = NULL;
	int src, rc = ERR_DB;

	src = sqlite3_open_v2(path, &to, flags, NULL);
	if (src != SQLITE_OK) {
		db_set_error(db, "cannot create '%s': %s", path,
			     to ? sqlite3_errmsg(to) : sqlite3_errstr(src));
		goto out;
	}
	sqlite3_busy_timeout(to, BUSY_TIMEOUT_MS);
	if ((src = backup_all(to, conn_of(db), msg, sizeof(msg)))) {
		db_set_error(db, "the backup failed: %s", msg);
		if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED)
			rc = ERR_BUSY;
		goto out;
	}
	/* One file, whatever the source's journal mode. */
	src = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
			   NULL);
	if (src == SQLITE_OK)
		src = first_text(to, "PRAGMA integrity_check", check,
				 sizeof(check));
	if (src != SQLITE_OK) {
		db_set_error(db, "checking the copy: %s", sqlite3_errmsg(to));
		goto out;
	}
	if (strcmp(check, "ok")) {
		db_set_error(db, "the copy fails its integrity check: %s",
			     check);
		rc = ERR_INVALID;
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(to);
	return rc;
}

int
db_sqlite_restore(struct db *db, const char *path)
{
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_EXRESCODE;
	sqlite3 *from = NULL;
	char msg[256] = "";
	int src, rc = 0;

	src = sqlite3_open_v2(path, &from, flags, NULL);
	if (src == SQLITE_OK)
		src = backup_all(conn_of(db), from, msg, sizeof(msg));
	else
		snprintf(msg, sizeof(msg), "%s", from ? sqlite3_errmsg(from)
						  : sqlite3_errstr(src));
	if (src != SQLITE_OK) {
		db_set_error(db, "cannot restore '%s': %s", path, msg);
		rc = ERR_DB;
	}
	sqlite3_close(from);
	return rc;
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
	.data_version = sqlite_data_version,
	.close = sqlite_close,
};
