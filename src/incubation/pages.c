/*
 * pages.c - the incubator's pages, as a route table:
 *
 *	/incubation			the figures as of a date, their trend,
 *					and the startups that need attention
 *	/incubation/startups[/ID]	incubated startups as of a date, with
 *					state and rule badges; a startup's
 *					events, and the graduate / exit form
 *	/incubation/attention		the startups in the park failing a
 *					rule check
 *	/incubation/experts ...		experts, assignments, sessions,
 *					projects, milestones, investments: the
 *					kit's list, detail and form pages, and
 *					the investments' import
 *	/incubation/investments/totals	investments per investor and target
 *
 * the incubator's entries of the left menu; and the dashboard's section.
 * The figures and the startups as of a date are pages of their own
 * (web/templates/incubation/); every other list is the one list page.
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
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "record/download.h"
#include "record/pages.h"
#include "record/record.h"
#include "settings/settings.h"
#include "tpl/html.h"

/* ---- experts, their work with the startups, investments ---------------- */

#define REGISTRY(name, api, base, stem, extra)				\
	static const struct record_pages name = {			\
		api, base, NULL, NULL, NULL, "record/form", NULL, NULL,	\
		0, stem, NULL, NULL, false, NULL, extra,		\
	}

/* The investments' list links to their totals, for the staff. */
static int
investment_links(struct request *r, json_t *data)
{
	if (!auth_require(auth_principal(r), PERM_INC_WRITE, 0))
		json_object_set_new(data, "links", json_pack(
			"[{s:s,s:s},{s:s,s:s}]", "href",
			"/incubation/investments/totals?side=investor",
			"label", page_text(r, "incubation.by_investor"),
			"href", "/incubation/investments/totals?side=target",
			"label", page_text(r, "incubation.by_target")));
	return 0;
}

REGISTRY(expert_pages, &inc_expert_api, "/incubation/experts", "experts",
	 NULL);
REGISTRY(assignment_pages, &inc_assignment_api, "/incubation/assignments",
	 "assignments", NULL);
REGISTRY(session_pages, &inc_session_api, "/incubation/sessions",
	 "sessions", NULL);
REGISTRY(project_pages, &inc_project_api, "/incubation/projects",
	 "projects", NULL);
REGISTRY(milestone_pages, &inc_milestone_api, "/incubation/milestones",
	 "milestones", NULL);
REGISTRY(investment_pages, &investment_api, "/incubation/investments",
	 "investments", investment_links);

static const struct record_api totals_api = {
	&inc_totals_rows, PERM_INC_WRITE, PERM_NONE, { "side", NULL },
};

/* Each organisation's row leads to the organisation. */
static int
totals_links(struct request *r, json_t *data)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(data, "items"), i, item)
		json_object_set_new(item, "href", json_string(arena_printf(
			&r->arena, "/orgs/%lld",
			(long long)record_int(item, "id"))));
	return 0;
}

static const struct record_pages totals_pages = {
	&totals_api, "/incubation/investments/totals", NULL, NULL, NULL,
	NULL, NULL, NULL, 0, "investment-totals", NULL, NULL, false, NULL,
	totals_links,
};

/* ---- figures ------------------------------------------------------------ */

static const struct {
	const char *key;
	const char *href;	/* the records behind the figure; the date
				 * is appended when dated */
	bool dated, money;
	bool area;		/* 0.01 m², shown as ㎡ (money: in 万元, 亿元) */
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
	{ "area_leased", "/incubation/occupancy?on=", true, true, true },
};

const char *
inc_page_hundredths(struct request *r, int64_t v)
{
	char text[MONEY_TEXT_MAX];

	return money_format_yuan(v, text, sizeof(text)) ? "" :
	       arena_strdup(&r->arena, text);
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
		json_int_t n = record_int(fig, figure_links[i].key);

		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s?}",
			"key", figure_links[i].key, "label", page_text(r,
			arena_printf(&r->arena, "incubation.figure.%s",
			figure_links[i].key)), "value", !figure_links[i].money ?
			arena_printf(&r->arena, "%lld", (long long)n) :
			figure_links[i].area ? inc_page_hundredths(r, n) :
			page_money_large(r, n), "href", links ? arena_printf(
			&r->arena, "%s%s", figure_links[i].href,
			figure_links[i].dated ? as_of : "") : NULL));
	}
	http_own(r, fig);
	*out = list;
	return 0;
}

int
incubation_dashboard(struct request *r, json_t *data)
{
	json_t *list;
	char *today = arena_alloc(&r->arena, TIME_DATE_LEN + 1, 1);
	int rc;

	if (!today)
		return ERR_NOMEM;
	if ((rc = settings_today(r->db, today, NULL)) ||
	    (rc = figure_list(r, today, &list)))
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

	if ((rc = inc_as_of(r, &as_of)) ||
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


/* ---- startups as of a date ---------------------------------------------- */

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
		buf_addf(&b, "%s%s", i ? "；" : "", record_text(l, "label"));
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
		json_object_set_new(s, "state_label", json_string(
			record_value_label(r, &inc_startup_rows, "state",
			record_text(s, "state"))));
		json_object_set_new(s, "field_label", json_string(
			record_value_label(r, &inc_startup_rows, "field",
			record_text(s, "field"))));
		json_object_set_new(s, "in_park", json_boolean(!strcmp(
			record_text(s, "state"),
			"in_park")));
	}
}

/* The list's query for its export links: its date, state and search. */
static const char *
export_query(struct request *r, const char *as_of, const char *state,
	     const char *q)
{
	struct buf b;

	buf_init(&b, &r->arena, 1024);
	buf_addf(&b, "&as_of=%s", as_of);
	if (state) {
		buf_addstr(&b, "&state=");
		url_escape(&b, state);
	}
	if (q && *q) {
		buf_addstr(&b, "&q=");
		url_escape(&b, q);
	}
	return buf_error(&b) ? "" : b.ptr;
}

/*
 * GET /incubation/startups[/export]?as_of=&state=&q= and
 * /incubation/attention[/export]?as_of=: the startups as of a date (the
 * attention list: those in the park failing a check), labelled, as a
 * page or a download.
 */
static int
startups(struct request *r, bool attention, bool export)
{
	static const char *const states[] = {
		"in_park", "graduated", "exited", NULL
	};
	const char *state = http_query(r, "state"), *q = http_query(r, "q");
	const char *as_of;
	const char *base = attention ? "/incubation/attention" :
			   "/incubation/startups";
	struct inc_scope s;
	struct inc_rules ru;
	int64_t limit, offset, total = 0;
	json_t *items, *data, *opts;
	int rc;

	if (state && !*state)
		state = NULL;
	if ((rc = inc_as_of(r, &as_of)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	if (q && strlen(q) > 200)
		return http_fail(r, ERR_INVALID, "q", "q must be at most 200 "
				 "bytes");
	if (attention) {
		rc = incubation_attention(r->db, as_of, &items);
	} else {
		if ((rc = inc_scope_of(auth_principal(r), &s)))
			return rc;
		if (state && strcmp(state, "in_park") &&
		    strcmp(state, "graduated") && strcmp(state, "exited"))
			return http_fail(r, ERR_INVALID, "state", "state must "
					 "be in_park, graduated or exited");
		if ((rc = incubation_rules_load(r->db, &r->arena, &ru)))
			return rc;
		rc = inc_startup_search(r->db, &s, as_of, &ru, state, q,
					export ? EXPORT_MAX_ROWS : limit,
					export ? 0 : offset, &items, &total);
	}
	http_own(r, items);
	if (rc)
		return rc;
	startup_labels(r, items);
	if (export)
		return record_download(r, &inc_startup_rows, attention ?
				       "attention" : "startups", page_text(r,
				       attention ? "incubation.attention" :
				       "incubation.startups"), items);
	opts = json_array();
	for (const char *const *v = states; *v; v++)
		json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value",
			*v, "label", record_value_label(r, &inc_startup_rows,
			"state", *v), "selected", state && !strcmp(state,
			*v)));
	data = json_pack("{s:O,s:s,s:s,s:s,s:b,s:o,s:s?}", "items", items,
			 "as_of", as_of, "base", base, "export_query",
			 export_query(r, as_of, state, q), "has_states",
			 !attention, "states", opts, "q", q);
	if (!attention)
		json_object_set_new(data, "pager", page_pager(r, total, limit,
							      offset));
	return page_render(r, "incubation/startups", attention ?
			   "incubation.attention" : "incubation.startups",
			   data);
}

static int
startups_page(struct request *r)
{
	return startups(r, false, false);
}

static int
startups_export(struct request *r)
{
	return startups(r, false, true);
}

static int
attention_page(struct request *r)
{
	return startups(r, true, false);
}

static int
attention_export(struct request *r)
{
	return startups(r, true, true);
}

/*
 * A startup's page (record_action.show): its record, events and checks
 * as of the query's date, the area it leased, and the form to graduate
 * or exit, with `more`'s errors (of a refused form) at its top.
 */
static int
startup_show(struct request *r, int64_t org_id, json_t *more)
{
	const struct principal *p = auth_principal(r);
	const char *as_of, *field = NULL;
	json_t *rec, *one, *ev, *data, *v = NULL;
	size_t i;
	int rc;

	http_own(r, more);
	json_object_foreach(json_object_get(more, "errors"), field, v)
		break;
	if ((rc = inc_startup_visible(r, org_id)) ||
	    (rc = inc_startup_as_of(r, org_id, &as_of, &rec)))
		return rc;
	one = http_own(r, json_pack("[o]", rec));
	startup_labels(r, one);
	json_array_foreach(json_object_get(rec, "events"), i, ev)
		json_object_set_new(ev, "kind_label", json_string(page_text(r,
			arena_printf(&r->arena, "incubation.events.%s",
			record_text(ev, "kind")))));
	/* The organisation by its name. */
	if ((rc = record_add_titles(r, &inc_startup_rows, rec)))
		return rc;
	data = http_own(r, json_pack("{s:O,s:s,s:b,s:b,s:O?,s:s?}", "record",
		rec, "as_of", as_of, "can_write", !auth_require(p,
		PERM_INC_WRITE, 0), "in_park", json_is_true(json_object_get(
		rec, "in_park")), "error", v, "error_field", field));
	/* The area it leased over time, as a chart. */
	if ((rc = inc_page_area(r, org_id, data)))
		return rc;
	/* Titled by its name. */
	json_object_set(data, "title", json_object_get(rec, "name"));
	return page_render(r, "incubation/startup", json_is_string(
			   json_object_get(rec, "name")) ? NULL :
			   "incubation.startup", json_incref(data));
}

/* GET /incubation/startups/:id */
static int
startup_page(struct request *r)
{
	int64_t org_id;
	int rc = http_param_id(r, "id", &org_id);

	return rc ? rc : startup_show(r, org_id, NULL);
}

/* Graduate or exit: back to the startup, or its page with the error. */
RECORD_PAGE_STEP(leave, inc_startup_leave, "/incubation/startups",
		 "incubation.event_added", .done_key = "incubation.left.",
		 .show = startup_show);
/* A mistaken leave undone: back to the startup, saying so. */
RECORD_PAGE_STEP(reinstate, inc_startup_reinstate, "/incubation/startups",
		 "incubation.event_added", .done_key = "incubation.reinstated",
		 .show = startup_show);

/* Graduating or exiting cannot be undone but by a compensating event. */
static const struct route_confirm leave_confirm = {
	"confirm.leave", "org", "incubation.events.",
};
/* Nor can the compensating event itself. */
static const struct route_confirm reinstate_confirm = {
	"confirm.reinstate", "org", NULL,
};

const struct route incubation_page_routes[] = {
	{ HTTP_GET, "/incubation", figures_page, ROUTE_PAGE, NULL,
	  PERM_INC_FIGURES },
	{ HTTP_GET, "/incubation/attention", attention_page, ROUTE_PAGE,
	  NULL, PERM_INC_WRITE },
	{ HTTP_GET, "/incubation/attention/export", attention_export,
	  ROUTE_PAGE, NULL, PERM_INC_WRITE },
	{ HTTP_GET, "/incubation/startups", startups_page, ROUTE_PAGE, NULL,
	  PERM_INC_READ },
	{ HTTP_GET, "/incubation/startups/export", startups_export,
	  ROUTE_PAGE, NULL, PERM_INC_READ },
	{ HTTP_GET, "/incubation/startups/:id", startup_page, ROUTE_PAGE,
	  NULL, PERM_INC_READ },
	{ HTTP_POST, "/incubation/startups/:id/events", record_page_action,
	  ROUTE_PAGE, &leave, PERM_INC_WRITE, &leave_confirm },
	{ HTTP_POST, "/incubation/startups/:id/reinstate", record_page_action,
	  ROUTE_PAGE, &reinstate, PERM_INC_WRITE, &reinstate_confirm },
	{ HTTP_GET, "/incubation/investments/totals", record_page_list,
	  ROUTE_PAGE, &totals_pages, PERM_INC_WRITE },
	{ HTTP_GET, "/incubation/investments/totals/export",
	  record_page_export, ROUTE_PAGE, &totals_pages, PERM_INC_WRITE },
	RECORD_PAGE_ROUTES("/incubation/experts", &expert_pages,
			   PERM_INC_WRITE, PERM_INC_WRITE),
	RECORD_PAGE_ROUTES("/incubation/assignments", &assignment_pages,
			   PERM_INC_READ, PERM_INC_WRITE),
	RECORD_PAGE_ROUTES("/incubation/sessions", &session_pages,
			   PERM_INC_READ, PERM_INC_SESSION_WRITE),
	RECORD_PAGE_ROUTES("/incubation/projects", &project_pages,
			   PERM_INC_READ, PERM_INC_WRITE),
	RECORD_PAGE_ROUTES("/incubation/milestones", &milestone_pages,
			   PERM_INC_READ, PERM_INC_WRITE),
	RECORD_PAGE_IMPORT_ROUTES("/incubation/investments", &investment_pages,
				  PERM_INC_WRITE),
	RECORD_PAGE_ROUTES("/incubation/investments", &investment_pages,
			   PERM_INC_READ, PERM_INC_WRITE),
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/*
 * The incubation module's entries of the left menu (page.h), the
 * incubator's and its space and reports', in one table.
 */
const struct page_menu_item incubation_menu[] = {
	{ ROLE_ADMIN | ROLE_VIEWER, "menu.incubation", "/incubation",
	  "menu.inc_figures" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/startups", "menu.inc_startups" },
	{ ROLE_ADMIN | ROLE_APPLICANT | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/applications", "menu.inc_applications" },
	{ ROLE_ADMIN | ROLE_EXPERT, "menu.incubation", "/incubation/review",
	  "menu.inc_review" },
	{ ROLE_ADMIN, "menu.incubation", "/incubation/experts",
	  "menu.inc_experts" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/sessions", "menu.inc_sessions" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_EXPERT, "menu.incubation",
	  "/incubation/projects", "menu.inc_projects" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "menu.incubation",
	  "/incubation/investments", "menu.inc_investments" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/buildings",
	  "menu.inc_buildings" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/leases",
	  "menu.inc_leases" },
	{ ROLE_ADMIN, "menu.inc_space", "/incubation/occupancy",
	  "menu.inc_occupancy" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_reports_list" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-periods",
	  "menu.inc_periods" },
	{ ROLE_ADMIN, "menu.inc_reports", "/incubation/report-templates",
	  "menu.inc_templates" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/reports",
	  "menu.inc_my_reports" },
	{ ROLE_ENTERPRISE, "menu.inc_reports", "/incubation/leases",
	  "menu.inc_my_leases" },
	{ 0, NULL, NULL, NULL },
};
