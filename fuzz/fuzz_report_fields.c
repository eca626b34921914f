/*
 * fuzz_report_fields.c - libFuzzer target for the field list of a report
 * template (the `fields` column: names of report fields, comma separated,
 * each once), as record_validate() and the template's check judge it
 * (src/incubation/reports.c).
 *
 * The input, cut at its first NUL, is the list. Whatever it is, the check
 * must not crash, and when it accepts the list, the list must split into
 * 1 to 11 names, each one of inc_report_fields[] and none twice, and
 * student or graduate employees only with employees.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "incubation/incubation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
field_index(const char *s, size_t len)
{
	for (int i = 0; inc_report_fields[i]; i++)
		if (strlen(inc_report_fields[i]) == len &&
		    !memcmp(inc_report_fields[i], s, len))
			return i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problem pb = { 0 };
	char *text = malloc(size + 1);
	bool seen[16] = { false };
	json_t *rec;
	int rc, n = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rec = json_pack("{s:s,s:s,s:s?}", "name", "企业月报", "kind", "monthly",
			"fields", text);
	if (!rec)	/* not UTF-8: jansson refuses it, as the API would */
		goto out;
	rc = record_validate(NULL, &inc_template_table, rec, true, &pb);
	if (!rc)
		rc = inc_template_table.check(rec, &pb);
	if (rc != 0 && rc != ERR_INVALID)
		abort();
	if (rc)
		goto out;
	for (const char *s = text;; ) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int i = field_index(s, len);

		if (i < 0 || seen[i])
			abort();
		seen[i] = true;
		n++;
		if (!end)
			break;
		s = end + 1;
	}
	if (n < 1 || n > 11 || ((seen[1] || seen[2]) && !seen[0]))
		abort();
out:
	json_decref(rec);
	free(text);
	return 0;
}
