/*
 * rules_certificate.c - assessments, internal completion certificates
 * with their public verification, and the training figures (training.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/time.h"
#include "base/utf8.h"
#include "db/db.h"
#include "db/memo.h"
#include "record/record.h"
#include "settings/settings.h"
#include "training/training.h"
#include "training/training_int.h"

/* Crockford's base32: no I, L, O, U, so a code read aloud is unambiguous. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 20 characters from 100 random bits (5 bits each). */
static void
new_code(char out[TRAINING_CERT_CODE_LEN + 1])
{
	unsigned char raw[TRAINING_CERT_CODE_LEN];

	randombytes_buf(raw, sizeof(raw));
	for (int i = 0; i < TRAINING_CERT_CODE_LEN; i++)
		out[i] = code_alphabet[raw[i] & 31];
	out[TRAINING_CERT_CODE_LEN] = '\0';
}

void
training_mask_name(const char *name, char *out, size_t len)
{
	size_t n = 0, first = 0, last = 0, at = 0;
	const char *s;

	/* Characters of the name, and where the first and last begin. */
	for (s = name; *s; s++)
		if ((*s & 0xC0) != 0x80) {
			if (n == 1)
				first = (size_t)(s - name);
			last = (size_t)(s - name);
			n++;
		}
	if (len == 0)
		return;
	if (n == 0) {
		out[0] = '\0';
		return;
	}
	if (n == 1) {
		snprintf(out, len, "*");
		return;
	}
	/* The first character, then a star for each but the last. */
	at = (size_t)snprintf(out, len, "%.*s", (int)first, name);
	for (size_t i = 1; i + 1 < n && at + 1 < len; i++)
		out[at++] = '*';
	if (at < len)
		out[at] = '\0';
	if (n == 2) {
		if (at + 1 < len) {
			out[at++] = '*';
			out[at] = '\0';
		}
		return;
	}
	if (at < len)
		snprintf(out + at, len - at, "%s", name + last);
}

int
training_assess(struct db *db, const struct principal *p, int64_t enrolment,
		json_t *in, json_t **out, struct problem *pb)
{
	struct tr_enrolment e;
	int64_t mark = 60, module, score, id = 0;
	json_t *v;
	bool ok;
	int rc;

	*out = NULL;
	if (!json_is_object(in))
		return problem(pb, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	if (json_object_get(in, "passed"))
		return problem_key(pb, ERR_INVALID, "passed",
				   "training.err.passed",
				   "passed follows from the score and the "
				   "pass mark");
	if (json_object_get(in, "enrolment_id"))
		return problem_key(pb, ERR_INVALID, "enrolment_id",
				   "training.err.enrolment_path",
				   "enrolment_id is the one in the path");
	json_object_set_new(in, "enrolment_id", json_integer(enrolment));
	v = json_object_get(in, "module_id");
	module = json_is_integer(v) ? json_integer_value(v) : 0;
	v = json_object_get(in, "score");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 100)
		return problem_key(pb, ERR_INVALID, "score",
				   "training.err.score",
				   "score must be a whole number from 0 to "
				   "100");
	score = json_integer_value(v);
	if ((rc = db_begin(db)))
		return rc;
	rc = store_enrolment(db, enrolment, &e);
	if (rc == ERR_NOTFOUND)
		rc = problem_key(pb, ERR_INVALID, "enrolment_id",
				 "training.err.no_enrolment",
				 "enrolment_id must name an enrolment");
	if (rc)
		goto out;
	if (auth_require(p, PERM_CERT_WRITE, 0) &&
	    (p->person_id <= 0 || p->person_id != e.cohort_teacher)) {
		rc = problem(pb, ERR_FORBIDDEN, NULL,
			     "only staff or the cohort's teacher may assess");
		goto out;
	}
	if ((rc = out_store_module_of(db, module, e.programme_id, &ok)))
		goto out;
	if (!ok) {
		rc = problem_key(pb, ERR_INVALID, "module_id",
				 "training.err.assessment_module",
				 "module_id must name a module of the "
				 "enrolment's programme");
		goto out;
	}
	if ((rc = settings_get_int(db, "training.pass_mark", &mark)))
		goto out;
	json_object_set_new(in, "passed", json_integer(score >= mark));
	rc = record_create_in(db, &training_assessment_table, &p->actor, in,
			      &id, pb);
out:
	return record_end(db, rc, &training_assessment_table, id, out);
}

int
training_cert_number(const char *word, int64_t year, int64_t seq,
		     char out[TRAINING_CERT_NUMBER_BYTES])
{
	int n = snprintf(out, TRAINING_CERT_NUMBER_BYTES, "%s〔%04lld〕第%04lld号",
			 word, (long long)year, (long long)seq);

	return n > 0 && n < TRAINING_CERT_NUMBER_BYTES && year > 0 &&
	       seq > 0 ? 0 : ERR_INVALID;
}

int
training_cert_number_canon(const char *in,
			   char out[TRAINING_CERT_NUMBER_BYTES])
{
	/* What people type for the year's brackets, and the real ones. */
	static const char *const opening[] = { "[", "(", "（", "【", "［" };
	static const char *const closing[] = { "]", ")", "）", "】", "］" };
	size_t at = 0, i, len;
	const char *put;

	/* Not text: no number (and no byte of a sequence split by a space
	 * that, taken out, would join the halves into another character). */
	if (!utf8_valid(in, strlen(in)))
		return ERR_INVALID;
	while (*in) {
		put = NULL;
		len = 1;
		for (i = 0; i < ARRAY_SIZE(opening) && !put; i++) {
			if (!strncmp(in, opening[i], strlen(opening[i]))) {
				put = "〔";
				len = strlen(opening[i]);
			} else if (!strncmp(in, closing[i],
					    strlen(closing[i]))) {
				put = "〕";
				len = strlen(closing[i]);
			}
		}
		if (!put && (*in == ' ' || *in == '\t' || *in == '\r' ||
			     *in == '\n')) {
			in++;
			continue;
		}
		if (!put && !strncmp(in, "　", strlen("　"))) {
			in += strlen("　");	/* a full-width space */
			continue;
		}
		if (put) {
			if (at + strlen(put) >= TRAINING_CERT_NUMBER_BYTES)
				return ERR_INVALID;
			memcpy(out + at, put, strlen(put));
			at += strlen(put);
		} else {
			if (at + 1 >= TRAINING_CERT_NUMBER_BYTES)
				return ERR_INVALID;
			out[at++] = *in;
		}
		in += len;
	}
	out[at] = '\0';
	return 0;
}

int
training_certificate_issue_in(struct db *db, const struct audit_actor *actor,
			      int64_t enrolment_id, int64_t *id,
			      struct problem *pb)
{
	struct tr_enrolment e;
	char code[TRAINING_CERT_CODE_LEN + 1], now[32];
	struct tr_cert_word word;
	char number[TRAINING_CERT_NUMBER_BYTES];
	json_t *after = NULL;
	int64_t seq, year;
	bool has;
	int rc;

	*id = 0;
	rc = tr_enrolment_get(db, enrolment_id, "enrolment_id", &e, pb);
	if (rc)
		return rc;
	if (strcmp(e.status, "completed"))
		return problem_key(pb, ERR_CONFLICT, "enrolment_id",
				   "training.err.not_completed",
				   "the enrolment has not been completed");
	if ((rc = out_store_has_certificate(db, enrolment_id, &has)))
		return rc;
	if (has)
		return problem_key(pb, ERR_CONFLICT, "enrolment_id",
				   "training.err.has_certificate",
				   "the enrolment already has its certificate");
	/*
	 * The number of its issuing body and of the year it completed (the
	 * first four digits of a stored date), in this transaction.
	 */
	year = (e.status_on[0] - '0') * 1000 + (e.status_on[1] - '0') * 100 +
	       (e.status_on[2] - '0') * 10 + (e.status_on[3] - '0');
	if ((rc = out_store_cert_word(db, e.cohort_id, &word)) ||
	    (rc = out_store_cert_next(db, word.word, year, &seq)) ||
	    (rc = training_cert_number(word.word, year, seq, number)))
		return rc;
	new_code(code);
	time_now_utc(now);
	rc = out_store_certificate_insert(db, &e, number, code, now, id);
	if (!rc)
		rc = out_store_certificate(db, *id, &after);
	if (!rc)
		rc = audit_write(db, actor, "create", "training_certificate",
				 *id, NULL, after);
	json_decref(after);
	if (rc)
		*id = 0;
	return rc;
}

int
training_certificate_issue(struct db *db, const struct principal *p,
			   int64_t enrolment_id, json_t *in, json_t **out,
			   struct problem *pb)
{
	int64_t id = 0;
	int rc;

	(void)in;
	*out = NULL;
	if ((rc = auth_require(p, PERM_CERT_WRITE, 0)) ||
	    (rc = db_begin(db)))
		return rc;
	rc = training_certificate_issue_in(db, &p->actor, enrolment_id, &id,
					   pb);
	if (rc == ERR_NOTFOUND)
		rc = tr_no_enrolment(pb, NULL);
	return record_end(db, rc, &training_certificate_view_table, id, out);
}

/*
 * `text` as a verification code, upper-cased into `canon`: true when it
 * is one (20 characters of the alphabet).
 */
static bool
as_code(const char *text, char canon[TRAINING_CERT_CODE_LEN + 1])
{
	size_t n = strlen(text);

	if (n != TRAINING_CERT_CODE_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = text[i] >= 'a' && text[i] <= 'z' ?
			 (char)(text[i] - 'a' + 'A') : text[i];

		if (!strchr(code_alphabet, c))
			return false;
		canon[i] = c;
	}
	canon[n] = '\0';
	return true;
}

/* Whether `typed` is `name`, but for spaces around it. */
static bool
same_name(const char *typed, const char *name)
{
	size_t n;

	if (!typed || !name)
		return false;
	while (*typed == ' ')
		typed++;
	n = strlen(typed);
	while (n && typed[n - 1] == ' ')
		n--;
	return n && n == strlen(name) && !memcmp(typed, name, n);
}

int
training_certificate_verify(struct db *db, const char *code,
			    const char *name, json_t **out)
{
	char canon[TRAINING_CERT_CODE_LEN + 1], masked[256];
	char number[TRAINING_CERT_NUMBER_BYTES];
	json_t *row;
	int rc;

	*out = NULL;
	if (!code || !*code)
		return ERR_NOTFOUND;
	if (as_code(code, canon)) {
		rc = out_store_certificate_by_code(db, canon, NULL, &row);
	} else if (!training_cert_number_canon(code, number) && *number) {
		rc = out_store_certificate_by_code(db, NULL, number, &row);
		if (!rc && !same_name(name, record_text(row, "holder"))) {
			json_decref(row);
			rc = ERR_NOTFOUND;
		}
	} else {
		rc = ERR_NOTFOUND;
	}
	if (rc)
		return rc;
	training_mask_name(record_text(row, "holder"), masked, sizeof(masked));
	*out = json_pack("{s:s,s:O,s:O,s:O}", "holder", masked, "programme",
			 json_object_get(row, "programme"), "number",
			 json_object_get(row, "number"), "issued_on",
			 json_object_get(row, "issued_on"));
	json_decref(row);
	return *out ? 0 : ERR_NOMEM;
}

int
training_certificate_get(struct db *db, int64_t id, json_t **out)
{
	return out_store_certificate(db, id, out);
}

int
training_certificates_of(struct db *db, int64_t person_id, json_t **out)
{
	json_t *skill;
	size_t i;
	json_t *c;
	int rc;

	*out = json_object();
	rc = out_store_certificates_of(db, person_id, *out);
	skill = json_object_get(*out, "skill");
	json_array_foreach(skill, i, c) {
		const char *name = training_skill_level_name(
			record_int(c, "level"));

		json_object_set_new(c, "level_name", json_string(name ? name :
								 ""));
	}
	return rc;
}

/*
 * The figures are a dozen queries over every completion, placement and
 * employee: kept while the database stands still (db/memo.h).
 */
static struct db_memo figures_memo = DB_MEMO_INIT;

static int
compute_figures(struct db *db, const char *as_of, json_t **out)
{
	*out = json_pack("{s:s}", "as_of", as_of);
	return *out ? out_store_figures(db, as_of, *out) : ERR_NOMEM;
}

int
training_figures(struct db *db, const char *as_of, json_t **out)
{
	return db_memo_answer(&figures_memo, db, as_of, compute_figures, out);
}

int
training_figure_rows(struct db *db, const char *figure, const char *as_of,
		     int64_t limit, int64_t offset, json_t **items,
		     int64_t *total)
{
	return out_store_figure_rows(db, figure, as_of, limit, offset, items,
				     total);
}
