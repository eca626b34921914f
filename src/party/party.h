/*
 * party.h - the party ledger (DESIGN §1): organisations, people, and the
 * dated roles (affiliations) that tie a person to an organisation. Every
 * other module refers to these records by id; this header is how they
 * read them. It is the module kit's worked example (docs/ARCHITECTURE.md,
 * "Adding a module"): tables.c describes the tables, rules.c holds the
 * steps that are more than a record write, store.c the SQL, api.c and
 * pages.c the routes, and party_int.h what those files share.
 *
 * The records are plain described tables (record.h): create, update and
 * archive go through record_*() with these tables, which check the
 * unified social credit code (GB 32100-2015) and mobile numbers for real.
 */
#ifndef JG_PARTY_H
#define JG_PARTY_H

#include <jansson.h>
#include <stdint.h>

#include "record/record.h"

struct db;

/* A unified social credit code's length (GB 32100-2015). */
#define PARTY_CREDIT_CODE_LEN 18

extern const struct record_table party_org_table;
extern const struct record_table party_person_table;
extern const struct record_table party_affiliation_table;

/* The kinds of organisation and the roles of an affiliation. */
extern const char *const party_org_kinds[];
extern const char *const party_roles[];

/* An organisation / a person as JSON (the caller's), or ERR_NOTFOUND. */
int party_org_get(struct db *db, int64_t id, json_t **out);
int party_person_get(struct db *db, int64_t id, json_t **out);

/*
 * The affiliations of a person (person_id > 0) or of an organisation
 * (org_id > 0), oldest first, each with the other side's name
 * (org_name / person_name): the timeline on a detail page. *items is the
 * caller's, an array even on error.
 */
int party_affiliations_of(struct db *db, int64_t person_id, int64_t org_id,
			  json_t **items);

/*
 * How many organisations there are of each kind, and people of each
 * affiliation role (current affiliations), as {kind: n} / {role: n}: the
 * home dashboard's figures, straight from the ledger. Both the caller's.
 */
int party_counts(struct db *db, json_t **orgs_by_kind,
		 json_t **people_by_role);

#endif
