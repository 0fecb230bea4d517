/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the RSS, Atom and JSON Feed writers. Five models (full,
 * minimal, hostile text, every stand-in, empty) go through each writer's
 * write sink; the whole output is compared with
 * tests/unit/write-expected/CASE.EXT, parsed with libxml2 or jansson, and
 * checked by the shared validators (../shared/validate) when they exist.
 * FEEDMILL_UPDATE_EXPECTED=1 rewrites the expected files instead.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "tap.h"

#include "model/article.h"
#include "model/feed.h"
#include "util/xmalloc.h"
#include "write/write.h"

#define MAXART	4

/* 2024-03-05T09:08:07Z, 2024-03-05T08:00:00Z, 2024-03-06T12:30:00Z */
#define T_UPDATED	INT64_C(1709629687)
#define T_PUBLISHED	INT64_C(1709625600)
#define T_LATER		INT64_C(1709728200)
/* 10000-01-01T00:00:00Z: no format can spell it, so it counts as unknown. */
#define T_YEAR_10000	INT64_C(253402300800)

/* A model: the feed head, its articles and the options to write it with. */
struct model {
	const char	*name;
	struct feed	 feed;
	struct article	*arts[MAXART];
	size_t		 narts;
	struct write_opts opts;
	bool		 reader_check;	/* entries have id, title, date, link */
};

static const struct writer *const writers[] = {
	&writer_rss, &writer_atom, &writer_jsonfeed,
};

static char *
sdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
set_person(struct person *p, const char *name, const char *email,
    const char *url)
{
	p->name = sdup(name);
	p->email = sdup(email);
	p->url = sdup(url);
}

static void
set_category(struct category *c, const char *term, const char *scheme,
    const char *label)
{
	c->term = sdup(term);
	c->scheme = sdup(scheme);
	c->label = sdup(label);
}

static void
set_image(struct image *im, const char *url, const char *type, int width,
    int height, const char *caption, const char *credit, const char *alt)
{
	im->url = sdup(url);
	im->type = sdup(type);
	im->width = width;
	im->height = height;
	im->caption = sdup(caption);
	im->credit = sdup(credit);
	im->alt = sdup(alt);
}

static void
set_enclosure(struct enclosure *en, const char *url, const char *type,
    int64_t length, int64_t duration)
{
	en->url = sdup(url);
	en->type = sdup(type);
	en->length = length;
	en->duration = duration;
}

static void
set_link(struct link *l, const char *href, const char *rel,
    const char *type, const char *title, const char *lang)
{
	l->href = sdup(href);
	l->rel = sdup(rel);
	l->type = sdup(type);
	l->title = sdup(title);
	l->lang = sdup(lang);
}

/* Every field of the feed head and of one article, plus a plainer second. */
static void
build_full(struct model *m)
{
	static char hub[] = "https://hub.example.net/";
	static char *const hubs[] = { hub };
	struct feed *f = &m->feed;
	struct article *a;

	m->name = "full";
	m->reader_check = true;
	m->opts.feed_url = "https://feeds.example.org/news";
	m->opts.generator = "feedmill 0.1.0";
	/* The feed's own hub is not advertised beside another self link. */
	m->opts.hubs = hubs;
	m->opts.nhubs = 1;
	f->id = sdup("urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6");
	f->title = sdup("Example News");
	f->subtitle = sdup("All the news from Example.");
	f->home_url = sdup("https://example.com/");
	f->self_url = sdup("https://example.com/feed.xml");
	f->language = sdup("en-GB");
	f->icon = sdup("https://example.com/icon.png");
	f->logo = sdup("https://example.com/logo.png");
	f->copyright = sdup("\xc2\xa9 2024 Example Ltd");
	f->generator = sdup("SourceGen 1.0");
	f->hub = sdup("https://hub.example.net/");
	f->next_url = sdup("https://example.com/feed.xml?page=2");
	f->updated.t = T_UPDATED;
	f->ttl = 60;
	set_person(feed_add_author(f), "Ed Itor", "editor@example.com",
	    "https://example.com/ed");
	set_category(feed_add_category(f), "news", "https://example.com/cats",
	    "News");

	a = article_new();
	a->id = sdup("https://example.com/2024/03/story");
	a->url = sdup("https://example.com/2024/03/story");
	a->title = sdup("Budget passes");
	a->summary = sdup("The budget passed 52 to 48.");
	a->content_html = sdup("<p>The budget <b>passed</b>.</p>");
	a->language = sdup("en-GB");
	a->copyright = sdup("CC BY 4.0");
	a->comments_url = sdup("https://example.com/2024/03/story#comments");
	a->published.t = T_PUBLISHED;
	a->updated.t = T_UPDATED;
	set_person(article_add_author(a), "Jane Doe", "jane@example.com",
	    "https://example.com/jane");
	set_person(article_add_author(a), "John Roe", NULL, NULL);
	set_image(article_add_image(a), "https://img.example.com/b.jpg",
	    "image/jpeg", 800, 600, "The chamber.", "Photo: A. Lens", NULL);
	set_image(article_add_image(a), "https://img.example.com/lead.png",
	    "image/png", 1200, 630, NULL, NULL, "Lead picture");
	a->lead = 1;
	set_enclosure(article_add_enclosure(a),
	    "https://media.example.com/a.mp3", "audio/mpeg", 123456, 300);
	set_enclosure(article_add_enclosure(a),
	    "https://media.example.com/x.bin", NULL, 0, 0);
	set_category(article_add_category(a), "politics",
	    "https://example.com/cats", "Politics");
	set_category(article_add_category(a), "budget", NULL, NULL);
	article_add_keyword(a, "budget");
	article_add_keyword(a, "economy");
	set_link(article_add_link(a), "https://other.example.org/analysis",
	    "related", "text/html", "Analysis", "en");
	set_link(article_add_link(a), "https://example.com/2024/03/story.de",
	    "alternate", "text/html", NULL, "de");
	m->arts[m->narts++] = a;

	a = article_new();
	a->id = sdup("story-2");
	a->url = sdup("https://example.com/2024/03/two");
	a->title = sdup("Second story");
	a->content_text = sdup("Line one.\nLine two & more.");
	a->language = sdup("fr");
	a->updated.t = T_LATER;
	m->arts[m->narts++] = a;
}

/* An empty head and one article with only an id. */
static void
build_minimal(struct model *m)
{
	struct article *a;

	m->name = "minimal";
	a = article_new();
	a->id = sdup("42");
	m->arts[m->narts++] = a;
}

/*
 * Text a reader should never produce but escaping must survive: markup,
 * "]]>", quotes, ampersands, U+2028, an emoji, C0 and C1 controls, an
 * invalid byte; and values no format accepts (bad language, URLs, dates).
 */
static void
build_hostile(struct model *m)
{
	struct feed *f = &m->feed;
	struct article *a;

	m->name = "hostile";
	m->reader_check = true;
	f->title = sdup("News & \"Views\" <script>alert(1)</script>");
	f->subtitle = sdup("Line\xe2\x80\xa8separator \xf0\x9f\x98\x80 "
	    "bell\x07 nul-ish\x01 C1\xc2\x85 bad\xff byte");
	f->home_url = sdup("https://example.com/?a=1&b=2");
	f->language = sdup("en_US");
	f->icon = sdup("javascript:alert(1)");
	set_person(feed_add_author(f), "\x01", NULL, NULL);
	f->updated.t = T_YEAR_10000;

	a = article_new();
	a->id = sdup("a]]>b <id> & \"q\"");
	a->id_is_permalink = 1;
	a->url = sdup("https://example.com/p?x=1&y=2");
	a->title = sdup("Tom & Jerry's \"<script>\" ]]> \xe2\x80\xa8 "
	    "\xf0\x9f\x98\x80 \x07" "bell");
	a->summary = sdup("1 < 2 && 3 > 2\x01");
	a->content_html = sdup("<p>a]]>b]]]>c</p><p><a title=\"&quot;q&quot;\" "
	    "href=\"https://example.com/?a=1&amp;b=2\">it's</a>\r\n"
	    "\x0b\xc2\x85</p>");
	a->language = sdup("x");
	a->published.t = T_PUBLISHED;
	a->updated.t = T_YEAR_10000;
	set_person(article_add_author(a), "Mallory <m@example.com>",
	    "bad@@example.com", "https://example.com/\"mallory\"");
	set_person(article_add_author(a), NULL, "ok@example.com", NULL);
	set_category(article_add_category(a), "a&b", "not a scheme", NULL);
	set_category(article_add_category(a), "a&b\x01", NULL, NULL);
	article_add_keyword(a, "<kw>");
	article_add_keyword(a, "  ");
	set_enclosure(article_add_enclosure(a), "javascript:alert(1)",
	    "audio/mpeg", 1, 0);
	set_enclosure(article_add_enclosure(a), "https://example.com/e.ogg",
	    "bad type", -5, -1);
	set_image(article_add_image(a), "https://img.example.com/i.png\" x=\"",
	    NULL, 0, 0, NULL, NULL, NULL);
	set_link(article_add_link(a), "https://example.com/alt", "alternate",
	    NULL, "<Alt> & \"title\"", "not a lang");
	set_link(article_add_link(a), "not a url", "related", NULL, NULL, NULL);
	m->arts[m->narts++] = a;
}

/*
 * The stand-ins: a feed without title or id, an article without id, URL
 * or title (a long summary gives the title), one whose id is its
 * permalink though it has no URL, and people with only an address.
 */
static void
build_fallbacks(struct model *m)
{
	struct feed *f = &m->feed;
	struct article *a;

	m->name = "fallbacks";
	f->home_url = sdup("https://www.example.org/blog/");
	f->self_url = sdup("https://www.example.org/blog/feed");
	f->logo = sdup("https://www.example.org/logo.png");
	set_person(feed_add_author(f), NULL, "desk@example.org", NULL);

	a = article_new();
	a->summary = sdup("A summary long enough to be cut: it goes on and "
	    "on,\nover two lines, well past the eighty characters a title "
	    "may take.");
	a->published.t = T_PUBLISHED;
	set_person(article_add_author(a), NULL, NULL,
	    "https://www.example.org/about");
	m->arts[m->narts++] = a;

	a = article_new();
	a->id = sdup("https://www.example.org/blog/7");
	a->id_is_permalink = 1;
	a->title = sdup("Seven");
	a->content_text = sdup("Only text.");
	a->updated.t = T_LATER;
	set_link(article_add_link(a), "https://www.example.org/blog/7.html",
	    "alternate", NULL, NULL, NULL);
	set_link(article_add_link(a), "https://www.example.org/via",
	    NULL, NULL, NULL, NULL);
	m->arts[m->narts++] = a;
}

/* A head without articles. */
static void
build_empty(struct model *m)
{
	struct feed *f = &m->feed;

	m->name = "empty";
	m->opts.generator = "feedmill 0.1.0";
	f->title = sdup("Empty");
	f->home_url = sdup("https://example.com/");
}

static void
model_cleanup(struct model *m)
{
	size_t	 i;

	for (i = 0; i < m->narts; i++)
		article_free(m->arts[i]);
	feed_cleanup(&m->feed);
}

/* Run m through w's write sink; the bytes written, and the error in *ep. */
static char *
render(const struct writer *w, struct model *m, size_t *lenp, enum err *ep)
{
	const struct sink *s;
	struct write_sink *ws;
	char	*data = NULL;
	size_t	 len = 0, i;
	FILE	*fp;
	enum err e;

	fp = open_memstream(&data, &len);
	if (fp == NULL)
		abort();
	ws = write_sink_new(w, &m->opts, fp);
	s = write_sink_get(ws);
	e = s->head(s->ctx, &m->feed);
	for (i = 0; i < m->narts && e == ERR_OK; i++)
		e = s->article(s->ctx, &m->feed, m->arts[i]);
	if (e == ERR_OK)
		e = s->end(s->ctx, &m->feed);
	write_sink_free(ws);
	fclose(fp);
	*lenp = len;
	*ep = e;
	return data;
}

/* rel, relative to the directory of this source file. New string. */
static char *
src_path(const char *rel)
{
	const char *slash;

	slash = strrchr(__FILE__, '/');
	if (slash == NULL)
		return xasprintf("./%s", rel);
	return xasprintf("%.*s/%s", (int)(slash - __FILE__), __FILE__, rel);
}

/* The whole file, or NULL. */
static char *
slurp(const char *path)
{
	char	*data = NULL;
	size_t	 cap = 0, len = 0, n;
	FILE	*fp;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap * 2 + 4096 + 1;
			data = xreallocarray(data, cap, 1);
		}
		n = fread(data + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	data[len] = '\0';
	return data;
}

static bool
spill(const char *path, const char *data, size_t len)
{
	FILE	*fp;
	bool	 ok;

	fp = fopen(path, "wb");
	if (fp == NULL)
		return false;
	ok = fwrite(data, 1, len, fp) == len;
	return fclose(fp) == 0 && ok;
}

/* On a mismatch, show the first line that differs. */
static void
show_diff(const char *got, const char *want)
{
	int	 line = 1;
	size_t	 i, g, w;

	for (i = 0; got[i] != '\0' && got[i] == want[i]; i++)
		if (got[i] == '\n')
			line++;
	while (i > 0 && got[i - 1] != '\n')
		i--;
	g = strcspn(got + i, "\n");
	w = strcspn(want + i, "\n");
	printf("#   line %d differs\n#   got:  %.*s\n#   want: %.*s\n", line,
	    (int)g, got + i, (int)w, want + i);
}

/* Compare with the expected file (or rewrite it in update mode). */
static void
check_expected(const struct model *m, const struct writer *w,
    const char *got, size_t len)
{
	char	*rel, *path, *want;
	const char *upd;

	rel = xasprintf("write-expected/%s.%s", m->name, w->ext);
	path = src_path(rel);
	upd = getenv("FEEDMILL_UPDATE_EXPECTED");
	if (upd != NULL && strcmp(upd, "1") == 0) {
		CHECK_MSG(spill(path, got, len), "%s: rewrote %s", w->name,
		    rel);
		free(path);
		free(rel);
		return;
	}
	want = slurp(path);
	CHECK_MSG(want != NULL && strlen(got) == len && strcmp(got, want) == 0,
	    "%s %s: output is %s", w->name, m->name, rel);
	if (want == NULL)
		printf("#   cannot read %s\n", path);
	else if (strcmp(got, want) != 0)
		show_diff(got, want);
	free(want);
	free(path);
	free(rel);
}

/* Well-formed (namespace-aware) XML, or a JSON object, by our own libraries. */
static void
check_parses(const struct model *m, const struct writer *w, const char *got,
    size_t len)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	json_error_t jerr;
	json_t	*j;
	bool	 ok;

	if (w == &writer_jsonfeed) {
		j = json_loadb(got, len, JSON_REJECT_DUPLICATES, &jerr);
		CHECK_MSG(j != NULL && json_is_object(j),
		    "%s %s: jansson parses it", w->name, m->name);
		if (j == NULL)
			printf("#   %s at line %d\n", jerr.text, jerr.line);
		json_decref(j);
		return;
	}
	ctxt = xmlNewParserCtxt();
	doc = xmlCtxtReadMemory(ctxt, got, (int)len, "out.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ok = doc != NULL && ctxt->wellFormed && ctxt->nsWellFormed;
	CHECK_MSG(ok, "%s %s: libxml2 parses it (namespace well-formed)",
	    w->name, m->name);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
}

/*
 * The shared validators. Models whose entries have everything a reader
 * needs go through check-outputs.sh (schema plus the feedparser check);
 * the others through the schemas alone, since an entry with no link or
 * date (or a feed with no entry) is valid but fails the reader's check.
 */
static void
check_valid(const char *vdir, const char *tmpdir, const struct model *m,
    const struct writer *w, const char *got, size_t len)
{
	char	*file, *cmd, *log, *full;
	int	 rc;

	file = xasprintf("%s/%s.%s", tmpdir, m->name, w->ext);
	if (!spill(file, got, len)) {
		CHECK_MSG(0, "%s %s: write %s", w->name, m->name, file);
		free(file);
		return;
	}
	if (m->reader_check)
		cmd = xasprintf("sh '%s/check-outputs.sh' '%s'", vdir, file);
	else if (w == &writer_rss)
		cmd = xasprintf("jing -c '%s/rss2-profile.rnc' '%s'", vdir,
		    file);
	else if (w == &writer_atom)
		cmd = xasprintf("jing -c '%s/atom.rnc' '%s' && "
		    "sh '%s/atom-rules.sh' '%s'", vdir, file, vdir, file);
	else
		cmd = xasprintf("/usr/bin/python3 -m jsonschema -i '%s' "
		    "'%s/jsonfeed-1.1.schema.json'", file, vdir);
	log = xasprintf("%s.log", file);
	full = xasprintf("(%s) >'%s' 2>&1", cmd, log);
	rc = system(full);
	CHECK_MSG(rc == 0, "%s %s: %s", w->name, m->name, m->reader_check ?
	    "check-outputs.sh accepts it" : "schema accepts it");
	if (rc != 0)
		printf("#   %s\n#   failed; see %s\n", cmd, log);
	else {
		unlink(log);
		unlink(file);
	}
	free(full);
	free(log);
	free(cmd);
	free(file);
}

/* Targeted checks on the hostile output that explain a failure better. */
static void
check_hostile(const struct writer *w, const char *got)
{
	const unsigned char *p;
	bool	 clean = true;

	/* JSON may carry C1 characters; XML 1.0 output drops them. */
	for (p = (const unsigned char *)got; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f || *p == 0xff ||
		    (w != &writer_jsonfeed && p[0] == 0xc2 && p[1] >= 0x80 &&
		    p[1] <= 0x9f))
			clean = false;
	CHECK_MSG(clean, "%s hostile: no control characters or bad bytes",
	    w->name);
	CHECK_MSG(strstr(got, w == &writer_jsonfeed ? "</" : "<script>") ==
	    NULL, "%s hostile: the title's markup is escaped", w->name);
	if (w == &writer_rss)
		CHECK_MSG(strstr(got, "a]]]]><![CDATA[>b]]]]]><![CDATA[>c") !=
		    NULL, "rss hostile: \"]]>\" split across CDATA sections");
	if (w == &writer_jsonfeed)
		CHECK_MSG(strstr(got, "\\u2028") != NULL &&
		    strstr(got, "\xf0\x9f\x98\x80") != NULL,
		    "jsonfeed hostile: U+2028 escaped, emoji kept");
}

int
main(void)
{
	struct model models[5];
	char	*vdir, *probe, *got, *again, tmpl[] = "/tmp/test-write.XXXXXX";
	const char *tmpdir = NULL;
	size_t	 i, j, len, len2;
	enum err e, e2;
	struct stat sb;
	bool	 have_validators;

	CHECK(writer_find("rss") == &writer_rss);
	CHECK(writer_find("atom") == &writer_atom);
	CHECK(writer_find("json") == &writer_jsonfeed);
	CHECK_STR_EQ(writer_rss.media_type, "application/rss+xml");
	CHECK_STR_EQ(writer_atom.media_type, "application/atom+xml");
	CHECK_STR_EQ(writer_jsonfeed.media_type, "application/feed+json");

	memset(models, 0, sizeof models);
	build_full(&models[0]);
	build_minimal(&models[1]);
	build_hostile(&models[2]);
	build_fallbacks(&models[3]);
	build_empty(&models[4]);

	vdir = src_path("../../../shared/validate");
	probe = xasprintf("%s/check-outputs.sh", vdir);
	have_validators = stat(probe, &sb) == 0 &&
	    system("command -v jing >/dev/null 2>&1") == 0;
	free(probe);
	if (have_validators)
		tmpdir = mkdtemp(tmpl);
	if (tmpdir == NULL)
		have_validators = false;

	for (i = 0; i < sizeof models / sizeof models[0]; i++) {
		for (j = 0; j < sizeof writers / sizeof writers[0]; j++) {
			got = render(writers[j], &models[i], &len, &e);
			again = render(writers[j], &models[i], &len2, &e2);
			CHECK_MSG(e == ERR_OK && e2 == ERR_OK &&
			    len == len2 && memcmp(got, again, len) == 0,
			    "%s %s: written without error, twice the same",
			    writers[j]->name, models[i].name);
			check_expected(&models[i], writers[j], got, len);
			check_parses(&models[i], writers[j], got, len);
			if (have_validators)
				check_valid(vdir, tmpdir, &models[i],
				    writers[j], got, len);
			else
				printf("ok %d - %s %s: validators # SKIP "
				    "%s/check-outputs.sh or jing missing\n",
				    ++tap_n, writers[j]->name,
				    models[i].name, vdir);
			if (strcmp(models[i].name, "hostile") == 0)
				check_hostile(writers[j], got);
			free(got);
			free(again);
		}
		model_cleanup(&models[i]);
	}
	if (tmpdir != NULL)
		rmdir(tmpdir);
	free(vdir);
	return tap_done();
}
