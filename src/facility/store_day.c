/*
 * store_day.c - the SQL of the shared facilities' day (day_int.h): the
 * codes shown at resources, check-in and check-out, no-shows, and the
 * waiting lists.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "facility/day_int.h"

/* The code shown at a resource, as the schema holds it: six digits. */
struct code_row {
	char code[FACILITY_CODE_LEN + 1];
};

static const struct db_field code_fields[] = {
	DB_FIELD_CHARS(struct code_row, code),
	DB_FIELDS_END
};

int
day_store_code(struct db *db, int64_t id, char code[FACILITY_CODE_LEN + 1])
{
	struct code_row row;
	int rc = db_get_one(db, "SELECT code FROM facility_resource_code "
			    "WHERE resource_id = ?", (struct db_value[]){
			    DB_INT(id) }, 1, code_fields, &row, sizeof(row),
			    NULL);

	if (!rc)
		memcpy(code, row.code, sizeof(row.code));
	return rc;
}

int
day_store_set_code(struct db *db, int64_t id, const char *code,
		   const char *now)
{
	return db_exec_values(db,
		"INSERT INTO facility_resource_code (resource_id, code, "
		"updated_at) VALUES (?, ?, ?) ON CONFLICT (resource_id) "
		"DO UPDATE SET code = excluded.code, "
		"updated_at = excluded.updated_at",
		(struct db_value[]){ DB_INT(id), DB_TEXT(code), DB_TEXT(now) },
		3);
}

int
day_store_checkin(struct db *db, int64_t id, const char *by, const char *at)
{
	int rc = db_change_values(db,
		"UPDATE facility_booking SET checked_in_at = ?, "
		"checkin_by = ?, updated_at = ? WHERE id = ? "
		"AND status = 'confirmed' AND checked_in_at IS NULL",
		(struct db_value[]){ DB_TEXT(at), DB_TEXT(by), DB_TEXT(at),
		DB_INT(id) }, 4);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
day_store_checkout(struct db *db, int64_t id, const char *at)
{
	int rc = db_change_values(db,
		"UPDATE facility_booking SET checked_out_at = ?, "
		"updated_at = ? WHERE id = ? AND checked_in_at IS NOT NULL "
		"AND checked_out_at IS NULL",
		(struct db_value[]){ DB_TEXT(at), DB_TEXT(at), DB_INT(id) }, 3);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
day_store_unattended(struct db *db, const char *since, const char *now,
		     json_t *items)
{
	return db_rows_values(db,
		"SELECT b.id, b.starts_at, r.grace_minutes, b.account_id, "
		"r.name AS resource_name, w.status AS waitlist_status, "
		"w.updated_at AS waitlist_at FROM facility_booking b "
		"JOIN facility_resource r ON r.id = b.resource_id "
		"LEFT JOIN facility_waitlist w ON w.booking_id = b.id "
		"AND w.status IN ('holding', 'booked') "
		"WHERE b.status = 'confirmed' AND b.held_by_id IS NULL "
		"AND b.cohort_id IS NULL "
		"AND b.checked_in_at IS NULL AND b.starts_at > ? "
		"AND b.starts_at <= ? ORDER BY b.starts_at, b.id",
		(struct db_value[]){ DB_TEXT(since), DB_TEXT(now) }, 2, items);
}

int
day_store_no_show(struct db *db, int64_t id, const char *at)
{
	int rc = db_change_values(db,
		"UPDATE facility_booking SET status = 'cancelled', "
		"cancelled_at = ?, no_show_at = ?, updated_at = ? "
		"WHERE id = ? AND status = 'confirmed' "
		"AND checked_in_at IS NULL",
		(struct db_value[]){ DB_TEXT(at), DB_TEXT(at), DB_TEXT(at),
		DB_INT(id) }, 4);

	return facility_store_cancelled(db, rc, id, at);
}

int
day_store_lapsed(struct db *db, const char *now, json_t *items)
{
	return db_rows_values(db,
		"SELECT id, booking_id, account_id FROM facility_waitlist "
		"WHERE status = 'holding' AND hold_until <= ? ORDER BY id",
		(struct db_value[]){ DB_TEXT(now) }, 1, items);
}

int
day_store_waiting(struct db *db, const char *now, json_t *items)
{
	return db_rows_values(db,
		"SELECT w.id, w.resource_id, w.org_id, w.person_id, "
		"w.account_id, w.starts_at, w.ends_at, w.seats, w.purpose, "
		"r.hold_minutes, r.name AS resource_name "
		"FROM facility_waitlist w "
		"JOIN facility_resource r ON r.id = w.resource_id "
		"WHERE w.status = 'waiting' AND w.archived_at IS NULL "
		"AND w.ends_at > ? ORDER BY w.created_at, w.id",
		(struct db_value[]){ DB_TEXT(now) }, 1, items);
}

int
day_store_free_seats(struct db *db, int64_t id, const char *from,
		     const char *to, int64_t *free_seats)
{
	/*
	 * As the clash triggers count (migration 0013): the busiest
	 * instant is the start of the time or a booking's start within it.
	 */
	return db_int_value(db,
		"SELECT r.seats - coalesce((SELECT max((SELECT "
		"coalesce(sum(b.seats), 0) FROM facility_booking b "
		"WHERE b.resource_id = r.id "
		"AND b.status IN ('pending', 'confirmed') "
		"AND b.starts_at <= p.at AND b.ends_at > p.at)) "
		"FROM (SELECT CAST(? AS TEXT) AS at UNION SELECT starts_at "
		"FROM facility_booking WHERE resource_id = ? "
		"AND status IN ('pending', 'confirmed') AND starts_at > ? "
		"AND starts_at < ?) p), 0) FROM facility_resource r "
		"WHERE r.id = ?",
		(struct db_value[]){ DB_TEXT(from), DB_INT(id), DB_TEXT(from),
		DB_TEXT(to), DB_INT(id) }, 5, free_seats);
}

int
day_store_wait_move(struct db *db, int64_t id, const char *from,
		    const char *to, int64_t booking, const char *hold_until,
		    const char *now)
{
	int rc = db_change_values(db,
		"UPDATE facility_waitlist SET status = ?, "
		"booking_id = ?, hold_until = ?, "
		"updated_at = ? WHERE id = ? AND status = ?",
		(struct db_value[]){ DB_TEXT(to), booking > 0 ?
		DB_INT(booking) : DB_TEXT(NULL), DB_TEXT(hold_until),
		DB_TEXT(now), DB_INT(id), DB_TEXT(from) }, 6);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
day_store_wait_take(struct db *db, int64_t id, const char *now)
{
	int rc = db_change_values(db,
		"UPDATE facility_waitlist SET status = 'booked', "
		"updated_at = ? WHERE id = ? AND status = 'holding' "
		"AND hold_until > ?",
		(struct db_value[]){ DB_TEXT(now), DB_INT(id), DB_TEXT(now) },
		3);

	return rc == ERR_NOTFOUND ? ERR_CONFLICT : rc;
}

int
day_store_feed(struct db *db, enum facility_feed scope, int64_t subject,
	       const char *since, json_t *items)
{
	static const char *const where[] = {
		[FACILITY_FEED_RESOURCE] = "b.resource_id = ?",
		[FACILITY_FEED_ORG] = "b.org_id = ?",
		[FACILITY_FEED_PERSON] = "b.person_id = ?",
	};
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "SELECT b.id, b.org_id, b.starts_at, b.ends_at, b.seats, "
		 "b.status, b.sequence, b.purpose, b.no_show_at, "
		 "b.created_at, b.updated_at, r.name AS resource_name, "
		 "r.place, o.name AS org_name, p.name AS person_name "
		 "FROM facility_booking b "
		 "JOIN facility_resource r ON r.id = b.resource_id "
		 "JOIN org o ON o.id = b.org_id "
		 "LEFT JOIN person p ON p.id = b.person_id "
		 "WHERE %s AND b.held_by_id IS NULL AND b.ends_at > ? "
		 "ORDER BY b.starts_at, b.id LIMIT %d", where[scope],
		 FACILITY_FEED_MAX);
	return db_rows_values(db, sql, (struct db_value[]){ DB_INT(subject),
			      DB_TEXT(since) }, 2, items);
}

int
day_store_open_bookings(struct db *db, int64_t resource, int64_t org,
			int64_t person, const char *now, const char *soon,
			json_t *items)
{
	return db_rows_values(db,
		"SELECT b.id, b.starts_at, b.ends_at, b.seats, b.checked_in_at, "
		"o.name AS org_name, p.name AS person_name "
		"FROM facility_booking b JOIN org o ON o.id = b.org_id "
		"LEFT JOIN person p ON p.id = b.person_id "
		"WHERE b.resource_id = ? AND b.held_by_id IS NULL "
		"AND b.status = 'confirmed' AND b.checked_out_at IS NULL "
		"AND b.starts_at <= ? AND b.ends_at > ? "
		"AND (? = 0 OR b.org_id = ? OR b.person_id = ?) "
		"ORDER BY b.starts_at, b.id LIMIT 50",
		(struct db_value[]){ DB_INT(resource), DB_TEXT(soon),
		DB_TEXT(now), DB_INT(org < 0 ? 0 : 1), DB_INT(org),
		DB_INT(person) }, 6, items);
}

int
day_store_wait_place(struct db *db, int64_t id, int64_t *place)
{
	int rc = db_int_value(db,
		"SELECT COUNT(*) FROM facility_waitlist w "
		"JOIN facility_waitlist me ON me.id = ? "
		"WHERE w.resource_id = me.resource_id "
		"AND w.status = 'waiting' AND w.archived_at IS NULL "
		"AND w.starts_at < me.ends_at AND w.ends_at > me.starts_at "
		"AND (w.created_at < me.created_at OR "
		"(w.created_at = me.created_at AND w.id <= me.id))",
		(struct db_value[]){ DB_INT(id) }, 1, place);

	return rc == ERR_NOTFOUND ? 0 : rc;
}
