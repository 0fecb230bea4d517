/* SPDX-License-Identifier: MIT */
/*
 * OPML lists: reading feeds out of nested folders (categories from the
 * folders and the category attribute, lines of multi-line start tags),
 * leaving out what cannot be used, refusing what is not OPML, and
 * writing a list that reads back the same.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "tap.h"
#include "read/opml.h"
#include "util/buf.h"
#include "write/opml.h"

static const char doc[] =
    "<?xml version=\"1.0\"?>\n"
    "<!-- <outline text=\"in a comment\" xmlUrl=\"https://no.example/\"/> -->\n"
    "<opml version=\"2.0\"><head><title>  My\n list </title></head>\n"
    "<body>\n"
    "<outline text=\"Tech\"><outline text=\"AI\">\n"
    "<outline\n"
    "  text=\"Deep\" type=\"rss\"\n"
    "  xmlUrl=\"https://deep.example/rss\" htmlUrl=\"https://deep.example/\"\n"
    "  category=\"/Research/ML, tech\"/>\n"
    "</outline></outline>\n"
    "<outline text=\"Plain\" XMLURL=\"http://plain.example/feed\"/>\n"
    "<outline text=\"Bad\" xmlUrl=\"ftp://bad.example/\"/>\n"
    "<outline text=\"Folder after\"><outline title=\"T\" text=\"x\" "
    "xmlUrl=\"https://t.example/\" htmlUrl=\"javascript:1\"/></outline>\n"
    "</body></opml>\n";

static void
test_read(void)
{
	struct opml o;
	const struct opml_outline *ol;

	CHECK_INT_EQ(opml_read(doc, strlen(doc), "t.opml", &o), ERR_OK);
	CHECK_STR_EQ(o.title, "My list");
	CHECK_INT_EQ(o.n, 3);
	if (o.n == 3) {
		ol = &o.v[0];
		CHECK_STR_EQ(ol->title, "Deep");
		CHECK_STR_EQ(ol->xml_url, "https://deep.example/rss");
		CHECK_STR_EQ(ol->html_url, "https://deep.example/");
		CHECK_STR_EQ(ol->type, "rss");
		CHECK_INT_EQ(ol->line, 7);
		CHECK_INT_EQ(ol->ncategories, 4);
		if (ol->ncategories == 4) {
			CHECK_STR_EQ(ol->categories[0], "Tech");
			CHECK_STR_EQ(ol->categories[1], "AI");
			CHECK_STR_EQ(ol->categories[2], "Research");
			CHECK_STR_EQ(ol->categories[3], "ML");
		}
		ol = &o.v[1];
		CHECK_STR_EQ(ol->xml_url, "http://plain.example/feed");
		CHECK_INT_EQ(ol->ncategories, 0);
		CHECK_INT_EQ(ol->line, 12);
		ol = &o.v[2];
		CHECK_STR_EQ(ol->title, "T");
		CHECK(ol->html_url == NULL);
		CHECK_INT_EQ(ol->ncategories, 1);
		if (ol->ncategories == 1)
			CHECK_STR_EQ(ol->categories[0], "Folder after");
		CHECK_INT_EQ(ol->line, 14);
	}
	opml_cleanup(&o);
}

static void
test_refused(void)
{
	static const char *const bad[] = {
		"<rss version=\"2.0\"><channel/></rss>",
		"<opml><head/></opml>",
		"<opml><body><outline text=\"a\"></body></opml>",
		"<!DOCTYPE opml [<!ENTITY a \"x\">]><opml><body/></opml>",
		"",
	};
	struct opml o;
	size_t	 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(opml_read(bad[i], strlen(bad[i]), "bad.opml", &o) !=
		    ERR_OK);
		CHECK_INT_EQ(o.n, 0);
		opml_cleanup(&o);
	}
}

static void
test_write(void)
{
	struct opml o, back;
	struct buf b, b2;

	CHECK_INT_EQ(opml_read(doc, strlen(doc), "t.opml", &o), ERR_OK);
	buf_init(&b, 1 << 20);
	buf_init(&b2, 1 << 20);
	CHECK_INT_EQ(opml_write(&o, &b), ERR_OK);
	CHECK(strstr(buf_str(&b), "<outline type=\"rss\" text=\"Deep\" "
	    "title=\"Deep\" xmlUrl=\"https://deep.example/rss\" "
	    "htmlUrl=\"https://deep.example/\" "
	    "category=\"/Tech,/AI,/Research,/ML\"/>") != NULL);
	CHECK_INT_EQ(opml_read(b.data, b.len, "w.opml", &back), ERR_OK);
	CHECK_INT_EQ(back.n, o.n);
	CHECK_INT_EQ(opml_write(&back, &b2), ERR_OK);
	CHECK_STR_EQ(buf_str(&b2), buf_str(&b));
	opml_cleanup(&back);
	opml_cleanup(&o);
	buf_cleanup(&b);
	buf_cleanup(&b2);
}

int
main(void)
{
	test_read();
	test_refused();
	test_write();
	xmlCleanupParser();
	return tap_done();
}
