/*
 * fuzz_tpl.c - libFuzzer target for the template engine (src/tpl/).
 *
 * The input is up to three parts separated by NUL bytes: template "a",
 * template "b" (which "a" may include as a partial, and the other way
 * round) and a JSON document for the data; a missing or unparsable
 * document is replaced by a fixed one full of characters HTML cares about.
 * Both templates are compiled, put in a set and rendered into a capped
 * buffer, and these must hold:
 *
 *  - compiling fails only with ERR_INVALID or ERR_TOOBIG and a place and
 *    message; rendering only with ERR_TOOBIG (cap, depth or steps);
 *  - the output is NUL-terminated, within the cap, and the same when
 *    rendered twice;
 *  - a template without "{{" renders as itself;
 *  - when neither template has a raw tag nor a character HTML cares about
 *    (< > " ' &), the output has none either, except & starting one of
 *    the five entities: no value reaches the page unescaped;
 *  - html_escapen() and url_escape() of the input decode back to it.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "tpl/html.h"
#include "tpl/tpl.h"

#define OUT_MAX ((size_t)1 << 16)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char default_json[] =
	"{\"x\": \"<script>&\\\"'\", \"l\": [\"<\", \">\", {\"x\": \"&\"}],"
	" \"a\": {\"b\": \"<i>\", \"a\": {\"b\": \"'\"}}, \"n\": 1.5,"
	" \"i\": -3, \"t\": true, \"f\": false, \"z\": null,"
	" \"h_html\": \"<raw>\", \"e\": [], \"s\": \"\"}";

static bool
has(const char *s, size_t len, const char *pat)
{
	size_t plen = strlen(pat);

	for (size_t i = 0; i + plen <= len; i++)
		if (!memcmp(s + i, pat, plen))
			return true;
	return false;
}

static bool
has_html_char(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] && strchr("<>\"'&", s[i]))
			return true;
	return false;
}

/* The five entities and the characters they stand for. */
static const char *const ents[] = {
	"&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
};
static const char ent_chars[] = "&<>\"'";

/* Which entity starts at s[i], or -1 if none of ours does. */
static int
entity_at(const char *s, size_t len, size_t i)
{
	for (int k = 0; k < (int)(sizeof(ents) / sizeof(ents[0])); k++) {
		size_t n = strlen(ents[k]);

		if (i + n <= len && !memcmp(s + i, ents[k], n))
			return k;
	}
	return -1;
}

/* The output of escaped values: no markup, & only in entities. */
static void
check_escaped(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		assert(s[i] != '<' && s[i] != '>' && s[i] != '"' &&
		       s[i] != '\'');
		if (s[i] == '&')
			assert(entity_at(s, len, i) >= 0);
	}
}

/* html_escapen() then decoding gives the input back. */
static void
check_html_escape(const char *s, size_t len)
{
	struct buf b;
	size_t j = 0;

	buf_init(&b, NULL, 0);
	html_escapen(&b, s, len);
	assert(!buf_error(&b));
	check_escaped(b.ptr, b.len);
	for (size_t i = 0; i < b.len; j++) {
		int k = b.ptr[i] == '&' ? entity_at(b.ptr, b.len, i) : -1;

		assert(j < len);
		if (k >= 0) {
			assert(s[j] == ent_chars[k]);
			i += strlen(ents[k]);
		} else {
			assert(b.ptr[i] == s[j]);
			i++;
		}
	}
	assert(j == len);
	buf_release(&b);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	assert(c >= 'A' && c <= 'F');
	return c - 'A' + 10;
}

/* url_escape() gives unreserved characters and %XX, decoding to `s`. */
static void
check_url_escape(const char *s)
{
	struct buf b;
	size_t j = 0;

	buf_init(&b, NULL, 0);
	url_escape(&b, s);
	assert(!buf_error(&b));
	for (size_t i = 0; i < b.len; j++) {
		char c = b.ptr[i];

		if (c == '%') {
			assert(i + 2 < b.len);
			assert((char)(hexval(b.ptr[i + 1]) * 16 +
				      hexval(b.ptr[i + 2])) == s[j]);
			i += 3;
		} else {
			assert(strchr("-._~", c) ||
			       (c >= '0' && c <= '9') ||
			       (c >= 'A' && c <= 'Z') ||
			       (c >= 'a' && c <= 'z'));
			assert(c == s[j]);
			i++;
		}
	}
	assert(s[j] == '\0');
	buf_release(&b);
}

/* Compile `len` bytes as `name` into the set; false if it did not. */
static bool
add(struct tpl_set *set, const char *name, const char *src, size_t len)
{
	struct tpl_error e;
	struct tpl *t;
	int rc;

	rc = tpl_compile(&t, name, src, len, &e);
	if (rc) {
		assert(rc == ERR_INVALID || rc == ERR_TOOBIG);
		assert(!t);
		assert(!strcmp(e.name, name));
		assert(e.msg[0]);
		assert(rc == ERR_TOOBIG || (e.line >= 1 && e.col >= 1));
		return false;
	}
	assert(!strcmp(tpl_name(t), name));
	assert(tpl_set_add(set, t, &e) == 0);
	return true;
}

/* Render `name` twice; both the same; returns the first into *out. */
static int
render(const struct tpl_set *set, const char *name, json_t *doc,
       struct buf *out)
{
	struct buf again;
	int rc, rc2;

	buf_init(out, NULL, OUT_MAX);
	rc = tpl_render(set, name, doc, out);
	assert(rc == 0 || rc == ERR_TOOBIG);
	assert(out->len <= OUT_MAX && out->ptr[out->len] == '\0');
	assert(rc != 0 || !buf_error(out));

	buf_init(&again, NULL, OUT_MAX);
	rc2 = tpl_render(set, name, doc, &again);
	assert(rc2 == rc);
	assert(again.len == out->len);
	assert(!memcmp(again.ptr, out->ptr, out->len));
	buf_release(&again);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p[3] = { "", "", NULL }, *s = (const char *)data;
	size_t n[3] = { 0, 0, 0 }, k = 0, start = 0;
	struct tpl_set *set;
	json_error_t jerr;
	json_t *doc = NULL;
	struct buf out;
	char *first;
	bool ok_a;
	int rc;

	for (size_t i = 0; i <= size && k < 3; i++) {
		if (i < size && (s[i] != '\0' || k == 2))
			continue;
		p[k] = s + start;
		n[k] = i - start;
		k++;
		start = i + 1;
	}
	if (p[2])
		doc = json_loadb(p[2], n[2], JSON_DECODE_ANY | JSON_ALLOW_NUL,
				 &jerr);
	if (!doc)
		doc = json_loads(default_json, 0, &jerr);
	assert(doc);

	set = tpl_set_new();
	ok_a = add(set, "a", p[0], n[0]);
	add(set, "b", p[1], n[1]);
	(void)tpl_set_check(set, NULL);

	if (ok_a) {
		rc = render(set, "a", doc, &out);
		if (!has(p[0], n[0], "{{") && n[0] <= OUT_MAX) {
			assert(rc == 0);
			assert(out.len == n[0] && !memcmp(out.ptr, p[0], n[0]));
		}
		if (rc == 0 && !has(p[0], n[0], "{{{") &&
		    !has(p[1], n[1], "{{{") && !has_html_char(p[0], n[0]) &&
		    !has_html_char(p[1], n[1]))
			check_escaped(out.ptr, out.len);
		buf_release(&out);
	} else {
		buf_init(&out, NULL, OUT_MAX);
		assert(tpl_render(set, "a", doc, &out) == ERR_NOTFOUND);
		assert(out.len == 0);
	}

	check_html_escape(p[0], n[0]);
	first = malloc(n[0] + 1);
	assert(first);
	memcpy(first, p[0], n[0]);
	first[n[0]] = '\0';
	check_url_escape(first);
	free(first);

	tpl_set_free(set);
	json_decref(doc);
	return 0;
}
