/*
 * rules_ledger.c - the hours ledger as JSON and the completion rule
 * (training.h). Pure: no database, so the rule is unit-tested on its own.
 */
#include <stdio.h>

#include "training/training.h"

static json_t *
place_json(const struct training_hours *h, int k)
{
	return json_pack("{sI sI sI sI sI}",
			 "planned", (json_int_t)h->planned[k],
			 "held", (json_int_t)h->held[k],
			 "attended", (json_int_t)h->attended[k],
			 "verified", (json_int_t)h->verified[k],
			 "excused", (json_int_t)h->excused[k]);
}

json_t *
training_hours_json(int64_t enrolment_id, const struct training_hours *h)
{
	struct training_hours t = { 0 };

	for (int k = 0; k < TRAINING_NPLACES; k++) {
		t.planned[0] += h->planned[k];
		t.held[0] += h->held[k];
		t.attended[0] += h->attended[k];
		t.verified[0] += h->verified[k];
		t.excused[0] += h->excused[k];
	}
	return json_pack("{sI so so so}",
			 "enrolment_id", (json_int_t)enrolment_id,
			 "classroom", place_json(h, TRAINING_CLASSROOM),
			 "workshop", place_json(h, TRAINING_WORKSHOP),
			 "total", place_json(&t, 0));
}

/* Minutes as hours with one decimal, "37.5". */
static void
hours_text(int64_t minutes, char *out, size_t len)
{
	snprintf(out, len, "%lld.%lld", (long long)(minutes / 60),
		 (long long)(minutes % 60 * 10 / 60));
}

const char *
training_rule_unmet(const struct training_rule *rule,
		    const struct training_progress *pr, char *why, size_t len)
{
	int64_t due = 0, verified = 0;
	char due_h[32], got_h[32];

	for (int k = 0; k < TRAINING_NPLACES; k++) {
		due += pr->hours.planned[k] - pr->hours.excused[k];
		verified += pr->hours.verified[k];
	}
	if (due > 0 && verified * 100 < (int64_t)rule->min_attendance_pct *
	    due) {
		hours_text(verified, got_h, sizeof(got_h));
		hours_text(due, due_h, sizeof(due_h));
		snprintf(why, len, "attended and verified %s h of %s h "
			 "planned (%lld%%); the programme asks for %d%%",
			 got_h, due_h, (long long)(verified * 100 / due),
			 rule->min_attendance_pct);
		return why;
	}
	if (rule->assessments_required && pr->modules_passed < pr->modules) {
		snprintf(why, len, "passed %lld of %lld syllabus modules; the "
			 "programme asks for every one",
			 (long long)pr->modules_passed,
			 (long long)pr->modules);
		return why;
	}
	return NULL;
}
