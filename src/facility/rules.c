/*
 * rules.c - the steps of the shared facilities that are more than a
 * record write (facility.h, facility_int.h): booking a resource, within a
 * partner's allocation and with the share of the resource it lies in;
 * cancelling; the week of a resource. Each checks who asks, writes in one
 * transaction with its audit rows, and never sees HTTP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/secret.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/facility.h"
#include "facility/facility_int.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "settings/settings.h"

/* Bookings last at most 14 days: the triggers look back no further. */
#define BOOKING_MAX_MINUTES 20160

/* The message of a refusal and the texts it names, kept for the caller
 * to use at once. */
static _Thread_local char reason[2400], named[PROBLEM_ARGS][101 * 4];

/* `text` kept as the i-th text a refusal names. */
static const char *
name_arg(int i, const char *text)
{
	snprintf(named[i], sizeof(named[i]), "%s", text);
	return named[i];
}

/* `date` moved by `days`, into out: 0 or ERR_INVALID. */
static int
date_add(const char *date, int days, char out[TIME_DATE_LEN + 1])
{
	int64_t day = facility_day_of(date);

	if (day < 0)
		return ERR_INVALID;
	facility_date_of(day + days, out);
	return 0;
}

/*
 * The instant a clock in the park reads `hhmm` ("HH:MM") on the Beijing
 * date `date`, into *t: 0 or ERR_INVALID.
 */
static int
local_instant(const char *date, const char *hhmm, time_t *t)
{
	char local[32], utc[TIME_UTC_LEN + 1];

	if (!date || !hhmm || strlen(date) != TIME_DATE_LEN ||
	    strlen(hhmm) != 5)
		return ERR_INVALID;
	snprintf(local, sizeof(local), "%s %s", date, hhmm);
	if (time_parse_local(local, utc, sizeof(utc)))
		return ERR_INVALID;
	return time_parse_utc(utc, t);
}

/*
 * The times of a booking from `in`: starts_at and ends_at, or on, from
 * and to in Beijing time, into *from and *to; both are written back as
 * stored times. 0 or ERR_INVALID naming the field.
 */
int
facility_booking_times(json_t *in, time_t *from, time_t *to,
		       struct problem *pb)
{
	char text[TIME_UTC_LEN + 1];

	if (json_object_get(in, "on")) {
		if (local_instant(record_text(in, "on"),
				  record_text(in, "from"), from))
			return problem_key(pb, ERR_INVALID, "from",
					   "facility.err.from",
					   "from is required: the time the "
					   "booking starts, HH:MM");
		if (local_instant(record_text(in, "on"), record_text(in, "to"),
				     to))
			return problem_key(pb, ERR_INVALID, "to",
					   "facility.err.to",
					   "to is required: the time the "
					   "booking ends, HH:MM");
		time_format_utc(*from, text, sizeof(text));
		json_object_set_new(in, "starts_at", json_string(text));
		time_format_utc(*to, text, sizeof(text));
		json_object_set_new(in, "ends_at", json_string(text));
	} else if (time_parse_utc(record_text(in, "starts_at"), from)) {
		return problem_key(pb, ERR_INVALID, "starts_at",
				   "facility.err.time", "starts_at is "
				   "required, YYYY-MM-DDTHH:MM:SSZ");
	} else if (time_parse_utc(record_text(in, "ends_at"), to)) {
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "facility.err.time", "ends_at is "
				   "required, YYYY-MM-DDTHH:MM:SSZ");
	}
	if (*from % 60)
		return problem_key(pb, ERR_INVALID, "starts_at",
				   "facility.err.minute",
				   "starts_at must be on a whole minute");
	if (*to % 60)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "facility.err.minute",
				   "ends_at must be on a whole minute");
	if (*to <= *from)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "facility.err.ends_at",
				   "ends_at must be after starts_at");
	if (*to - *from > BOOKING_MAX_MINUTES * 60)
		return problem_key(pb, ERR_INVALID, "ends_at",
				   "facility.err.days",
				   "a booking lasts at most 14 days");
	return 0;
}

/*
 * Who books for whom: staff for any organisation (org_id required) and
 * person; everyone else for their own organisation and as themselves.
 */
int
facility_booking_party(const struct principal *p, json_t *in, int64_t *org,
		       int64_t *person, struct problem *pb)
{
	json_t *o = json_object_get(in, "org_id");
	json_t *who = json_object_get(in, "person_id");
	int rc;

	if (auth_is_staff(p)) {
		if (!json_is_integer(o))
			return problem_key(pb, ERR_INVALID, "org_id",
					   "facility.err.org",
					   "org_id is required: the "
					   "organisation the booking is for");
		*org = json_integer_value(o);
		*person = json_integer_value(who);
		return 0;
	}
	*org = json_is_integer(o) ? json_integer_value(o) : p->org_id;
	if ((rc = auth_require(p, PERM_FACILITY_BOOK, *org)))
		return problem(pb, rc, "org_id", "you may book only for your "
			       "own organisation");
	if (*org <= 0)
		return problem(pb, ERR_FORBIDDEN, "org_id", "your account "
			       "belongs to no organisation to book for");
	if (json_is_integer(who) && json_integer_value(who) != p->person_id)
		return problem_key(pb, ERR_FORBIDDEN, "person_id",
				   "facility.err.own_name",
				   "you may book only in your own name");
	if (json_object_get(in, "override_reason"))
		return problem(pb, ERR_FORBIDDEN, "override_reason",
			       "only park staff may book past an allocation");
	*person = p->person_id;
	return 0;
}

static bool
is_partner_kind(const char *kind)
{
	return !strcmp(kind, "university") ||
	       !strcmp(kind, "vocational_college");
}

/*
 * A partner university or college books within its agreement: one in
 * force on the day, covering the resource's kind, with an allocation for
 * the term that the booking's hours fit in. Staff may book past the
 * allocation with a reason, which is audited. A booking being changed
 * (`changes`; 0: none) counts as it is to be, not as it was. Inside the
 * transaction.
 */
static int
within_allocation(struct db *db, const struct audit_actor *actor,
		  bool staff, int64_t org, int64_t changes,
		  const struct facility_resource_row *res, json_t *rec,
		  struct problem *pb)
{
	const char *override = record_text(rec, "override_reason");
	int64_t asked = record_int(rec, "minutes");
	struct facility_allowance a;
	char kind[32];
	json_t *detail;
	int rc;

	if ((rc = facility_store_org_kind(db, org, kind)))
		return rc;
	if (!is_partner_kind(kind))
		return 0;
	rc = facility_store_allowance(db, org, res->kind,
				      record_text(rec, "on_date"), changes, &a);
	if (rc)
		return rc;
	if (!a.agreement_id) {
		snprintf(reason, sizeof(reason), "the organisation has no "
			 "agreement in force on %s that covers resources of "
			 "kind %s", record_text(rec, "on_date"), res->kind);
		return problem_args(pb, ERR_FORBIDDEN, "resource_id",
				    "facility.err.no_agreement", reason, 2,
				    (const char *[]){
				    name_arg(0, record_text(rec, "on_date")),
				    name_arg(1, res->name) });
	}
	if (!a.term_id) {
		snprintf(reason, sizeof(reason), "no term covers %s: staff "
			 "define the terms allocations are given for",
			 record_text(rec, "on_date"));
		return problem_args(pb, ERR_CONFLICT, "starts_at",
				    "facility.err.no_term", reason, 1,
				    (const char *[]){
				    name_arg(0, record_text(rec, "on_date")) });
	}
	if (a.used + asked <= a.minutes)
		return 0;
	snprintf(named[1], sizeof(named[1]), "%.2f", (double)a.used / 60.0);
	snprintf(named[2], sizeof(named[2]), "%.2f",
		 (double)a.minutes / 60.0);
	snprintf(named[3], sizeof(named[3]), "%.2f", (double)asked / 60.0);
	snprintf(reason, sizeof(reason), "past the allocation of %s: used "
		 "%s hours, allocated %s hours, asked for %s hours",
		 a.term_name, named[1], named[2], named[3]);
	if (!override || !staff)
		return problem_args(pb, ERR_CONFLICT, "ends_at",
				    "facility.err.allocation", reason, 4,
				    (const char *[]){ name_arg(0, a.term_name),
				    named[1], named[2], named[3] });
	detail = json_pack("{s:I,s:I,s:I,s:I,s:s}", "allocation_id",
			   (json_int_t)a.allocation_id, "used_minutes",
			   (json_int_t)a.used, "allocated_minutes",
			   (json_int_t)a.minutes, "asked_minutes",
			   (json_int_t)asked, "reason", override);
	rc = audit_write(db, actor, "override", "facility_allocation",
			 a.allocation_id, NULL, detail);
	json_decref(detail);
	return rc;
}

/*
 * What the booking of an inner resource holds of its outer one: a row of
 * the outer resource, the same times, its share of seats. The database
 * refuses it as it refuses any clash, naming the outer resource.
 */
int
facility_hold_outer(struct db *db, const struct audit_actor *actor,
		    const struct facility_resource_row *res, int64_t id,
		    json_t *rec, struct problem *pb)
{
	struct facility_resource_row outer;
	json_t *hold;
	int64_t hold_id;
	int rc;

	if (!res->parent_id)
		return 0;
	if ((rc = facility_store_resource(db, res->parent_id, &outer)))
		return rc;
	hold = json_deep_copy(rec);
	json_object_set_new(hold, "resource_id", json_integer(outer.id));
	json_object_set_new(hold, "seats", json_integer(res->parent_seats));
	json_object_set_new(hold, "whole",
			    json_integer(res->parent_seats == outer.seats));
	json_object_set_new(hold, "held_by_id", json_integer(id));
	rc = record_create_in(db, &facility_booking_table, actor, hold,
			      &hold_id, pb);
	json_decref(hold);
	return rc;
}

/* ---- certificates ---- */

/* The hook to training's certificates, set by cli (facility.h). */
static facility_certified_fn *certified;

void
facility_set_certified(facility_certified_fn *fn)
{
	certified = fn;
}

/* `date` moved back by `months`, the day kept within the month. */
static void
months_before(const char *date, int64_t months, char out[TIME_DATE_LEN + 1])
{
	long total = strtol(date, NULL, 10) * 12 + strtol(date + 5, NULL,
			10) - 1 - (long)months;
	long day = strtol(date + 8, NULL, 10);
	struct tm tm = { 0 };

	tm.tm_year = (int)(total / 12 - 1900);
	tm.tm_mon = (int)(total % 12);
	tm.tm_mday = (int)(day > 28 ? 28 : day);
	strftime(out, TIME_DATE_LEN + 1, "%Y-%m-%d", &tm);
}

/*
 * A resource that asks for a certificate is booked only for a person who
 * holds one issued within its months: 403 naming what is missing.
 */
int
facility_holds_certificate(struct db *db,
			   const struct facility_resource_row *res,
			   int64_t person, struct problem *pb)
{
	struct facility_requirement req = { res->required_programme_id,
		res->required_occupation[0] ? res->required_occupation : NULL,
		res->required_level, "1900-01-01" };
	char today[TIME_DATE_LEN + 1], since[TIME_DATE_LEN + 1], what[300];
	bool yes = false;
	int rc;

	if (!req.programme_id && !req.occupation)
		return 0;
	if (!certified)
		return ERR_DB;
	if (res->cert_months) {
		time_today_beijing(today);
		months_before(today, res->cert_months, since);
		req.since = since;
	}
	rc = certified(db, person, &req, &yes, what, sizeof(what));
	if (rc || yes)
		return rc;
	if (person <= 0)
		snprintf(reason, sizeof(reason), "%s asks for %s: the booking "
			 "names no person", res->name, what);
	else
		snprintf(reason, sizeof(reason), "%s asks for %s%s%s: the "
			 "person named holds none", res->name, what,
			 res->cert_months ? " issued since " : "",
			 res->cert_months ? req.since : "");
	return problem(pb, ERR_FORBIDDEN, "person_id", reason);
}

/* Who books, for whom, and what they may do besides. */
struct booker {
	const struct audit_actor *actor;
	bool staff;		/* may book in the past and override */
	int64_t org;
	int64_t person;		/* 0: none named */
	int64_t account;	/* 0: none (the demo park's loader) */
	int64_t series;		/* the series it is of, or 0 */
	int64_t changes;	/* the booking it changes in place, or 0 */
};

/*
 * Write booking `rec`: a new row, or the one `who` changes in place (the
 * database refusing a clash there too, named as for a new one).
 */
static int
write_booking(struct db *db, const struct booker *who, json_t *rec,
	      int64_t *id, struct problem *pb)
{
	char now[32];
	int rc;

	if (!who->changes)
		return record_create_in(db, &facility_booking_table,
					who->actor, rec, id, pb);
	*id = who->changes;
	time_now_utc(now);
	rc = facility_store_change(db, who->changes, rec, now);
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "the booking is cancelled already");
	else if (rc == ERR_CONFLICT)
		rc = facility_booking_table.conflict(db, rec, who->changes,
						     pb);
	return rc;
}

/*
 * Book as `who` inside the caller's transaction: `in` validated against
 * facility_booking_input; the new booking's id in *id (or, changing one in
 * place, its own). On error the caller rolls back.
 */
static int
book_in(struct db *db, const struct booker *who, json_t *in, int64_t *id,
	struct problem *pb)
{
	struct facility_resource_row res;
	char on_date[TIME_DATE_LEN + 1], now[32], expires[32];
	int64_t seats, hours = 0;
	time_t from, to;
	bool pending;
	json_t *rec;
	int rc;

	if (!json_is_integer(json_object_get(in, "resource_id")))
		return problem_key(pb, ERR_INVALID, "resource_id",
				   "err.required", "resource_id is required");
	if ((rc = facility_booking_times(in, &from, &to, pb)))
		return rc;
	rc = facility_store_resource(db, record_int(in, "resource_id"), &res);
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, ERR_INVALID, "resource_id",
				   "err.ref_gone",
				   "resource_id refers to no such resource");
	if (rc)
		return rc;
	seats = json_is_integer(json_object_get(in, "seats")) ?
		record_int(in, "seats") : 1;
	if (seats > res.seats) {
		snprintf(reason, sizeof(reason), "%s has %lld seats",
			 res.name, (long long)res.seats);
		snprintf(named[1], sizeof(named[1]), "%lld",
			 (long long)res.seats);
		return problem_args(pb, ERR_INVALID, "seats",
				    "facility.err.seats", reason, 2,
				    (const char *[]){ name_arg(0, res.name),
				    named[1] });
	}
	if (!strcmp(res.status, "maintenance")) {
		snprintf(reason, sizeof(reason), "%s is under maintenance",
			 res.name);
		return problem_args(pb, ERR_CONFLICT, "resource_id",
				    "facility.err.out_of_service", reason, 1,
				    (const char *[]){ name_arg(0, res.name) });
	}
	/* Staff book out of hours too, never over maintenance. */
	if ((rc = facility_check_open(db, &res, from, to, !who->staff, pb)))
		return rc;
	time_now_utc(now);
	if (!who->staff && strcmp(record_text(in, "starts_at"), now) < 0)
		return problem_key(pb, ERR_INVALID, "starts_at",
				   "facility.err.past",
				   "a booking cannot start in the past");
	if (!who->staff &&
	    (rc = facility_holds_certificate(db, &res, who->person,
						 pb)))
		return rc;
	pending = !who->staff && !strcmp(res.approval, "staff");
	if (pending && (rc = settings_get_int(db, "facility.pending_hours",
					      &hours)))
		return rc;
	time_beijing_date(from, on_date);
	rec = json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:I,s:s,s:s}",
			"resource_id", (json_int_t)res.id, "org_id",
			(json_int_t)who->org, "starts_at", record_text(in,
			"starts_at"), "ends_at", record_text(in, "ends_at"),
			"minutes", (json_int_t)((to - from) / 60), "on_date",
			on_date, "seats", (json_int_t)seats, "whole",
			(json_int_t)(seats == res.seats), "status",
			pending ? "pending" : "confirmed", "purpose",
			record_str(in, "purpose"));
	if (pending) {
		time_utc_in(expires, hours * 3600);
		json_object_set_new(rec, "expires_at", json_string(expires));
	}
	if (who->person > 0)
		json_object_set_new(rec, "person_id",
				    json_integer(who->person));
	if (who->account > 0)
		json_object_set_new(rec, "account_id",
				    json_integer(who->account));
	if (who->series > 0)
		json_object_set_new(rec, "series_id", json_integer(who->series));
	if (record_text(in, "override_reason"))
		json_object_set_new(rec, "override_reason",
				    json_string(record_text(in,
						"override_reason")));
	if (!(rc = within_allocation(db, who->actor, who->staff, who->org,
				     who->changes, &res, rec, pb)) &&
	    !(rc = write_booking(db, who, rec, id, pb)) &&
	    !(rc = facility_hold_outer(db, who->actor, &res, *id, rec,
				       pb)) && pending)
		rc = notify_role(db, who->actor, ROLE_ADMIN, "设施预约待审批",
				 res.name, "/facility/approvals");
	json_decref(rec);
	return rc;
}

/* ---- a weekly series ---- */

/* Series have at most this many occurrences. */
#define SERIES_MAX 200

/* The ISO weekday (1 Monday .. 7 Sunday) of a real date. */
static int
iso_weekday(const char *date)
{
	char utc[TIME_UTC_LEN + 1];
	struct tm tm;
	time_t t;

	snprintf(utc, sizeof(utc), "%.10sT00:00:00Z", date);
	if (time_parse_utc(utc, &t))
		return 0;
	gmtime_r(&t, &tm);
	return tm.tm_wday ? tm.tm_wday : 7;
}

/* Whether `date` is one of the strings of the JSON array `dates`. */
static bool
listed(json_t *dates, const char *date)
{
	json_t *d;
	size_t i;

	json_array_foreach(dates, i, d)
		if (json_is_string(d) && !strcmp(json_string_value(d), date))
			return true;
	return false;
}

/*
 * The dates of a series into `dates` (an array): from `first` on the
 * weekdays listed, up to `until` or for `count` dates, less those in
 * `skip`, those in `move` moved to their new date. 0 or ERR_INVALID
 * naming the field.
 */
static int
series_dates(json_t *in, json_t *dates, struct problem *pb)
{
	const char *first = record_text(in, "on");
	const char *until = record_text(in, "until");
	const char *weekdays = record_text(in, "weekdays");
	json_int_t count = record_int(in, "count");
	json_t *skip = json_object_get(in, "skip");
	json_t *move = json_object_get(in, "move"), *m;
	char day[TIME_DATE_LEN + 1];
	json_int_t made = 0;
	size_t i;

	if (!until == !count)
		return problem(pb, ERR_INVALID, "until", "a series runs until "
			       "a date or for a count of dates: give one");
	if (until && strcmp(until, first) < 0)
		return problem(pb, ERR_INVALID, "until",
			       "until must not be before on");
	if (skip && (!json_is_array(skip) || json_array_size(skip) >
		     SERIES_MAX))
		return problem(pb, ERR_INVALID, "skip",
			       "skip is a list of dates");
	json_array_foreach(skip, i, m)
		if (!date_valid(json_string_value(m)))
			return problem(pb, ERR_INVALID, "skip",
				       "skip is a list of dates");
	if (move && (!json_is_array(move) || json_array_size(move) >
		     SERIES_MAX))
		return problem(pb, ERR_INVALID, "move", "move is a list of "
			       "{on, to_on}: an occurrence and its new date");
	json_array_foreach(move, i, m)
		if (!json_is_object(m) || json_object_size(m) != 2 ||
		    !date_valid(record_text(m, "on")) ||
		    !date_valid(record_text(m, "to_on")))
			return problem(pb, ERR_INVALID, "move", "move is a "
				       "list of {on, to_on}: an occurrence "
				       "and its new date");
	memcpy(day, first, sizeof(day));
	for (int n = 0; count ? made < count : strcmp(day, until) <= 0; n++) {
		char digit = (char)('0' + iso_weekday(day));

		if (n > 7 * SERIES_MAX)
			break;
		if (strchr(weekdays, digit)) {
			const char *on = day;

			made++;
			json_array_foreach(move, i, m)
				if (!strcmp(record_text(m, "on"), day))
					on = record_text(m, "to_on");
			if (!listed(skip, day))
				json_array_append_new(dates, json_string(on));
		}
		if (made > SERIES_MAX)
			break;
		date_add(day, 1, day);
	}
	if (made > SERIES_MAX || json_array_size(dates) > SERIES_MAX)
		return problem(pb, ERR_INVALID, until ? "until" : "count",
			       "a series has at most 200 dates");
	if (!json_array_size(dates))
		return problem(pb, ERR_INVALID, "weekdays",
			       "the series has no date on these weekdays");
	return 0;
}

/* The clash report of a series: each date, then the first reason. */
static _Thread_local char series_reason[600];
static _Thread_local char series_message[1300];

/*
 * Make a weekly series as `who` inside the caller's transaction: the
 * series' record, then each occurrence a booking of its own. A date that
 * clashes is noted and the others still tried, so that the refusal
 * names every one. *out is the series with its bookings.
 */
static int
series_in(struct db *db, struct booker *who, json_t *in, json_t **out,
	  struct problem *pb)
{
	json_t *dates = json_array(), *rec = NULL, *made = json_array(), *d;
	struct buf clashes;
	bool reason_kept = false;
	int64_t series, id;
	size_t i;
	int rc;

	buf_init(&clashes, NULL, 600);
	if ((rc = series_dates(in, dates, pb)))
		goto out;
	rec = json_pack("{s:O,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}",
			"resource_id", json_object_get(in, "resource_id"),
			"org_id", (json_int_t)who->org, "weekdays",
			record_text(in, "weekdays"), "first_on",
			json_string_value(json_array_get(dates, 0)),
			"until_on", json_string_value(json_array_get(dates,
			json_array_size(dates) - 1)), "from_time",
			record_text(in, "from"), "to_time",
			record_text(in, "to"), "seats",
			(json_int_t)(json_is_integer(json_object_get(in,
			"seats")) ? record_int(in, "seats") : 1), "occurrences",
			(json_int_t)json_array_size(dates), "purpose",
			record_str(in, "purpose"));
	if (strcmp(record_text(rec, "until_on"),
		   record_text(rec, "first_on")) < 0) {
		rc = problem(pb, ERR_INVALID, "move",
			     "a moved date must not come before the first");
		goto out;
	}
	if (who->person > 0)
		json_object_set_new(rec, "person_id", json_integer(who->person));
	if (who->account > 0)
		json_object_set_new(rec, "account_id",
				    json_integer(who->account));
	if ((rc = record_create_in(db, &facility_series_table, who->actor,
				   rec, &series, pb)))
		goto out;
	who->series = series;
	json_array_foreach(dates, i, d) {
		json_t *one = json_pack("{s:O,s:O,s:s,s:s,s:O}", "resource_id",
					json_object_get(in, "resource_id"),
					"on", d, "from",
					record_text(in, "from"), "to",
					record_text(in, "to"), "seats",
					json_object_get(rec, "seats"));

		if (record_text(in, "purpose"))
			json_object_set(one, "purpose",
					json_object_get(in, "purpose"));
		rc = book_in(db, who, one, &id, pb);
		json_decref(one);
		if (rc == ERR_CONFLICT) {
			buf_addf(&clashes, "%s%s", clashes.len ? ", " : "",
				 json_string_value(d));
			if (!reason_kept) {
				reason_kept = true;
				snprintf(series_reason, sizeof(series_reason),
					 "%s", pb->message ? pb->message : "");
			}
			continue;
		}
		if (rc)
			goto out;
		json_array_append_new(made, json_pack("{s:I,s:O}", "id",
				      (json_int_t)id, "on", d));
	}
	if (clashes.len) {
		snprintf(series_message, sizeof(series_message), "the series "
			 "clashes on %s: %s", buf_error(&clashes) ? "many "
			 "dates" : clashes.ptr, series_reason);
		rc = problem(pb, ERR_CONFLICT, "on", series_message);
		goto out;
	}
	rc = record_get(db, &facility_series_table, series, out);
	if (!rc)
		json_object_set(*out, "bookings", made);
out:
	buf_release(&clashes);
	json_decref(dates);
	json_decref(rec);
	json_decref(made);
	return rc;
}

/* ---- a POST that books, once per Idempotency-Key ---- */

/*
 * Who books for whom, from the request: the input checked against its
 * description (a series' skip and move are checked with its dates).
 */
static int
post_booker(struct db *db, const struct principal *p,
	    enum facility_post what, json_t *in, struct booker *who,
	    struct problem *pb)
{
	json_t *skip = json_incref(json_object_get(in, "skip"));
	json_t *move = json_incref(json_object_get(in, "move"));
	int rc;

	json_object_del(in, "skip");
	json_object_del(in, "move");
	rc = record_validate(db, what == FACILITY_POST_SERIES ?
			     &facility_series_input : &facility_booking_input,
			     in, true, pb);
	if (!rc && what == FACILITY_POST_BOOKING && (skip || move))
		rc = problem(pb, ERR_INVALID, skip ? "skip" : "move",
			     "skip and move are for a series");
	if (skip)
		json_object_set(in, "skip", skip);
	if (move)
		json_object_set(in, "move", move);
	json_decref(skip);
	json_decref(move);
	if (!rc)
		rc = facility_booking_party(p, in, &who->org, &who->person,
					    pb);
	who->actor = &p->actor;
	who->staff = auth_is_staff(p);
	who->account = p->account_id;
	return rc;
}

/* The answer kept under `key` for the same request, or 409. */
static int
replay(struct db *db, const struct principal *p, const char *key,
       const char *hash, json_t **out, struct problem *pb)
{
	json_t *kept = NULL;
	int rc = facility_store_idem_get(db, p->account_id, key, &kept);

	if (rc == ERR_NOTFOUND)
		rc = problem(pb, ERR_CONFLICT, NULL, "a request with this "
			     "Idempotency-Key is being made: try again");
	else if (!rc && strcmp(record_text(kept, "request_hash"), hash))
		rc = problem(pb, ERR_CONFLICT, NULL, "this Idempotency-Key "
			     "was used with another request");
	else if (!rc && !(*out = json_loads(record_text(kept, "response"), 0,
					    NULL)))
		rc = ERR_DB;
	json_decref(kept);
	return rc;
}

int
facility_post(struct db *db, const struct principal *p,
	      enum facility_post what, const char *key, json_t *in,
	      json_t **out, struct problem *pb)
{
	struct booker who = { 0 };
	char hash[SECRET_DIGEST_LEN], now[32];
	char *request = NULL, *answer = NULL;
	int64_t id;
	int rc;

	*out = NULL;
	if (key && (!*key || strlen(key) > 200 || !p->account_id))
		return problem(pb, ERR_INVALID, NULL, "an Idempotency-Key is "
			       "1 to 200 characters, sent by an account");
	if (key) {
		request = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
		if (!request)
			return ERR_NOMEM;
		secret_digest(request, hash);
		free(request);
	}
	if ((rc = post_booker(db, p, what, in, &who, pb)) ||
	    (rc = db_begin(db)))
		return rc;
	time_now_utc(now);
	if (key && (rc = facility_store_idem_claim(db, p->account_id, key,
						   hash, now))) {
		db_rollback(db);
		return rc == ERR_CONFLICT ? replay(db, p, key, hash, out, pb) :
		       rc;
	}
	if (what == FACILITY_POST_SERIES) {
		rc = series_in(db, &who, in, out, pb);
	} else if (!(rc = book_in(db, &who, in, &id, pb))) {
		rc = record_get(db, &facility_booking_table, id, out);
	}
	if (!rc && key) {
		answer = json_dumps(*out, JSON_COMPACT);
		rc = answer ? facility_store_idem_answer(db, p->account_id,
							 key, answer) :
		     ERR_NOMEM;
		free(answer);
	}
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
facility_change_in(struct db *db, const struct principal *p, json_t *before,
		   json_t *in, struct problem *pb)
{
	struct booker who = { 0 };
	int64_t id;
	int rc = record_validate(db, &facility_booking_input, in, true, pb);

	if (rc)
		return rc;
	who.actor = &p->actor;
	who.staff = auth_is_staff(p);
	who.org = record_int(before, "org_id");
	who.person = record_int(before, "person_id");
	who.account = record_int(before, "account_id");
	who.changes = record_int(before, "id");
	return book_in(db, &who, in, &id, pb);
}

int
facility_book(struct db *db, const struct principal *p, json_t *in,
	      json_t **out, struct problem *pb)
{
	return facility_post(db, p, FACILITY_POST_BOOKING, NULL, in, out, pb);
}

int
facility_book_in(struct db *db, const struct audit_actor *actor,
		 json_t *in, int64_t *id, struct problem *pb)
{
	struct booker who = { actor, true, 0, 0, 0, 0 };
	int rc;

	*id = 0;
	if ((rc = record_validate(db, &facility_booking_input, in, true, pb)))
		return rc;
	if (!json_is_integer(json_object_get(in, "org_id")))
		return problem(pb, ERR_INVALID, "org_id",
			       "org_id is required: the organisation the "
			       "booking is for");
	who.org = record_int(in, "org_id");
	who.person = record_int(in, "person_id");
	return book_in(db, &who, in, id, pb);
}

int
facility_book_rule(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	if (id)
		json_object_set_new(in, "resource_id", json_integer(id));
	return facility_book(db, p, in, out, pb);
}

int
facility_booking_mine(struct db *db, const struct principal *p, int64_t id,
		      json_t **booking, struct problem *pb)
{
	int rc = record_get(db, &facility_booking_table, id, booking);

	if (!rc && (json_is_integer(json_object_get(*booking, "held_by_id")) ||
		    auth_require(p, PERM_FACILITY_BOOK, record_int(*booking,
				 "org_id"))))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, rc, NULL, "no such booking");
	if (rc) {
		json_decref(*booking);
		*booking = NULL;
	}
	return rc;
}

int
facility_cancel(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	char now[32];
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = facility_booking_mine(db, p, id, &before, pb)))
		goto out;
	time_now_utc(now);
	if ((rc = facility_may_change(db, p, before, pb)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = facility_store_cancel(db, id, now);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, NULL, "the booking is cancelled already");
	rc = record_end_change(db, rc, &facility_booking_table, &p->actor,
			       "cancel", id, before, out);
out:
	json_decref(before);
	return rc;
}

/* ---- approval ---- */

/*
 * Tell the requester of booking `rec` (its account, when it has one) what
 * became of it.
 */
static int
tell_requester(struct db *db, const struct audit_actor *actor, json_t *rec,
	       const char *title)
{
	int64_t account = record_int(rec, "account_id");
	char link[48];

	if (account <= 0)
		return 0;
	snprintf(link, sizeof(link), "/facility/bookings/%lld",
		 (long long)record_int(rec, "id"));
	return notify_account(db, actor, account, title, NULL, link);
}

/* Who may decide booking `rec`: staff, or its resource's owner's. */
static int
may_decide(struct db *db, const struct principal *p, json_t *rec)
{
	struct facility_resource_row res;
	int rc;

	if (json_is_integer(json_object_get(rec, "held_by_id")))
		return ERR_NOTFOUND;
	if (auth_is_staff(p))
		return 0;
	rc = facility_store_resource(db, record_int(rec, "resource_id"), &res);
	if (rc)
		return rc;
	if (!res.owner_org_id ||
	    auth_require(p, PERM_FACILITY_APPROVE, res.owner_org_id))
		return ERR_NOTFOUND;
	return 0;
}

static int
decide(struct db *db, const struct principal *p, int64_t id,
       const char *status, json_t **out, struct problem *pb)
{
	json_t *before = NULL;
	char now[32];
	int rc;

	*out = NULL;
	rc = record_get(db, &facility_booking_table, id, &before);
	if (!rc)
		rc = may_decide(db, p, before);
	if (rc == ERR_NOTFOUND) {
		rc = problem(pb, rc, NULL, "no such booking");
		goto out;
	}
	if (rc || (rc = db_begin(db)))
		goto out;
	time_now_utc(now);
	rc = facility_store_decide(db, id, status, now);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, NULL, "the booking is no longer waiting "
			     "for approval");
	if (!rc)
		rc = record_audit_change(db, &facility_booking_table,
					 &p->actor, strcmp(status, "confirmed") ?
					 "reject" : "approve", id, before);
	if (!rc)
		rc = tell_requester(db, &p->actor, before, strcmp(status,
				    "confirmed") ? "设施预约未通过审批" :
				    "设施预约已通过审批");
	rc = record_end(db, rc, &facility_booking_table, id, out);
out:
	json_decref(before);
	return rc;
}

int
facility_approve(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return decide(db, p, id, "confirmed", out, pb);
}

int
facility_reject(struct db *db, const struct principal *p, int64_t id,
		json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return decide(db, p, id, "rejected", out, pb);
}

/*
 * The job: pending bookings nobody decided by their time are rejected,
 * which frees their seats, and their requesters are told.
 */
static int
expire_job(struct job_ctx *ctx)
{
	json_t *items = json_array(), *b;
	char now[32];
	size_t i;
	int rc;

	time_now_utc(now);
	rc = facility_store_expired(ctx->db, now, items);
	json_array_foreach(items, i, b) {
		int64_t id = record_int(b, "id");

		if (rc)
			break;
		if (!(rc = facility_store_decide(ctx->db, id, "rejected",
						 now)) &&
		    !(rc = audit_write(ctx->db, ctx->actor, "expire",
				       "facility_booking", id, NULL, NULL)))
			rc = tell_requester(ctx->db, ctx->actor, b,
					    "设施预约审批超时，已自动取消");
	}
	if (!rc)
		buf_addf(ctx->message, "rejected %zu bookings past their time",
			 json_array_size(items));
	json_decref(items);
	return rc;
}

const struct job_def facility_jobs[] = {
	{ "facility.expire", 600, 600, expire_job },
	{ NULL, 0, 0, NULL },
};

/* ---- the week of a resource ---- */

/* The first hour and the hour after the last of the week grid. */
#define GRID_FIRST_HOUR 7
#define GRID_END_HOUR 22

/*
 * The Monday of the week of `date`, into out: 0 or ERR_INVALID. Day 0,
 * 1970-01-01, was a Thursday.
 */
static int
monday_of(const char *date, char out[TIME_DATE_LEN + 1])
{
	int64_t day = facility_day_of(date);

	if (day < 0)
		return ERR_INVALID;
	facility_date_of(day - (day + 3) % 7, out);
	return 0;
}

/*
 * The cells of the grid: for each hour and day, the seats the bookings
 * take in that hour (at most the resource's seats) and whether one of
 * them is the caller's organisation's.
 */
static json_t *
grid(json_t *bookings, const char days[7][TIME_DATE_LEN + 1],
     int64_t seats, int64_t org)
{
	json_t *hours = json_array();

	for (int h = GRID_FIRST_HOUR; h < GRID_END_HOUR; h++) {
		json_t *cells = json_array(), *b;
		char hhmm[16];

		snprintf(hhmm, sizeof(hhmm), "%02d:00", h);
		for (int d = 0; d < 7; d++) {
			time_t start, end, bs, be;
			int64_t taken = 0;
			bool mine = false;
			size_t i;

			if (local_instant(days[d], hhmm, &start))
				continue;
			end = start + 3600;
			json_array_foreach(bookings, i, b) {
				if (time_parse_utc(record_text(b, "starts_at"),
						   &bs) ||
				    time_parse_utc(record_text(b, "ends_at"),
						   &be) ||
				    bs >= end || be <= start)
					continue;
				taken += record_int(b, "seats");
				mine |= org > 0 && json_integer_value(
					json_object_get(b, "org_id")) == org;
			}
			if (taken > seats)
				taken = seats;
			json_array_append_new(cells, json_pack(
				"{s:s,s:s,s:I,s:I,s:b,s:b,s:b}", "date",
				days[d], "from", hhmm, "taken",
				(json_int_t)taken, "seats", (json_int_t)seats,
				"free", taken == 0, "full", taken >= seats,
				"mine", mine));
		}
		json_array_append_new(hours, json_pack("{s:s,s:o}", "hour",
						       hhmm, "cells", cells));
	}
	return hours;
}

int
facility_week(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	char days[7][TIME_DATE_LEN + 1], today[TIME_DATE_LEN + 1];
	char prev[TIME_DATE_LEN + 1], next[TIME_DATE_LEN + 1];
	char from[TIME_UTC_LEN + 1], to[TIME_UTC_LEN + 1];
	const char *asked = record_text(in, "from");
	struct facility_resource_row res;
	json_t *bookings, *day_list, *b;
	bool staff = auth_is_staff(p);
	time_t t;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_READ, 0)))
		return rc;
	if (asked && *asked && !date_valid(asked))
		return problem(pb, ERR_INVALID, "from",
			       "from must be a date, YYYY-MM-DD");
	time_today_beijing(today);
	rc = facility_store_resource(db, id, &res);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "resource_id refers to no such resource");
	if (rc || (rc = monday_of(asked && *asked ? asked : today, days[0])))
		return rc;
	for (int d = 1; d < 7; d++)
		date_add(days[0], d, days[d]);
	date_add(days[0], -7, prev);
	date_add(days[0], 7, next);
	local_instant(days[0], "00:00", &t);
	time_format_utc(t, from, sizeof(from));
	time_format_utc(t + 7 * 86400, to, sizeof(to));
	bookings = json_array();
	rc = facility_store_week(db, id, from, to, bookings);
	if (rc) {
		json_decref(bookings);
		return rc;
	}
	json_array_foreach(bookings, i, b) {
		bool mine = p->org_id > 0 && json_integer_value(
			json_object_get(b, "org_id")) == p->org_id;

		json_object_set_new(b, "mine", json_boolean(mine));
		if (!staff && !mine) {
			json_object_del(b, "org_id");
			json_object_del(b, "org_name");
			json_object_del(b, "cohort_id");
		}
	}
	day_list = json_array();
	for (int d = 0; d < 7; d++)
		json_array_append_new(day_list, json_pack("{s:s,s:i}", "date",
					days[d], "weekday", d + 1));
	*out = json_pack("{s:{s:I,s:s,s:s,s:I,s:s},s:s,s:s,s:s,s:o,s:o,s:o}",
			 "resource", "id", (json_int_t)res.id, "name",
			 res.name, "kind", res.kind, "seats",
			 (json_int_t)res.seats, "status", res.status,
			 "from", days[0], "prev", prev, "next", next,
			 "days", day_list, "hours",
			 grid(bookings, (const char (*)[TIME_DATE_LEN + 1])days,
			      res.seats, p->org_id), "bookings", bookings);
	return *out ? 0 : ERR_NOMEM;
}

/* ---- the figures ---- */

int
facility_figures(struct db *db, const char *as_of, json_t **out)
{
	char since[TIME_DATE_LEN + 1], next[TIME_DATE_LEN + 1];
	char until[TIME_UTC_LEN + 1];
	json_t *partners, *resources, *p;
	json_int_t minutes = 0;
	time_t end;
	size_t i;
	int rc, year;

	*out = NULL;
	if (!date_valid(as_of))
		return ERR_INVALID;
	/* The same date a year before; 29 February has none: the 28th. */
	year = (int)strtol(as_of, NULL, 10) - 1;
	memcpy(since, as_of, sizeof(since));
	for (int k = 3; k >= 0; k--, year /= 10)
		since[k] = (char)('0' + year % 10);
	if (!date_valid(since))
		since[9] = '8';
	if (date_add(as_of, 1, next) || local_instant(next, "00:00", &end))
		return ERR_INVALID;
	time_format_utc(end, until, sizeof(until));
	partners = json_array();
	resources = json_array();
	rc = facility_store_figures(db, as_of, since, until, partners,
				    resources);
	if (rc) {
		json_decref(partners);
		json_decref(resources);
		return rc;
	}
	json_array_foreach(partners, i, p)
		minutes += record_int(p, "minutes");
	*out = json_pack("{s:s,s:s,s:I,s:I,s:o,s:o}", "as_of", as_of, "since",
			 since, "partners", (json_int_t)json_array_size(
			 partners), "partner_minutes", minutes,
			 "partner_list", partners, "resources", resources);
	return *out ? 0 : ERR_NOMEM;
}
