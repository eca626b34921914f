/*
 * pick.c - accounts picked by name, as the kit picks records
 * (record/picker.html): the search a picker asks (GET
 * /api/v1/pick/account?q=, for those who may list accounts), the
 * picker's data for a page, and the id a form's picker sent. An account
 * goes by its display name and its name: "王芳（wangfang）".
 */
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/pages.h"
#include "auth/auth.h"
#include "base/err.h"
#include "http/form.h"

#define PICK_MAX 10

/* How an account is named where it is picked. */
static const char *
title_of(struct request *r, const json_t *acct)
{
	const char *name = json_string_value(json_object_get(acct, "name"));
	const char *shown = json_string_value(json_object_get(acct,
							      "display_name"));

	if (!name)
		return "";
	return shown && *shown ? arena_printf(&r->arena, "%s（%s）", shown,
					      name) : name;
}

/* The accounts whose name contains `q`, as [{id, title}] (the request's). */
static int
search(struct request *r, const char *q, json_t **out)
{
	json_t *items, *a;
	int64_t total;
	size_t i;
	int rc = account_list(r->db, q && *q ? q : NULL, NULL, PICK_MAX, 0,
			      &items, &total);

	http_own(r, items);
	*out = http_own(r, json_array());
	json_array_foreach(items, i, a)
		json_array_append_new(*out, json_pack("{s:O,s:s}", "id",
			json_object_get(a, "id"), "title", title_of(r, a)));
	return rc;
}

int
account_pick_api(struct request *r)
{
	const char *q = http_query(r, "q");
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_ACCOUNT_READ, 0)))
		return rc;
	if (q && strlen(q) > 200)
		return http_fail(r, ERR_INVALID, "q",
				 "q must be at most 200 bytes");
	if ((rc = search(r, q, &items)))
		return rc;
	return http_json(r, 200, json_pack("{s:O}", "items", items));
}

json_t *
account_picker(struct request *r, json_t *v, bool refused)
{
	/*
	 * Not required in the browser: a form may also send to a role
	 * (notify/send.html), and the server says when it is missing.
	 */
	json_t *out = json_pack("{s:s,s:s,s:s,s:s,s:b,s:b}", "source",
				"/api/v1/pick/account", "hint", page_text(r,
				"entry.picker_hint"), "id", "", "text", "",
				"choose", 0, "required", 0);
	json_t *acct, *matches;

	if (json_is_integer(v) && !account_get(r->db, json_integer_value(v),
					       &acct)) {
		json_object_set_new(out, "id", json_string(arena_printf(
			&r->arena, "%lld", (long long)json_integer_value(v))));
		json_object_set_new(out, "text", json_string(title_of(r,
			http_own(r, acct))));
	} else if (json_is_string(v)) {
		json_object_set(out, "text", v);
		if (refused && !search(r, json_string_value(v), &matches) &&
		    json_array_size(matches) > 1) {
			json_object_set(out, "matches", matches);
			json_object_set_new(out, "choose", json_true());
		}
	}
	return out;
}

int
account_pick_id(struct request *r, const struct form *f, const char *name,
		int64_t *id, const char **why)
{
	const char *chosen = form_get(f, name);
	const char *text = form_get(f, arena_printf(&r->arena, "%s_text",
						    name));
	json_t *acct, *found, *one;
	size_t i, nexact = 0;
	int rc;

	*id = 0;
	*why = NULL;
	while (text && *text == ' ')
		text++;
	/* The account the picker chose while its title is what is shown,
	 * or an id sent alone. */
	if (chosen && *chosen && strspn(chosen, "0123456789") ==
	    strlen(chosen) && strlen(chosen) <= 18 &&
	    !account_get(r->db, strtoll(chosen, NULL, 10), &acct)) {
		http_own(r, acct);
		if (!text || !strcmp(title_of(r, acct), text)) {
			*id = json_integer_value(json_object_get(acct, "id"));
			return 0;
		}
	}
	if (!text || !*text) {
		if (!chosen || !*chosen)
			return 0;
		*why = "choose a record from the list";
		return ERR_INVALID;
	}
	/* What was typed: the account of that name, or the one match. */
	if (!account_get_by_name(r->db, text, &acct)) {
		*id = json_integer_value(json_object_get(http_own(r, acct),
							 "id"));
		return 0;
	}
	if ((rc = search(r, text, &found)))
		return rc;
	json_array_foreach(found, i, one)
		if (!strcmp(json_string_value(json_object_get(one, "title")),
			    text) && !nexact++)
			*id = json_integer_value(json_object_get(one, "id"));
	if (nexact == 1)
		return 0;
	*id = json_array_size(found) == 1 ? json_integer_value(
		json_object_get(json_array_get(found, 0), "id")) : 0;
	if (*id)
		return 0;
	*why = json_array_size(found) ? "several records match what was "
	       "typed: choose one" : "no record matches what was typed: "
	       "type part of its name or code";
	return ERR_INVALID;
}
