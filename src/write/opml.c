/* SPDX-License-Identifier: MIT */
/*
 * The OPML 2.0 writer: a flat list of outlines, each with the text
 * attribute OPML 2.0 requires (the title, else the feed's URL).
 */
#include "config.h"
#include "write/opml.h"

#include <string.h>

#include "util/escape.h"

/* name="value" when value is set. */
static enum err
attr(struct buf *out, const char *name, const char *value)
{
	enum err e;

	if (value == NULL || *value == '\0')
		return ERR_OK;
	e = buf_addf(out, " %s=\"", name);
	if (!e)
		e = buf_add_xml_attr(out, value);
	if (!e)
		e = buf_addc(out, '"');
	return e;
}

/* The category attribute: "/a,/b", each term without ',' or '/'. */
static enum err
categories(struct buf *out, const struct opml_outline *o)
{
	struct buf b;
	const char *p;
	size_t	 i;
	enum err e = ERR_OK;

	if (o->ncategories == 0)
		return ERR_OK;
	buf_init(&b, 64 * 1024);
	for (i = 0; i < o->ncategories && !e; i++) {
		e = buf_add(&b, i > 0 ? ",/" : "/");
		for (p = o->categories[i]; *p != '\0' && !e; p++)
			e = buf_addc(&b, *p == ',' || *p == '/' ? ' ' : *p);
	}
	if (!e)
		e = attr(out, "category", buf_str(&b));
	buf_cleanup(&b);
	return e;
}

enum err
opml_write(const struct opml *o, struct buf *out)
{
	const struct opml_outline *ol;
	size_t	 i;
	enum err e;

	e = buf_add(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n  <head>\n");
	if (!e && o->title != NULL) {
		e = buf_add(out, "    <title>");
		if (!e)
			e = buf_add_xml(out, o->title);
		if (!e)
			e = buf_add(out, "</title>\n");
	}
	if (!e)
		e = buf_add(out, "  </head>\n  <body>\n");
	for (i = 0; i < o->n && !e; i++) {
		ol = &o->v[i];
		e = buf_add(out, "    <outline type=\"rss\"");
		if (!e)
			e = attr(out, "text", ol->title != NULL ? ol->title :
			    ol->xml_url);
		if (!e)
			e = attr(out, "title", ol->title);
		if (!e)
			e = attr(out, "xmlUrl", ol->xml_url);
		if (!e)
			e = attr(out, "htmlUrl", ol->html_url);
		if (!e)
			e = categories(out, ol);
		if (!e)
			e = buf_add(out, "/>\n");
	}
	if (!e)
		e = buf_add(out, "  </body>\n</opml>\n");
	return e;
}
