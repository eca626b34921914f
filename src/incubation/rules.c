/*
 * rules.c - the incubator's rules (incubation.h): the national incubator
 * rule checks, pure functions of dates and limits, with the limits as the
 * settings give them; who may see which startup; a startup's life
 * (admission, graduation or exit), each step checked, written through
 * the store and audited in its transaction; the "needs attention" list
 * and the park's figures as of a date. None sees HTTP.
 *
 * Source: 科技企业孵化器管理办法 (国科发区〔2018〕300号), on in-park
 * firms: registered at most 24 months before entering; incubated at most
 * 48 months, 60 for integrated circuits, biomedicine and modern
 * agriculture; and the graduation conditions (any one of: recognised as a
 * high-tech enterprise; two consecutive years' revenue over 10 million
 * yuan in all; acquired, merged or listed). docs/OPERATIONS.md lists the
 * settings that hold these limits.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "db/memo.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "record/record.h"
#include "settings/settings.h"

static const char *const default_long_fields[] = {
	"integrated_circuit", "biomedicine", "modern_agriculture", NULL
};

const struct inc_rules inc_rules_default = {
	24, 48, 60, default_long_fields,
};

/* The number of the `n` digits at s. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Year, month and day of a "YYYY-MM-DD" date (checked by the caller). */
static void
split(const char *d, int *y, int *m, int *day)
{
	*y = digits(d, 4);
	*m = digits(d + 5, 2);
	*day = digits(d + 8, 2);
}

static int
month_days(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int
inc_months_between(const char *from, const char *to)
{
	int fy, fm, fd, ty, tm, td, n;

	split(from, &fy, &fm, &fd);
	split(to, &ty, &tm, &td);
	n = (ty - fy) * 12 + (tm - fm);
	if (n > 0 && td < fd)
		n--;
	else if (n < 0 && td > fd)
		n++;
	return n;
}

void
inc_add_months(const char *date, int months, char out[11])
{
	int y, m, d, total;
	char text[40];

	split(date, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d);
	memcpy(out, text, 10);
	out[10] = '\0';
}

void
inc_day_add(const char *d, int days, char out[11])
{
	struct tm tm = { 0 };
	time_t t;

	tm.tm_year = digits(d, 4) - 1900;
	tm.tm_mon = digits(d + 5, 2) - 1;
	tm.tm_mday = digits(d + 8, 2) + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int64_t
inc_days(const char *d)
{
	struct tm tm = { 0 };

	tm.tm_year = digits(d, 4) - 1900;
	tm.tm_mon = digits(d + 5, 2) - 1;
	tm.tm_mday = digits(d + 8, 2);
	return (int64_t)(timegm(&tm) / 86400);
}

static bool
is_long_field(const struct inc_rules *rules, const char *field)
{
	for (const char *const *f = rules->long_fields; f && *f; f++)
		if (field && !strcmp(*f, field))
			return true;
	return false;
}

int
inc_rules_check(const struct inc_rules *rules, const struct inc_facts *f,
		const char *as_of, json_t *out)
{
	const char *end;
	char limit[11];
	int n = 0;
	bool in_park;

	if (!f->admitted_on || strcmp(f->admitted_on, as_of) > 0)
		return 0;
	in_park = !f->left_on || strcmp(f->left_on, as_of) > 0;
	if (f->founded_on) {
		inc_add_months(f->founded_on, rules->max_age_at_entry_months,
			       limit);
		if (strcmp(f->admitted_on, limit) > 0) {
			json_array_append_new(out, json_string(
				"registered_before_entry"));
			n++;
		}
	}
	end = in_park ? as_of : f->left_on;
	inc_add_months(f->admitted_on, is_long_field(rules, f->field) ?
		       rules->max_months_long : rules->max_months, limit);
	if (strcmp(end, limit) > 0) {
		json_array_append_new(out, json_string("incubation_too_long"));
		n++;
	}
	if (in_park && f->agreement_to && strcmp(f->agreement_to, as_of) < 0) {
		json_array_append_new(out, json_string("agreement_expired"));
		n++;
	}
	if (!in_park && f->basis && !strcmp(f->basis, "other")) {
		json_array_append_new(out, json_string("graduation_basis"));
		n++;
	}
	return n;
}

/* The comma-separated fields of `text` as a NULL-terminated array. */
static const char *const *
split_fields(struct arena *a, const char *text)
{
	size_t n = 1, i = 0;
	const char **out;
	char *copy, *tok, *save;

	for (const char *p = text; *p; p++)
		n += *p == ',';
	out = arena_alloc(a, (n + 1) * sizeof(*out), _Alignof(const char *));
	copy = arena_strdup(a, text);
	if (!out || !copy)
		return NULL;
	for (tok = strtok_r(copy, ", ", &save); tok && i < n;
	     tok = strtok_r(NULL, ", ", &save))
		out[i++] = tok;
	out[i] = NULL;
	return out;
}

int
incubation_rules_load(struct db *db, struct arena *a, struct inc_rules *rules)
{
	int64_t v;
	const char *fields;
	int rc;

	*rules = inc_rules_default;
	if ((rc = settings_get_int(db, "incubation.max_age_at_entry_months",
				   &v)))
		return rc;
	rules->max_age_at_entry_months = (int)v;
	if ((rc = settings_get_int(db, "incubation.max_months", &v)))
		return rc;
	rules->max_months = (int)v;
	if ((rc = settings_get_int(db, "incubation.max_months_long", &v)))
		return rc;
	rules->max_months_long = (int)v;
	if ((rc = settings_get_text(db, a, "incubation.long_fields", &fields)))
		return rc;
	rules->long_fields = split_fields(a, fields);
	return rules->long_fields ? 0 : ERR_NOMEM;
}

int
inc_strings(json_t *in, const char *const *allowed, const char **out,
	    struct problem *pb)
{
	static _Thread_local char message[96];
	const char *key;
	json_t *v;
	size_t i;

	for (i = 0; allowed[i]; i++)
		out[i] = NULL;
	json_object_foreach(in, key, v) {
		for (i = 0; allowed[i] && strcmp(allowed[i], key); i++)
			;
		if (!allowed[i]) {
			snprintf(message, sizeof(message), "unknown field "
				 "'%.60s'", key);
			return problem_key(pb, ERR_INVALID, key,
					   "err.unknown_field", message);
		}
		if (json_is_null(v))
			continue;
		if (!json_is_string(v) ||
		    strlen(json_string_value(v)) != json_string_length(v)) {
			snprintf(message, sizeof(message), "%s must be a "
				 "string", allowed[i]);
			return problem_key(pb, ERR_INVALID, allowed[i],
					   "err.text", message);
		}
		if (*json_string_value(v))
			out[i] = json_string_value(v);
	}
	return 0;
}

int
inc_audit(struct db *db, const struct audit_actor *actor, const char *entity,
	  int64_t id, const char *action, json_t *after)
{
	int rc = audit_write(db, actor, action, entity, id, NULL, after);

	json_decref(after);
	return rc;
}

int
inc_scope_of(const struct principal *p, struct inc_scope *s)
{
	int64_t org;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = auth_scope_org(p, PERM_INC_READ, &org)))
		return rc;
	s->all = org == 0;
	s->org_id = org;
	/* Admitted on its own records: an expert, its assigned startups. */
	if (org < 0 && (p->roles & ROLE_EXPERT)) {
		s->org_id = 0;
		s->expert_person = p->person_id > 0 ? p->person_id : -1;
	}
	return 0;
}

/* ---- a startup's life ---------------------------------------------- */

int
inc_admit_in(struct db *db, const struct audit_actor *actor, json_t *fields,
	     int64_t *id, struct problem *pb)
{
	json_int_t org = record_int(fields, "org_id");
	const char *on = record_text(fields, "admitted_on");
	bool other = false;
	int64_t ev_id;
	char now[32];
	int rc;

	*id = 0;
	if (json_is_integer(json_object_get(fields, "org_id"))) {
		rc = inc_store_not_startup(db, org, &other);
		if (!rc && other)
			rc = problem_key(pb, ERR_INVALID, "org_id",
					 "incubation.err.not_startup",
					 "org_id must be an organisation of "
					 "kind startup");
		if (rc)
			return rc;
	}
	rc = record_create_in(db, &incubation_table, actor, fields, id, pb);
	if (rc == ERR_CONFLICT)
		return problem_key(pb, rc, "org_id",
				   "incubation.err.already_incubated",
				   "this startup is already incubated");
	if (rc)
		return rc;
	time_now_utc(now);
	rc = inc_store_event_add(db, actor, org, "admitted", NULL, NULL, on,
				 "", now, &ev_id);
	if (rc)
		return rc;
	return inc_audit(db, actor, "incubation_event", ev_id, "create",
			 json_pack("{s:I,s:s,s:s}", "org_id", org, "kind",
				   "admitted", "on", on));
}

int
incubation_event_append(struct db *db, const struct audit_actor *actor,
			int64_t org_id, const char *kind, const char *on,
			const char *exit_reason, const char *basis,
			const char *reason, int64_t *id, struct problem *pb)
{
	int rc = db_begin(db);

	if (!rc)
		rc = db_end(db, incubation_event_append_in(db, actor,
			org_id, kind, on, exit_reason, basis, reason, id, pb));
	if (rc)
		*id = 0;
	return rc;
}

/* Whether `s` is one of `list` (NULL-terminated). */
static bool
one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* What an event says is possible at all, before the database is asked. */
static int
check_event(const char *kind, const char *on, const char **exit_reason,
	    const char **basis, const char *reason, struct problem *pb)
{
	static const char *const exits[] = {
		"withdrawn", "failed", "expelled", NULL
	};
	static const char *const bases[] = {
		"high_tech", "revenue", "acquired_listed", "other", NULL
	};
	char today[TIME_DATE_LEN + 1];

	if (!kind || (strcmp(kind, "graduated") && strcmp(kind, "exited")))
		return problem_key(pb, ERR_INVALID, "kind",
				   "incubation.err.leave_kind",
				   "kind must be graduated or exited");
	if (!on || !date_valid(on))
		return problem_key(pb, ERR_INVALID, "on",
				   "incubation.err.on_date",
				   "on must be a date, YYYY-MM-DD");
	time_today_beijing(today);
	if (strcmp(on, today) > 0)
		return problem_key(pb, ERR_INVALID, "on",
				   "incubation.err.on_future",
				   "on must not be in the future");
	if (!strcmp(kind, "exited")) {
		if (!one_of(*exit_reason, exits))
			return problem_key(pb, ERR_INVALID, "exit_reason",
					   "incubation.err.exit_reason",
					   "exit_reason must be withdrawn, "
					   "failed or expelled");
		if (!reason || !*reason)
			return problem_key(pb, ERR_INVALID, "reason",
					   "incubation.err.exit_reason_text",
					   "reason is required for an exit");
		*basis = NULL;
	} else {
		if (*exit_reason)
			return problem_key(pb, ERR_INVALID, "exit_reason",
					   "incubation.err.exit_reason_only",
					   "exit_reason is only for an exit");
		if (!*basis)
			*basis = "other";
		if (!one_of(*basis, bases))
			return problem_key(pb, ERR_INVALID, "basis",
					   "incubation.err.basis",
					   "basis must be high_tech, revenue, "
					   "acquired_listed or other");
	}
	if (reason && record_chars(reason) > 2000)
		return problem_key(pb, ERR_INVALID, "reason",
				   "incubation.err.reason_long",
				   "reason must be at most 2000 characters");
	return 0;
}

int
incubation_event_append_in(struct db *db, const struct audit_actor *actor,
			   int64_t org_id, const char *kind, const char *on,
			   const char *exit_reason, const char *basis,
			   const char *reason, int64_t *id, struct problem *pb)
{
	struct inc_stay st;
	char now[32];
	int rc = check_event(kind, on, &exit_reason, &basis, reason, pb);

	*id = 0;
	if (rc)
		return rc;
	rc = inc_store_stay(db, org_id, NULL, &st);
	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_NOTFOUND, NULL,
			       "this organisation is not incubated");
	if (rc)
		return rc;
	if (st.left)
		return problem_key(pb, ERR_CONFLICT, "kind",
				   "incubation.err.already_left",
				   "this startup has already left the park");
	if (strcmp(on, st.admitted_on) < 0)
		return problem_key(pb, ERR_INVALID, "on",
				   "incubation.err.before_admission",
				   "on must not be before the admission date");
	time_now_utc(now);
	rc = inc_store_event_add(db, actor, org_id, kind, exit_reason, basis,
				 on, reason ? reason : "", now, id);
	if (rc == ERR_CONFLICT)
		rc = problem_key(pb, rc, "kind",
				 "incubation.err.already_left",
				 "this startup has already left the park");
	if (!rc)
		rc = inc_audit(db, actor, "incubation_event", *id, "create",
			       json_pack("{s:I,s:s,s:s?,s:s?,s:s,s:s}",
					 "org_id", (json_int_t)org_id, "kind",
					 kind, "exit_reason", exit_reason,
					 "basis", basis, "on", on, "reason",
					 reason ? reason : ""));
	if (rc)
		*id = 0;
	return rc;
}

int
inc_startup_admit(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	struct inc_rules rules;
	struct arena a;
	char today[TIME_DATE_LEN + 1];
	int64_t new_id;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = auth_require(p, PERM_INC_WRITE, 0)))
		return rc;
	time_today_beijing(today);
	rc = record_validate(db, &incubation_table, in, true, pb);
	if (!rc && strcmp(record_text(in, "admitted_on"), today) > 0)
		rc = problem_key(pb, ERR_INVALID, "admitted_on",
				 "incubation.err.admitted_future",
				 "admitted_on must not be in the future");
	if (rc || (rc = db_begin(db)) ||
	    (rc = db_end(db, inc_admit_in(db, &p->actor, in, &new_id,
					  pb))))
		return rc;
	arena_init(&a, 0);
	rc = incubation_rules_load(db, &a, &rules);
	if (!rc)
		rc = inc_startup_get(db, record_int(in, "org_id"), today,
				     &rules, out);
	arena_release(&a);
	return rc;
}

/* Event `ev_id` of startup `org_id` as its history shows it, into *out. */
static int
event_of(struct db *db, int64_t org_id, int64_t ev_id, json_t **out)
{
	json_t *items, *ev;
	size_t i;
	int rc = inc_events_of(db, org_id, &items);

	if (rc)
		return rc;
	json_array_foreach(items, i, ev)
		if (record_int(ev, "id") == ev_id)
			*out = json_incref(ev);
	json_decref(items);
	return *out ? 0 : ERR_DB;
}

int
inc_startup_leave(struct db *db, const struct principal *p, int64_t id,
		  json_t *in, json_t **out, struct problem *pb)
{
	static const char *const fields[] = {
		"kind", "on", "reason", "exit_reason", "basis", NULL
	};
	const char *v[5];
	int64_t ev_id;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = inc_strings(in, fields, v, pb)) ||
	    (rc = incubation_event_append(db, &p->actor, id, v[0], v[1], v[3],
					  v[4], v[2], &ev_id, pb)))
		return rc;
	return event_of(db, id, ev_id, out);
}

/*
 * The compensating event: the leave that stands is undone, dated as it
 * was, so that the figures as of any date count the startup in the park
 * again; the leave stays in the history, and the undo is audited.
 */
static int
reinstate_in(struct db *db, const struct audit_actor *actor, int64_t org_id,
	     const char *reason, int64_t *ev_id, struct problem *pb)
{
	struct inc_stay st;
	char now[32];
	int rc = inc_store_stay(db, org_id, NULL, &st);

	if (rc == ERR_NOTFOUND)
		return problem(pb, ERR_NOTFOUND, NULL,
			       "this organisation is not incubated");
	if (rc)
		return rc;
	if (!st.left)
		return problem_key(pb, ERR_CONFLICT, "reason",
				   "incubation.err.not_left",
				   "this startup has not left the park");
	time_now_utc(now);
	rc = inc_store_event_undo(db, actor, org_id, st.stay, st.left_on,
				  reason, now, ev_id);
	if (rc == ERR_CONFLICT)
		rc = problem_key(pb, rc, "reason", "incubation.err.not_left",
				 "this startup has not left the park");
	if (rc)
		return rc;
	return inc_audit(db, actor, "incubation_event", *ev_id, "create",
			 json_pack("{s:I,s:s,s:s,s:s,s:I,s:s}", "org_id",
			 (json_int_t)org_id, "kind", "reinstated", "on",
			 st.left_on, "undoes", st.graduated ? "graduated" :
			 "exited", "stay", (json_int_t)st.stay, "reason",
			 reason));
}

int
inc_startup_reinstate(struct db *db, const struct principal *p, int64_t id,
		      json_t *in, json_t **out, struct problem *pb)
{
	static const char *const fields[] = { "reason", NULL };
	const char *reason;
	int64_t ev_id;
	int rc;

	*out = NULL;
	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = inc_strings(in, fields, &reason, pb)))
		return rc;
	if (!reason || record_chars(reason) > 2000)
		return problem_key(pb, ERR_INVALID, "reason",
				   "incubation.err.reinstate_reason",
				   "reason is required (at most 2000 "
				   "characters)");
	if ((rc = db_begin(db)) ||
	    (rc = db_end(db, reinstate_in(db, &p->actor, id, reason, &ev_id,
					  pb))))
		return rc;
	return event_of(db, id, ev_id, out);
}

/* ---- what needs attention, and the figures ------------------------- */

int
incubation_attention(struct db *db, const char *as_of, json_t **items)
{
	struct inc_scope all = { true, 0, 0 };
	struct inc_rules rules;
	struct arena a;
	json_t *page, *row;
	int64_t total;
	size_t i;
	int rc;

	*items = json_array();
	arena_init(&a, 0);
	rc = incubation_rules_load(db, &a, &rules);
	if (!rc)
		rc = inc_startup_list(db, &all, as_of, &rules, "in_park",
				      1000000, 0, &page, &total);
	else
		page = json_array();
	json_array_foreach(page, i, row)
		if (json_array_size(json_object_get(row, "checks")))
			json_array_append(*items, row);
	json_decref(page);
	arena_release(&a);
	return rc;
}

int
incubation_figures_lifecycle(struct db *db, const char *as_of, json_t *out)
{
	int64_t incubated, graduated, exited;
	int rc = inc_store_lifecycle(db, as_of, &incubated, &graduated,
				     &exited);

	if (rc)
		return rc;
	json_object_set_new(out, "incubated", json_integer(incubated));
	json_object_set_new(out, "graduated", json_integer(graduated));
	json_object_set_new(out, "exited", json_integer(exited));
	json_object_set_new(out, "in_park", json_integer(incubated -
				graduated - exited));
	return 0;
}

int
incubation_figures_financing(struct db *db, const char *as_of, json_t *out)
{
	int64_t sum;
	int rc = inc_store_financing(db, as_of, &sum);

	if (!rc)
		json_object_set_new(out, "financing", json_integer(sum));
	return rc;
}

/* The contributors of the figures: a part that adds figures adds here. */
static const incubation_figure_fn contributors[] = {
	incubation_figures_lifecycle,	/* incubated, graduated, exited,
					 * in_park */
	incubation_figures_financing,	/* financing */
	incubation_figures_reports,	/* student_jobs, output_value_fen */
	incubation_figures_space,	/* units, units_leased, area,
					 * area_leased */
};

/*
 * Every figure is a query over the whole ledger: the answers are kept
 * while the database stands still (db/memo.h).
 */
static struct db_memo figures_memo = DB_MEMO_INIT;

static int
compute_figures(struct db *db, const char *as_of, json_t **out)
{
	int rc = 0;

	*out = json_pack("{s:s}", "as_of", as_of);
	if (!*out)
		return ERR_NOMEM;
	for (size_t i = 0; i < sizeof(contributors) / sizeof(contributors[0])
	     && !rc; i++)
		rc = contributors[i](db, as_of, *out);
	return rc;
}

int
incubation_figures(struct db *db, const char *as_of, json_t **out)
{
	return db_memo_answer(&figures_memo, db, as_of, compute_figures, out);
}
