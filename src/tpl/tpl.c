/*
 * tpl.c - the template compiler: mustache-subset source to an array of
 * operations (tpl.h gives the syntax, tpl_int.h the compiled form).
 *
 * One pass from left to right. Text between tags becomes a slice of the
 * source; each tag is parsed where it stands, names are checked and split
 * into segments once, and open sections wait on a small stack until their
 * closing tag says where their body ends. Every error stops the pass and
 * reports the place it was found, so a template either compiles entirely
 * or not at all.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "tpl/tpl_int.h"

#define NONE ((size_t)-1)

/* A section whose closing tag has not been seen yet. */
struct open_section {
	size_t op;		/* index of its operation */
	const char *name;	/* its name as written, trimmed, in src */
	size_t len;
};

struct compiler {
	struct tpl *t;
	size_t cap;		/* capacity of t->ops */
	struct buf names;	/* becomes t->names */
	struct open_section open[TPL_MAX_NEST];
	int nopen;
	struct tpl_error *err;
};

void
tpl_error_set(struct tpl_error *err, const char *name, int line, int col,
	      const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->name, sizeof(err->name), "%s", name ? name : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

void
tpl_where(const char *src, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)src[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* A character allowed in a name segment: A-Z a-z 0-9 _ - */
static bool
seg_char(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

bool
tpl_name_ok(const char *name, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (!seg_char(ch) && ch != '/' && ch != '.')
			return false;
	}
	return true;
}

/* Record a syntax error at byte `off` of the source; returns ERR_INVALID. */
static int
fail(struct compiler *c, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct compiler *c, size_t off, const char *fmt, ...)
{
	char msg[sizeof(c->err->msg)];
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tpl_where(c->t->src, off, &line, &col);
	tpl_error_set(c->err, c->t->name, line, col, "%s", msg);
	return ERR_INVALID;
}

/* The first `pat` (of plen bytes) in s[from, len), or NONE. */
static size_t
find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	for (size_t i = from; i + plen <= len; i++) {
		const char *p = memchr(s + i, pat[0], len - plen + 1 - i);

		if (!p)
			return NONE;
		i = (size_t)(p - s);
		if (!memcmp(p, pat, plen))
			return i;
	}
	return NONE;
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool
space(char ch)
{
	return blank(ch) || ch == '\n' || ch == '\r';
}

/* At most this many bytes of a name are quoted in a message. */
static int
quoted(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

/* Append an operation and return it, zeroed but for kind and pos. */
static struct tpl_op *
emit(struct compiler *c, enum tpl_op_kind kind, size_t pos)
{
	struct tpl *t = c->t;
	struct tpl_op *op;

	ALLOC_GROW(t->ops, t->nops + 1, c->cap);
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->pos = pos;
	return op;
}

static void
emit_text(struct compiler *c, size_t from, size_t to)
{
	struct tpl_op *op;

	if (from >= to)
		return;
	op = emit(c, TPL_OP_TEXT, from);
	op->off = from;
	op->len = to - from;
}

/*
 * Check the name at src[at, at + n) of the tag at `tag` and store its
 * segments in c->names: *off where they start, *nseg how many ("." is 0).
 */
static int
parse_name(struct compiler *c, size_t tag, size_t at, size_t n, size_t *off,
	   unsigned *nseg)
{
	const char *p = c->t->src + at;
	size_t seg = 0;

	*off = c->names.len;
	*nseg = 0;
	if (n == 0)
		return fail(c, tag, "empty name in tag");
	if (n == 1 && p[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == '.') {
			if (i == seg)
				return fail(c, at + i,
					    "empty segment in name '%.*s'",
					    quoted(n), p);
			buf_addch(&c->names, '\0');
			(*nseg)++;
			seg = i + 1;
		} else if (seg_char(ch)) {
			buf_addch(&c->names, (char)ch);
		} else if (ch >= 0x20 && ch < 0x7f) {
			return fail(c, at + i, "bad character '%c' in name "
				    "(use A-Z a-z 0-9 _ - and . between "
				    "segments)", ch);
		} else {
			return fail(c, at + i, "bad byte 0x%02x in name "
				    "(use A-Z a-z 0-9 _ - and . between "
				    "segments)", ch);
		}
	}
	if (seg == n)
		return fail(c, at + n - 1, "empty segment in name '%.*s'",
			    quoted(n), p);
	buf_addch(&c->names, '\0');
	(*nseg)++;
	return 0;
}

/* Check a partial's name and store it in c->names at *off. */
static int
parse_partial(struct compiler *c, size_t tag, size_t at, size_t n,
	      size_t *off)
{
	const char *p = c->t->src + at;

	*off = c->names.len;
	if (n == 0)
		return fail(c, tag, "empty partial name");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (!tpl_name_ok(p + i, 1))
			return fail(c, at + i, ch >= 0x20 && ch < 0x7f ?
				    "bad character '%c' in partial name" :
				    "bad byte 0x%02x in partial name", ch);
	}
	buf_add(&c->names, p, n);
	buf_addch(&c->names, '\0');
	return 0;
}

/* True if the name src[at, at + n) may be used raw: it ends in _html. */
static bool
raw_ok(const char *p, size_t n)
{
	size_t seg = n;

	while (seg > 0 && p[seg - 1] != '.')
		seg--;
	p += seg;
	n -= seg;
	if (n == 4 && !memcmp(p, "html", 4))
		return true;
	return n > 5 && !memcmp(p + n - 5, "_html", 5);
}

/*
 * If the tag src[tag, after) stands alone on its line (blanks around it,
 * nothing else since `from`), return true with *ls at the start of that
 * line and *next past its line ending, so neither shows in the output.
 */
static bool
standalone(const char *s, size_t len, size_t from, size_t tag, size_t after,
	   size_t *ls, size_t *next)
{
	size_t l = tag, r = after;

	while (l > from && blank(s[l - 1]))
		l--;
	if (l > 0 && s[l - 1] != '\n')
		return false;
	while (r < len && blank(s[r]))
		r++;
	if (r == len)
		*next = r;
	else if (s[r] == '\n')
		*next = r + 1;
	else if (s[r] == '\r' && r + 1 < len && s[r + 1] == '\n')
		*next = r + 2;
	else
		return false;
	*ls = l;
	return true;
}

/* The operation a tag opening a body makes, by its sigil. */
static enum tpl_op_kind
body_kind(char sigil)
{
	switch (sigil) {
	case '#':
		return TPL_OP_SECTION;
	case '^':
		return TPL_OP_INVERTED;
	case '<':
		return TPL_OP_PARENT;
	default:
		return TPL_OP_BLOCK;
	}
}

/*
 * Open a body named src[at, at + n): a section (`sigil` '#' or '^'), a
 * parent ('<', named as a partial) or a block ('$', one segment).
 */
static int
open_section(struct compiler *c, char sigil, size_t tag, size_t at, size_t n)
{
	struct tpl_op *op;
	size_t off;
	unsigned nseg = 1;
	int rc;

	if (c->nopen == TPL_MAX_NEST)
		return fail(c, tag, "sections nested deeper than %d",
			    TPL_MAX_NEST);
	if (sigil == '<')
		rc = parse_partial(c, tag, at, n, &off);
	else
		rc = parse_name(c, tag, at, n, &off, &nseg);
	if (rc)
		return rc;
	if (sigil == '$' && nseg != 1)
		return fail(c, tag, "block name '%.*s' is not one segment",
			    quoted(n), c->t->src + at);
	op = emit(c, body_kind(sigil), tag);
	op->off = off;
	op->nseg = nseg;
	c->open[c->nopen].op = c->t->nops - 1;
	c->open[c->nopen].name = c->t->src + at;
	c->open[c->nopen].len = n;
	c->nopen++;
	return 0;
}

/* True if the innermost open body is a parent's. */
static bool
in_parent(const struct compiler *c)
{
	return c->nopen > 0 &&
	       c->t->ops[c->open[c->nopen - 1].op].kind == TPL_OP_PARENT;
}

/*
 * Text src[from, to) before a tag: an operation, except inside a parent,
 * where only blanks may stand between its blocks (and are dropped).
 */
static int
text(struct compiler *c, size_t from, size_t to)
{
	if (!in_parent(c)) {
		emit_text(c, from, to);
		return 0;
	}
	for (size_t i = from; i < to; i++)
		if (!space(c->t->src[i]))
			return fail(c, i, "only blocks may stand inside a "
				    "parent tag '{{<...}}'");
	return 0;
}

/* Close the innermost section with the tag naming src[at, at + n). */
static int
close_section(struct compiler *c, size_t tag, size_t at, size_t n)
{
	const char *p = c->t->src + at;
	struct open_section *o;
	int line, col;

	if (n == 0)
		return fail(c, tag, "empty name in tag");
	if (c->nopen == 0)
		return fail(c, tag, "'{{/%.*s}}' closes no open section",
			    quoted(n), p);
	o = &c->open[c->nopen - 1];
	if (o->len != n || memcmp(o->name, p, n)) {
		tpl_where(c->t->src, c->t->ops[o->op].pos, &line, &col);
		return fail(c, tag, "'{{/%.*s}}' does not close section "
			    "'%.*s' opened at %d:%d", quoted(n), p,
			    quoted(o->len), o->name, line, col);
	}
	c->t->ops[o->op].end = c->t->nops;
	c->nopen--;
	return 0;
}

/*
 * Parse the tag at `tag`; the text since `from` goes before it. Stores
 * where to go on in *next.
 */
static int
parse_tag(struct compiler *c, size_t from, size_t tag, size_t *next)
{
	const char *s = c->t->src;
	size_t len = c->t->len, body, close, after, at, n, ls, off;
	bool triple = tag + 2 < len && s[tag + 2] == '{';
	struct tpl_op *op;
	unsigned nseg;
	char sigil = 0;
	int rc;

	if (triple) {
		body = tag + 3;
		close = find(s, len, body, "}}}", 3);
		if (close == NONE)
			return fail(c, tag, "tag '{{{' is not closed by '}}}'");
		after = close + 3;
	} else {
		body = tag + 2;
		close = find(s, len, body, "}}", 2);
		if (close == NONE)
			return fail(c, tag, "tag '{{' is not closed by '}}'");
		after = close + 2;
		if (body < close)
			sigil = s[body];
		switch (sigil) {
		case '#': case '^': case '/': case '>': case '!':
		case '<': case '$':
			body++;
			break;
		case '=':
			return fail(c, tag, "'{{=' (set delimiters) is not "
				    "supported");
		case '&':
			return fail(c, tag, "'{{&' is not supported: write "
				    "'{{{name_html}}}' for raw HTML");
		default:
			sigil = 0;
		}
	}

	/* A tag that is not a value may take its whole line with it. */
	*next = after;
	ls = tag;
	if (sigil)
		standalone(s, len, from, tag, after, &ls, next);
	rc = text(c, from, ls);
	if (rc)
		return rc;
	if (in_parent(c) && sigil != '$' && sigil != '/' && sigil != '!')
		return fail(c, tag, "only blocks may stand inside a parent "
			    "tag '{{<...}}'");

	at = body;
	n = close - body;
	while (n > 0 && space(s[at])) {
		at++;
		n--;
	}
	while (n > 0 && space(s[at + n - 1]))
		n--;

	switch (sigil) {
	case '!':
		return 0;
	case '#':
	case '^':
	case '<':
	case '$':
		return open_section(c, sigil, tag, at, n);
	case '/':
		return close_section(c, tag, at, n);
	case '>':
		rc = parse_partial(c, tag, at, n, &off);
		if (rc)
			return rc;
		op = emit(c, TPL_OP_PARTIAL, tag);
		op->off = off;
		op->nseg = 1;
		return 0;
	default:
		rc = parse_name(c, tag, at, n, &off, &nseg);
		if (rc)
			return rc;
		if (triple && !raw_ok(s + at, n))
			return fail(c, tag, "'{{{%.*s}}}' is raw HTML: only "
				    "names ending in _html may be raw",
				    quoted(n), s + at);
		op = emit(c, triple ? TPL_OP_RAW : TPL_OP_VAR, tag);
		op->off = off;
		op->nseg = nseg;
		return 0;
	}
}

static int
parse(struct compiler *c)
{
	const char *s = c->t->src;
	size_t len = c->t->len, i = 0;
	int rc;

	while (i < len) {
		size_t tag = find(s, len, i, "{{", 2);

		if (tag == NONE) {
			emit_text(c, i, len);
			break;
		}
		rc = parse_tag(c, i, tag, &i);
		if (rc)
			return rc;
	}
	if (c->nopen) {
		struct open_section *o = &c->open[c->nopen - 1];

		return fail(c, c->t->ops[o->op].pos,
			    "section '%.*s' is not closed", quoted(o->len),
			    o->name);
	}
	return 0;
}

int
tpl_compile(struct tpl **out, const char *name, const char *src,
	    size_t len, struct tpl_error *err)
{
	struct compiler c;
	struct tpl *t;
	int rc;

	*out = NULL;
	if (!tpl_name_ok(name, strlen(name))) {
		tpl_error_set(err, name, 0, 0, "bad template name (use A-Z "
			      "a-z 0-9 _ - . /)");
		return ERR_INVALID;
	}
	if (len > TPL_MAX_SIZE) {
		tpl_error_set(err, name, 0, 0, "template is larger than %zu "
			      "bytes", TPL_MAX_SIZE);
		return ERR_TOOBIG;
	}
	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->src = xmalloc(len + 1);
	if (len)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;

	memset(&c, 0, sizeof(c));
	c.t = t;
	c.err = err;
	buf_init(&c.names, NULL, 0);
	rc = parse(&c);
	if (rc)
		goto out_free;
	/* Names take less room than the source, far below the buffer cap. */
	if (buf_error(&c.names)) {
		rc = buf_error(&c.names);
		tpl_error_set(err, name, 0, 0, "too many names");
		goto out_free;
	}
	t->names = buf_detach(&c.names, NULL);
	*out = t;
	return 0;

out_free:
	buf_release(&c.names);
	tpl_free(t);
	return rc;
}

void
tpl_free(struct tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->src);
	free(t->names);
	free(t->ops);
	free(t);
}

const char *
tpl_name(const struct tpl *t)
{
	return t->name;
}
