/*
 * fuzz_account_name.c - libFuzzer target for src/account/name.c: account
 * names from arbitrary bytes.
 *
 * Invariants on every accepted name: it is UTF-8 of 2 to 64 characters
 * without ASCII spaces or controls; its key is non-empty UTF-8 without
 * them either, fits its buffer, and is its own key (the fold is
 * idempotent, so a key can be looked up as a name).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "account/name.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
no_ascii_blank(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name, key[ACCOUNT_KEY_MAX], again[ACCOUNT_KEY_MAX];
	struct problem pb = { 0 };

	name = malloc(size + 1);
	if (!name)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	if (account_name_key(name, key, &pb)) {
		if (!pb.message || !pb.key)
			abort();
		goto out;
	}
	if (!utf8_valid(name, strlen(name)) || strlen(name) < 2 ||
	    strlen(name) > 4 * ACCOUNT_NAME_MAX)
		abort();
	no_ascii_blank(name);
	if (!*key || strlen(key) >= ACCOUNT_KEY_MAX ||
	    !utf8_valid(key, strlen(key)))
		abort();
	no_ascii_blank(key);
	/* A key of 65 or more characters is no name; else it is its key. */
	if (!account_name_key(key, again, NULL) && strcmp(again, key))
		abort();
out:
	free(name);
	return 0;
}
