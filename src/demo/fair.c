/*
 * fair.c - the demo park's regional fair (loader.h), a part of the
 * two-way selection step: 2019年九台区秋季区域双选会, a round scoped to the
 * region, held after the centres' apprentices of 2019 completed on
 * 31 October, written through selection.h's selection_fair_history_in()
 * the way a fair's organiser works: the three CSV files of `jianggu
 * match` imported (firms named by their credit codes, candidates by their
 * mobile numbers), each firm's terms stated, then the lock with a
 * committed seed, the run and publication.
 *
 * - The positions: one of each Jiutai firm, for the occupation of the
 *   centre its classes train at, and one of each nearby firm, for the
 *   occupation of the senior technician it employs; 1 to 5 seats each.
 *   Only the occupations that three firms or more recruit are in the
 *   fair (数控车工, 工业机器人系统运维员, 物流服务师).
 * - The candidates: the apprentices of 2019 trained for those
 *   occupations (none of them hired; the park round's eight are not
 *   among them). Each lists 1 to 5 positions of its own occupation, the
 *   firm whose workshop it practised in first when that firm recruits it.
 * - The firms rank those who listed them: the apprentices of their own
 *   workshop first, then those who listed them alone, then the others;
 *   about one in six beyond their workshop's they leave unranked. Those
 *   who listed the position alone share ranks in pairs: the lottery
 *   decides between the two. Because only such
 *   candidates tie, the lottery changes who of them gets a seat, never
 *   how many are matched nor anyone else's outcome, so the demo's
 *   figures are the same at every load whatever the drawn seed.
 * - The offers are open on the demo's date: answered by 29 November, so
 *   no employment and no figure changes.
 *
 * The draws come from a stream of their own, split from the loader's
 * without drawing from it, so every later step draws as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "demo/loader.h"
#include "party/party.h"
#include "selection/selection.h"

enum {
	FAIR_FIRMS = N_FIRMS + N_NEARBY,	/* who may recruit */
	FAIR_OCCUPATIONS_MIN = 3,	/* firms an occupation needs */
	FAIR_SEATS_MAX = 5,
	FAIR_LIST_MAX = 5,
};

/* A position of the fair: its firm, what it recruits, its seats. */
struct job {
	int firm;		/* index in firm[], or -1: a nearby firm */
	const char *occupation;
	char code[19];		/* the firm's credit code */
	int seats;
};

/* A candidate of the fair and its list, best first (indexes in jobs). */
struct candidate {
	const struct apprentice *who;
	int list[FAIR_LIST_MAX];
	int n;
};

struct fair {
	struct loader *l;
	struct demo_rng rng;
	struct job jobs[FAIR_FIRMS];
	int njobs;
	struct candidate cands[N_APPRENTICES_2019];
	int ncands;
	struct buf positions, choices, ranks;
};

/* How many firms of the fair recruit `occupation`. */
static int
recruiting(const struct loader *l, const char *occupation)
{
	int n = 0;

	for (int f = 0; f < N_FIRMS; f++)
		n += !strcmp(l->firm_centre_occupation[f], occupation);
	for (int i = 0; i < N_NEARBY; i++)
		n += !strcmp(l->nearby_occupation[i], occupation);
	return n;
}

/* Firm `org_id`'s position, if the fair has its occupation. */
static int
add_job(struct fair *fa, int64_t org_id, int firm, const char *occupation)
{
	struct job *j = &fa->jobs[fa->njobs];
	json_t *org = NULL;
	const char *code;
	int rc;

	if (recruiting(fa->l, occupation) < FAIR_OCCUPATIONS_MIN)
		return 0;
	rc = party_org_get(fa->l->db, org_id, &org);
	code = json_string_value(json_object_get(org, "credit_code"));
	if (!rc && !code)
		rc = ERR_NOTFOUND;	/* a fair names firms by their codes */
	if (rc) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", (long long)org_id);
		json_decref(org);
		return demo_failed(fa->l, rc, NULL, "credit code of firm", id);
	}
	j->firm = firm;
	j->occupation = occupation;
	snprintf(j->code, sizeof(j->code), "%s", code);
	j->seats = 1 + (int)demo_rng_below(&fa->rng, FAIR_SEATS_MAX);
	fa->njobs++;
	json_decref(org);
	return 0;
}

/* Whether position `k` is on candidate `c`'s list already. */
static bool
listed(const struct candidate *c, int k)
{
	for (int i = 0; i < c->n; i++)
		if (c->list[i] == k)
			return true;
	return false;
}

/* Apprentice `a`'s list: positions of its occupation, its workshop's
 * firm first when that firm recruits it. */
static void
add_candidate(struct fair *fa, const struct apprentice *a)
{
	struct candidate *c = &fa->cands[fa->ncands];
	int mine[FAIR_FIRMS], nmine = 0, want;

	for (int k = 0; k < fa->njobs; k++)
		if (!strcmp(fa->jobs[k].occupation, a->occupation))
			mine[nmine++] = k;
	if (nmine < FAIR_OCCUPATIONS_MIN)
		return;
	c->who = a;
	c->n = 0;
	want = 1 + (int)demo_rng_below(&fa->rng, FAIR_LIST_MAX);
	want = want < nmine ? want : nmine;
	for (int i = 0; i < nmine && c->n < want; i++)
		if (fa->jobs[mine[i]].firm == a->firm)
			c->list[c->n++] = mine[i];
	while (c->n < want) {
		int k = mine[demo_rng_below(&fa->rng, (uint32_t)nmine)];

		if (!listed(c, k))
			c->list[c->n++] = k;
	}
	fa->ncands++;
}

/*
 * Position `k`'s ranking of those who listed it: its own workshop's
 * apprentices first, then those who listed it alone, then the others,
 * each group in a drawn order; one in six beyond the workshop's
 * unranked; those who listed it alone tie in pairs.
 */
static void
rank_applicants(struct fair *fa, int k)
{
	const struct job *j = &fa->jobs[k];
	int *who = xcalloc((size_t)fa->ncands + 1, sizeof(*who));
	uint32_t *key = xcalloc((size_t)fa->ncands + 1, sizeof(*key));
	int n = 0, rank = 0;
	bool alone_before = false;

	for (int c = 0; c < fa->ncands; c++) {
		if (!listed(&fa->cands[c], k))
			continue;
		key[n] = fa->cands[c].who->firm == j->firm ? 0 :
			 fa->cands[c].n == 1 ? 1 + demo_rng_below(&fa->rng,
			 1u << 20) : (1u << 21) + demo_rng_below(&fa->rng,
			 1u << 30);
		if (key[n] && !demo_rng_below(&fa->rng, 6))
			continue;
		who[n++] = c;
	}
	/* By key, then by the order the candidates came in: stable. */
	for (int i = 1; i < n; i++)
		for (int m = i; m > 0 && key[m] < key[m - 1]; m--) {
			uint32_t t = key[m];
			int w = who[m];

			key[m] = key[m - 1];
			who[m] = who[m - 1];
			key[m - 1] = t;
			who[m - 1] = w;
		}
	for (int i = 0; i < n; i++) {
		const struct candidate *c = &fa->cands[who[i]];
		bool alone = c->n == 1;

		/* A pair of them shares a rank. */
		if (alone && alone_before) {
			alone_before = false;
		} else {
			rank++;
			alone_before = alone;
		}
		buf_addf(&fa->ranks, "%s,%s,%d\n", j->code, c->who->mobile,
			 rank);
	}
	free(who);
	free(key);
}

/* The three files of `jianggu match`. */
static void
write_lists(struct fair *fa)
{
	buf_addstr(&fa->positions, "position,capacity\n");
	for (int k = 0; k < fa->njobs; k++)
		buf_addf(&fa->positions, "%s,%d\n", fa->jobs[k].code,
			 fa->jobs[k].seats);
	buf_addstr(&fa->choices, "candidate,position,rank\n");
	for (int c = 0; c < fa->ncands; c++)
		for (int i = 0; i < fa->cands[c].n; i++)
			buf_addf(&fa->choices, "%s,%s,%d\n",
				 fa->cands[c].who->mobile,
				 fa->jobs[fa->cands[c].list[i]].code, i + 1);
	buf_addstr(&fa->ranks, "position,candidate,rank\n");
	for (int k = 0; k < fa->njobs; k++)
		rank_applicants(fa, k);
}

/* What each firm states of its position: the job, its pay and shifts. */
static json_t *
terms(struct fair *fa)
{
	static const char *const shifts[] = { "白班", "两班倒", "三班倒" };
	json_t *all = json_object();

	for (int k = 0; k < fa->njobs; k++) {
		const struct job *j = &fa->jobs[k];
		char title[64];
		json_int_t pay = 350000 + 10000 * (json_int_t)demo_rng_below(
				 &fa->rng, 11);

		snprintf(title, sizeof(title), "%s岗", j->occupation);
		json_object_set_new(all, j->code, json_pack(
			"{s:s,s:s,s:I,s:I,s:s}", "title", title, "occupation",
			j->occupation, "pay_min", pay, "pay_max", pay + 150000,
			"shifts", shifts[demo_rng_below(&fa->rng, 3)]));
	}
	return all;
}

int
demo_load_fair(struct loader *l)
{
	static const char name[] = "2019年九台区秋季区域双选会";
	struct fair *fa = xcalloc(1, sizeof(*fa));
	struct problem pb = { 0 };
	int64_t round = 0;
	json_t *h;
	int rc = 0;

	fa->l = l;
	fa->rng.state = l->rng.state ^ 0x7265676966616972u;
	buf_init(&fa->positions, NULL, 0);
	buf_init(&fa->choices, NULL, 0);
	buf_init(&fa->ranks, NULL, 0);
	for (int f = 0; f < N_FIRMS && !rc; f++)
		rc = add_job(fa, l->firm[f], f, l->firm_centre_occupation[f]);
	for (int i = 0; i < N_NEARBY && !rc; i++)
		rc = add_job(fa, l->nearby[i], -1, l->nearby_occupation[i]);
	for (int i = 0; i < l->napprentices && !rc; i++)
		add_candidate(fa, &l->apprentices[i]);
	if (!rc)
		write_lists(fa);
	if (!rc && (fa->positions.err || fa->choices.err || fa->ranks.err))
		rc = ERR_NOMEM;
	h = rc ? NULL : json_pack("{s:{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:i},"
		"s:{s:s,s:s,s:s},s:o}", "round", "name", name, "year", 2019,
		"scope", "region", "opens_on", "2019-11-01", "lock_at",
		"2019-11-08T02:00:00Z", "publish_on", "2019-11-12",
		"offer_deadline", "2019-11-29", "list_cap", FAIR_LIST_MAX,
		"lists", "positions", fa->positions.ptr, "candidate_prefs",
		fa->choices.ptr, "position_prefs", fa->ranks.ptr, "terms",
		terms(fa));
	if (!rc && !h)
		rc = ERR_NOMEM;
	if (!rc)
		rc = selection_fair_history_in(l->db, l->actor, h, &round,
					       &pb);
	if (rc && h)
		rc = demo_failed(l, rc, &pb, "regional fair", name);
	json_decref(h);
	buf_release(&fa->positions);
	buf_release(&fa->choices);
	buf_release(&fa->ranks);
	free(fa);
	return rc;
}
