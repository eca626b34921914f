/*
 * children.h - the records under a record, for its detail page: a
 * building's floors, a round's applications, an organisation's units, a
 * placement's weekly logs.
 */
#ifndef JG_RECORD_CHILDREN_H
#define JG_RECORD_CHILDREN_H

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

struct record_filter;
struct record_table;

/* The most children a detail page lists. */
enum { RECORD_CHILDREN_MAX = 200 };

/*
 * The records of `t` whose column `col` is `id`, in `t`'s order, at most
 * RECORD_CHILDREN_MAX, into *items (owned by the request, an array even
 * on error). `scope`, when given, narrows them to those the caller may
 * see, as a record_api's scope narrows a list (called with no record).
 * 0 or the error of `scope` or of the database.
 */
int record_children(struct request *r, const struct record_table *t,
		    const char *col, int64_t id,
		    int (*scope)(struct request *r, struct record_filter *f,
				 const json_t *rec),
		    json_t **items);

#endif
