/*
 * record.h - records of a described table: validate, create, update,
 * archive, read and list them, each change audited in its transaction.
 *
 * Most of what modules keep is plain records (an organisation, a person, a
 * cohort, a room). Rather than each module writing the same INSERT, UPDATE,
 * validation and paging again, it describes the table once:
 *
 *	static const struct record_column org_columns[] = {
 *		{ "kind", REC_ENUM, REC_REQUIRED, 0, org_kinds },
 *		{ "name", REC_TEXT, REC_REQUIRED, 100 },
 *		{ "credit_code", REC_TEXT, REC_UNIQUE, 18, NULL,
 *		  check_credit_code },
 *		...
 *		{ NULL }
 *	};
 *	static const struct record_table org_table = {
 *		"org", "org", org_columns, ...
 *	};
 *
 * and calls record_create(db, &org_table, actor, fields, &id, &pb). The
 * column names are the JSON field names of the API, so a request body goes
 * straight in. Column names come from the program, never from input, so
 * building SQL from them is safe; values are always bound.
 *
 * Every table has id, created_at, updated_at and archived_at columns.
 * Archiving sets archived_at (DESIGN §3: DELETE archives); archived records
 * leave lists unless asked for.
 *
 * Errors: ERR_INVALID (with the field and a message in *pb) for bad input,
 * ERR_CONFLICT for a duplicate of a unique column (field named),
 * ERR_NOTFOUND, or a database error. A message may live in storage of the
 * calling thread, valid until its next record_* call: use it at once.
 * Each refusal of a field carries its catalog key (err.h): "err.required",
 * "err.required_choice", "err.text", "err.too_long" ({max}), "err.range"
 * ({min}, {max}), "err.amount", "err.date", "err.time", "err.choice",
 * "err.ref_pick", "err.ref_gone", "err.unknown_field", "err.readonly",
 * "err.unique", or the key of a column's or the table's check.
 */
#ifndef JG_RECORD_H
#define JG_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "base/err.h"

struct buf;
struct db;

/*
 * A column's kind: how it is stored, checked, shown, entered, exported and
 * imported. Storage and the API keep integers in the smallest unit (fen,
 * 0.01 m², minutes) and times in UTC; pages, exports and imports show
 * what people read (元, ㎡, hours, Beijing time).
 */
enum record_type {
	REC_TEXT,	/* a string of at most max characters */
	REC_INT,	/* an integer within [min, max] */
	REC_DATE,	/* "YYYY-MM-DD", a real date */
	REC_ENUM,	/* one of values[]: labels in the catalogs */
	REC_REF,	/* the id of a record of table `ref` (not archived) */
	REC_MONEY,	/* integer fen (分) within [min, max]; shown in 元 */
	REC_AREA,	/* integer 0.01 m² within [min, max]; shown in ㎡ */
	REC_DATETIME,	/* a stored UTC time "YYYY-MM-DDTHH:MM:SSZ"; shown
			 * and entered in Beijing time */
	REC_DURATION,	/* integer minutes within [min, max]; shown in hours */
};

/* Whether values of `type` are integers in storage and in the API. */
bool record_type_integral(enum record_type type);

enum {
	REC_REQUIRED = 1 << 0,	/* must be given on create; never null */
	REC_UNIQUE = 1 << 1,	/* a duplicate is a conflict naming it */
	REC_READONLY = 1 << 2,	/* set on create only */
	REC_EMPTY_NULL = 1 << 3, /* an empty string is stored as NULL */
	/*
	 * Set by the module's own rule on create (a session's check-in
	 * code), never typed in: left out of the generic forms. Give it
	 * with REC_READONLY so that an update cannot change it either.
	 */
	REC_DERIVED = 1 << 4,
	/*
	 * Where the column appears, so that the list page, the search, the
	 * exports and the imports all come from this one description:
	 *   REC_LIST	a column of the list page (the first one links to
	 *		the record);
	 *   REC_SEARCH	matched by the list's `q` (a reference: by the title
	 *		of the record it names; in column order: the
	 *		PostgreSQL trigram index covers the same expression);
	 *   REC_EXPORT	a column of the CSV and XLSX exports (after the id);
	 *   REC_IMPORT	a column of the CSV import and its template.
	 */
	REC_LIST = 1 << 5,
	REC_SEARCH = 1 << 6,
	REC_EXPORT = 1 << 7,
	REC_IMPORT = 1 << 8,
	REC_CODE = 1 << 9,	/* an identifier: shown in a fixed-width font */
	/*
	 * Personal data (a mobile, a contact's telephone): shown masked,
	 * 138****1111, to everyone but staff, in lists, details, exports
	 * and the API (record_mask_personal(), record/pages.h); forms, open
	 * only to those who may write the record, show it whole.
	 */
	REC_PERSONAL = 1 << 10,
};

/*
 * A value of a REC_ENUM list whose values are at most `max` bytes long:
 * the string literal `s` itself, or a compile-time error ("size of array
 * is negative") when it is longer. A struct member that holds the column
 * (db/row.h) is then `max` + 1 bytes, and a longer value added to the
 * list cannot slip past it:
 *
 *	#define TRAINING_PLACE_MAX 9
 *	static const char *const place_kinds[] = {
 *		REC_VALUE("classroom", TRAINING_PLACE_MAX), ..., NULL
 *	};
 */
#define REC_VALUE(s, max) \
	(&(s)[0 * sizeof(char[sizeof(s) <= (size_t)(max) + 1 ? 1 : -1])])

/*
 * One column, described once. Its label is the catalog's text at
 * "PREFIX.NAME" (the table's prefix), in both languages; an enum value's
 * at "PREFIX.NAME_values.VALUE".
 */
struct record_column {
	const char *name;		/* column and JSON field name */
	enum record_type type;
	unsigned flags;
	int64_t max;			/* TEXT: characters; integers: largest */
	const char *const *values;	/* ENUM: NULL-terminated list */
	/*
	 * Optional extra check of a text value; may rewrite it into a
	 * canonical form (at most 64 bytes, in `canon`, which it returns
	 * through *value). Returns 0, or ERR_INVALID with a problem_key()
	 * naming no field (the column is named for it): keys such as
	 * "party.err.mobile" whose text starts from {label}.
	 */
	int (*check)(const char **value, char canon[64], struct problem *pb);
	const char *ref;		/* REF: the referenced table */
	int64_t min;			/* integers: smallest */
	const char *example;		/* IMPORT: the template's example */
	/*
	 * REF: the member of a listed row that names the record referred
	 * to (a view's person_name), shown in the list instead of its id,
	 * still linked to it; NULL: the id.
	 */
	const char *ref_name;
	/*
	 * ENUM: the colour of each value's tag in lists and details, in
	 * the order of `values` ("success", "warning", "danger", "info",
	 * "primary"; NULL or a shorter list: the plain tag), so that a
	 * status means the same colour on every page.
	 */
	const char *const *colours;
};

struct record_table {
	/*
	 * SQL table name; NULL for a description of something else that is
	 * read or typed column by column: the rows of a query or the input
	 * of a step (action.h), which record_validate() checks.
	 */
	const char *table;
	/*
	 * Audit entity name; NULL for rows that are no record of their own
	 * (a query's), whose export is exactly their REC_EXPORT columns.
	 */
	const char *entity;
	const struct record_column *columns;	/* ends with name NULL */
	/*
	 * Search: the columns a `q` matches as substrings (NULL-terminated;
	 * NULL: the columns flagged REC_SEARCH, in order), and the SQLite
	 * trigram index over them (an FTS5 table whose rowid
	 * is the record id), used for queries of three characters or more.
	 */
	const char *const *search;
	const char *fts;
	const char *order;		/* ORDER BY of lists, e.g. "id DESC" */
	/*
	 * A check across columns of the whole record (as it will be after a
	 * create or an update), e.g. "until is not before since"; NULL if
	 * none. Returns 0 or ERR_INVALID with *pb naming the field.
	 */
	int (*check)(json_t *rec, struct problem *pb);
	/*
	 * After a conflict that no unique column explains (a composite
	 * UNIQUE, an exclusion constraint, a trigger): name the field and
	 * say what the record collides with, in *pb, and return
	 * ERR_CONFLICT. `rec` is the whole record as it was to be written,
	 * `id` its id (0 on create). Runs inside the failed write's
	 * transaction, which is usable again. NULL: a message naming no
	 * field.
	 */
	int (*conflict)(struct db *db, json_t *rec, int64_t id,
			struct problem *pb);
	/*
	 * The catalog prefix of its labels ("org": "org.name",
	 * "org.kind_values.startup", titles "org.list", "org.detail").
	 */
	const char *prefix;
	/*
	 * The base path of its pages ("/orgs"), for links to a record from
	 * the lists of others that refer to it; NULL: no pages.
	 */
	const char *base;
	/*
	 * What names a record where others refer to it: an SQL expression
	 * over the table's row, e.g. "name", "code", or a scalar subquery
	 * for a parent's name ("(SELECT name FROM building WHERE id =
	 * floor.building_id) || ' ' || level"), written without the
	 * table's alias. It is shown instead of the id for a reference
	 * (lists, details, exports) and matched by pickers and by an
	 * import's reference cells (titles.c). NULL: a record with no
	 * name of its own, referred to by its id.
	 */
	const char *title;
};

/*
 * The description of table `name` whose audit entity and catalog prefix
 * are its name too, searched without a trigram index (by its REC_SEARCH
 * columns), whose conflicts name no field; `check`, `base` and `title`
 * may be NULL:
 *
 *	const struct record_table training_room_table = RECORD_TABLE(
 *		"training_room", room_columns, "centre_id, name, id", NULL,
 *		"/training/rooms", "name");
 */
#define RECORD_TABLE(name, columns, order, check, base, title)		\
	{ name, name, columns, NULL, NULL, order, check, NULL, name,	\
	  base, title }

/*
 * The tables the program knows, for finding one by its SQL name (what a
 * REC_REF column names): cli registers every module's at start-up (an
 * array ended by NULL; it must outlive the program), before serving.
 */
void record_register(const struct record_table *const *tables);

/* The registered table whose SQL name is `name`, or NULL. */
const struct record_table *record_table_named(const char *name);

/*
 * The registered table whose audit entity is `entity` (the first, when
 * several share it), or NULL; with *i a cursor from 0, the next one
 * after it (record_tables_next()): every registered table in turn.
 */
const struct record_table *record_table_of_entity(const char *entity);
const struct record_table *record_tables_next(size_t *i);

/* Whether any column of `t` has `flag` (REC_LIST, REC_EXPORT, ...). */
bool record_has_flag(const struct record_table *t, unsigned flag);

/* Whether a list of `t` takes a search (`q`): search columns or flags. */
bool record_searchable(const struct record_table *t);

/* The column `name` of `t`, or NULL. */
const struct record_column *record_column(const struct record_table *t,
					  const char *name);

/*
 * Check `in` against the table: unknown fields, types, required fields (on
 * create), lengths, enums, references, extra checks. Canonical forms are
 * written back into `in`. Returns 0 or ERR_INVALID with *pb.
 */
int record_validate(struct db *db, const struct record_table *t, json_t *in,
		    bool create, struct problem *pb);

/*
 * For a rule whose input is no table's record: refuse `in` unless it is
 * a JSON object whose every member is named in `allowed` (NULL-ended),
 * as record_validate() refuses one: ERR_INVALID, naming the first other
 * member ("err.unknown_field"). 0 when it is.
 */
int record_only_fields(json_t *in, const char *const *allowed,
		       struct problem *pb);

/*
 * For a table's extra check: date (or time) column `to` of `rec` is not
 * before `from`, when both are there. 0, or ERR_INVALID naming `to` with
 * the text at catalog `key` (problem_key()), "TO must not be before
 * FROM" in the log.
 */
int record_check_order(json_t *rec, const char *from, const char *to,
		       const char *key, struct problem *pb);

/*
 * The check of a table of periods from `since` to `until` (open while
 * null), for its `check`: until is not before since.
 */
int record_check_since_until(json_t *rec, struct problem *pb);

/* Validate, insert and audit ("create"); the new id in *id. */
int record_create(struct db *db, const struct record_table *t,
		  const struct audit_actor *actor, json_t *in, int64_t *id,
		  struct problem *pb);

/*
 * record_create() inside a transaction the caller opened with db_begin():
 * validate, insert and audit, but neither begin nor commit, so that many
 * records (the demo park) commit together or not at all. On error *id is
 * 0 and the caller must db_rollback() (on PostgreSQL a failed statement
 * spoils the rest of the transaction).
 */
int record_create_in(struct db *db, const struct record_table *t,
		     const struct audit_actor *actor, json_t *in,
		     int64_t *id, struct problem *pb);

/* Validate, update the given fields and audit ("update", before/after). */
int record_update(struct db *db, const struct record_table *t,
		  const struct audit_actor *actor, int64_t id, json_t *in,
		  struct problem *pb);

/*
 * record_update() inside a transaction the caller opened with db_begin(),
 * so that an update commits together with other writes; on error the
 * caller must db_rollback().
 */
int record_update_in(struct db *db, const struct record_table *t,
		     const struct audit_actor *actor, int64_t id, json_t *in,
		     struct problem *pb);

/* Set archived_at and audit ("archive"). Archiving twice is a no-op. */
int record_archive(struct db *db, const struct record_table *t,
		   const struct audit_actor *actor, int64_t id,
		   struct problem *pb);

/*
 * record_archive() inside a transaction the caller opened with
 * db_begin(), so that what an archive frees (a session's room booking)
 * goes with it; on error the caller must db_rollback().
 */
int record_archive_in(struct db *db, const struct record_table *t,
		      const struct audit_actor *actor, int64_t id,
		      struct problem *pb);

/*
 * The record as a JSON object of every column plus id, created_at,
 * updated_at, archived_at (owned by the caller). ERR_NOTFOUND if none.
 */
int record_get(struct db *db, const struct record_table *t, int64_t id,
	       json_t **out);

/*
 * Audit `action` by `actor` on record `id` of `t`, inside the caller's
 * transaction, for a change written outside record_update_in(): `before`
 * (the caller's, may be NULL) and the record as it is now. 0 or an error.
 */
int record_audit_change(struct db *db, const struct record_table *t,
			const struct audit_actor *actor, const char *action,
			int64_t id, json_t *before);

/*
 * End the caller's transaction with the outcome `rc` of its work
 * (db_end()), then, when it committed, record `id` of `t` into *out: the
 * end of a rule that answers the record it wrote. 0 or an error.
 */
int record_end(struct db *db, int rc, const struct record_table *t,
	       int64_t id, json_t **out);

/*
 * The same end for a rule that changed record `id` of `t` outside
 * record_update_in(): when the work went (`rc` 0), `action` by `actor`
 * audited first (record_audit_change(), `before` the caller's), then
 * record_end(). 0 or an error.
 */
int record_end_change(struct db *db, int rc, const struct record_table *t,
		      const struct audit_actor *actor, const char *action,
		      int64_t id, json_t *before, json_t **out);

/* What record_list() selects; zero fields do not filter. */
struct record_filter {
	const char *q;			/* substring of the search columns */
	const char *eq_col[4];		/* column = value, for these */
	const char *eq_val[4];
	int neq;
	int64_t scope_col_val;		/* with scope_col: scope_col = this,
					 * and no rows at all when <= 0 */
	const char *scope_col;
	/*
	 * When set with scope_col: scope_col IN (this subquery, from the
	 * program, with one placeholder bound to scope_col_val) instead.
	 */
	const char *scope_in;
	/*
	 * When set with scope_in: the subquery's second placeholder, bound
	 * to this text after scope_col_val (today's date, say: SQL never
	 * asks the database for the date).
	 */
	const char *scope_in_text;
	bool archived;			/* include archived records */
	/*
	 * `q` matches the table's title too (record_table.title), by a
	 * substring scan on both back ends: what a picker searches.
	 */
	bool q_title;
	/*
	 * `q` leaves out the personal columns (REC_PERSONAL): a caller who
	 * sees them masked cannot find a record by them either.
	 */
	bool q_public;
	/*
	 * The order of the page: by column `sort` (record_sort_problem()
	 * judges it; NULL: the table's order), descending when `desc`,
	 * empty values last, ties by id in the same direction.
	 */
	const char *sort;
	bool desc;
	int64_t limit, offset;
	/* A field added here is added to the list memo's key (api.c). */
};

/*
 * A page of records matching `f` as a JSON array in *items (owned by the
 * caller; an array even on error) and the number matching in *total.
 * Equality filters must name columns of the table (ERR_INVALID otherwise).
 */
int record_list(struct db *db, const struct record_table *t,
		const struct record_filter *f, json_t **items,
		int64_t *total);

/*
 * The same page appended to `items` as the text of that JSON array (see
 * db_rows_to_text()), for answers that are only written out.
 */
int record_list_text(struct db *db, const struct record_table *t,
		     const struct record_filter *f, struct buf *items,
		     int64_t *total);

/*
 * Why `value` cannot filter column `column` of `t` (an integer or
 * reference column given something else than a positive integer, an enum
 * given a value it does not have), or NULL when it can.
 */
const char *record_filter_problem(const struct record_table *t,
				  const char *column, const char *value);

/*
 * Why a list of `t` cannot be sorted by `column`, or NULL when it can: id,
 * created_at, updated_at, and the table's columns, a reference by the
 * title of the record it names (when that table has a title and is
 * another one).
 */
const char *record_sort_problem(const struct record_table *t,
				const char *column);

/*
 * The titles of the records `ids` (n of them) of `t`, archived ones
 * included, in *out: an object from each id's decimal text to its title
 * (owned by the caller); ids with no record are left out. ERR_INVALID
 * when `t` has no title.
 */
int record_titles(struct db *db, const struct record_table *t,
		  const int64_t *ids, size_t n, json_t **out);

/*
 * The one live (not archived) record of `t` whose title is `text`
 * (white space around it ignored), in *id: 0; ERR_NOTFOUND when there is
 * none, ERR_CONFLICT when several share that title, ERR_INVALID when `t`
 * has no title or `text` is empty.
 */
int record_find_titled(struct db *db, const struct record_table *t,
		       const char *text, int64_t *id);

/* Characters (not bytes) in a UTF-8 string. */
size_t record_chars(const char *s);

/*
 * Member `name` of a record or a request body (`rec` may be NULL):
 * record_text() its text, NULL when it has none or it is not a string;
 * record_str() the same but "" then (for text written out);
 * record_int() its integer, 0 when it has none. The text belongs to
 * `rec`. They allocate nothing and cannot fail.
 */
const char *record_text(const json_t *rec, const char *name);
const char *record_str(const json_t *rec, const char *name);
int64_t record_int(const json_t *rec, const char *name);

#endif
