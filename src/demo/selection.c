/*
 * selection.c - the demo park's two-way selection (loader.h), a step
 * after training, written through selection.h's selection_history_in():
 *
 * - every hire of an order class's graduate by the class's firm comes out
 *   of a round of that class in the year of the hire (2017-2019): the
 *   graduates of the year rank the class's pledged position, the firm
 *   ranks those it hires (the others it leaves unranked), and each
 *   accepts its offer on the day the hire begins, so that training's
 *   order-class figure counts the very hires it counted before, on the
 *   same days, and the figures as of DEMO_AS_OF stay what they were;
 * - one park-wide round of 2019 for eight apprentices who completed that
 *   year and three firms' positions: two of those matched decline, and
 *   the second round fills the seats they freed;
 * - the regional fair of autumn 2019 (fair.c), its offers still open;
 * - some of the order classes' hires of 2017 and 2018 leave their firm
 *   in 2018-2019 (resigned, contract ended, dismissed), so that the
 *   retention of selection's hires at 6 and 12 months shows something
 *   real. A departure ends an employment; training's figures count hires
 *   (not who is still employed), except the senior technicians', which
 *   counts who is employed on the day: no senior technician leaves.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "demo/loader.h"
#include "party/party.h"
#include "selection/selection.h"
#include "training/training.h"

/* An order class's round of `year`: open in January, published in March,
 * offers answered by the end of the year (by the as-of date in 2019). */
static json_t *
class_round(const char *programme, int64_t programme_id, int year)
{
	char name[160], opens[32], lock[32], publish[32], deadline[32];

	snprintf(name, sizeof(name), "%s%d年双向选择", programme, year);
	snprintf(opens, sizeof(opens), "%d-01-15", year);
	snprintf(lock, sizeof(lock), "%d-02-20T02:00:00Z", year);
	snprintf(publish, sizeof(publish), "%d-03-01", year);
	snprintf(deadline, sizeof(deadline), "%d-12-31", year);
	return json_pack("{s:s,s:i,s:s,s:I,s:s,s:s,s:s,s:s,s:i}", "name",
			 name, "year", year, "scope", "order_class",
			 "programme_id", (json_int_t)programme_id, "opens_on",
			 opens, "lock_at", lock, "publish_on", publish,
			 "offer_deadline", year == 2019 ? "2019-11-18" :
			 deadline, "list_cap", 0);
}

/* The rounds of firm `f`'s order class, one a year it had graduates. */
static int
load_class(struct loader *l, int f)
{
	struct problem pb = { 0 };
	json_t *prog = NULL;
	int rc = record_get(l->db, &training_programme_table,
			    l->order_programme[f], &prog);

	for (int year = 2017; year <= 2019 && !rc; year++) {
		json_t *cands = json_array(), *ranks = json_array(), *h;
		int64_t round = 0;
		int hired = 0;

		for (int i = 0; i < l->ngraduates; i++) {
			const struct graduate *g = &l->graduates[i];
			json_t *c;

			if (g->firm != f || g->year != year)
				continue;
			c = json_pack("{s:I,s:b,s:[i]}", "person_id",
				      (json_int_t)g->person_id, "consent", 1,
				      "list", 0);
			if (*g->hired) {
				json_object_set_new(c, "answer",
						    json_string("accept"));
				json_object_set_new(c, "on",
						    json_string(g->hired));
				json_array_append_new(ranks, json_pack("[i,i]",
					(int)json_array_size(cands), ++hired));
			}
			json_array_append_new(cands, c);
		}
		if (!json_array_size(cands)) {
			json_decref(cands);
			json_decref(ranks);
			continue;
		}
		h = json_pack("{s:o,s:[{s:I,s:s+,s:O,s:O,s:s,s:i,s:i,s:s}],"
			      "s:o,s:[o]}", "round", class_round(
			      json_string_value(json_object_get(prog, "name")),
			      l->order_programme[f], year), "positions",
			      "firm_id", (json_int_t)l->firm[f], "title",
			      json_string_value(json_object_get(prog,
			      "occupation")), "岗", "occupation",
			      json_object_get(prog, "occupation"), "headcount",
			      json_object_get(prog, "hiring_commitment"),
			      "place", "长春市九台经济开发区", "pay_min", 350000,
			      "pay_max", 500000, "shifts", "两班倒",
			      "candidates", cands, "ranks", ranks);
		rc = h ? selection_history_in(l->db, l->actor, h, &round,
					      &pb) : ERR_NOMEM;
		json_decref(h);
		if (rc)
			rc = demo_failed(l, rc, &pb, "selection round of",
					 json_string_value(json_object_get(prog,
							   "name")));
		for (int k = 0; k < hired && !rc; k++)
			demo_count_role(l, "employee");
	}
	json_decref(prog);
	return rc;
}

/*
 * The park's round of 2019: eight apprentices, three firms' five seats.
 * The lists and the firms' rankings are strict, so the outcome is fixed:
 * c0, c1 at 设备运维岗; c3, c4 at 装配调试岗; c5 at 质量检验岗; c2, c6, c7
 * unmatched. c1 and c4 decline; the second round gives their seats to
 * c2 and c7 (c6 is ranked below c7 at the one seat it still lists).
 */
static int
load_park_round(struct loader *l)
{
	static const int lists[N_PARK_CANDIDATES][2] = {
		{ 0, 1 }, { 0, 2 }, { 0, 1 }, { 1, 0 },
		{ 1, 2 }, { 2, 0 }, { 2, 1 }, { 1, 2 },
	};
	static const char *const answers[N_PARK_CANDIDATES] = {
		"accept", "decline", NULL, "accept", "decline", "accept",
	};
	struct problem pb = { 0 };
	json_t *cands = json_array(), *h;
	int64_t round = 0;
	int rc;

	if (l->npark_candidates < N_PARK_CANDIDATES) {
		json_decref(cands);
		return 0;
	}
	for (int i = 0; i < N_PARK_CANDIDATES; i++) {
		json_t *c = json_pack("{s:I,s:b,s:[i,i]}", "person_id",
				      (json_int_t)l->park_candidates[i],
				      "consent", i % 3 != 2, "list",
				      lists[i][0], lists[i][1]);

		if (answers[i]) {
			json_object_set_new(c, "answer",
					    json_string(answers[i]));
			json_object_set_new(c, "on", json_string(i < 2 ?
					    "2019-11-07" : "2019-11-08"));
		}
		json_array_append_new(cands, c);
	}
	h = json_pack("{s:{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:i},"
		"s:[{s:I,s:s,s:s,s:i,s:s,s:i,s:i,s:s},"
		"{s:I,s:s,s:s,s:i,s:s,s:i,s:i,s:s},"
		"{s:I,s:s,s:s,s:i,s:s,s:i,s:i,s:s}],s:o,"
		"s:[[[i,i],[i,i],[i,i],[i,i],[i,i]],"
		"[[i,i],[i,i],[i,i],[i,i],[i,i],[i,i]],"
		"[[i,i],[i,i],[i,i],[i,i],[i,i]]],"
		"s:{s:s,s:s,s:s,s:s,s:s,s:s}}",
		"round", "name", "2019年园区结业双向选择", "year", 2019,
		"scope", "park", "opens_on", "2019-11-01", "lock_at",
		"2019-11-05T02:00:00Z", "publish_on", "2019-11-06",
		"offer_deadline", "2019-11-10", "list_cap", 0,
		"positions",
		"firm_id", (json_int_t)l->firm[0], "title", "设备运维岗",
		"occupation", "工业机器人系统运维员", "headcount", 2, "place",
		"长春市九台经济开发区", "pay_min", 400000, "pay_max", 550000,
		"shifts", "白班",
		"firm_id", (json_int_t)l->firm[1], "title", "装配调试岗",
		"occupation", "数控车工", "headcount", 2, "place",
		"长春市九台经济开发区", "pay_min", 420000, "pay_max", 600000,
		"shifts", "两班倒",
		"firm_id", (json_int_t)l->firm[2], "title", "质量检验岗",
		"occupation", "物流服务师", "headcount", 1, "place",
		"长春市九台区", "pay_min", 380000, "pay_max", 500000,
		"shifts", "白班",
		"candidates", cands,
		"ranks", 0, 1, 1, 2, 2, 3, 3, 4, 5, 5,
		3, 1, 4, 2, 0, 3, 2, 4, 7, 5, 6, 6,
		5, 1, 6, 2, 1, 3, 4, 4, 7, 5,
		"second", "name", "2019年园区结业双向选择（第二轮）",
		"opens_on", "2019-11-11", "lock_at", "2019-11-13T02:00:00Z",
		"publish_on", "2019-11-14", "offer_deadline", "2019-11-17",
		"answered_on", "2019-11-15");
	rc = h ? selection_history_in(l->db, l->actor, h, &round, &pb) :
		 ERR_NOMEM;
	json_decref(h);
	if (rc)
		return demo_failed(l, rc, &pb, "selection round of", "2019");
	/* Three accepted in the first round, two in the second. */
	for (int k = 0; k < 5; k++)
		demo_count_role(l, "employee");
	return 0;
}

/* Whether person `person_id` holds a level-1 (高级技师) skill
 * certificate: the senior technicians' figure counts them employed. */
static int
senior(struct loader *l, int64_t person_id, bool *yes)
{
	json_t *certs = NULL, *c;
	size_t i;
	int rc = training_certificates_of(l->db, person_id, &certs);

	*yes = false;
	json_array_foreach(json_object_get(certs, "skill"), i, c)
		*yes |= json_integer_value(json_object_get(c, "level")) == 1;
	json_decref(certs);
	return rc;
}

/*
 * Graduate `g`'s departure from its firm on day `until` for `reason`:
 * the end of the employment its accepted offer began (party's
 * affiliation, as a firm or staff records one).
 */
static int
depart(struct loader *l, const struct graduate *g, const char *until,
       const char *reason)
{
	struct problem pb = { 0 };
	json_t *roles = NULL, *a, *in;
	size_t i;
	int rc = party_affiliations_of(l->db, g->person_id, l->firm[g->firm],
				       &roles);

	json_array_foreach(roles, i, a) {
		if (rc || strcmp(json_string_value(json_object_get(a, "role")),
				 "employee") || strcmp(json_string_value(
				 json_object_get(a, "since")), g->hired))
			continue;
		in = json_pack("{s:s,s:s}", "until", until, "leave_reason",
			       reason);
		rc = record_update_in(l->db, &party_affiliation_table,
				      l->actor, json_integer_value(
				      json_object_get(a, "id")), in, &pb);
		json_decref(in);
		if (rc)
			rc = demo_failed(l, rc, &pb, "departure of hire",
					 g->hired);
	}
	json_decref(roles);
	return rc;
}

/*
 * Some departures of the hires of 2017 and 2018: about one in twelve,
 * each leaving two months to two years after it began, on a day of
 * 2018-2019 before the as-of date; resigned mostly, a contract ended
 * after a year or more, a few dismissed. The draws come from a stream
 * of their own, split from the loader's without drawing from it, so
 * every later step of the load draws as before.
 */
static int
load_departures(struct loader *l)
{
	struct demo_rng rng = { l->rng.state ^ 0x6465706172747572u };
	const int64_t first = demo_day("2018-01-02");
	const int64_t last = demo_day(DEMO_AS_OF) - 3;
	char until[16];
	int rc = 0;

	for (int i = 0; i < l->ngraduates && !rc; i++) {
		const struct graduate *g = &l->graduates[i];
		int64_t since, from, day;
		uint32_t pick = demo_rng_below(&rng, 12);
		uint32_t why = demo_rng_below(&rng, 20);
		const char *reason;
		bool yes;

		if (!*g->hired || g->year > 2018 || pick ||
		    g->person_id == l->founder_trainee)
			continue;
		since = demo_day(g->hired);
		from = since + 60 > first ? since + 60 : first;
		if (from >= last)
			continue;
		day = from + (int64_t)demo_rng_below(&rng, (uint32_t)(
			last - from < 660 ? last - from : 660));
		if ((rc = senior(l, g->person_id, &yes)) || yes)
			continue;
		reason = why < 3 ? "dismissed" : why < 8 && day - since >= 365 ?
			 "contract_ended" : "resigned";
		demo_day_format(day, until);
		rc = depart(l, g, until, reason);
	}
	return rc;
}

int
demo_load_selection(struct loader *l)
{
	int rc = 0;

	for (int f = 0; f < N_FIRMS && !rc; f++)
		rc = load_class(l, f);
	if (!rc)
		rc = load_park_round(l);
	if (!rc)
		rc = load_departures(l);
	if (!rc)
		rc = demo_load_fair(l);
	return rc;
}
