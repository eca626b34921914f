/*
 * waitlist.c - the waiting lists and the job of the day (day_int.h):
 * joining a list when a resource is full, taking or letting go of a
 * booking held for one, and facility.day, which releases the bookings
 * nobody checked in to, lets lapsed holds go and offers freed seats to
 * the first waiting.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/day_int.h"
#include "notify/notify.h"

static const char *const waitlist_statuses[] = {
	"waiting", "holding", "booked", "lapsed", "withdrawn", NULL
};

#define ALL (REC_LIST | REC_EXPORT)

static const struct record_column waitlist_columns[] = {
	{ "resource_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL, "facility_resource" },
	{ "starts_at", REC_DATETIME, REC_REQUIRED | REC_READONLY | ALL, 0,
	  NULL, NULL },
	{ "ends_at", REC_DATETIME, REC_REQUIRED | REC_READONLY | ALL, 0, NULL,
	  NULL },
	{ "seats", REC_INT, REC_REQUIRED | REC_READONLY | ALL, 10000, NULL,
	  NULL, NULL, 1 },
	{ "org_id", REC_REF, REC_REQUIRED | REC_READONLY | ALL, 0, NULL, NULL,
	  "org" },
	{ "person_id", REC_REF, REC_READONLY | REC_EXPORT, 0, NULL, NULL,
	  "person" },
	{ "account_id", REC_INT, REC_DERIVED | REC_READONLY, INT64_MAX, NULL,
	  NULL, NULL, 1 },
	{ "purpose", REC_TEXT, REC_READONLY | REC_EXPORT, 200, NULL, NULL },
	{ "status", REC_ENUM, REC_DERIVED | ALL, 0, waitlist_statuses,
	  NULL },
	{ "booking_id", REC_REF, REC_DERIVED | REC_EXPORT, 0, NULL, NULL,
	  "facility_booking" },
	{ "hold_until", REC_DATETIME, REC_DERIVED | ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_waitlist_table = {
	"facility_waitlist", "facility_waitlist", waitlist_columns, NULL,
	NULL, "created_at, id", NULL, NULL, "facility_waitlist", NULL,
};

static _Thread_local char reason[500];
/* The texts a refusal of facility_wait() names, good until the next. */
static _Thread_local char free_name[101 * 4], free_count[24];

int
facility_wait(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	struct facility_resource_row res;
	int64_t org = 0, person = 0, seats, free_seats = 0, made = 0;
	time_t from, to;
	char now[32];
	json_t *rec = NULL;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = record_validate(db, &facility_booking_input, in, true, pb)) ||
	    (rc = facility_booking_party(p, in, &org, &person, pb)))
		return rc;
	if (!json_is_integer(json_object_get(in, "resource_id")))
		return problem(pb, ERR_INVALID, "resource_id",
			       "resource_id is required");
	if ((rc = facility_booking_times(in, &from, &to, pb)))
		return rc;
	rc = facility_store_resource(db, record_int(in, "resource_id"), &res);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_INVALID, "resource_id",
			       "resource_id refers to no such resource");
	if (rc)
		return rc;
	seats = json_is_integer(json_object_get(in, "seats")) ?
		record_int(in, "seats") : 1;
	if (seats > res.seats) {
		snprintf(reason, sizeof(reason), "%s has %lld seats", res.name,
			 (long long)res.seats);
		return problem(pb, ERR_INVALID, "seats", reason);
	}
	time_now_utc(now);
	if (strcmp(record_text(in, "ends_at"), now) <= 0)
		return problem(pb, ERR_INVALID, "ends_at",
			       "the time has passed: nothing to wait for");
	if ((rc = db_begin(db)))
		return rc;
	rc = day_store_free_seats(db, res.id, record_text(in, "starts_at"),
				  record_text(in, "ends_at"), &free_seats);
	if (!rc && free_seats >= seats) {
		snprintf(free_name, sizeof(free_name), "%s", res.name);
		snprintf(free_count, sizeof(free_count), "%lld",
			 (long long)free_seats);
		snprintf(reason, sizeof(reason), "%s has %s seats free at "
			 "this time: book them", free_name, free_count);
		rc = problem_args(pb, ERR_CONFLICT, "resource_id",
				  "facility_waitlist.err_free", reason, 2,
				  (const char *[]){ free_name, free_count });
	}
	if (!rc) {
		rec = json_pack("{s:I,s:I,s:s,s:s,s:I,s:s}", "resource_id",
				(json_int_t)res.id, "org_id", (json_int_t)org,
				"starts_at", record_text(in, "starts_at"),
				"ends_at", record_text(in, "ends_at"), "seats",
				(json_int_t)seats, "purpose",
				record_text(in, "purpose") ? record_text(in,
				"purpose") : "");
		if (person > 0)
			json_object_set_new(rec, "person_id",
					    json_integer(person));
		if (p->account_id > 0)
			json_object_set_new(rec, "account_id",
					    json_integer(p->account_id));
		rc = record_create_in(db, &facility_waitlist_table, &p->actor,
				      rec, &made, pb);
	}
	json_decref(rec);
	if ((rc = db_end(db, rc)))
		return rc;
	return record_get(db, &facility_waitlist_table, made, out);
}

/* Entry `id` into *rec, when `p` is staff or books for its org; else 404. */
static int
entry_of(struct db *db, const struct principal *p, int64_t id, json_t **rec,
	 struct problem *pb)
{
	int rc = record_get(db, &facility_waitlist_table, id, rec);

	if (!rc && !auth_is_staff(p) &&
	    auth_require(p, PERM_FACILITY_BOOK, record_int(*rec, "org_id")))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND) {
		json_decref(*rec);
		*rec = NULL;
		return problem(pb, rc, NULL, "no such waiting-list entry");
	}
	return rc;
}

/*
 * Take what is held for entry `id` (`take`), or withdraw it from the list,
 * cancelling what was held for it.
 */
static int
move(struct db *db, const struct principal *p, int64_t id, bool take,
     json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	const char *status;
	char now[32];
	int rc;

	*out = NULL;
	if ((rc = entry_of(db, p, id, &before, pb)))
		return rc;
	status = record_text(before, "status");
	if (take ? strcmp(status, "holding") :
	    strcmp(status, "holding") && strcmp(status, "waiting")) {
		json_decref(before);
		return problem(pb, ERR_CONFLICT, NULL, take ?
			       "nothing is held for this entry" :
			       "the entry is no longer on the list");
	}
	time_now_utc(now);
	if ((rc = db_begin(db)))
		goto out;
	rc = take ? day_store_wait_take(db, id, now) :
	     day_store_wait_move(db, id, status, "withdrawn",
				 record_int(before, "booking_id"), NULL, now);
	if (rc == ERR_CONFLICT && take &&
	    strcmp(record_text(before, "hold_until"), now) <= 0)
		rc = problem(pb, rc, NULL, "the hold has ended: the seats go "
			     "to the next on the list");
	else if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, NULL, "the entry changed meanwhile: "
			     "read it again");
	if (!rc && !take && !strcmp(status, "holding")) {
		rc = facility_store_cancel(db, record_int(before, "booking_id"),
					   now);
		if (rc == ERR_CONFLICT)
			rc = 0;
	}
	rc = record_end_change(db, rc, &facility_waitlist_table, &p->actor,
			       take ? "take" : "withdraw", id, before, out);
out:
	json_decref(before);
	return rc;
}

int
facility_wait_take(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return move(db, p, id, true, out, pb);
}

int
facility_wait_withdraw(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return move(db, p, id, false, out, pb);
}

/* ---- the job ---- */

/* Tell `account` (0: nobody) `title`, linking to `link`. */
static int
tell(struct job_ctx *ctx, int64_t account, const char *title,
     const char *body, const char *link)
{
	return account > 0 ? notify_account(ctx->db, ctx->actor, account,
					    title, body, link) : 0;
}

/*
 * The bookings nobody checked in to within their resource's grace period
 * (counted from the start, or from when a waiting entry took a booking
 * held for it, whichever is later) are released as no-shows. Only those
 * that started within the last two days are looked at: the longest grace
 * is one day, and older bookings are history, not the day's.
 */
static int
release_no_shows(struct job_ctx *ctx, time_t now, int64_t *released)
{
	json_t *items = json_array(), *b;
	char since[32], at[32], link[48];
	size_t i;
	int rc;

	time_format_utc(now, at, sizeof(at));
	time_format_utc(now - 2 * 86400, since, sizeof(since));
	rc = day_store_unattended(ctx->db, since, at, items);
	json_array_foreach(items, i, b) {
		int64_t id = record_int(b, "id");
		time_t from, taken = 0;

		if (rc)
			break;
		if (time_parse_utc(record_text(b, "starts_at"), &from)) {
			rc = ERR_DB;
			break;
		}
		if (record_text(b, "waitlist_at") &&
		    time_parse_utc(record_text(b, "waitlist_at"), &taken))
			taken = 0;
		if ((record_text(b, "waitlist_status") &&
		     !strcmp(record_text(b, "waitlist_status"), "holding")) ||
		    (taken > from ? taken : from) +
		    record_int(b, "grace_minutes") * 60 > now)
			continue;
		/* Checked in, cancelled or changed since it was read. */
		if ((rc = day_store_no_show(ctx->db, id, at)) == ERR_CONFLICT) {
			rc = 0;
			continue;
		}
		if (!rc)
			rc = audit_write(ctx->db, ctx->actor, "no_show",
					 "facility_booking", id, NULL, NULL);
		snprintf(link, sizeof(link), "/facility/bookings/%lld",
			 (long long)id);
		if (!rc)
			rc = tell(ctx, record_int(b, "account_id"),
				  "设施预约未签到，已释放",
				  record_text(b, "resource_name"), link);
		if (!rc)
			++*released;
	}
	json_decref(items);
	return rc;
}

/*
 * Holds not taken in time: their bookings are cancelled. The entry is
 * moved first, so that one taken since it was read keeps its booking.
 */
static int
lapse_holds(struct job_ctx *ctx, const char *now, int64_t *lapsed)
{
	json_t *items = json_array(), *w;
	size_t i;
	int rc = day_store_lapsed(ctx->db, now, items);

	json_array_foreach(items, i, w) {
		int64_t id = record_int(w, "id");

		if (rc)
			break;
		rc = day_store_wait_move(ctx->db, id, "holding", "lapsed",
					 record_int(w, "booking_id"), NULL,
					 now);
		if (rc == ERR_CONFLICT) {
			rc = 0;
			continue;
		}
		if (!rc)
			rc = facility_store_cancel(ctx->db, record_int(w,
						   "booking_id"), now);
		if (rc == ERR_CONFLICT)
			rc = 0;
		if (!rc)
			rc = audit_write(ctx->db, ctx->actor, "lapse",
					 "facility_waitlist", id, NULL, NULL);
		if (!rc)
			rc = tell(ctx, record_int(w, "account_id"),
				  "候补保留已过期", NULL, "/facility/waitlist");
		if (!rc)
			++*lapsed;
	}
	json_decref(items);
	return rc;
}

/*
 * Whether `w`'s seats are free now, on its resource and the share of the
 * resource it lies in.
 */
static int
fits(struct db *db, const json_t *w, bool *yes)
{
	struct facility_resource_row res;
	int64_t free_seats = 0;
	int rc = facility_store_resource(db, record_int(w, "resource_id"),
					 &res);

	*yes = false;
	if (rc == ERR_NOTFOUND || (!rc && strcmp(res.status, "in_service")))
		return 0;
	if (!rc)
		rc = day_store_free_seats(db, res.id,
					  record_text(w, "starts_at"),
					  record_text(w, "ends_at"),
					  &free_seats);
	if (rc || free_seats < record_int(w, "seats"))
		return rc;
	if (res.parent_id > 0) {
		rc = day_store_free_seats(db, res.parent_id,
					  record_text(w, "starts_at"),
					  record_text(w, "ends_at"),
					  &free_seats);
		if (rc || free_seats < res.parent_seats)
			return rc;
	}
	*yes = true;
	return 0;
}

/*
 * Offer freed seats to the waiting, first come first: a booking for the
 * first that fits, held until its resource's hold minutes have passed (or
 * the time ends). One the booking rules refuse (a partner past its
 * allocation) keeps waiting; one withdrawn since it was read is passed
 * over, and the booking made for it undone (a savepoint).
 */
static int
offer(struct job_ctx *ctx, time_t now, int64_t *offered)
{
	json_t *items = json_array(), *w;
	char at[32], until[32], link[48];
	size_t i;
	int rc;

	time_format_utc(now, at, sizeof(at));
	rc = day_store_waiting(ctx->db, at, items);
	json_array_foreach(items, i, w) {
		struct problem pb = { 0 };
		int64_t id = record_int(w, "id"), booking = 0;
		time_t end;
		json_t *in;
		bool yes;

		if (rc || (rc = fits(ctx->db, w, &yes)))
			break;
		if (!yes)
			continue;
		in = json_pack("{s:I,s:s,s:s,s:I,s:s,s:I}", "resource_id",
			       (json_int_t)record_int(w, "resource_id"),
			       "starts_at", record_text(w, "starts_at"),
			       "ends_at", record_text(w, "ends_at"), "seats",
			       (json_int_t)record_int(w, "seats"), "purpose",
			       record_text(w, "purpose"), "org_id",
			       (json_int_t)record_int(w, "org_id"));
		if (record_int(w, "person_id") > 0)
			json_object_set_new(in, "person_id",
					    json_integer(record_int(w,
							"person_id")));
		if ((rc = db_exec(ctx->db, "SAVEPOINT facility_offer"))) {
			json_decref(in);
			break;
		}
		rc = facility_book_in(ctx->db, ctx->actor, in, &booking, &pb);
		json_decref(in);
		if (!rc && !(rc = time_parse_utc(record_text(w, "ends_at"),
						 &end))) {
			end = now + record_int(w, "hold_minutes") * 60 < end ?
			      now + record_int(w, "hold_minutes") * 60 : end;
			time_format_utc(end, until, sizeof(until));
			rc = day_store_wait_move(ctx->db, id, "waiting",
						 "holding", booking, until,
						 at);
		}
		if (rc == ERR_CONFLICT || rc == ERR_FORBIDDEN ||
		    rc == ERR_INVALID) {
			rc = db_exec(ctx->db, "ROLLBACK TO SAVEPOINT "
				     "facility_offer");
			if (!rc)
				rc = db_exec(ctx->db, "RELEASE SAVEPOINT "
					     "facility_offer");
			if (rc)
				break;
			continue;
		}
		if (!rc)
			rc = db_exec(ctx->db, "RELEASE SAVEPOINT "
				     "facility_offer");
		if (!rc)
			rc = audit_write(ctx->db, ctx->actor, "hold",
					 "facility_waitlist", id, NULL, NULL);
		snprintf(link, sizeof(link), "/facility/bookings/%lld",
			 (long long)booking);
		if (!rc)
			rc = tell(ctx, record_int(w, "account_id"),
				  "候补的时段已空出，请在保留时间内确认",
				  record_text(w, "resource_name"), link);
		if (!rc)
			++*offered;
	}
	json_decref(items);
	return rc;
}

static int
day_job(struct job_ctx *ctx)
{
	int64_t released = 0, lapsed = 0, offered = 0;
	time_t now = time(NULL);
	char at[32];
	int rc;

	time_format_utc(now, at, sizeof(at));
	rc = release_no_shows(ctx, now, &released);
	if (!rc)
		rc = lapse_holds(ctx, at, &lapsed);
	if (!rc)
		rc = offer(ctx, now, &offered);
	if (!rc)
		buf_addf(ctx->message, "released %lld no-shows, let %lld "
			 "holds lapse, offered %lld held bookings",
			 (long long)released, (long long)lapsed,
			 (long long)offered);
	return rc;
}

const struct job_def facility_day_jobs[] = {
	{ "facility.day", 60, 600, day_job },
	{ NULL, 0, 0, NULL },
};
