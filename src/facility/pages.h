/*
 * pages.h - the shared facilities' pages, as a route table, and their
 * entries of the left menu, for cli.
 */
#ifndef JG_FACILITY_PAGES_H
#define JG_FACILITY_PAGES_H

#include <jansson.h>

#include "http/http.h"
#include "page/page.h"

extern const struct route facility_page_routes[];

/* The day's pages (day_pages.c): a statement to print, utilisation. */
extern const struct route facility_day_page_routes[];
extern const struct page_menu_item facility_day_menu[];
extern const struct page_menu_item facility_menu[];

/*
 * The pages of opening hours, the calendar, maintenance and the search for
 * free slots, and their menu entries (pages_hours.c).
 */
extern const struct route facility_hours_page_routes[];

/*
 * The billing pages (pages_billing.c): rate cards, the statements and
 * the issue of a month's; before the day's, whose statement page would
 * take "/facility/statements/issue" for a statement's number.
 */
extern const struct route facility_billing_page_routes[];
extern const struct page_menu_item facility_billing_menu[];

/* The waiting lists' pages (pages_waitlist.c). */
extern const struct route facility_waitlist_page_routes[];
extern const struct page_menu_item facility_waitlist_menu[];

/* The page of calendar subscriptions (pages_feeds.c). */
extern const struct route facility_feed_page_routes[];
extern const struct page_menu_item facility_feed_menu[];

/* The pages of weekly series (pages_series.c). */
extern const struct route facility_series_page_routes[];
extern const struct page_menu_item facility_hours_menu[];

/*
 * The figures as of `as_of` as the page and the dashboard's section show
 * them (facility_figures() with hours written out and kinds labelled),
 * owned by the request, into *out. 0 or an error.
 */
int facility_page_figures(struct request *r, const char *as_of,
			  json_t **out);

#endif
