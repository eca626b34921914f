/*
 * training.c - the demo park's training history (loader.h), a step after
 * the parties, written through the training module's headers: the five
 * training centres of the article with their co-builders and rooms; the
 * programmes of the 20 Jiutai firms (an order class, a pre-job and an
 * in-service programme each), the dual-system apprenticeships of the
 * centres and two senior-technician courses; the technician college's
 * first intake; cohorts, enrolments with their dated events, completion
 * certificates; the apprentices' workshop placements in the firms; the
 * national skill-level certificates; and the nearby firms that employ the
 * park's senior technicians.
 *
 * As of DEMO_AS_OF the training figures (out.h) come out as the article
 * gives them, because the records add up to them:
 *
 * - trained for firms, 1,500 people for 20 firms: the firms' 80 workers of
 *   demo.c (each in the programme its trainee role names, completed on
 *   the day that role ended) and 71 new trainees per firm (25 order-class,
 *   23 pre-job, 23 in-service), every one completed in 2017-2019;
 * - enterprise practice, 1,800 people: the apprentices of the centres'
 *   dual-system programmes (2017-2019), each placed in one firm's workshop
 *   and completed on its cohort's last day;
 * - college intake, 900: the technician college's students of demo.c,
 *   enrolled on 2019-09-01 in its programme for their major;
 * - senior technicians for 53 firms: 60 people who completed a
 *   senior-technician course (kind apprenticeship, so the 1,500 / 20
 *   figure is untouched), hold a 高级技师 certificate and are employed,
 *   one or two each, by the 20 Jiutai firms and 33 nearby firms added
 *   here.
 *
 * Besides, 60 apprentices are in their firms' workshops on the as-of date,
 * with their masters (also their enterprise mentors), school mentors and
 * weekly logs; none has completed anything, so no figure counts them.
 *
 * Completions are history that happened before the attendance ledger, so
 * they are recorded with training_event_in() (the programme's rule is not
 * checked against attendance the demo does not hold); every completion
 * gets its certificate with training_certificate_issue_in(). Hires after
 * a pre-job programme are employee affiliations with the firm, begun
 * after completion; an order class's graduates are kept for its two-way
 * selection (selection.c), which hires them on the same days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "demo/loader.h"
#include "party/party.h"
#include "training/training.h"


/* ---- what the article gives, and what the demo invents -------------- */

enum { C_ROBOT, C_ICT, C_RAIL, C_LOGISTICS, C_CNC, N_CENTRES };

static const struct centre {
	const char *name;
	const char *opened_on;
	int capacity;
	const char *occupation;		/* its apprenticeship's */
	int first_year;			/* of its apprentices */
} centres[N_CENTRES] = {
	[C_ROBOT] = { "工业机器人工程中心", "2017-03-01", 300,
		      "工业机器人系统运维员", 2017 },
	[C_ICT] = { "华为ICT技能人才培养基地", "2018-03-01", 200,
		    "网络与信息安全管理员", 2018 },
	[C_RAIL] = { "城市轨道交通实训中心", "2018-03-01", 160,
		     "城市轨道交通列车司机", 2018 },
	[C_LOGISTICS] = { "京东物流公共实训中心", "2018-06-01", 200,
			  "物流服务师", 2018 },
	[C_CNC] = { "高端数控加工实训中心", "2017-03-01", 240, "数控车工",
		    2017 },
};

/* Co-builders: partner[] index (or -1 - school index) and share (%). */
static const struct cobuilder {
	int centre;
	int who;
	int share;
	const char *contribution;
} cobuilders[] = {
	{ C_ROBOT, 0, 20, "工业机器人实训设备与课程" },
	{ C_ROBOT, 1, 10, "企业用工需求与就业服务" },
	{ C_ROBOT, 2, 10, "虚拟仿真实训软件" },
	{ C_ROBOT, 6, 10, "场地运营与师资" },
	{ C_ROBOT, PARTNER_CAS, 10, "光机电一体化技术支持" },
	{ C_ROBOT, -1, 5, "专业教师与学生实训" },
	{ C_ROBOT, -2, 5, "专业教师与学生实训" },
	{ C_ROBOT, -3, 5, "专业教师与学生实训" },
	{ C_ROBOT, -4, 5, "专业教师与学生实训" },
	{ C_ROBOT, -5, 5, "专业教师与学生实训" },
	{ C_ROBOT, -19, 5, "专业教师与学生实训" },
	{ C_ROBOT, -20, 5, "专业教师与学生实训" },
	{ C_ICT, 3, 60, "人工智能、网络安全、大数据课程与认证" },
	{ C_RAIL, 4, 50, "城轨信号与列车运行仿真系统" },
	{ C_LOGISTICS, 5, 50, "智能仓储分拣实训线" },
	{ C_CNC, 6, 40, "五轴数控加工设备" },
};

/* Each Jiutai firm's occupation and the centre that trains it. */
static const struct firm_training {
	const char *occupation;
	int centre;
} firm_training[N_FIRMS] = {
	{ "数控车工", C_CNC }, { "工业机器人系统操作员", C_ROBOT },
	{ "铸造工", C_CNC }, { "电工", C_ROBOT }, { "仓储管理员", C_LOGISTICS },
	{ "工业机器人系统运维员", C_ROBOT }, { "电工", C_ROBOT },
	{ "注塑工", C_CNC }, { "焊工", C_CNC }, { "物流服务师", C_LOGISTICS },
	{ "仓储管理员", C_LOGISTICS }, { "装配钳工", C_CNC },
	{ "电子设备装接工", C_ICT }, { "焊工", C_CNC }, { "钣金工", C_CNC },
	{ "数控铣工", C_CNC }, { "家具制作工", C_CNC },
	{ "纺织设备维修工", C_ROBOT }, { "汽车装调工", C_ROBOT },
	{ "物流服务师", C_LOGISTICS },
};

/* The firm programmes, in the order of demo.c's firm_programmes[]. */
enum { G_PRE_JOB, G_ORDER, G_IN_SERVICE, N_FIRM_KINDS };
static const struct firm_kind {
	const char *kind;
	const char *label;
	int trainees;			/* new ones per firm */
	const char *from, *to;		/* a cohort's dates, MM-DD */
} firm_kinds[N_FIRM_KINDS] = {
	[G_PRE_JOB] = { "pre_job", "岗前培训", 23, "04-08", "05-17" },
	[G_ORDER] = { "order_class", "订单班", N_ORDER_TRAINEES, "03-01",
		      "06-30" },
	[G_IN_SERVICE] = { "in_service", "在岗提升培训", 23, "09-02",
			   "10-25" },
};
enum { FIRST_YEAR = 2017, N_YEARS = 3 };

/* Apprentices per year (2017-2019), over the centres open that year. */
static const int apprentices_per_year[N_YEARS] = { 550, 650, 600 };
enum { N_APPRENTICES = 1800, N_SENIORS = 60 };

/* Nearby firms that employ the park's senior technicians (invented). */
static const char *const nearby_towns[] = {
	"长春宽城", "长春绿园", "长春二道", "长春朝阳", "长春双阳",
	"长春南关", "德惠", "农安", "吉林龙潭", "吉林船营", "舒兰",
};
static const char *const nearby_trades[] = {
	"重型机械有限公司", "汽车零部件有限公司", "精密机械有限公司",
	"装备制造有限公司", "电气设备有限公司", "数控机床有限公司",
	"轨道车辆配件有限公司", "工程机械有限公司", "液压件有限公司",
	"智能制造有限公司", "模具有限公司",
};
static const char *const nearby_names[] = {
	"宏图", "信诚", "远航", "启明", "华泰", "东瑞", "鼎盛", "博远",
	"德隆", "安泰", "兴达", "长青", "佳和", "明辉", "天宇", "盛源",
};

/* ---- helpers ----------------------------------------------------------- */

struct state {
	struct loader *l;
	int64_t centre[N_CENTRES];
	int64_t teacher[N_CENTRES + 1];		/* the last: the college's */
	int64_t firm_prog[N_FIRMS][N_FIRM_KINDS];
	int64_t firm_cohort[N_FIRMS][N_FIRM_KINDS][N_YEARS];
	int64_t worker_cohort[N_FIRMS][N_FIRM_KINDS];	/* 2018-2019, lazily */
	int64_t appr_prog[N_CENTRES];
	int64_t employer[N_FIRMS + N_NEARBY];
	int64_t serial;				/* of skill certificates */
};

static void
date_of(int year, const char *mmdd, char out[16])
{
	snprintf(out, 16, "%d-%s", year, mmdd);
}

static void
shift(const char *date, int days, char out[16])
{
	demo_day_format(demo_day(date) + days, out);
}

/* Enrol a person; the enrolment's id in *id. */
static int
enrol(struct loader *l, int64_t cohort, int64_t person, const char *source,
      int64_t source_org, const char *on, int64_t *id)
{
	struct problem pb = { 0 };
	json_t *in = json_pack("{s:I,s:I,s:s,s:s}", "cohort_id",
			       (json_int_t)cohort, "person_id",
			       (json_int_t)person, "source", source,
			       "enrolled_on", on);
	int rc;

	if (source_org > 0)
		json_object_set_new(in, "source_org_id",
				    json_integer(source_org));
	rc = training_enrol_in(l->db, l->actor, in, id, &pb);
	json_decref(in);
	return rc ? demo_failed(l, rc, &pb, "enrolment", on) : 0;
}

/* The trainee's role at the training base while the programme ran. */
static int
at_base(struct loader *l, const struct person *p, const char *title,
	const char *since, const char *until)
{
	return demo_add_role(l, p, l->park[P_BASE], "trainee", title, since,
			     until);
}

/* Complete an enrolment on `on` and issue its certificate. */
static int
complete(struct loader *l, int64_t enrolment, const char *on)
{
	struct problem pb = { 0 };
	int64_t cert;
	int rc = training_event_in(l->db, l->actor, enrolment, "completed", on,
				   "", &pb);

	if (!rc)
		rc = training_certificate_issue_in(l->db, l->actor, enrolment,
						   &cert, &pb);
	return rc ? demo_failed(l, rc, &pb, "completion", on) : 0;
}

/* A national skill certificate of `level` for the person. */
static int
certify(struct state *s, int64_t person, const char *occupation, int level,
	const char *on)
{
	char number[32];

	snprintf(number, sizeof(number), "%.4s%02d22011%06lld", on, level,
		 (long long)++s->serial);
	return demo_add_record(s->l, &training_skill_cert_table, json_pack(
		"{s:I,s:s,s:i,s:s,s:s,s:s}", "person_id", (json_int_t)person,
		"occupation", occupation, "level", level, "number", number,
		"issuer", "吉林省职业技能鉴定指导中心", "issued_on", on), NULL,
		"skill certificate", number);
}

static int
add_cohort(struct state *s, int64_t programme, int centre, const char *name,
	   int capacity, const char *from, const char *to, int64_t teacher,
	   int64_t *id)
{
	return demo_add_record(s->l, &training_cohort_table, json_pack(
		"{s:I,s:I,s:s,s:i,s:s,s:s,s:I}", "programme_id",
		(json_int_t)programme, "centre_id", (json_int_t)s->centre[centre],
		"name", name, "capacity", capacity, "starts_on", from, "ends_on",
		to, "teacher_person_id", (json_int_t)teacher), id, "cohort",
		name);
}

/* A programme's syllabus: classroom at the base, practice in a workshop. */
static int
add_syllabus(struct state *s, int64_t programme, const char *occupation,
	     int classroom, int workshop)
{
	/* After the occupation's name, except the first. */
	static const char *const parts[] = {
		"安全生产与职业素养", "专业理论", "实操训练",
	};
	char name[128];
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(parts) && !rc; i++) {
		snprintf(name, sizeof(name), "%s%s", i ? occupation : "",
			 parts[i]);
		rc = demo_add_record(s->l, &training_module_table, json_pack(
			"{s:I,s:i,s:s,s:i,s:i}", "programme_id",
			(json_int_t)programme, "seq", (int)i + 1, "name", name,
			"classroom_hours", i == 2 ? classroom / 4 : classroom,
			"workshop_hours", i == 2 ? workshop : 0), NULL,
			"module", name);
	}
	return rc;
}

/* The short name of a firm: "长春九台鑫岳机械制造有限公司" -> "鑫岳机械制造". */
static int
firm_short(struct loader *l, int i, char *out, size_t len)
{
	json_t *org;
	const char *name, *end;
	int rc = party_org_get(l->db, l->firm[i], &org);

	if (rc)
		return rc;
	name = json_string_value(json_object_get(org, "name"));
	if (!strncmp(name, "长春九台", strlen("长春九台")))
		name += strlen("长春九台");
	end = strstr(name, "有限公司");
	snprintf(out, len, "%.*s", end ? (int)(end - name) : (int)strlen(name),
		 name);
	json_decref(org);
	return 0;
}

/* ---- the steps --------------------------------------------------------- */

/*
 * A centre's classroom (kind 0) or workshop (1), with its resource in the
 * shared facilities, which its sessions would book.
 */
static int
add_room(struct loader *l, int64_t centre, const char *name, int workshop)
{
	struct problem pb = { 0 };
	json_t *in = json_pack("{s:I,s:s,s:s,s:i}", "centre_id",
			       (json_int_t)centre, "name", name, "kind",
			       workshop ? "workshop" : "classroom", "capacity",
			       workshop ? 40 : 60);
	int64_t id;
	int rc = training_room_add_in(l->db, l->actor, in, &id, &pb);

	json_decref(in);
	return rc ? demo_failed(l, rc, &pb, "room", name) : 0;
}

static int
load_centres(struct state *s)
{
	struct loader *l = s->l;
	struct person t;
	char name[128];
	int rc = 0;

	for (int c = 0; c < N_CENTRES && !rc; c++) {
		rc = demo_add_record(l, &training_centre_table, json_pack(
			"{s:s,s:I,s:s,s:i,s:s}", "name", centres[c].name,
			"operator_org_id", (json_int_t)l->park[P_BASE],
			"address", "吉林省长春市九台区", "capacity",
			centres[c].capacity, "opened_on", centres[c].opened_on),
			&s->centre[c], "training centre", centres[c].name);
		for (int k = 0; k < 2 && !rc; k++) {
			snprintf(name, sizeof(name), "%s", k ? "实训车间" :
				 "理论教室");
			rc = add_room(l, s->centre[c], name, k);
		}
		if (!rc) {
			snprintf(name, sizeof(name), "%s实训指导教师",
				 centres[c].occupation);
			rc = demo_add_member(l, l->park[P_BASE], "teacher",
					     name, centres[c].opened_on, NULL,
					     &t);
			s->teacher[c] = t.id;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(cobuilders) && !rc; i++) {
		const struct cobuilder *b = &cobuilders[i];
		int64_t org = b->who >= 0 ? l->partner[b->who] :
			      l->school[-1 - b->who];

		rc = demo_add_record(l, &training_partner_table, json_pack(
			"{s:I,s:I,s:i,s:s}", "centre_id",
			(json_int_t)s->centre[b->centre], "org_id",
			(json_int_t)org, "share_pct", b->share, "contribution",
			b->contribution), NULL, "co-builder",
			centres[b->centre].name);
	}
	if (!rc) {
		rc = demo_add_member(l, l->park[P_COLLEGE], "teacher",
				     "班主任", "2019-08-20", NULL, &t);
		s->teacher[N_CENTRES] = t.id;
	}
	return rc;
}

/* Each firm's three programmes and their cohorts of 2017-2019. */
static int
load_firm_programmes(struct state *s)
{
	struct loader *l = s->l;
	char name[128], short_name[96], from[16], to[16];
	int rc = 0;

	for (int i = 0; i < N_FIRMS && !rc; i++) {
		const struct firm_training *ft = &firm_training[i];

		rc = firm_short(l, i, short_name, sizeof(short_name));
		for (int g = 0; g < N_FIRM_KINDS && !rc; g++) {
			json_t *in;

			snprintf(name, sizeof(name), "%s%s（%s）", short_name,
				 firm_kinds[g].label, ft->occupation);
			in = json_pack("{s:s,s:s,s:s,s:I,s:s,s:i}", "kind",
				       firm_kinds[g].kind, "name", name,
				       "occupation", ft->occupation,
				       "firm_org_id", (json_int_t)l->firm[i],
				       "certificate_name", "结业证书",
				       "certificate_level", g == G_IN_SERVICE ?
				       4 : 5);
			if (g == G_ORDER) {
				json_object_set_new(in, "seat_quota",
						    json_integer(30));
				json_object_set_new(in, "hiring_commitment",
						    json_integer(20 + i % 5));
			}
			rc = demo_add_record(l, &training_programme_table, in,
					     &s->firm_prog[i][g], "programme",
					     name);
			if (g == G_ORDER)
				l->order_programme[i] = s->firm_prog[i][g];
			l->firm_centre_occupation[i] =
				centres[ft->centre].occupation;
			if (!rc)
				rc = add_syllabus(s, s->firm_prog[i][g],
						  ft->occupation,
						  g == G_ORDER ? 160 : 40,
						  g == G_ORDER ? 240 : 40);
			for (int y = 0; y < N_YEARS && !rc; y++) {
				char cohort[128];

				snprintf(cohort, sizeof(cohort), "%s%d年班",
					 firm_kinds[g].label, FIRST_YEAR + y);
				date_of(FIRST_YEAR + y, firm_kinds[g].from,
					from);
				date_of(FIRST_YEAR + y, firm_kinds[g].to, to);
				rc = add_cohort(s, s->firm_prog[i][g],
						ft->centre, cohort, 60, from, to,
						s->teacher[ft->centre],
						&s->firm_cohort[i][g][y]);
			}
		}
	}
	return rc;
}

/* The firms' 80 workers of demo.c: their programme, completed. */
static int
load_workers(struct state *s)
{
	struct loader *l = s->l;
	int rc = 0;

	for (int k = 0; k < l->nworkers && !rc; k++) {
		const struct worker *w = &l->workers[k];
		int64_t *cohort = &s->worker_cohort[w->firm][w->programme];
		int64_t e;

		if (!*cohort)
			rc = add_cohort(s, s->firm_prog[w->firm][w->programme],
					firm_training[w->firm].centre,
					"2018-2019年滚动班", 20, "2018-03-01",
					"2019-11-15",
					s->teacher[firm_training[w->firm].centre],
					cohort);
		if (!rc)
			rc = enrol(l, *cohort, w->person_id,
				   w->programme == G_IN_SERVICE ? "firm_staff" :
				   "unemployed", w->programme == G_IN_SERVICE ?
				   l->firm[w->firm] : 0, w->since, &e);
		if (!rc)
			rc = complete(l, e, w->until);
	}
	return rc;
}

/* An order class's graduate, for its two-way selection (selection.c). */
static void
add_graduate(struct loader *l, int64_t person_id, int firm, int year,
	     const char *hired)
{
	struct graduate *g = &l->graduates[l->ngraduates++];

	g->person_id = person_id;
	g->firm = firm;
	g->year = year;
	snprintf(g->hired, sizeof(g->hired), "%s", hired);
}

/*
 * The trainee of a class ending `to` who will found a startup of the park
 * later: the founder of the first startup founded at least eighteen
 * months after, into *p (its person, made with the startup). False when
 * there is none.
 */
static bool
later_founder(struct loader *l, const char *to, struct person *p)
{
	for (int j = 0; j < N_STARTUPS; j++)
		if (demo_day(l->startups[j].founded) >= demo_day(to) + 548) {
			*p = (struct person){ .id = l->startups[j].founder_id };
			snprintf(p->name, sizeof(p->name), "%s",
				 l->startups[j].name);
			l->founder_trainee = p->id;
			l->founder_startup = j;
			return true;
		}
	return false;
}

/* 71 new trainees per firm, completed; hires after order and pre-job. */
static int
load_firm_trainees(struct state *s)
{
	struct loader *l = s->l;
	char from[16], to[16], day[16];
	struct person p;
	int rc = 0;

	for (int i = 0; i < N_FIRMS && !rc; i++) {
		int hires = 20 + i % 5 - i % 3;	/* some firms fall short */

		for (int g = 0; g < N_FIRM_KINDS && !rc; g++) {
			for (int k = 0; k < firm_kinds[g].trainees && !rc; k++) {
				int y = k % N_YEARS;
				int64_t e, school = l->school[(i + k) % N_SCHOOLS];

				date_of(FIRST_YEAR + y, firm_kinds[g].from,
					from);
				date_of(FIRST_YEAR + y, firm_kinds[g].to, to);
				/* The first of firm 0's first order class
				 * founds a startup later: its person is the
				 * founder's, already made (the draws stay
				 * the same for all that follows). */
				demo_make_person(l, NULL, &p);
				if (i || g != G_ORDER || k ||
				    !later_founder(l, to, &p))
					rc = demo_add_person(l, &p);
				if (!rc && g == G_IN_SERVICE) {
					demo_random_day(l, demo_day("2008-03-01"),
							demo_day(from) - 60, day);
					rc = demo_add_role(l, &p, l->firm[i],
							   "employee", "操作工",
							   day, NULL);
				}
				if (!rc)
					rc = enrol(l, s->firm_cohort[i][g][y],
						   p.id, g == G_IN_SERVICE ?
						   "firm_staff" : g == G_ORDER ?
						   "partner_university" :
						   "unemployed", g == G_IN_SERVICE ?
						   l->firm[i] : g == G_ORDER ?
						   school : 0, from, &e);
				if (!rc)
					rc = complete(l, e, to);
				if (!rc)
					rc = at_base(l, &p, firm_kinds[g].label,
						     from, to);
				if (rc || g == G_IN_SERVICE)
					continue;
				/* Hired after completing; an order class's
				 * graduates through its two-way selection. */
				shift(to, 3 + k % 10, day);
				if (g == G_ORDER)
					add_graduate(l, p.id, i,
						     FIRST_YEAR + y,
						     k < hires ? day : "");
				else
					rc = demo_add_role(l, &p, l->firm[i],
						"employee",
						firm_training[i].occupation,
						day, NULL);
			}
		}
	}
	return rc;
}

/*
 * The centres' dual-system apprenticeships: training at the base, then
 * practice in a firm's workshop (a placement on the firm's slot of the
 * year), completed on the cohort's last day; one apprentice in four also
 * passed the 中级工 assessment.
 */
static int
load_apprentices(struct state *s)
{
	struct loader *l = s->l;
	int64_t slot[N_YEARS][N_FIRMS] = { { 0 } };
	int places[N_YEARS][N_FIRMS] = { { 0 } };
	int64_t cohort[N_YEARS][N_CENTRES] = { { 0 } };
	char name[128], from[16], to[16], day[16];
	struct person p;
	int rc = 0, n = 0;

	for (int c = 0; c < N_CENTRES && !rc; c++) {
		snprintf(name, sizeof(name), "%s新型学徒制（%s）",
			 centres[c].name, centres[c].occupation);
		rc = demo_add_record(l, &training_programme_table, json_pack(
			"{s:s,s:s,s:s,s:s,s:i}", "kind", "apprenticeship",
			"name", name, "occupation", centres[c].occupation,
			"certificate_name", "结业证书", "certificate_level", 4),
			&s->appr_prog[c], "programme", name);
		if (!rc)
			rc = add_syllabus(s, s->appr_prog[c],
					  centres[c].occupation, 200, 600);
	}
	/* Who goes where, first, so that each slot has its places. */
	for (int y = 0, k = 0; y < N_YEARS; y++)
		for (int j = 0; j < apprentices_per_year[y]; j++, k++)
			places[y][k % N_FIRMS]++;
	for (int y = 0; y < N_YEARS && !rc; y++) {
		int year = FIRST_YEAR + y;

		date_of(year, "03-01", from);
		date_of(year, y == N_YEARS - 1 ? "10-31" : "12-29", to);
		for (int f = 0; f < N_FIRMS && !rc; f++) {
			snprintf(name, sizeof(name), "%d年学徒车间实践岗",
				 year);
			shift(from, 60, day);
			rc = demo_add_record(l, &training_slot_table, json_pack(
				"{s:I,s:s,s:s,s:s,s:s,s:i}", "firm_id",
				(json_int_t)l->firm[f], "title", name,
				"workshop", "生产车间", "starts_on", day,
				"ends_on", to, "places", places[y][f]),
				&slot[y][f], "placement slot", name);
		}
		for (int c = 0; c < N_CENTRES && !rc; c++) {
			if (year < centres[c].first_year)
				continue;
			snprintf(name, sizeof(name), "%d级学徒班", year);
			rc = add_cohort(s, s->appr_prog[c], c, name, 300,
					year == 2018 && c == C_LOGISTICS ?
					"2018-06-04" : from, to, s->teacher[c],
					&cohort[y][c]);
		}
	}
	for (int y = 0, k = 0; y < N_YEARS && !rc; y++) {
		int year = FIRST_YEAR + y, open = 0;

		for (int c = 0; c < N_CENTRES; c++)
			open += year >= centres[c].first_year;
		for (int j = 0; j < apprentices_per_year[y] && !rc; j++, k++) {
			int c = j % open, school = (k * 7) % N_SCHOOLS;
			int64_t e, pl;
			struct problem pb = { 0 };

			/* The open centres are the first ones in year order. */
			for (int x = 0, seen = -1; x < N_CENTRES; x++)
				if (year >= centres[x].first_year &&
				    ++seen == j % open)
					c = x;
			date_of(year, y == N_YEARS - 1 ? "10-31" : "12-29", to);
			date_of(year, "03-01", from);
			demo_make_person(l, NULL, &p);
			rc = demo_add_person(l, &p);
			if (!rc)
				rc = enrol(l, cohort[y][c], p.id,
					   "partner_university", l->school[school],
					   year == 2018 && c == C_LOGISTICS ?
					   "2018-06-04" : from, &e);
			if (!rc)
				rc = complete(l, e, to);
			if (!rc)
				rc = at_base(l, &p, "新型学徒制学徒",
					     year == 2018 && c == C_LOGISTICS ?
					     "2018-06-04" : from, to);
			if (rc)
				break;
			/* Eight of 2019's take part in the park's round,
			 * the others may go to the regional fair. */
			if (y == N_YEARS - 1 &&
			    l->npark_candidates < N_PARK_CANDIDATES)
				l->park_candidates[l->npark_candidates++] =
					p.id;
			else if (y == N_YEARS - 1 &&
				 l->napprentices < N_APPRENTICES_2019) {
				struct apprentice *a =
					&l->apprentices[l->napprentices++];

				a->person_id = p.id;
				memcpy(a->mobile, p.mobile, sizeof(a->mobile));
				a->occupation = centres[c].occupation;
				a->firm = k % N_FIRMS;
			}
			shift(from, 60, day);
			rc = training_placement_add_in(l->db, l->actor,
				slot[y][k % N_FIRMS], p.id, day, "completed",
				to, &pl, &pb);
			if (rc)
				rc = demo_failed(l, rc, &pb, "placement", day);
			if (!rc && k % 4 == 0) {
				shift(to, 21, day);
				rc = certify(s, p.id, centres[c].occupation, 4,
					     day);
			}
			n++;
		}
	}
	return rc || n == N_APPRENTICES ? rc : ERR_INVALID;
}

/*
 * The apprentices in their workshops on the as-of date: the autumn 2019
 * cohorts of the robot and CNC centres, three per firm, each placed on the
 * firm's slot under one of its masters (who is also the apprentice's
 * enterprise mentor, the centre's teacher the school one), with weekly
 * logs since their placement began, all but the last confirmed.
 */
enum { N_CURRENT_PER_FIRM = 3, N_LOG_WEEKS = 5 };

static int
load_current_apprentices(struct state *s)
{
	static const int current_centre[2] = { C_ROBOT, C_CNC };
	static const char *const weeks[N_LOG_WEEKS] = {
		"2019-10-14", "2019-10-21", "2019-10-28", "2019-11-04",
		"2019-11-11",
	};
	struct loader *l = s->l;
	int64_t cohort[2];
	char name[128];
	struct person master, p;
	int rc = 0;

	for (int c = 0; c < 2 && !rc; c++)
		rc = add_cohort(s, s->appr_prog[current_centre[c]],
				current_centre[c], "2019年秋季学徒班", 60,
				"2019-09-02", "2020-01-17",
				s->teacher[current_centre[c]], &cohort[c]);
	for (int f = 0; f < N_FIRMS && !rc; f++) {
		int64_t slot;

		rc = demo_add_member(l, l->firm[f], "employee", "企业师傅",
				     "2012-03-01", NULL, &master);
		snprintf(name, sizeof(name), "2019年秋季学徒车间实践岗");
		if (!rc)
			rc = demo_add_record(l, &training_slot_table, json_pack(
				"{s:I,s:s,s:s,s:I,s:s,s:s,s:i}", "firm_id",
				(json_int_t)l->firm[f], "title", name,
				"workshop", "生产车间", "master_id",
				(json_int_t)master.id, "starts_on", "2019-10-08",
				"ends_on", "2020-01-17", "places",
				N_CURRENT_PER_FIRM), &slot, "placement slot",
				name);
		for (int k = 0; k < N_CURRENT_PER_FIRM && !rc; k++) {
			int c = (f + k) % 2;
			struct problem pb = { 0 };
			int64_t e, pl;

			demo_make_person(l, NULL, &p);
			rc = demo_add_person(l, &p);
			if (!rc)
				rc = at_base(l, &p, "新型学徒制学徒", "2019-09-02",
					     NULL);
			if (!rc)
				rc = enrol(l, cohort[c], p.id,
					   "partner_university",
					   l->school[(f * 3 + k) % N_SCHOOLS],
					   "2019-09-02", &e);
			if (!rc)
				rc = demo_add_record(l,
					&training_mentor_table, json_pack(
					"{s:I,s:I,s:I,s:I,s:s}", "enrolment_id",
					(json_int_t)e, "master_person_id",
					(json_int_t)master.id, "master_org_id",
					(json_int_t)l->firm[f],
					"teacher_person_id",
					(json_int_t)s->teacher[current_centre[c]],
					"since", "2019-10-08"), NULL, "mentor",
					p.name);
			if (!rc) {
				rc = training_placement_add_in(l->db, l->actor,
					slot, p.id, "2019-10-08", NULL, NULL,
					&pl, &pb);
				if (rc)
					rc = demo_failed(l, rc, &pb, "placement",
							 p.name);
			}
			for (int w = 0; w < N_LOG_WEEKS && !rc; w++) {
				json_t *in = json_pack(
					"{s:I,s:I,s:I,s:s,s:i,s:s}",
					"placement_id", (json_int_t)pl,
					"firm_id", (json_int_t)l->firm[f],
					"person_id", (json_int_t)p.id,
					"week_of", weeks[w], "hours", 40,
					"content", "在师傅指导下完成本周生产任务，"
					"学习设备点检与安全操作规程。");

				if (w < N_LOG_WEEKS - 1) {
					char at[32];

					snprintf(at, sizeof(at),
						 "%.8s%02dT09:00:00Z", weeks[w],
						 (int)strtol(weeks[w] + 8, NULL,
							     10) + 5);
					json_object_set_new(in, "confirmed_by",
						json_integer(master.id));
					json_object_set_new(in, "confirmed_at",
						json_string(at));
				}
				rc = demo_add_record(l, &training_log_table,
						     in, NULL, "weekly log",
						     weeks[w]);
			}
		}
	}
	return rc;
}

/* The college's programme per major, and its first intake. */
static int
load_college_intake(struct state *s)
{
	struct loader *l = s->l;
	int64_t prog[N_COLLEGE_SUBJECTS] = { 0 };
	int64_t cohort[N_COLLEGE_SUBJECTS] = { 0 };
	char name[128];
	int rc = 0;

	for (int m = 0; m < N_COLLEGE_SUBJECTS && !rc; m++) {
		snprintf(name, sizeof(name), "%s专业全日制技工教育",
			 demo_college_subjects[m]);
		rc = demo_add_record(l, &training_programme_table, json_pack(
			"{s:s,s:s,s:s,s:I,s:s,s:s,s:i}", "kind", "college",
			"name", name, "occupation", demo_college_subjects[m],
			"college_org_id", (json_int_t)l->park[P_COLLEGE],
			"intake_on", "2019-09-01", "certificate_name",
			"技工院校毕业证书", "certificate_level", 3),
			&prog[m], "programme", name);
		if (!rc)
			rc = add_cohort(s, prog[m], m % 2 ? C_ROBOT : C_CNC,
					"2019级", 300, "2019-09-01",
					"2022-06-30", s->teacher[N_CENTRES],
					&cohort[m]);
	}
	for (int i = 0; i < l->ncollege_students && !rc; i++) {
		int64_t e;

		rc = enrol(l, cohort[l->college_major[i]],
			   l->college_students[i], "college",
			   l->park[P_COLLEGE], "2019-09-01", &e);
	}
	return rc;
}

/*
 * Senior technicians: two courses (kind apprenticeship), completed in
 * 2017 and 2018; each graduate certified 高级技师 and employed by one of
 * the 53 firms (the 20 Jiutai ones and 33 nearby ones added here).
 */
static int
load_seniors(struct state *s)
{
	struct loader *l = s->l;
	static const int course_centre[2] = { C_CNC, C_ROBOT };
	int64_t prog[2], cohort[2][2];
	char name[128], code[19], address[128], day[16], hired[16];
	struct person contact, p;
	int rc = 0;

	for (int i = 0; i < N_FIRMS; i++)
		s->employer[i] = l->firm[i];
	for (int i = 0; i < N_NEARBY && !rc; i++) {
		snprintf(name, sizeof(name), "%s%s%s",
			 nearby_towns[(size_t)i % ARRAY_SIZE(nearby_towns)],
			 nearby_names[(size_t)i % ARRAY_SIZE(nearby_names)],
			 nearby_trades[(size_t)(i * 5) % ARRAY_SIZE(nearby_trades)]);
		snprintf(address, sizeof(address), "吉林省%s",
			 nearby_towns[(size_t)i % ARRAY_SIZE(nearby_towns)]);
		demo_new_code(l, "91220100", i % 2 == 0, code);
		demo_make_person(l, NULL, &contact);
		rc = demo_add_org(l, &(struct org_in){ "enterprise", name, NULL,
				  code, 0, "2009-05-01", address, &contact },
				  &s->employer[N_FIRMS + i]);
		/* It employs senior technician N_FIRMS + i (below). */
		l->nearby[i] = s->employer[N_FIRMS + i];
		l->nearby_occupation[i] = centres[course_centre[
					  (N_FIRMS + i) % 2]].occupation;
		if (!rc)
			rc = demo_add_person(l, &contact);
		if (!rc)
			rc = demo_add_role(l, &contact, s->employer[N_FIRMS + i],
					   "contact", "人力资源部经理",
					   "2016-03-01", NULL);
	}
	for (int c = 0; c < 2 && !rc; c++) {
		const char *occ = centres[course_centre[c]].occupation;

		snprintf(name, sizeof(name), "%s高级技师研修班（企业新型学徒制）",
			 occ);
		rc = demo_add_record(l, &training_programme_table, json_pack(
			"{s:s,s:s,s:s,s:s,s:i}", "kind", "apprenticeship",
			"name", name, "occupation", occ, "certificate_name",
			"结业证书", "certificate_level", 1), &prog[c],
			"programme", name);
		for (int y = 0; y < 2 && !rc; y++) {
			char from[16], to[16], cname[64];

			date_of(2017 + y, "09-04", from);
			date_of(2017 + y, "12-22", to);
			snprintf(cname, sizeof(cname), "%d年研修班", 2017 + y);
			rc = add_cohort(s, prog[c], course_centre[c], cname,
					40, from, to, s->teacher[course_centre[c]],
					&cohort[c][y]);
		}
	}
	for (int j = 0; j < N_SENIORS && !rc; j++) {
		int c = j % 2, y = (j / 2) % 2;
		char from[16], to[16];
		int64_t e;

		date_of(2017 + y, "09-04", from);
		date_of(2017 + y, "12-22", to);
		demo_make_person(l, NULL, &p);
		rc = demo_add_person(l, &p);
		if (!rc)
			rc = enrol(l, cohort[c][y], p.id, "unemployed", 0, from,
				   &e);
		if (!rc)
			rc = complete(l, e, to);
		if (!rc)
			rc = at_base(l, &p, "高级技师研修", from, to);
		shift(to, 20, day);
		if (!rc)
			rc = certify(s, p.id, centres[course_centre[c]].occupation,
				     TRAINING_SENIOR_TECHNICIAN, day);
		shift(day, 10 + j, hired);
		if (!rc)
			rc = demo_add_role(l, &p,
					   s->employer[j % (N_FIRMS + N_NEARBY)],
					   "employee", "高级技师", hired, NULL);
	}
	return rc;
}

int
demo_load_training(struct loader *l)
{
	struct state *s = xcalloc(1, sizeof(*s));
	int rc;

	s->l = l;
	rc = load_centres(s);
	if (!rc)
		rc = load_firm_programmes(s);
	if (!rc)
		rc = load_workers(s);
	if (!rc)
		rc = load_firm_trainees(s);
	if (!rc)
		rc = load_apprentices(s);
	if (!rc)
		rc = load_current_apprentices(s);
	if (!rc)
		rc = load_college_intake(s);
	if (!rc)
		rc = load_seniors(s);
	free(s);
	return rc;
}
