/*
 * test_buf.c - tests of src/base/buf.c: appends, printf-style growth across
 * the initial capacity, the cap and its sticky ERR_TOOBIG, truncate and
 * reset, buf_detach() and buf_release(), buffers carved from an arena
 * (whose budget gives a sticky ERR_NOMEM), and JSON strings and integers
 * written as jansson writes them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

/* The invariants every buffer keeps, whatever happened to it. */
static void
check_invariants(const struct buf *b)
{
	assert_non_null(b->ptr);
	assert_int_equal(b->ptr[b->len], '\0');
	assert_true(b->len <= b->max);
	if (b->cap)
		assert_true(b->len < b->cap);
	else
		assert_int_equal(b->len, 0);
}

static void
test_init_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, BUF_DEFAULT_MAX);
	assert_int_equal(buf_error(&b), 0);
	buf_add(&b, "", 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_release(&b);
	assert_int_equal(b.cap, 0);
}

static void
test_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	buf_add(&b, "abcdef", 3);
	buf_addstr(&b, "-吉林匠谷-");
	buf_addch(&b, 'z');
	buf_add(&b, "x\0y", 3);
	check_invariants(&b);
	assert_int_equal(b.len, 3 + strlen("-吉林匠谷-") + 1 + 3);
	assert_string_equal(b.ptr, "abc-吉林匠谷-zx");
	assert_memory_equal(b.ptr + b.len - 3, "x\0y", 3);
	assert_int_equal(buf_error(&b), 0);
	buf_release(&b);
}

/* Grows one byte at a time far past the first allocation. */
static void
test_addch_growth(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	for (int i = 0; i < 5000; i++) {
		buf_addch(&b, (char)('a' + i % 26));
		assert_int_equal(b.len, (size_t)i + 1);
		assert_int_equal(b.ptr[i], 'a' + i % 26);
		assert_int_equal(b.ptr[i + 1], '\0');
	}
	check_invariants(&b);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(b.ptr[i], 'a' + i % 26);
	buf_release(&b);
}

/*
 * printf output of every length from 0 to 300 after prefixes of several
 * lengths: covers output that fits, that fits exactly, and that crosses the
 * first capacity (64) and later doublings.
 */
static void
test_printf_growth(void **state)
{
	char src[301], expect[400];

	(void)state;
	for (int i = 0; i < 300; i++)
		src[i] = (char)('A' + i % 23);
	src[300] = '\0';
	for (int pre = 0; pre < 70; pre += 7) {
		for (int n = 0; n <= 300; n++) {
			struct buf b;

			buf_init(&b, NULL, 0);
			buf_add(&b, src, (size_t)pre);
			buf_addf(&b, "%.*s", n, src);
			check_invariants(&b);
			memcpy(expect, src, (size_t)pre);
			memcpy(expect + pre, src, (size_t)n);
			expect[pre + n] = '\0';
			assert_int_equal(b.len, (size_t)(pre + n));
			assert_string_equal(b.ptr, expect);
			buf_release(&b);
		}
	}
}

static void
test_printf_formats(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	buf_addf(&b, "%d rows", 42);
	buf_addf(&b, ", %s=%05.1f", "x", 3.25);
	buf_addf(&b, "%s", "");
	buf_addf(&b, " [%-70s]", "pad");
	check_invariants(&b);
	assert_true(b.cap > 64);
	assert_int_equal(strncmp(b.ptr, "42 rows, x=003.2 [pad ", 22), 0);
	assert_int_equal(b.len, strlen("42 rows, x=003.2 [") + 70 + 1);
	assert_int_equal(b.ptr[b.len - 1], ']');
	buf_release(&b);
}

/* Exactly `max` bytes fit; one more sets ERR_TOOBIG and changes nothing. */
static void
test_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 10);
	assert_int_equal(b.max, 10);
	buf_addstr(&b, "12345");
	buf_addstr(&b, "67890");
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.ptr, "1234567890");
	assert_true(b.cap <= b.max + 1);

	buf_addch(&b, 'x');
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.ptr, "1234567890");
	check_invariants(&b);

	/* Sticky: nothing changes even for appends that would fit. */
	buf_truncate(&b, 2);
	buf_addstr(&b, "ab");
	buf_addf(&b, "%d", 7);
	buf_addch(&b, 'c');
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.ptr, "12");

	/* Reset clears the error and the contents. */
	buf_reset(&b);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_addstr(&b, "again");
	assert_string_equal(b.ptr, "again");
	buf_release(&b);
}

/* A single append larger than the cap, and a huge length, are refused. */
static void
test_cap_single_append(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 4);
	buf_add(&b, "abcde", 5);
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_release(&b);

	buf_init(&b, NULL, 0);
	buf_addstr(&b, "ab");
	buf_grow(&b, SIZE_MAX);
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	buf_grow(&b, SIZE_MAX - 1);
	assert_int_equal(b.len, 2);
	assert_string_equal(b.ptr, "ab");
	buf_release(&b);
}

/*
 * A printf append past the cap leaves the buffer as it was: same length,
 * NUL right after the last byte, even though vsnprintf() was tried into the
 * spare room first.
 */
static void
test_cap_printf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 100);
	buf_addstr(&b, "head");
	buf_addf(&b, "%s", "");
	assert_true(b.cap > 4);
	buf_addf(&b, "%0200d", 5);
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 4);
	assert_int_equal(b.ptr[4], '\0');
	assert_string_equal(b.ptr, "head");
	check_invariants(&b);

	/* The cap also holds for printf output that fits exactly. */
	buf_reset(&b);
	buf_addf(&b, "%0100d", 1);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(b.len, 100);
	buf_addf(&b, "%s", "");
	assert_int_equal(buf_error(&b), 0);
	buf_addf(&b, "%d", 2);
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 100);
	check_invariants(&b);
	buf_release(&b);
}

static void
test_truncate(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	buf_truncate(&b, 0);
	buf_truncate(&b, 5);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_addstr(&b, "hello world");
	buf_truncate(&b, 100);
	assert_string_equal(b.ptr, "hello world");
	buf_truncate(&b, 5);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.ptr, "hello");
	buf_addstr(&b, "!");
	assert_string_equal(b.ptr, "hello!");
	buf_truncate(&b, 0);
	assert_string_equal(b.ptr, "");
	check_invariants(&b);
	buf_release(&b);
}

static void
test_detach_heap(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	(void)state;
	buf_init(&b, NULL, 1000);
	buf_addf(&b, "%s-%d", "匠谷", 2019);
	s = buf_detach(&b, &len);
	assert_string_equal(s, "匠谷-2019");
	assert_int_equal(len, strlen("匠谷-2019"));
	/* The buffer is empty and usable again, with the same cap. */
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 1000);
	assert_string_equal(b.ptr, "");
	buf_addstr(&b, "next");
	assert_string_equal(b.ptr, "next");
	assert_ptr_not_equal(b.ptr, s);
	assert_string_equal(s, "匠谷-2019");
	free(s);
	buf_release(&b);

	/* An empty heap buffer detaches to a fresh "" the caller frees. */
	buf_init(&b, NULL, 0);
	s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	s = buf_detach(&b, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_release(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 50);
	buf_addstr(&b, "some text");
	buf_release(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 50);
	assert_string_equal(b.ptr, "");
	buf_addstr(&b, "reused");
	assert_string_equal(b.ptr, "reused");
	buf_release(&b);
	buf_release(&b);
	assert_int_equal(b.cap, 0);
}

static void
test_arena_backed(void **state)
{
	struct arena a;
	struct buf b;
	char *s;
	size_t len;

	(void)state;
	arena_init(&a, 0);
	buf_init(&b, &a, 0);
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	check_invariants(&b);
	assert_int_equal(buf_error(&b), 0);
	assert_int_equal(strncmp(b.ptr, "0,1,2,3,", 8), 0);
	assert_int_equal(strcmp(b.ptr + b.len - 4, "999,"), 0);

	s = buf_detach(&b, &len);
	assert_int_equal(len, strlen(s));
	assert_int_equal(strncmp(s, "0,1,2,", 6), 0);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.a, &a);
	/* An empty arena buffer detaches to "" in the arena. */
	s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);

	/* Release only forgets an arena buffer; the arena frees it. */
	buf_addstr(&b, "kept");
	s = b.ptr;
	buf_release(&b);
	assert_string_equal(s, "kept");
	assert_int_equal(b.cap, 0);
	arena_release(&a);
}

/*
 * An arena whose budget runs out: the append that needs a new block sets
 * ERR_NOMEM, keeps what was there, and every later append does nothing.
 */
static void
test_arena_budget(void **state)
{
	struct arena a;
	struct buf b;
	size_t before = 0;
	int i;

	(void)state;
	arena_init(&a, 20000);
	buf_init(&b, &a, 0);
	for (i = 0; i < 100000 && !buf_error(&b); i++) {
		before = b.len;
		buf_addstr(&b, "0123456789");
	}
	assert_int_equal(buf_error(&b), ERR_NOMEM);
	assert_true(i > 1);
	assert_int_equal(b.len, before);
	assert_true(a.used <= a.budget);
	check_invariants(&b);
	for (size_t k = 0; k < b.len; k++)
		assert_int_equal(b.ptr[k], '0' + (int)(k % 10));

	buf_addch(&b, 'x');
	buf_addf(&b, "%d", 1);
	assert_int_equal(b.len, before);
	assert_int_equal(buf_error(&b), ERR_NOMEM);
	buf_release(&b);
	arena_release(&a);

	/* A budget smaller than any block fails the first append. */
	arena_init(&a, 100);
	buf_init(&b, &a, 0);
	buf_addf(&b, "%s", "abc");
	assert_int_equal(buf_error(&b), ERR_NOMEM);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_null(buf_detach(&b, NULL));
	arena_release(&a);
}

/* printf into an arena buffer that runs out keeps its contents intact. */
static void
test_arena_budget_printf(void **state)
{
	struct arena a;
	struct buf b;

	(void)state;
	arena_init(&a, 20000);
	buf_init(&b, &a, 0);
	buf_addf(&b, "%08d", 1);
	assert_int_equal(buf_error(&b), 0);
	buf_addf(&b, "%030000d", 2);
	assert_int_equal(buf_error(&b), ERR_NOMEM);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.ptr, "00000001");
	check_invariants(&b);
	arena_release(&a);
}

/* `n` bytes of `s` as buf_add_json_string() and as jansson write them. */
static void
check_json_string(const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);
	char *want;
	struct buf b;

	assert_non_null(v);
	want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_non_null(want);
	buf_init(&b, NULL, 0);
	buf_addstr(&b, "x");
	buf_add_json_string(&b, s, n);
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(b.ptr + 1, want);
	check_invariants(&b);
	buf_release(&b);
	free(want);
	json_decref(v);
}

static void
test_json_string(void **state)
{
	char every[128];

	(void)state;
	check_json_string("", 0);
	check_json_string("plain", 5);
	check_json_string("\"quoted\" and \\ back/slash",
			  strlen("\"quoted\" and \\ back/slash"));
	check_json_string("九台经开区 « » \u2028",
			  strlen("九台经开区 « » \u2028"));
	check_json_string("nul\0inside", sizeof("nul\0inside") - 1);
	for (int i = 0; i < 128; i++)
		every[i] = (char)i;
	check_json_string(every, sizeof(every));
}

/* A capped buffer refuses a string that does not fit, escapes counted. */
static void
test_json_string_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 8);
	buf_add_json_string(&b, "abcdef", 6);
	assert_int_equal(buf_error(&b), 0);
	assert_string_equal(b.ptr, "\"abcdef\"");
	buf_reset(&b);
	buf_add_json_string(&b, "\n\n\n\n", 4);
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	assert_int_equal(b.len, 0);
	check_invariants(&b);
	buf_release(&b);
}

static void
test_int(void **state)
{
	static const long long values[] = {
		0, 1, -1, 9, 10, -10, 1234567890123LL, LLONG_MAX, LLONG_MIN,
	};
	char want[32];
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		buf_reset(&b);
		buf_add_int(&b, values[i]);
		snprintf(want, sizeof(want), "%lld", values[i]);
		assert_string_equal(b.ptr, want);
		check_invariants(&b);
	}
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_addch_growth),
		cmocka_unit_test(test_printf_growth),
		cmocka_unit_test(test_printf_formats),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_cap_single_append),
		cmocka_unit_test(test_cap_printf),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_detach_heap),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_arena_backed),
		cmocka_unit_test(test_arena_budget),
		cmocka_unit_test(test_arena_budget_printf),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_string_cap),
		cmocka_unit_test(test_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
