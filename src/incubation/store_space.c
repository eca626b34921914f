/*
 * store_space.c - the SQL of the park's space (incubation_int.h): the
 * leases as their list shows them, the lease in the way of another,
 * occupancy on a date and a startup's leases. Values are always bound.
 */
#include <string.h>

#include "base/err.h"
#include "db/db.h"
#include "db/row.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

const char INC_LEASE_ROWS[] =
	"(SELECT l.id, l.unit_id, l.org_id, l.starts_on, l.ends_on, "
	"l.rent_per_m2_fen, l.deposit_fen, l.note, l.created_at, "
	"l.updated_at, l.archived_at, u.code AS unit_code, "
	"u.kind AS unit_kind, u.area, b.name AS building_name, "
	"o.name AS org_name FROM lease l JOIN unit u ON u.id = l.unit_id "
	"JOIN floor f ON f.id = u.floor_id JOIN building b ON "
	"b.id = f.building_id JOIN org o ON o.id = l.org_id) AS lease_rows";

int
store_lease_overlap(struct db *db, int64_t unit_id, const char *starts_on,
		    const char *ends_on, int64_t except, json_t **out)
{
	struct db_value v[] = {
		DB_INT(unit_id), DB_INT(except), DB_TEXT(ends_on),
		DB_TEXT(starts_on),
	};
	int rc;

	*out = NULL;
	if (!starts_on || !ends_on)
		return 0;
	rc = db_get_json(db, "SELECT l.id, l.starts_on, l.ends_on, l.org_id, "
			 "o.name AS org_name FROM lease l JOIN org o ON "
			 "o.id = l.org_id WHERE l.unit_id = ? AND "
			 "l.id <> ? AND l.archived_at IS NULL AND "
			 "l.starts_on <= ? AND ? <= l.ends_on "
			 "ORDER BY l.starts_on, l.id LIMIT 1", v, 4, out);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
store_occupancy(struct db *db, const char *on, struct inc_occupancy *out,
		json_t **by_building)
{
	struct db_value v[] = { DB_TEXT(on), DB_TEXT(on), DB_TEXT(on) };
	json_t *items, *b;
	size_t i;
	int rc;

	rc = db_rows_array(db,
		"SELECT b.id AS building_id, b.name, "
		"COUNT(u.id) AS units, COUNT(x.unit_id) AS units_leased, "
		"CAST(coalesce(SUM(u.area), 0) AS BIGINT) AS area, "
		"CAST(coalesce(SUM(CASE WHEN x.unit_id IS NULL THEN 0 "
		"ELSE u.area END), 0) AS BIGINT) AS area_leased "
		"FROM building b JOIN floor f ON f.building_id = b.id AND "
		"f.archived_at IS NULL JOIN unit u ON u.floor_id = f.id AND "
		"u.archived_at IS NULL LEFT JOIN (SELECT DISTINCT unit_id "
		"FROM lease WHERE archived_at IS NULL AND starts_on <= ? "
		"AND ends_on >= ?) x ON x.unit_id = u.id "
		"WHERE b.archived_at IS NULL AND (b.opened_on IS NULL OR "
		"b.opened_on <= ?) GROUP BY b.id, b.name ORDER BY b.name, "
		"b.id", v, 3, &items);
	json_array_foreach(items, i, b) {
		out->units += record_int(b, "units");
		out->units_leased += record_int(b, "units_leased");
		out->area += record_int(b, "area");
		out->area_leased += record_int(b, "area_leased");
	}
	if (by_building && !rc)
		*by_building = json_incref(items);
	json_decref(items);
	return rc;
}

int
store_org_leases(struct db *db, int64_t org_id, json_t **items)
{
	struct db_value v[] = { DB_INT(org_id) };

	return db_rows_array(db,
		"SELECT l.id, l.unit_id, u.code AS unit_code, "
		"u.kind AS unit_kind, b.name AS building_name, u.area, "
		"l.starts_on, l.ends_on, l.rent_per_m2_fen FROM lease l "
		"JOIN unit u ON u.id = l.unit_id JOIN floor f ON "
		"f.id = u.floor_id JOIN building b ON b.id = f.building_id "
		"WHERE l.org_id = ? AND l.archived_at IS NULL "
		"ORDER BY l.starts_on, l.id", v, 1, items);
}

