/*
 * pages.h - the auth module's pages: sign-in, one's account, tokens and
 * devices (pages.c), and the admin pages for users, sessions and the
 * sign-in log (admin_pages.c).
 */
#ifndef JG_AUTH_PAGES_H
#define JG_AUTH_PAGES_H

#include "http/http.h"

extern const struct route auth_page_routes[];
extern const struct route auth_admin_routes[];

#endif
