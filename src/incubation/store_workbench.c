/*
 * store_workbench.c - the queries of the incubator's part of the
 * workbench (incubation_int.h; pages_workbench.c): what waits for staff
 * and a startup's leases on a day.
 */
#include "db/db.h"
#include "incubation/incubation_int.h"

int
store_pending(struct db *db, const char *from, const char *until,
	      struct inc_pending *out)
{
	struct db_value v[] = { DB_TEXT(from), DB_TEXT(until) };
	int rc;

	rc = db_int_value(db, "SELECT count(*) FROM inc_application "
			  "WHERE status = 'submitted' AND archived_at IS NULL",
			  NULL, 0, &out->applications);
	if (!rc)
		rc = db_int_value(db, "SELECT count(*) FROM inc_report "
				  "WHERE status = 'submitted' AND "
				  "archived_at IS NULL", NULL, 0,
				  &out->reports);
	if (!rc)
		rc = db_int_value(db, "SELECT count(*) FROM lease WHERE "
				  "archived_at IS NULL AND ends_on >= ? AND "
				  "ends_on <= ?", v, 2, &out->leases_ending);
	return rc;
}

int
store_leases_on(struct db *db, int64_t org_id, const char *on, json_t *items)
{
	struct db_value v[] = { DB_INT(org_id), DB_TEXT(on), DB_TEXT(on) };

	return db_rows_values(db, "SELECT l.id, l.starts_on, l.ends_on, "
		"u.code AS unit_code, b.name AS building_name FROM lease l "
		"JOIN unit u ON u.id = l.unit_id "
		"JOIN floor f ON f.id = u.floor_id "
		"JOIN building b ON b.id = f.building_id "
		"WHERE l.org_id = ? AND l.archived_at IS NULL AND "
		"l.starts_on <= ? AND l.ends_on >= ? "
		"ORDER BY l.ends_on, l.id", v, 3, items);
}
