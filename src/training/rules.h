/*
 * rules.h - rules of rules.c, rules_attendance.c and rules_mentor.c that
 * only the training module's own handlers call: who may teach a cohort,
 * and the co-builders' shares; and the helpers those three files share.
 * Other modules read training.h.
 */
#ifndef JG_TRAINING_RULES_H
#define JG_TRAINING_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "auth/auth.h"
#include "training/store.h"

struct db;

/*
 * Whether `p` may see cohort `cohort_id` and its timetable: staff, or a
 * teacher who leads it or teaches one of its sessions. Marking a session
 * asks more (training_taught_session()). 0; ERR_UNAUTH or
 * ERR_FORBIDDEN for a role that never teaches (a trainee); ERR_NOTFOUND
 * for a teacher of other cohorts, or no such cohort.
 */
int training_may_teach(struct db *db, const struct principal *p,
		       int64_t cohort_id);

/*
 * Session `id` into *s when `p` may mark it and see its check-in code
 * (training.h, training_mark()): staff, the session's own teacher or the
 * head teacher of its cohort — not the teacher of another session of the
 * cohort. 0; ERR_UNAUTH or ERR_FORBIDDEN for a role that never teaches;
 * ERR_NOTFOUND for anyone else, or no such session.
 */
int training_taught_session(struct db *db, const struct principal *p,
			    int64_t id, struct tr_session *s);

/* Whether `p` is staff, the teacher of session `s` or of its cohort. */
bool training_teaches_session(const struct principal *p,
			      const struct tr_session *s);

/*
 * A centre's co-builders may hold at most 100% together (the database's
 * trigger holds it too; this names the field): whether `in`'s share_pct,
 * for partner `id` (0: a new one, of in's centre_id), keeps the sum
 * within it. 0 or ERR_CONFLICT on share_pct.
 */
int training_partner_check(struct db *db, json_t *in, int64_t id,
			   struct problem *pb);

/* Create a co-builder from `in` after that check, in one transaction;
 * change one after it. */
int training_partner_create(struct db *db, const struct principal *p,
			    json_t *in, int64_t *id, struct problem *pb);
int training_partner_update(struct db *db, const struct principal *p,
			    int64_t id, json_t *in, struct problem *pb);

/* Change a session (its module must be of the cohort's programme). */
int training_session_update(struct db *db, const struct principal *p,
			    int64_t id, json_t *in, struct problem *pb);

/*
 * Change a mentorship; one that widens (an earlier since, a later or no
 * until, another master, back from the archive) past the master's cap on
 * any of its days is ERR_CONFLICT on master_person_id, with the cap in
 * the message. Narrowing one is never refused.
 */
int training_mentor_update(struct db *db, const struct principal *p,
			   int64_t id, json_t *in, struct problem *pb);

/* ---- shared by the rules*.c files ---- */

/*
 * Where a rule puts a reason it formats (with a figure or a name) for
 * problem(): storage of the calling thread, valid until its next call.
 */
extern _Thread_local char tr_reason[256];


/*
 * Refuse input fields that the rule sets itself: ERR_INVALID when `in` is
 * not an object, or naming the first of `names` (NULL-terminated) it has.
 */
int tr_refuse_fields(json_t *in, const char *const *names,
		     struct problem *pb);

#endif
