/*
 * store_reports.c - the SQL of the startups' reports (incubation_int.h):
 * the reports as they are read and listed, a period with its template,
 * changes of a report's values and state, who reported for a period,
 * the reminders sent, and the figures of accepted reports. Values are
 * always bound; the only text put together is column names from the
 * table description and the incubated-startups fragment of
 * incubation.h.
 */
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"

int
store_period_get(struct db *db, int64_t period_id, json_t **out)
{
	return db_get_json(db, "SELECT p.id, p.template_id, t.name AS "
			   "template_name, t.kind, t.fields, p.starts_on, "
			   "p.ends_on, p.due_on FROM inc_report_period p "
			   "JOIN inc_report_template t ON t.id = p.template_id "
			   "WHERE p.id = ? AND p.archived_at IS NULL",
			   (struct db_value[]){ DB_INT(period_id) }, 1, out);
}

/*
 * Reports with their period, template and startup (the view of their
 * reads and list, inc_report_rows; `late` is set as of today by the
 * rules).
 */
const char INC_REPORT_ROWS[] =
	"(SELECT r.id, r.period_id, r.org_id, r.status, r.employees, "
	"r.student_employees, r.graduate_employees, r.student_founders, "
	"r.revenue_fen, r.output_value_fen, r.rd_spend_fen, r.tax_fen, "
	"r.financing_fen, r.patents, r.other_ip, r.note, r.submitted_at, "
	"r.reviewed_at, r.accepted_on, r.reviewer_id, r.review_comment, "
	"r.created_at, r.updated_at, r.archived_at, o.name AS org_name, "
	"t.id AS template_id, t.name AS template_name, "
	"t.kind AS template_kind, t.fields, p.starts_on, p.ends_on, "
	"p.due_on, NULL AS late FROM inc_report r JOIN inc_report_period p "
	"ON p.id = r.period_id JOIN inc_report_template t ON "
	"t.id = p.template_id JOIN org o ON o.id = r.org_id) AS report_rows";

int
store_report_hold(struct db *db, int64_t id, const char *now)
{
	return db_change_values(db, "UPDATE inc_report SET updated_at = ? "
				"WHERE id = ? AND status IN ('draft', "
				"'returned') AND archived_at IS NULL",
				(struct db_value[]){ DB_TEXT(now), DB_INT(id) },
				2);
}

int
store_report_move(struct db *db, int64_t id, const struct report_move *m,
		  const char *now)
{
	struct db_value v[] = {
		DB_TEXT(m->to), DB_TEXT(m->submitted_at),
		DB_TEXT(m->reviewed_at), DB_TEXT(m->accepted_on),
		m->reviewer_id > 0 ? DB_INT(m->reviewer_id) : DB_TEXT(NULL),
		DB_TEXT(m->comment), DB_TEXT(now), DB_INT(id),
		DB_TEXT(m->from[0]), DB_TEXT(m->from[1] ? m->from[1] :
					     m->from[0]),
	};

	return db_change_values(db, "UPDATE inc_report SET status = ?, "
		"submitted_at = coalesce(?, submitted_at), "
		"reviewed_at = coalesce(?, reviewed_at), accepted_on = ?, "
		"reviewer_id = coalesce(?, reviewer_id), "
		"review_comment = coalesce(?, review_comment), "
		"updated_at = ? WHERE id = ? AND status IN (?, ?)", v, 10);
}

int
store_period_reports(struct db *db, int64_t period_id, json_t **items)
{
	struct db_value v[] = { DB_INT(period_id) };

	return db_rows_array(db,
		"SELECT org_id, id, status, submitted_at FROM "
		"inc_report WHERE period_id = ? AND archived_at IS NULL",
		v, 1, items);
}

int
store_periods_due(struct db *db, const char *from, const char *to,
		  json_t **items)
{
	struct db_value v[] = { DB_TEXT(from), DB_TEXT(to) };

	return db_rows_array(db,
		"SELECT p.id, p.template_id, t.name AS "
		"template_name, t.kind, p.starts_on, p.ends_on, p.due_on "
		"FROM inc_report_period p JOIN inc_report_template t ON "
		"t.id = p.template_id WHERE p.archived_at IS NULL AND "
		"t.archived_at IS NULL AND p.due_on BETWEEN ? AND ? "
		"ORDER BY p.due_on, p.id", v, 2, items);
}

int
store_reminder_add(struct db *db, int64_t period_id, int64_t org_id,
		   const char *kind, const char *now, bool *fresh)
{
	struct db_value v[] = {
		DB_INT(period_id), DB_INT(org_id), DB_TEXT(kind), DB_TEXT(now),
	};
	int64_t changes = 0;
	int rc;

	rc = db_exec_changes(db, "INSERT INTO inc_report_reminder "
			     "(period_id, org_id, kind, created_at) VALUES "
			     "(?, ?, ?, ?) ON CONFLICT DO NOTHING", v, 4,
			     &changes);
	*fresh = !rc && changes > 0;
	return rc;
}

int
store_reminder_forget(struct db *db, int64_t period_id, int64_t org_id,
		      const char *kind)
{
	struct db_value v[] = {
		DB_INT(period_id), DB_INT(org_id), DB_TEXT(kind),
	};

	return db_exec_values(db, "DELETE FROM inc_report_reminder WHERE "
			      "period_id = ? AND org_id = ? AND kind = ?",
			      v, 3);
}

/*
 * One figure over each incubated startup's latest accepted report (of
 * kind `kind`, or any when NULL): the sum of `expr` over those reports.
 */
static int
latest_sum(struct db *db, const char *as_of, const char *expr,
	   const char *kind, int64_t *sum)
{
	struct db_value v[] = {
		DB_TEXT(as_of), DB_TEXT(as_of), DB_TEXT(kind ? kind : ""),
		DB_INT(kind ? 1 : 0), DB_TEXT(as_of),
	};
	struct buf sql;
	int rc;

	*sum = 0;
	buf_init(&sql, NULL, 0);
	buf_addf(&sql, "SELECT CAST(coalesce(SUM(x.v), 0) AS BIGINT) FROM "
		 "(SELECT %s AS v, ROW_NUMBER() OVER (PARTITION BY r.org_id "
		 "ORDER BY p.ends_on DESC, r.id DESC) AS n FROM inc_report r "
		 "JOIN inc_report_period p ON p.id = r.period_id "
		 "JOIN inc_report_template t ON t.id = p.template_id "
		 "WHERE r.status = 'accepted' AND r.archived_at IS NULL AND "
		 "r.accepted_on <= ? AND p.ends_on <= ? AND "
		 "(t.kind = ? OR ? = 0) AND r.org_id IN (%s)) x WHERE x.n = 1",
		 expr, INCUBATION_INCUBATED_SQL);
	rc = buf_error(&sql);
	if (!rc)
		rc = db_int_value(db, sql.ptr, v, 5, sum);
	buf_release(&sql);
	return rc;
}

int
store_report_figures(struct db *db, const char *as_of,
		     int64_t *student_jobs, int64_t *output_value_fen)
{
	int rc = latest_sum(db, as_of, "coalesce(r.student_founders, 0) + "
			    "coalesce(r.student_employees, 0) + "
			    "coalesce(r.graduate_employees, 0)", NULL,
			    student_jobs);

	if (!rc)
		rc = latest_sum(db, as_of, "coalesce(r.output_value_fen, 0)",
				"annual", output_value_fen);
	return rc;
}
