/*
 * memo.h - answers kept while the database stands still.
 *
 * Some answers are many queries over the whole ledger (the park's figures
 * as of a date): too much to run on each request of a busy dashboard, and
 * the same until someone writes. A memo keeps the last few, each with the
 * connection it was computed on and the database's version
 * (db_data_version()) it was computed at, and gives one back only to the
 * same connection while the version is the same: any commit, on any
 * connection, makes them stale.
 *
 * The connection is named by its generation (db_generation()), a number
 * given once per process at open, never by its address: a connection
 * opened later at the same address, to another database, is never
 * answered what an earlier one kept. Closing a connection drops what was
 * kept for it. An answer is kept only when the version did not move while
 * it was computed, so a kept answer is the database's at one version.
 * The version asked first is db_data_version_recent()'s: a request whose
 * caller was found in a memo (an API token, src/account/session.c) and
 * whose answer is kept reads the database once, for that version.
 *
 *	static struct db_memo memo = DB_MEMO_INIT;
 *
 *	return db_memo_answer(&memo, db, as_of, compute_figures, out);
 *
 * A key is any text that names the question whole (the figures' date; a
 * list's table, filters, scope and page, record_api_list()). Answers are
 * kept as text: db_memo_text() appends one to a buffer as it is, for a
 * handler that sends it without a tree in between.
 *
 * JIANGGU_MEMO=off in the environment turns every memo off (each answer
 * computed), for measuring what they save (bench/memo-pg.sh).
 */
#ifndef JG_DB_MEMO_H
#define JG_DB_MEMO_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

enum { DB_MEMO_SLOTS = 16 };

struct buf;

struct db_memo {
	pthread_mutex_t lock;
	unsigned next;			/* the slot to reuse next */
	struct db_memo *next_memo;	/* every memo used, for db_close() */
	bool listed;			/* on that list (under its lock) */
	struct {
		uint64_t generation;	/* db_generation(); 0: empty */
		uint64_t version;
		char *key;
		char *text;		/* the answer as text */
		size_t len;
	} slot[DB_MEMO_SLOTS];
};

#define DB_MEMO_INIT { PTHREAD_MUTEX_INITIALIZER, 0, NULL, false, { { 0 } } }

/*
 * The answer for `key`: one kept for this connection when the database
 * has not changed since, else compute(db, key, out)'s, kept for next
 * time. *out is the caller's. Returns 0 or compute's error (then *out is
 * NULL).
 */
int db_memo_answer(struct db_memo *m, struct db *db, const char *key,
		   int (*compute)(struct db *db, const char *key,
				  json_t **out),
		   json_t **out);

/*
 * The same for an answer that is text: appended to `out`, either the one
 * kept or what compute(db, ctx, out) appends (kept when it returns 0 and
 * `out` is not in error). Returns 0, compute's error or the buffer's.
 */
int db_memo_text(struct db_memo *m, struct db *db, const char *key,
		 int (*compute)(struct db *db, void *ctx, struct buf *out),
		 void *ctx, struct buf *out);

/*
 * Drop what every memo kept for connection `generation` (db_close() calls
 * this as it closes one).
 */
void db_memo_forget(uint64_t generation);

#endif
