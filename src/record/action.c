/*
 * action.c - the two generic handlers of a step with a rule of its own
 * (action.h): JSON in or form in, the rule, then the answer.
 */
#include <string.h>

#include "base/err.h"
#include "http/form.h"
#include "page/page.h"
#include "record/action.h"
#include "record/pages.h"

/* The path's :id, or 0 when the route has none. */
static int
path_id(struct request *r, int64_t *id)
{
	*id = 0;
	return http_param(r, "id") ? http_param_id(r, "id", id) : 0;
}

/* The path's other parameters into `in`, as ids under their names. */
static int
path_params(struct request *r, json_t *in)
{
	int64_t v;
	int rc;

	for (int i = 0; i < r->nparams; i++) {
		const char *name = r->param_names[i];

		if (!strcmp(name, "id") || !strcmp(name, "*"))
			continue;
		if ((rc = http_param_id(r, name, &v)))
			return rc;
		json_object_set_new(in, name, json_integer(v));
	}
	return 0;
}

int
record_api_action(struct request *r)
{
	const struct record_action *act = r->route_data;
	struct problem pb = { 0 };
	json_t *in, *out = NULL;
	int64_t id;
	int rc;

	if ((rc = path_id(r, &id)))
		return rc;
	if (r->body_len)
		rc = http_read_json(r, &in);
	else
		in = http_own(r, json_object());
	if (!rc && !json_is_object(in))
		rc = http_fail(r, ERR_INVALID, NULL,
			       "the body must be a JSON object");
	if (rc || (rc = path_params(r, in)))
		return rc;
	rc = act->rule(r->db, auth_principal(r), id, in, &out, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	return http_json(r, act->status ? act->status : 200,
			 out ? out : json_object());
}

/* Where the browser goes after the step: action.h, `back`. */
static const char *
back_path(struct request *r, const struct record_action *act, int64_t id,
	  const json_t *out)
{
	json_t *v = act->back_field ? json_object_get(out, act->back_field) :
		    NULL;

	if (json_is_integer(v))
		return arena_printf(&r->arena, "%s/%lld", act->back,
				    (long long)json_integer_value(v));
	if (!act->back_field && id > 0)
		return arena_printf(&r->arena, "%s/%lld", act->back,
				    (long long)id);
	return act->back;
}

/*
 * The catalog prefix of the step's field labels: its form's table, else
 * the table whose page shows the error; NULL: neither.
 */
static const char *
form_prefix(const struct record_action *act)
{
	if (act->form_table && act->form_table->prefix)
		return act->form_table->prefix;
	if (!act->pages)
		return NULL;
	return act->pages->prefix ? act->pages->prefix :
	       act->pages->api->table->prefix;
}

/* The success message that says what was done (action.h, done_key). */
static void
flash_done(struct request *r, const struct record_action *act, int64_t id,
	   json_t *out)
{
	const struct route_confirm *c = r->route->confirm;
	const struct record_table *t = act->pages ? act->pages->api->table :
				       c && c->table ?
				       record_table_named(c->table) : NULL;
	const char *key = act->done_key;
	const char *kind = record_text(out, "kind");
	size_t n = strlen(key);

	if (n && key[n - 1] == '.' && kind)
		key = arena_printf(&r->arena, "%s%s", key, kind);
	record_flash_done(r, t, id, json_is_object(out) ? out : NULL,
			  (const char *const[]){ key, NULL }, act->flash_key ?
			  act->flash_key : "common.saved");
}

int
record_page_action(struct request *r)
{
	const struct record_action *act = r->route_data;
	struct problem pb = { 0 };
	const struct form *f;
	json_t *in, *out = NULL, *more;
	int64_t id;
	int rc;

	if ((rc = path_id(r, &id)) || (rc = http_read_form(r, &f)))
		return rc;
	rc = record_form_json(r, act->form_table, f, true, &in, &pb);
	http_own(r, in);
	if (!rc) {
		if ((rc = path_params(r, in)))
			return rc;
		rc = act->rule(r->db, auth_principal(r), id, in, &out, &pb);
		http_own(r, out);
	}
	if (rc && pb.message && (act->show || (act->pages && id > 0)) &&
	    (pb.field || (act->show_all && (rc == ERR_INVALID ||
	     rc == ERR_CONFLICT || rc == ERR_THROTTLED)))) {
		/* The page again: the error beside its field, what was
		 * typed kept. */
		r->status = act->show_status ? act->show_status :
			    err_http_status(rc);
		more = json_pack("{s:{s:s},s:O}", "errors", pb.field ?
				 pb.field : "form", page_problem(r, &pb,
				 form_prefix(act)), "form", in);
		return act->show ? act->show(r, id, more) :
		       record_page_show(r, act->pages, id, more);
	}
	if (rc)
		return http_problem(r, rc, &pb);
	if (act->done_key)
		flash_done(r, act, id, out);
	else if (act->flash_key)
		page_flash(r, "success", act->flash_key);
	if (form_get(f, "next"))
		return http_redirect_local(r, form_get(f, "next"),
					   back_path(r, act, id, out));
	return http_redirect(r, back_path(r, act, id, out));
}
