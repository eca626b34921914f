/*
 * store.c - every SQL statement of the shared facilities, with bound
 * values (facility_int.h). Times are stored UTC text, which sorts as the
 * instants do; a booking's interval is half-open, [starts_at, ends_at).
 */
#include <string.h>

#include "db/db.h"
#include "db/row.h"
#include "facility/facility_int.h"

static const struct db_field resource_fields[] = {
	DB_FIELD_INT64(struct facility_resource_row, id),
	DB_FIELD_CHARS(struct facility_resource_row, name),
	DB_FIELD_CHARS(struct facility_resource_row, kind),
	DB_FIELD_CHARS(struct facility_resource_row, status),
	DB_FIELD_INT64(struct facility_resource_row, seats),
	DB_FIELD_INT64(struct facility_resource_row, parent_id),
	DB_FIELD_INT64(struct facility_resource_row, parent_seats),
	DB_FIELD_CHARS(struct facility_resource_row, approval),
	DB_FIELD_INT64(struct facility_resource_row, owner_org_id),
	DB_FIELD_INT64(struct facility_resource_row, required_programme_id),
	DB_FIELD_CHARS(struct facility_resource_row, required_occupation),
	DB_FIELD_INT64(struct facility_resource_row, required_level),
	DB_FIELD_INT64(struct facility_resource_row, cert_months),
	DB_FIELD_INT64(struct facility_resource_row, change_hours),
	DB_FIELDS_END
};

int
facility_store_resource(struct db *db, int64_t id,
			struct facility_resource_row *out)
{
	return db_get_one(db, "SELECT id, name, kind, status, seats, "
			  "parent_id, parent_seats, approval, owner_org_id, "
			  "required_programme_id, required_occupation, "
			  "required_level, cert_months, change_hours "
			  "FROM facility_resource "
			  "WHERE id = ? AND archived_at IS NULL",
			  (struct db_value[]){ DB_INT(id) }, 1,
			  resource_fields, out, sizeof(*out), NULL);
}

struct org_kind {
	char kind[32];
};

static const struct db_field org_kind_fields[] = {
	DB_FIELD_CHARS(struct org_kind, kind),
	DB_FIELDS_END
};

int
facility_store_org_kind(struct db *db, int64_t id, char out[32])
{
	struct org_kind k;
	int rc = db_get_one(db, "SELECT kind FROM org WHERE id = ?",
			    (struct db_value[]){ DB_INT(id) }, 1,
			    org_kind_fields, &k, sizeof(k), NULL);

	memcpy(out, rc ? "" : k.kind, rc ? 1 : sizeof(k.kind));
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* A resource kind's place in an agreement's comma-separated list. */
#define COVERS(kinds, kind) \
	"(',' || " kinds " || ',') LIKE ('%,' || " kind " || ',%')"

static const struct db_field term_fields[] = {
	DB_FIELD_INT64(struct facility_allowance, term_id),
	DB_FIELD_CHARS(struct facility_allowance, term_name),
	DB_FIELDS_END
};

int
facility_store_allowance(struct db *db, int64_t org, const char *kind,
			 const char *on, int64_t except,
			 struct facility_allowance *a)
{
	struct facility_allowance term;
	int rc;

	memset(a, 0, sizeof(*a));
	rc = db_int_value(db, "SELECT id FROM facility_agreement "
			  "WHERE org_id = ? AND archived_at IS NULL "
			  "AND starts_on <= ? AND ends_on >= ? AND "
			  COVERS("kinds", "?") " ORDER BY starts_on DESC, id "
			  "LIMIT 1", (struct db_value[]){ DB_INT(org),
			  DB_TEXT(on), DB_TEXT(on), DB_TEXT(kind) }, 4,
			  &a->agreement_id);
	if (rc)
		return rc == ERR_NOTFOUND ? 0 : rc;
	rc = db_get_one(db, "SELECT id AS term_id, name AS term_name "
			"FROM facility_term WHERE archived_at IS NULL "
			"AND starts_on <= ? AND ends_on >= ?",
			(struct db_value[]){ DB_TEXT(on), DB_TEXT(on) }, 2,
			term_fields, &term, sizeof(term), NULL);
	if (rc)
		return rc == ERR_NOTFOUND ? 0 : rc;
	a->term_id = term.term_id;
	memcpy(a->term_name, term.term_name, sizeof(a->term_name));
	/* The allocation's row lock orders the bookings counted against it. */
	rc = db_change_values(db, "UPDATE facility_allocation SET "
			      "minutes = minutes WHERE agreement_id = ? "
			      "AND term_id = ? AND archived_at IS NULL",
			      (struct db_value[]){ DB_INT(a->agreement_id),
			      DB_INT(a->term_id) }, 2);
	if (rc)
		return rc == ERR_NOTFOUND ? 0 : rc;
	rc = db_int_value(db, "SELECT id FROM facility_allocation "
			  "WHERE agreement_id = ? AND term_id = ?",
			  (struct db_value[]){ DB_INT(a->agreement_id),
			  DB_INT(a->term_id) }, 2, &a->allocation_id);
	if (!rc)
		rc = db_int_value(db, "SELECT minutes FROM facility_allocation "
				  "WHERE id = ?", (struct db_value[]){
				  DB_INT(a->allocation_id) }, 1, &a->minutes);
	if (!rc)
		rc = db_int_value(db, "SELECT coalesce(sum(b.minutes), 0) "
				  "FROM facility_booking b "
				  "JOIN facility_resource r "
				  "ON r.id = b.resource_id "
				  "JOIN facility_agreement a ON a.id = ? "
				  "JOIN facility_term t ON t.id = ? "
				  "WHERE b.org_id = ? AND b.status IN "
				  "('pending', 'confirmed') "
				  "AND b.held_by_id IS NULL AND b.id <> ? "
				  "AND b.on_date >= t.starts_on "
				  "AND b.on_date <= t.ends_on AND "
				  COVERS("a.kinds", "r.kind"),
				  (struct db_value[]){
				  DB_INT(a->agreement_id), DB_INT(a->term_id),
				  DB_INT(org), DB_INT(except) }, 4, &a->used);
	return rc;
}

int
facility_store_overlap(struct db *db, int64_t resource,
		       const char *starts_at, const char *ends_at,
		       int64_t except, json_t **out)
{
	int rc = db_get_json(db, "SELECT id, starts_at, ends_at, seats "
			     "FROM facility_booking WHERE resource_id = ? "
			     "AND status IN ('pending', 'confirmed') "
			     "AND id <> ? "
			     "AND starts_at < ? AND ends_at > ? "
			     "ORDER BY starts_at, id LIMIT 1",
			     (struct db_value[]){ DB_INT(resource),
			     DB_INT(except), DB_TEXT(ends_at),
			     DB_TEXT(starts_at) }, 4, out);

	return rc == ERR_NOTFOUND ? 0 : rc;
}

int
facility_store_cancel_held(struct db *db, int64_t id, const char *at)
{
	return db_exec_values(db, "UPDATE facility_booking SET status = "
			      "'cancelled', cancelled_at = ?, updated_at = ? "
			      "WHERE held_by_id = ? "
			      "AND status IN ('pending', 'confirmed')",
			      (struct db_value[]){ DB_TEXT(at), DB_TEXT(at),
			      DB_INT(id) }, 3);
}

int
facility_store_cancelled(struct db *db, int rc, int64_t id, const char *at)
{
	if (rc == ERR_NOTFOUND)
		return ERR_CONFLICT;
	return rc ? rc : facility_store_cancel_held(db, id, at);
}

int
facility_store_cancel(struct db *db, int64_t id, const char *at)
{
	int rc = db_change_values(db, "UPDATE facility_booking SET status = "
				  "'cancelled', cancelled_at = ?, "
				  "updated_at = ? WHERE id = ? AND status IN "
				  "('pending', 'confirmed')",
				  (struct db_value[]){ DB_TEXT(at), DB_TEXT(at),
				  DB_INT(id) }, 3);

	return facility_store_cancelled(db, rc, id, at);
}

int
facility_store_clash_change(struct db *db, const char *sql,
			    const struct db_value *v, int n)
{
	bool pg = db_dialect(db) == DB_POSTGRES;
	int rc;

	if (pg && (rc = db_exec(db, "SAVEPOINT facility_clash")))
		return rc;
	rc = db_change_values(db, sql, v, n);
	if (pg && rc == ERR_CONFLICT)
		db_exec(db, "ROLLBACK TO SAVEPOINT facility_clash");
	if (pg && (rc >= 0 || rc == ERR_CONFLICT))
		db_exec(db, "RELEASE SAVEPOINT facility_clash");
	return rc;
}

int
facility_store_change(struct db *db, int64_t id, json_t *rec, const char *at)
{
	const char *expires = record_text(rec, "expires_at");
	struct db_value v[] = {
		DB_INT(record_int(rec, "resource_id")),
		DB_TEXT(record_text(rec, "starts_at")),
		DB_TEXT(record_text(rec, "ends_at")),
		DB_INT(record_int(rec, "minutes")),
		DB_TEXT(record_text(rec, "on_date")),
		DB_INT(record_int(rec, "seats")),
		DB_INT(record_int(rec, "whole")),
		DB_TEXT(record_text(rec, "status")),
		DB_TEXT(record_text(rec, "purpose")),
		DB_TEXT(expires), DB_TEXT(at), DB_INT(id)
	};
	int rc = facility_store_clash_change(db,
		"UPDATE facility_booking SET resource_id = ?, starts_at = ?, "
		"ends_at = ?, minutes = ?, on_date = ?, seats = ?, whole = ?, "
		"status = ?, purpose = ?, "
		"expires_at = coalesce(?, expires_at), updated_at = ? "
		"WHERE id = ? AND held_by_id IS NULL "
		"AND status IN ('pending', 'confirmed')", v, 12);

	if (!rc)
		rc = facility_store_cancel_held(db, id, at);
	return rc;
}

int
facility_store_decide(struct db *db, int64_t id, const char *status,
		      const char *at)
{
	int rc = db_change_values(db, "UPDATE facility_booking SET status = ?, "
				  "decided_at = ?, updated_at = ? WHERE id = ? "
				  "AND status = 'pending'", (struct db_value[]){
				  DB_TEXT(status), DB_TEXT(at), DB_TEXT(at),
				  DB_INT(id) }, 4);

	if (rc == ERR_NOTFOUND)
		return ERR_CONFLICT;
	if (!rc)
		rc = db_exec_values(db, "UPDATE facility_booking SET status = ?, "
				    "decided_at = ?, updated_at = ? "
				    "WHERE held_by_id = ? AND status = "
				    "'pending'", (struct db_value[]){
				    DB_TEXT(status), DB_TEXT(at), DB_TEXT(at),
				    DB_INT(id) }, 4);
	return rc;
}

int
facility_store_expired(struct db *db, const char *now, json_t *items)
{
	return db_rows_values(db, "SELECT b.id, b.account_id, r.name AS "
			      "resource_name FROM facility_booking b "
			      "JOIN facility_resource r ON r.id = "
			      "b.resource_id WHERE b.status = 'pending' "
			      "AND b.held_by_id IS NULL AND b.expires_at <= ? "
			      "ORDER BY b.id", (struct db_value[]){
			      DB_TEXT(now) }, 1, items);
}

int
facility_store_week(struct db *db, int64_t id, const char *from,
		    const char *to, json_t *items)
{
	return db_rows_values(db, "SELECT b.id, b.starts_at, b.ends_at, "
			      "b.seats, b.whole, b.status, b.org_id, "
			      "coalesce(o.name, c.name) AS org_name, "
			      "b.held_by_id, b.cohort_id "
			      "FROM facility_booking b "
			      "LEFT JOIN org o ON o.id = b.org_id "
			      "LEFT JOIN training_cohort c "
			      "ON c.id = b.cohort_id "
			      "WHERE b.resource_id = ? AND b.status IN "
			      "('pending', 'confirmed') AND b.starts_at < ? "
			      "AND b.ends_at > ? ORDER BY b.starts_at, b.id",
			      (struct db_value[]){ DB_INT(id), DB_TEXT(to),
			      DB_TEXT(from) }, 3, items);
}

int
facility_store_figures(struct db *db, const char *as_of, const char *since,
		       const char *until, json_t *partners, json_t *resources)
{
	int rc = db_rows_values(db, "SELECT o.id, o.name, o.kind, "
				"CAST(sum(b.minutes) AS BIGINT) AS minutes, "
				"count(*) AS bookings "
				"FROM org o JOIN facility_booking b "
				"ON b.org_id = o.id WHERE o.kind IN "
				"('university', 'vocational_college') "
				"AND b.status = 'confirmed' "
				"AND b.held_by_id IS NULL AND b.on_date > ? "
				"AND b.ends_at <= ? AND EXISTS (SELECT 1 "
				"FROM facility_agreement a WHERE a.org_id = "
				"o.id AND a.archived_at IS NULL "
				"AND a.starts_on <= ? AND a.ends_on >= ?) "
				"GROUP BY o.id, o.name, o.kind "
				"ORDER BY minutes DESC, o.id",
				(struct db_value[]){ DB_TEXT(since),
				DB_TEXT(until), DB_TEXT(as_of),
				DB_TEXT(as_of) }, 4, partners);

	if (!rc)
		rc = db_rows_values(db, "SELECT r.id, r.name, r.kind, r.seats, "
				    "CAST(coalesce(sum(b.seats * b.minutes), 0) "
				    "AS BIGINT) AS seat_minutes, "
				    "count(b.id) AS bookings "
				    "FROM facility_resource r "
				    "LEFT JOIN facility_booking b "
				    "ON b.resource_id = r.id "
				    "AND b.status = 'confirmed' "
				    "AND b.on_date > ? AND b.ends_at <= ? "
				    "WHERE r.archived_at IS NULL "
				    "GROUP BY r.id, r.name, r.kind, r.seats "
				    "ORDER BY r.id", (struct db_value[]){
				    DB_TEXT(since), DB_TEXT(until) }, 2,
				    resources);
	return rc;
}

int
facility_store_idem_claim(struct db *db, int64_t account, const char *key,
			  const char *hash, const char *now)
{
	return db_exec_values(db, "INSERT INTO facility_idempotency "
			      "(account_id, idem_key, request_hash, response, "
			      "created_at) VALUES (?, ?, ?, '', ?)",
			      (struct db_value[]){ DB_INT(account),
			      DB_TEXT(key), DB_TEXT(hash), DB_TEXT(now) }, 4);
}

int
facility_store_idem_answer(struct db *db, int64_t account, const char *key,
			   const char *response)
{
	return db_change_values(db, "UPDATE facility_idempotency SET "
				"response = ? WHERE account_id = ? "
				"AND idem_key = ?", (struct db_value[]){
				DB_TEXT(response), DB_INT(account),
				DB_TEXT(key) }, 3);
}

int
facility_store_idem_get(struct db *db, int64_t account, const char *key,
			json_t **out)
{
	return db_get_json(db, "SELECT request_hash, response "
			   "FROM facility_idempotency WHERE account_id = ? "
			   "AND idem_key = ?", (struct db_value[]){
			   DB_INT(account), DB_TEXT(key) }, 2, out);
}
