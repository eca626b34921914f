/*
 * set.c - the application's templates by name: adding, linking partials,
 * loading from the embedded files or from a directory (see tpl.h).
 *
 * The set is an array of templates sorted by name, so a look-up is a
 * binary search; tpl_set_check() stores in each partial tag the template
 * it names, so rendering follows a pointer instead.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "tpl/tpl_int.h"

/* Directories deeper than this under the root are refused (symlink loops). */
#define TREE_MAX_DEPTH 16

struct tpl_set *
tpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tpl_set));
}

void
tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tpl_free(set->tpls[i]);
	free(set->tpls);
	free(set->dir);
	free(set);
}

size_t
tpl_set_count(const struct tpl_set *set)
{
	return set->n;
}

/* The index of the first template whose name is not less than `name`. */
static size_t
lower_bound(const struct tpl_set *set, const char *name)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(set->tpls[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct tpl *
tpl_set_find(const struct tpl_set *set, const char *name)
{
	size_t i = lower_bound(set, name);

	if (i < set->n && !strcmp(set->tpls[i]->name, name))
		return set->tpls[i];
	return NULL;
}

int
tpl_set_add(struct tpl_set *set, struct tpl *t, struct tpl_error *err)
{
	size_t i = lower_bound(set, t->name);

	if (i < set->n && !strcmp(set->tpls[i]->name, t->name)) {
		tpl_error_set(err, t->name, 0, 0, "template '%s' is defined "
			      "twice", t->name);
		tpl_free(t);
		return ERR_CONFLICT;
	}
	ALLOC_GROW(set->tpls, set->n + 1, set->cap);
	memmove(set->tpls + i + 1, set->tpls + i,
		(set->n - i) * sizeof(*set->tpls));
	set->tpls[i] = t;
	set->n++;
	return 0;
}

int
tpl_set_check(struct tpl_set *set, struct tpl_error *err)
{
	for (size_t i = 0; i < set->n; i++) {
		struct tpl *t = set->tpls[i];

		for (size_t j = 0; j < t->nops; j++) {
			struct tpl_op *op = &t->ops[j];
			const char *name = t->names + op->off;
			int line, col;

			if (op->kind != TPL_OP_PARTIAL &&
			    op->kind != TPL_OP_PARENT)
				continue;
			op->partial = tpl_set_find(set, name);
			if (op->partial)
				continue;
			tpl_where(t->src, op->pos, &line, &col);
			tpl_error_set(err, t->name, line, col,
				      "partial '%s' is not a template", name);
			return ERR_INVALID;
		}
	}
	return 0;
}

/*
 * The template name for a file name relative to the templates' root:
 * without a final ".html". Heap-allocated.
 */
static char *
name_of(const char *rel)
{
	size_t n = strlen(rel);

	if (n > 5 && !strcmp(rel + n - 5, ".html"))
		n -= 5;
	return xstrndup(rel, n);
}

/* Compile `len` bytes of `src` as the template for file `rel` and add it. */
static int
add_source(struct tpl_set *set, const char *rel, const char *src,
	   size_t len, struct tpl_error *err)
{
	char *name = name_of(rel);
	struct tpl *t;
	int rc;

	rc = tpl_compile(&t, name, src, len, err);
	if (!rc)
		rc = tpl_set_add(set, t, err);
	free(name);
	return rc;
}

int
tpl_set_load_embedded(struct tpl_set *set, struct tpl_error *err)
{
	static const char prefix[] = "templates/";
	const struct embedded_file *f;
	size_t n;
	int rc;

	n = embed_prefix(prefix, &f);
	for (size_t i = 0; i < n; i++) {
		rc = add_source(set, f[i].name + strlen(prefix), f[i].data,
				f[i].len, err);
		if (rc)
			return rc;
	}
	return tpl_set_check(set, err);
}

/* Record that `path` could not be read (errno says why); ERR_IO. */
static int
io_fail(struct tpl_error *err, const char *path, const char *what)
{
	char why[128];

	if (strerror_r(errno, why, sizeof(why)))
		snprintf(why, sizeof(why), "error %d", errno);
	tpl_error_set(err, path, 0, 0, "cannot %s: %s", what, why);
	return ERR_IO;
}

/* Read the whole file at `path` into `b` (capped at TPL_MAX_SIZE). */
static int
read_file(const char *path, struct buf *b, struct tpl_error *err)
{
	char chunk[8192];
	ssize_t got;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_fail(err, path, "open");
	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = io_fail(err, path, "read");
			goto out_close;
		}
		if (got == 0)
			break;
		buf_add(b, chunk, (size_t)got);
		if (buf_error(b)) {
			rc = buf_error(b);
			tpl_error_set(err, path, 0, 0, "template is larger "
				      "than %zu bytes", TPL_MAX_SIZE);
			goto out_close;
		}
	}

out_close:
	close(fd);
	return rc;
}

static int
skip_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * Load every file under the directory `path` (a buffer holding it, which
 * this extends and restores); names are relative to its first `root`
 * bytes plus the slash.
 */
static int
load_tree(struct tpl_set *set, struct buf *path, size_t root, int depth,
	  struct tpl_error *err)
{
	struct dirent **ents = NULL;
	size_t len = path->len;
	struct buf text;
	struct stat st;
	int n, rc = 0, i;

	if (depth > TREE_MAX_DEPTH) {
		tpl_error_set(err, path->ptr, 0, 0, "directories nested "
			      "deeper than %d", TREE_MAX_DEPTH);
		return ERR_INVALID;
	}
	n = scandir(path->ptr, &ents, skip_dots, alphasort);
	if (n < 0)
		return io_fail(err, path->ptr, "read directory");
	buf_init(&text, NULL, TPL_MAX_SIZE);
	for (i = 0; i < n && !rc; i++) {
		buf_truncate(path, len);
		buf_addch(path, '/');
		buf_addstr(path, ents[i]->d_name);
		if (buf_error(path)) {
			rc = buf_error(path);
			tpl_error_set(err, ents[i]->d_name, 0, 0,
				      "path too long");
		} else if (stat(path->ptr, &st)) {
			rc = io_fail(err, path->ptr, "stat");
		} else if (S_ISDIR(st.st_mode)) {
			rc = load_tree(set, path, root, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			buf_reset(&text);
			rc = read_file(path->ptr, &text, err);
			if (!rc)
				rc = add_source(set, path->ptr + root + 1,
						text.ptr, text.len, err);
		}
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	buf_release(&text);
	buf_truncate(path, len);
	return rc;
}

int
tpl_set_load_tree(struct tpl_set *set, const char *dir,
		  struct tpl_error *err)
{
	struct buf path;
	int rc;

	buf_init(&path, NULL, 4096);
	buf_addstr(&path, dir);
	while (path.len > 1 && path.ptr[path.len - 1] == '/')
		buf_truncate(&path, path.len - 1);
	if (buf_error(&path)) {
		tpl_error_set(err, "", 0, 0, "path too long");
		rc = ERR_INVALID;
		goto out_release;
	}
	rc = load_tree(set, &path, path.len, 0, err);
	if (!rc)
		rc = tpl_set_check(set, err);

out_release:
	buf_release(&path);
	return rc;
}

int
tpl_set_load_dir(struct tpl_set *set, const char *dir,
		 struct tpl_error *err)
{
	int rc = tpl_set_load_tree(set, dir, err);

	if (rc)
		return rc;
	free(set->dir);
	set->dir = xstrdup(dir);
	return 0;
}
