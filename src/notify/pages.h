/*
 * pages.h - the notification pages: one's own notifications (站内通知)
 * and the admins' send page (发送通知).
 */
#ifndef JG_NOTIFY_PAGES_H
#define JG_NOTIFY_PAGES_H

#include "http/http.h"
#include "page/page.h"

extern const struct route notify_page_routes[];

/*
 * The notices' part of the workbench (report.h's report_workbench_fn,
 * registered by cli): a non-staff caller's unread notices.
 */
int notify_workbench(struct request *r, const char *today, json_t *sections);

/* Its entries of the left menu, for page_menu_add(). */
extern const struct page_menu_item notify_menu[];

#endif
