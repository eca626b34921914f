/*
 * checkin.c - who came (day_int.h): the code shown at a resource, check-in
 * by that code or by staff, with the resource's certificate asked for
 * again on the day, and check-out.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "account/checkin.h"
#include "audit/audit.h"
#include "auth/secret.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/day_int.h"

static _Thread_local char reason[200];

/* ---- the code shown at a resource ---- */

static int
code_of(struct db *db, const struct principal *p, int64_t id, bool renew,
	json_t **out, struct problem *pb)
{
	struct facility_resource_row res;
	char code[FACILITY_CODE_LEN + 1], now[32];
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)))
		return rc;
	rc = facility_store_resource(db, id, &res);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such resource");
	if (rc || (rc = db_begin(db)))
		return rc;
	rc = day_store_code(db, id, code);
	if (rc == ERR_NOTFOUND || (!rc && renew)) {
		snprintf(code, sizeof(code), "%06u",
			 (unsigned)randombytes_uniform(1000000));
		time_now_utc(now);
		rc = day_store_set_code(db, id, code, now);
		if (!rc)
			rc = audit_write(db, &p->actor, renew ? "renew_code" :
					 "make_code", "facility_resource", id,
					 NULL, NULL);
	}
	if ((rc = db_end(db, rc)))
		return rc;
	*out = json_pack("{s:I,s:s}", "resource_id", (json_int_t)id, "code",
			 code);
	return 0;
}

int
facility_code(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return code_of(db, p, id, false, out, pb);
}

int
facility_code_renew(struct db *db, const struct principal *p, int64_t id,
		    json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return code_of(db, p, id, true, out, pb);
}

/* ---- check-in and check-out ---- */

/*
 * Booking `id` into *rec when `p` may check in to it: staff, its person,
 * or an account that books for its organisation. 404 otherwise.
 */
static int
attended(struct db *db, const struct principal *p, int64_t id, json_t **rec,
	 struct problem *pb)
{
	int rc = record_get(db, &facility_booking_table, id, rec);

	if (!rc && (json_is_integer(json_object_get(*rec, "held_by_id")) ||
		    (!auth_is_staff(p) &&
		     !(p->person_id > 0 && p->person_id == record_int(*rec,
							"person_id")) &&
		     auth_require(p, PERM_FACILITY_BOOK, record_int(*rec,
							"org_id")))))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND) {
		json_decref(*rec);
		*rec = NULL;
		return problem(pb, rc, NULL, "no such booking");
	}
	return rc;
}

/* Whether booking `rec` may be checked in now: 0 or 409 saying why. */
static int
check_in_window(const json_t *rec, time_t now, struct problem *pb)
{
	char local[32];
	time_t from, to;

	if (record_text(rec, "checked_in_at"))
		return problem(pb, ERR_CONFLICT, NULL,
			       "the booking is checked in already");
	if (record_text(rec, "no_show_at"))
		return problem(pb, ERR_CONFLICT, NULL, "the booking was "
			       "released: nobody checked in within the "
			       "grace period");
	if (strcmp(record_text(rec, "status"), "confirmed"))
		return problem(pb, ERR_CONFLICT, NULL,
			       "only a confirmed booking is checked in");
	/* Stored by the booking rule: unreadable is a fault. */
	if (time_parse_utc(record_text(rec, "starts_at"), &from) ||
	    time_parse_utc(record_text(rec, "ends_at"), &to))
		return ERR_DB;
	if (now < from - FACILITY_CHECKIN_EARLY_MINUTES * 60) {
		time_format_local(record_text(rec, "starts_at"), local,
				  sizeof(local));
		snprintf(reason, sizeof(reason), "check-in opens %d minutes "
			 "before the booking starts at %s (Beijing time)",
			 FACILITY_CHECKIN_EARLY_MINUTES, local);
		return problem(pb, ERR_CONFLICT, NULL, reason);
	}
	if (now >= to)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the booking has ended: check-in is closed");
	return 0;
}

/*
 * Log attempt `outcome` and commit, then answer `rc` on field "code": a
 * refused guess stays counted though the check-in fails.
 */
static int
refused(struct db *db, const struct principal *p,
	const struct checkin_subject *s, const char *outcome, const char *at,
	int rc, const char *message, struct problem *pb)
{
	int wrc = checkin_attempt(db, s, p->account_id, outcome, p->actor.ip,
				  at);

	wrc = db_end(db, wrc);
	return wrc ? wrc : problem(pb, rc, "code", message);
}

int
facility_checkin(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	struct checkin_subject guard = { "facility_resource", 0,
					 p->account_id };
	struct checkin_subject attempt = { "facility_booking", id,
					   p->account_id };
	struct facility_resource_row res;
	char at[32], forget[32], code[FACILITY_CODE_LEN + 1];
	const char *given = record_text(in, "code");
	bool staff = auth_is_staff(p);
	json_t *before = NULL;
	int64_t failures = 0;
	time_t now = time(NULL);
	int rc;

	*out = NULL;
	if ((rc = attended(db, p, id, &before, pb)) ||
	    (rc = check_in_window(before, now, pb)))
		goto out;
	if (!staff && (!given || !*given)) {
		rc = problem(pb, ERR_INVALID, "code", "code is required: the "
			     "code shown at the resource");
		goto out;
	}
	rc = facility_store_resource(db, record_int(before, "resource_id"),
				     &res);
	if (!rc)
		rc = facility_holds_certificate(db, &res, record_int(before,
						"person_id"), pb);
	if (rc)
		goto out;
	time_format_utc(now, at, sizeof(at));
	time_format_utc(now - FACILITY_CHECKIN_FORGET_HOURS * 3600, forget,
			sizeof(forget));
	guard.subject_id = res.id;
	if ((rc = db_begin(db)))
		goto out;
	if (!staff) {
		/*
		 * Counted per resource, whichever of its bookings a code is
		 * typed for; the row is locked before the code is compared.
		 */
		if ((rc = checkin_forget(db, &guard, forget)) ||
		    (rc = checkin_guard(db, &guard, at, &failures)))
			goto end;
		if (failures >= CHECKIN_MAX_FAILURES) {
			rc = refused(db, p, &attempt, "throttled", at,
				     ERR_THROTTLED, "too many wrong codes at "
				     "this resource: ask park staff to check "
				     "you in", pb);
			goto out;
		}
		rc = day_store_code(db, res.id, code);
		if (rc && rc != ERR_NOTFOUND)
			goto end;
		if (rc || strlen(given) != FACILITY_CODE_LEN ||
		    !secret_equal(given, code)) {
			if ((rc = checkin_failed(db, &guard, at)))
				goto end;
			rc = refused(db, p, &attempt, "wrong", at, ERR_INVALID,
				     "the code is not the one shown at the "
				     "resource", pb);
			goto out;
		}
		rc = checkin_attempt(db, &attempt, p->account_id, "accepted",
				     p->actor.ip, at);
		if (!rc)
			rc = checkin_passed(db, &guard);
	}
	if (!rc) {
		rc = day_store_checkin(db, id, staff ? "staff" : "code", at);
		if (rc == ERR_CONFLICT)
			rc = problem(pb, rc, NULL,
				     "the booking is checked in already");
	}
end:
	rc = record_end_change(db, rc, &facility_booking_table, &p->actor,
			       "checkin", id, before, out);
out:
	json_decref(before);
	return rc;
}

int
facility_checkout(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	char now[32];
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = attended(db, p, id, &before, pb)))
		goto out;
	time_now_utc(now);
	if ((rc = db_begin(db)))
		goto out;
	rc = day_store_checkout(db, id, now);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, NULL,
			     record_text(before, "checked_in_at") ?
			     "the booking is checked out already" :
			     "the booking is not checked in");
	rc = record_end_change(db, rc, &facility_booking_table, &p->actor,
			       "checkout", id, before, out);
out:
	json_decref(before);
	return rc;
}

int
facility_checkin_list(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	struct facility_resource_row res;
	char now[32], soon[32];
	json_t *items;
	int rc;

	(void)in;
	*out = NULL;
	rc = facility_store_resource(db, id, &res);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such resource");
	if (rc)
		return rc;
	time_now_utc(now);
	time_utc_in(soon, FACILITY_CHECKIN_EARLY_MINUTES * 60);
	items = json_array();
	rc = day_store_open_bookings(db, id, auth_is_staff(p) ? -1 :
				     p->org_id, p->person_id, now, soon,
				     items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:{s:I,s:s},s:o}", "resource", "id",
			 (json_int_t)res.id, "name", res.name, "bookings",
			 items);
	return 0;
}

/* ---- history ---- */

/* Step `action` on booking `id` audited by `actor` when it went well (rc). */
static int
audited(struct db *db, const struct audit_actor *actor, int rc,
	const char *action, int64_t id)
{
	return rc ? rc : audit_write(db, actor, action, "facility_booking",
				     id, NULL, NULL);
}

int
facility_attended_in(struct db *db, const struct audit_actor *actor,
		     int64_t id, const char *in_at, const char *out_at)
{
	int rc = day_store_checkin(db, id, "staff", in_at);

	if (!rc && out_at)
		rc = day_store_checkout(db, id, out_at);
	return audited(db, actor, rc, "checkin", id);
}

int
facility_no_show_in(struct db *db, const struct audit_actor *actor,
		    int64_t id, const char *at)
{
	return audited(db, actor, day_store_no_show(db, id, at), "no_show",
		       id);
}

int
facility_cancelled_in(struct db *db, const struct audit_actor *actor,
		      int64_t id, const char *at)
{
	return audited(db, actor, facility_store_cancel(db, id, at), "cancel",
		       id);
}
