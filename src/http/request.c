/*
 * request.c - what handlers call on a request (see http.h): its query,
 * headers, cookies and client address, form and JSON bodies, path ids; the
 * response headers, cookies and redirects; the answer as bytes or JSON; and
 * the error a handler fails with (http_fail()), which the server (server.c)
 * turns into the JSON error or an error page.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "base/err.h"
#include "base/macros.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/http.h"
#include "http/http_int.h"
#include "http/proxy.h"

const char *
http_query(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_walk {
	void (*fn)(void *ctx, const char *key, const char *value);
	void *ctx;
};

static enum MHD_Result
query_walk_one(void *cls, enum MHD_ValueKind kind, const char *key,
	       const char *value)
{
	struct query_walk *w = cls;

	(void)kind;
	w->fn(w->ctx, key, value ? value : "");
	return MHD_YES;
}

void
http_query_foreach(const struct request *r,
		   void (*fn)(void *ctx, const char *key, const char *value),
		   void *ctx)
{
	struct query_walk w = { fn, ctx };

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
				  query_walk_one, &w);
}

const char *
http_header(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
http_cookie(const struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* The socket peer's address, canonical, into out; "unknown" if none. */
static void
peer_address(const struct request *r, char out[HTTP_ADDR_MAX])
{
	const union MHD_ConnectionInfo *info;
	char host[HTTP_ADDR_MAX];

	info = r->conn ? MHD_get_connection_info(r->conn,
				MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	if (!info || !info->client_addr ||
	    getnameinfo(info->client_addr,
			info->client_addr->sa_family == AF_INET6 ?
			sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
			host, sizeof(host), NULL, 0, NI_NUMERICHOST) ||
	    !http_addr_canon(host, strlen(host), out))
		memcpy(out, "unknown", 8);
}

/* Whether the socket peer is one of the server's trusted proxies. */
static bool
peer_trusted(const struct request *r, const char *peer)
{
	const struct server_config *cfg = r->server ?
					  server_config_of(r->server) : NULL;

	return cfg && cfg->ntrusted &&
	       http_addr_trusted(cfg->trusted, cfg->ntrusted, peer);
}

/* Every X-Forwarded-For header of the request, joined with commas. */
struct xff_join {
	struct buf *b;
};

static enum MHD_Result
xff_one(void *cls, enum MHD_ValueKind kind, const char *key,
	const char *value)
{
	struct xff_join *j = cls;

	(void)kind;
	if (value && !strcasecmp(key, "X-Forwarded-For")) {
		if (j->b->len)
			buf_addch(j->b, ',');
		buf_addstr(j->b, value);
	}
	return MHD_YES;
}

const char *
http_client_ip(struct request *r)
{
	const struct server_config *cfg;
	char peer[HTTP_ADDR_MAX], client[HTTP_ADDR_MAX];
	struct xff_join j;
	struct buf xff;

	if (r->client_ip)
		return r->client_ip;
	peer_address(r, peer);
	memcpy(client, peer, sizeof(client));
	if (peer_trusted(r, peer)) {
		cfg = server_config_of(r->server);
		buf_init(&xff, &r->arena, 0);
		j.b = &xff;
		MHD_get_connection_values(r->conn, MHD_HEADER_KIND, xff_one,
					  &j);
		if (!buf_error(&xff))
			http_forwarded_client(cfg->trusted, cfg->ntrusted,
					      peer, xff.len ? xff.ptr : NULL,
					      client);
	}
	r->client_ip = arena_strdup(&r->arena, client);
	return r->client_ip ? r->client_ip : "unknown";
}

long
http_read_your_writes(const struct request *r)
{
	const struct server_config *cfg;

	if (!r->server)
		return 0;
	cfg = server_config_of(r->server);
	return cfg->replica ? cfg->read_your_writes : 0;
}

size_t
http_max_body(const struct request *r)
{
	return r->server ? server_config_of(r->server)->max_body : 0;
}

bool
http_forwarded_https(struct request *r)
{
	const char *proto = http_header(r, "X-Forwarded-Proto");
	char peer[HTTP_ADDR_MAX];

	if (!proto || strcasecmp(proto, "https"))
		return false;
	peer_address(r, peer);
	return peer_trusted(r, peer);
}

int
http_add_header(struct request *r, const char *name, const char *value)
{
	if (r->nheaders == r->headers_cap) {
		size_t cap = r->headers_cap ? r->headers_cap * 2 : 4;
		const char **h = arena_new(&r->arena, const char *, cap * 2);

		if (!h)
			return ERR_NOMEM;
		if (r->nheaders)
			memcpy(h, r->headers, r->nheaders * 2 * sizeof(*h));
		r->headers = h;
		r->headers_cap = cap;
	}
	r->headers[r->nheaders * 2] = arena_strdup(&r->arena, name);
	r->headers[r->nheaders * 2 + 1] = arena_strdup(&r->arena, value);
	if (!r->headers[r->nheaders * 2] || !r->headers[r->nheaders * 2 + 1])
		return ERR_NOMEM;
	r->nheaders++;
	return 0;
}

int
http_set_cookie(struct request *r, const char *name, const char *value,
		long max_age)
{
	bool secure = http_forwarded_https(r);
	char age[48] = "";
	char *v;

	if (max_age > 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	else if (max_age < 0)
		snprintf(age, sizeof(age), "; Max-Age=0");
	v = arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
			 name, max_age < 0 ? "" : value, age,
			 secure ? "; Secure" : "");
	if (!v)
		return ERR_NOMEM;
	return http_add_header(r, "Set-Cookie", v);
}

int
http_redirect(struct request *r, const char *location)
{
	r->status = 303;
	r->content_type = NULL;
	buf_reset(&r->out);
	return http_add_header(r, "Location", location);
}

int
http_read_form(struct request *r, const struct form **out)
{
	const char *ct = http_header(r, "Content-Type"), *why = NULL;
	struct form *f;
	int rc;

	*out = r->form;
	if (r->form)
		return 0;
	f = arena_new(&r->arena, struct form, 1);
	if (!f)
		return ERR_NOMEM;
	if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33))
		rc = form_parse_urlencoded(&r->arena, r->body, r->body_len, f,
					   &why);
	else if (ct && !strncasecmp(ct, "multipart/form-data", 19))
		rc = form_parse_multipart(&r->arena, ct, r->body, r->body_len,
					  f, &why);
	else
		return http_fail(r, ERR_INVALID, NULL,
				 "expected a form body");
	if (rc)
		return why ? http_fail(r, rc, NULL, "%s", why) : rc;
	r->form = f;
	*out = f;
	return 0;
}

/* Replace each byte of `b` that is not part of a UTF-8 sequence by U+FFFD. */
static void
utf8_repair(struct buf *b)
{
	struct buf fixed;
	size_t i = 0;

	buf_init(&fixed, b->a, b->max);
	while (i < b->len) {
		size_t n = utf8_seq_len(b->ptr + i, b->len - i);

		if (n) {
			buf_add(&fixed, b->ptr + i, n);
			i += n;
		} else {
			buf_addstr(&fixed, "\xEF\xBF\xBD");
			i++;
		}
	}
	*b = fixed;
}

int
http_fail(struct request *r, int rc, const char *field, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, &r->arena, 4096);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/*
	 * A message may quote the input (the JSON parser's "near '...'"),
	 * which need not be UTF-8: the error must still be valid JSON text.
	 */
	if (!buf_error(&b) && !utf8_valid(b.ptr, b.len))
		utf8_repair(&b);
	r->error_message = buf_error(&b) ? NULL : b.ptr;
	r->error_field = field ? arena_strdup(&r->arena, field) : NULL;
	r->error_key = NULL;
	for (size_t i = 0; i < PROBLEM_ARGS; i++)
		r->error_arg[i] = NULL;
	return rc;
}

int
http_problem(struct request *r, int rc, const struct problem *pb)
{
	if (!pb || !pb->message)
		return rc;
	http_fail(r, rc, pb->field, "%s", pb->message);
	r->error_key = pb->key;
	r->error_min = pb->min;
	r->error_max = pb->max;
	for (size_t i = 0; i < PROBLEM_ARGS; i++)
		r->error_arg[i] = pb->arg[i] ?
			arena_strdup(&r->arena, pb->arg[i]) : NULL;
	return rc;
}

int
http_send(struct request *r, int status, const char *content_type,
	  const void *data, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	r->out_static = NULL;
	buf_reset(&r->out);
	buf_add(&r->out, data, len);
	return buf_error(&r->out);
}

static void
json_release(void *v)
{
	json_decref(v);
}

/*
 * Write `v` as compact JSON, as json_dumps(v, JSON_COMPACT) would (objects
 * keep their keys' order), in one pass over the values and with no
 * allocation but the buffer's: jansson's own writer costs several times as
 * much for the lists of records most responses are.
 */
static void
put_json(struct buf *b, const json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_addch(b, '{');
		i = 0;
		json_object_foreach(DECONST(json_t *, v), key, item) {
			if (i++)
				buf_addch(b, ',');
			buf_add_json_string(b, key, strlen(key));
			buf_addch(b, ':');
			put_json(b, item);
		}
		buf_addch(b, '}');
		break;
	case JSON_ARRAY:
		buf_addch(b, '[');
		json_array_foreach(v, i, item) {
			if (i)
				buf_addch(b, ',');
			put_json(b, item);
		}
		buf_addch(b, ']');
		break;
	case JSON_STRING:
		buf_add_json_string(b, json_string_value(v),
				    json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_add_int(b, json_integer_value(v));
		break;
	case JSON_REAL: {
		char text[64];
		size_t n = json_dumpb(v, text, sizeof(text),
				      JSON_COMPACT | JSON_ENCODE_ANY);

		buf_add(b, text, n < sizeof(text) ? n : 0);
		break;
	}
	case JSON_TRUE:
		buf_addstr(b, "true");
		break;
	case JSON_FALSE:
		buf_addstr(b, "false");
		break;
	case JSON_NULL:
		buf_addstr(b, "null");
		break;
	}
}

int
http_json(struct request *r, int status, json_t *v)
{
	int rc = 0;

	if (!v)
		return ERR_NOMEM;
	r->out_static = NULL;
	buf_reset(&r->out);
	put_json(&r->out, v);
	if (buf_error(&r->out)) {
		rc = buf_error(&r->out);
		buf_reset(&r->out);
		goto out;
	}
	r->status = status;
	r->content_type = "application/json";
out:
	json_decref(v);
	return rc;
}

json_t *
http_own(struct request *r, json_t *v)
{
	if (!v)
		return NULL;
	if (!r->owned && !(r->owned = json_array()))
		abort();
	/* The array takes the reference; jansson fails only without heap. */
	if (json_array_append_new(r->owned, v))
		abort();
	return v;
}

int
http_read_json(struct request *r, json_t **out)
{
	const char *ct = http_header(r, "Content-Type");
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	if (!ct || strncasecmp(ct, "application/json", 16) ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' '))
		return http_fail(r, ERR_INVALID, NULL,
				 "expected a body of type application/json");
	v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return http_fail(r, ERR_INVALID, NULL,
				 "malformed JSON at line %d, column %d: %s",
				 jerr.line, jerr.column, jerr.text);
	if (arena_defer(&r->arena, json_release, v)) {
		json_decref(v);
		return ERR_NOMEM;
	}
	if (!json_is_object(v))
		return http_fail(r, ERR_INVALID, NULL,
				 "the body must be a JSON object");
	*out = v;
	return 0;
}

int
http_param_id(struct request *r, const char *name, int64_t *out)
{
	const char *s = http_param(r, name);
	int64_t v = 0;

	*out = 0;
	if (!s || !*s || strlen(s) > 18)
		goto invalid;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			goto invalid;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		goto invalid;
	*out = v;
	return 0;

invalid:
	return http_fail(r, ERR_INVALID, name,
			 "%s must be a positive integer", name);
}
