/*
 * db_int.h - what a database back end implements (private to src/db/).
 *
 * The front end (db.c) checks arguments and dispatches through `ops`, a
 * table of function pointers (the idea of Redis's ConnectionType). A back
 * end embeds `struct db` / `struct db_stmt` as the first member of its own
 * handle types.
 */
#ifndef JG_DB_INT_H
#define JG_DB_INT_H

#include "db/db.h"

struct db_ops {
	enum db_dialect dialect;
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, struct db_stmt **out, const char *sql);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	bool (*column_null)(struct db_stmt *st, int col);
	int64_t (*column_int)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	const char *(*column_name)(struct db_stmt *st, int col);
	enum db_type (*column_type)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	/* Make a connection usable again after a failure; 0 or ERR_DB. */
	int (*reset)(struct db *db);
	/* See db_check(); NULL when a connection cannot go bad idle. */
	int (*check)(struct db *db);
	/* See db_data_version(). */
	int (*data_version)(struct db *db, uint64_t *out);
	void (*close)(struct db *db);
};

struct db {
	const struct db_ops *ops;
	uint64_t generation;	/* see db_generation(); set by db_open() */
	bool lost;		/* see db_lost(); set by the back end */
	bool lent;		/* lent to a request by db_pool_acquire() */
	bool version_known;	/* `version` is current (db_data_version_recent()) */
	uint64_t version;	/* the version last read, while version_known */
	char errmsg[512];
};

struct db_stmt {
	struct db *db;
};

/* Back-end constructors: always store a handle (see db_open()). */
int db_sqlite_open(struct db **out, const char *path);
int db_pg_open(struct db **out, const char *url);

/*
 * The SQLite halves of backup.h. db_sqlite_backup() copies db's main
 * database into a new file at `path` with the online backup API, in one
 * step (one read transaction: the copy is the database at one commit
 * while others write), leaves it in rollback-journal mode (one file) and
 * checks it (PRAGMA integrity_check). db_sqlite_restore() copies the
 * SQLite file at `path` over db's main database. Both return 0 or an
 * error, the reason in db_errmsg(db).
 */
int db_sqlite_backup(struct db *db, const char *path);
int db_sqlite_restore(struct db *db, const char *path);

/* Record the back end's message for db_errmsg() (printf-style). */
void db_set_error(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
