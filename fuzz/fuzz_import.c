/*
 * fuzz_import.c - libFuzzer target for CSV import (src/import/import.c).
 *
 * Byte 0 picks the mode; the rest is the uploaded file. The import runs
 * on an in-memory SQLite database with a check that accepts every row and
 * an apply that writes nothing but refuses rows whose name starts with
 * "!" (as a database conflict would). Besides ASan and UBSan:
 *  - import_decode() gives well-formed UTF-8, or refuses on a line that
 *    exists;
 *  - every line reported or handed to check() is a line of the input, and
 *    check() sees lines in increasing order, after the header;
 *  - rows have string or null members only, for our column keys;
 *  - the counts add up (rows = valid + invalid, applied as the mode says),
 *    a refusal names its first error, and no transaction is left open.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/utf8.h"
#include "db/db.h"
#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct import_column cols[] = {
	{ "name", "名称", "Name", true, NULL },
	{ "kind", "类型", "Kind", true, NULL },
	{ "note", "备注", "Note", false, NULL },
};

struct seen {
	size_t lines;		/* lines in the input */
	size_t last_line;	/* last line check() saw */
	size_t checked, refused;
};

static void
check_row(json_t *row)
{
	const char *key;
	json_t *v;

	json_object_foreach(row, key, v) {
		if (strcmp(key, "name") && strcmp(key, "kind") &&
		    strcmp(key, "note"))
			abort();
		if (!json_is_null(v) && !json_is_string(v))
			abort();
		if (json_is_string(v) &&
		    (!json_string_length(v) ||
		     !utf8_valid(json_string_value(v), json_string_length(v))))
			abort();
	}
	if (!json_is_string(json_object_get(row, "name")) ||
	    !json_is_string(json_object_get(row, "kind")))
		abort();		/* required cells were checked */
}

static int
accept_all(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	struct seen *s = ctx;

	(void)pb;
	if (line < 2 || line > s->lines || line <= s->last_line)
		abort();
	s->last_line = line;
	s->checked++;
	check_row(row);
	return 0;
}

static int
apply_some(void *ctx, size_t line, json_t *row, struct problem *pb)
{
	struct seen *s = ctx;
	const char *name = json_string_value(json_object_get(row, "name"));

	if (line < 2 || line > s->lines)
		abort();
	if (name && name[0] == '!') {
		s->refused++;
		return problem(pb, ERR_CONFLICT, "name", "name already exists");
	}
	return 0;
}

static void
check_decode(const char *in, size_t len, size_t lines)
{
	struct buf out;
	size_t bad_line;
	int rc;

	buf_init(&out, NULL, 0);
	rc = import_decode(&out, in, len, &bad_line);
	if (rc == 0 && (bad_line || !utf8_valid(out.ptr, out.len)))
		abort();
	if (rc == ERR_INVALID && (bad_line < 1 || bad_line > lines))
		abort();
	if (rc && rc != ERR_INVALID)
		abort();
	buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct db *db;
	struct seen s = { 0 };
	struct import_spec spec = { cols, 3, accept_all, apply_some, &s };
	enum import_mode mode;
	const char *in = (const char *)data + 1;
	json_t *result, *e;
	struct problem pb;
	int64_t rows, valid, invalid, applied;
	size_t len, i;
	int rc;

	if (size < 1)
		return 0;
	if (!db && db_open(&db, ":memory:"))
		abort();
	mode = (enum import_mode)(data[0] % 3);
	len = size - 1;
	s.lines = 1;
	for (i = 0; i < len; i++)
		s.lines += in[i] == '\n';

	check_decode(in, len, s.lines);

	rc = import_run(db, &spec, mode, IMPORT_CSV, in, len, &result, &pb);
	if (!result)
		abort();
	rows = json_integer_value(json_object_get(result, "rows"));
	valid = json_integer_value(json_object_get(result, "valid"));
	invalid = json_integer_value(json_object_get(result, "invalid"));
	applied = json_integer_value(json_object_get(result, "applied"));
	if (rows != valid + invalid || valid < 0 || invalid < 0 ||
	    applied < 0 || applied > valid)
		abort();
	if (json_array_size(json_object_get(result, "errors")) >
	    IMPORT_MAX_ERRORS)
		abort();
	json_array_foreach(json_object_get(result, "errors"), i, e) {
		json_int_t line = json_integer_value(json_object_get(e,
								     "line"));

		if (line < 1 || (size_t)line > s.lines ||
		    !json_is_string(json_object_get(e, "message")))
			abort();
	}
	if (rc && rc != ERR_TOOBIG && rc != ERR_CONFLICT &&
	    rc != ERR_INVALID)
		abort();
	if ((rc == ERR_INVALID || rc == ERR_CONFLICT) && !pb.message)
		abort();
	switch (mode) {
	case IMPORT_DRY_RUN:
		if (applied || (!rc && (size_t)valid != s.checked))
			abort();
		break;
	case IMPORT_ALL_OR_NOTHING:
		if (rc ? applied != 0 : applied != rows)
			abort();
		break;
	case IMPORT_VALID_ONLY:
		if (!rc && (applied != valid ||
			    (size_t)applied + s.refused != s.checked))
			abort();
		break;
	}
	json_decref(result);
	/* Nothing left open: a new transaction starts. */
	if (db_begin(db) || db_rollback(db))
		abort();
	return 0;
}
