/*
 * http.h - the HTTP layer as handlers see it: requests, responses, routes.
 *
 * The server (server.c) runs on libmicrohttpd; nothing outside src/http/ sees
 * the library. A handler is a function of one `struct request`: it reads the
 * method, path parameters, query and body, fills the response and returns 0,
 * or returns an error code of err.h, which the server turns into the JSON
 * error of DESIGN §3 (use http_fail() to say which field and why):
 *
 *	static int
 *	get_org(struct request *r)
 *	{
 *		int64_t id;
 *		if (http_param_id(r, "id", &id))
 *			return http_fail(r, ERR_INVALID, "id",
 *					 "id must be a positive integer");
 *		...
 *		return http_json(r, 200, obj);
 *	}
 *
 * Everything a handler allocates for the request comes from r->arena and is
 * released, with its cleanup hooks, when the response has been sent;
 * handlers never free. r->db is a database connection lent for the request.
 */
#ifndef JG_HTTP_H
#define JG_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

struct db;
struct db_pool;
struct form;
struct http_net;
struct server;

enum http_method {
	HTTP_GET = 1 << 0,	/* a route for GET also answers HEAD */
	HTTP_POST = 1 << 1,
	HTTP_PUT = 1 << 2,
	HTTP_PATCH = 1 << 3,
	HTTP_DELETE = 1 << 4,
	HTTP_HEAD = 1 << 5,
	HTTP_OPTIONS = 1 << 6,
	HTTP_OTHER = 1 << 7,
};

#define HTTP_MAX_PARAMS 8

struct request {
	struct arena arena;		/* everything of this request */
	enum http_method method;
	const char *method_name;	/* as sent, e.g. "GET" */
	const char *path;		/* decoded path, without the query */
	const char *param_names[HTTP_MAX_PARAMS];	/* from :name */
	const char *param_values[HTTP_MAX_PARAMS];
	int nparams;
	unsigned allowed_methods;	/* for Allow on a 405 */
	const void *route_data;		/* the matched route's data */
	const struct route *route;	/* the matched route */
	const char *body;		/* NUL-terminated; "" when none */
	size_t body_len;
	struct db *db;			/* lent for the request; NULL if none */
	bool reads_primary;		/* set by authenticate: the caller
					 * wrote lately, so a GET reads from
					 * the primary (read-your-writes) */
	void *principal;		/* who asks: set by the authenticate
					 * hook (auth.h), NULL if anonymous */
	const struct form *form;	/* cached by http_read_form() */
	json_t *owned;			/* JSON values the request owns
					 * (http_own()), released at its end */

	/* The response, filled by the handler or by the error path. */
	int status;
	struct buf out;			/* the body */
	const char *out_static;		/* or this, when not NULL: bytes that
					 * outlive the request (embedded) */
	size_t out_static_len;
	const char *content_type;
	const char *etag;		/* quoted, or NULL */
	const char *cache_control;	/* NULL: "no-store" */
	const char *error_field;	/* for the JSON error, or NULL */
	const char *error_message;	/* for the JSON error, or NULL */
	const char *error_key;		/* the problem's catalog key (err.h),
					 * with its numbers, or NULL */
	long long error_min, error_max;
	const char *error_arg[PROBLEM_ARGS];	/* its texts, or NULL */
	const char **headers;		/* extra response headers: name, value */
	size_t nheaders;		/* pairs in headers */
	size_t headers_cap;

	const char *client_ip;		/* cached by http_client_ip() */
	void *conn;			/* private to server.c and request.c */
	struct server *server;		/* private to server.c */
};

typedef int http_handler_fn(struct request *r);

/* Route flags. */
enum {
	ROUTE_NO_DB = 1 << 0,	/* needs no database (and so no principal) */
	ROUTE_PUBLIC = 1 << 1,	/* answers anonymous callers too */
	ROUTE_PAGE = 1 << 2,	/* a page: errors as HTML, 401 -> login */
	/*
	 * Any signed-in caller may call it: what it shows or changes is
	 * decided by its records (a trainee's own hours, a firm's own
	 * slots), through the module's rules and scope hooks.
	 */
	ROUTE_SIGNED_IN = 1 << 3,
	/*
	 * A GET that writes (a calendar feed records when it was last
	 * fetched): it runs on the primary, never on a replica.
	 */
	ROUTE_WRITES = 1 << 4,
	/*
	 * Its path carries a secret (a feed's subscription token): logs
	 * name the route's pattern, never the path.
	 */
	ROUTE_SECRET_PATH = 1 << 5,
	/*
	 * It may take seconds (a fair's import, run or publication, a
	 * month's statements): it runs on a thread of its own while its
	 * connection waits, so that the worker thread goes on serving the
	 * other connections it holds (server.c, run_apart()).
	 */
	ROUTE_LONG = 1 << 6,
};

/*
 * How many ROUTE_LONG requests run on threads of their own at once; one
 * more waits its turn on its worker thread, as any other request. The
 * pool of database connections has this many beside the workers' own.
 */
#define SERVER_APART_MAX 2

/*
 * What an irreversible step says before it acts (route.confirm): the
 * catalog key of its sentence ("将为 {{title}} 办理{{kind}}，此操作不可撤销"),
 * in which {{title}} is the title of the record the path's :id names in
 * table `table` (its SQL name; NULL: the sentence names none) and any
 * other {{NAME}} the form's field or the path's parameter NAME, read as
 * the text at catalog key `labels` + its value when the catalog has one
 * ("incubation.events." + "graduated": 毕业出园). A page route that has
 * one asks first: its POST without the form field `confirm` answers the
 * confirmation page (server_config.confirm) and changes nothing. An API
 * route names route_irreversible: the OpenAPI document marks the
 * operation x-irreversible, and the API acts at once (its callers are
 * programs, which were told).
 */
struct route_confirm {
	const char *key;
	const char *table;
	const char *labels;
};

/* The confirm of an API route: irreversible, said by its document. */
extern const struct route_confirm route_irreversible;

/*
 * One row of a route table. `pattern` is a path whose segments are literal
 * or `:name` (one segment, exposed by http_param()), or ends with `*` (the
 * rest of the path, exposed as the parameter "*"). Tables end with a row
 * whose pattern is NULL.
 */
struct route {
	unsigned methods;		/* HTTP_GET | HTTP_POST ... */
	const char *pattern;
	http_handler_fn *handler;
	unsigned flags;
	const void *data;		/* for the handler: r->route_data */
	/*
	 * Who may call it, declared once here: an action of auth.h's enum
	 * perm that the caller must hold for some records (the server asks
	 * the authorize hook before the handler; the rules still judge each
	 * record), or 0 (PERM_NONE) with ROUTE_PUBLIC or ROUTE_SIGNED_IN.
	 * The permission matrix and the OpenAPI document's x-roles are
	 * derived from it.
	 */
	int perm;
	/* An irreversible step: what it says first (NULL: not one). */
	const struct route_confirm *confirm;
};

/*
 * Find the route for `method` and `path` among `tables` (ntables of them,
 * searched in order). Fills r->param_* on a match. Returns the route, or NULL
 * with *status set to 404 (no pattern matches the path), 405 (a pattern
 * matches but not for this method; r->allowed_methods then says which
 * methods would do) or 500 (the request's arena is exhausted).
 */
const struct route *router_match(const struct route *const *tables,
				 int ntables, enum http_method method,
				 const char *path, struct request *r,
				 int *status);

/* Path parameter `name`, or NULL. */
const char *http_param(const struct request *r, const char *name);

/*
 * Path parameter `name` as a positive 63-bit integer in *out. Returns 0 or
 * ERR_INVALID (with the error set on r, naming the parameter).
 */
int http_param_id(struct request *r, const char *name, int64_t *out);

/* Query-string argument `name` (decoded), or NULL. */
const char *http_query(const struct request *r, const char *name);

/* Call fn(ctx, key, value) for each query-string argument, in order. */
void http_query_foreach(const struct request *r,
			void (*fn)(void *ctx, const char *key,
				   const char *value), void *ctx);

/* Request header `name` (case-insensitive), or NULL. */
const char *http_header(const struct request *r, const char *name);

/* Cookie `name` of the request, or NULL. */
const char *http_cookie(const struct request *r, const char *name);

/*
 * The client's address as text ("127.0.0.1", "::1"; "unknown" if it
 * cannot be had); never NULL, in r's arena. The socket's peer, unless the
 * peer is one of the server's trusted proxies (server_config.trusted):
 * then the client X-Forwarded-For names, found as proxy.h says. Every
 * limit and log keyed by address uses this.
 */
const char *http_client_ip(struct request *r);

/*
 * Whether the request came over TLS through a trusted proxy: its peer is
 * a trusted proxy and sent X-Forwarded-Proto: https. From anyone else the
 * header is ignored.
 */
bool http_forwarded_https(struct request *r);

/*
 * How many seconds a caller's reads stay on the primary after it wrote
 * (read-your-writes, server_config.read_your_writes), or 0 when the
 * server has no replica: then there is nothing to record.
 */
long http_read_your_writes(const struct request *r);

/*
 * The most bytes the server takes in a request body (server_config's
 * max_body, `serve --max-body`), for a page that says how large an
 * upload may be; 0 for a request no server made (a unit test's).
 */
size_t http_max_body(const struct request *r);

/*
 * Parse an application/x-www-form-urlencoded or multipart/form-data body
 * (form.h) into *out, once per request. Returns 0, or ERR_INVALID (with the
 * reason set on r) for another Content-Type or a malformed body.
 */
int http_read_form(struct request *r, const struct form **out);

/* Add a response header (both strings are copied). 0 or ERR_NOMEM. */
int http_add_header(struct request *r, const char *name, const char *value);

/*
 * Set a cookie: HttpOnly, SameSite=Lax, Path=/, and Secure when the request
 * came over TLS through a trusted proxy (http_forwarded_https()).
 * `max_age` in seconds; 0 makes a session cookie, a negative value
 * deletes it.
 */
int http_set_cookie(struct request *r, const char *name, const char *value,
		    long max_age);

/*
 * Answer 303 See Other to `location` (a path on this site). A location
 * that comes from input goes through http_redirect_local() instead.
 */
int http_redirect(struct request *r, const char *location);

/* The longest redirect target http_local_path() accepts, in bytes. */
#define HTTP_LOCAL_PATH_MAX 4096

/*
 * Whether `target` (a C string, or NULL) is a path on this site that no
 * browser can read as another site: the one check of every redirect
 * target taken from input (a form's `next`, a notification's link). It
 * starts with exactly one "/"; it holds no byte <= 0x20 (browsers drop a
 * tab or newline, leaving "//host"), no 0x7f and no backslash (read as
 * "/"); and so does what every level of percent-decoding makes of it
 * ("/%09/evil", "/%2F/evil", "/%5Cevil", the double-encoded "/%2509/x").
 * False for NULL, "", "http://x", "//x" and anything of HTTP_LOCAL_PATH_MAX
 * bytes or more. Pure; allocates nothing.
 */
bool http_local_path(const char *target);

/*
 * Answer 303 to `target` when http_local_path() accepts it, else to
 * `fallback` (a constant path of ours). Errors as http_redirect().
 */
int http_redirect_local(struct request *r, const char *target,
			const char *fallback);

/*
 * Parse the body as a JSON object into *out (released with the arena).
 * Returns 0, or ERR_INVALID with a message giving the line and column of the
 * first error (also for an empty body, a body that is not an object, or a
 * Content-Type other than application/json).
 */
int http_read_json(struct request *r, json_t **out);

/*
 * Hand `v` (a new reference, or NULL) to the request: it lives until the
 * request ends and is then released, so that a handler never calls
 * json_decref() (scripts/check-source refuses it in handler files).
 * Returns v. Heap exhaustion aborts.
 */
json_t *http_own(struct request *r, json_t *v);

/*
 * Answer `status` with the JSON text of `v` (which this call takes over:
 * it is decref'd). Returns 0, or ERR_NOMEM if it cannot be serialised.
 */
int http_json(struct request *r, int status, json_t *v);

/* Answer `status` with `len` bytes of `data` and the given Content-Type. */
int http_send(struct request *r, int status, const char *content_type,
	      const void *data, size_t len);

/*
 * Record why the request fails and return `rc`, so a handler can write
 * `return http_fail(r, ERR_INVALID, "name", "name is required");`.
 * `field` may be NULL. The message is copied.
 */
int http_fail(struct request *r, int rc, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Fail with a rule's problem (err.h): its field and message when it has
 * them, the plain error otherwise, and its catalog key with the numbers
 * its text names (the JSON error's `key`, `min`, `max`). Returns rc.
 */
int http_problem(struct request *r, int rc, const struct problem *pb);

/*
 * Server configuration. Zero values mean the defaults noted.
 */
struct server_config {
	const char *listen;		/* "HOST:PORT" (127.0.0.1:8080) */
	int threads;			/* worker threads (4) */
	size_t max_body;		/* request body cap in bytes (1 MiB) */
	size_t max_header;		/* total request header bytes (16 KiB) */
	unsigned timeout;		/* idle seconds before a cut (30) */
	unsigned drain_seconds;		/* wait for requests on stop (30) */
	/*
	 * Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
	 * believed (proxy.h); none by default. The array must outlive the
	 * server.
	 */
	const struct http_net *trusted;
	size_t ntrusted;
	const struct route *const *tables;	/* route tables, in order */
	int ntables;
	struct db_pool *pool;		/* connections lent to requests */
	/*
	 * A streaming replica (db.h), or NULL. The handler of a GET or HEAD
	 * route runs on one of its connections when db_replica_acquire()
	 * lends one and the caller has not written lately (reads_primary);
	 * authenticate and authorize always run on the primary (a session
	 * revoked there is revoked at once). A handler that fails because
	 * the replica went away, or because it tried to write, runs again,
	 * from the start, on the primary.
	 */
	struct db_replica *replica;
	long read_your_writes;		/* seconds; see http_read_your_writes() */
	/*
	 * Called before every handler that has a database connection, with
	 * the whole body read: identifies the caller (r->principal) and checks
	 * what must hold for every request (a CSRF token). Returns 0 or an
	 * error code, which answers the request instead of the handler.
	 */
	int (*authenticate)(struct request *r);
	/*
	 * Called after authenticate for a route that names a permission
	 * (route.perm != 0) and a signed-in caller: 0 when the caller holds
	 * it for some records, else the error that answers the request.
	 */
	int (*authorize)(struct request *r, int perm);
	/*
	 * Called before the handler of a ROUTE_PAGE POST route that names
	 * a route.confirm, after authorize: sets *asked when it answered
	 * the request with the confirmation page instead (the form did not
	 * say `confirm`), so that the handler does not run. Returns 0 or
	 * an error, which answers the request. NULL: never asks.
	 */
	int (*confirm)(struct request *r, bool *asked);
	/* Renders an error of a ROUTE_PAGE route as HTML; NULL: JSON. */
	void (*render_error_page)(struct request *r, int rc);
};

/*
 * Start serving in background threads. Returns 0, ERR_INVALID for a bad
 * `listen` address, or ERR_IO if the address cannot be bound (the reason is
 * logged). The bound port (useful with port 0) is stored in *port.
 */
int server_start(struct server **out, const struct server_config *cfg,
		 int *port);

/*
 * Stop gracefully: stop accepting connections, let the requests in flight
 * finish (waiting at most cfg->drain_seconds), close the rest and free the
 * server. NULL is allowed.
 */
void server_stop(struct server *s);

#endif
