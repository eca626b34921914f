/*
 * tpl_int.h - the compiled form of a template, shared by the compiler
 * (tpl.c), the set (set.c) and the renderer (render.c). Private to src/tpl/.
 *
 * A template is an array of operations over a private copy of its source.
 * Text is a slice of the source; a name is a run of NUL-terminated
 * segments in `names` ("org.name" is "org\0name\0", nseg 2; "." is nseg
 * 0); a section's body is the operations from the one after it up to
 * `end`, so sections nest without an explicit end operation. A parent
 * ({{<name}}) and a block ({{$name}}) have bodies the same way; a parent's
 * body holds only blocks, the replacements it gives its template.
 */
#ifndef JG_TPL_INT_H
#define JG_TPL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "tpl/tpl.h"

/*
 * The most operations one render may execute (each text, value, section
 * entry, list item and partial counts one); past it tpl_render() gives
 * ERR_TOOBIG. It stops sections nested over lists from running for ever
 * while writing nothing. A real page needs a few thousand.
 */
#ifdef FUZZING
#define TPL_MAX_STEPS ((unsigned long)1 << 16)
#else
#define TPL_MAX_STEPS ((unsigned long)1 << 24)
#endif

enum tpl_op_kind {
	TPL_OP_TEXT,		/* copy src[off, off + len) */
	TPL_OP_VAR,		/* a value, HTML-escaped */
	TPL_OP_RAW,		/* a value as it is */
	TPL_OP_SECTION,		/* body if the value is true, per item */
	TPL_OP_INVERTED,	/* body if the value is false */
	TPL_OP_PARTIAL,		/* another template, same context */
	TPL_OP_PARENT,		/* a partial whose blocks the body replaces */
	TPL_OP_BLOCK,		/* a caller's replacement, else the body */
};

struct tpl_op {
	enum tpl_op_kind kind;
	unsigned nseg;		/* names: segments; 0 for "." */
	size_t pos;		/* offset in src of the tag, for errors */
	size_t off;		/* text: offset in src; names: in names */
	size_t len;		/* text: bytes */
	size_t end;		/* sections, parents, blocks: the first op
				   after the body */
	const struct tpl *partial;	/* partials, parents: set by
					   tpl_set_check() */
};

struct tpl {
	char *name;		/* "party/orgs" */
	char *src;		/* copy of the source, NUL-terminated */
	size_t len;		/* bytes of src */
	char *names;		/* segments of the names, NUL-terminated */
	struct tpl_op *ops;
	size_t nops;
};

struct tpl_set {
	struct tpl **tpls;	/* sorted by name */
	size_t n;
	size_t cap;
	char *dir;		/* development mode: reload from here */
};

/* Fill *err (if not NULL); the message is printf-style. */
void tpl_error_set(struct tpl_error *err, const char *name, int line,
		   int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The 1-based line and column (in characters) of byte `off` of `src`. */
void tpl_where(const char *src, size_t off, int *line, int *col);

/* True if `name` is a valid template name (A-Z a-z 0-9 _ - . /). */
bool tpl_name_ok(const char *name, size_t len);

/*
 * Load the files under `dir` into `set` and check it: tpl_set_load_dir()
 * without switching the set to development mode.
 */
int tpl_set_load_tree(struct tpl_set *set, const char *dir,
		      struct tpl_error *err);

#endif
