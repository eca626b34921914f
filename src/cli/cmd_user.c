/*
 * cmd_user.c - `jianggu user`: accounts from the command line, acting as the
 * system (audited as "system", actor ip "local").
 *
 *   jianggu user add NAME --role ROLE [--role ROLE ...] [--org ID]
 *                    [--person ID] [--display-name TEXT]
 *   jianggu user token NAME [--name TOKEN_NAME]
 *   jianggu user passwd NAME
 *   jianggu user disable NAME
 *
 * Passwords are read from standard input (the first line), never from the
 * command line, where other users could see them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "auth/auth.h"
#include "auth/secret.h"
#include "base/err.h"
#include "cli/cli.h"
#include "db/db.h"

static const struct audit_actor system_actor = { 0, "system", "local" };

/* The first line of stdin, without its newline, into buf. */
static int
read_password(char *buf, size_t len)
{
	size_t n;

	if (!fgets(buf, (int)len, stdin)) {
		cli_error("user", "expected the password on standard input");
		return ERR_INVALID;
	}
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == len - 1) {
		cli_error("user", "password: at most %zu bytes", len - 2);
		return ERR_INVALID;
	}
	buf[n] = '\0';
	return 0;
}

static int
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 18)
		return ERR_INVALID;
	v = strtoll(s, &end, 10);
	if (v <= 0)
		return ERR_INVALID;
	*out = v;
	return 0;
}

static void
print_problem(int rc, const struct problem *pb, struct db *db)
{
	if (pb->message)
		cli_error("user", "%s%s%s", pb->field ? pb->field : "",
			  pb->field ? ": " : "", pb->message);
	else if (rc == ERR_DB || rc == ERR_BUSY)
		cli_error("user", "%s", db_errmsg(db));
	else
		cli_error("user", "%s", err_str(rc));
}

/* The id of account `name`, or an error message and ERR_NOTFOUND. */
static int
account_id(struct db *db, const char *name, int64_t *id)
{
	json_t *acct;
	int rc = account_get_by_name(db, name, &acct);

	if (rc == ERR_NOTFOUND)
		cli_error("user", "no account named '%s'", name);
	else if (rc)
		cli_error("user", "%s", db_errmsg(db));
	if (rc)
		return rc;
	*id = json_integer_value(json_object_get(acct, "id"));
	json_decref(acct);
	return 0;
}

int
cmd_user(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "person", required_argument, NULL, 'p' },
		{ "display-name", required_argument, NULL, 'n' },
		{ "name", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	struct account_input in = ACCOUNT_INPUT_UNCHANGED;
	struct problem pb = { 0 };
	const char *db_opt = NULL, *token_name = "cli", *verb, *name;
	char password[256], token[SECRET_TOKEN_LEN];
	struct db *db = NULL;
	int64_t id;
	int c, rc, status = EXIT_PROBLEM;
	unsigned bit;

	optind = 1;
	while ((c = cli_option(argc, argv, options, &db_opt)) != -1) {
		switch (c) {
		case 'r':
			bit = role_from_name(optarg);
			if (!bit) {
				cli_error("user", "--role: '%s' is not a role "
					  "(admin, enterprise, college, "
					  "teacher, trainee, expert, "
					  "applicant, viewer)", optarg);
				return EXIT_USAGE;
			}
			in.roles |= bit;
			break;
		case 'o':
		case 'p':
			if (parse_id(optarg, c == 'o' ? &in.org_id
						      : &in.person_id)) {
				cli_error("user", "--%s must be a positive "
					  "integer", c == 'o' ? "org" :
					  "person");
				return EXIT_USAGE;
			}
			break;
		case 'n':
			in.display_name = optarg;
			break;
		case 'N':
			token_name = optarg;
			break;
		default:
			return cli_usage("user");
		}
	}
	if (argc - optind != 2)
		return cli_usage("user");
	verb = argv[optind];
	name = argv[optind + 1];
	if (strcmp(verb, "add") && strcmp(verb, "token") &&
	    strcmp(verb, "passwd") && strcmp(verb, "disable"))
		return cli_usage("user");
	if (!strcmp(verb, "add") && !in.roles) {
		cli_error("user", "add needs at least one --role");
		return EXIT_USAGE;
	}
	if (cli_open_db("user", cli_db_url(db_opt), &db))
		goto out;

	if (!strcmp(verb, "add")) {
		if (read_password(password, sizeof(password))) {
			status = EXIT_USAGE;
			goto out;
		}
		in.name = name;
		in.password = password;
		rc = account_create(db, &system_actor, &in, &id, &pb);
		if (rc) {
			print_problem(rc, &pb, db);
			status = rc == ERR_INVALID ? EXIT_USAGE : EXIT_PROBLEM;
			goto out;
		}
		printf("created account %s (id %lld)\n", name, (long long)id);
	} else if (!strcmp(verb, "token")) {
		if (account_id(db, name, &id))
			goto out;
		rc = account_new_token(db, &system_actor, id, token_name,
				       token, &id, &pb);
		if (rc) {
			print_problem(rc, &pb, db);
			goto out;
		}
		printf("%s\n", token);
	} else if (!strcmp(verb, "passwd")) {
		if (account_id(db, name, &id))
			goto out;
		if (read_password(password, sizeof(password))) {
			status = EXIT_USAGE;
			goto out;
		}
		rc = account_set_password(db, &system_actor, id, password, 0,
					  &pb);
		if (rc) {
			print_problem(rc, &pb, db);
			status = rc == ERR_INVALID ? EXIT_USAGE : EXIT_PROBLEM;
			goto out;
		}
		printf("password of %s changed; its sessions were ended and "
		       "its API tokens revoked\n", name);
	} else {
		if (account_id(db, name, &id))
			goto out;
		in.disabled = 1;
		rc = account_update(db, &system_actor, id, &in, &pb);
		if (rc) {
			print_problem(rc, &pb, db);
			goto out;
		}
		printf("account %s disabled; its sessions were ended\n", name);
	}
	status = EXIT_OK;
out:
	explicit_bzero(password, sizeof(password));
	db_close(db);
	return status;
}
