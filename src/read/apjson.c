/* SPDX-License-Identifier: MIT */
/*
 * The AP Media API JSON reader: a content response ({"data": {"item":
 * ...}}) or a feed response ({"data": {"items": [{"item": ...}]}}). AP
 * items are ninjs-like, so each is mapped by ninjs_item(). The story
 * text itself is a separate NITF rendition that AP links to; feedmill
 * does not fetch it, so items carry the headline and metadata only.
 */
#include "config.h"
#include "read/wire.h"

#include <string.h>

#include <jansson.h>

#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define MAXITEMS	CAP_LIST

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	json_t	*root, *data, *list, *v, *items[MAXITEMS];
	size_t	 n = 0, i;
	enum err e;

	e = ninjs_load(in, o, &root);
	if (e)
		return e;
	data = json_object_get(root, "data");
	if (!json_is_object(data)) {
		log_error("%s: not AP Media API JSON: no \"data\" object",
		    o->name);
		json_decref(root);
		return ERR_PARSE;
	}
	v = json_object_get(data, "item");
	if (json_is_object(v))
		items[n++] = v;
	list = json_object_get(data, "items");
	if (json_is_array(list))
		json_array_foreach(list, i, v) {
			if (n >= MAXITEMS)
				break;
			if (json_is_object(json_object_get(v, "item")))
				items[n++] = json_object_get(v, "item");
		}
	e = ninjs_push(o, items, n, "apjson", out);
	json_decref(root);
	return e;
}

/* The AP Media API JSON reader, listed in read.c. */
const struct reader reader_apjson = {
	.name = "apjson",
	.description = "AP Media API JSON (content and feed responses)",
	.parse = parse,
};
