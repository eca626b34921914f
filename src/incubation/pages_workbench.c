/*
 * pages_workbench.c - the incubator's part of the workbench (pages.h,
 * incubation_workbench()): for staff, what waits for the park's office;
 * for a startup's account, its reports owed and its leases. Counted as of
 * the portal's today, each count linking to the records it counts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "incubation/incubation.h"
#include "incubation/incubation_int.h"
#include "incubation/pages.h"
#include "page/page.h"
#include "page/section.h"
#include "record/record.h"
#include "settings/settings.h"

/* How far ahead a lease's end is shown to staff. */
#define LEASE_AHEAD_DAYS 60
/* How far back an unfiled report is still chased (the reminders job's). */
#define REPORT_BACK_DAYS 31

/* A report owed for period `pd` (its draft `id`, or 0), as a row. */
static json_t *
owed_row(struct request *r, json_t *pd, bool late, int64_t id)
{
	const char *text = arena_printf(&r->arena, "%s %s %s %s",
		record_text(pd, "template_name"),
		record_text(pd, "starts_on"),
		page_text(r, "workbench.to"),
		record_text(pd, "ends_on"));
	const char *note = arena_printf(&r->arena, "%s %s%s",
		page_text(r, "workbench.inc.due_on"),
		record_text(pd, "due_on"),
		late ? page_text(r, "workbench.inc.late") : "");
	const char *href = id ? arena_printf(&r->arena,
		"/incubation/reports/%lld", (long long)id) :
		"/incubation/reports";

	return json_pack("{s:s?,s:s?,s:s?}", "text", text, "note", note,
			 "href", href);
}

/*
 * The reports owed as of `today` for the periods due from REPORT_BACK_DAYS
 * before it to the reminder days after it: of organisation `org` (0:
 * every startup), counted into *late and *due, and, when `rows` is given,
 * listed there. *period receives the last such period's id (0: none).
 */
static int
owed(struct request *r, const char *today, int64_t org, int64_t *late,
     int64_t *due, int64_t *period, json_t *rows)
{
	char from[11], to[11];
	json_t *periods = NULL, *pd, *who = NULL, *w;
	int64_t ahead = 7;
	size_t i, j;
	int rc;

	*late = *due = *period = 0;
	rc = settings_get_int(r->db, "incubation.report_remind_days", &ahead);
	inc_day_add(today, -REPORT_BACK_DAYS, from);
	inc_day_add(today, (int)ahead, to);
	if (!rc)
		rc = store_periods_due(r->db, from, to, &periods);
	http_own(r, periods);
	json_array_foreach(periods, i, pd) {
		const char *due_on = record_text(pd, "due_on");

		if (rc)
			break;
		rc = inc_period_startups(r->db, record_int(pd, "id"), &who);
		http_own(r, who);
		if (rc)
			break;
		*period = record_int(pd, "id");
		json_array_foreach(who, j, w) {
			const char *st = record_text(w, "status");
			bool is_late = strcmp(due_on, today) < 0;
			int64_t id = record_int(w, "report_id");

			if ((org && record_int(w, "org_id") != org) ||
			    !strcmp(st, "submitted") ||
			    !strcmp(st, "accepted"))
				continue;
			(*(is_late ? late : due))++;
			if (rows)
				json_array_append_new(rows, owed_row(r, pd,
						      is_late, id));
		}
	}
	return rc;
}

/* What waits for the park's office. */
static int
staff_section(struct request *r, const char *today, json_t *sections)
{
	json_t *attention = NULL, *s;
	struct inc_pending n = { 0 };
	char until[11];
	const char *periods = "/incubation/report-periods";
	int64_t late = 0, due = 0, period = 0;
	int rc;

	inc_day_add(today, LEASE_AHEAD_DAYS, until);
	rc = store_pending(r->db, today, until, &n);
	if (!rc)
		rc = owed(r, today, 0, &late, &due, &period, NULL);
	if (!rc)
		rc = incubation_attention(r->db, today, &attention);
	http_own(r, attention);
	if (rc)
		return rc;
	if (period)
		periods = arena_printf(&r->arena, "%s/%lld", periods,
				       (long long)period);
	s = page_section(r, sections, "incubation", "workbench.inc.title");
	page_section_figure(r, s, "workbench.inc.applications",
			    n.applications,
			    "/incubation/applications?status=submitted", false);
	page_section_figure(r, s, "workbench.inc.reports_to_review",
			    n.reports, "/incubation/reports?status=submitted",
			    false);
	page_section_figure(r, s, "workbench.inc.reports_late", late, periods,
			    true);
	page_section_figure(r, s, "workbench.inc.reports_due", due, periods,
			    false);
	page_section_figure(r, s, "workbench.inc.leases_ending",
			    n.leases_ending, "/incubation/leases", false);
	page_section_figure(r, s, "workbench.inc.attention",
			    (int64_t)json_array_size(attention),
			    "/incubation/attention", true);
	return 0;
}

/* A lease in force, as a row. */
static json_t *
lease_row(struct request *r, json_t *l)
{
	const char *text = arena_printf(&r->arena, "%s %s %s",
		page_text(r, "workbench.inc.lease"),
		record_text(l, "building_name"),
		record_text(l, "unit_code"));
	const char *note = arena_printf(&r->arena, "%s %s %s",
		record_text(l, "starts_on"),
		page_text(r, "workbench.to"),
		record_text(l, "ends_on"));
	const char *href = arena_printf(&r->arena, "/incubation/leases/%lld",
		(long long)record_int(l, "id"));

	return json_pack("{s:s?,s:s?,s:s?}", "text", text, "note", note,
			 "href", href);
}

/* A startup's reports owed and its leases in force on `today`. */
static int
startup_section(struct request *r, const char *today, int64_t org,
		json_t *sections)
{
	json_t *rows = http_own(r, json_array());
	json_t *leases = http_own(r, json_array()), *l, *s;
	int64_t late = 0, due = 0, period;
	size_t i;
	int rc = owed(r, today, org, &late, &due, &period, rows);

	if (!rc)
		rc = store_leases_on(r->db, org, today, leases);
	if (rc || (!late && !due && !json_array_size(leases)))
		return rc;
	json_array_foreach(leases, i, l)
		json_array_append_new(rows, lease_row(r, l));
	s = page_section(r, sections, "startup",
			 "workbench.inc.startup_title");
	page_section_figure(r, s, "workbench.inc.my_reports", late + due,
			    "/incubation/reports", late > 0);
	page_section_figure(r, s, "workbench.inc.my_leases",
			    (int64_t)json_array_size(leases),
			    "/incubation/leases", false);
	json_object_set(s, "rows", rows);
	return 0;
}

int
incubation_workbench(struct request *r, const char *today, json_t *sections)
{
	const struct principal *p = auth_principal(r);

	if (auth_is_staff(p))
		return staff_section(r, today, sections);
	if ((p->roles & ROLE_ENTERPRISE) && p->org_id > 0)
		return startup_section(r, today, p->org_id, sections);
	return 0;
}
