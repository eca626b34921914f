/*
 * test_entry.c - tests of src/record/entry.c: a form's value read for
 * each kind of column as people type it (money in yuan, areas in ㎡,
 * hours, Beijing times, whole numbers and ids) and shown back in the
 * same units; what does not read is refused with a message saying what
 * to type, the text kept as typed; an empty value is null.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"
#include "record/entry.h"

static const struct record_column money = { "rent", REC_MONEY, 0, 1000000 };
static const struct record_column area = { "area", REC_AREA, 0, 1000000 };
static const struct record_column hours = { "minutes", REC_DURATION, 0,
					    1440 };
static const struct record_column at = { "starts_at", REC_DATETIME };
static const struct record_column count = { "seats", REC_INT, 0, 100 };
static const struct record_column ref = { "org_id", REC_REF, 0, 0, NULL,
					  NULL, "org" };
static const struct record_column text = { "note", REC_TEXT, 0, 50 };

/* `typed` into column c reads as the integer `want`. */
static void
reads_int(const struct record_column *c, const char *typed, json_int_t want)
{
	const char *why = "unset";
	json_t *v = NULL;

	assert_int_equal(record_entry_parse(c, typed, &v, &why), 0);
	assert_null(why);
	assert_true(json_is_integer(v));
	assert_true(json_integer_value(v) == want);
	json_decref(v);
}

/* `typed` into column c is refused, kept as typed, with a message. */
static void
refused(const struct record_column *c, const char *typed, const char *says)
{
	const char *why = NULL;
	json_t *v = NULL;

	assert_int_equal(record_entry_parse(c, typed, &v, &why), ERR_INVALID);
	assert_non_null(why);
	assert_non_null(strstr(why, says));
	assert_string_equal(json_string_value(v), typed);
	json_decref(v);
}

static void
test_money(void **state)
{
	(void)state;
	reads_int(&money, "20.5", 2050);
	reads_int(&money, "20.50", 2050);
	reads_int(&money, "1,234.56", 123456);
	reads_int(&money, "\xc2\xa5" "20", 2000);
	refused(&money, "20.505", "yuan");
	refused(&money, "twenty", "yuan");
}

static void
test_area_hours_numbers(void **state)
{
	(void)state;
	reads_int(&area, "120.5", 12050);
	refused(&area, "120.555", "square metres");
	reads_int(&hours, "1.5", 90);
	reads_int(&hours, "0.75", 45);
	refused(&hours, "1h30", "hours");
	reads_int(&count, "30", 30);
	refused(&count, "30.5", "whole number");
	reads_int(&ref, "12", 12);
	refused(&ref, "D11", "choose a record");
}

static void
test_times(void **state)
{
	const char *why;
	json_t *v;

	(void)state;
	assert_int_equal(record_entry_parse(&at, "2019-11-18T09:00", &v,
					    &why), 0);
	assert_string_equal(json_string_value(v), "2019-11-18T01:00:00Z");
	json_decref(v);
	/* A stored time as the API writes it is taken as it is. */
	assert_int_equal(record_entry_parse(&at, "2019-11-18T01:00:00Z", &v,
					    &why), 0);
	assert_string_equal(json_string_value(v), "2019-11-18T01:00:00Z");
	json_decref(v);
	refused(&at, "2019-11-18 25:00", "date and time");
}

static void
test_empty_and_text(void **state)
{
	const char *why;
	json_t *v;

	(void)state;
	assert_int_equal(record_entry_parse(&money, "", &v, &why), 0);
	assert_true(json_is_null(v));
	json_decref(v);
	assert_int_equal(record_entry_parse(&text, "", &v, &why), 0);
	assert_string_equal(json_string_value(v), "");
	json_decref(v);
	assert_int_equal(record_entry_parse(&text, "\xff", &v, &why),
			 ERR_INVALID);
	assert_true(json_is_null(v));
	json_decref(v);
}

/* What a field shows reads back as the value it showed. */
static void
test_shown_back(void **state)
{
	char out[64];
	json_t *v;

	(void)state;
	v = json_integer(123456);
	assert_string_equal(record_entry_text(&money, v, out, sizeof(out)),
			    "1234.56");
	reads_int(&money, out, 123456);
	json_decref(v);
	v = json_integer(90);
	assert_string_equal(record_entry_text(&hours, v, out, sizeof(out)),
			    "1.5");
	json_decref(v);
	v = json_integer(45);
	assert_string_equal(record_entry_text(&hours, v, out, sizeof(out)),
			    "0.75");
	json_decref(v);
	v = json_string("2019-11-18T01:00:00Z");
	assert_string_equal(record_entry_text(&at, v, out, sizeof(out)),
			    "2019-11-18T09:00");
	json_decref(v);
	v = json_string("20.505");
	assert_string_equal(record_entry_text(&money, v, out, sizeof(out)),
			    "20.505");
	json_decref(v);
	assert_string_equal(record_entry_text(&money, NULL, out, sizeof(out)),
			    "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_area_hours_numbers),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_empty_and_text),
		cmocka_unit_test(test_shown_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
