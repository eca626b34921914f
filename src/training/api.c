/*
 * api.c - the training module's JSON API.
 *
 * Staff keep the plain records through the generic record API:
 *	/api/v1/training/{centres,rooms,programmes,modules,cohorts,
 *	 assessments}		list, create, get, update, archive
 *	/api/v1/training/{sessions,enrolments,mentors,partners}
 *				list, get, update, archive; create is a rule
 *				(and a co-builder's update checks the shares)
 * The rules and what each role sees of them:
 *	POST /api/v1/training/sessions			schedule (code, hours)
 *	POST /api/v1/training/enrolments		enrol (capacity)
 *	POST /api/v1/training/enrolments/{id}/complete	rule checked
 *	POST /api/v1/training/enrolments/{id}/withdraw
 *	GET  /api/v1/training/enrolments/{id}/hours	the ledger
 *	GET  /api/v1/training/enrolments/{id}/events
 *	POST /api/v1/training/mentors			dual mentors (cap)
 *	GET  /api/v1/training/cohorts/{id}/sessions	teacher's timetable
 *	GET  /api/v1/training/sessions/{id}/attendance	the sheet
 *	POST /api/v1/training/sessions/{id}/attendance	mark one trainee
 *	POST /api/v1/training/sessions/{id}/checkin	trainee, with the code
 *	POST /api/v1/training/attendance/{id}/confirm	teacher or master
 *	GET/POST /api/v1/training/weekly-logs, POST .../{id}/confirm
 *	GET  /api/v1/training/me			the caller's training
 */
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "record/api.h"
#include "training/api.h"
#include "training/training.h"
#include "training/training_int.h"

static const struct record_api centre_api = {
	&training_centre_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "operator_org_id", NULL },
};
static const struct record_api partner_api = {
	&training_partner_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "centre_id", "org_id", NULL },
};
static const struct record_api room_api = {
	&training_room_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "centre_id", "kind", NULL },
};
static const struct record_api programme_api = {
	&training_programme_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "kind", "firm_org_id", "college_org_id", NULL },
};
static const struct record_api module_api = {
	&training_module_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "programme_id", NULL },
};
static const struct record_api cohort_api = {
	&training_cohort_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "programme_id", "centre_id", "teacher_person_id", NULL },
};
static const struct record_api session_api = {
	&training_session_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "cohort_id", "teacher_person_id", "kind", NULL },
};
static const struct record_api enrolment_api = {
	&training_enrolment_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "cohort_id", "person_id", "status", "source_org_id", NULL },
};
static const struct record_api mentor_api = {
	&training_mentor_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "enrolment_id", "master_person_id", "master_org_id", NULL },
};
static const struct record_api assessment_api = {
	&training_assessment_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "enrolment_id", "module_id", NULL },
};
static const struct record_api weekly_log_api = {
	&training_weekly_log_table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,
	{ "enrolment_id", NULL },
};

/* The record `id` of `t` as the answer, with `status`. */
static int
answer_record(struct request *r, const struct record_table *t, int64_t id,
	      int status)
{
	json_t *rec;
	int rc = record_get(r->db, t, id, &rec);

	return rc ? rc : http_json(r, status, rec);
}

/* POST /api/v1/training/partners */
static int
post_partner(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = training_partner_create(r->db, auth_principal(r), body, &id,
				     &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_partner_table, id, 201);
}

/*
 * PATCH of a co-builder, a session or a mentorship: the rule of training_int.h
 * named by the route's data.
 */
typedef int update_fn(struct db *, const struct principal *, int64_t,
		      json_t *, struct problem *);

struct update_api {
	const struct record_table *table;
	update_fn *update;
};

static const struct update_api partner_update = {
	&training_partner_table, training_partner_update,
};
static const struct update_api session_update = {
	&training_session_table, training_session_update,
};
static const struct update_api mentor_update = {
	&training_mentor_table, training_mentor_update,
};

static int
patch_by_rule(struct request *r)
{
	const struct update_api *u = r->route_data;
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = u->update(r->db, auth_principal(r), id, body, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, u->table, id, 200);
}

/* POST /api/v1/training/sessions */
static int
post_session(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = training_session_create(r->db, auth_principal(r), body, &id,
				     &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_session_table, id, 201);
}

/* POST /api/v1/training/enrolments */
static int
post_enrolment(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = training_enrol(r->db, auth_principal(r), body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_enrolment_table, id, 201);
}

/* POST /api/v1/training/mentors */
static int
post_mentor(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = training_mentor_assign(r->db, auth_principal(r), body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_mentor_table, id, 201);
}

/* POST /api/v1/training/enrolments/{id}/complete {"on_date"} */
static int
post_complete(struct request *r)
{
	static const char *const allowed[] = { "on_date", NULL };
	struct problem pb = { 0 };
	const char *on;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_string(r, body, "on_date", false, &on)))
		return rc;
	rc = training_complete(r->db, auth_principal(r), id, on, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_enrolment_table, id, 200);
}

/* POST /api/v1/training/enrolments/{id}/withdraw {"on_date", "reason"} */
static int
post_withdraw(struct request *r)
{
	static const char *const allowed[] = { "on_date", "reason", NULL };
	struct problem pb = { 0 };
	const char *on, *why;
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_WRITE, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_string(r, body, "on_date", false, &on)) ||
	    (rc = api_string(r, body, "reason", false, &why)))
		return rc;
	rc = training_withdraw(r->db, auth_principal(r), id, on, why, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_enrolment_table, id, 200);
}

/* The enrolment of the path, if the caller may read it. */
static int
readable_enrolment(struct request *r, int64_t *id)
{
	int rc = http_param_id(r, "id", id);

	if (!rc)
		rc = training_may_read_enrolment(r->db, auth_principal(r),
						 *id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such enrolment");
	return rc;
}

/* GET /api/v1/training/enrolments/{id}/hours */
static int
get_hours(struct request *r)
{
	struct training_hours h;
	char now[32];
	int64_t id;
	int rc;

	if ((rc = readable_enrolment(r, &id)))
		return rc;
	time_now_utc(now);
	rc = training_hours(r->db, id, now, &h);
	return rc ? rc : http_json(r, 200, training_hours_json(id, &h));
}

/* GET /api/v1/training/enrolments/{id}/events */
static int
get_events(struct request *r)
{
	json_t *items = json_array();
	int64_t id;
	int rc;

	if ((rc = readable_enrolment(r, &id)) ||
	    (rc = store_events_of(r->db, id, items))) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{so}", "items", items));
}

/* The session of the path, if the caller may teach it (training_int.h). */
static int
taught_session(struct request *r, struct tr_session *s)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	if (!rc)
		rc = training_taught_session(r->db, auth_principal(r), id, s);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such session among your "
				 "cohorts");
	return rc;
}

/* GET /api/v1/training/sessions/{id}/attendance: the sheet. */
static int
get_sheet(struct request *r)
{
	struct tr_session s;
	json_t *items = json_array(), *session;
	int rc;

	if ((rc = taught_session(r, &s)) ||
	    (rc = store_sheet(r->db, s.id, items))) {
		http_own(r, items);
		return rc;
	}
	rc = record_get(r->db, &training_session_table, s.id, &session);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{so so}", "session", session,
					   "items", items));
}

/* POST /api/v1/training/sessions/{id}/attendance {enrolment_id, status} */
static int
post_mark(struct request *r)
{
	static const char *const allowed[] = {
		"enrolment_id", "status", NULL
	};
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *status;
	int64_t id, enrolment_id, att;
	json_t *body, *out;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (auth_require(p, PERM_TRAINING_WRITE, 0) &&
	    (rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_int(r, body, "enrolment_id", true, 0, &enrolment_id)) ||
	    (rc = api_string(r, body, "status", true, &status)))
		return rc;
	rc = training_mark(r->db, p, id, enrolment_id, status, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = store_attendance_find(r->db, id, enrolment_id, &att);
	if (!rc)
		rc = store_attendance_json(r->db, att, &out);
	return rc ? rc : http_json(r, 200, out);
}

/* POST /api/v1/training/sessions/{id}/checkin {code} */
static int
post_checkin(struct request *r)
{
	static const char *const allowed[] = { "code", NULL };
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	char eon[11], estatus[16];
	const char *code;
	struct tr_session s;
	int64_t id, enrolment_id, att;
	json_t *body, *out;
	int rc;

	if ((rc = auth_require(p, PERM_TRAINING_CHECKIN, 0)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_string(r, body, "code", true, &code)))
		return rc;
	rc = training_checkin(r->db, p, id, code, time(NULL), &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = store_session(r->db, id, &s);
	if (!rc)
		rc = store_enrolment_at(r->db, p->person_id, s.cohort_id,
					&enrolment_id, eon, estatus);
	if (!rc)
		rc = store_attendance_find(r->db, id, enrolment_id, &att);
	if (!rc)
		rc = store_attendance_json(r->db, att, &out);
	return rc ? rc : http_json(r, 201, out);
}

/* POST /api/v1/training/attendance/{id}/confirm */
static int
post_confirm(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *out;
	int64_t id;
	int rc;

	if (!p)
		return ERR_UNAUTH;
	if (auth_require(p, PERM_TRAINING_WRITE, 0) &&
	    (rc = auth_require(p, PERM_TRAINING_TEACH, 0)))
		return rc;
	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_confirm(r->db, p, id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = store_attendance_json(r->db, id, &out);
	return rc ? rc : http_json(r, 200, out);
}

/* GET /api/v1/training/cohorts/{id}/sessions */
static int
get_cohort_sessions(struct request *r)
{
	json_t *items;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_may_teach(r->db, auth_principal(r), id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such cohort among yours");
	if (rc)
		return rc;
	items = json_array();
	rc = store_sessions_of(r->db, id, items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, json_pack("{so}", "items", items));
}

/* POST /api/v1/training/weekly-logs */
static int
post_log(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body;
	int64_t id;
	int rc;

	if ((rc = http_read_json(r, &body)))
		return rc;
	rc = training_log_write(r->db, auth_principal(r), body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_weekly_log_table, id, 201);
}

/* POST /api/v1/training/weekly-logs/{id}/confirm */
static int
post_log_confirm(struct request *r)
{
	struct problem pb = { 0 };
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_log_confirm(r->db, auth_principal(r), id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return answer_record(r, &training_weekly_log_table, id, 200);
}

int
training_mine(struct request *r, json_t **out)
{
	const struct principal *p = auth_principal(r);
	json_t *items;
	char now[32], since[32];
	int rc = 0;

	*out = json_object();
	if (!p)
		return ERR_UNAUTH;
	time_now_utc(now);
	json_object_set_new(*out, "person_id", p->person_id > 0 ?
			    json_integer(p->person_id) : json_null());
	json_object_set_new(*out, "org_id", p->org_id > 0 ?
			    json_integer(p->org_id) : json_null());
	if (p->person_id > 0 && (p->roles & ROLE_TRAINEE)) {
		size_t i;
		json_t *e;

		items = json_array();
		json_object_set_new(*out, "enrolments", items);
		rc = store_enrolments_of_person(r->db, p->person_id, items);
		json_array_foreach(items, i, e) {
			struct training_hours h;
			int64_t id = json_integer_value(json_object_get(e,
								"id"));

			if (rc || (rc = store_hours(r->db, id, now, &h)))
				break;
			json_object_set_new(e, "hours",
					    training_hours_json(id, &h));
		}
		items = json_array();
		json_object_set_new(*out, "sessions", items);
		time_utc_in(since, -30L * 86400);
		if (!rc)
			rc = store_schedule_of_person(r->db, p->person_id,
						      since, items);
		items = json_array();
		json_object_set_new(*out, "logs", items);
		if (!rc)
			rc = store_logs_of_person(r->db, p->person_id, items);
	}
	if (!rc && p->person_id > 0 && (p->roles & ROLE_TEACHER)) {
		items = json_array();
		json_object_set_new(*out, "cohorts", items);
		rc = store_cohorts_of_teacher(r->db, p->person_id, items);
		items = json_array();
		json_object_set_new(*out, "apprentices", items);
		if (!rc)
			rc = store_apprentices(r->db, 0, p->person_id, items);
		items = json_array();
		json_object_set_new(*out, "logs_to_confirm", items);
		if (!rc)
			rc = store_logs_to_confirm(r->db, p->person_id, items);
		items = json_array();
		json_object_set_new(*out, "hours_to_confirm", items);
		if (!rc)
			rc = store_hours_to_confirm(r->db, p->person_id,
						    items);
	}
	if (!rc && p->org_id > 0 && (p->roles & ROLE_ENTERPRISE)) {
		items = json_array();
		json_object_set_new(*out, "programmes", items);
		rc = store_programmes_of_firm(r->db, p->org_id, items);
		items = json_array();
		json_object_set_new(*out, "firm_apprentices", items);
		if (!rc)
			rc = store_apprentices(r->db, p->org_id, 0, items);
	}
	if (!rc && p->org_id > 0 && (p->roles & ROLE_COLLEGE)) {
		items = json_array();
		json_object_set_new(*out, "students", items);
		rc = store_students_of(r->db, p->org_id, items);
	}
	return rc;
}

/* GET /api/v1/training/me */
static int
get_me(struct request *r)
{
	json_t *out;
	int rc = training_mine(r, &out);

	if (rc) {
		http_own(r, out);
		return rc;
	}
	return http_json(r, 200, out);
}

#define LIST_GET(path, api)						\
	{ HTTP_GET, path, record_api_list, 0, api },			\
	{ HTTP_GET, path "/:id", record_api_get, 0, api },		\
	{ HTTP_PATCH, path "/:id", record_api_update, 0, api },		\
	{ HTTP_DELETE, path "/:id", record_api_archive, 0, api }

#define RECORD_ROUTES(path, api)					\
	LIST_GET(path, api),						\
	{ HTTP_POST, path, record_api_create, 0, api }

const struct route training_api_routes[] = {
	RECORD_ROUTES("/api/v1/training/centres", &centre_api),
	{ HTTP_PATCH, "/api/v1/training/partners/:id", patch_by_rule, 0,
	  &partner_update },
	{ HTTP_PATCH, "/api/v1/training/sessions/:id", patch_by_rule, 0,
	  &session_update },
	{ HTTP_PATCH, "/api/v1/training/mentors/:id", patch_by_rule, 0,
	  &mentor_update },
	{ HTTP_POST, "/api/v1/training/partners", post_partner, 0, NULL },
	LIST_GET("/api/v1/training/partners", &partner_api),
	RECORD_ROUTES("/api/v1/training/rooms", &room_api),
	RECORD_ROUTES("/api/v1/training/programmes", &programme_api),
	RECORD_ROUTES("/api/v1/training/modules", &module_api),
	RECORD_ROUTES("/api/v1/training/cohorts", &cohort_api),
	RECORD_ROUTES("/api/v1/training/assessments", &assessment_api),
	LIST_GET("/api/v1/training/sessions", &session_api),
	{ HTTP_POST, "/api/v1/training/sessions", post_session, 0, NULL },
	LIST_GET("/api/v1/training/enrolments", &enrolment_api),
	{ HTTP_POST, "/api/v1/training/enrolments", post_enrolment, 0, NULL },
	LIST_GET("/api/v1/training/mentors", &mentor_api),
	{ HTTP_POST, "/api/v1/training/mentors", post_mentor, 0, NULL },
	{ HTTP_GET, "/api/v1/training/weekly-logs", record_api_list, 0,
	  &weekly_log_api },
	{ HTTP_GET, "/api/v1/training/weekly-logs/:id", record_api_get, 0,
	  &weekly_log_api },
	{ HTTP_POST, "/api/v1/training/weekly-logs", post_log, 0, NULL },
	{ HTTP_POST, "/api/v1/training/weekly-logs/:id/confirm",
	  post_log_confirm, 0, NULL },
	{ HTTP_POST, "/api/v1/training/enrolments/:id/complete",
	  post_complete, 0, NULL },
	{ HTTP_POST, "/api/v1/training/enrolments/:id/withdraw",
	  post_withdraw, 0, NULL },
	{ HTTP_GET, "/api/v1/training/enrolments/:id/hours", get_hours, 0,
	  NULL },
	{ HTTP_GET, "/api/v1/training/enrolments/:id/events", get_events, 0,
	  NULL },
	{ HTTP_GET, "/api/v1/training/cohorts/:id/sessions",
	  get_cohort_sessions, 0, NULL },
	{ HTTP_GET, "/api/v1/training/sessions/:id/attendance", get_sheet, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/training/sessions/:id/attendance", post_mark, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/training/sessions/:id/checkin", post_checkin, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/training/attendance/:id/confirm", post_confirm,
	  0, NULL },
	{ HTTP_GET, "/api/v1/training/me", get_me, 0, NULL },
	{ 0, NULL, NULL, 0, NULL },
};
