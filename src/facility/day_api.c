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
#include "export/export.h"
#include "facility/api.h"
#include "facility/day_int.h"
#include "page/page.h"
#include "record/api.h"

static int
waitlist_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return facility_own_rows(r, f, rec, "person_id");
}

static int
statement_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return facility_own_rows(r, f, rec, NULL);
}

const struct record_api facility_waitlist_api = {
	&facility_waitlist_table, PERM_FACILITY_BOOK, PERM_NONE,
	{ "resource_id", "org_id", "status", NULL }, NULL, 0, waitlist_scope,
};

const struct record_api facility_statement_api = {
	&facility_statement_rows, PERM_FACILITY_BOOK, PERM_NONE,
	{ "org_id", "month", "status", NULL }, NULL, 0, statement_scope,
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
RECORD_API_STEP(statement_make, facility_statement_make, 201);
RECORD_API_STEP(statement_get, facility_statement_get, 200);
RECORD_API_STEP(statement_issue, facility_statement_issue, 200);
RECORD_API_STEP(statement_issue_month, facility_statement_issue_month, 200);
RECORD_API_STEP(statement_credit, facility_statement_credit, 201);

int
facility_utilisation_asked(struct request *r, json_t **out)
{
	char from[8], to[8];
	int rc;

	facility_usage_months(http_query(r, "from"), http_query(r, "to"), from,
			      to);
	rc = facility_utilisation(r->db, from, to, out);
	if (rc == ERR_INVALID)
		return http_fail(r, rc, "from", "from and to are months, "
				 "YYYY-MM, from not after to, at most 24 "
				 "months");
	return rc;
}

/*
 * GET /api/v1/facility/utilisation?from=YYYY-MM&to=YYYY-MM (default: the
 * twelve months to this one): facility_utilisation(). Staff.
 */
static int
utilisation_api(struct request *r)
{
	json_t *out = NULL;
	int rc = facility_utilisation_asked(r, &out);

	if (rc)
		return rc;
	return http_json(r, 200, out);
}

int
facility_statement_asked(struct request *r, json_t **st)
{
	struct problem pb = { 0 };
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = facility_statement_get(r->db, auth_principal(r), id, NULL, st,
				    &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	http_own(r, *st);
	return 0;
}

/* The columns of a statement's export, its lines and then the total. */
static const struct export_column statement_columns[] = {
	{ "description", "facility_statement_line.description", EXPORT_TEXT },
	{ "kind", "facility_statement_line.kind", EXPORT_ENUM,
	  "facility_statement_line.kind_values." },
	{ "minutes", "facility_statement_line.minutes", EXPORT_INTEGER },
	{ "rate_fen", "facility_statement_line.rate_fen", EXPORT_MONEY },
	{ "amount_fen", "facility_statement_line.amount_fen", EXPORT_MONEY },
};

/*
 * GET /api/v1/facility/statements/:id/export?format=xlsx|csv: the lines,
 * and a last row with the total, which they add up to.
 */
static int
statement_export(struct request *r)
{
	json_t *st = NULL, *lines;
	char title[64];
	int rc = facility_statement_asked(r, &st);

	if (rc)
		return rc;
	lines = json_object_get(st, "lines");
	json_array_append_new(lines, json_pack("{s:s,s:O}", "description",
			      page_text(r, "facility_statement.total"),
			      "amount_fen", json_object_get(st,
			      "total_fen")));
	snprintf(title, sizeof(title), "statement-%lld-%s",
		 (long long)record_int(st, "org_id"), record_text(st, "month"));
	return export_send(r, http_query(r, "format"), title,
			   page_text(r, "facility_statement.detail"),
			   statement_columns, sizeof(statement_columns) /
			   sizeof(statement_columns[0]), lines);
}

/* The text of `ics` as the answer, freed once sent. */
static void
free_text(void *text)
{
	free(text);
}

/*
 * GET /feeds/facility/:token (the secret, ".ics" after it or not): the
 * feed's iCalendar, to anyone who has the URL; 404 once it is revoked.
 * It records the fetch, and so runs on the primary (ROUTE_WRITES), where
 * a revocation also takes effect at once; logs name its pattern, not the
 * token (ROUTE_SECRET_PATH).
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
	  &withdraw, PERM_FACILITY_BOOK, &route_irreversible },
	{ HTTP_POST, BASE "/feeds", record_api_action, 0, &feed_create,
	  PERM_FACILITY_READ },
	{ HTTP_GET, BASE "/feeds", record_api_action, 0, &feed_list,
	  PERM_FACILITY_READ },
	{ HTTP_POST, BASE "/feeds/:id/revoke", record_api_action, 0,
	  &feed_revoke, PERM_FACILITY_READ, &route_irreversible },
	{ HTTP_GET, "/feeds/facility/:token", feed_ics, ROUTE_PUBLIC |
	  ROUTE_WRITES | ROUTE_SECRET_PATH },
	{ HTTP_GET, BASE "/utilisation", utilisation_api, 0, NULL,
	  PERM_FACILITY_WRITE },
	RECORD_API_ROUTES(BASE "/rate-cards", &facility_rate_card_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	{ HTTP_GET, BASE "/statements", record_api_list, 0,
	  &facility_statement_api, PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/statements", record_api_action, 0,
	  &statement_make, PERM_FACILITY_WRITE },
	{ HTTP_POST, BASE "/statements/issue", record_api_action, ROUTE_LONG,
	  &statement_issue_month, PERM_FACILITY_WRITE, &route_irreversible },
	{ HTTP_GET, BASE "/statements/:id", record_api_action, 0,
	  &statement_get, PERM_FACILITY_BOOK },
	{ HTTP_GET, BASE "/statements/:id/export", statement_export, 0, NULL,
	  PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/statements/:id/issue", record_api_action, 0,
	  &statement_issue, PERM_FACILITY_WRITE, &route_irreversible },
	{ HTTP_POST, BASE "/statements/:id/credits", record_api_action, 0,
	  &statement_credit, PERM_FACILITY_WRITE },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
