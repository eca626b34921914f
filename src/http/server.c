/*
 * server.c - the HTTP server on libmicrohttpd (see http.h).
 *
 * The life of a request (docs/ARCHITECTURE.md tells it at more length):
 *
 *  1. libmicrohttpd parses the request line and headers and calls
 *     on_request() the first time: we make an `exchange` (the request, its
 *     arena, the body being read), check the header size (431), find the
 *     route (404, 405) and the announced body size (413). Any of these
 *     answers at once, without reading the body.
 *  2. Further calls hand us the body in pieces; we keep at most max_body
 *     bytes and remember if there was more (413).
 *  3. The last call runs the handler with a database connection lent from
 *     the pool, turns an error code into the JSON error, and queues the
 *     response with the security headers every response carries.
 *  4. on_completed() writes the access-log line and releases the arena,
 *     which runs its cleanup hooks (freeing JSON values). The database
 *     connection went back to the pool as soon as the answer was ready
 *     (respond()), not when it has been sent.
 *
 * Worker threads come from libmicrohttpd's thread pool; a handler runs on
 * one of them and may block (on the database). A worker serves every
 * connection it accepted, so a handler that takes seconds would hold up
 * the others: a ROUTE_LONG route's handler runs on a thread of its own
 * instead, its connection suspended until the answer is queued
 * (run_apart()). The pool of database connections is as large as the
 * thread pool plus SERVER_APART_MAX, and a request holds its connection
 * only while its handler runs, so a handler never waits for one.
 *
 * What a handler calls on its request (the query, headers, bodies, the
 * answer, http_fail()) is in request.c.
 */
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/macros.h"
#include "base/time.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "http/http.h"
#include "http/http_int.h"

#define DEFAULT_THREADS 4
#define DEFAULT_MAX_BODY ((size_t)1 << 20)
#define DEFAULT_MAX_HEADER ((size_t)16 << 10)
#define DEFAULT_TIMEOUT 30
#define DEFAULT_DRAIN 30
/*
 * Memory per connection: headers must fit, with room to spare above our
 * own header limit so that we, not the library, answer most oversized
 * headers. No more: libmicrohttpd zeroes all of it after every request
 * of a kept-alive connection, which at 64 KiB was a tenth of the CPU of
 * a list answered from the memo.
 */
#define CONNECTION_MEMORY ((size_t)32 << 10)
/*
 * The most query arguments a request may carry: libmicrohttpd keeps each
 * in the connection's memory, and a request line of a few kilobytes with
 * a thousand arguments exhausts it (the library then answers nothing and
 * the client waits for the timeout). More get 414 at once.
 */
#define MAX_QUERY_ARGS 100
/* The most a request's arena may take: the body plus working room. */
#define ARENA_SLACK ((size_t)8 << 20)

#define SECURITY_CSP "default-src 'self'; img-src 'self' data:; " \
	"style-src 'self'; script-src 'self'; object-src 'none'; " \
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

struct server {
	struct MHD_Daemon *daemon;
	struct server_config cfg;
	atomic_int inflight;		/* requests between start and end */
	atomic_int apart;		/* handlers on threads of their own */
	atomic_bool stopping;
};

/* A request and the server's bookkeeping for it. */
struct exchange {
	struct request req;		/* first: handlers get &x->req */
	const struct route *route;
	int64_t start_us;
	struct buf in;			/* the body as it arrives */
	int early_rc;			/* answer without reading the body */
	bool too_large;			/* the body passed max_body */
	bool db_lent;
	bool apart;			/* answered by run_apart()'s thread */
};

const struct server_config *
server_config_of(const struct server *s)
{
	return &s->cfg;
}

static enum http_method
method_of(const char *m)
{
	static const struct {
		const char *name;
		enum http_method method;
	} methods[] = {
		{ "GET", HTTP_GET }, { "POST", HTTP_POST },
		{ "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "HEAD", HTTP_HEAD },
		{ "OPTIONS", HTTP_OPTIONS },
	};

	for (size_t i = 0; i < ARRAY_SIZE(methods); i++)
		if (!strcmp(m, methods[i].name))
			return methods[i].method;
	return HTTP_OTHER;
}

/*
 * Decode %HH escapes in a path or query argument, in place (the library's
 * unescape callback). An escaped NUL would cut the text short where C sees
 * it, so it decodes to 0xFF instead: a byte that is never UTF-8, which
 * first_checks() then refuses with the rest of the invalid UTF-8.
 */
static size_t
unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *w = s;

	(void)cls;
	(void)conn;
	for (const char *p = s; *p; p++) {
		int hi, lo;

		if (*p == '%' && (hi = http_hex_value(p[1])) >= 0 &&
		    (lo = http_hex_value(p[2])) >= 0) {
			char c = (char)(hi << 4 | lo);

			*w++ = c ? c : (char)0xFF;
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* The first query argument that is not UTF-8 text, for first_checks(). */
struct bad_arg {
	const char *name;
};

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
	  const char *value)
{
	struct bad_arg *bad = cls;

	(void)kind;
	if (!utf8_valid(key, strlen(key)) ||
	    (value && !utf8_valid(value, strlen(value)))) {
		bad->name = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/* How many times header `name` was sent. */
struct header_count {
	const char *name;
	int n;
};

static enum MHD_Result
count_header(void *cls, enum MHD_ValueKind kind, const char *key,
	     const char *value)
{
	struct header_count *hc = cls;

	(void)kind;
	(void)value;
	if (!strcasecmp(key, hc->name))
		hc->n++;
	return MHD_YES;
}

static int
header_times(struct MHD_Connection *conn, const char *name)
{
	struct header_count hc = { name, 0 };

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &hc);
	return hc.n;
}

static enum MHD_Result
add_header_bytes(void *cls, enum MHD_ValueKind kind, const char *key,
		 const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static size_t
header_bytes(struct MHD_Connection *conn)
{
	size_t total = 0;

	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_bytes,
				  &total);
	return total;
}

/* Turn a handler's error code into the JSON error of DESIGN §3. */
static void
render_error(struct request *r, int rc)
{
	json_t *err = json_object(), *body = json_object();

	json_object_set_new(err, "code", json_string(err_code(rc)));
	json_object_set_new(err, "message", json_string(
		r->error_message ? r->error_message : err_str(rc)));
	if (r->error_field)
		json_object_set_new(err, "field", json_string(r->error_field));
	/* What a client needs to say it in its reader's language. */
	if (r->error_key) {
		json_object_set_new(err, "key", json_string(r->error_key));
		if (r->error_min || r->error_max) {
			json_object_set_new(err, "min",
					    json_integer(r->error_min));
			json_object_set_new(err, "max",
					    json_integer(r->error_max));
		}
		if (r->error_arg[0]) {
			json_t *args = json_array();

			for (size_t i = 0; i < PROBLEM_ARGS &&
			     r->error_arg[i]; i++)
				json_array_append_new(args, json_string(
						      r->error_arg[i]));
			json_object_set_new(err, "args", args);
		}
	}
	json_object_set_new(body, "error", err);
	if (http_json(r, err_http_status(rc), body))
		http_send(r, 500, "application/json",
			  "{\"error\":{\"code\":\"internal\","
			  "\"message\":\"out of memory\"}}", 51);
}

/*
 * Whether a request that matched no route came from a person's browser: it
 * accepts HTML and is not for the API. It then gets an error page.
 */
static bool
wants_page(const struct request *r)
{
	const char *accept = http_header(r, "Accept");

	return accept && strstr(accept, "text/html") &&
	       strncmp(r->path, "/api/", 5) && strcmp(r->path, "/healthz");
}

/*
 * Give the request's connection back to the pool (if it has one): once
 * its answer is ready (respond()), and at the latest when its arena goes.
 */
static void
release_db(void *cls)
{
	struct exchange *x = cls;

	if (!x->req.db)
		return;
	db_pool_release(x->req.server->cfg.pool, x->req.db);
	x->req.db = NULL;
}

/*
 * Lend the request a connection of the pool until its answer is ready.
 * Not until the answer has been sent: a worker thread serves many
 * connections, and one that waits for a connection of the pool while the
 * answers holding them wait for that same thread to be sent would wait
 * for ever.
 */
static int
lend_db(struct exchange *x)
{
	struct request *r = &x->req;

	if (r->db || !r->server->cfg.pool)
		return 0;
	r->db = db_pool_acquire(r->server->cfg.pool);
	if (arena_defer(&r->arena, release_db, x)) {
		db_pool_release(r->server->cfg.pool, r->db);
		r->db = NULL;
		return ERR_NOMEM;
	}
	return 0;
}

/* Answer with the error `rc`: an HTML page for pages, JSON otherwise. */
static void
fail_request(struct exchange *x, int rc)
{
	struct request *r = &x->req;

	r->out_static = NULL;
	if (!r->server->cfg.render_error_page ||
	    !(x->route ? (x->route->flags & ROUTE_PAGE) : wants_page(r))) {
		render_error(r, rc);
		return;
	}
	/*
	 * A page nobody routed is still shown in the caller's own layout
	 * (their menu, their name): find out who is asking first.
	 */
	if (!x->route && r->server->cfg.authenticate && !lend_db(x) && r->db)
		r->server->cfg.authenticate(r);
	r->server->cfg.render_error_page(r, rc);
}

/*
 * Forget what a handler answered so far, so that it can run again from
 * the start (on another connection, see read_on_replica()).
 */
static void
reset_answer(struct request *r)
{
	r->status = 0;
	buf_reset(&r->out);
	r->out_static = NULL;
	r->out_static_len = 0;
	r->content_type = NULL;
	r->etag = NULL;
	r->cache_control = NULL;
	r->error_field = NULL;
	r->error_message = NULL;
	r->error_key = NULL;
	r->error_min = r->error_max = 0;
	r->nheaders = 0;
}

/*
 * The path as logs show it: the route's pattern when the path carries a
 * secret (ROUTE_SECRET_PATH), else the path.
 */
static const char *
logged_path(const struct exchange *x)
{
	if (x->route && (x->route->flags & ROUTE_SECRET_PATH))
		return x->route->pattern;
	return x->req.path;
}

/*
 * Run the handler of a GET route on a connection of the replica, when
 * the server has one, the route does not write (ROUTE_WRITES), the
 * caller has not written lately and the replica lends one (db_replica_acquire() decides whether it is fresh enough):
 * the one place where reads leave the primary. Returns the handler's
 * result, or 1 when it did not run here. A handler that fails because the
 * replica broke or refused a write (db_lost()) ran on a read-only
 * snapshot and changed nothing: it runs again on the primary.
 */
static int
read_on_replica(struct exchange *x)
{
	struct request *r = &x->req;
	struct db_replica *rep = r->server->cfg.replica;
	struct db *primary = r->db, *replica;
	int rc;

	if (!rep || !primary || r->reads_primary ||
	    (x->route->flags & ROUTE_WRITES) ||
	    !(r->method & (HTTP_GET | HTTP_HEAD)) ||
	    !(replica = db_replica_acquire(rep)))
		return 1;
	r->db = replica;
	rc = x->route->handler(r);
	r->db = primary;
	if (rc && db_lost(replica)) {
		log_warn("replica: %s %s: %s; answered by the primary",
			 r->method_name, logged_path(x), db_errmsg(replica));
		reset_answer(r);
		rc = 1;
	}
	db_replica_release(rep, replica);
	return rc;
}

/*
 * An API answer to GET is tagged with a digest of its bytes (hash64(),
 * base/hash.h), whichever server made it: a client that sends the tag
 * back in If-None-Match gets 304 and no body while nothing changed.
 * Answers that carry their own tag (static files) keep it.
 */
static void
tag_answer(struct request *r)
{
	const char *inm;
	char *tag;

	if (r->status != 200 || r->etag || r->out_static ||
	    !(r->method & (HTTP_GET | HTTP_HEAD)) || strncmp(r->path, "/api/", 5))
		return;
	tag = arena_alloc(&r->arena, HASH_ETAG_SIZE, 1);
	if (!tag)
		return;
	hash_etag(tag, r->out.ptr, r->out.len);
	r->etag = tag;
	inm = http_header(r, "If-None-Match");
	if (inm && (strstr(inm, tag) || !strcmp(inm, "*"))) {
		r->status = 304;
		buf_reset(&r->out);
	}
}

static void
dispatch(struct exchange *x)
{
	struct request *r = &x->req;
	bool asked = false;
	int rc;

	if (!(x->route->flags & ROUTE_NO_DB) && lend_db(x)) {
		fail_request(x, ERR_NOMEM);
		return;
	}
	rc = 0;
	if (r->db && r->server->cfg.authenticate)
		rc = r->server->cfg.authenticate(r);
	if (!rc && !(x->route->flags & ROUTE_PUBLIC) && !r->principal)
		rc = http_fail(r, ERR_UNAUTH, NULL, "please sign in first");
	if (!rc && x->route->perm && r->principal &&
	    r->server->cfg.authorize)
		rc = r->server->cfg.authorize(r, x->route->perm);
	if (!rc && x->route->confirm && (x->route->flags & ROUTE_PAGE) &&
	    r->method == HTTP_POST && r->server->cfg.confirm)
		rc = r->server->cfg.confirm(r, &asked);
	if (!rc && !asked && (rc = read_on_replica(x)) == 1)
		rc = x->route->handler(r);
	if (rc) {
		fail_request(x, rc);
		return;
	}
	if (!r->status)
		r->status = 200;
	tag_answer(r);
}

static void
add_allow_header(struct MHD_Response *resp, unsigned methods)
{
	static const char *const names[] = {
		"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"
	};
	char allow[64];
	size_t n = 0;

	if (methods & HTTP_GET)
		methods |= HTTP_HEAD;
	allow[0] = '\0';
	for (int i = 0; i < 7; i++)
		if (methods & (1u << i))
			n += (size_t)snprintf(allow + n, sizeof(allow) - n,
					      "%s%s", n ? ", " : "", names[i]);
	MHD_add_response_header(resp, "Allow", allow);
}

static enum MHD_Result
respond(struct exchange *x, struct MHD_Connection *conn)
{
	struct request *r = &x->req;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	/* The handler is done with the database: let others have it. */
	release_db(x);
	/* The body lives in the arena (or the binary) until on_completed(). */
	if (r->out_static)
		resp = MHD_create_response_from_buffer(r->out_static_len,
			DECONST(void *, r->out_static), MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(r->out.len, r->out.ptr,
						       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "Cache-Control",
				r->cache_control ? r->cache_control : "no-store");
	if (r->etag)
		MHD_add_response_header(resp, "ETag", r->etag);
	if (r->status == 405)
		add_allow_header(resp, r->allowed_methods);
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[2 * i],
					r->headers[2 * i + 1]);
	MHD_add_response_header(resp, "Content-Security-Policy", SECURITY_CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (atomic_load(&r->server->stopping))
		MHD_add_response_header(resp, "Connection", "close");
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/*
 * The thread of a long request: run its handler, give the database
 * connection back, and wake the connection, whose worker then queues the
 * answer (on_request()).
 */
static void *
answer_apart(void *cls)
{
	struct exchange *x = cls;
	struct MHD_Connection *conn = x->req.conn;
	struct server *s = x->req.server;

	dispatch(x);
	release_db(x);
	MHD_resume_connection(conn);
	atomic_fetch_sub(&s->apart, 1);
	return NULL;
}

/*
 * Run a ROUTE_LONG request's handler on a thread of its own and suspend
 * its connection meanwhile; the thread resumes it when the answer is
 * ready, and libmicrohttpd calls on_request() again to send it. False
 * when SERVER_APART_MAX such threads run already, the server is
 * stopping (a suspended connection must not outlive the daemon) or no
 * thread can be made: then the request is answered here, as any other.
 */
static bool
run_apart(struct exchange *x, struct MHD_Connection *conn)
{
	struct server *s = x->req.server;
	pthread_attr_t attr;
	pthread_t thread;
	bool started = false;

	if (atomic_fetch_add(&s->apart, 1) >= SERVER_APART_MAX ||
	    atomic_load(&s->stopping))
		goto out;
	if (pthread_attr_init(&attr))
		goto out;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	x->apart = true;
	MHD_suspend_connection(conn);
	started = !pthread_create(&thread, &attr, answer_apart, x);
	pthread_attr_destroy(&attr);
	if (!started) {
		MHD_resume_connection(conn);
		x->apart = false;
	}
out:
	if (!started)
		atomic_fetch_sub(&s->apart, 1);
	return started;
}

static struct exchange *
exchange_new(struct server *s, struct MHD_Connection *conn, const char *url,
	     const char *method)
{
	struct exchange *x = xcalloc(1, sizeof(*x));
	struct request *r = &x->req;

	x->start_us = time_monotonic_us();
	arena_init(&r->arena, s->cfg.max_body + ARENA_SLACK);
	buf_init(&r->out, &r->arena, 0);
	buf_init(&x->in, NULL, s->cfg.max_body);
	r->server = s;
	r->conn = conn;
	r->method = method_of(method);
	r->method_name = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	r->body = "";
	return x;
}

/* The checks made before any of the body is read; 0 or an error code. */
static int
first_checks(struct server *s, struct exchange *x, struct MHD_Connection *conn)
{
	struct request *r = &x->req;
	struct bad_arg bad = { NULL };
	const char *clen;
	int status;

	if (header_bytes(conn) > s->cfg.max_header)
		return http_fail(r, ERR_HEADERS, NULL,
				 "request headers exceed %zu bytes",
				 s->cfg.max_header);
	/*
	 * One body length, stated once: two Content-Length headers, or one
	 * beside Transfer-Encoding, are how requests are smuggled past
	 * proxies that read them differently (RFC 9112 §6.3).
	 */
	if (header_times(conn, "Content-Length") > 1 ||
	    (header_times(conn, "Content-Length") &&
	     header_times(conn, "Transfer-Encoding")))
		return http_fail(r, ERR_INVALID, NULL,
				 "conflicting Content-Length headers");
	if (!utf8_valid(r->path, strlen(r->path)))
		return http_fail(r, ERR_INVALID, NULL,
				 "the path is not UTF-8 text");
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_arg,
				  &bad);
	if (bad.name)
		return http_fail(r, ERR_INVALID, utf8_valid(bad.name,
				 strlen(bad.name)) ? bad.name : NULL,
				 "query argument is not UTF-8 text");
	x->route = router_match(s->cfg.tables, s->cfg.ntables, r->method,
				r->path, r, &status);
	if (!x->route) {
		if (status == 405)
			return http_fail(r, ERR_METHOD, NULL,
					 "%s is not allowed on %s",
					 r->method_name, r->path);
		if (status == 500)
			return ERR_NOMEM;
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	}
	clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   "Content-Length");
	if (clen && strtoull(clen, NULL, 10) > s->cfg.max_body)
		return http_fail(r, ERR_TOOBIG, NULL,
				 "request body exceeds %zu bytes",
				 s->cfg.max_body);
	return 0;
}

/* Whether the request announces a body. */
static bool
has_body(struct MHD_Connection *conn)
{
	const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						       "Content-Length");

	if (clen)
		return strtoull(clen, NULL, 10) > 0;
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   "Transfer-Encoding") != NULL;
}

/*
 * Set as a request's first context by on_uri() when its query has more
 * than MAX_QUERY_ARGS arguments; on_request() then answers 414.
 */
static char too_many_args;

/*
 * The URI log callback: libmicrohttpd calls it with the request target as
 * sent, after reading the request line and before splitting the query
 * into arguments, and makes its result the request's context. A query
 * with too many arguments is cut to nothing in place (the library has
 * found its '?' already and parses what follows it), so that the request
 * is read to its end and answered 414, instead of filling the
 * connection's memory.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	const char *q = strchr(uri, '?');
	size_t args = 1;

	(void)cls;
	(void)conn;
	if (!q || !q[1])
		return NULL;
	for (const char *p = q + 1; *p; p++)
		if (*p == '&' && ++args > MAX_QUERY_ARGS)
			break;
	if (args <= MAX_QUERY_ARGS)
		return NULL;
	DECONST(char *, q)[1] = '\0';
	return &too_many_args;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
	   const char *method, const char *version, const char *upload_data,
	   size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct exchange *x = *con_cls;

	(void)version;
	if (!x || *con_cls == &too_many_args) {
		bool too_many = x != NULL;

		x = exchange_new(s, conn, url, method);
		*con_cls = x;
		atomic_fetch_add(&s->inflight, 1);
		x->early_rc = too_many ? http_fail(&x->req, ERR_URI_TOO_LONG,
			NULL, "the query has more than %d arguments",
			MAX_QUERY_ARGS) : first_checks(s, x, conn);
		/*
		 * Refuse at once a request whose body we will not read; one
		 * without a body is answered on the next call instead, which
		 * keeps its connection open for the next request.
		 */
		if (x->early_rc && has_body(conn)) {
			fail_request(x, x->early_rc);
			return respond(x, conn);
		}
		return MHD_YES;
	}
	if (x->early_rc) {
		*upload_data_size = 0;
		fail_request(x, x->early_rc);
		return respond(x, conn);
	}
	if (*upload_data_size) {
		if (!x->too_large) {
			buf_add(&x->in, upload_data, *upload_data_size);
			if (buf_error(&x->in))
				x->too_large = true;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->too_large) {
		render_error(&x->req, http_fail(&x->req, ERR_TOOBIG, NULL,
			     "request body exceeds %zu bytes", s->cfg.max_body));
		return respond(x, conn);
	}
	if (x->apart)
		return respond(x, conn);	/* answered on its own thread */
	x->req.body = x->in.ptr;
	x->req.body_len = x->in.len;
	if ((x->route->flags & ROUTE_LONG) && run_apart(x, conn))
		return MHD_YES;
	dispatch(x);
	return respond(x, conn);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct exchange *x = *con_cls;

	(void)conn;
	if (!x || *con_cls == &too_many_args)
		return;
	log_info("%s %s %d %zu %lldus %s%s", x->req.method_name, logged_path(x),
		 x->req.status, x->req.out_static ? x->req.out_static_len
						  : x->req.out.len,
		 (long long)(time_monotonic_us() - x->start_us),
		 http_client_ip(&x->req),
		 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	json_decref(x->req.owned);
	arena_release(&x->req.arena);
	buf_release(&x->in);
	free(x);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

/* Parse "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int
resolve_listen(const char *listen, struct sockaddr_storage *ss)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char host[256];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hlen;
	int rc = ERR_INVALID;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") !=
	    strlen(colon + 1) || strlen(colon + 1) > 5 ||
	    strtol(colon + 1, NULL, 10) > 65535)
		return ERR_INVALID;
	hlen = (size_t)(colon - listen);
	if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host))
		return ERR_INVALID;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if (getaddrinfo(host, colon + 1, &hints, &res) || !res)
		return ERR_INVALID;
	if (res->ai_addrlen <= sizeof(*ss)) {
		memcpy(ss, res->ai_addr, res->ai_addrlen);
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

int
server_start(struct server **out, const struct server_config *cfg, int *port)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss = { 0 };
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	int rc;

	*out = NULL;
	s->cfg = *cfg;
	if (!s->cfg.listen)
		s->cfg.listen = "127.0.0.1:8080";
	if (!s->cfg.threads)
		s->cfg.threads = DEFAULT_THREADS;
	if (!s->cfg.max_body)
		s->cfg.max_body = DEFAULT_MAX_BODY;
	if (!s->cfg.max_header)
		s->cfg.max_header = DEFAULT_MAX_HEADER;
	if (!s->cfg.timeout)
		s->cfg.timeout = DEFAULT_TIMEOUT;
	if (!s->cfg.drain_seconds)
		s->cfg.drain_seconds = DEFAULT_DRAIN;
	rc = resolve_listen(s->cfg.listen, &ss);
	if (rc) {
		log_error("cannot listen on '%s': expected HOST:PORT",
			  s->cfg.listen);
		goto fail;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_END);
	if (!s->daemon) {
		log_error("cannot listen on '%s' (in use, or not an address "
			  "of this machine)", s->cfg.listen);
		rc = ERR_IO;
		goto fail;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : 0;
	*out = s;
	return 0;

fail:
	free(s);
	return rc;
}

void
server_stop(struct server *s)
{
	int64_t deadline;
	MHD_socket fd;

	if (!s)
		return;
	atomic_store(&s->stopping, true);
	fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	deadline = time_monotonic_us() + (int64_t)s->cfg.drain_seconds * 1000000;
	while (atomic_load(&s->inflight) > 0 && time_monotonic_us() < deadline)
		usleep(10000);
	if (atomic_load(&s->inflight) > 0)
		log_warn("closing %d requests still in flight",
			 atomic_load(&s->inflight));
	/*
	 * A long request's thread is using the database and its connection
	 * is suspended, which the daemon may not be stopped with: it ends.
	 */
	if (atomic_load(&s->apart) > 0)
		log_warn("waiting for %d long requests to end",
			 atomic_load(&s->apart));
	while (atomic_load(&s->apart) > 0)
		usleep(10000);
	MHD_stop_daemon(s->daemon);
	free(s);
}
