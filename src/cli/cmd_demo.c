/*
 * cmd_demo.c - `jianggu demo [--db URL]`: migrate, then load the demo park
 * (src/demo/demo.h) into an empty ledger, all or nothing, audited as
 * "system", and print what was loaded.
 *
 * Exit status: 0 when loaded; 1 when the database already holds
 * organisations or people (nothing is written) or the load failed; 2 for
 * bad usage.
 */
#include <getopt.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "db/db.h"
#include "demo/demo.h"
#include "party/party.h"

static const struct audit_actor system_actor = { 0, "system", "local" };

/* "  label: name n, name n, ..." for the non-zero counts. */
static void
print_counts(const char *label, const char *const *names,
	     const int64_t *counts, int n)
{
	const char *sep = "";

	printf("  %-14s", label);
	for (int i = 0; i < n && names[i]; i++) {
		if (!counts[i])
			continue;
		printf("%s%s %lld", sep, names[i], (long long)counts[i]);
		sep = ", ";
	}
	putchar('\n');
}

int
cmd_demo(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "if-empty", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_summary sum;
	const char *db_opt = NULL, *url;
	struct db *db = NULL;
	int c, rc, status = EXIT_PROBLEM, if_empty = 0;

	optind = 1;
	while ((c = cli_option(argc, argv, options, &db_opt)) != -1) {
		if (c != 'e')
			return cli_usage("demo");
		if_empty = 1;
	}
	if (optind != argc)
		return cli_usage("demo");
	url = cli_db_url(db_opt);
	if (cli_open_db("demo", url, &db))
		goto out;
	rc = demo_load(db, &system_actor, &sum);
	/* --if-empty: a ledger with data is what we hoped for, not an error. */
	if (rc == ERR_CONFLICT && if_empty) {
		printf("the ledger already has data; demo park not loaded\n");
		status = EXIT_OK;
		goto out;
	}
	/*
	 * A park loaded at once is a table's whole life for the planner:
	 * gather its statistics now rather than when autovacuum gets to it,
	 * so that the first pages served are planned on what is there.
	 */
	if (!rc)
		rc = db_exec(db, "ANALYZE");
	if (rc) {
		cli_error("demo", "%s", sum.error[0] ? sum.error :
			  err_str(rc));
		goto out;
	}
	printf("demo park loaded into %s (as of %s):\n", url, DEMO_AS_OF);
	printf("  %-14s%lld\n", "organisations", (long long)sum.orgs);
	print_counts("  by kind", party_org_kinds, sum.orgs_by_kind,
		     DEMO_KINDS);
	printf("  %-14s%lld\n", "people", (long long)sum.people);
	printf("  %-14s%lld\n", "affiliations", (long long)sum.affiliations);
	print_counts("  by role", party_roles, sum.affiliations_by_role,
		     DEMO_ROLES);
	status = EXIT_OK;
out:
	db_close(db);
	return status;
}
