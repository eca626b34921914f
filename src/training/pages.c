/*
 * pages.c - the training module's pages (pages.h): staff's record pages,
 * an enrolment's page and its actions, "my training", and the route table
 * of them all; the attendance sheet is in pages_sheet.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "export/export.h"
#include "http/form.h"
#include "page/page.h"
#include "record/pages.h"
#include "training/api.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* ---- record pages (staff) ---- */

#define API(name, table, ...)						\
	static const struct record_api name = {				\
		&table, PERM_TRAINING_READ, PERM_TRAINING_WRITE,	\
		{ __VA_ARGS__, NULL },					\
	}

API(centre_api, training_centre_table, "operator_org_id");
API(partner_api, training_partner_table, "centre_id", "org_id");
API(room_api, training_room_table, "centre_id", "kind");
API(programme_api, training_programme_table, "kind", "firm_org_id",
    "college_org_id");
API(module_api, training_module_table, "programme_id");
API(cohort_api, training_cohort_table, "programme_id", "centre_id",
    "teacher_person_id");
API(session_api, training_session_table, "cohort_id", "teacher_person_id",
    "kind");
API(enrolment_api, training_enrolment_table, "cohort_id", "person_id",
    "status", "source_org_id");
API(mentor_api, training_mentor_table, "enrolment_id", "master_person_id",
    "master_org_id");

/* Rows of `fn(db, id, items)` under `key` of the page data. */
static int
put_rows(struct request *r, json_t *data, const char *key,
	 int (*fn)(struct db *, int64_t, json_t *), int64_t id)
{
	json_t *items = json_array();
	int rc = fn(r->db, id, items);

	json_object_set_new(data, key, items);
	return rc;
}

/* The label of enum value `v` of catalog prefix `prefix`. */
void
tr_label(struct request *r, json_t *rec, const char *prefix, const char *col)
{
	const char *v = json_string_value(json_object_get(rec, col));

	if (v)
		json_object_set_new(rec, arena_printf(&r->arena, "%s_label",
						      col),
				    json_string(page_text_or(r,
					arena_printf(&r->arena,
						     "%s.%s_values.%s", prefix,
						     col, v), v)));
}

static void
labels(struct request *r, json_t *items, const char *prefix,
       const char *col)
{
	json_t *rec;
	size_t i;

	json_array_foreach(items, i, rec)
		tr_label(r, rec, prefix, col);
}

static int
centre_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "partners", store_partners_of, id);

	if (!rc)
		rc = put_rows(r, data, "rooms", store_rooms_of, id);
	labels(r, json_object_get(data, "rooms"), "training_room", "kind");
	return rc;
}

static int
programme_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "modules", store_modules_of, id);

	if (!rc)
		rc = put_rows(r, data, "cohorts", store_cohorts_of, id);
	return rc;
}

static int
cohort_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "sessions", store_sessions_of, id);

	if (!rc)
		rc = put_rows(r, data, "enrolments", store_enrolments_of, id);
	labels(r, json_object_get(data, "sessions"), "training_session",
	       "kind");
	labels(r, json_object_get(data, "enrolments"), "training_enrolment",
	       "status");
	return rc;
}

static int
enrolment_extra(struct request *r, int64_t id, json_t *data)
{
	struct training_hours h;
	char now[32];
	int rc = put_rows(r, data, "events", store_events_of, id);

	labels(r, json_object_get(data, "events"), "training_enrolment",
	       "kind");
	if (!rc)
		rc = put_rows(r, data, "mentors", store_mentors_of, id);
	json_object_set_new(data, "has_mentors", json_boolean(
		json_array_size(json_object_get(data, "mentors"))));
	time_now_utc(now);
	if (!rc)
		rc = store_hours(r->db, id, now, &h);
	if (!rc)
		json_object_set_new(data, "hours",
				    training_hours_json(id, &h));
	json_object_set_new(data, "is_enrolled", json_boolean(!strcmp(
		json_string_value(json_object_get(json_object_get(data,
			"record"), "status")), "enrolled")));
	return rc;
}

#define COL(name, prefix, type) { name, prefix "." name, type, NULL, NULL }
#define ENUMCOL(name, prefix) \
	{ name, prefix "." name, EXPORT_ENUM, prefix "." name "_values.", NULL }

static const struct export_column centre_export[] = {
	COL("id", "training_centre", EXPORT_INTEGER),
	COL("name", "training_centre", EXPORT_TEXT),
	COL("operator_org_id", "training_centre", EXPORT_INTEGER),
	COL("address", "training_centre", EXPORT_TEXT),
	COL("capacity", "training_centre", EXPORT_INTEGER),
	COL("opened_on", "training_centre", EXPORT_DATE),
};
static const struct export_column partner_export[] = {
	COL("id", "training_partner", EXPORT_INTEGER),
	COL("centre_id", "training_partner", EXPORT_INTEGER),
	COL("org_id", "training_partner", EXPORT_INTEGER),
	COL("share_pct", "training_partner", EXPORT_INTEGER),
	COL("contribution", "training_partner", EXPORT_TEXT),
};
static const struct export_column room_export[] = {
	COL("id", "training_room", EXPORT_INTEGER),
	COL("centre_id", "training_room", EXPORT_INTEGER),
	COL("name", "training_room", EXPORT_TEXT),
	ENUMCOL("kind", "training_room"),
	COL("capacity", "training_room", EXPORT_INTEGER),
};
static const struct export_column programme_export[] = {
	COL("id", "training_programme", EXPORT_INTEGER),
	ENUMCOL("kind", "training_programme"),
	COL("name", "training_programme", EXPORT_TEXT),
	COL("occupation", "training_programme", EXPORT_TEXT),
	COL("firm_org_id", "training_programme", EXPORT_INTEGER),
	COL("seat_quota", "training_programme", EXPORT_INTEGER),
	COL("hiring_commitment", "training_programme", EXPORT_INTEGER),
	COL("college_org_id", "training_programme", EXPORT_INTEGER),
	COL("intake_on", "training_programme", EXPORT_DATE),
	COL("certificate_name", "training_programme", EXPORT_TEXT),
	COL("certificate_level", "training_programme", EXPORT_INTEGER),
};
static const struct export_column module_export[] = {
	COL("id", "training_module", EXPORT_INTEGER),
	COL("programme_id", "training_module", EXPORT_INTEGER),
	COL("seq", "training_module", EXPORT_INTEGER),
	COL("name", "training_module", EXPORT_TEXT),
	COL("classroom_hours", "training_module", EXPORT_INTEGER),
	COL("workshop_hours", "training_module", EXPORT_INTEGER),
};
static const struct export_column cohort_export[] = {
	COL("id", "training_cohort", EXPORT_INTEGER),
	COL("programme_id", "training_cohort", EXPORT_INTEGER),
	COL("centre_id", "training_cohort", EXPORT_INTEGER),
	COL("name", "training_cohort", EXPORT_TEXT),
	COL("capacity", "training_cohort", EXPORT_INTEGER),
	COL("starts_on", "training_cohort", EXPORT_DATE),
	COL("ends_on", "training_cohort", EXPORT_DATE),
	COL("teacher_person_id", "training_cohort", EXPORT_INTEGER),
};
static const struct export_column session_export[] = {
	COL("id", "training_session", EXPORT_INTEGER),
	COL("cohort_id", "training_session", EXPORT_INTEGER),
	ENUMCOL("kind", "training_session"),
	COL("topic", "training_session", EXPORT_TEXT),
	COL("starts_at", "training_session", EXPORT_TIME),
	COL("ends_at", "training_session", EXPORT_TIME),
	COL("minutes", "training_session", EXPORT_INTEGER),
	COL("room_id", "training_session", EXPORT_INTEGER),
	COL("workshop_org_id", "training_session", EXPORT_INTEGER),
	COL("teacher_person_id", "training_session", EXPORT_INTEGER),
};
static const struct export_column enrolment_export[] = {
	COL("id", "training_enrolment", EXPORT_INTEGER),
	COL("cohort_id", "training_enrolment", EXPORT_INTEGER),
	COL("person_id", "training_enrolment", EXPORT_INTEGER),
	ENUMCOL("source", "training_enrolment"),
	COL("source_org_id", "training_enrolment", EXPORT_INTEGER),
	COL("enrolled_on", "training_enrolment", EXPORT_DATE),
	ENUMCOL("status", "training_enrolment"),
	COL("status_on", "training_enrolment", EXPORT_DATE),
};
static const struct export_column mentor_export[] = {
	COL("id", "training_mentor", EXPORT_INTEGER),
	COL("enrolment_id", "training_mentor", EXPORT_INTEGER),
	COL("master_person_id", "training_mentor", EXPORT_INTEGER),
	COL("master_org_id", "training_mentor", EXPORT_INTEGER),
	COL("teacher_person_id", "training_mentor", EXPORT_INTEGER),
	COL("since", "training_mentor", EXPORT_DATE),
	COL("until", "training_mentor", EXPORT_DATE),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PAGES(var, api, base, prefix, list, detail, extra, exp, stem, make, \
	      change)							     \
	static const struct record_pages var = {			     \
		&api, base, prefix, "training/" list, "training/" detail,    \
		"record/form", extra, exp, N(exp), stem, make, change,	     \
	}

PAGES(centre_pages, centre_api, "/training/centres", "training_centre",
      "centres", "centre", centre_extra, centre_export, "training-centres",
      NULL, NULL);
PAGES(partner_pages, partner_api, "/training/partners", "training_partner",
      "partners", "partner", NULL, partner_export, "training-partners",
      training_partner_create, training_partner_update);
PAGES(room_pages, room_api, "/training/rooms", "training_room", "rooms",
      "room", NULL, room_export, "training-rooms", NULL, NULL);
PAGES(programme_pages, programme_api, "/training/programmes",
      "training_programme", "programmes", "programme", programme_extra,
      programme_export, "training-programmes", NULL, NULL);
PAGES(module_pages, module_api, "/training/modules", "training_module",
      "modules", "module", NULL, module_export, "training-modules", NULL,
      NULL);
PAGES(cohort_pages, cohort_api, "/training/cohorts", "training_cohort",
      "cohorts", "cohort", cohort_extra, cohort_export, "training-cohorts",
      NULL, NULL);
PAGES(session_pages, session_api, "/training/sessions", "training_session",
      "sessions", "session", NULL, session_export, "training-sessions",
      training_session_create, training_session_update);
PAGES(enrolment_pages, enrolment_api, "/training/enrolments",
      "training_enrolment", "enrolments", "enrolment", enrolment_extra,
      enrolment_export, "training-enrolments", training_enrol, NULL);
PAGES(mentor_pages, mentor_api, "/training/mentors", "training_mentor",
      "mentors", "mentor", NULL, mentor_export, "training-mentors",
      training_mentor_assign, training_mentor_update);

/* ---- enrolment page and its actions ---- */

/*
 * The enrolment's page, with `error` (a rule's reason, translated) above
 * its actions when an action was refused.
 */
static int
enrolment_page(struct request *r, int64_t id, const char *error)
{
	const struct principal *p = auth_principal(r);
	json_t *rec, *data;
	int rc;

	rc = training_may_read_enrolment(r->db, p, id);
	if (!rc)
		rc = record_get(r->db, &training_enrolment_table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such enrolment");
	if (rc)
		return rc;
	record_page_labels(r, &enrolment_pages, rec);
	data = json_pack("{s:o,s:s,s:b,s:b,s:s?}", "record", rec, "base",
			 "/training/enrolments", "can_write",
			 !auth_require(p, PERM_TRAINING_WRITE, 0),
			 "can_complete",
			 !auth_require(p, PERM_TRAINING_WRITE, 0) ||
			 (p->roles & ROLE_TEACHER), "error",
			 error ? page_message(r, error) : NULL);
	rc = enrolment_extra(r, id, data);
	if (rc) {
		http_own(r, data);
		return rc;
	}
	return page_render(r, "training/enrolment",
			   "training_enrolment.detail", data);
}

/* GET /training/enrolments/{id}: staff, and whoever may read it. */
static int
get_enrolment(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	return rc ? rc : enrolment_page(r, id, NULL);
}

/* POST /training/enrolments/{id}/complete|withdraw */
static int
post_enrolment_action(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const bool complete = r->route_data != NULL;
	struct problem pb = { 0 };
	const struct form *f;
	const char *on;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	on = form_get(f, "on_date");
	if (on && !*on)
		on = NULL;
	rc = complete ? training_complete(r->db, p, id, on, &pb) :
	     training_withdraw(r->db, p, id, on, form_get(f, "reason"), &pb);
	if (rc == ERR_CONFLICT || rc == ERR_INVALID) {
		r->status = err_http_status(rc);
		return enrolment_page(r, id, arena_strdup(&r->arena,
							  pb.message));
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", complete ? "training.completed" :
		   "training.withdrawn");
	return http_redirect(r, arena_printf(&r->arena,
					     "/training/enrolments/%lld",
					     (long long)id));
}

/* ---- my training ---- */

/* The kinds and statuses of "my training" shown by their labels. */
static void
mine_labels(struct request *r, json_t *mine)
{
	labels(r, json_object_get(mine, "enrolments"), "training_programme",
	       "kind");
	labels(r, json_object_get(mine, "enrolments"), "training_enrolment",
	       "status");
	labels(r, json_object_get(mine, "sessions"), "training_session",
	       "kind");
	labels(r, json_object_get(mine, "sessions"), "training_attendance",
	       "attendance");
	labels(r, json_object_get(mine, "cohorts"), "training_programme",
	       "kind");
	labels(r, json_object_get(mine, "programmes"), "training_programme",
	       "kind");
	labels(r, json_object_get(mine, "students"), "training_enrolment",
	       "status");
	labels(r, json_object_get(mine, "students"), "training_enrolment",
	       "source");
}

/*
 * Mark the sessions a trainee may check in to now (running, not yet
 * attended): they get the code form.
 */
static void
mark_open(json_t *sessions)
{
	char now[32];
	json_t *s;
	size_t i;

	time_now_utc(now);
	json_array_foreach(sessions, i, s) {
		const char *from = json_string_value(json_object_get(s,
								"starts_at"));
		const char *to = json_string_value(json_object_get(s,
								"ends_at"));

		json_object_set_new(s, "open", json_boolean(from && to &&
			strcmp(from, now) <= 0 && strcmp(now, to) < 0 &&
			json_is_null(json_object_get(s, "attendance"))));
	}
}

static int
mine_page(struct request *r, const char *error)
{
	json_t *mine, *mentored, *e;
	size_t i;
	int rc = training_mine(r, &mine);

	if (rc) {
		http_own(r, mine);
		return rc;
	}
	mine_labels(r, mine);
	mark_open(json_object_get(mine, "sessions"));
	json_object_set_new(mine, "is_trainee", json_boolean(
		json_object_get(mine, "enrolments") != NULL));
	json_object_set_new(mine, "is_teacher", json_boolean(
		json_object_get(mine, "cohorts") != NULL));
	json_object_set_new(mine, "is_enterprise", json_boolean(
		json_object_get(mine, "programmes") != NULL));
	json_object_set_new(mine, "is_college", json_boolean(
		json_object_get(mine, "students") != NULL));
	mentored = json_array();
	json_array_foreach(json_object_get(mine, "enrolments"), i, e)
		if (json_integer_value(json_object_get(e, "mentored")))
			json_array_append(mentored, e);
	json_object_set_new(mine, "has_mentored",
			    json_boolean(json_array_size(mentored)));
	json_object_set_new(mine, "mentored", mentored);
	json_object_set_new(mine, "error", error ?
			    json_string(page_message(r, error)) : json_null());
	return page_render(r, "training/mine", "training.mine", mine);
}

/* GET /training/mine */
static int
get_mine(struct request *r)
{
	return mine_page(r, NULL);
}

/* What "my training" exports: each part of it as a list. */
static const struct export_column students_export[] = {
	{ "person_name", "training.trainee", EXPORT_TEXT, NULL, NULL },
	{ "programme_name", "training_programme.name", EXPORT_TEXT, NULL,
	  NULL },
	{ "cohort_name", "training_cohort.name", EXPORT_TEXT, NULL, NULL },
	ENUMCOL("source", "training_enrolment"),
	{ "enrolled_on", "training_enrolment.enrolled_on", EXPORT_DATE, NULL,
	  NULL },
	ENUMCOL("status", "training_enrolment"),
	{ "status_on", "training_enrolment.status_on", EXPORT_DATE, NULL,
	  NULL },
};
static const struct export_column programmes_export[] = {
	{ "name", "training_programme.name", EXPORT_TEXT, NULL, NULL },
	ENUMCOL("kind", "training_programme"),
	{ "occupation", "training_programme.occupation", EXPORT_TEXT, NULL,
	  NULL },
	{ "seat_quota", "training_programme.seat_quota", EXPORT_INTEGER,
	  NULL, NULL },
	{ "hiring_commitment", "training_programme.hiring_commitment",
	  EXPORT_INTEGER, NULL, NULL },
	COL("enrolled", "training", EXPORT_INTEGER),
	{ "completed", "training.completed_n", EXPORT_INTEGER, NULL, NULL },
};
static const struct export_column apprentices_export[] = {
	{ "apprentice_name", "training.apprentice", EXPORT_TEXT, NULL, NULL },
	{ "master_name", "training_mentor.master_person_id", EXPORT_TEXT,
	  NULL, NULL },
	{ "teacher_name", "training_mentor.teacher_person_id", EXPORT_TEXT,
	  NULL, NULL },
	{ "programme_name", "training_programme.name", EXPORT_TEXT, NULL,
	  NULL },
	{ "since", "training_mentor.since", EXPORT_DATE, NULL, NULL },
	{ "until", "training_mentor.until", EXPORT_DATE, NULL, NULL },
};

static const struct mine_part {
	const char *name;		/* ?part= and the key in "mine" */
	const struct export_column *cols;
	size_t ncols;
} mine_parts[] = {
	{ "students", students_export, N(students_export) },
	{ "programmes", programmes_export, N(programmes_export) },
	{ "firm_apprentices", apprentices_export, N(apprentices_export) },
	{ "apprentices", apprentices_export, N(apprentices_export) },
};

/* GET /training/mine/export?part=PART&format=csv|xlsx */
static int
get_mine_export(struct request *r)
{
	const char *part = http_query(r, "part");
	const struct mine_part *mp = NULL;
	json_t *mine, *items;
	int rc;

	for (size_t i = 0; i < N(mine_parts); i++)
		if (part && !strcmp(part, mine_parts[i].name))
			mp = &mine_parts[i];
	if (!mp)
		return http_fail(r, ERR_INVALID, "part", "part must be "
				 "students, programmes, firm_apprentices or "
				 "apprentices");
	rc = training_mine(r, &mine);
	items = json_object_get(mine, mp->name);
	if (!rc && !items)
		rc = http_fail(r, ERR_FORBIDDEN, "part",
			       "this list is not yours to export");
	if (!rc)
		rc = export_send(r, http_query(r, "format"),
				 arena_printf(&r->arena, "training-%s",
					      mp->name),
				 page_text(r, "training.mine"), mp->cols,
				 mp->ncols, items);
	http_own(r, mine);
	return rc;
}

/* POST /training/sessions/{id}/checkin (form: code) */
static int
post_checkin(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	rc = training_checkin(r->db, auth_principal(r), id,
			      form_get(f, "code"), time(NULL), &pb);
	if (rc == ERR_CONFLICT || rc == ERR_INVALID || rc == ERR_THROTTLED) {
		r->status = err_http_status(rc);
		return mine_page(r, arena_strdup(&r->arena, pb.message));
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "training.checked_in");
	return http_redirect(r, "/training/mine");
}

/*
 * Which sessions of a cohort's timetable the caller may mark (its own,
 * or every one when it leads the cohort): `may_mark` on each, for the
 * link to the sheet (training_taught_session() decides again there).
 */
static void
mark_links(struct request *r, json_t *cohort, json_t *sessions)
{
	const struct principal *p = auth_principal(r);
	struct tr_session s = { 0 };
	json_t *row;
	size_t i;

	s.cohort_teacher = json_integer_value(json_object_get(cohort,
						"teacher_person_id"));
	json_array_foreach(sessions, i, row) {
		s.teacher_person_id = json_integer_value(json_object_get(row,
							"teacher_person_id"));
		json_object_set_new(row, "may_mark",
				    json_boolean(training_teaches_session(p,
									  &s)));
	}
}

/* GET /training/mine/cohorts/{id}: a teacher's timetable of a cohort. */
static int
get_my_cohort(struct request *r)
{
	json_t *cohort, *data;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_may_teach(r->db, auth_principal(r), id);
	if (!rc)
		rc = record_get(r->db, &training_cohort_table, id, &cohort);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such cohort among yours");
	if (rc)
		return rc;
	data = json_pack("{s:o}", "cohort", cohort);
	rc = put_rows(r, data, "sessions", store_sessions_of, id);
	labels(r, json_object_get(data, "sessions"), "training_session",
	       "kind");
	if (rc) {
		http_own(r, data);
		return rc;
	}
	mark_links(r, cohort, json_object_get(data, "sessions"));
	return page_render(r, "training/my_cohort", "training.my_cohorts",
			   data);
}

/* POST /training/weekly-logs (form: enrolment_id, week_of, body) */
static int
post_log(struct request *r)
{
	struct problem pb = { 0 };
	const struct form *f;
	const char *e;
	json_t *in;
	int64_t id;
	char *end;
	int rc;

	if ((rc = http_read_form(r, &f)))
		return rc;
	e = form_get(f, "enrolment_id");
	in = json_pack("{s:s?,s:s?}", "week_of", form_get(f, "week_of"),
		       "body", form_get(f, "body"));
	json_object_set_new(in, "enrolment_id", e && *e ?
			    json_integer(strtoll(e, &end, 10)) : json_null());
	rc = training_log_write(r->db, auth_principal(r), in, &id, &pb);
	http_own(r, in);
	if (rc == ERR_CONFLICT || rc == ERR_INVALID) {
		r->status = err_http_status(rc);
		return mine_page(r, arena_strdup(&r->arena, pb.message));
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "training.log_saved");
	return http_redirect(r, "/training/mine");
}

/* POST /training/weekly-logs/{id}/confirm: the master, from its page. */
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
	page_flash(r, "success", "training.log_confirmed");
	return http_redirect(r, "/training/mine");
}

#define RECORD_PAGES(base, pages)					     \
	{ HTTP_GET, base, record_page_list, ROUTE_PAGE, pages },	     \
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pages },	     \
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pages }, \
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pages },    \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pages },   \
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pages }, \
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE,   \
	  pages }

static const int complete_marker;

const struct route training_page_routes[] = {
	{ HTTP_GET, "/training/mine", get_mine, ROUTE_PAGE, NULL },
	{ HTTP_GET, "/training/mine/cohorts/:id", get_my_cohort, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/training/mine/export", get_mine_export, ROUTE_PAGE,
	  NULL },
	/* An enrolment's own page, after the literal paths beside it. */
	{ HTTP_GET, "/training/enrolments/new", record_page_new, ROUTE_PAGE,
	  &enrolment_pages },
	{ HTTP_GET, "/training/enrolments/export", record_page_export,
	  ROUTE_PAGE, &enrolment_pages },
	{ HTTP_GET, "/training/enrolments/:id", get_enrolment, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, "/training/enrolments/:id/complete",
	  post_enrolment_action, ROUTE_PAGE, &complete_marker },
	{ HTTP_POST, "/training/enrolments/:id/withdraw",
	  post_enrolment_action, ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/sessions/:id/checkin", post_checkin,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/training/sessions/:id/sheet", tr_get_sheet, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, "/training/sessions/:id/sheet", tr_post_sheet, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, "/training/attendance/:id/confirm", tr_post_confirm,
	  ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/weekly-logs", post_log, ROUTE_PAGE, NULL },
	{ HTTP_POST, "/training/weekly-logs/:id/confirm", post_log_confirm,
	  ROUTE_PAGE, NULL },
	RECORD_PAGES("/training/centres", &centre_pages),
	RECORD_PAGES("/training/partners", &partner_pages),
	RECORD_PAGES("/training/rooms", &room_pages),
	RECORD_PAGES("/training/programmes", &programme_pages),
	RECORD_PAGES("/training/modules", &module_pages),
	RECORD_PAGES("/training/cohorts", &cohort_pages),
	RECORD_PAGES("/training/sessions", &session_pages),
	RECORD_PAGES("/training/enrolments", &enrolment_pages),
	RECORD_PAGES("/training/mentors", &mentor_pages),
	{ 0, NULL, NULL, 0, NULL },
};

/* The training module's entries of the left menu (page.h). */
const struct page_menu_item training_menu[] = {
	{ ROLE_TRAINEE | ROLE_TEACHER | ROLE_ENTERPRISE | ROLE_COLLEGE,
	  "menu.training", "/training/mine", "menu.training_mine" },
	{ ROLE_ADMIN, "menu.training", "/training/centres",
	  "menu.training_centres" },
	{ ROLE_ADMIN, "menu.training", "/training/programmes",
	  "menu.training_programmes" },
	{ ROLE_ADMIN, "menu.training", "/training/cohorts",
	  "menu.training_cohorts" },
	{ ROLE_ADMIN, "menu.training", "/training/sessions",
	  "menu.training_sessions" },
	{ ROLE_ADMIN, "menu.training", "/training/enrolments",
	  "menu.training_enrolments" },
	{ ROLE_ADMIN, "menu.training", "/training/mentors",
	  "menu.training_mentors" },
	/* training, tr-out: placements, certificates, figures */
	{ ROLES_EXCEPT(ROLE_APPLICANT), "menu.training", "/training/figures",
	  "menu.tr_figures" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.training", "/training/slots",
	  "menu.tr_slots" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TRAINEE, "menu.training",
	  "/training/placements", "menu.tr_placements" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training", "/training/certificates",
	  "menu.tr_certificates" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training",
	  "/training/skill-certificates", "menu.tr_skill_certs" },
	{ 0, NULL, NULL, NULL },
};
