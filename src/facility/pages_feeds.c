/*
 * pages_feeds.c - calendar subscriptions in the portal: the caller's
 * feeds (what each shows, when it was made and last read), each revoked
 * once confirmed; and the feeds it may make, one button each: its own
 * bookings (an account linked to a person), its organisation's (an
 * account of one that books; staff, any organisation's) and, for staff,
 * a resource's. A feed just made shows its URL this once, built from
 * site.public_base_url, to copy into a phone's or Outlook's calendar as
 * the page explains (ical.c serves it).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/day_int.h"
#include "facility/facility.h"
#include "facility/pages.h"
#include "http/form.h"
#include "page/page.h"
#include "party/party.h"
#include "record/action.h"
#include "record/pages.h"
#include "settings/settings.h"

/* The records of `t` as the options of a select ({value, label}). */
static int
options_of(struct request *r, const struct record_table *t, const char *key,
	   json_t *data)
{
	struct record_filter f = { 0 };
	json_t *items = NULL, *rec, *options = json_array();
	int64_t total;
	size_t i;
	int rc;

	f.limit = 500;
	rc = record_list(r->db, t, &f, &items, &total);
	http_own(r, items);
	json_array_foreach(items, i, rec)
		json_array_append_new(options, json_pack("{s:I,s:O}", "value",
			record_int(rec, "id"), "label",
			json_object_get(rec, "name")));
	json_object_set_new(data, key, options);
	return rc;
}

/* The name of what feed `f` shows, and its kind, for the list. */
static int
describe(struct request *r, json_t *f)
{
	static const struct {
		const char *scope;
		const struct record_table *table;
	} shows[] = {
		{ "resource", &facility_resource_table },
		{ "org", &party_org_table },
		{ "person", &party_person_table },
	};
	const char *scope = record_text(f, "scope");
	char key[64], local[32];
	json_t *rec = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++) {
		if (!scope || strcmp(scope, shows[i].scope))
			continue;
		rc = record_get(r->db, shows[i].table, json_integer_value(
				json_object_get(f, "subject_id")), &rec);
		http_own(r, rec);
		if (!rc)
			json_object_set(f, "subject", json_object_get(rec,
					"name"));
	}
	snprintf(key, sizeof(key), "facility_feed.scope_values.%s",
		 scope ? scope : "");
	json_object_set_new(f, "scope_label", json_string(page_text(r, key)));
	if (!time_format_local(record_text(f, "created_at"), local,
			       sizeof(local)))
		json_object_set_new(f, "created_local", json_string(local));
	if (!time_format_local(record_text(f, "last_used_at"), local,
			       sizeof(local)))
		json_object_set_new(f, "used_local", json_string(local));
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/*
 * The page: the caller's feeds and the ones it may make, with the members
 * of `more` (a new reference or NULL: `created` {url, scope_label}, or
 * `errors` after a refusal).
 */
static int
feeds_page(struct request *r, int64_t id, json_t *more)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *list = NULL, *data, *f;
	size_t i;
	int rc;

	(void)id;
	http_own(r, more);
	rc = facility_feed_list(r->db, p, 0, NULL, &list, &pb);
	http_own(r, list);
	if (rc)
		return http_problem(r, rc, &pb);
	json_array_foreach(json_object_get(list, "items"), i, f)
		if ((rc = describe(r, f)))
			return rc;
	data = json_pack("{s:O,s:b,s:b,s:b}", "items", json_object_get(list,
			 "items"), "can_person", p->person_id > 0, "can_org",
			 p->org_id > 0 && !auth_is_staff(p), "is_staff",
			 auth_is_staff(p));
	http_own(r, data);
	if (auth_is_staff(p) &&
	    ((rc = options_of(r, &party_org_table, "orgs", data)) ||
	     (rc = options_of(r, &facility_resource_table, "resources",
			      data))))
		return rc;
	if (more)
		json_object_update(data, more);
	return page_render(r, "facility/feeds", "facility_feed.title",
			   json_incref(data));
}

static int
get_feeds(struct request *r)
{
	return feeds_page(r, 0, NULL);
}

/* A number typed in a form, or 0 for none (the rule names the field). */
static json_t *
number(const struct form *f, const char *name)
{
	const char *s = form_get(f, name);
	char *end = NULL;
	long long v = s ? strtoll(s, &end, 10) : 0;

	return json_integer(s && end && !*end && v > 0 ? v : 0);
}

/*
 * POST /facility/feeds {scope, resource_id, org_id}: make a feed and
 * show its URL this once; a refusal shows the page again, saying why.
 */
static int
post_feed(struct request *r)
{
	const struct form *f;
	struct problem pb = { 0 };
	json_t *in, *out = NULL;
	const char *scope, *url;
	char key[64];
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	scope = form_get(f, "scope");
	in = http_own(r, json_pack("{s:s?}", "scope", scope));
	if (scope && !strcmp(scope, "resource"))
		json_object_set_new(in, "resource_id", number(f,
				    "resource_id"));
	if (scope && !strcmp(scope, "org") && form_get(f, "org_id"))
		json_object_set_new(in, "org_id", number(f, "org_id"));
	rc = facility_feed_create(r->db, auth_principal(r), 0, in, &out, &pb);
	http_own(r, out);
	if (rc == ERR_INVALID || rc == ERR_FORBIDDEN) {
		r->status = err_http_status(rc);
		return feeds_page(r, 0, json_pack("{s:{s:s}}", "errors",
				  "form", page_problem(r, &pb, NULL)));
	}
	if (rc)
		return rc;
	rc = settings_public_url(r, record_text(out, "url"), &url);
	if (rc)
		return rc;
	snprintf(key, sizeof(key), "facility_feed.scope_values.%s", scope);
	r->status = 201;
	return feeds_page(r, 0, json_pack("{s:{s:s,s:s}}", "created", "url",
			  url, "scope_label", page_text(r, key)));
}

static const struct record_action revoke = {
	facility_feed_revoke, NULL, "/facility/feeds", "",
	"facility_feed.revoked", .show = feeds_page, .show_all = true,
};

/* A revoked URL answers nothing again (http.h, route_confirm). */
static const struct route_confirm revoke_confirm = {
	"confirm.revoke_feed", NULL, NULL,
};

const struct route facility_feed_page_routes[] = {
	{ HTTP_GET, "/facility/feeds", get_feeds, ROUTE_PAGE, NULL,
	  PERM_FACILITY_READ },
	{ HTTP_POST, "/facility/feeds", post_feed, ROUTE_PAGE, NULL,
	  PERM_FACILITY_READ },
	{ HTTP_POST, "/facility/feeds/:id/revoke", record_page_action,
	  ROUTE_PAGE, &revoke, PERM_FACILITY_READ, &revoke_confirm },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

const struct page_menu_item facility_feed_menu[] = {
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.facility", "/facility/feeds",
	  "menu.facility_feeds" },
	{ 0, NULL, NULL, NULL },
};
