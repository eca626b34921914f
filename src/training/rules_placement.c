/*
 * rules_placement.c - the rules of workshop placements (training.h): who
 * a firm may name, slots, assignments, the end of a placement, the
 * trainee's weekly logs and evaluation, and the master's confirmation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "party/party.h"
#include "record/record.h"
#include "training/training.h"
#include "training/training_int.h"

/* Days since 1970-01-01 of a valid "YYYY-MM-DD" (civil calendar). */
static int64_t
day_number(const char *s)
{
	int y = (int)strtol(s, NULL, 10), m = (int)strtol(s + 5, NULL, 10);
	int d = (int)strtol(s + 8, NULL, 10);
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
training_person_in_reach(struct db *db, const struct principal *p,
			 int64_t firm_id, int64_t person_id, bool *yes)
{
	int rc = party_scope_of(db, p, PARTY_PERSON, person_id, yes);

	if (!rc && !*yes && p && person_id > 0)
		rc = out_store_tied_to_firm(db, firm_id, person_id, yes);
	return rc;
}

/* A slot's master, when `in` names one, must be in the caller's reach. */
static int
check_master(struct db *db, const struct principal *p, json_t *in,
	     struct problem *pb)
{
	json_t *m = json_object_get(in, "master_id");
	bool yes;
	int rc;

	if (!json_is_integer(m))
		return 0;	/* absent or null; the table checks the rest */
	rc = party_scope_of(db, p, PARTY_PERSON, json_integer_value(m), &yes);
	if (!rc && !yes)
		rc = problem_key(pb, ERR_INVALID, "master_id",
				 "training.err.slot_master",
				 "master_id must be a person of the slot's "
				 "firm");
	return rc;
}

int
training_slot_create(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	if ((rc = auth_require(p, PERM_PLACEMENT_WRITE,
			       record_int(in, "firm_id"))))
		return rc;
	if (json_object_get(in, "taken"))
		return problem_key(pb, ERR_INVALID, "taken",
				   "training.err.taken",
				   "taken is kept by the system");
	if ((rc = check_master(db, p, in, pb)) ||
	    (rc = record_create(db, &training_slot_table, &p->actor, in, &id,
				pb)))
		return rc;
	return record_get(db, &training_slot_view_table, id, out);
}

int
training_slot_update(struct db *db, const struct principal *p, int64_t id,
		     json_t *in, json_t **out, struct problem *pb)
{
	json_t *rec = NULL;
	int64_t firm;
	int rc;

	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	/* Archived ones too: record_update() says why it refuses them. */
	rc = record_get(db, &training_slot_table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, NULL,
				   "training.err.no_slot",
				   "no such placement slot");
	if (rc)
		return rc;
	firm = record_int(rec, "firm_id");
	json_decref(rec);
	if ((rc = auth_require(p, PERM_PLACEMENT_WRITE, firm)) ||
	    (rc = check_master(db, p, in, pb)) ||
	    (rc = record_update(db, &training_slot_table, &p->actor, id, in,
				pb)))
		return rc;
	return record_get(db, &training_slot_table, id, out);
}

/*
 * End the transaction with the outcome `rc` (db_end()), then placement `id`
 * with its events as the answer.
 */
static int
done(struct db *db, int rc, int64_t id, json_t **out)
{
	rc = db_end(db, rc);
	return rc ? rc : training_placement_get(db, id, out);
}

/*
 * Place person `person_id` on slot `s` from `on`: the placement and its
 * "assigned" event noted `note`, in the caller's transaction, its id in
 * *id. The slot's places are the database's to hold (its trigger); a
 * refused insert of a validated record is that check, named here.
 */
static int
place(struct db *db, const struct audit_actor *actor,
      const struct out_slot *s, int64_t person_id, const char *on,
      const char *note, int64_t *id, struct problem *pb)
{
	char now[32];
	json_t *in;
	int rc;

	in = json_pack("{s:I,s:I,s:I,s:s,s:s}", "slot_id", (json_int_t)s->id,
		       "firm_id", (json_int_t)s->firm_id, "person_id",
		       (json_int_t)person_id, "status", "assigned",
		       "assigned_on", on);
	rc = record_create_in(db, &training_placement_table, actor, in, id,
			      pb);
	json_decref(in);
	if (rc == ERR_INVALID && !pb->field)
		rc = problem_key(pb, ERR_CONFLICT, "slot_id",
				 "training.err.slot_full",
				 "the slot has no place left");
	time_now_utc(now);
	if (!rc)
		rc = out_store_event(db, *id, "assigned", on, note, actor->id,
				     now);
	return rc;
}

int
training_assign(struct db *db, const struct principal *p, int64_t slot_id,
		json_t *in, json_t **out, struct problem *pb)
{
	struct out_slot s;
	const char *on, *note;
	int64_t person_id, id = 0;
	bool taken, reach;
	int rc;

	*out = NULL;
	if ((rc = record_validate(db, &training_assign_input, in, true, pb)))
		return rc;
	person_id = record_int(in, "person_id");
	on = record_text(in, "on");
	note = record_text(in, "note");
	if ((rc = db_begin(db)))
		return rc;
	rc = out_store_slot(db, slot_id, &s);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such placement slot");
	if (rc || (rc = auth_require(p, PERM_PLACEMENT_WRITE, s.firm_id)))
		goto out;
	if (strcmp(on, s.starts_on) < 0 || strcmp(on, s.ends_on) > 0) {
		rc = problem_key(pb, ERR_INVALID, "on",
				 "training.err.placement_date",
				 "on must lie within the slot's dates");
		goto out;
	}
	if (s.taken >= s.places) {
		rc = problem_key(pb, ERR_CONFLICT, "slot_id",
				 "training.err.slot_full",
				 "the slot has no place left");
		goto out;
	}
	/* Not in reach and not there answer alike: ids cannot be probed. */
	if ((rc = training_person_in_reach(db, p, s.firm_id, person_id,
					   &reach)))
		goto out;
	if (!reach) {
		rc = problem_key(pb, ERR_INVALID, "person_id",
				 "training.err.placement_person",
				 "person_id must be a trainee or a person of "
				 "the slot's firm");
		goto out;
	}
	if ((rc = out_store_on_slot(db, slot_id, person_id, &taken)))
		goto out;
	if (taken) {
		rc = problem_key(pb, ERR_CONFLICT, "person_id",
				 "training.err.placed",
				 "the person is already placed on this slot");
		goto out;
	}
	rc = place(db, &p->actor, &s, person_id, on, note ? note : "", &id,
		   pb);
out:
	return done(db, rc, id, out);
}

int
training_placement_add_in(struct db *db, const struct audit_actor *actor,
			  int64_t slot_id, int64_t person_id,
			  const char *assigned_on, const char *ended,
			  const char *ended_on, int64_t *id, struct problem *pb)
{
	struct out_slot s;
	json_t *before = NULL;
	char now[32];
	int rc;

	*id = 0;
	rc = out_store_slot(db, slot_id, &s);
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, "slot_id",
				   "training.err.no_slot",
				   "no such placement slot");
	if (rc)
		return rc;
	rc = place(db, actor, &s, person_id, assigned_on, "", id, pb);
	if (rc || !ended)
		return rc;
	time_now_utc(now);
	if ((rc = record_get(db, &training_placement_table, *id, &before)) ||
	    (rc = out_store_set_status(db, *id, ended, ended_on, now)) ||
	    (rc = out_store_event(db, *id, ended, ended_on, "", actor->id,
				  now)))
		goto out;
	rc = record_audit_change(db, &training_placement_table, actor, ended,
				 *id, before);
out:
	json_decref(before);
	return rc;
}

int
training_placement_end(struct db *db, const struct principal *p,
		       int64_t placement_id, json_t *in, json_t **out,
		       struct problem *pb)
{
	struct out_placement pl;
	const char *kind, *on, *note;
	json_t *before = NULL;
	char now[32];
	int rc;

	*out = NULL;
	if ((rc = record_validate(db, &training_end_input, in, true, pb)))
		return rc;
	kind = record_text(in, "kind");
	on = record_text(in, "on");
	note = record_text(in, "note");
	if (strcmp(kind, "completed") && strcmp(kind, "withdrawn"))
		return problem_key(pb, ERR_INVALID, "kind",
				   "training.err.end_kind",
				   "kind must be completed or withdrawn");
	if ((rc = db_begin(db)))
		return rc;
	rc = out_store_placement(db, placement_id, &pl);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such placement");
	if (rc || (rc = auth_require(p, PERM_PLACEMENT_WRITE, pl.firm_id)))
		goto out;
	if (strcmp(pl.status, "assigned")) {
		rc = problem_key(pb, ERR_CONFLICT, "kind",
				 "training.err.placement_ended",
				 "the placement has already ended");
		goto out;
	}
	if (strcmp(on, pl.assigned_on) < 0) {
		rc = problem_key(pb, ERR_INVALID, "on",
				 "training.err.before_placement",
				 "on must not be before the placement was "
				 "assigned");
		goto out;
	}
	time_now_utc(now);
	rc = record_get(db, &training_placement_table, placement_id, &before);
	if (!rc) {
		rc = out_store_set_status(db, placement_id, kind, on, now);
		/* Another end got there first, after our read. */
		if (rc == ERR_NOTFOUND)
			rc = problem_key(pb, ERR_CONFLICT, "kind",
					 "training.err.placement_ended",
					 "the placement has already ended");
	}
	if (rc ||
	    (rc = out_store_event(db, placement_id, kind, on,
				  note ? note : "", p->actor.id, now)) ||
	    (rc = record_audit_change(db, &training_placement_table,
				      &p->actor, kind, placement_id, before)))
		goto out;
out:
	json_decref(before);
	return done(db, rc, placement_id, out);
}

/*
 * May `p` write the logs and evaluation of `pl`: staff, or its trainee
 * (PERM_PLACEMENT_LOG_WRITE, on its own placements)?
 */
static bool
is_trainee_of(const struct principal *p, const struct out_placement *pl)
{
	return !auth_may_call(p, PERM_PLACEMENT_LOG_WRITE) &&
	       (auth_is_staff(p) ||
		(p->person_id > 0 && p->person_id == pl->person_id));
}

/*
 * A record of the trainee's for placement `placement_id` into `t`: the
 * placement's firm and person are set from it, the rest comes from `in`.
 */
static int
trainee_record(struct db *db, const struct principal *p,
	       const struct record_table *t, int64_t placement_id,
	       json_t *in, json_t **out, struct problem *pb)
{
	struct out_placement pl;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	for (const char *k = "firm_id\0person_id\0placement_id\0"
	     "confirmed_by\0confirmed_at\0"; *k; k += strlen(k) + 1)
		if (json_object_get(in, k))
			return problem_key(pb, ERR_INVALID, k,
					   "err.system_field",
					   "this field is set by the system");
	if ((rc = db_begin(db)))
		return rc;
	rc = out_store_placement(db, placement_id, &pl);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such placement");
	if (rc)
		goto out;
	if (!is_trainee_of(p, &pl)) {
		rc = problem(pb, ERR_FORBIDDEN, NULL,
			     "only the placement's trainee may write this");
		goto out;
	}
	if (!strcmp(pl.status, "withdrawn")) {
		rc = problem_key(pb, ERR_CONFLICT, "placement_id",
				 "training.err.placement_withdrawn",
				 "the placement was withdrawn");
		goto out;
	}
	json_object_set_new(in, "placement_id", json_integer(placement_id));
	json_object_set_new(in, "firm_id", json_integer(pl.firm_id));
	json_object_set_new(in, "person_id", json_integer(pl.person_id));
	if (t == &training_log_table) {
		const char *week = record_text(in, "week_of");

		if (week && date_valid(week) &&
		    (day_number(week) % 7 + 7) % 7 != 4) {
			/* 1970-01-01 was a Thursday: Mondays are 4 mod 7. */
			rc = problem_key(pb, ERR_INVALID, "week_of",
					 "training.err.week_monday",
					 "week_of must be the Monday of the "
					 "week");
			goto out;
		}
		if (week && date_valid(week) &&
		    (day_number(week) + 6 < day_number(pl.starts_on) ||
		     strcmp(week, pl.ends_on) > 0)) {
			rc = problem_key(pb, ERR_INVALID, "week_of",
					 "training.err.week_in_slot",
					 "week_of must lie within the slot's "
					 "dates");
			goto out;
		}
	}
	rc = record_create_in(db, t, &p->actor, in, &id, pb);
	if (rc == ERR_CONFLICT && t == &training_log_table)
		problem_key(pb, rc, "week_of", "training.err.week_logged",
			    "this week is already logged");
	else if (rc == ERR_CONFLICT)
		problem_key(pb, rc, "placement_id",
			    "training.err.placement_evaluated",
			    "the placement is already evaluated");
out:
	return record_end(db, rc, t, id, out);
}

int
training_placement_log_add(struct db *db, const struct principal *p,
			   int64_t placement_id, json_t *in, json_t **out,
			   struct problem *pb)
{
	return trainee_record(db, p, &training_log_table, placement_id, in,
			      out, pb);
}

int
training_evaluate(struct db *db, const struct principal *p,
		  int64_t placement_id, json_t *in, json_t **out,
		  struct problem *pb)
{
	return trainee_record(db, p, &training_evaluation_table, placement_id,
			      in, out, pb);
}

int
training_placement_log_confirm(struct db *db, const struct principal *p,
			       int64_t log_id, json_t *in, json_t **out,
			       struct problem *pb)
{
	struct out_placement pl;
	struct tr_log_state log;
	json_t *before = NULL;
	char now[32];
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = db_begin(db)))
		return rc;
	rc = out_store_log(db, log_id, &log);
	if (!rc)
		rc = out_store_placement(db, log.owner, &pl);
	if (rc == ERR_NOTFOUND)
		problem(pb, rc, NULL, "no such log");
	if (rc)
		goto out;
	if (auth_may_call(p, PERM_PLACEMENT_LOG_CONFIRM) ||
	    (!auth_is_staff(p) && (p->person_id <= 0 ||
				   p->person_id != pl.master_id))) {
		rc = problem(pb, ERR_FORBIDDEN, NULL,
			     "only the slot's master may confirm its logs");
		goto out;
	}
	if (log.confirmed) {
		rc = problem(pb, ERR_CONFLICT, NULL,
			     "the log is already confirmed");
		goto out;
	}
	time_now_utc(now);
	if ((rc = record_get(db, &training_log_table, log_id, &before)) ||
	    (rc = out_store_log_confirm(db, log_id, p->person_id ==
					pl.master_id ? p->person_id : 0,
					now)))
		goto out;
	rc = record_audit_change(db, &training_log_table, &p->actor,
				 "confirm", log_id, before);
out:
	json_decref(before);
	return record_end(db, rc, &training_log_table, log_id, out);
}

int
training_placement_get(struct db *db, int64_t id, json_t **out)
{
	json_t *events = json_array();
	int rc = record_get(db, &training_placement_view_table, id, out);

	if (!rc && (rc = store_list(db, TR_PLACEMENT_EVENTS, id, events))) {
		json_decref(*out);
		*out = NULL;
	}
	if (rc) {
		json_decref(events);
		return rc;
	}
	json_object_set_new(*out, "events", events);
	return 0;
}

int
training_out_scope(const struct principal *p, enum perm perm,
		   struct record_filter *f)
{
	unsigned all, org, own;
	int64_t firm;
	int rc = auth_scope_org(p, perm, &firm);

	if (rc || firm == 0)
		return rc;
	auth_perm_roles((int)perm, &all, &org, &own);
	own &= p->roles;
	if (firm > 0) {
		f->scope_col = "firm_id";
		f->scope_col_val = firm;
	} else if (own & ROLE_TRAINEE) {
		f->scope_col = "person_id";
		f->scope_col_val = p->person_id;
	} else if (own & ROLE_TEACHER) {
		f->scope_col = "master_id";
		f->scope_col_val = p->person_id;
	} else {
		/* A firm's account tied to no firm: no rows. */
		f->scope_col = "firm_id";
		f->scope_col_val = -1;
	}
	return 0;
}

int
training_placement_read(struct db *db, const struct principal *p, int64_t id,
			json_t *in, json_t **out, struct problem *pb)
{
	struct record_filter f = { 0 };
	int rc;

	(void)in;
	*out = NULL;
	if (!p)
		return ERR_UNAUTH;
	if ((rc = training_out_scope(p, PERM_PLACEMENT_READ, &f)))
		return rc;
	rc = training_placement_get(db, id, out);
	if (!rc && (rc = record_scope_apply(&f, NULL, *out))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc == ERR_NOTFOUND ? problem(pb, rc, NULL, "no such placement")
				  : rc;
}
