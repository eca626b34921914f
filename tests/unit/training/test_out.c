/*
 * test_out.c - tests of the pure parts of src/training/ (training.h): the
 * masked name /verify/CODE shows (王*霖), for names of one to many
 * characters, Chinese and not, and a buffer too small; the names of the
 * skill levels.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"
#include "training/training.h"

static void
masked(const char *name, const char *want)
{
	char out[64];

	training_mask_name(name, out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_mask_chinese(void **state)
{
	(void)state;
	masked("王子霖", "王*霖");
	masked("王霖", "王*");
	masked("欧阳子霖", "欧**霖");
	masked("王", "*");
	masked("", "");
}

static void
test_mask_latin(void **state)
{
	(void)state;
	masked("Anna", "A**a");
	masked("Li", "L*");
}

/* A short buffer never overflows and stays terminated. */
static void
test_mask_small_buffer(void **state)
{
	char out[5];

	(void)state;
	memset(out, 'x', sizeof(out));
	training_mask_name("欧阳子霖", out, sizeof(out));
	assert_true(memchr(out, '\0', sizeof(out)) != NULL);
	assert_int_equal(strncmp(out, "欧", 3), 0);
	training_mask_name("王子霖", out, 0);
}

static void
test_levels(void **state)
{
	(void)state;
	assert_string_equal(training_skill_level_name(1), "高级技师");
	assert_string_equal(training_skill_level_name(2), "技师");
	assert_string_equal(training_skill_level_name(3), "高级工");
	assert_string_equal(training_skill_level_name(4), "中级工");
	assert_string_equal(training_skill_level_name(5), "初级工");
	assert_null(training_skill_level_name(0));
	assert_null(training_skill_level_name(6));
	assert_int_equal(TRAINING_SENIOR_TECHNICIAN, 1);
}

/* A certificate's number for people, and as people type it. */
static void
test_cert_number(void **state)
{
	char out[TRAINING_CERT_NUMBER_BYTES];

	(void)state;
	assert_int_equal(training_cert_number("匠谷结字", 2019, 123, out), 0);
	assert_string_equal(out, "匠谷结字〔2019〕第0123号");
	assert_int_equal(training_cert_number("匠谷结字", 2019, 12345, out),
			 0);
	assert_string_equal(out, "匠谷结字〔2019〕第12345号");
	assert_int_equal(training_cert_number("匠谷结字", 2019, 0, out),
			 ERR_INVALID);
	for (const char *const *typed = (const char *const[]){
		"匠谷结字〔2019〕第0123号", " 匠谷结字[2019]第0123号\n",
		"匠谷结字(2019)第0123号", "匠谷结字（2019）第0123号",
		"匠谷结字【2019】第 0123 号", "匠谷结字　［2019］第0123号", NULL };
	     *typed; typed++) {
		assert_int_equal(training_cert_number_canon(*typed, out), 0);
		assert_string_equal(out, "匠谷结字〔2019〕第0123号");
	}
	assert_int_equal(training_cert_number_canon("", out), 0);
	assert_string_equal(out, "");
	{
		char longer[TRAINING_CERT_NUMBER_BYTES + 2];

		memset(longer, 'x', sizeof(longer) - 1);
		longer[sizeof(longer) - 1] = '\0';
		assert_int_equal(training_cert_number_canon(longer, out),
				 ERR_INVALID);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_chinese),
		cmocka_unit_test(test_mask_latin),
		cmocka_unit_test(test_mask_small_buffer),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_cert_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
