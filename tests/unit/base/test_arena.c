/*
 * test_arena.c - tests of src/base/arena.c: alignment of results, large
 * allocations in blocks of their own, the budget (NULL past it, also for
 * sizes that would overflow the accounting), cleanup hooks run last first
 * on release, arena_printf() and the string copies, arena_calloc() zeroing
 * and overflow.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "base/err.h"

static int
is_aligned(const void *p, size_t align)
{
	return (uintptr_t)p % align == 0;
}

static void
test_init_empty(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 123);
	assert_null(a.head);
	assert_null(a.defers);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.budget, 123);
	arena_release(&a);
	assert_int_equal(a.budget, 123);
}

/*
 * Every alignment from 1 to 4096, after odd-sized allocations, both in a
 * fresh block and inside a block already in use.
 */
static void
test_alignment(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	for (int round = 0; round < 3; round++) {
		for (size_t align = 1; align <= 4096; align *= 2) {
			for (size_t odd = 1; odd < 40; odd += 13) {
				char *p = arena_alloc(&a, odd, 1);
				unsigned char *q = arena_alloc(&a, 24, align);

				assert_non_null(p);
				assert_non_null(q);
				assert_true(is_aligned(q, align));
				memset(p, 0x5a, odd);
				memset(q, 0xa5, 24);
			}
		}
	}
	/* align 0 is taken as 1. */
	assert_non_null(arena_alloc(&a, 3, 0));
	arena_release(&a);
}

static void
test_typed_new(void **state)
{
	struct arena a;
	struct pair {
		int64_t id;
		double score;
	} *v;
	long double *ld;

	(void)state;
	arena_init(&a, 0);
	(void)arena_alloc(&a, 1, 1);
	v = arena_new(&a, struct pair, 10);
	assert_non_null(v);
	assert_true(is_aligned(v, _Alignof(struct pair)));
	for (int i = 0; i < 10; i++) {
		assert_int_equal(v[i].id, 0);
		assert_true(v[i].score == 0.0);
	}
	(void)arena_alloc(&a, 1, 1);
	ld = arena_new(&a, long double, 3);
	assert_true(is_aligned(ld, _Alignof(long double)));
	arena_release(&a);
}

/* Allocations within one block are consecutive (no waste beyond alignment). */
static void
test_small_consecutive(void **state)
{
	struct arena a;
	char *p, *q;

	(void)state;
	arena_init(&a, 0);
	p = arena_alloc(&a, 16, 16);
	q = arena_alloc(&a, 16, 16);
	assert_ptr_equal(q, p + 16);
	q = arena_alloc(&a, 5, 1);
	assert_ptr_equal(q, p + 32);
	assert_int_equal(a.used, 16 << 10);
	arena_release(&a);
	assert_int_equal(a.used, 0);
	assert_null(a.head);
}

/*
 * A large allocation gets a block of its own and does not displace the
 * block the small allocations come from.
 */
static void
test_large(void **state)
{
	struct arena a;
	char *small1, *big, *small2, *huge;
	size_t used;

	(void)state;
	arena_init(&a, 0);
	small1 = arena_alloc(&a, 8, 8);
	used = a.used;
	big = arena_alloc(&a, 100000, 8);
	assert_non_null(big);
	assert_true(is_aligned(big, 8));
	memset(big, 'x', 100000);
	assert_true(a.used >= used + 100000);
	small2 = arena_alloc(&a, 8, 8);
	assert_ptr_equal(small2, small1 + 8);

	huge = arena_alloc(&a, (size_t)8 << 20, 64);
	assert_non_null(huge);
	assert_true(is_aligned(huge, 64));
	memset(huge, 'y', (size_t)8 << 20);
	assert_int_equal(big[99999], 'x');
	assert_int_equal(huge[0], 'y');
	arena_release(&a);
}

static void
test_budget(void **state)
{
	struct arena a;
	char *p;

	(void)state;
	arena_init(&a, 20000);
	p = arena_alloc(&a, 100, 1);
	assert_non_null(p);
	/* Another block would take the arena past its budget. */
	assert_null(arena_alloc(&a, 16384, 1));
	assert_null(arena_alloc(&a, 50000, 1));
	assert_true(a.used <= a.budget);
	/* What still fits in the current block is still handed out. */
	p = arena_alloc(&a, 1000, 1);
	assert_non_null(p);
	memset(p, 1, 1000);
	assert_non_null(arena_strdup(&a, "still fits"));
	arena_release(&a);

	/* A budget below one block refuses everything. */
	arena_init(&a, 1000);
	assert_null(arena_alloc(&a, 1, 1));
	assert_null(arena_strdup(&a, "x"));
	assert_null(arena_printf(&a, "%d", 1));
	assert_int_equal(a.used, 0);
	arena_release(&a);
}

/*
 * Sizes near SIZE_MAX return NULL rather than wrapping the size or the
 * budget arithmetic into a small number (which would abort in malloc).
 */
static void
test_huge_sizes(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_null(arena_alloc(&a, SIZE_MAX, 8));
	assert_null(arena_alloc(&a, SIZE_MAX / 2, 8));
	assert_non_null(arena_alloc(&a, 10, 1));
	assert_null(arena_alloc(&a, SIZE_MAX - 64, 8));
	assert_null(arena_alloc(&a, SIZE_MAX - 4096, 16));
	assert_null(arena_calloc(&a, SIZE_MAX / 8, 4, 4));
	assert_true(a.used <= a.budget);
	arena_release(&a);

	arena_init(&a, 0);
	assert_null(arena_alloc(&a, SIZE_MAX, 1));
	assert_null(arena_alloc(&a, SIZE_MAX - 8, 8));
	arena_release(&a);
}

static void
test_calloc_zero_overflow(void **state)
{
	struct arena a;
	int *v;
	char *junk;

	(void)state;
	arena_init(&a, 0);
	/* Dirty the block first so zeroing is visible. */
	junk = arena_alloc(&a, 512, 1);
	memset(junk, 0xff, 512);
	v = arena_calloc(&a, 100, sizeof(int), _Alignof(int));
	assert_non_null(v);
	for (int i = 0; i < 100; i++)
		assert_int_equal(v[i], 0);

	/* n * size overflows: NULL. */
	assert_null(arena_calloc(&a, SIZE_MAX / 2 + 1, 2, 1));
	assert_null(arena_calloc(&a, 2, SIZE_MAX / 2 + 1, 1));
	assert_null(arena_calloc(&a, SIZE_MAX, SIZE_MAX, 8));
	/* Zero elements or zero size: a valid pointer. */
	assert_non_null(arena_calloc(&a, 0, 8, 8));
	assert_non_null(arena_calloc(&a, 8, 0, 8));
	arena_release(&a);
}

static void
test_strings(void **state)
{
	struct arena a;
	char *s, *t;
	const char *src = "吉林匠谷 Craftsman Valley";

	(void)state;
	arena_init(&a, 0);
	s = arena_strdup(&a, src);
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	t = arena_strndup(&a, src, 6);
	assert_string_equal(t, "吉林");
	t = arena_strndup(&a, "abc", 0);
	assert_string_equal(t, "");
	s = arena_strdup(&a, "");
	assert_string_equal(s, "");
	arena_release(&a);
}

static void
test_printf(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a, 0);
	s = arena_printf(&a, "%s=%d (%05.2f)", "startups", 62, 3.14159);
	assert_string_equal(s, "startups=62 (03.14)");
	s = arena_printf(&a, "%s", "");
	assert_string_equal(s, "");
	s = arena_printf(&a, "%s 孵化 %lld", "园区", 424LL);
	assert_string_equal(s, "园区 孵化 424");
	/* Output longer than a block. */
	s = arena_printf(&a, "%040000d", 7);
	assert_non_null(s);
	assert_int_equal(strlen(s), 40000);
	assert_int_equal(s[0], '0');
	assert_int_equal(s[39999], '7');
	arena_release(&a);

	/* Past the budget: NULL. */
	arena_init(&a, 20000);
	assert_non_null(arena_printf(&a, "%d", 1));
	assert_null(arena_printf(&a, "%020000d", 1));
	arena_release(&a);
}

/* The order hooks ran in, filled by record(). */
static int ran[8];
static int nran;

struct hook_arg {
	int id;
	const char *text;	/* in the arena: must still be readable */
};

static void
record(void *p)
{
	struct hook_arg *h = p;

	assert_true(nran < 8);
	/* Arena memory is still valid while hooks run. */
	assert_int_equal(strncmp(h->text, "hook", 4), 0);
	ran[nran++] = h->id;
}

static void
test_defer_order(void **state)
{
	struct arena a;

	(void)state;
	nran = 0;
	arena_init(&a, 0);
	for (int i = 1; i <= 5; i++) {
		struct hook_arg *h = arena_new(&a, struct hook_arg, 1);

		h->id = i;
		h->text = arena_printf(&a, "hook %d", i);
		assert_int_equal(arena_defer(&a, record, h), 0);
	}
	assert_int_equal(nran, 0);
	arena_release(&a);
	assert_int_equal(nran, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(ran[i], 5 - i);
	assert_null(a.defers);

	/* Released hooks do not run again; the arena is usable again. */
	nran = 0;
	arena_release(&a);
	assert_int_equal(nran, 0);
	{
		struct hook_arg *h = arena_new(&a, struct hook_arg, 1);

		h->id = 9;
		h->text = "hook static";
		assert_int_equal(arena_defer(&a, record, h), 0);
	}
	arena_release(&a);
	assert_int_equal(nran, 1);
	assert_int_equal(ran[0], 9);
}

static void
test_defer_budget(void **state)
{
	struct arena a;
	struct hook_arg h = { 1, "hook" };

	(void)state;
	nran = 0;
	arena_init(&a, 100);
	assert_int_equal(arena_defer(&a, record, &h), ERR_NOMEM);
	arena_release(&a);
	/* A hook that could not be registered does not run. */
	assert_int_equal(nran, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_typed_new),
		cmocka_unit_test(test_small_consecutive),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_huge_sizes),
		cmocka_unit_test(test_calloc_zero_overflow),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_defer_order),
		cmocka_unit_test(test_defer_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
