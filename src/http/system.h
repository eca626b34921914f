/*
 * system.h - the routes every deployment has, whatever modules it runs:
 * health, the OpenAPI document, static assets and the start page; and the
 * routes the HTTP test suite needs, mounted only by `serve --test-routes`.
 */
#ifndef JG_SYSTEM_H
#define JG_SYSTEM_H

#include "http/http.h"

extern const struct route system_routes[];

/*
 * Answer with embedded file `name` (see embed.h): 304 when the client's
 * If-None-Match holds its ETag, else its bytes, typed by extension, with
 * `cache_control`. ERR_NOTFOUND (with the error set) when there is none.
 */
int system_send_embedded(struct request *r, const char *name,
			 const char *cache_control);

/*
 * Serve `text` (`len` bytes, kept by the caller for the life of the
 * process) at /api/v1/openapi.json instead of the embedded document: the
 * document as the program completes it at start-up (the x-roles of each
 * operation, src/cli/modules.c). Call before the server starts.
 */
void system_set_openapi(const char *text, size_t len);

extern const struct route test_routes[];

#endif
