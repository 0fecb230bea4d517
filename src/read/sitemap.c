/* SPDX-License-Identifier: MIT */
/*
 * The sitemap reader: XML sitemaps (<urlset>) and sitemap indexes
 * (<sitemapindex>), with the Google News (news:publication name and
 * language, publication_date, title, keywords) and image (image:loc,
 * caption, title) extensions, plain or gzip-compressed. Entries are
 * sorted newest first and the newest CAP_SITEMAP_ITEMS become the feed;
 * an index becomes a feed of its child sitemaps. libxml2's xmlReader
 * streams the document (no network, no DTD, no entity expansion).
 */
#include "config.h"
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zlib.h>

#include "model/article.h"
#include "model/feed.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

struct sm {
	const struct read_opts *o;
	struct feed	 feed;
	struct article	**arts;
	size_t		 narts;
	size_t		 skipped;	/* entries past CAP_SITEMAP_ENTRIES */
	bool		 index;
	struct article	*cur;
	struct image	*img;
};

static bool
is_gzip(const char *s, size_t n)
{
	return n >= 2 && (unsigned char)s[0] == 0x1f &&
	    (unsigned char)s[1] == 0x8b;
}

/* Inflate gzip data into out (capped). */
static enum err
gunzip(const char *s, size_t n, struct buf *out)
{
	z_stream z;
	char	 chunk[65536];
	int	 r;
	enum err e = ERR_OK;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return ERR_PARSE;
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof chunk;
		r = inflate(&z, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END) {
			e = ERR_PARSE;
			break;
		}
		e = buf_addn(out, chunk, sizeof chunk - z.avail_out);
		if (e)
			break;
		/* Concatenated members: go on with the next one. */
		if (r == Z_STREAM_END && z.avail_in > 0 &&
		    inflateReset(&z) != Z_OK)
			e = ERR_PARSE;
	} while (!e && (r != Z_STREAM_END || z.avail_in > 0));
	inflateEnd(&z);
	return e;
}

static char *
node_text(xmlTextReaderPtr r)
{
	xmlChar	*s = xmlTextReaderReadString(r);
	char	*t;

	if (s == NULL)
		return NULL;
	t = text_clean_str((const char *)s, TEXT_COLLAPSE, CAP_TEXT);
	xmlFree(s);
	return t;
}

static void
set_text(char **dst, xmlTextReaderPtr r)
{
	char	*t = node_text(r);

	if (t == NULL)
		return;
	free(*dst);
	*dst = t;
}

static void
set_date(struct sm *s, struct when *w, xmlTextReaderPtr r)
{
	char	*t = node_text(r);

	if (t != NULL && !date_parse(t, w))
		log_warn("%s:%d: unparseable date \"%s\"", s->o->name,
		    xmlTextReaderGetParserLineNumber(r), t);
	free(t);
}

static void
keywords(struct article *a, xmlTextReaderPtr r)
{
	char	*t = node_text(r), *p, *c, *k;

	for (p = t; p != NULL && *p; p = *c ? c + 1 : c) {
		c = strchr(p, ',');
		if (c == NULL)
			c = p + strlen(p);
		k = text_clean(p, (size_t)(c - p), TEXT_COLLAPSE, 256);
		if (k != NULL && a->nkeywords < CAP_LIST)
			article_add_keyword(a, k);
		free(k);
	}
	free(t);
}

/* news:genres, "PressRelease, Blog": one category each. */
static void
genres(struct article *a, xmlTextReaderPtr r)
{
	char	*t = node_text(r), *p, *c, *g;
	struct category *cat;

	for (p = t; p != NULL && *p; p = *c ? c + 1 : c) {
		c = strchr(p, ',');
		if (c == NULL)
			c = p + strlen(p);
		g = text_clean(p, (size_t)(c - p), TEXT_COLLAPSE, 256);
		if (g == NULL || a->ncategories >= CAP_LIST) {
			free(g);
			continue;
		}
		cat = article_add_category(a);
		cat->term = g;
		cat->scheme = xstrdup("https://www.google.com/schemas/"
		    "sitemap-news/0.9#genres");
	}
	free(t);
}

static void
start(struct sm *s, xmlTextReaderPtr r, const char *name, const char *ns)
{
	bool	 news = ns != NULL && strstr(ns, "sitemap-news") != NULL;
	bool	 image = ns != NULL && strstr(ns, "sitemap-image") != NULL;
	struct article *a = s->cur;

	if (!news && !image && (strcmp(name, "url") == 0 ||
	    strcmp(name, "sitemap") == 0)) {
		if (s->narts >= CAP_SITEMAP_ENTRIES) {
			s->skipped++;
			return;
		}
		s->cur = article_new();
		s->img = NULL;
		return;
	}
	if (a == NULL)
		return;
	if (!news && !image) {
		if (strcmp(name, "loc") == 0)
			set_text(&a->url, r);
		else if (strcmp(name, "lastmod") == 0)
			set_date(s, &a->updated, r);
		return;
	}
	if (news) {
		if (strcmp(name, "name") == 0) {
			set_text(&a->source, r);
			if (s->feed.title == NULL && a->source != NULL)
				s->feed.title = xstrdup(a->source);
		} else if (strcmp(name, "language") == 0)
			set_text(&a->language, r);
		else if (strcmp(name, "publication_date") == 0)
			set_date(s, &a->published, r);
		else if (strcmp(name, "title") == 0)
			set_text(&a->title, r);
		else if (strcmp(name, "keywords") == 0)
			keywords(a, r);
		else if (strcmp(name, "genres") == 0)
			genres(a, r);
		return;
	}
	if (strcmp(name, "image") == 0) {
		s->img = a->nimages < CAP_LIST ? article_add_image(a) : NULL;
		return;
	}
	if (s->img == NULL)
		return;
	if (strcmp(name, "loc") == 0)
		set_text(&s->img->url, r);
	else if (strcmp(name, "caption") == 0)
		set_text(&s->img->caption, r);
	else if (strcmp(name, "title") == 0 && s->img->alt == NULL)
		set_text(&s->img->alt, r);
	else if (strcmp(name, "license") == 0)
		set_text(&s->img->credit, r);
}

static void
end(struct sm *s, const char *name, const char *ns)
{
	struct article *a = s->cur;
	size_t	 i;

	if (a == NULL || (ns != NULL && (strstr(ns, "sitemap-news") != NULL ||
	    strstr(ns, "sitemap-image") != NULL)) ||
	    (strcmp(name, "url") != 0 && strcmp(name, "sitemap") != 0))
		return;
	s->cur = NULL;
	/* Drop images without a location. */
	for (i = a->nimages; i > 0; i--)
		if (a->images[i - 1].url == NULL) {
			image_cleanup(&a->images[i - 1]);
			memmove(&a->images[i - 1], &a->images[i],
			    (a->nimages - i) * sizeof *a->images);
			a->nimages--;
		}
	if (a->url == NULL) {
		article_free(a);
		return;
	}
	if (s->index && a->title == NULL)
		a->title = xasprintf("Sitemap %s", a->url);
	xstrset(&a->format, s->index ? "sitemap-index" : "sitemap");
	s->arts = xreallocarray(s->arts, s->narts + 1, sizeof *s->arts);
	s->arts[s->narts++] = a;
}

static int64_t
when_of(const struct article *a)
{
	return a->published.t != 0 ? a->published.t : a->updated.t;
}

/* Newest first; undated entries last, in document order. */
static int
newest_first(const void *x, const void *y)
{
	const struct article *a = *(struct article *const *)x;
	const struct article *b = *(struct article *const *)y;
	int64_t	 ta = when_of(a), tb = when_of(b);

	if (ta != tb)
		return ta == 0 ? 1 : tb == 0 ? -1 : ta < tb ? 1 : -1;
	return 0;
}

static enum err
parse_doc(struct sm *s, const char *doc, size_t n, const struct sink *out)
{
	xmlTextReaderPtr r;
	const char	*name, *ns;
	enum err	 e = ERR_OK;
	size_t		 i, keep;
	int		 rc, depth = 0;
	bool		 rooted = false;

	r = xmlReaderForMemory(doc, (int)n, s->o->name, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r == NULL)
		return ERR_PARSE;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);

		name = (const char *)xmlTextReaderConstLocalName(r);
		ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			depth = xmlTextReaderDepth(r);
			if (!rooted) {
				rooted = true;
				if (strcmp(name, "sitemapindex") == 0)
					s->index = true;
				else if (strcmp(name, "urlset") != 0) {
					log_error("%s: not a sitemap: root "
					    "element <%s>", s->o->name, name);
					e = ERR_UNSUPPORTED;
					break;
				}
				continue;
			}
			if (depth > CAP_XML_DEPTH) {
				log_error("%s: nesting too deep", s->o->name);
				e = ERR_PARSE;
				break;
			}
			start(s, r, name, ns);
			if (xmlTextReaderIsEmptyElement(r))
				end(s, name, ns);
		} else if (type == XML_READER_TYPE_END_ELEMENT)
			end(s, name, ns);
	}
	if (!e && rc < 0) {
		log_warn("%s:%d: ill-formed XML; entries up to here kept",
		    s->o->name, xmlTextReaderGetParserLineNumber(r));
		if (s->o->strict)
			e = ERR_PARSE;
	}
	xmlFreeTextReader(r);
	if (s->cur != NULL) {
		article_free(s->cur);
		s->cur = NULL;
	}
	if (!e && !rooted) {
		log_error("%s: not a sitemap: no root element", s->o->name);
		e = ERR_PARSE;
	}
	if (s->skipped > 0)
		log_warn("%s: %zu entries past the first %zu ignored",
		    s->o->name, s->skipped, (size_t)CAP_SITEMAP_ENTRIES);
	if (s->narts > 1)	/* (arts is NULL when there are none) */
		qsort(s->arts, s->narts, sizeof *s->arts, newest_first);
	keep = s->narts < CAP_SITEMAP_ITEMS ? s->narts : CAP_SITEMAP_ITEMS;
	if (!e) {
		if (s->feed.title == NULL)
			s->feed.title = xstrdup(s->index ? "Sitemap index" :
			    "Sitemap");
		if (s->narts > 0 && s->feed.home_url == NULL)
			s->feed.home_url = uri_origin(s->arts[0]->url);
		xstrset(&s->feed.format, s->index ? "sitemap-index" :
		    "sitemap");
		e = out->head(out->ctx, &s->feed);
	}
	for (i = 0; i < keep && !e; i++)
		e = out->article(out->ctx, &s->feed, s->arts[i]);
	if (!e)
		e = out->end(out->ctx, &s->feed);
	for (i = 0; i < s->narts; i++)
		article_free(s->arts[i]);
	free(s->arts);
	return e;
}

static enum err
sitemap_parse(struct input *in, const struct read_opts *o,
    const struct sink *out)
{
	struct buf	 raw, plain;
	struct sm	 s;
	const struct reader *r;
	struct input	 in2;
	enum err	 e;

	buf_init(&raw, CAP_INPUT_SITEMAP);
	e = input_slurp(in, &raw);
	if (e) {
		log_error("%s: %s", o->name, e == ERR_TOO_LARGE ?
		    "sitemap larger than the limit; refused" : "read error");
		buf_cleanup(&raw);
		return e;
	}
	buf_init(&plain, CAP_INPUT_SITEMAP);
	if (is_gzip(raw.data, raw.len)) {
		e = gunzip(raw.data, raw.len, &plain);
		if (e) {
			log_error("%s: %s", o->name, e == ERR_TOO_LARGE ?
			    "decompressed sitemap larger than the limit; "
			    "refused" : "corrupt gzip data");
			goto done;
		}
		/* A gzip file of another format goes to its own reader. */
		r = read_sniff(plain.data != NULL ? plain.data : "",
		    plain.len < INPUT_PEEK ? plain.len : INPUT_PEEK, NULL);
		if (r != NULL && r != &reader_sitemap) {
			input_init_mem(&in2, buf_str(&plain), plain.len,
			    CAP_INPUT_SITEMAP);
			in2.charset = in->charset;
			e = r->parse(&in2, o, out);
			goto done;
		}
	} else {
		buf_cleanup(&plain);
		plain = raw;
		buf_init(&raw, 0);
	}
	memset(&s, 0, sizeof s);
	s.o = o;
	feed_init(&s.feed);
	if (o->base_url != NULL)
		s.feed.base_url = xstrdup(o->base_url);
	e = parse_doc(&s, buf_str(&plain), plain.len, out);
	feed_cleanup(&s.feed);
done:
	buf_cleanup(&raw);
	buf_cleanup(&plain);
	return e;
}

const struct reader reader_sitemap = {
	.name = "sitemap",
	.description = "XML sitemap or sitemap index (Google News and image "
	    "extensions; plain or gzip)",
	.parse = sitemap_parse,
};
