/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for page extraction: datelines, class/id classification,
 * metadata collection, JSON-LD (graph, references, arrays), the body
 * extractor's whole output on small pages, and feed autodiscovery.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/body.h"
#include "extract/classify.h"
#include "extract/discover.h"
#include "extract/meta.h"
#include "extract/page.h"
#include "read/jsonld.h"
#include "tap.h"

static void
test_dateline(void)
{
	static const struct { const char *in, *want; } v[] = {
		{ "WASHINGTON \xe2\x80\x94 Sen. Rand Paul invited", "WASHINGTON" },
		{ "MOSCOW (AP) \xe2\x80\x94 Russian and Ukrainian", "MOSCOW" },
		{ "LONDON (Reuters) - The Bank of England", "LONDON" },
		{ "NEW YORK, N.Y. -- Stocks rose", "NEW YORK, N.Y." },
		{ "SOGAKOPE, Ghana \xe2\x80\x94 The water", "SOGAKOPE, Ghana" },
		{ "Sen. Rand Paul \xe2\x80\x94 who leads", NULL },
		{ "The 2016 election - and after", NULL },
		{ "A \xe2\x80\x94 b", NULL },
		{ "no dash at all", NULL },
		{ "", NULL },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		got = body_dateline(v[i].in);
		CHECK_MSG(v[i].want == NULL ? got == NULL : got != NULL &&
		    strcmp(got, v[i].want) == 0, "dateline of \"%s\" is %s "
		    "(got %s)", v[i].in, v[i].want ? v[i].want : "none",
		    got ? got : "none");
		free(got);
	}
	CHECK(body_dateline(NULL) == NULL);
}

/* The first element child of <body>. */
static const GumboNode *
first_el(const struct page *p)
{
	const GumboVector *v = page_kids(p->body);
	size_t	 i;

	for (i = 0; i < v->length; i++)
		if (((const GumboNode *)v->data[i])->type == GUMBO_NODE_ELEMENT)
			return v->data[i];
	return NULL;
}

static void
test_classify(void)
{
	static const struct { const char *html; int junk, weight; } v[] = {
		{ "<div class=\"share-bar\">x</div>", 1, -25 },
		{ "<div class=\"sharedaddy sd-sharing\">x</div>", 1, -25 },
		{ "<div class=\"entry-content\">x</div>", 0, 25 },
		{ "<div class=\"commentary\">x</div>", 0, 0 },
		{ "<div class=\"comment-content\">x</div>", 1, 0 },
		{ "<div class=\"header download\">x</div>", 0, 0 },
		{ "<div class=\"ad-slot\">x</div>", 1, -25 },
		{ "<div class=\"PageBuilder-pageRow\">x</div>", 0, 25 },
		{ "<div id=\"__next\">x</div>", 0, 0 },
		{ "<nav>x</nav>", 1, 0 },
		{ "<div hidden>x</div>", 1, 0 },
		{ "<div style=\"display: none\">x</div>", 1, 0 },
		{ "<div role=\"navigation\">x</div>", 1, 0 },
		{ "<div class=\"related\"><h1>The story</h1></div>", 0, -25 },
	};
	struct page *p;
	size_t	 i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		p = page_parse(v[i].html, strlen(v[i].html), NULL);
		CHECK_MSG(classify_junk(first_el(p)) == v[i].junk &&
		    classify_weight(first_el(p)) == v[i].weight,
		    "%s: junk %d weight %d (got %d %d)", v[i].html, v[i].junk,
		    v[i].weight, classify_junk(first_el(p)),
		    classify_weight(first_el(p)));
		page_free(p);
	}
	CHECK(classify_junk_text("ShareThis"));
	CHECK(classify_junk_text("Advertisement"));
	CHECK(!classify_junk_text("Share prices fell."));
}

static const char page_html[] =
"<html lang=\"en\"><head><title>Headline | Site</title>"
"<base href=\"https://cdn.example.com/a/\">"
"<meta property=\"og:title\" content=\"OG headline\">"
"<meta name=\"author\" content=\"Ann\"><meta name=\"author\" content=\"Bob\">"
"<link rel=\"canonical\" href=\"/story\">"
"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss.xml\" "
"title=\"Feed\">"
"<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":"
"\"NewsArticle\",\"headline\":\"LD headline\",\"author\":{\"@id\":\"#p\"},"
"\"image\":{\"@id\":\"#i\"},\"keywords\":\"a, b\",\"publisher\":{\"@id\":"
"\"#o\"}},{\"@id\":\"#p\",\"@type\":\"Person\",\"name\":\"Carol\"},"
"{\"@id\":\"#i\",\"@type\":\"ImageObject\",\"url\":\"https://x/i.jpg\","
"\"width\":800,\"height\":\"600\"},{\"@id\":\"#o\",\"@type\":"
"\"Organization\",\"name\":\"Site\"}]}</script>"
"<script type=\"application/ld+json\">{ not json</script>"
"</head><body><time datetime=\"2024-01-02T03:04:05Z\">Jan 2</time>"
"<span itemprop=\"articleSection\">World</span></body></html>";

static void
test_meta(void)
{
	struct page	*p;
	struct page_meta m;
	struct jsonld	 j;
	struct found	 f;

	p = page_parse(page_html, strlen(page_html), "https://example.com/x");
	CHECK_STR_EQ(p->base, "https://cdn.example.com/a/");
	meta_collect(p, &m);
	CHECK_STR_EQ(m.title, "Headline | Site");
	CHECK_STR_EQ(m.lang, "en");
	CHECK_STR_EQ(m.canonical, "https://cdn.example.com/story");
	CHECK_STR_EQ(m.time, "2024-01-02T03:04:05Z");
	CHECK_STR_EQ(meta_get(&m, "og:title"), "OG headline");
	CHECK_STR_EQ(meta_get_nth(&m, "author", 1), "Bob");
	CHECK(meta_get_nth(&m, "author", 2) == NULL);
	CHECK_STR_EQ(meta_get(&m, "itemprop:articlesection"), "World");
	CHECK_INT_EQ(m.njsonld, 2);
	CHECK(jsonld_parse(m.jsonld, m.njsonld, &j));
	CHECK_STR_EQ(j.type, "NewsArticle");
	CHECK_STR_EQ(j.headline, "LD headline");
	CHECK_INT_EQ(j.nauthors, 1);
	CHECK_STR_EQ(j.authors[0], "Carol");
	CHECK_STR_EQ(j.image, "https://x/i.jpg");
	CHECK_INT_EQ(j.image_width, 800);
	CHECK_INT_EQ(j.image_height, 600);
	CHECK_STR_EQ(j.site_name, "Site");
	CHECK_INT_EQ(j.nkeywords, 2);
	CHECK_STR_EQ(j.keywords[1], "b");
	jsonld_cleanup(&j);
	discover_feeds(p, &f);
	CHECK_INT_EQ(f.n, 1);
	CHECK_STR_EQ(f.n > 0 ? f.v[0].url : NULL,
	    "https://cdn.example.com/a/rss.xml");
	CHECK_STR_EQ(f.n > 0 ? f.v[0].type : NULL, "application/rss+xml");
	discover_cleanup(&f);
	meta_cleanup(&m);
	page_free(p);
}

static void
test_body(void)
{
	static const char html[] =
	"<body><nav><a href=/>Home</a><a href=/n>News</a></nav>"
	"<div class=\"share\"><a href=#>Share on Facebook</a></div>"
	"<article><h1>The headline</h1><p class=byline>By Jane Roe</p>"
	"<figure><img src=\"data:image/gif;base64,R0l\" "
	"data-src=\"/i/a.jpg\" width=640 height=480 alt=\"A\"><figcaption>"
	"The caption. <span class=credit>Photo: X</span></figcaption></figure>"
	"<p>PARIS \xe2\x80\x94 First paragraph of the story, long enough to "
	"count, with a comma, and another.</p>"
	"<div class=\"related-links\"><ul><li><a href=/a>Another story</a></li>"
	"<li><a href=/b>And another</a></li></ul></div>"
	"<p>Second paragraph, which has <a href=\"/x\">a link</a> and "
	"<em>emphasis</em> in it, also long enough.</p>"
	"<img src=/t.gif width=1 height=1></article>"
	"<div id=comments><p>A comment that is long enough to count as a "
	"paragraph, with commas, commas.</p></div></body>";
	struct page *p;
	struct body b;

	p = page_parse(html, strlen(html), "https://news.example/s/1");
	body_extract(p, "The headline", &b);
	CHECK_STR_EQ(b.html, "<figure><img src=\"https://news.example/i/a.jpg\""
	    " alt=\"A\" width=\"640\" height=\"480\"><figcaption>The caption. "
	    "Photo: X</figcaption></figure><p>PARIS \xe2\x80\x94 First paragraph "
	    "of the story, long enough to count, with a comma, and another.</p>"
	    "<p>Second paragraph, which has <a href=\"https://news.example/x\">"
	    "a link</a> and <em>emphasis</em> in it, also long enough.</p>");
	CHECK_STR_EQ(b.dateline, "PARIS");
	CHECK_STR_EQ(b.byline, "By Jane Roe");
	CHECK_INT_EQ(b.nimages, 1);
	CHECK_STR_EQ(b.images[0].caption, "The caption.");
	CHECK_STR_EQ(b.images[0].credit, "Photo: X");
	CHECK_INT_EQ(b.paragraphs, 2);
	CHECK(strncmp(b.rule, "candidate article score ", 24) == 0);
	body_cleanup(&b);
	page_free(p);

	/* No body at all, and a body with nothing in it. */
	p = page_parse("", 0, NULL);
	body_extract(p, NULL, &b);
	CHECK(b.html == NULL);
	body_cleanup(&b);
	page_free(p);
}

static void
test_deep(void)
{
	struct buf b;
	struct page *p;
	struct body bd;
	int	 i;

	/* Nesting far past PAGE_MAX_DEPTH must not exhaust the stack. */
	buf_init(&b, 16 * 1024 * 1024);
	for (i = 0; i < 100000; i++)
		CAPPED(buf_add(&b, "<div>"));
	CAPPED(buf_add(&b, "<p>deep text, deep text, deep text, deep.</p>"));
	p = page_parse(b.data, b.len, NULL);
	body_extract(p, NULL, &bd);
	CHECK(bd.html == NULL || strlen(bd.html) < 1000);
	body_cleanup(&bd);
	page_free(p);
	buf_cleanup(&b);
}

/* rep with every '#' replaced by i, into one (128 bytes). */
static void
fill(char *one, const char *rep, int i)
{
	char	 num[16];
	size_t	 o = 0;

	snprintf(num, sizeof num, "%d", i);
	for (; *rep != '\0' && o + sizeof num < 128; rep++) {
		if (*rep != '#') {
			one[o++] = *rep;
			continue;
		}
		memcpy(one + o, num, strlen(num));
		o += strlen(num);
	}
	one[o] = '\0';
}

/*
 * One pathological page (head, n times rep, tail) through parse and
 * extraction; returns the CPU seconds it took.
 */
static double
patho(const char *what, const char *head, const char *rep, int n,
    const char *tail, const char *want)
{
	struct buf b;
	struct page *p;
	struct body bd;
	clock_t	 t0 = clock();
	char	 one[128];
	int	 i;

	buf_init(&b, 64 * 1024 * 1024);
	CAPPED(buf_add(&b, head));
	for (i = 0; i < n; i++) {
		fill(one, rep, i);
		CAPPED(buf_add(&b, one));
	}
	CAPPED(buf_add(&b, tail));
	p = page_parse(b.data, b.len, NULL);
	body_extract(p, NULL, &bd);
	CHECK_MSG(want == NULL || (bd.html != NULL &&
	    strstr(bd.html, want) != NULL), "%s: the text is kept", what);
	body_cleanup(&bd);
	page_free(p);
	buf_cleanup(&b);
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/*
 * gumbo 0.10.1 is quadratic or worse on these (before the defuse pass
 * the attribute page alone ran for more than two minutes); each must
 * now finish well inside a bound that holds under ASan too.
 */
static void
test_pathological(void)
{
	static const char story[] = "<html><body><article><p>The council "
	    "met on Monday night and voted to approve the new bridge after a "
	    "long debate about its cost and its design.</p><p>";
	double	 t;

	t = patho("unclosed formatting elements", story,
	    "<b class=\"c#\"><i id=\"i#\">word ", 20000,
	    "</p></article></body></html>", "voted to approve");
	CHECK_MSG(t < 10, "20000 unclosed formatting elements: %.2f s", t);
	t = patho("formatting elements left open in paragraphs", story,
	    "</p><p><b class=\"c#\"><em data-n=\"#\">word ", 20000,
	    "</p></article></body></html>", "voted to approve");
	CHECK_MSG(t < 10, "20000 paragraphs with open formatting elements: "
	    "%.2f s", t);
	t = patho("nesting", "<html><body>", "<div><span>", 100000,
	    "<p>deep</p></body></html>", NULL);
	CHECK_MSG(t < 10, "200000 nested elements: %.2f s", t);
	t = patho("attributes", "<html><body><article><p ", "a#=\"1\" ",
	    100000, ">The council met on Monday night and voted to approve "
	    "the new bridge after a long debate about its cost.</p>"
	    "</article></body></html>", "voted to approve");
	CHECK_MSG(t < 10, "100000 attributes on one tag: %.2f s", t);
	t = patho("tables", "<html><body>", "<table><tr><td>", 20000,
	    "x</body></html>", NULL);
	CHECK_MSG(t < 10, "20000 nested tables: %.2f s", t);
	t = patho("tags", story, "<a href=\"/x#\">link</a> ", 300000,
	    "</p></article></body></html>", "voted to approve");
	CHECK_MSG(t < 10, "300000 tags (past CAP_PAGE_TAGS): %.2f s", t);
}

int
main(void)
{
	test_dateline();
	test_classify();
	test_meta();
	test_body();
	test_deep();
	test_pathological();
	return tap_done();
}
