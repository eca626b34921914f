/*
 * store.c - the incubator's queries of the lifecycle: who is incubated,
 * graduated or gone as of a date, the append-only events, admission, the
 * "needs attention" list and the figures over them.
 */
#include <string.h>

#include "audit/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

const char INCUBATION_INCUBATED_SQL[] =
	"SELECT org_id FROM incubation WHERE admitted_on <= ? "
	"AND archived_at IS NULL";

/*
 * An expert reaches the startups of its current assignments: not archived
 * and not ended before today, the Beijing date bound as the statement's
 * last value (time_today_beijing()).
 */
#define CURRENT_ASSIGNMENT \
	"AND a.archived_at IS NULL AND x.archived_at IS NULL " \
	"AND (a.until IS NULL OR a.until >= ?)"

const char INC_EXPERT_ORGS_SQL[] =
	"SELECT a.org_id FROM inc_assignment a JOIN inc_expert x "
	"ON x.id = a.expert_id WHERE x.person_id = ? " CURRENT_ASSIGNMENT;

const char INC_PROJECT_OF_EXPERT_SQL[] =
	"SELECT p.id FROM inc_project p WHERE p.org_id IN ("
	"SELECT a.org_id FROM inc_assignment a JOIN inc_expert x "
	"ON x.id = a.expert_id WHERE x.person_id = ? " CURRENT_ASSIGNMENT ")";

const char INC_PROJECT_OF_ORG_SQL[] =
	"SELECT id FROM inc_project WHERE org_id = ?";

/*
 * A startup with the one event by which it left, if it left on or before
 * the date bound first. The other placeholders follow in the WHERE.
 */
#define STARTUP_SELECT							\
	"SELECT i.org_id, o.name, o.founded_on, i.field, i.admitted_on, " \
	"i.agreement_from, i.agreement_to, i.monthly_fee, i.deposit, "	\
	"i.space_assigned, e.kind AS left_kind, e.on_date AS left_on, "	\
	"e.exit_reason, e.basis "					\
	"FROM incubation i JOIN org o ON o.id = i.org_id "		\
	"LEFT JOIN incubation_event e ON e.org_id = i.org_id "		\
	"AND e.kind <> 'admitted' AND e.on_date <= ? "

int
inc_scope_of(const struct principal *p, struct inc_scope *s)
{
	int64_t org;
	int rc;

	memset(s, 0, sizeof(*s));
	if (!p)
		return ERR_UNAUTH;
	rc = auth_scope_org(p, PERM_INC_READ, &org);
	if (!rc) {
		s->all = org == 0;
		s->org_id = org;
		return 0;
	}
	if ((p->roles & ROLE_EXPERT) && p->person_id > 0) {
		s->expert_person = p->person_id;
		return 0;
	}
	return rc;
}

int
inc_scope_has(struct db *db, const struct inc_scope *s, int64_t org_id,
	      bool *yes)
{
	struct db_value v[3];
	char today[11];

	*yes = s->all || (s->org_id > 0 && s->org_id == org_id);
	if (*yes || s->expert_person <= 0)
		return 0;
	time_today_beijing(today);
	v[0] = DB_INT(s->expert_person);
	v[1] = DB_INT(org_id);
	v[2] = DB_TEXT(today);
	return db_exists(db, "SELECT 1 FROM inc_assignment a "
			 "JOIN inc_expert x ON x.id = a.expert_id "
			 "WHERE x.person_id = ? AND a.org_id = ? "
			 CURRENT_ASSIGNMENT, v, 3, yes);
}

/* The checks of one row of STARTUP_SELECT (as JSON) as of a date. */
static void
add_state_and_checks(json_t *row, const char *as_of,
		     const struct inc_rules *rules)
{
	const char *left = json_string_value(json_object_get(row,
							     "left_kind"));
	struct inc_facts f = {
		json_string_value(json_object_get(row, "field")),
		json_string_value(json_object_get(row, "founded_on")),
		json_string_value(json_object_get(row, "admitted_on")),
		json_string_value(json_object_get(row, "agreement_to")),
		json_string_value(json_object_get(row, "left_on")),
		json_string_value(json_object_get(row, "basis")),
	};
	json_t *checks = json_array();

	json_object_set_new(row, "state", json_string(!left ? "in_park" :
			    !strcmp(left, "graduated") ? "graduated" :
			    "exited"));
	json_object_del(row, "left_kind");
	if (rules)
		inc_rules_check(rules, &f, as_of, checks);
	json_object_set_new(row, "checks", checks);
}

/* A startup's admission and the event by which it left, if it left. */
struct stay {
	char admitted_on[TIME_DATE_LEN + 1];
	char left_on[TIME_DATE_LEN + 1];	/* "" while in the park */
	bool left, graduated;
};
_Static_assert(DB_FITS(struct stay, admitted_on, TIME_DATE_LEN) &&
	       DB_FITS(struct stay, left_on, TIME_DATE_LEN), "dates fit");

static const struct db_field stay_fields[] = {
	DB_FIELD_CHARS(struct stay, admitted_on),
	DB_FIELD_CHARS(struct stay, left_on),
	DB_FIELD_BOOL(struct stay, left),
	DB_FIELD_BOOL(struct stay, graduated),
	DB_FIELDS_END
};

/* The columns of stay_fields, of incubation i and event e. */
#define STAY_COLUMNS							\
	"SELECT i.admitted_on, e.on_date AS left_on, "			\
	"e.id IS NOT NULL AS \"left\", e.kind = 'graduated' AS graduated " \
	"FROM incubation i LEFT JOIN incubation_event e "		\
	"ON e.org_id = i.org_id AND e.kind <> 'admitted' "

int
incubation_state(struct db *db, int64_t org_id, const char *as_of,
		 enum inc_state *state, char admitted_on[11],
		 char left_on[11])
{
	struct db_value v[] = {
		DB_TEXT(as_of), DB_INT(org_id), DB_TEXT(as_of)
	};
	struct stay st;
	int rc = db_get_one(db, STAY_COLUMNS "AND e.on_date <= ? "
			    "WHERE i.org_id = ? AND i.admitted_on <= ? "
			    "AND i.archived_at IS NULL", v, 3, stay_fields,
			    &st, sizeof(st), NULL);

	*state = rc ? INC_NONE : !st.left ? INC_IN_PARK : st.graduated ?
		 INC_GRADUATED : INC_EXITED;
	memcpy(admitted_on, st.admitted_on, sizeof(st.admitted_on));
	memcpy(left_on, st.left_on, sizeof(st.left_on));
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
incubation_startups(struct db *db, const char *as_of, bool in_park_only,
		    json_t **items)
{
	struct db_value v[] = { DB_TEXT(as_of), DB_TEXT(as_of) };
	size_t i;
	json_t *row;
	int rc;

	*items = json_array();
	rc = db_rows_values(db, in_park_only ?
		STARTUP_SELECT "WHERE i.admitted_on <= ? "
		"AND i.archived_at IS NULL AND e.id IS NULL "
		"ORDER BY i.admitted_on, i.org_id" :
		STARTUP_SELECT "WHERE i.admitted_on <= ? "
		"AND i.archived_at IS NULL ORDER BY i.admitted_on, i.org_id",
		v, 2, *items);
	json_array_foreach(*items, i, row)
		add_state_and_checks(row, as_of, NULL);
	return rc;
}

int
inc_startup_list(struct db *db, const struct inc_scope *s, const char *as_of,
		 const struct inc_rules *rules, const char *state,
		 int64_t limit, int64_t offset, json_t **items,
		 int64_t *total)
{
	struct db_value v[4];
	struct buf where, count, rows;
	char today[11];
	size_t i;
	json_t *row;
	int n = 0, rc;

	buf_init(&where, NULL, 0);
	buf_init(&count, NULL, 0);
	buf_init(&rows, NULL, 0);
	v[n++] = DB_TEXT(as_of);
	v[n++] = DB_TEXT(as_of);
	buf_addstr(&where, "WHERE i.admitted_on <= ? AND i.archived_at IS NULL");
	if (!s->all && s->org_id > 0) {
		buf_addstr(&where, " AND i.org_id = ?");
		v[n++] = DB_INT(s->org_id);
	} else if (!s->all && s->expert_person > 0) {
		buf_addf(&where, " AND i.org_id IN (%s)", INC_EXPERT_ORGS_SQL);
		time_today_beijing(today);
		v[n++] = DB_INT(s->expert_person);
		v[n++] = DB_TEXT(today);
	} else if (!s->all) {
		buf_addstr(&where, " AND 1 = 0");
	}
	if (state && !strcmp(state, "in_park"))
		buf_addstr(&where, " AND e.id IS NULL");
	else if (state && !strcmp(state, "graduated"))
		buf_addstr(&where, " AND e.kind = 'graduated'");
	else if (state && !strcmp(state, "exited"))
		buf_addstr(&where, " AND e.kind = 'exited'");
	buf_addf(&count, "SELECT COUNT(*) FROM incubation i "
		 "LEFT JOIN incubation_event e ON e.org_id = i.org_id "
		 "AND e.kind <> 'admitted' AND e.on_date <= ? %s", where.ptr);
	buf_addf(&rows, STARTUP_SELECT "%s ORDER BY i.admitted_on DESC, "
		 "i.org_id DESC LIMIT ? OFFSET ?", where.ptr);
	rc = buf_error(&where) ? ERR_NOMEM : buf_error(&count) ? ERR_NOMEM :
	     buf_error(&rows);
	if (!rc)
		rc = db_list(db, count.ptr, rows.ptr, v, n, limit, offset,
			     items, total);
	else
		*items = json_array();
	json_array_foreach(*items, i, row)
		add_state_and_checks(row, as_of, rules);
	buf_release(&where);
	buf_release(&count);
	buf_release(&rows);
	return rc;
}

int
inc_events_of(struct db *db, int64_t org_id, json_t **items)
{
	*items = json_array();
	return db_rows_values(db, "SELECT e.id, e.org_id, e.kind, "
			      "e.exit_reason, e.basis, e.on_date AS \"on\", "
			      "e.reason, e.actor_id, a.name AS actor_name, "
			      "e.created_at FROM incubation_event e "
			      "LEFT JOIN account a ON a.id = e.actor_id "
			      "WHERE e.org_id = ? ORDER BY e.on_date, e.id",
			      (struct db_value[]){ DB_INT(org_id) }, 1,
			      *items);
}

int
inc_startup_get(struct db *db, int64_t org_id, const char *as_of,
		const struct inc_rules *rules, json_t **out)
{
	struct db_value v[] = { DB_TEXT(as_of), DB_INT(org_id) };
	json_t *events;
	int rc;

	rc = db_get_json(db, "SELECT i.org_id, o.name, o.founded_on, i.id, "
			 "i.application_id, i.field, i.admitted_on, "
			 "i.agreement_from, i.agreement_to, i.monthly_fee, "
			 "i.deposit, i.fee_note, i.space_requested, "
			 "i.space_assigned, e.kind AS left_kind, "
			 "e.on_date AS left_on, e.exit_reason, e.basis "
			 "FROM incubation i JOIN org o ON o.id = i.org_id "
			 "LEFT JOIN incubation_event e ON e.org_id = i.org_id "
			 "AND e.kind <> 'admitted' AND e.on_date <= ? "
			 "WHERE i.org_id = ? AND i.archived_at IS NULL", v, 2,
			 out);
	if (rc)
		return rc;
	add_state_and_checks(*out, as_of, rules);
	if (strcmp(json_string_value(json_object_get(*out, "admitted_on")),
		   as_of) > 0)
		json_object_set_new(*out, "state",
				    json_string("admitted_later"));
	rc = inc_events_of(db, org_id, &events);
	json_object_set_new(*out, "events", events);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
inc_admit_in(struct db *db, const struct audit_actor *actor, json_t *fields,
	     int64_t *id, struct problem *pb)
{
	json_int_t org = json_integer_value(json_object_get(fields, "org_id"));
	const char *on = json_string_value(json_object_get(fields,
							   "admitted_on"));
	bool other = false;
	json_t *ev;
	int64_t ev_id;
	char now[32];
	int rc;

	*id = 0;
	if (json_is_integer(json_object_get(fields, "org_id"))) {
		rc = db_exists(db, "SELECT 1 FROM org WHERE id = ? AND "
			       "archived_at IS NULL AND kind <> 'startup'",
			       (struct db_value[]){ DB_INT(org) }, 1, &other);
		if (!rc && other)
			rc = problem(pb, ERR_INVALID, "org_id",
				     "org_id must be an organisation of kind "
				     "startup");
		if (rc)
			return rc;
	}
	rc = record_create_in(db, &incubation_table, actor, fields, id, pb);
	if (rc == ERR_CONFLICT)
		return problem(pb, rc, "org_id", "this startup is already "
			       "incubated");
	if (rc)
		return rc;
	time_now_utc(now);
	rc = db_insert_id(db, "INSERT INTO incubation_event (org_id, kind, "
			  "on_date, reason, actor_id, created_at) VALUES "
			  "(?, 'admitted', ?, '', ?, ?) RETURNING id",
			  (struct db_value[]){ DB_INT(org), DB_TEXT(on),
			  actor->id > 0 ? DB_INT(actor->id) : DB_TEXT(NULL),
			  DB_TEXT(now) }, 4, &ev_id);
	if (rc)
		return rc;
	ev = json_pack("{s:I,s:s,s:s}", "org_id", org, "kind", "admitted",
		       "on", on);
	rc = audit_write(db, actor, "create", "incubation_event", ev_id, NULL,
			 ev);
	json_decref(ev);
	return rc;
}

int
incubation_event_append(struct db *db, const struct audit_actor *actor,
			int64_t org_id, const char *kind, const char *on,
			const char *exit_reason, const char *basis,
			const char *reason, int64_t *id, struct problem *pb)
{
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = incubation_event_append_in(db, actor, org_id, kind, on,
					exit_reason, basis, reason, id, pb);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		*id = 0;
	}
	return rc;
}

int
incubation_event_append_in(struct db *db, const struct audit_actor *actor,
			   int64_t org_id, const char *kind, const char *on,
			   const char *exit_reason, const char *basis,
			   const char *reason, int64_t *id, struct problem *pb)
{
	static const char *const exits[] = {
		"withdrawn", "failed", "expelled", NULL
	};
	static const char *const bases[] = {
		"high_tech", "revenue", "acquired_listed", "other", NULL
	};
	struct stay st;
	char today[11], now[32];
	bool ok;
	json_t *ev;
	int rc;

	*id = 0;
	if (!kind || (strcmp(kind, "graduated") && strcmp(kind, "exited")))
		return problem(pb, ERR_INVALID, "kind",
			       "kind must be graduated or exited");
	if (!on || !date_valid(on))
		return problem(pb, ERR_INVALID, "on",
			       "on must be a date, YYYY-MM-DD");
	time_today_beijing(today);
	if (strcmp(on, today) > 0)
		return problem(pb, ERR_INVALID, "on",
			       "on must not be in the future");
	if (!strcmp(kind, "exited")) {
		ok = false;
		for (const char *const *e = exits; exit_reason && *e; e++)
			ok |= !strcmp(*e, exit_reason);
		if (!ok)
			return problem(pb, ERR_INVALID, "exit_reason",
				       "exit_reason must be withdrawn, failed "
				       "or expelled");
		if (!reason || !*reason)
			return problem(pb, ERR_INVALID, "reason",
				       "reason is required for an exit");
		basis = NULL;
	} else {
		if (exit_reason)
			return problem(pb, ERR_INVALID, "exit_reason",
				       "exit_reason is only for an exit");
		if (!basis)
			basis = "other";
		ok = false;
		for (const char *const *b = bases; *b; b++)
			ok |= !strcmp(*b, basis);
		if (!ok)
			return problem(pb, ERR_INVALID, "basis",
				       "basis must be high_tech, revenue, "
				       "acquired_listed or other");
	}
	if (reason && record_chars(reason) > 2000)
		return problem(pb, ERR_INVALID, "reason",
			       "reason must be at most 2000 characters");
	rc = db_get_one(db, STAY_COLUMNS "WHERE i.org_id = ? AND "
			"i.archived_at IS NULL", (struct db_value[]){
			DB_INT(org_id) }, 1, stay_fields, &st, sizeof(st),
			NULL);
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, ERR_NOTFOUND, NULL,
			     "this organisation is not incubated");
	if (rc)
		goto fail;
	if (st.left) {
		rc = problem(pb, ERR_CONFLICT, "kind",
			     "this startup has already left the park");
		goto fail;
	}
	if (strcmp(on, st.admitted_on) < 0) {
		rc = problem(pb, ERR_INVALID, "on",
			     "on must not be before the admission date");
		goto fail;
	}
	time_now_utc(now);
	rc = db_insert_id(db, "INSERT INTO incubation_event (org_id, kind, "
			  "exit_reason, basis, on_date, reason, actor_id, "
			  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			  "RETURNING id", (struct db_value[]){ DB_INT(org_id),
			  DB_TEXT(kind), DB_TEXT(exit_reason), DB_TEXT(basis),
			  DB_TEXT(on), DB_TEXT(reason ? reason : ""),
			  actor->id > 0 ? DB_INT(actor->id) : DB_TEXT(NULL),
			  DB_TEXT(now) }, 8, id);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, "kind",
			     "this startup has already left the park");
	if (rc)
		goto fail;
	ev = json_pack("{s:I,s:s,s:s?,s:s?,s:s,s:s}", "org_id",
		       (json_int_t)org_id, "kind", kind, "exit_reason",
		       exit_reason, "basis", basis, "on", on, "reason",
		       reason ? reason : "");
	rc = audit_write(db, actor, "create", "incubation_event", *id, NULL,
			 ev);
	json_decref(ev);
fail:
	if (rc)
		*id = 0;
	return rc;
}

/* The lifecycle's figures: startups incubated, graduated and exited. */
struct lifecycle {
	int64_t incubated, graduated, exited;
};

static const struct db_field lifecycle_fields[] = {
	DB_FIELD_INT64(struct lifecycle, incubated),
	DB_FIELD_INT64(struct lifecycle, graduated),
	DB_FIELD_INT64(struct lifecycle, exited),
	DB_FIELDS_END
};

/*
 * Three range counts over covering indexes rather than a join: an event
 * is never dated before its startup's admission (the database refuses
 * it), so the events dated on or before the date are all of startups
 * incubated by then.
 */
int
incubation_figures_lifecycle(struct db *db, const char *as_of, json_t *out)
{
	struct db_value v[] = {
		DB_TEXT(as_of), DB_TEXT(as_of), DB_TEXT(as_of)
	};
	struct lifecycle f;
	int rc = db_get_one(db, "SELECT "
			    "(SELECT COUNT(*) FROM incubation "
			    "WHERE admitted_on <= ?) AS incubated, "
			    "(SELECT COUNT(*) FROM incubation_event "
			    "WHERE kind = 'graduated' AND on_date <= ?) "
			    "AS graduated, "
			    "(SELECT COUNT(*) FROM incubation_event "
			    "WHERE kind = 'exited' AND on_date <= ?) AS exited",
			    v, 3, lifecycle_fields, &f, sizeof(f), NULL);

	if (rc)
		return rc;
	json_object_set_new(out, "incubated", json_integer(f.incubated));
	json_object_set_new(out, "graduated", json_integer(f.graduated));
	json_object_set_new(out, "exited", json_integer(f.exited));
	json_object_set_new(out, "in_park", json_integer(f.incubated -
				f.graduated - f.exited));
	return 0;
}

int
incubation_figures_financing(struct db *db, const char *as_of, json_t *out)
{
	struct db_value v[] = { DB_TEXT(as_of), DB_TEXT(as_of) };
	int64_t sum;
	int rc = db_int_value(db, "SELECT COALESCE(SUM(v.amount), 0) "
			      "FROM investment v JOIN incubation i "
			      "ON i.org_id = v.target_id WHERE v.on_date <= ? "
			      "AND i.admitted_on <= ? AND v.kind <> "
			      "'contribution' AND v.archived_at IS NULL", v, 2,
			      &sum);

	if (!rc)
		json_object_set_new(out, "financing", json_integer(sum));
	return rc;
}

int
incubation_attention(struct db *db, const char *as_of, json_t **items)
{
	struct inc_scope all = { true, 0, 0 };
	struct inc_rules rules;
	struct arena a;
	json_t *page, *row;
	int64_t total;
	size_t i;
	int rc;

	*items = json_array();
	arena_init(&a, 0);
	rc = incubation_rules_load(db, &a, &rules);
	if (!rc)
		rc = inc_startup_list(db, &all, as_of, &rules, "in_park",
				      1000000, 0, &page, &total);
	else
		page = json_array();
	json_array_foreach(page, i, row)
		if (json_array_size(json_object_get(row, "checks")))
			json_array_append(*items, row);
	json_decref(page);
	arena_release(&a);
	return rc;
}

/* One integer of a one-row query with one id bound; ERR_NOTFOUND if none. */
static int
one_int(struct db *db, const char *sql, int64_t arg, int64_t *out)
{
	return db_int_value(db, sql, (struct db_value[]){ DB_INT(arg) }, 1,
			    out);
}

int
inc_incubation_id(struct db *db, int64_t org_id, int64_t *id)
{
	return one_int(db, "SELECT id FROM incubation WHERE org_id = ? "
		       "AND archived_at IS NULL", org_id, id);
}

int
inc_expert_person(struct db *db, int64_t expert_id, int64_t *person_id)
{
	return one_int(db, "SELECT person_id FROM inc_expert WHERE id = ? "
		       "AND archived_at IS NULL", expert_id, person_id);
}

int
inc_project_org(struct db *db, int64_t project_id, int64_t *org_id)
{
	return one_int(db, "SELECT org_id FROM inc_project WHERE id = ?",
		       project_id, org_id);
}

int
inc_investment_totals(struct db *db, bool by_investor, json_t **items)
{
	*items = json_array();
	return db_rows_values(db, by_investor ?
		"SELECT o.id AS org_id, o.name, o.kind, COUNT(*) AS count, "
		"CAST(SUM(v.amount) AS BIGINT) AS amount FROM investment v JOIN org o "
		"ON o.id = v.investor_id WHERE v.archived_at IS NULL "
		"GROUP BY o.id, o.name, o.kind ORDER BY amount DESC, o.id" :
		"SELECT o.id AS org_id, o.name, o.kind, COUNT(*) AS count, "
		"CAST(SUM(v.amount) AS BIGINT) AS amount FROM investment v JOIN org o "
		"ON o.id = v.target_id WHERE v.archived_at IS NULL "
		"GROUP BY o.id, o.name, o.kind ORDER BY amount DESC, o.id",
		NULL, 0, *items);
}
