/*
 * api_hours.c - when the shared facilities are open, and where they are
 * free, in the JSON API (web/api/facility.json), as a route table:
 *
 *	/api/v1/facility/hours			weekly opening hours (staff write)
 *	/api/v1/facility/calendar		holidays and make-up working days
 *	/api/v1/facility/maintenance		windows of maintenance (POST: 201
 *						with the bookings it falls on)
 *	GET /api/v1/facility/availability	free slots (facility_available()),
 *						kept in a memo until the next
 *						commit
 *	GET /api/v1/facility/centres/:id/week	a centre's resources by day
 */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/memo.h"
#include "facility/api.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "record/api.h"

/*
 * The memo of searches (db/memo.h): a question is the caller's account
 * (whose permission and certificates the search judges), the minute (its
 * default dates, and where it cuts today's slots) and the arguments; its
 * answer stands until anything is committed or the minute turns. Many ask the same week of the same kind: a search costs a
 * millisecond, a kept answer a lookup.
 */
static struct db_memo search_memo = DB_MEMO_INIT;

struct search_question {
	struct request *r;
	json_t *in;
	struct problem *pb;
};

static int
search_text(struct db *db, void *ctx, struct buf *out)
{
	const struct search_question *q = ctx;
	json_t *found = NULL;
	char *text;
	int rc = facility_available(db, auth_principal(q->r), 0, q->in,
				    &found, q->pb);

	if (rc)
		return rc;
	text = json_dumps(http_own(q->r, found), JSON_COMPACT);
	if (!text)
		return ERR_NOMEM;
	buf_addstr(out, text);
	free(text);
	return 0;
}

/* GET /api/v1/facility/availability?kind=&centre_id=&from=&to=&... */
static int
availability_api(struct request *r)
{
	static const char *const args[] = {
		"kind", "centre_id", "from", "to", "minutes", "seats",
		"certified", "after", "limit", NULL
	};
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *in = http_own(r, json_object());
	struct search_question q = { r, in, &pb };
	struct buf key, body;
	char now[32];
	int rc;

	/* Slots are cut at the present minute: a minute's answer, at most. */
	time_now_utc(now);
	buf_init(&key, NULL, 0);
	buf_init(&body, NULL, 0);
	buf_addf(&key, "search %lld %.16s", (long long)(p ? p->account_id : 0),
		 now);
	for (const char *const *a = args; *a; a++) {
		const char *v = http_query(r, *a);

		if (v)
			json_object_set_new(in, *a, json_string(v));
		buf_addf(&key, "|%zu:%s", v ? strlen(v) : 0, v ? v : "");
	}
	rc = buf_error(&key);
	if (!rc)
		rc = db_memo_text(&search_memo, r->db, key.ptr, search_text,
				  &q, &body);
	if (!rc)
		rc = http_send(r, 200, "application/json", body.ptr, body.len);
	else
		rc = http_problem(r, rc, &pb);
	buf_release(&key);
	buf_release(&body);
	return rc;
}

RECORD_API_STEP(centre_week, facility_centre_week, 200);

#define BASE "/api/v1/facility"

const struct route facility_hours_api_routes[] = {
	RECORD_API_ROUTES(BASE "/hours", &facility_hours_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/hours", &facility_hours_api,
				PERM_FACILITY_WRITE),
	RECORD_API_ROUTES(BASE "/calendar", &facility_day_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/calendar", &facility_day_api,
				PERM_FACILITY_WRITE),
	RECORD_API_ROUTES(BASE "/maintenance", &facility_maintenance_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	{ HTTP_GET, BASE "/availability", availability_api, 0, NULL,
	  PERM_FACILITY_READ },
	{ HTTP_GET, BASE "/centres/:id/week", facility_week_api, 0,
	  &centre_week, PERM_FACILITY_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
