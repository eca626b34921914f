/*
 * party_int.h - what the files of src/party/ share (private to the
 * module): the record APIs of organisations and people, and the rules
 * of the steps that are more than a record write (rules.c), called by
 * the route tables of api.c and pages.c through the kit's generic action
 * handlers (record/action.h); the SQL of the scope rule (store.c), for
 * scope.c.
 */
#ifndef JG_PARTY_INT_H
#define JG_PARTY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "party/party.h"
#include "record/action.h"
#include "record/api.h"

struct db;
struct request;

/*
 * Add a role to person `id` (`in`: org_id, role, title, since, until),
 * audited; *out is the new affiliation. ERR_INVALID naming the field.
 */
record_rule_fn party_affiliation_add;

/*
 * End affiliation `id` entered by mistake (archive it, audited); *out is
 * the archived affiliation, whose person_id leads back to the person.
 */
record_rule_fn party_affiliation_end;

/*
 * Record that employee affiliation `id` ended (`in`: until, leave_reason;
 * party_leave_table), by staff or by its organisation's account
 * (PERM_PARTY_LEAVE), audited; *out the affiliation. ERR_NOTFOUND for one
 * out of reach, ERR_CONFLICT when it is no current employment.
 */
record_rule_fn party_leave;

/*
 * The record APIs of organisations and of people (api.c), which their
 * pages (pages.c) read and write through too.
 */
extern const struct record_api party_org_api;
extern const struct record_api party_person_api;

/*
 * Whether organisation or person `id` exists (archived or not), into
 * *yes. 0 or an error of the database.
 */
int party_store_exists(struct db *db, enum party_kind kind, int64_t id,
		       bool *yes);

/*
 * Whether person `person_id` has an affiliation with organisation
 * `org_id` that is not archived, neither of the two archived, into *yes.
 * 0 or an error of the database.
 */
int party_store_tied(struct db *db, int64_t org_id, int64_t person_id,
		     bool *yes);

/*
 * The subquery of the organisations a person is tied to (as
 * party_store_tied() asks), and the one given as the second placeholder:
 * the scope_in of a list of organisations (record.h).
 */
extern const char party_store_tied_orgs[];

/*
 * The scope hook (record/api.h) of the directory of organisations, for
 * the API and the pages alike: staff every organisation, anyone else
 * those party_scope_of() lets it name — its own organisation and those
 * its person is tied to —, so that no one browses the directory; a
 * record out of reach is ERR_NOTFOUND.
 */
int party_org_scope(struct request *r, struct record_filter *f,
		    const json_t *rec);

/*
 * The pick hook (record/api.h) of people (party.h, "Whom a picker of
 * people offers"): staff every person; an account of an organisation the
 * people in its reach (party_store_reach()); an account of a person only,
 * itself. A record out of reach is ERR_NOTFOUND.
 */
int party_person_pick(struct request *r, struct record_filter *f,
		      const json_t *rec);

/*
 * The subquery of the people in reach of organisation `org` (its first
 * placeholder) and of person `person` (its second, as text; "0": none):
 * the person, those tied to the organisation by an affiliation that is
 * not archived, and those the modules' ties add (party_reach_add()), in
 * `r`'s arena; NULL when out of memory.
 */
const char *party_store_reach(struct request *r);

/*
 * Whether person `id` is in that reach (and not archived), into *yes.
 * 0 or an error of the database.
 */
int party_store_in_reach(struct request *r, int64_t org, int64_t person,
			 int64_t id, bool *yes);

#endif
