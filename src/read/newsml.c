/* SPDX-License-Identifier: MIT */
/*
 * The NewsML reader. NewsML-G2: a newsItem, or each news item of a
 * newsMessage / packageItem, is one story: guid and version, itemMeta
 * (status, dates, embargo, signal, editor's note), contentMeta
 * (headline, slugline, people, place, subjects, keywords, language) and
 * contentSet (NITF or XHTML inline, plain inline data, picture
 * renditions). NewsML 1.2 documents go to newsml12.c.
 */
#include "config.h"
#include "read/wire.h"

#include <stdlib.h>
#include <string.h>

#include "read/newsml12.h"
#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAXITEMS	CAP_LIST

/* A qcode's scheme alias -> the IPTC vocabulary URI we record. */
static const struct {
	const char	*alias;
	const char	*uri;
} schemes[] = {
	{ "subj", "http://cv.iptc.org/newscodes/subjectcode/" },
	{ "medtop", "http://cv.iptc.org/newscodes/mediatopic/" },
	{ "genre", "http://cv.iptc.org/newscodes/genre/" },
};

/* Category from a qcode "medtop:20000763" (or literal) and its name. */
static void
qcode_category(struct article *a, const char *qcode, const char *name)
{
	const char *colon;
	char	 alias[32];
	size_t	 i, n;

	if (qcode == NULL)
		return;
	colon = strchr(qcode, ':');
	if (colon == NULL) {
		wire_category(a, qcode, NULL, name);
		return;
	}
	n = (size_t)(colon - qcode);
	if (n >= sizeof alias)
		n = sizeof alias - 1;
	memcpy(alias, qcode, n);
	alias[n] = '\0';
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strcmp(schemes[i].alias, alias) == 0) {
			wire_category(a, colon + 1, schemes[i].uri, name);
			return;
		}
	wire_category(a, qcode, NULL, name);
}

/* The name of a concept element: <name> child, else @literal/@qcode. */
static char *
concept_name(const xmlNode *n)
{
	char	*s;

	s = wire_child_text(n, "name");
	if (s == NULL)
		s = wire_attr(n, "literal");
	return s;
}

static void
item_signal(const xmlNode *n, struct article *a)
{
	char	*q;

	q = wire_attr(n, "qcode");
	if (q == NULL)
		return;
	if (strstr(q, "correct") != NULL)
		a->signal = SIGNAL_CORRECTION;
	else if (strstr(q, "kill") != NULL) {
		a->signal = SIGNAL_KILL;
		a->pubstatus = PUBSTATUS_CANCELED;
	} else if ((strstr(q, "update") != NULL || strstr(q, "writethru") !=
	    NULL) && a->signal == SIGNAL_NONE)
		a->signal = SIGNAL_UPDATE;
	free(q);
}

static void
item_meta(const xmlNode *im, struct article *a, bool *picture)
{
	const xmlNode *n;
	char	*s;

	s = wire_attr(wire_child(im, "itemClass"), "qcode");
	*picture = s != NULL && (strstr(s, "picture") != NULL ||
	    strstr(s, "graphic") != NULL);
	free(s);
	s = wire_child_text(im, "versionCreated");
	(void)wire_date(s, &a->updated);
	free(s);
	s = wire_child_text(im, "firstCreated");
	(void)wire_date(s, &a->published);
	free(s);
	s = wire_child_text(im, "embargoed");
	(void)wire_date(s, &a->embargo_until);
	free(s);
	s = wire_attr(wire_child(im, "pubStatus"), "qcode");
	(void)wire_pubstatus(s, &a->pubstatus);
	free(s);
	for (n = wire_child(im, "signal"); n != NULL; n = wire_next(n, "signal"))
		item_signal(n, a);
	wire_keep(&a->ednote, wire_child_text(im, "edNote"));
	if (a->ednote == NULL)
		a->ednote = wire_child_text(im, "ednote");
	wire_keep(&a->source, concept_name(wire_child(im, "provider")));
}

static void
add_person(struct article *a, const xmlNode *n)
{
	char	*name;

	name = concept_name(n);
	if (name == NULL)
		return;
	if (a->nauthors < CAP_LIST)
		article_add_author(a)->name = name;
	else
		free(name);
}

static void
content_meta(const xmlNode *cm, struct article *a)
{
	const xmlNode *n;
	char	*s, *role, *name;

	s = wire_child_text(cm, "urgency");
	if (s != NULL && a->urgency == 0 && atoi(s) >= 1 && atoi(s) <= 9)
		a->urgency = atoi(s);
	free(s);
	if (a->published.t == 0) {
		s = wire_child_text(cm, "contentCreated");
		(void)wire_date(s, &a->published);
		free(s);
	}
	for (n = wire_child(cm, "headline"); n != NULL;
	    n = wire_next(n, "headline")) {
		role = wire_attr(n, "role");
		if (role != NULL && strstr(role, "sub") != NULL)
			wire_keep(&a->subtitle, wire_text(n));
		else
			wire_keep(&a->title, wire_text(n));
		free(role);
	}
	wire_keep(&a->slugline, wire_child_text(cm, "slugline"));
	for (n = wire_child(cm, "description"); n != NULL;
	    n = wire_next(n, "description"))
		wire_keep(&a->summary, wire_text(n));
	for (n = wire_child(cm, "creator"); n != NULL; n = wire_next(n,
	    "creator"))
		add_person(a, n);
	for (n = wire_child(cm, "contributor"); n != NULL; n = wire_next(n,
	    "contributor"))
		add_person(a, n);
	wire_keep(&a->byline, wire_child_text(cm, "by"));
	wire_keep(&a->dateline, wire_child_text(cm, "dateline"));
	wire_keep(&a->dateline, concept_name(wire_child(cm, "located")));
	wire_keep(&a->credit, wire_child_text(cm, "creditline"));
	for (n = wire_child(cm, "subject"); n != NULL; n = wire_next(n,
	    "subject")) {
		s = wire_attr(n, "qcode");
		name = wire_child_text(n, "name");
		if (s == NULL && name != NULL)
			s = wire_attr(n, "literal");
		qcode_category(a, s, name);
		free(s);
		free(name);
	}
	for (n = wire_child(cm, "keyword"); n != NULL; n = wire_next(n,
	    "keyword")) {
		s = wire_text(n);
		if (s != NULL && a->nkeywords < CAP_LIST)
			article_add_keyword(a, s);
		free(s);
	}
	n = wire_child(cm, "language");
	wire_keep(&a->language, wire_attr(n, "tag"));
}

/* A width or height attribute as pixels: 0 unless 1 to 100,000. */
static long
dimension(const char *s)
{
	long	 v = s != NULL ? strtol(s, NULL, 10) : 0;

	return v > 0 && v <= 100000 ? v : 0;
}

/* The largest picture rendition of remoteContent elements, as an image. */
static void
renditions(const xmlNode *cs, struct article *a, bool picture)
{
	const xmlNode *n, *best = NULL;
	long	 area, best_area = -1;
	char	*w, *h, *ct;
	struct image *im;

	for (n = wire_child(cs, "remoteContent"); n != NULL;
	    n = wire_next(n, "remoteContent")) {
		ct = wire_attr(n, "contenttype");
		if (!picture && (ct == NULL || strncmp(ct, "image/", 6) != 0)) {
			free(ct);
			continue;
		}
		free(ct);
		w = wire_attr(n, "width");
		h = wire_attr(n, "height");
		area = dimension(w) * dimension(h);
		free(w);
		free(h);
		if (area > best_area) {
			best_area = area;
			best = n;
		}
	}
	if (best == NULL || a->nimages >= CAP_LIST)
		return;
	im = article_add_image(a);
	im->url = wire_attr(best, "href");
	im->type = wire_attr(best, "contenttype");
	w = wire_attr(best, "width");
	h = wire_attr(best, "height");
	im->width = (int)dimension(w);
	im->height = (int)dimension(h);
	free(w);
	free(h);
	if (a->summary != NULL)
		im->caption = xstrdup(a->summary);
	else if (a->title != NULL)
		im->caption = xstrdup(a->title);
	if (a->credit != NULL)
		im->credit = xstrdup(a->credit);
}

/*
 * An XHTML body; one holding only text (agency tables, results) keeps
 * its line breaks as <pre>.
 */
static void
xhtml_body(const xmlNode *body, struct article *a)
{
	const xmlNode *c;
	xmlChar	*t;
	struct buf b;
	enum err e;

	if (body == NULL)
		return;
	for (c = body->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			nitf_body(body, a);
			return;
		}
	t = xmlNodeGetContent(body);
	if (t == NULL || text_is_blank((const char *)t)) {
		xmlFree(t);
		return;
	}
	buf_init(&b, CAP_HTML);
	e = buf_add(&b, "<pre>");
	if (!e)
		e = buf_add_xml(&b, (const char *)t);
	if (!e)
		e = buf_add(&b, "</pre>");
	if (e)
		log_debug("preformatted body cut at the size limit");
	free(a->content_html);
	a->content_html = buf_dup_or_null(&b);
	buf_cleanup(&b);
	xmlFree(t);
}

static void
content_set(const xmlNode *cs, struct article *a, const char *name,
    bool picture)
{
	const xmlNode *n, *c;
	struct buf b;
	char	*s;
	xmlChar	*t;

	for (n = wire_child(cs, "inlineXML"); n != NULL;
	    n = wire_next(n, "inlineXML")) {
		for (c = n->children; c != NULL; c = c->next) {
			if (wire_is(c, "nitf"))
				nitf_to_article(c, a, name);
			else if (wire_is(c, "html"))
				xhtml_body(wire_child(c, "body"), a);
			else if (c->type == XML_ELEMENT_NODE)
				nitf_body(n, a);
			else
				continue;
			break;
		}
		if (a->content_html != NULL)
			break;
	}
	for (n = wire_child(cs, "inlineData"); n != NULL &&
	    a->content_html == NULL; n = wire_next(n, "inlineData")) {
		t = xmlNodeGetContent(n);
		if (t == NULL)
			continue;
		buf_init(&b, CAP_HTML);
		s = wire_attr(n, "contenttype");
		if (s != NULL && strstr(s, "html") != NULL) {
			if (buf_add(&b, (const char *)t))
				log_debug("%s: inline data cut", name);
		} else if (wire_text_to_html((const char *)t, &b))
			log_debug("%s: inline data cut", name);
		free(s);
		xmlFree(t);
		a->content_html = buf_dup_or_null(&b);
		buf_cleanup(&b);
	}
	renditions(cs, a, picture);
}

/* One G2 newsItem into a. */
static void
news_item(const xmlNode *item, struct article *a, const char *name)
{
	const xmlNode *n;
	bool	 picture = false;

	a->id = wire_attr(item, "guid");
	a->version = wire_attr(item, "version");
	xstrset(&a->format, "newsml-g2");
	n = wire_child(item, "itemMeta");
	if (n != NULL)
		item_meta(n, a, &picture);
	n = wire_child(item, "rightsInfo");
	wire_keep(&a->copyright, wire_child_text(n, "copyrightNotice"));
	if (a->copyright == NULL)
		a->copyright = concept_name(wire_child(n, "copyrightHolder"));
	for (n = wire_child(item, "contentMeta"); n != NULL;
	    n = wire_next(n, "contentMeta"))
		content_meta(n, a);
	n = wire_child(item, "contentSet");
	if (n != NULL)
		content_set(n, a, name, picture);
	if (a->language == NULL) {
		xmlChar *l = xmlNodeGetLang(item);

		if (l != NULL)
			a->language = xstrdup((const char *)l);
		xmlFree(l);
	}
}

/*
 * A video or audio item: in a message it travels with the text story
 * it illustrates, and the model has no place for it.
 */
static bool
is_av(const xmlNode *item)
{
	char	*q;
	bool	 av;

	q = wire_attr(wire_child(wire_child(item, "itemMeta"), "itemClass"),
	    "qcode");
	av = q != NULL && (strstr(q, "video") != NULL ||
	    strstr(q, "audio") != NULL);
	free(q);
	return av;
}

/* Collect the items under n: news items and packages, not video or audio. */
static void
collect(const xmlNode *n, struct article **arts, size_t *narts,
    const char *name, int depth)
{
	const xmlNode *c;

	if (depth > 8)
		return;
	for (c = n->children; c != NULL; c = c->next) {
		if (*narts >= MAXITEMS)
			return;
		if (is_av(c))
			continue;
		if (wire_is(c, "newsItem") || wire_is(c, "packageItem")) {
			arts[*narts] = article_new();
			news_item(c, arts[*narts], name);
			(*narts)++;
		} else if (wire_is(c, "itemSet"))
			collect(c, arts, narts, name, depth + 1);
	}
}

/*
 * Of several items, keep the stories. Packages that only point at
 * other items are left out; when there is a text story, the pictures
 * that travel with it become its images instead of stories of their
 * own (the first text story is the package's main one).
 */
static void
drop_empty(struct article **arts, size_t *n)
{
	struct article *text = NULL, *p;
	struct image *im;
	size_t	 i, j, o = 0, full = 0;

	for (i = 0; i < *n; i++) {
		if (arts[i]->content_html != NULL || arts[i]->nimages > 0)
			full++;
		if (arts[i]->content_html != NULL && text == NULL)
			text = arts[i];
	}
	if (full == 0)
		return;
	for (i = 0; i < *n; i++) {
		p = arts[i];
		if (p != text && text != NULL && p->content_html == NULL &&
		    p->nimages > 0) {
			for (j = 0; j < p->nimages && text->nimages < CAP_LIST;
			    j++) {
				im = article_add_image(text);
				*im = p->images[j];
				memset(&p->images[j], 0, sizeof p->images[j]);
			}
			article_free(p);
		} else if (p->content_html != NULL || p->nimages > 0)
			arts[o++] = p;
		else
			article_free(p);
	}
	*n = o;
}

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	xmlDocPtr doc;
	xmlNode	*root;
	struct feed f;
	struct article *arts[MAXITEMS];
	size_t	 n = 0, i;
	enum err e;

	e = wire_load_xml(in, o, &doc);
	if (e)
		return e;
	root = xmlDocGetRootElement(doc);
	if (wire_is(root, "NewsML")) {
		e = newsml12_read(root, o, out);
		xmlFreeDoc(doc);
		return e;
	}
	if (!wire_is(root, "newsItem") && !wire_is(root, "newsMessage") &&
	    !wire_is(root, "packageItem") && !wire_is(root, "knowledgeItem")) {
		log_error("%s:%ld: not NewsML: the root element is <%s>",
		    o->name, xmlGetLineNo(root), (const char *)root->name);
		xmlFreeDoc(doc);
		return ERR_PARSE;
	}
	feed_init(&f);
	xstrset(&f.format, "newsml-g2");
	f.version = wire_attr(root, "standardversion");
	if (wire_is(root, "newsItem")) {
		arts[0] = article_new();
		news_item(root, arts[0], o->name);
		n = 1;
	} else if (wire_is(root, "packageItem")) {
		/* A package alone: its own headline, the items it names. */
		arts[0] = article_new();
		news_item(root, arts[0], o->name);
		xstrset(&arts[0]->format, "newsml-g2");
		n = 1;
	} else
		collect(root, arts, &n, o->name, 0);
	drop_empty(arts, &n);
	if (wire_is(root, "newsMessage")) {
		const xmlNode *h = wire_child(root, "header");

		f.title = wire_child_text(h, "channel");
		if (f.title == NULL)
			f.title = wire_child_text(h, "sender");
	}
	e = wire_push(o, out, &f, arts, n);
	for (i = 0; i < n; i++)
		article_free(arts[i]);
	feed_cleanup(&f);
	xmlFreeDoc(doc);
	return e;
}

/* The NewsML reader (G2 and 1.2), listed in read.c. */
const struct reader reader_newsml = {
	.name = "newsml",
	.description = "IPTC NewsML-G2 and NewsML 1.2",
	.parse = parse,
};
