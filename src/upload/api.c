/*
 * api.c - the uploads' JSON API:
 *
 *	POST   /api/v1/uploads		multipart/form-data, field "file"
 *	GET    /api/v1/uploads/{id}	the record
 *	GET    /api/v1/uploads/{id}/content	the bytes, as an attachment
 *	DELETE /api/v1/uploads/{id}	archive
 *
 * Who may read or archive what is decided by the rules (upload.h); a file
 * the caller may not see is 404, as one that does not exist.
 */
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "base/err.h"
#include "http/form.h"
#include "http/http.h"
#include "upload/api.h"
#include "upload/upload.h"

/* RFC 5987 attr-char: what may stand unescaped in filename*. */
static bool
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);
}

/*
 * Content-Disposition for a download (RFC 6266): an ASCII name for old
 * clients, each non-ASCII character or quote made '_', and the real name
 * in UTF-8, percent-encoded.
 */
static const char *
disposition(struct request *r, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b, &r->arena, 4096);
	buf_addstr(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80) {
			if ((*p & 0xc0) != 0x80)	/* one per character */
				buf_addch(&b, '_');
		} else if (*p < 0x20 || *p == '"' || *p == '\\' ||
			   *p == 0x7f) {
			buf_addch(&b, '_');
		} else {
			buf_addch(&b, (char)*p);
		}
	}
	buf_addstr(&b, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (attr_char(*p)) {
			buf_addch(&b, (char)*p);
		} else {
			buf_addch(&b, '%');
			buf_addch(&b, hex[*p >> 4]);
			buf_addch(&b, hex[*p & 15]);
		}
	}
	return buf_error(&b) ? NULL : b.ptr;
}

/* The upload named by the path, if the caller may see it. */
static int
find(struct request *r, struct upload_info *u)
{
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = upload_get(r->db, &r->arena, auth_principal(r), id, u);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such upload");
	return rc;
}

/* POST /api/v1/uploads: multipart/form-data with the file in "file". */
static int
post_upload(struct request *r)
{
	const struct principal *p = auth_principal(r);
	const char *ct = http_header(r, "Content-Type");
	const struct form_field *file;
	const struct form *f;
	struct problem pb = { 0 };
	struct upload_info u;
	int64_t id;
	int rc;

	if ((rc = auth_require(p, PERM_UPLOAD_CREATE, 0)))
		return rc;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19))
		return http_fail(r, ERR_INVALID, "file", "send the file as "
				 "multipart/form-data in the field 'file'");
	if ((rc = http_read_form(r, &f)))
		return rc;
	file = form_field(f, "file");
	if (!file || !file->filename)
		return http_fail(r, ERR_INVALID, "file",
				 "a file is required in the field 'file'");
	rc = upload_create(r->db, &r->arena, p, file->filename, file->value,
			   file->len, &id, &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	rc = upload_get(r->db, &r->arena, p, id, &u);
	return rc ? rc : http_json(r, 201, upload_json(&u));
}

/* GET /api/v1/uploads/{id} */
static int
get_upload(struct request *r)
{
	struct upload_info u;
	int rc = find(r, &u);

	return rc ? rc : http_json(r, 200, upload_json(&u));
}

/* GET /api/v1/uploads/{id}/content: the bytes, never shown inline. */
static int
get_upload_content(struct request *r)
{
	struct upload_info u;
	const char *data, *cd;
	char name[1032];
	int rc;

	if ((rc = find(r, &u)) ||
	    (rc = upload_read(&u, &r->arena, &data)))
		return rc;
	upload_file_name(u.original_name, upload_kind_from_mime(
			 u.content_type), name, sizeof(name));
	cd = disposition(r, *name ? name : u.original_name);
	if (!cd || http_add_header(r, "Content-Disposition", cd))
		return ERR_NOMEM;
	/*
	 * The bytes are in the request's arena, which lives until the
	 * response has been sent, as r->out would: no second copy.
	 */
	r->status = 200;
	r->content_type = u.content_type;
	r->cache_control = "private, no-store";
	r->out_static = data;
	r->out_static_len = (size_t)u.size;
	return 0;
}

/* DELETE /api/v1/uploads/{id}: archive (the owner or an admin). */
static int
delete_upload(struct request *r)
{
	struct upload_info u;
	int64_t id;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = upload_archive(r->db, &r->arena, auth_principal(r), id, &u);
	if (rc == ERR_NOTFOUND)
		return http_fail(r, rc, NULL, "no such upload");
	if (rc == ERR_FORBIDDEN)
		return http_fail(r, rc, NULL, "only the owner or an admin "
				 "may archive an upload");
	return rc ? rc : http_json(r, 200, upload_json(&u));
}

/* Archiving is the owner's or an admin's: the rule judges the record. */
const struct route upload_api_routes[] = {
	{ HTTP_POST, "/api/v1/uploads", post_upload, 0, NULL,
	  PERM_UPLOAD_CREATE },
	{ HTTP_GET, "/api/v1/uploads/:id", get_upload, 0, NULL,
	  PERM_UPLOAD_READ },
	{ HTTP_DELETE, "/api/v1/uploads/:id", delete_upload,
	  ROUTE_SIGNED_IN },
	{ HTTP_GET, "/api/v1/uploads/:id/content", get_upload_content, 0,
	  NULL, PERM_UPLOAD_READ },
	{ 0, NULL, NULL, 0 },
};
