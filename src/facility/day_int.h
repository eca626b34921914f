/*
 * day_int.h - the shared facilities' day (private to the module): who
 * came (check-in by the code shown at a resource or by staff, and
 * check-out), the bookings nobody came to (no-shows, released by the job
 * facility.day after the resource's grace period), and the waiting lists
 * (when seats free, the first waiting that fits is given a booking held
 * for it for the resource's hold minutes; it takes it or lets it lapse,
 * and the next is offered).
 *
 * checkin.c and waitlist.c hold the rules, store_day.c their SQL,
 * day_api.c their routes.
 */
#ifndef JG_FACILITY_DAY_INT_H
#define JG_FACILITY_DAY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "facility/facility_int.h"

/* The digits of the code shown at a resource. */
#define FACILITY_CODE_LEN 6

/* Check-in opens this many minutes before a booking starts. */
#define FACILITY_CHECKIN_EARLY_MINUTES 15

/*
 * Wrong codes at a resource are forgotten after this long without an
 * attempt.
 */
#define FACILITY_CHECKIN_FORGET_HOURS 24

/* A waiting list's entry (table facility_waitlist). */
extern const struct record_table facility_waitlist_table;
extern const struct record_api facility_waitlist_api;

/* ---- checkin.c ---- */

/*
 * The code shown at resource `id` ({resource_id, code, updated_at}),
 * made when first asked for; facility_code_renew() makes a new one (the
 * old no longer checks in). Staff (PERM_FACILITY_WRITE). Audited.
 */
record_rule_fn facility_code;
record_rule_fn facility_code_renew;

/*
 * Check in to booking `id`: its person, an account of its organisation,
 * or staff; from FACILITY_CHECKIN_EARLY_MINUTES before its start until
 * its end, a confirmed booking not checked in yet (else 409). The person
 * named must still hold the certificate the resource asks for, as of the
 * day (else 403 on person_id naming it). Others than staff give the code
 * shown at the resource (`code`): a wrong one is 400, and after
 * CHECKIN_MAX_FAILURES wrong ones at the resource, for whichever of its
 * bookings, every attempt at it is 429 (the check-in guard of
 * account/checkin.h, scope "facility_resource", holder the account),
 * until FACILITY_CHECKIN_FORGET_HOURS pass without an attempt; attempts
 * are logged per booking (scope "facility_booking"). *out is the
 * booking.
 */
record_rule_fn facility_checkin;

/*
 * Check out of booking `id`, checked in and not out yet (else 409): the
 * same people as check in. *out is the booking.
 */
record_rule_fn facility_checkout;

/*
 * The resource's check-in page's data ({resource: {id, name, place},
 * bookings: [...]}): the bookings of `p` (staff: everyone's) on resource
 * `id` open for check-in or out now. 404 for no such resource.
 */
record_rule_fn facility_checkin_list;

/* ---- waitlist.c ---- */

/*
 * Wait for resource `in.resource_id` at a time (as a booking's: starts_at
 * and ends_at, or on, from, to; seats; purpose; org_id and person_id for
 * staff), which must be full (409 when seats are free: book them). 201
 * with the entry.
 */
record_rule_fn facility_wait;

/*
 * Take the booking held for entry `id` (holding: 409 otherwise), or
 * withdraw from the list (a held booking is cancelled). The entry's
 * organisation or staff; *out is the entry.
 */
record_rule_fn facility_wait_take;
record_rule_fn facility_wait_withdraw;

/* ---- ical.c ---- */

/* What a calendar feed shows: a resource's, an organisation's or a
 * person's bookings. */
enum facility_feed {
	FACILITY_FEED_RESOURCE,
	FACILITY_FEED_ORG,
	FACILITY_FEED_PERSON,
};

/* The most bookings a feed holds, and how far back it reaches (days). */
#define FACILITY_FEED_MAX 2000
#define FACILITY_FEED_DAYS 90

/*
 * Make a calendar feed of the caller's (`in`: scope "resource" with
 * resource_id, "org" (the caller's organisation; staff name org_id) or
 * "person" (the caller's person)): 201 with {id, scope, subject_id, url},
 * the URL's secret shown this once. 403 for an organisation or person
 * that is not the caller's; 400 naming the field.
 */
record_rule_fn facility_feed_create;

/* The caller's feeds ({items: [{id, scope, subject_id, created_at,
 * last_used_at}]}); revoke one of them (404 for another's). */
record_rule_fn facility_feed_list;
record_rule_fn facility_feed_revoke;

/*
 * The feed whose secret is `token` as an iCalendar text (RFC 5545,
 * written by libical) into *out (malloc'd, the caller's to free()): its
 * bookings from FACILITY_FEED_DAYS days back on, each a VEVENT with a
 * stable UID, its SEQUENCE, STATUS (TENTATIVE while pending, CONFIRMED,
 * CANCELLED for cancelled, rejected and no-show), times in Asia/Shanghai
 * with its VTIMEZONE. ERR_NOTFOUND for a token unknown or revoked, of a
 * disabled account, or whose account may no longer see what it shows.
 */
int facility_feed_ics(struct db *db, struct arena *a, const char *token,
		      char **out);

/* ---- billing.c ---- */

/* Rate cards (table facility_rate_card; facility.h), through the kit. */
extern const struct record_api facility_rate_card_api;
/* Statements as lists show them (with the organisation). */
extern const struct record_table facility_statement_rows;
extern const struct record_api facility_statement_api;

/*
 * Make (or make again) the draft statement of `in.org_id` for `in.month`
 * (YYYY-MM): a line per booking of the month that is charged under the
 * rate card of the organisation's customer kind and the resource's kind
 * valid on its date — a use (checked in: the minutes from check-in to
 * check-out, or to the end when nobody checked out, rounded up as the
 * card says, at the peak or off-peak rate of the hour it began, per seat
 * or whole), a late cancellation or a no-show (the booked minutes, rounded
 * likewise, at the card's percentages); credit lines stay. Staff. 201
 * with the statement and its lines; 409 when the month's is issued.
 */
record_rule_fn facility_statement_make;

/* Statement `id` with its lines ({..., lines: [...]}): staff, or its
 * organisation's accounts that book. */
record_rule_fn facility_statement_get;

/* Issue draft statement `id`: closed from now on (409 when issued). */
record_rule_fn facility_statement_issue;

/*
 * Issue the statements of month `in.month` (YYYY-MM), in one
 * transaction: each organisation that booked in it or has a draft of it,
 * made again as facility_statement_make() makes one and issued, those
 * issued already apart. Staff. *out: {month, issued} (their number); 400
 * naming month; 409 on month for a month not over yet (Beijing), or
 * when there is none to issue.
 */
record_rule_fn facility_statement_issue_month;

/*
 * Correct issued statement `id` (409 while a draft): a credit line of
 * `in.amount_fen` (> 0, in fen) with `in.reason` on the organisation's
 * statement of the next month (a draft, made if need be; 409 when that
 * one is issued too). *out is that statement.
 */
record_rule_fn facility_statement_credit;

/* A statement's line as the store writes it. */
struct bill_line {
	const char *kind;	/* usage, late_cancel, no_show, credit */
	int64_t booking;	/* 0: none (a credit) */
	int64_t card;		/* 0: none (a credit) */
	int64_t corrects;	/* a credit: the statement it corrects */
	const char *description;
	int64_t minutes;
	int64_t rate_fen;
	int64_t amount_fen;
};

/* ---- usage.c ---- */

/*
 * Utilisation from month `from` to month `to` (YYYY-MM, at most 24
 * months), into *out: {from, to, months: [{month, booked,
 * used, no_show, cancelled}], partners: [{month, org_id, name, ...}],
 * kinds: [{month, kind, ...}], resources: [{id, name, kind, seats,
 * used_seat_minutes, open_seat_minutes, percent}]}, all in minutes:
 * booked (pending and confirmed bookings and those that took place),
 * used (checked in to check-out, or to the end), no-show, cancelled
 * (cancelled and rejected, no-shows apart). Partners are universities
 * and vocational colleges. ERR_INVALID for a bad month.
 */
int facility_utilisation(struct db *db, const char *from, const char *to,
			 json_t **out);

/*
 * The months a request asks for into from and to (8 bytes each): as
 * given, or the twelve months up to this one (Beijing) where not.
 */
void facility_usage_months(const char *from, const char *to,
			   char from_out[8], char to_out[8]);

/* ---- store_billing.c ---- */

int bill_store_bookings(struct db *db, int64_t org, const char *first,
			const char *last, json_t *items);
/* The card in force (NULL into *out when none). */
int bill_store_card(struct db *db, const char *customer, const char *kind,
		    const char *on, json_t **out);
int bill_store_in_agreement(struct db *db, int64_t org, const char *on,
			    bool *yes);
int bill_store_statement(struct db *db, int64_t org, const char *month,
			 json_t **out);
int bill_store_statement_by_id(struct db *db, int64_t id, json_t **out);
int bill_store_statement_new(struct db *db, int64_t org, const char *month,
			     const char *now, int64_t *id);
/* Take away the lines made from bookings (not the credits). */
int bill_store_clear(struct db *db, int64_t id);
int bill_store_line(struct db *db, int64_t statement,
		    const struct bill_line *l, const char *now);
/* total_fen := the sum of its lines. */
int bill_store_total(struct db *db, int64_t id, const char *now);
/* draft -> issued, else ERR_CONFLICT. */
int bill_store_issue(struct db *db, int64_t id, const char *now);
int bill_store_lines(struct db *db, int64_t id, json_t *items);
/*
 * The organisations of month `month` whose statement is not issued: that
 * booked in it or have a draft of it, {org_id}, appended to `items`.
 */
int bill_store_month_orgs(struct db *db, const char *month, json_t *items);
/* Whether a line of an issued statement charged by rate card `id`. */
int bill_store_card_issued(struct db *db, int64_t id, bool *yes);
/* The bookings dated from `first` to `last`, with their org and kind. */
int use_store_bookings(struct db *db, const char *first, const char *last,
		       json_t *items);
/* Every resource, with a row per checked-in booking of the dates. */
int use_store_resources(struct db *db, const char *first, const char *last,
			json_t *items);
/*
 * The windows of maintenance over [from, to) (UTC times): {resource_id,
 * starts_at, ends_at}, ordered by resource and start, appended to `items`.
 */
int use_store_maintenance(struct db *db, const char *from, const char *to,
			  json_t *items);

/* ---- store_day.c ---- */

/*
 * The confirmed bookings of `resource` not checked out that start by
 * `soon` and end after `now` — of organisation `org` or person `person`,
 * or everyone's when `org` is -1 — appended to `items`.
 */
int day_store_open_bookings(struct db *db, int64_t resource, int64_t org,
			    int64_t person, const char *now,
			    const char *soon, json_t *items);

/* The bookings a feed shows, ending after `since`, appended to `items`. */
int day_store_feed(struct db *db, enum facility_feed scope, int64_t subject,
		   const char *since, json_t *items);


/* The code of resource `id` into `code`: 0 or ERR_NOTFOUND. */
int day_store_code(struct db *db, int64_t id,
		   char code[FACILITY_CODE_LEN + 1]);

/* Set the code of resource `id`. */
int day_store_set_code(struct db *db, int64_t id, const char *code,
		       const char *now);

/*
 * Check booking `id` in (by "code" or "staff") at `at`, or out: if it is
 * confirmed and not in yet (out: in and not out), else ERR_CONFLICT.
 */
int day_store_checkin(struct db *db, int64_t id, const char *by,
		      const char *at);
int day_store_checkout(struct db *db, int64_t id, const char *at);

/*
 * The confirmed bookings not checked in that started between `since` and
 * `now`, a training session's apart (its cohort's attendance is
 * training's): {id, starts_at, grace_minutes, account_id, resource_name,
 * waitlist_status, waitlist_at}, appended to `items`.
 */
int day_store_unattended(struct db *db, const char *since, const char *now,
			 json_t *items);

/*
 * Release booking `id` as a no-show: cancelled (with what it holds of an
 * outer resource) and no_show_at, if still confirmed and not checked in;
 * else ERR_CONFLICT.
 */
int day_store_no_show(struct db *db, int64_t id, const char *at);

/* The entries holding a booking past their hold ({id, booking_id,
 * account_id}), appended to `items`. */
int day_store_lapsed(struct db *db, const char *now, json_t *items);

/* The entries waiting for a time that ends after `now`, first come
 * first, appended to `items` (the entry's columns). */
int day_store_waiting(struct db *db, const char *now, json_t *items);

/*
 * The seats of resource `id` free at every instant of [from, to): its
 * seats less the most its pending and confirmed bookings take at once.
 */
int day_store_free_seats(struct db *db, int64_t id, const char *from,
			 const char *to, int64_t *free_seats);

/*
 * The place in its list of waiting entry `id`: 1 + the entries waiting
 * for its resource at a time that overlaps its own, made before it.
 */
int day_store_wait_place(struct db *db, int64_t id, int64_t *place);

/*
 * Move entry `id` from status `from` to `to` (compare-and-set: else
 * ERR_CONFLICT), with its booking (0: none) and hold (NULL: none).
 */
int day_store_wait_move(struct db *db, int64_t id, const char *from,
			const char *to, int64_t booking,
			const char *hold_until, const char *now);

/*
 * Take entry `id`'s hold: booked, if still holding and its hold_until is
 * after `now`, in one statement (compare-and-set: else ERR_CONFLICT).
 */
int day_store_wait_take(struct db *db, int64_t id, const char *now);

#endif
