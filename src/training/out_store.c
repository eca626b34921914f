/*
 * out_store.c - the SQL of placements and the training figures (see
 * out_store.h). Values are always bound.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "db/db.h"
#include "training/out_store.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static void
copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int
out_store_slot(struct db *db, int64_t id, struct out_slot *s)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT id, firm_id, master_id, places, taken, starts_on, "
		"ends_on FROM placement_slot WHERE id = ? AND "
		"archived_at IS NULL");

	if (rc)
		return rc;
	memset(s, 0, sizeof(*s));
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_column_int(st, 0);
		s->firm_id = db_column_int(st, 1);
		s->master_id = db_column_int(st, 2);
		s->places = db_column_int(st, 3);
		s->taken = db_column_int(st, 4);
		copy(s->starts_on, sizeof(s->starts_on),
		     db_column_text(st, 5));
		copy(s->ends_on, sizeof(s->ends_on), db_column_text(st, 6));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_placement(struct db *db, int64_t id, struct out_placement *pl)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT p.id, p.slot_id, p.firm_id, p.person_id, s.master_id, "
		"p.status, p.assigned_on, s.starts_on, s.ends_on "
		"FROM placement p JOIN placement_slot s ON s.id = p.slot_id "
		"WHERE p.id = ? AND p.archived_at IS NULL");

	if (rc)
		return rc;
	memset(pl, 0, sizeof(*pl));
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		pl->id = db_column_int(st, 0);
		pl->slot_id = db_column_int(st, 1);
		pl->firm_id = db_column_int(st, 2);
		pl->person_id = db_column_int(st, 3);
		pl->master_id = db_column_int(st, 4);
		copy(pl->status, sizeof(pl->status), db_column_text(st, 5));
		copy(pl->assigned_on, sizeof(pl->assigned_on),
		     db_column_text(st, 6));
		copy(pl->starts_on, sizeof(pl->starts_on),
		     db_column_text(st, 7));
		copy(pl->ends_on, sizeof(pl->ends_on), db_column_text(st, 8));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_on_slot(struct db *db, int64_t slot_id, int64_t person_id,
		  bool *on)
{
	struct db_value v[] = { DB_INT(slot_id), DB_INT(person_id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT 1 FROM placement WHERE "
			    "slot_id = ? AND person_id = ?");

	*on = false;
	if (rc)
		return rc;
	rc = db_bind_values(st, v, 2);
	if (!rc)
		rc = db_step(st);
	*on = rc == DB_ROW;
	db_finalize(st);
	return rc < 0 ? rc : 0;
}

int
out_store_event(struct db *db, int64_t placement_id, const char *kind,
		const char *on, const char *note, int64_t account_id,
		const char *now)
{
	struct db_value v[] = {
		DB_INT(placement_id), DB_TEXT(kind), DB_TEXT(on),
		DB_TEXT(note), account_id > 0 ? DB_INT(account_id) :
		DB_TEXT(NULL), DB_TEXT(now),
	};

	return db_exec_values(db, "INSERT INTO placement_event (placement_id, "
			      "kind, on_date, note, account_id, created_at) "
			      "VALUES (?, ?, ?, ?, ?, ?)", v, (int)LEN(v));
}

int
out_store_set_status(struct db *db, int64_t placement_id,
		     const char *status, const char *ended_on,
		     const char *now)
{
	struct db_value v[] = {
		DB_TEXT(status), DB_TEXT(ended_on), DB_TEXT(now),
		DB_INT(placement_id),
	};

	return db_change_values(db, "UPDATE placement SET status = ?, "
				"ended_on = ?, updated_at = ? WHERE id = ?",
				v, (int)LEN(v));
}

int
out_store_events(struct db *db, int64_t placement_id, json_t *items)
{
	struct db_value v[] = { DB_INT(placement_id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st,
		"SELECT id, kind, on_date AS \"on\", note, account_id, created_at "
		"FROM placement_event WHERE placement_id = ? ORDER BY id");

	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_rows_to_json(st, items);
	db_finalize(st);
	return rc;
}

int
out_store_log(struct db *db, int64_t id, int64_t *placement_id,
	      bool *confirmed)
{
	struct db_value v[] = { DB_INT(id) };
	struct db_stmt *st;
	int rc = db_prepare(db, &st, "SELECT placement_id, confirmed_at FROM "
			    "placement_log WHERE id = ? AND archived_at IS NULL");

	if (rc)
		return rc;
	rc = db_bind_values(st, v, 1);
	if (!rc)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*placement_id = db_column_int(st, 0);
		*confirmed = !db_column_null(st, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ERR_NOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int
out_store_log_confirm(struct db *db, int64_t id, int64_t person_id,
		      const char *now)
{
	struct db_value v[] = {
		person_id > 0 ? DB_INT(person_id) : DB_TEXT(NULL),
		DB_TEXT(now), DB_TEXT(now), DB_INT(id),
	};

	return db_change_values(db, "UPDATE placement_log SET confirmed_by = ?, "
				"confirmed_at = ?, updated_at = ? WHERE id = ? "
				"AND confirmed_at IS NULL", v, (int)LEN(v));
}
