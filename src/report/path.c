/*
 * path.c - the park's path figure (人才发展轨迹): of the people trained
 * here, how many were hired through a selection, how many founded a
 * startup of the park, and how many jobs those startups report — each
 * count from the records of the module that keeps them, as of a date:
 *
 *	GET /figures/path?as_of=		the page; for staff, the founders
 *						counted, by name
 *	GET /api/v1/figures/path?as_of=	the same as JSON
 *
 * The same path, person by person, is on each person's page (party.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "http/api.h"
#include "incubation/incubation.h"
#include "page/page.h"
#include "record/record.h"
#include "party/party.h"
#include "report/report.h"
#include "selection/selection.h"
#include "training/training.h"

/* The person ids of `rows` ({person_id}), ascending, in the arena. */
static int64_t *
ids_of(struct request *r, json_t *rows, size_t *n)
{
	int64_t *ids = arena_new(&r->arena, int64_t, json_array_size(rows) + 1);
	json_t *row;
	size_t i;

	*n = 0;
	json_array_foreach(rows, i, row)
		if (ids)
			ids[(*n)++] = json_integer_value(json_object_get(row,
							 "person_id"));
	return ids;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Whether `id` is among the `n` ascending `ids`. */
static bool
among(const int64_t *ids, size_t n, int64_t id)
{
	return n && bsearch(&id, ids, n, sizeof(*ids), by_id);
}

/* A startup a trained founder founded, and the jobs it reports. */
struct startup {
	int64_t org_id, employees;
};

static int
by_org(const void *a, const void *b)
{
	const struct startup *x = a, *y = b;

	return (x->org_id > y->org_id) - (x->org_id < y->org_id);
}

/*
 * The startups of `rows` (founded, as incubation_founders() gives them)
 * whose founder is among the `nt` trained `t`: into `founded` those rows,
 * and the people, the distinct startups and their jobs counted — a
 * startup two trainees founded counts, and its jobs, once.
 */
static int
count_founded(struct request *r, json_t *rows, const int64_t *t, size_t nt,
	      json_t *founded, json_int_t *people, json_int_t *startups,
	      json_int_t *jobs)
{
	struct startup *s = arena_new(&r->arena, struct startup,
				      json_array_size(rows) + 1);
	json_int_t last = 0;
	size_t n = 0, i;
	json_t *row;

	if (!s)
		return ERR_TOOBIG;
	*people = *startups = *jobs = 0;
	json_array_foreach(rows, i, row) {
		json_int_t person = json_integer_value(json_object_get(row,
						"person_id"));

		if (!among(t, nt, person))
			continue;
		json_array_append(founded, row);
		*people += person != last;	/* rows come by person */
		last = person;
		s[n++] = (struct startup){
			json_integer_value(json_object_get(row, "org_id")),
			json_integer_value(json_object_get(row, "employees")),
		};
	}
	qsort(s, n, sizeof(*s), by_org);
	for (i = 0; i < n; i++)
		if (!i || s[i].org_id != s[i - 1].org_id) {
			(*startups)++;
			*jobs += s[i].employees;
		}
	return 0;
}

/*
 * The figure as of the request's `as_of` (api_date(): today when not
 * given) into *out (the caller's): {as_of, trained, hired, founders,
 * startups, jobs, founded: [{person_id, org_id, org_name, employees}]},
 * the people and startups counted being those of the trained; `founded`,
 * the records behind the last three, for staff only (`founded` is left
 * out for anyone else).
 */
static int
path_figure(struct request *r, json_t **out)
{
	json_t *trained = json_array(), *hired = json_array();
	json_t *founders = json_array(), *founded = json_array();
	json_int_t nhired = 0, people = 0, startups = 0, jobs = 0;
	char as_of[TIME_DATE_LEN + 1];
	int64_t *t = NULL, *h = NULL;
	size_t nt = 0, nh = 0, i;
	int rc = api_date(r, "as_of", as_of);

	*out = NULL;
	if (!rc)
		rc = training_completed_people(r->db, as_of, trained);
	if (!rc)
		rc = selection_hired_people(r->db, as_of, hired);
	if (!rc)
		rc = incubation_founders(r->db, as_of, founders);
	if (!rc && (!(t = ids_of(r, trained, &nt)) ||
		    !(h = ids_of(r, hired, &nh))))
		rc = ERR_TOOBIG;
	if (!rc)
		rc = count_founded(r, founders, t, nt, founded, &people,
				   &startups, &jobs);
	if (rc)
		goto out;
	for (i = 0; i < nh; i++)
		nhired += among(t, nt, h[i]);
	*out = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "as_of", as_of,
			 "trained", (json_int_t)nt, "hired", nhired,
			 "founders", people, "startups", startups, "jobs",
			 jobs);
	if (!*out)
		rc = ERR_NOMEM;
	else if (auth_is_staff(auth_principal(r)))
		json_object_set(*out, "founded", founded);

out:
	json_decref(trained);
	json_decref(hired);
	json_decref(founders);
	json_decref(founded);
	return rc;
}

/* GET /api/v1/figures/path?as_of= */
static int
api_path(struct request *r)
{
	json_t *f;
	int rc = path_figure(r, &f);

	return rc ? rc : http_json(r, 200, f);
}

/* Each of `rows` named: "name", the title of its person_id. */
static int
add_names(struct request *r, json_t *rows)
{
	size_t n = json_array_size(rows), i;
	int64_t *ids = arena_new(&r->arena, int64_t, n + 1);
	json_t *titles, *row, *name;
	char key[24];
	int rc;

	if (!ids)
		return ERR_TOOBIG;
	json_array_foreach(rows, i, row)
		ids[i] = json_integer_value(json_object_get(row, "person_id"));
	if ((rc = record_titles(r->db, &party_person_table, ids, n, &titles)))
		return rc;
	json_array_foreach(rows, i, row) {
		snprintf(key, sizeof(key), "%lld", (long long)ids[i]);
		if ((name = json_object_get(titles, key)))
			json_object_set(row, "name", name);
	}
	json_decref(titles);
	return 0;
}

/* GET /figures/path?as_of= */
static int
page_path(struct request *r)
{
	json_t *f;
	int rc = path_figure(r, &f);

	if (rc)
		return rc;
	http_own(r, f);
	/* The founders behind the figures, by name, for staff. */
	if (json_object_get(f, "founded") &&
	    (rc = add_names(r, json_object_get(f, "founded"))))
		return rc;
	json_object_set_new(f, "can_drill", json_boolean(
		json_object_get(f, "founded")));
	return page_render(r, "report/path", "path_figure.title",
			   json_incref(f));
}

const struct route report_path_routes[] = {
	{ HTTP_GET, "/figures/path", page_path, ROUTE_PAGE, NULL,
	  PERM_TRAINING_FIGURES },
	{ HTTP_GET, "/api/v1/figures/path", api_path, 0, NULL,
	  PERM_TRAINING_FIGURES },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

/* The figure's entry of the left menu (page.h), beside the dashboard. */
const struct page_menu_item report_path_menu[] = {
	{ ROLE_ADMIN | ROLE_VIEWER, "menu.overview", "/figures/path",
	  "menu.path_figure" },
	{ 0, NULL, NULL, NULL },
};
