/*
 * selection.h - two-way selection (双向选择, issue 19): rounds with a
 * calendar, positions posted by firms and vetted by staff, candidates
 * eligible by their training record, both sides' ranked lists, the lock
 * that commits a lottery seed, the run with the matching engine
 * (match/match.h), and the published result with each candidate's
 * explanation. Tables are in sql/{sqlite,postgres}/0012_selection.sql.
 *
 * A round moves open -> locked -> run -> published. While it is open,
 * firms post and withdraw positions, staff vet them, candidates register,
 * withdraw, give or withhold consent and rank positions, and firms rank
 * their applicants (equal ranks are ties). The lock (staff, or the job
 * selection.lock_due at the round's lock_at) draws a seed from the
 * system's CSPRNG and commits its SHA-256; from then on every edit of the
 * round is ERR_CONFLICT and writes nothing. The run reveals the seed,
 * matches candidates proposing (deferred acceptance; ties broken by the
 * lottery keyed by the candidates' pseudonyms), verifies the matching
 * stable and stores it with every candidate's explanation; publication
 * shows it and notifies everyone.
 *
 * This header is what other modules read: the described tables. The
 * steps of the module's routes are in selection_int.h.
 */
#ifndef JG_SELECTION_H
#define JG_SELECTION_H

#include "jobs/jobs.h"
#include "record/record.h"

extern const struct record_table selection_round_table;
extern const struct record_table selection_position_table;
extern const struct record_table selection_candidate_table;

/* The round statuses, in their order; each at most 9 bytes. */
extern const char *const selection_round_statuses[];
#define SELECTION_STATUS_MAX 9		/* "published" */

/*
 * Selection's section of a person's path (party.h): each round it took
 * part in, its result once published, and its answer to the offer.
 */
struct party_path_section;
extern const struct party_path_section selection_path_section;

/*
 * The people hired through a selection on or before `as_of` (an offer
 * accepted then), each once, ascending, as rows {person_id} appended to
 * `rows`. 0 or an error of the database.
 */
struct db;
int selection_hired_people(struct db *db, const char *as_of, json_t *rows);

/*
 * A past round recorded whole inside the caller's transaction, as
 * `actor`, by the steps of the rules (history.c): the demo park's
 * history. `h` says what happened —
 *
 *	round       the round as POST /api/v1/selection/rounds takes it
 *	            (no pledge is made: `positions` say what was offered);
 *	positions   [{firm_id, title, occupation, headcount, place,
 *	            pay_min, pay_max, shifts}], posted by staff, open;
 *	candidates  [{person_id, consent, list: [position index, best
 *	            first], answer: "accept" | "decline", on: "YYYY-MM-DD"}]
 *	            (each eligible by its training record; answer and on
 *	            only for those the run gave an offer);
 *	ranks       per position, [[candidate index, rank], ...], equal
 *	            ranks a tie;
 *	second      optional: {name, opens_on, lock_at, publish_on,
 *	            offer_deadline, answered_on}, the second round opened
 *	            after the answers and every offer of it accepted.
 *
 * Each round is locked with a drawn, committed seed, run (verified
 * stable) and published; an accepted offer is the employee affiliation
 * since its day (or the candidate's latest completion, if later). The
 * first round's id in *round_id. 0 or an error with *pb naming it.
 */
int selection_history_in(struct db *db, const struct audit_actor *actor,
			 json_t *h, int64_t *round_id, struct problem *pb);

/*
 * A past regional fair (区域双选会) recorded inside the caller's
 * transaction, as `actor`, by the fair's own steps (history.c): `h` says
 *
 *	round       the round as POST /api/v1/selection/rounds takes it,
 *	            scope "region";
 *	lists       {positions, candidate_prefs, position_prefs}: the CSV
 *	            files of `jianggu match` as the round's import takes
 *	            them (POST /api/v1/selection/rounds/:id/import): a
 *	            position named by its firm's unified social credit
 *	            code, a candidate by its person's mobile number;
 *	terms       optional: {credit code: {title, occupation, place,
 *	            pay_min, pay_max, shifts}}, what each firm states of its
 *	            position before the lock (PATCH of the position).
 *
 * The lists are imported (every row matched to its record, else nothing
 * is), the terms stated, the round locked with a drawn, committed seed,
 * run (verified stable) and published: its offers wait for their
 * answers until the round's offer_deadline. The round's id in
 * *round_id. 0 or an error with *pb naming it; when the import refuses
 * the files, h.report is the import's report, which *pb's text lives in.
 */
int selection_fair_history_in(struct db *db,
			      const struct audit_actor *actor, json_t *h,
			      int64_t *round_id, struct problem *pb);

/* selection.lock_due: lock every open round whose lock_at has passed. */
extern const struct job_def selection_jobs[];

#endif
