/*
 * render.c - run a compiled template over a jansson tree into a struct buf
 * (see tpl.h for the rules, tpl_int.h for the operations).
 *
 * The context stack is a chain of frames on the C stack, one per section
 * level entered, innermost first; a name's first segment is looked up from
 * the innermost frame outward. Nothing is allocated: values are written
 * straight into the output buffer, whose sticky error stops the walk.
 * Recursion is bounded by TPL_MAX_NEST sections per template times
 * TPL_MAX_DEPTH partials, and the work by TPL_MAX_STEPS.
 *
 * A parent tag hands its template the blocks in its body: a chain of
 * them, one link per parent tag being rendered, the innermost first. A
 * block shows the replacement of the outermost caller that gives one
 * (the page's over a parent's own parent tag), else its own body.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "tpl/html.h"
#include "tpl/tpl_int.h"

struct ctx {
	json_t *v;		/* this level's value; may be NULL */
	const struct ctx *up;	/* the enclosing level, NULL at the root */
};

struct blocks {
	const struct tpl *t;	/* the template of the parent tag */
	size_t from, to;	/* its body: the replacement blocks */
	const struct blocks *up;	/* the chain around that tag */
};

struct render {
	const struct tpl_set *set;
	struct buf *out;
	int depth;		/* partials entered */
	unsigned long steps;	/* operations run */
	int rc;			/* first error of our own */
};

/*
 * The value of a name of `nseg` segments starting at `seg`: the first
 * segment in the innermost object that has it, the others inside it; the
 * current value for "." (nseg 0). NULL when missing.
 */
static json_t *
lookup(const struct ctx *c, const char *seg, unsigned nseg)
{
	json_t *v = NULL;

	if (nseg == 0)
		return c->v;
	for (; c; c = c->up) {
		if (json_is_object(c->v)) {
			v = json_object_get(c->v, seg);
			if (v)
				break;
		}
	}
	while (v && --nseg > 0) {
		seg += strlen(seg) + 1;
		v = json_is_object(v) ? json_object_get(v, seg) : NULL;
	}
	return v;
}

/* Whether a section shows for `v` (see the table in tpl.h). */
static bool
truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return false;
	}
}

/* Write a real with 15 significant digits, or 17 if 15 lose precision. */
static void
put_real(struct buf *out, double d)
{
	char tmp[40];

	snprintf(tmp, sizeof(tmp), "%.15g", d);
	if (strtod(tmp, NULL) != d)
		snprintf(tmp, sizeof(tmp), "%.17g", d);
	buf_addstr(out, tmp);
}

static void
put_value(struct buf *out, const json_t *v, bool escape)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			html_escapen(out, json_string_value(v),
				     json_string_length(v));
		else
			buf_add(out, json_string_value(v),
				json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_addstr(out, "true");
		break;
	case JSON_FALSE:
		buf_addstr(out, "false");
		break;
	default:
		/* null, objects and arrays show nothing */
		break;
	}
}

/* Count one step; false (with the error set) once over the limit. */
static bool
step(struct render *r)
{
	if (r->rc || buf_error(r->out))
		return false;
	if (++r->steps > TPL_MAX_STEPS) {
		r->rc = ERR_TOOBIG;
		return false;
	}
	return true;
}

static void run(struct render *r, const struct tpl *t, size_t from,
		size_t to, const struct ctx *c, const struct blocks *b);

/* The body ops[from, to) of a section on value `v`. */
static void
section(struct render *r, const struct tpl *t, size_t from, size_t to,
	const struct ctx *c, json_t *v, const struct blocks *b)
{
	struct ctx frame = { .v = v, .up = c };

	if (!truthy(v))
		return;
	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && step(r); i++) {
			frame.v = json_array_get(v, i);
			run(r, t, from, to, &frame, b);
		}
	} else if (json_is_true(v)) {
		run(r, t, from, to, c, b);
	} else {
		run(r, t, from, to, &frame, b);
	}
}

/*
 * A partial, or a parent with `given` its blocks: the template `name`,
 * in the same context.
 */
static void
partial(struct render *r, const struct tpl_op *op, const char *name,
	const struct ctx *c, const struct blocks *given)
{
	const struct tpl *p = op->partial;

	if (!p)
		p = tpl_set_find(r->set, name);
	if (!p)
		return;
	if (r->depth == TPL_MAX_DEPTH) {
		r->rc = ERR_TOOBIG;
		return;
	}
	r->depth++;
	run(r, p, 0, p->nops, c, given);
	r->depth--;
}

/* The index of the block called `name` in link `s`'s body, or `s->to`. */
static size_t
given_block(const struct blocks *s, const char *name)
{
	size_t i = s->from;

	while (i < s->to) {
		const struct tpl_op *op = &s->t->ops[i];

		if (op->kind == TPL_OP_BLOCK &&
		    !strcmp(s->t->names + op->off, name))
			return i;
		i = op->kind == TPL_OP_BLOCK ? op->end : i + 1;
	}
	return s->to;
}

/*
 * Block ops[at] of `t`: the replacement of the outermost link of `b` that
 * gives one, in the context of the block; else the block's own body.
 */
static void
block(struct render *r, const struct tpl *t, size_t at, const struct ctx *c,
      const struct blocks *b)
{
	const char *name = t->names + t->ops[at].off;
	const struct blocks *found = NULL;
	size_t k = 0;

	for (const struct blocks *s = b; s; s = s->up) {
		size_t i = given_block(s, name);

		if (i < s->to) {
			found = s;
			k = i;
		}
	}
	if (found)
		run(r, found->t, k + 1, found->t->ops[k].end, c, found->up);
	else
		run(r, t, at + 1, t->ops[at].end, c, b);
}

/* Run operations [from, to) of `t` in context `c`, with blocks `b`. */
static void
run(struct render *r, const struct tpl *t, size_t from, size_t to,
    const struct ctx *c, const struct blocks *b)
{
	size_t i = from;

	while (i < to && step(r)) {
		const struct tpl_op *op = &t->ops[i];
		const char *name = t->names + op->off;

		switch (op->kind) {
		case TPL_OP_TEXT:
			buf_add(r->out, t->src + op->off, op->len);
			i++;
			break;
		case TPL_OP_VAR:
		case TPL_OP_RAW:
			put_value(r->out, lookup(c, name, op->nseg),
				  op->kind == TPL_OP_VAR);
			i++;
			break;
		case TPL_OP_SECTION:
			section(r, t, i + 1, op->end, c,
				lookup(c, name, op->nseg), b);
			i = op->end;
			break;
		case TPL_OP_INVERTED:
			if (!truthy(lookup(c, name, op->nseg)))
				run(r, t, i + 1, op->end, c, b);
			i = op->end;
			break;
		case TPL_OP_PARTIAL:
			partial(r, op, name, c, b);
			i++;
			break;
		case TPL_OP_PARENT: {
			struct blocks given = { t, i + 1, op->end, b };

			partial(r, op, name, c, &given);
			i = op->end;
			break;
		}
		case TPL_OP_BLOCK:
			block(r, t, i, c, b);
			i = op->end;
			break;
		}
	}
}

/* Render from `set` itself, without the development-mode reload. */
static int
render_set(const struct tpl_set *set, const char *name, json_t *data,
	   struct buf *out)
{
	const struct tpl *t = tpl_set_find(set, name);
	struct render r = { .set = set, .out = out };
	struct ctx root = { .v = data, .up = NULL };

	if (!t)
		return ERR_NOTFOUND;
	if (buf_error(out))
		return buf_error(out);
	run(&r, t, 0, t->nops, &root, NULL);
	return r.rc ? r.rc : buf_error(out);
}

int
tpl_render(const struct tpl_set *set, const char *name, json_t *data,
	   struct buf *out)
{
	struct tpl_set *fresh;
	struct tpl_error e;
	int rc;

	if (!set->dir)
		return render_set(set, name, data, out);

	/* Development mode: a private set, read from disk for this render. */
	fresh = tpl_set_new();
	rc = tpl_set_load_tree(fresh, set->dir, &e);
	if (rc) {
		if (e.line)
			log_error("templates: %s:%d:%d: %s", e.name, e.line,
				  e.col, e.msg);
		else
			log_error("templates: %s: %s", e.name, e.msg);
		goto out_free;
	}
	rc = render_set(fresh, name, data, out);

out_free:
	tpl_set_free(fresh);
	return rc;
}
