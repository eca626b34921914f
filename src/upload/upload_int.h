/*
 * upload_int.h - what the files of src/upload/ share (private to the
 * module): the store, where every SQL statement of the module lives.
 * The rules (upload.c) call it inside their transactions.
 */
#ifndef JG_UPLOAD_INT_H
#define JG_UPLOAD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "upload/upload.h"

struct db;

/* Insert the record `u` (its id is ignored); its new id in *id. */
int store_upload_insert(struct db *db, const struct upload_info *u,
			int64_t *id);

/* The record `id` copied into `a`, or ERR_NOTFOUND. */
int store_upload_get(struct db *db, struct arena *a, int64_t id,
		     struct upload_info *out);

/* Set archived_at on a live record; ERR_NOTFOUND if none changed. */
int store_upload_archive(struct db *db, int64_t id, const char *now);

/* Remove the record `id` (only to undo a create whose file was lost). */
int store_upload_delete(struct db *db, int64_t id);

/*
 * Add `delta` bytes to what the files of account `owner` take (table
 * upload_usage), unless the sum would pass `quota`: *ok (may be NULL)
 * says whether it was added. One statement, so concurrent adds for one
 * owner serialise on both back ends.
 */
int store_usage_add(struct db *db, int64_t owner, int64_t delta,
		    int64_t quota, bool *ok);
/* What the files of `owner` take now (0 when it has none). */
int store_usage_get(struct db *db, int64_t owner, int64_t *bytes);

#endif
