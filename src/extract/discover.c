/* SPDX-License-Identifier: MIT */
/*
 * Feed autodiscovery and article-link lists. A link counts as an article
 * when it stays on the page's site, is not in boilerplate (navigation,
 * footer, share bar...), and its text has at least four words and twenty
 * characters; the nearest small container ("card") may add a date and an
 * image.
 */
#include "config.h"
#include "extract/discover.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/classify.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static bool
has_word(const char *rel, const char *word)
{
	size_t	 n = strlen(word);
	const char *p;

	for (p = rel; p != NULL && *p; ) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (strncasecmp(p, word, n) == 0 && (p[n] == '\0' ||
		    p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return true;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	return false;
}

static const char *
feed_type(const char *type)
{
	static const char *const types[] = { "application/rss+xml",
	    "application/atom+xml", "application/feed+json",
	    "application/json", "application/rdf+xml", "text/xml",
	    "application/xml", NULL };
	size_t	 i;

	for (i = 0; type != NULL && types[i] != NULL; i++)
		if (text_istarts(type, types[i]))
			return types[i];
	return NULL;
}

static bool
seen(const struct found *f, const char *url)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].url, url) == 0)
			return true;
	return false;
}

static struct found_link *
add(struct found *f, char *url)
{
	struct found_link *l;

	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	l = &f->v[f->n++];
	memset(l, 0, sizeof *l);
	l->url = url;
	return l;
}

static void
feeds_rec(const struct page *p, const GumboNode *n, struct found *out,
    int depth)
{
	const GumboVector *v;
	const char *type;
	struct found_link *l;
	char	*url;
	size_t	 i;

	if (depth > PAGE_MAX_DEPTH || n->type != GUMBO_NODE_ELEMENT ||
	    out->n >= DISCOVER_MAX)
		return;
	if ((page_is(n, GUMBO_TAG_LINK) || page_is(n, GUMBO_TAG_A)) &&
	    has_word(page_attr(n, "rel"), "alternate") &&
	    (type = feed_type(page_attr(n, "type"))) != NULL) {
		url = page_url(p, page_attr(n, "href"));
		if (url != NULL && !seen(out, url)) {
			l = add(out, url);
			l->type = xstrdup(type);
			l->title = text_clean_str(page_attr(n, "title"),
			    TEXT_COLLAPSE, CAP_TEXT);
		} else
			free(url);
	}
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		feeds_rec(p, v->data[i], out, depth + 1);
}

void
discover_feeds(const struct page *p, struct found *out)
{
	memset(out, 0, sizeof *out);
	feeds_rec(p, p->html, out, 0);
}

static size_t
words(const char *s)
{
	size_t	 n = 0;
	bool	 in = false;

	for (; *s; s++) {
		if (*s == ' ') {
			in = false;
		} else if (!in) {
			in = true;
			n++;
		}
	}
	return n;
}

/* Find an element under n (depth-limited) that pred accepts. */
static const GumboNode *
find(const GumboNode *n, GumboTag tag, int depth)
{
	const GumboVector *v;
	const GumboNode *r;
	size_t	 i;

	if (depth > 8 || n->type != GUMBO_NODE_ELEMENT)
		return NULL;
	if (page_is(n, tag))
		return n;
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		if ((r = find(v->data[i], tag, depth + 1)) != NULL)
			return r;
	return NULL;
}

/* Does n hold a link elsewhere than href? */
static bool
other_link(const GumboNode *n, const char *href, int depth)
{
	const GumboVector *v;
	const char *h;
	size_t	 i;

	if (depth > 12 || n->type != GUMBO_NODE_ELEMENT)
		return false;
	if (page_is(n, GUMBO_TAG_A) && (h = page_attr(n, "href")) != NULL &&
	    strcmp(h, href) != 0)
		return true;
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		if (other_link(v->data[i], href, depth + 1))
			return true;
	return false;
}

/* The card around a link: the largest ancestor holding no other one. */
static const GumboNode *
card_of(const GumboNode *a)
{
	const GumboNode *c = a, *up;
	const char *href = page_attr(a, "href");
	int	 i;

	for (i = 0; i < 4 && c->parent != NULL; i++) {
		up = c->parent;
		if (up->type != GUMBO_NODE_ELEMENT ||
		    page_is(up, GUMBO_TAG_BODY) ||
		    page_text_len(up, NULL) > 600 ||
		    other_link(up, href, 0))
			break;
		c = up;
	}
	return c;
}

static void
links_rec(const struct page *p, const GumboNode *n, const char *origin,
    struct found *out, int depth)
{
	const GumboVector *v;
	const GumboNode *card, *t, *img;
	struct found_link *l;
	char	*url, *text, *o;
	size_t	 i;

	if (depth > PAGE_MAX_DEPTH || n->type != GUMBO_NODE_ELEMENT ||
	    out->n >= DISCOVER_MAX || classify_junk(n) ||
	    page_is(n, GUMBO_TAG_HEADER))
		return;
	if (page_is(n, GUMBO_TAG_A)) {
		url = page_url(p, page_attr(n, "href"));
		if (url == NULL || !uri_is_web(url) || seen(out, url)) {
			free(url);
			return;
		}
		/* Same site only; fragments of this page are not stories. */
		o = uri_origin(url);
		if (o == NULL || (origin != NULL && strcmp(o, origin) != 0) ||
		    strchr(url, '#') != NULL) {
			free(o);
			free(url);
			return;
		}
		free(o);
		text = page_text_str(n);
		if (text == NULL || strlen(text) < 20 || words(text) < 4) {
			free(text);
			free(url);
			return;
		}
		l = add(out, url);
		l->title = text;
		card = card_of(n);
		t = find(card, GUMBO_TAG_TIME, 0);
		if (t != NULL && page_attr(t, "datetime") != NULL)
			l->time = text_clean_str(page_attr(t, "datetime"),
			    TEXT_COLLAPSE, 128);
		img = find(card, GUMBO_TAG_IMG, 0);
		if (img != NULL) {
			const char *src = page_attr(img, "data-src");

			if (src == NULL)
				src = page_attr(img, "src");
			if (src != NULL && !text_istarts(src, "data:"))
				l->image = page_url(p, src);
		}
		return;
	}
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		links_rec(p, v->data[i], origin, out, depth + 1);
}

void
discover_links(const struct page *p, struct found *out)
{
	char	*origin = p->base != NULL ? uri_origin(p->base) : NULL;

	memset(out, 0, sizeof *out);
	if (p->body != NULL)
		links_rec(p, p->body, origin, out, 0);
	free(origin);
}

void
discover_cleanup(struct found *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].url);
		free(f->v[i].type);
		free(f->v[i].title);
		free(f->v[i].time);
		free(f->v[i].image);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}
