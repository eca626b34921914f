/*
 * tpl.h - logic-less HTML templates: a strict subset of mustache, compiled
 * once at start-up, rendered into a struct buf with every value escaped.
 *
 * Syntax (docs/internals/tpl.md has the long version):
 *
 *	{{name}}		the value, HTML-escaped (& < > " ')
 *	{{{name_html}}}		the value as it is; the name must end in _html
 *	{{#name}}...{{/name}}	a section: once per item of a non-empty list,
 *				once for any other true value, else not at all
 *	{{^name}}...{{/name}}	an inverted section: only when {{#name}} would
 *				show nothing
 *	{{> party/row}}		another template of the set, in the same scope
 *	{{<layout/card}}...{{/layout/card}}
 *				a parent: another template, in the same
 *				scope, with the blocks it holds replaced by
 *				the blocks of this tag's body
 *	{{$name}}...{{/name}}	a block: what the outermost parent tag above
 *				gives for `name`, else the body
 *	{{! comment}}		nothing
 *	{{org.name}}		dotted names reach into objects
 *	{{.}}			the current item (in a list of strings)
 *
 * A section, inverted, closing, comment, partial, parent or block tag
 * alone on its line
 * (spaces or tabs around it only) takes the whole line with it, so
 * templates can be indented without leaving blank lines, as in mustache.
 *
 * Data model. The data is a jansson tree (json_t), the same a module builds
 * for its JSON API. Names are looked up the way mustache does: the first
 * segment of a dotted name in the innermost object of the context stack
 * that has the key, then outward to the root; the other segments inside
 * what was found. A name found nowhere is missing, and a missing value
 * renders as nothing: rendering never fails for want of data.
 *
 *	value		{{name}}		{{#name}} shows
 *	string		its text, escaped	if not "", once, text is {{.}}
 *	integer, real	the number		if not 0, once, number is {{.}}
 *	true		"true"			once, same scope
 *	false		"false"			never
 *	null, missing	nothing			never
 *	object		nothing			once, inside the object
 *	array		nothing			once per item, inside the item
 *
 * Reals print with up to 15 significant digits (0.1 shows as "0.1"), or
 * 17 when 15 do not give the same number back.
 *
 * Why json_t rather than typed offsetof descriptors (lwan): page data is
 * built once and serves both the page and the JSON API; handlers need no
 * descriptor table per struct; and a name missing from the data is not an
 * error in mustache. What the descriptors' type check gave us is kept at
 * compile time where it matters: a raw tag {{{x}}} is refused unless the
 * last segment of its name ends in "_html" (or is "html"). The rule for
 * callers: put under such keys only HTML that our own code produced, never
 * a user's text, and never put a user-supplied object with arbitrary keys
 * in the data (copy the fields you mean to show).
 *
 * Templates and sets. A struct tpl is one compiled template: an array of
 * operations (text, escaped value, raw value, section, inverted section,
 * partial) over a private copy of its source. A struct tpl_set holds the
 * templates of the application by name, resolves partials between them and
 * renders. The application loads it once at start-up:
 *
 *	struct tpl_set *tpls = tpl_set_new();
 *	struct tpl_error e;
 *	if (tpl_set_load_embedded(tpls, &e))
 *		die("%s:%d:%d: %s", e.name, e.line, e.col, e.msg);
 *	...
 *	json_t *page = json_pack("{s:s}", "title", "企业列表");
 *	rc = tpl_render(tpls, "party/orgs", page, &r->out);
 *	json_decref(page);
 *	...
 *	tpl_set_free(tpls);
 *
 * Template names are paths under templates/ without a final ".html":
 * web/templates/party/orgs.html is "party/orgs", and so is {{> party/orgs}}.
 *
 * Threads: compiling and loading are not thread-safe; a loaded set is read
 * only, and any number of threads may render from it at once.
 *
 * Cost: compiling is linear in the size of the source. Rendering walks the
 * operations without parsing anything; a name lookup costs one hash look-up
 * per context level and dotted segment. Rendering allocates nothing but
 * the output buffer's growth.
 */
#ifndef JG_TPL_H
#define JG_TPL_H

#include <jansson.h>
#include <stddef.h>

struct buf;
struct tpl;
struct tpl_set;

/* Partials (and parents) inside partials at render time; deeper is
 * ERR_TOOBIG. */
#define TPL_MAX_DEPTH 32
/* Sections inside sections in one template; deeper is ERR_INVALID. */
#define TPL_MAX_NEST 64
/* Bytes of one template's source; longer is ERR_TOOBIG. */
#define TPL_MAX_SIZE ((size_t)1 << 20)

/*
 * Where and why compiling or loading failed. `name` is the template (its
 * file path for an error reading it), "" when there is none; `line` and
 * `col` count from 1 (col in characters, not bytes), 0 when the error is
 * not about a place in a template; `msg` is lower-case English without a
 * final period, e.g. "section 'items' is not closed". Every function that
 * takes a struct tpl_error fills it when it fails and leaves it alone when
 * it succeeds; the pointer may be NULL when the detail is not wanted.
 */
struct tpl_error {
	char name[160];
	int line;
	int col;
	char msg[160];
};

/*
 * Compile `len` bytes of `src` into a new template called `name` (a copy of
 * both is kept; `src` need not be NUL-terminated). On success stores it in
 * *out, to be freed with tpl_free() unless handed to a set. Returns 0;
 * ERR_INVALID with the place and reason in *err for a syntax error: a tag
 * not closed, an empty name, a character other than A-Z a-z 0-9 _ - in a
 * name segment (or also / . in a partial's or parent's), a block name of
 * more than one segment, a section closed by the wrong name or never
 * closed, a closing tag with no section, sections nested deeper than
 * TPL_MAX_NEST, a raw tag on a name not ending in _html, anything but
 * blocks, comments and blanks in a parent tag's body, or a tag we do not
 * support ({{=...=}}, {{&...}}); or
 * ERR_TOOBIG if `len` exceeds TPL_MAX_SIZE, or ERR_INVALID if `name` is not
 * a valid template name. Partials are not looked up here (see
 * tpl_set_check()). Allocates from the heap; aborts if that fails.
 */
int tpl_compile(struct tpl **out, const char *name, const char *src,
		size_t len, struct tpl_error *err);

/* Free a template that no set owns. NULL is allowed. */
void tpl_free(struct tpl *t);

/* The template's name; valid as long as the template. */
const char *tpl_name(const struct tpl *t);

/*
 * A new empty set, on the heap; free it with tpl_set_free(). Never NULL.
 */
struct tpl_set *tpl_set_new(void);

/* Free the set and every template in it. NULL is allowed. */
void tpl_set_free(struct tpl_set *set);

/*
 * Add template `t` to the set, which owns it from now on whatever the
 * result (it is freed at once if it cannot be added). Returns 0, or
 * ERR_CONFLICT (detail in *err) if the set already has a template of the
 * same name. O(n) for a set of n templates.
 */
int tpl_set_add(struct tpl_set *set, struct tpl *t, struct tpl_error *err);

/*
 * Check that every partial named by every template of the set exists, and
 * link each partial tag to its template so rendering finds it without a
 * search. Returns 0, or ERR_INVALID with the template, place and name of
 * the first missing partial in *err. Call it once all templates are
 * added; the load functions below call it themselves. Until it has run,
 * rendering looks partials up by name and renders a missing one as
 * nothing.
 */
int tpl_set_check(struct tpl_set *set, struct tpl_error *err);

/*
 * Compile every embedded file whose name starts with "templates/" (see
 * embed.h; the build embeds web/templates/), name each by its path under
 * templates/ without ".html", add them and run tpl_set_check(). Stops at
 * the first error and returns it as tpl_compile(), tpl_set_add() and
 * tpl_set_check() do; the set then holds the templates added before it,
 * and the caller should give up (fail fast at start-up).
 */
int tpl_set_load_embedded(struct tpl_set *set, struct tpl_error *err);

/*
 * Development mode: the same from the files under directory `dir` (for
 * example "web/templates"), recursively, skipping names that start with a
 * dot. The set also remembers `dir` and from then on every tpl_render()
 * reads and compiles the directory afresh into a private set and renders
 * from that, so an edited template shows on the next request without a
 * rebuild or a restart. That costs a full load per render: use it for
 * development only. Returns what tpl_set_load_embedded() returns, or
 * ERR_IO (with the path and the system's reason in *err) if a directory or
 * file cannot be read, or ERR_TOOBIG for a file over TPL_MAX_SIZE.
 */
int tpl_set_load_dir(struct tpl_set *set, const char *dir,
		     struct tpl_error *err);

/* How many templates the set holds. */
size_t tpl_set_count(const struct tpl_set *set);

/* The template called `name`, or NULL. O(log n). */
const struct tpl *tpl_set_find(const struct tpl_set *set, const char *name);

/*
 * Render template `name` of the set with `data` (borrowed; NULL renders as
 * an empty object) and append the text to `out`. Returns 0; ERR_NOTFOUND
 * if the set has no such template; ERR_TOOBIG if partials nest deeper than
 * TPL_MAX_DEPTH (a partial that includes itself whatever the data); the
 * buffer's sticky error (ERR_TOOBIG past its cap, ERR_NOMEM past its
 * arena's budget), including one it already had; and in development mode
 * (tpl_set_load_dir()) ERR_INVALID or ERR_IO if the directory no longer
 * loads, after logging why. On an error `out` holds an incomplete page,
 * which the caller discards. Missing data is never an error.
 */
int tpl_render(const struct tpl_set *set, const char *name, json_t *data,
	       struct buf *out);

#endif
