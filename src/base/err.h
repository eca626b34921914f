/*
 * err.h - the one error convention of jianggu.
 *
 * A function that can fail returns int: 0 on success, or one of the negative
 * codes below. Predicates return bool; results travel through out-parameters.
 * The human-readable detail travels beside the code (db_errmsg(), a request's
 * error message), never in a global.
 *
 * Each code maps to one HTTP status and one API error code string, so a
 * handler can hand any error straight to the response layer.
 */
#ifndef JG_ERR_H
#define JG_ERR_H

#include <stddef.h>

enum err {
	ERR_NOMEM = -1,		/* allocation failed or a budget was exceeded */
	ERR_INVALID = -2,	/* bad input: 400 invalid */
	ERR_NOTFOUND = -3,	/* no such record or route: 404 not_found */
	ERR_CONFLICT = -4,	/* duplicate, overlap, limit reached: 409 */
	ERR_FORBIDDEN = -5,	/* authenticated but not allowed: 403 */
	ERR_UNAUTH = -6,	/* no or bad credentials: 401 */
	ERR_TOOBIG = -7,	/* input over a size limit: 413 too_large */
	ERR_DB = -8,		/* database failure: 500, detail in db_errmsg() */
	ERR_IO = -9,		/* system call failed: 500, detail logged */
	ERR_METHOD = -10,	/* route exists, method does not: 405 */
	ERR_THROTTLED = -11,	/* too many attempts: 429 */
	ERR_BUSY = -12,		/* resource temporarily unavailable: 503 */
	ERR_HEADERS = -13,	/* request headers over the limit: 431 */
	ERR_URI_TOO_LONG = -14,	/* too many query arguments: 414 */
};

/*
 * The detail of a refusal by a module's rules: the input field at fault
 * (NULL when no single field is), an English sentence for the API and
 * the logs (a constant or arena string), and the catalog key of the
 * sentence people read on a page, with the numbers it names.
 *
 * The key's text in web/i18n/LANG/errors.json (or the module's catalog
 * file) is a template: {label} is the field's label in the reader's
 * language, {min} and {max} the numbers below ("{label}最多 {max} 个字"),
 * {1} to {4} the texts of `arg` (a resource's name, a time in Beijing
 * time: "{1}在 {2} 至 {3} 已被预约"), which must live as long as the
 * message does.
 * Keys are string literals containing "err." (docs/STYLE.md, Messages),
 * so that tests/cli/messages.test.mjs finds every one the code can
 * produce and fails when a catalog lacks it.
 */
#define PROBLEM_ARGS 4

struct problem {
	const char *field;
	const char *message;
	const char *key;	/* NULL: no text for people but the message */
	long long min, max;	/* {min} and {max} of the key's text */
	const char *arg[PROBLEM_ARGS];	/* {1} to {4}, NULL when unused */
};

/*
 * Record a problem people read, by its key, and return rc:
 * `return problem_key(pb, ERR_INVALID, "until", "err.before_start",
 * "until must not be before since")`. pb may be NULL.
 */
int problem_key(struct problem *pb, int rc, const char *field,
		const char *key, const char *message);

/* problem_key() whose text names numbers: {min} and {max}. */
int problem_range(struct problem *pb, int rc, const char *field,
		  const char *key, long long min, long long max,
		  const char *message);

/*
 * problem_key() whose text names texts: {1} to {n} are arg[0] to
 * arg[n - 1], n at most PROBLEM_ARGS.
 */
int problem_args(struct problem *pb, int rc, const char *field,
		 const char *key, const char *message, size_t n,
		 const char *const *arg);

/*
 * Record a problem with no text of its own for people and return rc:
 * pages show the English message, translated when the catalog's
 * "messages" table has it (page_message()). For refusals that name no
 * field (forbidden, not found); a field's problem takes problem_key().
 */
int problem(struct problem *pb, int rc, const char *field,
	    const char *message);

/* A short English description of rc ("invalid input"); never NULL. */
const char *err_str(int rc);

/* The API error code for rc ("invalid", "not_found", ...); never NULL. */
const char *err_code(int rc);

/* The HTTP status for rc (400, 404, ...); 500 for anything unknown. */
int err_http_status(int rc);

#endif
