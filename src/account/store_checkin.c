/*
 * store_checkin.c - the SQL of the check-in guard (checkin.h): tables
 * checkin_guard and checkin_attempt.
 */
#include <string.h>

#include "account/checkin.h"
#include "db/db.h"

int
checkin_guard(struct db *db, const struct checkin_subject *s,
	      const char *now, int64_t *failures)
{
	struct db_value v[] = {
		DB_TEXT(s->scope), DB_INT(s->subject_id),
		DB_INT(s->holder_id), DB_TEXT(now)
	};
	int rc;

	*failures = 0;
	/*
	 * The upsert's row lock is what serialises guesses at once; it
	 * leaves updated_at, the time of the last wrong code, as it is, so
	 * that attempts refused for too many do not put off the forgetting.
	 */
	rc = db_exec_values(db,
		"INSERT INTO checkin_guard (scope, subject_id, holder_id, "
		"failures, updated_at) VALUES (?, ?, ?, 0, ?) "
		"ON CONFLICT (scope, subject_id, holder_id) "
		"DO UPDATE SET failures = checkin_guard.failures", v, 4);
	if (!rc)
		rc = db_int_value(db,
			"SELECT failures FROM checkin_guard WHERE scope = ? "
			"AND subject_id = ? AND holder_id = ?", v, 3,
			failures);
	return rc;
}

int
checkin_forget(struct db *db, const struct checkin_subject *s,
	       const char *before)
{
	struct db_value v[] = {
		DB_TEXT(s->scope), DB_INT(s->subject_id),
		DB_INT(s->holder_id), DB_TEXT(before)
	};

	return db_exec_values(db,
		"UPDATE checkin_guard SET failures = 0 WHERE scope = ? "
		"AND subject_id = ? AND holder_id = ? AND failures > 0 "
		"AND updated_at < ?", v, 4);
}

int
checkin_passed(struct db *db, const struct checkin_subject *s)
{
	struct db_value v[] = {
		DB_TEXT(s->scope), DB_INT(s->subject_id),
		DB_INT(s->holder_id)
	};

	return db_exec_values(db,
		"UPDATE checkin_guard SET failures = 0 WHERE scope = ? "
		"AND subject_id = ? AND holder_id = ? AND failures > 0", v, 3);
}

int
checkin_failed(struct db *db, const struct checkin_subject *s,
	       const char *now)
{
	struct db_value v[] = {
		DB_TEXT(now), DB_TEXT(s->scope), DB_INT(s->subject_id),
		DB_INT(s->holder_id)
	};

	return db_change_values(db,
		"UPDATE checkin_guard SET failures = failures + 1, "
		"updated_at = ? WHERE scope = ? AND subject_id = ? "
		"AND holder_id = ?", v, 4);
}

int
checkin_attempt(struct db *db, const struct checkin_subject *s,
		int64_t account_id, const char *outcome, const char *ip,
		const char *at)
{
	struct db_value v[] = {
		DB_TEXT(s->scope), DB_INT(s->subject_id), DB_INT(s->holder_id),
		account_id > 0 ? DB_INT(account_id) : DB_TEXT(NULL),
		DB_TEXT(outcome),
		DB_TEXT(ip && strlen(ip) <= 64 ? ip : ""), DB_TEXT(at)
	};

	return db_exec_values(db,
		"INSERT INTO checkin_attempt (scope, subject_id, holder_id, "
		"account_id, outcome, ip, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		v, 7);
}
