/*
 * pages.h - the admins' page of scheduled jobs (定时任务).
 */
#ifndef JG_JOBS_PAGES_H
#define JG_JOBS_PAGES_H

#include "http/http.h"

extern const struct route jobs_page_routes[];

#endif
