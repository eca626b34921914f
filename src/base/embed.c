/*
 * embed.c - look-ups in the table of embedded files (see embed.h).
 */
#include <string.h>

#include "base/embed.h"

const struct embedded_file *
embed_find(const char *name)
{
	size_t lo = 0, hi = embedded_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(embedded_files[mid].name, name);

		if (c == 0)
			return &embedded_files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t
embed_prefix(const char *prefix, const struct embedded_file **first)
{
	size_t plen = strlen(prefix), lo = 0, hi = embedded_count, n = 0;

	/* Lower bound of prefix: the first name not less than it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(embedded_files[mid].name, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < embedded_count &&
	       !strncmp(embedded_files[lo + n].name, prefix, plen))
		n++;
	*first = n ? &embedded_files[lo] : NULL;
	return n;
}
