/*
 * scope.c - whom a caller may list or name in the party ledger
 * (party_scope_of(), party.h), the directory's list narrowed to it
 * (party_org_scope(), party_int.h), and whom a person picker offers
 * (party_person_pick()).
 */
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/http.h"
#include "party/party.h"
#include "party/party_int.h"
#include "record/api.h"
#include "record/record.h"

/* The organisation `p` acts for, or 0. */
static int64_t
acting_org(const struct principal *p)
{
	return (p->roles & (ROLE_ENTERPRISE | ROLE_COLLEGE)) && p->org_id > 0 ?
	       p->org_id : 0;
}

int
party_scope_of(struct db *db, const struct principal *p,
	       enum party_kind kind, int64_t id, bool *yes)
{
	int64_t org;

	*yes = false;
	if (!p || id <= 0)
		return 0;
	if (auth_is_staff(p))
		return party_store_exists(db, kind, id, yes);
	org = acting_org(p);
	if (kind == PARTY_ORG) {
		if (org == id) {
			*yes = true;
			return 0;
		}
		return p->person_id > 0 ?
		       party_store_tied(db, id, p->person_id, yes) : 0;
	}
	if (p->person_id == id) {
		/* Itself: the account's person (a foreign key) exists. */
		*yes = true;
		return 0;
	}
	return org > 0 ? party_store_tied(db, org, id, yes) : 0;
}

int
party_org_scope(struct request *r, struct record_filter *f,
		const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	int64_t org;
	bool yes;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (auth_is_staff(p))
		return 0;
	if (rec) {
		rc = party_scope_of(r->db, p, PARTY_ORG,
				    record_int(rec, "id"), &yes);
		return rc ? rc : yes ? 0 : ERR_NOTFOUND;
	}
	/* Its own organisation, and those its person is tied to. */
	org = acting_org(p);
	f->scope_col = "id";
	f->scope_col_val = org;
	if (p->person_id > 0) {
		f->scope_col_val = p->person_id;
		f->scope_in = party_store_tied_orgs;
		f->scope_in_text = arena_printf(&r->arena, "%lld",
						(long long)org);
		if (!f->scope_in_text)
			return ERR_TOOBIG;
	}
	return 0;
}

int
party_person_pick(struct request *r, struct record_filter *f,
		  const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	int64_t org, person;
	bool yes;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (auth_is_staff(p))
		return 0;
	org = acting_org(p);
	person = p->person_id > 0 ? p->person_id : 0;
	if (rec) {
		rc = party_store_in_reach(r, org, person,
					  record_int(rec, "id"), &yes);
		return rc ? rc : yes ? 0 : ERR_NOTFOUND;
	}
	f->scope_col = "id";
	if (org > 0) {
		f->scope_col_val = org;
		f->scope_in = party_store_reach(r);
		f->scope_in_text = arena_printf(&r->arena, "%lld",
						(long long)person);
		if (!f->scope_in || !f->scope_in_text)
			return ERR_TOOBIG;
	} else {
		/* An account of a person only: itself (none: nobody). */
		f->scope_col_val = person;
	}
	return 0;
}
