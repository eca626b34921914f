/*
 * party.c - the tables of the party ledger and its checks (party.h).
 */
#include <string.h>

#include "base/cnid.h"
#include "base/err.h"
#include "db/db.h"
#include "import/import.h"
#include "party/party.h"

const char *const party_org_kinds[] = {
	"park", "enterprise", "startup", "university", "vocational_college",
	"institute", "investor", "government", NULL
};

const char *const party_roles[] = {
	"student", "trainee", "apprentice", "employee", "founder", "mentor",
	"expert", "teacher", "contact", NULL
};

/* A credit code: upper-cased, then the GB 32100-2015 check character. */
static const char *
check_credit_code(const char **value, char canon[64])
{
	size_t n = strlen(*value);
	char want;

	if (n != 18)
		return "credit_code must be 18 characters";
	for (size_t i = 0; i < n; i++) {
		char c = (*value)[i];

		canon[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	canon[n] = '\0';
	want = cn_credit_code_check(canon);
	if (!want)
		return "credit_code may use only digits and the letters "
		       "A-H J-N P-R T U W-Y";
	if (want != canon[17])
		return "credit_code has a wrong check character";
	*value = canon;
	return NULL;
}

static const char *
check_mobile(const char **value, char canon[64])
{
	if (!cn_mobile_normalize(*value, canon))
		return "mobile must be a mainland mobile number (11 digits "
		       "starting with 13-19)";
	*value = canon;
	return NULL;
}

static const char *
check_email(const char **value, char canon[64])
{
	const char *at = strchr(*value, '@');

	(void)canon;
	if (!at || at == *value || strchr(at + 1, '@') ||
	    !strchr(at + 1, '.') || strpbrk(*value, " \t<>,;") ||
	    at[1] == '.' || (*value)[strlen(*value) - 1] == '.')
		return "email must look like name@example.cn";
	return NULL;
}

static const struct record_column org_columns[] = {
	{ "kind", REC_ENUM, REC_REQUIRED, 0, party_org_kinds, NULL },
	{ "name", REC_TEXT, REC_REQUIRED, 100, NULL, NULL },
	{ "name_en", REC_TEXT, REC_EMPTY_NULL, 200, NULL, NULL },
	{ "credit_code", REC_TEXT, REC_UNIQUE | REC_EMPTY_NULL, 18, NULL,
	  check_credit_code },
	{ "parent_id", REC_REF, 0, 0, NULL, NULL, "org" },
	{ "founded_on", REC_DATE, 0, 0, NULL, NULL },
	{ "address", REC_TEXT, 0, 200, NULL, NULL },
	{ "contact_name", REC_TEXT, 0, 50, NULL, NULL },
	{ "contact_phone", REC_TEXT, 0, 30, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const org_search[] = {
	"name", "name_en", "credit_code", "address", NULL
};

const struct record_table party_org_table = {
	"org", "org", org_columns, org_search, "org_fts", "id DESC",
};

static const struct record_column person_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED, 50, NULL, NULL },
	{ "mobile", REC_TEXT, REC_UNIQUE | REC_EMPTY_NULL, 20, NULL,
	  check_mobile },
	{ "email", REC_TEXT, REC_EMPTY_NULL, 100, NULL, check_email },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const char *const person_search[] = { "name", "mobile", "email", NULL };

const struct record_table party_person_table = {
	"person", "person", person_columns, person_search, "person_fts",
	"id DESC",
};

static const struct record_column affiliation_columns[] = {
	{ "person_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "person" },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY, 0, NULL, NULL,
	  "org" },
	{ "role", REC_ENUM, REC_REQUIRED, 0, party_roles, NULL },
	{ "title", REC_TEXT, 0, 50, NULL, NULL },
	{ "since", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "until", REC_DATE, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* A role cannot end before it began. */
static int
check_affiliation(json_t *rec, struct problem *pb)
{
	const char *since = json_string_value(json_object_get(rec, "since"));
	const char *until = json_string_value(json_object_get(rec, "until"));

	if (since && until && strcmp(until, since) < 0)
		return problem(pb, ERR_INVALID, "until",
			       "until must not be before since");
	return 0;
}

const struct record_table party_affiliation_table = {
	"affiliation", "affiliation", affiliation_columns, NULL, NULL,
	"since DESC, id DESC", check_affiliation,
};

const struct import_column party_org_import[PARTY_ORG_NIMPORT] = {
	{ "name", "名称", "Name", true, "长春九台示例科技有限公司" },
	{ "kind", "类别", "Kind", true, "enterprise" },
	{ "name_en", "英文名称", "English name", false, NULL },
	{ "credit_code", "统一社会信用代码", "Credit code", false,
	  "91220113MA0000001F" },
	{ "parent_id", "上级机构编号", "Parent id", false, NULL },
	{ "founded_on", "成立日期", "Founded", false, "2019-06-01" },
	{ "address", "地址", "Address", false, "长春市九台经济开发区" },
	{ "contact_name", "联系人", "Contact", false, NULL },
	{ "contact_phone", "联系电话", "Contact phone", false, NULL },
};

const struct import_column party_person_import[PARTY_PERSON_NIMPORT] = {
	{ "name", "姓名", "Name", true, "张伟" },
	{ "mobile", "手机号", "Mobile", false, "13800001234" },
	{ "email", "邮箱", "Email", false, NULL },
};

int
party_org_get(struct db *db, int64_t id, json_t **out)
{
	return record_get(db, &party_org_table, id, out);
}

int
party_person_get(struct db *db, int64_t id, json_t **out)
{
	return record_get(db, &party_person_table, id, out);
}

int
party_affiliations_of(struct db *db, int64_t person_id, int64_t org_id,
		      json_t **items)
{
	struct db_value v[] = { DB_INT(person_id > 0 ? person_id : org_id) };
	struct db_stmt *st;
	int rc;

	*items = json_array();
	rc = db_prepare(db, &st, person_id > 0 ?
		"SELECT a.id, a.person_id, a.org_id, a.role, a.title, a.since, "
		"a.until, o.name AS org_name, p.name AS person_name "
		"FROM affiliation a JOIN org o ON o.id = a.org_id "
		"JOIN person p ON p.id = a.person_id WHERE a.person_id = ? "
		"AND a.archived_at IS NULL ORDER BY a.since, a.id" :
		"SELECT a.id, a.person_id, a.org_id, a.role, a.title, a.since, "
		"a.until, o.name AS org_name, p.name AS person_name "
		"FROM affiliation a JOIN org o ON o.id = a.org_id "
		"JOIN person p ON p.id = a.person_id WHERE a.org_id = ? "
		"AND a.archived_at IS NULL ORDER BY a.since, a.id");
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_rows_to_json(st, *items);
	db_finalize(st);
	return rc;
}

/* Rows of (name, n) into an object {name: n}. */
static int
count_into(struct db *db, const char *sql, json_t *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, &st, sql);

	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_object_set_new(out, db_column_text(st, 0),
				    json_integer(db_column_int(st, 1)));
	db_finalize(st);
	return rc;
}

int
party_counts(struct db *db, json_t **orgs_by_kind, json_t **people_by_role)
{
	int rc;

	*orgs_by_kind = json_object();
	*people_by_role = json_object();
	rc = count_into(db, "SELECT kind, COUNT(*) FROM org WHERE "
			"archived_at IS NULL GROUP BY kind", *orgs_by_kind);
	if (!rc)
		rc = count_into(db, "SELECT role, COUNT(DISTINCT person_id) "
				"FROM affiliation WHERE archived_at IS NULL "
				"AND until IS NULL GROUP BY role",
				*people_by_role);
	return rc;
}
