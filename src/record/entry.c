/*
 * entry.c - column values as people type them into forms, and back
 * (entry.h). The units live in base/money.h and base/time.h; this file
 * says which a kind of column takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/time.h"
#include "base/utf8.h"
#include "record/entry.h"

int
record_entry_parse(const struct record_column *c, const char *text,
		   json_t **value, const char **why)
{
	char utc[TIME_UTC_LEN + 1], *end;
	int64_t n = 0;
	int rc = 0;

	*why = NULL;
	/* Forms are checked at the edge; this keeps the promise anyway. */
	if (!utf8_valid(text, strlen(text))) {
		*value = json_null();
		*why = "enter text in UTF-8";
		return ERR_INVALID;
	}
	/* Nothing chosen or typed: null, refused as required if it is. */
	if (!*text && c->type != REC_TEXT) {
		*value = json_null();
		return 0;
	}
	switch (c->type) {
	case REC_MONEY:
		if ((rc = money_parse_yuan(text, &n)))
			*why = "enter an amount in yuan with at most two "
			       "decimals, such as 1,234.50";
		break;
	case REC_AREA:
		if ((rc = money_parse_decimal(text, 2, &n)))
			*why = "enter an area in square metres with at most "
			       "two decimals, such as 120.50";
		break;
	case REC_DURATION:
		if ((rc = time_parse_hours(text, &n)))
			*why = "enter a number of hours, such as 1.5";
		break;
	case REC_INT:
	case REC_REF:
		n = strtoll(text, &end, 10);
		if (strspn(text, "-0123456789") != strlen(text) || *end ||
		    text[0] == '\0') {
			rc = ERR_INVALID;
			*why = c->type == REC_REF ? "choose a record from the "
			       "list" : "enter a whole number";
		}
		break;
	case REC_DATETIME:
		/* A stored time as the API writes it is taken too. */
		if (time_parse_local(text, utc, sizeof(utc)) == 0) {
			*value = json_string(utc);
			return 0;
		}
		if (strlen(text) == TIME_UTC_LEN && !time_parse_utc(text,
		    &(time_t){ 0 })) {
			*value = json_string(text);
			return 0;
		}
		*why = "enter a date and time, such as 2019-11-18 09:00";
		rc = ERR_INVALID;
		break;
	default:
		*value = json_string(text);
		return 0;
	}
	*value = rc ? json_string(text) : json_integer(n);
	return rc;
}

const char *
record_entry_text(const struct record_column *c, const json_t *v, char *out,
		  size_t len)
{
	json_int_t n = json_integer_value(v);

	if (!len)
		return out;
	out[0] = '\0';
	if (json_is_string(v)) {
		if (c->type != REC_DATETIME || time_format_local_input(
		    json_string_value(v), out, len))
			snprintf(out, len, "%s", json_string_value(v));
		return out;
	}
	if (!json_is_integer(v))
		return out;
	switch (c->type) {
	case REC_MONEY:
	case REC_AREA:
		money_format_plain(n, out, len);
		break;
	case REC_DURATION:
		/* One decimal where it is exact, else two. */
		if (n % 6 == 0)
			time_format_hours(n, 1, out, len);
		else
			time_format_hours(n, 2, out, len);
		break;
	default:
		snprintf(out, len, "%lld", (long long)n);
		break;
	}
	return out;
}
