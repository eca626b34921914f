/*
 * retention.c - who stayed (selection_int.h): of the hires selection
 * made (accepted offers, each the employee affiliation it wrote), how
 * many were still employed 6 and 12 months after their employment
 * began, per round, per firm and per order class, as of a date.
 *
 * A hire counts towards the m-month figure once its mark (since plus m
 * months, the day kept or the month's last) is on or before the as-of
 * date; it is retained when its affiliation has no `until` or one on or
 * after the mark. So a departure recorded at 5 months counts against the
 * 6-month figure from the mark on, and not before. A firm or staff
 * records a departure through party.h's step (until and leave_reason).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "selection/selection.h"
#include "selection/selection_int.h"
#include "training/training.h"

/* `date` ("YYYY-MM-DD") plus `months`, the day clamped to the month's. */
static void
add_months(const char *date, int months, char out[TIME_DATE_LEN + 1])
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	char text[48];
	int y = 0, m = 0, d = 0, last;

	sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	m += months - 1;
	y += m / 12;
	m = m % 12 + 1;
	last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) ||
					 y % 400 == 0));
	snprintf(text, sizeof(text), "%04d-%02d-%02d", y, m, d > last ? last :
		 d);
	memcpy(out, text, TIME_DATE_LEN);	/* a year of four digits */
	out[TIME_DATE_LEN] = '\0';
}

/* Whether `hire` counts for the m-month figure as of `as_of`, and if so
 * whether it was retained (a JSON boolean), else JSON null. */
static json_t *
retained(json_t *hire, int months, const char *as_of)
{
	const char *since = record_text(hire, "since");
	const char *until = record_text(hire, "until");
	char mark[TIME_DATE_LEN + 1];

	add_months(since ? since : "", months, mark);
	if (strcmp(mark, as_of) > 0)
		return json_null();
	return json_boolean(!until || strcmp(until, mark) >= 0);
}

/* Count `hire` (NULL: none, the counts made) into group `g`
 * ({m6: {hires, retained}, m12: ...}). */
static void
tally(json_t *g, json_t *hire)
{
	static const char *const keys[] = { "m6", "m12" };
	static const char *const marks[] = { "retained_6", "retained_12" };

	for (size_t i = 0; i < 2; i++) {
		json_t *m = json_object_get(g, keys[i]);
		json_t *r = json_object_get(hire, marks[i]);

		if (!m) {
			m = json_pack("{s:i,s:i}", "hires", 0, "retained", 0);
			json_object_set_new(g, keys[i], m);
		}
		if (!hire || json_is_null(r))
			continue;
		json_object_set_new(m, "hires", json_integer(json_integer_value(
			json_object_get(m, "hires")) + 1));
		if (json_is_true(r))
			json_object_set_new(m, "retained", json_integer(
				record_int(m, "retained") + 1));
	}
}

/* Each tallied count's share, null where nothing is due. */
static void
shares(json_t *g)
{
	static const char *const keys[] = { "m6", "m12" };

	for (size_t i = 0; i < 2; i++) {
		json_t *m = json_object_get(g, keys[i]);
		json_int_t n = record_int(m, "hires");

		json_object_set_new(m, "share", n ? json_real((double)
			record_int(m, "retained") /
			(double)n) : json_null());
	}
}

/* The group of `list` whose `key` is the hire's, made when new. */
static json_t *
group(json_t *list, json_t *hire, const char *key, const char *name_key)
{
	json_t *id = json_object_get(hire, key), *g;
	size_t i;

	json_array_foreach(list, i, g)
		if (json_equal(json_object_get(g, key), id))
			return g;
	g = json_pack("{s:O,s:O}", key, id, "name", json_object_get(hire,
		      name_key));
	tally(g, NULL);
	json_array_append_new(list, g);
	return g;
}

/* The name of order class `id`, for its group. */
static int
class_name(struct db *db, json_t *g)
{
	json_t *prog = NULL;
	int rc = record_get(db, &training_programme_table, json_integer_value(
				json_object_get(g, "programme_id")), &prog);

	if (!rc)
		json_object_set(g, "name", json_object_get(prog, "name"));
	json_decref(prog);
	return rc == ERR_NOTFOUND ? 0 : rc;
}

/*
 * The filter of `in` for `p`: as_of (default today), round_id, firm_id,
 * programme_id; a firm's own hires only, staff's all.
 */
static int
read_filter(const struct principal *p, json_t *in,
	    char as_of[TIME_DATE_LEN + 1], int64_t ids[3],
	    struct problem *pb)
{
	static const char *const names[] = { "round_id", "firm_id",
					     "programme_id" };
	const char *v = record_text(in, "as_of");
	int rc = auth_may_call(p, PERM_SELECTION_POST);

	if (rc)
		return rc;
	if (v && !date_valid(v))
		return problem_key(pb, ERR_INVALID, "as_of",
				   "selection.err.as_of",
				   "as_of must be a date, YYYY-MM-DD");
	if (v)
		snprintf(as_of, TIME_DATE_LEN + 1, "%s", v);
	else
		time_today_beijing(as_of);
	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_object_get(in, names[i]);
		const char *s = json_string_value(x);
		char *end = NULL;

		ids[i] = json_is_integer(x) ? json_integer_value(x) :
			 s ? strtoll(s, &end, 10) : 0;
		if ((s && (!*s || *end)) || ids[i] < 0)
			return problem_key(pb, ERR_INVALID, names[i],
					   "selection.err.filter_id",
					   "a filter must be an id");
	}
	/* A firm's own: an account of no organisation sees nothing. */
	if (!auth_is_staff(p)) {
		if ((rc = auth_require(p, PERM_SELECTION_POST, p->org_id)))
			return rc;
		ids[1] = p->org_id;
	}
	return 0;
}

int
sel_retention_hires(struct db *db, const struct principal *p, int64_t id,
		    json_t *in, json_t **out, struct problem *pb)
{
	char as_of[TIME_DATE_LEN + 1];
	int64_t ids[3];
	json_t *items, *e;
	size_t i;
	int rc;

	(void)id;
	*out = NULL;
	if ((rc = read_filter(p, in, as_of, ids, pb)))
		return rc;
	items = json_array();
	rc = sel_store_hires(db, ids[0], ids[1], ids[2], as_of, items);
	json_array_foreach(items, i, e) {
		json_object_set_new(e, "retained_6", retained(e, 6, as_of));
		json_object_set_new(e, "retained_12", retained(e, 12, as_of));
	}
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:s,s:o}", "as_of", as_of, "items", items);
	return 0;
}

int
sel_retention(struct db *db, const struct principal *p, int64_t id,
	      json_t *in, json_t **out, struct problem *pb)
{
	json_t *hires = NULL, *all, *rounds, *firms, *classes, *e, *g;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = sel_retention_hires(db, p, id, in, &hires, pb)))
		return rc;
	all = json_object();
	tally(all, NULL);
	rounds = json_array();
	firms = json_array();
	classes = json_array();
	json_array_foreach(json_object_get(hires, "items"), i, e) {
		tally(all, e);
		tally(group(rounds, e, "round_id", "round_name"), e);
		tally(group(firms, e, "firm_id", "firm_name"), e);
		if (json_is_integer(json_object_get(e, "programme_id")))
			tally(group(classes, e, "programme_id", "round_name"),
			      e);
	}
	shares(all);
	json_array_foreach(rounds, i, g)
		shares(g);
	json_array_foreach(firms, i, g)
		shares(g);
	json_array_foreach(classes, i, g) {
		shares(g);
		if (!rc)
			rc = class_name(db, g);
	}
	json_object_set(all, "as_of", json_object_get(hires, "as_of"));
	json_object_set_new(all, "by_round", rounds);
	json_object_set_new(all, "by_firm", firms);
	json_object_set_new(all, "by_order_class", classes);
	json_decref(hires);
	if (rc) {
		json_decref(all);
		return rc;
	}
	*out = all;
	return 0;
}
