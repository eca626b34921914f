/*
 * pages.h - the settings page (参数设置).
 */
#ifndef JG_SETTINGS_PAGES_H
#define JG_SETTINGS_PAGES_H

#include "http/http.h"

extern const struct route settings_page_routes[];

#endif
