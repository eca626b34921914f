/*
 * pages.h - the audit log page.
 */
#ifndef JG_AUDIT_PAGES_H
#define JG_AUDIT_PAGES_H

#include "http/http.h"

extern const struct route audit_page_routes[];

#endif
