/*
 * form.c - urlencoded and multipart form bodies (see form.h).
 */
#include <string.h>
#include <strings.h>

#include "base/err.h"
#include "base/utf8.h"
#include "http/form.h"
#include "http/http_int.h"

int
http_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether s[0..len) is text we accept: UTF-8 and no NUL. */
static int
is_text(const char *s, size_t len)
{
	return utf8_valid(s, len) && !memchr(s, '\0', len);
}

/* Decode one urlencoded component into the arena; NULL on bad input. */
static char *
decode_component(struct arena *a, const char *s, size_t len, size_t *outlen,
		 int *rc)
{
	char *out = arena_alloc(a, len + 1, 1);
	size_t n = 0;

	if (!out) {
		*rc = ERR_NOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[n++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= len) {
				*rc = ERR_INVALID;
				return NULL;
			}
			hi = http_hex_value(s[i + 1]);
			lo = http_hex_value(s[i + 2]);
			if (hi < 0 || lo < 0) {
				*rc = ERR_INVALID;
				return NULL;
			}
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	if (!is_text(out, n)) {
		*rc = ERR_INVALID;
		return NULL;
	}
	*outlen = n;
	return out;
}

static int
add_field(struct arena *a, struct form *f, size_t *cap, struct form_field fld)
{
	if (f->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct form_field *nf;

		if (ncap > FORM_MAX_FIELDS)
			ncap = FORM_MAX_FIELDS;
		if (f->n == ncap)
			return ERR_TOOBIG;
		nf = arena_new(a, struct form_field, ncap);
		if (!nf)
			return ERR_NOMEM;
		if (f->n)
			memcpy(nf, f->fields, f->n * sizeof(*nf));
		f->fields = nf;
		*cap = ncap;
	}
	f->fields[f->n++] = fld;
	return 0;
}

int
form_parse_urlencoded(struct arena *a, const char *body, size_t len,
		      struct form *out, const char **why)
{
	size_t cap = 0, pos = 0;
	int rc = 0;

	out->fields = NULL;
	out->n = 0;
	*why = NULL;
	while (pos < len) {
		const char *pair = body + pos, *amp, *eq;
		size_t plen, nlen, vlen = 0;
		struct form_field fld = { 0 };

		amp = memchr(pair, '&', len - pos);
		plen = amp ? (size_t)(amp - pair) : len - pos;
		pos += plen + 1;
		if (plen == 0)
			continue;
		eq = memchr(pair, '=', plen);
		nlen = eq ? (size_t)(eq - pair) : plen;
		fld.name = decode_component(a, pair, nlen, &vlen, &rc);
		if (!fld.name)
			goto fail;
		if (eq)
			fld.value = decode_component(a, eq + 1, plen - nlen - 1,
						     &fld.len, &rc);
		else
			fld.value = arena_strdup(a, "");
		if (!fld.value) {
			rc = rc ? rc : ERR_NOMEM;
			goto fail;
		}
		rc = add_field(a, out, &cap, fld);
		if (rc)
			goto fail;
	}
	return 0;

fail:
	*why = rc == ERR_INVALID ? "malformed form field (bad %-escape or "
				   "not UTF-8)" : rc == ERR_TOOBIG ?
				   "too many form fields" : NULL;
	return rc;
}

/* memmem over a length-bounded haystack. */
static const char *
find(const char *h, size_t hlen, const char *n, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (h[i] == n[0] && !memcmp(h + i, n, nlen))
			return h + i;
	return NULL;
}

/*
 * The value of parameter `key` in a header value such as
 * `form-data; name="title"; filename="a.pdf"` (quotes removed), copied into
 * the arena; NULL when absent.
 */
static char *
header_param(struct arena *a, const char *v, size_t vlen, const char *key)
{
	size_t klen = strlen(key);
	const char *end = v + vlen;

	for (const char *p = v; p < end; p++) {
		const char *q;

		if (*p != ';')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) <= klen || strncasecmp(p, key, klen) ||
		    p[klen] != '=')
			continue;
		p += klen + 1;
		if (p < end && *p == '"') {
			q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (!q)
				return NULL;
			return arena_strndup(a, p + 1, (size_t)(q - p - 1));
		}
		q = p;
		while (q < end && *q != ';' && *q != ' ')
			q++;
		return arena_strndup(a, p, (size_t)(q - p));
	}
	return NULL;
}

int
form_parse_multipart(struct arena *a, const char *content_type,
		     const char *body, size_t len, struct form *out,
		     const char **why)
{
	char *boundary, *delim;
	size_t dlen, cap = 0;
	const char *p, *end = body + len;
	int rc = ERR_INVALID;

	out->fields = NULL;
	out->n = 0;
	*why = "malformed multipart body";
	boundary = header_param(a, content_type, strlen(content_type),
				"boundary");
	if (!boundary || !*boundary || strlen(boundary) > 70) {
		*why = "multipart body without a boundary";
		return ERR_INVALID;
	}
	delim = arena_printf(a, "--%s", boundary);
	if (!delim)
		return ERR_NOMEM;
	dlen = strlen(delim);
	p = find(body, len, delim, dlen);
	if (!p)
		return ERR_INVALID;
	p += dlen;
	for (;;) {
		struct form_field fld = { 0 };
		const char *hdr_end, *next, *line;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;			/* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return ERR_INVALID;
		p += 2;
		hdr_end = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hdr_end)
			return ERR_INVALID;
		for (line = p; line < hdr_end;) {
			const char *eol = find(line, (size_t)(hdr_end + 2 - line),
					       "\r\n", 2);
			size_t llen = (size_t)(eol - line);

			if (llen > 20 && !strncasecmp(line,
			    "Content-Disposition:", 20)) {
				fld.name = header_param(a, line, llen, "name");
				fld.filename = header_param(a, line, llen,
							    "filename");
			} else if (llen > 13 && !strncasecmp(line,
				   "Content-Type:", 13)) {
				const char *v = line + 13;

				while (v < eol && *v == ' ')
					v++;
				fld.content_type = arena_strndup(a, v,
							(size_t)(eol - v));
			}
			line = eol + 2;
		}
		if (!fld.name || !*fld.name) {
			*why = "multipart part without a name";
			return ERR_INVALID;
		}
		if (!is_text(fld.name, strlen(fld.name)) ||
		    (fld.filename && !is_text(fld.filename,
					      strlen(fld.filename)))) {
			*why = "multipart part name is not UTF-8";
			return ERR_INVALID;
		}
		p = hdr_end + 4;
		next = find(p, (size_t)(end - p), delim, dlen);
		if (!next || next - p < 2 || next[-2] != '\r' || next[-1] != '\n')
			return ERR_INVALID;
		fld.len = (size_t)(next - 2 - p);
		fld.value = arena_strndup(a, p, fld.len);
		if (!fld.value)
			return ERR_NOMEM;
		if (!fld.filename && !is_text(fld.value, fld.len)) {
			*why = "form field is not UTF-8 text";
			return ERR_INVALID;
		}
		rc = add_field(a, out, &cap, fld);
		if (rc) {
			*why = rc == ERR_TOOBIG ? "too many form fields" : NULL;
			return rc;
		}
		p = next + dlen;
	}
	*why = NULL;
	return 0;
}

const struct form_field *
form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].name, name))
			return &f->fields[i];
	return NULL;
}

const char *
form_get(const struct form *f, const char *name)
{
	const struct form_field *fld = form_field(f, name);

	return fld && !fld->filename ? fld->value : NULL;
}
