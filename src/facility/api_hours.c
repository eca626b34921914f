/*
 * api_hours.c - when the shared facilities are open, and where they are
 * free, in the JSON API (web/api/facility.json), as a route table:
 *
 *	/api/v1/facility/hours			weekly opening hours (staff write)
 *	/api/v1/facility/calendar		holidays and make-up working days
 *	/api/v1/facility/maintenance		windows of maintenance (POST: 201
 *						with the bookings it falls on)
 *	GET /api/v1/facility/availability	free slots (facility_available())
 *	GET /api/v1/facility/centres/:id/week	a centre's resources by day
 */
#include "auth/auth.h"
#include "base/err.h"
#include "facility/api.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "record/api.h"

/* GET /api/v1/facility/availability?kind=&centre_id=&from=&to=&... */
static int
availability_api(struct request *r)
{
	static const char *const args[] = {
		"kind", "centre_id", "from", "to", "minutes", "seats",
		"certified", "after", "limit", NULL
	};
	struct problem pb = { 0 };
	json_t *in = http_own(r, json_object()), *out = NULL;
	int rc;

	for (const char *const *a = args; *a; a++)
		if (http_query(r, *a))
			json_object_set_new(in, *a,
					    json_string(http_query(r, *a)));
	rc = facility_available(r->db, auth_principal(r), 0, in, &out, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, out);
}

/* GET /api/v1/facility/centres/:id/week?from=DATE */
static int
centre_week_api(struct request *r)
{
	struct problem pb = { 0 };
	const char *from = http_query(r, "from");
	json_t *in = http_own(r, json_object()), *out = NULL;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	if (from)
		json_object_set_new(in, "from", json_string(from));
	rc = facility_centre_week(r->db, auth_principal(r), id, in, &out, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, 200, out);
}

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
	{ HTTP_GET, BASE "/centres/:id/week", centre_week_api, 0, NULL,
	  PERM_FACILITY_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
