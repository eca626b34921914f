/*
 * test_routes.c - record_routes_check(), which cli runs on every route
 * table at start-up: a row the kit's generic handlers serve names its
 * table's own read or write permission, and an import (the API's and the
 * pages') is mounted only on a table that takes one, so that no import
 * route answers 404.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/http.h"
#include "record/api.h"
#include "record/pages.h"

static const struct record_column plain_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_LIST, 50, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const struct record_column importing_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | REC_LIST | REC_IMPORT, 50, NULL,
	  NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

static const struct record_table plain_table = {
	.table = "plain", .entity = "plain", .columns = plain_columns,
};

static const struct record_table importing_table = {
	.table = "importing", .entity = "importing",
	.columns = importing_columns,
};

static const struct record_api plain_api = {
	&plain_table, PERM_ORG_READ, PERM_PARTY_WRITE, { NULL },
};

static const struct record_api importing_api = {
	&importing_table, PERM_ORG_READ, PERM_PARTY_WRITE, { NULL },
};

static const struct record_pages plain_pages = {
	&plain_api, "/plain", "plain", NULL, NULL, "record/form", NULL,
};

static const struct record_pages importing_pages = {
	&importing_api, "/importing", "importing", NULL, NULL, "record/form",
	NULL,
};

static void
test_imports(void **state)
{
	static const struct route good[] = {
		RECORD_API_ROUTES("/api/v1/plain", &plain_api, PERM_ORG_READ,
				  PERM_PARTY_WRITE),
		RECORD_API_ROUTES("/api/v1/importing", &importing_api,
				  PERM_ORG_READ, PERM_PARTY_WRITE),
		RECORD_API_IMPORT_ROUTE("/api/v1/importing", &importing_api,
					PERM_PARTY_WRITE),
		RECORD_PAGE_ROUTES("/plain", &plain_pages, PERM_ORG_READ,
				   PERM_PARTY_WRITE),
		RECORD_PAGE_IMPORT_ROUTES("/importing", &importing_pages,
					  PERM_PARTY_WRITE),
		RECORD_PAGE_ROUTES("/importing", &importing_pages,
				   PERM_ORG_READ, PERM_PARTY_WRITE),
		{ 0, NULL, NULL, 0, NULL, 0 },
	};
	static const struct route api_import[] = {
		RECORD_API_IMPORT_ROUTE("/api/v1/plain", &plain_api,
					PERM_PARTY_WRITE),
		{ 0, NULL, NULL, 0, NULL, 0 },
	};
	static const struct route page_import[] = {
		RECORD_PAGE_IMPORT_ROUTES("/plain", &plain_pages,
					  PERM_PARTY_WRITE),
		{ 0, NULL, NULL, 0, NULL, 0 },
	};

	(void)state;
	assert_true(record_api_imports(&importing_api));
	assert_false(record_api_imports(&plain_api));
	assert_int_equal(record_routes_check(good), 0);
	/* An import of a table that takes none: refused at start-up. */
	assert_int_equal(record_routes_check(api_import), ERR_INVALID);
	assert_int_equal(record_routes_check(page_import), ERR_INVALID);
}

static void
test_permissions(void **state)
{
	static const struct route reads_with_write[] = {
		RECORD_API_READ_ROUTES("/api/v1/plain", &plain_api,
				       PERM_PARTY_WRITE),
		{ 0, NULL, NULL, 0, NULL, 0 },
	};
	static const struct route writes_with_read[] = {
		RECORD_PAGE_WRITE_ROUTES("/plain", &plain_pages,
					 PERM_ORG_READ),
		{ 0, NULL, NULL, 0, NULL, 0 },
	};

	(void)state;
	assert_int_equal(record_routes_check(reads_with_write), ERR_INVALID);
	assert_int_equal(record_routes_check(writes_with_read), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_permissions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
