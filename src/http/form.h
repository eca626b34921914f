/*
 * form.h - HTML form bodies: application/x-www-form-urlencoded and
 * multipart/form-data (RFC 7578), parsed from a body held whole in memory.
 *
 * The parser is pure (no connection, no I/O) so that it can be fuzzed and
 * tested on its own; http_read_form() in http.h applies it to a request.
 * Every name and value it returns is a copy in the caller's arena,
 * NUL-terminated, and checked to be well-formed UTF-8 without NUL bytes —
 * except the contents of a file part, which are bytes (`len` counts them).
 *
 * Errors: ERR_INVALID for a malformed body (bad percent-escape, invalid
 * UTF-8, a multipart body without its boundary or with a part missing its
 * name), with a short reason in *why; ERR_TOOBIG past FORM_MAX_FIELDS
 * fields; ERR_NOMEM when the arena's budget is spent.
 */
#ifndef JG_FORM_H
#define JG_FORM_H

#include <stddef.h>

#include "base/arena.h"

#define FORM_MAX_FIELDS 1000

struct form_field {
	const char *name;
	const char *value;		/* text, or a file's bytes */
	size_t len;			/* bytes in value */
	const char *filename;		/* a file part's name, else NULL */
	const char *content_type;	/* a file part's declared type */
};

struct form {
	struct form_field *fields;	/* in body order */
	size_t n;
};

/* Parse a urlencoded body ("a=1&b=%E5%8C%A0"; '+' is a space). */
int form_parse_urlencoded(struct arena *a, const char *body, size_t len,
			  struct form *out, const char **why);

/*
 * Parse a multipart/form-data body; `content_type` is the request's header,
 * which carries the boundary.
 */
int form_parse_multipart(struct arena *a, const char *content_type,
			 const char *body, size_t len, struct form *out,
			 const char **why);

/* The first field called `name`, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);

/* The text of the first field called `name`, or NULL. */
const char *form_get(const struct form *f, const char *name);

#endif
