/*
 * section.c - the workbench's sections as modules append them
 * (section.h).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "page/page.h"
#include "page/section.h"

json_t *
page_section(struct request *r, json_t *sections, const char *key,
	     const char *title_key)
{
	json_t *s = json_pack("{s:s,s:s,s:[],s:[]}", "key", key, "title",
			      page_text(r, title_key), "counts", "rows");

	json_array_append_new(sections, s);
	return s;
}

void
page_section_count(struct request *r, json_t *s, const char *label_key,
		   const char *value, const char *href, bool warn)
{
	json_array_append_new(json_object_get(s, "counts"), json_pack(
		"{s:s,s:s,s:s?,s:b}", "label", page_text(r, label_key),
		"value", value, "href", href, "warn", warn));
}

void
page_section_figure(struct request *r, json_t *s, const char *label_key,
		    int64_t n, const char *href, bool warn)
{
	page_section_count(r, s, label_key, arena_printf(&r->arena, "%lld",
			   (long long)n), href, warn && n > 0);
}

json_t *
page_section_row(json_t *s, const char *text, const char *note,
		 const char *href)
{
	json_t *row = json_pack("{s:s?,s:s?,s:s?}", "text", text, "note",
				note, "href", href);

	json_array_append_new(json_object_get(s, "rows"), row);
	return row;
}
