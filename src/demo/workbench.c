/*
 * workbench.c - what waits for each role on the demo park's today,
 * 2019-11-18 (a step of demo.c after the facilities; loader.h), so that
 * every part of every workbench has something to show, written through
 * the modules' headers and leaving every figure of the article as it is:
 *
 * - A winter review round, open from 2019-11-01, with a student team's
 *   application submitted on 2019-11-12 (an application to review).
 * - The newest startup in the park rents a second desk from September to
 *   the end of 2019 (a lease ending within 60 days).
 * - The autumn apprenticeship class gets its November timetable: sessions
 *   on the 11th, 13th and 15th, at which on the 11th and 13th every
 *   apprentice checked in (check-ins for the teacher to confirm) and on
 *   the 15th nobody was marked yet (a session for 全部出勤), and sessions
 *   to come on the 20th, 22nd and 25th. Its first apprentice on a
 *   workshop placement holds a level-5 skill certificate from July.
 * - A start-your-business course (创业培训) for eight founders, 14 October
 *   to 15 November, completed on the 15th and its certificates not yet
 *   issued (certificates to issue). It serves no firm and no college, so
 *   the training figures (1,500 / 20 / 1,800 / 900 / 53) stay.
 * - Notices to the enterprises, the trainees and the teachers.
 * The incubation history already leaves three October reports to review
 * and two not in (late), and three startups past the rules' limits.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/err.h"
#include "db/db.h"
#include "demo/loader.h"
#include "incubation/incubation.h"
#include "notify/notify.h"
#include "training/training.h"

/* The founders the start-your-business course takes, newest first. */
#define SYB_FOUNDERS 8

/* The first integer of `sql`'s first row into *out (0: none). */
static int
first_id(struct loader *l, const char *sql, const struct db_value *v, int n,
	 int64_t *out)
{
	int rc = db_int_value(l->db, sql, v, n, out);

	if (rc == ERR_NOTFOUND) {
		*out = 0;
		rc = 0;
	}
	if (rc)
		snprintf(l->sum->error, sizeof(l->sum->error), "%s",
			 db_errmsg(l->db));
	return rc;
}

/* The winter round and a student team's application in it. */
static int
application(struct loader *l)
{
	struct problem pb = { 0 };
	int64_t round, app;
	json_t *in;
	int rc;

	in = json_pack("{s:s,s:s,s:s}", "name", "2019年冬季入孵评审",
		       "opens_on", "2019-11-01", "closes_on", "2019-12-31");
	rc = incubation_round_open_in(l->db, l->actor, in, &round, &pb);
	json_decref(in);
	if (rc)
		return demo_failed(l, rc, &pb, "review round", "2019年冬季");
	rc = demo_add_record(l, &inc_application_table, json_pack(
		"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "kind", "team",
		"company_name", "长春光合农业无人机团队", "project",
		"植保无人机变量施药系统", "field", "drones", "summary",
		"基于多光谱识别的植保无人机变量施药控制系统。",
		"supervisor_name", "王立新", "supervisor_school",
		"长春工业大学", "contact_name", "刘晨阳",
		"requested_space", "desk"), &app, "application",
		"长春光合农业无人机团队");
	if (!rc)
		rc = incubation_application_submit_in(l->db, l->actor, app,
						       "2019-11-12T02:00:00Z",
						       &pb);
	if (!rc)
		rc = incubation_round_add_in(l->db, l->actor, round, app, &pb);
	return rc ? demo_failed(l, rc, &pb, "application of",
				"长春光合农业无人机团队") : 0;
}

/* A second desk for the newest startup, ending on 2019-12-31. */
static int
short_lease(struct loader *l)
{
	const struct startup *st = &l->startups[N_STARTUPS - 1];
	int64_t unit;
	int rc = first_id(l, "SELECT u.id FROM unit u WHERE u.kind = 'desk' "
			  "AND u.archived_at IS NULL AND NOT EXISTS (SELECT 1 "
			  "FROM lease e WHERE e.unit_id = u.id AND "
			  "e.archived_at IS NULL AND e.starts_on <= "
			  "'2019-12-31' AND e.ends_on >= '2019-09-01') "
			  "ORDER BY u.id", NULL, 0, &unit);

	if (rc || !unit)
		return rc ? rc : demo_failed(l, ERR_NOTFOUND, NULL, "desk",
					     "free from 2019-09-01");
	/* 15 yuan a square metre a month; deposit: two months' rent. */
	return demo_add_record(l, &inc_lease_table, json_pack(
		"{s:I,s:I,s:s,s:s,s:I,s:I}", "unit_id", (json_int_t)unit,
		"org_id", (json_int_t)st->id, "starts_on", "2019-09-01",
		"ends_on", "2019-12-31", "rent_per_m2_fen", (json_int_t)1500,
		"deposit_fen", (json_int_t)(600 * 1500 * 2 / 100)), NULL,
		"lease of", st->name);
}

/* The November timetable of the autumn apprenticeship class. */
static int
timetable(struct loader *l)
{
	static const struct {
		const char *day, *topic;
		bool checked_in;
	} days[] = {
		{ "2019-11-11", "岗位安全规范与设备点检", true },
		{ "2019-11-13", "工艺文件识读", true },
		{ "2019-11-15", "典型工件加工实训", false },
		{ "2019-11-20", "质量检测与记录", false },
		{ "2019-11-22", "综合实训", false },
		{ "2019-11-25", "阶段考核", false },
	};
	struct db_value cv[1];
	json_t *roll = json_array(), *e;
	int64_t cohort, teacher, room, session, person = 0;
	char from[32], to[32], at[32];
	size_t i, k;
	int rc;

	rc = first_id(l, "SELECT c.id FROM training_cohort c JOIN "
		      "training_programme g ON g.id = c.programme_id WHERE "
		      "g.kind = 'apprenticeship' AND c.starts_on <= "
		      "'2019-11-18' AND c.ends_on >= '2019-11-18' ORDER BY c.id",
		      NULL, 0, &cohort);
	cv[0] = DB_INT(cohort);
	if (!rc)
		rc = first_id(l, "SELECT teacher_person_id FROM "
			      "training_cohort WHERE id = ?", cv, 1, &teacher);
	if (!rc)
		rc = first_id(l, "SELECT r.id FROM training_room r JOIN "
			      "training_cohort c ON c.centre_id = r.centre_id "
			      "WHERE c.id = ? ORDER BY r.id", cv, 1, &room);
	if (!rc && (rc = db_rows_values(l->db, "SELECT e.id, e.person_id, "
		"CASE WHEN EXISTS (SELECT 1 FROM placement p WHERE "
		"p.person_id = e.person_id AND p.status = 'assigned') "
		"THEN 1 ELSE 0 END AS placed FROM "
		"training_enrolment e WHERE e.cohort_id = ? AND e.status = "
		"'enrolled' AND e.archived_at IS NULL ORDER BY e.id", cv, 1,
		roll)))
		snprintf(l->sum->error, sizeof(l->sum->error), "%s",
			 db_errmsg(l->db));
	if (!rc && (!cohort || !room || !json_array_size(roll)))
		rc = demo_failed(l, ERR_NOTFOUND, NULL, "apprenticeship class",
				 "of 2019-11-18");
	for (i = 0; !rc && i < sizeof(days) / sizeof(days[0]); i++) {
		struct problem pb = { 0 };
		json_t *in;

		/* 09:00 to 12:00 in Beijing. */
		snprintf(from, sizeof(from), "%sT01:00:00Z", days[i].day);
		snprintf(to, sizeof(to), "%sT04:00:00Z", days[i].day);
		snprintf(at, sizeof(at), "%sT00:55:00Z", days[i].day);
		in = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I}", "cohort_id",
			       (json_int_t)cohort, "kind", "classroom", "topic",
			       days[i].topic, "starts_at", from, "ends_at", to,
			       "room_id", (json_int_t)room, "teacher_person_id",
			       (json_int_t)teacher);
		rc = training_session_add_in(l->db, l->actor, in, &session,
					     &pb);
		json_decref(in);
		if (rc) {
			rc = demo_failed(l, rc, &pb, "session", days[i].day);
			break;
		}
		json_array_foreach(roll, k, e)
			if (!rc && days[i].checked_in)
				rc = training_checkin_add_in(l->db, l->actor,
					session, json_integer_value(
					json_object_get(e, "id")), at);
		if (rc)
			rc = demo_failed(l, rc, NULL, "check-in", days[i].day);
	}
	json_array_foreach(roll, k, e)
		if (!person && json_integer_value(json_object_get(e, "placed")))
			person = json_integer_value(json_object_get(e,
								"person_id"));
	json_decref(roll);
	if (rc || !person)
		return rc ? rc : demo_failed(l, ERR_NOTFOUND, NULL,
					     "apprentice", "on placement");
	return demo_add_record(l, &training_skill_cert_table, json_pack(
		"{s:I,s:s,s:i,s:s,s:s,s:s}", "person_id", (json_int_t)person,
		"occupation", "车工", "level", 5, "number",
		"201905220119001", "issuer", "吉林省职业技能鉴定指导中心",
		"issued_on", "2019-07-15"), NULL, "skill certificate",
		"201905220119001");
}

/* The start-your-business course, completed and not yet certified. */
static int
syb_course(struct loader *l)
{
	struct problem pb = { 0 };
	int64_t programme = 0, cohort = 0, centre, mentor, e;
	int rc;

	rc = first_id(l, "SELECT id FROM training_centre ORDER BY id", NULL,
		      0, &centre);
	if (!rc)
		rc = first_id(l, "SELECT person_id FROM affiliation WHERE "
			      "role = 'mentor' AND archived_at IS NULL "
			      "ORDER BY id", NULL, 0, &mentor);
	if (!rc)
		rc = demo_add_record(l, &training_programme_table, json_pack(
			"{s:s,s:s,s:s}", "kind", "entrepreneurship", "name",
			"创业培训（SYB）", "occupation", "创业指导"),
			&programme, "programme", "创业培训（SYB）");
	if (!rc)
		rc = demo_add_record(l, &training_cohort_table, json_pack(
			"{s:I,s:I,s:s,s:i,s:s,s:s,s:I}", "programme_id",
			(json_int_t)programme, "centre_id", (json_int_t)centre,
			"name", "2019年第四期", "capacity", 30, "starts_on",
			"2019-10-14", "ends_on", "2019-11-15",
			"teacher_person_id", (json_int_t)mentor), &cohort,
			"cohort", "创业培训 2019年第四期");
	for (int i = 0; !rc && i < SYB_FOUNDERS; i++) {
		const struct startup *st = &l->startups[N_STARTUPS - 1 - i];
		json_t *in = json_pack("{s:I,s:I,s:s,s:I,s:s}", "cohort_id",
				       (json_int_t)cohort, "person_id",
				       (json_int_t)st->founder_id, "source",
				       "firm_staff", "source_org_id",
				       (json_int_t)st->id, "enrolled_on",
				       "2019-10-14");

		rc = training_enrol_in(l->db, l->actor, in, &e, &pb);
		json_decref(in);
		if (!rc)
			rc = training_event_in(l->db, l->actor, e, "completed",
					       "2019-11-15", "", &pb);
		if (rc)
			rc = demo_failed(l, rc, &pb, "enrolment of", st->name);
	}
	return rc;
}

/* Notices to the enterprises, the trainees and the teachers. */
static int
notices(struct loader *l)
{
	int rc = notify_role(l->db, l->actor, ROLE_ENTERPRISE,
			     "请按时报送 2019年11月企业月报",
			     "11月月报请于 12月10日前在“企业报表”中报送。",
			     "/incubation/reports");

	if (!rc)
		rc = notify_role(l->db, l->actor, ROLE_TRAINEE,
				 "11月25日阶段考核安排",
				 "学徒班阶段考核 11月25日上午 9:00 开始，"
				 "请携带实训记录。", "/training/mine");
	if (!rc)
		rc = notify_role(l->db, l->actor, ROLE_TEACHER,
				 "请于每周五前确认本周考勤", "",
				 "/training/mine");
	return rc ? demo_failed(l, rc, NULL, "notice", "") : 0;
}

int
demo_load_workbench(struct loader *l)
{
	int rc = application(l);

	if (!rc)
		rc = short_lease(l);
	if (!rc)
		rc = timetable(l);
	if (!rc)
		rc = syb_course(l);
	if (!rc)
		rc = notices(l);
	return rc;
}
