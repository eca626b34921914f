/*
 * entry.h - a column's value as people type it into a form and read it
 * back there: money in yuan ("1,234.50"), areas in ㎡, durations in hours,
 * times in Beijing time as an <input type="datetime-local"> sends them;
 * the stored value (fen, 0.01 m², minutes, UTC) is what the API keeps.
 *
 *	json_t *v;
 *	const char *why;
 *	if (record_entry_parse(rent_column, "20.50", &v, &why))
 *		... why: "enter an amount in yuan ..."; v: "20.50" as typed
 *	else
 *		... v: 2050
 *
 * References are not read here: a picker (pages.h) sends the id it chose,
 * or the text typed, which the page resolves with the caller's scope.
 */
#ifndef JG_RECORD_ENTRY_H
#define JG_RECORD_ENTRY_H

#include <jansson.h>
#include <stddef.h>

#include "record/record.h"

/*
 * The value typed into the field of column `c` as the JSON a rule takes,
 * in *value (a new reference): an integer of the stored unit for money
 * (money_parse_yuan()), areas (㎡, two decimals), durations (hours,
 * time_parse_hours()), integers and reference ids; the stored UTC text
 * for a datetime (a Beijing time, time_parse_local()); the text itself
 * for other kinds. "" of a non-text column is null (nothing chosen or
 * typed), which a required column refuses as required. Returns 0, or
 * ERR_INVALID with *value the text as typed (so that the form shows it
 * again; null when it is not UTF-8) and *why a message saying what to
 * type, an English sentence with a translation in the catalogs'
 * `messages` (a static string).
 */
int record_entry_parse(const struct record_column *c, const char *text,
		       json_t **value, const char **why);

/*
 * What the field of column `c` shows for the stored value `v` (may be
 * NULL): yuan as "1234.50", ㎡ likewise, hours with two decimals where
 * one is not exact ("0.75"), a datetime as "YYYY-MM-DDTHH:MM" in Beijing
 * time, integers in decimal, strings as they are (what was typed and
 * refused comes back as it was typed). Writes a NUL-terminated string
 * into out (len bytes, 64 is always enough) and returns out; "" for
 * nothing.
 */
const char *record_entry_text(const struct record_column *c, const json_t *v,
			      char *out, size_t len);

#endif
