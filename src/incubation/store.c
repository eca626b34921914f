/*
 * store.c - the incubator's SQL of the lifecycle (incubation_int.h): who
 * is incubated, graduated or gone as of a date, the append-only events,
 * who an expert reaches, the figures over them, and the investment
 * totals. The rules that use them are in rules.c.
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
#include "record/record.h"

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
 * Of event `e`, whether it is a leave that stands: a graduation or an exit
 * that no `reinstated` event of its stay undid (0017_incubation_undo.sql).
 * A startup has at most one (the database holds it).
 */
#define STANDING_LEAVE(e)						\
	e ".kind IN ('graduated', 'exited') AND NOT EXISTS (SELECT 1 "	\
	"FROM incubation_event u WHERE u.org_id = " e ".org_id AND "	\
	"u.kind = 'reinstated' AND u.stay = " e ".stay)"

/*
 * A startup with the one event by which it left, if it left on or before
 * the date bound first. The other placeholders follow in the WHERE.
 */
#define STARTUP_COLUMNS							\
	"i.org_id, o.name, o.founded_on, i.field, i.admitted_on, "	\
	"i.agreement_from, i.agreement_to, i.monthly_fee, i.deposit, "	\
	"i.space_assigned, e.kind AS left_kind, e.on_date AS left_on, "	\
	"e.exit_reason, e.basis"
#define STARTUP_FROM							\
	"FROM incubation i JOIN org o ON o.id = i.org_id "		\
	"LEFT JOIN incubation_event e ON e.org_id = i.org_id "		\
	"AND " STANDING_LEAVE("e") " AND e.on_date <= ? "
#define STARTUP_SELECT "SELECT " STARTUP_COLUMNS " " STARTUP_FROM

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
	const char *left = record_text(row, "left_kind");
	struct inc_facts f = {
		record_text(row, "field"),
		record_text(row, "founded_on"),
		record_text(row, "admitted_on"),
		record_text(row, "agreement_to"),
		record_text(row, "left_on"),
		record_text(row, "basis"),
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

_Static_assert(DB_FITS(struct inc_stay, admitted_on, TIME_DATE_LEN) &&
	       DB_FITS(struct inc_stay, left_on, TIME_DATE_LEN), "dates fit");

static const struct db_field stay_fields[] = {
	DB_FIELD_CHARS(struct inc_stay, admitted_on),
	DB_FIELD_CHARS(struct inc_stay, left_on),
	DB_FIELD_BOOL(struct inc_stay, left),
	DB_FIELD_BOOL(struct inc_stay, graduated),
	DB_FIELD_INT64(struct inc_stay, stay),
	DB_FIELDS_END
};

/* The columns of stay_fields, of incubation i and event e. */
#define STAY_COLUMNS							\
	"SELECT i.admitted_on, e.on_date AS left_on, "			\
	"e.id IS NOT NULL AS \"left\", e.kind = 'graduated' AS graduated, " \
	"e.stay FROM incubation i LEFT JOIN incubation_event e "	\
	"ON e.org_id = i.org_id AND " STANDING_LEAVE("e") " "

int
inc_store_stay(struct db *db, int64_t org_id, const char *as_of,
	       struct inc_stay *st)
{
	struct db_value v[] = {
		DB_TEXT(as_of), DB_INT(org_id), DB_TEXT(as_of)
	};

	if (!as_of)
		return db_get_one(db, STAY_COLUMNS "WHERE i.org_id = ? AND "
				  "i.archived_at IS NULL", v + 1, 1,
				  stay_fields, st, sizeof(*st), NULL);
	return db_get_one(db, STAY_COLUMNS "AND e.on_date <= ? "
			  "WHERE i.org_id = ? AND i.admitted_on <= ? "
			  "AND i.archived_at IS NULL", v, 3, stay_fields, st,
			  sizeof(*st), NULL);
}

int
incubation_state(struct db *db, int64_t org_id, const char *as_of,
		 enum inc_state *state, char admitted_on[11],
		 char left_on[11])
{
	struct inc_stay st;
	int rc = inc_store_stay(db, org_id, as_of, &st);

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

	rc = db_rows_array(db, in_park_only ?
		STARTUP_SELECT "WHERE i.admitted_on <= ? "
		"AND i.archived_at IS NULL AND e.id IS NULL "
		"ORDER BY i.admitted_on, i.org_id" :
		STARTUP_SELECT "WHERE i.admitted_on <= ? "
		"AND i.archived_at IS NULL ORDER BY i.admitted_on, i.org_id",
		v, 2, items);
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
	return inc_startup_search(db, s, as_of, rules, state, NULL, limit,
				  offset, items, total);
}

int
inc_startup_search(struct db *db, const struct inc_scope *s,
		   const char *as_of, const struct inc_rules *rules,
		   const char *state, const char *q, int64_t limit,
		   int64_t offset, json_t **items, int64_t *total)
{
	struct db_value v[5];
	struct buf where, like;
	char today[11];
	size_t i;
	json_t *row;
	int n = 0, rc;

	buf_init(&where, NULL, 0);
	buf_init(&like, NULL, 0);
	v[n++] = DB_TEXT(as_of);
	v[n++] = DB_TEXT(as_of);
	buf_addstr(&where, STARTUP_FROM "WHERE i.admitted_on <= ? AND "
		   "i.archived_at IS NULL");
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
	/* The name contains q: LIKE on both back ends, q's % and _ plain. */
	if (q && *q) {
		buf_addstr(&where, " AND lower(o.name) LIKE lower(?) "
			   "ESCAPE '\\'");
		buf_addch(&like, '%');
		for (const char *p = q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_addch(&like, '\\');
			buf_addch(&like, *p);
		}
		buf_addch(&like, '%');
		v[n++] = DB_TEXT(like.ptr);
	}
	*items = NULL;
	rc = buf_error(&like);
	if (!rc)
		rc = db_list_where(db, STARTUP_COLUMNS, &where,
				   "i.admitted_on DESC, i.org_id DESC", v, n,
				   limit, offset, items, total);
	json_array_foreach(*items, i, row)
		add_state_and_checks(row, as_of, rules);
	buf_release(&where);
	buf_release(&like);
	return rc;
}

int
inc_events_of(struct db *db, int64_t org_id, json_t **items)
{
	return db_rows_array(db, "SELECT e.id, e.org_id, e.kind, "
			     "e.exit_reason, e.basis, e.on_date AS \"on\", "
			     "e.reason, e.actor_id, a.name AS actor_name, "
			     "e.created_at FROM incubation_event e "
			     "LEFT JOIN account a ON a.id = e.actor_id "
			     "WHERE e.org_id = ? ORDER BY e.on_date, e.id",
			     (struct db_value[]){ DB_INT(org_id) }, 1, items);
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
			 "AND " STANDING_LEAVE("e") " AND e.on_date <= ? "
			 "WHERE i.org_id = ? AND i.archived_at IS NULL", v, 2,
			 out);
	if (rc)
		return rc;
	add_state_and_checks(*out, as_of, rules);
	if (strcmp(record_text(*out, "admitted_on"),
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
inc_store_not_startup(struct db *db, int64_t org_id, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM org WHERE id = ? AND "
			 "archived_at IS NULL AND kind <> 'startup'",
			 (struct db_value[]){ DB_INT(org_id) }, 1, yes);
}

int
inc_store_event_add(struct db *db, const struct audit_actor *actor,
		    int64_t org_id, const char *kind, const char *exit_reason,
		    const char *basis, const char *on, const char *reason,
		    const char *now, int64_t *id)
{
	/* A leave after one undone is of the next stay. */
	return db_insert_id(db, "INSERT INTO incubation_event (org_id, kind, "
			    "exit_reason, basis, on_date, reason, actor_id, "
			    "created_at, stay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
			    "(SELECT COUNT(*) + 1 FROM incubation_event "
			    "WHERE org_id = ? AND kind = 'reinstated')) "
			    "RETURNING id", (struct db_value[]){
			    DB_INT(org_id), DB_TEXT(kind), DB_TEXT(exit_reason),
			    DB_TEXT(basis), DB_TEXT(on), DB_TEXT(reason),
			    actor->id > 0 ? DB_INT(actor->id) : DB_TEXT(NULL),
			    DB_TEXT(now), DB_INT(org_id) }, 9, id);
}

int
inc_store_event_undo(struct db *db, const struct audit_actor *actor,
		     int64_t org_id, int64_t stay, const char *on,
		     const char *reason, const char *now, int64_t *id)
{
	return db_insert_id(db, "INSERT INTO incubation_event (org_id, kind, "
			    "on_date, reason, actor_id, created_at, stay) "
			    "VALUES (?, 'reinstated', ?, ?, ?, ?, ?) "
			    "RETURNING id", (struct db_value[]){
			    DB_INT(org_id), DB_TEXT(on), DB_TEXT(reason),
			    actor->id > 0 ? DB_INT(actor->id) : DB_TEXT(NULL),
			    DB_TEXT(now), DB_INT(stay) }, 6, id);
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
inc_store_lifecycle(struct db *db, const char *as_of, int64_t *incubated,
		    int64_t *graduated, int64_t *exited)
{
	struct db_value v[] = {
		DB_TEXT(as_of), DB_TEXT(as_of), DB_TEXT(as_of)
	};
	struct lifecycle f;
	int rc = db_get_one(db, "SELECT "
			    "(SELECT COUNT(*) FROM incubation "
			    "WHERE admitted_on <= ?) AS incubated, "
			    "(SELECT COUNT(*) FROM incubation_event e "
			    "WHERE e.kind = 'graduated' AND e.on_date <= ? "
			    "AND " STANDING_LEAVE("e") ") AS graduated, "
			    "(SELECT COUNT(*) FROM incubation_event e "
			    "WHERE e.kind = 'exited' AND e.on_date <= ? "
			    "AND " STANDING_LEAVE("e") ") AS exited",
			    v, 3, lifecycle_fields, &f, sizeof(f), NULL);

	*incubated = f.incubated;
	*graduated = f.graduated;
	*exited = f.exited;
	return rc;
}

int
inc_store_financing(struct db *db, const char *as_of, int64_t *sum)
{
	struct db_value v[] = { DB_TEXT(as_of), DB_TEXT(as_of) };

	return db_int_value(db, "SELECT COALESCE(SUM(v.amount), 0) "
			      "FROM investment v JOIN incubation i "
			      "ON i.org_id = v.target_id WHERE v.on_date <= ? "
			      "AND i.admitted_on <= ? AND v.kind <> "
			      "'contribution' AND v.archived_at IS NULL", v, 2,
			      sum);
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

/*
 * The investments summed per organisation, as investor and as target
 * (`side`), with the columns a described table's list reads.
 */
#define TOTALS_OF(side, col)						\
	"SELECT o.id, o.name, o.kind, '" side "' AS side, "		\
	"COUNT(*) AS count, CAST(SUM(v.amount) AS BIGINT) AS amount, "	\
	"NULL AS created_at, NULL AS updated_at, NULL AS archived_at "	\
	"FROM investment v JOIN org o ON o.id = v." col " "		\
	"WHERE v.archived_at IS NULL GROUP BY o.id, o.name, o.kind"

#define TOTALS_ROWS							\
	"(" TOTALS_OF("investor", "investor_id") " UNION ALL "		\
	TOTALS_OF("target", "target_id") ") AS investment_totals"

const char INC_TOTALS_ROWS[] = TOTALS_ROWS;

int
inc_investment_totals(struct db *db, bool by_investor, json_t **items)
{
	return db_rows_array(db, "SELECT id AS org_id, name, kind, count, "
			     "amount FROM " TOTALS_ROWS " WHERE side = ? "
			     "ORDER BY amount DESC, id", (struct db_value[]){
			     DB_TEXT(by_investor ? "investor" : "target") },
			     1, items);
}

int
inc_store_path(struct db *db, int64_t org_id, json_t *items)
{
	struct db_value v[] = { DB_INT(org_id), DB_INT(org_id) };

	return db_rows_values(db,
		"SELECT on_date, kind, employees FROM ("
		" SELECT e.on_date, e.kind, NULL AS employees, e.id AS k "
		" FROM incubation_event e WHERE e.org_id = ? "
		" UNION ALL SELECT * FROM (SELECT p.ends_on, 'report', "
		" r.employees, r.id FROM inc_report r "
		" JOIN inc_report_period p ON p.id = r.period_id "
		" WHERE r.org_id = ? AND r.status = 'accepted' "
		" AND r.employees IS NOT NULL AND r.archived_at IS NULL "
		" ORDER BY p.ends_on DESC, r.id DESC LIMIT 1) latest"
		") path ORDER BY on_date, k", v, 2, items);
}

int
incubation_founders(struct db *db, const char *as_of, json_t *rows)
{
	struct db_value v[] = { DB_TEXT(as_of), DB_TEXT(as_of),
				DB_TEXT(as_of) };

	return db_rows_values(db,
		"SELECT a.person_id, i.org_id, o.name AS org_name, "
		"(SELECT r.employees FROM inc_report r "
		" JOIN inc_report_period p ON p.id = r.period_id "
		" WHERE r.org_id = i.org_id AND r.status = 'accepted' "
		" AND r.employees IS NOT NULL AND r.archived_at IS NULL "
		" AND p.ends_on <= ? ORDER BY p.ends_on DESC, r.id DESC "
		" LIMIT 1) AS employees "
		"FROM incubation i JOIN org o ON o.id = i.org_id "
		"JOIN affiliation a ON a.org_id = i.org_id "
		" AND a.role = 'founder' AND a.archived_at IS NULL "
		" AND a.since <= ? "
		"WHERE i.admitted_on <= ? ORDER BY a.person_id, i.org_id",
		v, 3, rows);
}
