/*
 * facility.c - the demo park's shared facilities, 2016-2019 (a step of
 * demo.c after the training history; loader.h), written through
 * src/facility/facility.h:
 *
 * - The five training centres' resources, each owned by the co-builder
 *   that brought it: the robot centre's training room with four robot
 *   cells inside it (HIT Robot), Huawei's ICT lab and network-security
 *   kit, Beijing Traffic Control's train-driving simulator and signalling
 *   room, JD Logistics' sorting line, Zhonggong Group's five-axis CNC
 *   centre and turning bay.
 * - Terms (学期): autumn 2016 to autumn 2019, spring 1 March to 10 July,
 *   autumn 1 September to 15 January.
 * - Opening hours: every resource (the centres' rooms too) on weekdays, 08:00 to 12:30 and 14:00
 *   to 18:00; the park's calendar of 2019, as the State Council's General
 *   Office arranged it (国办发明电〔2018〕15号): its public holidays and
 *   the make-up working days (调休), each with the hours of the weekday
 *   it makes up for.
 * - The 22 partner universities and colleges signed their agreements
 *   (共建共享技术技能实训设施) one every two months from March 2016 to
 *   September 2019, each for five years and every kind of resource, with
 *   40 hours a term.
 * - Two years of their bookings, 20 November 2017 to 17 November 2019:
 *   every fourth week each partner books two seats of one of the seated
 *   resources for two hours, on a weekday and at an hour of its own, in
 *   term time, once its agreement is in force and not on a public
 *   holiday, always within opening hours. Partners i and i + 20
 *   share weekday and hour but never a resource in the same week, so no
 *   booking is refused; each stays well within its 40 hours.
 * So as of 2019-11-18 all 22 partners have an agreement in force and a
 * booking that took place in the 12 months before: the figure is 22
 * because the records say so. The training figures do not change: no
 * session, enrolment or certificate is written here.
 */
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/macros.h"
#include "demo/demo.h"
#include "demo/loader.h"
#include "facility/facility.h"
#include "record/record.h"
#include "training/training.h"

/* A resource of a centre: partner[] index of its owner, -1: inside. */
static const struct resource {
	const char *centre;
	const char *name;
	const char *kind;
	int seats;
	int owner;
	int inside;		/* index in resources[] it lies in, or -1 */
	int share;		/* seats of that one it holds */
	const char *place;
	const char *description;
} resources[] = {
	{ "工业机器人工程中心", "工业机器人实训室", "room", 24, 0, -1, 0,
	  "工业机器人工程中心一层", "六轴工业机器人编程与运维实训，4个工作站" },
	{ "工业机器人工程中心", "工业机器人工作站1号", "cell", 1, 0, 0, 6,
	  "工业机器人实训室", "六轴机器人、视觉检测与上下料单元" },
	{ "工业机器人工程中心", "工业机器人工作站2号", "cell", 1, 0, 0, 6,
	  "工业机器人实训室", "六轴机器人与焊接单元" },
	{ "工业机器人工程中心", "工业机器人工作站3号", "cell", 1, 1, 0, 6,
	  "工业机器人实训室", "SCARA机器人装配单元" },
	{ "工业机器人工程中心", "工业机器人工作站4号", "cell", 1, 2, 0, 6,
	  "工业机器人实训室", "虚拟仿真与离线编程工位" },
	{ "华为ICT技能人才培养基地", "ICT综合实验室", "lab", 40, 3, -1, 0,
	  "ICT基地二层", "人工智能、大数据与云计算实验环境" },
	{ "华为ICT技能人才培养基地", "网络安全攻防实训平台", "kit", 20, 3, -1,
	  0, "ICT基地二层", "网络与信息安全攻防演练套件" },
	{ "城市轨道交通实训中心", "城轨列车驾驶模拟器", "machine", 1, 4, -1, 0,
	  "城轨实训中心一层", "全尺寸司机室驾驶仿真" },
	{ "城市轨道交通实训中心", "城轨信号实训室", "room", 30, 4, -1, 0,
	  "城轨实训中心二层", "CBTC信号系统仿真" },
	{ "京东物流公共实训中心", "智能仓储分拣实训线", "cell", 12, 5, -1, 0,
	  "京东物流实训中心", "自动分拣、AGV与仓储管理系统" },
	{ "高端数控加工实训中心", "五轴数控加工中心", "machine", 1, 6, -1, 0,
	  "数控实训中心一层", "五轴联动加工" },
	{ "高端数控加工实训中心", "数控车削实训区", "cell", 16, 6, -1, 0,
	  "数控实训中心一层", "数控车床8台，每台2个工位" },
};

/* Every resource's hours on each weekday (1 Monday to 5 Friday). */
static const char *const opens[] = { "08:00", "14:00" };
static const char *const closes[] = { "12:30", "18:00" };

/*
 * The park's calendar of 2019: a holiday closes a day; a make-up working
 * day (weekday > 0) opens it with that weekday's hours.
 */
static const struct day {
	const char *on;
	const char *name;
	int weekday;		/* 0: a holiday */
} days[] = {
	{ "2019-01-01", "元旦", 0 },
	{ "2019-02-02", "春节调休上班", 4 },
	{ "2019-02-03", "春节调休上班", 5 },
	{ "2019-02-04", "春节", 0 }, { "2019-02-05", "春节", 0 },
	{ "2019-02-06", "春节", 0 }, { "2019-02-07", "春节", 0 },
	{ "2019-02-08", "春节", 0 }, { "2019-02-09", "春节", 0 },
	{ "2019-02-10", "春节", 0 },
	{ "2019-04-05", "清明节", 0 },
	{ "2019-04-28", "劳动节调休上班", 4 },
	{ "2019-05-01", "劳动节", 0 }, { "2019-05-02", "劳动节", 0 },
	{ "2019-05-03", "劳动节", 0 }, { "2019-05-04", "劳动节", 0 },
	{ "2019-05-05", "劳动节调休上班", 5 },
	{ "2019-06-07", "端午节", 0 },
	{ "2019-09-13", "中秋节", 0 },
	{ "2019-09-29", "国庆节调休上班", 5 },
	{ "2019-10-01", "国庆节", 0 }, { "2019-10-02", "国庆节", 0 },
	{ "2019-10-03", "国庆节", 0 }, { "2019-10-04", "国庆节", 0 },
	{ "2019-10-05", "国庆节", 0 }, { "2019-10-06", "国庆节", 0 },
	{ "2019-10-07", "国庆节", 0 },
	{ "2019-10-12", "国庆节调休上班", 1 },
};

static const struct term {
	const char *name;
	const char *starts_on;
	const char *ends_on;
} terms[] = {
	{ "2016 秋季学期", "2016-09-01", "2017-01-15" },
	{ "2017 春季学期", "2017-03-01", "2017-07-10" },
	{ "2017 秋季学期", "2017-09-01", "2018-01-15" },
	{ "2018 春季学期", "2018-03-01", "2018-07-10" },
	{ "2018 秋季学期", "2018-09-01", "2019-01-15" },
	{ "2019 春季学期", "2019-03-01", "2019-07-10" },
	{ "2019 秋季学期", "2019-09-01", "2020-01-15" },
};

/* Each partner's hour of the day, by the fifth of the partners it is. */
static const char *const slot_from[] = { "08:30", "10:30", "14:00", "16:00" };
static const char *const slot_to[] = { "10:30", "12:30", "16:00", "18:00" };

#define FIRST_MONDAY "2017-11-20"
#define TERM_MINUTES (40 * 60)

struct state {
	struct loader *l;
	int64_t resource[ARRAY_SIZE(resources)];
	int64_t term[ARRAY_SIZE(terms)];
	char signed_on[N_SCHOOLS][16];
	char ends_on[N_SCHOOLS][16];
	int bookable[ARRAY_SIZE(resources)];	/* seated, not inside */
	int nbookable;
};

/* The id of the training centre named `name`, into *id. */
static int
centre_id(struct loader *l, const char *name, int64_t *id)
{
	struct record_filter f = { 0 };
	json_t *items = NULL;
	int64_t total;
	int rc;

	f.eq_col[0] = "name";
	f.eq_val[0] = name;
	f.neq = 1;
	f.limit = 1;
	rc = record_list(l->db, &training_centre_table, &f, &items, &total);
	*id = json_integer_value(json_object_get(json_array_get(items, 0),
						 "id"));
	json_decref(items);
	if (!rc && !*id)
		rc = ERR_NOTFOUND;
	return rc ? demo_failed(l, rc, NULL, "training centre", name) : 0;
}

static int
load_resources(struct state *s)
{
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(resources) && !rc; i++) {
		const struct resource *r = &resources[i];
		int64_t centre;
		json_t *in;

		if ((rc = centre_id(s->l, r->centre, &centre)))
			break;
		in = json_pack("{s:s,s:s,s:i,s:I,s:s,s:I,s:s}", "name",
			       r->name, "kind", r->kind, "seats", r->seats,
			       "centre_id", (json_int_t)centre, "place",
			       r->place, "owner_org_id",
			       (json_int_t)s->l->partner[r->owner],
			       "description", r->description);
		if (r->inside >= 0) {
			json_object_set_new(in, "parent_id", json_integer(
				s->resource[r->inside]));
			json_object_set_new(in, "parent_seats",
					    json_integer(r->share));
		} else if (r->seats > 1) {
			s->bookable[s->nbookable++] = (int)i;
		}
		rc = demo_add_record(s->l, &facility_resource_table, in,
				     &s->resource[i], "resource", r->name);
	}
	return rc;
}

/* The same hours for every resource of the park, the rooms too. */
static int
load_hours(struct state *s)
{
	struct record_filter f = { 0 };
	json_t *items = NULL, *res;
	int64_t total;
	size_t i;
	int rc;

	f.limit = 1000;
	rc = record_list(s->l->db, &facility_resource_table, &f, &items,
			 &total);
	json_array_foreach(items, i, res)
		for (int d = 1; d <= 5 && !rc; d++)
			for (size_t k = 0; k < ARRAY_SIZE(opens) && !rc; k++)
				rc = demo_add_record(s->l, &facility_hours_table,
					json_pack("{s:O,s:i,s:s,s:s}",
					"resource_id", json_object_get(res,
					"id"), "weekday", d, "opens_at",
					opens[k], "closes_at", closes[k]),
					NULL, "hours", json_string_value(
					json_object_get(res, "name")));
	json_decref(items);
	return rc;
}

static int
load_calendar(struct state *s)
{
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(days) && !rc; i++) {
		json_t *in = json_pack("{s:s,s:s,s:s}", "on_date", days[i].on,
				       "kind", days[i].weekday ? "workday" :
				       "holiday", "name", days[i].name);

		if (days[i].weekday)
			json_object_set_new(in, "as_weekday",
					    json_integer(days[i].weekday));
		rc = demo_add_record(s->l, &facility_day_table, in, NULL,
				     "calendar day", days[i].on);
	}
	return rc;
}

/* Whether the park is closed for a public holiday on `date`. */
static bool
holiday(const char *date)
{
	for (size_t i = 0; i < ARRAY_SIZE(days); i++)
		if (!days[i].weekday && !strcmp(days[i].on, date))
			return true;
	return false;
}

static int
load_terms(struct state *s)
{
	int rc = 0;

	for (size_t t = 0; t < ARRAY_SIZE(terms) && !rc; t++)
		rc = demo_add_record(s->l, &facility_term_table, json_pack(
			"{s:s,s:s,s:s}", "name", terms[t].name, "starts_on",
			terms[t].starts_on, "ends_on", terms[t].ends_on),
			&s->term[t], "term", terms[t].name);
	return rc;
}

/* Partner i signed in the month 2i after March 2016, for five years. */
static int
load_agreements(struct state *s)
{
	struct loader *l = s->l;
	int rc = 0;

	for (int i = 0; i < N_SCHOOLS && !rc; i++) {
		int month = 2 + 2 * i;	/* from January 2016, 0-based */
		int64_t agreement;

		demo_day_format(demo_day_number(2016 + month / 12,
				month % 12 + 1, 1), s->signed_on[i]);
		demo_day_format(demo_day_number(2021 + month / 12,
				month % 12 + 1, 1) - 1, s->ends_on[i]);
		rc = demo_add_record(l, &facility_agreement_table, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s}", "org_id",
			(json_int_t)l->school[i], "title",
			"共建共享技术技能实训设施合作协议", "signed_on",
			s->signed_on[i], "starts_on", s->signed_on[i],
			"ends_on", s->ends_on[i], "kinds",
			"room,cell,machine,kit,lab"), &agreement,
			"agreement", s->signed_on[i]);
		for (size_t t = 0; t < ARRAY_SIZE(terms) && !rc; t++) {
			if (strcmp(terms[t].ends_on, s->signed_on[i]) < 0 ||
			    strcmp(terms[t].starts_on, s->ends_on[i]) > 0)
				continue;
			rc = demo_add_record(l, &facility_allocation_table,
				json_pack("{s:I,s:I,s:i}", "agreement_id",
				(json_int_t)agreement, "term_id",
				(json_int_t)s->term[t], "minutes",
				TERM_MINUTES), NULL, "allocation",
				terms[t].name);
		}
	}
	return rc;
}

static bool
in_term(const char *date)
{
	for (size_t t = 0; t < ARRAY_SIZE(terms); t++)
		if (strcmp(terms[t].starts_on, date) <= 0 &&
		    strcmp(date, terms[t].ends_on) <= 0)
			return true;
	return false;
}

static int
load_bookings(struct state *s)
{
	struct loader *l = s->l;
	int64_t first = demo_day(FIRST_MONDAY), last = demo_day(DEMO_AS_OF);
	int rc = 0;

	for (int64_t week = 0; first + 7 * week < last && !rc; week++) {
		for (int i = 0; i < N_SCHOOLS && !rc; i++) {
			struct problem pb = { 0 };
			int64_t id;
			char on[16];
			json_t *in;

			demo_day_format(first + 7 * week + i % 5, on);
			if ((week + i) % 4 || demo_day(on) >= last ||
			    !in_term(on) || holiday(on) ||
			    strcmp(on, s->signed_on[i]) < 0)
				continue;
			in = json_pack("{s:I,s:I,s:s,s:s,s:s,s:i,s:s}",
				"resource_id", (json_int_t)s->resource[
				s->bookable[(week + i) % s->nbookable]],
				"org_id", (json_int_t)l->school[i], "on", on,
				"from", slot_from[i / 5 % 4], "to",
				slot_to[i / 5 % 4], "seats", 2, "purpose",
				"合作院校学生实训");
			rc = facility_book_in(l->db, l->actor, in, &id, &pb);
			json_decref(in);
			if (rc)
				rc = demo_failed(l, rc, &pb, "booking", on);
		}
	}
	return rc;
}

int
demo_load_facility(struct loader *l)
{
	struct state s = { 0 };
	int rc;

	s.l = l;
	if (!(rc = load_resources(&s)) && !(rc = load_hours(&s)) &&
	    !(rc = load_calendar(&s)) && !(rc = load_terms(&s)) &&
	    !(rc = load_agreements(&s)))
		rc = load_bookings(&s);
	return rc;
}
