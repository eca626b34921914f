/*
 * party_int.h - what the files of src/party/ share (private to the
 * module): the rules of the steps that are more than a record write
 * (rules.c), called by the route tables of api.c and pages.c through the
 * kit's generic action handlers (record/action.h).
 */
#ifndef JG_PARTY_INT_H
#define JG_PARTY_INT_H

#include "record/action.h"

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

#endif
