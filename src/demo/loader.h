/*
 * loader.h - what the steps of the demo park share (internal to
 * src/demo/): the loader's state, the park's organisations and people made
 * so far, and the helpers that add records through the party ledger.
 *
 * demo.c loads the parties; each business module's history is a step of
 * its own file (incubation.c, training.c) that reads what the earlier
 * steps made from the loader and writes through that module's header.
 * Every helper returns 0 or the error of the record that failed, with
 * l->sum->error naming it (demo_failed()).
 */
#ifndef JG_DEMO_LOADER_H
#define JG_DEMO_LOADER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "demo/demo.h"

struct problem;
struct record_table;

/* The park, its units and the institutes, parents before children. */
enum {
	P_OPERATOR, P_PARK, P_HR_PARK, P_BASE, P_COLLEGE, P_TRAINING,
	P_RESEARCH, N_PARK
};

enum {
	N_PARTNERS = 8,		/* the training centres' co-builders */
	PARTNER_CAS = 7,	/* the CAS Changchun Institute of Optics */
	N_EXPERTS = 7,		/* its experts in the maker factory */
	N_FIRMS = 20,		/* of the Jiutai Economic Development Zone */
	N_SCHOOLS = 22,		/* partner universities and colleges */
	N_STARTUPS = 62,	/* incubated in all */
	IN_PARK = 37,		/* the newest are the ones still in the park */
	N_FIRM_WORKERS = 4,	/* each firm's workers trained at the base */
	N_COLLEGE_STUDENTS = 900, /* the technician college's first intake */
	N_ORDER_TRAINEES = 25,	/* each firm's order class, new trainees */
	N_GRADUATES = N_FIRMS * (N_ORDER_TRAINEES + N_FIRM_WORKERS),
	N_PARK_CANDIDATES = 8,	/* the park-wide round of 2019 */
	N_APPRENTICES_2019 = 600, /* the centres' apprentices of 2019 */
	N_NEARBY = 33,		/* nearby firms employing senior technicians */
};

/*
 * A firm's worker trained at the base (demo.c), for the training history
 * (training.c): which of the firm programmes (0 pre-job, 1 order class,
 * 2 in-service) and when.
 */
struct worker {
	int64_t person_id;
	int firm;		/* index in firm[] */
	int programme;
	char since[16], until[16];
};

/*
 * A graduate of a firm's order class (workers of demo.c, new trainees of
 * training.c), for the class's two-way selection of `year`
 * (selection.c): hired by the firm on `hired`, or not ("").
 */
struct graduate {
	int64_t person_id;
	int firm;		/* index in firm[] */
	int year;
	char hired[16];
};

/*
 * An apprentice of a training centre who completed in 2019 (training.c),
 * for the regional fair (selection.c): what it trained for (its centre's
 * occupation) and the firm (index in firm[]) whose workshop it practised
 * in.
 */
struct apprentice {
	int64_t person_id;
	char mobile[12];
	const char *occupation;
	int firm;
};

struct person {
	int64_t id;
	char name[32];
	char mobile[12];
};

struct startup {
	char name[128];
	char code[19];
	char founded[16];
	char address[128];
	int sector;
	int staff;		/* employees besides the founder */
	bool named;		/* the one the article names (the drone firm) */
	int order;		/* generation order, to sort stably */
	int64_t id;
	int64_t founder_id;	/* the founder's person id */
};

struct loader {
	struct db *db;
	const struct audit_actor *actor;
	struct demo_summary *sum;
	struct demo_rng rng;
	uint32_t people;	/* serial of the next person */
	char codes[128][19];	/* the credit codes made so far */
	int ncodes;
	int64_t park[N_PARK];	/* organisation ids, P_* order */
	int64_t partner[N_PARTNERS];
	int64_t firm[N_FIRMS];
	int64_t school[N_SCHOOLS];
	struct startup startups[N_STARTUPS];	/* oldest first */
	struct person experts[N_EXPERTS];	/* the CAS experts */
	int expert_startup[N_EXPERTS];	/* index in startups[] each helps */
	/* Kept for the training history (training.c). */
	struct worker workers[N_FIRMS * N_FIRM_WORKERS];
	int nworkers;
	struct graduate graduates[N_GRADUATES];
	int ngraduates;
	/* Kept for two-way selection (selection.c): each firm's order
	 * class (training.c) and eight apprentices who completed in 2019. */
	int64_t order_programme[N_FIRMS];
	int64_t park_candidates[N_PARK_CANDIDATES];
	int npark_candidates;
	/*
	 * Kept for the regional fair of 2019 (selection.c): the apprentices
	 * of 2019 besides those eight; for each Jiutai firm, the occupation
	 * of the centre its classes train at; the nearby firms, each with
	 * the occupation of the senior technician it employs.
	 */
	struct apprentice apprentices[N_APPRENTICES_2019];
	int napprentices;
	const char *firm_centre_occupation[N_FIRMS];
	int64_t nearby[N_NEARBY];
	const char *nearby_occupation[N_NEARBY];
	/*
	 * A person's whole path (party.h): the founder of startups[
	 * founder_startup], first trained in firm 0's order class of 2017
	 * and hired through its selection (training.c), then leaving that
	 * job to found the startup (demo.c).
	 */
	int64_t founder_trainee;
	int founder_startup;
	int64_t college_students[N_COLLEGE_STUDENTS];
	int college_major[N_COLLEGE_STUDENTS];	/* index of the subject */
	int ncollege_students;
};

/* The technician college's subjects (majors), N_COLLEGE_SUBJECTS of them. */
enum { N_COLLEGE_SUBJECTS = 10 };
extern const char *const demo_college_subjects[N_COLLEGE_SUBJECTS];

/* An organisation to add. */
struct org_in {
	const char *kind;
	const char *name;
	const char *name_en;
	const char *code;
	int64_t parent_id;
	const char *founded_on;
	const char *address;
	const struct person *contact;
};

/* Days since 1970-01-01 of a civil date, and of a "YYYY-MM-DD" one. */
int64_t demo_day_number(int y, int m, int d);
int64_t demo_day(const char *s);
/* A day number as "YYYY-MM-DD" into out. */
void demo_day_format(int64_t z, char out[16]);
/* A draw from [from, to] (day numbers) as a date. */
void demo_random_day(struct loader *l, int64_t from, int64_t to,
		     char out[16]);

/* Record why `what` `name` could not be added in l->sum->error; rc. */
int demo_failed(struct loader *l, int rc, const struct problem *pb,
		const char *what, const char *name);

/* Set o[key] to the string `value` unless it is NULL. */
void demo_set_text(json_t *o, const char *key, const char *value);

/*
 * A unified social credit code no organisation of the park has yet, whose
 * first eight characters are `head` ("91220113"); `ma` for the newer
 * registrations numbered MA....
 */
void demo_new_code(struct loader *l, const char *head, bool ma,
		   char out[19]);

int demo_add_org(struct loader *l, const struct org_in *o, int64_t *id);

/*
 * Create a record of `t` from `in` (taken over) in the loader's
 * transaction, audited; its id in *id (NULL: not wanted). On error
 * l->sum->error names `what` `name` (demo_failed()).
 */
int demo_add_record(struct loader *l, const struct record_table *t,
		    json_t *in, int64_t *id, const char *what,
		    const char *name);
/* An invented person (or the one named), not yet in the ledger. */
void demo_make_person(struct loader *l, const char *name, struct person *p);
int demo_add_person(struct loader *l, struct person *p);
int demo_add_role(struct loader *l, const struct person *p, int64_t org,
		  const char *role, const char *title, const char *since,
		  const char *until);
/* Count an affiliation made by a module's rule (an accepted offer). */
void demo_count_role(struct loader *l, const char *role);
/* Make and add a person with one role; the person in *p. */
int demo_add_member(struct loader *l, int64_t org, const char *role,
		    const char *title, const char *since, const char *until,
		    struct person *p);

/* The steps of the business modules, in their own files. */
int demo_load_incubation(struct loader *l);	/* incubation.c */
int demo_load_incubation_ops(struct loader *l);	/* incubation_ops.c */
/*
 * The training history (training.c), a step after the parties: centres,
 * programmes, cohorts, enrolments and completions, workshop placements,
 * certificates and the nearby firms that employ the park's senior
 * technicians, so that the training figures as of DEMO_AS_OF come out as
 * the article gives them.
 */
int demo_load_training(struct loader *l);
/*
 * The shared facilities (facility.c), a step after training: the
 * centres' resources with their co-builders, the terms, the 22 partners'
 * agreements and allocations, and two years of their bookings, so that as
 * of DEMO_AS_OF 22 partners share the facilities.
 */
int demo_load_facility(struct loader *l);
/*
 * What waits for each role on DEMO_AS_OF (workbench.c), a step after the
 * facilities: an application to review, a lease ending, a timetable with
 * check-ins to confirm and a session to mark, certificates to issue and
 * notices, the article's figures unchanged.
 */
int demo_load_workbench(struct loader *l);

/*
 * Two-way selection (selection.c), a step after training: the order
 * classes' hires of 2017-2019 as rounds of their classes, the park-wide
 * round of 2019 with its second round, and the regional fair of autumn
 * 2019.
 */
int demo_load_selection(struct loader *l);
/* Its regional fair of autumn 2019 (fair.c), the apprentices of 2019
 * and the region's firms, its offers open on DEMO_AS_OF. */
int demo_load_fair(struct loader *l);

/*
 * The facilities' days (facility_day.c), a step after their bookings:
 * rate cards, check-ins and check-outs, a few no-shows and late
 * cancellations in the first year, and the partners' issued monthly
 * statements, with the figure of 22 as part one made it.
 */
int demo_load_facility_day(struct loader *l);

#endif
