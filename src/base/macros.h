/*
 * macros.h - the few macros every layer may use.
 *
 * ARRAY_SIZE(a) the number of elements of an array (not a pointer).
 * DECONST(T, p) p as the non-const pointer type T, for the C library
 *		calls whose prototypes predate const (iconv()'s input,
 *		jansson's iterators, libmicrohttpd's persistent buffers): the
 *		callee never writes through it. The round trip through
 *		uintptr_t says so once, where -Wcast-qual would otherwise
 *		warn, and is the only cast of its kind we allow.
 */
#ifndef JG_MACROS_H
#define JG_MACROS_H

#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define DECONST(T, p) ((T)(uintptr_t)(const void *)(p))

#endif
