/*
 * figures_ops.c - the figures of the space and the reports, as
 * contributors to the park's incubation figures (incubation.h):
 *
 *	student_jobs      over every startup incubated by the date: the
 *	                  university-student founders plus the student and
 *	                  recent-graduate employees of its latest accepted
 *	                  report (a period ended and accepted by the date);
 *	output_value_fen  over the same startups, the output value of each
 *	                  one's latest accepted annual report;
 *	units, units_leased, area, area_leased
 *	                  occupancy on the date: the units of the buildings
 *	                  open by then and their area (0.01 m²), and how many
 *	                  of them and how much of it were under a lease.
 */
#include "incubation/incubation.h"
#include "incubation/ops_int.h"

int
incubation_figures_reports(struct db *db, const char *as_of, json_t *out)
{
	int64_t jobs, output;
	int rc = store_report_figures(db, as_of, &jobs, &output);

	if (rc)
		return rc;
	json_object_set_new(out, "student_jobs", json_integer(jobs));
	json_object_set_new(out, "output_value_fen", json_integer(output));
	return 0;
}

int
incubation_figures_space(struct db *db, const char *as_of, json_t *out)
{
	struct inc_occupancy o;
	int rc = inc_occupancy(db, as_of, &o, NULL);

	if (rc)
		return rc;
	json_object_set_new(out, "units", json_integer(o.units));
	json_object_set_new(out, "units_leased",
			    json_integer(o.units_leased));
	json_object_set_new(out, "area", json_integer(o.area));
	json_object_set_new(out, "area_leased", json_integer(o.area_leased));
	return 0;
}
