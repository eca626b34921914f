/*
 * api.c - the shared facilities' JSON API (web/api/facility.json), as a
 * route table:
 *
 *	/api/v1/facility/resources		the catalogue (staff write)
 *	GET /api/v1/facility/resources/:id/week	a resource's week
 *	/api/v1/facility/bookings		an organisation's own, or all
 *	POST /api/v1/facility/bookings		book (201; Idempotency-Key)
 *	/api/v1/facility/series			weekly series (POST: 201)
 *	POST /api/v1/facility/bookings/:id/cancel, /change
 *	/api/v1/facility/approvals		bookings waiting for approval
 *	POST /api/v1/facility/bookings/:id/approve, /reject
 *	/api/v1/facility/terms			terms (staff write)
 *	/api/v1/facility/agreements		a partner's own, or all
 *	/api/v1/facility/allocations		hours per agreement and term
 */
#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/api.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "record/api.h"
#include "settings/settings.h"

/*
 * Rows that belong to an organisation: staff see all, an account of a
 * partner or firm its own organisation's, and another organisation's row
 * is not there for it.
 */
static int
scope_org(struct request *r, struct record_filter *f, const json_t *rec,
	  enum perm perm)
{
	struct record_filter mine = { 0 };
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), perm, &org);

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

int
facility_own_rows(struct request *r, struct record_filter *f,
		  const json_t *rec, const char *person_col)
{
	const struct principal *p = auth_principal(r);
	struct record_filter mine = { 0 };

	if (!p || p->org_id > 0 || auth_is_staff(p))
		return scope_org(r, f, rec, PERM_FACILITY_BOOK);
	mine.scope_col = person_col ? person_col : "org_id";
	mine.scope_col_val = person_col ? p->person_id : 0;
	return record_scope_apply(&mine, f, rec);
}

/*
 * Bookings: an organisation's own; an account of no organisation (a
 * teacher) those in its own name, none when it names no person.
 */
static int
booking_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return facility_own_rows(r, f, rec, "person_id");
}

/* Agreements and their allocations: a partner's own. */
static int
agreement_scope(struct request *r, struct record_filter *f,
		const json_t *rec)
{
	return scope_org(r, f, rec, PERM_FACILITY_AGREEMENT_READ);
}

/* Bookings waiting for approval: staff all, an owner its resources'. */
static int
pending_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	struct record_filter mine = { 0 };
	int64_t org;
	int rc = auth_scope_org(auth_principal(r), PERM_FACILITY_APPROVE,
				&org);

	if (rc)
		return rc;
	if (org < 0)
		return ERR_FORBIDDEN;
	if (org > 0) {
		mine.scope_col = "owner_org_id";
		mine.scope_col_val = org;
	}
	return record_scope_apply(&mine, f, rec);
}

const struct record_api facility_pending_api = {
	&facility_pending_rows, PERM_FACILITY_APPROVE, PERM_NONE,
	{ "resource_id", "org_id", NULL }, NULL, 0, pending_scope,
};

const struct record_api facility_resource_api = {
	&facility_resource_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ "kind", "centre_id", "parent_id", "status", NULL },
};

/* Bookings are made and cancelled by rules, never written by the kit. */
const struct record_api facility_booking_api = {
	&facility_booking_rows, PERM_FACILITY_BOOK, PERM_NONE,
	{ "resource_id", "org_id", "status", NULL }, NULL, 0, booking_scope,
};

const struct record_api facility_term_api = {
	&facility_term_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ NULL },
};

const struct record_api facility_agreement_api = {
	&facility_agreement_table, PERM_FACILITY_AGREEMENT_READ,
	PERM_FACILITY_WRITE, { "org_id", NULL }, NULL, 0, agreement_scope,
};

/* Allocations are read through their view, which names the partner. */
const struct record_api facility_allocation_api = {
	&facility_allocation_table, PERM_FACILITY_AGREEMENT_READ,
	PERM_FACILITY_WRITE, { "agreement_id", "term_id", NULL }, NULL, 0,
	agreement_scope,
};

static const struct record_api allocation_rows_api = {
	&facility_allocation_rows, PERM_FACILITY_AGREEMENT_READ, PERM_NONE,
	{ "agreement_id", "term_id", "org_id", NULL }, NULL, 0,
	agreement_scope,
};

const struct record_api facility_series_api = {
	&facility_series_table, PERM_FACILITY_BOOK, PERM_NONE,
	{ "resource_id", "org_id", NULL }, NULL, 0, booking_scope,
};

/*
 * POST a booking or a series, made once per Idempotency-Key: 201 with
 * what was made, the first answer again for the same request.
 */
static int
post(struct request *r, enum facility_post what)
{
	struct problem pb = { 0 };
	json_t *in = NULL, *out = NULL;
	int rc = http_read_json(r, &in);

	if (!rc && !json_is_object(in))
		rc = http_fail(r, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	if (rc)
		return rc;
	rc = facility_post(r->db, auth_principal(r), what,
			   http_header(r, "Idempotency-Key"), in, &out, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 201, out);
}

static int
post_booking(struct request *r)
{
	return post(r, FACILITY_POST_BOOKING);
}

static int
post_series(struct request *r)
{
	return post(r, FACILITY_POST_SERIES);
}

static const struct record_action cancel = {
	facility_cancel, NULL, NULL, NULL, NULL, NULL, 200,
};

static const struct record_action change = {
	facility_change, NULL, NULL, NULL, NULL, NULL, 200,
};

static const struct record_action approve = {
	facility_approve, NULL, NULL, NULL, NULL, NULL, 200,
};

static const struct record_action reject = {
	facility_reject, NULL, NULL, NULL, NULL, NULL, 200,
};

int
facility_week_run(struct request *r, record_rule_fn *week, int64_t id,
		  json_t **out, struct problem *pb)
{
	const char *from = http_query(r, "from");
	json_t *in = http_own(r, json_object());

	if (from)
		json_object_set_new(in, "from", json_string(from));
	return week(r->db, auth_principal(r), id, in, out, pb);
}

int
facility_week_api(struct request *r)
{
	const struct record_action *act = r->route_data;
	struct problem pb = { 0 };
	json_t *out = NULL;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = facility_week_run(r, act->rule, id, &out, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, out);
}

RECORD_API_STEP(week, facility_week, 200);

int
facility_as_of(struct request *r, char today[TIME_DATE_LEN + 1],
	       const char **as_of)
{
	*as_of = http_query(r, "as_of");
	if (!*as_of || !**as_of) {
		*as_of = today;
		return settings_today(r->db, today, NULL);
	}
	if (!date_valid(*as_of))
		return http_fail(r, ERR_INVALID, "as_of",
				 "as_of must be a date, YYYY-MM-DD");
	return 0;
}

/* GET /api/v1/facility/figures?as_of=DATE (default today in Beijing) */
static int
figures_api(struct request *r)
{
	char today[TIME_DATE_LEN + 1];
	const char *as_of;
	json_t *out = NULL;
	int rc;

	if ((rc = facility_as_of(r, today, &as_of)))
		return rc;
	if ((rc = facility_figures(r->db, as_of, &out)))
		return rc;
	return http_json(r, 200, out);
}

#define BASE "/api/v1/facility"

const struct route facility_api_routes[] = {
	RECORD_API_ROUTES(BASE "/resources", &facility_resource_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/resources", &facility_resource_api,
				PERM_FACILITY_WRITE),
	{ HTTP_GET, BASE "/resources/:id/week", facility_week_api, 0, &week,
	  PERM_FACILITY_READ },
	{ HTTP_GET, BASE "/figures", figures_api, 0, NULL,
	  PERM_FACILITY_READ },
	RECORD_API_READ_ROUTES(BASE "/bookings", &facility_booking_api,
			       PERM_FACILITY_BOOK),
	{ HTTP_POST, BASE "/bookings", post_booking, 0, NULL,
	  PERM_FACILITY_BOOK },
	RECORD_API_READ_ROUTES(BASE "/series", &facility_series_api,
			       PERM_FACILITY_BOOK),
	{ HTTP_POST, BASE "/series", post_series, 0, NULL,
	  PERM_FACILITY_BOOK },
	{ HTTP_POST, BASE "/bookings/:id/cancel", record_api_action, 0,
	  &cancel, PERM_FACILITY_BOOK, &route_irreversible },
	{ HTTP_POST, BASE "/bookings/:id/change", record_api_action, 0,
	  &change, PERM_FACILITY_BOOK },
	RECORD_API_READ_ROUTES(BASE "/approvals", &facility_pending_api,
			       PERM_FACILITY_APPROVE),
	{ HTTP_POST, BASE "/bookings/:id/approve", record_api_action, 0,
	  &approve, PERM_FACILITY_APPROVE },
	{ HTTP_POST, BASE "/bookings/:id/reject", record_api_action, 0,
	  &reject, PERM_FACILITY_APPROVE },
	RECORD_API_ROUTES(BASE "/terms", &facility_term_api,
			  PERM_FACILITY_READ, PERM_FACILITY_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/terms", &facility_term_api,
				PERM_FACILITY_WRITE),
	RECORD_API_ROUTES(BASE "/agreements", &facility_agreement_api,
			  PERM_FACILITY_AGREEMENT_READ, PERM_FACILITY_WRITE),
	RECORD_API_IMPORT_ROUTE(BASE "/agreements", &facility_agreement_api,
				PERM_FACILITY_WRITE),
	RECORD_API_READ_ROUTES(BASE "/allocations", &allocation_rows_api,
			       PERM_FACILITY_AGREEMENT_READ),
	RECORD_API_WRITE_ROUTES(BASE "/allocations", &facility_allocation_api,
				PERM_FACILITY_WRITE),
	{ 0, NULL, NULL, 0, NULL, 0 },
};
