/*
 * proxy.c - trusted proxies and the client address they forward (see
 * proxy.h). The walk over X-Forwarded-For follows nginx's realip module
 * with `real_ip_recursive on` (ngx_http_realip_module, "set_real_ip_from").
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "base/err.h"
#include "http/proxy.h"

static const unsigned char v4_mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Whether c is a space or a tab. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* s[0 .. len) without the blanks around it. */
static void
trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

/*
 * Parse the address s[0 .. len) into family and addr; an IPv4-mapped IPv6
 * address becomes IPv4. False if it is not an address.
 */
static bool
parse_addr(const char *s, size_t len, int *family, unsigned char addr[16])
{
	char text[HTTP_ADDR_MAX];

	if (!len || len >= sizeof(text) || memchr(s, '\0', len))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, addr) != 1)
		return false;
	*family = AF_INET6;
	if (!memcmp(addr, v4_mapped, sizeof(v4_mapped))) {
		memmove(addr, addr + 12, 4);
		memset(addr + 4, 0, 12);
		*family = AF_INET;
	}
	return true;
}

bool
http_addr_canon(const char *s, size_t len, char out[HTTP_ADDR_MAX])
{
	unsigned char addr[16];
	char text[HTTP_ADDR_MAX];
	int family;

	if (!parse_addr(s, len, &family, addr) ||
	    !inet_ntop(family, addr, text, sizeof(text)))
		return false;
	memcpy(out, text, strlen(text) + 1);
	return true;
}

int
http_parse_nets(const char *text, struct http_net *out, size_t max,
		size_t *n)
{
	const char *p = text;

	*n = 0;
	if (!text)
		return ERR_INVALID;
	for (;;) {
		const char *comma = strchr(p, ','), *slash;
		size_t len = comma ? (size_t)(comma - p) : strlen(p), alen;
		struct http_net net = { 0 };
		unsigned long bits;

		trim(&p, &len);
		if (!len || *n == max)
			return ERR_INVALID;
		slash = memchr(p, '/', len);
		alen = slash ? (size_t)(slash - p) : len;
		if (!parse_addr(p, alen, &net.family, net.addr))
			return ERR_INVALID;
		net.bits = net.family == AF_INET ? 32 : 128;
		if (slash) {
			size_t digits = len - alen - 1;

			if (!digits || digits > 3 ||
			    strspn(slash + 1, "0123456789") < digits)
				return ERR_INVALID;
			bits = 0;
			for (size_t i = 0; i < digits; i++)
				bits = bits * 10 + (unsigned long)(slash[1 + i]
								    - '0');
			if (bits > net.bits)
				return ERR_INVALID;
			net.bits = (unsigned)bits;
		}
		out[(*n)++] = net;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* Whether the parsed address lies in `net`. */
static bool
in_net(const struct http_net *net, int family, const unsigned char *addr)
{
	unsigned full = net->bits / 8, rest = net->bits % 8;

	if (net->family != family)
		return false;
	if (memcmp(net->addr, addr, full))
		return false;
	if (!rest)
		return true;
	return ((net->addr[full] ^ addr[full]) &
		(unsigned char)(0xff << (8 - rest))) == 0;
}

/* Whether s[0 .. len) is an address in one of the nets; *ok if parsed. */
static bool
trusted_text(const struct http_net *nets, size_t n, const char *s,
	     size_t len, bool *ok)
{
	unsigned char addr[16];
	int family;

	*ok = parse_addr(s, len, &family, addr);
	for (size_t i = 0; *ok && i < n; i++)
		if (in_net(&nets[i], family, addr))
			return true;
	return false;
}

bool
http_addr_trusted(const struct http_net *nets, size_t n, const char *addr)
{
	bool ok;

	return addr && trusted_text(nets, n, addr, strlen(addr), &ok);
}

void
http_forwarded_client(const struct http_net *nets, size_t n,
		      const char *peer, const char *xff,
		      char out[HTTP_ADDR_MAX])
{
	const char *client = peer, *end;
	size_t client_len = strlen(peer);
	char canon[HTTP_ADDR_MAX];

	if (!xff || !http_addr_trusted(nets, n, peer))
		goto out;
	/* From the right: skip trusted hops; the first other one is it. */
	end = xff + strlen(xff);
	for (;;) {
		const char *start = end, *s;
		size_t len;
		bool ok, trusted;

		while (start > xff && start[-1] != ',')
			start--;
		s = start;
		len = (size_t)(end - start);
		trim(&s, &len);
		if (len) {
			trusted = trusted_text(nets, n, s, len, &ok);
			if (!ok)
				break;
			client = s;
			client_len = len;
			if (!trusted)
				break;
		}
		if (start == xff)
			break;
		end = start - 1;
	}
out:
	if (http_addr_canon(client, client_len, canon))
		memcpy(out, canon, strlen(canon) + 1);
	else
		memcpy(out, "unknown", 8);
}
