/*
 * ical.c - calendar feeds of bookings (day_int.h): secret subscription
 * URLs (kept by account/feed.h with the account's other secrets) and the
 * iCalendar text they answer (RFC 5545), written with libical.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/feed.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "facility/day_int.h"

/* The zone of every time a feed shows: China has kept UTC+8 since 1991. */
#define FEED_TZID "Asia/Shanghai"
#define FEED_OFFSET (8 * 3600)

static const char *const feed_scopes[] = {
	[FACILITY_FEED_RESOURCE] = "facility_resource",
	[FACILITY_FEED_ORG] = "facility_org",
	[FACILITY_FEED_PERSON] = "facility_person",
};

static const char *const scope_names[] = {
	[FACILITY_FEED_RESOURCE] = "resource",
	[FACILITY_FEED_ORG] = "org",
	[FACILITY_FEED_PERSON] = "person",
};

/*
 * Whether `p` may see what feed `scope` of `subject` shows: the catalogue
 * for a resource, its own organisation (staff: any), its own person.
 */
static bool
may_see(struct db *db, const struct principal *p, enum facility_feed scope,
	int64_t subject)
{
	struct facility_resource_row res;

	switch (scope) {
	case FACILITY_FEED_RESOURCE:
		return !auth_require(p, PERM_FACILITY_READ, 0) &&
		       !facility_store_resource(db, subject, &res);
	case FACILITY_FEED_ORG:
		return auth_is_staff(p) ||
		       (subject > 0 && !auth_require(p, PERM_FACILITY_BOOK,
						     subject));
	case FACILITY_FEED_PERSON:
		return subject > 0 && p->person_id == subject;
	}
	return false;
}

int
facility_feed_create(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	const char *scope = record_text(in, "scope");
	char token[SECRET_TOKEN_LEN], url[96];
	enum facility_feed which;
	int64_t subject = 0, feed = 0;
	const char *key;
	json_t *v;
	int rc;

	(void)id;
	*out = NULL;
	json_object_foreach(in, key, v) {
		if (strcmp(key, "scope") && strcmp(key, "resource_id") &&
		    strcmp(key, "org_id"))
			return problem(pb, ERR_INVALID, key, "unknown field");
	}
	if (!scope)
		return problem(pb, ERR_INVALID, "scope", "scope is required: "
			       "resource, org or person");
	if (!strcmp(scope, "resource")) {
		which = FACILITY_FEED_RESOURCE;
		subject = record_int(in, "resource_id");
		if (subject <= 0)
			return problem(pb, ERR_INVALID, "resource_id",
				       "resource_id is required");
	} else if (!strcmp(scope, "org")) {
		which = FACILITY_FEED_ORG;
		subject = auth_is_staff(p) ? record_int(in, "org_id") :
			  p->org_id;
		if (auth_is_staff(p) && subject <= 0)
			return problem(pb, ERR_INVALID, "org_id",
				       "org_id is required: the organisation "
				       "whose bookings it shows");
	} else if (!strcmp(scope, "person")) {
		which = FACILITY_FEED_PERSON;
		subject = p->person_id;
	} else {
		return problem(pb, ERR_INVALID, "scope", "scope must be "
			       "resource, org or person");
	}
	if (!may_see(db, p, which, subject))
		return which == FACILITY_FEED_RESOURCE ?
		       problem(pb, ERR_INVALID, "resource_id", "resource_id "
			       "refers to no such resource") :
		       problem(pb, ERR_FORBIDDEN, "scope", which ==
			       FACILITY_FEED_ORG ? "your account belongs to "
			       "no organisation that books" : "your account "
			       "is not linked to a person");
	if ((rc = db_begin(db)))
		return rc;
	rc = account_feed_new(db, &p->actor, p->account_id, feed_scopes[which],
			      subject, token, &feed);
	if ((rc = db_end(db, rc)))
		return rc;
	snprintf(url, sizeof(url), "/feeds/facility/%s.ics", token);
	*out = json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)feed, "scope",
			 scope_names[which], "subject_id", (json_int_t)subject,
			 "url", url);
	return 0;
}

int
facility_feed_list(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	json_t *items = NULL, *f;
	size_t i;
	int rc;

	(void)id;
	(void)in;
	(void)pb;
	*out = NULL;
	if ((rc = account_feeds(db, p->account_id, &items))) {
		json_decref(items);
		return rc;
	}
	/* The scope as the API says it ("org"), not as it is stored. */
	json_array_foreach(items, i, f) {
		const char *scope = record_str(f, "scope");
		size_t s = 0;

		while (s < sizeof(feed_scopes) / sizeof(feed_scopes[0]) &&
		       strcmp(scope, feed_scopes[s]))
			s++;
		if (s < sizeof(feed_scopes) / sizeof(feed_scopes[0]))
			json_object_set_new(f, "scope", json_string(
					    scope_names[s]));
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int
facility_feed_revoke(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	(void)in;
	*out = NULL;
	rc = account_feed_revoke(db, &p->actor, id, p->account_id);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such feed");
	if (!rc)
		*out = json_pack("{s:I,s:b}", "id", (json_int_t)id, "revoked",
				 1);
	return rc;
}

/* ---- the calendar ---- */

/* A stored UTC time as an iCalendar time in UTC, or in Beijing time. */
static struct icaltimetype
ical_time(const char *utc, bool local)
{
	struct icaltimetype t = icaltime_null_time();
	time_t when;
	struct tm tm;

	if (time_parse_utc(utc, &when))
		return t;
	if (local)
		when += FEED_OFFSET;
	gmtime_r(&when, &tm);
	t.year = tm.tm_year + 1900;
	t.month = tm.tm_mon + 1;
	t.day = tm.tm_mday;
	t.hour = tm.tm_hour;
	t.minute = tm.tm_min;
	t.second = tm.tm_sec;
	if (!local)
		t.zone = icaltimezone_get_utc_timezone();
	return t;
}

/* DTSTART or DTEND in Beijing time, with the zone named. */
static icalproperty *
local_property(icalproperty *prop)
{
	icalproperty_add_parameter(prop, icalparameter_new_tzid(FEED_TZID));
	return prop;
}

/* The zone's VTIMEZONE: one standard offset, +08:00, since 1970. */
static icalcomponent *
shanghai(void)
{
	struct icaltimetype start = icaltime_null_time();
	icalcomponent *std = icalcomponent_new(ICAL_XSTANDARD_COMPONENT);

	start.year = 1970;
	start.month = 1;
	start.day = 1;
	icalcomponent_add_property(std, icalproperty_new_dtstart(start));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetfrom(
				   FEED_OFFSET));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetto(
				   FEED_OFFSET));
	icalcomponent_add_property(std, icalproperty_new_tzname("CST"));
	return icalcomponent_vanew(ICAL_VTIMEZONE_COMPONENT,
				   icalproperty_new_tzid(FEED_TZID), std,
				   (void *)0);
}

static icalproperty *
x_property(const char *name, const char *value)
{
	icalproperty *prop = icalproperty_new_x(value);

	icalproperty_set_x_name(prop, name);
	return prop;
}

/*
 * Booking `b` as a VEVENT; `who` says whether the feed's account may see
 * who booked it (else it is only "已预约", booked).
 */
static icalcomponent *
event(const json_t *b, bool who)
{
	const char *status = record_str(b, "status");
	char uid[64], summary[800], description[600];
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	enum icalproperty_status st = ICAL_STATUS_CANCELLED;

	if (!strcmp(status, "confirmed"))
		st = ICAL_STATUS_CONFIRMED;
	else if (!strcmp(status, "pending"))
		st = ICAL_STATUS_TENTATIVE;
	snprintf(uid, sizeof(uid), "facility-booking-%lld@jianggu",
		 (long long)record_int(b, "id"));
	if (who)
		snprintf(summary, sizeof(summary), "%s · %s",
			 record_str(b, "resource_name"),
			 record_str(b, "org_name"));
	else
		snprintf(summary, sizeof(summary), "%s · 已预约",
			 record_str(b, "resource_name"));
	snprintf(description, sizeof(description), "%s%s%s%lld 个座位",
		 who ? record_str(b, "purpose") : "",
		 who && *record_str(b, "purpose") ? "\n" : "",
		 who && *record_str(b, "person_name") ? record_str(b,
		 "person_name") : "", (long long)record_int(b, "seats"));
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(ical_time(
				   record_str(b, "updated_at"), false)));
	icalcomponent_add_property(ev, icalproperty_new_created(ical_time(
				   record_str(b, "created_at"), false)));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(
				   ical_time(record_str(b, "updated_at"),
					     false)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
				   (int)record_int(b, "sequence")));
	icalcomponent_add_property(ev, local_property(icalproperty_new_dtstart(
				   ical_time(record_str(b, "starts_at"),
					     true))));
	icalcomponent_add_property(ev, local_property(icalproperty_new_dtend(
				   ical_time(record_str(b, "ends_at"),
					     true))));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (*record_str(b, "place"))
		icalcomponent_add_property(ev, icalproperty_new_location(
					   record_str(b, "place")));
	icalcomponent_add_property(ev, icalproperty_new_description(
				   description));
	icalcomponent_add_property(ev, icalproperty_new_status(st));
	return ev;
}

/* The feed's name: what it shows, in the park's words. */
static void
calendar_name(struct db *db, enum facility_feed scope, int64_t subject,
	      const json_t *items, char *out, size_t len)
{
	struct facility_resource_row res;
	const json_t *first = json_array_get(items, 0);

	if (scope == FACILITY_FEED_RESOURCE &&
	    !facility_store_resource(db, subject, &res))
		snprintf(out, len, "%s · 共享设施预约", res.name);
	else if (scope == FACILITY_FEED_ORG && first)
		snprintf(out, len, "%s · 共享设施预约",
			 record_str(first, "org_name"));
	else if (scope == FACILITY_FEED_PERSON && first &&
		 *record_str(first, "person_name"))
		snprintf(out, len, "%s · 共享设施预约",
			 record_str(first, "person_name"));
	else
		snprintf(out, len, "共享设施预约");
}

int
facility_feed_ics(struct db *db, struct arena *a, const char *token,
		  char **out)
{
	struct account_feed f;
	enum facility_feed scope = FACILITY_FEED_RESOURCE;
	char since[32], name[500];
	icalcomponent *cal = NULL;
	json_t *items = json_array(), *b;
	bool found = false, staff;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = account_feed_find(db, a, token, &f)))
		goto out;
	for (size_t s = 0; s < sizeof(feed_scopes) / sizeof(feed_scopes[0]);
	     s++)
		if (!strcmp(f.scope, feed_scopes[s])) {
			scope = (enum facility_feed)s;
			found = true;
		}
	if (!found || !may_see(db, &f.owner, scope, f.subject_id)) {
		rc = ERR_NOTFOUND;
		goto out;
	}
	time_utc_in(since, -(long)FACILITY_FEED_DAYS * 86400);
	if ((rc = day_store_feed(db, scope, f.subject_id, since, items)))
		goto out;
	calendar_name(db, scope, f.subject_id, items, name, sizeof(name));
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
				  icalproperty_new_version("2.0"),
				  icalproperty_new_prodid("-//jianggu//facility "
							  "bookings//ZH"),
				  icalproperty_new_calscale("GREGORIAN"),
				  icalproperty_new_method(ICAL_METHOD_PUBLISH),
				  x_property("X-WR-CALNAME", name),
				  x_property("X-WR-TIMEZONE", FEED_TZID),
				  shanghai(), (void *)0);
	staff = auth_is_staff(&f.owner);
	json_array_foreach(items, i, b)
		icalcomponent_add_component(cal, event(b, staff || scope !=
					    FACILITY_FEED_RESOURCE ||
					    record_int(b, "org_id") ==
					    f.owner.org_id));
	*out = icalcomponent_as_ical_string_r(cal);
	if (!*out)
		rc = ERR_NOMEM;
out:
	if (cal)
		icalcomponent_free(cal);
	json_decref(items);
	return rc;
}
