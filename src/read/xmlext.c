/* SPDX-License-Identifier: MIT */
/*
 * Extension namespaces real feeds use: content:encoded, Dublin Core and
 * DC terms, Media RSS, iTunes, slash and wfw. Extensions fill gaps: they
 * never override the core element that means the same thing.
 */
#include "config.h"
#include "read/xml.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

static bool
in_item(const struct xml_frame *fr)
{
	return fr->where == IN_ITEM || fr->where == IN_MEDIA;
}

static void
end_encoded(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->content_html, t, len, true);
}

static void
end_dc_creator(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct person p = { 0 };

	p.name = xml_trim(t, len);
	if (p.name == NULL)
		return;
	/* "Name <email>" is common in dc:creator too. */
	if (strchr(p.name, '@') != NULL) {
		char	*s = p.name;

		p.name = NULL;
		xml_person_parse(&p, s);
		free(s);
	}
	xml_add_person(x, fr->where, &p);
	person_cleanup(&p);
}

static void
end_dc_date(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->published, t, len, false);
	else if (fr->where == IN_FEED)
		xml_date(x, &x->feed.updated, t, len, false);
}

static void
end_dc_modified(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->updated, t, len, false);
	else if (fr->where == IN_FEED)
		xml_date(x, &x->feed.updated, t, len, false);
}

static void
end_dc_description(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_ITEM && x->art->summary == NULL) {
		xml_set(&x->art->summary, t, len, false);
		x->art->html_fields |= ART_HTML_SUMMARY;
	} else if (fr->where == IN_FEED)
		xml_set(&x->feed.subtitle, t, len, false);
}

static void
end_dc_language(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->language, t, len, true);
	else if (fr->where == IN_FEED)
		xml_set(&x->feed.language, t, len, false);
}

static void
end_dc_rights(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	XML_SET_WHERE(x, fr, copyright, copyright, t, len, false);
}

static void
add_category(struct xml_reader *x, struct xml_frame *fr, char *term,
    const char *scheme)
{
	struct category *c;

	if (term == NULL)
		return;
	if (in_item(fr) && x->art->ncategories < CAP_LIST)
		c = article_add_category(x->art);
	else if (fr->where == IN_FEED && x->feed.ncategories < CAP_LIST)
		c = feed_add_category(&x->feed);
	else {
		free(term);
		return;
	}
	c->term = term;
	if (scheme != NULL && *scheme != '\0')
		c->scheme = xstrdup(scheme);
}

static void
end_dc_subject(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	add_category(x, fr, xml_trim(t, len), NULL);
}

static void
end_dc_title(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	XML_SET_WHERE(x, fr, title, title, t, len, false);
}

static int
attr_int(const struct xml_attr *a, size_t n, const char *name)
{
	const char *v = xml_attr(a, n, NS_OTHER, name);
	long	 l;

	if (v == NULL)
		return 0;
	l = strtol(v, NULL, 10);
	return l > 0 && l < 1000000 ? (int)l : 0;
}

static bool
has_image(const struct article *a, const char *url)
{
	size_t	 i;

	for (i = 0; i < a->nimages; i++)
		if (strcmp(a->images[i].url, url) == 0)
			return true;
	return false;
}

static void
start_media_content(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *type = xml_attr(a, n, NS_OTHER, "type");
	const char *medium = xml_attr(a, n, NS_OTHER, "medium");
	const char *size = xml_attr(a, n, NS_OTHER, "fileSize");
	const char *dur = xml_attr(a, n, NS_OTHER, "duration");
	struct enclosure *en;
	struct image *im;
	size_t	 i;
	char	*u;

	if (fr->where == IN_FEED && x->feed.logo == NULL &&
	    ((medium != NULL && strcmp(medium, "image") == 0) ||
	    (medium == NULL && type != NULL && text_istarts(type, "image/")))) {
		/* A channel's image as Media RSS: the feed's logo. */
		x->feed.logo = xml_url(x, xml_attr(a, n, NS_OTHER, "url"));
		return;
	}
	if (fr->where != IN_ITEM)
		return;
	fr->where = IN_MEDIA;
	x->media_image = 0;
	u = xml_url(x, xml_attr(a, n, NS_OTHER, "url"));
	if (u == NULL)
		return;
	if ((medium != NULL && strcmp(medium, "image") == 0) ||
	    (medium == NULL && type != NULL && text_istarts(type, "image/"))) {
		if (has_image(x->art, u) || x->art->nimages >= CAP_LIST) {
			free(u);
			return;
		}
		im = article_add_image(x->art);
		im->url = u;
		if (type != NULL && *type != '\0')
			im->type = xstrdup(type);
		im->width = attr_int(a, n, "width");
		im->height = attr_int(a, n, "height");
		x->media_image = x->art->nimages;
		return;
	}
	for (i = 0; i < x->art->nenclosures; i++)
		if (strcmp(x->art->enclosures[i].url, u) == 0) {
			free(u);
			return;
		}
	if (x->art->nenclosures >= CAP_LIST) {
		free(u);
		return;
	}
	en = article_add_enclosure(x->art);
	en->url = u;
	if (type != NULL && *type != '\0')
		en->type = xstrdup(type);
	if (size != NULL && strtoll(size, NULL, 10) > 0)
		en->length = strtoll(size, NULL, 10);
	if (dur != NULL && strtoll(dur, NULL, 10) > 0)
		en->duration = strtoll(dur, NULL, 10);
}

static void
end_media_content(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	x->media_image = 0;
}

static void
start_media_thumbnail(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	struct image *im;
	char	*u;

	if (!in_item(fr) || x->art->nimages >= CAP_LIST)
		return;
	u = xml_url(x, xml_attr(a, n, NS_OTHER, "url"));
	if (u == NULL)
		return;
	if (has_image(x->art, u)) {
		free(u);
		return;
	}
	im = article_add_image(x->art);
	im->url = u;
	im->width = attr_int(a, n, "width");
	im->height = attr_int(a, n, "height");
}

/* The image of the media:content being read, or NULL. */
static struct image *
media_image(struct xml_reader *x)
{
	if (x->media_image == 0 || x->art == NULL ||
	    x->media_image > x->art->nimages)
		return NULL;
	return &x->art->images[x->media_image - 1];
}

static void
end_media_description(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	struct image *im = media_image(x);

	if (fr->where == IN_MEDIA && im != NULL)
		xml_set(&im->caption, t, len, true);
	else if (fr->where == IN_ITEM)
		xml_set(&x->art->summary, t, len, false);
}

static void
end_media_credit(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	struct image *im = media_image(x);

	if (fr->where == IN_MEDIA && im != NULL)
		xml_set(&im->credit, t, len, true);
	else if (fr->where == IN_ITEM)
		xml_set(&x->art->credit, t, len, false);
}

static void
end_media_title(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	struct image *im = media_image(x);

	if (fr->where == IN_MEDIA && im != NULL)
		xml_set(&im->alt, t, len, false);
	else if (fr->where == IN_ITEM)
		xml_set(&x->art->title, t, len, false);
}

static void
add_keywords(struct article *a, const char *t, size_t len)
{
	char	*s, *p, *q, *kw;

	s = xstrndup(t, len);
	for (p = s; p != NULL; p = q) {
		q = strchr(p, ',');
		if (q != NULL)
			*q++ = '\0';
		kw = xml_trim(p, strlen(p));
		article_add_keyword(a, kw);
		free(kw);
	}
	free(s);
}

/*
 * Keywords of an item; a channel's (itunes:keywords) are its categories,
 * the model having no feed keywords.
 */
static void
end_keywords(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s, *p, *q;

	if (in_item(fr)) {
		add_keywords(x->art, t, len);
		return;
	}
	if (fr->where != IN_FEED || t == NULL)
		return;
	s = xstrndup(t, len);
	for (p = s; p != NULL; p = q) {
		q = strchr(p, ',');
		if (q != NULL)
			*q++ = '\0';
		add_category(x, fr, xml_trim(p, strlen(p)),
		    fr->ns == NS_ITUNES ? "http://www.itunes.com/" : NULL);
	}
	free(s);
}

/* media:category scheme="..." label="...": kept "scheme\tlabel". */
static void
start_media_category(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *scheme = xml_attr(a, n, NS_OTHER, "scheme");
	const char *label = xml_attr(a, n, NS_OTHER, "label");

	fr->saved = xasprintf("%s\t%s", scheme != NULL ? scheme : "",
	    label != NULL ? label : "");
}

static void
end_media_category(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	struct category *c;
	char	*label = strchr(fr->saved, '\t');
	size_t	 n;

	*label++ = '\0';
	n = in_item(fr) ? x->art->ncategories : x->feed.ncategories;
	add_category(x, fr, xml_trim(t, len), fr->saved);
	if (*label == '\0')
		return;
	if (in_item(fr) && x->art->ncategories > n)
		c = &x->art->categories[n];
	else if (fr->where == IN_FEED && x->feed.ncategories > n)
		c = &x->feed.categories[n];
	else
		return;
	c->label = xml_trim(label, strlen(label));
}

static void
end_itunes_author(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	struct person p = { 0 };

	if (fr->where == IN_ITEM && x->art->nauthors > 0)
		return;
	if (fr->where == IN_FEED && x->feed.nauthors > 0)
		return;
	p.name = xml_trim(t, len);
	xml_add_person(x, fr->where, &p);
	person_cleanup(&p);
}

static void
start_itunes_category(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *text = xml_attr(a, n, NS_OTHER, "text");

	/* Nested ones (subcategories) count as categories too. */
	if (text != NULL && (fr->where == IN_FEED || fr->where == IN_ITEM))
		add_category(x, fr, xml_trim(text, strlen(text)),
		    "http://www.itunes.com/");
}

static void
start_itunes_image(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *href = xml_attr(a, n, NS_OTHER, "href");
	struct image *im;
	char	*u;

	/* Some feeds write url="..." as if it were media:content. */
	if (href == NULL)
		href = xml_attr(a, n, NS_OTHER, "url");
	u = xml_url(x, href);
	if (u == NULL)
		return;
	if (fr->where == IN_ITEM && !has_image(x->art, u) &&
	    x->art->nimages < CAP_LIST) {
		im = article_add_image(x->art);
		im->url = u;
	} else if (fr->where == IN_FEED && x->feed.logo == NULL)
		x->feed.logo = u;
	else
		free(u);
}

/* "1:02:03", "62:03", "3723" -> seconds. */
static void
end_itunes_duration(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	int64_t	 total = 0;
	long	 part;
	char	*s, *p, *end;
	size_t	 i;

	if (fr->where != IN_ITEM)
		return;
	s = xml_trim(t, len);
	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p = end + (*end == ':')) {
		part = strtol(p, &end, 10);
		if (end == p || part < 0 || (*end != ':' && *end != '\0' &&
		    *end != '.')) {
			total = 0;
			break;
		}
		total = total * 60 + part;
		if (*end == '.')
			break;
	}
	free(s);
	if (total <= 0)
		return;
	for (i = 0; i < x->art->nenclosures; i++)
		if (x->art->enclosures[i].duration == 0) {
			x->art->enclosures[i].duration = total;
			break;
		}
}

static void
end_itunes_subtitle(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	XML_SET_WHERE(x, fr, subtitle, subtitle, t, len, false);
}

static void
end_itunes_summary(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	XML_SET_WHERE(x, fr, summary, subtitle, t, len, false);
}

static void
start_ignore(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	fr->where = IN_IGNORE;
}

static void
end_slash_comments(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	long	 v;
	char	*end;

	if (fr->where != IN_ITEM)
		return;
	while (len > 0 && (*t == ' ' || *t == '\n' || *t == '\t')) {
		t++;
		len--;
	}
	v = strtol(t, &end, 10);
	if (end != t && v >= 0)
		x->art->comments_count = v;
}

static void
end_wfw_commentrss(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	char	*s;

	if (fr->where != IN_ITEM)
		return;
	s = xml_trim(t, len);
	free(x->art->comments_feed);
	x->art->comments_feed = xml_url(x, s);
	free(s);
}

/* <xhtml:body> inside an RSS item: the item's body as markup. */
static void
end_xhtml_body(struct xml_reader *x, struct xml_frame *fr, char *t,
    size_t len)
{
	if (fr->where == IN_ITEM)
		xml_set(&x->art->content_html, t, len, false);
}

/* Sorted by (ns, local) for bsearch; a unit test checks the order. */
const struct xml_tag xml_ext_tags[] = {
	{ NS_CONTENT, "encoded", XT_HTML, NULL, end_encoded },
	{ NS_DC, "author", XT_TEXT, NULL, end_dc_creator },
	{ NS_DC, "creator", XT_TEXT, NULL, end_dc_creator },
	{ NS_DC, "date", XT_TEXT, NULL, end_dc_date },
	{ NS_DC, "description", XT_TEXT, NULL, end_dc_description },
	{ NS_DC, "language", XT_TEXT, NULL, end_dc_language },
	{ NS_DC, "rights", XT_TEXT, NULL, end_dc_rights },
	{ NS_DC, "subject", XT_TEXT, NULL, end_dc_subject },
	{ NS_DC, "title", XT_TEXT, NULL, end_dc_title },
	{ NS_DCTERMS, "created", XT_TEXT, NULL, end_dc_date },
	{ NS_DCTERMS, "issued", XT_TEXT, NULL, end_dc_date },
	{ NS_DCTERMS, "modified", XT_TEXT, NULL, end_dc_modified },
	{ NS_MEDIA, "category", XT_TEXT, start_media_category,
	    end_media_category },
	{ NS_MEDIA, "content", XT_NONE, start_media_content,
	    end_media_content },
	{ NS_MEDIA, "credit", XT_TEXT, NULL, end_media_credit },
	{ NS_MEDIA, "description", XT_TEXT, NULL, end_media_description },
	{ NS_MEDIA, "keywords", XT_TEXT, NULL, end_keywords },
	{ NS_MEDIA, "thumbnail", XT_NONE, start_media_thumbnail, NULL },
	{ NS_MEDIA, "title", XT_TEXT, NULL, end_media_title },
	{ NS_ITUNES, "author", XT_TEXT, NULL, end_itunes_author },
	{ NS_ITUNES, "category", XT_NONE, start_itunes_category, NULL },
	{ NS_ITUNES, "duration", XT_TEXT, NULL, end_itunes_duration },
	{ NS_ITUNES, "image", XT_NONE, start_itunes_image, NULL },
	{ NS_ITUNES, "keywords", XT_TEXT, NULL, end_keywords },
	{ NS_ITUNES, "owner", XT_NONE, start_ignore, NULL },
	{ NS_ITUNES, "subtitle", XT_TEXT, NULL, end_itunes_subtitle },
	{ NS_ITUNES, "summary", XT_TEXT, NULL, end_itunes_summary },
	{ NS_SLASH, "comments", XT_TEXT, NULL, end_slash_comments },
	{ NS_WFW, "commentRss", XT_TEXT, NULL, end_wfw_commentrss },
	{ NS_WFW, "commentrss", XT_TEXT, NULL, end_wfw_commentrss },
	{ NS_XHTML, "body", XT_XHTML, NULL, end_xhtml_body },
};
const size_t xml_ext_ntags = sizeof xml_ext_tags / sizeof xml_ext_tags[0];
