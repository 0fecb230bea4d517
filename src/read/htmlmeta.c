/* SPDX-License-Identifier: MIT */
/*
 * Article-page metadata by precedence: JSON-LD first, then OpenGraph and
 * article:*, Twitter Card, <meta name>, microdata, and last <link
 * rel=canonical>, <time datetime>, <html lang> and <title> (with the
 * site name cut off). Every field says which rule produced it.
 */
#include "config.h"
#include "read/htmlmeta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/page.h"
#include "extract/sanitize.h"
#include "model/normalize.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"


/* Pick the first non-empty candidate; record its rule. */
struct pick {
	const char	*value;
	const char	*rule;
};

static const char *
first(const struct pick *c, size_t n, const char **rule)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (c[i].value != NULL && !text_is_blank(c[i].value)) {
			*rule = c[i].rule;
			return c[i].value;
		}
	return NULL;
}

#define NPICK(a) (sizeof (a) / sizeof (a)[0])

static void
set(struct hp *h, char **field, const char *name, const struct pick *c,
    size_t n)
{
	const char *rule, *v = first(c, n, &rule);

	if (v == NULL)
		return;
	xstrset(field, v);
	article_explain(h->a, name, rule);
}

static const char *
mg(const struct hp *h, const char *key)
{
	return meta_get(&h->m, key);
}

/*
 * "Headline | Site", "Headline - Site": drop a site-name suffix (the
 * known site name, or a last segment clearly shorter than the rest).
 */
static char *
strip_site(const char *title, const char *site)
{
	static const char *const seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " :: ", " \xc2\xbb ", " \xc2\xb7 ", NULL };
	const char *cut = NULL, *s, *p;
	size_t	 i, sl;

	for (i = 0; seps[i] != NULL; i++) {
		sl = strlen(seps[i]);
		for (p = strstr(title, seps[i]); p != NULL;
		    p = strstr(p + 1, seps[i])) {
			s = p + sl;
			if (site != NULL && text_istarts(s, site) &&
			    strlen(s) <= strlen(site) + 2) {
				if (cut == NULL || p < cut)
					cut = p;
			}
		}
	}
	if (cut == NULL && site == NULL) {
		/* Without a site name: the last segment, when short. */
		for (i = 0; seps[i] != NULL; i++) {
			const char *last = NULL;

			for (p = strstr(title, seps[i]); p != NULL;
			    p = strstr(p + 1, seps[i]))
				last = p;
			if (last != NULL && strlen(last) < (size_t)(last -
			    title) && strlen(last) < 40 && (cut == NULL ||
			    last > cut))
				cut = last;
		}
	}
	if (cut == NULL)
		return xstrdup(title);
	return text_clean(title, (size_t)(cut - title), TEXT_COLLAPSE,
	    CAP_TEXT);
}

static void
do_title(struct hp *h, const char *site)
{
	const char *rule, *v;
	struct pick c[] = {
		{ h->ld.headline, "json-ld headline" },
		{ mg(h, "og:title"), "og:title" },
		{ mg(h, "twitter:title"), "twitter:title" },
		{ mg(h, "title"), "meta name=title" },
		{ mg(h, "headline"), "meta name=headline" },
		{ mg(h, "itemprop:headline"), "microdata headline" },
		{ h->m.title, "<title>" },
	};
	char	*t;

	v = first(c, NPICK(c), &rule);
	if (v == NULL)
		return;
	t = strip_site(v, site);
	if (strcmp(t, v) != 0) {
		char	*r = xasprintf("%s, site name removed", rule);

		article_explain(h->a, "title", r);
		free(r);
	} else
		article_explain(h->a, "title", rule);
	free(h->a->title);
	h->a->title = t;
}

static void
do_date(struct hp *h, struct when *w, const char *name,
    const struct pick *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (c[i].value != NULL && date_parse(c[i].value, w)) {
			article_explain(h->a, name, c[i].rule);
			return;
		}
}

static void
add_author(struct hp *h, const char *name, const char *rule)
{
	struct person *p;
	size_t	 i;

	if (name == NULL || uri_is_web(name) || h->a->nauthors >= CAP_LIST)
		return;
	for (i = 0; i < h->a->nauthors; i++)
		if (h->a->authors[i].name != NULL &&
		    strcmp(h->a->authors[i].name, name) == 0)
			return;
	p = article_add_author(h->a);
	p->name = text_clean_str(name, TEXT_COLLAPSE, CAP_TEXT);
	if (h->a->nauthors == 1)
		article_explain(h->a, "author", rule);
}

static void
do_authors(struct hp *h, const struct body *b)
{
	static const char *const keys[] = { "article:author", "author",
	    "byl", "parsely-author", "sailthru.author", "dc.creator",
	    "dcterms.creator", "itemprop:author", "link:author", NULL };
	const char *v;
	size_t	 i, k;

	for (i = 0; i < h->ld.nauthors; i++)
		add_author(h, h->ld.authors[i], "json-ld author");
	for (k = 0; h->a->nauthors == 0 && keys[k] != NULL; k++) {
		char	 rule[64];

		snprintf(rule, sizeof rule, "%s%s", strchr(keys[k], ':') ?
		    "" : "meta name=", keys[k]);
		for (i = 0; (v = meta_get_nth(&h->m, keys[k], i)) != NULL; i++) {
			if (strcmp(keys[k], "byl") == 0 && text_istarts(v, "by "))
				v += 3;
			add_author(h, v, rule);
		}
	}
	if (b->byline != NULL) {
		xstrset(&h->a->byline, b->byline);
		article_explain(h->a, "byline", b->byline_rule);
		if (h->a->nauthors == 0) {
			v = b->byline;
			if (text_istarts(v, "by "))
				v += 3;
			add_author(h, v, b->byline_rule);
		}
	}
}

static void
add_keywords(struct hp *h, const char *list, const char *rule)
{
	const char *s, *c;
	char	*k;

	for (s = list; s != NULL && *s; s = *c ? c + 1 : c) {
		c = strchr(s, ',');
		if (c == NULL)
			c = s + strlen(s);
		k = text_clean(s, (size_t)(c - s), TEXT_COLLAPSE, 256);
		if (k != NULL && h->a->nkeywords < CAP_LIST) {
			if (h->a->nkeywords == 0)
				article_explain(h->a, "keywords", rule);
			article_add_keyword(h->a, k);
		}
		free(k);
	}
}

static void
do_keywords(struct hp *h)
{
	const char *v;
	size_t	 i;

	for (i = 0; i < h->ld.nkeywords; i++)
		add_keywords(h, h->ld.keywords[i], "json-ld keywords");
	for (i = 0; h->a->nkeywords == 0 &&
	    (v = meta_get_nth(&h->m, "article:tag", i)) != NULL; i++)
		add_keywords(h, v, "article:tag");
	if (h->a->nkeywords == 0)
		add_keywords(h, mg(h, "news_keywords"), "meta name=news_keywords");
	if (h->a->nkeywords == 0)
		add_keywords(h, mg(h, "keywords"), "meta name=keywords");
	if (h->a->nkeywords == 0)
		add_keywords(h, mg(h, "itemprop:keywords"), "microdata keywords");
}

static int
int_of(const char *s)
{
	long	 v;

	if (s == NULL)
		return 0;
	v = strtol(s, NULL, 10);
	return v > 0 && v < 100000 ? (int)v : 0;
}

/*
 * The stem of an image URL: up to the extension of its last segment, a
 * "-1024x576" size suffix left out ("photo-1024x576.jpg" -> "photo").
 */
static size_t
stem_len(const char *url)
{
	const char *dot = strrchr(url, '.'), *p, *q;

	if (dot == NULL || strchr(dot, '/') != NULL)
		return strlen(url);
	p = dot;
	while (p > url && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == dot || p == url || p[-1] != 'x')
		return (size_t)(dot - url);
	q = p - 1;
	p = q;
	while (p > url && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == q || p == url || p[-1] != '-')
		return (size_t)(dot - url);
	return (size_t)(p - 1 - url);
}

/* The same image, or a resized copy of it (WordPress "-WxH" names). */
static bool
same_image(const char *a, const char *b)
{
	size_t	 la, lb;

	if (strcmp(a, b) == 0)
		return true;
	la = stem_len(a);
	lb = stem_len(b);
	return la == lb && la > 0 && strncmp(a, b, la) == 0 &&
	    strrchr(a, '.') != NULL && strrchr(b, '.') != NULL &&
	    strcmp(strrchr(a, '.'), strrchr(b, '.')) == 0;
}

static void
do_image(struct hp *h, const struct body *b)
{
	const char *rule = NULL, *url, *alt = NULL;
	struct image *im;
	char	*abs;
	int	 w = 0, ht = 0;
	size_t	 i;

	if (h->ld.image != NULL) {
		url = h->ld.image;
		rule = "json-ld image";
		w = h->ld.image_width;
		ht = h->ld.image_height;
	} else if ((url = mg(h, "og:image")) != NULL ||
	    (url = mg(h, "og:image:url")) != NULL ||
	    (url = mg(h, "og:image:secure_url")) != NULL) {
		rule = "og:image";
		w = int_of(mg(h, "og:image:width"));
		ht = int_of(mg(h, "og:image:height"));
		alt = mg(h, "og:image:alt");
	} else if ((url = mg(h, "twitter:image")) != NULL ||
	    (url = mg(h, "twitter:image:src")) != NULL) {
		rule = "twitter:image";
		alt = mg(h, "twitter:image:alt");
	} else if ((url = mg(h, "itemprop:image")) != NULL)
		rule = "microdata image";
	abs = url != NULL ? page_url(h->page, url) : NULL;
	/* Body images, with the lead first when it is one of them. */
	for (i = 0; i < b->nimages && h->a->nimages < CAP_LIST; i++) {
		const struct body_image *bi = &b->images[i];

		im = article_add_image(h->a);
		im->url = xstrdup(bi->url);
		im->caption = bi->caption != NULL ? xstrdup(bi->caption) : NULL;
		im->credit = bi->credit != NULL ? xstrdup(bi->credit) : NULL;
		im->alt = bi->alt != NULL ? xstrdup(bi->alt) : NULL;
		im->width = bi->width;
		im->height = bi->height;
		if (abs != NULL && same_image(abs, bi->url)) {
			h->a->lead = h->a->nimages - 1;
			/* A resized copy in the body: the lead is the original. */
			if (strcmp(abs, im->url) != 0) {
				free(im->url);
				im->url = abs;
				im->width = w;
				im->height = ht;
			} else {
				if (w > 0 && ht > 0) {
					im->width = w;
					im->height = ht;
				}
				free(abs);
			}
			if (im->alt == NULL && alt != NULL)
				im->alt = xstrdup(alt);
			abs = NULL;
			article_explain(h->a, "image", rule);
		}
	}
	if (abs != NULL) {
		/* The lead image is not in the body: it goes first. */
		struct image tmp;

		im = article_add_image(h->a);
		im->url = abs;
		im->width = w;
		im->height = ht;
		im->alt = text_clean_str(alt, TEXT_COLLAPSE, CAP_TEXT);
		if (h->ld.image_caption != NULL && rule != NULL &&
		    strcmp(rule, "json-ld image") == 0)
			im->caption = xstrdup(h->ld.image_caption);
		tmp = *im;
		memmove(h->a->images + 1, h->a->images,
		    (h->a->nimages - 1) * sizeof *h->a->images);
		h->a->images[0] = tmp;
		h->a->lead = 0;
		article_explain(h->a, "image", rule);
	} else if (h->a->nimages > 0 && rule == NULL)
		article_explain(h->a, "image", "first body image");
}

/* Is the JSON-LD articleBody clearly more of the story than the page? */
static bool
ld_body_better(const struct hp *h, const struct body *b)
{
	char	*t;
	size_t	 n;

	if (h->ld.body == NULL || strlen(h->ld.body) < 500)
		return false;
	if (b->html == NULL)
		return true;
	t = sanitize_text(b->html);
	n = t != NULL ? strlen(t) : 0;
	free(t);
	return n * 2 < strlen(h->ld.body);
}

/* Plain text as HTML paragraphs, one per line. */
static char *
text_paragraphs(const char *s)
{
	struct buf b;
	const char *e;
	char	*line;

	buf_init(&b, CAP_HTML);
	for (; *s; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		line = text_clean(s, (size_t)(e - s), TEXT_COLLAPSE, CAP_TEXT);
		if (line == NULL)
			continue;
		CAPPED(buf_add(&b, "<p>"));
		CAPPED(buf_add_xml(&b, line));
		CAPPED(buf_add(&b, "</p>"));
		free(line);
	}
	line = buf_dup_or_null(&b);
	buf_cleanup(&b);
	return line;
}

static char *
locale_lang(const char *loc)
{
	return loc != NULL ? normalize_language(loc) : NULL;
}

void
htmlmeta_fill(struct hp *h, struct feed *f, const struct body *b,
    const char *base)
{
	struct article *a = h->a;
	const char *site, *rule;
	char	*s;
	struct pick sitec[] = {
		{ h->ld.site_name, "json-ld publisher" },
		{ mg(h, "og:site_name"), "og:site_name" },
		{ mg(h, "application-name"), "meta name=application-name" },
	};
	struct pick url[] = {
		{ h->ld.url, "json-ld url" },
		{ mg(h, "og:url"), "og:url" },
		{ mg(h, "twitter:url"), "twitter:url" },
		{ mg(h, "itemprop:url"), "microdata url" },
		{ h->m.canonical, "link rel=canonical" },
		{ base, "page address" },
	};
	struct pick desc[] = {
		{ h->ld.description, "json-ld description" },
		{ mg(h, "og:description"), "og:description" },
		{ mg(h, "twitter:description"), "twitter:description" },
		{ mg(h, "description"), "meta name=description" },
		{ mg(h, "itemprop:description"), "microdata description" },
	};
	struct pick pub[] = {
		{ h->ld.published, "json-ld datePublished" },
		{ mg(h, "article:published_time"), "article:published_time" },
		{ mg(h, "og:published_time"), "og:published_time" },
		{ mg(h, "pubdate"), "meta name=pubdate" },
		{ mg(h, "publishdate"), "meta name=publishdate" },
		{ mg(h, "publish-date"), "meta name=publish-date" },
		{ mg(h, "parsely-pub-date"), "meta name=parsely-pub-date" },
		{ mg(h, "sailthru.date"), "meta name=sailthru.date" },
		{ mg(h, "dc.date.issued"), "meta name=dc.date.issued" },
		{ mg(h, "dc.date"), "meta name=dc.date" },
		{ mg(h, "dcterms.created"), "meta name=dcterms.created" },
		{ mg(h, "date"), "meta name=date" },
		{ mg(h, "itemprop:datepublished"), "microdata datePublished" },
		{ h->m.time, "<time datetime>" },
	};
	struct pick mod[] = {
		{ h->ld.modified, "json-ld dateModified" },
		{ mg(h, "article:modified_time"), "article:modified_time" },
		{ mg(h, "og:updated_time"), "og:updated_time" },
		{ mg(h, "last-modified"), "meta name=last-modified" },
		{ mg(h, "dcterms.modified"), "meta name=dcterms.modified" },
		{ mg(h, "itemprop:datemodified"), "microdata dateModified" },
	};
	struct pick sect[] = {
		{ h->ld.section, "json-ld articleSection" },
		{ mg(h, "article:section"), "article:section" },
		{ mg(h, "section"), "meta name=section" },
		{ mg(h, "parsely-section"), "meta name=parsely-section" },
		{ mg(h, "itemprop:articlesection"), "microdata articleSection" },
	};
	char	*loc = locale_lang(mg(h, "og:locale"));
	struct pick lang[] = {
		{ h->ld.lang, "json-ld inLanguage" },
		{ loc, "og:locale" },
		{ h->m.lang, "<html lang>" },
		{ mg(h, "content-language"), "meta http-equiv=content-language" },
	};

	site = first(sitec, NPICK(sitec), &rule);
	if (site != NULL) {
		xstrset(&f->title, site);
		article_explain(a, "site", rule);
	}
	do_title(h, site);
	set(h, &a->url, "url", url, NPICK(url));
	if (a->url != NULL) {
		s = page_url(h->page, a->url);
		free(a->url);
		a->url = s;
	}
	set(h, &a->summary, "summary", desc, NPICK(desc));
	do_date(h, &a->published, "published", pub, NPICK(pub));
	do_date(h, &a->updated, "updated", mod, NPICK(mod));
	if (first(sect, NPICK(sect), &rule) != NULL) {
		struct category *c = article_add_category(a);

		c->term = xstrdup(first(sect, NPICK(sect), &rule));
		article_explain(a, "section", rule);
	}
	set(h, &a->language, "language", lang, NPICK(lang));
	free(loc);
	do_authors(h, b);
	do_keywords(h);
	do_image(h, b);
	if (b->dateline != NULL) {
		xstrset(&a->dateline, b->dateline);
		article_explain(a, "dateline", "dateline at the start of the "
		    "body");
	}
	if (ld_body_better(h, b)) {
		free(a->content_html);
		a->content_html = text_paragraphs(h->ld.body);
		article_explain(a, "body", "json-ld articleBody (page body "
		    "too short)");
	} else if (b->html != NULL) {
		xstrset(&a->content_html, b->html);
		article_explain(a, "body", b->rule);
	}
	if (a->language != NULL && f->language == NULL)
		xstrset(&f->language, a->language);
	if (a->url != NULL)
		f->home_url = uri_origin(a->url);
	if (f->title == NULL && f->home_url != NULL)
		xstrset(&f->title, f->home_url + (text_istarts(f->home_url,
		    "https://") ? 8 : 7));
}

