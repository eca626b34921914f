/*
 * rules_reports.c - the rules of a startup's periodic report
 * (incubation_int.h): who may read which, draft, change, submit, accept
 * or return one, each change audited and told to the people who act
 * next in the transaction that makes it; who owes a period's report;
 * the reminders job; and the reports' figures. The tables are described
 * in tables_reports.c, the SQL is in store_reports.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "party/party.h"
#include "record/record.h"
#include "settings/settings.h"

/* ---- reading ------------------------------------------------------- */

/* The Beijing date of a stored UTC time into out ("" if not one). */
static void
local_date(const char *utc, char out[11])
{
	char local[32];

	out[0] = '\0';
	if (utc && !time_format_local(utc, local, sizeof(local)))
		snprintf(out, 11, "%.10s", local);
}

/* A report is late when it went in after the deadline, or is not in. */
void
inc_report_late(struct db *db, json_t *items)
{
	char today[TIME_DATE_LEN + 1];
	json_t *r;
	size_t i;

	if (json_is_object(items)) {
		json_t *one = json_pack("[O]", items);

		inc_report_late(db, one);
		json_decref(one);
		return;
	}
	settings_today(db, today, NULL);
	json_array_foreach(items, i, r) {
		const char *due = record_text(r, "due_on");
		char on[11];

		local_date(record_text(r, "submitted_at"), on);
		json_object_set_new(r, "late", json_boolean(due &&
			strcmp(*on ? on : today, due) > 0));
	}
}

/* The report `id` as its view gives it, whoever asks. */
static int
load(struct db *db, int64_t id, json_t **out)
{
	int rc = record_get(db, &inc_report_rows, id, out);

	if (!rc && !json_is_null(json_object_get(*out, "archived_at"))) {
		json_decref(*out);
		*out = NULL;
		rc = ERR_NOTFOUND;
	}
	if (!rc)
		inc_report_late(db, *out);
	return rc;
}

static int64_t
org_of(json_t *rep)
{
	return record_int(rep, "org_id");
}

int
inc_report_get(struct db *db, const struct principal *p, int64_t id,
	       json_t **out)
{
	int rc = load(db, id, out);

	/* Another startup's report is not there for this caller. */
	if (!rc && auth_require(p, PERM_INC_REPORT_READ, org_of(*out))) {
		rc = p ? ERR_NOTFOUND : ERR_UNAUTH;
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- writing ------------------------------------------------------- */

/*
 * Copy the fields a startup may write (values and note, and on create
 * period_id and org_id) from `in` into a new object *out. ERR_INVALID
 * naming any other field.
 */
static int
writable(json_t *in, bool create, json_t **out, struct problem *pb)
{
	static _Thread_local char message[96];
	const char *key;
	json_t *v;

	*out = json_object();
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	json_object_foreach(in, key, v) {
		if (inc_is_report_field(key, strlen(key)) ||
		    !strcmp(key, "note") || (create && (!strcmp(key, "period_id") ||
				!strcmp(key, "org_id")))) {
			json_object_set(*out, key, v);
			continue;
		}
		snprintf(message, sizeof(message), "%s cannot be set here",
			 key);
		return problem_key(pb, ERR_INVALID, key, "err.unknown_field",
				   message);
	}
	return 0;
}

/* Values only for the fields the period's template asks for. */
static int
template_allows(json_t *period, json_t *rec, struct problem *pb)
{
	static _Thread_local char message[96];
	const char *fields = record_text(period, "fields");
	const char *key;
	json_t *v;

	json_object_foreach(rec, key, v) {
		if (!inc_is_report_field(key, strlen(key)) || json_is_null(v) ||
		    inc_template_asks(fields, key))
			continue;
		snprintf(message, sizeof(message),
			 "%s is not asked for by this report's template", key);
		return problem_key(pb, ERR_INVALID, key,
				   "incubation.err.not_asked", message);
	}
	return 0;
}

/*
 * A problem's field may point into a JSON object the rule releases (the
 * names of record_validate()'s fields are the object's keys): keep a copy
 * in storage of this thread, valid until its next rule call.
 */
static void
keep_field(struct problem *pb)
{
	static _Thread_local char field[64];

	if (pb && pb->field && pb->field != field) {
		snprintf(field, sizeof(field), "%s", pb->field);
		pb->field = field;
	}
}

/* A new draft from `in`, its id in *id. */
static int
create(struct db *db, const struct principal *p, json_t *in, int64_t *id,
       struct problem *pb)
{
	json_t *rec = NULL, *org = NULL, *period = NULL;
	int64_t org_id;
	int rc;

	*id = 0;
	if (!p)
		return ERR_UNAUTH;
	rc = writable(in, true, &rec, pb);
	if (rc)
		goto out;
	if (!json_object_get(rec, "org_id") && p->org_id > 0)
		json_object_set_new(rec, "org_id", json_integer(p->org_id));
	org_id = record_int(rec, "org_id");
	rc = auth_require(p, PERM_INC_REPORT_WRITE, org_id);
	if (rc == ERR_FORBIDDEN && org_id > 0)
		rc = problem_key(pb, rc, "org_id",
				 "incubation.err.report_own",
				 "a startup reports for itself only");
	if (!rc)
		rc = record_validate(db, &inc_report_table, rec, true, pb);
	if (rc)
		goto out;
	rc = party_org_get(db, org_id, &org);
	if (!rc && strcmp(record_text(org, "kind"),
			  "startup"))
		rc = problem_key(pb, ERR_INVALID, "org_id",
				 "incubation.err.report_startup",
				 "org_id must be a startup");
	if (rc)
		goto out;
	rc = store_period_get(db, record_int(rec, "period_id"), &period);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_INVALID, "period_id",
				 "incubation.err.no_period",
				 "period_id refers to no such period");
	if (!rc)
		rc = template_allows(period, rec, pb);
	if (!rc)
		rc = inc_report_check(rec, pb);
	if (rc)
		goto out;
	json_object_set_new(rec, "status", json_string("draft"));
	rc = record_create(db, &inc_report_table, &p->actor, rec, id, pb);
out:
	keep_field(pb);
	json_decref(rec);
	json_decref(org);
	json_decref(period);
	return rc;
}

/*
 * Load report `id` for a change by `p`: 404 for a report p may not read,
 * 403 for one it may read but not write.
 */
static int
load_for_change(struct db *db, const struct principal *p, int64_t id,
		json_t **rep)
{
	int rc = inc_report_get(db, p, id, rep);

	if (!rc && (rc = auth_require(p, PERM_INC_REPORT_WRITE,
				      org_of(*rep)))) {
		json_decref(*rep);
		*rep = NULL;
	}
	return rc;
}

/* Change the values or note of a draft or returned report. */
static int
update(struct db *db, const struct principal *p, int64_t id, json_t *in,
       struct problem *pb)
{
	json_t *rep = NULL, *rec = NULL, *merged = NULL;
	char now[32];
	int rc;

	rc = load_for_change(db, p, id, &rep);
	if (!rc)
		rc = writable(in, false, &rec, pb);
	if (!rc)
		rc = record_validate(db, &inc_report_table, rec, false, pb);
	if (!rc)
		rc = template_allows(rep, rec, pb);
	if (rc)
		goto out;
	merged = json_deep_copy(rep);
	json_object_update(merged, rec);
	rc = inc_report_check(merged, pb);
	if (rc)
		goto out;
	time_now_utc(now);
	if ((rc = db_begin(db)))
		goto out;
	/* Compare-and-set: still a draft or returned, or nothing. */
	rc = store_report_hold(db, id, now);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_CONFLICT, "status",
				 "incubation.err.report_change_state",
				 "only a draft or returned report can be "
				 "changed");
	if (!rc)
		rc = record_update_in(db, &inc_report_table, &p->actor, id,
				      rec, pb);
	rc = db_end(db, rc);
out:
	keep_field(pb);
	json_decref(rep);
	json_decref(rec);
	json_decref(merged);
	return rc;
}

/* "2019年10月" and the like: how a period is called in a notice. */
static const char *
period_name(json_t *rep, char out[64])
{
	const char *kind = record_text(rep, "template_kind");
	const char *from = record_text(rep, "starts_on");

	if (!kind)
		kind = record_text(rep, "kind");
	if (!from || strlen(from) < 7)
		snprintf(out, 64, "%s", from ? from : "");
	else if (!strcmp(kind, "monthly"))
		snprintf(out, 64, "%.4s年%.2s月", from, from + 5);
	else if (!strcmp(kind, "quarterly"))
		snprintf(out, 64, "%.4s年第%d季度", from,
			 ((from[5] - '0') * 10 + (from[6] - '0') + 2) / 3);
	else
		snprintf(out, 64, "%.4s年度", from);
	return out;
}

/*
 * Inside the caller's transaction: move report `id` as `m` says and audit
 * it as `verb`. A report no longer in a state `m` moves from is a
 * conflict on its status, said by catalog key `key` and `message`.
 */
static int
move_in(struct db *db, const struct principal *p, int64_t id,
	const struct report_move *m, const char *now, const char *verb,
	const char *key, const char *message, struct problem *pb)
{
	json_t *before = NULL;
	int rc = record_get(db, &inc_report_table, id, &before);

	if (!rc)
		rc = store_report_move(db, id, m, now);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_CONFLICT, "status", key, message);
	if (!rc)
		rc = record_audit_change(db, &inc_report_table, &p->actor,
					 verb, id, before);
	json_decref(before);
	return rc;
}

/* Submit a draft or returned report; the staff are told. */
static int
submit(struct db *db, const struct principal *p, int64_t id,
       struct problem *pb)
{
	static const char *const from[] = { "draft", "returned", NULL };
	static _Thread_local char message[96];
	json_t *rep = NULL;
	const char *fields;
	char now[32], title[200], link[64], name[64];
	int rc;

	rc = load_for_change(db, p, id, &rep);
	if (rc)
		goto out;
	fields = record_text(rep, "fields");
	for (const char *const *f = inc_report_fields; *f; f++) {
		if (!inc_template_asks(fields, *f) ||
		    !json_is_null(json_object_get(rep, *f)))
			continue;
		snprintf(message, sizeof(message), "%s is required to submit",
			 *f);
		rc = problem_key(pb, ERR_INVALID, *f, "err.required", message);
		goto out;
	}
	rc = inc_report_check(rep, pb);
	if (rc)
		goto out;
	time_now_utc(now);
	snprintf(title, sizeof(title), "%s提交了%s%s",
		 record_text(rep, "org_name"),
		 period_name(rep, name),
		 record_text(rep, "template_name"));
	snprintf(link, sizeof(link), "/incubation/reports/%lld",
		 (long long)id);
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = move_in(db, p, id, &(struct report_move){ from, "submitted", now,
		     NULL, NULL, 0, NULL }, now, "submit",
		     "incubation.err.report_submit_state",
		     "only a draft or returned report can be submitted", pb);
	if (!rc)
		rc = notify_role(db, &p->actor, ROLE_ADMIN, title,
				 "请审核后接受或退回。", link);
	rc = db_end(db, rc);
out:
	json_decref(rep);
	return rc;
}

/* Accept (accept true) or return a submitted report, with a comment. */
static int
review(struct db *db, const struct principal *p, int64_t id, bool accept,
       const char *comment, struct problem *pb)
{
	static const char *const from[] = { "submitted", NULL };
	json_t *rep = NULL;
	char now[32], today[11], title[200], link[64], name[64];
	int told, rc;

	if (!p)
		return ERR_UNAUTH;
	rc = inc_report_get(db, p, id, &rep);
	if (rc)
		goto out;
	rc = auth_require(p, PERM_INC_REPORT_REVIEW, org_of(rep));
	if (!rc && p->org_id > 0 && p->org_id == org_of(rep))
		rc = problem(pb, ERR_FORBIDDEN, NULL,
			     "a startup cannot review its own report");
	if (rc)
		goto out;
	if (!comment)
		comment = "";
	if (!accept && !*comment) {
		rc = problem_key(pb, ERR_INVALID, "comment",
				 "incubation.err.return_comment",
				 "comment is required to return a report");
		goto out;
	}
	if (record_chars(comment) > 1000) {
		rc = problem_key(pb, ERR_INVALID, "comment",
				 "incubation.err.review_comment_long",
				 "comment must be at most 1000 characters");
		goto out;
	}
	time_now_utc(now);
	time_today_beijing(today);
	snprintf(title, sizeof(title), "%s%s%s", period_name(rep, name),
		 record_text(rep, "template_name"),
		 accept ? "已通过审核" : "被退回，请修改后重新提交");
	snprintf(link, sizeof(link), "/incubation/reports/%lld",
		 (long long)id);
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = move_in(db, p, id, &(struct report_move){ from, accept ?
		     "accepted" : "returned", NULL, now, accept ? today : NULL,
		     p->account_id, comment }, now, accept ? "accept" :
		     "return", "incubation.err.report_review_state",
		     "only a submitted report can be reviewed", pb);
	if (!rc)
		rc = notify_org(db, &p->actor, org_of(rep), title,
				*comment ? comment : NULL, link, &told);
	rc = db_end(db, rc);
out:
	json_decref(rep);
	return rc;
}

/* The report `id` as `p` sees it into *out, after rule `rc`. */
static int
answer(struct db *db, const struct principal *p, int64_t id, int rc,
       json_t **out, struct problem *pb)
{
	*out = NULL;
	if (!rc)
		rc = inc_report_get(db, p, id, out);
	if (rc == ERR_NOTFOUND)
		return problem(pb, rc, NULL, "no such report");
	return rc;
}

int
inc_report_draft(struct db *db, const struct principal *p, int64_t id,
		 json_t *in, json_t **out, struct problem *pb)
{
	int rc = create(db, p, in, &id, pb);

	return answer(db, p, id, rc, out, pb);
}

int
inc_report_change(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	return answer(db, p, id, update(db, p, id, in, pb), out, pb);
}

int
inc_report_submit(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	(void)in;
	return answer(db, p, id, submit(db, p, id, pb), out, pb);
}

/* `in`'s comment, then the review. */
static int
review_rule(struct db *db, const struct principal *p, int64_t id,
	    json_t *in, bool accept, json_t **out, struct problem *pb)
{
	static const char *const fields[] = { "comment", NULL };
	const char *comment;
	int rc = inc_strings(in, fields, &comment, pb);

	*out = NULL;
	if (rc)
		return rc;
	return answer(db, p, id, review(db, p, id, accept, comment, pb), out,
		      pb);
}

int
inc_report_accept(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	return review_rule(db, p, id, in, true, out, pb);
}

int
inc_report_return(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	return review_rule(db, p, id, in, false, out, pb);
}

/* ---- who owes what ------------------------------------------------- */

int
inc_period_startups(struct db *db, int64_t period_id, json_t **items)
{
	json_t *period = NULL, *startups = NULL, *reports = NULL, *s, *r;
	size_t i, j;
	int rc;

	*items = json_array();
	rc = store_period_get(db, period_id, &period);
	if (!rc)
		rc = incubation_startups(db, record_text(period, "ends_on"),
					 true, &startups);
	if (!rc)
		rc = store_period_reports(db, period_id, &reports);
	if (rc)
		goto out;
	json_array_foreach(startups, i, s) {
		int64_t org = record_int(s, "org_id");
		json_t *row = json_pack("{s:I,s:O,s:I,s:s,s:n}", "org_id",
			(json_int_t)org, "name", json_object_get(s, "name"),
			"report_id", (json_int_t)0, "status", "missing",
			"submitted_at");

		json_array_foreach(reports, j, r) {
			if (record_int(r, "org_id") !=
			    org)
				continue;
			json_object_set(row, "report_id",
					json_object_get(r, "id"));
			json_object_set(row, "status",
					json_object_get(r, "status"));
			json_object_set(row, "submitted_at",
					json_object_get(r, "submitted_at"));
		}
		json_object_set(row, "due_on", json_object_get(period,
							       "due_on"));
		json_array_append_new(*items, row);
	}
	inc_report_late(db, *items);
	/* Only the deadline of the period matters to the list itself. */
	json_array_foreach(*items, i, s)
		json_object_del(s, "due_on");
out:
	json_decref(period);
	json_decref(startups);
	json_decref(reports);
	return rc;
}

/* ---- reminders ----------------------------------------------------- */

/* Remind the startups that owe period `period` (kind "due" or "late"). */
static int
remind_period(struct job_ctx *ctx, json_t *period, const char *kind,
	      const char *now, int64_t *reminded)
{
	int64_t pid = record_int(period, "id");
	const char *due = record_text(period, "due_on");
	json_t *owed = NULL, *s;
	char title[200], body[200], link[64], name[64];
	size_t i;
	int rc;

	rc = inc_period_startups(ctx->db, pid, &owed);
	snprintf(title, sizeof(title), "%s%s%s", period_name(period, name),
		 record_text(period, "template_name"),
		 !strcmp(kind, "due") ? "即将到期，请按时提交" :
		 "已逾期，请尽快提交");
	snprintf(body, sizeof(body), "截止日期：%s", due);
	json_array_foreach(owed, i, s) {
		const char *status = record_text(s, "status");
		int64_t org = record_int(s, "org_id");
		int64_t rid = record_int(s, "report_id");
		bool fresh;
		int told;

		if (rc)
			break;
		if (!strcmp(status, "submitted") || !strcmp(status, "accepted"))
			continue;
		rc = store_reminder_add(ctx->db, pid, org, kind, now, &fresh);
		if (rc || !fresh)
			continue;
		if (rid)
			snprintf(link, sizeof(link),
				 "/incubation/reports/%lld", (long long)rid);
		else
			snprintf(link, sizeof(link),
				 "/incubation/reports/new?period_id=%lld",
				 (long long)pid);
		rc = notify_org(ctx->db, ctx->actor, org, title, body, link,
				&told);
		/* Nobody to tell yet: try again on the next run. */
		if (!rc && !told)
			rc = store_reminder_forget(ctx->db, pid, org, kind);
		else if (!rc)
			(*reminded)++;
	}
	json_decref(owed);
	return rc;
}

int
inc_report_reminders_job(struct job_ctx *ctx)
{
	json_t *periods = NULL, *period;
	char today[11], from[11], to[11], now[32];
	int64_t days = 7, reminded = 0;
	size_t i;
	int rc;

	rc = settings_get_int(ctx->db, "incubation.report_remind_days", &days);
	if (rc)
		return rc;
	time_today_beijing(today);
	inc_day_add(today, -31, from);
	inc_day_add(today, (int)days, to);
	time_now_utc(now);
	rc = store_periods_due(ctx->db, from, to, &periods);
	json_array_foreach(periods, i, period) {
		const char *due = record_text(period, "due_on");

		if (rc)
			break;
		rc = remind_period(ctx, period, strcmp(due, today) >= 0 ?
				   "due" : "late", now, &reminded);
	}
	json_decref(periods);
	if (!rc)
		buf_addf(ctx->message, "reminded %lld startups",
			 (long long)reminded);
	return rc;
}

int
incubation_figures_reports(struct db *db, const char *as_of, json_t *out)
{
	int64_t jobs, output;
	int rc = store_report_figures(db, as_of, &jobs, &output);

	if (rc)
		return rc;
	json_object_set_new(out, "student_jobs", json_integer(jobs));
	json_object_set_new(out, "output_value_fen", json_integer(output));
	return 0;
}

/* Its jobs, registered with its routes (src/cli/modules.c). */
const struct job_def incubation_jobs[] = {
	{ "incubation.report_reminders", 86400, 3600,
	  inc_report_reminders_job },
	{ NULL, 0, 0, NULL },
};
