/*
 * facility.h - the park's shared facilities: what other modules (cli,
 * the demo park) may call.
 *
 * Resources (rooms, workshop cells, machines, kits, labs of the training
 * centres, each with its seats) are booked by a person for an
 * organisation. The database refuses a clash (migration 0013):
 * at no instant do a resource's confirmed bookings take more seats than
 * it has, and a booking of a resource inside another holds its share of
 * the outer one as well. A partner university or college books within
 * its agreement (合作协议): the resource kinds it covers and the hours it
 * allocates per term.
 */
#ifndef JG_FACILITY_H
#define JG_FACILITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "auth/auth.h"
#include "jobs/jobs.h"
#include "record/record.h"

struct db;
struct principal;

/* The kinds of resource: room, cell, machine, kit, lab (NULL-ended). */
extern const char *const facility_kinds[];

/* Its scheduled jobs (jobs.h): facility.expire. */
extern const struct job_def facility_jobs[];

/* The day's (waitlist.c): facility.day, no-shows and waiting lists. */
extern const struct job_def facility_day_jobs[];

/* The described tables (record.h), for cli's record_register(). */
extern const struct record_table facility_resource_table;
extern const struct record_table facility_booking_table;
extern const struct record_table facility_series_table;
extern const struct record_table facility_term_table;
extern const struct record_table facility_agreement_table;
extern const struct record_table facility_allocation_table;
/* When resources are open: weekly hours, the calendar, maintenance. */
extern const struct record_table facility_hours_table;
extern const struct record_table facility_day_table;
extern const struct record_table facility_maintenance_table;

/*
 * Book a resource as `p`, in a transaction of its own. `in` (the
 * caller's; canonical values are written back into it): resource_id;
 * starts_at and ends_at (stored UTC times on whole minutes), or `on` (a
 * Beijing date) with `from` and `to` ("HH:MM", Beijing time); seats
 * (default 1); purpose; org_id and person_id (staff only; others book for
 * their own organisation and themselves); override_reason (staff only:
 * book past a partner's allocation, audited). On success *out is the
 * booking (a new reference). Errors, with *pb naming the field: 400 bad
 * input; 403 an organisation that is not the caller's, or a partner with
 * no agreement in force for the resource's kind; 409 a clash (naming the
 * resource and the times of the booking in the way), a resource under
 * maintenance, or a partner past its allocation (used, allocated and
 * asked-for hours). Nothing is written unless it succeeds.
 */
int facility_book(struct db *db, const struct principal *p, json_t *in,
		  json_t **out, struct problem *pb);

/*
 * facility_book() inside a transaction the caller opened with db_begin(),
 * by `actor` as park staff would book (org_id required; in the past too;
 * within a partner's allocation, which it may not override): for loaders
 * of history, the demo park. The new booking's id in *id. On error the
 * caller must db_rollback().
 */
int facility_book_in(struct db *db, const struct audit_actor *actor,
		     json_t *in, int64_t *id, struct problem *pb);

/* Rate cards (billing.c), for loaders of history through the kit. */
extern const struct record_table facility_rate_card_table;

/*
 * For loaders of history (the demo park), inside the caller's transaction,
 * by `actor`, audited: confirmed booking `id` was checked in by staff at
 * `in_at` and out at `out_at`; nobody came and it was released as a
 * no-show at `at`; it was cancelled at `at`. ERR_CONFLICT when the
 * booking is not confirmed (not checked in, for a no-show).
 */
int facility_attended_in(struct db *db, const struct audit_actor *actor,
			 int64_t id, const char *in_at, const char *out_at);
int facility_no_show_in(struct db *db, const struct audit_actor *actor,
			int64_t id, const char *at);
int facility_cancelled_in(struct db *db, const struct audit_actor *actor,
			  int64_t id, const char *at);

/*
 * Make the statement of organisation `org` for `month` (YYYY-MM) and
 * issue it, inside the caller's transaction, by `actor`: for loaders of
 * history. Its id in *id. ERR_CONFLICT (in *pb) when it is issued
 * already.
 */
int facility_statement_in(struct db *db, const struct audit_actor *actor,
			  int64_t org, const char *month, int64_t *id,
			  struct problem *pb);

/*
 * The shared facilities' figures as of the Beijing date `as_of`, over the
 * 12 months before it (bookings dated after the same date a year earlier
 * that ended by the end of `as_of`), as a new object in *out: {as_of,
 * since, partners (partner universities and colleges sharing: an
 * agreement in force on `as_of` and at least one booking that took
 * place), partner_minutes (theirs), partner_list [{id, name, kind,
 * minutes, bookings}], resources [{id, name, kind, seats, seat_minutes,
 * bookings}]}. ERR_INVALID for a malformed date; database errors.
 */
int facility_figures(struct db *db, const char *as_of, json_t **out);

/*
 * What a resource asks of the person named on a booking: a completion
 * certificate of programme `programme_id` (0: not that), or a skill
 * certificate of `occupation` (NULL: not that) at `level` or above (5
 * 初级工 .. 1 高级技师); either one is enough; issued on or after `since`.
 */
struct facility_requirement {
	int64_t programme_id;
	const char *occupation;
	int64_t level;
	const char *since;
};

/*
 * Whether person `person_id` holds a certificate `req` asks for, into
 * *yes, and what `req` asks for in words into `what` (`len` bytes, for
 * the refusal). Certificates are training's, which lies above facility:
 * cli sets the hook (facility_set_certified()) at start-up, before
 * serving. 0 or an error.
 */
typedef int facility_certified_fn(struct db *db, int64_t person_id,
				  const struct facility_requirement *req,
				  bool *yes, char *what, size_t len);
void facility_set_certified(facility_certified_fn *fn);

/*
 * A training room's resource (training books its rooms through these):
 * a room of centre `centre_id` named `name` with `seats` seats, made when
 * *id is 0 (its id into *id), else renamed and re-seated. Inside the
 * caller's transaction, audited as `actor`; on error the caller rolls
 * back. 409 naming `name` when the centre has another resource of that
 * name, naming `seats` when an organisation's booking to come holds more
 * seats than that; the cohorts' bookings to come take the new seats (the
 * database resizes them, migration 0021).
 */
int facility_room_put_in(struct db *db, const struct audit_actor *actor,
			 int64_t centre_id, const char *name, int64_t seats,
			 int64_t *id, struct problem *pb);

/*
 * A cohort's booking of a whole resource, for a session of its: from
 * starts_at to ends_at (stored UTC times). It needs no approval, no
 * allocation and no certificate, and may lie in the past (attendance
 * records history).
 */
struct facility_cohort_booking {
	int64_t cohort_id;
	int64_t resource_id;	/* 0: none (the session left the room) */
	const char *starts_at;
	const char *ends_at;
	const char *purpose;	/* the session's topic */
};

/*
 * Make, move or cancel cohort booking *id to hold `b`, inside the
 * caller's transaction, audited as `actor`: made when *id is 0; moved
 * when it holds the same resource (with what it holds of an outer one);
 * cancelled and made anew on another resource; cancelled (*id 0) when
 * b->resource_id is 0. A clash is ERR_CONFLICT naming the resource and
 * the times of the booking in the way, in *pb (field resource_id). The
 * resource's opening hours and windows of maintenance warn a cohort but
 * do not refuse it: what they say is appended to `warnings` (strings).
 * On error the caller rolls back.
 */
int facility_cohort_book_in(struct db *db, const struct audit_actor *actor,
			    const struct facility_cohort_booking *b,
			    int64_t *id, json_t *warnings,
			    struct problem *pb);

/*
 * What the opening hours and windows of maintenance of its resource say
 * of confirmed booking `id` (a session's, on its page): 0 when they
 * allow it, ERR_CONFLICT with the reason in *pb when not (a cohort is
 * warned, not refused), ERR_NOTFOUND when there is no such confirmed
 * booking, or a database error.
 */
int facility_booking_hours(struct db *db, int64_t id, struct problem *pb);

#endif
