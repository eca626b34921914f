/*
 * tables.c - the tables of the party ledger, described once (record.h):
 * organisations, people and affiliations, with the checks of their
 * identifiers. Validation, audited writes, the list pages, the search,
 * exports and imports all come from these descriptions.
 */
#include <string.h>

#include "base/cnid.h"
#include "base/err.h"
#include "party/party.h"
#include "party/party_int.h"
#include "record/record.h"

const char *const party_org_kinds[] = {
	"park", "enterprise", "startup", "university", "vocational_college",
	"institute", "investor", "government", NULL
};

const char *const party_roles[] = {
	"student", "trainee", "apprentice", "employee", "founder", "mentor",
	"expert", "teacher", "contact", NULL
};

int
party_check_credit_code(const char **value, char canon[64],
			struct problem *pb)
{
	size_t n = strlen(*value);
	char want;

	if (n != PARTY_CREDIT_CODE_LEN)
		return problem_key(pb, ERR_INVALID, NULL,
				   "party.err.credit_code_length",
				   "credit_code must be 18 characters");
	for (size_t i = 0; i < n; i++) {
		char c = (*value)[i];

		canon[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	canon[n] = '\0';
	want = cn_credit_code_check(canon);
	if (!want)
		return problem_key(pb, ERR_INVALID, NULL,
				   "party.err.credit_code_chars",
				   "credit_code may use only digits and the "
				   "letters A-H J-N P-R T U W-Y");
	if (want != canon[17])
		return problem_key(pb, ERR_INVALID, NULL,
				   "party.err.credit_code_check",
				   "credit_code has a wrong check character");
	*value = canon;
	return 0;
}

static int
check_mobile(const char **value, char canon[64], struct problem *pb)
{
	if (!cn_mobile_normalize(*value, canon))
		return problem_key(pb, ERR_INVALID, NULL, "party.err.mobile",
				   "mobile must be a mainland mobile number "
				   "(11 digits starting with 13-19)");
	*value = canon;
	return 0;
}

static int
check_email(const char **value, char canon[64], struct problem *pb)
{
	const char *at = strchr(*value, '@');

	(void)canon;
	if (!at || at == *value || strchr(at + 1, '@') ||
	    !strchr(at + 1, '.') || strpbrk(*value, " \t<>,;") ||
	    at[1] == '.' || (*value)[strlen(*value) - 1] == '.')
		return problem_key(pb, ERR_INVALID, NULL, "party.err.email",
				   "email must look like name@example.cn");
	return 0;
}

/* Shown in the list, exported and imported: the everyday columns. */
#define ALL (REC_LIST | REC_EXPORT | REC_IMPORT)
#define OUT (REC_EXPORT | REC_IMPORT)

static const struct record_column org_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL, NULL,
	  NULL, 0, "长春九台示例科技有限公司" },
	{ "kind", REC_ENUM, REC_REQUIRED | ALL, 0, party_org_kinds, NULL,
	  NULL, 0, "enterprise" },
	{ "name_en", REC_TEXT, REC_EMPTY_NULL | OUT | REC_SEARCH, 200, NULL,
	  NULL },
	{ "credit_code", REC_TEXT, REC_UNIQUE | REC_EMPTY_NULL | ALL |
	  REC_SEARCH | REC_CODE, PARTY_CREDIT_CODE_LEN, NULL,
	  party_check_credit_code, NULL, 0, "91220113MA0000001F" },
	{ "parent_id", REC_REF, OUT, 0, NULL, NULL, "org" },
	{ "founded_on", REC_DATE, OUT, 0, NULL, NULL, NULL, 0, "2019-06-01" },
	{ "address", REC_TEXT, ALL | REC_SEARCH, 200, NULL, NULL, NULL, 0,
	  "长春市九台经济开发区" },
	{ "contact_name", REC_TEXT, OUT, 50, NULL, NULL },
	{ "contact_phone", REC_TEXT, OUT | REC_PERSONAL, 30, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table party_org_table = {
	"org", "org", org_columns, NULL, "org_fts", "id DESC", NULL, NULL,
	"org", "/orgs", "name",
};

static const struct record_column person_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 50, NULL, NULL,
	  NULL, 0, "张伟" },
	{ "mobile", REC_TEXT, REC_UNIQUE | REC_EMPTY_NULL | ALL | REC_SEARCH |
	  REC_PERSONAL, 20, NULL, check_mobile, NULL, 0, "13800001234" },
	{ "email", REC_TEXT, REC_EMPTY_NULL | ALL | REC_SEARCH, 100, NULL,
	  check_email },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table party_person_table = {
	"person", "person", person_columns, NULL, "person_fts", "id DESC",
	NULL, NULL, "person", "/people", "name",
};

const char *const party_leave_reasons[] = {
	"resigned", "dismissed", "contract_ended", NULL
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
	/* Why an employee left: set by party_leave() (or staff's PATCH). */
	{ "leave_reason", REC_ENUM, REC_DERIVED, 0, party_leave_reasons,
	  NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* A role cannot end before it began; only an ended employment has a
 * reason it ended. */
static int
check_affiliation(json_t *rec, struct problem *pb)
{
	const char *role = record_text(rec, "role");
	int rc = record_check_since_until(rec, pb);

	if (rc || !json_is_string(json_object_get(rec, "leave_reason")))
		return rc;
	if (!role || strcmp(role, "employee") ||
	    !json_is_string(json_object_get(rec, "until")))
		return problem_key(pb, ERR_INVALID, "leave_reason",
				   "party.err.leave_reason",
				   "leave_reason is for an employment that "
				   "ended: role employee, with until");
	return 0;
}

const struct record_table party_affiliation_table = RECORD_TABLE(
	"affiliation", affiliation_columns, "since DESC, id DESC",
	check_affiliation, NULL, NULL);

static const struct record_column leave_columns[] = {
	{ "until", REC_DATE, REC_REQUIRED, 0, NULL, NULL },
	{ "leave_reason", REC_ENUM, REC_REQUIRED, 0, party_leave_reasons,
	  NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table party_leave_table = {
	NULL, NULL, leave_columns, NULL, NULL, NULL, NULL, NULL,
	"affiliation",
};
