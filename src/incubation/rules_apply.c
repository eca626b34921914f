/*
 * rules_apply.c - the rules of an application before its review
 * (incubation_int.h): who sees it, a draft and its team made and changed
 * by its applicant (audited through the kit), and its submission, a
 * compare-and-set of store_review.c.
 * The public form that makes one is pages_apply.c; the review is
 * rules_review.c. None sees HTTP.
 */
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"

int
inc_app_state(struct db *db, int64_t app_id, struct inc_app_state *s,
	      struct problem *pb)
{
	int rc = inc_store_app_state(db, app_id, s);

	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, NULL,
				   "incubation.err.no_application",
				   "no such application");
	return rc;
}

int
incubation_application_submit_in(struct db *db,
				 const struct audit_actor *actor,
				 int64_t app_id, const char *at,
				 struct problem *pb)
{
	struct inc_app_state s;
	char now[32];
	int rc = inc_app_state(db, app_id, &s, pb);

	if (rc)
		return rc;
	/* Compare-and-set: only a draft is submitted. */
	if (!at) {
		time_now_utc(now);
		at = now;
	}
	rc = inc_store_app_submit(db, app_id, at);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "status",
				   "incubation.err.submit_draft",
				   "only a draft can be submitted");
	return rc ? rc : inc_audit(db, actor, "inc_application", app_id,
				   "submit", json_pack("{s:s,s:s}", "status",
				   "submitted", "submitted_at", at));
}

/* Replace a draft's team by `members` (an array of member objects). */
static int
members_replace_in(struct db *db, const struct audit_actor *actor,
		   int64_t app_id, json_t *members, struct problem *pb)
{
	json_t *m, *in;
	int64_t id;
	size_t i;
	int rc;

	if (!json_is_array(members) || json_array_size(members) > 20)
		return problem_key(pb, ERR_INVALID, "members",
				   "incubation.err.members",
				   "members must be a list of at most 20 "
				   "people");
	rc = inc_app_members_clear(db, app_id);
	json_array_foreach(members, i, m) {
		if (rc)
			break;
		if (!json_is_object(m))
			return problem_key(pb, ERR_INVALID, "members",
					   "incubation.err.member",
					   "each member must be an object");
		in = json_deep_copy(m);
		json_object_set_new(in, "application_id",
				    json_integer(app_id));
		rc = record_create_in(db, &inc_member_table, actor, in, &id,
				      pb);
		json_decref(in);
		if (rc == ERR_INVALID && pb->field)
			pb->field = "members";
	}
	return rc;
}

int
inc_app_create_in(struct db *db, const struct audit_actor *actor,
		  int64_t account_id, json_t *fields, json_t *members,
		  int64_t *id, struct problem *pb)
{
	int rc;

	*id = 0;
	rc = record_create_in(db, &inc_application_table, actor, fields, id,
			      pb);
	if (!rc && account_id > 0)
		rc = inc_app_set_account(db, *id, account_id);
	if (!rc && members)
		rc = members_replace_in(db, actor, *id, members, pb);
	if (rc)
		*id = 0;
	return rc;
}

int
inc_app_update_in(struct db *db, const struct audit_actor *actor,
		  int64_t id, json_t *fields, json_t *members,
		  struct problem *pb)
{
	struct inc_app_state s;
	char now[32];
	int rc = inc_app_state(db, id, &s, pb);

	if (rc)
		return rc;
	/*
	 * Compare-and-set: still a draft when the change is written, so an
	 * edit racing the submission never changes what was submitted.
	 */
	time_now_utc(now);
	rc = inc_app_touch_draft(db, id, now);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_CONFLICT, "status",
				 "incubation.err.change_draft",
				 "only a draft can be changed");
	if (!rc && json_object_size(fields))
		rc = record_update_in(db, &inc_application_table, actor, id,
				      fields, pb);
	if (!rc && members)
		rc = members_replace_in(db, actor, id, members, pb);
	return rc;
}

int
inc_app_visible(struct db *db, const struct principal *p, int64_t id,
		json_t **app, struct problem *pb)
{
	bool reviewer = false;
	int rc;

	*app = NULL;
	if (!p)
		return ERR_UNAUTH;
	rc = inc_app_get(db, id, true, app);
	if (!rc && !auth_is_staff(p) && !inc_app_is_own(*app, p)) {
		rc = inc_is_reviewer(db, record_int(*app, "round_id"),
				     p->account_id, &reviewer);
		if (!rc && !reviewer)
			rc = ERR_NOTFOUND;
	}
	if (rc) {
		json_decref(*app);
		*app = NULL;
	}
	return rc == ERR_NOTFOUND ? problem(pb, rc, NULL,
					    "no such application") : rc;
}

/* Application `id` if `p` may see it and is its applicant (or staff). */
static int
own_application(struct db *db, const struct principal *p, int64_t id,
		const char *what, struct problem *pb)
{
	json_t *app;
	int rc = inc_app_visible(db, p, id, &app, pb);

	if (!rc && !auth_is_staff(p) &&
	    record_int(app, "account_id") != p->account_id)
		rc = problem(pb, ERR_FORBIDDEN, NULL, what);
	json_decref(app);
	return rc;
}

/*
 * The fields and team of an application from `in` (the team taken out
 * of it into *members), refusing what the caller may not set: an
 * organisation (staff only) and a business plan someone else uploaded.
 */
static int
application_in(struct db *db, const struct principal *p, json_t *in,
	       json_t **members, struct problem *pb)
{
	json_t *plan = json_object_get(in, "plan_upload_id");
	int64_t owner;
	int rc = 0;

	*members = json_incref(json_object_get(in, "members"));
	json_object_del(in, "members");
	if (json_object_get(in, "org_id") && !auth_is_staff(p))
		return problem_key(pb, ERR_INVALID, "org_id",
				   "incubation.err.org_by_staff",
				   "org_id is set by the park's staff");
	if (json_is_integer(plan) && !auth_is_staff(p)) {
		rc = inc_upload_owner(db, json_integer_value(plan), &owner);
		if (!rc && owner != p->account_id)
			rc = problem_key(pb, ERR_INVALID, "plan_upload_id",
					 "incubation.err.plan_upload",
					 "plan_upload_id must be a file you "
					 "uploaded");
	}
	return rc;
}

int
inc_app_answer(struct db *db, int64_t id, int rc, json_t **out)
{
	*out = NULL;
	return rc ? rc : inc_app_get(db, id, true, out);
}

int
inc_app_draft(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	json_t *members = NULL;
	int rc = application_in(db, p, in, &members, pb);

	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, inc_app_create_in(db, &p->actor,
			auth_is_staff(p) ? 0 : p->account_id, in, members,
			&id, pb));
	json_decref(members);
	return inc_app_answer(db, id, rc, out);
}

int
inc_app_change(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	json_t *members = NULL;
	int rc = own_application(db, p, id, "only the applicant may edit an "
				 "application", pb);

	if (!rc)
		rc = application_in(db, p, in, &members, pb);
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, inc_app_update_in(db, &p->actor, id, in,
						  members, pb));
	json_decref(members);
	return inc_app_answer(db, id, rc, out);
}

int
inc_app_submit(struct db *db, const struct principal *p, int64_t id,
	       json_t *in, json_t **out, struct problem *pb)
{
	int rc = own_application(db, p, id, "only the applicant may submit",
				 pb);

	(void)in;
	if (!rc && !(rc = db_begin(db)))
		rc = db_end(db, incubation_application_submit_in(db,
			&p->actor, id, NULL, pb));
	return inc_app_answer(db, id, rc, out);
}

