/*
 * test_routes.c - the training module's route tables as data: every row
 * names who may call it (a permission of auth.h, or ROUTE_SIGNED_IN where
 * the records decide, or ROUTE_PUBLIC), since the permission matrix is
 * derived from them; the rows the kit's generic handlers serve name their
 * table's own permissions (record_routes_check()); and no pattern answers
 * a method twice, so no row is shadowed by another.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/auth.h"
#include "http/http.h"
#include "record/api.h"
#include "training/api.h"
#include "training/pages.h"

static const struct route *const tables[] = {
	training_api_routes, training_out_api_routes, training_page_routes,
	training_out_page_routes,
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static void
test_every_route_says_who(void **state)
{
	(void)state;
	for (size_t t = 0; t < NTABLES; t++)
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			bool declared = (rt->perm > PERM_NONE &&
					 rt->perm < PERM_COUNT) ||
					(rt->flags & (ROUTE_SIGNED_IN |
						      ROUTE_PUBLIC));

			if (!declared)
				fail_msg("%s names nobody", rt->pattern);
			/* Only the certificate check is for everyone: its
			 * form and a certificate found by code or number. */
			if ((rt->flags & ROUTE_PUBLIC) &&
			    strcmp(rt->pattern, "/verify"))
				assert_string_equal(rt->pattern,
						    "/verify/:code");
		}
}

static void
test_generic_rows_hold_their_tables(void **state)
{
	(void)state;
	for (size_t t = 0; t < NTABLES; t++)
		assert_int_equal(record_routes_check(tables[t]), 0);
}

static void
test_no_row_is_shadowed(void **state)
{
	(void)state;
	for (size_t t = 0; t < NTABLES; t++)
		for (const struct route *a = tables[t]; a->pattern; a++)
			for (const struct route *b = a + 1; b->pattern; b++)
				if (!strcmp(a->pattern, b->pattern) &&
				    (a->methods & b->methods))
					fail_msg("%s twice", a->pattern);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_says_who),
		cmocka_unit_test(test_generic_rows_hold_their_tables),
		cmocka_unit_test(test_no_row_is_shadowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
