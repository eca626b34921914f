/*
 * modules.c - the program put together: the one place that names every
 * module. Their route tables, their jobs, their menu entries, and the
 * hooks through which a lower layer reaches a higher one (the layout's
 * signed-in user and unread count) are set here, for `serve` and for the
 * subcommands that run jobs alike (cli.h); and the OpenAPI document gets
 * each operation's x-roles from the route that serves it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "account/api.h"
#include "account/pages.h"
#include "account/perm_pages.h"
#include "audit/api.h"
#include "audit/pages.h"
#include "auth/auth.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "base/macros.h"
#include "cli/cli.h"
#include "facility/api.h"
#include "facility/facility.h"
#include "facility/pages.h"
#include "http/api.h"
#include "http/http.h"
#include "http/system.h"
#include "incubation/api.h"
#include "incubation/incubation.h"
#include "incubation/pages.h"
#include "jobs/api.h"
#include "jobs/jobs.h"
#include "jobs/pages.h"
#include "notify/api.h"
#include "notify/notify.h"
#include "notify/pages.h"
#include "page/page.h"
#include "party/api.h"
#include "party/pages.h"
#include "party/party.h"
#include "record/api.h"
#include "record/pages.h"
#include "report/report.h"
#include "selection/api.h"
#include "selection/pages.h"
#include "selection/selection.h"
#include "settings/api.h"
#include "settings/pages.h"
#include "settings/settings.h"
#include "training/api.h"
#include "training/pages.h"
#include "training/training.h"
#include "upload/api.h"
#include "upload/upload.h"

/* Every route table, in the order the router tries them. */
static const struct route *const route_tables[] = {
	system_routes,
	account_api_routes,
	account_page_routes,
	account_admin_routes,
	account_perm_routes,
	audit_api_routes,
	audit_page_routes,
	settings_api_routes,
	settings_page_routes,
	party_api_routes,
	party_page_routes,
	training_api_routes,
	training_page_routes,
	report_page_routes,
	report_path_routes,
	notify_api_routes,
	notify_page_routes,
	upload_api_routes,
	jobs_api_routes,
	jobs_page_routes,
	incubation_api_routes,
	incubation_page_routes,
	inc_review_api_routes,
	inc_review_page_routes,
	inc_apply_page_routes,
	inc_space_api_routes,
	inc_space_page_routes,
	inc_report_api_routes,
	inc_report_page_routes,
	training_out_api_routes,
	training_out_page_routes,
	selection_api_routes,
	selection_page_routes,
	selection_fair_page_routes,
	facility_api_routes,
	facility_day_api_routes,
	facility_page_routes,
	facility_hours_api_routes,
	facility_hours_page_routes,
	facility_series_page_routes,
	facility_billing_page_routes,
	facility_waitlist_page_routes,
	facility_feed_page_routes,
	facility_day_page_routes,
	/* Last: a module's own /api/v1/pick/NAME comes first. */
	record_routes,
};

/* The left menu, group by group in the order the groups first appear. */
static const struct page_menu_item *const menus[] = {
	report_menu,
	report_path_menu,
	party_menu,
	incubation_menu,
	training_menu,
	selection_menu,
	facility_menu,
	facility_hours_menu,
	facility_day_menu,
	facility_billing_menu,
	facility_waitlist_menu,
	facility_feed_menu,
	account_menu,
	settings_menu,
	notify_menu,
	jobs_menu,
	account_perm_menu,
	audit_menu,
};

/* The described tables, for references between modules (record.h). */
static const struct record_table *const record_tables[] = {
	&party_org_table,
	&party_person_table,
	&party_affiliation_table,
	&inc_application_table,
	&inc_round_table,
	&inc_expert_table,
	&inc_assignment_table,
	&inc_session_table,
	&inc_project_table,
	&inc_milestone_table,
	&investment_table,
	&inc_building_table,
	&inc_floor_table,
	&inc_unit_table,
	&inc_lease_table,
	&inc_template_table,
	&inc_period_table,
	&inc_report_table,
	&training_centre_table,
	&training_partner_table,
	&training_room_table,
	&training_programme_table,
	&training_module_table,
	&training_cohort_table,
	&training_session_table,
	&training_enrolment_table,
	&training_mentor_table,
	&training_slot_table,
	&training_placement_table,
	&training_skill_cert_table,
	&training_certificate_table,
	&selection_round_table,
	&selection_position_table,
	&selection_candidate_table,
	&facility_resource_table,
	&facility_booking_table,
	&facility_series_table,
	&facility_term_table,
	&facility_agreement_table,
	&facility_allocation_table,
	&facility_hours_table,
	&facility_day_table,
	&facility_maintenance_table,
	NULL,
};

/* The home page's sections, in the order they are shown (report.h). */
static report_workbench_fn *const workbench_parts[] = {
	incubation_workbench,
	training_workbench,
	notify_workbench,
};

static const struct job_def *const job_tables[] = {
	account_jobs,
	incubation_jobs,
	selection_jobs,
	facility_jobs,
	facility_day_jobs,
};

/* The layout's signed-in user (page.h), from the principal (auth.h). */
static bool
page_user_of(struct request *r, struct page_user *u)
{
	const struct principal *p = auth_principal(r);
	size_t n = 0;

	if (!p)
		return false;
	u->name = p->name;
	u->display_name = p->display_name;
	u->roles = p->roles;
	u->is_staff = auth_is_staff(p);
	for (unsigned bit = 1; bit <= ROLE_VIEWER && n < PAGE_USER_ROLES;
	     bit <<= 1)
		if (p->roles & bit)
			u->role_names[n++] = role_name(bit);
	return true;
}

/* The top bar's "通知 (N)": 0 when it cannot be counted. */
static int64_t
page_unread_of(struct request *r)
{
	int64_t unread = 0;

	if (r->db && auth_principal(r))
		notify_unread_count(r->db, auth_principal(r), &unread);
	return unread;
}

/*
 * Facility's question to training (facility.h): does the person hold a
 * completion certificate of the programme, or a skill certificate of the
 * occupation at the level or above, issued since the date?
 */
static int
facility_certified_of(struct db *db, int64_t person_id,
		      const struct facility_requirement *req, bool *yes,
		      char *what, size_t len)
{
	json_t *held = NULL, *programme = NULL, *c;
	const char *level = training_skill_level_name(req->level);
	size_t i;
	int rc = 0;

	*yes = false;
	if (req->programme_id)
		rc = record_get(db, &training_programme_table,
				req->programme_id, &programme);
	if (rc)
		return rc;
	snprintf(what, len, "%s%s%s%s%s%s%s", programme ? "《" : "",
		 programme ? json_string_value(json_object_get(programme,
		 "name")) : "", programme ? "》结业证书" : "",
		 programme && req->occupation ? "或" : "",
		 req->occupation ? req->occupation : "",
		 req->occupation ? " " : "",
		 req->occupation ? (level ? level : "") : "");
	if (req->occupation)
		snprintf(what + strlen(what), len - strlen(what), "%s",
			 "及以上职业技能等级证书");
	json_decref(programme);
	if (person_id > 0)
		rc = training_certificates_of(db, person_id, &held);
	json_array_foreach(json_object_get(held, "completion"), i, c)
		*yes |= json_integer_value(json_object_get(c,
			"programme_id")) == req->programme_id &&
			strcmp(json_string_value(json_object_get(c,
			"issued_on")), req->since) >= 0;
	json_array_foreach(json_object_get(held, "skill"), i, c)
		*yes |= req->occupation && !strcmp(json_string_value(
			json_object_get(c, "occupation")), req->occupation) &&
			json_integer_value(json_object_get(c, "level")) <=
			req->level && strcmp(json_string_value(
			json_object_get(c, "issued_on")), req->since) >= 0;
	json_decref(held);
	return rc;
}

/* The top bar's 数据截至: the portal's "today" when a setting fixes it. */
static bool
page_fixed_today_of(struct request *r, char out[11])
{
	bool fixed = false;

	return r->db && !settings_today(r->db, out, &fixed) && fixed;
}

static const struct page_hooks page_hooks = {
	page_user_of,
	auth_csrf_token,
	page_unread_of,
	record_picker_of,
	record_pick_of,
	record_title_of,
	page_fixed_today_of,
};

/* The kinds of file an upload may be, by name: the choices of a setting. */
static const char *upload_kinds[UPLOAD_KIND_COUNT];

/* The values list settings may hold, from the modules that know them. */
static void
settings_choices_init(void)
{
	for (int k = UPLOAD_UNKNOWN + 1; k < UPLOAD_KIND_COUNT; k++)
		upload_kinds[k - 1] = upload_kind_name((enum upload_kind)k);
	settings_set_choices("upload.allowed_types", upload_kinds,
			     "settings.kinds.");
	settings_set_choices("incubation.long_fields", inc_fields,
			     "incubation.field_values.");
}

/*
 * A person's path (party.h), section by section in the order of a life:
 * trained, chosen in a selection, founding a startup.
 */
static const struct party_path_section *const path_sections[] = {
	&training_path_section,
	&selection_path_section,
	&incubation_path_section,
};

/* The audit log's page labels what it names from the kit (record/pages.h). */
static const struct audit_page_hooks audit_hooks = {
	record_entity_label,
	record_entities,
	record_changes,
};

void
cli_modules_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	page_set_hooks(&page_hooks);
	api_set_today(settings_today);
	facility_set_certified(facility_certified_of);
	record_register(record_tables);
	audit_set_page_hooks(&audit_hooks);
	settings_choices_init();
	for (size_t i = 0; i < ARRAY_SIZE(path_sections); i++)
		if (party_path_add(path_sections[i]))
			abort();
	/* A firm's person picker offers training's ties too (party.h). */
	if (party_reach_add(training_firm_people))
		abort();
	for (size_t i = 0; i < ARRAY_SIZE(menus); i++)
		page_menu_add(menus[i]);
	for (size_t i = 0; i < ARRAY_SIZE(workbench_parts); i++)
		report_workbench_add(workbench_parts[i]);
	for (size_t i = 0; i < ARRAY_SIZE(job_tables); i++)
		jobs_register(job_tables[i]);
	/* A generic record route names its table's own permission. */
	for (size_t i = 0; i < ARRAY_SIZE(route_tables); i++) {
		if (record_routes_check(route_tables[i]))
			abort();
		/* The list a picker of each table searches (record/api.h). */
		record_apis_register(route_tables[i]);
	}
	/* The permission matrix reads the routes (auth.h). */
	auth_set_routes(route_tables, (int)ARRAY_SIZE(route_tables));
	/* Irreversible steps ask first, in a dialog too (page.h). */
	page_confirm_routes(route_tables, (int)ARRAY_SIZE(route_tables));
}

int
cli_openapi_init(void)
{
	static char *text;	/* served for the life of the process */
	const struct embedded_file *f = embed_find("api/openapi.json");
	json_error_t error;
	json_t *doc;
	int missing;

	if (text)
		return 0;
	doc = f ? json_loadb(f->data, f->len, 0, &error) : NULL;
	if (!doc) {
		log_error("the embedded OpenAPI document does not parse");
		return ERR_INVALID;
	}
	missing = auth_openapi_roles(doc);
	if (missing)
		log_warn("%d operations of the OpenAPI document have no "
			 "route, so no x-roles", missing);
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return ERR_NOMEM;
	system_set_openapi(text, strlen(text));
	return 0;
}

const struct route *const *
cli_routes(int *n)
{
	*n = (int)ARRAY_SIZE(route_tables);
	return route_tables;
}
