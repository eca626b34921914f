/*
 * incubation.c - the demo park's incubation history, 2014-2019 (a step
 * of demo.c; loader.h), written through src/incubation/incubation.h:
 *
 * - Every one of the 62 startups applied and was admitted through a yearly
 *   review round (2014年度入孵评审 ... 2019年度入孵评审): its application
 *   submitted, put in the round, the round closed, the decision "admit"
 *   taken with its incubation record and admitted event. Admission comes
 *   10 to 120 days after the firm was registered (never after 2019-11-08).
 * - The 25 oldest graduated (出园毕业) 20 to 44 months after admission,
 *   on one of the graduation conditions; the 37 newest are in the park;
 *   nobody exited. So as of 2019-11-18: 62 incubated, 25 graduated, 37 in
 *   the park.
 * - Flagged on purpose, so the "needs attention" list has something to
 *   show: the two oldest startups in the park entered 26 and 28 months
 *   after registration (registered_before_entry, limit 24 months), and the
 *   agreement of the next oldest (passing over the drone firm) ran for
 *   only 12 months and was not renewed (agreement_expired). Every other
 *   startup is within the limits.
 * - The seven CAS experts are in the expert registry (home institution
 *   the CAS Changchun Institute of Optics), each assigned to the startup
 *   it mentors, with a monthly session log and one project with three
 *   milestones: setting up that startup's R&D centre.
 * - The capital ledger: Zhonggong Group's 150 million yuan into the
 *   Zhonggong technician college (2018), the park operator's start-up
 *   grants to one startup in three, and equity rounds from the zone's
 *   firms into one startup in five.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"
#include "demo/demo.h"
#include "demo/loader.h"
#include "incubation/incubation.h"

enum { N_GRADUATED = N_STARTUPS - IN_PARK };

/*
 * The last day anyone is admitted: before the deadline of October's
 * monthly report (2019-11-10), so that every startup has an accepted report
 * by the as-of date (the newest file October as their baseline, see
 * incubation_ops.c) and counts in the students figure.
 */
#define LATEST_ADMISSION "2019-11-08"

/* The incubator's field of a startup, from the business its name says. */
static const char *
field_of(const char *name)
{
	static const struct {
		const char *word, *field;
	} map[] = {
		{ "无人机", "drones" },
		{ "新材料", "new_materials" },
		{ "新能源", "new_energy" }, { "环保", "new_energy" },
		{ "生物", "biomedicine" },
		{ "农业", "modern_agriculture" },
		{ "食品", "modern_agriculture" },
		{ "软件", "electronic_information" },
		{ "网络", "electronic_information" },
		{ "信息技术", "electronic_information" },
		{ "电子商务", "electronic_information" },
		{ "智能", "intelligent_manufacturing" },
		{ "机器人", "intelligent_manufacturing" },
		{ "数控", "intelligent_manufacturing" },
		{ "工业设计", "intelligent_manufacturing" },
		{ "航", "drones" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(name, map[i].word))
			return map[i].field;
	return "services";
}

/* What the step decides for each startup before writing. */
struct plan {
	char admitted[16];
	char agreement_to[16];
	char graduated[16];	/* "" for those in the park */
};

static void
min_day(char d[16], const char *limit)
{
	if (strcmp(d, limit) > 0)
		snprintf(d, 16, "%s", limit);
}

static void
make_plan(struct loader *l, struct plan *p)
{
	int flagged[3], next = N_GRADUATED, late1, late2, expired;

	/*
	 * Three of the oldest in the park are flagged on purpose, never the
	 * drone firm (the park's pride, whose leases begin in 2016): two
	 * entered too long after registration, one's agreement expired.
	 */
	for (int k = 0; k < 3; k++) {
		while (l->startups[next].named)
			next++;
		flagged[k] = next++;
	}
	late1 = flagged[0];
	late2 = flagged[1];
	expired = flagged[2];
	for (int i = 0; i < N_STARTUPS; i++) {
		const struct startup *u = &l->startups[i];
		int64_t founded = demo_day(u->founded), adm;
		int agreement_months = 48;

		if (i == late1 || i == late2)
			/* Flagged: entered too long after registration. */
			adm = founded + (i == late1 ? 26 : 28) * 31;
		else
			adm = founded + 10 + demo_rng_below(&l->rng, 111);
		demo_day_format(adm, p[i].admitted);
		min_day(p[i].admitted, LATEST_ADMISSION);
		adm = demo_day(p[i].admitted);
		if (i == expired)
			agreement_months = 12;	/* flagged: expired */
		demo_day_format(adm + agreement_months * 365 / 12 - 1,
				p[i].agreement_to);
		p[i].graduated[0] = '\0';
		if (i < N_GRADUATED) {
			int months = 20 + (int)demo_rng_below(&l->rng, 25);

			demo_day_format(adm + months * 30, p[i].graduated);
			min_day(p[i].graduated, LATEST_ADMISSION);
		}
	}
}

static int
fail(struct loader *l, int rc, const struct problem *pb, const char *what,
     const char *name)
{
	return rc ? demo_failed(l, rc, pb, what, name) : 0;
}

static const char *const bases[] = { "high_tech", "revenue",
				     "acquired_listed" };

/* The applications, rounds and admissions of one year, and graduations. */
static int
load_year(struct loader *l, const struct plan *p, int year)
{
	struct problem pb = { 0 };
	char name[64], from[24], to[24], day[16], at[40];
	int64_t round, app[N_STARTUPS], org;
	json_t *in;
	int rc;

	snprintf(name, sizeof(name), "%d年度入孵评审", year);
	snprintf(from, sizeof(from), "%d-01-01", year);
	snprintf(to, sizeof(to), "%d-12-31", year);
	in = json_pack("{s:s,s:s,s:s}", "name", name, "opens_on", from,
		       "closes_on", to);
	rc = incubation_round_open_in(l->db, l->actor, in, &round, &pb);
	json_decref(in);
	if (rc)
		return fail(l, rc, &pb, "review round", name);
	for (int i = 0; i < N_STARTUPS && !rc; i++) {
		const struct startup *u = &l->startups[i];

		app[i] = 0;
		if (strncmp(p[i].admitted, from, 4))
			continue;
		in = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "kind",
			       "company", "org_id", (json_int_t)u->id,
			       "company_name", u->name, "founded_on",
			       u->founded, "project", u->name, "field",
			       field_of(u->name), "requested_space", "office");
		demo_set_text(in, "credit_code", u->code[0] ? u->code : NULL);
		if ((rc = demo_add_record(l, &inc_application_table, in,
					  &app[i], "application", "")))
			break;
		demo_day_format(demo_day(p[i].admitted) - 20, day);
		snprintf(at, sizeof(at), "%sT01:00:00Z", strcmp(day, from) < 0 ?
			 from : day);
		rc = incubation_application_submit_in(l->db, l->actor, app[i],
						       at, &pb);
		if (!rc)
			rc = incubation_round_add_in(l->db, l->actor, round,
						     app[i], &pb);
		rc = fail(l, rc, &pb, "application of", u->name);
	}
	if (!rc && (rc = incubation_round_close_in(l->db, l->actor, round,
						   &pb)))
		return fail(l, rc, &pb, "review round", name);
	for (int i = 0; i < N_STARTUPS && !rc; i++) {
		const struct startup *u = &l->startups[i];

		if (!app[i])
			continue;
		in = json_pack("{s:s,s:s,s:s,s:I,s:I,s:s}", "admitted_on",
			       p[i].admitted, "agreement_from", p[i].admitted,
			       "agreement_to", p[i].agreement_to,
			       "monthly_fee", (json_int_t)(i % 3 ? 80000 : 0),
			       "deposit", (json_int_t)100000,
			       "space_assigned", u->address);
		rc = incubation_decide_in(l->db, l->actor, app[i], "admit",
			"评审通过：项目符合园区产业方向，团队完整。", in, &org,
			&pb);
		json_decref(in);
		rc = fail(l, rc, &pb, "admission of", u->name);
	}
	return rc;
}

static int
load_graduations(struct loader *l, const struct plan *p)
{
	struct problem pb = { 0 };
	int64_t id;
	int rc = 0;

	for (int i = 0; i < N_GRADUATED && !rc; i++) {
		rc = incubation_event_append_in(l->db, l->actor,
			l->startups[i].id, "graduated", p[i].graduated, NULL,
			bases[i % 3], "达到毕业条件，迁出园区。", &id, &pb);
		rc = fail(l, rc, &pb, "graduation of", l->startups[i].name);
	}
	return rc;
}

static const char *const expert_fields[N_EXPERTS] = {
	"光学设计、精密仪器", "图像处理、机器视觉", "激光技术、光电检测",
	"无人机光电载荷", "精密机械、智能制造", "光谱分析、新材料检测",
	"空间光学、遥感应用",
};

static const char *const session_topics[] = {
	"研发中心建设方案讨论", "研发人员培训", "实验设备选型",
	"技术路线评审", "专利申请指导", "项目申报辅导",
};

static int
load_experts(struct loader *l, const struct plan *p)
{
	int rc = 0;

	for (int e = 0; e < N_EXPERTS && !rc; e++) {
		const struct startup *u = &l->startups[l->expert_startup[e]];
		const struct plan *q = &p[l->expert_startup[e]];
		int64_t expert, project, day;
		char since[16], d[16], title[128];

		rc = demo_add_record(l, &inc_expert_table, json_pack(
			"{s:I,s:I,s:s,s:s,s:s}", "person_id",
			(json_int_t)l->experts[e].id, "institution_id",
			(json_int_t)l->partner[PARTNER_CAS], "title", "研究员",
			"fields", expert_fields[e], "kind", "expert"), &expert,
			"expert", "");
		snprintf(since, sizeof(since), "%s", strcmp(q->admitted,
			 "2019-06-01") > 0 ? q->admitted : "2019-06-01");
		if (!rc)
			rc = demo_add_record(l, &inc_assignment_table,
				json_pack("{s:I,s:I,s:s}", "expert_id",
				(json_int_t)expert, "org_id",
				(json_int_t)u->id, "since", since), NULL,
				"assignment", "");
		for (day = demo_day(since) + 7; !rc &&
		     day <= demo_day("2019-11-15"); day += 30) {
			demo_day_format(day, d);
			rc = demo_add_record(l, &inc_session_table, json_pack(
				"{s:I,s:I,s:s,s:i,s:s,s:s}", "expert_id",
				(json_int_t)expert, "org_id",
				(json_int_t)u->id, "on_date", d, "minutes",
				90 + 30 * (int)demo_rng_below(&l->rng, 4),
				"topic", session_topics[demo_rng_below(
				&l->rng, 6)], "notes", ""), NULL, "session",
				"");
		}
		snprintf(title, sizeof(title), "协助建立研发中心");
		if (!rc)
			rc = demo_add_record(l, &inc_project_table, json_pack(
				"{s:I,s:I,s:s,s:s,s:s,s:s}", "expert_id",
				(json_int_t)expert, "org_id",
				(json_int_t)u->id, "title", title, "goal",
				"在企业内建立研发中心：方案、场地设备、挂牌运行。",
				"started_on", since, "status", "active"),
				&project, "expert project", "");
		demo_day_format(demo_day(since) + 60, d);
		if (!rc)
			rc = demo_add_record(l, &inc_milestone_table, json_pack(
				"{s:I,s:s,s:s,s:s}", "project_id",
				(json_int_t)project, "title",
				"完成研发中心建设方案", "due_on", d, "done_on",
				d), NULL, "milestone", "");
		demo_day_format(demo_day(since) + 150, d);
		if (!rc)
			rc = demo_add_record(l, &inc_milestone_table, json_pack(
				"{s:I,s:s,s:s}", "project_id",
				(json_int_t)project, "title",
				"研发场地与设备到位", "due_on", d), NULL,
				"milestone", "");
		if (!rc)
			rc = demo_add_record(l, &inc_milestone_table, json_pack(
				"{s:I,s:s,s:s}", "project_id",
				(json_int_t)project, "title",
				"研发中心挂牌运行", "due_on", "2020-06-30"),
				NULL, "milestone", "");
	}
	return rc;
}

static int
load_investments(struct loader *l, const struct plan *p)
{
	int rc = demo_add_record(l, &investment_table, json_pack(
		"{s:I,s:I,s:s,s:I,s:s,s:s}", "investor_id",
		(json_int_t)l->partner[6], "target_id",
		(json_int_t)l->park[P_COLLEGE], "kind", "contribution",
		"amount", (json_int_t)15000000000, "on_date", "2018-03-01",
		"note", "中工集团投资1.5亿元建设吉林省中工技师学院"), NULL,
		"investment", "");

	for (int i = 0; i < N_STARTUPS && !rc; i++) {
		const struct startup *u = &l->startups[i];
		char d[16];

		if (i % 3 == 0) {
			demo_day_format(demo_day(p[i].admitted) + 30, d);
			min_day(d, LATEST_ADMISSION);
			rc = demo_add_record(l, &investment_table, json_pack(
				"{s:I,s:I,s:s,s:I,s:s,s:s}", "investor_id",
				(json_int_t)l->park[P_OPERATOR], "target_id",
				(json_int_t)u->id, "kind", "grant", "amount",
				(json_int_t)5000000, "on_date", d, "note",
				"大学生创业扶持资金"), NULL, "investment",
				"");
		}
		if (!rc && i % 5 == 1) {
			demo_day_format(demo_day(p[i].admitted) + 180 +
					demo_rng_below(&l->rng, 365), d);
			min_day(d, LATEST_ADMISSION);
			rc = demo_add_record(l, &investment_table, json_pack(
				"{s:I,s:I,s:s,s:I,s:s,s:s}", "investor_id",
				(json_int_t)l->firm[i % N_FIRMS], "target_id",
				(json_int_t)u->id, "kind", "equity", "amount",
				(json_int_t)(50000000 + 10000000 *
				(int64_t)demo_rng_below(&l->rng, 26)),
				"on_date", d, "note", "天使轮"), NULL,
				"investment", "");
		}
	}
	return rc;
}

int
demo_load_incubation(struct loader *l)
{
	struct plan p[N_STARTUPS];
	int rc = 0;

	make_plan(l, p);
	for (int year = 2014; year <= 2019 && !rc; year++)
		rc = load_year(l, p, year);
	if (!rc)
		rc = load_graduations(l, p);
	if (!rc)
		rc = load_experts(l, p);
	if (!rc)
		rc = load_investments(l, p);
	return rc;
}
