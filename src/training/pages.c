/*
 * pages.c - the training module's pages as route data (pages.h): staff's
 * lists, forms and exports of every record on the kit's pages, with what
 * a centre's, a programme's, a cohort's and an enrolment's page show
 * besides the record; an enrolment's page for whoever may read it, with
 * its actions; "my training" with check-in and weekly logs; a teacher's
 * timetable of a cohort. The attendance sheet is in pages_sheet.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/arena.h"
#include "base/macros.h"
#include "base/time.h"
#include "facility/facility.h"
#include "page/page.h"
#include "record/action.h"
#include "record/download.h"
#include "record/pages.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* Add `col`_label beside the enum value `col` of each of `items`. */
static void
labels(struct request *r, json_t *items, const char *prefix, const char *col)
{
	json_t *rec;
	size_t i;

	json_array_foreach(items, i, rec) {
		const char *v = record_text(rec, col);

		if (v)
			json_object_set_new(rec, arena_printf(&r->arena,
				"%s_label", col), json_string(page_text_or(r,
				arena_printf(&r->arena, "%s.%s_values.%s",
					     prefix, col, v), v)));
	}
}

/* List `which` of `id` under `key` of the page data. */
static int
put_rows(struct request *r, json_t *data, const char *key,
	 enum tr_list which, int64_t id)
{
	json_t *items = json_array();

	json_object_set_new(data, key, items);
	return store_list(r->db, which, id, items);
}

/* ---- what a record's page shows besides the record ---- */

static int
centre_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "partners", TR_PARTNERS_OF, id);

	if (!rc)
		rc = put_rows(r, data, "rooms", TR_ROOMS_OF, id);
	labels(r, json_object_get(data, "rooms"), "training_room", "kind");
	return rc;
}

static int
programme_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "modules", TR_MODULES_OF, id);

	return rc ? rc : put_rows(r, data, "cohorts", TR_COHORTS_OF, id);
}

static int
cohort_extra(struct request *r, int64_t id, json_t *data)
{
	int rc = put_rows(r, data, "sessions", TR_SESSIONS_OF, id);

	if (!rc)
		rc = put_rows(r, data, "enrolments", TR_ENROLMENTS_OF, id);
	labels(r, json_object_get(data, "sessions"), "training_session",
	       "kind");
	labels(r, json_object_get(data, "enrolments"), "training_enrolment",
	       "status");
	return rc;
}

/*
 * The ledger `hours` (minutes, as the API gives it) as people read it:
 * each figure also in hours with one decimal, under its key and "_h".
 */
static void
hours_shown(json_t *hours)
{
	static const char *const places[] = { "classroom", "workshop",
					      "total" };
	static const char *const keys[] = { "planned", "held", "attended",
					    "verified", "excused" };
	char text[32], key[16];

	for (size_t i = 0; i < ARRAY_SIZE(places); i++) {
		json_t *place = json_object_get(hours, places[i]);

		for (size_t k = 0; place && k < ARRAY_SIZE(keys); k++) {
			json_t *v = json_object_get(place, keys[k]);

			if (!json_is_integer(v) ||
			    time_format_hours(json_integer_value(v), 1, text,
					      sizeof(text)))
				continue;
			snprintf(key, sizeof(key), "%s_h", keys[k]);
			json_object_set_new(place, key, json_string(text));
		}
	}
}

/*
 * The verified minutes of enrolment `id` in class hours (学时) of the
 * setting's length, one decimal, beside the syllabus's 学时.
 */
static int
class_hours(struct request *r, int64_t id, int64_t verified, json_t *data)
{
	int64_t minutes, syllabus, tenths;
	int rc = settings_get_int(r->db, "training.class_hour_minutes",
				  &minutes);

	if (!rc)
		rc = store_syllabus_hours(r->db, id, &syllabus);
	if (rc || minutes <= 0)
		return rc;
	tenths = (verified * 10 + minutes / 2) / minutes;
	json_object_set_new(data, "class_hours", json_pack("{s:s, s:I, s:I}",
		"verified", arena_printf(&r->arena, "%" PRId64 ".%" PRId64,
					 tenths / 10, tenths % 10),
		"syllabus", (json_int_t)syllabus, "minutes",
		(json_int_t)minutes));
	return 0;
}

/* An enrolment's events, mentors, hours and the actions it still takes. */
static int
enrolment_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct training_hours h;
	struct tr_enrolment e;
	const char *why = NULL;
	char now[32];
	int rc = put_rows(r, data, "events", TR_EVENTS_OF, id);

	labels(r, json_object_get(data, "events"), "training_enrolment",
	       "kind");
	time_now_utc(now);
	if (!rc)
		rc = put_rows(r, data, "mentors", TR_MENTORS_OF, id);
	if (!rc)
		rc = store_hours(r->db, id, now, &h);
	if (rc)
		return rc;
	json_object_set_new(data, "hours", training_hours_json(id, &h));
	hours_shown(json_object_get(data, "hours"));
	if ((rc = class_hours(r, id, h.verified[TRAINING_CLASSROOM] +
			      h.verified[TRAINING_WORKSHOP], data)))
		return rc;
	json_object_set_new(data, "has_mentors", json_boolean(
		json_array_size(json_object_get(data, "mentors"))));
	json_object_set_new(data, "is_enrolled", json_boolean(!strcmp(
		record_str(json_object_get(data, "record"), "status"),
		"enrolled")));
	json_object_set_new(data, "can_complete", json_boolean(
		!auth_require(p, PERM_TRAINING_WRITE, 0) ||
		(p->roles & ROLE_TEACHER)));
	/* Completing it before the rule is met: said beforehand. */
	if (json_is_true(json_object_get(data, "is_enrolled")) &&
	    !store_enrolment(r->db, id, &e) &&
	    !tr_completion_unmet(r->db, &e, now, &why) && why)
		json_object_set_new(data, "complete_wait",
				    json_string(page_message(r, why)));
	return 0;
}

/*
 * A session out of its room's opening hours, or under a window of its
 * maintenance, was booked with a warning: its page keeps saying so.
 */
static int
session_extra(struct request *r, int64_t id, json_t *data)
{
	struct problem pb = { 0 };
	struct tr_session s;
	int rc = store_session(r->db, id, &s);

	if (rc == ERR_NOTFOUND || (!rc && !s.booking_id))
		return 0;
	if (!rc)
		rc = facility_booking_hours(r->db, s.booking_id, &pb);
	if (rc == ERR_CONFLICT)
		json_object_set_new(data, "hours_warning", json_string(
				    page_problem(r, &pb, NULL)));
	return rc == ERR_CONFLICT || rc == ERR_NOTFOUND ? 0 : rc;
}

/*
 * The kit's pages of a table: the one list, the one detail page unless
 * `.detail_template` names one with more, the export "training-STEMs".
 */
#define PAGES(name, api, base, stem, ...)				\
	static const struct record_pages name = {			\
		&api, base, .form_template = "record/form",		\
		.export_stem = "training-" stem "s", __VA_ARGS__	\
	}

PAGES(centre_pages, training_centre_api, "/training/centres", "centre",
      .detail_template = "training/centre", .detail_extra = centre_extra);
PAGES(partner_pages, training_partner_api, "/training/partners", "partner",
      .list_id = true);
PAGES(room_pages, training_room_api, "/training/rooms", "room",
      .list_id = false);
PAGES(programme_pages, training_programme_api, "/training/programmes",
      "programme", .detail_template = "training/programme",
      .detail_extra = programme_extra);
PAGES(module_pages, training_module_api, "/training/modules", "module",
      .list_id = false);
PAGES(cohort_pages, training_cohort_api, "/training/cohorts", "cohort",
      .detail_template = "training/cohort", .detail_extra = cohort_extra);
PAGES(session_pages, training_session_api, "/training/sessions", "session",
      .detail_template = "training/session", .detail_extra = session_extra,
      .list_id = true);
PAGES(enrolment_pages, training_enrolment_api, "/training/enrolments",
      "enrolment", .detail_template = "training/enrolment",
      .detail_extra = enrolment_extra, .list_id = true);
PAGES(mentor_pages, training_mentor_api, "/training/mentors", "mentor",
      .list_id = true);

/* GET /training/enrolments/{id}: staff, and whoever may read it. */
static int
enrolment_page(struct request *r)
{
	int64_t id;
	int rc = http_param_id(r, "id", &id);

	if (!rc)
		rc = training_may_read_enrolment(r->db, auth_principal(r), id);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such enrolment");
	return rc ? rc : record_page_show(r, &enrolment_pages, id, NULL);
}

/* ---- my training ---- */

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
		const char *from = record_text(s, "starts_at");
		const char *to = record_text(s, "ends_at");

		json_object_set_new(s, "open", json_boolean(from && to &&
			strcmp(from, now) <= 0 && strcmp(now, to) < 0 &&
			json_is_null(json_object_get(s, "attendance"))));
	}
}

/* The values of "my training" shown by their labels: part, prefix, col. */
static const struct {
	const char *part, *prefix, *col;
} mine_labels[] = {
	{ "enrolments", "training_programme", "kind" },
	{ "enrolments", "training_enrolment", "status" },
	{ "sessions", "training_session", "kind" },
	{ "sessions", "training_attendance", "attendance" },
	{ "cohorts", "training_programme", "kind" },
	{ "programmes", "training_programme", "kind" },
	{ "students", "training_enrolment", "status" },
	{ "students", "training_enrolment", "source" },
};

/*
 * "My training", with the refusal of a step taken from it (`more`'s
 * errors, a new reference, or NULL) above it.
 */
static int
mine_page(struct request *r, int64_t id, json_t *more)
{
	json_t *mine, *mentored, *e, *error;
	size_t i;
	int rc;

	(void)id;
	http_own(r, more);
	if ((rc = training_mine(r->db, auth_principal(r), 0, NULL, &mine,
				NULL)))
		return rc;
	for (size_t k = 0; k < ARRAY_SIZE(mine_labels); k++)
		labels(r, json_object_get(mine, mine_labels[k].part),
		       mine_labels[k].prefix, mine_labels[k].col);
	mark_open(json_object_get(mine, "sessions"));
	json_array_foreach(json_object_get(mine, "enrolments"), i, e)
		hours_shown(json_object_get(e, "hours"));
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
		if (record_int(e, "mentored"))
			json_array_append(mentored, e);
	json_object_set_new(mine, "has_mentored",
			    json_boolean(json_array_size(mentored)));
	json_object_set_new(mine, "mentored", mentored);
	/* A refusal is shown above the page, whichever field it names. */
	error = json_object_iter_value(json_object_iter(json_object_get(more,
								"errors")));
	json_object_set(mine, "error", error ? error : json_null());
	return page_render(r, "training/mine", "training.mine",
			   http_own(r, mine));
}

/* GET /training/mine */
static int
get_mine(struct request *r)
{
	return mine_page(r, 0, NULL);
}

/* What "my training" exports: each part of it as a list. */
static const struct mine_part {
	const char *name;		/* ?part= and the key in "mine" */
	const struct record_table *rows;
} mine_parts[] = {
	{ "students", &training_students_rows },
	{ "programmes", &training_programmes_rows },
	{ "firm_apprentices", &training_apprentices_rows },
	{ "apprentices", &training_apprentices_rows },
};

/* GET /training/mine/export?part=PART&format=csv|xlsx */
static int
get_mine_export(struct request *r)
{
	const char *part = http_query(r, "part");
	const struct mine_part *mp = NULL;
	json_t *mine, *items;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(mine_parts); i++)
		if (part && !strcmp(part, mine_parts[i].name))
			mp = &mine_parts[i];
	if (!mp)
		return http_fail(r, ERR_INVALID, "part", "part must be "
				 "students, programmes, firm_apprentices or "
				 "apprentices");
	if ((rc = training_mine(r->db, auth_principal(r), 0, NULL, &mine,
				NULL)))
		return rc;
	items = json_object_get(http_own(r, mine), mp->name);
	if (!items)
		return http_fail(r, ERR_FORBIDDEN, "part",
				 "this list is not yours to export");
	return record_download(r, mp->rows, arena_printf(&r->arena,
			       "training-%s", mp->name),
			       page_text(r, "training.mine"), items);
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

	s.cohort_teacher = record_int(cohort, "teacher_person_id");
	json_array_foreach(sessions, i, row) {
		s.teacher_person_id = record_int(row, "teacher_person_id");
		json_object_set_new(row, "may_mark",
				    json_boolean(training_teaches_session(p,
									  &s)));
	}
}

/* GET /training/mine/cohorts/{id}: a teacher's timetable of a cohort. */
static int
get_my_cohort(struct request *r)
{
	struct problem pb = { 0 };
	json_t *data, *cohort;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_cohort_sessions(r->db, auth_principal(r), id, NULL,
				      &data, &pb);
	if (!rc && (rc = record_get(r->db, &training_cohort_table, id,
				    &cohort)) == ERR_NOTFOUND)
		problem(&pb, rc, NULL, "no such cohort among yours");
	http_own(r, data);
	if (rc)
		return http_problem(r, rc, &pb);
	json_object_set_new(data, "cohort", cohort);
	labels(r, json_object_get(data, "items"), "training_session", "kind");
	mark_links(r, cohort, json_object_get(data, "items"));
	return page_render(r, "training/my_cohort", "training.my_cohorts",
			   data);
}

/* ---- the steps taken from the pages (record/action.h) ---- */

RECORD_PAGE_STEP(complete, training_complete, "/training/enrolments",
		 "training.completed", .form_table = &training_complete_input,
		 .pages = &enrolment_pages, .show_all = true,
		 .done_key = "training.done_completed");
RECORD_PAGE_STEP(withdraw, training_withdraw, "/training/enrolments",
		 "training.withdrawn", .form_table = &training_withdraw_input,
		 .pages = &enrolment_pages, .show_all = true,
		 .done_key = "training.done_withdrawn");
/* Steps taken from "my training", which shows their refusals. */
RECORD_PAGE_STEP(checkin, training_checkin, "/training/mine",
		 "training.checked_in", .form_table = &training_checkin_input,
		 .back_field = "", .show = mine_page, .show_all = true);
RECORD_PAGE_STEP(log_write, training_log_write, "/training/mine",
		 "training.log_saved", .form_table = &training_weekly_log_table,
		 .back_field = "", .show = mine_page, .show_all = true);
RECORD_PAGE_STEP(log_confirm, training_log_confirm, "/training/mine",
		 "training.log_confirmed", .back_field = "");
/* From "my training" or the sheet, back where it was pressed (`next`). */
RECORD_PAGE_STEP(confirm, training_confirm, "/training/mine",
		 "training.confirmed", .back_field = "");
/* The workbench's 全部出勤, back to the workbench (or `next`). */
RECORD_PAGE_STEP(all_present, training_mark_all, "/",
		 "workbench.tr.all_present_done", .back_field = "");

/* Withdrawing ends the enrolment for good (http.h, route_confirm). */
static const struct route_confirm withdraw_confirm = {
	"confirm.withdraw_enrolment", "training_enrolment", NULL,
};

#define READ PERM_TRAINING_READ
#define WRITE PERM_TRAINING_WRITE

const struct route training_page_routes[] = {
	{ HTTP_GET, "/training/mine", get_mine, ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_GET, "/training/mine/export", get_mine_export,
	  ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_GET, "/training/mine/cohorts/:id", get_my_cohort, ROUTE_PAGE,
	  NULL, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/sessions/:id/checkin", record_page_action,
	  ROUTE_PAGE, &checkin, PERM_TRAINING_CHECKIN },
	{ HTTP_GET, "/training/sessions/:id/sheet", tr_get_sheet, ROUTE_PAGE,
	  NULL, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/sessions/:id/sheet", tr_post_sheet, ROUTE_PAGE,
	  NULL, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/attendance/:id/confirm", record_page_action,
	  ROUTE_PAGE, &confirm, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/sessions/:id/all-present", record_page_action,
	  ROUTE_PAGE, &all_present, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/weekly-logs", record_page_action,
	  ROUTE_PAGE | ROUTE_SIGNED_IN, &log_write },
	{ HTTP_POST, "/training/weekly-logs/:id/confirm", record_page_action,
	  ROUTE_PAGE | ROUTE_SIGNED_IN, &log_confirm },
	RECORD_PAGE_ROUTES("/training/centres", &centre_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/partners", &partner_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/rooms", &room_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/programmes", &programme_pages, READ,
			   WRITE),
	RECORD_PAGE_ROUTES("/training/modules", &module_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/cohorts", &cohort_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/sessions", &session_pages, READ, WRITE),
	RECORD_PAGE_ROUTES("/training/mentors", &mentor_pages, READ, WRITE),
	/* An enrolment's page is for whoever may read the enrolment. */
	RECORD_PAGE_WRITE_ROUTES("/training/enrolments", &enrolment_pages,
				 WRITE),
	{ HTTP_GET, "/training/enrolments", record_page_list, ROUTE_PAGE,
	  &enrolment_pages, READ },
	{ HTTP_GET, "/training/enrolments/export", record_page_export,
	  ROUTE_PAGE, &enrolment_pages, READ },
	{ HTTP_GET, "/training/enrolments/:id", enrolment_page,
	  ROUTE_PAGE | ROUTE_SIGNED_IN },
	{ HTTP_POST, "/training/enrolments/:id/complete", record_page_action,
	  ROUTE_PAGE, &complete, PERM_TRAINING_TEACH },
	{ HTTP_POST, "/training/enrolments/:id/withdraw", record_page_action,
	  ROUTE_PAGE, &withdraw, WRITE, &withdraw_confirm },
	{ 0, NULL, NULL, 0, NULL, 0 },
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
	/* A master (teacher) the slots and placements it supervises. */
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TEACHER, "menu.training",
	  "/training/slots", "menu.tr_slots" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TRAINEE | ROLE_TEACHER,
	  "menu.training", "/training/placements", "menu.tr_placements" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training", "/training/certificates",
	  "menu.tr_certificates" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "menu.training",
	  "/training/skill-certificates", "menu.tr_skill_certs" },
	{ 0, NULL, NULL, NULL },
};
