/*
 * test_demo.c - the demo park's generators (src/demo/demo.h): splitmix64
 * against its published first output, unbiased draws, the GB 11714 and
 * GB 32100 check characters of generated credit codes, Chinese names,
 * unique valid mobile numbers; and demo_load() on a SQLite file: what it
 * counts, and that a second load is refused with the ledger untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/cnid.h"
#include "base/err.h"
#include "base/utf8.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"

static void
test_splitmix64_reference(void **state)
{
	struct demo_rng r = { 0 };

	(void)state;
	/* The first outputs of splitmix64 seeded with 0 (Vigna's code). */
	assert_true(demo_rng_next(&r) == 0xE220A8397B1DCDAFu);
	assert_true(demo_rng_next(&r) == 0x6E789E6AA1B965F4u);
}

static void
test_below_covers_its_range_only(void **state)
{
	struct demo_rng r = { 42 };
	int seen[7] = { 0 };

	(void)state;
	for (int i = 0; i < 7000; i++) {
		uint32_t v = demo_rng_below(&r, 7);

		assert_true(v < 7);
		seen[v]++;
	}
	for (int i = 0; i < 7; i++)
		assert_in_range(seen[i], 800, 1200);
	assert_int_equal(demo_rng_below(&r, 1), 0);
}

static void
test_org_code_check(void **state)
{
	(void)state;
	/* The example of GB 11714-1997: D2143569-X. */
	assert_int_equal(demo_org_code_check("D2143569"), 'X');
	/* 3+7+9+10+5+8+4+2 = 48 for all ones: 11 - 48 mod 11 = 7. */
	assert_int_equal(demo_org_code_check("11111111"), '7');
	/* Sum 0: 11 - 0 = 11, written '0'. */
	assert_int_equal(demo_org_code_check("00000000"), '0');
	assert_int_equal(demo_org_code_check("d2143569"), '\0');
	assert_int_equal(demo_org_code_check("D214356-"), '\0');
}

static void
test_credit_codes_are_valid(void **state)
{
	struct demo_rng r = { 7 };
	char code[19];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		bool ma = i % 2;

		demo_credit_code(&r, i % 3 ? "91220113" : "12220113", ma, code);
		assert_int_equal(strlen(code), 18);
		assert_true(cn_credit_code_valid(code));
		assert_memory_equal(code + 2, "220113", 6);
		assert_int_equal(demo_org_code_check(code + 8), code[16]);
		if (ma)
			assert_memory_equal(code + 8, "MA", 2);
		else
			assert_true(strspn(code + 8, "0123456789") >= 8);
		/* Only the code's alphabet: no I, O, S, V, Z. */
		assert_null(strpbrk(code, "IOSVZ"));
	}
}

static void
test_names_are_chinese_and_repeatable(void **state)
{
	struct demo_rng a = { 99 }, b = { 99 };
	char x[32], y[32];

	(void)state;
	for (int i = 0; i < 1000; i++) {
		size_t n;

		demo_person_name(&a, x, sizeof(x));
		demo_person_name(&b, y, sizeof(y));
		assert_string_equal(x, y);
		n = strlen(x);
		assert_true(utf8_valid(x, n));
		/* Two or three CJK characters of three bytes each. */
		assert_true(n == 6 || n == 9);
		for (size_t k = 0; k < n; k += 3)
			assert_true((unsigned char)x[k] >= 0xE4 &&
				    (unsigned char)x[k] <= 0xE9);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_mobiles_valid_and_unique(void **state)
{
	enum { N = 20000 };
	char (*m)[12] = calloc(N, sizeof(*m));
	char canon[12];

	(void)state;
	assert_non_null(m);
	for (uint32_t i = 0; i < N; i++) {
		demo_mobile(i, i * 2654435761u, m[i]);
		assert_true(cn_mobile_normalize(m[i], canon));
		assert_string_equal(canon, m[i]);
	}
	qsort(m, N, sizeof(*m), cmp_str);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(m[i - 1], m[i]);
	free(m);
}

/* demo_load() on a fresh SQLite file, migrated. */
static void
test_load_then_refuse(void **state)
{
	static const struct audit_actor actor = { 0, "system", "local" };
	struct migration_set set;
	struct demo_summary sum;
	struct db *db;
	char path[256], err[300];
	const char *t = getenv("TMPDIR");
	int fd, applied;

	(void)state;
	snprintf(path, sizeof(path), "%s/jg-test-demo-XXXXXX",
		 t && *t ? t : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(db_open(&db, path), 0);
	assert_int_equal(migration_set_load(&set, DB_SQLITE, NULL, err,
					    sizeof(err)), 0);
	assert_int_equal(migrate_up(db, &set, NULL, &applied, NULL), 0);
	migration_set_release(&set);

	assert_int_equal(demo_load(db, &actor, &sum), 0);
	/* with the nearby firms of the training history (training.c) */
	assert_int_equal(sum.orgs, 152);
	assert_int_equal(sum.orgs_by_kind[2], 62);	/* startup */
	assert_int_equal(sum.orgs_by_kind[0], 4);	/* park */
	assert_int_equal(sum.affiliations_by_role[4], 62);	/* founder */
	assert_int_equal(sum.affiliations_by_role[6], 7);	/* expert */
	assert_true(sum.people > 500);
	assert_true(sum.affiliations > sum.people);
	assert_string_equal(sum.error, "");

	assert_int_equal(demo_load(db, &actor, &sum), ERR_CONFLICT);
	assert_int_equal(sum.orgs, 0);
	assert_int_equal(sum.people, 0);
	assert_non_null(strstr(sum.error, "already holds 152 organisations"));
	db_close(db);
	unlink(path);
	snprintf(err, sizeof(err), "%s-wal", path);
	unlink(err);
	snprintf(err, sizeof(err), "%s-shm", path);
	unlink(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitmix64_reference),
		cmocka_unit_test(test_below_covers_its_range_only),
		cmocka_unit_test(test_org_code_check),
		cmocka_unit_test(test_credit_codes_are_valid),
		cmocka_unit_test(test_names_are_chinese_and_repeatable),
		cmocka_unit_test(test_mobiles_valid_and_unique),
		cmocka_unit_test(test_load_then_refuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
