/*
 * fuzz_cert_number.c - libFuzzer target for what /verify reads as a
 * certificate number (training_cert_number_canon(), training.h) and for
 * the check of the public base URL (settings_check_base_url()), from
 * arbitrary bytes.
 *
 * Invariants: the canonical text fits its buffer, holds no ASCII white
 * space nor a bracket people type for the year's, and is its own
 * canonical text; a number made by training_cert_number() of a word
 * without either reads back as itself. A base URL the check accepts is
 * empty or starts with http:// or https://, holds no white space, query
 * or fragment, and does not end with '/'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings/settings.h"
#include "training/training.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_number(const char *text)
{
	char canon[TRAINING_CERT_NUMBER_BYTES], again[TRAINING_CERT_NUMBER_BYTES];
	char made[TRAINING_CERT_NUMBER_BYTES];

	if (training_cert_number_canon(text, canon))
		return;
	if (strlen(canon) >= sizeof(canon) || strpbrk(canon, " \t\r\n[]()"))
		abort();
	if (training_cert_number_canon(canon, again) || strcmp(again, canon))
		abort();
	/* The canonical text as a word: a made number reads back. */
	if (strlen(canon) <= TRAINING_CERT_WORD_BYTES && *canon &&
	    !strstr(canon, "〔") && !strstr(canon, "〕") &&
	    !training_cert_number(canon, 2019, 123, made)) {
		if (training_cert_number_canon(made, again) ||
		    strcmp(again, made))
			abort();
	}
}

static void
check_base_url(const char *text)
{
	size_t n = strlen(text);

	if (settings_check_base_url(text))
		return;
	if (!n)
		return;
	if (strncmp(text, "http://", 7) && strncmp(text, "https://", 8))
		abort();
	if (strpbrk(text, " \t\r\n?#\\") || text[n - 1] == '/')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_number(text);
	check_base_url(text);
	free(text);
	return 0;
}
