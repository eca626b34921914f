/*
 * titles.c - the names records go by where others refer to them: a
 * table's `title` expression, read for a page of ids at once (lists,
 * details, exports show a reference by its title) and matched to find
 * the record a person named (pickers, imports).
 *
 * The expression comes from the program's table descriptions, never from
 * input, so it is written into the SQL; ids and texts are bound.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "db/db.h"
#include "record/record.h"

/* At most this many ids are read in one statement. */
enum { TITLES_CHUNK = 100 };

/* Read the titles of ids[0..n) (n <= TITLES_CHUNK) into `out`. */
static int
titles_chunk(struct db *db, const struct record_table *t, const int64_t *ids,
	     size_t n, json_t *out)
{
	struct buf sql;
	struct db_stmt *st = NULL;
	char key[24];
	int rc;

	buf_init(&sql, NULL, 0);
	buf_addf(&sql, "SELECT id, %s FROM %s WHERE id IN (", t->title,
		 t->table);
	for (size_t i = 0; i < n; i++)
		buf_addstr(&sql, i ? ", ?" : "?");
	buf_addch(&sql, ')');
	if ((rc = buf_error(&sql)) || (rc = db_prepare(db, &st, sql.ptr)))
		goto out;
	for (size_t i = 0; i < n; i++)
		db_bind_int(st, (int)i + 1, ids[i]);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *title = db_column_text(st, 1);

		snprintf(key, sizeof(key), "%lld",
			 (long long)db_column_int(st, 0));
		json_object_set_new(out, key, json_string(title ? title : ""));
	}
	if (rc == DB_DONE)
		rc = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

int
record_titles(struct db *db, const struct record_table *t,
	      const int64_t *ids, size_t n, json_t **out)
{
	int rc = 0;

	*out = json_object();
	if (!t->title)
		return ERR_INVALID;
	for (size_t i = 0; i < n && !rc; i += TITLES_CHUNK)
		rc = titles_chunk(db, t, ids + i, n - i < TITLES_CHUNK ?
				  n - i : TITLES_CHUNK, *out);
	return rc;
}

int
record_find_titled(struct db *db, const struct record_table *t,
		   const char *text, int64_t *id)
{
	struct buf sql, name;
	struct db_stmt *st = NULL;
	size_t len;
	int rc, found = 0;

	*id = 0;
	buf_init(&sql, NULL, 0);
	buf_init(&name, NULL, 0);
	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (!t->title || !len) {
		rc = ERR_INVALID;
		goto out;
	}
	buf_add(&name, text, len);
	/*
	 * By title, or by code where the table has one (a unit's "D11"
	 * may stand in several buildings: that is several). Two rows are
	 * enough to tell one from several.
	 */
	buf_addf(&sql, "SELECT id FROM %s WHERE archived_at IS NULL AND "
		 "((%s) = ?%s) ORDER BY id LIMIT 2", t->table, t->title,
		 record_column(t, "code") ? " OR code = ?" : "");
	if ((rc = buf_error(&sql)) || (rc = buf_error(&name)) ||
	    (rc = db_prepare(db, &st, sql.ptr)))
		goto out;
	db_bind_text(st, 1, name.ptr);
	if (record_column(t, "code"))
		db_bind_text(st, 2, name.ptr);
	while ((rc = db_step(st)) == DB_ROW)
		if (!found++)
			*id = db_column_int(st, 0);
	if (rc != DB_DONE)
		goto out;
	rc = found == 1 ? 0 : found ? ERR_CONFLICT : ERR_NOTFOUND;
	if (rc)
		*id = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	buf_release(&name);
	return rc;
}
