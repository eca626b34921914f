/*
 * rules_mentor.c - the training rules of apprentices' dual mentors (a
 * master's cap of current apprentices) and their weekly logs, which the
 * master confirms (training.h, training_int.h). Each checks the caller, runs in
 * one transaction and writes its audit rows.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/training.h"
#include "training/training_int.h"

/* ---- dual mentors ---- */

/* The refusal of a second current master for an apprentice. */
static int
has_master(struct problem *pb)
{
	return problem_key(pb, ERR_CONFLICT, "enrolment_id",
			   "training.err.has_master",
			   "the apprentice already has a current master; end "
			   "that mentorship first");
}

/* The refusal of an apprentice past the master's cap of `cap`. */
static int
master_full(struct problem *pb, int64_t cap)
{
	snprintf(tr_reason, sizeof(tr_reason), "the master already has %lld "
		 "current apprentices, the most allowed "
		 "(training.master_max_apprentices)", (long long)cap);
	return problem_range(pb, ERR_CONFLICT, "master_person_id",
			     "training.err.master_full", 0, cap, tr_reason);
}

int
training_mentor_assign(struct db *db, const struct principal *p, int64_t id,
		       json_t *in, json_t **out, struct problem *pb)
{
	struct tr_enrolment e;
	int64_t cap, current;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)) ||
	    (rc = record_validate(db, &training_mentor_table, in, true, pb)) ||
	    (rc = training_mentor_table.check(in, pb)))
		return rc;
	rc = store_enrolment(db, record_int(in, "enrolment_id"), &e);
	if (rc)
		return rc;
	if (strcmp(e.kind, "apprenticeship"))
		return problem_key(pb, ERR_INVALID, "enrolment_id",
				   "training.err.mentor_programme",
				   "mentors are for enrolments in an "
				   "apprenticeship programme");
	if (strcmp(e.status, "enrolled"))
		return problem_key(pb, ERR_CONFLICT, "enrolment_id",
				   "training.err.apprenticeship_ended",
				   "the apprenticeship has ended");
	if ((rc = settings_get_int(db, "training.master_max_apprentices",
				   &cap)))
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_current_master(db, e.id, &current);
	if (!rc && current) {
		rc = has_master(pb);
		goto out;
	}
	/*
	 * The cap is the database's to hold (migration 0009): on every day
	 * of the mentorship, counting those that end later too, and with
	 * requests at once counted one after the other. Its refusal is
	 * named here.
	 */
	if (!rc)
		rc = record_create_in(db, &training_mentor_table, &p->actor,
				      in, &id, pb);
	/*
	 * The database refused it: a current master given meanwhile (the
	 * one-current-master index), or the master's cap (its trigger).
	 */
	if (rc == ERR_CONFLICT && !store_current_master(db, e.id, &current) &&
	    current) {
		rc = has_master(pb);
		goto out;
	}
	if (rc == ERR_CONFLICT)
		rc = master_full(pb, cap);
out:
	return record_end(db, rc, &training_mentor_table, id, out);
}

int
training_mentor_update(struct db *db, const struct principal *p,
		       int64_t id, json_t *in, json_t **out,
		       struct problem *pb)
{
	int64_t cap;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_TRAINING_WRITE, 0)))
		return rc;
	rc = record_update(db, &training_mentor_table, &p->actor, id, in, pb);
	if (rc == ERR_CONFLICT && !settings_get_int(db,
			"training.master_max_apprentices", &cap))
		rc = master_full(pb, cap);
	return rc ? rc : record_get(db, &training_mentor_table, id, out);
}

/* ---- weekly logs ---- */

int
training_log_write(struct db *db, const struct principal *p, int64_t id,
		   json_t *in, json_t **out, struct problem *pb)
{
	static const char *const derived[] = {
		"confirmed_at", "confirmed_by_person_id", NULL
	};
	struct tr_enrolment e;
	int64_t master;
	int rc;

	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	if ((rc = tr_refuse_fields(in, derived, pb)) ||
	    (rc = record_validate(db, &training_weekly_log_table, in, true,
				  pb)))
		return rc;
	rc = store_enrolment(db, record_int(in, "enrolment_id"), &e);
	if (!rc && (p->person_id <= 0 || e.person_id != p->person_id))
		rc = ERR_NOTFOUND;
	if (!rc)
		rc = store_current_master(db, e.id, &master);
	if (!rc && !master)
		return problem_key(pb, ERR_INVALID, "enrolment_id",
				   "training.err.log_apprentice",
				   "weekly logs are kept by apprentices with "
				   "a master");
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, ERR_INVALID, "enrolment_id",
				   "training.err.not_yours",
				   "enrolment_id is not one of your "
				   "enrolments");
	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = record_create_in(db, &training_weekly_log_table, &p->actor, in,
			      &id, pb);
	if (rc == ERR_CONFLICT)
		rc = problem_key(pb, rc, "week_of",
				 "training.err.log_taken",
				 "there is already a log for this week");
	return record_end(db, rc, &training_weekly_log_table, id, out);
}

int
training_log_confirm(struct db *db, const struct principal *p,
		     int64_t log_id, json_t *in, json_t **out,
		     struct problem *pb)
{
	struct tr_log_state log;
	json_t *before = NULL;
	char now[32];
	int64_t master;
	int rc;

	(void)in;
	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	rc = store_log_state(db, log_id, &log);
	if (!rc)
		rc = store_current_master(db, log.owner, &master);
	if (!rc && (p->person_id <= 0 || master != p->person_id))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such log among your "
			       "apprentices'");
	if (rc)
		return rc;
	if (log.confirmed)
		return problem(pb, ERR_CONFLICT, NULL,
			       "the log is already confirmed");
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = record_get(db, &training_weekly_log_table, log_id, &before);
	if (!rc)
		rc = store_log_confirm(db, log_id, p->person_id, now);
	if (!rc)
		rc = record_audit_change(db, &training_weekly_log_table,
					 &p->actor, "confirm", log_id, before);
	json_decref(before);
	return record_end(db, rc, &training_weekly_log_table, log_id, out);
}
