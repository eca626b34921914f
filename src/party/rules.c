/*
 * rules.c - the party ledger's steps that are more than a record write
 * (party_int.h): a role added from a person's page, a role ended, and an
 * employee's departure recorded by staff or by the employer. Each
 * checks who asks, then writes through the kit, audited in its
 * transaction; neither sees HTTP.
 */
#include <string.h>

#include "auth/auth.h"
#include "party/party.h"
#include "party/party_int.h"
#include "record/record.h"

int
party_affiliation_add(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	int64_t new_id;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_PARTY_WRITE, 0)))
		return rc;
	json_object_set_new(in, "person_id", json_integer(id));
	rc = record_create(db, &party_affiliation_table, &p->actor, in,
			   &new_id, pb);
	if (!rc)
		rc = record_get(db, &party_affiliation_table, new_id, out);
	return rc;
}

int
party_affiliation_end(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_require(p, PERM_PARTY_WRITE, 0)))
		return rc;
	rc = record_archive(db, &party_affiliation_table, &p->actor, id, pb);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such record");
	if (!rc)
		rc = record_get(db, &party_affiliation_table, id, out);
	return rc;
}

int
party_leave(struct db *db, const struct principal *p, int64_t id, json_t *in,
	    json_t **out, struct problem *pb)
{
	json_t *aff = NULL;
	const char *role;
	int rc;

	*out = NULL;
	if ((rc = auth_may_call(p, PERM_PARTY_LEAVE)))
		return rc;
	if ((rc = record_validate(db, &party_leave_table, in, true, pb)))
		return rc;
	rc = record_get(db, &party_affiliation_table, id, &aff);
	if (!rc && auth_require(p, PERM_PARTY_LEAVE,
				record_int(aff, "org_id")))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND) {
		rc = problem(pb, rc, NULL, "no such record");
		goto out;
	}
	if (rc)
		goto out;
	role = record_text(aff, "role");
	if (strcmp(role ? role : "", "employee") ||
	    !json_is_null(json_object_get(aff, "until")) ||
	    !json_is_null(json_object_get(aff, "archived_at"))) {
		rc = problem_key(pb, ERR_CONFLICT, "until",
				 "party.err.not_employed",
				 "the affiliation is no current employment");
		goto out;
	}
	rc = record_update(db, &party_affiliation_table, &p->actor, id, in,
			   pb);
	if (!rc)
		rc = record_get(db, &party_affiliation_table, id, out);
out:
	json_decref(aff);
	return rc;
}
