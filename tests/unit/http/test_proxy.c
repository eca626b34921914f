/*
 * test_proxy.c - tests of src/http/proxy.c: parsing --trusted-proxy lists
 * (addresses, networks, IPv6, IPv4-mapped addresses, bad entries) and
 * finding the client in X-Forwarded-For as nginx's realip module does
 * with real_ip_recursive: only from a trusted peer, the right-most entry
 * that is not a trusted proxy, forged entries to its left ignored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>

#include "base/err.h"
#include "http/proxy.h"

static void
test_parse(void **state)
{
	struct http_net nets[4];
	size_t n;

	(void)state;
	assert_int_equal(http_parse_nets("127.0.0.1", nets, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(nets[0].family, AF_INET);
	assert_int_equal(nets[0].bits, 32);
	assert_int_equal(http_parse_nets(" 10.0.0.0/8 , ::1,fd00::/8", nets,
					 4, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(nets[0].bits, 8);
	assert_int_equal(nets[1].family, AF_INET6);
	assert_int_equal(nets[1].bits, 128);
	assert_int_equal(nets[2].bits, 8);
	/* An IPv4-mapped address is the IPv4 address. */
	assert_int_equal(http_parse_nets("::ffff:192.0.2.1", nets, 4, &n), 0);
	assert_int_equal(nets[0].family, AF_INET);
	assert_true(http_addr_trusted(nets, n, "192.0.2.1"));

	/* Bad entries, and too many. */
	assert_int_equal(http_parse_nets("", nets, 4, &n), ERR_INVALID);
	assert_int_equal(http_parse_nets("127.0.0.1,", nets, 4, &n),
			 ERR_INVALID);
	assert_int_equal(http_parse_nets("localhost", nets, 4, &n),
			 ERR_INVALID);
	assert_int_equal(http_parse_nets("10.0.0.0/33", nets, 4, &n),
			 ERR_INVALID);
	assert_int_equal(http_parse_nets("10.0.0.0/", nets, 4, &n),
			 ERR_INVALID);
	assert_int_equal(http_parse_nets("10.0.0.0/8x", nets, 4, &n),
			 ERR_INVALID);
	assert_int_equal(http_parse_nets("::/129", nets, 4, &n), ERR_INVALID);
	assert_int_equal(http_parse_nets("1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,"
					 "5.5.5.5", nets, 4, &n), ERR_INVALID);
	assert_int_equal(n, 4);
	assert_int_equal(http_parse_nets(NULL, nets, 4, &n), ERR_INVALID);
}

static void
test_trusted(void **state)
{
	struct http_net nets[4];
	size_t n;

	(void)state;
	assert_int_equal(http_parse_nets("10.1.0.0/16,127.0.0.1,2001:db8::/33",
					 nets, 4, &n), 0);
	assert_true(http_addr_trusted(nets, n, "10.1.255.7"));
	assert_false(http_addr_trusted(nets, n, "10.2.0.1"));
	assert_true(http_addr_trusted(nets, n, "127.0.0.1"));
	assert_false(http_addr_trusted(nets, n, "127.0.0.2"));
	assert_true(http_addr_trusted(nets, n, "2001:db8:7fff::1"));
	assert_false(http_addr_trusted(nets, n, "2001:db8:8000::1"));
	assert_false(http_addr_trusted(nets, n, "::ffff:127.0.0.2"));
	assert_true(http_addr_trusted(nets, n, "::ffff:127.0.0.1"));
	assert_false(http_addr_trusted(nets, n, "not an address"));
	assert_false(http_addr_trusted(nets, n, NULL));
	assert_false(http_addr_trusted(nets, 0, "127.0.0.1"));
}

/* The client for peer and header, with 127.0.0.1 and 10.0.0.0/8 trusted. */
static const char *
client(const char *peer, const char *xff)
{
	static char out[HTTP_ADDR_MAX];
	struct http_net nets[2];
	size_t n;

	if (http_parse_nets("127.0.0.1,10.0.0.0/8", nets, 2, &n))
		return "parse failed";
	http_forwarded_client(nets, n, peer, xff, out);
	return out;
}

static void
test_forwarded(void **state)
{
	(void)state;
	/* From the trusted proxy: the entry it appended. */
	assert_string_equal(client("127.0.0.1", "203.0.113.7"), "203.0.113.7");
	/* What the client wrote itself (left of it) is not believed. */
	assert_string_equal(client("127.0.0.1", "1.2.3.4, 203.0.113.7"),
			    "203.0.113.7");
	/* Trusted hops are skipped, right to left. */
	assert_string_equal(client("127.0.0.1", "1.2.3.4,198.51.100.2, "
				   "10.0.0.5 ,10.9.9.9"), "198.51.100.2");
	/* Two headers count as one list, in order. */
	assert_string_equal(client("127.0.0.1", "1.2.3.4,198.51.100.3"),
			    "198.51.100.3");
	/* Nothing but trusted hops: the left-most. */
	assert_string_equal(client("127.0.0.1", "10.0.0.1, 10.0.0.2"),
			    "10.0.0.1");
	/* A malformed entry ends the walk at the last trusted hop. */
	assert_string_equal(client("127.0.0.1", "203.0.113.9, junk, 10.0.0.3"),
			    "10.0.0.3");
	assert_string_equal(client("127.0.0.1", "junk"), "127.0.0.1");
	/* Empty entries are skipped; spaces and mapped addresses canonical. */
	assert_string_equal(client("127.0.0.1", " ,::ffff:203.0.113.8, ,"),
			    "203.0.113.8");
	assert_string_equal(client("127.0.0.1", "2001:DB8::1"), "2001:db8::1");
	/* No header: the peer. */
	assert_string_equal(client("127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client("127.0.0.1", ""), "127.0.0.1");
	/* From a peer that is not trusted the header changes nothing. */
	assert_string_equal(client("127.0.0.2", "203.0.113.7"), "127.0.0.2");
	assert_string_equal(client("198.51.100.1", "10.0.0.1"),
			    "198.51.100.1");
}

static void
test_canon(void **state)
{
	char out[HTTP_ADDR_MAX];

	(void)state;
	assert_true(http_addr_canon("::ffff:1.2.3.4", 14, out));
	assert_string_equal(out, "1.2.3.4");
	assert_true(http_addr_canon("0:0:0:0:0:0:0:1", 15, out));
	assert_string_equal(out, "::1");
	assert_false(http_addr_canon("1.2.3", 5, out));
	assert_false(http_addr_canon("1.2.3.4\0x", 9, out));
	assert_false(http_addr_canon("", 0, out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_trusted),
		cmocka_unit_test(test_forwarded),
		cmocka_unit_test(test_canon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
