/*
 * store_apply.c - the SQL of applications as their applicants and staff
 * see them: a draft's owner, edit stamp and team, one read with its team
 * and the decisions taken on it (never the reviewers' scores), and lists.
 */
#include <time.h>

#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

#define APP_COLUMNS							\
	"a.id, a.account_id, a.kind, a.org_id, a.company_name, "	\
	"a.credit_code, a.founded_on, a.project, a.field, a.summary, "	\
	"a.supervisor_name, a.supervisor_school, a.contact_name, "	\
	"a.contact_phone, a.requested_space, a.requested_area, "	\
	"a.plan_upload_id, a.round_id, a.status, a.submitted_at, "	\
	"a.created_at, a.updated_at, a.archived_at"

int
inc_app_set_account(struct db *db, int64_t id, int64_t account_id)
{
	return db_change_values(db, "UPDATE inc_application SET account_id = ? "
				"WHERE id = ?", (struct db_value[]){
				DB_INT(account_id), DB_INT(id) }, 2);
}

int
inc_app_touch_draft(struct db *db, int64_t id, const char *now)
{
	return db_change_values(db, "UPDATE inc_application SET updated_at = ? "
				"WHERE id = ? AND status = 'draft'",
				(struct db_value[]){ DB_TEXT(now),
				DB_INT(id) }, 2);
}

int
inc_app_members_clear(struct db *db, int64_t id)
{
	return db_exec_values(db, "DELETE FROM inc_member WHERE "
			      "application_id = ?", (struct db_value[]){
			      DB_INT(id) }, 1);
}

/* Rows of `sql` with one id bound into a new array. */
static int
rows_of(struct db *db, const char *sql, int64_t arg, json_t **items)
{
	return db_rows_array(db, sql, (struct db_value[]){ DB_INT(arg) }, 1,
			     items);
}

int
inc_app_get(struct db *db, int64_t id, bool with_parts, json_t **out)
{
	json_t *members, *decisions;
	int rc;

	rc = db_get_json(db, "SELECT " APP_COLUMNS ", r.name AS round_name, "
			 "r.status AS round_status FROM inc_application a "
			 "LEFT JOIN inc_round r ON r.id = a.round_id "
			 "WHERE a.id = ? AND a.archived_at IS NULL",
			 (struct db_value[]){ DB_INT(id) }, 1, out);
	if (rc || !with_parts)
		return rc;
	rc = rows_of(db, "SELECT id, name, school, major, entry_year, "
		     "is_student, is_leader FROM inc_member WHERE "
		     "application_id = ? ORDER BY id", id, &members);
	json_object_set_new(*out, "members", members);
	if (!rc)
		rc = rows_of(db, "SELECT decision, reason, created_at FROM "
			     "inc_decision WHERE application_id = ? "
			     "ORDER BY id", id, &decisions);
	else
		decisions = json_array();
	json_object_set_new(*out, "decisions", decisions);
	return rc;
}

int
inc_is_reviewer(struct db *db, int64_t round_id, int64_t account_id,
		bool *yes)
{
	struct db_value v[] = { DB_INT(round_id), DB_INT(account_id) };

	*yes = false;
	if (round_id <= 0)
		return 0;
	return db_exists(db, "SELECT 1 FROM inc_reviewer WHERE round_id = ? "
			 "AND account_id = ?", v, 2, yes);
}

int
inc_upload_owner(struct db *db, int64_t upload_id, int64_t *owner)
{
	int rc = db_int_value(db, "SELECT owner_id FROM upload WHERE id = ? "
			      "AND archived_at IS NULL", (struct db_value[]){
			      DB_INT(upload_id) }, 1, owner);

	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
inc_round_list(struct db *db, int64_t reviewer_id, json_t **items)
{
	return rows_of(db, reviewer_id > 0 ?
		"SELECT r.id, r.name, r.opens_on, r.closes_on, r.rubric, "
		"r.status, r.closed_at, r.created_at, r.updated_at, "
		"r.archived_at FROM inc_round r JOIN inc_reviewer v "
		"ON v.round_id = r.id WHERE v.account_id = ? "
		"AND r.archived_at IS NULL ORDER BY r.id DESC" :
		"SELECT r.id, r.name, r.opens_on, r.closes_on, r.rubric, "
		"r.status, r.closed_at, r.created_at, r.updated_at, "
		"r.archived_at FROM inc_round r WHERE r.archived_at IS NULL "
		"AND ? = 0 ORDER BY r.id DESC", reviewer_id > 0 ? reviewer_id :
		0, items);
}

bool
inc_app_is_own(const json_t *app, const struct principal *p)
{
	int64_t org = record_int(app, "org_id");

	return record_int(app, "account_id") ==
	       p->account_id || ((p->roles & ROLE_ENTERPRISE) &&
	       p->org_id > 0 && org == p->org_id);
}

/* What inc_apply_bump() reads back: the window after the attempt. */
struct apply_window {
	int64_t attempts;
	char window_start[TIME_UTC_LEN + 1];
};
_Static_assert(DB_FITS(struct apply_window, window_start, TIME_UTC_LEN),
	       "a UTC time fits");

static const struct db_field apply_window_fields[] = {
	DB_FIELD_INT64(struct apply_window, attempts),
	DB_FIELD_CHARS(struct apply_window, window_start),
	DB_FIELDS_END
};

int
inc_apply_bump(struct db *db, const char *ip, const char *now,
	       const char *since, int64_t *attempts, time_t *window_start)
{
	struct db_value v[] = {
		DB_TEXT(ip), DB_TEXT(now), DB_TEXT(since), DB_TEXT(since),
	};
	struct apply_window w;
	int rc = db_get_one(db,
		"INSERT INTO inc_apply_throttle (ip, window_start, attempts) "
		"VALUES (?, ?, 1) ON CONFLICT (ip) DO UPDATE SET "
		"attempts = CASE WHEN inc_apply_throttle.window_start <= ? "
		"THEN 1 ELSE inc_apply_throttle.attempts + 1 END, "
		"window_start = CASE WHEN inc_apply_throttle.window_start <= ? "
		"THEN excluded.window_start "
		"ELSE inc_apply_throttle.window_start END "
		"RETURNING attempts, window_start", v, 4, apply_window_fields,
		&w, sizeof(w), NULL);

	*attempts = w.attempts;
	*window_start = 0;
	if (rc == ERR_NOTFOUND ||
	    (!rc && time_parse_utc(w.window_start, window_start)))
		rc = ERR_DB;
	return rc;
}

int
inc_app_mark_ip(struct db *db, int64_t id, const char *ip)
{
	return db_change_values(db, "UPDATE inc_application SET created_ip = ? "
				"WHERE id = ?", (struct db_value[]){
				DB_TEXT(ip), DB_INT(id) }, 2);
}
