/*
 * fuzz_json_body.c - libFuzzer target for the JSON body path of
 * src/http/server.c: what http_read_json() and the error path do with a
 * request body, without a live connection.
 *
 * The bytes are parsed as http_read_json() parses them (json_loadb with
 * JSON_REJECT_DUPLICATES). A body that does not parse, or is not an object,
 * gets the message http_read_json() gives it through http_fail(), and the
 * error document is built as render_error() builds it and serialised by
 * http_json(); that document must parse again and carry code "invalid" and
 * exactly the message. An object must survive http_json() and a re-parse
 * unchanged.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The error document of DESIGN §3, as render_error() in server.c makes it. */
static json_t *
error_document(const struct request *r, int rc)
{
	json_t *err = json_object(), *body = json_object();

	json_object_set_new(err, "code", json_string(err_code(rc)));
	json_object_set_new(err, "message", json_string(
		r->error_message ? r->error_message : err_str(rc)));
	if (r->error_field)
		json_object_set_new(err, "field", json_string(r->error_field));
	json_object_set_new(body, "error", err);
	return body;
}

/* Parse what http_json() wrote into r->out; abort if it is not JSON. */
static json_t *
reparse(const struct request *r)
{
	json_error_t jerr;
	json_t *v;

	if (r->out.len != strlen(r->out.ptr))
		abort();
	v = json_loadb(r->out.ptr, r->out.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		abort();
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	json_error_t jerr;
	json_t *v, *doc;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, 0);
	buf_init(&r.out, &r.arena, 0);

	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
		       &jerr);
	if (!v)
		rc = http_fail(&r, ERR_INVALID, NULL,
			       "malformed JSON at line %d, column %d: %s",
			       jerr.line, jerr.column, jerr.text);
	else if (!json_is_object(v))
		rc = http_fail(&r, ERR_INVALID, NULL,
			       "the body must be a JSON object");

	if (rc) {
		const char *code, *msg;

		if (rc != ERR_INVALID || !r.error_message || r.error_field)
			abort();
		if (http_json(&r, err_http_status(rc), error_document(&r, rc)))
			abort();
		if (r.status != 400 ||
		    strcmp(r.content_type, "application/json"))
			abort();
		doc = reparse(&r);
		code = json_string_value(json_object_get(
			json_object_get(doc, "error"), "code"));
		msg = json_string_value(json_object_get(
			json_object_get(doc, "error"), "message"));
		if (!code || strcmp(code, "invalid"))
			abort();
		if (!msg || strcmp(msg, r.error_message))
			abort();
		json_decref(doc);
	} else {
		/* http_json() takes over a reference. */
		if (http_json(&r, 200, json_incref(v)))
			abort();
		doc = reparse(&r);
		if (!json_equal(doc, v))
			abort();
		json_decref(doc);
	}
	json_decref(v);
	arena_release(&r.arena);
	return 0;
}
