/*
 * fuzz_proxy.c - libFuzzer target for src/http/proxy.c: a --trusted-proxy
 * list and an X-Forwarded-For header from arbitrary bytes.
 *
 * The input is split at its first NUL: the list before, the header after.
 * Invariants: a parsed list has at most the maximum of entries, each with
 * a prefix within its family's bits; the client found is always an
 * address in canonical form; and from an untrusted peer it is the peer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_net nets[HTTP_MAX_PROXIES];
	char *copy, *xff, out[HTTP_ADDR_MAX], canon[HTTP_ADDR_MAX];
	const char *peers[] = { "127.0.0.1", "10.1.2.3", "::1", "192.0.2.1" };
	size_t n = 0;

	copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	xff = strlen(copy) < size ? copy + strlen(copy) + 1 : NULL;
	if (http_parse_nets(copy, nets, HTTP_MAX_PROXIES, &n))
		n = 0;
	if (n > HTTP_MAX_PROXIES)
		abort();
	for (size_t i = 0; i < n; i++)
		if (nets[i].bits > (nets[i].family == AF_INET ? 32u : 128u))
			abort();
	for (size_t p = 0; p < sizeof(peers) / sizeof(peers[0]); p++) {
		http_forwarded_client(nets, n, peers[p], xff, out);
		if (!http_addr_canon(out, strlen(out), canon) ||
		    strcmp(canon, out))
			abort();
		if (!http_addr_trusted(nets, n, peers[p]) &&
		    strcmp(out, peers[p]))
			abort();
	}
	free(copy);
	return 0;
}
