/*
 * path.c - a person's path (party.h): the sections the modules above
 * party add at start-up, gathered for the person's page.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "http/http.h"
#include "page/page.h"
#include "party/party.h"
#include "record/record.h"

static const struct party_path_section *sections[PARTY_PATH_SECTIONS];
static size_t nsections;

void
party_path_entry(json_t *items, const char *on, const char *title,
		 const char *href, const char *tag, const char *note)
{
	json_array_append_new(items, json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?}",
		"on", on, "title", title, "href", href, "tag", tag,
		"note", note));
}

int
party_path_add(const struct party_path_section *s)
{
	if (nsections == PARTY_PATH_SECTIONS)
		return ERR_TOOBIG;
	sections[nsections++] = s;
	return 0;
}

/* One entry and where it stood, for a stable sort by date. */
struct placed {
	json_t *entry;
	size_t at;
};

static int
by_date(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	const char *dx = record_text(x->entry, "on");
	const char *dy = record_text(y->entry, "on");
	int c = strcmp(dx ? dx : "", dy ? dy : "");

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* `items` in date order, those of one date as the section gave them. */
static int
sort_by_date(struct request *r, json_t *items)
{
	size_t n = json_array_size(items), i;
	struct placed *v;
	json_t *one;

	if (n < 2)
		return 0;
	if (!(v = arena_new(&r->arena, struct placed, n)))
		return ERR_TOOBIG;
	json_array_foreach(items, i, one)
		v[i] = (struct placed){ json_incref(one), i };
	qsort(v, n, sizeof(*v), by_date);
	for (i = 0; i < n; i++)
		json_array_set_new(items, i, v[i].entry);
	return 0;
}

int
party_path(struct request *r, int64_t person_id, json_t **out)
{
	json_t *path = json_array(), *items;
	int rc = 0;

	for (size_t i = 0; i < nsections && !rc; i++) {
		items = json_array();
		rc = sections[i]->fill(r, person_id, items);
		if (!rc)
			rc = sort_by_date(r, items);
		/* A module that knows nothing of the person says nothing. */
		if (!json_array_size(items)) {
			json_decref(items);
			continue;
		}
		json_array_append_new(path, json_pack("{s:s,s:s,s:o}", "key",
			sections[i]->key, "heading", page_text(r,
			sections[i]->heading), "items", items));
	}
	if (rc) {
		json_decref(path);
		path = NULL;
	}
	*out = path;
	return rc;
}
