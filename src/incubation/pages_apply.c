/*
 * pages_apply.c - the public application form, /apply: a student team
 * or a company, the team, the business plan (an upload); for someone not
 * signed in it also makes the applicant account that follows it. Save as
 * a draft, or submit. The applications' list and status pages are in
 * pages_review.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "export/export.h"
#include "http/api.h"
#include "http/form.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "page/page.h"
#include "record/record.h"
#include "settings/settings.h"
#include "upload/upload.h"

/* The text fields of the form that are application columns. */
static const char *const app_fields[] = {
	"kind", "company_name", "credit_code", "founded_on", "project",
	"field", "summary", "supervisor_name", "supervisor_school",
	"contact_name", "contact_phone", "requested_space", NULL
};

/*
 * The fields of one kind of applicant only, which the form shows by the
 * kind chosen: what a company states, what a student team does.
 */
static const char *const company_fields[] = {
	"company_name", "credit_code", "founded_on", NULL
};
static const char *const team_fields[] = {
	"supervisor_name", "supervisor_school", NULL
};

enum { FORM_MEMBERS = 5 };

const char *
inc_or_empty(const char *s)
{
	return s ? s : "";
}

/* [{value, label, selected}] of a list of codes under catalog `prefix`. */
static json_t *
choices(struct request *r, const char *const *codes, const char *prefix,
	const char *selected)
{
	json_t *out = json_array();

	for (int i = 0; codes[i]; i++)
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value",
			codes[i], "label", page_text(r, arena_printf(&r->arena,
			"%s%s", prefix, codes[i])), "selected", selected &&
			!strcmp(selected, codes[i])));
	return out;
}

static int
render_form(struct request *r, json_t *app, const char *message,
	    const char *field, int status)
{
	static const char *const kinds[] = { "team", "company", NULL };
	static const char *const spaces[] = {
		"desk", "office", "workshop", NULL
	};
	json_t *members = json_object_get(app, "members"), *rows;

	rows = json_array();
	for (int i = 0; i < FORM_MEMBERS; i++) {
		json_t *m = json_array_get(members, (size_t)i);

		json_array_append_new(rows, json_pack("{s:i,s:s,s:s,s:s,s:s}",
			"n", i + 1, "name", record_str(m, "name"), "school",
			record_str(m, "school"), "major",
			record_str(m, "major"), "entry_year", m &&
			json_is_integer(json_object_get(m, "entry_year")) ?
			arena_printf(&r->arena, "%lld",
			(long long)record_int(m, "entry_year")) : ""));
	}
	if (status)
		r->status = status;
	return page_render(r, "incubation/apply", "incubation.apply",
		json_pack("{s:O,s:o,s:o,s:o,s:o,s:b,s:s?,s:s?}", "app", app,
		"kinds", choices(r, kinds, "incubation.kinds.",
		record_text(app, "kind")), "fields",
		choices(r, inc_fields, "incubation.fields.",
		record_text(app, "field")), "spaces", choices(r, spaces,
		"incubation.spaces.", record_text(app, "requested_space")),
		"members", rows, "anonymous",
		!auth_principal(r), "error", message, "error_field", field));
}

/* The application the form edits (?id= or the form's id), if the caller's. */
static int
own_draft(struct request *r, const char *idtext, json_t **app)
{
	const struct principal *p = auth_principal(r);
	char *end;
	long long id;
	int rc;

	*app = NULL;
	if (!idtext || !*idtext)
		return 0;
	id = strtoll(idtext, &end, 10);
	if (*end || id <= 0 || !p)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such application");
	rc = inc_app_get(r->db, id, true, app);
	if (!rc && record_int(*app, "account_id") !=
	    p->account_id) {
		http_own(r, *app);
		*app = NULL;
		rc = ERR_NOTFOUND;
	}
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such application");
	return rc;
}

/* GET /apply[?id=]: the application form (public). */
static int
apply_form(struct request *r)
{
	json_t *app;
	int rc = own_draft(r, http_query(r, "id"), &app);

	if (rc)
		return rc;
	/* A new form: an empty application, which the request owns. */
	rc = render_form(r, app ? app : http_own(r, json_object()), NULL,
			 NULL, 0);
	http_own(r, app);
	return rc;
}

/*
 * The application's fields and team from the form; of the fields of one
 * kind only, those of the kind chosen (the others stay hidden on the
 * form, and are not kept).
 */
static void
form_to_app(const struct form *f, json_t **fields, json_t **members)
{
	const char *kind = form_get(f, "kind");
	const char *const *other = !kind ? NULL : !strcmp(kind, "team") ?
				   company_fields : !strcmp(kind, "company") ?
				   team_fields : NULL;

	*fields = json_object();
	*members = json_array();
	for (int i = 0; app_fields[i]; i++) {
		const char *v = form_get(f, app_fields[i]);

		if (v && (*v || !strcmp(app_fields[i], "summary")))
			json_object_set_new(*fields, app_fields[i],
					    json_string(v));
	}
	for (int i = 0; other && other[i]; i++)
		json_object_del(*fields, other[i]);
	for (int i = 1; i <= FORM_MEMBERS; i++) {
		char key[32];
		const char *name, *school, *major, *year;
		json_t *m;

		snprintf(key, sizeof(key), "member%d_name", i);
		name = form_get(f, key);
		if (!name || !*name)
			continue;
		snprintf(key, sizeof(key), "member%d_school", i);
		school = form_get(f, key);
		snprintf(key, sizeof(key), "member%d_major", i);
		major = form_get(f, key);
		snprintf(key, sizeof(key), "member%d_year", i);
		year = form_get(f, key);
		m = json_pack("{s:s,s:s,s:s,s:i}", "name", name, "school",
			      school ? school : "", "major", major ? major :
			      "", "is_leader", i == 1);
		if (year && *year)
			json_object_set_new(m, "entry_year",
					    json_integer(strtoll(year, NULL,
								 10)));
		json_array_append_new(*members, m);
	}
}

/*
 * Check what the form holds before anything is written, so that a new
 * account is made only for an application that will be stored: the team
 * (each member as its table checks it) and the business plan's kind and
 * size as the upload rules will judge them.
 */
static int
precheck(struct request *r, json_t *members, const struct form_field *file,
	 struct problem *pb)
{
	const char *allowed;
	json_t *m, *copy;
	int64_t max;
	size_t i;
	int rc = 0;

	json_array_foreach(members, i, m) {
		copy = json_deep_copy(m);
		rc = record_validate(r->db, &inc_member_table, copy, false, pb);
		http_own(r, copy);
		if (rc) {
			pb->field = "members";
			return rc;
		}
	}
	if (!file || !file->filename || !file->len)
		return 0;
	if ((rc = settings_get_int(r->db, "upload.max_bytes", &max)) ||
	    (rc = settings_get_text(r->db, &r->arena, "upload.allowed_types",
				    &allowed)))
		return rc;
	if ((int64_t)file->len > max)
		return problem_key(pb, ERR_TOOBIG, "plan",
				   "incubation.err.plan_too_big",
				   "the file is larger than uploads may be");
	if (!upload_kind_allowed(allowed, upload_sniff(file->value,
						       file->len)))
		return problem_key(pb, ERR_INVALID, "plan",
				   "incubation.err.plan_kind",
				   "the business plan must be a PDF or Word "
				   "file of a kind uploads accept");
	return 0;
}

/*
 * The applicant account the form asks for (someone not signed in):
 * checked, and its password hashed, before anything is written.
 */
static int
new_applicant(struct request *r, const struct form *f,
	      struct account_input *in, struct account_new *prep,
	      struct problem *pb)
{
	int rc;

	(void)r;
	in->name = form_get(f, "account_name");
	in->display_name = form_get(f, "display_name");
	in->password = form_get(f, "password");
	in->roles = ROLE_APPLICANT;
	in->org_id = 0;
	in->person_id = 0;
	in->disabled = 0;
	if (!in->name || !*in->name)
		return problem_key(pb, ERR_INVALID, "account_name",
				   "incubation.err.account_name",
				   "account_name is required to follow the "
				   "application");
	rc = account_prepare(in, prep, pb);
	if (rc == ERR_INVALID && pb->field && !strcmp(pb->field, "name"))
		pb->field = "account_name";
	return rc;
}

/*
 * Count one more account made from the caller's address this hour, in
 * the transaction that makes it, and refuse it past
 * incubation.apply_per_ip_hour. Refused, it is rolled back with the rest
 * and so not counted.
 */
static int
count_new_account(struct request *r, struct problem *pb)
{
	char now[32], since[32], retry[24];
	int64_t limit, attempts;
	time_t t = time(NULL), start;
	int rc;

	time_format_utc(t, now, sizeof(now));
	time_format_utc(t - 3600, since, sizeof(since));
	if ((rc = settings_get_int(r->db, "incubation.apply_per_ip_hour",
				   &limit)) ||
	    (rc = inc_apply_bump(r->db, http_client_ip(r), now, since,
				 &attempts, &start)))
		return rc;
	if (attempts <= limit)
		return 0;
	snprintf(retry, sizeof(retry), "%lld", (long long)(start + 3600 > t ?
						start + 3600 - t : 1));
	http_add_header(r, "Retry-After", retry);
	return problem(pb, ERR_THROTTLED, NULL, "too many applications from "
		       "this address; try again in an hour, or sign in");
}

/* A name refused as taken counts against the address too, on its own. */
static void
count_taken_name(struct request *r)
{
	char now[32], since[32];
	int64_t attempts;
	time_t t = time(NULL), start;

	time_format_utc(t, now, sizeof(now));
	time_format_utc(t - 3600, since, sizeof(since));
	if (db_begin(r->db))
		return;
	db_end(r->db, inc_apply_bump(r->db, http_client_ip(r), now, since,
				     &attempts, &start));
}

/* What the form asks to store, checked: see store_application(). */
struct application {
	json_t *fields, *members;
	json_t *draft;			/* the draft edited, or NULL */
	bool submit;
	bool anonymous;			/* an account is made for it */
	struct account_input in;	/* that account */
	struct account_new prep;
	struct upload_pending plan;	/* the business plan, if written */
	bool has_plan;
	int64_t id;			/* the application, once stored */
};

/*
 * Write everything in one transaction: the applicant's account (counted
 * against the address), the business plan's record, the application and
 * its team, its address, its submission. Anything refused rolls all of it
 * back, so no account is ever left without its application. The plan's
 * file is put in place only once this committed.
 */
static int
store_application(struct request *r, struct application *a,
		  struct principal *np, struct problem *pb)
{
	struct audit_actor anon = { 0, "anonymous", http_client_ip(r) };
	const struct principal *p = auth_principal(r);
	int64_t account_id, upload_id;
	int rc;

	if ((rc = db_begin(r->db)))
		return rc;
	if (a->anonymous) {
		rc = count_new_account(r, pb);
		if (!rc)
			rc = account_create_in(r->db, &anon, &a->in, &a->prep,
					       &account_id, pb);
		if (rc == ERR_CONFLICT || (rc == ERR_INVALID && pb->field &&
					   !strcmp(pb->field, "name")))
			pb->field = "account_name";
		if (rc)
			goto out;
		memset(np, 0, sizeof(*np));
		np->account_id = account_id;
		np->name = a->in.name;
		np->display_name = a->in.display_name ? a->in.display_name : "";
		np->roles = ROLE_APPLICANT;
		np->actor.id = account_id;
		np->actor.name = a->in.name;
		np->actor.ip = anon.ip;
		p = np;
	}
	if (a->has_plan) {
		rc = upload_insert_in(r->db, &r->arena, p, &a->plan, &upload_id,
				      pb);
		if (rc && pb->field)
			pb->field = "plan";
		if (rc)
			goto out;
		json_object_set_new(a->fields, "plan_upload_id",
				    json_integer(upload_id));
	}
	if (a->draft) {
		a->id = record_int(a->draft, "id");
		rc = inc_app_update_in(r->db, &p->actor, a->id, a->fields,
				       a->members, pb);
	} else {
		rc = inc_app_create_in(r->db, &p->actor, p->account_id,
				       a->fields, a->members, &a->id, pb);
		if (!rc && a->anonymous)
			rc = inc_app_mark_ip(r->db, a->id, anon.ip);
	}
	if (!rc && a->submit)
		rc = incubation_application_submit_in(r->db, &p->actor, a->id,
						      NULL, pb);
out:
	rc = db_end(r->db, rc);
	return rc ? rc : upload_finish(&a->plan, true);
}

/* POST /apply: save the draft (action=save) or submit it (action=submit). */
static int
apply_post(struct request *r)
{
	const struct form *f;
	const struct form_field *file;
	struct application a;
	struct principal np;
	struct problem pb = { 0 };
	json_t *shown;
	const char *action;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = http_read_form(r, &f)) ||
	    (rc = own_draft(r, form_get(f, "id"), &a.draft)))
		return rc;
	form_to_app(f, &a.fields, &a.members);
	action = form_get(f, "action");
	a.submit = action && !strcmp(action, "submit");
	a.anonymous = !auth_principal(r);
	file = form_field(f, "plan");
	a.has_plan = file && file->filename && file->len;

	/* Every check before the first write. */
	rc = record_validate(r->db, &inc_application_table, a.fields,
			     !a.draft, &pb);
	if (!rc && !a.anonymous && !a.draft &&
	    auth_may_call(auth_principal(r), PERM_INC_APPLY) &&
	    !auth_is_staff(auth_principal(r)))
		rc = problem(&pb, ERR_FORBIDDEN, NULL,
			     "this account may not apply for incubation");
	if (!rc)
		rc = precheck(r, a.members, file, &pb);
	if (!rc && a.anonymous)
		rc = new_applicant(r, f, &a.in, &a.prep, &pb);
	if (!rc && a.has_plan) {
		rc = upload_prepare(r->db, &r->arena, auth_principal(r),
				    file->filename, file->value, file->len,
				    &a.plan, &pb);
		if (rc && pb.field)
			pb.field = "plan";
	}
	if (!rc)
		rc = store_application(r, &a, &np, &pb);
	upload_finish(&a.plan, false);	/* a no-op once it is in place */
	if (rc == ERR_CONFLICT && a.anonymous && pb.field &&
	    !strcmp(pb.field, "account_name"))
		count_taken_name(r);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_TOOBIG ||
	    rc == ERR_FORBIDDEN || rc == ERR_THROTTLED) {
		shown = json_deep_copy(a.fields);
		json_object_del(shown, "plan_upload_id");
		json_object_set(shown, "members", a.members);
		if (a.draft)
			json_object_set(shown, "id", json_object_get(a.draft,
								     "id"));
		/* What was typed comes back, all but the password. */
		if (a.anonymous) {
			json_object_set_new(shown, "account_name", json_string(
				inc_or_empty(form_get(f, "account_name"))));
			json_object_set_new(shown, "display_name", json_string(
				inc_or_empty(form_get(f, "display_name"))));
		}
		rc = render_form(r, shown, page_problem(r, &pb,
				 "inc_application"), pb.field,
				 rc == ERR_INVALID ? 400 : rc == ERR_TOOBIG ?
				 413 : rc == ERR_FORBIDDEN ? 403 :
				 rc == ERR_THROTTLED ? 429 : 409);
		http_own(r, shown);
		goto out;
	}
	if (rc) {
		rc = http_problem(r, rc, &pb);
		goto out;
	}
	/* The new applicant is signed in, as the sign-in page would; only
	 * when that is refused (throttled) does it go there. */
	if (a.anonymous && account_sign_in(r, a.in.name, a.in.password)) {
		page_flash(r, "success", "incubation.account_created");
		rc = http_redirect(r, arena_printf(&r->arena, "/login?next="
			"%%2Fincubation%%2Fapplications%%2F%lld",
			(long long)a.id));
	} else {
		page_flash(r, "success", a.submit ? "incubation.submitted" :
			   "common.saved");
		rc = http_redirect(r, arena_printf(&r->arena,
			"/incubation/applications/%lld", (long long)a.id));
	}
out:
	http_own(r, a.fields);
	http_own(r, a.members);
	http_own(r, a.draft);
	return rc;
}

const struct route inc_apply_page_routes[] = {
	{ HTTP_GET, "/apply", apply_form, ROUTE_PAGE | ROUTE_PUBLIC, NULL },
	{ HTTP_POST, "/apply", apply_post, ROUTE_PAGE | ROUTE_PUBLIC, NULL },
	{ 0, NULL, NULL, 0, NULL },
};
