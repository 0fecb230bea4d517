/* SPDX-License-Identifier: MIT */
/*
 * The Atom 1.0 writer (RFC 4287), valid against the RFC's schema and its
 * two Schematron rules whatever the model holds. Required elements the
 * model may lack get fixed, documented stand-ins: an updated date of
 * 1970-01-01T00:00:00Z, an author named after the feed, an empty content.
 */
#include "config.h"
#include "write/write.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

/* atom:updated is required; an unknown date is written as the epoch. */
#define EPOCH		"1970-01-01T00:00:00Z"

struct atom_state {
	int64_t	 feed_date;	/* feed's updated; 0 = unknown */
	bool	 feed_author;	/* the feed has an atom:author */
};

/*
 * True when s can be written as an IRI: it has a scheme, nothing RFC 3987
 * forbids, and is not a script or inline data URL.
 */
static bool
iri_ok(const char *s)
{
	if (!uri_is_iri(s))
		return false;
	return !text_istarts(s, "javascript:") &&
	    !text_istarts(s, "vbscript:") && !text_istarts(s, "data:");
}

/* True when s is a usable link relation: a short token or an IRI. */
static bool
rel_ok(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return false;
	if (iri_ok(s))
		return true;
	for (p = s; *p != '\0'; p++)
		if (!write_is_alnum((unsigned char)*p) &&
		    strchr("._-", *p) == NULL)
			return false;
	return true;
}

/* A text construct, <name type="text">text</name>, when text has content. */
static void
text_elem(struct write_out *w, int depth, const char *name, const char *text)
{
	if (!write_has_text(text))
		return;
	write_indent(w, depth);
	write_putf(w, "<%s type=\"text\">", name);
	write_put_xml(w, text);
	write_putf(w, "</%s>\n", name);
}

/* A date construct in UTC; unknown dates are written as the epoch. */
static void
date_elem(struct write_out *w, int depth, const char *name, int64_t t)
{
	char	 s[DATE_BUF];

	if (write_date_ok(t))
		date_format_rfc3339(t, s);
	else
		memcpy(s, EPOCH, sizeof EPOCH);
	write_xml_elem(w, depth, name, s);
}

/*
 * <link rel=... type=... hreflang=... title=... length=... href=.../>,
 * when href is an IRI; type, hreflang and title only when valid. Returns
 * whether it wrote one.
 */
static bool
link_elem(struct write_out *w, int depth, const char *rel, const char *type,
    const char *href, const char *hreflang, const char *title,
    int64_t length)
{
	if (!iri_ok(href))
		return false;
	write_indent(w, depth);
	write_put(w, "<link rel=\"");
	write_put_attr(w, rel);
	write_put(w, "\"");
	if (write_mime_ok(type)) {
		write_put(w, " type=\"");
		write_put_attr(w, type);
		write_put(w, "\"");
	}
	if (write_lang_ok(hreflang))
		write_putf(w, " hreflang=\"%s\"", hreflang);
	if (write_has_text(title)) {
		write_put(w, " title=\"");
		write_put_attr(w, title);
		write_put(w, "\"");
	}
	if (length > 0)
		write_putf(w, " length=\"%" PRId64 "\"", length);
	write_put(w, " href=\"");
	write_put_attr(w, href);
	write_put(w, "\"/>\n");
	return true;
}

/*
 * A person construct. RFC 4287 requires a name, so the e-mail address or
 * the URI stands in for a missing one; with none of the three nothing is
 * written. Returns whether it wrote one.
 */
static bool
person_elem(struct write_out *w, int depth, const struct person *p)
{
	const char *name;

	name = write_has_text(p->name) ? p->name :
	    write_email_ok(p->email) ? p->email :
	    iri_ok(p->url) ? p->url : NULL;
	if (name == NULL)
		return false;
	write_indent(w, depth);
	write_put(w, "<author>\n");
	write_xml_elem(w, depth + 1, "name", name);
	if (write_email_ok(p->email))
		write_xml_elem(w, depth + 1, "email", p->email);
	if (iri_ok(p->url))
		write_xml_elem(w, depth + 1, "uri", p->url);
	write_indent(w, depth);
	write_put(w, "</author>\n");
	return true;
}

/*
 * <category term=... scheme=... label=.../>; the label stands in for a
 * missing term.
 */
static void
category_elem(struct write_out *w, int depth, const char *term,
    const char *scheme, const char *label)
{
	if (!write_has_text(term)) {
		term = label;
		label = NULL;
	}
	if (!write_has_text(term))
		return;
	write_indent(w, depth);
	write_put(w, "<category term=\"");
	write_put_attr(w, term);
	write_put(w, "\"");
	if (iri_ok(scheme)) {
		write_put(w, " scheme=\"");
		write_put_attr(w, scheme);
		write_put(w, "\"");
	}
	if (write_has_text(label) && strcmp(label, term) != 0) {
		write_put(w, " label=\"");
		write_put_attr(w, label);
		write_put(w, "\"");
	}
	write_put(w, "/>\n");
}

/*
 * The feed id, which must be a stable IRI: the feed's own id, else its
 * self URL, else its home page, else a tag: URI made from the title.
 * New string.
 */
static char *
feed_id(const struct write_opts *o, const struct feed *f, const char *title)
{
	const char *self;

	if (write_has_text(f->id))
		return write_iri_id(f->id);
	self = write_self_url(o, f, iri_ok);
	if (self != NULL)
		return xstrdup(self);
	if (iri_ok(f->home_url))
		return xstrdup(f->home_url);
	return write_iri_id(title);
}

/*
 * The feed head. updated is the feed's date (write_feed_date), else the
 * epoch; it is kept as the stand-in for entries without dates.
 */
static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	struct atom_state *as = st;
	struct write_out w = { out, ERR_OK };
	char	*title, *id;
	size_t	 i;

	write_put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	write_stylesheet_pi(&w, o->stylesheet);
	write_put(&w, "<feed xmlns=\"http://www.w3.org/2005/Atom\""
	    " xmlns:media=\"http://search.yahoo.com/mrss/\"");
	if (write_lang_ok(f->language))
		write_putf(&w, " xml:lang=\"%s\"", f->language);
	write_put(&w, ">\n");
	title = write_feed_title(f);
	id = feed_id(o, f, title);
	write_xml_elem(&w, 1, "id", id);
	text_elem(&w, 1, "title", title);
	text_elem(&w, 1, "subtitle", f->subtitle);
	as->feed_date = write_feed_date(f, first);
	if (!write_date_ok(as->feed_date))
		as->feed_date = 0;
	date_elem(&w, 1, "updated", as->feed_date);
	link_elem(&w, 1, "alternate", "text/html", f->home_url, NULL, NULL, 0);
	link_elem(&w, 1, "self", "application/atom+xml",
	    write_self_url(o, f, iri_ok), NULL, NULL, 0);
	for (i = 0; write_hub(o, f, i, iri_ok) != NULL; i++)
		link_elem(&w, 1, "hub", NULL, write_hub(o, f, i, iri_ok), NULL,
		    NULL, 0);
	link_elem(&w, 1, "next", NULL, f->next_url, NULL, NULL, 0);
	as->feed_author = false;
	for (i = 0; i < f->nauthors; i++)
		if (person_elem(&w, 1, &f->authors[i]))
			as->feed_author = true;
	for (i = 0; i < f->ncategories; i++)
		category_elem(&w, 1, f->categories[i].term,
		    f->categories[i].scheme, f->categories[i].label);
	if (iri_ok(f->icon))
		write_xml_elem(&w, 1, "icon", f->icon);
	if (iri_ok(f->logo))
		write_xml_elem(&w, 1, "logo", f->logo);
	text_elem(&w, 1, "rights", f->copyright);
	write_xml_elem(&w, 1, "generator", o->generator);
	free(id);
	free(title);
	return w.e;
}

/*
 * The links: alternate (the article URL), the model's other links,
 * enclosures, and comments as rel="replies". RFC 4287 allows one
 * alternate per type and language, so another HTML alternate without a
 * language becomes "related". Returns whether an alternate was written.
 */
static bool
entry_links(struct write_out *w, const struct article *a)
{
	const struct link *l;
	const struct enclosure *en;
	const char *rel;
	bool	 alt;
	size_t	 i;

	alt = link_elem(w, 2, "alternate", "text/html", a->url, NULL, NULL, 0);
	for (i = 0; i < a->nlinks; i++) {
		l = &a->links[i];
		rel = rel_ok(l->rel) ? l->rel : "related";
		if (strcmp(rel, "alternate") == 0 && alt &&
		    !write_lang_ok(l->lang) && (!write_mime_ok(l->type) ||
		    text_ieq(l->type, "text/html")))
			rel = "related";
		if (link_elem(w, 2, rel, l->type, l->href, l->lang, l->title,
		    0) && strcmp(rel, "alternate") == 0)
			alt = true;
	}
	for (i = 0; i < a->nenclosures; i++) {
		en = &a->enclosures[i];
		link_elem(w, 2, "enclosure", en->type, en->url, NULL, NULL,
		    en->length);
	}
	link_elem(w, 2, "replies", "text/html", a->comments_url, NULL, NULL,
	    0);
	return alt;
}

/*
 * The authors. RFC 4287: an entry needs an author when its feed has
 * none; the stand-in is named after the feed title, else "unknown".
 */
static void
entry_authors(struct write_out *w, const struct atom_state *as,
    const struct feed *f, const struct article *a)
{
	struct person p;
	bool	 any = false;
	size_t	 i;

	for (i = 0; i < a->nauthors; i++)
		if (person_elem(w, 2, &a->authors[i]))
			any = true;
	if (any || as->feed_author)
		return;
	memset(&p, 0, sizeof p);
	p.name = write_has_text(f->title) ? f->title : (char *)"unknown";
	person_elem(w, 2, &p);
}

/* The categories, then keywords that are not already a category term. */
static void
entry_categories(struct write_out *w, const struct article *a)
{
	size_t	 i;

	for (i = 0; i < a->ncategories; i++)
		category_elem(w, 2, a->categories[i].term,
		    a->categories[i].scheme, a->categories[i].label);
	for (i = 0; i < a->nkeywords; i++)
		if (!write_is_category_term(a, a->keywords[i]))
			category_elem(w, 2, a->keywords[i], NULL, NULL);
}

/*
 * content: the HTML (escaped, type="html"), else the plain text. An entry
 * with neither content nor an alternate link gets an empty text content,
 * as RFC 4287 requires one of the two.
 */
static void
entry_content(struct write_out *w, const struct article *a, bool alt)
{
	if (write_has_text(a->content_html)) {
		write_indent(w, 2);
		write_put(w, "<content type=\"html\">");
		write_put_xml(w, a->content_html);
		write_put(w, "</content>\n");
	} else if (write_has_text(a->content_text)) {
		text_elem(w, 2, "content", a->content_text);
	} else if (!alt) {
		write_indent(w, 2);
		write_put(w, "<content type=\"text\"/>\n");
	}
}

/*
 * One <entry>. updated is the article's (write_article_updated), else
 * the feed's, else the epoch; xml:lang is written when it differs from
 * the feed's.
 */
static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	struct atom_state *as = st;
	struct write_out w = { out, ERR_OK };
	const char *lang;
	char	*id, *iri, *title;
	int64_t	 t;
	bool	 alt;

	write_put(&w, "  <entry");
	lang = write_article_lang(f, a);
	if (lang != NULL)
		write_putf(&w, " xml:lang=\"%s\"", lang);
	write_put(&w, ">\n");
	id = write_article_id(a);
	iri = write_iri_id(id);
	write_xml_elem(&w, 2, "id", iri);
	free(iri);
	free(id);
	title = write_article_title(a);
	text_elem(&w, 2, "title", title);
	free(title);
	t = write_article_updated(a);
	if (!write_date_ok(t))
		t = write_date_ok(a->published.t) ? a->published.t :
		    as->feed_date;
	date_elem(&w, 2, "updated", t);
	if (write_date_ok(a->published.t))
		date_elem(&w, 2, "published", a->published.t);
	alt = entry_links(&w, a);
	entry_authors(&w, as, f, a);
	entry_categories(&w, a);
	text_elem(&w, 2, "summary", a->summary);
	entry_content(&w, a, alt);
	text_elem(&w, 2, "rights", a->copyright);
	write_media_images(&w, 2, a, iri_ok);
	write_put(&w, "  </entry>\n");
	return w.e;
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	return buf_add(out, "</feed>\n");
}

const struct writer writer_atom = {
	.name = "atom",
	.media_type = "application/atom+xml",
	.ext = "atom",
	.state_size = sizeof(struct atom_state),
	.head = head,
	.article = article,
	.end = end,
};
