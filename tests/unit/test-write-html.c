/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the pages for people (write/html*.c, write/feedxsl.c):
 * the index page written whole for hostile channel texts, the channel
 * view of a hostile story (every text escaped, no javascript: link),
 * an empty channel, the <?xml-stylesheet?> instruction, and feed.xsl
 * well-formed XSLT carrying the shared style sheet. tests/people/run.sh
 * compares whole service outputs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tap.h"

#include "model/article.h"
#include "model/feed.h"
#include "util/caps.h"
#include "util/xmalloc.h"
#include "write/html.h"
#include "write/write.h"

/* The whole index of two channels, one with hostile texts. */
static void
test_index(void)
{
	static const struct html_feedlink feeds[] = {
		{ "a&b.rss", "application/rss+xml", "RSS" },
		{ "a&b.json", "application/feed+json", "JSON Feed" },
	};
	struct html_channel v[2];
	struct buf b, want;

	memset(v, 0, sizeof v);
	v[0].title = "<script>alert(\"x\")</script>";
	v[0].description = "Tom & Jerry's <b>feed</b>";
	v[0].href = "a&b.html";
	v[0].count = 1;
	v[0].updated = 1764316800;	/* 2025-11-28T08:00:00Z */
	v[0].feeds = feeds;
	v[0].nfeeds = 2;
	v[1].title = "Quiet";
	buf_init(&b, CAP_OUTPUT);
	buf_init(&want, CAP_OUTPUT);
	CHECK_INT_EQ(html_index("Site \"A\" & <B>", v, 2, &b), ERR_OK);
	CHECK(buf_add(&want, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>Site \"A\" &amp; &lt;B&gt;</title>\n"
	    "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; (RSS)\""
	    " href=\"a&amp;b.rss\">\n"
	    "<link rel=\"alternate\" type=\"application/feed+json\" "
	    "title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
	    "(JSON Feed)\" href=\"a&amp;b.json\">\n<style>\n") == ERR_OK);
	CHECK(buf_add(&want, html_css) == ERR_OK);
	CHECK(buf_add(&want, "</style>\n</head>\n<body>\n<header>\n"
	    "<h1>Site \"A\" &amp; &lt;B&gt;</h1>\n<p class=\"desc\">2 channels"
	    "</p>\n</header>\n<main>\n"
	    "<section class=\"channel\">\n<div class=\"text\">\n"
	    "<h2><a href=\"a&amp;b.html\">&lt;script&gt;alert(\"x\")"
	    "&lt;/script&gt;</a></h2>\n"
	    "<p class=\"desc\">Tom &amp; Jerry's &lt;b&gt;feed&lt;/b&gt;</p>\n"
	    "<p class=\"meta\">1 story &middot; updated <time "
	    "datetime=\"2025-11-28T08:00:00Z\">2025-11-28 08:00 UTC</time>"
	    "</p>\n<p class=\"subscribe\">Subscribe: "
	    "<a href=\"a&amp;b.rss\" type=\"application/rss+xml\">RSS</a> "
	    "<a href=\"a&amp;b.json\" type=\"application/feed+json\">"
	    "JSON Feed</a></p>\n</div>\n</section>\n"
	    "<section class=\"channel\">\n<div class=\"text\">\n"
	    "<h2>Quiet</h2>\n<p class=\"meta\">0 stories</p>\n</div>\n"
	    "</section>\n</main>\n</body>\n</html>\n") == ERR_OK);
	CHECK_STR_EQ(buf_str(&b), buf_str(&want));
	buf_reset(&b);
	CHECK_INT_EQ(html_index("None", NULL, 0, &b), ERR_OK);
	CHECK(strstr(buf_str(&b), "<p class=\"note\">No channels.</p>") !=
	    NULL);
	buf_cleanup(&b);
	buf_cleanup(&want);
}

/* Run writer_html over f and its n articles into b. */
static enum err
render(const struct write_opts *o, struct feed *f, struct article **a,
    size_t n, struct buf *b)
{
	const struct writer *w = writer_find("html");
	void	*st;
	size_t	 i;
	enum err e;

	st = xcalloc(1, w->state_size);
	e = w->head(st, o, f, n > 0 ? a[0] : NULL, b);
	for (i = 0; i < n && !e; i++)
		e = w->article(st, o, f, a[i], b);
	if (!e)
		e = w->end(st, o, f, b);
	free(st);
	return e;
}

static void
test_channel(void)
{
	static const struct html_feedlink feeds[] = {
		{ "news.rss", "application/rss+xml", "RSS" },
	};
	struct html_opts ho;
	struct write_opts wo;
	struct feed f;
	struct article *a[2];
	struct image *im;
	struct person *p;
	struct buf b;
	const char *s;

	memset(&ho, 0, sizeof ho);
	ho.share_href = "share/";
	ho.index_href = "index.html";
	ho.feeds = feeds;
	ho.nfeeds = 1;
	memset(&wo, 0, sizeof wo);
	wo.html = &ho;
	feed_init(&f);
	f.title = xstrdup("News & <views>");
	f.language = xstrdup("en-GB");
	a[0] = article_new();
	a[0]->id = xstrdup("tag:x,2026:1");
	a[0]->title = xstrdup("</h2><script>alert(1)</script>");
	a[0]->url = xstrdup("javascript:alert(1)");
	a[0]->summary = xstrdup("\"Quoted\" & <tagged>");
	a[0]->language = xstrdup("fr");
	a[0]->published.t = 1764316800;
	im = article_add_image(a[0]);
	im->url = xstrdup("https://img.example/a.png?x=1&y=2");
	im->alt = xstrdup("An \"alt\" <text>");
	p = article_add_author(a[0]);
	p->name = xstrdup("Ann <Author>");
	a[1] = article_new();
	a[1]->id = xstrdup("https://news.example/2");
	a[1]->title = xstrdup("Plain");
	buf_init(&b, CAP_OUTPUT);
	CHECK_INT_EQ(render(&wo, &f, a, 2, &b), ERR_OK);
	s = buf_str(&b);
	CHECK(strncmp(s, "<!DOCTYPE html>\n<html lang=\"en-GB\">", 35) == 0);
	CHECK(strstr(s, "<title>News &amp; &lt;views&gt;</title>") != NULL);
	CHECK(strstr(s, "<link rel=\"alternate\" type=\"application/rss+xml\" "
	    "title=\"News &amp; &lt;views&gt; (RSS)\" href=\"news.rss\">") !=
	    NULL);
	CHECK(strstr(s, "<p class=\"crumb\"><a href=\"index.html\">") != NULL);
	CHECK(strstr(s, "<script") == NULL);
	CHECK(strstr(s, "javascript:") == NULL);
	CHECK(strstr(s, "<article class=\"story\" lang=\"fr\">") != NULL);
	CHECK(strstr(s, "<h2>&lt;/h2&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
	    "</h2>") != NULL);
	CHECK(strstr(s, "<div class=\"thumb\"><img src=\"https://img.example/"
	    "a.png?x=1&amp;y=2\" alt=\"An &quot;alt&quot; "
	    "&lt;text&gt;\" loading=\"lazy\"></div>") != NULL);
	CHECK(strstr(s, "<p class=\"dek\">\"Quoted\" &amp; &lt;tagged&gt;</p>")
	    != NULL);
	CHECK(strstr(s, "<p class=\"byline\">By Ann &lt;Author&gt; &middot; "
	    "<time datetime=\"2025-11-28T08:00:00Z\">2025-11-28</time></p>")
	    != NULL);
	/* No web URL: only the share page link. */
	CHECK(strstr(s, "<p class=\"links\"><a href=\"share/") != NULL);
	/* The id is the story's URL when it is one. */
	CHECK(strstr(s, "<h2><a href=\"https://news.example/2\">Plain</a></h2>")
	    != NULL);
	CHECK(strstr(s, "No stories yet") == NULL);
	buf_reset(&b);
	memset(&wo, 0, sizeof wo);
	CHECK_INT_EQ(render(&wo, &f, NULL, 0, &b), ERR_OK);
	CHECK(strstr(buf_str(&b), "<main>\n<p class=\"note\">No stories yet."
	    "</p>\n</main>\n</body>\n</html>\n") != NULL);
	CHECK(strstr(buf_str(&b), "class=\"crumb\"") == NULL);
	CHECK(strstr(buf_str(&b), "Subscribe:") == NULL);
	buf_cleanup(&b);
	article_free(a[0]);
	article_free(a[1]);
	feed_cleanup(&f);
}

static void
test_stylesheet(void)
{
	struct write_out w;
	struct buf b;
	xmlDocPtr doc;
	xmlNodePtr root;

	buf_init(&b, CAP_OUTPUT);
	w.b = &b;
	w.e = ERR_OK;
	write_stylesheet_pi(&w, NULL);
	CHECK_INT_EQ(b.len, 0);
	write_stylesheet_pi(&w, "feed.xsl?a=1&b=\"?>");
	CHECK_STR_EQ(buf_str(&b), "<?xml-stylesheet type=\"text/xsl\" "
	    "href=\"feed.xsl?a=1&amp;b=&quot;?&gt;\"?>\n");
	buf_reset(&b);
	CHECK_INT_EQ(html_feed_xsl(&b), ERR_OK);
	CHECK(strstr(buf_str(&b), html_css) != NULL);
	doc = xmlReadMemory(b.data, (int)b.len, "feed.xsl", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	CHECK(doc != NULL);
	root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	CHECK(root != NULL && root->ns != NULL &&
	    strcmp((const char *)root->name, "stylesheet") == 0 &&
	    strcmp((const char *)root->ns->href,
	    "http://www.w3.org/1999/XSL/Transform") == 0);
	xmlFreeDoc(doc);
	buf_cleanup(&b);
}

int
main(void)
{
	test_index();
	test_channel();
	test_stylesheet();
	return tap_done();
}
