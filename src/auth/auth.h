/*
 * auth.h - who is asking, and may they: the principal a request carries,
 * roles, the permission table, and the one permission check every
 * module's rules call.
 *
 * The account module signs people in (account/session.h): its
 * session_authenticate(), the server's `authenticate` hook, reads the
 * credentials — `Authorization: Bearer TOKEN` for API clients, the
 * `jg_session` cookie for pages — and leaves the caller in r->principal,
 * or NULL for an anonymous one. Everyone reads it with auth_principal(r).
 * This folder is the bottom of the platform layer: it knows requests, not
 * the database, so that audit, settings and every module above may ask
 * "may they" without a cycle.
 *
 * Permissions: rules call auth_require(p, PERM_..., org_id) before they act;
 * a refusal is ERR_UNAUTH (nobody signed in) or ERR_FORBIDDEN. Row scoping:
 * auth_scope_org() tells a list which organisation's rows the caller may
 * see. The policy is one table in perm.c: for each action the roles that
 * may take it on any record, on their own organisation's, or on their own
 * records only (those that concern them in person, which the module's
 * rules find); docs/ARCHITECTURE.md explains it.
 */
#ifndef JG_AUTH_H
#define JG_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct request;
struct db;

/* Roles (DESIGN §1); an account holds one or more. */
enum role {
	ROLE_ADMIN = 1 << 0,		/* park staff */
	ROLE_ENTERPRISE = 1 << 1,	/* a member of a firm or startup */
	ROLE_COLLEGE = 1 << 2,		/* a member of a partner college */
	ROLE_TEACHER = 1 << 3,		/* a teacher or enterprise master */
	ROLE_TRAINEE = 1 << 4,
	ROLE_EXPERT = 1 << 5,		/* resident expert or mentor */
	ROLE_APPLICANT = 1 << 6,	/* applying for incubation */
	ROLE_VIEWER = 1 << 7,		/* read-only figures */
};
#define ROLE_COUNT 8
#define ROLE_ALL 0xffu
/* Every role but those in the mask `roles` (a set of ROLE_* bits). */
#define ROLES_EXCEPT(roles) (ROLE_ALL & ~(unsigned)(roles))

/* The role called `name` ("admin"), or 0. */
unsigned role_from_name(const char *name);
/* The name of a single role bit; NULL for anything else. */
const char *role_name(unsigned role);
/* The Chinese label of a single role bit ("园区管理员"). */
const char *role_label(unsigned role);
/* The names of the bits in `roles` as a JSON array of strings. */
json_t *roles_json(unsigned roles);

/* Who acts: an account (id > 0) or the system (id 0: CLI, scheduled jobs). */
struct audit_actor {
	int64_t id;
	const char *name;	/* the account name, or "system" */
	const char *ip;		/* the client's address, or "local" */
};

/* The signed-in caller. */
struct principal {
	int64_t account_id;
	const char *name;
	const char *display_name;
	unsigned roles;
	int64_t org_id;			/* 0 if none */
	int64_t person_id;		/* 0 if none */
	int64_t session_id;		/* set when signed in by cookie */
	int64_t token_id;		/* set when signed in by API token */
	const char *csrf_token;		/* the session's, for its forms */
	const char *last_write_at;	/* when its credential last wrote
					 * (kept with a replica), or NULL */
	struct audit_actor actor;	/* for audit_write() */
};

/* The caller of `r`, or NULL when anonymous. */
const struct principal *auth_principal(const struct request *r);

/* Whether `p` is park staff (an admin): NULL is not. */
bool auth_is_staff(const struct principal *p);

/* The name of the cookie that holds a browser's CSRF token. */
#define AUTH_CSRF_COOKIE "jg_csrf"

/*
 * The CSRF token a page's forms must carry: the session's when signed in,
 * otherwise a per-browser token kept in the `jg_csrf` cookie (set on this
 * response if the browser has none). Never NULL except on ERR_NOMEM.
 */
const char *auth_csrf_token(struct request *r);

/* Actions the permission table knows. Modules add theirs. */
enum perm {
	PERM_NONE,		/* no permission declared (route.perm 0) */
	PERM_ACCOUNT_MANAGE,	/* create accounts, roles, reset, disable */
	PERM_ACCOUNT_READ,	/* list accounts */
	PERM_SESSION_MANAGE,	/* everyone's sessions (own: always) */
	PERM_AUDIT_READ,	/* the audit and login logs */
	PERM_SETTINGS_WRITE,
	PERM_SETTINGS_READ,
	PERM_NOTIFY_SEND,	/* notify a role or another account */
	PERM_UPLOAD_CREATE,
	PERM_UPLOAD_READ,	/* read a file: own org's, or any for admin */
	PERM_UPLOAD_MANAGE,	/* archive a file someone else uploaded */
	PERM_JOBS_RUN,
	PERM_ORG_READ,		/* the directory of organisations */
	PERM_PERSON_READ,	/* people and their affiliations */
	PERM_PARTY_WRITE,	/* create, edit, archive parties */
	PERM_PARTY_LEAVE,	/* an employee of one's own org left */
	/* incubation (src/incubation/): */
	PERM_INC_READ,		/* startups' incubation records, sessions */
	PERM_INC_WRITE,		/* lifecycle, experts, investments, rounds */
	PERM_INC_SESSION_WRITE,	/* log mentoring sessions (an expert's own) */
	PERM_INC_FIGURES,	/* the incubation figures */
	PERM_INC_APPLY,		/* one's own applications */
	PERM_INC_REVIEW,	/* score in the rounds one reviews in */
	/* incubation: space, leases and periodic reports (inc-ops) */
	PERM_INC_SPACE_READ,	/* buildings, floors, units, occupancy */
	PERM_INC_SPACE_WRITE,	/* buildings, floors, units, leases */
	PERM_INC_LEASE_READ,	/* leases: own startup's, or all */
	PERM_INC_REPORT_READ,	/* reports: own startup's, or all */
	PERM_INC_REPORT_WRITE,	/* draft and submit: own startup's */
	PERM_INC_REPORT_REVIEW,	/* accept or return (never one's own) */
	PERM_INC_REPORT_SETUP,	/* templates and periods */
	PERM_INC_PERIOD_READ,	/* templates and periods, to report on */
	/* training (issue 7); rows are narrowed further in its rules */
	PERM_TRAINING_READ,	/* every centre, programme, cohort, trainee */
	PERM_TRAINING_WRITE,	/* create, edit, enrol, complete */
	PERM_TRAINING_TEACH,	/* mark and confirm: own cohorts only */
	PERM_TRAINING_CHECKIN,	/* check oneself in, read one's own hours */
	PERM_TRAINING_PARTNER,	/* a firm's or college's own trainees */
	/* training, tr-out: placements, certificates, figures */
	PERM_SLOT_READ,		/* placement slots (own firm's, a master's) */
	PERM_PLACEMENT_READ,	/* placements (firm's, trainee's, master's) */
	PERM_PLACEMENT_LOG_READ, /* weekly logs and evaluations of them */
	PERM_PLACEMENT_LOG_WRITE, /* the trainee's own logs and evaluation */
	PERM_PLACEMENT_LOG_CONFIRM, /* the master confirms its slots' logs */
	PERM_PLACEMENT_WRITE,	/* offer slots, assign, complete (own firm) */
	PERM_CERT_READ,		/* certificates (a trainee's own) */
	PERM_CERT_WRITE,	/* record them, issue certificates */
	PERM_TRAINING_FIGURES,	/* the training figures */
	/* two-way selection (issue 19); rows narrowed in its rules */
	PERM_SELECTION_READ,	/* rounds and open positions */
	PERM_SELECTION_MANAGE,	/* rounds, vetting, lock, run, publish */
	PERM_SELECTION_POST,	/* a firm's positions and lists (own firm) */
	PERM_SELECTION_APPLY,	/* one's own candidacy, list and result */
	PERM_SELECTION_LISTS,	/* a published round's lists, as CSV */
	/* facility (issue 17) */
	PERM_FACILITY_READ,	/* the catalogue, terms, week grids */
	PERM_FACILITY_WRITE,	/* resources, terms, agreements, overrides */
	PERM_FACILITY_BOOK,	/* book for, and cancel, one's own org's */
	PERM_FACILITY_AGREEMENT_READ, /* agreements: own org's, or all */
	PERM_FACILITY_APPROVE,	/* bookings of one's own org's resources */
	PERM_COUNT
};

/*
 * May `p` do `perm` to a record of organisation `org_id` (0: a record that
 * belongs to no organisation)? Returns 0, ERR_UNAUTH when p is NULL, or
 * ERR_FORBIDDEN — also for a role admitted on its own records only, which
 * no organisation tells: its rules ask auth_may_call() and judge the
 * record themselves.
 */
int auth_require(const struct principal *p, enum perm perm, int64_t org_id);

/*
 * May `p` take `perm` on some records: its own organisation's, or its own
 * records, at least?
 * The gate a route's declared permission sets (http.h route.perm), before
 * the rules judge the record. 0, ERR_UNAUTH when p is NULL, ERR_FORBIDDEN.
 */
int auth_may_call(const struct principal *p, enum perm perm);

/* The server's authorize hook (http.h): auth_may_call() for r's caller. */
int auth_authorize(struct request *r, int perm);

/*
 * For lists: 0 in *org_id when p may see every organisation's rows for
 * `perm`, otherwise the one organisation it may see (-1: none — an
 * account of no organisation, or a role admitted on its own records
 * only, whose rows the module narrows to those naming it). Returns 0,
 * ERR_UNAUTH or ERR_FORBIDDEN.
 */
int auth_scope_org(const struct principal *p, enum perm perm, int64_t *org_id);

/*
 * The permission matrix, read from the table in perm.c and the route
 * tables (routes.c); nothing else restates the table.
 */

/*
 * The name of action `perm` ("inc_read"), in static storage; NULL for
 * PERM_NONE or a number outside enum perm.
 */
const char *perm_name(int perm);

/* The action called `name`, or PERM_NONE (also for NULL). */
int perm_from_name(const char *name);

/*
 * The roles action `perm` admits, one role at a time: in *all those that
 * may take it on any record (ROLE_ADMIN always), in *org those that may
 * take it on their own organisation's records only (never one of *all),
 * in *own those that may take it on their own records only (never one of
 * the others). All 0 for PERM_NONE or a number outside enum perm.
 */
void auth_perm_roles(int perm, unsigned *all, unsigned *org, unsigned *own);

struct route;

/*
 * Who a route admits at the server's gate, before its handler (http.h):
 * with a permission, its roles (auth_perm_roles()); with ROUTE_PUBLIC or
 * ROUTE_SIGNED_IN and none, every role on any record — the rules and the
 * records then decide what each sees. A route that declares nothing is
 * not `declared` and admits no role here (the server would still let any
 * signed-in caller reach its handler: the matrix test refuses it).
 */
struct route_roles {
	bool declared;		/* perm != 0, ROUTE_PUBLIC or ROUTE_SIGNED_IN */
	bool anonymous;		/* ROUTE_PUBLIC: callers not signed in too */
	int perm;		/* the route's action, or PERM_NONE */
	unsigned all;		/* roles admitted on any record */
	unsigned org;		/* roles admitted on their organisation's */
	unsigned own;		/* roles admitted on their own records */
};

void auth_route_roles(const struct route *rt, struct route_roles *out);

/*
 * The route tables the program serves, in the router's order, for the
 * matrix: set once at start-up (cli_modules_init()), before any thread
 * reads them. The tables must outlive the process.
 */
void auth_set_routes(const struct route *const *tables, int ntables);

/*
 * Who `rt` admits as JSON, the OpenAPI document's `x-roles`:
 * {"gate": "permission" | "public" | "signed_in" | "none",
 *  "permission": "inc_read" or null, "anonymous": bool,
 *  "all": [role names], "own_org": [role names], "own": [role names]}.
 * A new reference.
 */
json_t *auth_route_roles_json(const struct route *rt);

/*
 * Every route of the registered tables, in the router's order:
 * [{"methods": ["GET", ...], "pattern": "/api/v1/orgs/:id",
 *   "flags": ["page", "public", "signed_in", "no_db"],
 *   "permission": "org_read" or null, "roles": {as above}}].
 * A new reference.
 */
json_t *auth_routes_json(void);

/*
 * The matrix by action, for the admin page and `jianggu routes --matrix`:
 * {"roles": [{"name", "label"}...], "actions": [...]}, where each action
 * is an object with the members of auth_route_roles_json()'s, "cells"
 * ([{"role", "all", "org", "own", "none"}...]: one of the four true, a cell
 * per role in the order of "roles") and "routes" (["GET /x", ...]). One
 * action per entry of enum perm, in its order (its routes may be none),
 * then one each for ROUTE_SIGNED_IN, ROUTE_PUBLIC and the undeclared
 * routes (gate "signed_in", "public", "none") when there are such
 * routes. A new reference.
 */
json_t *auth_matrix_json(void);

/*
 * Add `x-roles` (auth_route_roles_json()) to every operation of the
 * OpenAPI document `doc` whose path and method a registered route serves
 * (a path's `{name}` segment matches a route's `:name` whatever the
 * names). Returns how many operations no route serves (they get none).
 */
int auth_openapi_roles(json_t *doc);

#endif
