/*
 * memo.h - answers kept while the database stands still.
 *
 * Some answers are many queries over the whole ledger (the park's figures
 * as of a date): too much to run on each request of a busy dashboard, and
 * the same until someone writes. A memo keeps the last few, each with the
 * database's version (db_data_version()) it was computed at, and gives one
 * back only while the version is the same: any commit, on any connection,
 * makes them stale. An answer is kept only when the version did not move
 * while it was computed, so a kept answer is the database's at one
 * version. Versions are per connection on SQLite, so answers are kept per
 * connection too.
 *
 *	static struct db_memo memo = DB_MEMO_INIT;
 *
 *	return db_memo_answer(&memo, db, as_of, compute_figures, out);
 */
#ifndef JG_DB_MEMO_H
#define JG_DB_MEMO_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

struct db;

enum { DB_MEMO_SLOTS = 16, DB_MEMO_KEY = 32 };

struct db_memo {
	pthread_mutex_t lock;
	unsigned next;			/* the slot to reuse next */
	struct {
		const struct db *db;
		uint64_t version;
		char key[DB_MEMO_KEY];
		char *text;		/* the answer as JSON text */
	} slot[DB_MEMO_SLOTS];
};

#define DB_MEMO_INIT { PTHREAD_MUTEX_INITIALIZER, 0, { { 0 } } }

/*
 * The answer for `key` (at most DB_MEMO_KEY - 1 bytes; longer keys are
 * never kept): a kept one when the database has not changed since, else
 * compute(db, key, out)'s, kept for next time. *out is the caller's.
 * Returns 0 or compute's error (then *out is NULL).
 */
int db_memo_answer(struct db_memo *m, struct db *db, const char *key,
		   int (*compute)(struct db *db, const char *key,
				  json_t **out),
		   json_t **out);

#endif
