/*
 * api.c - the party ledger's JSON API: /api/v1/orgs, /api/v1/people and
 * /api/v1/affiliations, each the generic record API over its table.
 */
#include "import/import.h"
#include "party/api.h"
#include "party/party.h"
#include "record/api.h"

static const struct record_api org_api = {
	&party_org_table, PERM_ORG_READ, PERM_PARTY_WRITE,
	{ "kind", "parent_id", NULL },
	party_org_import, PARTY_ORG_NIMPORT,
};

static const struct record_api person_api = {
	&party_person_table, PERM_PERSON_READ, PERM_PARTY_WRITE, { NULL },
	party_person_import, PARTY_PERSON_NIMPORT,
};

static const struct record_api affiliation_api = {
	&party_affiliation_table, PERM_PERSON_READ, PERM_PARTY_WRITE,
	{ "person_id", "org_id", "role", NULL },
};

#define RECORD_ROUTES(path, api)					\
	{ HTTP_GET, path, record_api_list, 0, api },			\
	{ HTTP_POST, path, record_api_create, 0, api },			\
	{ HTTP_GET, path "/:id", record_api_get, 0, api },		\
	{ HTTP_PATCH, path "/:id", record_api_update, 0, api },		\
	{ HTTP_DELETE, path "/:id", record_api_archive, 0, api },	\
	{ HTTP_POST, path "/import", record_api_import, 0, api }

const struct route party_api_routes[] = {
	RECORD_ROUTES("/api/v1/orgs", &org_api),
	RECORD_ROUTES("/api/v1/people", &person_api),
	RECORD_ROUTES("/api/v1/affiliations", &affiliation_api),
	{ 0, NULL, NULL, 0, NULL },
};
