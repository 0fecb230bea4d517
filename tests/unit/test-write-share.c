/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the per-story outputs' choices: which image a share
 * page takes, its description and og:locale, story file names (never a
 * path), page file names, a hostile story's page written whole
 * (nothing in it may close the <script> or start a comment, and every
 * URL in it is http(s)), and directory outputs (no stray files, never a
 * path). tests/share/run.sh compares whole outputs.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#include "model/article.h"
#include "model/feed.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "write/outdir.h"
#include "write/paging.h"
#include "write/share.h"
#include "write/write.h"

static struct image *
add_image(struct article *a, const char *url, int w, int h)
{
	struct image *im;

	im = article_add_image(a);
	im->url = xstrdup(url);
	im->width = w;
	im->height = h;
	return im;
}

static void
test_pick_image(void)
{
	struct article *a;
	struct image def = { .url = (char *)"https://cdn.example/d.png",
	    .width = 1200, .height = 630 };
	const struct image *im;

	a = article_new();
	CHECK(share_pick_image(a, NULL) == NULL);
	CHECK(share_pick_image(a, &def) == &def);
	/* Known small images are refused; the default stands in. */
	add_image(a, "https://img.example/small.jpg", 150, 100);
	CHECK(share_pick_image(a, &def) == &def);
	CHECK(share_pick_image(a, NULL) == NULL);
	/* Unknown size: below the default, above nothing. */
	add_image(a, "https://img.example/unknown.jpg", 0, 0);
	CHECK(share_pick_image(a, &def) == &def);
	im = share_pick_image(a, NULL);
	CHECK_STR_EQ(im != NULL ? im->url : "(none)",
	    "https://img.example/unknown.jpg");
	/* Big enough beats the default; large beats big enough. */
	add_image(a, "https://img.example/medium.jpg", 640, 480);
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/medium.jpg");
	CHECK(!share_image_large(share_pick_image(a, &def)));
	add_image(a, "https://img.example/large.jpg", 1600, 900);
	add_image(a, "https://img.example/huge.jpg", 4000, 3000);
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/huge.jpg");
	/* The lead image wins among the large ones. */
	a->lead = 3;
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/large.jpg");
	CHECK(share_image_large(share_pick_image(a, &def)));
	/* Of equal ones the first wins, unless the lead is among them. */
	article_reset(a);
	add_image(a, "https://img.example/small.jpg", 150, 100);
	add_image(a, "https://img.example/one.jpg", 1600, 900);
	add_image(a, "https://img.example/two.jpg", 1600, 900);
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/one.jpg");
	a->lead = 2;
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/two.jpg");
	a->lead = 0;
	CHECK_STR_EQ(share_pick_image(a, &def)->url,
	    "https://img.example/one.jpg");
	/* Script URLs are never images. */
	article_reset(a);
	add_image(a, "javascript:alert(1)", 2000, 2000);
	CHECK(share_pick_image(a, &def) == &def);
	article_free(a);
}

static void
test_description(void)
{
	struct article *a;
	char	*d, long_text[600];
	size_t	 i;

	a = article_new();
	CHECK(share_description(a) == NULL);
	a->content_html = xstrdup("<div><p>First <b>para</b>.</p>"
	    "<p>Second.</p></div>");
	d = share_description(a);
	CHECK_STR_EQ(d, "First para.");
	free(d);
	a->content_text = xstrdup("Text para.\n\nSecond.");
	d = share_description(a);
	CHECK_STR_EQ(d, "Text para.");
	free(d);
	for (i = 0; i + 5 < sizeof long_text; i += 5)
		memcpy(long_text + i, "word ", 5);
	long_text[i] = '\0';
	a->summary = xstrdup(long_text);
	d = share_description(a);
	/* 39 words of 4 letters and spaces, then the ellipsis: 198 chars. */
	CHECK_INT_EQ(strlen(d), 194 + 3);
	CHECK(strcmp(d + strlen(d) - 3, "\xe2\x80\xa6") == 0);
	CHECK(strncmp(d, long_text, 194) == 0);
	free(d);
	article_free(a);
}

static void
test_locale(void)
{
	char	*l;

	l = share_locale("en-gb");
	CHECK_STR_EQ(l, "en_GB");
	free(l);
	l = share_locale("FR");
	CHECK_STR_EQ(l, "fr");
	free(l);
	l = share_locale("zh-Hant-TW");
	CHECK_STR_EQ(l, "zh");
	free(l);
	CHECK(share_locale("en_US") == NULL);
	CHECK(share_locale(NULL) == NULL);
}

static void
check_name(const char *id, const char *want)
{
	struct article *a;
	char	*name;

	a = article_new();
	a->id = id != NULL ? xstrdup(id) : NULL;
	a->title = xstrdup("T");
	name = write_story_file_name(a, "html");
	CHECK_STR_EQ(name, want);
	CHECK_MSG(strchr(name, '/') == NULL && name[0] != '.',
	    "%s is a plain file name", name);
	free(name);
	article_free(a);
}

static void
test_file_names(void)
{
	check_name("https://news.example.com/2026/03/floods.html",
	    "news-example-com-2026-03-floods-html-53691f5e75.html");
	check_name("../../etc/passwd", "etc-passwd-3754d6cb3a.html");
	check_name("/", "story-8a5edab282.html");
	check_name("tag:example.com,2026:a-very-long-identifier-that-goes-on-"
	    "and-on-and-on-for-ever-and-ever",
	    "that-goes-on-and-on-and-on-for-ever-and-ever-891a8c81d6.html");
}

static void
test_page_names(void)
{
	char	*n;

	n = paging_file_name("https://x.example/feeds/news.atom", "atom",
	    false, 1);
	CHECK_STR_EQ(n, "news.atom");
	free(n);
	n = paging_file_name("https://x.example/feeds/news.atom?a=b", "atom",
	    false, 3);
	CHECK_STR_EQ(n, "news-3.atom");
	free(n);
	n = paging_file_name("https://x.example/feeds/", "rss", true, 2);
	CHECK_STR_EQ(n, "feed-archive-2.rss");
	free(n);
	n = paging_file_name("https://x.example", "json", false, 1);
	CHECK_STR_EQ(n, "feed.json");
	free(n);
	n = paging_file_name("https://x.example/a/..%2F.hidden", "json",
	    false, 2);
	CHECK_STR_EQ(n, "-.-2F-2.hidden");
	free(n);
}

static void
test_hostile_page(void)
{
	struct share_opts so = { .default_image = "https://cdn.example/d.png" };
	struct write_opts o = { .share = &so };
	struct feed f;
	struct article *a;
	struct buf out;
	const char *script, *end;

	feed_init(&f);
	a = article_new();
	a->id = xstrdup("https://x.example/1");
	a->url = xstrdup("javascript:alert(1)");
	a->title = xstrdup("</script><!-- \"x\" & <b>");
	a->summary = xstrdup("</SCRIPT ><script>alert(2)</script>");
	add_image(a, "javascript:evil()", 2000, 2000);
	buf_init(&out, 1 << 20);
	CHECK_INT_EQ(writer_share.article(NULL, &o, &f, a, &out), ERR_OK);
	script = strstr(buf_str(&out), "<script");
	end = script != NULL ? strstr(script, "</script>") : NULL;
	CHECK(script != NULL && end != NULL);
	CHECK(end != NULL && strstr(end + 1, "<script") == NULL &&
	    strstr(end + 1, "</script") == NULL);
	CHECK(strstr(buf_str(&out), "<!--") == NULL);
	CHECK(strstr(buf_str(&out), "javascript:") == NULL);
	CHECK(strstr(buf_str(&out), "&lt;/script&gt;&lt;!-- &quot;x&quot; "
	    "&amp; &lt;b&gt;") != NULL);
	CHECK(strstr(buf_str(&out), "\"headline\": \"\\u003c\\/script\\u003e"
	    "\\u003c!-- \\\"x\\\" \\u0026 \\u003cb\\u003e\"") != NULL);
	CHECK(strstr(buf_str(&out), "content=\"https://x.example/1\"") !=
	    NULL);
	buf_cleanup(&out);
	article_free(a);
	feed_cleanup(&f);
}

/* Count the entries of dir other than "." and "..". */
static int
count_files(const char *dir)
{
	DIR	*d;
	struct dirent *de;
	int	 n = 0;

	d = opendir(dir);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_outdir(void)
{
	struct outdir *od;
	FILE	*quiet;
	char	 dir[] = "/tmp/feedmill-outdir.XXXXXX";
	char	*path;
	int	 i;

	if (mkdtemp(dir) == NULL) {
		CHECK_MSG(0, "mkdtemp");
		return;
	}
	path = xasprintf("%s/out", dir);
	CHECK(!outdir_wanted(path));
	CHECK(outdir_wanted("some/dir/"));
	CHECK(outdir_wanted(dir));
	CHECK(!outdir_wanted("-"));
	CHECK_INT_EQ(outdir_open(path, &od), ERR_OK);
	/* Never a path: "/" and leading dots are refused (and logged). */
	quiet = fopen("/dev/null", "w");
	if (quiet != NULL)
		log_set_output(quiet);
	CHECK_INT_EQ(outdir_write(od, "../x", "x", 1), ERR_DENIED);
	CHECK_INT_EQ(outdir_write(od, ".hidden", "x", 1), ERR_DENIED);
	CHECK_INT_EQ(outdir_write(od, "a/b", "x", 1), ERR_DENIED);
	log_set_output(stderr);
	if (quiet != NULL)
		fclose(quiet);
	/* A run that never finishes leaves nothing behind. */
	CHECK_INT_EQ(outdir_write(od, "a.html", "a", 1), ERR_OK);
	outdir_free(od);
	CHECK_INT_EQ(count_files(path), 0);
	/* A finished run leaves exactly its files, past a batch of 512. */
	CHECK_INT_EQ(outdir_open(path, &od), ERR_OK);
	for (i = 0; i < 600; i++) {
		char	 name[32];

		snprintf(name, sizeof name, "f%d.txt", i);
		if (outdir_write(od, name, name, strlen(name)) != ERR_OK)
			break;
	}
	CHECK_INT_EQ(i, 600);
	CHECK_INT_EQ(outdir_finish(od), ERR_OK);
	outdir_free(od);
	CHECK_INT_EQ(count_files(path), 600);
	/*
	 * A removal drops the writes of the file still pending and the file
	 * itself; a write queued after it stands.
	 */
	CHECK_INT_EQ(outdir_open(path, &od), ERR_OK);
	CHECK_INT_EQ(outdir_write(od, "f1.txt", "new", 3), ERR_OK);
	CHECK_INT_EQ(outdir_write(od, "k.txt", "k1", 2), ERR_OK);
	CHECK_INT_EQ(outdir_write(od, "f2.txt", "f2.txt", 6), ERR_OK);
	CHECK_INT_EQ(outdir_remove(od, "f1.txt"), ERR_OK);
	CHECK_INT_EQ(outdir_remove(od, "k.txt"), ERR_OK);
	CHECK_INT_EQ(outdir_write(od, "k.txt", "k2", 2), ERR_OK);
	CHECK_INT_EQ(outdir_remove(od, "missing.txt"), ERR_OK);
	quiet = fopen("/dev/null", "w");
	if (quiet != NULL)
		log_set_output(quiet);
	CHECK_INT_EQ(outdir_remove(od, "../f3.txt"), ERR_DENIED);
	log_set_output(stderr);
	if (quiet != NULL)
		fclose(quiet);
	CHECK_INT_EQ(outdir_finish(od), ERR_OK);
	outdir_free(od);
	{
		char	*f1 = xasprintf("%s/f1.txt", path);
		char	*k = xasprintf("%s/k.txt", path);
		char	 got[8] = "";
		FILE	*fp;

		CHECK(access(f1, F_OK) != 0);
		fp = fopen(k, "r");
		CHECK(fp != NULL);
		if (fp != NULL) {
			CHECK(fgets(got, sizeof got, fp) != NULL);
			fclose(fp);
		}
		CHECK_STR_EQ(got, "k2");
		/* 600, less f1.txt, plus k.txt, and no temporary file. */
		CHECK_INT_EQ(count_files(path), 600);
		unlink(k);
		free(f1);
		free(k);
	}
	for (i = 0; i < 600; i++) {
		char	*f = xasprintf("%s/f%d.txt", path, i);

		unlink(f);
		free(f);
	}
	rmdir(path);
	rmdir(dir);
	free(path);
}

int
main(void)
{
	test_pick_image();
	test_description();
	test_locale();
	test_file_names();
	test_page_names();
	test_hostile_page();
	test_outdir();
	return tap_done();
}
