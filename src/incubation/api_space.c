/*
 * api_space.c - the JSON API of the park's space (web/api/
 * incubation-ops.json), as a route table:
 *
 *	/api/v1/incubation/buildings, /floors, /units	staff
 *	/api/v1/incubation/leases			a startup reads its own
 *	GET /api/v1/incubation/occupancy?on=DATE
 *	GET /api/v1/incubation/startups/:id/area	area over time
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "incubation/api.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

const struct record_api inc_building_api = {
	&inc_building_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ NULL },
};

const struct record_api inc_floor_api = {
	&inc_floor_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ "building_id", NULL },
};

const struct record_api inc_unit_api = {
	&inc_unit_table, PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE,
	{ "floor_id", "kind", NULL },
};

/*
 * Leases: staff see all; a startup's enterprise account sees its own, and
 * another startup's lease is not there for it.
 */
static int
lease_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return inc_scope_org(r, f, rec, PERM_INC_LEASE_READ);
}

const struct record_api inc_lease_api = {
	&inc_lease_table, PERM_INC_LEASE_READ, PERM_INC_SPACE_WRITE,
	{ "unit_id", "org_id", NULL }, NULL, 0, lease_scope,
};

/* GET /api/v1/incubation/occupancy?on=DATE (default today) */
static int
get_occupancy(struct request *r)
{
	struct inc_occupancy o;
	json_t *buildings;
	char on[TIME_DATE_LEN + 1];
	int rc;

	if ((rc = api_date(r, "on", on)) ||
	    (rc = inc_occupancy(r->db, on, &o, &buildings)))
		return rc;
	return http_json(r, 200, json_pack("{s:s,s:I,s:I,s:I,s:I,s:o}",
		"on", on, "units", (json_int_t)o.units, "units_leased",
		(json_int_t)o.units_leased, "area", (json_int_t)o.area,
		"area_leased", (json_int_t)o.area_leased, "buildings",
		buildings));
}

int
inc_area_of_path(struct request *r, int64_t *org_id)
{
	const struct principal *p = auth_principal(r);
	int rc = http_param_id(r, "id", org_id);

	if (rc)
		return rc;
	rc = auth_require(p, PERM_INC_LEASE_READ, *org_id);
	if (rc == ERR_FORBIDDEN && p && p->org_id > 0)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	return rc;
}

/* GET /api/v1/incubation/startups/:id/area: a startup reads its own. */
static int
get_area(struct request *r)
{
	json_t *steps, *leases;
	int64_t id;
	int rc;

	if ((rc = inc_area_of_path(r, &id)))
		return rc;
	rc = inc_area_history(r->db, id, &steps, &leases);
	http_own(r, steps);
	http_own(r, leases);
	if (rc)
		return rc;
	return http_json(r, 200, json_pack("{s:I,s:O,s:O}", "org_id",
		(json_int_t)id, "steps", steps, "leases", leases));
}

#define BASE "/api/v1/incubation"

const struct route inc_space_api_routes[] = {
	RECORD_API_ROUTES(BASE "/buildings", &inc_building_api,
			  PERM_INC_SPACE_READ, PERM_INC_SPACE_WRITE),
	RECORD_API_ROUTES(BASE "/floors", &inc_floor_api, PERM_INC_SPACE_READ,
			  PERM_INC_SPACE_WRITE),
	RECORD_API_ROUTES(BASE "/units", &inc_unit_api, PERM_INC_SPACE_READ,
			  PERM_INC_SPACE_WRITE),
	RECORD_API_ROUTES(BASE "/leases", &inc_lease_api, PERM_INC_LEASE_READ,
			  PERM_INC_SPACE_WRITE),
	{ HTTP_GET, BASE "/occupancy", get_occupancy, 0, NULL,
	  PERM_INC_SPACE_READ },
	{ HTTP_GET, BASE "/startups/:id/area", get_area, 0, NULL,
	  PERM_INC_LEASE_READ },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
