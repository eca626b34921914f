/*
 * upload.c - the rules of uploads (upload.h): limits, kinds, names,
 * permissions, and the dance that keeps the file and its row together
 * (write a temporary file, commit the row, rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/log.h"
#include "base/time.h"
#include "base/utf8.h"
#include "db/db.h"
#include "settings/settings.h"
#include "upload/upload_int.h"

#define NAME_HEX 32		/* random stored names: 16 bytes in hex */
#define MAX_NAME_CHARS 255	/* as the upload table's CHECK says */

/* Set once at start-up (upload_init()), read-only afterwards. */
static char dir_path[PATH_MAX] = "var/uploads";

const char *
upload_dir(void)
{
	return dir_path;
}

/* Create `path` and its missing parents (mode 0700). 0 or ERR_IO. */
static int
make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);

	if (!n || n >= sizeof(path))
		return ERR_IO;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; ; p++) {
		bool last = *p == '\0';

		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST) {
			log_error("uploads: cannot create %s: %s", path,
				  strerror(errno));
			return ERR_IO;
		}
		if (last)
			return 0;
		*p = '/';
	}
}

int
upload_init(const char *dir)
{
	struct stat sb;
	size_t n = strlen(dir);

	if (!n || n >= sizeof(dir_path)) {
		log_error("uploads: the directory name is empty or too long");
		return ERR_IO;
	}
	/* A directory that is not there yet is made by the first upload. */
	if (!stat(dir, &sb) && (!S_ISDIR(sb.st_mode) ||
				access(dir, W_OK | X_OK))) {
		log_error("uploads: %s is not a writable directory", dir);
		return ERR_IO;
	}
	memcpy(dir_path, dir, n + 1);
	while (n > 1 && dir_path[n - 1] == '/')
		dir_path[--n] = '\0';
	return 0;
}

/* DIR/PREFIXNAME into out; false if it does not fit. */
static bool
file_path(char out[PATH_MAX], const char *prefix, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s%s", dir_path, prefix, name);

	return n > 0 && n < PATH_MAX;
}

/*
 * The name to keep: the part after the last '/' or '\' (browsers on
 * Windows send whole paths), with control characters made '_'. NULL when
 * nothing is left or it is longer than the table allows.
 */
static const char *
clean_name(struct arena *a, const char *name, const char **why)
{
	const char *base = name;
	size_t chars = 0;
	char *out;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		*why = "the file needs a name";
		return NULL;
	}
	out = arena_strdup(a, base);
	if (!out) {
		*why = NULL;
		return NULL;
	}
	for (char *p = out; *p;) {
		size_t n = utf8_seq_len(p, strlen(p));

		if (n == 0) {
			*why = "the file name is not UTF-8";
			return NULL;
		}
		if (n == 1 && ((unsigned char)*p < 0x20 || *p == 0x7f))
			*p = '_';
		p += n;
		chars++;
	}
	if (chars > MAX_NAME_CHARS) {
		*why = "the file name is longer than 255 characters";
		return NULL;
	}
	return out;
}

/* Write data to a new file at `path`, durably; ERR_IO (logged) on failure. */
static int
write_file(const char *path, const void *data, size_t len)
{
	const char *p = data;
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		log_error("uploads: cannot create %s: %s", path,
			  strerror(errno));
		return ERR_IO;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	return 0;

fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	log_error("uploads: cannot write %s: %s", path,
		  saved ? strerror(saved) : "no space");
	return ERR_IO;
}

/* The extensions a kind's files may keep, the first its own. */
static const char *const *
extensions(enum upload_kind kind)
{
	static const char *const pdf[] = { "pdf", NULL };
	static const char *const png[] = { "png", NULL };
	static const char *const jpeg[] = { "jpg", "jpeg", NULL };
	static const char *const xlsx[] = { "xlsx", NULL };
	static const char *const docx[] = { "docx", NULL };

	switch (kind) {
	case UPLOAD_PDF:
		return pdf;
	case UPLOAD_PNG:
		return png;
	case UPLOAD_JPEG:
		return jpeg;
	case UPLOAD_XLSX:
		return xlsx;
	case UPLOAD_DOCX:
		return docx;
	default:
		return NULL;
	}
}

size_t
upload_file_name(const char *name, enum upload_kind kind, char *out,
		 size_t size)
{
	const char *const *ext = extensions(kind);
	const char *dot = strrchr(name, '.');
	size_t base = dot && dot != name ? (size_t)(dot - name) :
		      strlen(name), elen, n;

	if (!ext || size < 16) {
		if (size)
			*out = '\0';
		return 0;
	}
	if (dot && dot != name)
		for (const char *const *e = ext; *e; e++)
			if (!strcasecmp(dot + 1, *e)) {
				base = strlen(name);	/* kept as it is */
				ext = NULL;
				break;
			}
	elen = ext ? strlen(ext[0]) + 1 : 0;
	/* Cut the base at a character boundary so that it all fits. */
	if (base + elen >= size) {
		base = size - elen - 1;
		while (base && ((unsigned char)name[base] & 0xc0) == 0x80)
			base--;
	}
	memcpy(out, name, base);
	n = base;
	if (ext) {
		out[n++] = '.';
		memcpy(out + n, ext[0], elen - 1);
		n += elen - 1;
	}
	out[n] = '\0';
	return n;
}

json_t *
upload_json(const struct upload_info *u)
{
	enum upload_kind k = upload_kind_from_mime(u->content_type);
	const char *kind = upload_kind_name(k);
	char file_name[4 * MAX_NAME_CHARS + 8];

	upload_file_name(u->original_name, k, file_name, sizeof(file_name));
	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:I,s:s,s:I,s:o,s:s,s:s?}",
		"id", (json_int_t)u->id,
		"original_name", u->original_name,
		"file_name", file_name,
		"content_type", u->content_type,
		"kind", kind,
		"size", (json_int_t)u->size,
		"sha256", u->sha256,
		"owner_id", (json_int_t)u->owner_id,
		"org_id", u->org_id > 0 ? json_integer(u->org_id) : json_null(),
		"created_at", u->created_at,
		"archived_at", u->archived_at);
}

/*
 * Undo a create whose row committed but whose file could not be put in
 * place: delete the row (audited) and give its bytes back to the quota.
 */
static void
undo_create(struct db *db, const struct principal *p,
	    const struct upload_info *u)
{
	json_t *before;

	if (db_begin(db))
		return;
	before = upload_json(u);
	db_end(db, store_upload_delete(db, u->id) ||
	       store_usage_add(db, u->owner_id, -u->size, INT64_MAX, NULL) ||
	       audit_write(db, &p->actor, "delete", "upload", u->id, before,
			   NULL) ? ERR_DB : 0);
	json_decref(before);
}

/* Check the size and the kind against the settings. */
static int
check_content(struct db *db, struct arena *a, const void *data, size_t len,
	      enum upload_kind *kind, struct problem *pb)
{
	const char *allowed;
	int64_t max;
	int rc;

	if ((rc = settings_get_int(db, "upload.max_bytes", &max)) ||
	    (rc = settings_get_text(db, a, "upload.allowed_types", &allowed)))
		return rc;
	if ((uint64_t)len > (uint64_t)max)
		return problem_range(pb, ERR_TOOBIG, "file",
			"upload.err.too_big", 0, max, arena_printf(a,
			"the file is %zu bytes, larger than the limit of %lld "
			"bytes", len, (long long)max));
	if (len == 0)
		return problem_key(pb, ERR_INVALID, "file",
				   "upload.err.empty",
				   "the file is empty");
	*kind = upload_sniff(data, len);
	if (*kind == UPLOAD_UNKNOWN)
		return problem_key(pb, ERR_INVALID, "file", "upload.err.type",
			arena_printf(a, "the file's content is not of an "
			"accepted type (%s)", allowed));
	if (!upload_kind_allowed(allowed, *kind))
		return problem_key(pb, ERR_INVALID, "file", "upload.err.type",
			arena_printf(a, "files of type %s are not accepted "
			"(accepted: %s)", upload_kind_name(*kind), allowed));
	return 0;
}

/*
 * Count `len` more bytes against the owner's quota (upload.quota_bytes),
 * inside the transaction that stores the file: one conditional upsert,
 * so two uploads at once cannot pass the quota together.
 */
static int
charge_quota(struct db *db, struct arena *a, int64_t owner, size_t len,
	     struct problem *pb)
{
	int64_t quota, used = 0;
	bool ok;
	int rc;

	if ((rc = settings_get_int(db, "upload.quota_bytes", &quota)))
		return rc;
	rc = store_usage_add(db, owner, (int64_t)len, quota, &ok);
	if (rc || ok)
		return rc;
	if ((rc = store_usage_get(db, owner, &used)))
		return rc;
	return problem_range(pb, ERR_TOOBIG, "file", "upload.err.quota", 0,
		quota, arena_printf(a, "the account's files take %lld bytes; "
		"with this one (%zu bytes) they would pass its quota of %lld "
		"bytes", (long long)used, len, (long long)quota));
}

int
upload_prepare(struct db *db, struct arena *a, const struct principal *p,
	       const char *name, const void *data, size_t len,
	       struct upload_pending *out, struct problem *pb)
{
	unsigned char random[NAME_HEX / 2], digest[crypto_hash_sha256_BYTES];
	enum upload_kind kind = UPLOAD_UNKNOWN;
	struct upload_info *u = &out->info;
	const char *why = NULL;
	int64_t quota;
	int rc;

	memset(out, 0, sizeof(*out));
	if (p && (rc = auth_require(p, PERM_UPLOAD_CREATE, 0)))
		return rc;
	if ((rc = check_content(db, a, data, len, &kind, pb)) ||
	    (rc = settings_get_int(db, "upload.quota_bytes", &quota)))
		return rc;
	if ((int64_t)len > quota)
		return problem_range(pb, ERR_TOOBIG, "file",
			"upload.err.quota", 0, quota, arena_printf(a,
			"the file is %zu bytes, more than an account's quota "
			"of %lld bytes", len, (long long)quota));
	u->original_name = clean_name(a, name ? name : "", &why);
	if (!u->original_name)
		return why ? problem_key(pb, ERR_INVALID, "file",
					 "upload.err.name", why) : ERR_NOMEM;

	randombytes_buf(random, sizeof(random));
	sodium_bin2hex(out->stored, sizeof(out->stored), random,
		       sizeof(random));
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out->sha, sizeof(out->sha), digest, sizeof(digest));
	time_now_utc(out->now);
	u->stored_name = out->stored;
	u->content_type = upload_kind_mime(kind);
	u->size = (int64_t)len;
	u->sha256 = out->sha;
	u->created_at = out->now;
	if (!file_path(out->tmp, ".tmp-", out->stored) ||
	    !file_path(out->final, "", out->stored))
		return ERR_IO;
	if ((rc = make_dirs(dir_path)) ||
	    (rc = write_file(out->tmp, data, len)))
		return rc;
	out->written = true;
	return 0;
}

int
upload_insert_in(struct db *db, struct arena *a, const struct principal *p,
		 struct upload_pending *up, int64_t *id, struct problem *pb)
{
	struct upload_info *u = &up->info;
	json_t *after;
	int rc;

	*id = 0;
	if ((rc = auth_require(p, PERM_UPLOAD_CREATE, 0)))
		return rc;
	u->owner_id = p->account_id;
	u->org_id = p->org_id;
	if ((rc = charge_quota(db, a, u->owner_id, (size_t)u->size, pb)) ||
	    (rc = store_upload_insert(db, u, &u->id)))
		return rc;
	after = upload_json(u);
	rc = audit_write(db, &p->actor, "create", "upload", u->id, NULL,
			 after);
	json_decref(after);
	if (!rc)
		*id = u->id;
	return rc;
}

int
upload_finish(struct upload_pending *up, bool committed)
{
	int rc = 0;

	if (!up->written)
		return 0;
	up->written = false;
	if (committed && !rename(up->tmp, up->final))
		return 0;
	if (committed) {
		log_error("uploads: cannot rename %s (upload %lld): %s",
			  up->tmp, (long long)up->info.id, strerror(errno));
		rc = ERR_IO;
	}
	unlink(up->tmp);
	return rc;
}

int
upload_create(struct db *db, struct arena *a, const struct principal *p,
	      const char *name, const void *data, size_t len, int64_t *id,
	      struct problem *pb)
{
	struct upload_pending up;
	int rc;

	*id = 0;
	if ((rc = upload_prepare(db, a, p, name, data, len, &up, pb)))
		goto out;
	if ((rc = db_begin(db)))
		goto out;
	rc = db_end(db, upload_insert_in(db, a, p, &up, id, pb));
	if (rc) {
		*id = 0;
		goto out;
	}
	if (upload_finish(&up, true)) {
		/* The row committed but its file cannot be put in place. */
		undo_create(db, p, &up.info);
		*id = 0;
		return ERR_IO;
	}
	return 0;
out:
	upload_finish(&up, false);
	return rc;
}

int
upload_get(struct db *db, struct arena *a, const struct principal *p,
	   int64_t id, struct upload_info *out)
{
	int rc;

	if (!p)
		return ERR_UNAUTH;
	rc = store_upload_get(db, a, id, out);
	if (rc)
		return rc;
	if (out->owner_id == p->account_id ||
	    !auth_require(p, PERM_UPLOAD_READ, out->org_id))
		return 0;
	return ERR_NOTFOUND;
}

int
upload_read(const struct upload_info *u, struct arena *a, const char **data)
{
	char path[PATH_MAX];
	struct stat sb;
	size_t got = 0;
	char *p;
	int fd, rc = ERR_IO;

	*data = NULL;
	if (!file_path(path, "", u->stored_name))
		return ERR_IO;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		log_error("uploads: cannot open %s (upload %lld): %s", path,
			  (long long)u->id, strerror(errno));
		return ERR_IO;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) ||
	    (int64_t)sb.st_size != u->size) {
		log_error("uploads: %s is not the file of upload %lld", path,
			  (long long)u->id);
		goto out_close;
	}
	p = arena_alloc(a, (size_t)u->size + 1, 1);
	if (!p) {
		rc = ERR_NOMEM;
		goto out_close;
	}
	while (got < (size_t)u->size) {
		ssize_t n = read(fd, p + got, (size_t)u->size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("uploads: cannot read %s: %s", path,
				  n ? strerror(errno) : "short file");
			goto out_close;
		}
		got += (size_t)n;
	}
	p[got] = '\0';
	*data = p;
	rc = 0;
out_close:
	close(fd);
	return rc;
}

int
upload_archive(struct db *db, struct arena *a, const struct principal *p,
	       int64_t id, struct upload_info *out)
{
	json_t *before, *after;
	char now[32];
	int rc = upload_get(db, a, p, id, out);

	if (rc)
		return rc;
	/* The owner may archive their own file; others need the permission. */
	if (out->owner_id != p->account_id &&
	    (rc = auth_require(p, PERM_UPLOAD_MANAGE, out->org_id)))
		return rc;
	if (out->archived_at)
		return 0;
	time_now_utc(now);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_upload_archive(db, id, now);
	if (!rc) {
		before = upload_json(out);
		out->archived_at = arena_strdup(a, now);
		after = upload_json(out);
		rc = audit_write(db, &p->actor, "archive", "upload", id,
				 before, after);
		json_decref(before);
		json_decref(after);
	}
	return db_end(db, rc);
}
