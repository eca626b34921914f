/*
 * download.h - rows of a described table as a spreadsheet to download:
 * the kit's export for a page whose rows are not the kit's list (a
 * figure's records, the startups as of a date, a caller's own lists).
 */
#ifndef JG_RECORD_DOWNLOAD_H
#define JG_RECORD_DOWNLOAD_H

#include <jansson.h>

#include "http/http.h"

struct record_table;

/*
 * Answer `items` (an array of rows of `t`, owned by the request) as the
 * file the query's `format` asks for (csv or xlsx, export_send()), named
 * `stem`, its sheet titled `title`: its references by their titles
 * (record_add_titles()), its columns those `t` exports
 * (record_export_columns()). 0 or an error (ERR_INVALID naming `format`).
 */
int record_download(struct request *r, const struct record_table *t,
		    const char *stem, const char *title, json_t *items);

#endif
