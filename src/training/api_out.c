/*
 * api_out.c - the JSON API of placements, skill certificates, completion
 * certificates and the training figures (web/api/training-out.json).
 *
 * Who reads what: staff everything; an enterprise account its own firm's
 * slots, placements, logs and evaluations; a trainee its own placements,
 * logs, evaluations and certificates. The scope functions below narrow
 * the generic lists (record/api.h) to those rows.
 */
#include <string.h>

#include "base/time.h"

#include "base/err.h"
#include "http/api.h"
#include "record/api.h"
#include "training/training.h"
#include "training/training_int.h"

/*
 * Staff: every row; an enterprise: its firm's; a trainee: its own; a
 * master (teacher): the slots and placements it supervises.
 */
static int
own_scope(const struct principal *p, struct record_filter *f, bool trainee,
	  bool master)
{
	if (auth_is_staff(p))
		return 0;
	if ((p->roles & ROLE_ENTERPRISE) && p->org_id > 0) {
		f->scope_col = "firm_id";
		f->scope_col_val = p->org_id;
		return 0;
	}
	if (trainee && (p->roles & ROLE_TRAINEE) && p->person_id > 0) {
		f->scope_col = "person_id";
		f->scope_col_val = p->person_id;
		return 0;
	}
	if (master && (p->roles & ROLE_TEACHER) && p->person_id > 0) {
		f->scope_col = "master_id";
		f->scope_col_val = p->person_id;
		return 0;
	}
	return ERR_FORBIDDEN;
}

static int
slot_scope_rows(const struct principal *p, struct record_filter *f)
{
	return own_scope(p, f, false, true);
}

static int
placement_scope_rows(const struct principal *p, struct record_filter *f)
{
	return own_scope(p, f, true, true);
}

/* Logs and evaluations have no master column: the placement's page. */
static int
trainee_scope_rows(const struct principal *p, struct record_filter *f)
{
	return own_scope(p, f, true, false);
}

/* Certificates: staff all, a trainee its own. */
static int
cert_scope_rows(const struct principal *p, struct record_filter *f)
{
	if (auth_is_staff(p))
		return 0;
	if ((p->roles & ROLE_TRAINEE) && p->person_id > 0) {
		f->scope_col = "person_id";
		f->scope_col_val = p->person_id;
		return 0;
	}
	return ERR_FORBIDDEN;
}

/*
 * The record API's scope hook over a narrowing above: the rows of one
 * column's value (or every row), applied as record/api.h asks.
 */
static int
apply_rows(int (*rows)(const struct principal *, struct record_filter *),
	   struct request *r, struct record_filter *f, const json_t *rec)
{
	const struct principal *p = auth_principal(r);
	struct record_filter mine = { 0 };
	int rc;

	if (!p)
		return ERR_UNAUTH;
	rc = rows(p, &mine);
	return rc ? rc : record_scope_apply(&mine, f, rec);
}

static int
slot_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return apply_rows(slot_scope_rows, r, f, rec);
}

static int
placement_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return apply_rows(placement_scope_rows, r, f, rec);
}

static int
trainee_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return apply_rows(trainee_scope_rows, r, f, rec);
}

static int
cert_scope(struct request *r, struct record_filter *f, const json_t *rec)
{
	return apply_rows(cert_scope_rows, r, f, rec);
}

const struct record_api training_slot_api = {
	&training_slot_view_table, PERM_PLACEMENT_READ, PERM_PLACEMENT_WRITE,
	{ "firm_id", "master_id", NULL }, NULL, 0, slot_scope,
};

const struct record_api training_placement_api = {
	&training_placement_view_table, PERM_PLACEMENT_READ, PERM_PLACEMENT_WRITE,
	{ "slot_id", "firm_id", "person_id", "status", NULL }, NULL, 0,
	placement_scope,
};

const struct record_api training_log_api = {
	&training_log_table, PERM_PLACEMENT_READ, PERM_PLACEMENT_WRITE,
	{ "placement_id", "firm_id", "person_id", NULL }, NULL, 0,
	trainee_scope,
};

const struct record_api training_evaluation_api = {
	&training_evaluation_table, PERM_PLACEMENT_READ, PERM_PLACEMENT_WRITE,
	{ "placement_id", "firm_id", "person_id", NULL }, NULL, 0,
	trainee_scope,
};

const struct record_api training_certificate_api = {
	&training_certificate_view_table, PERM_CERT_READ, PERM_CERT_WRITE,
	{ "person_id", "programme_id", "enrolment_id", NULL }, NULL, 0,
	cert_scope,
};

const struct record_api training_skill_cert_api = {
	&training_skill_cert_view_table, PERM_CERT_READ, PERM_CERT_WRITE,
	{ "person_id", "level", "issuer", NULL }, NULL, 0, cert_scope,
};

/* Writes go to the tables; the lists above read their views. */
const struct record_api training_slot_write_api = {
	&training_slot_table, PERM_PLACEMENT_READ, PERM_PLACEMENT_WRITE,
	{ NULL }, NULL, 0, slot_scope,
};

const struct record_api training_skill_cert_write_api = {
	&training_skill_cert_table, PERM_CERT_READ, PERM_CERT_WRITE,
	{ NULL }, NULL, 0, cert_scope,
};

/* POST /api/v1/training/slots: staff, or a firm for itself (training.h). */
static int
create_slot(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body, *rec;
	int64_t id;
	int rc;

	if ((rc = http_read_json(r, &body)))
		return rc;
	rc = training_slot_create(r->db, auth_principal(r), body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, &training_slot_view_table, id, &rec);
	return rc ? rc : http_json(r, 201, rec);
}

/* PATCH /api/v1/training/slots/:id: whoever may change it (training.h). */
static int
update_slot(struct request *r)
{
	struct problem pb = { 0 };
	json_t *body, *rec;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, &training_slot_write_api, NULL)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = record_api_may_change(r, &training_slot_write_api, id,
					body)))
		return rc;
	rc = training_slot_update(r->db, auth_principal(r), id, body, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, &training_slot_table, id, &rec);
	return rc ? rc : http_json(r, 200, rec);
}

/* The placement `id` for the caller, or 404 outside its scope. */
static int
placement_json(struct request *r, int64_t id, json_t **out)
{
	struct record_filter f = { 0 };
	int rc = record_api_read_scope(r, &training_placement_api, &f);

	*out = NULL;
	if (rc)
		return rc;
	rc = training_placement_get(r->db, id, out);
	if (!rc && (rc = record_scope_apply(&f, NULL, *out))) {
		http_own(r, *out);
		*out = NULL;
	}
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such placement");
	return rc;
}

static int
get_placement(struct request *r)
{
	json_t *rec;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = placement_json(r, id, &rec)))
		return rc;
	return http_json(r, 200, rec);
}

/* POST /api/v1/training/slots/:id/placements {person_id, on, note} */
static int
assign(struct request *r)
{
	static const char *const allowed[] = { "person_id", "on", "note",
					       NULL };
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *on, *note;
	int64_t slot, person, id;
	json_t *body, *rec;
	int rc;

	if ((rc = http_param_id(r, "id", &slot)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_int(r, body, "person_id", true, 0, &person)) ||
	    (rc = api_string(r, body, "on", true, &on)) ||
	    (rc = api_string(r, body, "note", false, &note)))
		return rc;
	rc = training_assign(r->db, p, slot, person, on, note, &id, &pb);
	if (rc == ERR_NOTFOUND && pb.field && !strcmp(pb.field, "slot_id"))
		return http_fail(r, rc, NULL, "no such placement slot");
	if (rc)
		return http_problem(r, rc, &pb);
	rc = training_placement_get(r->db, id, &rec);
	return rc ? rc : http_json(r, 201, rec);
}

/* POST /api/v1/training/placements/:id/events {kind, on, note} */
static int
end_placement(struct request *r)
{
	static const char *const allowed[] = { "kind", "on", "note", NULL };
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	const char *kind, *on, *note;
	json_t *body, *rec;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = api_only(r, body, allowed)) ||
	    (rc = api_string(r, body, "kind", true, &kind)) ||
	    (rc = api_string(r, body, "on", true, &on)) ||
	    (rc = api_string(r, body, "note", false, &note)))
		return rc;
	rc = training_placement_end(r->db, p, id, kind, on, note, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = training_placement_get(r->db, id, &rec);
	return rc ? rc : http_json(r, 200, rec);
}

/* POST .../placements/:id/logs and .../placements/:id/evaluation */
static int
trainee_post(struct request *r)
{
	const struct record_table *t = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *body, *rec;
	int64_t placement, id;
	int rc;

	if ((rc = http_param_id(r, "id", &placement)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	rc = t == &training_log_table ?
	     training_placement_log_add(r->db, p, placement, body, &id, &pb) :
	     training_evaluate(r->db, p, placement, body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, t, id, &rec);
	return rc ? rc : http_json(r, 201, rec);
}

/* POST /api/v1/training/placement-logs/:id/confirm */
static int
confirm_log(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *rec;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = training_placement_log_confirm(r->db, p, id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, &training_log_table, id, &rec);
	return rc ? rc : http_json(r, 200, rec);
}

/*
 * POST /api/v1/training/enrolments/:id/assessments {module_id, score,
 * assessed_on, assessor_person_id}: passed follows from the pass mark.
 */
static int
assess(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	int64_t enrolment, id;
	json_t *body, *rec;
	int rc;

	if ((rc = http_param_id(r, "id", &enrolment)) ||
	    (rc = http_read_json(r, &body)))
		return rc;
	if (json_object_get(body, "enrolment_id"))
		return http_fail(r, ERR_INVALID, "enrolment_id",
				 "enrolment_id is the one in the path");
	json_object_set_new(body, "enrolment_id", json_integer(enrolment));
	rc = training_assess(r->db, p, body, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, &training_assessment_table, id, &rec);
	return rc ? rc : http_json(r, 201, rec);
}

/* POST /api/v1/training/enrolments/:id/certificate */
static int
issue(struct request *r)
{
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	int64_t enrolment, id;
	json_t *rec;
	int rc;

	if ((rc = http_param_id(r, "id", &enrolment)))
		return rc;
	rc = training_certificate_issue(r->db, p, enrolment, &id, &pb);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such enrolment");
	if (rc)
		return http_problem(r, rc, &pb);
	rc = record_get(r->db, &training_certificate_view_table, id, &rec);
	return rc ? rc : http_json(r, 201, rec);
}

int
training_as_of(struct request *r, char out[11])
{
	const char *as_of = http_query(r, "as_of");

	if (!as_of || !*as_of) {
		time_today_beijing(out);
		return 0;
	}
	if (!date_valid(as_of))
		return http_fail(r, ERR_INVALID, "as_of",
				 "as_of must be a date, YYYY-MM-DD");
	memcpy(out, as_of, 11);
	return 0;
}

/* GET /api/v1/training/figures?as_of= */
static int
figures(struct request *r)
{
	char as_of[11];
	json_t *out;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_TRAINING_FIGURES, 0)) ||
	    (rc = training_as_of(r, as_of)))
		return rc;
	rc = training_figures(r->db, as_of, &out);
	return rc ? rc : http_json(r, 200, out);
}

/* GET /api/v1/training/figures/:figure?as_of=: the records behind one. */
static int
figure_rows(struct request *r)
{
	const char *figure = http_param(r, "figure");
	int64_t limit, offset, total;
	char as_of[11];
	json_t *items;
	int rc;

	if ((rc = auth_require(auth_principal(r), PERM_PERSON_READ, 0)) ||
	    (rc = training_as_of(r, as_of)) ||
	    (rc = api_paging(r, &limit, &offset)))
		return rc;
	rc = training_figure_rows(r->db, figure, as_of, limit, offset, &items,
				  &total);
	if (rc == ERR_INVALID) {
		http_own(r, items);
		return http_fail(r, ERR_NOTFOUND, NULL, "no such figure");
	}
	if (rc) {
		http_own(r, items);
		return rc;
	}
	return http_json(r, 200, api_list(items, total, limit, offset));
}

#define READ_ROUTES(path, api)						\
	{ HTTP_GET, path, record_api_list, 0, api },			\
	{ HTTP_GET, path "/:id", record_api_get, 0, api }

const struct route training_out_api_routes[] = {
	READ_ROUTES("/api/v1/training/slots", &training_slot_api),
	{ HTTP_POST, "/api/v1/training/slots", create_slot, 0, NULL },
	{ HTTP_PATCH, "/api/v1/training/slots/:id", update_slot, 0, NULL },
	{ HTTP_DELETE, "/api/v1/training/slots/:id", record_api_archive, 0,
	  &training_slot_write_api },
	{ HTTP_POST, "/api/v1/training/slots/:id/placements", assign, 0,
	  NULL },
	{ HTTP_GET, "/api/v1/training/placements", record_api_list, 0,
	  &training_placement_api },
	{ HTTP_GET, "/api/v1/training/placements/:id", get_placement, 0,
	  NULL },
	{ HTTP_POST, "/api/v1/training/placements/:id/events", end_placement,
	  0, NULL },
	{ HTTP_POST, "/api/v1/training/placements/:id/logs", trainee_post, 0,
	  &training_log_table },
	{ HTTP_POST, "/api/v1/training/placements/:id/evaluation",
	  trainee_post, 0, &training_evaluation_table },
	READ_ROUTES("/api/v1/training/placement-logs", &training_log_api),
	{ HTTP_POST, "/api/v1/training/placement-logs/:id/confirm",
	  confirm_log, 0, NULL },
	READ_ROUTES("/api/v1/training/placement-evaluations",
		    &training_evaluation_api),
	READ_ROUTES("/api/v1/training/skill-certificates",
		    &training_skill_cert_api),
	{ HTTP_POST, "/api/v1/training/skill-certificates", record_api_create,
	  0, &training_skill_cert_write_api },
	{ HTTP_PATCH, "/api/v1/training/skill-certificates/:id",
	  record_api_update, 0, &training_skill_cert_write_api },
	{ HTTP_DELETE, "/api/v1/training/skill-certificates/:id",
	  record_api_archive, 0, &training_skill_cert_write_api },
	{ HTTP_POST, "/api/v1/training/enrolments/:id/assessments", assess, 0,
	  NULL },
	READ_ROUTES("/api/v1/training/certificates",
		    &training_certificate_api),
	{ HTTP_POST, "/api/v1/training/enrolments/:id/certificate", issue, 0,
	  NULL },
	{ HTTP_GET, "/api/v1/training/figures", figures, 0, NULL },
	{ HTTP_GET, "/api/v1/training/figures/:figure", figure_rows, 0, NULL },
	{ 0, NULL, NULL, 0, NULL },
};
