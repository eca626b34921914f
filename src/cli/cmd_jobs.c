/*
 * cmd_jobs.c - `jianggu jobs`: the scheduled jobs from the command line,
 * for cron or by hand, acting as the system (audited as "system", actor ip
 * "local").
 *
 *   jianggu jobs list            every job, its interval and last run
 *   jianggu jobs run             run every job that is due (for cron)
 *   jianggu jobs run NAME        run that job now, due or not
 *
 * Runs are recorded in the run log like the server's; a job running
 * elsewhere (another server's timer) is not run twice. Exit status: 0 when
 * every job run succeeded (or was not due), 1 when one failed or NAME was
 * running elsewhere, 2 for bad usage or an unknown job.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/err.h"
#include "cli/cli.h"
#include "db/db.h"
#include "jobs/jobs.h"

static const struct audit_actor system_actor = { 0, "system", "local" };

static int
list_jobs(struct db *db)
{
	json_t *jobs, *job;
	size_t i;
	int rc = jobs_list(db, &jobs);

	if (rc) {
		cli_error("jobs", "%s", db_errmsg(db));
		json_decref(jobs);
		return EXIT_PROBLEM;
	}
	printf("%-20s %10s  %-20s  %-7s  %s\n", "NAME", "INTERVAL",
	       "LAST RUN", "STATUS", "NEXT DUE");
	json_array_foreach(jobs, i, job) {
		json_t *last = json_object_get(job, "last_run");
		const char *started = json_string_value(
			json_object_get(last, "started_at"));
		const char *status = json_string_value(
			json_object_get(last, "status"));

		printf("%-20s %9llds  %-20s  %-7s  %s\n",
		       json_string_value(json_object_get(job, "name")),
		       (long long)json_integer_value(json_object_get(job,
						"interval_seconds")),
		       started ? started : "never", status ? status : "-",
		       json_string_value(json_object_get(job,
							 "next_run_at")));
	}
	json_decref(jobs);
	return EXIT_OK;
}

/* Run one job; prints how it went. Returns an exit status. */
static int
run_one(struct db *db, const struct job_def *job, bool if_due)
{
	struct job_result res;
	struct arena a;
	int rc, status = EXIT_OK;

	arena_init(&a, 0);
	rc = jobs_run(db, &a, &system_actor, job, if_due, &res);
	if (rc == ERR_CONFLICT) {
		printf("%s: running elsewhere; not run\n", job->name);
		status = if_due ? EXIT_OK : EXIT_PROBLEM;
	} else if (rc) {
		cli_error("jobs", "%s: %s: %s", job->name, err_str(rc),
			  db_errmsg(db));
		status = EXIT_PROBLEM;
	} else if (res.skipped) {
		printf("%s: not due\n", job->name);
	} else {
		printf("%s: %s (run %lld): %s\n", job->name,
		       res.ok ? "ok" : "failed", (long long)res.run_id,
		       res.message);
		status = res.ok ? EXIT_OK : EXIT_PROBLEM;
	}
	arena_release(&a);
	return status;
}

int
cmd_jobs(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *verb, *name = NULL;
	const struct job_def *job = NULL, *const *defs;
	struct db *db = NULL;
	int status = EXIT_PROBLEM;
	size_t n;

	cli_modules_init();
	optind = 1;
	if (cli_option(argc, argv, options, &db_opt) != -1 || optind >= argc)
		return cli_usage("jobs");
	verb = argv[optind++];
	if (!strcmp(verb, "run") && optind < argc)
		name = argv[optind++];
	if (optind != argc || (strcmp(verb, "run") && strcmp(verb, "list")))
		return cli_usage("jobs");
	if (name && !(job = jobs_find(name))) {
		cli_error("jobs", "no job named '%s'; see 'jianggu jobs list'",
			  name);
		return EXIT_USAGE;
	}
	if (cli_open_db("jobs", cli_db_url(db_opt), &db))
		goto out;
	if (!strcmp(verb, "list")) {
		status = list_jobs(db);
	} else if (job) {
		status = run_one(db, job, false);
	} else {
		status = EXIT_OK;
		defs = jobs_defs(&n);
		for (size_t i = 0; i < n; i++)
			if (run_one(db, defs[i], true) != EXIT_OK)
				status = EXIT_PROBLEM;
	}
out:
	db_close(db);
	return status;
}
