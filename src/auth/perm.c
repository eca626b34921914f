/*
 * perm.c - the permission policy: one table, one check (see auth.h).
 *
 * Each action lists the roles that may take it and how far: SCOPE_ALL (any
 * record), SCOPE_ORG (records of the caller's own organisation only) or
 * SCOPE_OWN (only the records that concern the caller in person: a
 * trainee's own certificates, an expert's assigned startups, a master's
 * placements; the module's rules say which). Admins may do everything. A
 * role that appears in no column may not take the action at all. The
 * permission matrix reads the table through auth_perm_roles() and
 * perm_name(), so nothing else restates it.
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"

enum scope {
	SCOPE_NONE,
	SCOPE_OWN,
	SCOPE_ORG,
	SCOPE_ALL,
};

struct rule {
	unsigned all;	/* roles that may act on any record */
	unsigned org;	/* roles that may act on their organisation's records */
	unsigned own;	/* roles that may act on the records naming them */
};

#define EVERYONE ROLES_EXCEPT(ROLE_ADMIN)

static const struct rule policy[PERM_COUNT] = {
	[PERM_ACCOUNT_MANAGE] = { 0, 0, 0 },
	[PERM_ACCOUNT_READ] = { 0, 0, 0 },
	[PERM_SESSION_MANAGE] = { 0, 0, 0 },
	[PERM_AUDIT_READ] = { 0, 0, 0 },
	[PERM_SETTINGS_WRITE] = { 0, 0, 0 },
	[PERM_SETTINGS_READ] = { ROLE_VIEWER, 0, 0 },
	[PERM_NOTIFY_SEND] = { 0, 0, 0 },
	[PERM_UPLOAD_CREATE] = { EVERYONE & ROLES_EXCEPT(ROLE_VIEWER), 0, 0 },
	[PERM_UPLOAD_READ] = { 0, EVERYONE, 0 },
	[PERM_UPLOAD_MANAGE] = { 0, 0, 0 },
	[PERM_JOBS_RUN] = { 0, 0, 0 },
	[PERM_ORG_READ] = { EVERYONE, 0, 0 },
	[PERM_PERSON_READ] = { 0, 0, 0 },
	[PERM_PARTY_WRITE] = { 0, 0, 0 },
	/* a firm records that its own employee left (party_leave()) */
	[PERM_PARTY_LEAVE] = { 0, ROLE_ENTERPRISE, 0 },
	/*
	 * incubation: a startup sees its own records; an expert those of
	 * the startups assigned to it (inc_scope_of()); viewers the figures
	 * only.
	 */
	[PERM_INC_READ] = { 0, ROLE_ENTERPRISE, ROLE_EXPERT },
	[PERM_INC_WRITE] = { 0, 0, 0 },
	[PERM_INC_SESSION_WRITE] = { 0, 0, ROLE_EXPERT },
	[PERM_INC_FIGURES] = { ROLE_VIEWER, 0, 0 },
	/*
	 * An applicant's or a startup's account its own applications, an
	 * expert the rounds it reviews (inc_scope_account()).
	 */
	[PERM_INC_APPLY] = { 0, 0, ROLE_APPLICANT | ROLE_ENTERPRISE },
	[PERM_INC_REVIEW] = { 0, 0, ROLE_EXPERT },
	/* incubation: space, leases and periodic reports (inc-ops) */
	[PERM_INC_SPACE_READ] = { 0, 0, 0 },
	[PERM_INC_SPACE_WRITE] = { 0, 0, 0 },
	[PERM_INC_LEASE_READ] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_INC_REPORT_READ] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_INC_REPORT_WRITE] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_INC_REPORT_REVIEW] = { 0, 0, 0 },
	[PERM_INC_REPORT_SETUP] = { 0, 0, 0 },
	[PERM_INC_PERIOD_READ] = { ROLE_ENTERPRISE, 0, 0 },
	/* training (issue 7) */
	[PERM_TRAINING_READ] = { 0, 0, 0 },
	[PERM_TRAINING_WRITE] = { 0, 0, 0 },
	/*
	 * A teacher the cohorts and sessions it teaches, a trainee its own
	 * sessions (the rules of rules_attendance.c judge each record).
	 */
	[PERM_TRAINING_TEACH] = { 0, 0, ROLE_TEACHER },
	[PERM_TRAINING_CHECKIN] = { 0, 0, ROLE_TRAINEE },
	[PERM_TRAINING_PARTNER] = { 0, ROLE_ENTERPRISE | ROLE_COLLEGE, 0 },
	/*
	 * training, tr-out: a firm its own slots and what comes of them; a
	 * master the slots and placements it supervises (and confirms their
	 * logs), a trainee its own placements, logs, evaluations and
	 * certificates (training_out_scope(); it writes its own logs and
	 * evaluation).
	 */
	[PERM_SLOT_READ] = { 0, ROLE_ENTERPRISE, ROLE_TEACHER },
	[PERM_PLACEMENT_READ] = { 0, ROLE_ENTERPRISE,
				  ROLE_TRAINEE | ROLE_TEACHER },
	[PERM_PLACEMENT_LOG_READ] = { 0, ROLE_ENTERPRISE, ROLE_TRAINEE },
	[PERM_PLACEMENT_LOG_WRITE] = { 0, 0, ROLE_TRAINEE },
	[PERM_PLACEMENT_LOG_CONFIRM] = { 0, 0, ROLE_TEACHER },
	[PERM_PLACEMENT_WRITE] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_CERT_READ] = { 0, 0, ROLE_TRAINEE },
	[PERM_CERT_WRITE] = { 0, 0, 0 },
	[PERM_TRAINING_FIGURES] = { EVERYONE & ROLES_EXCEPT(ROLE_APPLICANT),
				    0, 0 },
	/*
	 * two-way selection: everyone taking part or watching reads rounds
	 * and open positions; a firm its own positions and applicants; a
	 * trainee its own candidacy, list, result and offer.
	 */
	[PERM_SELECTION_READ] = { ROLE_ENTERPRISE | ROLE_TRAINEE |
				  ROLE_VIEWER, 0, 0 },
	[PERM_SELECTION_MANAGE] = { 0, 0, 0 },
	[PERM_SELECTION_POST] = { 0, ROLE_ENTERPRISE, 0 },
	[PERM_SELECTION_APPLY] = { 0, 0, ROLE_TRAINEE },
	[PERM_SELECTION_LISTS] = { ROLE_VIEWER, 0, 0 },
	/* facility: partners and firms book for their own organisation */
	[PERM_FACILITY_READ] = { EVERYONE & ROLES_EXCEPT(ROLE_APPLICANT), 0,
				 0 },
	[PERM_FACILITY_WRITE] = { 0, 0, 0 },
	[PERM_FACILITY_BOOK] = { 0, ROLE_COLLEGE | ROLE_ENTERPRISE |
				 ROLE_TEACHER, 0 },
	[PERM_FACILITY_AGREEMENT_READ] = { 0, ROLE_COLLEGE, 0 },
	[PERM_FACILITY_APPROVE] = { 0, ROLE_ENTERPRISE, 0 },
};

/*
 * Each action's name, for the matrix (`jianggu routes`, the OpenAPI
 * document's x-roles, /admin/permissions): the enumerator without PERM_,
 * in lower case. tests/unit/auth/test_perm.c checks every action has one.
 */
static const char *const names[PERM_COUNT] = {
	[PERM_ACCOUNT_MANAGE] = "account_manage",
	[PERM_ACCOUNT_READ] = "account_read",
	[PERM_SESSION_MANAGE] = "session_manage",
	[PERM_AUDIT_READ] = "audit_read",
	[PERM_SETTINGS_WRITE] = "settings_write",
	[PERM_SETTINGS_READ] = "settings_read",
	[PERM_NOTIFY_SEND] = "notify_send",
	[PERM_UPLOAD_CREATE] = "upload_create",
	[PERM_UPLOAD_READ] = "upload_read",
	[PERM_UPLOAD_MANAGE] = "upload_manage",
	[PERM_JOBS_RUN] = "jobs_run",
	[PERM_ORG_READ] = "org_read",
	[PERM_PERSON_READ] = "person_read",
	[PERM_PARTY_WRITE] = "party_write",
	[PERM_PARTY_LEAVE] = "party_leave",
	[PERM_INC_READ] = "inc_read",
	[PERM_INC_WRITE] = "inc_write",
	[PERM_INC_SESSION_WRITE] = "inc_session_write",
	[PERM_INC_FIGURES] = "inc_figures",
	[PERM_INC_APPLY] = "inc_apply",
	[PERM_INC_REVIEW] = "inc_review",
	[PERM_INC_SPACE_READ] = "inc_space_read",
	[PERM_INC_SPACE_WRITE] = "inc_space_write",
	[PERM_INC_LEASE_READ] = "inc_lease_read",
	[PERM_INC_REPORT_READ] = "inc_report_read",
	[PERM_INC_REPORT_WRITE] = "inc_report_write",
	[PERM_INC_REPORT_REVIEW] = "inc_report_review",
	[PERM_INC_REPORT_SETUP] = "inc_report_setup",
	[PERM_INC_PERIOD_READ] = "inc_period_read",
	[PERM_TRAINING_READ] = "training_read",
	[PERM_TRAINING_WRITE] = "training_write",
	[PERM_TRAINING_TEACH] = "training_teach",
	[PERM_TRAINING_CHECKIN] = "training_checkin",
	[PERM_TRAINING_PARTNER] = "training_partner",
	[PERM_SLOT_READ] = "slot_read",
	[PERM_PLACEMENT_READ] = "placement_read",
	[PERM_PLACEMENT_LOG_READ] = "placement_log_read",
	[PERM_PLACEMENT_LOG_WRITE] = "placement_log_write",
	[PERM_PLACEMENT_LOG_CONFIRM] = "placement_log_confirm",
	[PERM_PLACEMENT_WRITE] = "placement_write",
	[PERM_CERT_READ] = "cert_read",
	[PERM_CERT_WRITE] = "cert_write",
	[PERM_TRAINING_FIGURES] = "training_figures",
	[PERM_SELECTION_READ] = "selection_read",
	[PERM_SELECTION_MANAGE] = "selection_manage",
	[PERM_SELECTION_POST] = "selection_post",
	[PERM_SELECTION_APPLY] = "selection_apply",
	[PERM_SELECTION_LISTS] = "selection_lists",
	[PERM_FACILITY_READ] = "facility_read",
	[PERM_FACILITY_WRITE] = "facility_write",
	[PERM_FACILITY_BOOK] = "facility_book",
	[PERM_FACILITY_AGREEMENT_READ] = "facility_agreement_read",
	[PERM_FACILITY_APPROVE] = "facility_approve",
};

static enum scope
scope_of(const struct principal *p, enum perm perm)
{
	if (p->roles & ROLE_ADMIN)
		return SCOPE_ALL;
	if (p->roles & policy[perm].all)
		return SCOPE_ALL;
	if (p->roles & policy[perm].org)
		return SCOPE_ORG;
	if (p->roles & policy[perm].own)
		return SCOPE_OWN;
	return SCOPE_NONE;
}

int
auth_require(const struct principal *p, enum perm perm, int64_t org_id)
{
	if (!p)
		return ERR_UNAUTH;
	switch (scope_of(p, perm)) {
	case SCOPE_ALL:
		return 0;
	case SCOPE_ORG:
		return org_id > 0 && org_id == p->org_id ? 0 : ERR_FORBIDDEN;
	case SCOPE_OWN:		/* no organisation tells: the rules judge */
	default:
		return ERR_FORBIDDEN;
	}
}

int
auth_may_call(const struct principal *p, enum perm perm)
{
	if (!p)
		return ERR_UNAUTH;
	return scope_of(p, perm) == SCOPE_NONE ? ERR_FORBIDDEN : 0;
}

int
auth_authorize(struct request *r, int perm)
{
	if (perm <= PERM_NONE || perm >= PERM_COUNT)
		return ERR_FORBIDDEN;
	return auth_may_call(auth_principal(r), (enum perm)perm);
}

int
auth_scope_org(const struct principal *p, enum perm perm, int64_t *org_id)
{
	*org_id = -1;
	if (!p)
		return ERR_UNAUTH;
	switch (scope_of(p, perm)) {
	case SCOPE_ALL:
		*org_id = 0;
		return 0;
	case SCOPE_ORG:
		*org_id = p->org_id > 0 ? p->org_id : -1;
		return 0;
	case SCOPE_OWN:		/* no organisation's rows: its own records */
		return 0;
	default:
		return ERR_FORBIDDEN;
	}
}

const char *
perm_name(int perm)
{
	if (perm <= PERM_NONE || perm >= PERM_COUNT)
		return NULL;
	return names[perm];
}

int
perm_from_name(const char *name)
{
	for (int i = PERM_NONE + 1; name && i < PERM_COUNT; i++)
		if (names[i] && !strcmp(names[i], name))
			return i;
	return PERM_NONE;
}

void
auth_perm_roles(int perm, unsigned *all, unsigned *org, unsigned *own)
{
	*all = 0;
	*org = 0;
	*own = 0;
	if (perm <= PERM_NONE || perm >= PERM_COUNT)
		return;
	*all = ROLE_ADMIN | policy[perm].all;
	*org = policy[perm].org & ~*all;
	*own = policy[perm].own & ~(*all | *org);
}
