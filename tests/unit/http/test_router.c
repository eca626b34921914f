/*
 * test_router.c - tests of src/http/router.c: literal routes (and the root
 * "/"), `:name` parameters, a trailing `*`, 404 against 405 with the allowed
 * methods collected across tables, HEAD answered by GET routes, empty
 * segments never matching, the parameter limit, and an exhausted arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/http.h"

/* Distinct handlers, never called: routes are compared by address. */
static int
h_a(struct request *r)
{
	(void)r;
	return 0;
}

static const struct route main_table[] = {
	{ HTTP_GET, "/", h_a, 0 },				/* 0 */
	{ HTTP_GET, "/healthz", h_a, 0 },			/* 1 */
	{ HTTP_GET | HTTP_POST, "/api/v1/orgs", h_a, 0 },	/* 2 */
	{ HTTP_GET | HTTP_PUT | HTTP_DELETE, "/api/v1/orgs/:id", h_a, 0 },
	{ HTTP_GET, "/api/v1/orgs/:org/people/:person", h_a, 0 },	/* 4 */
	{ HTTP_GET, "/static/*", h_a, 0 },			/* 5 */
	{ HTTP_POST, "/api/v1/echo", h_a, 0 },			/* 6 */
	{ HTTP_GET, "/a/:x/b", h_a, 0 },			/* 7 */
	{ HTTP_GET, "/a/:y/c", h_a, 0 },			/* 8 */
	{ HTTP_GET, "/p/:a/:b/:c/:d/:e/:f/:g/:h", h_a, 0 },	/* 9 */
	{ HTTP_GET, "/q/:a/:b/:c/:d/:e/:f/:g/:h/:i", h_a, 0 },	/* 10 */
	{ HTTP_GET, "/r/:a/:b/:c/:d/:e/:f/:g/:h/*", h_a, 0 },	/* 11 */
	{ HTTP_GET, "/files/:id/*", h_a, 0 },			/* 12 */
	{ 0, NULL, NULL, 0 },
};

static const struct route extra_table[] = {
	{ HTTP_PATCH, "/api/v1/orgs/:id", h_a, 0 },		/* 0 */
	{ HTTP_OPTIONS, "/healthz", h_a, 0 },			/* 1 */
	{ 0, NULL, NULL, 0 },
};

static const struct route *const one[] = { main_table };
static const struct route *const both[] = { main_table, extra_table };

/* The request under test, made fresh by setup() for each test. */
static struct request req;

static int
setup(void **state)
{
	(void)state;
	memset(&req, 0, sizeof(req));
	arena_init(&req.arena, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&req.arena);
	return 0;
}

/* Match in `tables` and start each case from a clean request. */
static const struct route *
match(const struct route *const *tables, int n, enum http_method m,
      const char *path, int *status)
{
	req.nparams = 0;
	req.allowed_methods = 0;
	*status = -1;
	return router_match(tables, n, m, path, &req, status);
}

static void
test_literal(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_GET, "/healthz", &st),
			 &main_table[1]);
	assert_int_equal(req.nparams, 0);
	assert_ptr_equal(match(one, 1, HTTP_GET, "/api/v1/orgs", &st),
			 &main_table[2]);
	assert_ptr_equal(match(one, 1, HTTP_POST, "/api/v1/orgs", &st),
			 &main_table[2]);

	static const char *const misses[] = {
		"/healthz/", "/health", "/healthzz", "healthz", "", "/HEALTHZ",
		"/api/v1", "/api/v1/orgs/", "/api/v1/orgsx", "/api/v2/orgs",
		"/api/v1/echo/extra",
	};
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_null(match(one, 1, HTTP_GET, misses[i], &st));
		assert_int_equal(st, 404);
		assert_int_equal(req.allowed_methods, 0);
		assert_int_equal(req.nparams, 0);
	}
}

/* "/" is a route like any other (the start page). */
static void
test_root(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_GET, "/", &st), &main_table[0]);
	assert_int_equal(req.nparams, 0);
	assert_ptr_equal(match(one, 1, HTTP_HEAD, "/", &st), &main_table[0]);
	assert_null(match(one, 1, HTTP_POST, "/", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods, HTTP_GET);
	assert_null(match(one, 1, HTTP_GET, "//", &st));
	assert_int_equal(st, 404);
	assert_null(match(one, 1, HTTP_GET, "/x", &st));
	assert_int_equal(st, 404);
}

static void
test_params(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_GET, "/api/v1/orgs/42", &st),
			 &main_table[3]);
	assert_int_equal(req.nparams, 1);
	assert_string_equal(req.param_names[0], "id");
	assert_string_equal(http_param(&req, "id"), "42");
	assert_null(http_param(&req, "org"));
	assert_null(http_param(&req, "*"));

	assert_ptr_equal(match(one, 1, HTTP_GET,
			       "/api/v1/orgs/12/people/7", &st),
			 &main_table[4]);
	assert_int_equal(req.nparams, 2);
	assert_string_equal(http_param(&req, "org"), "12");
	assert_string_equal(http_param(&req, "person"), "7");
	assert_null(http_param(&req, "id"));

	/* Values are raw segments: any bytes but '/'. */
	assert_ptr_equal(match(one, 1, HTTP_DELETE, "/api/v1/orgs/匠谷", &st),
			 &main_table[3]);
	assert_string_equal(http_param(&req, "id"), "匠谷");
	assert_ptr_equal(match(one, 1, HTTP_PUT, "/api/v1/orgs/a:b*c", &st),
			 &main_table[3]);
	assert_string_equal(http_param(&req, "id"), "a:b*c");

	/* The values are copies, independent of the path's storage. */
	char path[] = "/api/v1/orgs/99";
	assert_non_null(match(one, 1, HTTP_GET, path, &st));
	path[13] = '0';
	assert_string_equal(http_param(&req, "id"), "99");

	assert_null(match(one, 1, HTTP_GET, "/api/v1/orgs/1/people", &st));
	assert_int_equal(st, 404);
	assert_int_equal(req.nparams, 0);
	assert_null(match(one, 1, HTTP_GET, "/api/v1/orgs/1/people/2/x",
			  &st));
	assert_int_equal(st, 404);
}

/* A pattern that fails half-way leaves no parameter behind. */
static void
test_params_after_partial_match(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_GET, "/a/1/c", &st),
			 &main_table[8]);
	assert_int_equal(req.nparams, 1);
	assert_null(http_param(&req, "x"));
	assert_string_equal(http_param(&req, "y"), "1");
	assert_ptr_equal(match(one, 1, HTTP_GET, "/a/2/b", &st),
			 &main_table[7]);
	assert_string_equal(http_param(&req, "x"), "2");
	assert_null(http_param(&req, "y"));
	assert_null(match(one, 1, HTTP_GET, "/a/3/d", &st));
	assert_int_equal(st, 404);
	assert_int_equal(req.nparams, 0);
	assert_null(http_param(&req, "x"));
}

static void
test_star(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_GET, "/static/css/app.css", &st),
			 &main_table[5]);
	assert_int_equal(req.nparams, 1);
	assert_string_equal(http_param(&req, "*"), "css/app.css");

	assert_ptr_equal(match(one, 1, HTTP_GET, "/static/app.js", &st),
			 &main_table[5]);
	assert_string_equal(http_param(&req, "*"), "app.js");

	/* The rest may be empty, but the slash before `*` is required. */
	assert_ptr_equal(match(one, 1, HTTP_GET, "/static/", &st),
			 &main_table[5]);
	assert_string_equal(http_param(&req, "*"), "");
	assert_null(match(one, 1, HTTP_GET, "/static", &st));
	assert_int_equal(st, 404);
	assert_null(match(one, 1, HTTP_GET, "/staticx/a", &st));
	assert_int_equal(st, 404);

	/* `:name` and `*` together. */
	assert_ptr_equal(match(one, 1, HTTP_GET, "/files/7/a/b/c.txt", &st),
			 &main_table[12]);
	assert_int_equal(req.nparams, 2);
	assert_string_equal(http_param(&req, "id"), "7");
	assert_string_equal(http_param(&req, "*"), "a/b/c.txt");
}

static void
test_404_405(void **state)
{
	int st;

	(void)state;
	assert_null(match(one, 1, HTTP_POST, "/healthz", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods, HTTP_GET);

	assert_null(match(one, 1, HTTP_DELETE, "/api/v1/orgs", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods, HTTP_GET | HTTP_POST);

	assert_null(match(one, 1, HTTP_POST, "/api/v1/orgs/5", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods,
			 HTTP_GET | HTTP_PUT | HTTP_DELETE);
	assert_int_equal(req.nparams, 0);

	assert_null(match(one, 1, HTTP_OTHER, "/healthz", &st));
	assert_int_equal(st, 405);

	assert_null(match(one, 1, HTTP_GET, "/nowhere", &st));
	assert_int_equal(st, 404);
	assert_int_equal(req.allowed_methods, 0);
}

/* Tables are searched in order; 405 collects methods from all of them. */
static void
test_several_tables(void **state)
{
	int st;

	(void)state;
	assert_null(match(one, 1, HTTP_PATCH, "/api/v1/orgs/5", &st));
	assert_int_equal(st, 405);

	assert_ptr_equal(match(both, 2, HTTP_PATCH, "/api/v1/orgs/5", &st),
			 &extra_table[0]);
	assert_string_equal(http_param(&req, "id"), "5");
	assert_ptr_equal(match(both, 2, HTTP_GET, "/api/v1/orgs/5", &st),
			 &main_table[3]);

	assert_null(match(both, 2, HTTP_POST, "/api/v1/orgs/5", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods,
			 HTTP_GET | HTTP_PUT | HTTP_DELETE | HTTP_PATCH);

	assert_ptr_equal(match(both, 2, HTTP_OPTIONS, "/healthz", &st),
			 &extra_table[1]);
	assert_null(match(both, 2, HTTP_DELETE, "/healthz", &st));
	assert_int_equal(req.allowed_methods, HTTP_GET | HTTP_OPTIONS);

	/* No tables at all: 404. */
	assert_null(match(both, 0, HTTP_GET, "/healthz", &st));
	assert_int_equal(st, 404);
}

static void
test_head(void **state)
{
	int st;

	(void)state;
	assert_ptr_equal(match(one, 1, HTTP_HEAD, "/healthz", &st),
			 &main_table[1]);
	assert_ptr_equal(match(one, 1, HTTP_HEAD, "/api/v1/orgs/3", &st),
			 &main_table[3]);
	assert_string_equal(http_param(&req, "id"), "3");
	/* HEAD on a POST-only route: 405, and GET does not answer POST. */
	assert_null(match(one, 1, HTTP_HEAD, "/api/v1/echo", &st));
	assert_int_equal(st, 405);
	assert_int_equal(req.allowed_methods, HTTP_POST);
	assert_null(match(one, 1, HTTP_GET, "/api/v1/echo", &st));
	assert_int_equal(st, 405);
}

static void
test_empty_segments(void **state)
{
	int st;

	(void)state;
	static const char *const paths[] = {
		"//", "//healthz", "/healthz//", "/api//v1/orgs",
		"/api/v1//orgs", "/api/v1/orgs//", "/api/v1/orgs//42",
		"/api/v1/orgs/1//people/2", "/api/v1/orgs/1/people//2",
		"/api/v1/orgs/1/people/", "/a//b", "/files//x",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_null(match(one, 1, HTTP_GET, paths[i], &st));
		assert_int_equal(st, 404);
		assert_int_equal(req.nparams, 0);
	}
}

static void
test_param_limit(void **state)
{
	int st;
	char name[2] = "a";

	(void)state;
	/* Exactly HTTP_MAX_PARAMS parameters: a match. */
	assert_ptr_equal(match(one, 1, HTTP_GET, "/p/1/2/3/4/5/6/7/8", &st),
			 &main_table[9]);
	assert_int_equal(req.nparams, HTTP_MAX_PARAMS);
	for (int i = 0; i < 8; i++) {
		char want[2] = { (char)('1' + i), '\0' };

		name[0] = (char)('a' + i);
		assert_string_equal(http_param(&req, name), want);
	}
	/* One more, named or `*`: never matches. */
	assert_null(match(one, 1, HTTP_GET, "/q/1/2/3/4/5/6/7/8/9", &st));
	assert_int_equal(st, 404);
	assert_int_equal(req.nparams, 0);
	assert_null(match(one, 1, HTTP_GET, "/r/1/2/3/4/5/6/7/8/rest", &st));
	assert_int_equal(st, 404);
}

/* Parameters are copied into the arena; when it is exhausted: 500. */
static void
test_arena_exhausted(void **state)
{
	int st;

	(void)state;
	arena_release(&req.arena);
	arena_init(&req.arena, 100);
	assert_null(match(one, 1, HTTP_GET, "/api/v1/orgs/42", &st));
	assert_int_equal(st, 500);
	assert_int_equal(req.nparams, 0);
	/* Literal routes need no memory and still match. */
	assert_ptr_equal(match(one, 1, HTTP_GET, "/healthz", &st),
			 &main_table[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_after_partial_match,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_star, setup, teardown),
		cmocka_unit_test_setup_teardown(test_404_405, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_tables, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_segments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_param_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_arena_exhausted, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
