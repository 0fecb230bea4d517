/* SPDX-License-Identifier: MIT */
/* The model's invariants, enforced once for every article and feed head. */
#include "config.h"
#include "model/normalize.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/caps.h"
#include "util/hash.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static void
clean(char **s, unsigned flags, size_t max)
{
	char	*c;
	size_t	 n;

	if (*s == NULL)
		return;
	n = strlen(*s);
	/* Already clean (the common case): keep it, without a copy. */
	if (text_is_clean(*s, n, flags, max))
		return;
	c = text_clean(*s, n, flags, max);
	free(*s);
	*s = c;
}

static void
line(char **s)
{
	clean(s, TEXT_COLLAPSE, CAP_TEXT);
}

static void
url(char **s, const char *base)
{
	char	*r;

	if (*s == NULL)
		return;
	r = uri_resolve(base, *s);
	free(*s);
	*s = r;
}

char *
normalize_language(const char *s)
{
	char	*r, *p, *sub;
	size_t	 i, len;
	bool	 first = true;

	if (s == NULL)
		return NULL;
	r = text_clean(s, strlen(s), TEXT_COLLAPSE, 64);
	if (r == NULL)
		return NULL;
	for (p = r; *p != '\0'; p++) {
		if (*p == '_' || *p == ' ')
			*p = '-';
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')) {
			free(r);
			return NULL;
		}
	}
	/* Language lower case, region upper case, script title case. */
	for (sub = r; *sub != '\0'; sub += len + (sub[len] == '-')) {
		len = strcspn(sub, "-");
		for (i = 0; i < len; i++) {
			bool	 up = !first && (len == 2 || (len == 4 && i == 0));

			if (up && sub[i] >= 'a' && sub[i] <= 'z')
				sub[i] -= 32;
			else if (!up && sub[i] >= 'A' && sub[i] <= 'Z')
				sub[i] += 32;
		}
		first = false;
		if (len == 0)
			break;
	}
	return r;
}

static void
language(char **s)
{
	char	*n;

	if (*s == NULL)
		return;
	n = normalize_language(*s);
	free(*s);
	*s = n;
}

static void
people(struct person *p, size_t *n, const char *base)
{
	size_t	 i, o = 0;

	for (i = 0; i < *n; i++) {
		line(&p[i].name);
		clean(&p[i].email, TEXT_COLLAPSE, 256);
		url(&p[i].url, base);
		if (p[i].name == NULL && p[i].email == NULL &&
		    p[i].url == NULL) {
			person_cleanup(&p[i]);
			continue;
		}
		p[o++] = p[i];
	}
	*n = o;
}

static void
categories(struct category *c, size_t *n)
{
	size_t	 i, j, o = 0;

	for (i = 0; i < *n; i++) {
		line(&c[i].term);
		clean(&c[i].scheme, TEXT_COLLAPSE, CAP_URL);
		line(&c[i].label);
		for (j = 0; c[i].term != NULL && j < o; j++)
			if (strcmp(c[j].term, c[i].term) == 0)
				break;
		if (c[i].term == NULL || j < o) {
			category_cleanup(&c[i]);
			continue;
		}
		c[o++] = c[i];
	}
	*n = o;
}

void
normalize_feed(struct feed *f)
{
	const char *base = f->base_url;

	line(&f->id);
	line(&f->title);
	clean(&f->subtitle, TEXT_COLLAPSE, CAP_TEXT);
	line(&f->copyright);
	line(&f->generator);
	line(&f->format);
	line(&f->version);
	language(&f->language);
	url(&f->home_url, base);
	url(&f->self_url, base);
	if (base == NULL)
		base = f->self_url != NULL ? f->self_url : f->home_url;
	url(&f->icon, base);
	url(&f->logo, base);
	url(&f->hub, base);
	url(&f->next_url, base);
	people(f->authors, &f->nauthors, base);
	categories(f->categories, &f->ncategories);
}

/*
 * No image of its own: the lead is an image enclosure, else the first
 * <img> of the content (sanitized HTML: src="..." is double-quoted).
 */
static void
fallback_image(struct article *a)
{
	const char *p, *q;
	struct image *im;
	size_t	 i;

	for (i = 0; i < a->nenclosures; i++)
		if (a->enclosures[i].type != NULL &&
		    strncmp(a->enclosures[i].type, "image/", 6) == 0) {
			im = article_add_image(a);
			im->url = xstrdup(a->enclosures[i].url);
			im->type = xstrdup(a->enclosures[i].type);
			return;
		}
	if (a->content_html == NULL)
		return;
	for (p = strstr(a->content_html, "<img "); p != NULL;
	    p = strstr(p + 1, "<img ")) {
		q = strstr(p, " src=\"");
		if (q == NULL || q > strchr(p, '>'))
			continue;
		q += 6;
		im = article_add_image(a);
		im->url = xstrndup(q, strcspn(q, "\""));
		/* Entities in the attribute: &amp; is the only one URLs keep. */
		while ((p = strstr(im->url, "&amp;")) != NULL)
			memmove((char *)p + 1, p + 5, strlen(p + 5) + 1);
		return;
	}
}

static void
images(struct article *a, const char *base)
{
	size_t	 i, j, o = 0;

	if (a->nimages == 0)
		fallback_image(a);

	for (i = 0; i < a->nimages; i++) {
		struct image *im = &a->images[i];

		url(&im->url, base);
		for (j = 0; im->url != NULL && j < o; j++)
			if (strcmp(a->images[j].url, im->url) == 0)
				break;
		if (im->url == NULL || j < o) {
			image_cleanup(im);
			continue;
		}
		line(&im->type);
		line(&im->caption);
		line(&im->credit);
		line(&im->alt);
		if (im->width < 0 || im->height < 0)
			im->width = im->height = 0;
		a->images[o++] = *im;
	}
	a->nimages = o;
	/* The lead is the largest image we know the size of, else the first. */
	a->lead = 0;
	for (i = 1; i < a->nimages; i++)
		if ((int64_t)a->images[i].width * a->images[i].height >
		    (int64_t)a->images[a->lead].width *
		    a->images[a->lead].height)
			a->lead = i;
}

static void
enclosures(struct article *a, const char *base)
{
	size_t	 i, j, o = 0;

	for (i = 0; i < a->nenclosures; i++) {
		struct enclosure *en = &a->enclosures[i];

		url(&en->url, base);
		for (j = 0; en->url != NULL && j < o; j++)
			if (strcmp(a->enclosures[j].url, en->url) == 0)
				break;
		if (en->url == NULL || j < o) {
			free(en->url);
			free(en->type);
			continue;
		}
		line(&en->type);
		if (en->length < 0)
			en->length = 0;
		if (en->duration < 0)
			en->duration = 0;
		a->enclosures[o++] = *en;
	}
	a->nenclosures = o;
}

static void
links(struct article *a, const char *base)
{
	size_t	 i, o = 0;

	for (i = 0; i < a->nlinks; i++) {
		struct link *l = &a->links[i];

		url(&l->href, base);
		if (l->href == NULL) {
			link_cleanup(l);
			continue;
		}
		line(&l->rel);
		line(&l->type);
		line(&l->title);
		language(&l->lang);
		a->links[o++] = *l;
	}
	a->nlinks = o;
}

/* A hash of source + title + date: the same on every read of the story. */
static char *
content_id(const struct article *a, const struct feed *f, const char *source)
{
	char	 hex[HASH_HEX_LEN + 1], date[32];
	const char *parts[5];

	snprintf(date, sizeof date, "%lld", (long long)(a->published.t != 0 ?
	    a->published.t : a->updated.t));
	parts[0] = source != NULL ? source : f->self_url != NULL ?
	    f->self_url : f->home_url != NULL ? f->home_url : f->title;
	parts[1] = a->title;
	parts[2] = date;
	parts[3] = a->title == NULL ? a->summary : NULL;
	parts[4] = a->title == NULL && a->summary == NULL ? a->content_html :
	    NULL;
	hash_strings_hex(parts, 5, hex);
	hex[32] = '\0';
	return xasprintf("tag:feedmill,2026:hash:%s", hex);
}

/*
 * The id rule (DESIGN.md 4): the source's own id; else the canonical URL;
 * else a hash of source + title + date, so it stays the same on re-reads.
 */
static void
make_id(struct article *a, const struct feed *f, const char *source)
{
	line(&a->id);
	if (a->id != NULL)
		return;
	if (a->url != NULL) {
		a->id = xstrdup(a->url);
		return;
	}
	a->id = content_id(a, f, source);
}

bool
normalize_id_rule(const char *name, enum id_rule *rule)
{
	static const char *const names[] = { "own", "url", "content" };
	size_t	 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*rule = (enum id_rule)i;
			return true;
		}
	return false;
}

void
normalize_id(struct article *a, const struct feed *f, const char *source,
    enum id_rule rule)
{
	char	*id = NULL;

	if (rule == ID_URL && a->url != NULL)
		id = uri_strip_tracking(a->url);
	else if (rule == ID_CONTENT)
		id = content_id(a, f, source);
	if (id == NULL)
		return;
	free(a->id);
	a->id = id;
	article_explain(a, "id", rule == ID_URL ? "id = url: the story's "
	    "address less trackers" : "id = content: source, title, date");
}

/* html_clean: content_html is sanitize_html()'s, clean already. */
static void
article(struct article *a, const struct feed *f, const char *base,
    const char *source, bool html_clean)
{
	if (base == NULL)
		base = f->base_url != NULL ? f->base_url : f->self_url != NULL ?
		    f->self_url : f->home_url;
	line(&a->source);
	if (a->source == NULL && source != NULL)
		a->source = text_clean_str(source, TEXT_COLLAPSE, CAP_TEXT);
	line(&a->version);
	line(&a->title);
	line(&a->slugline);
	line(&a->subtitle);
	clean(&a->summary, TEXT_COLLAPSE, CAP_TEXT);
	if (!html_clean)
		clean(&a->content_html, TEXT_MULTILINE, CAP_HTML);
	clean(&a->content_text, TEXT_MULTILINE, CAP_HTML);
	language(&a->language);
	line(&a->byline);
	line(&a->dateline);
	line(&a->credit);
	line(&a->copyright);
	line(&a->ednote);
	line(&a->format);
	url(&a->url, base);
	url(&a->comments_url, base);
	url(&a->comments_feed, base);
	if (a->language == NULL && f->language != NULL)
		a->language = xstrdup(f->language);
	people(a->authors, &a->nauthors, base);
	images(a, base);
	enclosures(a, base);
	categories(a->categories, &a->ncategories);
	links(a, base);
	make_id(a, f, source);
	if (a->id_is_permalink == 1 && (a->url == NULL ||
	    strcmp(a->id, a->url) != 0) && !uri_is_web(a->id))
		a->id_is_permalink = 0;
}

void
normalize_article(struct article *a, const struct feed *f, const char *base,
    const char *source)
{
	article(a, f, base, source, false);
}

void
normalize_article_sanitized(struct article *a, const struct feed *f,
    const char *base, const char *source)
{
	article(a, f, base, source, true);
}
