/*
 * upload.h - file uploads (附件): kinds judged from the content, size and
 * kind limits from the settings, files kept outside the web root under
 * random names, and read only after a permission check.
 *
 * A module that takes a file (an application's business plan, a
 * certificate scan) calls upload_create() with the bytes of a form's file
 * part and keeps the id it gets back; pages and the API hand the file out
 * again with upload_get() and upload_read(), which check who may see it.
 *
 * Kinds. A file is accepted only if its first bytes (and for Office files
 * its ZIP central directory) say it is one of the kinds below, whatever
 * its name or declared Content-Type; the setting `upload.allowed_types`
 * (a comma-separated list of kind names) narrows them further. The stored
 * Content-Type is the one of the detected kind, never the client's.
 *
 *	pdf	"%PDF-" and a version "N.N"
 *	png	the 8-byte PNG signature, then the whole file chunk by chunk:
 *		IHDR first (valid size, depth and colour type), an IDAT,
 *		every chunk's CRC right, and IEND ending the file
 *	jpeg	FF D8 FF and a marker byte (C0..FE but not D0..D9), then the
 *		whole file segment by segment: a frame header, a scan, and
 *		EOI ending the file
 *	xlsx	a ZIP archive whose central directory (found through the
 *	docx	end-of-central-directory record at the end of the file) lists
 *		"[Content_Types].xml" and "xl/workbook.xml" (xlsx) or
 *		"word/document.xml" (docx) but not both, with every entry's
 *		local header where the directory says; archives with macros
 *		(a part named "vbaProject*" or "vbaData*" anywhere, or under
 *		"macrosheets/", in any case: OPC part names are
 *		case-insensitive), ZIP64 archives and archives split over
 *		disks are refused
 *
 * The check reads names, not the compressed contents: a ZIP made by hand
 * to carry those names passes, as it would pass any tool that opens it.
 * What it guarantees is that a file served as a spreadsheet is a ZIP with
 * a spreadsheet's structure, never HTML or a script renamed, and that an
 * image is one whole image, with nothing after it.
 *
 * Names. The client's name is kept (original_name) but files are served
 * under upload_file_name(): its extension follows the detected kind, so a
 * PNG sent as "photo.pdf" downloads as "photo.png", never a macro-enabled
 * "plan.xlsm".
 *
 * Quota. Every account's files together may take `upload.quota_bytes`
 * (archived files too: they are still kept and served). The count is
 * kept per account (table upload_usage) and raised by one conditional
 * statement in the transaction that stores the file, so parallel uploads
 * cannot pass it; past it, ERR_TOOBIG (413) says the numbers.
 *
 * Storage. Files live in one directory (upload_init(), `serve --uploads`)
 * under 32 random hex characters. A new file is written to ".tmp-NAME" in
 * that directory and renamed to NAME only after its row (and audit row)
 * committed; on any failure the temporary file is removed, so there is
 * never a row without its file nor a file without its row, except after a
 * crash between commit and rename, which leaves a ".tmp-" file to delete.
 *
 * Permission (who may read a file): its owner; anyone for whom
 * auth_require(p, PERM_UPLOAD_READ, upload's org) passes (admins, members
 * of the owner's organisation). Anyone else is told ERR_NOTFOUND, not
 * ERR_FORBIDDEN, so that ids cannot be probed for existence. Archiving
 * (DELETE) takes the owner or an admin.
 */
#ifndef JG_UPLOAD_H
#define JG_UPLOAD_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct db;
struct principal;

enum upload_kind {
	UPLOAD_UNKNOWN = 0,
	UPLOAD_PDF,
	UPLOAD_PNG,
	UPLOAD_JPEG,
	UPLOAD_XLSX,
	UPLOAD_DOCX,
	UPLOAD_KIND_COUNT
};

/*
 * The kind of the `len` bytes at `data`, judged from the content only
 * (see above); UPLOAD_UNKNOWN when it is none of them. Pure: reads nothing
 * outside data[0 .. len), allocates nothing, never fails.
 */
enum upload_kind upload_sniff(const void *data, size_t len);

/* The kind's name ("pdf") and Content-Type; NULL for UPLOAD_UNKNOWN. */
const char *upload_kind_name(enum upload_kind kind);
const char *upload_kind_mime(enum upload_kind kind);

/*
 * The name a file of `kind` called `name` (as the client named it) is
 * served under, into out[0 .. size): `name` if its extension is one of
 * the kind's ("pdf"; "jpg" or "jpeg"; any case), else `name` with its
 * extension replaced by the kind's (or added, when it has none), cut at a
 * character boundary to fit. Returns its length; 0 (and "") for
 * UPLOAD_UNKNOWN or a size under 16. Pure.
 */
size_t upload_file_name(const char *name, enum upload_kind kind, char *out,
			size_t size);

/* The kind called `name` (case-insensitive; "jpg" is jpeg), or UNKNOWN. */
enum upload_kind upload_kind_from_name(const char *name, size_t len);

/* The kind whose Content-Type is `mime`, or UPLOAD_UNKNOWN. */
enum upload_kind upload_kind_from_mime(const char *mime);

/*
 * Whether `kind` is named in `list`, a comma-separated list of kind names
 * with optional spaces ("pdf, png"). Never true for UPLOAD_UNKNOWN.
 */
bool upload_kind_allowed(const char *list, enum upload_kind kind);

/*
 * Use `dir` for the files. Call once at start-up, before any other call
 * below. The first upload creates it (and its parents, mode 0700) if it
 * is missing. Returns 0, or ERR_IO when it exists but is not a writable
 * directory (the reason is logged). Without it, "var/uploads" is used.
 */
int upload_init(const char *dir);

/* The directory in use. Never NULL. */
const char *upload_dir(void);

/* An upload's record, as stored. Strings live in the caller's arena. */
struct upload_info {
	int64_t id;
	const char *stored_name;	/* 32 hex digits: the file's name */
	const char *original_name;	/* as the client named it */
	const char *content_type;	/* of the detected kind */
	int64_t size;
	const char *sha256;		/* hex */
	int64_t owner_id;
	int64_t org_id;			/* 0: none */
	const char *created_at;
	const char *archived_at;	/* NULL while live */
};

/*
 * Store a file for `p` (who needs PERM_UPLOAD_CREATE): `name` is the
 * client's file name (its directory part is dropped), data[0 .. len) the
 * bytes. The owner is p, its organisation p's. Writes the row and its
 * audit row in one transaction, then moves the file into place.
 *
 * Returns 0 with the new id in *id, or: ERR_UNAUTH / ERR_FORBIDDEN;
 * ERR_TOOBIG over `upload.max_bytes`, or over the owner's quota
 * `upload.quota_bytes` (field "file", the numbers in the message);
 * ERR_INVALID for an empty file, a bad name or a kind that is unknown or
 * not allowed (field "file"); ERR_IO when the file cannot be written
 * (logged); a database error. Messages go to *pb (constants or strings
 * in `a`).
 */
int upload_create(struct db *db, struct arena *a, const struct principal *p,
		  const char *name, const void *data, size_t len, int64_t *id,
		  struct problem *pb);

/*
 * upload_create() in three steps, for a caller that stores a file in the
 * transaction of its own change (the public application form, whose
 * account, file and application commit together or not at all):
 *
 * upload_prepare() makes every check of upload_create() but the quota's
 * (`p` may be NULL when the owner is an account not made yet; its
 * permission is then checked by upload_insert_in()) and writes the bytes
 * to a temporary file, before any transaction. Errors as
 * upload_create()'s; on error nothing is left behind.
 *
 * upload_insert_in() charges the quota and writes the row and its audit
 * row inside the caller's transaction, owned by `p` (ERR_TOOBIG over the
 * quota; the caller then rolls back).
 *
 * upload_finish() after the caller's commit (`committed`) moves the file
 * into place, or after its rollback or any error removes it; call it on
 * every path once upload_prepare() has returned 0. ERR_IO (logged) when
 * a committed file cannot be moved: its row then names a missing file.
 */
struct upload_pending {
	struct upload_info info;	/* the row to write */
	char stored[33];		/* its random name */
	char sha[65];
	char now[32];
	char tmp[PATH_MAX];		/* where the bytes are meanwhile */
	char final[PATH_MAX];
	bool written;			/* the temporary file exists */
};

int upload_prepare(struct db *db, struct arena *a, const struct principal *p,
		   const char *name, const void *data, size_t len,
		   struct upload_pending *out, struct problem *pb);
int upload_insert_in(struct db *db, struct arena *a,
		     const struct principal *p, struct upload_pending *up,
		     int64_t *id, struct problem *pb);
int upload_finish(struct upload_pending *up, bool committed);

/*
 * The record of upload `id` if `p` may read it (see above), copied into
 * `a`. Returns 0, ERR_UNAUTH, ERR_NOTFOUND (no such upload, or not one p
 * may see), or a database error.
 */
int upload_get(struct db *db, struct arena *a, const struct principal *p,
	       int64_t id, struct upload_info *out);

/* The record as JSON for the API: no stored name. Owned by the caller. */
json_t *upload_json(const struct upload_info *u);

/*
 * Read the file of `u` (found with upload_get()) into `a`: exactly
 * u->size bytes (and a NUL after them) in *data. Returns 0, ERR_IO when
 * the file is missing or its size is not the recorded one (logged), or
 * ERR_NOMEM past the arena's budget.
 */
int upload_read(const struct upload_info *u, struct arena *a,
		const char **data);

/*
 * Archive upload `id`: its owner or an admin may. The file stays (records
 * may point at it) and can still be read by those who may. Archiving an
 * archived upload changes nothing. Returns 0 with the record in *out,
 * ERR_NOTFOUND (as upload_get()), ERR_FORBIDDEN, or a database error.
 */
int upload_archive(struct db *db, struct arena *a, const struct principal *p,
		   int64_t id, struct upload_info *out);

#endif
