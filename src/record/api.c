/*
 * api.c - generic JSON handlers for described tables (see api.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/macros.h"
#include "db/memo.h"
#include "http/api.h"
#include "record/api.h"
#include "record/pages.h"

int
record_api_filter(struct request *r, const struct record_api *api,
		  struct record_filter *f)
{
	const char *archived = http_query(r, "archived");
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = api_paging(r, &f->limit, &f->offset)))
		return rc;
	f->q = http_query(r, "q");
	if (f->q && !*f->q)
		f->q = NULL;
	if (f->q && strlen(f->q) > 200)
		return http_fail(r, ERR_INVALID, "q",
				 "q must be at most 200 bytes");
	if (archived && strcmp(archived, "0") && strcmp(archived, "1"))
		return http_fail(r, ERR_INVALID, "archived",
				 "archived must be 0 or 1");
	f->archived = archived && !strcmp(archived, "1");
	for (int i = 0; api->filters[i] && f->neq < 4; i++) {
		const char *v = http_query(r, api->filters[i]);
		const char *why;

		if (!v || !*v)
			continue;
		why = record_filter_problem(api->table, api->filters[i], v);
		if (why)
			return http_fail(r, ERR_INVALID, api->filters[i], "%s",
					 why);
		f->eq_col[f->neq] = api->filters[i];
		f->eq_val[f->neq] = v;
		f->neq++;
	}
	return api->scope ? api->scope(r, f, NULL) : 0;
}

int
record_api_sort(struct request *r, const struct record_table *t,
		struct record_filter *f)
{
	const char *sort = http_query(r, "sort");
	const struct record_column *c;
	const char *why;

	f->sort = NULL;
	f->desc = false;
	if (!sort || !*sort)
		return 0;
	f->desc = *sort == '-';
	f->sort = sort + f->desc;
	why = record_sort_problem(t, f->sort);
	/* Nobody finds the order of what is masked from them. */
	if (!why && record_masks(r, t) && (c = record_column(t, f->sort)) &&
	    (c->flags & REC_PERSONAL))
		why = "this column cannot be sorted";
	if (why) {
		f->sort = NULL;
		return http_fail(r, ERR_INVALID, "sort", "%s", why);
	}
	return 0;
}

int
record_api_may_list(struct request *r, const struct record_api *api)
{
	struct record_filter f;

	if (!api->scope)
		return auth_require(auth_principal(r), api->read, 0);
	memset(&f, 0, sizeof(f));
	return api->scope(r, &f, NULL);
}

/* The write permission alone: PERM_NONE writes nothing through the kit. */
static int
may_write_all(struct request *r, const struct record_api *api)
{
	if (api->write == PERM_NONE)
		return auth_principal(r) ? ERR_FORBIDDEN : ERR_UNAUTH;
	return auth_require(auth_principal(r), api->write, 0);
}

int
record_api_may_write(struct request *r, const struct record_api *api,
		     const json_t *rec)
{
	if (!api->may_write)
		return may_write_all(r, api);
	return api->may_write(r, rec);
}

int
record_api_may_change(struct request *r, const struct record_api *api,
		      int64_t id, json_t *changes)
{
	json_t *rec;
	int rc;

	if (!api->may_write)
		return may_write_all(r, api);
	if ((rc = api->may_write(r, NULL)))
		return rc;
	rc = record_get(r->db, api->table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	/*
	 * Both the record as it is and as it would be: a caller may neither
	 * change a record it may not write nor move one into its reach.
	 */
	http_own(r, rec);
	rc = api->may_write(r, rec);
	if (!rc && json_is_object(changes)) {
		json_object_update(rec, changes);
		rc = api->may_write(r, rec);
	}
	return rc;
}

int
record_api_may_read(struct request *r, const struct record_api *api,
		    const json_t *rec)
{
	int rc;

	if (!api->scope)
		return 0;
	rc = api->scope(r, NULL, rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such record");
	return rc;
}

int
record_api_read_scope(struct request *r, const struct record_api *api,
		      struct record_filter *f)
{
	int rc = record_api_may_list(r, api);

	if (!rc && api->scope)
		rc = api->scope(r, f, NULL);
	return rc;
}

int
record_scope_apply(const struct record_filter *mine, struct record_filter *f,
		   const json_t *rec)
{
	json_t *v;

	if (!mine->scope_col)
		return 0;
	if (f) {
		f->scope_col = mine->scope_col;
		f->scope_col_val = mine->scope_col_val;
	}
	if (!rec)
		return 0;
	v = json_object_get(rec, mine->scope_col);
	return mine->scope_col_val > 0 && json_is_integer(v) &&
	       json_integer_value(v) == mine->scope_col_val ? 0 : ERR_NOTFOUND;
}

/*
 * The items of a page as JSON text, for a caller from whom personal
 * columns are masked: read as JSON, masked, written out.
 */
static int
list_masked(struct request *r, const struct record_api *api,
	    const struct record_filter *f, struct buf *body, int64_t *total)
{
	json_t *items;
	char *text;
	int rc = record_list(r->db, api->table, f, &items, total);

	if (!rc) {
		record_mask_personal(r, api->table, items);
		text = json_dumps(items, JSON_COMPACT);
		if (!text)
			rc = ERR_NOMEM;
		else
			buf_addstr(body, text);
		free(text);
	}
	http_own(r, items);
	return rc;
}

/* What follows a page's items, in the shape of api_list(). */
static int
add_page_end(struct buf *body, int64_t total, const struct record_filter *f)
{
	buf_addstr(body, ",\"total\":");
	buf_add_int(body, total);
	buf_addstr(body, ",\"limit\":");
	buf_add_int(body, f->limit);
	buf_addstr(body, ",\"offset\":");
	buf_add_int(body, f->offset);
	buf_addch(body, '}');
	return buf_error(body);
}

/*
 * The memo of list pages (db/memo.h): a question is the table and the
 * whole filter, the caller's scope included, so that a page is kept for
 * what each caller may see; it is answered again whenever anything was
 * committed since. Masked pages are not kept.
 */
static struct db_memo list_memo = DB_MEMO_INIT;

static void
add_key_text(struct buf *key, const char *s)
{
	if (s)
		buf_addf(key, "|%zu:%s", strlen(s), s);
	else
		buf_addstr(key, "|-");
}

/*
 * The memo's key of a page of `t` filtered by `f`: every field of the
 * filter (record.h), so that two questions share a page only when they
 * are the same question.
 */
static int
list_key(struct buf *key, const struct record_table *t,
	 const struct record_filter *f)
{
	buf_addf(key, "list %p %d", (const void *)t, f->neq);
	add_key_text(key, f->q);
	for (int i = 0; i < f->neq; i++) {
		add_key_text(key, f->eq_col[i]);
		add_key_text(key, f->eq_val[i]);
	}
	add_key_text(key, f->scope_col);
	add_key_text(key, f->scope_in);
	add_key_text(key, f->scope_in_text);
	add_key_text(key, f->sort);
	buf_addf(key, "|%lld|%d|%d|%d|%d|%lld|%lld",
		 (long long)f->scope_col_val, f->archived, f->q_title,
		 f->q_public, f->desc, (long long)f->limit,
		 (long long)f->offset);
	return buf_error(key);
}

struct list_question {
	const struct record_table *table;
	const struct record_filter *filter;
};

/*
 * The page as JSON text, written straight from the rows: building a
 * jansson tree of every field only to write it out cost most of a list
 * request.
 */
static int
list_page_text(struct db *db, void *ctx, struct buf *body)
{
	const struct list_question *lq = ctx;
	int64_t total;
	int rc;

	buf_addstr(body, "{\"items\":");
	rc = record_list_text(db, lq->table, lq->filter, body, &total);
	return rc ? rc : add_page_end(body, total, lq->filter);
}

int
record_api_list(struct request *r)
{
	const struct record_api *api = r->route_data;
	struct record_filter f;
	struct list_question lq = { api->table, &f };
	struct buf body, key;
	int64_t total;
	int rc;

	if ((rc = record_api_may_list(r, api)) ||
	    (rc = record_api_filter(r, api, &f)) ||
	    (rc = record_api_sort(r, api->table, &f)))
		return rc;
	buf_init(&body, NULL, 0);
	buf_init(&key, NULL, 0);
	buf_grow(&body, 16384);	/* a page of twenty, without regrowing */
	if (record_masks(r, api->table)) {
		buf_addstr(&body, "{\"items\":");
		rc = list_masked(r, api, &f, &body, &total);
		if (!rc)
			rc = add_page_end(&body, total, &f);
	} else {
		rc = list_key(&key, api->table, &f);
		if (!rc)
			rc = db_memo_text(&list_memo, r->db, key.ptr,
					  list_page_text, &lq, &body);
	}
	if (!rc)
		rc = http_send(r, 200, "application/json", body.ptr, body.len);
	buf_release(&key);
	buf_release(&body);
	return rc;
}

int
record_api_get(struct request *r)
{
	const struct record_api *api = r->route_data;
	json_t *rec;
	int64_t id;
	int rc;

	if ((rc = record_api_may_list(r, api)) ||
	    (rc = http_param_id(r, "id", &id)))
		return rc;
	rc = record_get(r->db, api->table, id, &rec);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such record");
	if (rc || (rc = record_api_may_read(r, api, http_own(r, rec))))
		return rc;
	record_mask_personal(r, api->table, rec);
	return http_json(r, 200, json_incref(rec));
}

/*
 * Answer a write of record `id` of `api` that ended with `rc`: its
 * refusal (`pb`), else with `status` the record the write gave (`rec`)
 * or, when it gave none, the record as stored; its personal columns
 * masked for r.
 */
static int
answer(struct request *r, const struct record_api *api, int rc,
       const struct problem *pb, int64_t id, json_t *rec, int status)
{
	if (rc)
		return http_problem(r, rc, pb);
	if (!rec && (rc = record_get(r->db, api->table, id, &rec)))
		return rc;
	record_mask_personal(r, api->table, rec);
	return http_json(r, status, rec);
}

int
record_api_write(struct db *db, const struct record_api *api,
		 const struct principal *p, enum record_write what,
		 int64_t *id, json_t *in, json_t **out, struct problem *pb)
{
	const struct record_table *t = api->table;
	int rc;

	*out = NULL;
	switch (what) {
	case RECORD_CREATE:
		if (!api->create)
			return record_create(db, t, &p->actor, in, id, pb);
		rc = api->create(db, p, 0, in, out, pb);
		*id = json_integer_value(json_object_get(*out, "id"));
		return rc;
	case RECORD_UPDATE:
		if (!api->update)
			return record_update(db, t, &p->actor, *id, in, pb);
		return api->update(db, p, *id, in, out, pb);
	case RECORD_ARCHIVE:
		if (!api->archive)
			return record_archive(db, t, &p->actor, *id, pb);
		return api->archive(db, p, *id, in, out, pb);
	}
	return ERR_INVALID;
}

int
record_api_create(struct request *r)
{
	const struct record_api *api = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *body, *rec = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = record_api_may_write(r, api, NULL)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = record_api_may_write(r, api, body)))
		return rc;
	rc = record_api_write(r->db, api, p, RECORD_CREATE, &id, body, &rec,
			      &pb);
	return answer(r, api, rc, &pb, id, rec, 201);
}

int
record_api_update(struct request *r)
{
	const struct record_api *api = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *body, *rec = NULL;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, api, NULL)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = http_read_json(r, &body)) ||
	    (rc = record_api_may_change(r, api, id, body)))
		return rc;
	rc = record_api_write(r->db, api, p, RECORD_UPDATE, &id, body, &rec,
			      &pb);
	return answer(r, api, rc, &pb, id, rec, 200);
}

int
record_api_archive(struct request *r)
{
	const struct record_api *api = r->route_data;
	const struct principal *p = auth_principal(r);
	struct problem pb = { 0 };
	json_t *rec = NULL;
	int64_t id;
	int rc;

	if ((rc = record_api_may_write(r, api, NULL)) ||
	    (rc = http_param_id(r, "id", &id)) ||
	    (rc = record_api_may_change(r, api, id, NULL)))
		return rc;
	rc = record_api_write(r->db, api, p, RECORD_ARCHIVE, &id, NULL, &rec,
			      &pb);
	return answer(r, api, rc, &pb, id, rec, 200);
}

/* Whether `h` is a generic handler that reads (true) or writes (false). */
static bool
record_handler(http_handler_fn *h, bool *reads)
{
	static http_handler_fn *const readers[] = {
		record_api_list, record_api_get, record_page_list,
		record_page_detail, record_page_export,
	};
	static http_handler_fn *const writers[] = {
		record_api_create, record_api_update, record_api_archive,
		record_api_import, record_page_create, record_page_new,
		record_page_edit, record_page_update, record_page_archive,
		record_page_import_form, record_page_import,
		record_page_import_template,
	};

	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		if (h == readers[i])
			return *reads = true;
	for (size_t i = 0; i < ARRAY_SIZE(writers); i++)
		if (h == writers[i]) {
			*reads = false;
			return true;
		}
	return false;
}

int
record_routes_check(const struct route *table)
{
	for (const struct route *rt = table; rt->pattern; rt++) {
		const struct record_api *api;
		bool reads;

		if (!rt->data || !record_handler(rt->handler, &reads))
			continue;
		api = (rt->handler == record_api_list ||
		       rt->handler == record_api_get ||
		       rt->handler == record_api_create ||
		       rt->handler == record_api_update ||
		       rt->handler == record_api_archive ||
		       rt->handler == record_api_import) ? rt->data :
		      ((const struct record_pages *)rt->data)->api;
		/* Rows not declared yet are the permission matrix's to find. */
		if (rt->perm && rt->perm != (int)(reads ? api->read :
						  api->write)) {
			log_error("route %s names permission %d, its table "
				  "%s %d", rt->pattern, rt->perm, reads ?
				  "reads with" : "writes with", reads ?
				  (int)api->read : (int)api->write);
			return ERR_INVALID;
		}
		if ((rt->handler == record_api_import ||
		     rt->handler == record_page_import_form ||
		     rt->handler == record_page_import ||
		     rt->handler == record_page_import_template) &&
		    !record_api_imports(api)) {
			log_error("route %s imports into a table with no "
				  "import columns", rt->pattern);
			return ERR_INVALID;
		}
	}
	return 0;
}
