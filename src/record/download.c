/*
 * download.c - rows of a described table as a spreadsheet to download
 * (download.h).
 */
#include <stddef.h>

#include "export/export.h"
#include "record/download.h"
#include "record/pages.h"

int
record_download(struct request *r, const struct record_table *t,
		const char *stem, const char *title, json_t *items)
{
	const struct export_column *cols;
	size_t n;
	int rc = record_add_titles(r, t, items);

	if (rc)
		return rc;
	cols = record_export_columns(r, t, &n);
	return export_send(r, http_query(r, "format"), stem, title, cols, n,
			   items);
}
