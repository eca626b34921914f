/*
 * facility_int.h - what the files of src/facility/ share (private to the
 * module; other modules read facility.h): the record APIs the API and the
 * pages both serve, the rules their route rows name, and the SQL of the
 * store (store.c).
 */
#ifndef JG_FACILITY_INT_H
#define JG_FACILITY_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/time.h"
#include "db/row.h"
#include "facility/facility.h"
#include "record/action.h"
#include "record/api.h"

struct arena;

/* The longest value of a booking's status and a resource's kind. */
#define FACILITY_STATUS_MAX 10
#define FACILITY_KIND_MAX 7

/* A booking's statuses: pending, confirmed, rejected, cancelled. */
extern const char *const facility_booking_statuses[];

/*
 * The bookings as lists show them: with the resource and the org (a
 * cohort's booking: the cohort's name).
 */
#define FACILITY_BOOKING_ROWS						\
	"(SELECT b.*, r.name AS resource_name, "			\
	"coalesce(o.name, c.name) AS org_name, "			\
	"p.name AS person_name FROM facility_booking b "		\
	"JOIN facility_resource r ON r.id = b.resource_id "		\
	"LEFT JOIN org o ON o.id = b.org_id "				\
	"LEFT JOIN training_cohort c ON c.id = b.cohort_id "		\
	"LEFT JOIN person p ON p.id = b.person_id "			\
	"WHERE b.held_by_id IS NULL) AS facility_booking_rows"
extern const struct record_table facility_booking_rows;

/* The bookings waiting for approval, with their resource's owner. */
#define FACILITY_PENDING_ROWS						\
	"(SELECT b.*, r.name AS resource_name, r.owner_org_id, "	\
	"o.name AS org_name, p.name AS person_name "			\
	"FROM facility_booking b "					\
	"JOIN facility_resource r ON r.id = b.resource_id "		\
	"JOIN org o ON o.id = b.org_id "				\
	"LEFT JOIN person p ON p.id = b.person_id "			\
	"WHERE b.held_by_id IS NULL AND b.status = 'pending') "	\
	"AS facility_pending_rows"
extern const struct record_table facility_pending_rows;

/* What a booking form or body may say (no SQL table: record_validate()). */
extern const struct record_table facility_booking_input;

/* What a series' body may say besides `skip` and `move` (rules.c). */
extern const struct record_table facility_series_input;

/* The allocations as lists show them: with the partner and the term. */
#define FACILITY_ALLOCATION_ROWS					\
	"(SELECT l.*, a.org_id, a.title AS agreement_title, "		\
	"o.name AS org_name, t.name AS term_name, "			\
	"t.starts_on, t.ends_on FROM facility_allocation l "		\
	"JOIN facility_agreement a ON a.id = l.agreement_id "		\
	"JOIN org o ON o.id = a.org_id "				\
	"JOIN facility_term t ON t.id = l.term_id) "			\
	"AS facility_allocation_rows"
extern const struct record_table facility_allocation_rows;

/* The record APIs (api.c), which the pages read through too. */
extern const struct record_api facility_resource_api;
extern const struct record_api facility_booking_api;
extern const struct record_api facility_pending_api;
extern const struct record_api facility_series_api;
extern const struct record_api facility_term_api;
extern const struct record_api facility_agreement_api;
extern const struct record_api facility_allocation_api;

/*
 * Book resource `id` (0: the body's resource_id): facility_book() as a
 * route's rule. 201 with the booking.
 */
record_rule_fn facility_book_rule;

/* What a POST that books makes: one booking, or a weekly series. */
enum facility_post {
	FACILITY_POST_BOOKING,
	FACILITY_POST_SERIES,
};

/*
 * Book as facility_book() does (a booking), or a weekly series (`in`:
 * resource_id, on (the first date), until or count, weekdays, from, to,
 * seats, purpose, org_id and person_id for staff; skip, an array of dates
 * left out; move, an array of {on, to_on} moving one occurrence to
 * another date): every occurrence in one transaction, or none, a clash
 * naming each date it falls on (409, field `on`). With `key` (the
 * request's Idempotency-Key; NULL: none) the same request by the same
 * account is answered again with the first answer, a different one under
 * the key is 409. *out is what was made (a new reference).
 */
int facility_post(struct db *db, const struct principal *p,
		  enum facility_post what, const char *key, json_t *in,
		  json_t **out, struct problem *pb);

/*
 * Cancel booking `id` (and what it holds of an outer resource), by staff
 * or by its organisation before it starts; *out is the booking. 404 for
 * one the caller may not see; 409 when it is cancelled already or began.
 */
record_rule_fn facility_cancel;

/*
 * Approve or reject pending booking `id`, by staff or an account of the
 * resource's owner; the requester is notified, in the same transaction.
 * *out is the booking. 404 for one the caller may not decide; 409 when it
 * is no longer pending.
 */
record_rule_fn facility_approve;
record_rule_fn facility_reject;

/*
 * The week of resource `id` from the Monday of in.from (a Beijing date;
 * default this week): {resource, from, to, days: [{date, label}], hours:
 * [{hour, cells: [{date, bookings: [...]}]}], bookings: [{id, starts_at,
 * ends_at, seats, org_id, org_name (staff and the same org only), mine}]}.
 */
record_rule_fn facility_week;

/* ---- store.c ---- */

/* A resource as the booking rule needs it. */
struct facility_resource_row {
	int64_t id;
	char name[101 * 4];
	char kind[FACILITY_KIND_MAX + 1];
	char status[12];
	int64_t seats;
	int64_t parent_id;
	int64_t parent_seats;
	char approval[8];	/* auto, staff */
	int64_t owner_org_id;	/* 0: none */
	int64_t required_programme_id;	/* 0: none */
	char required_occupation[51 * 4];	/* "": none */
	int64_t required_level;
	int64_t cert_months;	/* 0: whenever issued */
	int64_t change_hours;	/* its bookers change until then */
};

/* Resource `id`, not archived, into *out: 0 or ERR_NOTFOUND. */
int facility_store_resource(struct db *db, int64_t id,
			    struct facility_resource_row *out);

/* The kind of organisation `id` into out ("" when none). */
int facility_store_org_kind(struct db *db, int64_t id, char out[32]);

/*
 * The allocation for a booking of a resource of `kind` by partner `org`
 * on Beijing date `on`: the agreement in force that covers the kind
 * (*agreement 0 when none), the term of that date (*term 0 when none),
 * the allocation's id and minutes (0 when none), all into *a. The
 * allocation's row is locked first (on PostgreSQL), so that two bookings
 * against it are counted one after the other; *used is then the minutes
 * the partner's pending and confirmed bookings of covered kinds in the
 * term take, but for booking `except` (the one being changed; 0: none).
 */
struct facility_allowance {
	int64_t agreement_id;
	int64_t term_id;
	int64_t allocation_id;
	int64_t minutes;
	int64_t used;
	char term_name[51 * 4];
};
int facility_store_allowance(struct db *db, int64_t org, const char *kind,
			     const char *on, int64_t except,
			     struct facility_allowance *a);

/*
 * The first booking holding seats of resource `resource` that overlaps
 * [starts_at, ends_at), other than `except`, as {id, starts_at, ends_at,
 * seats} into *out (a new reference; NULL when none).
 */
int facility_store_overlap(struct db *db, int64_t resource,
			   const char *starts_at, const char *ends_at,
			   int64_t except, json_t **out);

/*
 * Cancel booking `id` and the rows that hold an outer resource for it, if
 * still pending or confirmed (compare-and-set): 0, or ERR_CONFLICT when it
 * was not.
 */
int facility_store_cancel(struct db *db, int64_t id, const char *at);

/*
 * Cancel the rows that hold an outer resource for booking `id` (a whole
 * room's seats), still pending or confirmed: 0 or an error.
 */
int facility_store_cancel_held(struct db *db, int64_t id, const char *at);

/*
 * After the compare-and-set (`rc`) that cancelled booking `id` at `at`:
 * ERR_CONFLICT when it changed no row, else, when it did, what the booking
 * holds cancelled too (facility_store_cancel_held()). 0 or an error.
 */
int facility_store_cancelled(struct db *db, int rc, int64_t id,
			     const char *at);

/*
 * As db_change_values(), for an UPDATE of bookings the database refuses
 * with ERR_CONFLICT when it clashes. On PostgreSQL a refused statement
 * spoils the transaction, so it runs under a savepoint: the caller may
 * still ask which booking is in the way. SQLite undoes the failed
 * statement by itself.
 */
int facility_store_clash_change(struct db *db, const char *sql,
				const struct db_value *v, int n);

/*
 * Change booking `id`, if still pending or confirmed, in place to what
 * `rec` says (resource_id, starts_at, ends_at, minutes, on_date, seats,
 * whole, status, purpose; expires_at when pending), and cancel the rows
 * that held an outer resource for it as it was: 0, ERR_NOTFOUND when it
 * is not, or ERR_CONFLICT when the database refuses the clash (the
 * transaction stays usable, to name the booking in the way).
 */
int facility_store_change(struct db *db, int64_t id, json_t *rec,
			  const char *at);

/*
 * Decide pending booking `id` and its rows of outer resources: `status`
 * confirmed or rejected, if still pending (compare-and-set): 0, or
 * ERR_CONFLICT when it was not.
 */
int facility_store_decide(struct db *db, int64_t id, const char *status,
			  const char *at);

/*
 * The pending bookings whose approval is due by `now` ({id, account_id,
 * resource_name}), appended to `items`.
 */
int facility_store_expired(struct db *db, const char *now, json_t *items);

/*
 * The pending and confirmed bookings of resource `id` overlapping
 * [from, to), with
 * their organisation's name, appended to `items`.
 */
int facility_store_week(struct db *db, int64_t id, const char *from,
			const char *to, json_t *items);

/*
 * Claim Idempotency-Key `key` of `account` for the request whose digest is
 * `hash`, inside the transaction that books: 0, or ERR_CONFLICT when the
 * account used the key before (the caller rolls back and replays).
 */
int facility_store_idem_claim(struct db *db, int64_t account,
			      const char *key, const char *hash,
			      const char *now);

/* Keep the answer `response` under the claimed key. */
int facility_store_idem_answer(struct db *db, int64_t account,
			       const char *key, const char *response);

/*
 * The digest and the answer kept under `key` of `account`, into *out
 * ({request_hash, response}; a new reference). 0 or ERR_NOTFOUND.
 */
int facility_store_idem_get(struct db *db, int64_t account, const char *key,
			    json_t **out);

/*
 * The figures' records as of `as_of`: the partner universities and
 * colleges with an agreement in force on that date and bookings that took
 * place (confirmed, ended by `until`, dated after `since`), with their
 * minutes and count, appended to `partners`; every resource with the
 * seat-minutes of its bookings of the same window, to `resources`.
 */
int facility_store_figures(struct db *db, const char *as_of,
			   const char *since, const char *until,
			   json_t *partners, json_t *resources);

/*
 * What booking `id` (`rec`, as written) of resource `res` holds of the
 * resource it lies in, if any: a booking of its own of the outer one,
 * the same times, `res`'s share of seats (rules.c).
 */
int facility_hold_outer(struct db *db, const struct audit_actor *actor,
			const struct facility_resource_row *res, int64_t id,
			json_t *rec, struct problem *pb);

/* ---- store_cohort.c ---- */

/*
 * Move booking `id` and the rows that hold an outer resource for it, if
 * still pending or confirmed, to [starts_at, ends_at) (`minutes` long,
 * starting on Beijing date `on_date`): 0, ERR_NOTFOUND when it is not,
 * or ERR_CONFLICT when the database refuses the clash (the transaction
 * stays usable).
 */
int facility_store_move(struct db *db, int64_t id, const char *starts_at,
			const char *ends_at, int64_t minutes,
			const char *on_date, const char *at);

/* ---- when resources are open: tables_hours.c, hours.c, store_hours.c */

/* The record APIs of the tables of facility.h. */
extern const struct record_api facility_hours_api;
extern const struct record_api facility_day_api;
extern const struct record_api facility_maintenance_api;

/*
 * The times of a booking in `in`: starts_at and ends_at (UTC, whole
 * minutes), or `on` with `from` and `to` (Beijing), which it writes back
 * as starts_at and ends_at; at most 14 days. 0 or ERR_INVALID naming the
 * field.
 */
int facility_booking_times(json_t *in, time_t *from, time_t *to,
			   struct problem *pb);

/*
 * Who books for whom (`in`: org_id and person_id): staff for any
 * organisation, everyone else for their own and as themselves. 0, or
 * ERR_INVALID / ERR_FORBIDDEN naming the field.
 */
int facility_booking_party(const struct principal *p, json_t *in,
			   int64_t *org, int64_t *person, struct problem *pb);

/*
 * Whether person `person` holds a certificate resource `res` asks for
 * (rules.c): 0, or ERR_FORBIDDEN naming what is missing in *pb.
 */
int facility_holds_certificate(struct db *db,
			       const struct facility_resource_row *res,
			       int64_t person, struct problem *pb);

/*
 * Times here are minutes of the park's clock since 1970-01-01 00:00 in
 * Beijing (UTC+8 all year): day d runs from d * 1440 to (d + 1) * 1440.
 */
#define FACILITY_DAY 1440
int64_t facility_minute_of(time_t t);
time_t facility_time_of(int64_t minute);

/* The most rows of weekly hours a resource keeps, and days searched. */
#define FACILITY_HOURS_MAX 28
#define FACILITY_DAYS_MAX 200

/* A resource's weekly hours (n 0: it keeps none, open around the clock). */
struct facility_week_hours {
	int n;
	struct {
		int weekday;		/* 1 Monday .. 7 Sunday */
		int opens, closes;	/* minutes of the day */
	} rows[FACILITY_HOURS_MAX];
};

/* The calendar's entries over some days: as_weekday 0 for a holiday. */
struct facility_calendar {
	int n;
	struct {
		int64_t day;		/* days since 1970-01-01 */
		int as_weekday;
	} days[FACILITY_DAYS_MAX];
};

/*
 * The open spans of day `day` (days since 1970-01-01) as minutes of the
 * park's clock into out[][2], their number returned: the weekly hours of
 * its weekday, of as_weekday on a make-up working day, none on a holiday;
 * one span of the whole day for a resource that keeps no hours.
 */
int facility_open_spans(const struct facility_week_hours *h,
			const struct facility_calendar *c, int64_t day,
			int64_t out[FACILITY_HOURS_MAX][2]);

/*
 * Whether resource `res` may be held over [from, to): not while a window
 * of maintenance lies over it; and, with `hours`, only while it is open.
 * 0 when it may; ERR_CONFLICT with the reason in pb (field starts_at,
 * naming the resource and the times, in thread-local storage good until
 * the next call) when it may not; or a database error.
 */
int facility_check_open(struct db *db,
			const struct facility_resource_row *res,
			time_t from, time_t to, bool hours,
			struct problem *pb);

/* The arguments of a search for free slots (availability.c). */
struct facility_search {
	const char *kind;		/* "" for any */
	int64_t centre, after, limit, minutes, seats;
	bool certified;
	int64_t first, last;		/* days since 1970-01-01 */
	int64_t now;			/* minute of the park's clock */
	char from[TIME_DATE_LEN + 1], to[TIME_DATE_LEN + 1];
};

/*
 * Read a search's arguments from `in` (the query's texts, or a JSON
 * body's numbers): kind, centre_id, after, limit, minutes, seats,
 * certified, from and to (Beijing dates, at most FACILITY_DAYS_MAX days;
 * from defaults to today, to to six days after it). 0, or ERR_INVALID
 * naming the field; s->kind points into `in`.
 */
int facility_search_parse(json_t *in, struct facility_search *s,
			  struct problem *pb);

/* Days since 1970-01-01 of a real date "YYYY-MM-DD", or -1. */
int64_t facility_day_of(const char *date);

/* Day `day` (days since 1970-01-01) as "YYYY-MM-DD" into out. */
void facility_date_of(int64_t day, char out[TIME_DATE_LEN + 1]);

/* "HH:MM" (as the table holds it) as minutes of the day. */
int facility_clock_minutes(const char *hhmm);

/* Resource `id`'s weekly hours into *h. */
int facility_store_week_hours(struct db *db, int64_t id,
			      struct facility_week_hours *h);

/* The calendar's entries from day `first` to day `last` into *c. */
int facility_store_calendar(struct db *db, int64_t first, int64_t last,
			    struct facility_calendar *c);

/*
 * The first window of maintenance of resource `id` over [from, to) (UTC
 * times) as {starts_at, ends_at, reason} into *out (NULL: none).
 */
int facility_store_maintenance_over(struct db *db, int64_t id,
				    const char *from, const char *to,
				    json_t **out);

/*
 * The bookings of resource `id` (not the rows holding an outer one) that
 * hold seats over [from, to): {id, starts_at, ends_at, org_name,
 * account_id}, appended to `items`.
 */
int facility_store_bookings_over(struct db *db, int64_t id, const char *from,
				 const char *to, json_t *items);

/* Staff lay a window of maintenance over a resource (hours.c). */
record_rule_fn facility_maintenance_create;

/* ---- availability.c, store_availability.c ---- */

/*
 * Free slots: the resources in service (in.kind, in.centre_id; with
 * in.certified "1" only those the caller's person holds what they ask
 * for), from the first after resource id in.after, each with the spans
 * from Beijing date in.from to in.to (default: the week from today; at
 * most FACILITY_DAYS_MAX days) in which it is open, under no maintenance
 * and has in.seats seats (default 1) free, and its outer resource its
 * share, for in.minutes (default 60) at least. Every value may be a
 * string (a query's). *out: {from, to, minutes, seats, items: [{resource,
 * slots: [{on, from, to, starts_at, ends_at, minutes}]}], next_after};
 * in.limit (default 20, at most 100) resources with a slot per answer,
 * each with its first FACILITY_SLOTS_MAX slots. 400 naming the field.
 */
#define FACILITY_SLOTS_MAX 8
int facility_available(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb);

/*
 * The week of training centre `id` from the Monday of in.from (a Beijing
 * date; default this week): its first 64 resources in service, each with
 * a cell a day {date, state, bookings, open_minutes, free_minutes}, state
 * "closed" (not open that day), "free" (nothing held), "full" (no minute
 * free for one seat while open) or "partly"; {centre_id, from, prev,
 * next, days: [{date, weekday}], rows: [{resource, cells}]}.
 */
record_rule_fn facility_centre_week;

/* A resource a search looks at, with its weekly hours. */
struct facility_candidate {
	struct facility_resource_row row;
	int64_t centre_id;
	int64_t outer_seats;	/* the seats of the one it lies in */
	char place[101 * 4];
	struct facility_week_hours hours;
};

/*
 * Up to `max` resources in service after id `after`, of kind `kind` (""
 * any) and centre `centre` (0 any), in the order of their ids, with their
 * weekly hours, into out[]; their number into *n.
 */
int facility_store_candidates(struct db *db, const char *kind,
			      int64_t centre, int64_t after,
			      struct facility_candidate *out, int max,
			      int *n);

/* A span that takes seats of a resource (all of them: seats < 0). */
struct facility_busy {
	int64_t resource_id;
	int64_t from, to;	/* minutes of the park's clock */
	int64_t seats;
};

/* The most resources facility_store_busy() reads at once. */
#define FACILITY_BUSY_IDS 128

/*
 * What holds seats of the resources ids[0..n) (n at most
 * FACILITY_BUSY_IDS) over [from, to) (UTC times): their pending and
 * confirmed bookings, and their windows of maintenance (seats -1), into
 * *list ordered by resource and start (grown with xreallocarray; *len
 * items, *cap room).
 */
int facility_store_busy(struct db *db, const int64_t *ids, int n,
			const char *from, const char *to,
			struct facility_busy **list, size_t *len,
			size_t *cap);

/*
 * Booking `id` into *booking (a new reference) when `p` may book for its
 * organisation (rules.c); a place a cohort holds is nobody's booking. 0,
 * or ERR_NOTFOUND saying so in *pb, or an error; *booking NULL on error.
 */
int facility_booking_mine(struct db *db, const struct principal *p,
			  int64_t id, json_t **booking, struct problem *pb);

/* ---- change.c ---- */

/*
 * Change booking `before` (as stored, pending or confirmed) in place to
 * `in` (resource_id, starts_at and ends_at or on, from and to, seats,
 * purpose: all of them), as `p`, inside the caller's transaction
 * (rules.c): every rule of a new booking but the deadline, which the
 * caller checks (facility_may_change()); the booking keeps its id, its
 * organisation, person and account, and so its calendars' UID. On error
 * the caller rolls back.
 */
int facility_change_in(struct db *db, const struct principal *p,
		       json_t *before, json_t *in, struct problem *pb);

/*
 * Whether `p` may still cancel or change `booking` (a record of
 * facility_booking_table): staff always; its booker until its resource's
 * change_hours before it starts (0: until it starts). 0, or ERR_CONFLICT
 * saying until when, in *pb.
 */
int facility_may_change(struct db *db, const struct principal *p,
			json_t *booking, struct problem *pb);

/*
 * Change booking `id` (`in`: its new times, as a booking's; seats and
 * purpose, else as they were) by its booker or staff, while
 * facility_may_change(): the booking is cancelled and made anew under
 * every rule of a booking (a clash, hours, maintenance, the allocation,
 * approval again where the resource asks for it), in one transaction.
 * *out is the new booking. 404 for one the caller may not see; 409 for
 * one no longer pending or confirmed, or a session's (it moves with its
 * session).
 */
record_rule_fn facility_change;

#endif
