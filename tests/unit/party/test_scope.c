/*
 * test_scope.c - whom a caller may list or name (party_scope_of(),
 * party.h), on an in-memory SQLite database migrated with the built-in
 * migrations: staff everyone; an enterprise or college account its own
 * organisation and the people affiliated with it; a person's account
 * itself and its organisations; archived records and affiliations out of
 * reach; nobody else anything.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "db/db.h"
#include "db/migrate.h"
#include "party/party.h"

static const struct audit_actor actor = { 0, "system", "local" };

struct world {
	struct db *db;
	int64_t firm, other_firm, college, gone_org;
	int64_t employee, former, outsider, student, archived_person;
	int64_t archived_tie, stranger;
};

static int64_t
make(struct db *db, const struct record_table *t, json_t *in)
{
	struct problem pb = { 0 };
	int64_t id;

	assert_int_equal(record_create_in(db, t, &actor, in, &id, &pb), 0);
	json_decref(in);
	return id;
}

static int64_t
org(struct db *db, const char *kind, const char *name)
{
	return make(db, &party_org_table, json_pack("{s:s,s:s}", "kind", kind,
						    "name", name));
}

static int64_t
person(struct db *db, const char *name)
{
	return make(db, &party_person_table, json_pack("{s:s}", "name", name));
}

static int64_t
tie(struct db *db, int64_t person_id, int64_t org_id, const char *role,
    const char *until)
{
	json_t *in = json_pack("{s:I,s:I,s:s,s:s}", "person_id",
			       (json_int_t)person_id, "org_id",
			       (json_int_t)org_id, "role", role, "since",
			       "2015-01-01");

	if (until)
		json_object_set_new(in, "until", json_string(until));
	return make(db, &party_affiliation_table, in);
}

static int
setup(void **state)
{
	struct migration_set set;
	struct world *w = calloc(1, sizeof(*w));
	struct problem pb = { 0 };
	char err[256];
	int64_t id;

	assert_non_null(w);
	assert_int_equal(db_open(&w->db, ":memory:"), 0);
	assert_int_equal(migration_set_load(&set, DB_SQLITE, NULL, err,
					    sizeof(err)), 0);
	assert_int_equal(migrate_up(w->db, &set, NULL, &(int){ 0 }, NULL), 0);
	migration_set_release(&set);

	assert_int_equal(db_begin(w->db), 0);
	w->firm = org(w->db, "enterprise", "长春示例机械有限公司");
	w->other_firm = org(w->db, "enterprise", "九台示例物流有限公司");
	w->college = org(w->db, "vocational_college", "示例技师学院");
	w->gone_org = org(w->db, "enterprise", "已注销示例公司");
	w->employee = person(w->db, "王师傅");
	w->former = person(w->db, "李前员工");
	w->outsider = person(w->db, "赵外人");
	w->student = person(w->db, "钱学生");
	w->archived_person = person(w->db, "孙已归档");
	w->archived_tie = person(w->db, "周误录");
	w->stranger = person(w->db, "吴路人");
	tie(w->db, w->employee, w->firm, "employee", NULL);
	tie(w->db, w->former, w->firm, "employee", "2018-12-31");
	tie(w->db, w->outsider, w->other_firm, "employee", NULL);
	tie(w->db, w->student, w->college, "student", NULL);
	tie(w->db, w->student, w->gone_org, "trainee", NULL);
	tie(w->db, w->archived_person, w->firm, "contact", NULL);
	id = tie(w->db, w->archived_tie, w->firm, "employee", NULL);
	assert_int_equal(db_commit(w->db), 0);
	assert_int_equal(record_archive(w->db, &party_affiliation_table,
					&actor, id, &pb), 0);
	assert_int_equal(record_archive(w->db, &party_person_table, &actor,
					w->archived_person, &pb), 0);
	assert_int_equal(record_archive(w->db, &party_org_table, &actor,
					w->gone_org, &pb), 0);
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;

	db_close(w->db);
	free(w);
	return 0;
}

static bool
may(struct world *w, const struct principal *p, enum party_kind kind,
    int64_t id)
{
	bool yes = true;

	assert_int_equal(party_scope_of(w->db, p, kind, id, &yes), 0);
	return yes;
}

static void
test_staff(void **state)
{
	struct world *w = *state;
	struct principal staff = { .account_id = 1, .roles = ROLE_ADMIN };

	assert_true(may(w, &staff, PARTY_PERSON, w->stranger));
	assert_true(may(w, &staff, PARTY_PERSON, w->archived_person));
	assert_true(may(w, &staff, PARTY_ORG, w->other_firm));
	assert_true(may(w, &staff, PARTY_ORG, w->gone_org));
	assert_false(may(w, &staff, PARTY_PERSON, 999999));
	assert_false(may(w, &staff, PARTY_ORG, 999999));
	assert_false(may(w, &staff, PARTY_PERSON, 0));
}

static void
test_enterprise(void **state)
{
	struct world *w = *state;
	struct principal firm = { .account_id = 2, .roles = ROLE_ENTERPRISE,
				  .org_id = w->firm };

	/* Its firm and the people affiliated with it, past ones too. */
	assert_true(may(w, &firm, PARTY_ORG, w->firm));
	assert_true(may(w, &firm, PARTY_PERSON, w->employee));
	assert_true(may(w, &firm, PARTY_PERSON, w->former));
	/* Nobody else: another firm's, a stranger, archived ties. */
	assert_false(may(w, &firm, PARTY_ORG, w->other_firm));
	assert_false(may(w, &firm, PARTY_PERSON, w->outsider));
	assert_false(may(w, &firm, PARTY_PERSON, w->stranger));
	assert_false(may(w, &firm, PARTY_PERSON, w->student));
	assert_false(may(w, &firm, PARTY_PERSON, w->archived_person));
	assert_false(may(w, &firm, PARTY_PERSON, w->archived_tie));
	assert_false(may(w, &firm, PARTY_PERSON, 999999));
}

static void
test_person_accounts(void **state)
{
	struct world *w = *state;
	struct principal trainee = { .account_id = 3, .roles = ROLE_TRAINEE,
				     .person_id = w->student };
	/* A master's teacher account of the firm acts for no one. */
	struct principal master = { .account_id = 4, .roles = ROLE_TEACHER,
				    .org_id = w->firm,
				    .person_id = w->employee };
	struct principal college = { .account_id = 5, .roles = ROLE_COLLEGE,
				     .org_id = w->college };

	assert_true(may(w, &trainee, PARTY_PERSON, w->student));
	assert_true(may(w, &trainee, PARTY_ORG, w->college));
	assert_false(may(w, &trainee, PARTY_ORG, w->gone_org));
	assert_false(may(w, &trainee, PARTY_ORG, w->firm));
	assert_false(may(w, &trainee, PARTY_PERSON, w->employee));

	assert_true(may(w, &master, PARTY_PERSON, w->employee));
	assert_true(may(w, &master, PARTY_ORG, w->firm));
	assert_false(may(w, &master, PARTY_PERSON, w->former));

	assert_true(may(w, &college, PARTY_ORG, w->college));
	assert_true(may(w, &college, PARTY_PERSON, w->student));
	assert_false(may(w, &college, PARTY_PERSON, w->employee));
}

static void
test_nobody(void **state)
{
	struct world *w = *state;
	struct principal viewer = { .account_id = 6, .roles = ROLE_VIEWER };
	struct principal orgless = { .account_id = 7,
				     .roles = ROLE_ENTERPRISE };
	bool yes = true;

	assert_false(may(w, &viewer, PARTY_PERSON, w->employee));
	assert_false(may(w, &viewer, PARTY_ORG, w->firm));
	assert_false(may(w, &orgless, PARTY_PERSON, w->employee));
	assert_false(may(w, &orgless, PARTY_ORG, w->firm));
	assert_int_equal(party_scope_of(w->db, NULL, PARTY_PERSON,
					w->employee, &yes), 0);
	assert_false(yes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff),
		cmocka_unit_test(test_enterprise),
		cmocka_unit_test(test_person_accounts),
		cmocka_unit_test(test_nobody),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
