/*
 * api.h - the settings' JSON API: list them, and change one (admins).
 */
#ifndef JG_SETTINGS_API_H
#define JG_SETTINGS_API_H

#include "http/http.h"

extern const struct route settings_api_routes[];

#endif
