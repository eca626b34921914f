/*
 * api.h - the training module's JSON API routes (/api/v1/training/...).
 */
#ifndef JG_TRAINING_API_H
#define JG_TRAINING_API_H

#include <jansson.h>

#include "http/http.h"

extern const struct route training_api_routes[];

/*
 * What the caller's roles give it of training (GET /api/v1/training/me and
 * the "my training" page), each part present only for the roles it
 * concerns: a trainee's enrolments with their hours, its sessions (from
 * 30 days back) and weekly logs; a teacher's cohorts, the apprentices it
 * mentors and what waits for it as a master (weekly logs and workshop
 * hours to confirm); an enterprise's
 * programmes and its masters' apprentices; a college's students. *out is
 * an object owned by the caller, even on error.
 */
int training_mine(struct request *r, json_t **out);

#endif
