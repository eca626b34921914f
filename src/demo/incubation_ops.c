/*
 * incubation_ops.c - the demo park's space, leases and periodic reports,
 * 2014-2019 (a step of demo.c after the incubation history; loader.h),
 * written through the tables of src/incubation/incubation.h:
 *
 * - Four buildings: 创业园1号楼 (2014; desks on the ground floor, offices
 *   above), 创业园2号楼 (2016), the drone training-workshop building
 *   无人机实训楼 (2018) and the drone science-education base
 *   无人机科普教育基地 (2019).
 * - Every startup leases an office from its admission until it graduated
 *   (those in the park: at least to the end of 2020); the newest, admitted
 *   from June 2019, take desks. Units are given first come, first served,
 *   so no two leases of a unit overlap (the database would refuse it).
 * - The drone firm the article names (吉林龙航科技服务有限公司) starts in a
 *   40 m² office, moves to a 120 m² one in July 2017, leases the whole
 *   training-workshop building from May 2018, and adds the science-
 *   education base in April 2019: its area over time is the article's
 *   story.
 * - Reports: an annual report (企业年报) for every year a startup was in
 *   the park on 31 December, 2014-2018, and monthly reports (企业月报)
 *   July to October 2019 from every startup incubated by a month's
 *   deadline and not gone before it began (one admitted between the end
 *   of October and its deadline files October as its baseline). All are
 *   accepted two days after their deadline, except three October reports
 *   still awaiting review and two not in yet (late) on 2019-11-18.
 * - The numbers add up to the article's. Each startup's latest accepted
 *   report counts its founder as a university-student founder and its
 *   staff in the party ledger (demo.c) as its employees, a third of them
 *   students and the rest recent graduates: 62 founders + 362 employees =
 *   424 students in entrepreneurship and employment. The latest annual
 *   reports' output values share 300,000,000 yuan by team size (the drone
 *   firm's weighted threefold); earlier reports grow towards them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "demo/demo.h"
#include "demo/loader.h"
#include "incubation/incubation.h"


enum {
	MAX_UNITS = 128,
	OUTPUT_YUAN = 300000000,	/* the article's output value */
	FIRST_MONTH = 7, LAST_MONTH = 10,	/* monthly reports of 2019 */
	N_PENDING = 3,		/* October reports awaiting review */
	N_MISSING = 2,		/* October reports not in */
};

struct unit {
	int64_t id;
	int64_t area;		/* 0.01 m² */
	const char *kind;
	char opened[16];
	char busy_until[16];	/* the last day of its last lease */
	bool reserved;		/* the drone firm's */
};

/* What the step knows of a startup: the lifecycle inc-core loaded. */
struct life {
	char admitted[16];
	char left[16];		/* graduated on; "" while in the park */
	int64_t output_yuan;	/* of its latest annual report */
	int annual_from, annual_to;	/* years of annual reports */
	int pending;		/* 1: October awaiting review; 2: not in */
};

struct state {
	struct loader *l;
	struct unit units[MAX_UNITS];
	int nunits;
	struct life life[N_STARTUPS];
	int64_t monthly, annual;	/* template ids */
	int64_t month_period[LAST_MONTH + 1];
	int64_t year_period[2019];
	int drone;			/* index of the named drone firm */
};

/* ---- space ------------------------------------------------------------ */

struct floor_plan {
	int level;
	const char *kind;
	int units;
	const int64_t *areas;	/* cycled */
	int nareas;
};

static const int64_t desk_areas[] = { 600 };
static const int64_t office_areas[] = { 4000, 6000, 8000, 12000, 6000,
					8000 };

static int
add_floor(struct state *s, int64_t building, const char *bname,
	  const char *opened, const struct floor_plan *f)
{
	struct loader *l = s->l;
	char code[16], name[16];
	int64_t floor;
	int rc;

	snprintf(name, sizeof(name), "%d层", f->level);
	rc = demo_add_record(l, &inc_floor_table, json_pack(
		"{s:I,s:i,s:s}", "building_id", (json_int_t)building,
		"level", f->level, "name", name), &floor, "floor of", bname);
	for (int i = 0; i < f->units && !rc; i++) {
		struct unit *u = &s->units[s->nunits];

		if (s->nunits == MAX_UNITS)
			return demo_failed(l, ERR_TOOBIG, NULL, "units of",
					   bname);
		if (!strcmp(f->kind, "desk"))
			snprintf(code, sizeof(code), "D%02d", i + 1);
		else
			snprintf(code, sizeof(code), "%d%02d", f->level,
				 i + 1);
		u->area = f->areas[i % f->nareas];
		u->kind = f->kind;
		snprintf(u->opened, sizeof(u->opened), "%s", opened);
		u->busy_until[0] = '\0';
		u->reserved = false;
		rc = demo_add_record(l, &inc_unit_table, json_pack(
			"{s:I,s:s,s:s,s:I}", "floor_id", (json_int_t)floor,
			"code", code, "kind", f->kind, "area",
			(json_int_t)u->area), &u->id, "unit of", bname);
		s->nunits++;
	}
	return rc;
}

static int
add_building(struct state *s, const char *name, const char *opened,
	     const char *note, const struct floor_plan *floors, size_t n)
{
	int64_t id;
	int rc = demo_add_record(s->l, &inc_building_table, json_pack(
		"{s:s,s:s,s:s,s:s}", "name", name,
		"address", "吉林省长春市九台区九台大学生创业园",
		"opened_on", opened, "note", note), &id, "building", name);

	for (size_t i = 0; i < n && !rc; i++)
		rc = add_floor(s, id, name, opened, &floors[i]);
	return rc;
}

/* The units of the drone firm's story, by where they were added. */
static int drone_office, drone_big_office, drone_hall, drone_hall2,
	   drone_base;

static int
load_buildings(struct state *s)
{
	static const struct floor_plan one[] = {
		{ 1, "desk", 24, desk_areas, 1 },
		{ 2, "office", 8, office_areas, 6 },
		{ 3, "office", 8, office_areas, 6 },
		{ 4, "office", 8, office_areas, 6 },
		{ 5, "office", 8, office_areas, 6 },
	};
	static const struct floor_plan two[] = {
		{ 1, "office", 6, office_areas + 1, 5 },
		{ 2, "office", 6, office_areas + 1, 5 },
		{ 3, "office", 6, office_areas + 1, 5 },
		{ 4, "office", 6, office_areas + 1, 5 },
	};
	static const int64_t hall[] = { 120000 }, classroom[] = { 80000 },
		base[] = { 60000 };
	static const struct floor_plan workshop[] = {
		{ 1, "workshop", 1, hall, 1 },
		{ 2, "workshop", 1, classroom, 1 },
	};
	static const struct floor_plan science[] = {
		{ 1, "workshop", 1, base, 1 },
	};
	int rc;

	rc = add_building(s, "创业园1号楼", "2014-01-01",
			  "孵化楼：一层开放工位，二至五层办公室", one,
			  ARRAY_SIZE(one));
	/* The drone firm's first, 40 m² office and its 120 m² one. */
	drone_office = 24 + 8;			/* 301: 40 m² */
	drone_big_office = 24 + 3 * 8 + 3;	/* 504: 120 m² */
	if (!rc)
		rc = add_building(s, "创业园2号楼", "2016-06-01",
				  "孵化楼：办公室", two, ARRAY_SIZE(two));
	drone_hall = s->nunits;
	drone_hall2 = s->nunits + 1;
	if (!rc)
		rc = add_building(s, "无人机实训楼", "2018-03-01",
				  "无人机培训实训车间，整栋出租", workshop,
				  ARRAY_SIZE(workshop));
	drone_base = s->nunits;
	if (!rc)
		rc = add_building(s, "无人机科普教育基地", "2019-01-01",
				  "青少年无人机科普教育", science,
				  ARRAY_SIZE(science));
	if (!rc && (s->units[drone_office].area != 4000 ||
		    s->units[drone_big_office].area != 12000))
		rc = demo_failed(s->l, ERR_INVALID, NULL, "unit plan", "");
	s->units[drone_office].reserved = true;
	s->units[drone_big_office].reserved = true;
	s->units[drone_hall].reserved = true;
	s->units[drone_hall2].reserved = true;
	s->units[drone_base].reserved = true;
	return rc;
}

static int
add_lease(struct state *s, int i, struct unit *u, const char *from,
	  const char *to, int64_t rent)
{
	const struct startup *st = &s->l->startups[i];

	snprintf(u->busy_until, sizeof(u->busy_until), "%s", to);
	/* Deposit: two months' rent. */
	return demo_add_record(s->l, &inc_lease_table, json_pack(
		"{s:I,s:I,s:s,s:s,s:I,s:I}", "unit_id", (json_int_t)u->id,
		"org_id", (json_int_t)st->id, "starts_on", from, "ends_on",
		to, "rent_per_m2_fen", (json_int_t)rent, "deposit_fen",
		(json_int_t)(u->area * rent * 2 / 100)), NULL, "lease of",
		st->name);
}

static int
drone_leases(struct state *s, int i)
{
	const char *from = s->life[i].admitted;
	int rc;

	rc = add_lease(s, i, &s->units[drone_office], from, "2017-06-30",
		       2000);
	if (!rc)
		rc = add_lease(s, i, &s->units[drone_big_office],
			       "2017-07-01", "2018-04-30", 2000);
	if (!rc)
		rc = add_lease(s, i, &s->units[drone_hall], "2018-05-01",
			       "2021-04-30", 1200);
	if (!rc)
		rc = add_lease(s, i, &s->units[drone_hall2], "2018-05-01",
			       "2021-04-30", 1200);
	if (!rc)
		rc = add_lease(s, i, &s->units[drone_base], "2019-04-01",
			       "2022-03-31", 1000);
	return rc;
}

static int
load_leases(struct state *s)
{
	int order[N_STARTUPS], rc = 0;

	/* First come, first served: by admission (a stable insertion). */
	for (int i = 0; i < N_STARTUPS; i++) {
		int k = i;

		for (; k > 0 && strcmp(s->life[order[k - 1]].admitted,
				       s->life[i].admitted) > 0; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (int k = 0; k < N_STARTUPS && !rc; k++) {
		int i = order[k];
		const struct life *f = &s->life[i];
		const char *kind = strcmp(f->admitted, "2019-06-01") >= 0 ?
				   "desk" : "office";
		char to[16];
		struct unit *u = NULL;

		if (i == s->drone) {
			rc = drone_leases(s, i);
			continue;
		}
		if (*f->left)
			demo_day_format(demo_day(f->left) - 1, to);
		else
			demo_day_format(demo_day(f->admitted) + 3 * 365, to);
		if (!*f->left && strcmp(to, "2020-12-31") < 0)
			snprintf(to, sizeof(to), "2020-12-31");
		for (int j = 0; j < s->nunits && !u; j++)
			if (!s->units[j].reserved &&
			    !strcmp(s->units[j].kind, kind) &&
			    strcmp(s->units[j].opened, f->admitted) <= 0 &&
			    strcmp(s->units[j].busy_until, f->admitted) < 0)
				u = &s->units[j];
		if (!u)
			return demo_failed(s->l, ERR_CONFLICT, NULL,
					   "no free unit for",
					   s->l->startups[i].name);
		rc = add_lease(s, i, u, f->admitted, to, !strcmp(kind,
			       "desk") ? 0 : 1500 + 100 * (int64_t)
			       demo_rng_below(&s->l->rng, 11));
	}
	return rc;
}

/* ---- reports ---------------------------------------------------------- */

static int
load_templates(struct state *s)
{
	int rc;
	char d[32];

	rc = demo_add_record(s->l, &inc_template_table, json_pack(
		"{s:s,s:s,s:s,s:i,s:s}", "name", "企业月报", "kind",
		"monthly", "fields", "employees,student_employees,"
		"graduate_employees,student_founders,revenue_fen",
		"due_days", 10, "note", "每月10日前报送上月情况"),
		&s->monthly, "template", "企业月报");
	if (!rc)
		rc = demo_add_record(s->l, &inc_template_table, json_pack(
			"{s:s,s:s,s:s,s:i,s:s}", "name", "企业年报", "kind",
			"annual", "fields", "employees,student_employees,"
			"graduate_employees,student_founders,revenue_fen,"
			"output_value_fen,rd_spend_fen,tax_fen,"
			"financing_fen,patents,other_ip", "due_days", 90,
			"note", "次年3月31日前报送上年情况"), &s->annual,
			"template", "企业年报");
	for (int y = 2014; y <= 2018 && !rc; y++) {
		char from[32], to[32];

		snprintf(from, sizeof(from), "%d-01-01", y);
		snprintf(to, sizeof(to), "%d-12-31", y);
		snprintf(d, sizeof(d), "%d-03-31", y + 1);
		rc = demo_add_record(s->l, &inc_period_table, json_pack(
			"{s:I,s:s,s:s,s:s}", "template_id",
			(json_int_t)s->annual, "starts_on", from, "ends_on",
			to, "due_on", d), &s->year_period[y], "annual period",
			from);
	}
	for (int m = FIRST_MONTH; m <= LAST_MONTH && !rc; m++) {
		char from[32], to[32];

		snprintf(from, sizeof(from), "2019-%02d-01", m);
		demo_day_format(demo_day_number(2019, m + 1, 1) - 1, to);
		snprintf(d, sizeof(d), "2019-%02d-10", m + 1);
		rc = demo_add_record(s->l, &inc_period_table, json_pack(
			"{s:I,s:s,s:s,s:s}", "template_id",
			(json_int_t)s->monthly, "starts_on", from, "ends_on",
			to, "due_on", d), &s->month_period[m],
			"monthly period", from);
	}
	return rc;
}

/* The staff a startup counts at a point `num`/`den` of its growth. */
static int64_t
grown(int64_t final, int num, int den)
{
	return den ? final * num / den : final;
}

/*
 * One report of startup i for period `period`: its values at `num`/`den`
 * of the way to the final ones, and its state.
 */
static int
add_report(struct state *s, int i, int64_t period, const char *due,
	   bool annual, int num, int den, int64_t output_yuan,
	   const char *status)
{
	const struct startup *st = &s->l->startups[i];
	int64_t e = grown(st->staff, num, den), out = output_yuan * 100;
	char submitted[32], reviewed[32], on[16];
	json_t *in;

	demo_day_format(demo_day(due) - 3, on);
	snprintf(submitted, sizeof(submitted), "%sT02:00:00Z", on);
	demo_day_format(demo_day(due) + 2, on);
	snprintf(reviewed, sizeof(reviewed), "%sT03:00:00Z", on);
	in = json_pack("{s:I,s:I,s:s,s:I,s:I,s:I,s:i,s:I,s:s}",
		       "period_id", (json_int_t)period, "org_id",
		       (json_int_t)st->id, "status", status, "employees",
		       (json_int_t)e, "student_employees", (json_int_t)(e / 3),
		       "graduate_employees", (json_int_t)(e - e / 3),
		       "student_founders", 1, "revenue_fen",
		       (json_int_t)(annual ? out * 4 / 5 :
				    (e + 1) * 1200000), "submitted_at",
		       submitted);
	if (annual) {
		json_object_set_new(in, "output_value_fen", json_integer(out));
		json_object_set_new(in, "rd_spend_fen",
				    json_integer(out / 12));
		json_object_set_new(in, "tax_fen", json_integer(out / 20));
		json_object_set_new(in, "financing_fen", json_integer(0));
		json_object_set_new(in, "patents", json_integer(num / 2));
		json_object_set_new(in, "other_ip", json_integer(num));
	}
	if (!strcmp(status, "accepted")) {
		json_object_set_new(in, "reviewed_at", json_string(reviewed));
		json_object_set_new(in, "accepted_on", json_string(on));
	}
	return demo_add_record(s->l, &inc_report_table, in, NULL, "report of",
			       st->name);
}

/* Whether startup i files the monthly report of 2019's month m. */
static bool
files_month(const struct life *f, int m)
{
	char from[32], due[32];

	snprintf(from, sizeof(from), "2019-%02d-01", m);
	snprintf(due, sizeof(due), "2019-%02d-10", m + 1);
	return strcmp(f->admitted, due) <= 0 &&
	       (!*f->left || strcmp(f->left, from) >= 0);
}

static int
load_reports_of(struct state *s, int i)
{
	const struct life *f = &s->life[i];
	int na = f->annual_to >= f->annual_from ?
		 f->annual_to - f->annual_from + 1 : 0;
	int nm = 0, rc = 0;

	for (int m = FIRST_MONTH; m <= LAST_MONTH; m++)
		nm += files_month(f, m);
	for (int y = f->annual_from; y <= f->annual_to && !rc; y++) {
		int j = y - f->annual_from + 1;
		char due[32];

		snprintf(due, sizeof(due), "%d-03-31", y + 1);
		rc = add_report(s, i, s->year_period[y], due, true, j,
				na + (nm > 0), f->output_yuan * j / na,
				"accepted");
	}
	for (int m = FIRST_MONTH; m <= LAST_MONTH && !rc; m++) {
		char due[32];

		if (!files_month(f, m))
			continue;
		if (m == LAST_MONTH && f->pending == 2)
			continue;	/* not in: late */
		snprintf(due, sizeof(due), "2019-%02d-10", m + 1);
		rc = add_report(s, i, s->month_period[m], due, false, 1, 1, 0,
				m == LAST_MONTH && f->pending == 1 ?
				"submitted" : "accepted");
	}
	return rc;
}

/* The lifecycle of each startup as inc-core's step loaded it. */
static int
read_lives(struct state *s)
{
	json_t *items = NULL, *it;
	size_t k;
	int rc = incubation_startups(s->l->db, DEMO_AS_OF, false, &items);

	json_array_foreach(items, k, it) {
		int64_t org = json_integer_value(json_object_get(it,
							"org_id"));
		const char *left = json_string_value(json_object_get(it,
							"left_on"));

		for (int i = 0; i < N_STARTUPS; i++) {
			if (s->l->startups[i].id != org)
				continue;
			snprintf(s->life[i].admitted, 16, "%s",
				 json_string_value(json_object_get(it,
						"admitted_on")));
			snprintf(s->life[i].left, 16, "%s", left ? left : "");
		}
	}
	json_decref(items);
	for (int i = 0; i < N_STARTUPS && !rc; i++)
		if (!*s->life[i].admitted)
			rc = demo_failed(s->l, ERR_NOTFOUND, NULL,
					 "no incubation record for",
					 s->l->startups[i].name);
	return rc;
}

static int
year_of(const char *date)
{
	return (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	       (date[2] - '0') * 10 + (date[3] - '0');
}

/* Years of annual reports, output shares, and October's stragglers. */
static void
plan_reports(struct state *s)
{
	int64_t weights = 0, given = 0, w[N_STARTUPS];
	int pending = 0, missing = 0;

	for (int i = 0; i < N_STARTUPS; i++) {
		struct life *f = &s->life[i];
		/* In the park on 31 December: a graduate, until the year
		 * before it left. */
		int last = *f->left ? year_of(f->left) - 1 : 2018;

		f->annual_from = year_of(f->admitted);
		f->annual_to = last < 2018 ? last : 2018;
		w[i] = f->annual_to >= f->annual_from ?
		       (s->l->startups[i].staff + 2) * (i == s->drone ? 3 : 1) :
		       0;
		weights += w[i];
	}
	for (int i = 0; i < N_STARTUPS; i++) {
		s->life[i].output_yuan = weights ? OUTPUT_YUAN * w[i] /
					 weights : 0;
		given += s->life[i].output_yuan;
	}
	s->life[s->drone].output_yuan += OUTPUT_YUAN - given;
	/* Of those in the park since before July, the first few are slow. */
	for (int i = N_STARTUPS - 1; i >= 0; i--) {
		struct life *f = &s->life[i];

		if (*f->left || i == s->drone ||
		    strcmp(f->admitted, "2019-06-01") >= 0)
			continue;
		if (pending < N_PENDING) {
			f->pending = 1;
			pending++;
		} else if (missing < N_MISSING) {
			f->pending = 2;
			missing++;
		}
	}
}

int
demo_load_incubation_ops(struct loader *l)
{
	struct state *s = xcalloc(1, sizeof(*s));
	int rc;

	s->l = l;
	for (int i = 0; i < N_STARTUPS; i++)
		if (l->startups[i].named)
			s->drone = i;
	rc = read_lives(s);
	if (!rc)
		rc = load_buildings(s);
	if (!rc)
		rc = load_leases(s);
	if (!rc)
		rc = load_templates(s);
	if (!rc)
		plan_reports(s);
	for (int i = 0; i < N_STARTUPS && !rc; i++)
		rc = load_reports_of(s, i);
	free(s);
	return rc;
}
