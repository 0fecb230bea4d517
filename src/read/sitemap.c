/* SPDX-License-Identifier: MIT */
/*
 * The sitemap reader: XML sitemaps (<urlset>) and sitemap indexes
 * (<sitemapindex>), with the Google News (news:publication name and
 * language, publication_date, title, keywords) and image (image:loc,
 * caption, title) extensions, plain or gzip-compressed. An index's child
 * sitemaps (the newest CAP_SITEMAP_CHILDREN, one level deep) are read
 * from the input's folder or fetched through the caller's read_fetch and
 * their entries merged; an index whose children cannot be reached
 * becomes a feed of its children. Entries are deduplicated by URL and
 * sorted newest first, and the newest max_items become the feed.
 * libxml2's xmlReader streams each document (no network, no DTD, no
 * entity expansion).
 */
#include "config.h"
#include "read/read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* An entry and where it came from: (child rank << 32) | position. */
struct entry {
	struct article	*a;
	uint64_t	 seq;
};

struct sm {
	const struct read_opts *o;
	const char	*name;		/* the document read, for messages */
	struct feed	 feed;
	struct entry	*ents;
	size_t		 nents;
	size_t		 skipped;	/* entries past CAP_SITEMAP_ENTRIES */
	size_t		 keep;		/* entries that become the feed */
	size_t		 ndoc;		/* entries of the current document */
	uint64_t	 rank;		/* of the current document */
	bool		 index;		/* the current document is an index */
	char		*publication;	/* news:publication name ... */
	uint64_t	 pub_rank;	/* ... from the first document having one */
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
		log_warn("%s:%d: unparseable date \"%s\"", s->name,
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
		if (s->ndoc >= CAP_SITEMAP_ENTRIES) {
			s->skipped++;
			return;
		}
		/* An entry opened inside an unclosed one: that one is dropped. */
		article_free(s->cur);
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
			if (a->source != NULL && (s->publication == NULL ||
			    s->rank < s->pub_rank)) {
				xstrset(&s->publication, a->source);
				s->pub_rank = s->rank;
			}
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
	s->ents = xreallocarray(s->ents, s->nents + 1, sizeof *s->ents);
	s->ents[s->nents].a = a;
	s->ents[s->nents++].seq = s->rank << 32 | s->ndoc++;
}

static int64_t
when_of(const struct article *a)
{
	return a->published.t != 0 ? a->published.t : a->updated.t;
}

/* Newest first; undated entries last; ties in document order. */
static int
newest_first(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int64_t	 ta = when_of(a->a), tb = when_of(b->a);

	if (ta != tb)
		return ta == 0 ? 1 : tb == 0 ? -1 : ta < tb ? 1 : -1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* By URL, then by position in the newest-first order (seq reused). */
static int
by_url(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int	 c = strcmp(a->a->url, b->a->url);

	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Sort newest first, drop the later duplicates of a URL, and free all
 * but the newest s->keep entries (bounds memory across child sitemaps).
 */
static void
compact(struct sm *s)
{
	struct entry *v;
	uint64_t *seq;
	size_t	 i, first, n = 0;

	if (s->nents > 1)	/* (ents is NULL when there are none) */
		qsort(s->ents, s->nents, sizeof *s->ents, newest_first);
	/* Rank by position; keep the original seq aside. */
	seq = xreallocarray(NULL, s->nents + 1, sizeof *seq);
	v = xreallocarray(NULL, s->nents + 1, sizeof *v);
	for (i = 0; i < s->nents; i++) {
		seq[i] = s->ents[i].seq;
		v[i].a = s->ents[i].a;
		v[i].seq = i;
	}
	qsort(v, s->nents, sizeof *v, by_url);
	/* v[first] is the newest of its URL: the others go. */
	for (i = 1, first = 0; i < s->nents; i++) {
		if (strcmp(v[i].a->url, v[first].a->url) != 0) {
			first = i;
			continue;
		}
		article_free(s->ents[v[i].seq].a);
		s->ents[v[i].seq].a = NULL;
	}
	for (i = 0; i < s->nents; i++) {
		if (s->ents[i].a == NULL)
			continue;
		if (n >= s->keep) {
			article_free(s->ents[i].a);
			continue;
		}
		s->ents[n].a = s->ents[i].a;
		s->ents[n++].seq = seq[i];
	}
	s->nents = n;
	free(seq);
	free(v);
}

static void
drop_entries(struct sm *s)
{
	size_t	 i;

	for (i = 0; i < s->nents; i++)
		article_free(s->ents[i].a);
	free(s->ents);
	s->ents = NULL;
	s->nents = 0;
}

/*
 * Read one sitemap document (plain XML) into s->ents; sets s->index when
 * it is an index. ERR_UNSUPPORTED when it is not a sitemap.
 */
static enum err
parse_doc(struct sm *s, const char *doc, size_t n)
{
	xmlTextReaderPtr r;
	const char	*name, *ns;
	enum err	 e = ERR_OK;
	int		 rc, depth = 0;
	bool		 rooted = false;

	s->ndoc = 0;
	s->skipped = 0;
	s->index = false;
	if (n > INT_MAX)
		return ERR_TOO_LARGE;
	r = xmlReaderForMemory(doc, (int)n, s->name, NULL, XML_PARSE_NONET |
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
					    "element <%s>", s->name, name);
					e = ERR_UNSUPPORTED;
					break;
				}
				continue;
			}
			if (depth > CAP_XML_DEPTH) {
				log_error("%s: nesting too deep", s->name);
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
		    s->name, xmlTextReaderGetParserLineNumber(r));
		if (s->o->strict)
			e = ERR_PARSE;
	}
	xmlFreeTextReader(r);
	if (s->cur != NULL) {
		article_free(s->cur);
		s->cur = NULL;
	}
	if (!e && !rooted) {
		log_error("%s: not a sitemap: no root element", s->name);
		e = ERR_PARSE;
	}
	if (s->skipped > 0)
		log_warn("%s: %zu entries past the first %zu ignored",
		    s->name, s->skipped, (size_t)CAP_SITEMAP_ENTRIES);
	return e;
}

/* Inflate raw into plain when it is gzip; else plain takes raw's bytes. */
static enum err
inflate_doc(const char *name, struct buf *raw, struct buf *plain)
{
	enum err e;

	if (!is_gzip(raw->data, raw->len)) {
		buf_cleanup(plain);
		*plain = *raw;
		buf_init(raw, 0);
		return ERR_OK;
	}
	e = gunzip(raw->data, raw->len, plain);
	if (e)
		log_error("%s: %s", name, e == ERR_TOO_LARGE ?
		    "decompressed sitemap larger than the limit; refused" :
		    "corrupt gzip data");
	return e;
}

/* How a child sitemap is reached. */
enum reach {
	REACH_NONE,	/* not at all (an unsupported scheme) */
	REACH_WEB,	/* through o->fetch */
	REACH_LOCAL	/* a file in o->local_dir */
};

struct child {
	char		*where;		/* the URL, or the file's real path */
	char		*label;		/* as the index wrote it, for messages */
	enum reach	 reach;
	size_t		 rank;
	bool		 done;
};

/* The path of a file: URL ("file:///a/b%20c.xml"), or NULL. */
static char *
file_url_path(const char *u)
{
	const char *p = u + strlen("file:");
	char	*out, *o;
	int	 hi, lo;

	if (strncmp(p, "//", 2) == 0) {
		p += 2;
		if (strncasecmp(p, "localhost", 9) == 0)
			p += 9;
		if (*p != '/')
			return NULL;	/* another host */
	}
	out = o = xmalloc(strlen(p) + 1);
	for (; *p != '\0' && *p != '?' && *p != '#'; p++) {
		hi = *p == '%' ? text_hex_value(p[1]) : -1;
		lo = hi >= 0 ? text_hex_value(p[2]) : -1;
		if (lo >= 0) {
			*o = (char)(hi << 4 | lo);
			if (*o == '\0')
				break;
			o++;
			p += 2;
		} else
			*o++ = *p;
	}
	*o = '\0';
	return out;
}

/*
 * Where child loc (as the index wrote it) is read from: in an index
 * read from a file, a file: URL, or a relative reference when there is
 * no --base-url, names a file that must be inside the index's folder
 * (after resolving symbolic links); anything else is resolved against
 * the base URL and fetched when it is http(s).
 */
static void
locate(const struct sm *s, const char *loc, struct child *c)
{
	char	 real[PATH_MAX], dir[PATH_MAX], *path = NULL, *u;
	size_t	 n;
	bool	 is_file = strncasecmp(loc, "file:", 5) == 0;

	c->reach = REACH_NONE;
	c->where = NULL;
	c->label = xstrdup(loc);
	if (s->o->local_dir != NULL && (is_file ||
	    (!uri_has_scheme(loc) && s->o->base_url == NULL))) {
		if (is_file)
			path = file_url_path(loc);
		else if (loc[0] != '/' && loc[0] != '\0')
			path = xasprintf("%s/%s", s->o->local_dir, loc);
		if (path == NULL)
			log_warn("%s: child sitemap %s is not a relative path "
			    "or local file: URL; skipped", s->o->name, loc);
		else if (realpath(path, real) == NULL ||
		    realpath(s->o->local_dir, dir) == NULL)
			log_warn("%s: child sitemap %s: %s; skipped",
			    s->o->name, loc, strerror(errno));
		else {
			n = strlen(dir);
			if (strncmp(real, dir, n) == 0 && (real[n] == '/' ||
			    (n == 1 && dir[0] == '/'))) {
				c->where = xstrdup(real);
				c->reach = REACH_LOCAL;
			} else
				log_warn("%s: child sitemap %s is outside the "
				    "index's folder; skipped", s->o->name, loc);
		}
		free(path);
		return;
	}
	u = s->feed.base_url != NULL && !uri_has_scheme(loc) ?
	    uri_resolve(s->feed.base_url, loc) : xstrdup(loc);
	if (u != NULL && uri_is_web(u)) {
		c->where = u;
		c->reach = s->o->fetch != NULL ? REACH_WEB : REACH_NONE;
		return;
	}
	log_warn("%s: child sitemap %s cannot be fetched; skipped",
	    s->o->name, loc);
	free(u);
}

/* Merge one child's bytes into s (a gzip child is inflated first). */
static void
merge_child(struct sm *s, struct child *c, enum err e, const char *body,
    size_t len)
{
	struct buf raw, plain;

	/* A child that did not come was logged by whoever fetched it. */
	if (e)
		return;
	c->done = true;
	buf_init(&raw, CAP_INPUT_SITEMAP);
	buf_init(&plain, CAP_INPUT_SITEMAP);
	e = buf_addn(&raw, body, len);
	if (!e)
		e = inflate_doc(c->label, &raw, &plain);
	if (!e) {
		s->name = c->label;
		s->rank = c->rank + 1;
		e = parse_doc(s, buf_str(&plain), plain.len);
		if (!e && s->index) {
			log_warn("%s: a sitemap index inside an index is not "
			    "followed", c->label);
			/* Its own entries (sitemaps) are not stories. */
			while (s->nents > 0 &&
			    s->ents[s->nents - 1].seq >> 32 == s->rank)
				article_free(s->ents[--s->nents].a);
			e = ERR_UNSUPPORTED;
		}
		s->name = s->o->name;
	}
	if (e)
		c->done = false;
	buf_cleanup(&raw);
	buf_cleanup(&plain);
	if (s->nents > s->keep + CAP_SITEMAP_ENTRIES)
		compact(s);
}

struct fetched {
	struct sm	*s;
	struct child	*kids;
	size_t		*map;		/* request -> child */
};

static void
got_child(void *ctx, size_t i, enum err e, const char *body, size_t len)
{
	struct fetched *f = ctx;

	merge_child(f->s, &f->kids[f->map[i]], e, body, len);
}

static void
read_child_file(struct sm *s, struct child *c)
{
	struct input in;
	struct buf b;
	enum err e;
	int	 fd;

	buf_init(&b, CAP_INPUT_SITEMAP);
	fd = open(c->where, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_warn("%s: %s; child sitemap skipped", c->label,
		    strerror(errno));
		buf_cleanup(&b);
		return;
	}
	e = input_init_fd(&in, fd, CAP_INPUT_SITEMAP);
	if (!e)
		e = input_slurp(&in, &b);
	close(fd);
	if (e)
		log_warn("%s: %s; child sitemap skipped", c->label,
		    e == ERR_TOO_LARGE ? "larger than the limit" :
		    strerror(errno));
	merge_child(s, c, e, buf_str(&b), b.len);
	buf_cleanup(&b);
}

/*
 * s holds an index's entries (its child sitemaps, newest first): read
 * the children that can be reached and put their entries in place of
 * them. Returns ERR_OK with the index left as it was when no child can
 * be reached, an error when none of those reached could be read.
 */
static enum err
follow_index(struct sm *s)
{
	struct child	*kids;
	struct fetched	 f;
	const char	**urls;
	size_t		 i, n = 0, nweb = 0, nread = 0, unreached = 0;
	size_t		 over = 0;
	enum err	 e = ERR_OK;

	if (s->nents > 1)
		qsort(s->ents, s->nents, sizeof *s->ents, newest_first);
	kids = xcalloc(s->nents + 1, sizeof *kids);
	for (i = 0; i < s->nents; i++) {
		locate(s, s->ents[i].a->url, &kids[n]);
		if (kids[n].reach == REACH_NONE || n == CAP_SITEMAP_CHILDREN) {
			if (kids[n].reach == REACH_NONE &&
			    kids[n].where != NULL)
				unreached++;
			else if (kids[n].reach != REACH_NONE)
				over++;
			free(kids[n].where);
			free(kids[n].label);
			continue;
		}
		kids[n].rank = n;
		n++;
	}
	if (over > 0)
		log_warn("%s: only the newest %zu child sitemaps are read; "
		    "%zu more left out", s->o->name,
		    (size_t)CAP_SITEMAP_CHILDREN, over);
	if (n == 0) {
		if (unreached > 0)
			log_warn("%s: a sitemap index: its child sitemaps on "
			    "the web are not fetched (--fetch-sitemaps fetches "
			    "them); the feed lists them", s->o->name);
		free(kids);
		return ERR_OK;
	}
	if (unreached > 0)
		log_warn("%s: child sitemaps on the web not fetched: %zu "
		    "(--fetch-sitemaps fetches them)", s->o->name, unreached);
	drop_entries(s);
	urls = xcalloc(n + 1, sizeof *urls);
	f.s = s;
	f.kids = kids;
	f.map = xcalloc(n + 1, sizeof *f.map);
	for (i = 0; i < n; i++)
		if (kids[i].reach == REACH_LOCAL)
			read_child_file(s, &kids[i]);
		else {
			f.map[nweb] = i;
			urls[nweb++] = kids[i].where;
		}
	if (nweb > 0)
		e = s->o->fetch->get(s->o->fetch->ctx, urls, nweb,
		    CAP_INPUT_SITEMAP, got_child, &f);
	for (i = 0; i < n; i++) {
		if (kids[i].done)
			nread++;
		free(kids[i].where);
		free(kids[i].label);
	}
	free(f.map);
	free(urls);
	free(kids);
	if (!e && nread == 0) {
		log_error("%s: none of the %zu child sitemaps could be read",
		    s->o->name, n);
		e = ERR_IO;
	}
	return e;
}

static enum err
emit(struct sm *s, const struct sink *out, bool index)
{
	size_t	 i;
	enum err e;

	compact(s);
	if (s->feed.title == NULL)
		s->feed.title = xstrdup(s->publication != NULL ?
		    s->publication : index ? "Sitemap index" : "Sitemap");
	if (s->nents > 0 && s->feed.home_url == NULL)
		s->feed.home_url = uri_origin(s->ents[0].a->url);
	xstrset(&s->feed.format, index ? "sitemap-index" : "sitemap");
	e = out->head(out->ctx, &s->feed);
	for (i = 0; i < s->nents && !e; i++)
		e = out->article(out->ctx, &s->feed, s->ents[i].a);
	if (!e)
		e = out->end(out->ctx, &s->feed);
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
	bool		 index;

	buf_init(&raw, CAP_INPUT_SITEMAP);
	buf_init(&plain, CAP_INPUT_SITEMAP);
	e = input_slurp(in, &raw);
	if (e) {
		log_error("%s: %s", o->name, e == ERR_TOO_LARGE ?
		    "sitemap larger than the limit; refused" : "read error");
		goto done;
	}
	if (is_gzip(raw.data, raw.len)) {
		e = inflate_doc(o->name, &raw, &plain);
		if (e)
			goto done;
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
		e = inflate_doc(o->name, &raw, &plain);
		if (e)
			goto done;
	}
	memset(&s, 0, sizeof s);
	s.o = o;
	s.name = o->name;
	s.keep = o->max_items != 0 ? o->max_items : CAP_SITEMAP_ITEMS;
	feed_init(&s.feed);
	if (o->base_url != NULL)
		s.feed.base_url = xstrdup(o->base_url);
	e = parse_doc(&s, buf_str(&plain), plain.len);
	index = s.index;
	buf_cleanup(&plain);
	if (!e && index)
		e = follow_index(&s);
	if (!e)
		e = emit(&s, out, index);
	drop_entries(&s);
	free(s.publication);
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
