/*
 * fuzz_rubric.c - libFuzzer target for the review rubric's parser: the
 * weights check of the setting (settings_check_weights()) and the parse
 * into criteria (inc_rubric_parse(), src/incubation/store_review.c).
 *
 * The input, cut at its first NUL, is a setting's text. Whatever it is,
 * the check must not crash, and when the check accepts it the parse must
 * succeed with 1 to 12 criteria whose names are non-empty, hold no ':' or
 * ',', and whose weights are 1..100 adding up to 100.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "incubation/incubation_int.h"
#include "settings/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	json_t *rubric = NULL, *c;
	size_t i;
	int sum = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (settings_check_weights(text)) {
		if (inc_rubric_parse(text, &rubric) == 0)
			abort();
		goto out;
	}
	if (inc_rubric_parse(text, &rubric) != 0)
		abort();
	if (json_array_size(rubric) < 1 || json_array_size(rubric) > 12)
		abort();
	json_array_foreach(rubric, i, c) {
		const char *name = json_string_value(json_object_get(c,
								     "name"));
		json_int_t w = json_integer_value(json_object_get(c,
								  "weight"));

		if (!name || !*name || strpbrk(name, ":,") || w < 1 ||
		    w > 100)
			abort();
		sum += (int)w;
	}
	if (sum != 100)
		abort();
out:
	json_decref(rubric);
	free(text);
	return 0;
}
