/*
 * access.h - who may teach what, for the training module's handlers
 * (rules.c). Inside the module only; other modules read training.h.
 */
#ifndef JG_TRAINING_ACCESS_H
#define JG_TRAINING_ACCESS_H

#include <stdint.h>

#include "auth/auth.h"
#include "training/store.h"

struct db;

/*
 * Whether `p` may see and mark cohort `cohort_id`: staff, or a teacher
 * who leads it or teaches one of its sessions. 0; ERR_UNAUTH or
 * ERR_FORBIDDEN for a role that never teaches (a trainee); ERR_NOTFOUND
 * for a teacher of other cohorts, or no such cohort.
 */
int training_may_teach(struct db *db, const struct principal *p,
		       int64_t cohort_id);

/* Session `id` into *s when `p` may teach its cohort (as above). */
int training_taught_session(struct db *db, const struct principal *p,
			    int64_t id, struct tr_session *s);

#endif
