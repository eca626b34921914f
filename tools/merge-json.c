/*
 * merge-json.c - put a JSON document together from the base and one
 * fragment per module, so a module owns its strings and its part of the
 * API document (web/i18n/LANG/MODULE.json, web/api/MODULE.json) and two
 * modules never edit the same file.
 *
 * usage: merge-json OUT BASE [FRAGMENT...]
 *
 * Objects merge key by key, recursively; arrays are concatenated (the
 * OpenAPI "tags"); any other value given twice at the same place must be
 * the same (two modules may translate the same message), else it is an
 * error naming the file and the key, as is a duplicate key within a file.
 * The result is written to OUT, keys in the order they were first met.
 *
 * A build tool, not part of the server: it may simply exit on error.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
fail(const char *file, const char *path, const char *what)
{
	fprintf(stderr, "merge-json: %s: %s: %s\n", file, path, what);
	exit(1);
}

static void
merge(json_t *into, json_t *from, const char *file, const char *path)
{
	const char *key;
	json_t *value;

	json_object_foreach(from, key, value) {
		json_t *old = json_object_get(into, key);
		char sub[512];

		snprintf(sub, sizeof(sub), "%s/%s", path, key);
		if (!old)
			json_object_set(into, key, value);
		else if (json_is_object(old) && json_is_object(value))
			merge(old, value, file, sub);
		else if (json_is_array(old) && json_is_array(value))
			json_array_extend(old, value);
		else if (!json_equal(old, value))
			fail(file, sub, "given twice, with different values");
	}
}

static json_t *
load(const char *file)
{
	json_error_t e;
	json_t *j = json_load_file(file, JSON_REJECT_DUPLICATES, &e);
	char where[64];

	if (!j) {
		snprintf(where, sizeof(where), "%d:%d", e.line, e.column);
		fail(file, where, e.text);
	}
	if (!json_is_object(j))
		fail(file, "/", "not a JSON object");
	return j;
}

int
main(int argc, char **argv)
{
	json_t *doc;

	if (argc < 3) {
		fprintf(stderr, "usage: merge-json OUT BASE [FRAGMENT...]\n");
		return 2;
	}
	doc = load(argv[2]);
	for (int i = 3; i < argc; i++) {
		json_t *part = load(argv[i]);

		merge(doc, part, argv[i], "");
		json_decref(part);
	}
	if (json_dump_file(doc, argv[1], JSON_INDENT(1) | JSON_PRESERVE_ORDER)) {
		fprintf(stderr, "merge-json: cannot write %s\n", argv[1]);
		return 1;
	}
	json_decref(doc);
	return 0;
}
