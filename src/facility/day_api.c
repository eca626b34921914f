/*
 * day_api.c - the shared facilities' day in the JSON API
 * (web/api/facility-day.json): the code shown at a resource, check-in and
 * check-out, the waiting lists, and calendar feeds with the public URL
 * that answers them; a route table for cli.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "facility/api.h"
#include "facility/day_int.h"
#include "record/api.h"

/* Waiting-list entries: staff see all, an organisation its own. */
static int
waitlist_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	struct record_filter mine = { 0 };
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), PERM_FACILITY_BOOK, &org);

	if (rc)
		return rc;
	if (org < 0)
		return ERR_FORBIDDEN;
	if (org > 0) {
		mine.scope_col = "org_id";
		mine.scope_col_val = org;
	}
	return record_scope_apply(&mine, f, rec);
}

const struct record_api facility_waitlist_api = {
	&facility_waitlist_table, PERM_FACILITY_BOOK, PERM_NONE,
	{ "resource_id", "org_id", "status", NULL }, NULL, 0, waitlist_scope,
};

RECORD_API_STEP(code, facility_code, 200);
RECORD_API_STEP(code_renew, facility_code_renew, 200);
RECORD_API_STEP(checkin, facility_checkin, 200);
RECORD_API_STEP(checkout, facility_checkout, 200);
RECORD_API_STEP(wait, facility_wait, 201);
RECORD_API_STEP(take, facility_wait_take, 200);
RECORD_API_STEP(withdraw, facility_wait_withdraw, 200);
RECORD_API_STEP(feed_create, facility_feed_create, 201);
RECORD_API_STEP(feed_list, facility_feed_list, 200);
RECORD_API_STEP(feed_revoke, facility_feed_revoke, 200);

/* The text of `ics` as the answer, freed once sent. */
static void
free_text(void *text)
{
	free(text);
}

/*
 * GET /feeds/facility/:token (the secret, ".ics" after it or not): the
 * feed's iCalendar, to anyone who has the URL; 404 once it is revoked.
 */
static int
feed_ics(struct request *r)
{
	const char *param = http_param(r, "token");
	size_t len = param ? strlen(param) : 0;
	char *token, *ics = NULL;
	int rc;

	if (len > 4 && !strcmp(param + len - 4, ".ics"))
		len -= 4;
	token = arena_strndup(&r->arena, param ? param : "", len);
	rc = facility_feed_ics(r->db, &r->arena, token, &ics);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such feed");
	if (rc)
		return rc;
	arena_defer(&r->arena, free_text, ics);
	return http_send(r, 200, "text/calendar; charset=utf-8", ics,
			 strlen(ics));
}

#define BASE "/api/v1/facility"

const struct route facility_day_api_routes[] = {
	{ HTTP_GET, BASE "/resources/:id/code", record_api_action, 0, &code,
	  PERM_FACILITY_WRITE },
	{ HTTP_POST, BASE "/resources/:id/code", record_api_action, 0,
	  &code_renew, PERM_FACILITY_WRITE },
	{ HTTP_POST, BASE "/bookings/:id/checkin", record_api_action, 0,
	  &checkin, PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/bookings/:id/checkout", record_api_action, 0,
	  &checkout, PERM_FACILITY_BOOK },
	RECORD_API_READ_ROUTES(BASE "/waitlist", &facility_waitlist_api,
			       PERM_FACILITY_BOOK),
	{ HTTP_POST, BASE "/waitlist", record_api_action, 0, &wait,
	  PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/waitlist/:id/take", record_api_action, 0, &take,
	  PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/waitlist/:id/withdraw", record_api_action, 0,
	  &withdraw, PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/feeds", record_api_action, 0, &feed_create,
	  PERM_FACILITY_READ },
	{ HTTP_GET, BASE "/feeds", record_api_action, 0, &feed_list,
	  PERM_FACILITY_READ },
	{ HTTP_POST, BASE "/feeds/:id/revoke", record_api_action, 0,
	  &feed_revoke, PERM_FACILITY_READ },
	{ HTTP_GET, "/feeds/facility/:token", feed_ics, ROUTE_PUBLIC },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
