/*
 * api.h - the audit log's JSON API (read only).
 */
#ifndef JG_AUDIT_API_H
#define JG_AUDIT_API_H

#include "http/http.h"

struct audit_filter;

extern const struct route audit_api_routes[];

/*
 * The entries the query of `r` asks for, as the API and the page both
 * take it (actor, entity, entity_id, action, from, to, limit, offset),
 * for a caller with PERM_AUDIT_READ: the filters in *f, and the rows and
 * their number as audit_list() gives them (*items the caller's). Returns
 * 0, ERR_INVALID naming the argument, or another error (*items NULL).
 */
int audit_list_query(struct request *r, struct audit_filter *f,
		     json_t **items, int64_t *total);

#endif
