/*
 * pages.c - the settings page (参数设置): every setting with its label,
 * help and unit in the caller's language and an input that fits it (a
 * checkbox, a number with its unit, a multiple choice, text), each saved
 * on its own (and audited). A refused value is shown again beside the
 * setting, the message naming it by its label; nothing is written.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/err.h"
#include "http/form.h"
#include "page/page.h"
#include "settings/pages.h"
#include "settings/settings.h"

#define MB INT64_C(1048576)

/* A setting's label in the caller's language. */
static const char *
label_of(struct request *r, const char *key)
{
	return page_text(r, arena_printf(&r->arena, "settings.defs.%s.label",
					 key));
}

/*
 * Bytes as MB for the page: whole, or with two decimals, rounded up with
 * `up` (a lower bound the page must not show below itself).
 */
static const char *
mb_text(struct request *r, int64_t bytes, bool up)
{
	int64_t hundredths = bytes * 100 / MB;

	if (bytes % MB == 0)
		return arena_printf(&r->arena, "%lld", (long long)(bytes / MB));
	if (up && hundredths * MB < bytes * 100)
		hundredths++;
	return arena_printf(&r->arena, "%lld.%02lld",
			    (long long)(hundredths / 100),
			    (long long)(hundredths % 100));
}

/*
 * MB as typed ("10", "0.5", "2.25") into bytes as text in `out`: 0, or
 * ERR_INVALID for anything else (at most two decimals, no sign).
 */
static int
mb_to_bytes(const char *s, char out[24])
{
	size_t whole = strspn(s, "0123456789"), frac = 0;
	int64_t n = 0, hundredths = 0;

	if (whole == 0 || whole > 9)
		return ERR_INVALID;
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac == 0 || frac > 2)
			return ERR_INVALID;
	}
	if (s[whole + (frac ? frac + 1 : 0)])
		return ERR_INVALID;
	for (size_t i = 0; i < whole; i++)
		n = n * 10 + (s[i] - '0');
	for (size_t i = 0; i < 2; i++)
		hundredths = hundredths * 10 +
			     (i < frac ? s[whole + 1 + i] - '0' : 0);
	snprintf(out, 24, "%lld", (long long)(n * MB + hundredths * MB / 100));
	return 0;
}

/* The choices of a list setting, each marked when in `value`. */
static json_t *
list_options(struct request *r, const struct setting_def *d,
	     const char *value)
{
	const char *prefix, *const *values = settings_choices(d, &prefix);
	json_t *out = json_array();

	for (; values && *values; values++) {
		size_t len = strlen(*values);
		bool on = false;

		for (const char *p = value; *p; p += strcspn(p, ","),
		     p += *p == ',')
			if (strcspn(p, ",") == len && !strncmp(p, *values, len))
				on = true;
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}",
			"value", *values, "label", prefix ? page_text(r,
			arena_printf(&r->arena, "%s%s", prefix, *values)) :
			*values, "selected", on));
	}
	return out;
}

/*
 * One setting as the page shows it: its label, help and unit, its input
 * (`input`: "checkbox", "number", "list" or "text") with its current
 * value in the unit people read, and the bounds in that unit.
 */
static void
describe(struct request *r, const struct setting_def *d, json_t *row)
{
	json_t *v = json_object_get(row, "value");
	const char *unit = settings_unit_name(d->unit), *text;

	json_object_set_new(row, "label", json_string(label_of(r, d->key)));
	json_object_set_new(row, "help", json_string(page_text(r,
		arena_printf(&r->arena, "settings.defs.%s.help", d->key))));
	if (*unit)
		json_object_set_new(row, "unit_label", json_string(page_text(r,
			arena_printf(&r->arena, "settings.units.%s", unit))));
	switch (d->type) {
	case SETTING_BOOL:
		json_object_set_new(row, "input", json_string("checkbox"));
		json_object_set_new(row, "is_checkbox", json_true());
		json_object_set_new(row, "checked", json_boolean(
			json_is_true(v)));
		json_object_set_new(row, "default_text", json_string(page_text(
			r, json_is_true(json_object_get(row, "default")) ?
			"common.yes" : "common.no")));
		return;
	case SETTING_LIST:
		text = json_string_value(v);
		json_object_set_new(row, "is_list", json_true());
		json_object_set_new(row, "options", list_options(r, d,
			text ? text : ""));
		json_object_set_new(row, "default_text", json_string(
			d->default_value));
		return;
	case SETTING_TEXT:
		json_object_set_new(row, "is_text", json_true());
		json_object_set_new(row, "default_text", json_string(
			d->default_value));
		return;
	case SETTING_INT:
		break;
	}
	json_object_set_new(row, "is_number", json_true());
	if (d->unit == SETTING_UNIT_BYTES) {
		json_object_set_new(row, "value", json_string(mb_text(r,
			json_integer_value(v), false)));
		json_object_set_new(row, "step", json_string("0.01"));
		json_object_set_new(row, "min", json_string(mb_text(r,
			d->min, true)));
		json_object_set_new(row, "max", json_string(mb_text(r,
			d->max, false)));
		json_object_set_new(row, "default_text", json_string(mb_text(
			r, json_integer_value(json_object_get(row, "default")),
			false)));
		return;
	}
	json_object_set_new(row, "step", json_string("1"));
	json_object_set_new(row, "default_text", json_string(arena_printf(
		&r->arena, "%lld", (long long)json_integer_value(
		json_object_get(row, "default")))));
}

/* The page, with an error beside the setting `bad_key` if any. */
static int
render_settings(struct request *r, const char *bad_key, const char *error,
		const char *bad_value)
{
	json_t *items, *row;
	size_t i;
	int rc = settings_list(r->db, &items);

	if (rc) {
		http_own(r, items);
		return rc;
	}
	json_array_foreach(items, i, row) {
		const char *key = json_string_value(json_object_get(row, "key"));
		const struct setting_def *d = settings_find(key);

		bool bad = bad_key && !strcmp(key, bad_key);

		json_object_set_new(row, "id", json_string(arena_printf(
			&r->arena, "s-%zu", i)));
		describe(r, d, row);
		if (!bad)
			continue;
		/* What was typed, as it was typed. */
		json_object_set_new(row, "error", json_string(error));
		json_object_set_new(row, "value", json_string(bad_value));
		if (d->type == SETTING_LIST)
			json_object_set_new(row, "options", list_options(r, d,
					    bad_value));
	}
	return page_render(r, "admin/settings", "settings.title",
			   json_pack("{s:o}", "settings", items));
}

static int
get_settings_page(struct request *r)
{
	int rc = auth_require(auth_principal(r), PERM_SETTINGS_WRITE, 0);

	return rc ? rc : render_settings(r, NULL, NULL, NULL);
}

/*
 * The value a setting's form sent, as settings_set() takes it: a
 * checkbox's presence, the choices of a list joined by commas, MB as
 * bytes; NULL with *why when it cannot be read.
 */
static const char *
form_value(struct request *r, const struct setting_def *d,
	   const struct form *f, const char **why)
{
	const char *value = form_get(f, "value");
	char *bytes;
	struct buf b;

	switch (d->type) {
	case SETTING_BOOL:
		return value ? "true" : "false";
	case SETTING_LIST:
		buf_init(&b, &r->arena, (size_t)d->max + 1);
		for (size_t i = 0; i < f->n; i++)
			if (!strcmp(f->fields[i].name, "value"))
				buf_addf(&b, "%s%s", b.len ? "," : "",
					 f->fields[i].value);
		if (buf_error(&b)) {
			*why = "value is too long";
			return NULL;
		}
		return b.len ? b.ptr : "";
	case SETTING_INT:
		if (d->unit != SETTING_UNIT_BYTES)
			break;
		bytes = arena_new(&r->arena, char, 24);
		if (!bytes || !value || mb_to_bytes(value, bytes)) {
			*why = "value must be a number of MB with at most two "
			       "decimals";
			return NULL;
		}
		return bytes;
	case SETTING_TEXT:
		break;
	}
	return value ? value : "";
}

/* POST /admin/settings/{key} {value} */
static int
post_setting(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *key = http_param(r, "key"), *value, *why = NULL;
	const struct setting_def *d;
	const struct form *f;
	int rc;

	if ((rc = auth_require(p, PERM_SETTINGS_WRITE, 0)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	d = settings_find(key);
	if (!d)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such setting");
	value = form_value(r, d, f, &why);
	rc = value ? settings_set(r->db, &p->actor, key, value, &why)
		   : ERR_INVALID;
	if (rc == ERR_INVALID) {
		r->status = 400;
		return render_settings(r, key, arena_printf(&r->arena,
			"%s：%s", label_of(r, key), page_message(r, why)),
			d->type == SETTING_LIST && value ? value :
			form_get(f, "value") ? form_get(f, "value") : "");
	}
	if (rc)
		return rc;
	page_flash(r, "success", "settings.saved");
	return http_redirect(r, "/admin/settings");
}

const struct route settings_page_routes[] = {
	{ HTTP_GET, "/admin/settings", get_settings_page, ROUTE_PAGE, NULL,
	  PERM_SETTINGS_WRITE },
	{ HTTP_POST, "/admin/settings/:key", post_setting, ROUTE_PAGE, NULL,
	  PERM_SETTINGS_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The settings' entry of the left menu (page.h). */
const struct page_menu_item settings_menu[] = {
	{ ROLE_ADMIN, "menu.system", "/admin/settings", "menu.settings" },
	{ 0, NULL, NULL, NULL },
};
