/*
 * settings.c - the declared settings and their stored values (settings.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "base/utf8.h"
#include "db/db.h"
#include "page/page.h"
#include "settings/settings.h"

/*
 * Sorted by key; labels and help in the catalogs (settings.h). Sources of
 * defaults are given in docs/OPERATIONS.md.
 */
/* The check of portal.today: empty, or a date. */
static const char *
check_date(const char *value)
{
	return !*value || date_valid(value) ? NULL :
	       "value must be empty or a date, YYYY-MM-DD";
}

#define U(unit) SETTING_UNIT_##unit
static const struct setting_def defs[] = {
	{ "auth.account_delay_after", SETTING_INT, "10", 1, 1000, U(TIMES) },
	{ "auth.account_max_delay", SETTING_INT, "60", 1, 3600, U(SECONDS) },
	{ "auth.ip_max_failures", SETTING_INT, "30", 1, 10000, U(TIMES) },
	{ "auth.login_max_failures", SETTING_INT, "5", 1, 1000, U(TIMES) },
	{ "auth.login_window_seconds", SETTING_INT, "900", 1, 86400,
	  U(SECONDS) },
	{ "auth.session_idle_minutes", SETTING_INT, "120", 1, 10080,
	  U(MINUTES) },
	{ "auth.session_max_hours", SETTING_INT, "12", 1, 720, U(HOURS) },
	/* facility (src/facility/) */
	{ "facility.pending_hours", SETTING_INT, "48", 1, 720, U(HOURS) },
	/* incubation (src/incubation/; sources in docs/OPERATIONS.md) */
	{ "incubation.apply_per_ip_hour", SETTING_INT, "10", 1, 10000,
	  U(TIMES) },
	{ "incubation.long_fields", SETTING_LIST,
	  "integrated_circuit,biomedicine,modern_agriculture", 0, 200,
	  U(NONE) },
	{ "incubation.max_age_at_entry_months", SETTING_INT, "24", 0, 600,
	  U(MONTHS) },
	{ "incubation.max_months", SETTING_INT, "48", 1, 600, U(MONTHS) },
	{ "incubation.max_months_long", SETTING_INT, "60", 1, 600,
	  U(MONTHS) },
	{ "incubation.rubric", SETTING_TEXT,
	  "创新性:30,团队:25,市场前景:25,可行性:20", 0, 600, U(NONE),
	  settings_check_weights },
	/* incubation: periodic reports (inc-ops) */
	{ "incubation.report_remind_days", SETTING_INT, "7", 1, 60, U(DAYS) },
	{ "jobs.login_log_days", SETTING_INT, "180", 1, 3650, U(DAYS) },
	/* the portal's "today" (issue 16): empty is the real date */
	{ "portal.today", SETTING_TEXT, "", 0, TIME_DATE_LEN, U(NONE),
	  check_date },
	/* selection (src/selection/): a new round's longest list, 0 any */
	{ "selection.list_cap", SETTING_INT, "0", 0, 100, U(NONE) },
	/* selection, part two: the fresh lotteries of a what-if */
	{ "selection.whatif_draws", SETTING_INT, "100", 1, 1000, U(TIMES) },
	/* the site's address on the internet, for what is printed */
	{ "site.public_base_url", SETTING_TEXT, "", 0, 200, U(NONE),
	  settings_check_base_url },
	/* training (issue 7) */
	{ "training.assessments_required", SETTING_BOOL, "true", 0, 1,
	  U(NONE) },
	{ "training.class_hour_minutes", SETTING_INT, "45", 20, 120,
	  U(MINUTES) },
	{ "training.late_after_minutes", SETTING_INT, "10", 0, 240,
	  U(MINUTES) },
	{ "training.master_max_apprentices", SETTING_INT, "8", 1, 100,
	  U(PEOPLE) },
	{ "training.min_attendance_pct", SETTING_INT, "80", 0, 100,
	  U(PERCENT) },
	/* training, tr-out */
	{ "training.pass_mark", SETTING_INT, "60", 0, 100, U(POINTS) },
	{ "upload.allowed_types", SETTING_LIST, "pdf,png,jpeg,xlsx,docx",
	  0, 200, U(NONE) },
	{ "upload.max_bytes", SETTING_INT, "10485760", 1024, 104857600,
	  U(BYTES) },
	{ "upload.quota_bytes", SETTING_INT, "209715200", 1048576,
	  INT64_C(1099511627776), U(BYTES) },
};
#undef U

#define NDEFS (sizeof(defs) / sizeof(defs[0]))

/* What settings_set_choices() told, by the index of the setting. */
static struct {
	const char *const *values;
	const char *label_prefix;
} choices[NDEFS];

const char *
settings_unit_name(enum setting_unit unit)
{
	static const char *const names[] = {
		[SETTING_UNIT_NONE] = "", [SETTING_UNIT_TIMES] = "times",
		[SETTING_UNIT_SECONDS] = "seconds",
		[SETTING_UNIT_MINUTES] = "minutes",
		[SETTING_UNIT_HOURS] = "hours", [SETTING_UNIT_DAYS] = "days",
		[SETTING_UNIT_MONTHS] = "months",
		[SETTING_UNIT_PERCENT] = "percent",
		[SETTING_UNIT_POINTS] = "points",
		[SETTING_UNIT_PEOPLE] = "people",
		[SETTING_UNIT_BYTES] = "bytes",
	};

	return names[unit];
}

void
settings_set_choices(const char *key, const char *const *values,
		     const char *label_prefix)
{
	const struct setting_def *d = settings_find(key);

	assert(d && d->type == SETTING_LIST);
	choices[d - defs].values = values;
	choices[d - defs].label_prefix = label_prefix;
}

const char *const *
settings_choices(const struct setting_def *d, const char **label_prefix)
{
	*label_prefix = choices[d - defs].label_prefix;
	return choices[d - defs].values;
}

/*
 * The check of a list setting: each comma-separated item one of its
 * choices (when told), once. NULL when fine, else why not.
 */
static const char *
check_list(const struct setting_def *d, const char *value)
{
	const char *prefix, *const *values = settings_choices(d, &prefix);
	const char *p = value;

	while (*p && values) {
		size_t len = strcspn(p, ",");
		const char *const *v = values;

		while (*v && (strlen(*v) != len || strncmp(*v, p, len)))
			v++;
		if (!*v)
			return "each item must be one of the choices";
		for (const char *q = value; q < p; q += strcspn(q, ",") + 1)
			if (strcspn(q, ",") == len && !strncmp(q, p, len))
				return "each item may be chosen once";
		p += len;
		if (*p && !*++p)
			return "an item is missing after the last comma";
	}
	return NULL;
}

const char *
settings_check_weights(const char *value)
{
	const char *p = value;
	int n = 0, sum = 0;

	if (!utf8_valid(value, strlen(value)))
		return "the criteria must be UTF-8 text";
	while (*p) {
		const char *colon = strchr(p, ':');
		const char *comma = strchr(p, ',');
		size_t len;
		char *end;
		long w;

		if (!colon || (comma && comma < colon))
			return "each criterion must be label:weight";
		len = (size_t)(colon - p);
		if (len == 0 || len > 128 || !utf8_valid(p, len))
			return "a label must be 1 to 128 bytes of UTF-8";
		w = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || (*end && *end != ',') || w < 1 ||
		    w > 100)
			return "a weight must be a whole number from 1 to 100";
		sum += (int)w;
		if (++n > 12)
			return "at most 12 criteria";
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return "a criterion is missing after the last comma";
	}
	if (n == 0)
		return "at least one criterion is required";
	if (sum != 100)
		return "the weights must add up to 100";
	return NULL;
}

const struct setting_def *
settings_defs(size_t *n)
{
	*n = NDEFS;
	return defs;
}

const struct setting_def *
settings_find(const char *key)
{
	for (size_t i = 0; key && i < NDEFS; i++)
		if (!strcmp(defs[i].key, key))
			return &defs[i];
	return NULL;
}

/* The stored value of `key` copied into `a`, or NULL (*rc: error). */
static const char *
stored(struct db *db, struct arena *a, const char *key, int *rc)
{
	struct db_stmt *st;
	const char *v = NULL;

	*rc = db_prepare(db, &st, "SELECT value FROM setting WHERE key = ?");
	if (*rc)
		return NULL;
	db_bind_text(st, 1, key);
	*rc = db_step(st);
	if (*rc == DB_ROW) {
		v = arena_strdup(a, db_column_text(st, 0));
		*rc = v ? 0 : ERR_NOMEM;
	}
	db_finalize(st);
	return v;
}

/* Parse an INT/BOOL value as stored or as submitted; 0 or ERR_INVALID. */
static int
parse_value(const struct setting_def *d, const char *s, int64_t *out,
	    const char **why)
{
	char *end;
	long long v;

	if (d->type == SETTING_BOOL) {
		if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on"))
			*out = 1;
		else if (!strcmp(s, "0") || !strcmp(s, "false") ||
			 !strcmp(s, "off"))
			*out = 0;
		else
			goto bad;
		return 0;
	}
	if (!*s || strspn(s, "-0123456789") != strlen(s) || strlen(s) > 18)
		goto bad;
	v = strtoll(s, &end, 10);
	if (*end || v < d->min || v > d->max)
		goto bad;
	*out = v;
	return 0;
bad:
	*why = d->type == SETTING_BOOL ? "value must be true or false"
				       : "value must be a whole number in the "
					 "allowed range";
	return ERR_INVALID;
}

int
settings_get_int(struct db *db, const char *key, int64_t *out)
{
	const struct setting_def *d = settings_find(key);
	struct arena a;
	const char *v, *why;
	int rc;

	assert(d && (d->type == SETTING_INT || d->type == SETTING_BOOL));
	arena_init(&a, 0);
	parse_value(d, d->default_value, out, &why);
	v = stored(db, &a, key, &rc);
	if (v && parse_value(d, v, out, &why))
		parse_value(d, d->default_value, out, &why);
	arena_release(&a);
	return rc;
}

int
settings_get_text(struct db *db, struct arena *a, const char *key,
		  const char **out)
{
	const struct setting_def *d = settings_find(key);
	const char *v;
	int rc;

	assert(d && (d->type == SETTING_TEXT || d->type == SETTING_LIST));
	v = stored(db, a, key, &rc);
	*out = v ? v : d->default_value;
	return rc;
}

int
settings_today(struct db *db, char out[TIME_DATE_LEN + 1], bool *fixed)
{
	struct arena a;
	const char *v;
	int rc;

	arena_init(&a, 0);
	v = stored(db, &a, "portal.today", &rc);
	if (v && date_valid(v))
		memcpy(out, v, TIME_DATE_LEN + 1);
	else
		time_today_beijing(out);
	if (fixed)
		*fixed = v && date_valid(v);
	arena_release(&a);
	return rc;
}

int
settings_set(struct db *db, const struct audit_actor *actor,
	     const char *key, const char *value, const char **why)
{
	const struct setting_def *d = settings_find(key);
	struct db_stmt *st;
	struct arena a;
	const char *old;
	char now[32], num[24];
	json_t *before, *after;
	int64_t v;
	int rc;

	*why = NULL;
	if (!d)
		return ERR_NOTFOUND;
	if (d->type == SETTING_INT || d->type == SETTING_BOOL) {
		rc = parse_value(d, value, &v, why);
		if (rc)
			return rc;
		snprintf(num, sizeof(num), "%lld", (long long)v);
		value = num;
	} else if ((int64_t)strlen(value) > d->max) {
		*why = "value is too long";
		return ERR_INVALID;
	} else if ((d->check && (*why = d->check(value))) ||
		   (d->type == SETTING_LIST && (*why = check_list(d, value)))) {
		return ERR_INVALID;
	}
	arena_init(&a, 0);
	rc = db_begin(db);
	if (rc)
		goto out;
	old = stored(db, &a, key, &rc);
	if (rc)
		goto out_rollback;
	time_now_utc(now);
	rc = db_prepare(db, &st,
		"INSERT INTO setting (key, value, updated_at, updated_by) "
		"VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
		"value = excluded.value, updated_at = excluded.updated_at, "
		"updated_by = excluded.updated_by");
	if (rc)
		goto out_rollback;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	db_bind_text(st, 3, now);
	if (actor->id > 0)
		db_bind_int(st, 4, actor->id);
	else
		db_bind_null(st, 4);
	rc = db_step(st);
	db_finalize(st);
	if (rc)
		goto out_rollback;
	before = json_pack("{ssss}", "key", key, "value",
			   old ? old : d->default_value);
	after = json_pack("{ssss}", "key", key, "value", value);
	rc = audit_write(db, actor, "update", "setting", 0, before, after);
	json_decref(before);
	json_decref(after);
	if (rc)
		goto out_rollback;
	rc = db_commit(db);
	goto out;

out_rollback:
	db_rollback(db);
out:
	arena_release(&a);
	return rc;
}

/* A stored value as JSON of the setting's type. */
static json_t *
typed(const struct setting_def *d, const char *v)
{
	const char *why;
	int64_t n;

	if (d->type == SETTING_TEXT || d->type == SETTING_LIST)
		return json_string(v);
	if (parse_value(d, v, &n, &why))
		parse_value(d, d->default_value, &n, &why);
	return d->type == SETTING_BOOL ? json_boolean(n) : json_integer(n);
}

/* The type's name in the API. */
static const char *
type_name(enum setting_type type)
{
	switch (type) {
	case SETTING_INT:
		return "integer";
	case SETTING_BOOL:
		return "boolean";
	case SETTING_LIST:
		return "list";
	default:
		return "text";
	}
}

int
settings_list(struct db *db, json_t **out)
{
	struct arena a;
	int rc = 0;

	*out = json_array();
	arena_init(&a, 0);
	for (size_t i = 0; i < NDEFS; i++) {
		const struct setting_def *d = &defs[i];
		const char *v = stored(db, &a, d->key, &rc), *prefix;
		const char *const *values = settings_choices(d, &prefix);
		json_t *row;

		if (rc)
			break;
		row = json_pack("{ss ss so so ss ss ss}",
			"key", d->key, "type", type_name(d->type),
			"value", typed(d, v ? v : d->default_value),
			"default", typed(d, d->default_value),
			"unit", settings_unit_name(d->unit),
			"label", page_text_in("zh-CN", arena_printf(&a,
				"settings.defs.%s.label", d->key)),
			"help", page_text_in("en", arena_printf(&a,
				"settings.defs.%s.help", d->key)));
		if (d->type == SETTING_INT) {
			json_object_set_new(row, "min", json_integer(d->min));
			json_object_set_new(row, "max", json_integer(d->max));
		}
		if (values) {
			json_t *list = json_array();

			for (; *values; values++)
				json_array_append_new(list,
						      json_string(*values));
			json_object_set_new(row, "choices", list);
		}
		json_array_append_new(*out, row);
	}
	arena_release(&a);
	return rc;
}

const char *
settings_check_base_url(const char *value)
{
	const char *host = !strncmp(value, "https://", 8) ? value + 8 :
			   !strncmp(value, "http://", 7) ? value + 7 : NULL;
	size_t n;

	if (!*value)
		return NULL;
	if (!host)
		return "the address must start with http:// or https://";
	n = strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789.-:[]");
	if (!n)
		return "the address must name a host";
	if (host[n] && (host[n] != '/' || strpbrk(host + n, "?#\\ \t\r\n")))
		return "the address must be a host and a path, without a "
		       "query or spaces";
	if (value[strlen(value) - 1] == '/')
		return "the address must not end with /";
	return NULL;
}

/* The Host the request came with, when it is a plain host[:port]. */
static const char *
request_host(struct request *r)
{
	const char *host = http_header(r, "Host");

	if (!host || !*host || strlen(host) > 200 || host[strspn(host,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]")])
		return "localhost";
	return host;
}

int
settings_public_url(struct request *r, const char *path, const char **out)
{
	const char *base;
	int rc = settings_get_text(r->db, &r->arena, "site.public_base_url",
				   &base);

	*out = NULL;
	if (rc)
		return rc;
	if (!base || !*base)
		base = arena_printf(&r->arena, "%s://%s",
				    http_forwarded_https(r) ? "https" : "http",
				    request_host(r));
	*out = arena_printf(&r->arena, "%s%s", base, path);
	return *out ? 0 : ERR_NOMEM;
}
