/* SPDX-License-Identifier: MIT */
/*
 * The NITF 3.x reader: one <nitf> document is one story. head/docdata
 * gives the id, dates, urgency, status, keywords and editor's note;
 * body.head the headline, byline, dateline and abstract; body.content
 * the HTML and pictures; body.end the tagline. nitf_to_article() also
 * reads NITF embedded in NewsML.
 */
#include "config.h"
#include "read/wire.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define SUBJECT_SCHEME	"http://cv.iptc.org/newscodes/subjectcode/"

/* The text of n without the children named skip (byline minus byttl). */
static char *
text_without(const xmlNode *n, const char *skip)
{
	struct buf b;
	const xmlNode *c;
	xmlChar	*s;
	char	*r;
	enum err e;

	buf_init(&b, CAP_TEXT);
	for (c = n->children; c != NULL; c = c->next) {
		if (wire_is(c, skip) || (c->type != XML_TEXT_NODE &&
		    c->type != XML_ELEMENT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE))
			continue;
		s = xmlNodeGetContent(c);
		if (s == NULL)
			continue;
		e = buf_add(&b, (const char *)s);
		if (!e)
			e = buf_addc(&b, ' ');
		xmlFree(s);
		if (e)
			break;	/* capped: keep what fits */
	}
	r = text_clean_str(buf_str(&b), TEXT_COLLAPSE, CAP_TEXT);
	buf_cleanup(&b);
	return r;
}

/* <tobject.subject> codes as categories, labelled most specific first. */
static void
subjects(const xmlNode *tobject, struct article *a)
{
	const xmlNode *s;
	char	*ref, *label;

	for (s = wire_child(tobject, "tobject.subject"); s != NULL;
	    s = wire_next(s, "tobject.subject")) {
		ref = wire_attr(s, "tobject.subject.refnum");
		label = wire_attr(s, "tobject.subject.detail");
		if (label == NULL)
			label = wire_attr(s, "tobject.subject.matter");
		if (label == NULL)
			label = wire_attr(s, "tobject.subject.type");
		wire_category(a, ref, SUBJECT_SCHEME, label);
		free(ref);
		free(label);
	}
}

static void
docdata(const xmlNode *dd, struct article *a)
{
	const xmlNode *n;
	struct when issue = { 0, 0, false }, release = { 0, 0, false };
	char	*s, *holder;

	s = wire_attr(dd, "management-status");
	(void)wire_pubstatus(s, &a->pubstatus);
	free(s);
	wire_keep(&a->id, wire_attr(wire_child(dd, "doc-id"), "id-string"));
	s = wire_attr(wire_child(dd, "urgency"), "ed-urg");
	if (s != NULL && a->urgency == 0 && atoi(s) >= 1 && atoi(s) <= 9)
		a->urgency = atoi(s);
	free(s);
	(void)wire_attr_date(wire_child(dd, "date.issue"), "norm", &issue);
	(void)wire_attr_date(wire_child(dd, "date.release"), "norm", &release);
	/* The issue time is when this version was sent. */
	if (a->published.t == 0)
		a->published = issue.t != 0 ? issue : release;
	if (a->updated.t == 0)
		a->updated = issue.t != 0 ? issue : release;
	/* A release time after the issue time is an embargo. */
	if (release.t != 0 && release.t > issue.t && issue.t != 0 &&
	    a->embargo_until.t == 0)
		a->embargo_until = release;
	if (a->expires.t == 0)
		(void)wire_attr_date(wire_child(dd, "date.expire"), "norm",
		    &a->expires);
	n = wire_child(dd, "doc.copyright");
	holder = wire_attr(n, "holder");
	s = wire_attr(n, "year");
	if (holder != NULL && a->copyright == NULL)
		a->copyright = s != NULL ? xasprintf("Copyright %s %s", s,
		    holder) : xasprintf("Copyright %s", holder);
	free(s);
	free(holder);
	for (n = wire_child(wire_child(dd, "key-list"), "keyword"); n != NULL;
	    n = wire_next(n, "keyword")) {
		s = wire_attr(n, "key");
		if (s != NULL && a->nkeywords < CAP_LIST) {
			if (a->slugline == NULL)
				a->slugline = xstrdup(s);
			article_add_keyword(a, s);
		}
		free(s);
	}
	for (n = wire_child(dd, "ed-msg"); n != NULL; n = wire_next(n, "ed-msg"))
		wire_keep(&a->ednote, wire_attr(n, "info"));
	s = wire_attr(wire_child(dd, "du-key"), "version");
	wire_keep(&a->version, s);
	n = wire_child(dd, "evloc");
	wire_keep(&a->dateline, wire_attr(n, "city"));
}

static void
head(const xmlNode *h, struct article *a)
{
	const xmlNode *n;
	char	*name, *content;

	for (n = wire_child(h, "meta"); n != NULL; n = wire_next(n, "meta")) {
		name = wire_attr(n, "name");
		content = wire_attr(n, "content");
		if (name != NULL && content != NULL &&
		    (text_ieq(name, "anpa-keyword") || text_ieq(name,
		    "slugline")))
			wire_keep(&a->slugline, xstrdup(content));
		free(name);
		free(content);
	}
	for (n = wire_child(h, "tobject"); n != NULL; n = wire_next(n, "tobject"))
		subjects(n, a);
	n = wire_child(h, "docdata");
	if (n != NULL)
		docdata(n, a);
}

static void
body_head(const xmlNode *bh, struct article *a)
{
	const xmlNode *n, *p;
	char	*s;

	n = wire_child(bh, "hedline");
	wire_keep(&a->title, wire_child_text(n, "hl1"));
	wire_keep(&a->subtitle, wire_child_text(n, "hl2"));
	for (n = wire_child(bh, "byline"); n != NULL; n = wire_next(n, "byline")) {
		wire_keep(&a->byline, text_without(n, "byttl"));
		for (p = wire_child(n, "person"); p != NULL;
		    p = wire_next(p, "person")) {
			s = wire_text(p);
			if (s != NULL && a->nauthors < CAP_LIST)
				article_add_author(a)->name = s;
			else
				free(s);
		}
	}
	n = wire_child(bh, "dateline");
	if (n != NULL) {
		p = wire_child(n, "location");
		s = wire_child_text(p, "city");
		if (s == NULL)
			s = p != NULL ? wire_text(p) : text_without(n,
			    "story.date");
		if (s != NULL) {
			free(a->dateline);
			a->dateline = s;
		}
	}
	wire_keep(&a->summary, wire_child_text(bh, "abstract"));
	wire_keep(&a->credit, wire_child_text(bh, "distributor"));
}

void
nitf_body(const xmlNode *content, struct article *a)
{
	struct buf b;
	enum err e;

	buf_init(&b, CAP_HTML);
	e = a->content_html != NULL ? buf_add(&b, a->content_html) : ERR_OK;
	if (!e)
		e = wire_html(content, a, &b);
	if (e)
		log_debug("body cut at the size limit");
	free(a->content_html);
	a->content_html = buf_dup_or_null(&b);
	buf_cleanup(&b);
}

void
nitf_to_article(const xmlNode *root, struct article *a, const char *name)
{
	const xmlNode *body, *n;
	char	*s;
	struct buf b;
	enum err e;

	(void)name;
	n = wire_child(root, "head");
	if (n != NULL)
		head(n, a);
	wire_keep(&a->language, wire_attr(root, "baselang"));
	body = wire_child(root, "body");
	n = wire_child(body, "body.head");
	if (n != NULL)
		body_head(n, a);
	if (a->title == NULL)
		a->title = wire_child_text(wire_child(root, "head"), "title");
	n = wire_child(body, "body.content");
	if (n != NULL)
		nitf_body(n, a);
	s = wire_child_text(wire_child(body, "body.end"), "tagline");
	if (s != NULL) {
		if (a->content_html != NULL)
			wire_trim_copyright(a->content_html);
		buf_init(&b, CAP_HTML);
		e = buf_add(&b, a->content_html != NULL ? a->content_html :
		    "");
		if (!e)
			e = buf_add(&b, "<p>");
		if (!e)
			e = buf_add_xml(&b, s);
		if (!e)
			e = buf_add(&b, "</p>\n");
		if (e)
			log_debug("tagline dropped at the size limit");
		free(a->content_html);
		a->content_html = buf_dup_or_null(&b);
		buf_cleanup(&b);
		free(s);
	}
}

/* "-//IPTC//DTD NITF 3.2//EN" -> "3.2" as the feed version. */
static void
nitf_version(const xmlNode *root, struct feed *f)
{
	char	*v, *p;

	v = wire_attr(root, "version");
	p = v != NULL ? strstr(v, "NITF ") : NULL;
	if (p != NULL) {
		p += 5;
		p[strcspn(p, "/ ")] = '\0';
		xstrset(&f->version, p);
	}
	free(v);
}

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	xmlDocPtr doc;
	xmlNode	*root;
	struct feed f;
	struct article *a;
	enum err e;

	e = wire_load_xml(in, o, &doc);
	if (e)
		return e;
	root = xmlDocGetRootElement(doc);
	if (!wire_is(root, "nitf")) {
		log_error("%s:%ld: not NITF: the root element is <%s>", o->name,
		    xmlGetLineNo(root), (const char *)root->name);
		xmlFreeDoc(doc);
		return ERR_PARSE;
	}
	feed_init(&f);
	xstrset(&f.format, "nitf");
	nitf_version(root, &f);
	a = article_new();
	xstrset(&a->format, "nitf");
	nitf_to_article(root, a, o->name);
	e = wire_push(o, out, &f, &a, 1);
	article_free(a);
	feed_cleanup(&f);
	xmlFreeDoc(doc);
	return e;
}

/* The NITF reader, listed in read.c. */
const struct reader reader_nitf = {
	.name = "nitf",
	.description = "IPTC NITF 3.x",
	.parse = parse,
};
