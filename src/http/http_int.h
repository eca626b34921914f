/*
 * http_int.h - what the files of src/http/ share (private to the layer):
 * the configuration a running server was started with, for request.c.
 */
#ifndef JG_HTTP_INT_H
#define JG_HTTP_INT_H

#include "http/http.h"

/* The configuration of server `s` (never NULL for a started server). */
const struct server_config *server_config_of(const struct server *s);

/* The value of hex digit `c` (0-9, a-f, A-F), or -1 (form.c). */
int http_hex_value(char c);

#endif
