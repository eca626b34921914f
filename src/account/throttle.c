/*
 * throttle.c - sign-in throttling: counters in the database, per (account,
 * address), per address and per account (account_int.h; the scheme and
 * where it comes from are in docs/OPERATIONS.md, "Sign-in throttling").
 *
 *   pair     failures of one account name from one address: past
 *            auth.login_max_failures within auth.login_window_seconds,
 *            that address may not try that name again until the window
 *            ends (django-axes' lockout by username and IP address).
 *   address  failures from one address under any name: past
 *            auth.ip_max_failures, the address waits for its window.
 *   account  failures of one name from anywhere: past
 *            auth.account_delay_after, each further attempt waits a short
 *            time after the last failure, 1 s doubling up to
 *            auth.account_max_delay (Keycloak's "wait increment" and "max
 *            wait", never its lockout). Addresses the account signed in
 *            from in the last 30 days are exempt (familiar addresses), so
 *            a guesser spread over many addresses slows himself, not the
 *            owner at her usual desk.
 *
 * An attempt is counted as a failure of its pair and address before its
 * password is checked (throttle_reserve(), one short transaction whose
 * row updates serialise attempts on both back ends), and given back if it
 * succeeds (throttle_settle()): so parallel guesses cannot pass the limit
 * together, and nothing ever sleeps in a handler thread. Attempts refused
 * by the throttle are logged but not counted, so a client that waits as
 * told (Retry-After) is let in again.
 */
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "account/account_int.h"
#include "account/name.h"
#include "base/err.h"
#include "base/time.h"
#include "db/db.h"
#include "settings/settings.h"

/* How long an address stays familiar after a successful sign-in. */
#define FAMILIAR_SECONDS (30L * 24 * 3600)

struct limits {
	int64_t window, max_pair, max_ip, delay_after, max_delay;
};

static int
read_limits(struct db *db, struct limits *l)
{
	int rc;

	if ((rc = settings_get_int(db, "auth.login_window_seconds",
				   &l->window)) ||
	    (rc = settings_get_int(db, "auth.login_max_failures",
				   &l->max_pair)) ||
	    (rc = settings_get_int(db, "auth.ip_max_failures", &l->max_ip)) ||
	    (rc = settings_get_int(db, "auth.account_delay_after",
				   &l->delay_after)))
		return rc;
	return settings_get_int(db, "auth.account_max_delay", &l->max_delay);
}

/* Seconds since the epoch of a stored UTC time, or 0 if unreadable. */
static time_t
utc(const char *s)
{
	time_t t;

	return s && !time_parse_utc(s, &t) ? t : 0;
}

/* The wait after the n-th failure of an account: 1 s doubling, capped. */
static long
account_delay(const struct limits *l, int64_t failures)
{
	int64_t past = failures - l->delay_after, wait = 1;

	for (int64_t i = 0; i < past && wait < l->max_delay; i++)
		wait *= 2;
	return (long)(wait < l->max_delay ? wait : l->max_delay);
}

/*
 * Seconds until a counter row lets the next attempt through, or 0 if it
 * does now. `extra` is 1 when the row already counts the attempt asked
 * about (a reservation), 0 when it does not.
 */
static long
row_wait(const struct limits *l, const char *scope,
	 const struct throttle_row *row, int64_t extra, time_t now)
{
	time_t start = utc(row->window_start), until;

	if (start + l->window <= now)
		return 0;		/* the window has passed */
	if (!strcmp(scope, "account")) {
		if (row->failures < l->delay_after)
			return 0;
		until = utc(row->last_failure_at) +
			account_delay(l, row->failures);
	} else {
		if (row->failures - extra < (!strcmp(scope, "pair") ?
					     l->max_pair : l->max_ip))
			return 0;
		until = start + l->window;
	}
	return until > now ? (long)(until - now) : 0;
}

void
throttle_key(const char *name, char key[ACCOUNT_KEY_MAX])
{
	size_t len = strlen(name);

	if (!account_name_key(name, key, NULL))
		return;
	/* Not a valid name (no account has it): counted as typed. */
	if (len >= ACCOUNT_KEY_MAX)
		len = ACCOUNT_KEY_MAX - 1;
	memcpy(key, name, len);
	key[len] = '\0';
}

int
throttle_reserve(struct db *db, struct arena *a, const char *key,
		 const char *ip, int64_t account_id, long *retry_after)
{
	struct throttle_row pair, addr, acct;
	struct limits l;
	char now[32], since[32], familiar_since[32];
	time_t t = time(NULL);
	bool familiar = false;
	long wait;
	int rc;

	*retry_after = 0;
	if ((rc = read_limits(db, &l)))
		return rc;
	time_format_utc(t, now, sizeof(now));
	time_format_utc(t - (time_t)l.window, since, sizeof(since));
	time_format_utc(t - FAMILIAR_SECONDS, familiar_since,
			sizeof(familiar_since));
	if (account_id > 0 &&
	    (rc = store_login_familiar(db, account_id, ip, familiar_since,
				       &familiar)))
		return rc;
	if ((rc = db_begin(db)))
		return rc;
	if ((rc = store_throttle_bump(db, a, "pair", key, ip, now, since,
				      &pair)) ||
	    (rc = store_throttle_bump(db, a, "address", "", ip, now, since,
				      &addr)))
		goto out;
	wait = row_wait(&l, "pair", &pair, 1, t);
	if (!wait)
		wait = row_wait(&l, "address", &addr, 1, t);
	if (!wait && !familiar) {
		rc = store_throttle_get(db, a, "account", key, "", &acct);
		if (rc && rc != ERR_NOTFOUND)
			goto out;
		if (!rc)
			wait = row_wait(&l, "account", &acct, 0, t);
	}
	rc = 0;
	if (wait) {
		/* Refused: nothing of this attempt is counted. */
		*retry_after = wait;
		rc = ERR_THROTTLED;
	}
out:
	return db_end(db, rc);
}

int
throttle_settle(struct db *db, struct arena *a, const char *key,
		const char *ip, bool ok)
{
	struct throttle_row acct;
	struct limits l;
	char now[32], since[32];
	time_t t = time(NULL);
	int rc;

	if (ok) {
		rc = store_throttle_release(db, "pair", key, ip);
		return rc ? rc : store_throttle_release(db, "address", "", ip);
	}
	if ((rc = read_limits(db, &l)))
		return rc;
	time_format_utc(t, now, sizeof(now));
	time_format_utc(t - (time_t)l.window, since, sizeof(since));
	return store_throttle_bump(db, a, "account", key, "", now, since,
				   &acct);
}

/* Fill a listed counter row's "retry_after" (0: not refusing now). */
static void
describe(const struct limits *l, json_t *row, time_t now)
{
	const char *scope = json_string_value(json_object_get(row, "scope"));
	struct throttle_row r = {
		.failures = json_integer_value(json_object_get(row,
							       "failures")),
		.window_start = json_string_value(json_object_get(row,
							"window_start")),
		.last_failure_at = json_string_value(json_object_get(row,
							"last_failure_at")),
	};

	json_object_set_new(row, "retry_after", json_integer(
		row_wait(l, scope ? scope : "pair", &r, 0, now)));
}

int
account_throttles(struct db *db, int64_t limit, int64_t offset,
		  json_t **items, int64_t *total)
{
	struct limits l;
	char since[32];
	time_t t = time(NULL);
	size_t i;
	json_t *row;
	int rc;

	*items = NULL;
	if ((rc = read_limits(db, &l)))
		return rc;
	time_format_utc(t - (time_t)l.window, since, sizeof(since));
	rc = store_throttle_list(db, since, limit, offset, items, total);
	json_array_foreach(*items, i, row)
		describe(&l, row, t);
	return rc;
}

int
account_throttle_clear(struct db *db, const struct audit_actor *actor,
		       const char *name, const char *ip, int64_t *cleared,
		       struct problem *pb)
{
	char key[ACCOUNT_KEY_MAX];
	json_t *before, *what;
	int rc;

	*cleared = 0;
	if (name && !*name)
		name = NULL;
	if (ip && !*ip)
		ip = NULL;
	if (!name && !ip)
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.unlock_target",
				   "name or ip is required");
	if (name && strlen(name) > 4 * ACCOUNT_NAME_MAX)
		return problem_key(pb, ERR_INVALID, "name",
				   "account.err.unlock_name",
				   "name must be at most 64 characters long");
	if (ip && strlen(ip) > 64)
		return problem_key(pb, ERR_INVALID, "ip",
				   "account.err.unlock_ip",
				   "ip is not an address");
	if (name)
		throttle_key(name, key);
	before = json_array();
	if ((rc = db_begin(db)))
		goto out;
	rc = store_throttle_rows(db, name ? key : NULL, ip, before);
	if (!rc)
		rc = store_throttle_clear(db, name ? key : NULL, ip, cleared);
	if (!rc && *cleared) {
		what = json_pack("{s:s?,s:s?,s:O}", "name", name, "ip", ip,
				 "counters", before);
		rc = audit_write(db, actor, "clear", "login_throttle", 0, what,
				 NULL);
		json_decref(what);
	}
	rc = db_end(db, rc);
out:
	json_decref(before);
	return rc;
}
