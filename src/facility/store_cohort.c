/*
 * store_cohort.c - the SQL of cohort bookings (facility_int.h): moving a
 * booking, with what it holds of an outer resource, to new times. The
 * database refuses a move that clashes, as it refuses any clash.
 */
#include "db/db.h"
#include "facility/facility_int.h"

int
facility_store_move(struct db *db, int64_t id, const char *starts_at,
		    const char *ends_at, int64_t minutes, const char *on_date,
		    const char *at)
{
	struct db_value v[] = {
		DB_TEXT(starts_at), DB_TEXT(ends_at), DB_INT(minutes),
		DB_TEXT(on_date), DB_TEXT(at), DB_INT(id), DB_INT(id)
	};

	return facility_store_clash_change(db,
		"UPDATE facility_booking SET starts_at = ?, ends_at = ?, "
		"minutes = ?, on_date = ?, updated_at = ? "
		"WHERE (id = ? OR held_by_id = ?) "
		"AND status IN ('pending', 'confirmed')", v, 7);
}
