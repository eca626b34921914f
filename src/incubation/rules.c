/*
 * rules.c - the national incubator rule checks (incubation.h): pure
 * functions of dates and limits, and the limits as the settings give them.
 *
 * Source: 科技企业孵化器管理办法 (国科发区〔2018〕300号), on in-park
 * firms: registered at most 24 months before entering; incubated at most
 * 48 months, 60 for integrated circuits, biomedicine and modern
 * agriculture; and the graduation conditions (any one of: recognised as a
 * high-tech enterprise; two consecutive years' revenue over 10 million
 * yuan in all; acquired, merged or listed). docs/OPERATIONS.md lists the
 * settings that hold these limits.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "settings/settings.h"

static const char *const default_long_fields[] = {
	"integrated_circuit", "biomedicine", "modern_agriculture", NULL
};

const struct inc_rules inc_rules_default = {
	24, 48, 60, default_long_fields,
};

/* The number of the `n` digits at s. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Year, month and day of a "YYYY-MM-DD" date (checked by the caller). */
static void
split(const char *d, int *y, int *m, int *day)
{
	*y = digits(d, 4);
	*m = digits(d + 5, 2);
	*day = digits(d + 8, 2);
}

static int
month_days(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int
inc_months_between(const char *from, const char *to)
{
	int fy, fm, fd, ty, tm, td, n;

	split(from, &fy, &fm, &fd);
	split(to, &ty, &tm, &td);
	n = (ty - fy) * 12 + (tm - fm);
	if (n > 0 && td < fd)
		n--;
	else if (n < 0 && td > fd)
		n++;
	return n;
}

void
inc_add_months(const char *date, int months, char out[11])
{
	int y, m, d, total;
	char text[40];

	split(date, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
	memcpy(out, text, 10);
	out[10] = '\0';
}

static bool
is_long_field(const struct inc_rules *rules, const char *field)
{
	for (const char *const *f = rules->long_fields; f && *f; f++)
		if (field && !strcmp(*f, field))
			return true;
	return false;
}

int
inc_rules_check(const struct inc_rules *rules, const struct inc_facts *f,
		const char *as_of, json_t *out)
{
	const char *end;
	char limit[11];
	int n = 0;
	bool in_park;

	if (!f->admitted_on || strcmp(f->admitted_on, as_of) > 0)
		return 0;
	in_park = !f->left_on || strcmp(f->left_on, as_of) > 0;
	if (f->founded_on) {
		inc_add_months(f->founded_on, rules->max_age_at_entry_months,
			       limit);
		if (strcmp(f->admitted_on, limit) > 0) {
			json_array_append_new(out, json_string(
				"registered_before_entry"));
			n++;
		}
	}
	end = in_park ? as_of : f->left_on;
	inc_add_months(f->admitted_on, is_long_field(rules, f->field) ?
		       rules->max_months_long : rules->max_months, limit);
	if (strcmp(end, limit) > 0) {
		json_array_append_new(out, json_string("incubation_too_long"));
		n++;
	}
	if (in_park && f->agreement_to && strcmp(f->agreement_to, as_of) < 0) {
		json_array_append_new(out, json_string("agreement_expired"));
		n++;
	}
	if (!in_park && f->basis && !strcmp(f->basis, "other")) {
		json_array_append_new(out, json_string("graduation_basis"));
		n++;
	}
	return n;
}

/* The comma-separated fields of `text` as a NULL-terminated array. */
static const char *const *
split_fields(struct arena *a, const char *text)
{
	size_t n = 1, i = 0;
	const char **out;
	char *copy, *tok, *save;

	for (const char *p = text; *p; p++)
		n += *p == ',';
	out = arena_alloc(a, (n + 1) * sizeof(*out), _Alignof(const char *));
	copy = arena_strdup(a, text);
	if (!out || !copy)
		return NULL;
	for (tok = strtok_r(copy, ", ", &save); tok && i < n;
	     tok = strtok_r(NULL, ", ", &save))
		out[i++] = tok;
	out[i] = NULL;
	return out;
}

int
incubation_rules_load(struct db *db, struct arena *a, struct inc_rules *rules)
{
	int64_t v;
	const char *fields;
	int rc;

	*rules = inc_rules_default;
	if ((rc = settings_get_int(db, "incubation.max_age_at_entry_months",
				   &v)))
		return rc;
	rules->max_age_at_entry_months = (int)v;
	if ((rc = settings_get_int(db, "incubation.max_months", &v)))
		return rc;
	rules->max_months = (int)v;
	if ((rc = settings_get_int(db, "incubation.max_months_long", &v)))
		return rc;
	rules->max_months_long = (int)v;
	if ((rc = settings_get_text(db, a, "incubation.long_fields", &fields)))
		return rc;
	rules->long_fields = split_fields(a, fields);
	return rules->long_fields ? 0 : ERR_NOMEM;
}
