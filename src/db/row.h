/*
 * row.h - the row mapper: the columns of a query's result, matched by
 * name, into the members of a caller's struct.
 *
 * A store that reads a record into a struct describes the struct once, as
 * a table of fields (column name, type, offset and size of the member),
 * and reads a row with one call instead of prepare, bind, step, copy each
 * column, tell "no row" apart, finalize:
 *
 *	struct slot {
 *		int64_t id, places;
 *		char starts_on[TIME_DATE_LEN + 1];
 *	};
 *	static const struct db_field slot_fields[] = {
 *		DB_FIELD_INT64(struct slot, id),
 *		DB_FIELD_INT64(struct slot, places),
 *		DB_FIELD_CHARS(struct slot, starts_on),
 *		DB_FIELDS_END
 *	};
 *
 *	rc = db_get_one(db, "SELECT starts_on, id, places FROM slot "
 *			"WHERE id = ?", (struct db_value[]){ DB_INT(id) }, 1,
 *			slot_fields, &s, sizeof(s), NULL);
 *
 * A record that goes out as JSON whole needs no struct: db_get_json()
 * gives the row as a JSON object, and db_rows_values() (db.h) many.
 *
 * A field takes the result column of the member's name (use AS in the
 * SELECT for any other), wherever it stands in the SELECT; result columns
 * no field names are ignored. The macros check the member's type when the
 * table is compiled.
 *
 * Types and NULL: DB_FIELD_INT64, DB_FIELD_INT and DB_FIELD_BOOL read an
 * integer column (a PostgreSQL boolean too) and take NULL as 0 (false);
 * where NULL must be told apart, select it as a flag of its own
 * (`x IS NULL AS no_x`, a DB_FIELD_BOOL) or give the default in SQL
 * (`COALESCE(x, -1) AS x`). DB_FIELD_CHARS copies text into a char array
 * (NULL gives ""); DB_FIELD_TEXT copies it into the arena and points the
 * member at the copy (NULL gives a NULL pointer).
 *
 * Sizes. A char array holds what the schema lets the column hold: its
 * size comes from the constant that the schema's CHECK and the record
 * description share (a date is TIME_DATE_LEN bytes; text of N characters
 * N * 4 bytes of UTF-8), with a _Static_assert(DB_FITS(...)) beside the
 * struct. A value that still does not fit is never cut: the call fails
 * with ERR_DB.
 *
 * Errors: besides those of db.h, ERR_NOTFOUND from db_get_one() when there
 * is no row; ERR_INVALID when the result and the table do not pair (a
 * column the table names is missing from the result or there twice, or
 * holds text where the field wants an integer or the other way round);
 * ERR_DB when a value does not fit its member (text too long for a char
 * array, an integer out of an int's range); ERR_NOMEM past the arena's
 * budget. Each says which column in db_errmsg(). The table itself (a
 * member outside the struct, a text field without an arena, more than
 * DB_FIELDS_MAX fields) is checked with assert().
 */
#ifndef JG_DB_ROW_H
#define JG_DB_ROW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct arena;

enum db_field_type {
	DB_FT_INT64,	/* int64_t */
	DB_FT_INT,	/* int */
	DB_FT_BOOL,	/* bool: true for any integer but 0 */
	DB_FT_CHARS,	/* char[size], NUL-terminated */
	DB_FT_TEXT,	/* const char *, a copy in the arena */
};

/* One member of a struct and the result column it is read from. */
struct db_field {
	const char *column;		/* NULL ends a table */
	enum db_field_type type;
	size_t offset;			/* of the member in the struct */
	size_t size;			/* of the member */
};

/* The most fields a table may have. */
enum { DB_FIELDS_MAX = 64 };

/*
 * Descriptors of member `m` of struct type `T`, read from the column named
 * `m`. A member of another type than the macro's is a compile error.
 */
#define DB_FIELD_OF_(T, m, type) \
	{ #m, (type), offsetof(T, m), sizeof(((T *)0)->m) }
#define DB_FIELD_INT64(T, m) \
	DB_FIELD_OF_(T, m, _Generic(((T *)0)->m, int64_t: DB_FT_INT64))
#define DB_FIELD_INT(T, m) \
	DB_FIELD_OF_(T, m, _Generic(((T *)0)->m, int: DB_FT_INT))
#define DB_FIELD_BOOL(T, m) \
	DB_FIELD_OF_(T, m, _Generic(((T *)0)->m, bool: DB_FT_BOOL))
#define DB_FIELD_CHARS(T, m)						\
	DB_FIELD_OF_(T, m, _Generic(&((T *)0)->m,			\
		char (*)[sizeof(((T *)0)->m)]: DB_FT_CHARS))
#define DB_FIELD_TEXT(T, m) \
	DB_FIELD_OF_(T, m, _Generic(((T *)0)->m, const char *: DB_FT_TEXT))
#define DB_FIELDS_END { NULL, DB_FT_INT64, 0, 0 }

/*
 * Whether member `m` of `T` holds text of `max` bytes and its NUL: for
 * _Static_assert(DB_FITS(struct slot, starts_on, TIME_DATE_LEN), "...").
 */
#define DB_FITS(T, m, max) (sizeof(((T *)0)->m) >= (size_t)(max) + 1)

/*
 * Run `sql` with `values[0..n)` bound and read its first row into `out`, a
 * struct of `size` bytes described by `fields` (ending with
 * DB_FIELDS_END). Members the table does not name are zeroed. `arena`
 * receives the copies of DB_FIELD_TEXT members and may be NULL when there
 * are none. Further rows are not read.
 *
 * Returns 0, ERR_NOTFOUND when there is no row, or an error of the
 * header's comment; after any error *out is all zero.
 */
int db_get_one(struct db *db, const char *sql, const struct db_value *values,
	       int n, const struct db_field *fields, void *out, size_t size,
	       struct arena *arena);

/*
 * Run `sql` with `values[0..n)` bound and read every row into a new array
 * of structs of `size` bytes described by `fields`, in the order of the
 * result. The array and the DB_FIELD_TEXT copies come from `arena` (never
 * NULL), freed with it; the array grows by doubling, so the arena may hold
 * up to about twice its final size. *rows is the array (NULL when there
 * are no rows) and *count the number of rows.
 *
 * Returns 0 (also for no rows) or an error of the header's comment, with
 * *rows NULL and *count 0.
 */
int db_get_many(struct db *db, const char *sql, const struct db_value *values,
		int n, const struct db_field *fields, size_t size,
		struct arena *arena, void **rows, size_t *count);

/*
 * Run `sql` with `values[0..n)` bound and give its first row as a new JSON
 * object in *out (the caller's), keyed by column name as db_rows_to_json()
 * writes it: for records that go out as JSON whole. Returns 0,
 * ERR_NOTFOUND when there is no row, or an error (*out NULL then).
 */
int db_get_json(struct db *db, const char *sql, const struct db_value *values,
		int n, json_t **out);

#endif
