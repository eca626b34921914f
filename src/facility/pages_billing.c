/*
 * pages_billing.c - the billing pages: rate cards as the kit's list,
 * detail and form pages; the statements as the kit's list (staff see
 * all, an organisation its own), each linked to its printable page; and
 * the form on which staff issue a month's statements, an irreversible
 * step confirmed first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/day_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "record/action.h"
#include "record/pages.h"

#define READ PERM_FACILITY_READ
#define WRITE PERM_FACILITY_WRITE

static const struct record_pages rate_card_pages = {
	&facility_rate_card_api, "/facility/rate-cards", NULL, NULL, NULL,
	"record/form", NULL, NULL, 0, "rate-cards",
};

/* Staff's list of statements offers to issue a month's. */
static int
statement_links(struct request *r, json_t *data)
{
	if (!auth_is_staff(auth_principal(r)))
		return 0;
	json_object_set_new(data, "links", json_pack("[{s:s,s:s}]", "href",
			    "/facility/statements/issue", "label",
			    page_text(r, "facility_statement.issue_month")));
	return 0;
}

static const struct record_pages statement_pages = {
	&facility_statement_api, "/facility/statements", "facility_statement",
	NULL, NULL, NULL, NULL, NULL, 0, "statements",
	.list_id = true, .list_extra = statement_links,
};

/*
 * GET /facility/statements/issue: the month to issue, last month at
 * first; `more` (errors, form) after a refusal.
 */
static int
issue_page(struct request *r, int64_t id, json_t *more)
{
	char today[TIME_DATE_LEN + 1], last[8];
	json_t *data = json_object();
	int y, m;

	(void)id;
	http_own(r, more);
	time_today_beijing(today);
	y = (int)strtol(today, NULL, 10);
	m = (int)strtol(today + 5, NULL, 10) - 1;
	if (m < 1) {
		m = 12;
		y--;
	}
	snprintf(last, sizeof(last), "%04u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u);
	json_object_set_new(data, "month", json_string(last));
	if (more)
		json_object_update(data, more);
	return page_render(r, "facility/issue", "facility_statement.issue_month",
			   data);
}

static int
get_issue(struct request *r)
{
	return issue_page(r, 0, NULL);
}

static const struct record_action issue_month = {
	facility_statement_issue_month, NULL, "/facility/statements", "",
	"facility_statement.issued_month", .show = issue_page,
	.show_all = true,
};

/* Issuing closes the month's statements for good (http.h). */
static const struct route_confirm issue_confirm = {
	"confirm.issue_statements", NULL, NULL,
};

const struct route facility_billing_page_routes[] = {
	RECORD_PAGE_ROUTES("/facility/rate-cards", &rate_card_pages, READ,
			   WRITE),
	{ HTTP_GET, "/facility/statements/issue", get_issue, ROUTE_PAGE, NULL,
	  WRITE },
	{ HTTP_POST, "/facility/statements/issue", record_page_action,
	  ROUTE_PAGE | ROUTE_LONG, &issue_month, WRITE, &issue_confirm },
	{ HTTP_GET, "/facility/statements", record_page_list, ROUTE_PAGE,
	  &statement_pages, PERM_FACILITY_BOOK },
	{ HTTP_GET, "/facility/statements/export", record_page_export,
	  ROUTE_PAGE, &statement_pages, PERM_FACILITY_BOOK },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

const struct page_menu_item facility_billing_menu[] = {
	{ ROLE_ADMIN | ROLE_COLLEGE | ROLE_ENTERPRISE, "menu.facility",
	  "/facility/statements", "menu.facility_statements" },
	{ ROLE_ADMIN, "menu.facility", "/facility/rate-cards",
	  "menu.facility_rate_cards" },
	{ 0, NULL, NULL, NULL },
};
