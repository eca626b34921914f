/*
 * test_catalog.c - every registered table speaks both languages, so that
 * a refusal can name its field by its label (docs/STYLE.md, Messages).
 *
 * The program's tables (cli_modules_init()) are walked one by one: each
 * column of a table with a catalog prefix has its label in zh-CN and en,
 * each value of an enum column too, and each column's check, given
 * values it refuses, refuses with a key whose text both catalogs have,
 * naming the same placeholders. The keys of the kit and of the rules are
 * read from the source by tests/cli/messages.test.mjs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "page/page.h"
#include "record/record.h"

static const char *const langs[] = { "zh-CN", "en" };

/* Values some check refuses: lengths, characters, forms, repeats. */
static const char *const probes[] = {
	"x", "12", "!!", "91220113MA0000001X", "91220113MA000000IO",
	"1380000123", "name@", "@example.cn", "a b@example.cn",
	"employees,employees", "employees,", "no_such_field", NULL
};

static int failures;

static void
missing(const char *what, const char *lang, const char *key)
{
	print_error("%s: %s lacks %s\n", what, lang, key);
	failures++;
}

/*
 * Which of {{label}}, {{min}}, {{max}} the text names, as bits; 8 for any
 * other name, which page_problem() would leave as it is.
 */
static unsigned
placeholders(const char *text)
{
	static const char *const names[] = { "label", "min", "max" };
	unsigned bits = 0;
	const char *p = text, *end;

	while ((p = strstr(p, "{{")) && (end = strstr(p, "}}"))) {
		size_t n = (size_t)(end - p - 2), i;

		for (i = 0; i < 3; i++)
			if (strlen(names[i]) == n && !strncmp(p + 2, names[i], n))
				break;
		bits |= i < 3 ? 1u << i : 8u;
		p = end + 2;
	}
	return bits;
}

/* The text at `key` in both languages, naming the same placeholders. */
static void
in_both(const char *what, const char *key)
{
	unsigned bits[2];

	for (int i = 0; i < 2; i++) {
		const char *text = page_text_in(langs[i], key);

		if (!strcmp(text, key)) {
			missing(what, langs[i], key);
			return;
		}
		bits[i] = placeholders(text);
	}
	if (bits[0] != bits[1] || (bits[0] & 8u)) {
		print_error("%s: %s names other placeholders in zh-CN and en\n",
			    what, key);
		failures++;
	}
}

/* Each probe the check refuses, it refuses by a key of both catalogs. */
static void
probe_check(const struct record_table *t, const struct record_column *c)
{
	char what[160], canon[64];
	int refused = 0;

	snprintf(what, sizeof(what), "%s.%s's check", t->table, c->name);
	for (const char *const *v = probes; *v; v++) {
		struct problem pb = { 0 };
		const char *value = *v;

		if (!c->check(&value, canon, &pb))
			continue;
		refused++;
		if (!pb.key) {
			print_error("%s: refuses '%s' without a key\n", what,
				    *v);
			failures++;
			continue;
		}
		in_both(what, pb.key);
	}
	if (!refused) {
		print_error("%s: refuses none of the probes; add one\n", what);
		failures++;
	}
}

static void
test_every_table(void **state)
{
	const struct record_table *t;
	char key[192], what[160];
	size_t i = 0, ntables = 0;

	(void)state;
	assert_int_equal(page_init(NULL), 0);
	cli_modules_init();
	while ((t = record_tables_next(&i))) {
		ntables++;
		for (const struct record_column *c = t->columns; c->name;
		     c++) {
			snprintf(what, sizeof(what), "%s.%s", t->table,
				 c->name);
			if (t->prefix) {
				snprintf(key, sizeof(key), "%s.%s", t->prefix,
					 c->name);
				for (int l = 0; l < 2; l++)
					if (!strcmp(page_text_in(langs[l],
								 key), key))
						missing(what, langs[l], key);
			}
			for (const char *const *v = c->values;
			     t->prefix && c->type == REC_ENUM && *v; v++) {
				snprintf(key, sizeof(key), "%s.%s_values.%s",
					 t->prefix, c->name, *v);
				for (int l = 0; l < 2; l++)
					if (!strcmp(page_text_in(langs[l],
								 key), key))
						missing(what, langs[l], key);
			}
			if (c->check)
				probe_check(t, c);
		}
	}
	page_shutdown();
	assert_true(ntables > 20);
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
