/*
 * store_billing.c - the SQL of billing (day_int.h): rate cards, an
 * organisation's bookings of a month, statements and their lines.
 */
#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "facility/day_int.h"

int
bill_store_bookings(struct db *db, int64_t org, const char *first,
		    const char *last, json_t *items)
{
	return db_rows_values(db,
		"SELECT b.id, b.starts_at, b.ends_at, b.minutes, b.on_date, "
		"b.seats, b.status, b.checked_in_at, b.checked_out_at, "
		"b.no_show_at, b.cancelled_at, r.kind AS resource_kind, "
		"r.name AS resource_name FROM facility_booking b "
		"JOIN facility_resource r ON r.id = b.resource_id "
		"WHERE b.org_id = ? AND b.held_by_id IS NULL "
		"AND b.on_date BETWEEN ? AND ? ORDER BY b.starts_at, b.id",
		(struct db_value[]){ DB_INT(org), DB_TEXT(first),
		DB_TEXT(last) }, 3, items);
}

int
bill_store_card(struct db *db, const char *customer, const char *kind,
		const char *on, json_t **out)
{
	int rc = db_get_json(db,
		"SELECT id, name, peak_fen, offpeak_fen, peak_from_hour, "
		"peak_to_hour, per_seat, rounding, late_cancel_hours, "
		"late_cancel_percent, no_show_percent FROM facility_rate_card "
		"WHERE customer_kind = ? AND resource_kind = ? "
		"AND archived_at IS NULL AND valid_from <= ? "
		"AND (valid_until IS NULL OR valid_until >= ?) "
		"ORDER BY valid_from DESC, id DESC LIMIT 1",
		(struct db_value[]){ DB_TEXT(customer), DB_TEXT(kind),
		DB_TEXT(on), DB_TEXT(on) }, 4, out);

	if (rc == ERR_NOTFOUND) {
		*out = NULL;
		rc = 0;
	}
	return rc;
}

int
bill_store_in_agreement(struct db *db, int64_t org, const char *on,
			bool *yes)
{
	return db_exists(db, "SELECT 1 FROM facility_agreement "
			 "WHERE org_id = ? AND archived_at IS NULL "
			 "AND starts_on <= ? AND ends_on >= ?",
			 (struct db_value[]){ DB_INT(org), DB_TEXT(on),
			 DB_TEXT(on) }, 3, yes);
}

int
bill_store_statement(struct db *db, int64_t org, const char *month,
		     json_t **out)
{
	return db_get_json(db, "SELECT * FROM facility_statement "
			   "WHERE org_id = ? AND month = ?",
			   (struct db_value[]){ DB_INT(org), DB_TEXT(month) },
			   2, out);
}

int
bill_store_statement_by_id(struct db *db, int64_t id, json_t **out)
{
	return db_get_json(db, "SELECT s.*, o.name AS org_name "
			   "FROM facility_statement s "
			   "JOIN org o ON o.id = s.org_id WHERE s.id = ?",
			   (struct db_value[]){ DB_INT(id) }, 1, out);
}

int
bill_store_statement_new(struct db *db, int64_t org, const char *month,
			 const char *now, int64_t *id)
{
	return db_insert_id(db, "INSERT INTO facility_statement (org_id, "
			    "month, created_at, updated_at) "
			    "VALUES (?, ?, ?, ?) RETURNING id",
			    (struct db_value[]){ DB_INT(org), DB_TEXT(month),
			    DB_TEXT(now), DB_TEXT(now) }, 4, id);
}

int
bill_store_clear(struct db *db, int64_t id)
{
	return db_exec_values(db, "DELETE FROM facility_statement_line "
			      "WHERE statement_id = ? AND kind <> 'credit'",
			      (struct db_value[]){ DB_INT(id) }, 1);
}

int
bill_store_line(struct db *db, int64_t statement,
		const struct bill_line *l, const char *now)
{
	struct db_value v[] = {
		DB_INT(statement), DB_TEXT(l->kind),
		l->booking > 0 ? DB_INT(l->booking) : DB_TEXT(NULL),
		l->card > 0 ? DB_INT(l->card) : DB_TEXT(NULL),
		l->corrects > 0 ? DB_INT(l->corrects) : DB_TEXT(NULL),
		DB_TEXT(l->description), DB_INT(l->minutes),
		DB_INT(l->rate_fen), DB_INT(l->amount_fen), DB_TEXT(now),
	};

	return db_exec_values(db,
		"INSERT INTO facility_statement_line (statement_id, kind, "
		"booking_id, rate_card_id, corrects_id, description, minutes, "
		"rate_fen, amount_fen, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", v, 10);
}

int
bill_store_total(struct db *db, int64_t id, const char *now)
{
	return db_exec_values(db,
		"UPDATE facility_statement SET total_fen = (SELECT "
		"coalesce(sum(amount_fen), 0) FROM facility_statement_line "
		"WHERE statement_id = ?), updated_at = ? WHERE id = ?",
		(struct db_value[]){ DB_INT(id), DB_TEXT(now), DB_INT(id) },
		3);
}

int
bill_store_issue(struct db *db, int64_t id, const char *now)
{
	int rc = db_change_values(db,
		"UPDATE facility_statement SET status = 'issued', "
		"issued_at = ?, updated_at = ? WHERE id = ? "
		"AND status = 'draft'",
		(struct db_value[]){ DB_TEXT(now), DB_TEXT(now), DB_INT(id) },
		3);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
bill_store_lines(struct db *db, int64_t id, json_t *items)
{
	return db_rows_values(db,
		"SELECT id, kind, booking_id, rate_card_id, corrects_id, "
		"description, minutes, rate_fen, amount_fen "
		"FROM facility_statement_line WHERE statement_id = ? "
		"ORDER BY kind = 'credit', id",
		(struct db_value[]){ DB_INT(id) }, 1, items);
}

int
bill_store_month_orgs(struct db *db, const char *month, json_t *items)
{
	char first[16], last[16];

	snprintf(first, sizeof(first), "%.7s-01", month);
	snprintf(last, sizeof(last), "%.7s-31", month);
	return db_rows_values(db,
		"SELECT m.org_id FROM (SELECT org_id FROM facility_booking "
		"WHERE held_by_id IS NULL AND on_date BETWEEN ? AND ? "
		"UNION SELECT org_id FROM facility_statement WHERE month = ?) "
		"AS m WHERE m.org_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
		"FROM facility_statement s WHERE s.org_id = m.org_id "
		"AND s.month = ? AND s.status = 'issued') ORDER BY m.org_id",
		(struct db_value[]){ DB_TEXT(first), DB_TEXT(last),
		DB_TEXT(month), DB_TEXT(month) }, 4, items);
}

int
bill_store_card_issued(struct db *db, int64_t id, bool *yes)
{
	return db_exists(db, "SELECT 1 FROM facility_statement_line l "
			 "JOIN facility_statement s ON s.id = l.statement_id "
			 "WHERE l.rate_card_id = ? AND s.status = 'issued'",
			 (struct db_value[]){ DB_INT(id) }, 1, yes);
}

int
use_store_bookings(struct db *db, const char *first, const char *last,
		   json_t *items)
{
	return db_rows_values(db,
		"SELECT b.id, b.org_id, o.name AS org_name, o.kind AS org_kind, "
		"r.kind AS resource_kind, b.on_date, b.minutes, b.seats, "
		"b.status, b.ends_at, b.checked_in_at, b.checked_out_at, "
		"b.no_show_at FROM facility_booking b "
		"JOIN facility_resource r ON r.id = b.resource_id "
		"JOIN org o ON o.id = b.org_id "
		"WHERE b.held_by_id IS NULL AND b.on_date BETWEEN ? AND ? "
		"ORDER BY b.on_date, b.id",
		(struct db_value[]){ DB_TEXT(first), DB_TEXT(last) }, 2, items);
}

int
use_store_resources(struct db *db, const char *first, const char *last,
		    json_t *items)
{
	return db_rows_values(db,
		"SELECT r.id, r.name, r.kind, r.seats, b.seats AS used_seats, "
		"b.ends_at, b.checked_in_at, b.checked_out_at "
		"FROM facility_resource r LEFT JOIN facility_booking b "
		"ON b.resource_id = r.id AND b.held_by_id IS NULL "
		"AND b.checked_in_at IS NOT NULL "
		"AND b.on_date BETWEEN ? AND ? "
		"WHERE r.archived_at IS NULL ORDER BY r.kind, r.name, r.id",
		(struct db_value[]){ DB_TEXT(first), DB_TEXT(last) }, 2, items);
}

int
use_store_maintenance(struct db *db, const char *from, const char *to,
		      json_t *items)
{
	return db_rows_values(db,
		"SELECT resource_id, starts_at, ends_at "
		"FROM facility_maintenance WHERE archived_at IS NULL "
		"AND starts_at < ? AND ends_at > ? "
		"ORDER BY resource_id, starts_at, id",
		(struct db_value[]){ DB_TEXT(to), DB_TEXT(from) }, 2, items);
}
