/*
 * api.h - the shared facilities' JSON API (web/api/facility.json), as a
 * route table for cli.
 */
#ifndef JG_FACILITY_API_H
#define JG_FACILITY_API_H

#include "base/time.h"
#include "http/http.h"
#include "record/action.h"
#include "record/api.h"

extern const struct route facility_api_routes[];

/* Opening hours, the calendar, maintenance and availability (api_hours.c). */
extern const struct route facility_hours_api_routes[];

/* The day (day_api.c): check-in and check-out, waiting lists. */
extern const struct route facility_day_api_routes[];

/*
 * The scope of rows of an organisation (bookings, waiting-list entries,
 * statements): staff see all, an organisation's accounts its own (as
 * PERM_FACILITY_BOOK allows); an account of no organisation (a teacher)
 * those in its own name (`person_col`; NULL: none).
 */
int facility_own_rows(struct request *r, struct record_filter *f,
		      const json_t *rec, const char *person_col);

/*
 * Runs `week` (facility_week(), facility_centre_week()) for resource or
 * centre `id` from the request's ?from=: the rule's answer, as
 * record_rule_fn.
 */
int facility_week_run(struct request *r, record_rule_fn *week, int64_t id,
		      json_t **out, struct problem *pb);

/*
 * GET .../:id/week?from=DATE: the week of the route's rule (a
 * record_action naming facility_week() or facility_centre_week()).
 */
int facility_week_api(struct request *r);

/*
 * The date of ?as_of= into *as_of, today in Beijing (written into `today`)
 * when there is none. 0, or ERR_INVALID naming as_of when it is no date.
 */
int facility_as_of(struct request *r, char today[TIME_DATE_LEN + 1],
		   const char **as_of);

/*
 * The utilisation (facility_utilisation()) of the months ?from= to ?to=
 * (default: the twelve to this one) into *out. 0, or ERR_INVALID naming
 * from when they are no months in order, at most 24.
 */
int facility_utilisation_asked(struct request *r, json_t **out);

/*
 * Statement :id of the path, as the caller may read it
 * (facility_statement_get()), into *st, owned by the request. 0 or an
 * error (404 for one not there for the caller).
 */
int facility_statement_asked(struct request *r, json_t **st);

#endif
