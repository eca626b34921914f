/*
 * test_record.c - tests of the kit's validation and writes
 * (src/record/record.c) through record.h, on a real SQLite file with a
 * tiny schema made here: one table with a column of every kind, a table
 * it refers to, and the audit log.
 *
 * Each kind is given what it takes and what it refuses: text (a string,
 * at most max characters counted as UTF-8 characters, no NUL), required
 * and empty-null text, integers and the money, area and duration
 * integers within [min, max], dates of the real calendar, stored UTC
 * times, enums, references to a record that exists and is not archived;
 * checks that rewrite a value into its canonical form, unknown fields,
 * read-only columns on update, and a duplicate of a unique column, which
 * is a conflict naming the field. Every refusal is ERR_INVALID (or
 * ERR_CONFLICT) with the field named, and leaves the tables and the
 * audit log as they were. An import's cells (record_import_cells(),
 * record/api.h) are read as exports write them; a record's members are
 * read by record_text(), record_str() and record_int(), and a rule's
 * input of named members only checked by record_only_fields(); a change
 * written outside the kit ends audited by record_end_change().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/err.h"
#include "db/db.h"
#include "record/api.h"
#include "record/record.h"

static const char *const schema =
	"CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
	"  actor_id INTEGER, actor_name TEXT NOT NULL, action TEXT NOT NULL,"
	"  entity TEXT NOT NULL, entity_id INTEGER, before_json TEXT, "
	"  after_json TEXT, ip TEXT NOT NULL);"
	"CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
	"  archived_at TEXT);"
	"INSERT INTO dept (id, name, created_at, updated_at, archived_at) "
	"  VALUES (1, 'open', '', '', NULL), "
	"         (2, 'archived', '', '', '2019-01-01T00:00:00Z');"
	"CREATE TABLE item (id INTEGER PRIMARY KEY, "
	"  code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
	"  note TEXT NOT NULL DEFAULT '', email TEXT UNIQUE, qty INTEGER, "
	"  on_date TEXT, kind TEXT, dept_id INTEGER REFERENCES dept (id), "
	"  price INTEGER, area INTEGER, minutes INTEGER, starts_at TEXT, "
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
	"  archived_at TEXT);";

/* Letters, digits and hyphens, written in upper case. */
static int
check_code(const char **value, char canon[64], struct problem *pb)
{
	size_t n = strlen(*value);

	if (n >= 64)
		return problem_key(pb, ERR_INVALID, NULL, "item.err.code",
				   "code is too long");
	for (size_t i = 0; i < n; i++) {
		char c = (*value)[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
			 c != '-')
			return problem_key(pb, ERR_INVALID, NULL,
					   "item.err.code", "code must be "
					   "letters, digits and hyphens");
		canon[i] = c;
	}
	canon[n] = '\0';
	*value = canon;
	return 0;
}

/* An address with an @, written in lower case. */
static int
check_email(const char **value, char canon[64], struct problem *pb)
{
	size_t n = strlen(*value);

	if (n >= 64 || !strchr(*value, '@'))
		return problem_key(pb, ERR_INVALID, NULL, "item.err.email",
				   "email must be an address");
	for (size_t i = 0; i <= n; i++) {
		char c = (*value)[i];

		canon[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	*value = canon;
	return 0;
}

static const char *const kinds[] = { "startup", "firm", "college", NULL };

static const struct record_column item_columns[] = {
	{ "code", REC_TEXT, REC_REQUIRED | REC_UNIQUE | REC_READONLY, 8,
	  NULL, check_code },
	{ "name", REC_TEXT, REC_REQUIRED, 5 },
	{ "note", REC_TEXT, 0, 0 },
	{ "email", REC_TEXT, REC_UNIQUE | REC_EMPTY_NULL, 40, NULL,
	  check_email },
	{ "qty", REC_INT, 0, 100, NULL, NULL, NULL, -5 },
	{ "on_date", REC_DATE, 0 },
	{ "kind", REC_ENUM, 0, 0, kinds },
	{ "dept_id", REC_REF, 0, 0, NULL, NULL, "dept" },
	{ "price", REC_MONEY, 0, 100000000, NULL, NULL, NULL, 0 },
	{ "area", REC_AREA, 0, 1000000, NULL, NULL, NULL, 1 },
	{ "minutes", REC_DURATION, 0, 600, NULL, NULL, NULL, 0 },
	{ "starts_at", REC_DATETIME, 0 },
	{ NULL },
};

static const struct record_table item_table = {
	.table = "item",
	.entity = "item",
	.columns = item_columns,
	.prefix = "item",
};

static const struct audit_actor actor = { 0, "system", "local" };

struct fixture {
	char url[4096];
	struct db *db;
};

static int
setup(void **state)
{
	static struct fixture fx;
	const char *t = getenv("TMPDIR");
	int fd;

	snprintf(fx.url, sizeof(fx.url), "%s/jg-test-record-XXXXXX",
		 t && *t ? t : "/tmp");
	fd = mkstemp(fx.url);
	if (fd < 0)
		return -1;
	close(fd);
	fx.db = NULL;
	if (db_open(&fx.db, fx.url) || db_exec(fx.db, schema)) {
		fprintf(stderr, "# %s: %s\n", fx.url, db_errmsg(fx.db));
		return -1;
	}
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char p[4200];

	db_close(fx->db);
	unlink(fx->url);
	snprintf(p, sizeof(p), "%s-wal", fx->url);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", fx->url);
	unlink(p);
	return 0;
}

static int64_t
count(struct db *db, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_int_value(db, sql, NULL, 0, &n), 0);
	return n;
}

/* What a refused write must leave as it was. */
struct snapshot {
	int64_t items, audits;
	char *dump;		/* every item row as JSON text */
};

static void
snap(struct db *db, struct snapshot *s)
{
	json_t *rows = json_array();

	s->items = count(db, "SELECT COUNT(*) FROM item");
	s->audits = count(db, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(db_rows_values(db, "SELECT * FROM item ORDER BY id",
					NULL, 0, rows), 0);
	s->dump = json_dumps(rows, JSON_COMPACT);
	json_decref(rows);
}

static void
assert_unchanged(struct db *db, struct snapshot *before)
{
	struct snapshot now;

	snap(db, &now);
	assert_int_equal(now.items, before->items);
	assert_int_equal(now.audits, before->audits);
	assert_string_equal(now.dump, before->dump);
	free(now.dump);
	free(before->dump);
}

/* A valid item's fields, with `extra` (JSON text) merged in. */
static json_t *
item(const char *code, const char *extra)
{
	json_t *in = json_pack("{s:s,s:s}", "code", code, "name", "name");

	if (extra) {
		json_t *more = json_loads(extra, 0, NULL);

		assert_non_null(more);
		json_object_update(in, more);
		json_decref(more);
	}
	return in;
}

static int64_t
create_ok(struct db *db, json_t *in)
{
	struct problem pb = { 0 };
	int64_t id = 0;

	if (record_create(db, &item_table, &actor, in, &id, &pb))
		fail_msg("create refused: %s: %s", pb.field, pb.message);
	assert_true(id > 0);
	json_decref(in);
	return id;
}

/*
 * Creating `in` is refused with rc, naming `field` (with the catalog key
 * of the message people read) and, when `message` is not NULL, saying
 * it; nothing changes.
 */
static void
refused(struct db *db, json_t *in, int rc, const char *field,
	const char *message)
{
	struct snapshot before;
	struct problem pb = { 0 };
	int64_t id = 99;

	snap(db, &before);
	assert_int_equal(record_create(db, &item_table, &actor, in, &id, &pb),
			 rc);
	assert_int_equal(id, 0);
	if (field) {
		assert_non_null(pb.field);
		assert_string_equal(pb.field, field);
		assert_non_null(pb.key);
	} else {
		assert_null(pb.field);
	}
	assert_non_null(pb.message);
	if (message)
		assert_string_equal(pb.message, message);
	json_decref(in);
	assert_unchanged(db, &before);
}

/* record_validate() alone, on create, of one field: 0 or ERR_INVALID. */
static int
validate_one(struct db *db, const char *json)
{
	json_t *in = item("OK-1", json);
	struct problem pb = { 0 };
	int rc = record_validate(db, &item_table, in, true, &pb);

	json_decref(in);
	return rc;
}

static json_t *
get(struct db *db, int64_t id)
{
	json_t *rec = NULL;

	assert_int_equal(record_get(db, &item_table, id, &rec), 0);
	return rec;
}

/* A record of every kind goes in, reads back and is audited. */
static void
test_create_every_kind(void **state)
{
	struct fixture *fx = *state;
	int64_t id;
	json_t *rec;

	id = create_ok(fx->db, item("AB-1", "{\"note\": \"备注\", "
		"\"email\": \"a@b.cn\", \"qty\": 7, \"on_date\": \"2019-11-18\","
		" \"kind\": \"firm\", \"dept_id\": 1, \"price\": 12345, "
		"\"area\": 2550, \"minutes\": 90, "
		"\"starts_at\": \"2019-11-18T01:30:00Z\"}"));
	rec = get(fx->db, id);
	assert_string_equal(json_string_value(json_object_get(rec, "code")),
			    "AB-1");
	assert_string_equal(json_string_value(json_object_get(rec, "note")),
			    "备注");
	assert_int_equal(json_integer_value(json_object_get(rec, "qty")), 7);
	assert_int_equal(json_integer_value(json_object_get(rec, "price")),
			 12345);
	assert_int_equal(json_integer_value(json_object_get(rec, "area")),
			 2550);
	assert_int_equal(json_integer_value(json_object_get(rec, "minutes")),
			 90);
	assert_int_equal(json_integer_value(json_object_get(rec, "dept_id")),
			 1);
	assert_string_equal(json_string_value(json_object_get(rec,
							      "starts_at")),
			    "2019-11-18T01:30:00Z");
	assert_true(json_is_null(json_object_get(rec, "archived_at")));
	json_decref(rec);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM audit_log WHERE "
			       "action = 'create' AND entity = 'item'"), 1);
	assert_true(record_type_integral(REC_INT));
	assert_true(record_type_integral(REC_REF));
	assert_true(record_type_integral(REC_MONEY));
	assert_true(record_type_integral(REC_AREA));
	assert_true(record_type_integral(REC_DURATION));
	assert_false(record_type_integral(REC_TEXT));
	assert_false(record_type_integral(REC_DATE));
	assert_false(record_type_integral(REC_DATETIME));
	assert_false(record_type_integral(REC_ENUM));
}

/* Text: a string of at most max characters (not bytes), without NUL. */
static void
test_text(void **state)
{
	struct fixture *fx = *state;
	json_t *in;

	/* Five characters of three bytes each fit a max of 5. */
	create_ok(fx->db, json_pack("{s:s,s:s}", "code", "C-1", "name",
				    "匠谷产教园"));
	create_ok(fx->db, json_pack("{s:s,s:s}", "code", "C-2", "name",
				    "abcde"));
	refused(fx->db, json_pack("{s:s,s:s}", "code", "C-3", "name",
				  "匠谷产教园区"), ERR_INVALID, "name",
		"name must be at most 5 characters");
	refused(fx->db, json_pack("{s:s,s:s}", "code", "C-3", "name",
				  "abcdef"), ERR_INVALID, "name",
		"name must be at most 5 characters");
	assert_int_equal(record_chars("匠谷产教园区"), 6);
	assert_int_equal(record_chars("a匠b"), 3);
	assert_int_equal(record_chars(""), 0);
	refused(fx->db, json_pack("{s:s,s:i}", "code", "C-3", "name", 12),
		ERR_INVALID, "name", "name must be a string");
	in = json_pack("{s:s}", "code", "C-3");
	json_object_set_new(in, "name", json_stringn("ab\0cd", 5));
	refused(fx->db, in, ERR_INVALID, "name",
		"name must not contain NUL characters");
	/* The code's max of 8 counts after nothing is rewritten. */
	refused(fx->db, item("ABCDEFGHI", NULL), ERR_INVALID, "code",
		"code must be at most 8 characters");
}

/* A member of a record read as text, text or "", and an integer. */
static void
test_members(void **state)
{
	json_t *rec = json_pack("{s:s,s:I,s:n}", "name", "匠谷", "seats",
				(json_int_t)12, "none");

	(void)state;
	assert_string_equal(record_text(rec, "name"), "匠谷");
	assert_null(record_text(rec, "seats"));
	assert_null(record_text(rec, "none"));
	assert_null(record_text(rec, "missing"));
	assert_null(record_text(NULL, "name"));
	assert_string_equal(record_str(rec, "name"), "匠谷");
	assert_string_equal(record_str(rec, "missing"), "");
	assert_string_equal(record_str(NULL, "name"), "");
	assert_int_equal(record_int(rec, "seats"), 12);
	assert_int_equal(record_int(rec, "name"), 0);
	assert_int_equal(record_int(rec, "missing"), 0);
	json_decref(rec);
}

/*
 * A change written outside record_update_in() ends with
 * record_end_change(): audited and committed when it went, the record
 * answered; rolled back, unaudited and unanswered when it did not.
 */
static void
test_end_change(void **state)
{
	struct fixture *fx = *state;
	int64_t id = create_ok(fx->db, item("EC-1", NULL));
	json_t *before = get(fx->db, id), *out = NULL;
	struct db_value v[] = { DB_INT(id) };

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_exec_values(fx->db, "UPDATE item SET qty = 7 "
					"WHERE id = ?", v, 1), 0);
	assert_int_equal(record_end_change(fx->db, 0, &item_table, &actor,
					   "count", id, before, &out), 0);
	assert_int_equal(record_int(out, "qty"), 7);
	json_decref(out);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM audit_log WHERE "
			       "action = 'count' AND after_json LIKE "
			       "'%\"qty\":7%'"), 1);
	out = NULL;
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_exec_values(fx->db, "UPDATE item SET qty = 8 "
					"WHERE id = ?", v, 1), 0);
	assert_int_equal(record_end_change(fx->db, ERR_CONFLICT, &item_table,
					   &actor, "count", id, before, &out),
			 ERR_CONFLICT);
	assert_null(out);
	json_decref(before);
	before = get(fx->db, id);
	assert_int_equal(record_int(before, "qty"), 7);
	json_decref(before);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM audit_log WHERE "
			       "action = 'count'"), 1);
}

/* Required: missing, empty or null on create; empty-null; optional. */
static void
test_required_and_null(void **state)
{
	struct fixture *fx = *state;
	int64_t id;
	json_t *rec;

	refused(fx->db, json_pack("{s:s}", "code", "R-1"), ERR_INVALID,
		"name", "name is required");
	refused(fx->db, json_pack("{s:s,s:s}", "code", "R-1", "name", ""),
		ERR_INVALID, "name", "name is required");
	refused(fx->db, json_pack("{s:s,s:n}", "code", "R-1", "name"),
		ERR_INVALID, "name", "name is required");
	refused(fx->db, json_pack("{s:s}", "name", "x"), ERR_INVALID, "code",
		"code is required");
	/* Optional text given null is kept as "", an empty-null one as NULL. */
	id = create_ok(fx->db, item("R-1", "{\"note\": null, \"email\": \"\"}"));
	rec = get(fx->db, id);
	assert_string_equal(json_string_value(json_object_get(rec, "note")),
			    "");
	assert_true(json_is_null(json_object_get(rec, "email")));
	json_decref(rec);
	/* Two NULLs are no duplicate of a unique column. */
	id = create_ok(fx->db, item("R-2", "{\"email\": null}"));
	rec = get(fx->db, id);
	assert_true(json_is_null(json_object_get(rec, "email")));
	json_decref(rec);
	/* Optional columns of other kinds may be null. */
	create_ok(fx->db, item("R-3", "{\"qty\": null, \"on_date\": null, "
			       "\"dept_id\": null, \"kind\": null}"));
	refused(fx->db, json_string("not an object"), ERR_INVALID, NULL,
		"the body must be a JSON object");
}

/* A duplicate of a unique column is a conflict naming that column. */
static void
test_unique(void **state)
{
	struct fixture *fx = *state;
	struct snapshot before;
	struct problem pb = { 0 };
	json_t *in;
	int64_t a, b;

	a = create_ok(fx->db, item("U-1", "{\"email\": \"one@park.cn\"}"));
	b = create_ok(fx->db, item("U-2", "{\"email\": \"two@park.cn\"}"));
	refused(fx->db, item("U-1", NULL), ERR_CONFLICT, "code",
		"another record has this code");
	/* Canonical forms collide: u-1 is U-1. */
	refused(fx->db, item("u-1", NULL), ERR_CONFLICT, "code",
		"another record has this code");
	refused(fx->db, item("U-3", "{\"email\": \"ONE@park.cn\"}"),
		ERR_CONFLICT, "email", "another record has this email");
	/* On update too, and the record stays as it was. */
	snap(fx->db, &before);
	in = json_pack("{s:s}", "email", "one@park.cn");
	assert_int_equal(record_update(fx->db, &item_table, &actor, b, in,
				       &pb), ERR_CONFLICT);
	assert_string_equal(pb.field, "email");
	assert_string_equal(pb.message, "another record has this email");
	json_decref(in);
	assert_unchanged(fx->db, &before);
	/* Its own value is no duplicate of itself. */
	in = json_pack("{s:s}", "email", "one@park.cn");
	assert_int_equal(record_update(fx->db, &item_table, &actor, a, in,
				       &pb), 0);
	json_decref(in);
}

/* Integers of each kind within [min, max], and only integers. */
static void
test_integers(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		const char *name;
		long long min, max;
	} cases[] = {
		{ "qty", -5, 100 },
		{ "price", 0, 100000000 },
		{ "area", 1, 1000000 },
		{ "minutes", 0, 600 },
	};
	char json[128], message[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = cases[i].name;

		snprintf(message, sizeof(message),
			 "%s must be an integer from %lld to %lld", name,
			 cases[i].min, cases[i].max);
		snprintf(json, sizeof(json), "{\"%s\": %lld}", name,
			 cases[i].min);
		assert_int_equal(validate_one(fx->db, json), 0);
		snprintf(json, sizeof(json), "{\"%s\": %lld}", name,
			 cases[i].max);
		assert_int_equal(validate_one(fx->db, json), 0);
		snprintf(json, sizeof(json), "{\"%s\": %lld}", name,
			 cases[i].min - 1);
		refused(fx->db, item("I-1", json), ERR_INVALID, name, message);
		snprintf(json, sizeof(json), "{\"%s\": %lld}", name,
			 cases[i].max + 1);
		refused(fx->db, item("I-1", json), ERR_INVALID, name, message);
		snprintf(json, sizeof(json), "{\"%s\": \"7\"}", name);
		refused(fx->db, item("I-1", json), ERR_INVALID, name, message);
		snprintf(json, sizeof(json), "{\"%s\": 7.0}", name);
		refused(fx->db, item("I-1", json), ERR_INVALID, name, message);
		snprintf(json, sizeof(json), "{\"%s\": true}", name);
		refused(fx->db, item("I-1", json), ERR_INVALID, name, message);
	}
}

/* Dates of the real calendar, YYYY-MM-DD, and nothing else. */
static void
test_dates(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = {
		"{\"on_date\": \"2019-02-29\"}",
		"{\"on_date\": \"2019-13-01\"}",
		"{\"on_date\": \"2019-11-18T00:00:00Z\"}",
		"{\"on_date\": \"18/11/2019\"}",
		"{\"on_date\": \"\"}",
		"{\"on_date\": 20191118}",
		NULL,
	};

	assert_int_equal(validate_one(fx->db, "{\"on_date\": \"2020-02-29\"}"),
			 0);
	assert_int_equal(validate_one(fx->db, "{\"on_date\": \"2019-11-18\"}"),
			 0);
	for (int i = 0; bad[i]; i++)
		refused(fx->db, item("D-1", bad[i]), ERR_INVALID, "on_date",
			"on_date must be a date, YYYY-MM-DD");
}

/* Local date-times are stored as UTC text: only that form is taken. */
static void
test_datetimes(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = {
		"{\"starts_at\": \"2019-11-18 09:30\"}",
		"{\"starts_at\": \"2019-11-18T09:30:00\"}",
		"{\"starts_at\": \"2019-11-18T09:30:00+08:00\"}",
		"{\"starts_at\": \"2019-11-18\"}",
		"{\"starts_at\": 1574040600}",
		NULL,
	};

	assert_int_equal(validate_one(fx->db, "{\"starts_at\": "
				      "\"2019-11-18T01:30:00Z\"}"), 0);
	for (int i = 0; bad[i]; i++)
		refused(fx->db, item("T-1", bad[i]), ERR_INVALID, "starts_at",
			"starts_at must be a time, YYYY-MM-DDTHH:MM:SSZ");
}

static void
test_enums(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = {
		"{\"kind\": \"Startup\"}",
		"{\"kind\": \"start\"}",
		"{\"kind\": \"startups\"}",
		"{\"kind\": \"\"}",
		"{\"kind\": 1}",
		NULL,
	};

	for (int i = 0; kinds[i]; i++) {
		char json[64];

		snprintf(json, sizeof(json), "{\"kind\": \"%s\"}", kinds[i]);
		assert_int_equal(validate_one(fx->db, json), 0);
	}
	for (int i = 0; bad[i]; i++)
		refused(fx->db, item("E-1", bad[i]), ERR_INVALID, "kind",
			"kind is not one of the allowed values");
}

/* A reference names a record that exists and is not archived. */
static void
test_references(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(validate_one(fx->db, "{\"dept_id\": 1}"), 0);
	refused(fx->db, item("F-1", "{\"dept_id\": 3}"), ERR_INVALID,
		"dept_id", "dept_id refers to no such record");
	refused(fx->db, item("F-1", "{\"dept_id\": 2}"), ERR_INVALID,
		"dept_id", "dept_id refers to no such record");
	refused(fx->db, item("F-1", "{\"dept_id\": 0}"), ERR_INVALID,
		"dept_id", "dept_id must be the id of a record");
	refused(fx->db, item("F-1", "{\"dept_id\": -1}"), ERR_INVALID,
		"dept_id", "dept_id must be the id of a record");
	refused(fx->db, item("F-1", "{\"dept_id\": \"1\"}"), ERR_INVALID,
		"dept_id", "dept_id must be the id of a record");
}

/* A check may rewrite a value: the canonical form is what is stored. */
static void
test_canonical(void **state)
{
	struct fixture *fx = *state;
	struct problem pb = { 0 };
	json_t *in = item("ab-9", "{\"email\": \"Wang@Park.CN\"}");
	int64_t id;
	json_t *rec;

	assert_int_equal(record_validate(fx->db, &item_table, in, true, &pb),
			 0);
	assert_string_equal(json_string_value(json_object_get(in, "code")),
			    "AB-9");
	assert_string_equal(json_string_value(json_object_get(in, "email")),
			    "wang@park.cn");
	json_decref(in);
	id = create_ok(fx->db, item("cd-1", "{\"email\": \"Li@Park.CN\"}"));
	rec = get(fx->db, id);
	assert_string_equal(json_string_value(json_object_get(rec, "code")),
			    "CD-1");
	assert_string_equal(json_string_value(json_object_get(rec, "email")),
			    "li@park.cn");
	json_decref(rec);
	/* Its message, under the field's name. */
	refused(fx->db, item("AB_1", NULL), ERR_INVALID, "code",
		"code must be letters, digits and hyphens");
	refused(fx->db, item("AB-2", "{\"email\": \"nobody\"}"), ERR_INVALID,
		"email", "email must be an address");
}

static void
test_unknown_field(void **state)
{
	struct fixture *fx = *state;

	refused(fx->db, item("N-1", "{\"colour\": \"red\"}"), ERR_INVALID,
		"colour", "unknown field 'colour'");
	refused(fx->db, item("N-1", "{\"id\": 5}"), ERR_INVALID, "id",
		"unknown field 'id'");
	refused(fx->db, item("N-1", "{\"archived_at\": null}"), ERR_INVALID,
		"archived_at", "unknown field 'archived_at'");
}

/* A rule's input of named members only: record_only_fields(). */
static void
test_only_fields(void **state)
{
	static const char *const allowed[] = { "on", "seats", NULL };
	json_t *in = json_pack("{s:s,s:i}", "on", "2026-05-04", "seats", 2);
	json_t *list = json_array();
	struct problem pb = { 0 };

	(void)state;
	assert_int_equal(record_only_fields(in, allowed, &pb), 0);
	json_object_set_new(in, "colour", json_string("red"));
	assert_int_equal(record_only_fields(in, allowed, &pb), ERR_INVALID);
	assert_string_equal(pb.field, "colour");
	assert_string_equal(pb.key, "err.unknown_field");
	assert_string_equal(pb.message, "unknown field 'colour'");
	pb = (struct problem){ 0 };
	assert_int_equal(record_only_fields(list, allowed, &pb), ERR_INVALID);
	assert_null(pb.field);
	assert_string_equal(pb.message, "the body must be a JSON object");
	json_decref(in);
	json_decref(list);
}

/* A read-only column is set on create and refused on update. */
static void
test_readonly_on_update(void **state)
{
	struct fixture *fx = *state;
	struct snapshot before;
	struct problem pb = { 0 };
	int64_t id = create_ok(fx->db, item("RO-1", NULL));
	json_t *in, *rec;

	snap(fx->db, &before);
	in = json_pack("{s:s,s:s}", "name", "new", "code", "RO-2");
	assert_int_equal(record_update(fx->db, &item_table, &actor, id, in,
				       &pb), ERR_INVALID);
	assert_string_equal(pb.field, "code");
	assert_string_equal(pb.message, "code cannot be changed");
	json_decref(in);
	assert_unchanged(fx->db, &before);
	/* Other fields change, audited with before and after. */
	in = json_pack("{s:s,s:i}", "name", "new", "qty", 3);
	assert_int_equal(record_update(fx->db, &item_table, &actor, id, in,
				       &pb), 0);
	json_decref(in);
	rec = get(fx->db, id);
	assert_string_equal(json_string_value(json_object_get(rec, "name")),
			    "new");
	assert_string_equal(json_string_value(json_object_get(rec, "code")),
			    "RO-1");
	json_decref(rec);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM audit_log WHERE "
			       "action = 'update' AND before_json LIKE "
			       "'%\"name\":\"name\"%' AND after_json LIKE "
			       "'%\"name\":\"new\"%'"), 1);
	/* Validation on update names the field as on create. */
	in = json_pack("{s:i}", "qty", 101);
	assert_int_equal(record_update(fx->db, &item_table, &actor, id, in,
				       &pb), ERR_INVALID);
	assert_string_equal(pb.field, "qty");
	json_decref(in);
	/* Required columns need not be given again, but not emptied. */
	in = json_pack("{s:s}", "name", "");
	assert_int_equal(record_update(fx->db, &item_table, &actor, id, in,
				       &pb), ERR_INVALID);
	assert_string_equal(pb.field, "name");
	json_decref(in);
	/* An archived record changes no more. */
	assert_int_equal(record_archive(fx->db, &item_table, &actor, id, &pb),
			 0);
	in = json_pack("{s:s}", "name", "later");
	assert_int_equal(record_update(fx->db, &item_table, &actor, id, in,
				       &pb), ERR_CONFLICT);
	json_decref(in);
	in = json_pack("{s:s}", "name", "later");
	assert_int_equal(record_update(fx->db, &item_table, &actor, id + 100,
				       in, &pb), ERR_NOTFOUND);
	json_decref(in);
}

/* The same items, named by their name for those who refer to them. */
static const struct record_table titled_table = {
	.table = "item",
	.entity = "item",
	.columns = item_columns,
	.prefix = "item",
	.title = "name || ' ' || kind",
};

/*
 * Titles are read for many ids at once (archived records too, unknown
 * ids left out) and found again from what a person typed: by title or by
 * code, live records only, one or it is ambiguous.
 */
static void
test_titles(void **state)
{
	struct fixture *fx = *state;
	int64_t ids[250], id;
	json_t *titles;
	char sql[256];

	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO item (id, code, name, "
			 "kind, created_at, updated_at, archived_at) VALUES "
			 "(%d, 'T-%d', '%s', 'a', '', '', %s)", i + 1, i + 1,
			 i == 2 ? "钳子" : "扳手", i == 1 ?
			 "'2019-01-01T00:00:00Z'" : "NULL");
		assert_int_equal(db_exec(fx->db, sql), 0);
	}
	/* More ids than one statement reads, most of them unknown. */
	for (int i = 0; i < 250; i++)
		ids[i] = 250 - i;
	assert_int_equal(record_titles(fx->db, &titled_table, ids, 250,
				       &titles), 0);
	assert_int_equal(json_object_size(titles), 3);
	assert_string_equal(json_string_value(json_object_get(titles, "1")),
			    "扳手 a");
	assert_string_equal(json_string_value(json_object_get(titles, "2")),
			    "扳手 a");
	assert_string_equal(json_string_value(json_object_get(titles, "3")),
			    "钳子 a");
	json_decref(titles);
	/* No ids, no titles; no title, no answer. */
	assert_int_equal(record_titles(fx->db, &titled_table, ids, 0,
				       &titles), 0);
	assert_int_equal(json_object_size(titles), 0);
	json_decref(titles);
	assert_int_equal(record_titles(fx->db, &item_table, ids, 3, &titles),
			 ERR_INVALID);
	json_decref(titles);

	/* Item 2 is archived: "扳手 a" names item 1 alone. */
	assert_int_equal(record_find_titled(fx->db, &titled_table,
					    " 扳手 a\t", &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(record_find_titled(fx->db, &titled_table, "T-3",
					    &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(record_find_titled(fx->db, &titled_table, "T-2",
					    &id), ERR_NOTFOUND);
	assert_int_equal(id, 0);
	assert_int_equal(record_find_titled(fx->db, &titled_table, "扳手",
					    &id), ERR_NOTFOUND);
	assert_int_equal(record_find_titled(fx->db, &titled_table, "  ",
					    &id), ERR_INVALID);
	assert_int_equal(record_find_titled(fx->db, &item_table, "T-1", &id),
			 ERR_INVALID);
	/* Two live records of one title: ambiguous. */
	assert_int_equal(db_exec(fx->db, "UPDATE item SET archived_at = NULL "
				 "WHERE id = 2"), 0);
	assert_int_equal(record_find_titled(fx->db, &titled_table, "扳手 a",
					    &id), ERR_CONFLICT);
	assert_int_equal(id, 0);
}

/* Import `row` (JSON text) into cells; expect rc and the row or pb. */
static void
expect_cells(struct db *db, const char *row_json, int rc, const char *want)
{
	json_t *row = json_loads(row_json, 0, NULL);
	struct problem pb = { 0 };
	char got[512], *text;

	assert_non_null(row);
	assert_int_equal(record_import_cells(db, &item_table, row, &pb), rc);
	if (rc) {
		assert_non_null(pb.field);
		snprintf(got, sizeof(got), "%s: %s", pb.field, pb.message);
	} else {
		text = json_dumps(row, JSON_SORT_KEYS | JSON_COMPACT);
		snprintf(got, sizeof(got), "%s", text);
		free(text);
	}
	assert_string_equal(got, want);
	json_decref(row);
}

/*
 * An import's cells are read as exports write them (record/api.h):
 * references by title or id, money and areas in 元 and ㎡, hours,
 * Beijing times; what does not read is refused naming the column.
 */
static void
test_import_cells(void **state)
{
	static const struct record_column dept_columns[] = {
		{ "name", REC_TEXT, REC_REQUIRED, 50 },
		{ NULL },
	};
	static const struct record_table dept_table = {
		.table = "dept", .entity = "dept", .columns = dept_columns,
		.prefix = "dept", .title = "name",
	};
	static const struct record_table *const tables[] = {
		&dept_table, NULL,
	};
	struct fixture *fx = *state;

	record_register(tables);
	expect_cells(fx->db, "{\"kind\":\"Firm\",\"dept_id\":\"open\","
		     "\"price\":\"1,234.56\",\"area\":\"12.5\","
		     "\"minutes\":\"1.5\",\"starts_at\":\"2019-11-18 11:20\","
		     "\"qty\":\"7\",\"note\":null,\"on_date\":\"2019-11-18\"}",
		     0, "{\"area\":1250,\"dept_id\":1,\"kind\":\"firm\","
		     "\"minutes\":90,\"on_date\":\"2019-11-18\","
		     "\"price\":123456,\"qty\":7,"
		     "\"starts_at\":\"2019-11-18T03:20:00Z\"}");
	/* An id, a stored time, and a code no label has, left to validate. */
	expect_cells(fx->db, "{\"dept_id\":\"2\",\"starts_at\":"
		     "\"2019-11-18T03:20:00Z\",\"kind\":\"park\"}", 0,
		     "{\"dept_id\":2,\"kind\":\"park\","
		     "\"starts_at\":\"2019-11-18T03:20:00Z\"}");
	expect_cells(fx->db, "{\"dept_id\":\"archived\"}", ERR_INVALID,
		     "dept_id: no record has this name or code");
	expect_cells(fx->db, "{\"price\":\"20.505\"}", ERR_INVALID,
		     "price: not an amount in yuan, such as 1,234.50");
	expect_cells(fx->db, "{\"area\":\"12 m2\"}", ERR_INVALID,
		     "area: not an area in square metres, such as 120.50");
	expect_cells(fx->db, "{\"minutes\":\"1h\"}", ERR_INVALID,
		     "minutes: not a number of hours, such as 1.5");
	expect_cells(fx->db, "{\"starts_at\":\"2019-11-18\"}", ERR_INVALID,
		     "starts_at: not a Beijing time, YYYY-MM-DD HH:MM");
	assert_int_equal(db_exec(fx->db, "INSERT INTO dept (id, name, "
				 "created_at, updated_at) VALUES (3, 'open', "
				 "'', '')"), 0);
	expect_cells(fx->db, "{\"dept_id\":\"open\"}", ERR_INVALID,
		     "dept_id: several records have this name or code");
}

/* The key `json` (one field of an item) is refused with, and its numbers. */
static void
refused_by(struct db *db, const char *json, const char *key, long long min,
	   long long max)
{
	json_t *in = item("K-1", json);
	struct problem pb = { 0 };

	assert_int_equal(record_validate(db, &item_table, in, true, &pb),
			 ERR_INVALID);
	assert_non_null(pb.key);
	assert_string_equal(pb.key, key);
	assert_int_equal(pb.min, min);
	assert_int_equal(pb.max, max);
	json_decref(in);
}

/*
 * Each refusal carries the catalog key people read it by: typed values
 * ask for input, chosen ones for a choice; lengths and ranges carry
 * their numbers; a column's check gives its own key.
 */
static void
test_message_keys(void **state)
{
	struct fixture *fx = *state;

	refused_by(fx->db, "{\"name\": \"\"}", "err.required", 0, 0);
	refused_by(fx->db, "{\"name\": \"toolong\"}", "err.too_long", 0, 5);
	refused_by(fx->db, "{\"name\": 5}", "err.text", 0, 0);
	refused_by(fx->db, "{\"qty\": 101}", "err.range", -5, 100);
	refused_by(fx->db, "{\"price\": -1}", "err.amount", 0, 100000000);
	refused_by(fx->db, "{\"on_date\": \"2019-02-29\"}", "err.date", 0,
		   0);
	refused_by(fx->db, "{\"starts_at\": \"today\"}", "err.time", 0, 0);
	refused_by(fx->db, "{\"kind\": \"pub\"}", "err.choice", 0, 0);
	refused_by(fx->db, "{\"dept_id\": \"Sales\"}", "err.ref_pick", 0, 0);
	refused_by(fx->db, "{\"dept_id\": 2}", "err.ref_gone", 0, 0);
	refused_by(fx->db, "{\"colour\": \"red\"}", "err.unknown_field", 0,
		   0);
	refused_by(fx->db, "{\"email\": \"nobody\"}", "item.err.email", 0,
		   0);
}

#define RECORD_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		RECORD_TEST(test_create_every_kind),
		RECORD_TEST(test_text),
		RECORD_TEST(test_members),
		RECORD_TEST(test_required_and_null),
		RECORD_TEST(test_unique),
		RECORD_TEST(test_integers),
		RECORD_TEST(test_dates),
		RECORD_TEST(test_datetimes),
		RECORD_TEST(test_enums),
		RECORD_TEST(test_references),
		RECORD_TEST(test_canonical),
		RECORD_TEST(test_unknown_field),
		RECORD_TEST(test_only_fields),
		RECORD_TEST(test_end_change),
		RECORD_TEST(test_readonly_on_update),
		RECORD_TEST(test_titles),
		RECORD_TEST(test_import_cells),
		RECORD_TEST(test_message_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
