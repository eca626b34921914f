/*
 * xlsx.h - the first worksheet of an XLSX workbook as rows of text cells,
 * which the import (import.h) takes as it takes the records of a CSV file.
 *
 * An XLSX file is a ZIP package of XML parts (ECMA-376). The package is
 * opened in memory with libzip and each part is streamed through expat;
 * nothing here parses ZIP or XML by hand. The parts read:
 *
 *	xl/workbook.xml			the first <sheet>, its r:id, and
 *					whether dates count from 1904
 *	xl/_rels/workbook.xml.rels	where that sheet, the shared strings
 *					and the styles are
 *	xl/sharedStrings.xml		the strings cells point to, rich text
 *					runs joined (phonetic runs left out)
 *	xl/styles.xml			which cell styles are dates or times
 *	the sheet			rows and cells
 *
 * A cell's text is what a person sees: a shared or inline string as
 * written; a number in its shortest form of at most 15 significant
 * digits ("20.5", "42", what Excel shows); a number with a date style as
 * "YYYY-MM-DD", with a time style as "YYYY-MM-DD HH:MM" (":SS" when there
 * are seconds); a boolean as "TRUE" or "FALSE"; a formula by its cached
 * value; an error as its code ("#N/A"). A cell's reference ("C7") puts it
 * in its column, and columns a row skips are empty cells.
 *
 *	struct xlsx_sheet s;
 *	const char *why;
 *	size_t line;
 *
 *	rc = xlsx_read(&s, data, len, &why, &line);
 *	for (size_t i = 0; !rc && i < s.nrow; i++)
 *		use(s.row[i].cell, s.row[i].ncell, s.row[i].line);
 *	xlsx_release(&s);
 */
#ifndef JG_IMPORT_XLSX_H
#define JG_IMPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/csv.h"
#include "import/import.h"

/*
 * Limits an uploader controls. A package is refused when the parts read
 * hold more than XLSX_MAX_UNPACKED bytes once decompressed (a "zip bomb"
 * stops there: parts are streamed, never unpacked whole), when the sheet
 * has more than XLSX_MAX_ROWS rows with a value, a value in a column
 * past XLSX_MAX_COLUMNS, more than XLSX_MAX_CELLS cells in all (the gaps
 * counted) or more shared strings than that, or a text longer than
 * XLSX_MAX_CELL_CHARS characters (Excel's own limit).
 */
#define XLSX_MAX_UNPACKED ((size_t)64 << 20)
#define XLSX_MAX_ROWS (IMPORT_MAX_ROWS + 1)	/* and the header */
#define XLSX_MAX_COLUMNS 256
#define XLSX_MAX_CELLS ((size_t)2 << 20)
#define XLSX_MAX_CELL_CHARS 32767

/* One row of the sheet that has a value. */
struct xlsx_row {
	struct csv_field *cell;	/* ncell cells from column A on, each
				 * UTF-8 text (empty for an empty cell) */
	size_t ncell;		/* up to the last cell with a value */
	size_t line;		/* the row's number in the sheet, from 1 */
};

struct xlsx_sheet {
	struct xlsx_row *row;	/* nrow rows, in sheet order */
	size_t nrow;

	/* Private: where the rows and their text live. */
	struct csv_field *cells;
	char *text, *strings;
};

/* Whether data[0 .. len) starts as a ZIP package does ("PK\3\4"). */
bool xlsx_magic(const char *data, size_t len);

/*
 * Read the first worksheet of the XLSX package data[0 .. len) into *s
 * (the caller's, released with xlsx_release() whatever this returns);
 * `data` is not kept. Rows whose cells are all empty are left out.
 *
 * Returns 0; ERR_INVALID when the file is not a workbook we can read, or
 * ERR_TOOBIG past a limit above, with *why a constant English sentence
 * ("the file is not an XLSX workbook", "too many rows", ...) and *line
 * the sheet's row it is about (1 when it is about the whole file).
 * Allocates (aborting on heap exhaustion, as xmalloc does).
 */
int xlsx_read(struct xlsx_sheet *s, const char *data, size_t len,
	      const char **why, size_t *line);

/* Free what xlsx_read() made; *s is empty again. */
void xlsx_release(struct xlsx_sheet *s);

#endif
