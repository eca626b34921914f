/*
 * purge.c - the account module's job, sessions.purge (account.h): forget
 * what no one needs to see again. Sessions and API tokens that ended more
 * than 30 days ago are deleted (nothing refers to them; their creation and
 * revocation stay in the audit log), and sign-in log rows older than the
 * setting jobs.login_log_days (default 180).
 */

#include "account/account.h"
#include "base/time.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

#define ENDED_DAYS 30

static int
sessions_purge(struct job_ctx *ctx)
{
	char before[32], log_before[32];
	int64_t days, sessions = 0, tokens = 0, logins = 0;
	int rc;

	if ((rc = settings_get_int(ctx->db, "jobs.login_log_days", &days)))
		return rc;
	time_utc_in(before, -(long)ENDED_DAYS * 86400);
	time_utc_in(log_before, -(long)days * 86400);
	rc = account_purge(ctx->db, before, log_before, &sessions, &tokens,
			&logins);
	if (rc)
		return rc;
	buf_addf(ctx->message, "deleted %lld sessions, %lld API tokens and "
		 "%lld sign-in log rows older than %lld days",
		 (long long)sessions, (long long)tokens, (long long)logins,
		 (long long)days);
	return 0;
}

const struct job_def account_jobs[] = {
	{ "sessions.purge", 86400, 3600, sessions_purge },
	{ NULL, 0, 0, NULL },
};
