/*
 * day_pages.c - the pages of the facilities' day: a statement to print,
 * its amounts in 元 as the kit's money kind shows them.
 */
#include <stdio.h>

#include "base/money.h"
#include "base/time.h"
#include "facility/day_int.h"
#include "facility/pages.h"
#include "page/page.h"

/* Fen as the kit shows money ("¥1,234.50"), in the request's arena. */
static json_t *
yuan(struct request *r, json_t *fen)
{
	char text[MONEY_TEXT_MAX];

	if (money_format_yuan(json_integer_value(fen), text, sizeof(text)))
		text[0] = '\0';
	return json_string(arena_strdup(&r->arena, text));
}

/* GET /facility/statements/:id: the statement to read and to print. */
static int
get_statement(struct request *r)
{
	struct problem pb = { 0 };
	char key[80], local[32];
	json_t *st = NULL, *line;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = http_param_id(r, "id", &id)))
		return rc;
	rc = facility_statement_get(r->db, auth_principal(r), id, NULL, &st,
				    &pb);
	if (rc)
		return http_problem(r, rc, &pb);
	http_own(r, st);
	json_array_foreach(json_object_get(st, "lines"), i, line) {
		snprintf(key, sizeof(key),
			 "facility_statement_line.kind_values.%s",
			 json_string_value(json_object_get(line, "kind")));
		json_object_set_new(line, "kind_label",
				    json_string(page_text(r, key)));
		json_object_set_new(line, "rate", yuan(r, json_object_get(line,
				    "rate_fen")));
		json_object_set_new(line, "amount", yuan(r, json_object_get(
				    line, "amount_fen")));
	}
	json_object_set_new(st, "total", yuan(r, json_object_get(st,
			    "total_fen")));
	snprintf(key, sizeof(key), "facility_statement.status_values.%s",
		 json_string_value(json_object_get(st, "status")));
	json_object_set_new(st, "status_label", json_string(page_text(r,
			    key)));
	if (json_is_string(json_object_get(st, "issued_at")) &&
	    !time_format_local(json_string_value(json_object_get(st,
			       "issued_at")), local, sizeof(local)))
		json_object_set_new(st, "issued_local", json_string(local));
	return page_render(r, "facility/statement", "facility_statement.detail",
			   json_pack("{s:O}", "st", st));
}

const struct route facility_day_page_routes[] = {
	{ HTTP_GET, "/facility/statements/:id", get_statement, ROUTE_PAGE,
	  NULL, PERM_FACILITY_BOOK },
	{ 0, NULL, NULL, 0, NULL, 0 },
};
