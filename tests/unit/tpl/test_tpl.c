/*
 * test_tpl.c - tests of src/tpl/: every tag kind, escaping, the context
 * stack and dotted names, sections over lists, objects and scalars,
 * standalone lines, partials and their recursion limit, compile errors
 * with their line and column, sets loaded from a directory (development
 * mode included) and from the embedded files, render errors, and the C
 * escapers of html.h. Outputs are compared byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "tpl/html.h"
#include "tpl/tpl.h"

/*
 * A checked set of the templates given as (name, source) pairs ending with
 * NULL; fails the test if one does not compile.
 */
static struct tpl_set *
set_of(const char *name, ...)
{
	struct tpl_set *set = tpl_set_new();
	struct tpl_error e;
	va_list ap;

	va_start(ap, name);
	for (; name; name = va_arg(ap, const char *)) {
		const char *src = va_arg(ap, const char *);
		struct tpl *t;
		int rc = tpl_compile(&t, name, src, strlen(src), &e);

		if (rc)
			fail_msg("%s:%d:%d: %s", e.name, e.line, e.col, e.msg);
		assert_int_equal(tpl_set_add(set, t, &e), 0);
	}
	va_end(ap);
	assert_int_equal(tpl_set_check(set, &e), 0);
	return set;
}

static json_t *
parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v;

	if (!text)
		return NULL;
	v = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!v)
		fail_msg("bad test JSON: %s", jerr.text);
	return v;
}

/* Render `name` of `set` with the JSON text `json`; *out is malloc'd. */
static int
render(const struct tpl_set *set, const char *name, const char *json,
       char **out)
{
	json_t *data = parse_json(json);
	struct buf b;
	int rc;

	buf_init(&b, NULL, 0);
	rc = tpl_render(set, name, data, &b);
	*out = buf_detach(&b, NULL);
	json_decref(data);
	return rc;
}

/* Template `src` rendered with `json` gives exactly `want`. */
static void
expect(const char *src, const char *json, const char *want)
{
	struct tpl_set *set = set_of("t", src, NULL);
	char *got;

	assert_int_equal(render(set, "t", json, &got), 0);
	assert_string_equal(got, want);
	free(got);
	tpl_set_free(set);
}

/*
 * Template `src` fails to compile with ERR_INVALID at line:col, with a
 * message containing `msg`.
 */
static void
expect_error(const char *src, int line, int col, const char *msg)
{
	struct tpl_error e;
	struct tpl *t = (struct tpl *)&e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(tpl_compile(&t, "party/bad", src, strlen(src), &e),
			 ERR_INVALID);
	assert_null(t);
	assert_string_equal(e.name, "party/bad");
	if (e.line != line || e.col != col || !strstr(e.msg, msg))
		fail_msg("%s: got %d:%d: %s; want %d:%d: ...%s...", src,
			 e.line, e.col, e.msg, line, col, msg);
}

static void
test_text(void **state)
{
	(void)state;
	expect("", NULL, "");
	expect("<p>吉林匠谷 { } }} {</p>\n", NULL,
	       "<p>吉林匠谷 { } }} {</p>\n");
	expect("a{{! a comment }}b{{!\nover\nlines}}c", NULL, "abc");
}

static void
test_escape(void **state)
{
	(void)state;
	expect("<td>{{x}}</td>",
	       "{\"x\": \"<script>alert(\\\"1\\\")</script> & 'q'\"}",
	       "<td>&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; "
	       "&amp; &#39;q&#39;</td>");
	expect("<input value=\"{{v}}\">", "{\"v\": \"\\\" onfocus=\\\"x\"}",
	       "<input value=\"&quot; onfocus=&quot;x\">");
	expect("{{name}}", "{\"name\": \"长春九台 <匠谷> 产教融合\"}",
	       "长春九台 &lt;匠谷&gt; 产教融合");
	expect("{{ spaced }}|{{\tx\n}}", "{\"spaced\": \"&amp;\", \"x\": 1}",
	       "&amp;amp;|1");
}

static void
test_raw(void **state)
{
	(void)state;
	expect("{{{body_html}}}|{{{html}}}|{{{a.b_html}}}|{{{ c_html }}}",
	       "{\"body_html\": \"<b>粗</b>\", \"html\": \"<i>&amp;</i>\","
	       " \"a\": {\"b_html\": \"<br>\"}, \"c_html\": 7}",
	       "<b>粗</b>|<i>&amp;</i>|<br>|7");
	expect_error("x{{{name}}}", 1, 2, "only names ending in _html");
	expect_error("{{{_html}}}", 1, 1, "only names ending in _html");
	expect_error("{{{a_html.b}}}", 1, 1, "only names ending in _html");
	expect_error("{{{.}}}", 1, 1, "only names ending in _html");
}

static void
test_values(void **state)
{
	(void)state;
	expect("[{{i}}|{{n}}|{{big}}|{{z}}]",
	       "{\"i\": 42, \"n\": -7, \"big\": 9007199254740993, \"z\": 0}",
	       "[42|-7|9007199254740993|0]");
	expect("[{{a}}|{{b}}|{{c}}|{{d}}|{{e}}]",
	       "{\"a\": 0.1, \"b\": 2.5, \"c\": 1e21, \"d\": -0.0,"
	       " \"e\": 0.30000000000000004}",
	       "[0.1|2.5|1e+21|-0|0.30000000000000004]");
	expect("[{{t}}|{{f}}|{{n}}|{{o}}|{{l}}|{{missing}}|{{a.b.c}}]",
	       "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": 1},"
	       " \"l\": [1, 2]}",
	       "[true|false|||||]");
	/* The root may be any value, or none. */
	expect("[{{.}}]", "\"<top>\"", "[&lt;top&gt;]");
	expect("[{{.}}|{{x}}]", NULL, "[|]");
	expect("[{{x}}]", "[1, 2]", "[]");
}

static void
test_sections(void **state)
{
	(void)state;
	/* Booleans and null. */
	expect("{{#t}}yes{{/t}}{{#f}}no{{/f}}{{#n}}no{{/n}}{{#m}}no{{/m}}",
	       "{\"t\": true, \"f\": false, \"n\": null}", "yes");
	/* true keeps the scope; an object opens its own. */
	expect("{{#t}}{{name}}{{/t}}/{{#org}}{{name}}-{{code}}{{/org}}",
	       "{\"t\": true, \"name\": \"园区\", "
	       "\"org\": {\"name\": \"京东物流\", \"code\": \"J1\"}}",
	       "园区/京东物流-J1");
	/* A list of objects. */
	expect("<ul>{{#rows}}<li>{{id}}:{{name}}</li>{{/rows}}</ul>",
	       "{\"rows\": [{\"id\": 1, \"name\": \"华为\"},"
	       " {\"id\": 2, \"name\": \"<京东>\"}]}",
	       "<ul><li>1:华为</li><li>2:&lt;京东&gt;</li></ul>");
	/* A list of strings, and of numbers. */
	expect("{{#tags}}[{{.}}]{{/tags}}",
	       "{\"tags\": [\"订单班\", \"a&b\", \"\"]}",
	       "[订单班][a&amp;b][]");
	expect("{{#n}}{{.}},{{/n}}", "{\"n\": [1, 2.5, -3]}", "1,2.5,-3,");
	/* Lists of lists. */
	expect("{{#m}}({{#.}}{{.}}{{/.}}){{/m}}",
	       "{\"m\": [[1, 2], [], [3]]}", "(12)()(3)");
	/* Empty list, empty string and zero show nothing. */
	expect("{{#l}}x{{/l}}{{#s}}x{{/s}}{{#z}}x{{/z}}{{#r}}x{{/r}}|",
	       "{\"l\": [], \"s\": \"\", \"z\": 0, \"r\": 0.0}", "|");
	/* Other scalars show once, with the value as {{.}}. */
	expect("{{#s}}<{{.}}>{{/s}}{{#n}}[{{.}}]{{/n}}",
	       "{\"s\": \"甲\", \"n\": 3}", "<甲>[3]");
	/* An empty object is still there. */
	expect("{{#o}}shown{{/o}}", "{\"o\": {}}", "shown");
	/* Section names may be dotted. */
	expect("{{#a.b}}{{c}}{{/a.b}}",
	       "{\"a\": {\"b\": [{\"c\": 1}, {\"c\": 2}]}}", "12");
}

static void
test_inverted(void **state)
{
	(void)state;
	expect("{{^l}}无记录{{/l}}{{#l}}{{.}}{{/l}}", "{\"l\": []}", "无记录");
	expect("{{^l}}无记录{{/l}}{{#l}}{{.}}{{/l}}", "{\"l\": [\"x\"]}", "x");
	expect("{{^m}}a{{/m}}{{^n}}b{{/n}}{{^f}}c{{/f}}{{^s}}d{{/s}}"
	       "{{^z}}e{{/z}}{{^t}}X{{/t}}{{^o}}X{{/o}}{{^v}}X{{/v}}",
	       "{\"n\": null, \"f\": false, \"s\": \"\", \"z\": 0,"
	       " \"t\": true, \"o\": {}, \"v\": \"v\"}", "abcde");
	/* The body keeps the scope it was in. */
	expect("{{#o}}{{^empty}}{{name}}{{/empty}}{{/o}}",
	       "{\"o\": {\"name\": \"n\", \"empty\": []}}", "n");
}

static void
test_context(void **state)
{
	(void)state;
	/* Names not in the item are found outward. */
	expect("{{#items}}{{name}}@{{park}};{{/items}}",
	       "{\"park\": \"匠谷\", \"name\": \"outer\","
	       " \"items\": [{\"x\": 1}, {\"name\": \"inner\"}]}",
	       "outer@匠谷;inner@匠谷;");
	/* A key present with null stops the search. */
	expect("{{#items}}[{{name}}]{{/items}}",
	       "{\"name\": \"outer\", \"items\": [{\"name\": null}]}", "[]");
	/* Nested lists see every enclosing level. */
	expect("{{#orgs}}{{#people}}{{org}}/{{name}} {{/people}}{{/orgs}}",
	       "{\"orgs\": [{\"org\": \"甲\", \"people\": ["
	       "{\"name\": \"张三\"}, {\"name\": \"李四\"}]},"
	       " {\"org\": \"乙\", \"people\": []}]}",
	       "甲/张三 甲/李四 ");
	/* Dotted names: the first segment outward, the rest inside it. */
	expect("{{org.name}}|{{org.city.name}}|{{org.nope}}|{{nope.name}}",
	       "{\"org\": {\"name\": \"九台\","
	       " \"city\": {\"name\": \"长春\"}}}",
	       "九台|长春||");
	expect("{{#c}}[{{a.b}}]{{/c}}",
	       "{\"a\": {\"b\": 1}, \"c\": {\"a\": {}}}", "[]");
	expect("{{#c}}[{{a.b}}]{{/c}}", "{\"a\": {\"b\": 1}, \"c\": {}}",
	       "[1]");
	expect("{{a.b}}", "{\"a\": \"string\"}", "");
}

static void
test_standalone(void **state)
{
	(void)state;
	expect("<ul>\n"
	       "  {{#items}}\n"
	       "  <li>{{.}}</li>\n"
	       "  {{/items}}\n"
	       "</ul>\n",
	       "{\"items\": [\"a\", \"b\"]}",
	       "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
	expect("<ul>\n"
	       "\t{{^items}}\t\n"
	       "\t<li>无</li>\n"
	       "\t{{/items}}\n"
	       "</ul>",
	       "{\"items\": []}", "<ul>\n\t<li>无</li>\n</ul>");
	/* Comments and partials too; CRLF counts as a line ending. */
	expect("a\r\n  {{! note }}  \r\nb\r\n", NULL, "a\r\nb\r\n");
	/* At the very start and the very end. */
	expect("{{#t}}\nx\n{{/t}}", "{\"t\": true}", "x\n");
	/* Not alone on its line: nothing is taken. */
	expect("a {{#t}}b{{/t}} c\n", "{\"t\": true}", "a b c\n");
	expect("  {{#t}}x\n{{/t}}\n", "{\"t\": true}", "  x\n");
	expect("{{#t}}{{/t}}\nx", "{\"t\": true}", "\nx");
	/* A value tag is never standalone. */
	expect("  {{v}}\n", "{}", "  \n");
	expect("  {{v}}\n", "{\"v\": 1}", "  1\n");
}

static void
test_partials(void **state)
{
	struct tpl_set *set;
	char *got;

	(void)state;
	set = set_of("layout", "<main>\n  {{> party/row}}\n</main>\n",
		     "party/row", "<p>{{name}}</p>\n",
		     "party/list",
		     "{{#orgs}}\n{{>party/row}}\n{{/orgs}}\n"
		     "{{^orgs}}{{> empty}}{{/orgs}}",
		     "empty", "无数据",
		     NULL);
	assert_int_equal(tpl_set_count(set), 4);
	assert_non_null(tpl_set_find(set, "party/row"));
	assert_null(tpl_set_find(set, "party/row.html"));
	assert_int_equal(render(set, "layout", "{\"name\": \"<匠谷>\"}", &got),
			 0);
	assert_string_equal(got, "<main>\n<p>&lt;匠谷&gt;</p>\n</main>\n");
	free(got);
	/* A partial sees the context where it stands. */
	assert_int_equal(render(set, "party/list",
				"{\"name\": \"outer\", \"orgs\": [{\"name\": "
				"\"甲\"}, {\"x\": 1}]}", &got), 0);
	assert_string_equal(got, "<p>甲</p>\n<p>outer</p>\n");
	free(got);
	assert_int_equal(render(set, "party/list", "{\"orgs\": []}", &got), 0);
	assert_string_equal(got, "无数据");
	free(got);
	tpl_set_free(set);
}

static void
test_partial_recursion(void **state)
{
	struct tpl_set *set;
	struct buf b;
	json_t *deep, *node;
	char *got;

	(void)state;
	/*
	 * Recursion driven by data ends with the data, when every level
	 * says it has no more kids (or the look-up would find its parent's).
	 */
	set = set_of("node", "{{name}}{{#kids}}({{> node}}){{/kids}}",
		     "self", "x{{> self}}", NULL);
	assert_int_equal(render(set, "node",
				"{\"name\": \"a\", \"kids\": [{\"name\": \"b\","
				" \"kids\": [{\"name\": \"c\", \"kids\": []}]},"
				" {\"name\": \"d\", \"kids\": null}]}", &got),
			 0);
	assert_string_equal(got, "a(b(c))(d)");
	free(got);
	assert_int_equal(render(set, "node",
				"{\"name\": \"a\", \"kids\": "
				"[{\"name\": \"b\"}]}", &got), ERR_TOOBIG);
	free(got);

	/* A partial that always includes itself stops at the limit. */
	assert_int_equal(render(set, "self", NULL, &got), ERR_TOOBIG);
	assert_int_equal(strlen(got), TPL_MAX_DEPTH + 1);
	free(got);

	/* So does data nested deeper than the limit... */
	deep = json_pack("{s:s}", "name", "leaf");
	for (int i = 0; i < TPL_MAX_DEPTH + 1; i++) {
		node = json_pack("{s:s, s:[o]}", "name", "n", "kids", deep);
		deep = node;
	}
	buf_init(&b, NULL, 0);
	assert_int_equal(tpl_render(set, "node", deep, &b), ERR_TOOBIG);
	buf_release(&b);
	json_decref(deep);

	/* ... but not data exactly as deep as it. */
	deep = json_pack("{s:s, s:[]}", "name", "z", "kids");
	for (int i = 0; i < TPL_MAX_DEPTH; i++) {
		node = json_pack("{s:s, s:[o]}", "name", "n", "kids", deep);
		deep = node;
	}
	buf_init(&b, NULL, 0);
	assert_int_equal(tpl_render(set, "node", deep, &b), 0);
	assert_int_equal(b.len, 3 * TPL_MAX_DEPTH + 1);
	assert_int_equal(b.ptr[b.len - 1 - TPL_MAX_DEPTH], 'z');
	buf_release(&b);
	json_decref(deep);
	tpl_set_free(set);
}

/*
 * A parent tag renders a partial whose blocks its body replaces; a block
 * nobody replaces shows its own body; the outermost caller wins.
 */
static void
test_parents(void **state)
{
	struct tpl_set *set;
	char *got;

	(void)state;
	set = set_of("layout/card",
		     "<section aria-label=\"{{$label}}{{t.results}}{{/label}}\">\n"
		     "  {{$toolbar}}\n"
		     "  {{/toolbar}}\n"
		     "  <ul>\n"
		     "    {{$rows}}{{/rows}}\n"
		     "  </ul>\n"
		     "</section>\n",
		     "users",
		     "{{<layout/card}}\n"
		     "{{! the rows of the list }}\n"
		     "{{$rows}}{{#users}}<li>{{name}}</li>{{/users}}{{/rows}}\n"
		     "{{/layout/card}}\n",
		     "jobs",
		     "{{<layout/card}}\n"
		     "{{$label}}{{t.jobs}}{{/label}}\n"
		     "{{$toolbar}}\n"
		     "  <p>{{count}}</p>\n"
		     "{{/toolbar}}\n"
		     "{{$rows}}{{#jobs}}{{> job}}{{/jobs}}{{/rows}}\n"
		     "{{/layout/card}}\n",
		     "job", "<li>{{name}}</li>",
		     "layout/wide", "{{<layout/card}}{{$label}}宽{{/label}}"
		     "{{/layout/card}}",
		     "wide", "{{<layout/wide}}{{$label}}窄{{/label}}"
		     "{{/layout/wide}}",
		     NULL);
	/* The page's blocks in the parent, in the parent's context. */
	assert_int_equal(render(set, "users", "{\"t\": {\"results\": \"结果\"},"
				" \"users\": [{\"name\": \"甲\"}, "
				"{\"name\": \"<乙>\"}]}", &got), 0);
	assert_string_equal(got, "<section aria-label=\"结果\">\n  <ul>\n"
			    "    <li>甲</li><li>&lt;乙&gt;</li>\n  </ul>\n"
			    "</section>\n");
	free(got);
	/* A block with lines, and a partial inside a block. */
	assert_int_equal(render(set, "jobs", "{\"t\": {\"jobs\": \"任务\"}, "
				"\"count\": 2, \"jobs\": [{\"name\": \"a\"}, "
				"{\"name\": \"b\"}]}", &got), 0);
	assert_string_equal(got, "<section aria-label=\"任务\">\n  <p>2</p>\n"
			    "  <ul>\n    <li>a</li><li>b</li>\n  </ul>\n"
			    "</section>\n");
	free(got);
	/* Rendered alone, a template with blocks shows their bodies. */
	assert_int_equal(render(set, "layout/card", "{\"t\": {\"results\": "
				"\"R\"}}", &got), 0);
	assert_string_equal(got, "<section aria-label=\"R\">\n  <ul>\n"
			    "    \n  </ul>\n</section>\n");
	free(got);
	/* Through two parents, the outermost replacement wins. */
	assert_int_equal(render(set, "layout/wide", NULL, &got), 0);
	assert_string_equal(got, "<section aria-label=\"宽\">\n  <ul>\n"
			    "    \n  </ul>\n</section>\n");
	free(got);
	assert_int_equal(render(set, "wide", NULL, &got), 0);
	assert_string_equal(got, "<section aria-label=\"窄\">\n  <ul>\n"
			    "    \n  </ul>\n</section>\n");
	free(got);
	tpl_set_free(set);
}

static void
test_compile_errors(void **state)
{
	char deep[16 * (TPL_MAX_NEST + 1) + 1];
	size_t n = 0;

	(void)state;
	expect_error("<ul>\n  {{#items}}\n<li>", 2, 3,
		     "section 'items' is not closed");
	expect_error("{{#a}}{{#b}}{{/b}}", 1, 1, "section 'a' is not closed");
	expect_error("a\n  {{#a}}{{/b}}", 2, 9,
		     "'{{/b}}' does not close section 'a' opened at 2:3");
	expect_error("{{#a}}{{#b}}{{/a}}{{/b}}", 1, 13,
		     "'{{/a}}' does not close section 'b' opened at 1:7");
	expect_error("x {{/a}}", 1, 3, "'{{/a}}' closes no open section");
	expect_error("hello\n 匠谷{{name", 2, 4,
		     "tag '{{' is not closed by '}}'");
	expect_error("{{{x_html}}", 1, 1, "tag '{{{' is not closed by '}}}'");
	expect_error("ok }} {{", 1, 7, "is not closed");
	expect_error("a{{}}", 1, 2, "empty name in tag");
	expect_error("{{#  }}{{/}}", 1, 1, "empty name in tag");
	expect_error("{{#a}}{{/ }}", 1, 7, "empty name in tag");
	expect_error("{{> }}", 1, 1, "empty partial name");
	expect_error("{{ a b }}", 1, 5, "bad character ' ' in name");
	expect_error("{{a.b!}}", 1, 6, "bad character '!' in name");
	expect_error("\n{{名称}}", 2, 3, "bad byte 0xe5 in name");
	expect_error("{{a..b}}", 1, 5, "empty segment in name 'a..b'");
	expect_error("{{.a}}", 1, 3, "empty segment in name '.a'");
	expect_error("{{a.}}", 1, 4, "empty segment in name 'a.'");
	expect_error("{{> a b}}", 1, 6, "bad character ' ' in partial name");
	expect_error("{{=<% %>=}}", 1, 1, "set delimiters");
	expect_error("{{&x}}", 1, 1, "'{{&' is not supported");
	expect_error("{{<base}}x{{/base}}", 1, 10,
		     "only blocks may stand inside a parent tag");
	expect_error("{{<base}}\n  {{name}}{{/base}}", 2, 3,
		     "only blocks may stand inside a parent tag");
	expect_error("{{<base}}{{#a}}{{/a}}{{/base}}", 1, 10,
		     "only blocks may stand inside a parent tag");
	expect_error("{{<base}}{{> row}}{{/base}}", 1, 10,
		     "only blocks may stand inside a parent tag");
	expect_error("{{< }}{{/ }}", 1, 1, "empty partial name");
	expect_error("{{$a.b}}{{/a.b}}", 1, 1, "block name 'a.b' is not one "
		     "segment");
	expect_error("{{<base}}{{$a}}", 1, 10, "section 'a' is not closed");

	for (int i = 0; i <= TPL_MAX_NEST; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{{#a}}");
	expect_error(deep, 1, 6 * TPL_MAX_NEST + 1,
		     "sections nested deeper than 64");
}

/* Bad template names and sizes, and a duplicate in a set. */
static void
test_compile_limits(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct tpl_error e;
	struct tpl *t;
	char *big;

	(void)state;
	assert_int_equal(tpl_compile(&t, "", "x", 1, &e), ERR_INVALID);
	assert_int_equal(tpl_compile(&t, "中文", "x", 1, &e), ERR_INVALID);
	assert_string_equal(e.msg,
			    "bad template name (use A-Z a-z 0-9 _ - . /)");
	assert_null(t);

	big = calloc(1, TPL_MAX_SIZE + 1);
	assert_non_null(big);
	memset(big, 'x', TPL_MAX_SIZE + 1);
	assert_int_equal(tpl_compile(&t, "big", big, TPL_MAX_SIZE, &e), 0);
	assert_string_equal(tpl_name(t), "big");
	tpl_free(t);
	assert_int_equal(tpl_compile(&t, "big", big, TPL_MAX_SIZE + 1, &e),
			 ERR_TOOBIG);
	free(big);

	assert_int_equal(tpl_compile(&t, "a", "1", 1, &e), 0);
	assert_int_equal(tpl_set_add(set, t, &e), 0);
	assert_int_equal(tpl_compile(&t, "a", "2", 1, &e), 0);
	assert_int_equal(tpl_set_add(set, t, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "template 'a' is defined twice");
	assert_int_equal(tpl_set_count(set), 1);

	/* A missing partial is found by the check, with its place. */
	assert_int_equal(tpl_compile(&t, "b", "x\n  {{> nope}}", 14, &e), 0);
	assert_int_equal(tpl_set_add(set, t, &e), 0);
	assert_int_equal(tpl_set_check(set, &e), ERR_INVALID);
	assert_string_equal(e.name, "b");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 3);
	assert_string_equal(e.msg, "partial 'nope' is not a template");
	tpl_set_free(set);
	tpl_free(NULL);
	tpl_set_free(NULL);
}

static void
test_render_errors(void **state)
{
	struct tpl_set *set;
	json_t *data;
	struct buf b;

	(void)state;
	set = set_of("t", "{{#l}}{{.}}{{/l}}",
		     "loops", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}"
		     "{{/l}}{{/l}}", NULL);
	data = json_pack("{s:[s,s,s]}", "l", "0123456789", "abcdefghij",
			 "ABCDEFGHIJ");
	buf_init(&b, NULL, 0);
	assert_int_equal(tpl_render(set, "nope", data, &b), ERR_NOTFOUND);
	assert_int_equal(b.len, 0);

	/* Over the buffer's cap: its sticky error, and no more output. */
	buf_init(&b, NULL, 15);
	assert_int_equal(tpl_render(set, "t", data, &b), ERR_TOOBIG);
	assert_string_equal(b.ptr, "0123456789");
	assert_int_equal(tpl_render(set, "t", data, &b), ERR_TOOBIG);
	buf_release(&b);

	/* Exactly at the cap is fine. */
	buf_init(&b, NULL, 30);
	assert_int_equal(tpl_render(set, "t", data, &b), 0);
	assert_int_equal(b.len, 30);
	buf_release(&b);
	json_decref(data);

	/* Work that writes nothing still has an end. */
	data = json_pack("{s:o}", "l", json_array());
	for (int i = 0; i < 100; i++)
		json_array_append_new(json_object_get(data, "l"),
				      json_integer(i));
	buf_init(&b, NULL, 0);
	assert_int_equal(tpl_render(set, "loops", data, &b), ERR_TOOBIG);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	json_decref(data);
	tpl_set_free(set);
}

/* Write `text` to dir/rel, making the directories on the way. */
static void
write_file(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
remove_file(const char *dir, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(unlink(path), 0);
}

static void
test_load_dir(void **state)
{
	char dir[] = "/tmp/test_tpl.XXXXXX", *got, cmd[64];
	struct tpl_set *set;
	struct tpl_error e;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "layout.html", "<main>{{> party/row}}</main>\n");
	write_file(dir, "party/row.html", "<p>{{name}}</p>");
	write_file(dir, "party/.row.html.swp", "{{ broken");
	write_file(dir, "mail/welcome.txt", "您好，{{name}}");

	set = tpl_set_new();
	assert_int_equal(tpl_set_load_dir(set, dir, &e), 0);
	assert_int_equal(tpl_set_count(set), 3);
	assert_non_null(tpl_set_find(set, "layout"));
	assert_non_null(tpl_set_find(set, "party/row"));
	assert_non_null(tpl_set_find(set, "mail/welcome.txt"));
	assert_int_equal(render(set, "layout", "{\"name\": \"甲\"}", &got), 0);
	assert_string_equal(got, "<main><p>甲</p></main>\n");
	free(got);

	/* Development mode: an edit shows on the next render. */
	write_file(dir, "party/row.html", "<td>{{name}}</td>");
	assert_int_equal(render(set, "layout", "{\"name\": \"乙\"}", &got), 0);
	assert_string_equal(got, "<main><td>乙</td></main>\n");
	free(got);
	write_file(dir, "extra.html", "new");
	assert_int_equal(render(set, "extra", NULL, &got), 0);
	assert_string_equal(got, "new");
	free(got);

	/* A broken file fails the render (and is logged), then heals. */
	write_file(dir, "party/row.html", "<td>{{#name}}</td>");
	assert_int_equal(render(set, "layout", NULL, &got), ERR_INVALID);
	free(got);
	write_file(dir, "party/row.html", "<td>{{name}}</td>");
	assert_int_equal(render(set, "layout", "{\"name\": 1}", &got), 0);
	assert_string_equal(got, "<main><td>1</td></main>\n");
	free(got);
	tpl_set_free(set);

	/* Loading fails fast: a missing partial, with its place. */
	write_file(dir, "party/list.html", "<ul>\n\t{{> party/item}}\n</ul>");
	set = tpl_set_new();
	memset(&e, 0, sizeof(e));
	assert_int_equal(tpl_set_load_dir(set, dir, &e), ERR_INVALID);
	assert_string_equal(e.name, "party/list");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 2);
	assert_string_equal(e.msg, "partial 'party/item' is not a template");
	tpl_set_free(set);
	remove_file(dir, "party/list.html");

	/* A syntax error, named by template. */
	write_file(dir, "party/form.html", "<form>\n{{#fields}}\n</form>");
	set = tpl_set_new();
	assert_int_equal(tpl_set_load_dir(set, dir, &e), ERR_INVALID);
	assert_string_equal(e.name, "party/form");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 1);
	assert_string_equal(e.msg, "section 'fields' is not closed");
	tpl_set_free(set);
	remove_file(dir, "party/form.html");

	/* Two files with the same template name. */
	write_file(dir, "extra", "again");
	set = tpl_set_new();
	assert_int_equal(tpl_set_load_dir(set, dir, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "template 'extra' is defined twice");
	tpl_set_free(set);
	remove_file(dir, "extra");

	/* A directory that is not there. */
	set = tpl_set_new();
	snprintf(cmd, sizeof(cmd), "%s/nope", dir);
	assert_int_equal(tpl_set_load_dir(set, cmd, &e), ERR_IO);
	assert_string_equal(e.name, cmd);
	assert_non_null(strstr(e.msg, "cannot read directory"));
	tpl_set_free(set);

	remove_file(dir, "layout.html");
	remove_file(dir, "extra.html");
	remove_file(dir, "party/row.html");
	remove_file(dir, "party/.row.html.swp");
	remove_file(dir, "mail/welcome.txt");
	snprintf(cmd, sizeof(cmd), "%s/party", dir);
	assert_int_equal(rmdir(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/mail", dir);
	assert_int_equal(rmdir(cmd), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* Every template the build embeds compiles and links. */
static void
test_embedded(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct tpl_error e;
	int rc;

	(void)state;
	rc = tpl_set_load_embedded(set, &e);
	if (rc)
		fail_msg("%s:%d:%d: %s", e.name, e.line, e.col, e.msg);
	tpl_set_free(set);
}

static void
test_html_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	html_escape(&b, "");
	assert_string_equal(b.ptr, "");
	html_escape(&b, "<a href=\"x\" title='y'>A & B</a> 匠谷");
	assert_string_equal(b.ptr, "&lt;a href=&quot;x&quot; title=&#39;y&#39;"
			    "&gt;A &amp; B&lt;/a&gt; 匠谷");
	buf_reset(&b);
	html_escapen(&b, "a\0<", 3);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.ptr, "a\0&lt;", 6);
	buf_release(&b);

	/* The buffer's cap applies. */
	buf_init(&b, NULL, 4);
	html_escape(&b, "ab<");
	assert_int_equal(buf_error(&b), ERR_TOOBIG);
	buf_release(&b);
}

static void
test_url_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, NULL, 0);
	url_escape(&b, "AZaz09-._~");
	assert_string_equal(b.ptr, "AZaz09-._~");
	buf_reset(&b);
	url_escape(&b, "a b&c=d/e?f#g+h%\"<'");
	assert_string_equal(b.ptr,
			    "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25%22%3C%27");
	buf_reset(&b);
	url_escape(&b, "匠谷");
	assert_string_equal(b.ptr, "%E5%8C%A0%E8%B0%B7");
	buf_reset(&b);
	url_escape(&b, "");
	assert_string_equal(b.ptr, "");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_standalone),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_recursion),
		cmocka_unit_test(test_parents),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_compile_limits),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_url_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
