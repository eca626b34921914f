/*
 * pages.c - two-way selection's pages: the kit's lists of rounds,
 * positions and candidates, and three detail pages of their own — a
 * round (its calendar, the committed hash and the revealed seed, staff's
 * lock, run and publish, the lists to download, a trainee's registration),
 * a candidate (its list, reordered with buttons, so the keyboard alone
 * does it; consent; after publication its result and why not), and a
 * position (its firm ranks the applicants, equal numbers a tie). A
 * position is posted and its terms changed on the kit's form (the
 * round and the firm with pickers), staff open a published round's
 * second round from its page, and see a locked round's what-if; staff
 * and firms see the retention of the hires selection made, and record a
 * departure from its list of hires (party's step). Every
 * step is a rule of rules.c, rules_run.c or rules_offer.c named in the
 * route table.
 */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/time.h"
#include "http/form.h"
#include "page/page.h"
#include "party/party.h"
#include "record/action.h"
#include "record/api.h"
#include "record/pages.h"
#include "selection/pages.h"
#include "selection/selection.h"
#include "selection/selection_int.h"

static const struct record_api round_api = {
	&selection_round_table, PERM_SELECTION_READ, PERM_SELECTION_MANAGE,
	{ "status", "year", "scope", NULL }, NULL, 0, NULL, NULL,
	sel_round_create, sel_round_update,
};

/* The most cohort pickers a round's form shows. */
#define COHORT_FIELDS_MAX SELECTION_COHORTS_MAX

/*
 * The cohorts of round `id` (0: new) on its form, each picked by name
 * (record/picker.html, fields cohort_1, cohort_2, ...): those given (in
 * `rec`, as typed, or the round's), and two more to choose; none on the
 * form of a round of another scope.
 */
static int
round_form_cohorts(struct request *r, int64_t id, json_t *rec,
		   json_t *errors, json_t *fields)
{
	json_t *given = json_object_get(rec, "cohort_ids"), *items, *e;
	json_t *picker;
	const char *error = json_string_value(json_object_get(errors,
							      "cohort_ids"));
	struct sel_round round;
	bool typed = given != NULL;
	size_t i, n;
	int rc;

	if (id && (rc = sel_store_round(r->db, id, &round)))
		return rc;
	if (id && strcmp(round.scope, "cohorts"))
		return 0;
	if (id && !given) {
		items = http_own(r, json_array());
		given = http_own(r, json_array());
		if ((rc = sel_store_round_cohorts(r->db, id, items)))
			return rc;
		json_array_foreach(items, i, e)
			json_array_append(given, json_object_get(e, "id"));
	}
	n = json_array_size(given) + 2;
	if (n > COHORT_FIELDS_MAX)
		n = COHORT_FIELDS_MAX;
	for (i = 0; i < n; i++) {
		picker = record_picker_of(r, "training_cohort",
					  json_array_get(given, i), typed);
		if (!picker)
			return 0;
		json_object_set_new(picker, "hint", json_string(page_text(r,
				    "selection_round.cohorts_hint")));
		json_array_append_new(fields, json_pack("{s:s,s:s,s:b,s:s?,"
			"s:o}", "name", arena_printf(&r->arena, "cohort_%zu",
			i + 1), "label", arena_printf(&r->arena, "%s %zu",
			page_text(r, "selection_round.cohort_ids"), i + 1),
			"required", 0, "error", i ? NULL : error, "picker",
			picker));
	}
	return 0;
}

/*
 * The cohorts a round's form sent (round_form_cohorts()) as the rules
 * take them, in.cohort_ids: each picker's choice, or its text found by
 * name; one that finds none or several is refused, kept as typed.
 */
static int
round_read_cohorts(struct request *r, const struct form *f, json_t *in,
		   struct problem *pb)
{
	json_t *ids = json_array(), *v;
	const char *id, *text, *why;
	int rc = 0, one;

	json_object_set_new(in, "cohort_ids", ids);
	for (size_t i = 1; i <= COHORT_FIELDS_MAX; i++) {
		id = form_get(f, arena_printf(&r->arena, "cohort_%zu", i));
		text = form_get(f, arena_printf(&r->arena, "cohort_%zu_text",
						i));
		if (!id && !text)
			continue;
		one = record_pick_of(r, "training_cohort", id, text, &v, &why);
		if (json_is_null(v)) {
			http_own(r, v);
			continue;
		}
		json_array_append_new(ids, v);
		if (one && !rc)
			rc = why ? problem(pb, one, "cohort_ids", why) : one;
	}
	return rc;
}

/*
 * Who may use a position's forms: staff for any firm, a firm for itself
 * (a new position's firm left empty is the poster's own: the rule says).
 */
static int
position_may_write(struct request *r, const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	json_t *firm = rec ? json_object_get(rec, "firm_id") : NULL;
	int rc = auth_may_call(p, PERM_SELECTION_POST);

	if (rc || auth_is_staff(p) || !json_is_integer(firm))
		return rc;
	return auth_require(p, PERM_SELECTION_POST, json_integer_value(firm));
}

/* Positions and candidates are read as the API reads them; a position
 * is posted and its terms changed through the rules of the API. */
static const struct record_api position_api = {
	&selection_position_table, PERM_SELECTION_READ, PERM_SELECTION_POST,
	{ "round_id", "firm_id", "status", NULL }, NULL, 0, sel_position_scope,
	position_may_write, sel_position_create, sel_position_update,
};

static const struct record_api candidate_api = {
	&selection_candidate_table, PERM_SELECTION_APPLY, PERM_NONE,
	{ "round_id", "status", NULL }, NULL, 0,
	sel_candidate_scope,
};

static void
set_flag(json_t *data, const char *name, bool yes)
{
	json_object_set_new(data, name, json_boolean(yes));
}

/* "62.5%" of a share, for a page; "—" when there is none. */
static json_t *
percent(const json_t *v)
{
	char text[16];

	if (!json_is_number(v))
		return json_string("—");
	snprintf(text, sizeof(text), "%.1f%%", json_number_value(v) * 100.0);
	return json_string(text);
}

static json_t *
bar(const char *label, json_t *n, const char *href)
{
	return json_pack("{s:s,s:O,s:s?}", "label", label, "n", n, "href",
			 href);
}

/*
 * The round's charts: the matched by the rank of what they got and the
 * unmatched, each bar to the round's candidates (staff); for an order
 * class its commitment against its hires, to the class and to the hires
 * training counts.
 */
static void
figures_charts(struct request *r, int64_t id, json_t *f)
{
	bool staff = auth_is_staff(auth_principal(r));
	const char *records = staff ? arena_printf(&r->arena,
		"/selection/candidates?round_id=%lld", (long long)id) : NULL;
	json_t *bars = json_array(), *e, *oc = json_object_get(f,
							       "order_class");
	json_int_t unmatched;
	char today[TIME_DATE_LEN + 1];
	size_t i;

	json_array_foreach(json_object_get(f, "by_rank"), i, e)
		json_array_append_new(bars, bar(arena_printf(&r->arena,
			"%lld", (long long)json_integer_value(json_object_get(
			e, "rank"))), json_object_get(e, "n"), records));
	unmatched = json_integer_value(json_object_get(f, "candidates")) -
		    json_integer_value(json_object_get(f, "matched"));
	e = http_own(r, json_integer(unmatched));
	json_array_append_new(bars, bar(page_text(r, "selection.unmatched"), e,
					records));
	json_object_set_new(f, "rank_chart", record_page_chart(r,
			    "selection.chart_ranks", bars));
	if (!json_is_object(oc))
		return;
	time_today_beijing(today);
	bars = json_array();
	json_array_append_new(bars, bar(page_text(r,
		"selection.chart_commitment"), json_object_get(oc,
		"hiring_commitment"), arena_printf(&r->arena,
		"/training/programmes/%lld", (long long)json_integer_value(
		json_object_get(oc, "programme_id")))));
	json_array_append_new(bars, bar(page_text(r, "selection.chart_hired"),
		json_object_get(oc, "hired"), staff ? arena_printf(&r->arena,
		"/training/figures/order_hires?as_of=%s", today) : NULL));
	json_object_set_new(f, "pledge_chart", record_page_chart(r,
			    "selection.chart_pledge", bars));
}

/* A run round's figures on its page, when the caller may read them. */
static int
figures_view(struct request *r, int64_t id, json_t *data)
{
	struct problem pb = { 0 };
	json_t *f = NULL;
	char mean[16] = "—";
	int rc;

	rc = sel_round_figures(r->db, auth_principal(r), id, NULL, &f, &pb);
	http_own(r, f);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		return 0;
	if (rc)
		return rc;
	json_object_set_new(f, "matched_pct",
			    percent(json_object_get(f, "matched_share")));
	json_object_set_new(f, "first_choice_pct",
			    percent(json_object_get(f, "first_choice_share")));
	if (json_is_number(json_object_get(f, "mean_rank")))
		snprintf(mean, sizeof(mean), "%.2f", json_number_value(
			 json_object_get(f, "mean_rank")));
	json_object_set_new(f, "mean_text", json_string(mean));
	figures_charts(r, id, f);
	json_object_set(data, "figures", f);
	return 0;
}

/*
 * How many of its open positions a round's page lists: a region's has
 * thousands, which its positions' list pages through (the page links it).
 */
#define ROUND_POSITIONS_SHOWN 20

/* A round's page: its state, its positions, what the caller may do. */
static int
round_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct sel_round round;
	json_t *positions = http_own(r, json_array());
	json_t *cohorts = http_own(r, json_array());
	bool staff = auth_is_staff(p);
	int64_t mine = 0, second = 0, total;
	int rc;

	if ((rc = sel_store_round(r->db, id, &round)))
		return rc;
	if ((rc = sel_store_round_positions(r->db, id, ROUND_POSITIONS_SHOWN,
					     positions)))
		return rc;
	json_object_set(data, "positions", positions);
	total = json_integer_value(json_object_get(json_array_get(positions, 0),
						   "total"));
	json_object_set_new(data, "positions_total", json_integer(total));
	set_flag(data, "positions_more", total > ROUND_POSITIONS_SHOWN);
	if (!strcmp(round.scope, "cohorts")) {
		if ((rc = sel_store_round_cohorts(r->db, id, cohorts)))
			return rc;
		json_object_set(data, "cohorts", cohorts);
		set_flag(data, "has_cohorts", true);
	}
	json_object_set_new(data, "status_label", json_string(
		record_value_label(r, &selection_round_table, "status",
				   round.status)));
	set_flag(data, "can_manage", staff);
	set_flag(data, "is_open", !strcmp(round.status, "open"));
	set_flag(data, "is_locked", !strcmp(round.status, "locked"));
	set_flag(data, "is_run", !strcmp(round.status, "run"));
	set_flag(data, "is_published", !strcmp(round.status, "published"));
	set_flag(data, "capped", round.list_cap > 0);
	set_flag(data, "can_post", !strcmp(round.status, "open") &&
		 !auth_require(p, PERM_SELECTION_POST, p ? p->org_id : 0));
	if (!staff && p && p->org_id > 0)
		json_object_set_new(data, "my_org", json_integer(p->org_id));
	rc = sel_store_second_of(r->db, id, &second);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (second)
		json_object_set_new(data, "second_id", json_integer(second));
	set_flag(data, "can_second", staff && !second &&
		 !strcmp(round.status, "published"));
	set_flag(data, "lists", (staff && !strcmp(round.status, "run")) ||
		 (!strcmp(round.status, "published") &&
		  !auth_require(p, PERM_SELECTION_LISTS, 0)));
	if ((rc = figures_view(r, id, data)) ||
	    (rc = sel_fair_round_view(r, &round, data)))
		return rc;
	if (p && p->person_id > 0 && (p->roles & ROLE_TRAINEE)) {
		rc = sel_store_candidate_of(r->db, id, p->person_id, &mine);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		set_flag(data, "can_register", !mine &&
			 !strcmp(round.status, "open"));
		if (mine)
			json_object_set_new(data, "my_candidate",
					    json_integer(mine));
	}
	return 0;
}

/* The reasons of a result, each with the label of why. */
static void
why_labels(struct request *r, json_t *result)
{
	json_t *e;
	size_t i;
	char key[64];

	json_array_foreach(json_object_get(result, "reasons"), i, e) {
		snprintf(key, sizeof(key), "selection.why_values.%s",
			 json_string_value(json_object_get(e, "why")));
		json_object_set_new(e, "why_label",
				    json_string(page_text(r, key)));
	}
}

/* An offer on a candidate's page: its state's label, whether it is open. */
static void
offer_view(struct request *r, json_t *offer)
{
	const char *status = json_string_value(json_object_get(offer,
							       "status"));
	char key[64];

	if (!status)
		return;
	snprintf(key, sizeof(key), "selection.offer_values.%s", status);
	json_object_set_new(offer, "status_label",
			    json_string(page_text(r, key)));
	set_flag(offer, "open", !strcmp(status, "offered"));
}

/*
 * How many positions a candidate's page offers to add at once: a region's
 * round has thousands, which the page's search (?q=) narrows.
 */
#define ADDABLE_SHOWN 100

/* Whether position `e`'s firm, title or occupation holds `q`. */
static bool
position_matches(json_t *e, const char *q)
{
	static const char *const fields[] = {
		"firm_name", "title", "occupation",
	};
	const char *v;

	if (!q || !*q)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if ((v = json_string_value(json_object_get(e, fields[i]))) &&
		    strstr(v, q))
			return true;
	return false;
}

/*
 * What a candidate may add to its list: the open positions it has not
 * listed that match the search `q`, the first ADDABLE_SHOWN of them in
 * `addable`; the search is offered when the unlisted are more.
 */
static void
addable_view(struct request *r, json_t *open, json_t *list, const char *q,
	     json_t *addable, json_t *data)
{
	size_t i, j, unlisted = 0, found = 0;
	json_t *e, *x, *vars;
	const char *note;

	json_array_foreach(open, i, e) {
		bool listed = false;

		json_array_foreach(json_object_get(list, "items"), j, x)
			listed |= json_integer_value(json_object_get(x,
				"position_id")) ==
				json_integer_value(json_object_get(e, "id"));
		if (listed)
			continue;
		unlisted++;
		if (position_matches(e, q) && found++ < ADDABLE_SHOWN)
			json_array_append(addable, e);
	}
	set_flag(data, "has_addable", json_array_size(addable));
	if (unlisted <= ADDABLE_SHOWN && !(q && *q))
		return;
	vars = http_own(r, json_pack("{s:I,s:i}", "found", (json_int_t)found,
			"shown", ADDABLE_SHOWN));
	set_flag(data, "searchable", true);
	json_object_set_new(data, "q", json_string(q ? q : ""));
	note = page_text_with(r, found > ADDABLE_SHOWN ? "selection.add_more" :
			      "selection.add_found", vars);
	json_object_set_new(data, "found_note", json_string(note ? note : ""));
}

/* A candidate's page: its list, what may be added, its result. */
static int
candidate_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct sel_candidate c;
	struct sel_round round;
	struct problem pb = { 0 };
	json_t *list = NULL, *open = http_own(r, json_array());
	json_t *addable = http_own(r, json_array()), *result = NULL, *x;
	size_t i, n;
	int rc;

	if ((rc = sel_store_candidate(r->db, id, &c)) ||
	    (rc = sel_store_round(r->db, c.round_id, &round)))
		return rc;
	rc = sel_choices_get(r->db, p, id, NULL, &list, &pb);
	http_own(r, list);
	if (rc)
		return rc;
	if ((rc = sel_store_round_positions(r->db, c.round_id, 0, open)))
		return rc;
	addable_view(r, open, list, http_query(r, "q"), addable, data);
	n = json_array_size(json_object_get(list, "items"));
	json_array_foreach(json_object_get(list, "items"), i, x) {
		set_flag(x, "first", i == 0);
		set_flag(x, "last", i + 1 == n);
	}
	json_object_set(data, "list", list);
	json_object_set(data, "addable", addable);
	set_flag(data, "editable", !strcmp(round.status, "open") &&
		 !strcmp(c.status, "registered"));
	set_flag(data, "submitted",
		 !json_is_null(json_object_get(list, "submitted_at")));
	set_flag(data, "capped", round.list_cap > 0);
	set_flag(data, "consented", c.consent);
	json_object_set_new(data, "round_id", json_integer(c.round_id));
	json_object_set_new(data, "status_label", json_string(
		record_value_label(r, &selection_candidate_table, "status",
				   c.status)));
	json_object_set_new(data, "basis_label", json_string(
		record_value_label(r, &selection_candidate_table, "basis",
		json_string_value(json_object_get(json_object_get(data,
						  "record"), "basis")))));
	rc = sel_result_get(r->db, p, id, NULL, &result, &pb);
	http_own(r, result);
	if (!rc) {
		why_labels(r, result);
		set_flag(result, "has_reasons", json_array_size(
				 json_object_get(result, "reasons")));
		offer_view(r, json_object_get(result, "offer"));
		json_object_set(data, "result", result);
	}
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/* A position's page: to its firm and staff, the applicants to rank. */
static int
position_extra(struct request *r, int64_t id, json_t *data)
{
	const struct principal *p = auth_principal(r);
	struct sel_position pos;
	struct sel_round round;
	struct problem pb = { 0 };
	json_t *apps = NULL;
	int rc;

	if ((rc = sel_store_position(r->db, id, &pos)) ||
	    (rc = sel_store_round(r->db, pos.round_id, &round)))
		return rc;
	set_flag(data, "can_vet", auth_is_staff(p) &&
		 !strcmp(pos.status, "proposed"));
	set_flag(data, "round_open", !strcmp(round.status, "open"));
	rc = sel_applicants(r->db, p, id, NULL, &apps, &pb);
	http_own(r, apps);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	set_flag(data, "is_firm", true);
	set_flag(data, "can_withdraw", !strcmp(pos.status, "proposed") ||
		 !strcmp(pos.status, "open"));
	json_object_set(data, "applicants", json_object_get(apps, "items"));
	set_flag(data, "has_applicants",
		 json_array_size(json_object_get(apps, "items")));
	return 0;
}

/* The name of position `id` among the round's open `positions`. */
static const char *
position_name(struct request *r, json_t *positions, json_t *id)
{
	json_t *e;
	size_t i;

	if (json_is_null(id))
		return page_text(r, "selection.unmatched");
	json_array_foreach(positions, i, e)
		if (json_equal(json_object_get(e, "id"), id))
			return arena_printf(&r->arena, "%s（%s）",
				json_string_value(json_object_get(e, "title")),
				json_string_value(json_object_get(e,
							"firm_name")));
	return "";
}

/*
 * GET /selection/rounds/:id/whatif (staff): the locked round under fresh
 * lotteries: the candidates whose outcome depends on luck with each
 * outcome's share, every position's spread of cutoffs, and a chart of
 * the candidates by how many outcomes they had, each bar to the table.
 */
static int
whatif_page(struct request *r)
{
	struct problem pb = { 0 };
	json_t *w = NULL, *positions = http_own(r, json_array());
	json_t *lucky = json_array(), *bars = json_array(), *e, *o;
	json_int_t by_kinds[4] = { 0 };	/* 1, 2, 3, more outcomes */
	char label[8];
	size_t i, j, kinds;
	int64_t id = 0;
	int rc;

	http_own(r, lucky);
	http_own(r, bars);
	if (http_param_id(r, "id", &id))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such round");
	rc = sel_round_whatif(r->db, auth_principal(r), id, NULL, &w, &pb);
	http_own(r, w);
	if (!rc)
		rc = sel_store_round_positions(r->db, id, 0, positions);
	if (rc)
		return http_problem(r, rc, &pb);
	json_array_foreach(json_object_get(w, "candidates"), i, e) {
		kinds = json_array_size(json_object_get(e, "outcomes"));
		by_kinds[kinds > 4 ? 3 : kinds ? kinds - 1 : 0]++;
		json_array_foreach(json_object_get(e, "outcomes"), j, o) {
			json_object_set_new(o, "name", json_string(
				position_name(r, positions, json_object_get(o,
							"position_id"))));
			json_object_set_new(o, "pct", percent(json_object_get(
						o, "share")));
		}
		if (kinds > 1)
			json_array_append(lucky, e);
	}
	json_array_foreach(json_object_get(w, "positions"), i, e)
		json_object_set_new(e, "name", json_string(position_name(r,
			positions, json_object_get(e, "position_id"))));
	for (i = 0; i < 4; i++) {
		snprintf(label, sizeof(label), i == 3 ? "%zu+" : "%zu", i + 1);
		json_array_append_new(bars, json_pack("{s:s,s:I,s:s?}",
			"label", label, "n", by_kinds[i], "href", i ?
			"#luck-heading" : NULL));
	}
	json_object_set_new(w, "lucky", json_incref(lucky));
	json_object_set_new(w, "has_lucky", json_boolean(json_array_size(
			    lucky)));
	json_object_set_new(w, "luck_count", json_integer((json_int_t)
			    json_array_size(lucky)));
	json_object_set_new(w, "chart", record_page_chart(r,
			    "selection.whatif_chart", json_incref(bars)));
	return page_render(r, "selection/whatif", "selection.whatif",
			   json_incref(w));
}

/* A retention group's percentages and the query of its hires. */
static void
retention_view(struct request *r, json_t *g, const char *as_of,
	       const char *key)
{
	json_t *m6 = json_object_get(g, "m6"), *m12 = json_object_get(g,
								     "m12");

	json_object_set_new(m6, "pct", percent(json_object_get(m6, "share")));
	json_object_set_new(m12, "pct", percent(json_object_get(m12,
							       "share")));
	json_object_set_new(g, "href", json_string(key ? arena_printf(
		&r->arena, "/selection/retention/hires?as_of=%s&%s=%lld",
		as_of, key, (long long)json_integer_value(json_object_get(g,
		key))) : arena_printf(&r->arena,
		"/selection/retention/hires?as_of=%s", as_of)));
}

/*
 * GET /selection/retention?as_of= (staff; a firm its own): retention at
 * 6 and 12 months of the hires selection made, per round, firm and order
 * class, each row and bar leading to the hires behind it.
 */
static int
retention_page(struct request *r)
{
	static const char *const groups[][2] = {
		{ "by_round", "round_id" }, { "by_firm", "firm_id" },
		{ "by_order_class", "programme_id" },
	};
	struct problem pb = { 0 };
	json_t *f = NULL, *bars = http_own(r, json_array()), *g, *share;
	const char *as_of;
	size_t i;
	int rc;

	rc = sel_retention(r->db, auth_principal(r), 0, sel_retention_query(r),
			   &f, &pb);
	http_own(r, f);
	if (rc)
		return http_problem(r, rc, &pb);
	as_of = json_string_value(json_object_get(f, "as_of"));
	retention_view(r, f, as_of, NULL);
	for (size_t k = 0; k < sizeof(groups) / sizeof(groups[0]); k++)
		json_array_foreach(json_object_get(f, groups[k][0]), i, g)
			retention_view(r, g, as_of, groups[k][1]);
	json_array_foreach(json_object_get(f, "by_order_class"), i, g) {
		share = json_object_get(json_object_get(g, "m6"), "share");
		if (json_is_number(share))
			json_array_append_new(bars, json_pack("{s:O,s:I,s:O}",
				"label", json_object_get(g, "name"), "n",
				(json_int_t)(json_number_value(share) * 100.0 +
					     0.5), "href",
				json_object_get(g, "href")));
	}
	json_object_set_new(f, "has_chart", json_boolean(json_array_size(
			    bars)));
	json_object_set_new(f, "chart", record_page_chart(r,
			    "selection.retention_chart", json_incref(bars)));
	return page_render(r, "selection/retention", "selection.retention",
			   json_incref(f));
}

/* "是", "否" or "未到期" of a retained_N. */
static json_t *
retained_label(struct request *r, const json_t *v)
{
	return json_string(page_text(r, json_is_null(v) ?
		"selection.retention_not_due" : json_is_true(v) ?
		"selection.retention_yes" : "selection.retention_no"));
}

/*
 * GET /selection/retention/hires?as_of=&round_id=&firm_id=&programme_id=:
 * the hires behind a retention figure; a current one's employer or staff
 * records its departure here (party's step, back to this page).
 */
static int
hires_page(struct request *r)
{
	struct problem pb = { 0 };
	json_t *in = sel_retention_query(r), *h = NULL, *e, *v;
	json_t *reasons = http_own(r, json_array());
	const char *next = "/selection/retention/hires", *name;
	char key[64];
	size_t i;
	int rc;

	rc = sel_retention_hires(r->db, auth_principal(r), 0, in, &h, &pb);
	http_own(r, h);
	if (rc)
		return http_problem(r, rc, &pb);
	for (const char *const *why = party_leave_reasons; *why; why++) {
		snprintf(key, sizeof(key), "affiliation.leave_reason_values.%s",
			 *why);
		json_array_append_new(reasons, json_pack("{s:s,s:s}", "value",
				      *why, "label", page_text(r, key)));
	}
	json_array_foreach(json_object_get(h, "items"), i, e) {
		json_object_set_new(e, "m6_label", retained_label(r,
				    json_object_get(e, "retained_6")));
		json_object_set_new(e, "m12_label", retained_label(r,
				    json_object_get(e, "retained_12")));
		if (json_is_string(json_object_get(e, "leave_reason"))) {
			snprintf(key, sizeof(key),
				 "affiliation.leave_reason_values.%s",
				 json_string_value(json_object_get(e,
						   "leave_reason")));
			json_object_set_new(e, "reason_label",
					    json_string(page_text(r, key)));
		}
		json_object_set_new(e, "current", json_boolean(json_is_null(
				    json_object_get(e, "until"))));
	}
	json_object_set(h, "reasons", reasons);
	json_object_set_new(h, "has_items", json_boolean(json_array_size(
			    json_object_get(h, "items"))));
	/* Back here after a departure: the filter, checked by the rule. */
	i = 0;
	json_object_foreach(in, name, v)
		next = arena_printf(&r->arena, "%s%c%s=%s", next, i++ ? '&' :
				    '?', name, json_string_value(v));
	json_object_set_new(h, "next", json_string(next));
	return page_render(r, "selection/hires", "selection.retention_hires",
			   json_incref(h));
}

static const struct record_pages round_pages = {
	&round_api, "/selection/rounds", NULL, NULL, "selection/round",
	"record/form", round_extra, NULL, 0, "selection-rounds",
	.form_extra = round_form_cohorts, .form_read = round_read_cohorts,
};

static const struct record_pages position_pages = {
	&position_api, "/selection/positions", NULL, NULL,
	"selection/position", "record/form", position_extra, NULL, 0,
	"selection-positions",
};

static const struct record_pages candidate_pages = {
	&candidate_api, "/selection/candidates", NULL, NULL,
	"selection/candidate", NULL, candidate_extra, NULL, 0,
	"selection-candidates", NULL, NULL, true,
};

/* A step on a round, back to its page, saying which round ("locked":
 * selection_round.locked, or selection_round.done_locked naming it). */
#define ROUND_STEP(name, rule, done)					\
	RECORD_PAGE_STEP(name, rule, "/selection/rounds",		\
			 "selection_round." done, .pages = &round_pages,	\
			 .show_all = true,					\
			 .done_key = "selection_round.done_" done)

ROUND_STEP(lock_step, sel_round_lock, "locked");
ROUND_STEP(run_step, sel_round_run, "ran");
ROUND_STEP(publish_step, sel_round_publish, "published");

/* Opening the second round leads to its page. */
RECORD_PAGE_STEP(second_step, sel_second_round, "/selection/rounds",
		 "selection_round.second_opened",
		 .form_table = &selection_second_table, .back_field = "id",
		 .pages = &round_pages, .show_all = true);

/* Registering in a round leads to the new candidate's page. */
RECORD_PAGE_STEP(register_step, sel_candidate_register,
		 "/selection/candidates", "common.created",
		 .form_table = &selection_register_table, .back_field = "id",
		 .pages = &round_pages, .show_all = true);

#define CANDIDATE_STEP(name, rule, table)				\
	RECORD_PAGE_STEP(name, rule, "/selection/candidates",		\
			 "common.saved", .form_table = table,		\
			 .pages = &candidate_pages, .show_all = true)

CANDIDATE_STEP(edit_step, sel_choices_edit, &selection_edit_table);
CANDIDATE_STEP(consent_step, sel_candidate_consent,
	       &selection_consent_table);
CANDIDATE_STEP(withdraw_step, sel_candidate_withdraw, NULL);
CANDIDATE_STEP(accept_step, sel_offer_accept, NULL);
CANDIDATE_STEP(decline_step, sel_offer_decline, NULL);

#define POSITION_STEP(name, rule, table)				\
	RECORD_PAGE_STEP(name, rule, "/selection/positions",		\
			 "common.saved", .form_table = table,		\
			 .pages = &position_pages, .show_all = true)

POSITION_STEP(rank_step, sel_ranking_form, NULL);
POSITION_STEP(vet_step, sel_position_vet, &selection_vet_table);
POSITION_STEP(pos_withdraw_step, sel_position_withdraw, NULL);

#define RP "/selection/rounds"
#define PP "/selection/positions"
#define CP "/selection/candidates"

/* Locking and publishing a round are for good (http.h). */
static const struct route_confirm lock_confirm = {
	"confirm.lock_round", "selection_round", NULL,
};
static const struct route_confirm publish_confirm = {
	"confirm.publish_round", "selection_round", NULL,
};

const struct route selection_page_routes[] = {
	RECORD_PAGE_FORM_ROUTES(RP, &round_pages, PERM_SELECTION_MANAGE),
	RECORD_PAGE_READ_ROUTES(RP, &round_pages, PERM_SELECTION_READ),
	{ HTTP_POST, RP "/:id/lock", record_page_action, ROUTE_PAGE,
	  &lock_step, PERM_SELECTION_MANAGE, &lock_confirm },
	{ HTTP_POST, RP "/:id/run", record_page_action, ROUTE_PAGE |
	  ROUTE_LONG, &run_step, PERM_SELECTION_MANAGE },
	{ HTTP_POST, RP "/:id/publish", record_page_action, ROUTE_PAGE |
	  ROUTE_LONG, &publish_step, PERM_SELECTION_MANAGE, &publish_confirm },
	{ HTTP_GET, RP "/:id/whatif", whatif_page, ROUTE_PAGE | ROUTE_LONG,
	  NULL, PERM_SELECTION_MANAGE },
	{ HTTP_GET, "/selection/retention", retention_page, ROUTE_PAGE, NULL,
	  PERM_SELECTION_POST },
	{ HTTP_GET, "/selection/retention/hires", hires_page, ROUTE_PAGE, NULL,
	  PERM_SELECTION_POST },
	{ HTTP_POST, RP "/:id/second", record_page_action, ROUTE_PAGE,
	  &second_step, PERM_SELECTION_MANAGE },
	{ HTTP_POST, RP "/:id/register", record_page_action, ROUTE_PAGE,
	  &register_step, PERM_SELECTION_APPLY },
	/* Positions are withdrawn, not archived: the kit's forms alone. */
	RECORD_PAGE_FORM_ROUTES(PP, &position_pages, PERM_SELECTION_POST),
	RECORD_PAGE_READ_ROUTES(PP, &position_pages, PERM_SELECTION_READ),
	{ HTTP_POST, PP "/:id/ranks", record_page_action, ROUTE_PAGE,
	  &rank_step, PERM_SELECTION_POST },
	{ HTTP_POST, PP "/:id/vet", record_page_action, ROUTE_PAGE,
	  &vet_step, PERM_SELECTION_MANAGE },
	{ HTTP_POST, PP "/:id/withdraw", record_page_action, ROUTE_PAGE,
	  &pos_withdraw_step, PERM_SELECTION_POST },
	RECORD_PAGE_READ_ROUTES(CP, &candidate_pages, PERM_SELECTION_APPLY),
	{ HTTP_POST, CP "/:id/edit", record_page_action, ROUTE_PAGE,
	  &edit_step, PERM_SELECTION_APPLY },
	{ HTTP_POST, CP "/:id/consent", record_page_action, ROUTE_PAGE,
	  &consent_step, PERM_SELECTION_APPLY },
	{ HTTP_POST, CP "/:id/withdraw", record_page_action, ROUTE_PAGE,
	  &withdraw_step, PERM_SELECTION_APPLY },
	{ HTTP_POST, CP "/:id/offer/accept", record_page_action, ROUTE_PAGE,
	  &accept_step, PERM_SELECTION_APPLY },
	{ HTTP_POST, CP "/:id/offer/decline", record_page_action, ROUTE_PAGE,
	  &decline_step, PERM_SELECTION_APPLY },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* Two-way selection's entries of the left menu (page.h). */
const struct page_menu_item selection_menu[] = {
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TRAINEE | ROLE_VIEWER,
	  "selection.menu", RP, "selection_round.list" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE | ROLE_TRAINEE | ROLE_VIEWER,
	  "selection.menu", PP, "selection_position.list" },
	{ ROLE_ADMIN | ROLE_TRAINEE, "selection.menu", CP,
	  "selection_candidate.list" },
	{ ROLE_ADMIN | ROLE_ENTERPRISE, "selection.menu", "/selection/retention",
	  "selection.retention" },
	{ 0, NULL, NULL, NULL },
};
