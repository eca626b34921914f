/*
 * system.c - health, the OpenAPI document, static assets, the start page,
 * and the test suite's routes (see system.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/embed.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/version.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/system.h"

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".csv", "text/csv; charset=utf-8" },
	{ ".html", "text/html; charset=utf-8" },
	{ ".ico", "image/x-icon" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".png", "image/png" },
	{ ".svg", "image/svg+xml" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

static const char *
content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(content_types) /
	     sizeof(content_types[0]); i++)
		if (!strcmp(dot, content_types[i].ext))
			return content_types[i].type;
	return "application/octet-stream";
}

/* The data of embedded files is not copied: it lives in the binary. */
int
system_send_embedded(struct request *r, const char *name, const char *cache)
{
	const struct embedded_file *f = embed_find(name);
	const char *inm;

	if (!f)
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	r->etag = f->etag;
	r->cache_control = cache;
	inm = http_header(r, "If-None-Match");
	if (inm && (strstr(inm, f->etag) || !strcmp(inm, "*"))) {
		r->status = 304;
		return 0;
	}
	r->status = 200;
	r->content_type = content_type_of(name);
	/* The embedded bytes live as long as the process: no copy. */
	r->out_static = f->data;
	r->out_static_len = f->len;
	return 0;
}

static int
get_static(struct request *r)
{
	const char *rest = http_param(r, "*");
	char *name;

	if (!rest || strstr(rest, ".."))
		return http_fail(r, ERR_NOTFOUND, NULL, "no such resource");
	name = arena_printf(&r->arena, "static/%s", rest);
	if (!name)
		return ERR_NOMEM;
	return system_send_embedded(r, name, "public, max-age=3600");
}

/* The document as the program completed it (system_set_openapi()). */
static const char *openapi_text;
static size_t openapi_len;
static char openapi_etag[HASH_ETAG_SIZE];

void
system_set_openapi(const char *text, size_t len)
{
	hash_etag(openapi_etag, text, len);
	openapi_text = text;
	openapi_len = len;
}

static int
get_openapi(struct request *r)
{
	const char *inm;

	if (!openapi_text)
		return system_send_embedded(r, "api/openapi.json",
					    "no-cache");
	r->etag = openapi_etag;
	r->cache_control = "no-cache";
	inm = http_header(r, "If-None-Match");
	if (inm && (strstr(inm, openapi_etag) || !strcmp(inm, "*"))) {
		r->status = 304;
		return 0;
	}
	r->status = 200;
	r->content_type = "application/json";
	r->out_static = openapi_text;
	r->out_static_len = openapi_len;
	return 0;
}

static int
get_healthz(struct request *r)
{
	json_t *body = json_object();
	int version = 0, rc;

	rc = migrate_current(r->db, &version);
	json_object_set_new(body, "status", json_string(rc ? "unavailable"
							   : "ok"));
	json_object_set_new(body, "version", json_string(JG_VERSION));
	json_object_set_new(body, "database", json_string(
		db_dialect(r->db) == DB_SQLITE ? "sqlite" : "postgresql"));
	json_object_set_new(body, "schema_version", json_integer(version));
	return http_json(r, rc ? 503 : 200, body);
}

const struct route system_routes[] = {
	{ HTTP_GET, "/healthz", get_healthz, ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/openapi.json", get_openapi,
	  ROUTE_NO_DB | ROUTE_PUBLIC },
	{ HTTP_GET, "/static/*", get_static, ROUTE_NO_DB | ROUTE_PUBLIC },
	{ 0, NULL, NULL, 0 },
};

/* POST /api/v1/_test/echo: answer {"echo": BODY} for a JSON object body. */
static int
post_echo(struct request *r)
{
	json_t *body, *out;
	int rc = http_read_json(r, &body);

	if (rc)
		return rc;
	out = json_object();
	json_object_set(out, "echo", body);
	return http_json(r, 200, out);
}

/* GET /api/v1/_test/sleep?ms=N: answer after N milliseconds (at most 60 s). */
static int
get_sleep(struct request *r)
{
	const char *ms = http_query(r, "ms");
	long n = 0;
	struct timespec ts;
	json_t *out;

	if (!ms || strspn(ms, "0123456789") != strlen(ms) || strlen(ms) > 5)
		return http_fail(r, ERR_INVALID, "ms",
				 "ms must be an integer from 0 to 60000");
	for (const char *p = ms; *p; p++)
		n = n * 10 + (*p - '0');
	if (n > 60000)
		return http_fail(r, ERR_INVALID, "ms",
				 "ms must be an integer from 0 to 60000");
	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000;
	while (nanosleep(&ts, &ts))
		;
	out = json_object();
	json_object_set_new(out, "slept_ms", json_integer(n));
	return http_json(r, 200, out);
}

/* GET /api/v1/_test/client: the client address and scheme as resolved. */
static int
get_client(struct request *r)
{
	return http_json(r, 200, json_pack("{s:s,s:b}", "ip",
					   http_client_ip(r), "https",
					   http_forwarded_https(r)));
}

const struct route test_routes[] = {
	{ HTTP_POST, "/api/v1/_test/echo", post_echo,
	  ROUTE_NO_DB | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/_test/sleep", get_sleep,
	  ROUTE_NO_DB | ROUTE_PUBLIC },
	{ HTTP_GET, "/api/v1/_test/client", get_client,
	  ROUTE_NO_DB | ROUTE_PUBLIC },
	{ 0, NULL, NULL, 0 },
};
