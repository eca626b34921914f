/*
 * test_perm.c - tests of the permission table (src/auth/perm.c) through
 * auth.h: nobody signed in is ERR_UNAUTH everywhere; admins may do
 * everything; a role may act on any record, on its own organisation's
 * only (never on another's, nor on a record of no organisation), on its
 * own records only (which no organisation tells: auth_require() refuses,
 * auth_may_call() admits, auth_scope_org() gives no organisation), or not
 * at all; several roles give the widest of their scopes; auth_scope_org()
 * answers what lists filter by; auth_authorize(), the server's gate,
 * refuses PERM_NONE and numbers outside the table; the matrix
 * (auth_perm_roles(), perm_name(), auth_route_roles(), auth_openapi_roles())
 * says the same as the checks, for every action and role.
 *
 * The expected table below is written out from the policy as
 * docs/ARCHITECTURE.md and the comments of auth.h state it, row by row,
 * so that a change to perm.c shows here as a change of policy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/http.h"

#define STAFF_ONLY { 0, 0, 0 }
#define NON_ADMIN ROLES_EXCEPT(ROLE_ADMIN)

/*
 * Roles that may act on any record, on their organisation's only, and on
 * their own records only.
 */
static const struct {
	unsigned all, org, own;
} expected[PERM_COUNT] = {
	[PERM_NONE] = STAFF_ONLY,
	[PERM_ACCOUNT_MANAGE] = STAFF_ONLY,
	[PERM_ACCOUNT_READ] = STAFF_ONLY,
	[PERM_SESSION_MANAGE] = STAFF_ONLY,
	[PERM_AUDIT_READ] = STAFF_ONLY,
	[PERM_SETTINGS_WRITE] = STAFF_ONLY,
	[PERM_SETTINGS_READ] = { ROLE_VIEWER, 0 },
	[PERM_NOTIFY_SEND] = STAFF_ONLY,
	[PERM_UPLOAD_CREATE] = { ROLE_ENTERPRISE | ROLE_COLLEGE | ROLE_TEACHER |
				 ROLE_TRAINEE | ROLE_EXPERT | ROLE_APPLICANT,
				 0 },
	[PERM_UPLOAD_READ] = { 0, NON_ADMIN },
	[PERM_UPLOAD_MANAGE] = STAFF_ONLY,
	[PERM_JOBS_RUN] = STAFF_ONLY,
	[PERM_ORG_READ] = { NON_ADMIN, 0 },
	[PERM_PERSON_READ] = STAFF_ONLY,
	[PERM_PARTY_WRITE] = STAFF_ONLY,
	[PERM_PARTY_LEAVE] = { 0, ROLE_ENTERPRISE },
	[PERM_INC_READ] = { 0, ROLE_ENTERPRISE, ROLE_EXPERT },
	[PERM_INC_WRITE] = STAFF_ONLY,
	[PERM_INC_SESSION_WRITE] = { 0, 0, ROLE_EXPERT },
	[PERM_INC_FIGURES] = { ROLE_VIEWER, 0 },
	[PERM_INC_APPLY] = { 0, 0, ROLE_APPLICANT | ROLE_ENTERPRISE },
	[PERM_INC_REVIEW] = { 0, 0, ROLE_EXPERT },
	[PERM_INC_SPACE_READ] = STAFF_ONLY,
	[PERM_INC_SPACE_WRITE] = STAFF_ONLY,
	[PERM_INC_LEASE_READ] = { 0, ROLE_ENTERPRISE },
	[PERM_INC_REPORT_READ] = { 0, ROLE_ENTERPRISE },
	[PERM_INC_REPORT_WRITE] = { 0, ROLE_ENTERPRISE },
	[PERM_INC_REPORT_REVIEW] = STAFF_ONLY,
	[PERM_INC_REPORT_SETUP] = STAFF_ONLY,
	[PERM_INC_PERIOD_READ] = { ROLE_ENTERPRISE, 0 },
	[PERM_TRAINING_READ] = STAFF_ONLY,
	[PERM_TRAINING_WRITE] = STAFF_ONLY,
	[PERM_TRAINING_TEACH] = { 0, 0, ROLE_TEACHER },
	[PERM_TRAINING_CHECKIN] = { 0, 0, ROLE_TRAINEE },
	[PERM_TRAINING_PARTNER] = { 0, ROLE_ENTERPRISE | ROLE_COLLEGE },
	[PERM_SLOT_READ] = { 0, ROLE_ENTERPRISE, ROLE_TEACHER },
	[PERM_PLACEMENT_READ] = { 0, ROLE_ENTERPRISE,
				  ROLE_TRAINEE | ROLE_TEACHER },
	[PERM_PLACEMENT_LOG_READ] = { 0, ROLE_ENTERPRISE, ROLE_TRAINEE },
	[PERM_PLACEMENT_LOG_WRITE] = { 0, 0, ROLE_TRAINEE },
	[PERM_PLACEMENT_LOG_CONFIRM] = { 0, 0, ROLE_TEACHER },
	[PERM_PLACEMENT_WRITE] = { 0, ROLE_ENTERPRISE },
	[PERM_CERT_READ] = { 0, 0, ROLE_TRAINEE },
	[PERM_CERT_WRITE] = STAFF_ONLY,
	[PERM_TRAINING_FIGURES] = { NON_ADMIN & ROLES_EXCEPT(ROLE_APPLICANT),
				    0 },
	[PERM_SELECTION_READ] = { ROLE_ENTERPRISE | ROLE_TRAINEE |
				  ROLE_VIEWER, 0, 0 },
	[PERM_SELECTION_MANAGE] = STAFF_ONLY,
	[PERM_SELECTION_POST] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_SELECTION_APPLY] = { 0, 0, ROLE_TRAINEE },
	[PERM_SELECTION_LISTS] = { ROLE_VIEWER, 0, 0 },
	[PERM_FACILITY_READ] = { NON_ADMIN & ROLES_EXCEPT(ROLE_APPLICANT), 0,
				 0 },
	[PERM_FACILITY_WRITE] = STAFF_ONLY,
	[PERM_FACILITY_BOOK] = { 0, ROLE_COLLEGE | ROLE_ENTERPRISE |
				 ROLE_TEACHER, 0 },
	[PERM_FACILITY_AGREEMENT_READ] = { 0, ROLE_COLLEGE, 0 },
	[PERM_FACILITY_APPROVE] = { 0, ROLE_ENTERPRISE, 0 },
};

enum { MY_ORG = 7, OTHER_ORG = 8 };

static struct principal
who(unsigned roles, int64_t org_id)
{
	struct principal p;

	memset(&p, 0, sizeof(p));
	p.account_id = 1;
	p.name = "someone";
	p.roles = roles;
	p.org_id = org_id;
	return p;
}

static void
test_anonymous(void **state)
{
	int64_t org = 99;

	(void)state;
	for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++) {
		assert_int_equal(auth_require(NULL, (enum perm)perm, 0),
				 ERR_UNAUTH);
		assert_int_equal(auth_require(NULL, (enum perm)perm, MY_ORG),
				 ERR_UNAUTH);
		assert_int_equal(auth_may_call(NULL, (enum perm)perm),
				 ERR_UNAUTH);
		org = 99;
		assert_int_equal(auth_scope_org(NULL, (enum perm)perm, &org),
				 ERR_UNAUTH);
		assert_int_equal(org, -1);
	}
}

/* An admin may take every action on every record, with or without org. */
static void
test_admin_bypass(void **state)
{
	static const unsigned masks[] = {
		ROLE_ADMIN, ROLE_ADMIN | ROLE_VIEWER,
		ROLE_ADMIN | ROLE_APPLICANT, ROLE_ALL,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		struct principal none = who(masks[i], 0);
		struct principal member = who(masks[i], MY_ORG);

		for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++) {
			enum perm pm = (enum perm)perm;
			int64_t org = -5;

			assert_int_equal(auth_require(&none, pm, 0), 0);
			assert_int_equal(auth_require(&none, pm, OTHER_ORG), 0);
			assert_int_equal(auth_require(&member, pm, OTHER_ORG),
					 0);
			assert_int_equal(auth_may_call(&member, pm), 0);
			assert_int_equal(auth_scope_org(&member, pm, &org), 0);
			assert_int_equal(org, 0);
		}
	}
	assert_true(auth_is_staff(&(struct principal){ .roles = ROLE_ADMIN }));
	assert_false(auth_is_staff(&(struct principal){ .roles = NON_ADMIN }));
	assert_false(auth_is_staff(NULL));
}

/*
 * Every set of roles without admin against every row of the table: the
 * widest scope any of its roles has, on a record of its own organisation,
 * of another, and of none; with an organisation and without.
 */
static void
test_table(void **state)
{
	(void)state;
	for (unsigned roles = 1; roles <= ROLE_ALL; roles++) {
		if (roles & ROLE_ADMIN)
			continue;
		for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++) {
			enum perm pm = (enum perm)perm;
			bool all = roles & expected[perm].all;
			bool org = !all && (roles & expected[perm].org);
			bool own = !all && !org && (roles & expected[perm].own);
			struct principal member = who(roles, MY_ORG);
			struct principal loner = who(roles, 0);
			int64_t scope = 99;

			assert_int_equal(auth_require(&member, pm, MY_ORG),
					 all || org ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_require(&member, pm, OTHER_ORG),
					 all ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_require(&member, pm, 0),
					 all ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_require(&loner, pm, 0),
					 all ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_require(&loner, pm, OTHER_ORG),
					 all ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_may_call(&member, pm),
					 all || org || own ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_may_call(&loner, pm),
					 all || org || own ? 0 : ERR_FORBIDDEN);
			assert_int_equal(auth_scope_org(&member, pm, &scope),
					 all || org || own ? 0 : ERR_FORBIDDEN);
			assert_int_equal(scope, all ? 0 : org ? MY_ORG : -1);
			scope = 99;
			assert_int_equal(auth_scope_org(&loner, pm, &scope),
					 all || org || own ? 0 : ERR_FORBIDDEN);
			assert_int_equal(scope, all ? 0 : -1);
		}
	}
}

/* A few rows by name, as a reader of the policy would ask them. */
static void
test_rows_by_name(void **state)
{
	struct principal firm = who(ROLE_ENTERPRISE, MY_ORG);
	struct principal viewer = who(ROLE_VIEWER, 0);
	struct principal applicant = who(ROLE_APPLICANT, 0);
	struct principal teacher = who(ROLE_TEACHER, MY_ORG);
	struct principal both = who(ROLE_ENTERPRISE | ROLE_VIEWER, MY_ORG);
	struct principal expert = who(ROLE_EXPERT, MY_ORG);
	struct principal trainee = who(ROLE_TRAINEE, 0);
	struct principal mentor_firm = who(ROLE_ENTERPRISE | ROLE_EXPERT,
					   MY_ORG);
	int64_t org = 0;

	(void)state;
	/* A firm reads its own startup's records, not another's. */
	assert_int_equal(auth_require(&firm, PERM_INC_READ, MY_ORG), 0);
	assert_int_equal(auth_require(&firm, PERM_INC_READ, OTHER_ORG),
			 ERR_FORBIDDEN);
	assert_int_equal(auth_scope_org(&firm, PERM_INC_READ, &org), 0);
	assert_int_equal(org, MY_ORG);
	/* Nobody but staff writes parties or reads the audit log. */
	assert_int_equal(auth_require(&firm, PERM_PARTY_WRITE, MY_ORG),
			 ERR_FORBIDDEN);
	assert_int_equal(auth_may_call(&viewer, PERM_AUDIT_READ),
			 ERR_FORBIDDEN);
	/* Viewers read figures and settings, and upload nothing. */
	assert_int_equal(auth_require(&viewer, PERM_INC_FIGURES, 0), 0);
	assert_int_equal(auth_require(&viewer, PERM_SETTINGS_READ, 0), 0);
	assert_int_equal(auth_may_call(&viewer, PERM_UPLOAD_CREATE),
			 ERR_FORBIDDEN);
	/* Applicants apply, and see no training figures. */
	assert_int_equal(auth_may_call(&applicant, PERM_INC_APPLY), 0);
	assert_int_equal(auth_may_call(&applicant, PERM_TRAINING_FIGURES),
			 ERR_FORBIDDEN);
	assert_int_equal(auth_may_call(&teacher, PERM_TRAINING_FIGURES), 0);
	/* A teacher teaches its own cohorts: the rules judge which. */
	assert_int_equal(auth_may_call(&teacher, PERM_TRAINING_TEACH), 0);
	assert_int_equal(auth_require(&teacher, PERM_TRAINING_TEACH,
				      OTHER_ORG), ERR_FORBIDDEN);
	/*
	 * An expert reads the records of its startups, a trainee its own
	 * certificates: admitted, but no organisation tells which.
	 */
	assert_int_equal(auth_may_call(&expert, PERM_INC_READ), 0);
	assert_int_equal(auth_require(&expert, PERM_INC_READ, MY_ORG),
			 ERR_FORBIDDEN);
	assert_int_equal(auth_scope_org(&expert, PERM_INC_READ, &org), 0);
	assert_int_equal(org, -1);
	assert_int_equal(auth_may_call(&trainee, PERM_CERT_READ), 0);
	assert_int_equal(auth_may_call(&firm, PERM_CERT_READ), ERR_FORBIDDEN);
	/* A firm and an expert at once: the firm's wider scope. */
	assert_int_equal(auth_scope_org(&mentor_firm, PERM_INC_READ, &org),
			 0);
	assert_int_equal(org, MY_ORG);
	/* The wider of two roles' scopes: the viewer's reads any org. */
	assert_int_equal(auth_require(&both, PERM_INC_FIGURES, OTHER_ORG), 0);
	assert_int_equal(auth_require(&both, PERM_INC_READ, OTHER_ORG),
			 ERR_FORBIDDEN);
	/* An organisation id that is not one never matches. */
	assert_int_equal(auth_require(&firm, PERM_UPLOAD_READ, -MY_ORG),
			 ERR_FORBIDDEN);
}

/* The server's gate: the route's permission, for the request's caller. */
static void
test_authorize(void **state)
{
	struct principal admin = who(ROLE_ADMIN, 0);
	struct principal firm = who(ROLE_ENTERPRISE, MY_ORG);
	struct request r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.principal = NULL;
	assert_int_equal(auth_authorize(&r, PERM_ORG_READ), ERR_UNAUTH);
	assert_int_equal(auth_authorize(&r, PERM_NONE), ERR_FORBIDDEN);
	r.principal = &firm;
	assert_ptr_equal(auth_principal(&r), &firm);
	assert_int_equal(auth_authorize(&r, PERM_ORG_READ), 0);
	assert_int_equal(auth_authorize(&r, PERM_INC_READ), 0);
	assert_int_equal(auth_authorize(&r, PERM_INC_WRITE), ERR_FORBIDDEN);
	r.principal = &admin;
	for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++)
		assert_int_equal(auth_authorize(&r, perm), 0);
	/* Numbers outside the table: refused even to an admin. */
	assert_int_equal(auth_authorize(&r, PERM_NONE), ERR_FORBIDDEN);
	assert_int_equal(auth_authorize(&r, PERM_COUNT), ERR_FORBIDDEN);
	assert_int_equal(auth_authorize(&r, PERM_COUNT + 100), ERR_FORBIDDEN);
	assert_int_equal(auth_authorize(&r, -1), ERR_FORBIDDEN);
}

/*
 * The matrix's reading of the table: a role is in *all exactly when
 * auth_require() lets it act on another organisation's record, in *org
 * exactly when only on its own, in *own exactly when auth_may_call()
 * admits it and auth_require() lets it act on no organisation's; every
 * action has a name, unique, that perm_from_name() reads back.
 */
static void
test_matrix_roles(void **state)
{
	(void)state;
	for (int perm = PERM_NONE + 1; perm < PERM_COUNT; perm++) {
		unsigned all, org, own;

		auth_perm_roles(perm, &all, &org, &own);
		assert_true(all & ROLE_ADMIN);
		assert_int_equal(all & org, 0);
		assert_int_equal((all | org) & own, 0);
		for (unsigned bit = 1; bit <= ROLE_VIEWER; bit <<= 1) {
			struct principal p = who(bit, MY_ORG);
			enum perm pm = (enum perm)perm;

			assert_int_equal(!!(all & bit),
					 auth_require(&p, pm, OTHER_ORG) == 0);
			assert_int_equal(!!(org & bit),
					 auth_require(&p, pm, OTHER_ORG) != 0 &&
					 auth_require(&p, pm, MY_ORG) == 0);
			assert_int_equal(!!(own & bit),
					 auth_may_call(&p, pm) == 0 &&
					 auth_require(&p, pm, MY_ORG) != 0);
		}
		assert_non_null(perm_name(perm));
		assert_int_equal(perm_from_name(perm_name(perm)), perm);
	}
	assert_string_equal(perm_name(PERM_INC_READ), "inc_read");
	assert_null(perm_name(PERM_NONE));
	assert_null(perm_name(PERM_COUNT));
	assert_null(perm_name(-1));
	assert_int_equal(perm_from_name("no_such"), PERM_NONE);
	assert_int_equal(perm_from_name(NULL), PERM_NONE);
	{
		unsigned all = 1, org = 1, own = 1;

		auth_perm_roles(PERM_NONE, &all, &org, &own);
		assert_int_equal(all | org | own, 0);
	}
}

static int
handler(struct request *r)
{
	(void)r;
	return 0;
}

/* What a route admits: its permission's roles, or a flag's, or nothing. */
static void
test_route_roles(void **state)
{
	static const struct route rows[] = {
		{ HTTP_GET, "/x/:id", handler, 0, NULL, PERM_INC_READ },
		{ HTTP_GET, "/me", handler, ROUTE_SIGNED_IN, NULL, 0 },
		{ HTTP_GET, "/login", handler, ROUTE_PUBLIC | ROUTE_PAGE,
		  NULL, 0 },
		{ HTTP_POST, "/bare", handler, ROUTE_PAGE, NULL, 0 },
		{ HTTP_POST, "/odd", handler, 0, NULL, PERM_COUNT },
		{ 0, NULL, NULL, 0, NULL, 0 },
	};
	static const struct route *const tables[] = { rows };
	struct route_roles rr;
	json_t *doc, *x;

	(void)state;
	auth_route_roles(&rows[0], &rr);
	assert_true(rr.declared);
	assert_false(rr.anonymous);
	assert_int_equal(rr.perm, PERM_INC_READ);
	assert_int_equal(rr.all, ROLE_ADMIN);
	assert_int_equal(rr.org, ROLE_ENTERPRISE);
	assert_int_equal(rr.own, ROLE_EXPERT);
	auth_route_roles(&rows[1], &rr);
	assert_true(rr.declared && !rr.anonymous && rr.all == ROLE_ALL);
	auth_route_roles(&rows[2], &rr);
	assert_true(rr.declared && rr.anonymous && rr.all == ROLE_ALL);
	for (int i = 3; i < 5; i++) {
		auth_route_roles(&rows[i], &rr);
		assert_false(rr.declared);
		assert_int_equal(rr.all | rr.org | rr.own, 0);
	}

	/* x-roles on the operations a route serves, {name} for :name. */
	auth_set_routes(tables, 1);
	doc = json_loads("{\"paths\": {\"/x/{app}\": {\"get\": {}, "
			 "\"parameters\": []}, \"/me\": {\"get\": {}, "
			 "\"put\": {}}, \"/x/y\": {\"get\": {}}}}", 0, NULL);
	assert_non_null(doc);
	assert_int_equal(auth_openapi_roles(doc), 2);	/* PUT /me, /x/y */
	x = json_object_get(json_object_get(json_object_get(json_object_get(
		doc, "paths"), "/x/{app}"), "get"), "x-roles");
	assert_string_equal(json_string_value(json_object_get(x, "gate")),
			    "permission");
	assert_string_equal(json_string_value(json_object_get(x,
				"permission")), "inc_read");
	assert_int_equal(json_array_size(json_object_get(x, "all")), 1);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(x, "own_org"), 0)), "enterprise");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(x, "own"), 0)), "expert");
	x = json_object_get(json_object_get(json_object_get(json_object_get(
		doc, "paths"), "/me"), "get"), "x-roles");
	assert_string_equal(json_string_value(json_object_get(x, "gate")),
			    "signed_in");
	assert_int_equal(json_array_size(json_object_get(x, "all")),
			 ROLE_COUNT);
	json_decref(doc);

	/* The matrix: one row per action, then the flags' and the rest. */
	doc = auth_matrix_json();
	x = json_object_get(doc, "actions");
	assert_int_equal(json_array_size(x), PERM_COUNT - 1 + 3);
	assert_int_equal(json_array_size(json_object_get(json_array_get(x,
		PERM_INC_READ - 1), "routes")), 1);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(x, PERM_COUNT - 1 + 2), "gate")), "none");
	json_decref(doc);
	auth_set_routes(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_admin_bypass),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_rows_by_name),
		cmocka_unit_test(test_authorize),
		cmocka_unit_test(test_matrix_roles),
		cmocka_unit_test(test_route_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
