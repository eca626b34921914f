/*
 * figures.c - the park's incubation figures as of a date (incubation.h):
 * one object whose members the contributors below write, each a query
 * over the records. A part of the module that adds figures adds its
 * function to contributors[] and declares it in incubation.h.
 */
#include <stddef.h>

#include "base/err.h"
#include "db/memo.h"
#include "incubation/incubation.h"

static const incubation_figure_fn contributors[] = {
	incubation_figures_lifecycle,	/* incubated, graduated, exited,
					 * in_park */
	incubation_figures_financing,	/* financing */
	incubation_figures_reports,	/* student_jobs, output_value_fen */
	incubation_figures_space,	/* units, units_leased, area,
					 * area_leased */
};

/*
 * Every figure is a query over the whole ledger: the answers are kept
 * while the database stands still (db/memo.h).
 */
static struct db_memo figures_memo = DB_MEMO_INIT;

static int
compute_figures(struct db *db, const char *as_of, json_t **out)
{
	int rc = 0;

	*out = json_pack("{s:s}", "as_of", as_of);
	if (!*out)
		return ERR_NOMEM;
	for (size_t i = 0; i < sizeof(contributors) / sizeof(contributors[0])
	     && !rc; i++)
		rc = contributors[i](db, as_of, *out);
	return rc;
}

int
incubation_figures(struct db *db, const char *as_of, json_t **out)
{
	return db_memo_answer(&figures_memo, db, as_of, compute_figures, out);
}
