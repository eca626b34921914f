/*
 * pages_waitlist.c - the waiting lists in the portal: the kit's list of
 * entries (staff see all, a resource's with ?resource_id=; an
 * organisation its own) and an entry's page, which says its place while
 * it waits and, when a booking is held for it, until when, with the
 * steps to take it or let it go, each disabled, saying why, when it is
 * not possible. One joins on a resource's week (pages.c), where one
 * would have booked.
 */
#include <string.h>

#include "auth/auth.h"
#include "base/err.h"
#include "base/time.h"
#include "facility/day_int.h"
#include "facility/pages.h"
#include "page/page.h"
#include "record/action.h"
#include "record/pages.h"

/* What an entry's page shows of its state, and the steps it offers. */
static int
waitlist_extra(struct request *r, int64_t id, json_t *data)
{
	json_t *rec = json_object_get(data, "record");
	const char *status = record_text(rec, "status");
	const char *hold = record_text(rec, "hold_until");
	bool waiting = status && !strcmp(status, "waiting");
	bool holding = status && !strcmp(status, "holding");
	char local[32];
	int64_t place = 0;
	int rc = 0;

	if (waiting && !(rc = day_store_wait_place(r->db, id, &place)))
		json_object_set_new(data, "place", json_integer(place));
	if (holding && hold && !time_format_local(hold, local, sizeof(local)))
		json_object_set_new(data, "hold_local", json_string(local));
	json_object_set_new(data, "can_take", json_boolean(holding));
	json_object_set_new(data, "can_withdraw",
			    json_boolean(waiting || holding));
	if (!holding)
		json_object_set_new(data, "why_take", json_string(page_text(r,
			waiting ? "facility_waitlist.why_take_waiting" :
			"facility_waitlist.why_closed")));
	if (!waiting && !holding)
		json_object_set_new(data, "why_withdraw", json_string(
			page_text(r, "facility_waitlist.why_closed")));
	return rc;
}

static const struct record_pages waitlist_pages = {
	&facility_waitlist_api, "/facility/waitlist", NULL, NULL,
	"facility/waitlist", NULL, waitlist_extra, NULL, 0, "waitlist",
	.list_id = true,
};

static const struct record_action take = {
	facility_wait_take, NULL, "/facility/waitlist", NULL,
	"facility_waitlist.taken", &waitlist_pages, .show_all = true,
};
static const struct record_action withdraw = {
	facility_wait_withdraw, NULL, "/facility/waitlist", NULL,
	"facility_waitlist.withdrawn", &waitlist_pages, .show_all = true,
};

/* Letting go gives a held booking away (http.h, route_confirm). */
static const struct route_confirm withdraw_confirm = {
	"confirm.withdraw_waitlist", NULL, NULL,
};

const struct route facility_waitlist_page_routes[] = {
	RECORD_PAGE_READ_ROUTES("/facility/waitlist", &waitlist_pages,
				PERM_FACILITY_BOOK),
	{ HTTP_POST, "/facility/waitlist/:id/take", record_page_action,
	  ROUTE_PAGE, &take, PERM_FACILITY_BOOK },
	{ HTTP_POST, "/facility/waitlist/:id/withdraw", record_page_action,
	  ROUTE_PAGE, &withdraw, PERM_FACILITY_BOOK, &withdraw_confirm },
	{ 0, NULL, NULL, 0, NULL, 0 },
};

const struct page_menu_item facility_waitlist_menu[] = {
	{ ROLE_ADMIN | ROLE_COLLEGE | ROLE_ENTERPRISE | ROLE_TEACHER,
	  "menu.facility", "/facility/waitlist", "menu.facility_waitlist" },
	{ 0, NULL, NULL, NULL },
};
