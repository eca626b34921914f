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
#include <stdbool.h>
#include <stdint.h>

#include "record/record.h"

struct db;
struct principal;

/* A unified social credit code's length (GB 32100-2015). */
#define PARTY_CREDIT_CODE_LEN 18

extern const struct record_table party_org_table;
extern const struct record_table party_person_table;
extern const struct record_table party_affiliation_table;

/*
 * The check of a unified social credit code column (record.h): upper-
 * cased into `canon`, then the GB 32100-2015 check character; 0 when
 * it is one, else ERR_INVALID with the problem ("party.err.credit_code_*").
 * For the tables of other modules that hold one (an application's).
 */
int party_check_credit_code(const char **value, char canon[64],
			    struct problem *pb);

/* The kinds of organisation and the roles of an affiliation. */
extern const char *const party_org_kinds[];
extern const char *const party_roles[];
/* Why an employment ended: resigned, dismissed, contract_ended. */
extern const char *const party_leave_reasons[];

/*
 * The input of a departure: until (the last day) and leave_reason. The
 * step (party_int.h's party_leave(), POST /api/v1/affiliations/ID/leave)
 * ends an employee affiliation: staff any, a firm its own employees'.
 */
extern const struct record_table party_leave_table;

/* An organisation as JSON (the caller's), or ERR_NOTFOUND. */
int party_org_get(struct db *db, int64_t id, json_t **out);

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

/*
 * ---- A person's path -----------------------------------------------------
 *
 * What the modules above party know of one person — trained here, placed,
 * chosen in a selection, employed, founding a startup that employs others —
 * shown on the person's page as one section per module, in the order the
 * sections were added. A module contributes its section through
 * party_path_add(), called from cli/modules.c, so party includes none of
 * them.
 *
 * A section's `fill` appends the person's entries to `items`, each an
 * object {on, title, href?, tag?, note?}: a date "YYYY-MM-DD", what
 * happened in the caller's language (names of records as they are), a
 * local link to the record, a status label and a short remark. Entries
 * come in date order. It returns 0 (no entries is an empty array) or an
 * error. Party shows the path on the person's page, which only staff
 * read; what it shows is each module's own record, so a section needs no
 * check of its own beyond what it chooses to leave out.
 */
struct request;
struct party_path_section {
	const char *key;	/* the section's name: "training", ... */
	const char *heading;	/* catalog key of its heading */
	int (*fill)(struct request *r, int64_t person_id, json_t *items);
};

/* Append the entry {on, title, href, tag, note} to `items` (NULLs left out). */
void party_path_entry(json_t *items, const char *on, const char *title,
		      const char *href, const char *tag, const char *note);

/* Add `s` (static) to the path; ERR_TOOBIG past PARTY_PATH_SECTIONS. */
#define PARTY_PATH_SECTIONS 8
int party_path_add(const struct party_path_section *s);

/*
 * The path of person `person_id` for the caller of `r`: an array of
 * {key, heading, items} in *out (the caller's), one per section that has
 * entries, each section's in date order; 0 or the first error of a
 * section's fill (*out NULL then).
 */
int party_path(struct request *r, int64_t person_id, json_t **out);

/*
 * ---- Whom a caller may list or name ------------------------------------
 *
 * The one answer to "may this caller see this organisation's or person's
 * name, pick it in a form, or put its id into a record?" for every module
 * — so that no id typed into a request ever shows a name the caller could
 * not have listed, and no record ties someone the caller does not know.
 * Pickers offer, and rules accept, only what it allows; privacy rules
 * hide the rest.
 */

/* What party_scope_of() is asked about. */
enum party_kind {
	PARTY_ORG,
	PARTY_PERSON,
};

/*
 * Whether principal `p` may list or name the organisation (`kind`
 * PARTY_ORG) or person (PARTY_PERSON) with id `id`, into *yes:
 *
 *   - staff (ROLE_ADMIN): every organisation and person that exists,
 *     archived ones included;
 *   - an account that acts for an organisation (ROLE_ENTERPRISE or
 *     ROLE_COLLEGE with p->org_id): that organisation, and every person
 *     tied to it by an affiliation (any role — employee, mentor, teacher,
 *     contact, founder, student, ... — whatever its dates, since the
 *     organisation recorded them itself) that is not archived;
 *   - an account linked to a person (p->person_id): that person, and
 *     every organisation it has such an affiliation with;
 *   - both, for an account that has both; nobody else, nothing.
 * Archived organisations and people are in reach of staff only (and an
 * account of its own person).
 *
 * This is what the party ledger knows. A module above it that ties
 * people to an organisation through its own records (training: the
 * trainees of a firm's programmes and placements, the masters of its
 * slots) widens the answer with those in its own rule, beside this call,
 * and says so in its header; it never narrows it.
 *
 * An id that does not exist is simply not in reach, so a caller that
 * answers "not in reach" and "no such record" alike lets nobody probe
 * ids. No allocation. Returns 0, or an error of the database (*yes is
 * false then); with p NULL or id <= 0, 0 and false.
 */
int party_scope_of(struct db *db, const struct principal *p,
		   enum party_kind kind, int64_t id, bool *yes);

/*
 * ---- Whom a picker of people offers ------------------------------------
 *
 * A person picker (GET /api/v1/pick/person, and a person's name typed
 * into a form) offers a caller who does not browse the people's directory
 * exactly the people its work involves: an account of its own person
 * itself; an account that acts for an organisation, party_scope_of()'s
 * people of that organisation widened by the ties that modules above
 * party record themselves (training: the trainees of its programmes, the
 * people placed on its slots, ...). Staff pick anyone.
 *
 * A module adds its ties as SQL, at start-up from cli/modules.c: a SELECT
 * of person ids (a UNION of several is one) that may read the one-row
 * table `k`, whose column `org` is the organisation the caller acts for —
 *
 *	SELECT e.person_id FROM training_enrolment e JOIN k ON
 *	e.source_org_id = k.org WHERE e.archived_at IS NULL
 *
 * — with no placeholder of its own, running on SQLite and PostgreSQL.
 * Party composes them after its own affiliations into one subquery. A
 * module's own rules ask the same of its SQL (training_person_in_reach()),
 * so that what a picker offers, a rule accepts.
 */

/* Add `sql` (static) to the reach; ERR_TOOBIG past PARTY_REACH_TIES. */
#define PARTY_REACH_TIES 8
int party_reach_add(const char *sql);

#endif
