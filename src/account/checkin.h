/*
 * checkin.h - the guard of check-in codes, for every module that asks
 * for one (a training session's code, the code shown at a facility's
 * resource): wrong codes are counted in the database, one row per
 * subject and holder (table checkin_guard, migration 0017), and every
 * attempt that reached the code is logged (checkin_attempt).
 *
 * Inside the caller's write transaction: checkin_guard() makes the row if
 * need be, locks it (PostgreSQL: until the transaction ends) and reads
 * its count of wrong codes, before the caller compares the code, so that
 * guesses at once are counted one by one. At CHECKIN_MAX_FAILURES every
 * further attempt, the right code included, is refused unheard.
 */
#ifndef JG_ACCOUNT_CHECKIN_H
#define JG_ACCOUNT_CHECKIN_H

#include <stdint.h>

struct db;

/* Wrong codes a holder may type per subject before it is 429. */
#define CHECKIN_MAX_FAILURES 5

/*
 * What is checked in to: `scope` "training_session" (subject: a session,
 * holder: the trainee's enrolment), "facility_resource" (the guard of the
 * code shown at a resource: subject the resource, holder the account that
 * types it) or, in the log of attempts only, "facility_booking" (subject:
 * the booking checked in to, holder: the account).
 */
struct checkin_subject {
	const char *scope;
	int64_t subject_id;
	int64_t holder_id;
};

/* Make and lock the guard's row; its wrong codes so far into *failures. */
int checkin_guard(struct db *db, const struct checkin_subject *s,
		  const char *now, int64_t *failures);

/*
 * Forget the wrong codes of `s` if the last came before `before`
 * (a guard of a subject that lasts, a resource, counts recent guesses).
 * Call before checkin_guard().
 */
int checkin_forget(struct db *db, const struct checkin_subject *s,
		   const char *before);

/*
 * Forget the wrong codes of `s` once its holder typed the right one (for
 * a subject that lasts: the code is the subject's, so knowing it for one
 * booking is knowing it for all, and typos spread over weeks must not
 * lock its regular users out).
 */
int checkin_passed(struct db *db, const struct checkin_subject *s);

/* Count one more wrong code (the database refuses a sixth: ERR_INVALID). */
int checkin_failed(struct db *db, const struct checkin_subject *s,
		   const char *now);

/*
 * Log an attempt that reached the code: `outcome` "accepted", "wrong" or
 * "throttled", with the caller's account (0: none) and address (kept
 * when it fits the log's 64 bytes, else "").
 */
int checkin_attempt(struct db *db, const struct checkin_subject *s,
		    int64_t account_id, const char *outcome, const char *ip,
		    const char *at);

#endif
