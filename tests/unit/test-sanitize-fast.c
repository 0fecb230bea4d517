/* SPDX-License-Identifier: MIT */
/*
 * The sanitizer's fast path against gumbo: wherever the fast path takes
 * an input, sanitize_html() and sanitize_text() must give the same bytes
 * from its tree as from gumbo's. Checked on hand-picked cases, on random
 * fragments, and on every HTML field of the golden inputs, the page and
 * wire fixtures and (when ../shared/corpus exists) the whole corpus.
 */
#include "config.h"

#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "extract/sanitize.h"
#include "extract/sanitize_fast.h"
#include "model/feed.h"
#include "read/input.h"
#include "read/read.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define BASE	"https://example.com/news/story.html"

/*
 * Inputs compared, taken by the fast path, and found different; HTML
 * outputs that are not clean text (normalize trusts them to be).
 */
struct tally {
	long	 seen, fast, diff, unclean;
};

static void
note_clean(struct tally *t, const char *html)
{
	if (html != NULL && !text_is_clean(html, strlen(html), TEXT_MULTILINE,
	    CAP_HTML) && t->unclean++ == 0)
		printf("# not clean: \"%.300s\"\n", html);
}

static bool
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static void
show(const char *what, const char *in, const char *slow, const char *fast)
{
	printf("# %s differs\n#   input \"%.300s\"\n#   gumbo \"%.300s\"\n"
	    "#   fast  \"%.300s\"\n", what, in, slow != NULL ? slow : "(null)",
	    fast != NULL ? fast : "(null)");
}

/*
 * Compare the two trees on html: as content (with base) or as text.
 * Returns whether the fast path took it.
 */
static bool
compare(struct tally *t, const char *html, const char *base, bool text)
{
	char	*slow, *fast;
	bool	 took, done, ok;

	/* Text without markup or references is never parsed. */
	if (text && strpbrk(html, "<&") == NULL)
		return false;
	t->seen++;
	if (text) {
		fast = sanitize_text_using(html, SANITIZE_FAST, &took);
		slow = sanitize_text_using(html, SANITIZE_GUMBO, &done);
	} else {
		fast = sanitize_html_using(html, base, SANITIZE_FAST, &took);
		slow = sanitize_html_using(html, base, SANITIZE_GUMBO, &done);
		note_clean(t, fast);
		note_clean(t, slow);
	}
	if (!took) {
		free(slow);
		return false;
	}
	t->fast++;
	ok = same(slow, fast);
	if (!ok) {
		if (t->diff < 5)
			show(text ? "text" : "html", html, slow, fast);
		t->diff++;
	}
	free(slow);
	free(fast);
	return true;
}

/* Part 1: cases picked by hand; want_fast says the fast path must take it. */

static const struct {
	const char	*html;
	bool		 want_fast;
} cases[] = {
	{ "<p>Hello <strong>world</strong>, <a href=\"/x?a=1&amp;b=2\">link"
	  "</a>.</p>\n<figure><img src=\"a.jpg\" alt=\"A &amp; B\" "
	  "width=\"640\" height=\"480\"><figcaption>Caption</figcaption>"
	  "</figure>", true },
	{ "<ul>\n<li>one</li>\n<li>two</ul>", true },
	{ "<p>one<p>two<div>three</div>", true },
	{ "<ol><li>a<li>b<li><p>c</p></li></ol>", true },
	{ "<dl><dt>t<dd>d<dt>t2</dl>", true },
	{ "<pre>\nline one\n  line two</pre>", true },
	{ "<pre><code>\nkeep this newline</code></pre>", true },
	{ "<pre><!-- c -->\nafter a comment</pre>", true },
	{ "<P CLASS=x>Upper <B ID=y>case</B> <IMG SRC=\"i.png\"></P>", true },
	{ "a<!-- comment -->b<!---->c<!-->d<!--->e", true },
	{ "<b class=\"x\" lang=\"en\">stripped</b><a href=\"x\" lang=\"fr\" "
	  "dir=\"RTL\" title='t \"q\"'>kept</a>", true },
	{ "<img src=\"a.gif\" data-src=\"real.jpg\" srcset=\"a.jpg 1x, "
	  "b.jpg 2x\">", true },
	{ "<img src=x width=1 height=1><img src=\"javascript:x()\">", true },
	{ "<p>&nbsp;&hellip;&mdash;&#8217;&#x201C;&lt;tag&gt; AT &amp; T</p>",
	  true },
	/* Every named reference the fast path reads, in text and values. */
	{ "<abbr title=\"&amp;&lt;&gt;&quot;&apos;&nbsp;&hellip;&mdash;&ndash;"
	  "&lsquo;&rsquo;&ldquo;&rdquo;&laquo;&raquo;&copy;&reg;&trade;&deg;"
	  "&middot;&bull;&euro;&pound;&times;&eacute;\">x</abbr><p>&amp;"
	  "&lt;&gt;&quot;&apos;&nbsp;&hellip;&mdash;&ndash;&lsquo;&rsquo;"
	  "&ldquo;&rdquo;&laquo;&raquo;&copy;&reg;&trade;&deg;&middot;&bull;"
	  "&euro;&pound;&times;&eacute;</p><abbr title=\"&mdash;&eacute;"
	  "&#x1F600;&#233;\">a</abbr>", true },
	{ "<h2>Title</h2><blockquote cite=\"q.html\"><p>Quote</p>"
	  "</blockquote><hr><p>after</p>", true },
	{ "<p>x<hr>y", true },
	{ "<p>x<main>y</main>z<section>w</section>", true },
	{ "<div><p>para</div>tail", true },
	{ "<span><p>block in span</p></span>", true },
	{ "<a href=\"/a\"><div>block link</div></a>", true },
	{ "text with\nnew lines\tand tabs  ", true },
	{ "<img src=\"a.jpg\"/><br/><wbr>", true },
	{ "<p>dup <a href=\"/1\" href=\"/2\">first wins</a></p>", true },
	{ "<p></p><div> </div><span></span>x", true },
	{ "<time datetime=\"2024-01-01\">Jan</time> <q cite=\"/c\">q</q> "
	  "<abbr title=\"t\">a</abbr> <del cite=\"/d\" datetime=\"x\">d</del>",
	  true },
	{ "<main><section><article><header>h</header><nav>n</nav>"
	  "<aside>a</aside><footer>f</footer></article></section></main>",
	  true },
	{ "<details><summary>s</summary>body</details><center>c</center>",
	  true },
	{ "<p><iframe src=\"https://www.youtube.com/embed/x\" width=\"560\">"
	  "</iframe></p>", true },
	{ "<img src=\"a.jpg\" alt=\"\"quote\" after\" width=\"10\">", true },
	{ "<img src=\"a.jpg\" alt=\"Z\xc3\xbcrich \"q\" \xe2\x80\x94 x\">", true },
	{ "<img src=\"a.jpg\" alt=\"bad \xff byte\">", false },
	{ "<font color=red>f</font><big>b</big><tt>t</tt><strike>s</strike>",
	  true },
	/* Runs longer than the 16-byte blocks the scanners take at once. */
	{ "<p>0123456789abcdef0123456789abcdef0123456789abcdef&amp;  x</p>",
	  true },
	{ "<p>                                  </p>x", true },
	{ "<p>                 x  y   z    </p>", true },
	{ "<p>one two  three   four\tfive\nsix seven eight nine ten</p>",
	  true },
	{ "<img src=\"https://example.com/a/very/long/path/0123456789.jpg?"
	  "a=1&amp;b=2\" alt=\"a long alt text with caf\xc3\xa9 and "
	  "&quot;quotes&quot; inside it\">", true },
	{ "<a href='single quoted value that runs past sixteen bytes' "
	  "title='it \"has\" double ones'>x</a>", true },
	/* Declined: gumbo decides these. */
	{ "<p><b>misnested</p></b>", false },
	{ "<a href=\"/1\">outer <a href=\"/2\">inner</a></a>", false },
	{ "<table><tr><td>cell</td></tr></table>", false },
	{ "<script>alert(1)</script>x", false },
	{ "AT&T &copy 2024 &notin;", false },
	{ "<o:p>word</o:p>", false },
	{ "a < b", false },
	{ "<![CDATA[x]]>", false },
	{ "<li>no list</li>", false },
	{ "<h1><h2>nested</h2></h1>", false },
	{ "x\r\ny", false },
	{ "bad \x80 byte", false },
	{ "&#128;&#0;", false },
	{ "<b><b>twice</b></b>", false },
	{ "<p>unclosed <img src=\"x\"", false },
	{ NULL, false }
};

static void
hand_cases(void)
{
	struct tally t = { 0, 0, 0, 0 };
	size_t	 i;
	bool	 took, took2;

	for (i = 0; cases[i].html != NULL; i++) {
		took = compare(&t, cases[i].html, BASE, false);
		took2 = compare(&t, cases[i].html, NULL, false);
		(void)compare(&t, cases[i].html, NULL, true);
		CHECK_MSG(took == cases[i].want_fast && took2 == took,
		    "fast path %s case %zu", cases[i].want_fast ? "takes" :
		    "declines", i);
	}
	CHECK_MSG(t.diff == 0 && t.unclean == 0, "hand cases: %ld inputs, %ld "
	    "fast, all the same and clean", t.seen, t.fast);
}

/* Part 2: random fragments from the pieces feed content is made of. */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const open_tags[] = {
	"p", "div", "span", "b", "strong", "em", "i", "u", "s", "small",
	"code", "ul", "ol", "li", "dl", "dd", "dt", "h1", "h2", "h3", "pre",
	"blockquote", "figure", "figcaption", "section", "article", "main",
	"center", "address", "details", "summary", "font", "big", "tt",
	"strike", "sub", "sup", "mark", "cite", "abbr", "q", "time", "del",
	"ins", "kbd", "var", "samp", "dfn", "header", "footer", "nav",
	"aside", "hgroup", "a", "P", "LI", "Em", "iframe", "table", "td", "tr", "nobr",
	"xmp", "listing", "menu", "dir", "ruby", "rt", "button", "form",
	"foo", "picture", "video", "noscript"
};

/* The first NFAST of open_tags are elements the fast path reads. */
#define NFAST	58

static const char *const attrs[] = {
	"", " href=\"/rel/path?a=1&amp;b=2\"", " href=\"https://x.test/\"",
	" href=\"javascript:alert(1)\"", " class=\"c\"", " lang=\"en\"",
	" dir=\"rtl\"", " title='single \"quoted\"'", " cite=\"/c\"",
	" datetime=\"2024\"", " id=x", " HREF=\"UP.html\"", " color=red",
	" start=\"3\"", " value=\"-2\"", " onclick=\"evil()\"",
	" style=\"color:red\"", " title=\"&lt;&gt;&quot;&#39;\"", " hidden",
	" src=\"https://www.youtube.com/embed/1\"", " alt=\"\"q\" x y\"",
	" 'odd'=\"v\""
};

static const char *const texts[] = {
	"word", " ", "\n", "\t", "two words", "&amp;", "&nbsp;", "&lt;b&gt;",
	"&#8217;", "&#x2014;", "\xc3\xa9t\xc3\xa9", "\xf0\x9f\x98\x80",
	"AT&T", " & ", "&copy;", "&hellip;", "x > y", "&quot;", "&apos;",
	"\xc2\xa0", "&#10;", "&#32;", "&#x41;"
};

static const char *const voids[] = {
	"<br>", "<br/>", "<hr>", "<wbr>", "<img src=\"a.jpg\">",
	"<img src=\"/b.png\" alt=\"B &amp; C\" width=\"100px\" height=\"50\">",
	"<img data-src=\"lazy.jpg\" src=\"blank.gif\">",
	"<img srcset=\"a.jpg 1x, b.jpg 2x\">", "<IMG SRC='u.gif' />",
	"<img src=\"x.gif\" width=\"1\" height=\"1\">",
	"<img src=\"data:image/png;base64,AAAA\">", "<!-- c -->", "<!---->",
	"<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" "
	"allowfullscreen></iframe>",
	"<iframe src=\"//player.vimeo.com/v/1\">a <b>x</b> &amp;</IFRAME >",
	"<iframe src=\"https://evil.test/\"></iframe>"
};

static bool	tag(struct buf *, const char *, const char *);

/*
 * Every pair of elements x, y, in the ways two elements meet; the
 * shapes spell x as 'x', y as 'y', their end tags as 'X' and 'Y'.
 */
static void
pair_cases(void)
{
	static const char *const shapes[] = {
		"x-yY-X", "x-yY-", "x-y\n", "xX-yY", "xyYX", "x\n-X\ny", NULL
	};
	struct tally t = { 0, 0, 0, 0 };
	struct buf b;
	const char *p;
	size_t	 i, j, k, n = sizeof open_tags / sizeof *open_tags;
	bool	 ok;

	buf_init(&b, CAP_TEXT);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			for (k = 0; shapes[k] != NULL; k++) {
				buf_reset(&b);
				ok = true;
				for (p = shapes[k]; *p != '\0' && ok; p++)
					ok = *p == 'x' || *p == 'X' ?
					    tag(&b, open_tags[i], *p == 'x' ?
					    " title=\"t\"" : NULL) :
					    *p == 'y' || *p == 'Y' ?
					    tag(&b, open_tags[j], *p == 'y' ?
					    "" : NULL) :
					    buf_addc(&b, *p == '-' ? 'w' :
					    *p) == ERR_OK;
				if (!ok)
					continue;
				(void)compare(&t, buf_str(&b), BASE, false);
				(void)compare(&t, buf_str(&b), NULL, true);
			}
	buf_cleanup(&b);
	CHECK_MSG(t.diff == 0 && t.unclean == 0, "element pairs: %ld inputs, "
	    "%ld fast, %ld differ, %ld not clean", t.seen, t.fast, t.diff,
	    t.unclean);
}

/* <name attr>, or </name> when attr is NULL. */
static bool
tag(struct buf *b, const char *name, const char *attr)
{
	return buf_addf(b, "<%s%s%s>", attr == NULL ? "/" : "", name,
	    attr != NULL ? attr : "") == ERR_OK;
}

static void
random_fragment(struct buf *b)
{
	const char *stack[32], *t;
	size_t	 depth = 0, k, n = 1 + rnd(24);
	bool	 ok = true;

	buf_reset(b);
	for (k = 0; k < n && ok; k++) {
		switch (rnd(8)) {
		case 0:
		case 1:
			/* Mostly elements the fast path reads. */
			t = open_tags[rnd(8) != 0 ? rnd(NFAST) :
			    rnd(sizeof open_tags / sizeof *open_tags)];
			ok = tag(b, t, attrs[rnd(sizeof attrs /
			    sizeof *attrs)]);
			if (depth < 32)
				stack[depth++] = t;
			break;
		case 2:
		case 3:
			/* Sometimes the wrong end tag. */
			if (rnd(16) == 0)
				ok = tag(b, open_tags[rnd(sizeof open_tags /
				    sizeof *open_tags)], NULL);
			else if (depth > 0)
				ok = tag(b, stack[--depth], NULL);
			break;
		case 4:
			ok = buf_add(b, voids[rnd(sizeof voids /
			    sizeof *voids)]) == ERR_OK;
			break;
		default:
			ok = buf_add(b, texts[rnd(sizeof texts /
			    sizeof *texts)]) == ERR_OK;
			break;
		}
	}
	/* Close some or all of what is open. */
	while (ok && depth > 0 && rnd(3) != 0)
		ok = tag(b, stack[--depth], NULL);
	if (!ok)
		buf_reset(b);
}

static void
random_cases(void)
{
	struct tally t = { 0, 0, 0, 0 };
	struct buf b;
	int	 i;

	buf_init(&b, CAP_HTML);
	for (i = 0; i < 40000; i++) {
		random_fragment(&b);
		(void)compare(&t, buf_str(&b), i % 2 ? BASE : NULL, false);
		(void)compare(&t, buf_str(&b), NULL, true);
	}
	buf_cleanup(&b);
	CHECK_MSG(t.diff == 0 && t.unclean == 0, "random fragments: %ld "
	    "inputs, %ld fast, %ld differ, %ld not clean", t.seen, t.fast,
	    t.diff, t.unclean);
	/* The test means something only when the fast path takes many. */
	CHECK_MSG(t.fast > t.seen / 5, "random fragments: fast path took "
	    "%ld of %ld", t.fast, t.seen);
}

/* Part 3: every HTML field of real inputs, through the read pipeline. */

static void
observe(void *ctx, const char *html, const char *base, bool text)
{
	(void)compare(ctx, html, base, text);
}

static enum err
sink_head(void *ctx, struct feed *f)
{
	return ERR_OK;
}

static enum err
sink_article(void *ctx, const struct feed *f, struct article *a)
{
	return ERR_OK;
}

static enum err
sink_end(void *ctx, struct feed *f)
{
	return ERR_OK;
}

static long	 nfiles, nbad;

static int
read_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	static const struct sink sink = { sink_head, sink_article, sink_end,
	    NULL };
	struct read_opts ro;
	struct input in;
	int	 fd;

	if (type != FTW_F || !S_ISREG(sb->st_mode) || sb->st_size > 8 *
	    (off_t)CAP_MIB)
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	memset(&ro, 0, sizeof ro);
	ro.name = path;
	ro.base_url = "https://example.com/feed/";
	/* Unreadable files are fine: what was sanitized counts. */
	if (input_init_fd(&in, fd, CAP_INPUT_XML) == ERR_OK &&
	    read_input(&in, &ro, &sink) != ERR_OK)
		nbad++;
	close(fd);
	nfiles++;
	return 0;
}

static void
tree_files(const char *what, const char *dir, long min_fast)
{
	struct tally t = { 0, 0, 0, 0 };
	struct stat sb;

	if (stat(dir, &sb) != 0) {
		printf("ok %d - # SKIP %s: %s absent\n", ++tap_n, what, dir);
		return;
	}
	nfiles = 0;
	sanitize_observe(observe, &t);
	(void)nftw(dir, read_one, 16, FTW_PHYS);
	sanitize_observe(NULL, NULL);
	CHECK_MSG(t.diff == 0, "%s: %ld files, %ld HTML fields, %ld fast, "
	    "%ld differ", what, nfiles, t.seen, t.fast, t.diff);
	CHECK_MSG(t.fast >= min_fast, "%s: fast path took %ld (at least %ld)",
	    what, t.fast, min_fast);
	CHECK_MSG(t.unclean == 0, "%s: %ld HTML outputs not clean text", what,
	    t.unclean);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char	*dir;
	FILE	*null;

	if (top == NULL)
		top = ".";
	null = fopen("/dev/null", "w");
	if (null == NULL)
		return 1;
	log_set_output(null);
	hand_cases();
	pair_cases();
	random_cases();
	dir = xasprintf("%s/tests/golden/in", top);
	tree_files("golden inputs", dir, 50);
	free(dir);
	dir = xasprintf("%s/tests/pages/in", top);
	tree_files("page fixtures", dir, 1);
	free(dir);
	dir = xasprintf("%s/tests/wire", top);
	tree_files("wire fixtures", dir, 0);
	free(dir);
	dir = xasprintf("%s/../shared/corpus", top);
	tree_files("corpus", dir, 1000);
	free(dir);
	log_set_output(NULL);
	fclose(null);
	return tap_done();
}
