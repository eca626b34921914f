/*
 * pages.c - the incubator's pages:
 *
 *	/incubation			the figures as of a date, their trend,
 *					and the startups that need attention
 *	/incubation/startups[/ORG]	incubated startups with state and rule
 *					badges; a startup's events, and the
 *					graduate / exit form for staff
 *	/incubation/experts ...		the registry tables (experts,
 *					assignments, sessions, projects,
 *					milestones, investments): list with
 *					export, detail, forms
 *
 * and the applications and review pages of apply_pages.c and
 * review_pages.c. Every list exports to CSV and XLSX.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "base/time.h"
#include "export/export.h"
#include "http/api.h"
#include "http/form.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/ops_api.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "record/pages.h"

static const char *
text_of(void *ctx, const char *key)
{
	return page_text(ctx, key);
}

/* A cell's text as the export would write it. */
static const char *
cell(struct request *r, const struct export_column *c, json_t *v)
{
	struct export_text t = { text_of, r };
	struct buf b;

	buf_init(&b, &r->arena, 0);
	export_cell_text(&b, c, v, &t);
	return buf_error(&b) || !b.ptr ? "" : b.ptr;
}

/* Rows of cells for a generic table, from the export columns. */
static json_t *
table_rows(struct request *r, const struct export_column *cols, size_t n,
	   json_t *items, const char *base, const char *id_key)
{
	json_t *rows = json_array(), *item;
	size_t i;

	json_array_foreach(items, i, item) {
		json_t *cells = json_array();

		for (size_t c = 0; c < n; c++)
			json_array_append_new(cells, json_pack("{s:s}", "text",
				cell(r, &cols[c], json_object_get(item,
				cols[c].key))));
		json_array_append_new(rows, json_pack("{s:o,s:s}", "cells",
			cells, "href", arena_printf(&r->arena, "%s/%lld", base,
			(long long)json_integer_value(json_object_get(item,
			id_key)))));
	}
	return rows;
}

static json_t *
table_heads(struct request *r, const struct export_column *cols, size_t n)
{
	json_t *heads = json_array();

	for (size_t c = 0; c < n; c++)
		json_array_append_new(heads, json_pack("{s:s}", "text",
			page_text(r, cols[c].header_key)));
	return heads;
}

/* The query string of the current list's filters, for export links. */
static const char *
query_of(struct request *r, const char *const *names)
{
	struct buf b;

	buf_init(&b, &r->arena, 0);
	buf_addstr(&b, "");
	for (int i = 0; names[i]; i++) {
		const char *v = http_query(r, names[i]);

		if (v && *v) {
			buf_addf(&b, "&%s=", names[i]);
			for (const char *p = v; *p; p++) {
				if ((*p >= '0' && *p <= '9') || *p == '-' ||
				    (*p >= 'a' && *p <= 'z') || *p == '_')
					buf_addch(&b, *p);
				else
					buf_addf(&b, "%%%02X",
						 (unsigned char)*p);
			}
		}
	}
	return buf_error(&b) ? "" : b.ptr;
}

/* ---- the registry tables ---------------------------------------- */

static const struct export_column expert_cols[] = {
	{ "id", "inc_expert.id", EXPORT_INTEGER },
	{ "person_id", "inc_expert.person_id", EXPORT_INTEGER },
	{ "institution_id", "inc_expert.institution_id", EXPORT_INTEGER },
	{ "title", "inc_expert.title", EXPORT_TEXT },
	{ "fields", "inc_expert.fields", EXPORT_TEXT },
	{ "kind", "inc_expert.kind", EXPORT_ENUM, "inc_expert.kind_values." },
};

static const struct export_column assignment_cols[] = {
	{ "id", "inc_assignment.id", EXPORT_INTEGER },
	{ "expert_id", "inc_assignment.expert_id", EXPORT_INTEGER },
	{ "org_id", "inc_assignment.org_id", EXPORT_INTEGER },
	{ "since", "inc_assignment.since", EXPORT_DATE },
	{ "until", "inc_assignment.until", EXPORT_DATE },
};

static const struct export_column session_cols[] = {
	{ "id", "inc_session.id", EXPORT_INTEGER },
	{ "on_date", "inc_session.on_date", EXPORT_DATE },
	{ "expert_id", "inc_session.expert_id", EXPORT_INTEGER },
	{ "org_id", "inc_session.org_id", EXPORT_INTEGER },
	{ "minutes", "inc_session.minutes", EXPORT_INTEGER },
	{ "topic", "inc_session.topic", EXPORT_TEXT },
	{ "notes", "inc_session.notes", EXPORT_TEXT },
};

static const struct export_column project_cols[] = {
	{ "id", "inc_project.id", EXPORT_INTEGER },
	{ "title", "inc_project.title", EXPORT_TEXT },
	{ "expert_id", "inc_project.expert_id", EXPORT_INTEGER },
	{ "org_id", "inc_project.org_id", EXPORT_INTEGER },
	{ "started_on", "inc_project.started_on", EXPORT_DATE },
	{ "status", "inc_project.status", EXPORT_ENUM,
	  "inc_project.status_values." },
	{ "goal", "inc_project.goal", EXPORT_TEXT },
};

static const struct export_column milestone_cols[] = {
	{ "id", "inc_milestone.id", EXPORT_INTEGER },
	{ "project_id", "inc_milestone.project_id", EXPORT_INTEGER },
	{ "title", "inc_milestone.title", EXPORT_TEXT },
	{ "due_on", "inc_milestone.due_on", EXPORT_DATE },
	{ "done_on", "inc_milestone.done_on", EXPORT_DATE },
	{ "note", "inc_milestone.note", EXPORT_TEXT },
};

static const struct export_column investment_cols[] = {
	{ "id", "investment.id", EXPORT_INTEGER },
	{ "on_date", "investment.on_date", EXPORT_DATE },
	{ "investor_id", "investment.investor_id", EXPORT_INTEGER },
	{ "target_id", "investment.target_id", EXPORT_INTEGER },
	{ "kind", "investment.kind", EXPORT_ENUM, "investment.kind_values." },
	{ "amount", "investment.amount_yuan", EXPORT_MONEY },
	{ "note", "investment.note", EXPORT_TEXT },
};

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

/* The detail page's facts: each column's label and text. */
static int
registry_facts(struct request *r, int64_t id, json_t *data)
{
	const struct record_pages *pg = r->route_data;
	json_t *rec = json_object_get(data, "record"), *facts = json_array();

	(void)id;
	for (size_t c = 0; c < pg->nexport; c++)
		json_array_append_new(facts, json_pack("{s:s,s:s}", "label",
			page_text(r, pg->export_columns[c].header_key), "text",
			cell(r, &pg->export_columns[c], json_object_get(rec,
			pg->export_columns[c].key))));
	json_object_set_new(data, "facts", facts);
	return 0;
}

#define REGISTRY(name, api, base, prefix, cols, stem)			\
	static const struct record_pages name = {			\
		api, base, prefix, "incubation/table",			\
		"incubation/record", "record/form", registry_facts,	\
		cols, NCOLS(cols), stem,				\
	}

REGISTRY(expert_pages, &inc_expert_api, "/incubation/experts",
	 "inc_expert", expert_cols, "experts");
REGISTRY(assignment_pages, &inc_assignment_api, "/incubation/assignments",
	 "inc_assignment", assignment_cols, "assignments");
REGISTRY(session_pages, &inc_session_api, "/incubation/sessions",
	 "inc_session", session_cols, "sessions");
REGISTRY(project_pages, &inc_project_api, "/incubation/projects",
	 "inc_project", project_cols, "projects");
REGISTRY(milestone_pages, &inc_milestone_api, "/incubation/milestones",
	 "inc_milestone", milestone_cols, "milestones");
REGISTRY(investment_pages, &investment_api, "/incubation/investments",
	 "investment", investment_cols, "investments");

/* GET BASE: a registry table as a table of its export columns. */
static int
registry_list(struct request *r)
{
	const struct record_pages *pg = r->route_data;
	struct record_filter f;
	json_t *items, *data;
	int64_t total;
	int rc;

	if ((rc = record_api_may_list(r, pg->api)) ||
	    (rc = record_api_filter(r, pg->api, &f)))
		return rc;
	rc = record_list(r->db, pg->api->table, &f, &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	data = json_pack("{s:o,s:o,s:s,s:b,s:o,s:s}",
		"heads", table_heads(r, pg->export_columns, pg->nexport),
		"rows", table_rows(r, pg->export_columns, pg->nexport, items,
				   pg->base, "id"),
		"base", pg->base, "can_write", !auth_require(auth_principal(r),
		pg->api->write, 0), "pager", page_pager(r, total, f.limit,
		f.offset), "export_query", query_of(r, pg->api->filters));
	if (pg == &investment_pages && !auth_require(auth_principal(r),
						     PERM_INC_WRITE, 0))
		json_object_set_new(data, "extra_links", json_pack(
			"[{s:s,s:s},{s:s,s:s}]", "href",
			"/incubation/investments/totals?by=investor", "label",
			page_text(r, "incubation.by_investor"), "href",
			"/incubation/investments/totals?by=target", "label",
			page_text(r, "incubation.by_target")));
	rc = page_render(r, "incubation/table", arena_printf(&r->arena,
		"%s.list", pg->prefix), data);
	http_own(r, items);
	return rc;
}

static void startup_labels(struct request *r, json_t *items);

/* ---- figures ---------------------------------------------------- */

static const struct {
	const char *key;
	const char *href;	/* the records behind the figure; the date
				 * is appended when dated */
	bool dated, money;
} figure_links[] = {
	{ "incubated", "/incubation/startups?as_of=", true, false },
	{ "graduated", "/incubation/startups?state=graduated&as_of=", true,
	  false },
	{ "exited", "/incubation/startups?state=exited&as_of=", true, false },
	{ "in_park", "/incubation/startups?state=in_park&as_of=", true,
	  false },
	{ "financing", "/incubation/investments", false, true },
	/* inc-ops: reports and space (areas are 0.01 m², shown as money is) */
	{ "student_jobs", "/incubation/reports?status=accepted", false,
	  false },
	{ "output_value_fen", "/incubation/reports?status=accepted", false,
	  true },
	{ "units_leased", "/incubation/occupancy?on=", true, false },
	{ "area_leased", "/incubation/occupancy?on=", true, true },
};

/* Fen as yuan text for people, "1,234.50", in the request's arena. */
static const char *
yuan(struct request *r, json_int_t fen)
{
	char *s = arena_alloc(&r->arena, MONEY_TEXT_MAX, 1);

	if (s && money_format_yuan(fen, s, MONEY_TEXT_MAX))
		return NULL;
	return s;
}

/* Year-end figures from the first admission's year to as_of, and as_of. */
static json_t *
trend(struct request *r, const char *as_of)
{
	json_t *points = json_array(), *fig;
	char date[16];
	int first = 2014, last;

	last = (as_of[0] - '0') * 1000 + (as_of[1] - '0') * 100 +
	       (as_of[2] - '0') * 10 + (as_of[3] - '0');
	if (last - first > 30)
		first = last - 30;
	for (int y = first; y <= last; y++) {
		if (y < last)
			snprintf(date, sizeof(date), "%04d-12-31", y % 10000);
		else
			snprintf(date, sizeof(date), "%s", as_of);
		/* The chart shows the counts: their contributor only. */
		fig = json_pack("{s:s}", "as_of", date);
		if (incubation_figures_lifecycle(r->db, date, fig)) {
			http_own(r, fig);
			break;
		}
		json_array_append_new(points, fig);
	}
	return points;
}

/* The figures as of a date as [{key, label, value, href}]. */
static int
figure_list(struct request *r, const char *as_of, json_t **out)
{
	json_t *fig, *list;
	/* Links to the records behind a figure, for those who may read them. */
	bool links = !auth_require(auth_principal(r), PERM_INC_WRITE, 0);
	int rc = incubation_figures(r->db, as_of, &fig);

	*out = NULL;
	if (rc) {
		http_own(r, fig);
		return rc;
	}
	list = json_array();
	for (size_t i = 0; i < sizeof(figure_links) / sizeof(figure_links[0]);
	     i++) {
		json_int_t n = json_integer_value(json_object_get(fig,
						  figure_links[i].key));

		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s?}",
			"key", figure_links[i].key, "label", page_text(r,
			arena_printf(&r->arena, "incubation.figure.%s",
			figure_links[i].key)), "value", figure_links[i].money ?
			yuan(r, n) : arena_printf(&r->arena, "%lld",
			(long long)n), "href", links ? arena_printf(&r->arena,
			"%s%s", figure_links[i].href, figure_links[i].dated ?
			as_of : "") : NULL));
	}
	http_own(r, fig);
	*out = list;
	return 0;
}

int
incubation_dashboard(struct request *r, json_t *data)
{
	json_t *list;
	char *today = arena_alloc(&r->arena, 11, 1);
	int rc;

	if (!today)
		return ERR_NOMEM;
	time_today_beijing(today);
	if ((rc = figure_list(r, today, &list)))
		return rc;
	json_object_set_new(data, "incubation", json_pack("{s:s,s:o}",
			    "as_of", today, "figures", list));
	return 0;
}

/* GET /incubation?as_of= */
static int
figures_page(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *as_of;
	json_t *list, *data, *chart;
	char *text;
	int rc;

	if ((rc = auth_require(p, PERM_INC_FIGURES, 0)) ||
	    (rc = inc_as_of(r, &as_of)) ||
	    (rc = figure_list(r, as_of, &list)))
		return rc;
	chart = json_pack("{s:s,s:o,s:[s,s,s,s]}", "title", page_text(r,
		"incubation.trend"), "points", trend(r, as_of), "labels",
		page_text(r, "incubation.figure.incubated"),
		page_text(r, "incubation.figure.graduated"),
		page_text(r, "incubation.figure.exited"),
		page_text(r, "incubation.figure.in_park"));
	text = json_dumps(chart, JSON_COMPACT | JSON_ESCAPE_SLASH);
	http_own(r, chart);
	data = json_pack("{s:s,s:o,s:s,s:b}", "as_of", as_of, "figures", list,
			 "chart_json", text ? text : "{}", "is_staff",
			 !auth_require(p, PERM_INC_WRITE, 0));
	free(text);
	return page_render(r, "incubation/figures", "incubation.title", data);
}

#define NSTARTUP_COLS 11
static const struct export_column startup_cols[NSTARTUP_COLS];

/* GET /incubation/attention[/export]?as_of=: startups failing a check. */
static int
attention(struct request *r, bool export)
{
	const char *as_of;
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_WRITE, 0)) ||
	    (rc = inc_as_of(r, &as_of)))
		return rc;
	rc = incubation_attention(r->db, as_of, &items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	startup_labels(r, items);
	if (export) {
		rc = export_send(r, http_query(r, "format"), "attention",
				 page_text(r, "incubation.attention"),
				 startup_cols, NSTARTUP_COLS, items);
		http_own(r, items);
		return rc;
	}
	return page_render(r, "incubation/attention", "incubation.attention",
			   json_pack("{s:s,s:o}", "as_of", as_of, "attention",
				     items));
}

static int
attention_page(struct request *r)
{
	return attention(r, false);
}

static int
attention_export(struct request *r)
{
	return attention(r, true);
}

static const struct export_column totals_cols[] = {
	{ "org_id", "incubation.org_id", EXPORT_INTEGER },
	{ "name", "incubation.name_any", EXPORT_TEXT },
	{ "kind", "incubation.org_kind", EXPORT_ENUM, "org.kind_values." },
	{ "count", "incubation.count", EXPORT_INTEGER },
	{ "amount", "investment.amount_yuan", EXPORT_MONEY },
};

/* GET /incubation/investments/totals[/export]?by=investor|target */
static int
totals(struct request *r, bool export)
{
	const char *by = http_query(r, "by");
	bool investor;
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_INC_WRITE, 0)))
		return rc;
	investor = !by || strcmp(by, "target");
	rc = inc_investment_totals(r->db, investor, &items);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	if (export) {
		rc = export_send(r, http_query(r, "format"), investor ?
				 "investors" : "investment-targets",
				 page_text(r, investor ?
				 "incubation.by_investor" :
				 "incubation.by_target"), totals_cols,
				 NCOLS(totals_cols), items);
		http_own(r, items);
		return rc;
	}
	rc = page_render(r, "incubation/table", investor ?
		"incubation.by_investor" : "incubation.by_target",
		json_pack("{s:o,s:o,s:s,s:b,s:s}", "heads", table_heads(r,
		totals_cols, NCOLS(totals_cols)), "rows", table_rows(r,
		totals_cols, NCOLS(totals_cols), items, "/orgs", "org_id"),
		"base", "/incubation/investments/totals", "can_write", false,
		"export_query", investor ? "&by=investor" : "&by=target"));
	http_own(r, items);
	return rc;
}

static int
totals_page(struct request *r)
{
	return totals(r, false);
}

static int
totals_export(struct request *r)
{
	return totals(r, true);
}

/* ---- startups --------------------------------------------------- */

static const struct export_column startup_cols[NSTARTUP_COLS] = {
	{ "org_id", "incubation.org_id", EXPORT_INTEGER },
	{ "name", "incubation.name", EXPORT_TEXT },
	{ "field", "incubation.field", EXPORT_ENUM, "incubation.fields." },
	{ "founded_on", "incubation.founded_on", EXPORT_DATE },
	{ "admitted_on", "incubation.admitted_on", EXPORT_DATE },
	{ "agreement_to", "incubation.agreement_to", EXPORT_DATE },
	{ "state", "incubation.state", EXPORT_ENUM, "incubation.states." },
	{ "left_on", "incubation.left_on", EXPORT_DATE },
	{ "monthly_fee", "incubation.monthly_fee", EXPORT_MONEY },
	{ "space_assigned", "incubation.space_assigned", EXPORT_TEXT },
	{ "check_text", "incubation.checks_label", EXPORT_TEXT },
};

/* The labels of the checks as one text, for exports. */
static const char *
checks_text(struct request *r, json_t *labels)
{
	struct buf b;
	json_t *l;
	size_t i;

	buf_init(&b, &r->arena, 0);
	buf_addstr(&b, "");
	json_array_foreach(labels, i, l)
		buf_addf(&b, "%s%s", i ? "；" : "", json_string_value(
			 json_object_get(l, "label")));
	return buf_error(&b) ? "" : b.ptr;
}

/* Labels of state, field and checks of each startup, in place. */
static void
startup_labels(struct request *r, json_t *items)
{
	json_t *s, *c, *labels;
	size_t i, k;

	json_array_foreach(items, i, s) {
		labels = json_array();
		json_array_foreach(json_object_get(s, "checks"), k, c)
			json_array_append_new(labels, json_pack("{s:s}",
				"label", page_text(r, arena_printf(&r->arena,
				"incubation.checks.%s",
				json_string_value(c)))));
		json_object_set_new(s, "check_labels", labels);
		json_object_set_new(s, "check_text", json_string(
			checks_text(r, labels)));
		json_object_set_new(s, "state_label", json_string(page_text(r,
			arena_printf(&r->arena, "incubation.states.%s",
			json_string_value(json_object_get(s, "state"))))));
		json_object_set_new(s, "field_label", json_string(page_text(r,
			arena_printf(&r->arena, "incubation.fields.%s",
			json_string_value(json_object_get(s, "field"))))));
		json_object_set_new(s, "in_park", json_boolean(!strcmp(
			json_string_value(json_object_get(s, "state")),
			"in_park")));
	}
}

/* The list's arguments: scope, as_of, state, paging. */
static int
startup_args(struct request *r, struct inc_scope *s, const char **as_of,
	     const char **state, int64_t *limit, int64_t *offset)
{
	int rc;

	*state = http_query(r, "state");
	if (*state && !**state)
		*state = NULL;
	if ((rc = inc_scope_of(auth_principal(r), s)) ||
	    (rc = inc_as_of(r, as_of)) ||
	    (rc = api_paging(r, limit, offset)))
		return rc;
	if (*state && strcmp(*state, "in_park") &&
	    strcmp(*state, "graduated") && strcmp(*state, "exited"))
		return http_fail(r, ERR_INVALID, "state", "state must be "
				 "in_park, graduated or exited");
	return 0;
}

/* GET /incubation/startups?as_of=&state= */
static int
startups_page(struct request *r)
{
	static const char *const args[] = { "as_of", "state", NULL };
	const char *as_of, *state;
	struct inc_scope s;
	struct inc_rules ru;
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = startup_args(r, &s, &as_of, &state, &limit, &offset)) ||
	    (rc = incubation_rules_load(r->db, &r->arena, &ru)))
		return rc;
	rc = inc_startup_list(r->db, &s, as_of, &ru, state, limit, offset,
			      &items, &total);
	if (rc) {
		http_own(r, items);
		return rc;
	}
	startup_labels(r, items);
	return page_render(r, "incubation/startups", "incubation.startups",
		json_pack("{s:o,s:s,s:s?,s:o,s:s,s:[{s:s,s:s,s:b},{s:s,s:s,"
		"s:b},{s:s,s:s,s:b}]}", "items", items, "as_of", as_of,
		"state", state, "pager", page_pager(r, total, limit, offset),
		"export_query", query_of(r, args), "states",
		"value", "in_park", "label", page_text(r,
		"incubation.states.in_park"), "selected", state &&
		!strcmp(state, "in_park"), "value", "graduated", "label",
		page_text(r, "incubation.states.graduated"), "selected", state &&
		!strcmp(state, "graduated"), "value", "exited", "label",
		page_text(r, "incubation.states.exited"), "selected", state &&
		!strcmp(state, "exited")));
}

/* GET /incubation/startups/export?format=&as_of=&state= */
static int
startups_export(struct request *r)
{
	const char *as_of, *state;
	struct inc_scope s;
	struct inc_rules ru;
	int64_t limit, offset, total;
	json_t *items;
	int rc;

	if ((rc = startup_args(r, &s, &as_of, &state, &limit, &offset)) ||
	    (rc = incubation_rules_load(r->db, &r->arena, &ru)))
		return rc;
	rc = inc_startup_list(r->db, &s, as_of, &ru, state, EXPORT_MAX_ROWS,
			      0, &items, &total);
	if (!rc)
		rc = export_send(r, http_query(r, "format"), "startups",
				 page_text(r, "incubation.startups"),
				 startup_cols, NSTARTUP_COLS, items);
	http_own(r, items);
	return rc;
}

/* The startup page, with `errors` of a refused event form (may be NULL). */
static int
startup_render(struct request *r, int64_t org_id, const char *message,
	       const char *field)
{
	const struct principal *p = auth_principal(r);
	struct inc_scope s;
	struct inc_rules ru;
	const char *as_of;
	json_t *rec, *one, *ev, *data;
	bool yes;
	size_t i;
	int rc;

	if ((rc = inc_scope_of(p, &s)) ||
	    (rc = inc_scope_has(r->db, &s, org_id, &yes)))
		return rc;
	if (!yes)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such startup");
	if ((rc = inc_as_of(r, &as_of)) ||
	    (rc = incubation_rules_load(r->db, &r->arena, &ru)))
		return rc;
	rc = inc_startup_get(r->db, org_id, as_of, &ru, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such startup");
	if (rc)
		return rc;
	one = json_pack("[O]", rec);
	startup_labels(r, one);
	http_own(r, rec);
	rec = json_incref(json_array_get(one, 0));
	http_own(r, one);
	json_array_foreach(json_object_get(rec, "events"), i, ev)
		json_object_set_new(ev, "kind_label", json_string(page_text(r,
			arena_printf(&r->arena, "incubation.events.%s",
			json_string_value(json_object_get(ev, "kind"))))));
	data = json_pack("{s:o,s:s,s:b,s:b,s:s?,s:s?}", "record", rec,
		"as_of", as_of, "can_write", !auth_require(p, PERM_INC_WRITE,
		0), "in_park", json_is_true(json_object_get(rec, "in_park")),
		"error", message ? page_message(r, message) : NULL,
		"error_field", field);
	/* inc-ops: the area it leased over time, as a chart. */
	if ((rc = inc_page_area(r, org_id, data))) {
		http_own(r, data);
		return rc;
	}
	return page_render(r, "incubation/startup", "incubation.startup",
			   data);
}

/* GET /incubation/startups/:org_id */
static int
startup_page(struct request *r)
{
	int64_t org_id;
	int rc = http_param_id(r, "org_id", &org_id);

	return rc ? rc : startup_render(r, org_id, NULL, NULL);
}

/* POST /incubation/startups/:org_id/events: graduate or exit. */
static int
startup_event(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const struct form *f;
	const char *exit_reason, *basis;
	int64_t org_id, id;
	int rc;

	if ((rc = auth_require(p, PERM_INC_WRITE, 0)) ||
	    (rc = http_param_id(r, "org_id", &org_id)) ||
	    (rc = http_read_form(r, &f)))
		return rc;
	exit_reason = form_get(f, "exit_reason");
	basis = form_get(f, "basis");
	rc = incubation_event_append(r->db, &p->actor, org_id,
		form_get(f, "kind"), form_get(f, "on"),
		exit_reason && *exit_reason ? exit_reason : NULL,
		basis && *basis ? basis : NULL, form_get(f, "reason"), &id,
		&pb);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		r->status = rc == ERR_INVALID ? 400 : 409;
		return startup_render(r, org_id, pb.message, pb.field);
	}
	if (rc)
		return http_problem(r, rc, &pb);
	page_flash(r, "success", "incubation.event_added");
	return http_redirect(r, arena_printf(&r->arena,
					     "/incubation/startups/%lld",
					     (long long)org_id));
}

#define REGISTRY_ROUTES(base, pg)					\
	{ HTTP_GET, base, registry_list, ROUTE_PAGE, pg },		\
	{ HTTP_GET, base "/export", record_page_export, ROUTE_PAGE, pg }, \
	{ HTTP_GET, base "/new", record_page_new, ROUTE_PAGE, pg },	\
	{ HTTP_POST, base, record_page_create, ROUTE_PAGE, pg },	\
	{ HTTP_GET, base "/:id", record_page_detail, ROUTE_PAGE, pg },	\
	{ HTTP_GET, base "/:id/edit", record_page_edit, ROUTE_PAGE, pg }, \
	{ HTTP_POST, base "/:id", record_page_update, ROUTE_PAGE, pg },	\
	{ HTTP_POST, base "/:id/archive", record_page_archive, ROUTE_PAGE, \
	  pg }

const struct route incubation_page_routes[] = {
	{ HTTP_GET, "/incubation", figures_page, ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/attention", attention_page, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/incubation/attention/export", attention_export,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/startups", startups_page, ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/startups/export", startups_export,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/startups/:org_id", startup_page, ROUTE_PAGE,
	  NULL },
	{ HTTP_POST, "/incubation/startups/:org_id/events", startup_event,
	  ROUTE_PAGE, NULL },
	{ HTTP_GET, "/incubation/investments/totals", totals_page, ROUTE_PAGE,
	  NULL },
	{ HTTP_GET, "/incubation/investments/totals/export", totals_export,
	  ROUTE_PAGE, NULL },
	REGISTRY_ROUTES("/incubation/experts", &expert_pages),
	REGISTRY_ROUTES("/incubation/assignments", &assignment_pages),
	REGISTRY_ROUTES("/incubation/sessions", &session_pages),
	REGISTRY_ROUTES("/incubation/projects", &project_pages),
	REGISTRY_ROUTES("/incubation/milestones", &milestone_pages),
	REGISTRY_ROUTES("/incubation/investments", &investment_pages),
	{ 0, NULL, NULL, 0, NULL },
};
