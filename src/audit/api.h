/*
 * api.h - the audit log's JSON API (read only).
 */
#ifndef JG_AUDIT_API_H
#define JG_AUDIT_API_H

#include "http/http.h"

struct audit_filter;

extern const struct route audit_api_routes[];

/*
 * Read the audit log's filters from the query of `r` (actor, entity,
 * entity_id, action, from, to, limit, offset), as the API and the page both
 * take them. Returns 0 or ERR_INVALID naming the argument.
 */
int audit_filter_read(struct request *r, struct audit_filter *f);

#endif
