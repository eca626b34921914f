/*
 * proxy.h - who the client is behind a reverse proxy: the trusted proxies
 * of `serve --trusted-proxy` and the client address they forward.
 *
 * A request's socket peer is the client, unless the peer is one of the
 * trusted proxies. Then the client is found in X-Forwarded-For as nginx's
 * realip module finds it with `real_ip_recursive on`: walking the list
 * from its right end (the entry the nearest proxy appended), every entry
 * that is itself a trusted proxy is skipped, and the first one that is not
 * is the client. Everything to the left of it was written by the client
 * and is never believed. Forwarded headers from any other peer are
 * ignored, X-Forwarded-Proto included.
 *
 * Pure: no I/O, no allocation; fuzzed by fuzz/fuzz_proxy.c and tested by
 * tests/unit/http/test_proxy.c.
 */
#ifndef JG_PROXY_H
#define JG_PROXY_H

#include <stdbool.h>
#include <stddef.h>

/* Room for an address as text (an IPv6 address with its NUL). */
#define HTTP_ADDR_MAX 64
/* The most trusted networks `--trusted-proxy` may name. */
#define HTTP_MAX_PROXIES 32

/* A network: an IPv4 or IPv6 address and how many leading bits count. */
struct http_net {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];		/* 4 bytes used for AF_INET */
	unsigned bits;			/* 0..32 or 0..128 */
};

/*
 * Parse a comma-separated list of addresses, each optionally with a
 * prefix length ("127.0.0.1,10.0.0.0/8,::1"), into out[0 .. max). Spaces
 * around entries are allowed; IPv4-mapped IPv6 addresses count as IPv4.
 * Returns 0 with the count in *n, or ERR_INVALID (an empty entry, an entry
 * that is not an address, a prefix out of range, more than `max`), with
 * *n the number of entries read before the bad one.
 */
int http_parse_nets(const char *text, struct http_net *out, size_t max,
		    size_t *n);

/*
 * The canonical text of the address `s` (s[0 .. len), no NUL needed) into
 * out (HTTP_ADDR_MAX bytes): "::ffff:1.2.3.4" becomes "1.2.3.4", IPv6 is
 * written as inet_ntop() writes it. False (out untouched) when s is not
 * an IPv4 or IPv6 address.
 */
bool http_addr_canon(const char *s, size_t len, char out[HTTP_ADDR_MAX]);

/* Whether the address text `addr` lies in one of nets[0 .. n). */
bool http_addr_trusted(const struct http_net *nets, size_t n,
		       const char *addr);

/*
 * The client's address for a request from `peer` (canonical text) that
 * carried X-Forwarded-For `xff` (all its headers joined with commas, or
 * NULL), into out (HTTP_ADDR_MAX bytes), as described above. Without a
 * trusted peer or a header, the peer. An entry that is not an address
 * ends the walk at the last trusted hop before it; a list of nothing but
 * trusted proxies gives its left-most entry (as nginx does).
 */
void http_forwarded_client(const struct http_net *nets, size_t n,
			   const char *peer, const char *xff,
			   char out[HTTP_ADDR_MAX]);

#endif
