/*
 * row.c - the row mapper (row.h): the columns of a result, found by name
 * once per statement, copied into the members of the caller's structs.
 */
#include <assert.h>
#include <limits.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db_int.h"
#include "db/row.h"

/* How many fields `fields` has; asserts that each lies inside the struct. */
static size_t
fields_check(const struct db_field *fields, size_t size, bool arena)
{
	size_t n = 0;

	for (; fields[n].column; n++) {
		assert(fields[n].offset + fields[n].size <= size);
		assert(fields[n].type != DB_FT_TEXT || arena);
		assert(fields[n].type != DB_FT_CHARS || fields[n].size > 0);
	}
	assert(n <= DB_FIELDS_MAX);
	(void)size;
	(void)arena;
	return n;
}

/* The result column of each field into col[]; ERR_INVALID if one lacks. */
static int
fields_find(struct db_stmt *st, const struct db_field *fields, size_t n,
	    int *col)
{
	int ncols = db_column_count(st);

	for (size_t f = 0; f < n; f++) {
		col[f] = -1;
		for (int c = 0; c < ncols; c++) {
			if (strcmp(db_column_name(st, c), fields[f].column))
				continue;
			if (col[f] >= 0) {
				db_set_error(st->db, "column %s is in the "
					     "result twice", fields[f].column);
				return ERR_INVALID;
			}
			col[f] = c;
		}
		if (col[f] < 0) {
			db_set_error(st->db, "no column %s in the result",
				     fields[f].column);
			return ERR_INVALID;
		}
	}
	return 0;
}

/* Column `c` of the current row as an integer; NULL is 0. */
static int
read_int(struct db_stmt *st, const struct db_field *f, int c, int64_t *v)
{
	const char *s;

	*v = 0;
	switch (db_column_type(st, c)) {
	case DB_TYPE_NULL:
		return 0;
	case DB_TYPE_INTEGER:
		*v = db_column_int(st, c);
		return 0;
	default:
		/* PostgreSQL gives its booleans as the text "t" or "f". */
		s = db_column_text(st, c);
		if (f->type == DB_FT_BOOL && (!strcmp(s, "t") ||
					      !strcmp(s, "f"))) {
			*v = *s == 't';
			return 0;
		}
		db_set_error(st->db, "column %s is not an integer", f->column);
		return ERR_INVALID;
	}
}

/* Copy the current row into the struct at `out`. */
static int
fill(struct db_stmt *st, const struct db_field *fields, size_t n,
     const int *col, struct arena *arena, unsigned char *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct db_field *f = &fields[i];
		unsigned char *m = out + f->offset;
		const char *s;
		int64_t v;
		int iv, rc;
		bool b;
		size_t len;

		switch (f->type) {
		case DB_FT_INT64:
		case DB_FT_INT:
		case DB_FT_BOOL:
			if ((rc = read_int(st, f, col[i], &v)))
				return rc;
			if (f->type == DB_FT_INT64) {
				memcpy(m, &v, sizeof(v));
			} else if (f->type == DB_FT_BOOL) {
				b = v != 0;
				memcpy(m, &b, sizeof(b));
			} else if (v < INT_MIN || v > INT_MAX) {
				db_set_error(st->db, "column %s: %lld does "
					     "not fit an int", f->column,
					     (long long)v);
				return ERR_DB;
			} else {
				iv = (int)v;
				memcpy(m, &iv, sizeof(iv));
			}
			continue;
		case DB_FT_CHARS:
		case DB_FT_TEXT:
			break;
		}
		s = NULL;
		if (db_column_type(st, col[i]) == DB_TYPE_INTEGER) {
			db_set_error(st->db, "column %s is not text",
				     f->column);
			return ERR_INVALID;
		}
		if (!db_column_null(st, col[i]))
			s = db_column_text(st, col[i]);
		if (f->type == DB_FT_TEXT) {
			if (s && !(s = arena_strdup(arena, s)))
				return ERR_NOMEM;
			memcpy(m, &s, sizeof(s));
			continue;
		}
		len = s ? strlen(s) : 0;
		if (len >= f->size) {
			db_set_error(st->db, "column %s: %zu bytes do not fit "
				     "in %zu", f->column, len, f->size - 1);
			return ERR_DB;
		}
		memcpy(m, s ? s : "", len + 1);
	}
	return 0;
}

int
db_get_one(struct db *db, const char *sql, const struct db_value *values,
	   int n, const struct db_field *fields, void *out, size_t size,
	   struct arena *arena)
{
	size_t nf = fields_check(fields, size, arena != NULL);
	int col[DB_FIELDS_MAX];
	struct db_stmt *st;
	int rc;

	memset(out, 0, size);
	rc = db_query(db, &st, sql, values, n);
	if (rc == DB_ROW) {
		rc = fields_find(st, fields, nf, col);
		if (!rc)
			rc = fill(st, fields, nf, col, arena, out);
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	if (rc)
		memset(out, 0, size);
	return rc;
}

int
db_get_many(struct db *db, const char *sql, const struct db_value *values,
	    int n, const struct db_field *fields, size_t size,
	    struct arena *arena, void **rows, size_t *count)
{
	size_t nf = fields_check(fields, size, true), cap = 0, len = 0;
	unsigned char *items = NULL, *grown;
	int col[DB_FIELDS_MAX];
	struct db_stmt *st;
	int rc;

	*rows = NULL;
	*count = 0;
	assert(size > 0);
	rc = db_prepare_values(db, &st, sql, values, n);
	while (!rc && (rc = db_step(st)) == DB_ROW) {
		if (!len && (rc = fields_find(st, fields, nf, col)))
			break;
		if (len == cap) {
			cap = cap ? 2 * cap : 8;
			grown = cap <= SIZE_MAX / 2 / size ?
				arena_alloc(arena, cap * size,
					    alignof(max_align_t)) : NULL;
			if (!grown) {
				rc = ERR_NOMEM;
				break;
			}
			if (len)
				memcpy(grown, items, len * size);
			items = grown;
		}
		memset(items + len * size, 0, size);
		rc = fill(st, fields, nf, col, arena, items + len * size);
		len++;
	}
	db_finalize(st);
	if (rc)
		return rc;
	*rows = items;
	*count = len;
	return 0;
}

int
db_get_json(struct db *db, const char *sql, const struct db_value *values,
	    int n, json_t **out)
{
	json_t *items = json_array();
	int rc = db_rows_values(db, sql, values, n, items);

	*out = NULL;
	if (!rc && !json_array_size(items))
		rc = ERR_NOTFOUND;
	if (!rc)
		*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return rc;
}
