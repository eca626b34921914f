/*
 * backup.h - a consistent copy of a database in one file, taken while
 * servers keep writing, and the way back into an empty database.
 *
 * SQLite: the online backup API copies the database in one read
 * transaction, so the copy is the database at one commit while writers go
 * on (WAL mode), into a plain SQLite file. PostgreSQL: pg_dump -Fc (a
 * custom-format archive, itself one consistent snapshot), restored with
 * pg_restore in one transaction. A file is recognised by its first bytes,
 * so restore needs no flag to say which it is.
 *
 * pg_dump and pg_restore are run as programs: from JIANGGU_PG_BIN (a
 * directory) if set, else from PATH, else the newest of Debian's
 * /usr/lib/postgresql/N/bin. They get the URL on their command line, so
 * a password belongs in ~/.pgpass or PGPASSWORD rather than the URL.
 *
 * Errors: every function returns 0 or a code of err.h and, on failure,
 * writes the reason into the caller's `err` (size `errlen`).
 */
#ifndef JG_DB_BACKUP_H
#define JG_DB_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/*
 * Copy the database at `url` into a new file `out`: written beside it
 * under a temporary name, synced, then renamed, so `out` is whole or
 * absent. A SQLite copy is checked (PRAGMA integrity_check) before the
 * rename. ERR_CONFLICT when `out` exists (a backup is never
 * overwritten), ERR_DB when the database cannot be read or pg_dump
 * fails, ERR_INVALID for a copy that fails its check. *bytes gets the
 * size of the file.
 */
int db_backup(const char *url, const char *out, int64_t *bytes, char *err,
	      size_t errlen);

/*
 * Restore backup `file` into the empty database at `url` (a SQLite path,
 * created if missing, or an existing PostgreSQL database), then check it
 * (db_integrity_check()). ERR_INVALID when `file` is not a backup or is
 * one of the other back end; ERR_CONFLICT when the database is not empty
 * (nothing is written then); ERR_DB when the copy or pg_restore fails
 * (pg_restore runs in one transaction: nothing remains of a failed one).
 */
int db_restore(const char *file, const char *url, char *err, size_t errlen);

/*
 * Whether the database holds nothing: no table, view, index or sequence
 * of its own (SQLite: sqlite_master; PostgreSQL: outside the system
 * schemas, and no extension but plpgsql). Returns 0 or an error.
 */
int db_is_empty(struct db *db, bool *empty);

/*
 * Check a database whole. SQLite: PRAGMA integrity_check says "ok" and
 * PRAGMA foreign_key_check finds nothing. PostgreSQL: no constraint left
 * unvalidated and no index invalid (pg_restore validates every
 * constraint it adds after the data). ERR_INVALID with what is wrong, or
 * another error.
 */
int db_integrity_check(struct db *db, char *err, size_t errlen);

#endif
