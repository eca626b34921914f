/*
 * xlsx.c - the first worksheet of an XLSX package as rows of text (see
 * xlsx.h): libzip opens the package in memory, expat reads each part as
 * it is decompressed.
 *
 * Each part has a small reader: a struct that starts with `struct part`
 * (what read_part() and the handlers share) and three expat handlers.
 * While the sheet is read, cell text is kept as offsets into two growing
 * buffers (the sheet's own text and the shared strings, which cells
 * point into rather than copy); the rows become pointers once both have
 * stopped moving.
 */
#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/macros.h"
#include "base/xalloc.h"
#include "import/xlsx.h"

#define NOT_A_WORKBOOK "the file is not an XLSX workbook"
#define TOO_LARGE "the workbook is too large once unpacked"
#define NO_SHEET "the workbook has no worksheet"
#define BAD_XML "a part of the workbook is not well-formed XML"

/* A piece of text: in the sheet's buffer, or a shared string's. */
struct span {
	size_t off, len;
	bool shared;
};

/* What read_part() and a part's handlers share; first in every reader. */
struct part {
	XML_Parser parser;
	int rc;			/* 0, or why the handlers stopped */
	const char *why;
};

/* Stop the part being read with `rc` and `why`. */
static void
part_fail(struct part *p, int rc, const char *why)
{
	if (!p->rc) {
		p->rc = rc;
		p->why = why;
	}
	XML_StopParser(p->parser, XML_FALSE);
}

/* An element's name without its namespace ("uri|row" -> "row"). */
static const char *
local_name(const XML_Char *name)
{
	const char *bar = strrchr(name, '|');

	return bar ? bar + 1 : name;
}

/*
 * The value of the attribute whose local name is `name`, in a namespace
 * (r:id) when `qualified`, else without one (r, t, s); NULL if absent.
 */
static const char *
attr(const XML_Char **atts, const char *name, bool qualified)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *bar = strrchr(atts[i], '|');

		if (qualified ? bar && !strcmp(bar + 1, name) :
				!bar && !strcmp(atts[i], name))
			return atts[i + 1];
	}
	return NULL;
}

/* A decimal number of at most 9 digits into *n; false otherwise. */
static bool
parse_index(const char *s, size_t *n)
{
	size_t i = 0;

	*n = 0;
	if (!s || !*s)
		return false;
	for (; s[i] >= '0' && s[i] <= '9' && i < 9; i++)
		*n = *n * 10 + (size_t)(s[i] - '0');
	return i > 0 && !s[i];
}

/* OOXML never declares a DTD: refusing one refuses entity tricks too. */
static void
refuse_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
	       const XML_Char *pubid, int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	part_fail(user, ERR_INVALID, BAD_XML);
}

/* ---- The package ---------------------------------------------------- */

struct package {
	zip_t *zip;
	size_t budget;		/* decompressed bytes still allowed */
};

/*
 * Stream the part `name` through expat with `p`'s handlers. Returns 0,
 * ERR_NOTFOUND when the package has no such part, ERR_TOOBIG when it
 * would take the package past its budget, or ERR_INVALID (p->why says).
 */
static int
read_part(struct package *pkg, const char *name, struct part *p,
	  XML_StartElementHandler start, XML_EndElementHandler end,
	  XML_CharacterDataHandler text)
{
	char chunk[16384];
	zip_file_t *f;
	zip_int64_t n;
	int rc = 0;

	f = zip_fopen(pkg->zip, name, 0);
	if (!f)
		return ERR_NOTFOUND;
	p->parser = XML_ParserCreateNS(NULL, '|');
	if (!p->parser)
		abort();		/* heap exhaustion, as xmalloc */
	XML_SetUserData(p->parser, p);
	XML_SetElementHandler(p->parser, start, end);
	XML_SetCharacterDataHandler(p->parser, text);
	XML_SetStartDoctypeDeclHandler(p->parser, refuse_doctype);
	do {
		n = zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			rc = ERR_INVALID;	/* corrupt data, bad CRC */
			p->why = NOT_A_WORKBOOK;
			break;
		}
		if ((size_t)n > pkg->budget) {
			rc = ERR_TOOBIG;
			p->why = TOO_LARGE;
			break;
		}
		pkg->budget -= (size_t)n;
		if (XML_Parse(p->parser, chunk, (int)n, n == 0) !=
		    XML_STATUS_OK) {
			rc = p->rc ? p->rc : ERR_INVALID;
			if (!p->rc)
				p->why = BAD_XML;
			break;
		}
	} while (n > 0);
	XML_ParserFree(p->parser);
	p->parser = NULL;
	zip_fclose(f);
	return rc;
}

/* ---- xl/workbook.xml and its relationships -------------------------- */

struct workbook {
	struct part part;
	char *sheet_id;		/* the first sheet's relationship id */
	bool date1904;		/* serial dates count from 1904-01-01 */
};

static void
workbook_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *wb = user;
	const char *el = local_name(name), *v;

	if (!strcmp(el, "sheet") && !wb->sheet_id &&
	    (v = attr(atts, "id", true)))
		wb->sheet_id = xstrdup(v);
	else if (!strcmp(el, "workbookPr") && (v = attr(atts, "date1904",
							 false)))
		wb->date1904 = !strcmp(v, "1") || !strcmp(v, "true");
}

static void
no_end(void *user, const XML_Char *name)
{
	(void)user;
	(void)name;
}

static void
no_text(void *user, const XML_Char *s, int len)
{
	(void)user;
	(void)s;
	(void)len;
}

struct rels {
	struct part part;
	const char *sheet_id;
	char *sheet, *strings, *styles;	/* part names in the package */
};

/* A relationship's target as a part name: relative to xl/ unless "/". */
static char *
part_name(const char *target)
{
	struct buf b;

	if (target[0] == '/')
		return xstrdup(target + 1);
	buf_init(&b, NULL, 4096);
	buf_addstr(&b, "xl/");
	buf_addstr(&b, target);
	if (buf_error(&b)) {
		buf_release(&b);
		return xstrdup("");
	}
	return buf_detach(&b, NULL);
}

/* Whether the relationship type `type` ends with "/" `kind`. */
static bool
rel_type(const char *type, const char *kind)
{
	size_t n = strlen(type), k = strlen(kind);

	return n > k && type[n - k - 1] == '/' && !strcmp(type + n - k, kind);
}

static void
rels_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct rels *rl = user;
	const char *id = attr(atts, "Id", false);
	const char *type = attr(atts, "Type", false);
	const char *target = attr(atts, "Target", false);

	if (strcmp(local_name(name), "Relationship") || !id || !type ||
	    !target)
		return;
	if (!rl->sheet && !strcmp(id, rl->sheet_id))
		rl->sheet = part_name(target);
	else if (!rl->strings && rel_type(type, "sharedStrings"))
		rl->strings = part_name(target);
	else if (!rl->styles && rel_type(type, "styles"))
		rl->styles = part_name(target);
}

/* ---- xl/sharedStrings.xml ------------------------------------------- */

struct strings {
	struct part part;
	struct buf text;	/* every string, one after the other */
	struct span *at;	/* string i */
	size_t n, cap;
	size_t start, chars;	/* the string being read */
	int in_t, in_phonetic;
};

/*
 * Append text to `b` while it stays within XLSX_MAX_CELL_CHARS
 * characters (*chars counts them); false past it.
 */
static bool
add_cell_text(struct buf *b, size_t *chars, const char *s, int len)
{
	for (int i = 0; i < len; i++)
		*chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (*chars > XLSX_MAX_CELL_CHARS)
		return false;
	buf_add(b, s, (size_t)len);
	return true;
}

static void
strings_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct strings *ss = user;
	const char *el = local_name(name);

	(void)atts;
	if (!strcmp(el, "si")) {
		ss->start = ss->text.len;
		ss->chars = 0;
	} else if (!strcmp(el, "rPh")) {
		ss->in_phonetic++;
	} else if (!strcmp(el, "t")) {
		ss->in_t++;
	}
}

static void
strings_end(void *user, const XML_Char *name)
{
	struct strings *ss = user;
	const char *el = local_name(name);

	if (!strcmp(el, "rPh") && ss->in_phonetic) {
		ss->in_phonetic--;
	} else if (!strcmp(el, "t") && ss->in_t) {
		ss->in_t--;
	} else if (!strcmp(el, "si") && ss->n == XLSX_MAX_CELLS) {
		part_fail(&ss->part, ERR_TOOBIG, "the sheet has too many cells");
	} else if (!strcmp(el, "si")) {
		if (ss->n == ss->cap) {
			ss->cap = ss->cap ? ss->cap * 2 : 256;
			ss->at = xreallocarray(ss->at, ss->cap,
					       sizeof(*ss->at));
		}
		ss->at[ss->n++] = (struct span){ ss->start,
			ss->text.len - ss->start, true };
	}
}

static void
strings_text(void *user, const XML_Char *s, int len)
{
	struct strings *ss = user;

	if (!ss->in_t || ss->in_phonetic)
		return;
	if (!add_cell_text(&ss->text, &ss->chars, s, len))
		part_fail(&ss->part, ERR_TOOBIG, "a cell is longer than "
			  "32,767 characters");
	else if (buf_error(&ss->text))
		part_fail(&ss->part, ERR_TOOBIG, TOO_LARGE);
}

/* ---- xl/styles.xml: which cell styles show dates ---------------------- */

enum shown_as { AS_NUMBER, AS_DATE, AS_TIME, AS_DATETIME };

#define MAX_STYLES 65536	/* Excel's own limit is 64,000 */

struct styles {
	struct part part;
	struct { size_t id; enum shown_as as; } fmt[256];	/* custom */
	size_t nfmt;
	unsigned char *xf;	/* enum shown_as of cell style i */
	size_t nxf;
	int in_cell_xfs;
};

/* How the built-in number format `id` shows a number (ECMA-376 18.8.30,
 * with the East Asian date formats). */
static enum shown_as
builtin_format(size_t id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 58))
		return AS_DATE;
	if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
	    (id >= 45 && id <= 47))
		return AS_TIME;
	return id == 22 ? AS_DATETIME : AS_NUMBER;
}

/*
 * How a custom format code shows a number: by its date (y, d) and time
 * (h, s) letters outside quotes, brackets and escapes ("m" is a month or
 * a minute, so it decides nothing).
 */
static enum shown_as
custom_format(const char *code)
{
	bool date = false, time = false;

	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (!p)
				break;
		} else if (*p == '[') {
			p = strchr(p + 1, ']');
			if (!p)
				break;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (!*++p)
				break;
		} else if (strchr("yYdD", *p)) {
			date = true;
		} else if (strchr("hHsS", *p)) {
			time = true;
		}
	}
	if (date)
		return time ? AS_DATETIME : AS_DATE;
	return time ? AS_TIME : AS_NUMBER;
}

static void
styles_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct styles *st = user;
	const char *el = local_name(name), *code;
	enum shown_as as = AS_NUMBER;
	size_t id;

	if (!strcmp(el, "numFmt") && st->nfmt < ARRAY_SIZE(st->fmt) &&
	    parse_index(attr(atts, "numFmtId", false), &id) &&
	    (code = attr(atts, "formatCode", false))) {
		st->fmt[st->nfmt].id = id;
		st->fmt[st->nfmt++].as = custom_format(code);
	} else if (!strcmp(el, "cellXfs")) {
		st->in_cell_xfs++;
	} else if (!strcmp(el, "xf") && st->in_cell_xfs &&
		   st->nxf < MAX_STYLES) {
		if (parse_index(attr(atts, "numFmtId", false), &id)) {
			as = builtin_format(id);
			for (size_t i = 0; i < st->nfmt; i++)
				if (st->fmt[i].id == id)
					as = st->fmt[i].as;
		}
		st->xf[st->nxf++] = (unsigned char)as;
	}
}

static void
styles_end(void *user, const XML_Char *name)
{
	struct styles *st = user;

	if (!strcmp(local_name(name), "cellXfs") && st->in_cell_xfs)
		st->in_cell_xfs--;
}

/* ---- The sheet ------------------------------------------------------ */

struct sheet {
	struct part part;
	const struct strings *strings;
	const struct styles *styles;
	bool date1904;

	struct buf text;	/* the text of cells that are not shared */
	struct span *cells;	/* every kept row's cells, gaps included */
	size_t ncells, cap_cells;
	struct { size_t first, n, line; } *rows;
	size_t nrows, cap_rows;

	/* The row being read: its cells by column. */
	size_t line;
	struct span *cur;
	size_t ncur, cap_cur, next_col;
	bool in_row;

	/* The cell being read. */
	size_t col, style;
	char type[16];
	bool in_cell;
	struct buf value;	/* <v>, or the text of <is> */
	size_t chars;
	int in_v, in_is, in_t, in_phonetic;
};

/*
 * The column of a cell reference ("C7" -> 2, "AA1" -> 26) into *col;
 * false when it is not one.
 */
static bool
parse_column(const char *ref, size_t *col)
{
	size_t n = 0, i = 0;

	for (; ((ref[i] >= 'A' && ref[i] <= 'Z') ||
		(ref[i] >= 'a' && ref[i] <= 'z')) && i < 3; i++)
		n = n * 26 + (size_t)((ref[i] | 0x20) - 'a' + 1);
	if (!i || ref[i] < '1' || ref[i] > '9')
		return false;
	while (ref[i] >= '0' && ref[i] <= '9')
		i++;
	*col = n - 1;
	return !ref[i];
}

/*
 * A serial date of the sheet (days since 1899-12-30, or since 1904-01-01
 * in a 1904 workbook) as text, or false when out of Excel's range.
 */
static bool
serial_date(double serial, bool date1904, enum shown_as as, char *out,
	    size_t len)
{
	long long days, secs;
	struct tm tm;
	time_t t;

	if (!(serial >= 0 && serial < 2958466))	/* up to 9999-12-31 */
		return false;
	days = (long long)floor(serial);
	secs = llround((serial - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (date1904)
		days += 1462;
	else if (days < 61)
		days++;		/* Excel's 1900-02-29, which never was */
	t = (time_t)((days - 25569) * 86400 + secs);	/* 25569: 1970 */
	if (!gmtime_r(&t, &tm))
		return false;
	if (as == AS_DATE)
		strftime(out, len, "%Y-%m-%d", &tm);
	else if (as == AS_TIME)
		strftime(out, len, tm.tm_sec ? "%H:%M:%S" : "%H:%M", &tm);
	else
		strftime(out, len, tm.tm_sec ? "%Y-%m-%d %H:%M:%S" :
			 "%Y-%m-%d %H:%M", &tm);
	return true;
}

/* Append a number cell's text: a date by its style, else the number. */
static void
add_number(struct sheet *sh, const char *v)
{
	enum shown_as as = AS_NUMBER;
	char out[40];
	char *end;
	double x = strtod(v, &end);

	if (end == v || *end || !isfinite(x)) {
		buf_addstr(&sh->text, v);	/* not a number: as it is */
		return;
	}
	if (sh->style < sh->styles->nxf)
		as = (enum shown_as)sh->styles->xf[sh->style];
	if (as != AS_NUMBER &&
	    serial_date(x, sh->date1904, as, out, sizeof(out))) {
		buf_addstr(&sh->text, out);
		return;
	}
	snprintf(out, sizeof(out), "%.15g", x);
	buf_addstr(&sh->text, out);
}

/* The text of the cell just read, by its type; ERR_INVALID when none. */
static int
cell_text(struct sheet *sh, struct span *out)
{
	const char *v = sh->value.ptr;
	size_t i;

	*out = (struct span){ sh->text.len, 0, false };
	if (!strcmp(sh->type, "s")) {
		if (!sh->value.len)
			return 0;
		if (!parse_index(v, &i) || i >= sh->strings->n)
			return ERR_INVALID;
		*out = sh->strings->at[i];
		return 0;
	}
	if (!strcmp(sh->type, "b") && (!strcmp(v, "0") || !strcmp(v, "1")))
		buf_addstr(&sh->text, v[0] == '1' ? "TRUE" : "FALSE");
	else if ((!sh->type[0] || !strcmp(sh->type, "n")) && sh->value.len)
		add_number(sh, v);
	else			/* inlineStr, str, e, d: as written */
		buf_add(&sh->text, v, sh->value.len);
	out->len = sh->text.len - out->off;
	return 0;
}

/*
 * Put the cell just read in its column of the current row. Returns 0, or
 * ERR_INVALID / ERR_TOOBIG with *why.
 */
static int
end_cell(struct sheet *sh, const char **why)
{
	struct span s;

	*why = "a cell refers to a shared string that does not exist";
	if (cell_text(sh, &s))
		return ERR_INVALID;
	*why = TOO_LARGE;
	if (buf_error(&sh->text))
		return ERR_TOOBIG;
	sh->next_col = sh->col + 1;
	if (!s.len)
		return 0;
	*why = "too many columns";
	if (sh->col >= XLSX_MAX_COLUMNS)
		return ERR_TOOBIG;
	if (sh->col >= sh->cap_cur) {
		sh->cap_cur = XLSX_MAX_COLUMNS;
		sh->cur = xreallocarray(sh->cur, sh->cap_cur, sizeof(*sh->cur));
	}
	for (; sh->ncur <= sh->col; sh->ncur++)
		sh->cur[sh->ncur] = (struct span){ 0, 0, false };
	sh->cur[sh->col] = s;
	return 0;
}

/* Keep the row just read when it has a value: 0, or ERR_TOOBIG, *why. */
static int
end_row(struct sheet *sh, const char **why)
{
	if (!sh->ncur)
		return 0;
	*why = "too many rows";
	if (sh->nrows == XLSX_MAX_ROWS)
		return ERR_TOOBIG;
	*why = "the sheet has too many cells";
	if (sh->ncells + sh->ncur > XLSX_MAX_CELLS)
		return ERR_TOOBIG;
	while (sh->ncells + sh->ncur > sh->cap_cells) {
		sh->cap_cells = sh->cap_cells ? sh->cap_cells * 2 : 1024;
		sh->cells = xreallocarray(sh->cells, sh->cap_cells,
					  sizeof(*sh->cells));
	}
	memcpy(sh->cells + sh->ncells, sh->cur, sh->ncur * sizeof(*sh->cur));
	if (sh->nrows == sh->cap_rows) {
		sh->cap_rows = sh->cap_rows ? sh->cap_rows * 2 : 256;
		sh->rows = xreallocarray(sh->rows, sh->cap_rows,
					 sizeof(*sh->rows));
	}
	sh->rows[sh->nrows].first = sh->ncells;
	sh->rows[sh->nrows].n = sh->ncur;
	sh->rows[sh->nrows++].line = sh->line;
	sh->ncells += sh->ncur;
	return 0;
}

static void
sheet_start(void *user, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *sh = user;
	const char *el = local_name(name), *v;
	size_t n;

	if (!strcmp(el, "row")) {
		/* Numbered from 1, each after the one before (ECMA-376). */
		if (!parse_index(attr(atts, "r", false), &n))
			n = sh->line + 1;
		if (n <= sh->line)
			part_fail(&sh->part, ERR_INVALID,
				  "the rows of the sheet are out of order");
		sh->line = n;
		sh->ncur = sh->next_col = 0;
		sh->in_row = true;
	} else if (!strcmp(el, "c") && sh->in_row) {
		v = attr(atts, "r", false);
		sh->col = sh->next_col;
		if (v && !parse_column(v, &sh->col))
			part_fail(&sh->part, ERR_INVALID,
				  "a cell reference is not valid");
		v = attr(atts, "t", false);
		snprintf(sh->type, sizeof(sh->type), "%s", v ? v : "");
		if (!parse_index(attr(atts, "s", false), &sh->style))
			sh->style = 0;
		buf_reset(&sh->value);
		sh->chars = 0;
		sh->in_cell = true;
	} else if (sh->in_cell && !strcmp(el, "v")) {
		sh->in_v++;
	} else if (sh->in_cell && !strcmp(el, "is")) {
		sh->in_is++;
	} else if (sh->in_is && !strcmp(el, "rPh")) {
		sh->in_phonetic++;
	} else if (sh->in_is && !strcmp(el, "t")) {
		sh->in_t++;
	}
}

static void
sheet_end(void *user, const XML_Char *name)
{
	struct sheet *sh = user;
	const char *el = local_name(name), *why;
	int rc;

	if (!strcmp(el, "row") && sh->in_row) {
		if ((rc = end_row(sh, &why)))
			part_fail(&sh->part, rc, why);
		sh->in_row = false;
	} else if (!strcmp(el, "c") && sh->in_cell) {
		if ((rc = end_cell(sh, &why)))
			part_fail(&sh->part, rc, why);
		sh->in_cell = false;
	} else if (!strcmp(el, "v") && sh->in_v) {
		sh->in_v--;
	} else if (!strcmp(el, "is") && sh->in_is) {
		sh->in_is--;
	} else if (!strcmp(el, "rPh") && sh->in_phonetic) {
		sh->in_phonetic--;
	} else if (!strcmp(el, "t") && sh->in_t) {
		sh->in_t--;
	}
}

static void
sheet_text(void *user, const XML_Char *s, int len)
{
	struct sheet *sh = user;

	if (!sh->in_v && !(sh->in_t && !sh->in_phonetic))
		return;
	if (!add_cell_text(&sh->value, &sh->chars, s, len))
		part_fail(&sh->part, ERR_TOOBIG, "a cell is longer than "
			  "32,767 characters");
}

/* ---- The whole workbook --------------------------------------------- */

bool
xlsx_magic(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\3\4", 4);
}

/*
 * Find the first sheet and the other parts through the workbook and its
 * relationships. Returns 0, or ERR_INVALID / ERR_TOOBIG with *why.
 */
static int
find_parts(struct package *pkg, struct workbook *wb, struct rels *rl,
	   const char **why)
{
	int rc;

	rc = read_part(pkg, "xl/workbook.xml", &wb->part, workbook_start,
		       no_end, no_text);
	if (rc == ERR_NOTFOUND)
		return ERR_INVALID;	/* *why: not a workbook */
	if (rc) {
		*why = wb->part.why;
		return rc;
	}
	*why = NO_SHEET;
	if (!wb->sheet_id)
		return ERR_INVALID;
	rl->sheet_id = wb->sheet_id;
	rc = read_part(pkg, "xl/_rels/workbook.xml.rels", &rl->part,
		       rels_start, no_end, no_text);
	if (rc && rc != ERR_NOTFOUND) {
		*why = rl->part.why;
		return rc;
	}
	return rl->sheet ? 0 : ERR_INVALID;
}

/* read_part() of a part a workbook may lack: 0 when it is absent. */
static int
read_optional(struct package *pkg, const char *name, struct part *p,
	      XML_StartElementHandler start, XML_EndElementHandler end,
	      XML_CharacterDataHandler text, const char **why)
{
	int rc = read_part(pkg, name, p, start, end, text);

	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc)
		*why = p->why;
	return rc;
}

/* Make the rows of `sh` into s->row, pointing into the two buffers. */
static void
make_rows(struct xlsx_sheet *s, struct sheet *sh, struct strings *ss)
{
	s->text = buf_detach(&sh->text, NULL);
	s->strings = buf_detach(&ss->text, NULL);
	s->cells = xcalloc(sh->ncells ? sh->ncells : 1, sizeof(*s->cells));
	for (size_t i = 0; i < sh->ncells; i++)
		s->cells[i] = (struct csv_field){
			(sh->cells[i].shared ? s->strings : s->text) +
			sh->cells[i].off, sh->cells[i].len };
	s->row = xcalloc(sh->nrows ? sh->nrows : 1, sizeof(*s->row));
	for (size_t i = 0; i < sh->nrows; i++)
		s->row[i] = (struct xlsx_row){ s->cells + sh->rows[i].first,
			sh->rows[i].n, sh->rows[i].line };
	s->nrow = sh->nrows;
}

int
xlsx_read(struct xlsx_sheet *s, const char *data, size_t len,
	  const char **why, size_t *line)
{
	struct package pkg = { NULL, XLSX_MAX_UNPACKED };
	struct workbook wb = { 0 };
	struct rels rl = { 0 };
	struct strings ss = { 0 };
	struct styles st = { 0 };
	struct sheet sh = { 0 };
	zip_source_t *src;
	zip_error_t ze;
	int rc = ERR_INVALID;

	*s = (struct xlsx_sheet){ 0 };
	*why = NOT_A_WORKBOOK;
	*line = 1;
	buf_init(&ss.text, NULL, 2 * XLSX_MAX_UNPACKED);
	buf_init(&sh.text, NULL, 2 * XLSX_MAX_UNPACKED);
	buf_init(&sh.value, NULL, 0);
	st.xf = xmalloc(MAX_STYLES);
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src)
		goto out_release;
	pkg.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!pkg.zip) {
		zip_source_free(src);
		goto out_release;
	}
	rc = find_parts(&pkg, &wb, &rl, why);
	if (!rc)
		rc = read_optional(&pkg, rl.strings ? rl.strings :
				   "xl/sharedStrings.xml", &ss.part,
				   strings_start, strings_end, strings_text,
				   why);
	if (!rc)
		rc = read_optional(&pkg, rl.styles ? rl.styles :
				   "xl/styles.xml", &st.part, styles_start,
				   styles_end, no_text, why);
	if (rc)
		goto out_close;
	sh.strings = &ss;
	sh.styles = &st;
	sh.date1904 = wb.date1904;
	rc = read_part(&pkg, rl.sheet, &sh.part, sheet_start, sheet_end,
		       sheet_text);
	if (rc == ERR_NOTFOUND) {
		rc = ERR_INVALID;
		*why = NO_SHEET;
	} else if (rc) {
		*why = sh.part.why;
		*line = sh.in_row && sh.line ? sh.line : 1;
	} else {
		make_rows(s, &sh, &ss);
	}
out_close:
	zip_discard(pkg.zip);
out_release:
	zip_error_fini(&ze);
	free(wb.sheet_id);
	free(rl.sheet);
	free(rl.strings);
	free(rl.styles);
	buf_release(&ss.text);
	free(ss.at);
	free(st.xf);
	buf_release(&sh.text);
	buf_release(&sh.value);
	free(sh.cells);
	free(sh.rows);
	free(sh.cur);
	return rc;
}

void
xlsx_release(struct xlsx_sheet *s)
{
	free(s->row);
	free(s->cells);
	free(s->text);
	free(s->strings);
	*s = (struct xlsx_sheet){ 0 };
}
