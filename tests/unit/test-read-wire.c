/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the wire readers' shared parts: sniffing of wire
 * formats, the news lifecycle (embargo, withheld, kill, which version
 * is newer), the plain-text reader's headline/dateline/boilerplate
 * rules, and the readers run end to end on small documents through
 * read_input() (with the lifecycle filter on, as convert has it) into a
 * collecting sink.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "model/article.h"
#include "model/feed.h"
#include "read/input.h"
#include "read/lifecycle.h"
#include "read/read.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define S(s)	(s), sizeof(s) - 1

static void
sniff(const char *head, size_t n, const char *want)
{
	const struct reader *r = read_sniff(head, n, NULL);

	CHECK_MSG(r != NULL && strcmp(r->name, want) == 0,
	    "sniff -> %s (got %s)", want, r != NULL ? r->name : "none");
}

static void
test_sniff(void)
{
	sniff(S("<?xml version=\"1.0\"?>\n<nitf version=\"x\">"), "nitf");
	sniff(S("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"),
	    "newsml");
	sniff(S("<?xml version=\"1.0\"?><newsMessage>"), "newsml");
	sniff(S("<NewsML Version=\"1.2\">"), "newsml");
	sniff(S("{\"uri\": \"x\", \"headline\": \"h\"}"), "ninjs");
	sniff(S("{\"headlines\": [], \"versionCreated\": \"x\"}"), "ninjs");
	sniff(S("{\"api_version\": \"1.1\", \"data\": {\"items\": []}}"),
	    "apjson");
	sniff(S("{\"version\": \"https://jsonfeed.org/version/1.1\", "
	    "\"items\": [{\"id\": \"1\"}]}"), "jsonfeed");
	sniff(S("{\"title\": \"t\", \"items\": []}"), "jsonfeed");
	sniff(S("Headline\n\nWASHINGTON \xe2\x80\x94 Text.\n"), "text");
	CHECK(read_sniff(S("bin\0ary"), NULL) == NULL);
}

static void
test_lifecycle(void)
{
	struct article *a = article_new(), *b = article_new();
	const char *why;

	CHECK(lifecycle_pass(a, 1000, &why) && why == NULL);
	a->embargo_until.t = 2000;
	CHECK(!lifecycle_pass(a, 1999, &why) && strcmp(why, "embargoed") == 0);
	CHECK(lifecycle_pass(a, 2000, &why));
	a->pubstatus = PUBSTATUS_WITHHELD;
	CHECK(!lifecycle_pass(a, 3000, &why) && strcmp(why, "withheld") == 0);
	a->pubstatus = PUBSTATUS_CANCELED;
	CHECK(!lifecycle_pass(a, 3000, &why) && strcmp(why, "canceled") == 0);
	a->pubstatus = PUBSTATUS_USABLE;
	a->signal = SIGNAL_KILL;
	CHECK(!lifecycle_pass(a, 3000, NULL));
	CHECK_INT_EQ(lifecycle_clock(12345), 12345);
	CHECK(lifecycle_clock(0) > 1700000000);

	/* Versions compare as numbers, then updated, then published. */
	xstrset(&a->version, "10");
	xstrset(&b->version, "9");
	CHECK(lifecycle_newer(a, b) > 0 && lifecycle_newer(b, a) < 0);
	xstrset(&b->version, "10");
	a->updated.t = 50;
	b->updated.t = 60;
	CHECK(lifecycle_newer(b, a) > 0);
	xstrset(&b->version, "v2");
	CHECK(lifecycle_newer(b, a) > 0);
	b->updated.t = 50;
	CHECK_INT_EQ(lifecycle_newer(a, b), 0);
	article_free(a);
	article_free(b);
}

/* What a read produced: up to 4 articles, moved out of the reader. */
struct got {
	struct article	*arts[4];
	size_t		 n;
};

static enum err
on_head(void *ctx, struct feed *f)
{
	(void)ctx;
	(void)f;
	return ERR_OK;
}

static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct got *g = ctx;

	(void)f;
	if (g->n < 4) {
		g->arts[g->n] = xmalloc(sizeof *a);
		*g->arts[g->n] = *a;
		memset(a, 0, sizeof *a);
	}
	g->n++;
	return ERR_OK;
}

/* convert filters by the lifecycle; the service (off) sees everything. */
static bool lifecycle_on = true;

static enum err
read_str(const char *s, const char *format, int64_t now, struct got *g)
{
	struct read_opts o;
	struct input in;
	struct sink sink = { on_head, on_article, on_head, g };

	memset(g, 0, sizeof *g);
	memset(&o, 0, sizeof o);
	o.name = "test";
	o.format = format;
	o.lifecycle = lifecycle_on;
	o.now = now;
	input_init_mem(&in, s, strlen(s), CAP_INPUT_WIRE);
	return read_input(&in, &o, &sink);
}

static void
got_free(struct got *g)
{
	size_t	 i;

	for (i = 0; i < g->n && i < 4; i++)
		article_free(g->arts[i]);
}

static void
test_text(void)
{
	struct got g;

	CHECK_INT_EQ(read_str("Share\nTweet\nBig storm hits coast |\n\n"
	    "Big storm hits coast\n\nA photo caption of the storm.\n\n"
	    "FORT WASHINGTON, Pa. (AP) _ Winds reached 100 mph.\n\n"
	    "Second paragraph is here.\n\nComment policy\n\nWe moderate.\n",
	    NULL, 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1) {
		CHECK_STR_EQ(g.arts[0]->title, "Big storm hits coast");
		CHECK_STR_EQ(g.arts[0]->dateline, "FORT WASHINGTON, Pa.");
		CHECK_STR_EQ(g.arts[0]->content_html,
		    "<figure><figcaption>A photo caption of the storm."
		    "</figcaption></figure>\n"
		    "<p>FORT WASHINGTON, Pa. (AP) _ Winds reached 100 mph.</p>\n"
		    "<p>Second paragraph is here.</p>");
	}
	got_free(&g);
	/* Hard-wrapped lines join; no dateline: the body follows. */
	CHECK_INT_EQ(read_str("Title line\n\nfirst line\nwraps here\n\n"
	    "Copyright 2026 X\n", "text", 1, &g), ERR_OK);
	if (g.n == 1)
		CHECK_STR_EQ(g.arts[0]->content_html,
		    "<p>first line wraps here</p>");
	got_free(&g);
	CHECK_INT_EQ(read_str("\x16\x16\x01W2870\n", "text", 1, &g),
	    ERR_UNSUPPORTED);
	got_free(&g);
}

static const char g2_embargo[] =
"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\" "
"version=\"2\"><itemMeta><itemClass qcode=\"ninat:text\"/>"
"<versionCreated>2026-01-01T00:00:00Z</versionCreated>"
"<embargoed>2026-01-02T00:00:00Z</embargoed>"
"<signal qcode=\"sig:correction\"/></itemMeta><contentMeta>"
"<headline>H</headline></contentMeta><contentSet><inlineData>B"
"</inlineData></contentSet></newsItem>";

static void
test_readers(void)
{
	struct got g;

	/* 2026-01-01T12:00Z: before the embargo; 2026-01-02: after. */
	CHECK_INT_EQ(read_str(g2_embargo, NULL, 1767268800, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 0);
	got_free(&g);
	CHECK_INT_EQ(read_str(g2_embargo, NULL, 1767312000, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1) {
		CHECK_STR_EQ(g.arts[0]->id, "g");
		CHECK_STR_EQ(g.arts[0]->version, "2");
		CHECK_INT_EQ(g.arts[0]->signal, SIGNAL_CORRECTION);
		CHECK_STR_EQ(g.arts[0]->content_html, "<p>B</p>");
	}
	got_free(&g);
	/* ninjs 2.x roles; a picture association with the largest rendition. */
	CHECK_INT_EQ(read_str("{\"uri\": \"u\", \"headlines\": [{\"role\": "
	    "\"main\", \"value\": \"Main\"}], \"bodies\": [{\"role\": \"text\", "
	    "\"contenttype\": \"text/plain\", \"value\": \"t\"}], "
	    "\"associations\": {\"a\": {\"type\": \"picture\", "
	    "\"description_text\": \"Cap\", \"renditions\": {\"s\": {\"href\": "
	    "\"http://x/s.jpg\", \"width\": 10, \"height\": 10}, \"l\": "
	    "{\"href\": \"http://x/l.jpg\", \"width\": 100, \"height\": 50}}}}}",
	    NULL, 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1) {
		CHECK_STR_EQ(g.arts[0]->title, "Main");
		CHECK_STR_EQ(g.arts[0]->content_html, "<p>t</p>");
		CHECK_INT_EQ(g.arts[0]->nimages, 1);
		if (g.arts[0]->nimages == 1) {
			CHECK_STR_EQ(g.arts[0]->images[0].url, "http://x/l.jpg");
			CHECK_STR_EQ(g.arts[0]->images[0].caption, "Cap");
		}
	}
	got_free(&g);
	/* NITF: a kill is not passed on; the same item usable is. */
	CHECK_INT_EQ(read_str("<nitf><head><docdata management-status="
	    "\"canceled\"><doc-id id-string=\"d\"/></docdata></head><body>"
	    "<body.head><hedline><hl1>K</hl1></hedline></body.head></body>"
	    "</nitf>", NULL, 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 0);
	got_free(&g);
	lifecycle_on = false;
	CHECK_INT_EQ(read_str("<nitf><head><docdata management-status="
	    "\"canceled\"><doc-id id-string=\"d\"/></docdata></head></nitf>",
	    NULL, 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1)
		CHECK_INT_EQ(g.arts[0]->pubstatus, PUBSTATUS_CANCELED);
	got_free(&g);
	lifecycle_on = true;
	CHECK_INT_EQ(read_str("<nitf><body><body.content><p>x</p>"
	    "</body.content></body></nitf>", "nitf", 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1)
		CHECK_STR_EQ(g.arts[0]->title, "x");
	got_free(&g);
	/*
	 * A closing copyright paragraph is dropped; a last "<p" left
	 * unterminated is not one (it crashed: fuzz, 2026-11-29).
	 */
	CHECK_INT_EQ(read_str("{\"uri\": \"c\", \"body_html\": \"<p>Story"
	    "</p>\\n<p>\u00a9 AP. All rights reserved.</p>\\n\"}", "ninjs", 1,
	    &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	if (g.n == 1)
		CHECK_STR_EQ(g.arts[0]->content_html, "<p>Story</p>");
	got_free(&g);
	CHECK_INT_EQ(read_str("{\"uri\": \"c\", \"body_html\": \"<p>Story"
	    "</p><p   \u00a9 unterminated p\"}", "ninjs", 1, &g), ERR_OK);
	CHECK_INT_EQ(g.n, 1);
	got_free(&g);
	/* Ill-formed JSON and a wrong root are clear errors. */
	CHECK_INT_EQ(read_str("{\"uri\": ", "ninjs", 1, &g), ERR_PARSE);
	got_free(&g);
	CHECK_INT_EQ(read_str("<rss/>", "nitf", 1, &g), ERR_PARSE);
	got_free(&g);
}

int
main(void)
{
	log_set_level(LOG_ERROR);
	log_set_output(fopen("/dev/null", "w"));
	test_sniff();
	test_lifecycle();
	test_text();
	test_readers();
	return tap_done();
}
