/* SPDX-License-Identifier: MIT */
/*
 * NewsML 1.2: a NewsML envelope of NewsItems, each a tree of
 * NewsComponents. The first NewsLines found (depth first) give the
 * headline, byline, dateline, slugline and copyright; NewsManagement the
 * dates and status; text ContentItems the body (NITF, XHTML-ish markup
 * or plain text) and photo ContentItems the largest picture.
 */
#include "config.h"
#include "read/newsml12.h"

#include <stdlib.h>
#include <string.h>

#include "read/wire.h"
#include "util/caps.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAXITEMS	CAP_LIST

/* The text of the first descendant named local. */
static char *
find_text(const xmlNode *n, const char *local)
{
	return wire_text(wire_find(n, local));
}

/* FormalName of the first descendant named local. */
static char *
find_formal(const xmlNode *n, const char *local)
{
	return wire_attr(wire_find(n, local), "FormalName");
}

/* A Characteristics Property value (Width, Height) of a ContentItem. */
static int
property_int(const xmlNode *ci, const char *name)
{
	const xmlNode *p;
	char	*fn, *v;
	int	 r = 0;

	for (p = wire_child(wire_child(ci, "Characteristics"), "Property");
	    p != NULL; p = wire_next(p, "Property")) {
		fn = wire_attr(p, "FormalName");
		if (fn != NULL && text_ieq(fn, name)) {
			v = wire_attr(p, "Value");
			r = v != NULL ? atoi(v) : 0;
			free(v);
		}
		free(fn);
	}
	return r;
}

struct walk {
	struct article	*a;
	bool		 skip;		/* in a headline/stylesheet component */
	bool		 body_role;	/* in a component in the Body role */
	const xmlNode	*body;		/* DataContent in the Body role */
	const xmlNode	*first;		/* else the first text DataContent */
	const xmlNode	*best_photo;
	long		 best_area;
};

/* The text of DataContent dc into a: NITF, XHTML, HTML or plain text. */
static void
data_content(const xmlNode *dc, struct article *a)
{
	const xmlNode *c;
	xmlChar	*t;
	struct buf b;

	for (c = dc->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			break;
	if (wire_is(c, "nitf")) {
		nitf_to_article(c, a, NULL);
		return;
	}
	if (c != NULL) {
		nitf_body(wire_is(c, "html") ? wire_child(c, "body") : dc, a);
		return;
	}
	t = xmlNodeGetContent(dc);
	buf_init(&b, CAP_HTML);
	/* HTML carried as text (a CDATA section) stays HTML. */
	if (t != NULL && wire_looks_html((const char *)t)) {
		if (buf_add(&b, (const char *)t))
			log_debug("NewsML HTML cut at the size limit");
	} else if (t != NULL && wire_text_to_html((const char *)t, &b))
		log_debug("NewsML text cut at the size limit");
	a->content_html = buf_dup_or_null(&b);
	buf_cleanup(&b);
	xmlFree(t);
}

/* Note a ContentItem: the largest photo, the body text candidates. */
static void
content_item(const xmlNode *ci, struct walk *w)
{
	const xmlNode *dc;
	char	*media, *href, *mime;
	bool	 skip;
	long	 area;

	mime = wire_attr(wire_child(ci, "MimeType"), "FormalName");
	if (mime == NULL)
		mime = wire_attr(wire_child(ci, "Format"), "FormalName");
	skip = w->skip || (mime != NULL && (text_istarts(mime, "text/css") ||
	    text_ieq(mime, "CSS")));
	free(mime);
	media = wire_attr(wire_child(ci, "MediaType"), "FormalName");
	href = wire_attr(ci, "Href");
	if (media != NULL && (text_ieq(media, "Photo") ||
	    text_ieq(media, "Graphic")) && href != NULL) {
		area = (long)property_int(ci, "Width") *
		    property_int(ci, "Height");
		if (area > w->best_area) {
			w->best_area = area;
			w->best_photo = ci;
		}
	}
	free(href);
	dc = wire_child(ci, "DataContent");
	if (dc != NULL && !skip && (media == NULL || text_ieq(media, "Text"))) {
		if (w->body_role && w->body == NULL)
			w->body = dc;
		else if (w->first == NULL)
			w->first = dc;
	}
	free(media);
}

static void
walk_components(const xmlNode *n, struct walk *w, int depth)
{
	const xmlNode *c;

	if (depth > CAP_XML_DEPTH)
		return;
	bool	 outer = w->skip, outer_body = w->body_role;
	char	*role;

	/* Components in the role of a headline or style sheet are no body. */
	role = wire_attr(wire_child(n, "Role"), "FormalName");
	if (role != NULL && (text_ieq(role, "HeadLine") ||
	    text_ieq(role, "SubHeadLine") || text_ieq(role, "StyleSheet")))
		w->skip = true;
	if (role != NULL && (text_ieq(role, "Body") || text_ieq(role, "Main")))
		w->body_role = true;
	free(role);
	for (c = n->children; c != NULL; c = c->next) {
		if (wire_is(c, "ContentItem"))
			content_item(c, w);
		else if (wire_is(c, "NewsComponent"))
			walk_components(c, w, depth + 1);
	}
	w->skip = outer;
	w->body_role = outer_body;
}

static void
subjects(const xmlNode *n, struct article *a, int depth)
{
	const xmlNode *c;
	char	*code;

	if (depth > CAP_XML_DEPTH)
		return;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (wire_is(c, "Subject") || wire_is(c, "SubjectMatter") ||
		    wire_is(c, "SubjectDetail")) {
			code = wire_attr(c, "FormalName");
			wire_category(a, code,
			    "http://cv.iptc.org/newscodes/subjectcode/", NULL);
			free(code);
		} else
			subjects(c, a, depth + 1);
	}
}

static void
news_item(const xmlNode *item, struct article *a)
{
	const xmlNode *nm, *nc, *ni;
	struct walk w = { a, false, false, NULL, NULL, NULL, -1 };
	struct image *im;
	char	*s;

	xstrset(&a->format, "newsml-1.2");
	ni = wire_find(item, "NewsIdentifier");
	a->id = wire_child_text(ni, "PublicIdentifier");
	a->version = wire_child_text(ni, "RevisionId");
	nm = wire_child(item, "NewsManagement");
	s = wire_child_text(nm, "FirstCreated");
	(void)wire_date(s, &a->published);
	free(s);
	s = wire_child_text(nm, "ThisRevisionCreated");
	(void)wire_date(s, &a->updated);
	free(s);
	s = wire_attr(wire_child(nm, "Status"), "FormalName");
	(void)wire_pubstatus(s, &a->pubstatus);
	free(s);
	s = wire_attr(wire_child(nm, "Urgency"), "FormalName");
	if (s != NULL && atoi(s) >= 1 && atoi(s) <= 9)
		a->urgency = atoi(s);
	free(s);
	nc = wire_child(item, "NewsComponent");
	a->title = find_text(nc, "HeadLine");
	a->subtitle = find_text(nc, "SubHeadLine");
	a->byline = find_text(nc, "ByLine");
	a->dateline = find_text(nc, "DateLine");
	a->slugline = find_text(nc, "SlugLine");
	a->copyright = find_text(nc, "CopyrightLine");
	a->credit = find_text(nc, "CreditLine");
	a->language = find_formal(nc, "Language");
	if (nc != NULL)
		subjects(nc, a, 0);
	if (nc != NULL)
		walk_components(nc, &w, 0);
	if (w.body != NULL || w.first != NULL)
		data_content(w.body != NULL ? w.body : w.first, a);
	if (w.best_photo != NULL && a->nimages < CAP_LIST) {
		im = article_add_image(a);
		im->url = wire_attr(w.best_photo, "Href");
		im->width = property_int(w.best_photo, "Width");
		im->height = property_int(w.best_photo, "Height");
		im->caption = a->summary != NULL ? xstrdup(a->summary) :
		    a->title != NULL ? xstrdup(a->title) : NULL;
		im->credit = a->credit != NULL ? xstrdup(a->credit) : NULL;
	}
}

enum err
newsml12_read(const xmlNode *root, const struct read_opts *o,
    const struct sink *out)
{
	const xmlNode *n;
	struct feed f;
	struct article *arts[MAXITEMS];
	size_t	 na = 0, i;
	enum err e;

	feed_init(&f);
	xstrset(&f.format, "newsml-1.2");
	f.version = wire_attr(root, "Version");
	f.title = wire_attr(wire_find(wire_child(root, "NewsEnvelope"),
	    "Party"), "FormalName");
	for (n = wire_child(root, "NewsItem"); n != NULL && na < MAXITEMS;
	    n = wire_next(n, "NewsItem")) {
		arts[na] = article_new();
		news_item(n, arts[na]);
		na++;
	}
	e = wire_push(o, out, &f, arts, na);
	for (i = 0; i < na; i++)
		article_free(arts[i]);
	feed_cleanup(&f);
	return e;
}
