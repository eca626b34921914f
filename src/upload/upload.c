/*
 * upload.c - the rules of uploads (upload.h): limits, kinds, names,
 * permissions, and the dance that keeps the file and its row together
 * (write a temporary file, commit the row, rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
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

json_t *
upload_json(const struct upload_info *u)
{
	const char *kind = upload_kind_name(upload_kind_from_mime(
						u->content_type));

	return json_pack("{s:I,s:s,s:s,s:s?,s:I,s:s,s:I,s:o,s:s,s:s?}",
		"id", (json_int_t)u->id,
		"original_name", u->original_name,
		"content_type", u->content_type,
		"kind", kind,
		"size", (json_int_t)u->size,
		"sha256", u->sha256,
		"owner_id", (json_int_t)u->owner_id,
		"org_id", u->org_id > 0 ? json_integer(u->org_id) : json_null(),
		"created_at", u->created_at,
		"archived_at", u->archived_at);
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
		return problem(pb, ERR_TOOBIG, "file", arena_printf(a,
			"the file is larger than the limit of %lld bytes",
			(long long)max));
	if (len == 0)
		return problem(pb, ERR_INVALID, "file", "the file is empty");
	*kind = upload_sniff(data, len);
	if (*kind == UPLOAD_UNKNOWN)
		return problem(pb, ERR_INVALID, "file", arena_printf(a,
			"the file's content is not of an accepted type (%s)",
			allowed));
	if (!upload_kind_allowed(allowed, *kind))
		return problem(pb, ERR_INVALID, "file", arena_printf(a,
			"files of type %s are not accepted (accepted: %s)",
			upload_kind_name(*kind), allowed));
	return 0;
}

int
upload_create(struct db *db, struct arena *a, const struct principal *p,
	      const char *name, const void *data, size_t len, int64_t *id,
	      struct problem *pb)
{
	unsigned char random[NAME_HEX / 2], digest[crypto_hash_sha256_BYTES];
	char stored[NAME_HEX + 1], sha[2 * crypto_hash_sha256_BYTES + 1];
	char now[32], tmp[PATH_MAX], final[PATH_MAX];
	struct upload_info u = { 0 };
	enum upload_kind kind = UPLOAD_UNKNOWN;
	const char *why = NULL;
	json_t *after;
	int rc;

	if ((rc = auth_require(p, PERM_UPLOAD_CREATE, 0)) ||
	    (rc = check_content(db, a, data, len, &kind, pb)))
		return rc;
	u.original_name = clean_name(a, name ? name : "", &why);
	if (!u.original_name)
		return why ? problem(pb, ERR_INVALID, "file", why) : ERR_NOMEM;

	randombytes_buf(random, sizeof(random));
	sodium_bin2hex(stored, sizeof(stored), random, sizeof(random));
	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(sha, sizeof(sha), digest, sizeof(digest));
	time_now_utc(now);
	u.stored_name = stored;
	u.content_type = upload_kind_mime(kind);
	u.size = (int64_t)len;
	u.sha256 = sha;
	u.owner_id = p->account_id;
	u.org_id = p->org_id;
	u.created_at = now;
	if (!file_path(tmp, ".tmp-", stored) || !file_path(final, "", stored))
		return ERR_IO;

	if ((rc = make_dirs(dir_path)) || (rc = write_file(tmp, data, len)))
		return rc;
	rc = db_begin(db);
	if (rc)
		goto out_unlink;
	rc = store_upload_insert(db, &u, &u.id);
	if (rc)
		goto out_rollback;
	after = upload_json(&u);
	rc = audit_write(db, &p->actor, "create", "upload", u.id, NULL, after);
	json_decref(after);
	if (rc)
		goto out_rollback;
	rc = db_commit(db);
	if (rc)
		goto out_rollback;
	if (rename(tmp, final)) {
		log_error("uploads: cannot rename %s: %s", tmp,
			  strerror(errno));
		goto out_undo;
	}
	*id = u.id;
	return 0;

out_undo:
	/* The row committed but its file cannot be put in place: undo. */
	rc = ERR_IO;
	if (!db_begin(db)) {
		json_t *before = upload_json(&u);

		if (store_upload_delete(db, u.id) ||
		    audit_write(db, &p->actor, "delete", "upload", u.id,
				before, NULL) || db_commit(db))
			db_rollback(db);
		json_decref(before);
	}
	goto out_unlink;
out_rollback:
	db_rollback(db);
out_unlink:
	unlink(tmp);
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
	if (rc)
		goto out_rollback;
	before = upload_json(out);
	out->archived_at = arena_strdup(a, now);
	after = upload_json(out);
	rc = audit_write(db, &p->actor, "archive", "upload", id, before,
			 after);
	json_decref(before);
	json_decref(after);
	if (rc)
		goto out_rollback;
	return db_commit(db);

out_rollback:
	db_rollback(db);
	return rc;
}
