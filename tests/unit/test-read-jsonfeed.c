/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the JSON Feed reader: JSON strings go through
 * reader_jsonfeed.parse into a collecting sink, and each mapped field is
 * compared. The articles are raw (the reader does not normalize), so
 * strings come back exactly as written. The last test runs every JSON
 * file of the shared corpus ($FEEDMILL_CORPUS) when it is there.
 */
#include "config.h"

#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#include "model/article.h"
#include "model/feed.h"
#include "read/input.h"
#include "read/read.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define MAXART	16

/* What the sink saw: call counts, the head and every article. */
struct got {
	int		 heads;
	int		 ends;
	bool		 order_ok;	/* head first, end last, same feed */
	const struct feed *head;
	struct feed	 feed;		/* taken from the reader at end() */
	struct article	*arts[MAXART];
	size_t		 narts;
	enum err	 head_ret;	/* what head() returns */
	size_t		 fail_at;	/* article() fails on the nth, from 1 */
	char		*log;		/* everything logged during the parse */
};

static enum err
on_head(void *ctx, struct feed *f)
{
	struct got *g = ctx;

	if (g->heads != 0 || g->narts != 0 || g->ends != 0)
		g->order_ok = false;
	g->heads++;
	g->head = f;
	return g->head_ret;
}

/* Keep the article by moving its contents out; the reader resets it. */
static enum err
on_article(void *ctx, const struct feed *f, struct article *a)
{
	struct got *g = ctx;
	struct article *copy;

	if (g->heads != 1 || g->ends != 0 || f != g->head)
		g->order_ok = false;
	if (g->narts < MAXART) {
		copy = xmalloc(sizeof *copy);
		*copy = *a;
		memset(a, 0, sizeof *a);
		g->arts[g->narts] = copy;
	}
	g->narts++;
	if (g->fail_at != 0 && g->narts == g->fail_at)
		return ERR_STORE;
	return ERR_OK;
}

/* Keep the head by moving its contents out; the reader cleans it up. */
static enum err
on_end(void *ctx, struct feed *f)
{
	struct got *g = ctx;

	if (g->heads != 1 || g->ends != 0 || f != g->head)
		g->order_ok = false;
	g->ends++;
	g->feed = *f;
	memset(f, 0, sizeof *f);
	return ERR_OK;
}

static void
got_init(struct got *g)
{
	memset(g, 0, sizeof *g);
	g->order_ok = true;
	feed_init(&g->feed);
}

static void
got_cleanup(struct got *g)
{
	size_t	 i;

	for (i = 0; i < g->narts && i < MAXART; i++)
		article_free(g->arts[i]);
	feed_cleanup(&g->feed);
	free(g->log);
	got_init(g);
}

/* Parse n bytes of json capped at max with options o (NULL: defaults). */
static enum err
run_n(struct got *g, const char *json, size_t n, size_t max,
    const struct read_opts *o)
{
	struct read_opts def = { .name = "t.json" };
	struct sink sink = { on_head, on_article, on_end, g };
	struct input in;
	size_t	 loglen;
	FILE	*fp;
	enum err e;

	fp = open_memstream(&g->log, &loglen);
	if (fp == NULL)
		abort();
	log_set_output(fp);
	input_init_mem(&in, json, n, max);
	e = reader_jsonfeed.parse(&in, o != NULL ? o : &def, &sink);
	log_set_output(NULL);
	fclose(fp);
	return e;
}

static enum err
run(struct got *g, const char *json)
{
	return run_n(g, json, strlen(json), CAP_INPUT_JSON, NULL);
}

static bool
logged(const struct got *g, const char *s)
{
	return g->log != NULL && strstr(g->log, s) != NULL;
}

/* After a failed check: show what was logged, as TAP comments. */
static void
show_log(bool ok, const struct got *g)
{
	const char *p;
	size_t	 n;

	if (ok || g->log == NULL)
		return;
	for (p = g->log; *p != '\0'; p += n) {
		n = strcspn(p, "\n");
		printf("#   log: %.*s\n", (int)n, p);
		if (p[n] == '\n')
			n++;
	}
}

static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return date_timegm(y, mo, d, h, mi, s);
}

/* A JSON Feed 1.0 document: author object, every item field. */
static void
test_v10(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1\","
	    " \"title\": \"My Feed\", \"description\": \"About it\","
	    " \"user_comment\": \"ignored\","
	    " \"home_page_url\": \"https://example.org/\","
	    " \"feed_url\": \"https://example.org/feed.json\","
	    " \"icon\": \"https://example.org/big.png\","
	    " \"favicon\": \"https://example.org/small.png\","
	    " \"language\": \"en-GB\","
	    " \"next_url\": \"https://example.org/feed.json?p=2\","
	    " \"author\": {\"name\": \"Ann\","
	    "   \"url\": \"https://ann.example/\","
	    "   \"avatar\": \"https://ann.example/a.png\"},"
	    " \"expired\": false, \"_ext\": {\"about\": \"x\"},"
	    " \"items\": ["
	    "  {\"id\": \"a1\", \"url\": \"/posts/1\","
	    "   \"external_url\": \"https://elsewhere.example/x\","
	    "   \"title\": \"One &amp; two\","
	    "   \"content_html\": \"<p>Hi <b>there</b></p>\","
	    "   \"content_text\": \"Hi there\", \"summary\": \"  Hi  \","
	    "   \"image\": \"/img/lead.jpg\", \"banner_image\": \"/img/b.jpg\","
	    "   \"date_published\": \"2024-01-02T03:04:05Z\","
	    "   \"date_modified\": \"2024-02-03T04:05:06Z\","
	    "   \"author\": {\"name\": \"Bob\"},"
	    "   \"tags\": [\"x\", \"y z\"], \"language\": \"fr\","
	    "   \"_ext\": {\"k\": 1},"
	    "   \"attachments\": [{\"url\": \"https://example.org/a.mp3\","
	    "     \"mime_type\": \"audio/mpeg\", \"title\": \"ep\","
	    "     \"size_in_bytes\": 12000000,"
	    "     \"duration_in_seconds\": 1800}]},"
	    "  {\"id\": \"a2\", \"content_text\": \"second\"}"
	    " ]}";
	struct got g;
	const struct article *a;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.heads, 1);
	CHECK_INT_EQ(g.ends, 1);
	CHECK(g.order_ok);
	CHECK_INT_EQ(g.narts, 2);
	CHECK_STR_EQ(g.log, "");
	CHECK_STR_EQ(g.feed.format, "jsonfeed");
	CHECK_STR_EQ(g.feed.version, "1.0");
	CHECK_STR_EQ(g.feed.title, "My Feed");
	CHECK_STR_EQ(g.feed.subtitle, "About it");
	CHECK_STR_EQ(g.feed.home_url, "https://example.org/");
	CHECK_STR_EQ(g.feed.self_url, "https://example.org/feed.json");
	CHECK_STR_EQ(g.feed.id, "https://example.org/feed.json");
	CHECK_STR_EQ(g.feed.base_url, "https://example.org/feed.json");
	CHECK_STR_EQ(g.feed.logo, "https://example.org/big.png");
	CHECK_STR_EQ(g.feed.icon, "https://example.org/small.png");
	CHECK_STR_EQ(g.feed.language, "en-GB");
	CHECK_STR_EQ(g.feed.next_url, "https://example.org/feed.json?p=2");
	CHECK(g.feed.hub == NULL);
	CHECK_INT_EQ(g.feed.nauthors, 1);
	if (g.feed.nauthors == 1) {
		CHECK_STR_EQ(g.feed.authors[0].name, "Ann");
		CHECK_STR_EQ(g.feed.authors[0].url, "https://ann.example/");
		CHECK(g.feed.authors[0].email == NULL);
	}
	CHECK_INT_EQ(g.feed.html_fields, 0);
	if (g.narts < 2)
		goto out;

	a = g.arts[0];
	CHECK_STR_EQ(a->id, "a1");
	CHECK_STR_EQ(a->url, "/posts/1");
	CHECK_STR_EQ(a->title, "One &amp; two");
	CHECK_STR_EQ(a->content_html, "<p>Hi <b>there</b></p>");
	CHECK_STR_EQ(a->content_text, "Hi there");
	CHECK_STR_EQ(a->summary, "  Hi  ");
	CHECK_STR_EQ(a->language, "fr");
	CHECK_INT_EQ(a->html_fields, 0);
	CHECK(a->base_url == NULL);
	CHECK_INT_EQ(a->nlinks, 1);
	if (a->nlinks == 1) {
		CHECK_STR_EQ(a->links[0].href, "https://elsewhere.example/x");
		CHECK_STR_EQ(a->links[0].rel, "related");
	}
	CHECK_INT_EQ(a->nimages, 2);
	if (a->nimages == 2) {
		CHECK_STR_EQ(article_lead_image(a)->url, "/img/lead.jpg");
		CHECK_STR_EQ(a->images[1].url, "/img/b.jpg");
	}
	CHECK_INT_EQ(a->published.t, utc(2024, 1, 2, 3, 4, 5));
	CHECK_INT_EQ(a->updated.t, utc(2024, 2, 3, 4, 5, 6));
	CHECK_INT_EQ(a->nauthors, 1);
	if (a->nauthors == 1) {
		CHECK_STR_EQ(a->authors[0].name, "Bob");
		CHECK(a->authors[0].url == NULL);
	}
	CHECK_INT_EQ(a->ncategories, 2);
	if (a->ncategories == 2) {
		CHECK_STR_EQ(a->categories[0].term, "x");
		CHECK_STR_EQ(a->categories[1].term, "y z");
		CHECK(a->categories[1].scheme == NULL);
	}
	CHECK_INT_EQ(a->nenclosures, 1);
	if (a->nenclosures == 1) {
		CHECK_STR_EQ(a->enclosures[0].url, "https://example.org/a.mp3");
		CHECK_STR_EQ(a->enclosures[0].type, "audio/mpeg");
		CHECK_INT_EQ(a->enclosures[0].length, 12000000);
		CHECK_INT_EQ(a->enclosures[0].duration, 1800);
	}

	/*
	 * No author on the item: the feed's authors stay on the feed (the
	 * writers fall back to them), as for RSS and Atom.
	 */
	a = g.arts[1];
	CHECK_STR_EQ(a->id, "a2");
	CHECK_STR_EQ(a->content_text, "second");
	CHECK(a->url == NULL);
	CHECK_INT_EQ(a->published.t, 0);
	CHECK_INT_EQ(a->nimages, 0);
	CHECK_INT_EQ(a->nauthors, 0);
out:
	got_cleanup(&g);
}

/* JSON Feed 1.1: authors arrays, author fallback, hubs. */
static void
test_v11(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\","
	    " \"title\": \"T\", \"home_page_url\": \"https://h.example/\","
	    " \"authors\": [{\"name\": \"A1\"}, {\"avatar\": \"/only.png\"},"
	    "   {\"url\": \"https://a3.example/\"}, \"A4\"],"
	    " \"author\": {\"name\": \"ignored, authors win\"},"
	    " \"hubs\": [7, {\"type\": \"rssCloud\", \"url\": \"https://c/\"},"
	    "   {\"type\": \"WebSub\"},"
	    "   {\"type\": \"WebSub\", \"url\": \"https://hub.example/\"},"
	    "   {\"type\": \"WebSub\", \"url\": \"https://second.example/\"}],"
	    " \"items\": ["
	    "  {\"id\": \"1\","
	    "   \"authors\": [{\"name\": \"I1\"}, {\"name\": \"I2\"}],"
	    "   \"author\": {\"name\": \"old\"}},"
	    "  {\"id\": \"2\", \"authors\": [],"
	    "   \"author\": {\"name\": \"old\"}},"
	    "  {\"id\": \"3\", \"language\": \"de\"}"
	    " ]}";
	struct got g;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(g.feed.version, "1.1");
	CHECK(g.feed.self_url == NULL);
	CHECK(g.feed.id == NULL);
	CHECK_STR_EQ(g.feed.base_url, "https://h.example/");
	CHECK_STR_EQ(g.feed.hub, "https://hub.example/");
	CHECK(logged(&g, "t.json: hub 1 is a number, not an object; ignored"));
	CHECK(logged(&g, "t.json: author 4 is a string, not an object"));
	/* The avatar-only author has nothing the model can hold. */
	CHECK_INT_EQ(g.feed.nauthors, 2);
	if (g.feed.nauthors == 2) {
		CHECK_STR_EQ(g.feed.authors[0].name, "A1");
		CHECK(g.feed.authors[1].name == NULL);
		CHECK_STR_EQ(g.feed.authors[1].url, "https://a3.example/");
	}
	CHECK_INT_EQ(g.narts, 3);
	if (g.narts < 3)
		goto out;
	CHECK_INT_EQ(g.arts[0]->nauthors, 2);
	if (g.arts[0]->nauthors == 2) {
		CHECK_STR_EQ(g.arts[0]->authors[0].name, "I1");
		CHECK_STR_EQ(g.arts[0]->authors[1].name, "I2");
	}
	CHECK_INT_EQ(g.arts[1]->nauthors, 1);
	if (g.arts[1]->nauthors == 1)
		CHECK_STR_EQ(g.arts[1]->authors[0].name, "old");
	CHECK_INT_EQ(g.arts[2]->nauthors, 0);
	CHECK_STR_EQ(g.arts[2]->language, "de");
out:
	got_cleanup(&g);
}

/* Ids given as numbers are coerced to strings, as the spec demands. */
static void
test_ids(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
	    " {\"id\": 123}, {\"id\": -5}, {\"id\": 1.5}, {\"id\": 1e3},"
	    " {\"id\": 9007199254740993}, {\"id\": true}, {\"id\": null},"
	    " {\"id\": \"\"}, {\"id\": {\"a\": 1}}]}";
	static const char *const want[] = {
		"123", "-5", "1.5", "1000", "9007199254740993", NULL, NULL,
		"", NULL
	};
	struct got g;
	size_t	 i;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.narts, 9);
	for (i = 0; i < g.narts && i < 9; i++)
		CHECK_STR_EQ(g.arts[i]->id, want[i]);
	CHECK(logged(&g, "t.json: item 6: \"id\" is a boolean, not a string"));
	CHECK(logged(&g, "t.json: item 9: \"id\" is an object, not a string"));
	CHECK(!logged(&g, "item 7"));
	got_cleanup(&g);
}

/* Attachments: required url, numbers that are reals, strings, negative. */
static void
test_attachments(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
	    " {\"id\": \"1\", \"attachments\": ["
	    "   {\"mime_type\": \"audio/mpeg\"},"
	    "   {\"url\": \"u2\", \"size_in_bytes\": 1.6,"
	    "    \"duration_in_seconds\": -3},"
	    "   {\"url\": \"u3\", \"size_in_bytes\": \"100\","
	    "    \"mime_type\": 5},"
	    "   \"u4\"]},"
	    " {\"id\": \"2\", \"attachments\": {\"url\": \"u5\"}}]}";
	struct got g;
	const struct article *a;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.narts, 2);
	if (g.narts < 2)
		goto out;
	a = g.arts[0];
	CHECK_INT_EQ(a->nenclosures, 2);
	if (a->nenclosures == 2) {
		CHECK_STR_EQ(a->enclosures[0].url, "u2");
		CHECK(a->enclosures[0].type == NULL);
		CHECK_INT_EQ(a->enclosures[0].length, 2);
		CHECK_INT_EQ(a->enclosures[0].duration, 0);
		CHECK_STR_EQ(a->enclosures[1].url, "u3");
		CHECK(a->enclosures[1].type == NULL);
		CHECK_INT_EQ(a->enclosures[1].length, 0);
	}
	CHECK(logged(&g, "t.json: item 1: attachment 1: no \"url\"; ignored"));
	CHECK(logged(&g, "t.json: item 1: attachment 2: "
	    "\"duration_in_seconds\" is out of range; ignored"));
	CHECK(logged(&g, "t.json: item 1: attachment 3: \"size_in_bytes\" "
	    "is a string, not a number; ignored"));
	CHECK(logged(&g, "t.json: item 1: attachment 3: \"mime_type\" "
	    "is a number, not a string; ignored"));
	CHECK(logged(&g, "t.json: item 1: attachment 4 is a string, not an "
	    "object; ignored"));
	CHECK_INT_EQ(g.arts[1]->nenclosures, 0);
	CHECK(logged(&g, "t.json: item 2: \"attachments\" is an object, not "
	    "an array; ignored"));
out:
	got_cleanup(&g);
}

/* Dates: RFC 3339 parses; an unparseable one is logged and unknown. */
static void
test_dates(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
	    " {\"id\": \"1\", \"date_published\": \"yesterday\","
	    "  \"date_modified\": \"2024-01-02T03:04:05Z\"},"
	    " {\"id\": \"2\", \"date_published\": 1704164645,"
	    "  \"date_modified\": \"\"}]}";
	struct got g;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.narts, 2);
	if (g.narts < 2)
		goto out;
	CHECK_INT_EQ(g.arts[0]->published.t, 0);
	CHECK_INT_EQ(g.arts[0]->updated.t, utc(2024, 1, 2, 3, 4, 5));
	CHECK(logged(&g,
	    "t.json: item 1: unparseable date_published \"yesterday\""));
	CHECK_INT_EQ(g.arts[1]->published.t, 0);
	CHECK_INT_EQ(g.arts[1]->updated.t, 0);
	CHECK(logged(&g, "t.json: item 2: \"date_published\" is a number, "
	    "not a string; ignored"));
	CHECK(!logged(&g, "date_modified"));
out:
	got_cleanup(&g);
}

/* Wrong types are skipped with a warning; null is just absent. */
static void
test_wrong_types(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\","
	    " \"title\": [\"x\"], \"description\": null, \"author\": \"Zed\","
	    " \"hubs\": {\"url\": \"h\"}, \"feed_url\": 3,"
	    " \"items\": ["
	    "  {\"id\": \"1\", \"title\": 42, \"summary\": null,"
	    "   \"tags\": [\"ok\", 2, \"\", {\"t\": 1}], \"url\": {},"
	    "   \"content_html\": false, \"image\": [], \"authors\": 1},"
	    "  \"not an item\", 17, null, [],"
	    "  {\"id\": \"6\", \"tags\": \"solo\", \"author\": [\"x\"]}"
	    " ]}";
	struct got g;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.heads, 1);
	CHECK_INT_EQ(g.ends, 1);
	CHECK(g.feed.title == NULL);
	CHECK(g.feed.self_url == NULL);
	CHECK(g.feed.hub == NULL);
	CHECK_INT_EQ(g.feed.nauthors, 0);
	CHECK(logged(&g, "t.json: \"title\" is an array, not a string; "
	    "ignored"));
	CHECK(logged(&g, "t.json: \"author\" is a string, not an object"));
	CHECK(logged(&g, "t.json: \"hubs\" is an object, not an array"));
	CHECK(logged(&g, "t.json: \"feed_url\" is a number, not a string"));
	CHECK(!logged(&g, "description"));
	CHECK(!logged(&g, "summary"));
	CHECK_INT_EQ(g.narts, 2);
	if (g.narts < 2)
		goto out;
	CHECK_STR_EQ(g.arts[0]->id, "1");
	CHECK(g.arts[0]->title == NULL);
	CHECK(g.arts[0]->url == NULL);
	CHECK(g.arts[0]->content_html == NULL);
	CHECK_INT_EQ(g.arts[0]->nimages, 0);
	CHECK_INT_EQ(g.arts[0]->nauthors, 0);
	CHECK_INT_EQ(g.arts[0]->ncategories, 1);
	CHECK(logged(&g, "t.json: item 1: \"title\" is a number, not a "
	    "string; ignored"));
	CHECK(logged(&g, "t.json: item 1: \"url\" is an object"));
	CHECK(logged(&g, "t.json: item 1: \"content_html\" is a boolean"));
	CHECK(logged(&g, "t.json: item 1: \"image\" is an array"));
	CHECK(logged(&g, "t.json: item 1: \"authors\" is a number, not an "
	    "array"));
	CHECK(logged(&g, "t.json: item 1: tag 2 is a number, not a string"));
	CHECK(logged(&g, "t.json: item 1: tag 4 is an object, not a string"));
	CHECK(logged(&g, "t.json: item 2 is a string, not an object; "
	    "skipped"));
	CHECK(logged(&g, "t.json: item 3 is a number, not an object"));
	CHECK(logged(&g, "t.json: item 4 is null, not an object"));
	CHECK(logged(&g, "t.json: item 5 is an array, not an object"));
	CHECK_STR_EQ(g.arts[1]->id, "6");
	CHECK_INT_EQ(g.arts[1]->ncategories, 0);
	CHECK(logged(&g, "t.json: item 6: \"tags\" is a string, not an "
	    "array"));
	CHECK(logged(&g, "t.json: item 6: \"author\" is an array, not an "
	    "object"));
out:
	got_cleanup(&g);
}

/* Ill-formed JSON: ERR_PARSE, "NAME:LINE:COL: invalid JSON: ...". */
static void
test_invalid_json(void)
{
	static const char bad[] =
	    "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "  \"items\": [\n    {\"id\": 1,,}\n  ]\n}\n";
	static const char *const others[] = {
		"",
		"{\"items\": [",
		"{\"items\": []} trailing",
		"{\"items\": [{\"title\": \"\xff\xfe\"}]}",
		"{\"items\": [{\"title\": \"a\\u0000b\"}]}",
		"{'items': []}",
		"\xef\xbb\xbf",
	};
	struct got g;
	int	 line, col, len;
	bool	 ok;
	size_t	 i;
	enum err e;

	got_init(&g);
	e = run(&g, bad);
	CHECK_INT_EQ(e, ERR_PARSE);
	CHECK_INT_EQ(g.heads, 0);
	CHECK_INT_EQ(g.narts, 0);
	CHECK_INT_EQ(g.ends, 0);
	line = col = len = 0;
	if (g.log != NULL)
		sscanf(g.log, "feedmill: error: t.json:%d:%d: invalid JSON: %n",
		    &line, &col, &len);
	CHECK_INT_EQ(line, 4);
	CHECK(col > 0);
	ok = len > 0 && g.log[len] != '\n';
	CHECK_MSG(ok, "the message ends with jansson's reason");
	show_log(ok, &g);
	got_cleanup(&g);

	for (i = 0; i < sizeof others / sizeof others[0]; i++) {
		got_init(&g);
		e = run(&g, others[i]);
		CHECK_MSG(e == ERR_PARSE && g.heads == 0,
		    "invalid JSON %zu is ERR_PARSE (got %s)", i, err_name(e));
		ok = logged(&g, "t.json:1:") && logged(&g, ": invalid JSON: ");
		CHECK_MSG(ok, "invalid JSON %zu logs name:line:col", i);
		show_log(ok, &g);
		got_cleanup(&g);
	}
}

/* JSON that is not a JSON Feed: ERR_PARSE "not a JSON Feed: why". */
static void
test_not_jsonfeed(void)
{
	static const struct {
		const char	*json;
		const char	*why;
	} cases[] = {
		{ "[1, 2]", "the top level is an array, not an object" },
		{ "\"feed\"", "the top level is a string" },
		{ "42", "the top level is a number" },
		{ "null", "the top level is null" },
		{ "{}", "no \"version\" and no \"items\" array" },
		{ "{\"title\": \"x\", \"items\": {}}",
		    "no \"version\" and no \"items\" array" },
		{ "{\"version\": \"2.0\", \"entries\": []}",
		    "\"version\" is \"2.0\" and there is no \"items\" array" },
		{ "{\"version\": \"1.0\", \"data\": {}}",
		    "\"version\" is \"1.0\" and there is no \"items\" array" },
	};
	char	 want[160];
	struct got g;
	bool	 ok;
	size_t	 i;
	enum err e;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got_init(&g);
		e = run(&g, cases[i].json);
		snprintf(want, sizeof want, "t.json: not a JSON Feed: %s",
		    cases[i].why);
		ok = e == ERR_PARSE && g.heads == 0 && logged(&g, want);
		CHECK_MSG(ok, "%s: %s, \"%s\"", cases[i].json, err_name(e),
		    cases[i].why);
		show_log(ok, &g);
		got_cleanup(&g);
	}
}

/* Version spellings, and feeds without items. */
static void
test_versions(void)
{
	static const struct {
		const char	*json;
		const char	*version;	/* NULL: unknown */
		const char	*warning;	/* NULL: silent */
	} cases[] = {
		{ "{\"version\": \"https://jsonfeed.org/version/1.1\", "
		    "\"items\": []}", "1.1", NULL },
		{ "{\"version\": \"http://jsonfeed.org/version/1/\", "
		    "\"items\": []}", "1.0", NULL },
		{ "{\"version\": \"1.1\", \"items\": []}", "1.1", NULL },
		{ "{\"version\": \"https://jsonfeed.org/version/2\"}", NULL,
		    "unknown JSON Feed version" },
		{ "{\"items\": []}", NULL, "no JSON Feed \"version\"" },
		{ "{\"version\": 1.1, \"items\": []}", NULL,
		    "\"version\" is a number" },
		{ "{\"version\": \"https://jsonfeed.org/version/1.1\"}", "1.1",
		    "no \"items\"; the feed is empty" },
		{ "{\"version\": \"https://jsonfeed.org/version/1.1\", "
		    "\"items\": null}", "1.1", "no \"items\"" },
		{ "{\"version\": \"https://jsonfeed.org/version/1.1\", "
		    "\"items\": \"x\"}", "1.1", "\"items\" is a string" },
	};
	struct got g;
	bool	 ok;
	size_t	 i;
	enum err e;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got_init(&g);
		e = run(&g, cases[i].json);
		CHECK_MSG(e == ERR_OK && g.heads == 1 && g.ends == 1 &&
		    g.narts == 0 && g.order_ok, "version case %zu: empty feed "
		    "with head and end (%s)", i, err_name(e));
		CHECK_STR_EQ(g.feed.version, cases[i].version);
		CHECK_STR_EQ(g.feed.format, "jsonfeed");
		if (cases[i].warning != NULL) {
			ok = logged(&g, cases[i].warning);
			CHECK_MSG(ok, "version case %zu warns \"%s\"", i,
			    cases[i].warning);
			show_log(ok, &g);
		} else
			CHECK_STR_EQ(g.log, "");
		got_cleanup(&g);
	}
}

/* Over the input's own cap or over CAP_INPUT_JSON: ERR_TOO_LARGE. */
static void
test_too_large(void)
{
	static const char json[] = "{\"items\": [{\"id\": \"1\"}]}";
	struct got g;
	char	*big;
	enum err e;

	got_init(&g);
	e = run_n(&g, json, strlen(json), 10, NULL);
	CHECK_INT_EQ(e, ERR_TOO_LARGE);
	CHECK_INT_EQ(g.heads, 0);
	CHECK(logged(&g, "t.json: input exceeds the 10-byte limit"));
	got_cleanup(&g);

	big = xmalloc(CAP_INPUT_JSON + 1);
	memset(big, ' ', CAP_INPUT_JSON + 1);
	memcpy(big, json, strlen(json));
	got_init(&g);
	e = run_n(&g, big, CAP_INPUT_JSON + 1, CAP_INPUT_JSON * 2, NULL);
	CHECK_INT_EQ(e, ERR_TOO_LARGE);
	CHECK_INT_EQ(g.heads, 0);
	CHECK(logged(&g, "input exceeds"));
	got_cleanup(&g);

	/* Exactly at the cap is fine. */
	got_init(&g);
	e = run_n(&g, big, CAP_INPUT_JSON, CAP_INPUT_JSON, NULL);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_INT_EQ(g.narts, 1);
	got_cleanup(&g);
	free(big);
}

/* A sink error stops the reader at once and comes back unchanged. */
static void
test_sink_errors(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ["
	    " {\"id\": \"1\"}, {\"id\": \"2\"}, {\"id\": \"3\"}]}";
	struct got g;
	enum err e;

	got_init(&g);
	g.fail_at = 2;
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_STORE);
	CHECK_INT_EQ(g.narts, 2);
	CHECK_INT_EQ(g.ends, 0);
	got_cleanup(&g);

	got_init(&g);
	g.head_ret = ERR_IO;
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_IO);
	CHECK_INT_EQ(g.heads, 1);
	CHECK_INT_EQ(g.narts, 0);
	CHECK_INT_EQ(g.ends, 0);
	got_cleanup(&g);
}

/* base_url: the caller's, else feed_url, else home_page_url. */
static void
test_base_url(void)
{
	static const char json[] =
	    "{\"version\": \"https://jsonfeed.org/version/1.1\","
	    " \"feed_url\": \"https://f.example/feed.json\", \"items\": []}";
	struct read_opts o = { .name = "named.json",
	    .base_url = "https://given.example/" };
	struct got g;
	enum err e;

	got_init(&g);
	e = run_n(&g, json, strlen(json), CAP_INPUT_JSON, &o);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(g.feed.base_url, "https://given.example/");
	CHECK_STR_EQ(g.feed.self_url, "https://f.example/feed.json");
	got_cleanup(&g);

	got_init(&g);
	e = run_n(&g, "{\"items\": 5}", 12, CAP_INPUT_JSON, &o);
	CHECK_INT_EQ(e, ERR_PARSE);
	CHECK(logged(&g, "named.json: not a JSON Feed"));
	got_cleanup(&g);
}

/* A UTF-8 byte order mark is skipped; non-ASCII text passes unchanged. */
static void
test_bom(void)
{
	static const char json[] =
	    "\xef\xbb\xbf{\"version\": \"https://jsonfeed.org/version/1.1\","
	    " \"title\": \"Caf\xc3\xa9 \\u00e9\\ud83d\\ude00\", \"items\": []}";
	struct got g;
	enum err e;

	got_init(&g);
	e = run(&g, json);
	CHECK_INT_EQ(e, ERR_OK);
	CHECK_STR_EQ(g.feed.title, "Caf\xc3\xa9 \xc3\xa9\xf0\x9f\x98\x80");
	got_cleanup(&g);
}

/* Parse one corpus file through a file descriptor. */
static void
corpus_file(const char *path)
{
	struct read_opts o = { .name = path };
	struct got g;
	struct sink sink = { on_head, on_article, on_end, &g };
	struct input in;
	size_t	 loglen;
	FILE	*fp;
	bool	 ok;
	int	 fd;
	enum err e;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		CHECK_MSG(0, "corpus %s: open", path);
		return;
	}
	got_init(&g);
	fp = open_memstream(&g.log, &loglen);
	if (fp == NULL)
		abort();
	log_set_output(fp);
	e = input_init_fd(&in, fd, CAP_INPUT_JSON);
	if (e == ERR_OK)
		e = reader_jsonfeed.parse(&in, &o, &sink);
	log_set_output(NULL);
	fclose(fp);
	close(fd);
	ok = (e == ERR_OK && g.ends == 1) || (e == ERR_PARSE && g.heads == 0);
	CHECK_MSG(ok, "corpus %s: %s, %zu articles", path, err_name(e),
	    g.narts);
	show_log(ok, &g);
	got_cleanup(&g);
}

/*
 * Every JSON file of the JSON Feed schema folder and of gofeed's and
 * feedparser's JSON cases: no crash, and OK or PARSE only.
 */
static void
test_corpus(void)
{
	static const char *const patterns[] = {
		"jsonfeed-schema/*.json",
		"jsonfeed-schema/*/*.json",
		"jsonfeed-schema/*/*/*.json",
		"gofeed/testdata/*/json/*.json",
		"feedparser/json/*.json",
	};
	const char *root;
	char	 pat[1024];
	glob_t	 gl;
	size_t	 i, j, n = 0;

	root = getenv("FEEDMILL_CORPUS");
	if (root == NULL)
		root = "/work/shared/corpus";
	for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		snprintf(pat, sizeof pat, "%s/%s", root, patterns[i]);
		if (glob(pat, 0, NULL, &gl) != 0)
			continue;
		for (j = 0; j < gl.gl_pathc; j++)
			corpus_file(gl.gl_pathv[j]);
		n += gl.gl_pathc;
		globfree(&gl);
	}
	if (n == 0)
		printf("# no JSON corpus under %s: skipped\n", root);
}

int
main(void)
{
	test_v10();
	test_v11();
	test_ids();
	test_attachments();
	test_dates();
	test_wrong_types();
	test_invalid_json();
	test_not_jsonfeed();
	test_versions();
	test_too_large();
	test_sink_errors();
	test_base_url();
	test_bom();
	test_corpus();
	return tap_done();
}
