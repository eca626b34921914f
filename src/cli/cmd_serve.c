/*
 * cmd_serve.c - `jianggu serve`: migrate the database, then serve HTTP until
 * SIGTERM or SIGINT, and stop gracefully (requests in flight finish).
 */
#include <assert.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account/session.h"
#include "auth/auth.h"
#include "base/log.h"
#include "base/macros.h"
#include "cli/cli.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/http.h"
#include "http/proxy.h"
#include "http/system.h"
#include "jobs/jobs.h"
#include "page/page.h"
#include "settings/settings.h"
#include "upload/upload.h"

/*
 * The default --max-body: the default upload.max_bytes (10 MiB) and 1 MiB
 * for the rest of a multipart body, so that uploads work out of the box.
 */
#define SERVE_MAX_BODY ((size_t)11 << 20)
#define MULTIPART_ROOM ((int64_t)64 << 10)

/* Parse a positive decimal no greater than `max` into *out; 0 or -1. */
static int
parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Whether `s` is all printable ASCII (a server name). */
static bool
printable_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static bool
is_postgres_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) ||
	       !strncmp(url, "postgres://", 11);
}

/* Uploads are capped by --max-body too: warn if the setting is larger. */
static void
check_upload_limit(struct db_pool *pool, size_t max_body)
{
	struct db *db = db_pool_acquire(pool);
	int64_t max;

	if (!settings_get_int(db, "upload.max_bytes", &max) &&
	    max + MULTIPART_ROOM > (int64_t)max_body)
		log_warn("upload.max_bytes is %lld but --max-body is %zu: "
			 "uploads over about %lld bytes get 413",
			 (long long)max, max_body,
			 (long long)((int64_t)max_body - MULTIPART_ROOM));
	db_pool_release(pool, db);
}

/*
 * Name this server in the run log: --server-name, else this host's name
 * and the port it listens on, which tells apart two servers on one host.
 */
static void
server_name_default(const char *given, int port)
{
	char host[72], name[JOBS_SERVER_NAME_MAX + 1];

	if (given) {
		jobs_set_server_name(given);
		return;
	}
	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(name, sizeof(name), "%s:%d", host, port);
	jobs_set_server_name(name);
}

/* Migrate with a connection of its own, before the pool opens. */
static int
migrate_at_start(const char *url)
{
	const struct migration *failed;
	struct migration_set set;
	struct db *db;
	char err[256];
	int applied = 0, rc;

	rc = db_open(&db, url);
	if (rc) {
		cli_error("serve", "%s", db_errmsg(db));
		goto out_close;
	}
	rc = migration_set_load(&set, db_dialect(db), NULL, err, sizeof(err));
	if (rc) {
		cli_error("serve", "%s", err);
		goto out_close;
	}
	rc = migrate_up(db, &set, NULL, &applied, &failed);
	if (rc)
		cli_error("serve", "migration %s failed: %s",
			  failed ? failed->name : "schema_migrations",
			  db_errmsg(db));
	else if (applied)
		log_info("applied %d migration%s", applied,
			 applied == 1 ? "" : "s");
	migration_set_release(&set);
out_close:
	db_close(db);
	return rc;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "test-routes", no_argument, NULL, 'R' },
		{ "dev", required_argument, NULL, 'D' },
		{ "uploads", required_argument, NULL, 'U' },
		{ "job-tick", required_argument, NULL, 'J' },
		{ "sqlite-sync", required_argument, NULL, 'S' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ "db-replica", required_argument, NULL, 'r' },
		{ "replica-max-lag", required_argument, NULL, 'L' },
		{ "server-name", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	const struct route *tables[64];	/* every module's, and the tests' */
	struct http_net trusted[HTTP_MAX_PROXIES];
	const char *proxies;
	const struct route *const *routes;
	int nroutes;
	struct server_config cfg = { 0 };
	const char *db_opt = NULL, *dev_dir = NULL, *env;
	const char *uploads = "var/uploads";
	const char *replica_url = NULL, *server_name = NULL;
	unsigned long job_tick = 60, max_lag_ms = 1000;
	struct db_pool *pool = NULL;
	struct server *server = NULL;
	unsigned long n;
	char err[512];
	bool mount_test_routes = false;
	sigset_t sigs;
	int c, sig, port, rc;

	env = getenv("JIANGGU_LISTEN");
	cfg.listen = env && *env ? env : "127.0.0.1:8080";
	cfg.threads = 4;
	cfg.max_body = SERVE_MAX_BODY;
	env = getenv("JIANGGU_TRUSTED_PROXY");
	proxies = env && *env ? env : NULL;
	optind = 1;
	while ((c = cli_option(argc, argv, options, &db_opt)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 't':
			if (parse_count(optarg, 256, &n)) {
				cli_error("serve", "--threads must be 1 to 256");
				return EXIT_USAGE;
			}
			cfg.threads = (int)n;
			break;
		case 'b':
			if (parse_count(optarg, 1UL << 30, &n)) {
				cli_error("serve", "--max-body must be 1 to "
					  "1073741824 bytes");
				return EXIT_USAGE;
			}
			cfg.max_body = n;
			break;
		case 'T':
			if (parse_count(optarg, 3600, &n)) {
				cli_error("serve", "--timeout must be 1 to "
					  "3600 seconds");
				return EXIT_USAGE;
			}
			cfg.timeout = (unsigned)n;
			break;
		case 'R':
			mount_test_routes = true;
			break;
		case 'D':
			dev_dir = optarg;
			break;
		case 'U':
			uploads = optarg;
			break;
		case 'P':
			proxies = optarg;
			break;
		case 'r':
			replica_url = optarg;
			break;
		case 'L':
			if (parse_count(optarg, 3600000, &max_lag_ms)) {
				cli_error("serve", "--replica-max-lag must be "
					  "1 to 3600000 milliseconds");
				return EXIT_USAGE;
			}
			break;
		case 'N':
			if (!*optarg || strlen(optarg) > JOBS_SERVER_NAME_MAX ||
			    !printable_ascii(optarg)) {
				cli_error("serve", "--server-name must be 1 to "
					  "%d printable ASCII characters",
					  JOBS_SERVER_NAME_MAX);
				return EXIT_USAGE;
			}
			server_name = optarg;
			break;
		case 'J':
			if (strcmp(optarg, "0") &&
			    parse_count(optarg, 86400, &job_tick)) {
				cli_error("serve", "--job-tick must be 0 to "
					  "86400 seconds");
				return EXIT_USAGE;
			}
			if (!strcmp(optarg, "0"))
				job_tick = 0;
			break;
		case 'S':
			if (!strcmp(optarg, "full")) {
				db_set_sqlite_sync(DB_SQLITE_SYNC_FULL);
			} else if (!strcmp(optarg, "normal")) {
				db_set_sqlite_sync(DB_SQLITE_SYNC_NORMAL);
			} else {
				cli_error("serve", "--sqlite-sync must be full "
					  "or normal");
				return EXIT_USAGE;
			}
			break;
		default:
			return cli_usage("serve");
		}
	}
	if (optind != argc)
		return cli_usage("serve");
	if (replica_url && !is_postgres_url(replica_url)) {
		cli_error("serve", "--db-replica must be a postgresql:// URL "
			  "(a streaming replica of the --db database)");
		return EXIT_USAGE;
	}
	if (proxies && http_parse_nets(proxies, trusted, HTTP_MAX_PROXIES,
				       &cfg.ntrusted)) {
		cli_error("serve", "--trusted-proxy must be up to %d "
			  "addresses or ADDR/BITS networks, separated by "
			  "commas: '%s'", HTTP_MAX_PROXIES, proxies);
		return EXIT_USAGE;
	}
	cfg.trusted = trusted;
	log_init_from_env();

	cli_modules_init();
	if (cli_openapi_init())
		return EXIT_PROBLEM;
	if (upload_init(uploads))
		return EXIT_PROBLEM;
	if (page_init(dev_dir)) {
		page_shutdown();
		return EXIT_PROBLEM;
	}
	if (migrate_at_start(cli_db_url(db_opt))) {
		page_shutdown();
		return EXIT_PROBLEM;
	}
	/* A connection for each worker and each long request's thread. */
	rc = db_pool_open(&pool, cli_db_url(db_opt),
			  cfg.threads + SERVER_APART_MAX, err, sizeof(err));
	if (rc) {
		cli_error("serve", "%s", err);
		page_shutdown();
		return EXIT_PROBLEM;
	}
	cfg.pool = pool;
	if (replica_url) {
		cfg.replica = db_replica_new(replica_url, cfg.threads,
					     (int)max_lag_ms);
		/*
		 * Past the lag the replica may show and its next check, in
		 * whole seconds, and a second to spare (3 s by default).
		 */
		cfg.read_your_writes = (long)(max_lag_ms +
					      DB_REPLICA_CHECK_MS + 999) / 1000
				       + 1;
	}
	cfg.tables = tables;
	cfg.authenticate = session_authenticate;
	cfg.authorize = auth_authorize;
	cfg.confirm = page_confirm;
	cfg.render_error_page = page_error;
	routes = cli_routes(&nroutes);
	assert((size_t)nroutes < ARRAY_SIZE(tables));
	for (int i = 0; i < nroutes; i++)
		tables[cfg.ntables++] = routes[i];
	if (mount_test_routes)
		tables[cfg.ntables++] = test_routes;

	/*
	 * Block the stop signals before any thread starts, so that every
	 * thread inherits the mask and only sigwait() below receives them.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	check_upload_limit(pool, cfg.max_body);
	rc = server_start(&server, &cfg, &port);
	if (rc) {
		db_replica_free(cfg.replica);
		db_pool_close(pool);
		page_shutdown();
		return EXIT_PROBLEM;
	}
	server_name_default(server_name, port);
	if (job_tick && jobs_timer_start(cli_db_url(db_opt),
					 (unsigned)job_tick))
		log_warn("no job timer: run 'jianggu jobs run' from cron");
	/* The real port (for --listen HOST:0): tests read this line. */
	printf("listening on http://%.*s:%d/\n",
	       (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen, port);
	fflush(stdout);
	log_info("serving %s with %d threads", cli_db_url(db_opt),
		 cfg.threads);
	if (cfg.replica)
		log_info("reading from the replica while it lags at most "
			 "%lu ms", max_lag_ms);
	if (cfg.ntrusted)
		log_info("believing X-Forwarded-For and X-Forwarded-Proto "
			 "from %s", proxies);

	sigwait(&sigs, &sig);
	log_info("%s: finishing requests in flight, then stopping",
		 sig == SIGTERM ? "SIGTERM" : "SIGINT");
	server_stop(server);
	jobs_timer_stop();
	db_replica_free(cfg.replica);
	db_pool_close(pool);
	page_shutdown();
	log_info("stopped");
	return EXIT_OK;
}
