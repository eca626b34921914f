/*
 * api.c - the party ledger's JSON API: /api/v1/orgs, /api/v1/people and
 * /api/v1/affiliations, each the kit's record API over its table, and the
 * route table that says who may call each.
 */
#include "party/api.h"
#include "party/party.h"
#include "party/party_int.h"
#include "record/action.h"
#include "record/api.h"

const struct record_api party_org_api = {
	&party_org_table, PERM_ORG_READ, PERM_PARTY_WRITE,
	{ "kind", "parent_id", NULL }, NULL, 0, party_org_scope,
};

/* The directory is staff's; a picker offers others their reach. */
const struct record_api party_person_api = {
	&party_person_table, PERM_PERSON_READ, PERM_PARTY_WRITE, { NULL },
	NULL, 0, NULL, NULL, NULL, NULL, party_person_pick,
};

static const struct record_api affiliation_api = {
	&party_affiliation_table, PERM_PERSON_READ, PERM_PARTY_WRITE,
	{ "person_id", "org_id", "role", NULL },
};

RECORD_API_STEP(leave, party_leave, 0);

const struct route party_api_routes[] = {
	{ HTTP_POST, "/api/v1/affiliations/:id/leave", record_api_action, 0,
	  &leave, PERM_PARTY_LEAVE },
	RECORD_API_ROUTES("/api/v1/orgs", &party_org_api, PERM_ORG_READ,
			  PERM_PARTY_WRITE),
	RECORD_API_IMPORT_ROUTE("/api/v1/orgs", &party_org_api,
				PERM_PARTY_WRITE),
	RECORD_API_ROUTES("/api/v1/people", &party_person_api,
			  PERM_PERSON_READ, PERM_PARTY_WRITE),
	RECORD_API_IMPORT_ROUTE("/api/v1/people", &party_person_api,
				PERM_PARTY_WRITE),
	RECORD_API_ROUTES("/api/v1/affiliations", &affiliation_api,
			  PERM_PERSON_READ, PERM_PARTY_WRITE),
	{ 0, NULL, NULL, 0, NULL, 0 },
};
