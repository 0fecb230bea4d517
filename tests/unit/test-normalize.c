/* SPDX-License-Identifier: MIT */
/* The model's invariants: ids, URLs, lists, languages. */
#include "config.h"

#include <stdlib.h>

#include "tap.h"
#include "model/normalize.h"
#include "util/xmalloc.h"

static void
check_lang(const char *in, const char *want)
{
	char	*got = normalize_language(in);

	CHECK_STR_EQ(got, want);
	free(got);
}

int
main(void)
{
	struct feed f;
	struct article *a;
	struct image *im;
	struct category *c;
	char	*id1;

	check_lang("en_us", "en-US");
	check_lang("EN", "en");
	check_lang("zh-hant-tw", "zh-Hant-TW");
	check_lang("de-DE-1996", "de-DE-1996");
	check_lang("not a <lang>", NULL);
	check_lang("  fr  ", "fr");

	feed_init(&f);
	f.home_url = xstrdup("http://example.com/news/");
	f.title = xstrdup("  Feed\ttitle ");
	f.language = xstrdup("en_gb");
	normalize_feed(&f);
	CHECK_STR_EQ(f.title, "Feed title");
	CHECK_STR_EQ(f.language, "en-GB");

	/* No id, no url: a stable hash of source, title and date. */
	a = article_new();
	a->title = xstrdup(" Hello\n world ");
	a->published.t = 1000;
	normalize_article(a, &f, NULL, "src");
	CHECK_STR_EQ(a->title, "Hello world");
	CHECK(strncmp(a->id, "tag:feedmill,2026:hash:", 23) == 0);
	CHECK_STR_EQ(a->language, "en-GB");
	id1 = xstrdup(a->id);
	normalize_article(a, &f, NULL, "src");
	CHECK_STR_EQ(a->id, id1);
	article_free(a);
	a = article_new();
	a->title = xstrdup("Hello world");
	a->published.t = 1000;
	normalize_article(a, &f, NULL, "src");
	CHECK_STR_EQ(a->id, id1);
	free(id1);
	article_free(a);

	/* The url is the id when there is no id; relative URLs resolve. */
	a = article_new();
	a->url = xstrdup("story/1");
	a->comments_url = xstrdup("/c/1");
	im = article_add_image(a);
	im->url = xstrdup("a.jpg");
	im = article_add_image(a);
	im->url = xstrdup("http://example.com/news/a.jpg");	/* duplicate */
	im = article_add_image(a);
	im->url = xstrdup("b.jpg");
	im->width = 1200;
	im->height = 630;
	im = article_add_image(a);
	im->url = NULL;					/* dropped */
	c = article_add_category(a);
	c->term = xstrdup(" Politics ");
	c = article_add_category(a);
	c->term = xstrdup("Politics");			/* duplicate */
	c = article_add_category(a);
	c->term = xstrdup("  ");			/* empty */
	a->summary = xstrdup("a\x01 b");
	a->id_is_permalink = 1;
	normalize_article(a, &f, NULL, NULL);
	CHECK_STR_EQ(a->url, "http://example.com/news/story/1");
	CHECK_STR_EQ(a->id, "http://example.com/news/story/1");
	CHECK_STR_EQ(a->comments_url, "http://example.com/c/1");
	CHECK_INT_EQ(a->nimages, 2);
	CHECK_STR_EQ(a->images[0].url, "http://example.com/news/a.jpg");
	CHECK_INT_EQ(a->lead, 1);
	CHECK_INT_EQ(a->ncategories, 1);
	CHECK_STR_EQ(a->categories[0].term, "Politics");
	CHECK_STR_EQ(a->summary, "a b");
	CHECK_INT_EQ(a->id_is_permalink, 1);
	article_free(a);

	/* A guid marked permalink that is not a URL is not one. */
	a = article_new();
	a->id = xstrdup("12345");
	a->id_is_permalink = 1;
	normalize_article(a, &f, NULL, NULL);
	CHECK_INT_EQ(a->id_is_permalink, 0);
	article_free(a);
	feed_cleanup(&f);
	return tap_done();
}
