/*
 * api.c - the training module's JSON API as route data: each row names
 * who may call it and what serves it (web/api/training.json).
 *
 * Staff keep the records through the kit's record API
 * (/api/v1/training/{centres,partners,rooms,programmes,modules,cohorts,
 * sessions,enrolments,mentors,assessments}); a co-builder's shares, a
 * session's code and hours, an enrolment's first event and a master's
 * cap are the rules each record_api names for its create and update. The
 * steps and reads beyond a record are rules named by the rows below
 * (record/action.h): complete, withdraw, the ledger and events of an
 * enrolment, a cohort's timetable, a session's sheet and marks, check-in,
 * confirmation, weekly logs, and GET /api/v1/training/me.
 */
#include "record/action.h"
#include "record/api.h"
#include "training/api.h"
#include "training/training.h"
#include "training/training_int.h"

#define API(name, table, ...)						\
	const struct record_api name = {				\
		&table, PERM_TRAINING_READ, PERM_TRAINING_WRITE, __VA_ARGS__ \
	}

API(training_centre_api, training_centre_table, { "operator_org_id" });
API(training_partner_api, training_partner_table, { "centre_id", "org_id" },
    .create = training_partner_create, .update = training_partner_update);
API(training_room_api, training_room_table, { "centre_id", "kind" },
    .create = training_room_create, .update = training_room_update);
API(training_programme_api, training_programme_table,
    { "kind", "firm_org_id", "college_org_id" });
API(training_module_api, training_module_table, { "programme_id" });
API(training_cohort_api, training_cohort_table,
    { "programme_id", "centre_id", "teacher_person_id" });
API(training_session_api, training_session_table,
    { "cohort_id", "teacher_person_id", "kind" },
    .create = training_session_create, .update = training_session_update,
    .archive = training_session_archive);
API(training_enrolment_api, training_enrolment_table,
    { "cohort_id", "person_id", "status", "source_org_id" },
    .create = training_enrol);
API(training_mentor_api, training_mentor_table,
    { "enrolment_id", "master_person_id", "master_org_id" },
    .create = training_mentor_assign, .update = training_mentor_update);
static API(assessment_api, training_assessment_table,
	   { "enrolment_id", "module_id" });
static API(weekly_log_api, training_weekly_log_table, { "enrolment_id" });

/* The steps and reads with a rule of their own (record/action.h). */
RECORD_API_STEP(complete, training_complete, 200);
RECORD_API_STEP(withdraw, training_withdraw, 200);
RECORD_API_STEP(hours, training_hours_of, 200);
RECORD_API_STEP(events, training_events_of, 200);
RECORD_API_STEP(timetable, training_cohort_sessions, 200);
RECORD_API_STEP(sheet, training_sheet, 200);
RECORD_API_STEP(mark, training_mark, 200);
RECORD_API_STEP(checkin, training_checkin, 201);
RECORD_API_STEP(confirm, training_confirm, 200);
RECORD_API_STEP(log_write, training_log_write, 201);
RECORD_API_STEP(log_confirm, training_log_confirm, 200);
RECORD_API_STEP(mine, training_mine, 200);

#define BASE "/api/v1/training"
/* Staff read and write the records. */
#define ROUTES(path, api)						\
	RECORD_API_ROUTES(BASE path, api, PERM_TRAINING_READ,		\
			  PERM_TRAINING_WRITE)

const struct route training_api_routes[] = {
	ROUTES("/centres", &training_centre_api),
	ROUTES("/partners", &training_partner_api),
	ROUTES("/rooms", &training_room_api),
	ROUTES("/programmes", &training_programme_api),
	ROUTES("/modules", &training_module_api),
	ROUTES("/cohorts", &training_cohort_api),
	ROUTES("/sessions", &training_session_api),
	ROUTES("/enrolments", &training_enrolment_api),
	ROUTES("/mentors", &training_mentor_api),
	ROUTES("/assessments", &assessment_api),
	RECORD_API_READ_ROUTES(BASE "/weekly-logs", &weekly_log_api,
			       PERM_TRAINING_READ),
	/* An apprentice's own logs, confirmed by its own master. */
	{ HTTP_POST, BASE "/weekly-logs", record_api_action, ROUTE_SIGNED_IN,
	  &log_write },
	{ HTTP_POST, BASE "/weekly-logs/:id/confirm", record_api_action,
	  ROUTE_SIGNED_IN, &log_confirm },
	/* The cohort's teacher completes; staff withdraw. */
	{ HTTP_POST, BASE "/enrolments/:id/complete", record_api_action, 0,
	  &complete, PERM_TRAINING_TEACH },
	{ HTTP_POST, BASE "/enrolments/:id/withdraw", record_api_action, 0,
	  &withdraw, PERM_TRAINING_WRITE, &route_irreversible },
	/* Whoever may read the enrolment (training_may_read_enrolment()). */
	{ HTTP_GET, BASE "/enrolments/:id/hours", record_api_action,
	  ROUTE_SIGNED_IN, &hours },
	{ HTTP_GET, BASE "/enrolments/:id/events", record_api_action,
	  ROUTE_SIGNED_IN, &events },
	/* Teachers, of their own cohorts and sessions. */
	{ HTTP_GET, BASE "/cohorts/:id/sessions", record_api_action, 0,
	  &timetable, PERM_TRAINING_TEACH },
	{ HTTP_GET, BASE "/sessions/:id/attendance", record_api_action, 0,
	  &sheet, PERM_TRAINING_TEACH },
	{ HTTP_POST, BASE "/sessions/:id/attendance", record_api_action, 0,
	  &mark, PERM_TRAINING_TEACH },
	{ HTTP_POST, BASE "/attendance/:id/confirm", record_api_action, 0,
	  &confirm, PERM_TRAINING_TEACH },
	{ HTTP_POST, BASE "/sessions/:id/checkin", record_api_action, 0,
	  &checkin, PERM_TRAINING_CHECKIN },
	/* Each caller its own part. */
	{ HTTP_GET, BASE "/me", record_api_action, ROUTE_SIGNED_IN, &mine },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
