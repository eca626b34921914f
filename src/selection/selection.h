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

/* selection.lock_due: lock every open round whose lock_at has passed. */
extern const struct job_def selection_jobs[];

#endif
