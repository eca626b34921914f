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
#include "base/time.h"
#include "db/db.h"
#include "db/memo.h"
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
training_certificate_issue_in(struct db *db, const struct audit_actor *actor,
			      int64_t enrolment_id, int64_t *id,
			      struct problem *pb)
{
	struct tr_enrolment e;
	char code[TRAINING_CERT_CODE_LEN + 1], now[32];
	json_t *after = NULL;
	bool has;
	int rc;

	*id = 0;
	rc = store_enrolment(db, enrolment_id, &e);
	if (rc == ERR_NOTFOUND)
		return problem_key(pb, rc, "enrolment_id",
				   "training.err.enrolment_gone",
				   "no such enrolment");
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
	new_code(code);
	time_now_utc(now);
	rc = out_store_certificate_insert(db, &e, code, now, id);
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
		rc = problem_key(pb, rc, NULL,
				 "training.err.enrolment_gone",
				 "no such enrolment");
	return record_end(db, rc, &training_certificate_view_table, id, out);
}

int
training_certificate_verify(struct db *db, const char *code, json_t **out)
{
	char canon[TRAINING_CERT_CODE_LEN + 1], masked[256];
	size_t n = code ? strlen(code) : 0;
	json_t *row;
	int rc;

	*out = NULL;
	if (n != TRAINING_CERT_CODE_LEN)
		return ERR_NOTFOUND;
	for (size_t i = 0; i < n; i++) {
		char c = code[i] >= 'a' && code[i] <= 'z' ?
			 (char)(code[i] - 'a' + 'A') : code[i];

		if (!strchr(code_alphabet, c) || !c)
			return ERR_NOTFOUND;
		canon[i] = c;
	}
	canon[n] = '\0';
	rc = out_store_certificate_by_code(db, canon, &row);
	if (rc)
		return rc;
	training_mask_name(json_string_value(json_object_get(row, "holder")),
			   masked, sizeof(masked));
	*out = json_pack("{s:s,s:O,s:O}", "holder", masked, "programme",
			 json_object_get(row, "programme"), "issued_on",
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
			json_integer_value(json_object_get(c, "level")));

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
