/*
 * billing.c - the usage ledger and billing (day_int.h): rate cards by
 * customer kind, a monthly statement per organisation made from the
 * month's check-ins, late cancellations and no-shows, closed once issued,
 * and corrections as credit lines of the next month.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/day_int.h"

static const char *const customer_kinds[] = {
	"partner", "startup", "outside", NULL
};

static const char *const roundings[] = {
	"minute", "quarter", "half_hour", "hour", NULL
};

#define ALL (REC_LIST | REC_EXPORT)

static const struct record_column rate_card_columns[] = {
	{ "name", REC_TEXT, REC_REQUIRED | ALL | REC_SEARCH, 100, NULL,
	  NULL },
	{ "customer_kind", REC_ENUM, REC_REQUIRED | ALL, 0, customer_kinds,
	  NULL },
	{ "resource_kind", REC_ENUM, REC_REQUIRED | ALL, 0, facility_kinds,
	  NULL },
	{ "peak_fen", REC_MONEY, REC_REQUIRED | ALL, 100000000, NULL, NULL,
	  NULL, 0 },
	{ "offpeak_fen", REC_MONEY, REC_REQUIRED | ALL, 100000000, NULL, NULL,
	  NULL, 0 },
	{ "peak_from_hour", REC_INT, REC_EXPORT, 24, NULL, NULL, NULL, 0 },
	{ "peak_to_hour", REC_INT, REC_EXPORT, 24, NULL, NULL, NULL, 0 },
	{ "per_seat", REC_INT, ALL, 1, NULL, NULL, NULL, 0 },
	{ "rounding", REC_ENUM, ALL, 0, roundings, NULL },
	{ "late_cancel_hours", REC_INT, REC_EXPORT, 720, NULL, NULL, NULL,
	  0 },
	{ "late_cancel_percent", REC_INT, REC_EXPORT, 100, NULL, NULL, NULL,
	  0 },
	{ "no_show_percent", REC_INT, REC_EXPORT, 100, NULL, NULL, NULL, 0 },
	{ "valid_from", REC_DATE, REC_REQUIRED | ALL, 0, NULL, NULL },
	{ "valid_until", REC_DATE, ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

/* Peak hours in order; a card valid until a date not before its start. */
static int
check_rate_card(json_t *rec, struct problem *pb)
{
	json_t *from = json_object_get(rec, "peak_from_hour");
	json_t *to = json_object_get(rec, "peak_to_hour");
	const char *since = record_text(rec, "valid_from");
	const char *until = record_text(rec, "valid_until");

	if (json_is_integer(from) && json_is_integer(to) &&
	    json_integer_value(to) < json_integer_value(from))
		return problem(pb, ERR_INVALID, "peak_to_hour",
			       "peak_to_hour must not be before "
			       "peak_from_hour");
	if (since && until && strcmp(until, since) < 0)
		return problem(pb, ERR_INVALID, "valid_until",
			       "valid_until must not be before valid_from");
	return 0;
}

const struct record_table facility_rate_card_table = {
	"facility_rate_card", "facility_rate_card", rate_card_columns, NULL,
	NULL, "customer_kind, resource_kind, valid_from DESC, id",
	check_rate_card, NULL, "facility_rate_card", NULL, "name",
};

/*
 * Change rate card `id`: a card an issued statement charged by keeps its
 * terms, as the statement does (409 naming the first term changed); its
 * name and valid_until may still change, to end it where a new card
 * takes over.
 */
static int
rate_card_update(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	json_t *before = NULL, *v;
	const char *key;
	bool used = false;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = record_get(db, &facility_rate_card_table, id, &before);
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, rc, NULL, "no such record");
	if (!rc)
		rc = bill_store_card_issued(db, id, &used);
	json_object_foreach(in, key, v) {
		if (rc || !used || !strcmp(key, "name") ||
		    !strcmp(key, "valid_until") ||
		    !json_object_get(before, key) ||
		    json_equal(v, json_object_get(before, key)))
			continue;
		rc = problem_key(pb, ERR_CONFLICT, key,
				 "facility_rate_card.in_use", "an issued "
				 "statement charged by this rate card: it keeps "
				 "its terms (end it with valid_until and make a "
				 "new card)");
	}
	if (!rc)
		rc = record_update_in(db, &facility_rate_card_table,
				      &p->actor, id, in, pb);
	rc = record_end(db, rc, &facility_rate_card_table, id, out);
	json_decref(before);
	return rc;
}

const struct record_api facility_rate_card_api = {
	&facility_rate_card_table, PERM_FACILITY_READ, PERM_FACILITY_WRITE,
	{ "customer_kind", "resource_kind", NULL }, .update = rate_card_update,
};

static const char *const statement_statuses[] = { "draft", "issued", NULL };

static const struct record_column statement_row_columns[] = {
	{ "org_id", REC_REF, ALL, 0, NULL, NULL, "org", 0, NULL, "org_name" },
	{ "org_name", REC_TEXT, REC_SEARCH, 0, NULL, NULL },
	{ "month", REC_TEXT, ALL | REC_SEARCH, 7, NULL, NULL },
	{ "status", REC_ENUM, ALL, 0, statement_statuses, NULL },
	{ "total_fen", REC_MONEY, ALL, INT64_MAX, NULL, NULL, NULL,
	  INT64_MIN },
	{ "issued_at", REC_DATETIME, ALL, 0, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct record_table facility_statement_rows = {
	"(SELECT s.*, o.name AS org_name, CAST(NULL AS TEXT) AS archived_at "
	"FROM facility_statement s "
	"JOIN org o ON o.id = s.org_id) AS facility_statement_rows", NULL,
	statement_row_columns, NULL, NULL, "month DESC, org_name, id",
	.prefix = "facility_statement",
};

/* ---- what a booking costs ---- */

/* `minutes` rounded up to the card's unit. */
static int64_t
rounded(const json_t *card, int64_t minutes)
{
	const char *r = record_str(card, "rounding");
	int64_t unit = !strcmp(r, "hour") ? 60 : !strcmp(r, "half_hour") ?
		       30 : !strcmp(r, "quarter") ? 15 : 1;

	return (minutes + unit - 1) / unit * unit;
}

/*
 * The card's rate for a use starting at `starts_at`: peak on a weekday
 * (Beijing) from peak_from_hour to peak_to_hour, else off-peak.
 */
static int64_t
rate_at(const json_t *card, const char *starts_at)
{
	time_t t;
	struct tm tm;

	if (time_parse_utc(starts_at, &t))
		return record_int(card, "offpeak_fen");
	t += 8 * 3600;
	gmtime_r(&t, &tm);
	return tm.tm_wday >= 1 && tm.tm_wday <= 5 &&
	       tm.tm_hour >= record_int(card, "peak_from_hour") &&
	       tm.tm_hour < record_int(card, "peak_to_hour") ?
	       record_int(card, "peak_fen") : record_int(card, "offpeak_fen");
}

/* The minutes from `from` to `to` (stored UTC times), 0 if unreadable. */
static int64_t
minutes_between(const char *from, const char *to)
{
	time_t a, b;

	if (time_parse_utc(from, &a) || time_parse_utc(to, &b) || b <= a)
		return 0;
	return (int64_t)(b - a + 59) / 60;
}

/*
 * The line booking `b` gives under `card`, if any, into *l (kind NULL:
 * none): a use, a late cancellation or a no-show.
 */
static void
line_of(const json_t *b, const json_t *card, struct bill_line *l,
	char *description, size_t len)
{
	const char *status = record_str(b, "status");
	int64_t percent = 100;
	int64_t mult = record_int(card, "per_seat") ? record_int(b, "seats") :
		       1;
	char local[32];
	time_t start, cancelled;

	memset(l, 0, sizeof(*l));
	time_format_local(record_str(b, "starts_at"), local, sizeof(local));
	if (*record_str(b, "checked_in_at")) {
		l->kind = "usage";
		l->minutes = rounded(card, minutes_between(record_str(b,
				     "checked_in_at"), *record_str(b,
				     "checked_out_at") ? record_str(b,
				     "checked_out_at") : record_str(b,
				     "ends_at")));
		snprintf(description, len, "%s %s 使用", record_str(b,
			 "resource_name"), local);
	} else if (*record_str(b, "no_show_at")) {
		l->kind = "no_show";
		percent = record_int(card, "no_show_percent");
		l->minutes = rounded(card, record_int(b, "minutes"));
		snprintf(description, len, "%s %s 爽约", record_str(b,
			 "resource_name"), local);
	} else if (!strcmp(status, "cancelled") &&
		   !time_parse_utc(record_str(b, "starts_at"), &start) &&
		   !time_parse_utc(record_str(b, "cancelled_at"), &cancelled) &&
		   cancelled > start - record_int(card, "late_cancel_hours") *
		   3600) {
		l->kind = "late_cancel";
		percent = record_int(card, "late_cancel_percent");
		l->minutes = rounded(card, record_int(b, "minutes"));
		snprintf(description, len, "%s %s 迟取消", record_str(b,
			 "resource_name"), local);
	} else {
		return;
	}
	l->booking = record_int(b, "id");
	l->card = record_int(card, "id");
	l->rate_fen = rate_at(card, record_str(b, "starts_at"));
	/* fen/hour × minutes × seats × percent, to the nearest fen. */
	l->amount_fen = (l->rate_fen * l->minutes * mult * percent + 3000) /
			6000;
	l->description = description;
}

/* What kind of customer `org` is on `on`: partner, startup or outside. */
static int
customer_of(struct db *db, int64_t org, const char *on, const char **kind)
{
	char org_kind[32];
	bool yes = false;
	int rc = facility_store_org_kind(db, org, org_kind);

	*kind = "outside";
	if (rc)
		return rc;
	if (!strcmp(org_kind, "startup"))
		*kind = "startup";
	else if ((!strcmp(org_kind, "university") ||
		  !strcmp(org_kind, "vocational_college")) &&
		 !(rc = bill_store_in_agreement(db, org, on, &yes)) && yes)
		*kind = "partner";
	return rc;
}

/* The lines of `org`'s bookings of `month` on statement `id`. */
static int
bill_month(struct db *db, int64_t id, int64_t org, const char *month,
	   const char *now)
{
	char first[16], last[16], description[500];
	json_t *items = json_array(), *b, *card = NULL;
	struct bill_line l;
	const char *customer;
	size_t i;
	int rc;

	snprintf(first, sizeof(first), "%s-01", month);
	snprintf(last, sizeof(last), "%s-31", month);
	rc = bill_store_bookings(db, org, first, last, items);
	json_array_foreach(items, i, b) {
		if (rc || (rc = customer_of(db, org, record_str(b, "on_date"),
					    &customer)) ||
		    (rc = bill_store_card(db, customer, record_str(b,
					  "resource_kind"), record_str(b,
					  "on_date"), &card)))
			break;
		if (card) {
			line_of(b, card, &l, description, sizeof(description));
			if (l.kind)
				rc = bill_store_line(db, id, &l, now);
		}
		json_decref(card);
		card = NULL;
	}
	json_decref(items);
	return rc;
}

/* Statement `id` with its lines, as the answer. */
static int
statement_json(struct db *db, int64_t id, json_t **out)
{
	json_t *lines = json_array();
	int rc = bill_store_statement_by_id(db, id, out);

	if (!rc)
		rc = bill_store_lines(db, id, lines);
	if (!rc)
		json_object_set(*out, "lines", lines);
	json_decref(lines);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* The organisation and month of `in`, checked: 0 or 400 naming them. */
static int
org_month(struct db *db, json_t *in, int64_t *org, const char **month,
	  struct problem *pb)
{
	char kind[32], day[16];
	int rc;

	*org = record_int(in, "org_id");
	*month = record_text(in, "month");
	if (*org <= 0)
		return problem(pb, ERR_INVALID, "org_id", "org_id is required");
	if ((rc = facility_store_org_kind(db, *org, kind)))
		return rc;
	if (!*kind)
		return problem(pb, ERR_INVALID, "org_id",
			       "org_id refers to no such organisation");
	if (*month)
		snprintf(day, sizeof(day), "%.7s-01", *month);
	if (!*month || strlen(*month) != 7 || !date_valid(day))
		return problem_key(pb, ERR_INVALID, "month",
				   "facility_statement.month_invalid",
				   "month is required, YYYY-MM");
	return 0;
}

/* A refusal's text and the month it names outlive the call (err.h). */
static _Thread_local char reason[300], reason_month[8];

/*
 * Make the draft statement of `org` for `month` in the caller's
 * transaction (audited "make"), its id into *made: 409 in *pb when the
 * month's is issued.
 */
static int
make_in(struct db *db, const struct audit_actor *actor, int64_t org,
	const char *month, const char *now, int64_t *made,
	struct problem *pb)
{
	json_t *before = NULL, *after = NULL;
	int rc = bill_store_statement(db, org, month, &before);

	*made = 0;
	if (!rc && !strcmp(record_str(before, "status"), "issued")) {
		snprintf(reason, sizeof(reason), "the statement of %s is "
			 "issued and closed: correct it with a credit on the "
			 "next month's", month);
		rc = problem_args(pb, ERR_CONFLICT, "month",
				  "facility_statement.closed", reason, 1,
				  (const char *[]){ month });
	} else if (!rc) {
		*made = record_int(before, "id");
		rc = bill_store_clear(db, *made);
	} else if (rc == ERR_NOTFOUND) {
		rc = bill_store_statement_new(db, org, month, now, made);
	}
	if (!rc)
		rc = bill_month(db, *made, org, month, now);
	if (!rc)
		rc = bill_store_total(db, *made, now);
	if (!rc)
		rc = statement_json(db, *made, &after);
	if (!rc)
		rc = audit_write(db, actor, "make", "facility_statement", *made,
				 before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int
facility_statement_make(struct db *db, const struct principal *p,
			int64_t id, json_t *in, json_t **out,
			struct problem *pb)
{
	const char *month;
	int64_t org, made = 0;
	char now[32];
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)) ||
	    (rc = org_month(db, in, &org, &month, pb)))
		return rc;
	time_now_utc(now);
	if ((rc = db_begin(db)))
		return rc;
	rc = make_in(db, &p->actor, org, month, now, &made, pb);
	if ((rc = db_end(db, rc)))
		return rc;
	return statement_json(db, made, out);
}

int
facility_statement_in(struct db *db, const struct audit_actor *actor,
		      int64_t org, const char *month, int64_t *id,
		      struct problem *pb)
{
	char now[32];
	int rc;

	time_now_utc(now);
	rc = make_in(db, actor, org, month, now, id, pb);
	if (!rc)
		rc = bill_store_issue(db, *id, now);
	if (!rc)
		rc = audit_write(db, actor, "issue", "facility_statement", *id,
				 NULL, NULL);
	return rc;
}

int
facility_statement_get(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	(void)in;
	rc = statement_json(db, id, out);
	if (!rc && !auth_is_staff(p) &&
	    auth_require(p, PERM_FACILITY_BOOK, record_int(*out, "org_id"))) {
		json_decref(*out);
		*out = NULL;
		rc = ERR_NOTFOUND;
	}
	return rc == ERR_NOTFOUND ? problem(pb, rc, NULL,
					    "no such statement") : rc;
}

int
facility_statement_issue(struct db *db, const struct principal *p,
			 int64_t id, json_t *in, json_t **out,
			 struct problem *pb)
{
	char now[32];
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)))
		return rc;
	time_now_utc(now);
	if ((rc = db_begin(db)))
		return rc;
	rc = bill_store_issue(db, id, now);
	if (rc == ERR_CONFLICT)
		rc = problem(pb, rc, NULL, "the statement is issued already");
	if (!rc)
		rc = statement_json(db, id, out);
	if (rc == ERR_NOTFOUND)
		rc = problem(pb, rc, NULL, "no such statement");
	if (!rc)
		rc = audit_write(db, &p->actor, "issue", "facility_statement",
				 id, NULL, *out);
	if ((rc = db_end(db, rc))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
facility_statement_issue_month(struct db *db, const struct principal *p,
			       int64_t id, json_t *in, json_t **out,
			       struct problem *pb)
{
	const char *month = record_text(in, "month");
	json_t *orgs = json_array(), *o;
	int64_t made, issued = 0;
	char now[32], day[16], today[TIME_DATE_LEN + 1];
	size_t i;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)))
		goto out;
	if (month)
		snprintf(day, sizeof(day), "%.7s-01", month);
	if (!month || strlen(month) != 7 || !date_valid(day)) {
		rc = problem_key(pb, ERR_INVALID, "month",
				 "facility_statement.month_invalid",
				 "month is required, YYYY-MM");
		goto out;
	}
	time_today_beijing(today);
	if (strncmp(month, today, 7) >= 0) {
		snprintf(reason, sizeof(reason), "%s is not over: its "
			 "statements are issued once it ends", month);
		rc = problem_args(pb, ERR_CONFLICT, "month",
				  "facility_statement.not_over", reason, 1,
				  (const char *[]){ month });
		goto out;
	}
	time_now_utc(now);
	if ((rc = db_begin(db)))
		goto out;
	rc = bill_store_month_orgs(db, month, orgs);
	if (!rc && !json_array_size(orgs)) {
		snprintf(reason, sizeof(reason), "no statement of %s to issue: "
			 "nobody booked, or all are issued", month);
		rc = problem_args(pb, ERR_CONFLICT, "month",
				  "facility_statement.none_to_issue", reason,
				  1, (const char *[]){ month });
	}
	json_array_foreach(orgs, i, o) {
		if (rc || (rc = make_in(db, &p->actor, record_int(o, "org_id"),
					month, now, &made, pb)) ||
		    (rc = bill_store_issue(db, made, now)) ||
		    (rc = audit_write(db, &p->actor, "issue",
				      "facility_statement", made, NULL, NULL)))
			break;
		issued++;
	}
	if (!(rc = db_end(db, rc)))
		*out = json_pack("{s:s,s:I}", "month", month, "issued",
				 (json_int_t)issued);
out:
	json_decref(orgs);
	return rc;
}

/* The month after `month` (YYYY-MM) into out. */
static void
next_month(const char *month, char out[8])
{
	int y = (int)strtol(month, NULL, 10);
	int m = (int)strtol(month + 5, NULL, 10);

	if (++m > 12) {
		m = 1;
		y++;
	}
	snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

int
facility_statement_credit(struct db *db, const struct principal *p,
			  int64_t id, json_t *in, json_t **out,
			  struct problem *pb)
{
	const char *why = record_text(in, "reason");
	json_t *amount = json_object_get(in, "amount_fen");
	json_t *issued = NULL, *next = NULL;
	char now[32], month[8], description[600];
	struct bill_line l = { "credit", 0, 0, id, description, 0, 0, 0 };
	int64_t target = 0;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_FACILITY_WRITE, 0)))
		return rc;
	if (!json_is_integer(amount) || json_integer_value(amount) < 1 ||
	    json_integer_value(amount) > 100000000000)
		return problem(pb, ERR_INVALID, "amount_fen", "amount_fen is "
			       "required: the credit in fen, more than 0");
	if (!why || !*why || strlen(why) > 400)
		return problem(pb, ERR_INVALID, "reason", "reason is required: "
			       "why the statement is corrected (at most 400 "
			       "bytes)");
	rc = bill_store_statement_by_id(db, id, &issued);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such statement");
	if (rc)
		return rc;
	if (strcmp(record_str(issued, "status"), "issued")) {
		json_decref(issued);
		return problem_key(pb, ERR_CONFLICT, NULL,
				   "facility_statement.draft",
				   "the statement is a draft: make it again "
				   "instead");
	}
	next_month(record_str(issued, "month"), month);
	snprintf(description, sizeof(description), "更正 %s 对账单：%s",
		 record_str(issued, "month"), why);
	l.amount_fen = -json_integer_value(amount);
	time_now_utc(now);
	if ((rc = db_begin(db)))
		goto out;
	rc = bill_store_statement(db, record_int(issued, "org_id"), month,
				  &next);
	if (!rc && !strcmp(record_str(next, "status"), "issued")) {
		snprintf(reason, sizeof(reason), "the statement of %s is "
			 "issued too", month);
		memcpy(reason_month, month, sizeof(reason_month));
		rc = problem_args(pb, ERR_CONFLICT, NULL,
				  "facility_statement.next_closed", reason, 1,
				  (const char *[]){ reason_month });
	} else if (!rc) {
		target = record_int(next, "id");
	} else if (rc == ERR_NOTFOUND) {
		rc = bill_store_statement_new(db, record_int(issued, "org_id"),
					      month, now, &target);
	}
	if (!rc)
		rc = bill_store_line(db, target, &l, now);
	if (!rc)
		rc = bill_store_total(db, target, now);
	if (!rc)
		rc = statement_json(db, target, out);
	if (!rc)
		rc = audit_write(db, &p->actor, "credit", "facility_statement",
				 target, next, *out);
	if ((rc = db_end(db, rc))) {
		json_decref(*out);
		*out = NULL;
	}
out:
	json_decref(issued);
	json_decref(next);
	return rc;
}
