/*
 * pages_workbench.c - training's part of the workbench (pages.h,
 * training_workbench()), as of the portal's today: for staff, the
 * certificates to issue and the check-ins to confirm; for an enterprise,
 * its order classes and the trainees placed in its workshops; for a
 * trainee, its timetable, its hours against what completion asks, its
 * placement and its certificates; for a teacher, its cohorts with their
 * roll and attendance rate, the check-ins to confirm and the sessions
 * still to mark, each with one button for 全部出勤 (training_mark_all()).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "page/page.h"
#include "page/section.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/pages.h"
#include "training/training.h"
#include "training/training_int.h"

/* How many records a section lists at most. */
#define ROWS_MAX 5

/*
 * The moment `today` ends in Beijing as a stored UTC time (what is held
 * by then), or now when `today` is the real date.
 */
static void
moment_of(const char *today, char out[32])
{
	char real[11];

	time_today_beijing(real);
	if (!strcmp(real, today))
		time_now_utc(out);
	else
		snprintf(out, 32, "%sT15:59:59Z", today);
}

/* A stored UTC time as the reader's local time ("2019-11-20 09:00"). */
static const char *
local(struct request *r, const char *utc)
{
	char *out = arena_alloc(&r->arena, 32, 1);

	if (out && time_format_local(utc, out, 32))
		snprintf(out, 32, "%s", utc);
	return out ? out : utc;
}

/* The certificates to issue and the check-ins to confirm. */
static int
staff_section(struct request *r, const char *today, json_t *sections)
{
	int64_t certs = 0, unconfirmed = 0, first = 0;
	json_t *s;
	int rc = store_to_certify(r->db, today, &certs);

	if (!rc)
		rc = store_unconfirmed(r->db, today, 0, &unconfirmed, &first);
	if (rc)
		return rc;
	s = page_section(r, sections, "training", "workbench.tr.title");
	page_section_figure(r, s, "workbench.tr.certificates_to_issue", certs,
			    "/training/enrolments?status=completed", true);
	page_section_figure(r, s, "workbench.tr.attendance_to_confirm",
			    unconfirmed, first ? arena_printf(&r->arena,
			    "/training/sessions/%lld/sheet", (long long)first) :
			    "/training/sessions", true);
	return 0;
}

/* An enterprise's order classes and the trainees placed with it. */
static int
firm_section(struct request *r, const char *today, int64_t org,
	     json_t *sections)
{
	json_t *classes = http_own(r, json_array());
	json_t *placed = http_own(r, json_array()), *s, *e;
	size_t i;
	int rc = store_list(r->db, TR_ORDER_CLASSES_OF, org, classes);

	if (!rc)
		rc = store_placed_with(r->db, org, today, placed);
	if (rc || (!json_array_size(classes) && !json_array_size(placed)))
		return rc;
	s = page_section(r, sections, "firm", "workbench.tr.firm_title");
	page_section_figure(r, s, "workbench.tr.order_classes",
			    (int64_t)json_array_size(classes), "/training/mine",
			    false);
	page_section_figure(r, s, "workbench.tr.placed",
			    (int64_t)json_array_size(placed),
			    "/training/placements", false);
	json_array_foreach(classes, i, e)
		if (i < ROWS_MAX)
			page_section_row(s, arena_printf(&r->arena, "%s %s",
				page_text(r, "workbench.tr.order_class"),
				record_str(e, "name")), arena_printf(&r->arena,
				"%s %lld / %s %lld / %s %lld",
				page_text(r, "workbench.tr.enrolled"),
				(long long)record_int(e, "enrolled"),
				page_text(r, "workbench.tr.seats"),
				(long long)record_int(e, "seat_quota"),
				page_text(r, "workbench.tr.commitment"),
				(long long)record_int(e, "hiring_commitment")),
				"/training/mine");
	json_array_foreach(placed, i, e)
		if (i < ROWS_MAX)
			page_section_row(s, arena_printf(&r->arena,
				"%s %s · %s",
				page_text(r, "workbench.tr.placement"),
				record_str(e, "person_name"),
				record_str(e, "title")),
				arena_printf(&r->arena, "%s %s",
				page_text(r, "workbench.tr.since"),
				record_str(e, "assigned_on")),
				arena_printf(&r->arena,
				"/training/placements/%lld",
				(long long)record_int(e, "id")));
	return 0;
}

/*
 * Verified hours of a trainee's current enrolment against what its
 * completion asks: into `s` as a count.
 */
static int
hours_count(struct request *r, json_t *s, int64_t enrolment,
	    const char *moment)
{
	struct training_hours h;
	struct tr_enrolment e;
	int64_t pct, planned = 0, excused = 0, verified = 0;
	char a[24], b[24];
	int rc = store_enrolment(r->db, enrolment, &e);

	if (!rc)
		rc = store_hours(r->db, enrolment, moment, &h);
	pct = e.min_attendance_pct;
	if (!rc && pct < 0)
		rc = settings_get_int(r->db, "training.min_attendance_pct",
				      &pct);
	if (rc)
		return rc;
	for (int k = 0; k < TRAINING_NPLACES; k++) {
		planned += h.planned[k];
		excused += h.excused[k];
		verified += h.verified[k];
	}
	time_format_hours(verified, 1, a, sizeof(a));
	time_format_hours((planned - excused) * pct / 100, 1, b, sizeof(b));
	page_section_count(r, s, "workbench.tr.hours", arena_printf(&r->arena,
			   "%s / %s", a, b), arena_printf(&r->arena,
			   "/training/enrolments/%lld", (long long)enrolment),
			   false);
	return 0;
}

/* A trainee's timetable, hours, placement and certificates. */
static int
trainee_section(struct request *r, const char *today, int64_t person,
		json_t *sections)
{
	json_t *next = http_own(r, json_array());
	json_t *current = http_own(r, json_array());
	json_t *placed = http_own(r, json_array()), *certs = NULL, *s, *e;
	char moment[32];
	size_t i, n;
	int rc;

	moment_of(today, moment);
	rc = store_sessions_from(r->db, person, today, ROWS_MAX, next);
	if (!rc)
		rc = store_list(r->db, TR_ENROLLED_NOW, person, current);
	if (!rc)
		rc = store_list(r->db, TR_PLACED_NOW, person, placed);
	if (!rc)
		rc = training_certificates_of(r->db, person, &certs);
	http_own(r, certs);
	if (rc)
		return rc;
	s = page_section(r, sections, "trainee", "workbench.tr.trainee_title");
	page_section_figure(r, s, "workbench.tr.upcoming",
			    (int64_t)json_array_size(next), "/training/mine",
			    false);
	json_array_foreach(current, i, e)
		if ((rc = hours_count(r, s, record_int(e, "id"), moment)))
			return rc;
	n = json_array_size(json_object_get(certs, "completion")) +
	    json_array_size(json_object_get(certs, "skill"));
	page_section_figure(r, s, "workbench.tr.certificates", (int64_t)n,
			    "/training/mine", false);
	json_array_foreach(next, i, e)
		page_section_row(s, arena_printf(&r->arena, "%s %s %s",
			page_text(r, "workbench.tr.session"),
			local(r, record_str(e, "starts_at")),
			record_str(e, "topic")), arena_printf(&r->arena,
			"%s · %s", record_str(e, "cohort_name"),
			record_str(e, "place")), "/training/mine");
	json_array_foreach(placed, i, e)
		page_section_row(s, arena_printf(&r->arena, "%s %s · %s",
			page_text(r, "workbench.tr.placement"),
			record_str(e, "firm_name"), record_str(e, "title")),
			arena_printf(&r->arena, "%s %s",
			page_text(r, "workbench.tr.since"),
			record_str(e, "assigned_on")),
			arena_printf(&r->arena, "/training/placements/%lld",
			(long long)record_int(e, "id")));
	json_array_foreach(json_object_get(certs, "completion"), i, e)
		page_section_row(s, arena_printf(&r->arena, "%s %s",
			page_text(r, "workbench.tr.certificate"),
			record_str(e, "programme_name")),
			record_str(e, "issued_on"), arena_printf(&r->arena,
			"/training/certificates/%lld",
			(long long)record_int(e, "id")));
	json_array_foreach(json_object_get(certs, "skill"), i, e)
		page_section_row(s, arena_printf(&r->arena, "%s %s %s",
			page_text(r, "workbench.tr.skill_certificate"),
			record_str(e, "occupation"),
			record_str(e, "level_name")),
			record_str(e, "issued_on"),
			arena_printf(&r->arena,
			"/training/skill-certificates/%lld",
			(long long)record_int(e, "id")));
	return 0;
}

/* A cohort a teacher leads: its roll and attendance rate so far. */
static void
cohort_row(struct request *r, json_t *s, json_t *c)
{
	int64_t expected = record_int(c, "expected");
	const char *rate = expected ? arena_printf(&r->arena, "%lld%%",
		(long long)((record_int(c, "attended") * 100 + expected / 2) /
			    expected)) : "—";

	page_section_row(s, arena_printf(&r->arena, "%s %s · %s",
		page_text(r, "workbench.tr.cohort"),
		record_str(c, "programme_name"), record_str(c, "name")),
		arena_printf(&r->arena, "%s %lld · %s %s",
		page_text(r, "workbench.tr.roll"),
		(long long)record_int(c, "roll"),
		page_text(r, "workbench.tr.attendance_rate"), rate),
		arena_printf(&r->arena, "/training/mine/cohorts/%lld",
		(long long)record_int(c, "id")));
}

/* A session still to mark, with its 全部出勤 button. */
static void
session_row(struct request *r, json_t *s, json_t *e)
{
	json_t *row = page_section_row(s, arena_printf(&r->arena, "%s %s %s",
		page_text(r, "workbench.tr.session"),
		local(r, record_str(e, "starts_at")), record_str(e, "topic")),
		arena_printf(&r->arena, "%s · %s %lld",
		record_str(e, "cohort_name"),
		page_text(r, "workbench.tr.unmarked"),
		(long long)record_int(e, "open")), arena_printf(&r->arena,
		"/training/sessions/%lld/sheet",
		(long long)record_int(e, "id")));

	json_object_set_new(row, "action", json_pack("{s:s?,s:s}", "href",
		arena_printf(&r->arena, "/training/sessions/%lld/all-present",
		(long long)record_int(e, "id")), "label", page_text(r,
		"workbench.tr.all_present")));
}

/* A teacher's cohorts, the check-ins to confirm, the sessions to mark. */
static int
teacher_section(struct request *r, const char *today, int64_t person,
		json_t *sections)
{
	json_t *cohorts = http_own(r, json_array());
	json_t *unmarked = http_own(r, json_array()), *s, *e;
	int64_t unconfirmed = 0, first = 0;
	size_t i;
	int rc = store_cohorts_led(r->db, person, today, cohorts);

	if (!rc)
		rc = store_unconfirmed(r->db, today, person, &unconfirmed,
				       &first);
	if (!rc)
		rc = store_sessions_to_mark(r->db, person, today, ROWS_MAX,
					    unmarked);
	if (rc || (!json_array_size(cohorts) && !unconfirmed))
		return rc;
	s = page_section(r, sections, "teacher", "workbench.tr.teacher_title");
	page_section_figure(r, s, "workbench.tr.cohorts",
			    (int64_t)json_array_size(cohorts), "/training/mine",
			    false);
	page_section_figure(r, s, "workbench.tr.attendance_to_confirm",
			    unconfirmed, first ? arena_printf(&r->arena,
			    "/training/sessions/%lld/sheet", (long long)first) :
			    "/training/mine", true);
	json_array_foreach(cohorts, i, e)
		cohort_row(r, s, e);
	json_array_foreach(unmarked, i, e)
		session_row(r, s, e);
	return 0;
}

int
training_workbench(struct request *r, const char *today, json_t *sections)
{
	const struct principal *p = auth_principal(r);
	int rc = 0;

	if (auth_is_staff(p))
		return staff_section(r, today, sections);
	if ((p->roles & ROLE_ENTERPRISE) && p->org_id > 0)
		rc = firm_section(r, today, p->org_id, sections);
	if (!rc && (p->roles & ROLE_TEACHER) && p->person_id > 0)
		rc = teacher_section(r, today, p->person_id, sections);
	if (!rc && (p->roles & ROLE_TRAINEE) && p->person_id > 0)
		rc = trainee_section(r, today, p->person_id, sections);
	return rc;
}
