/* SPDX-License-Identifier: MIT */
/*
 * Atom 1.0 (RFC 4287) and Atom 0.3: the element table for the Atom
 * namespaces and the reader entry point. The same table serves atom:*
 * elements that RSS feeds borrow (atom:link rel="self" and "hub").
 */
#include "config.h"
#include "read/xml.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static void
start_feed(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *v;

	if (fr->where == IN_ITEM || x->depth != 1)
		return;
	fr->where = IN_FEED;
	xstrset(&x->feed.format, "atom");
	/* Atom 0.3, earlier drafts and namespace-less feeds say which. */
	v = xml_attr(a, n, NS_OTHER, "version");
	if (fr->ns == NS_ATOM03)
		xstrset(&x->feed.version, v != NULL ? v : "0.3");
	else if (v != NULL && (x->atom_uri != NULL || x->atom_nons)) {
		free(x->feed.version);
		x->feed.version = xml_trim(v, strlen(v));
	}
	else
		xstrset(&x->feed.version, "1.0");
	if (fr->lang != NULL && x->feed.language == NULL)
		x->feed.language = xstrdup(fr->lang);
}

static void
start_entry(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	/* An entry document: a feed of one entry, without a head. */
	if (x->depth == 1) {
		xstrset(&x->feed.format, "atom");
		xstrset(&x->feed.version, fr->ns == NS_ATOM03 ? "0.3" : "1.0");
	}
	xml_item_begin(x, fr);
}

static void
end_entry(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_item_end(x);
}

static void
start_ignore(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	fr->where = IN_IGNORE;
}

/*
 * Text constructs: the type (and 0.3 mode) attribute picks the capture.
 * RFC 4287 4.1.3.3: content of any other media type than text, HTML or
 * XML is Base64; Atom 0.3 says so with mode="base64".
 */
static void
start_text(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *type = xml_attr(a, n, NS_OTHER, "type");
	const char *mode = fr->ns == NS_ATOM03 ?
	    xml_attr(a, n, NS_OTHER, "mode") : NULL;

	fr->mode = xml_type_mode(type, mode);
	fr->html = fr->mode == XT_HTML || fr->mode == XT_XHTML;
	if (mode != NULL && text_ieq(mode, "base64"))
		fr->base64 = true;
	else if (type != NULL && strchr(type, '/') != NULL &&
	    !text_istarts(type, "text/") && strstr(type, "xml") == NULL)
		fr->base64 = true;
	if (fr->base64) {
		fr->html = type != NULL && (text_istarts(type, "text/html") ||
		    text_istarts(type, "application/xhtml"));
		fr->mode = XT_TEXT;
	}
}

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode Base64 text in place (white space and padding skipped). */
static size_t
b64decode(char *t, size_t len)
{
	size_t	 i, o = 0;
	unsigned acc = 0;
	int	 bits = 0, v;

	for (i = 0; i < len; i++) {
		v = b64val(t[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			t[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	t[o] = '\0';
	return o;
}

/*
 * The captured text of a text construct, decoded when it was Base64.
 * Empty text is left alone: it may be a constant "" (no text captured).
 */
static size_t
text_of(struct xml_frame *fr, char *t, size_t len)
{
	if (fr->base64 && t != NULL && len > 0)
		return b64decode(t, len);
	return len;
}

static bool
is_html(const struct xml_frame *fr)
{
	return fr->html;
}

static void
end_title(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	len = text_of(fr, t, len);
	if (fr->where == IN_ITEM) {
		/* In RSS, an atom:title only fills a gap. */
		if (x->family == FAMILY_RSS && x->art->title != NULL)
			return;
		xml_set(&x->art->title, t, len, true);
		if (is_html(fr))
			x->art->html_fields |= ART_HTML_TITLE;
		else
			x->art->html_fields &= ~ART_HTML_TITLE;
	} else if (fr->where == IN_FEED) {
		if (x->family == FAMILY_RSS && x->feed.title != NULL)
			return;
		xml_set(&x->feed.title, t, len, true);
		if (is_html(fr))
			x->feed.html_fields |= ART_HTML_TITLE;
	}
}

static void
end_subtitle(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	len = text_of(fr, t, len);
	if (fr->where == IN_FEED) {
		xml_set(&x->feed.subtitle, t, len, true);
		if (is_html(fr))
			x->feed.html_fields |= ART_HTML_SUBTITLE;
	} else if (fr->where == IN_ITEM)
		xml_set(&x->art->subtitle, t, len, true);
}

static void
end_summary(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	len = text_of(fr, t, len);
	if (fr->where != IN_ITEM)
		return;
	if (x->family == FAMILY_RSS && x->art->summary != NULL)
		return;
	xml_set(&x->art->summary, t, len, true);
	if (is_html(fr))
		x->art->html_fields |= ART_HTML_SUMMARY;
	else
		x->art->html_fields &= ~ART_HTML_SUMMARY;
}

static void
end_rights(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	len = text_of(fr, t, len);
	if (fr->where == IN_ITEM) {
		xml_set(&x->art->copyright, t, len, true);
		if (is_html(fr))
			x->art->html_fields |= ART_HTML_COPYRIGHT;
	} else if (fr->where == IN_FEED) {
		xml_set(&x->feed.copyright, t, len, true);
		if (is_html(fr))
			x->feed.html_fields |= ART_HTML_COPYRIGHT;
	}
}

static void
start_content(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *src = xml_attr(a, n, NS_OTHER, "src");
	struct link *l;
	char	*u;

	start_text(x, fr, a, n);
	if (src == NULL || fr->where != IN_ITEM)
		return;
	/* Out-of-line content (RFC 4287 4.1.3.2): a link, no text. */
	fr->mode = XT_NONE;
	u = xml_url(x, src);
	if (u == NULL || x->art->nlinks >= CAP_LIST) {
		free(u);
		return;
	}
	if (x->art->url == NULL) {
		x->art->url = u;
		return;
	}
	l = article_add_link(x->art);
	l->href = u;
	l->rel = xstrdup("related");
}

static void
end_content(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct xml_frame *cur = fr;

	if (fr->where != IN_ITEM || t == NULL)
		return;
	len = text_of(fr, t, len);
	if (is_html(fr)) {
		if (x->family == FAMILY_RSS && x->art->content_html != NULL)
			return;
		xml_set(&x->art->content_html, t, len, true);
	} else
		xml_set(&x->art->content_text, t, len, true);
	/* Content with its own xml:base resolves against it. */
	if (cur->own_base)
		xstrset(&x->art->base_url, cur->base);
}

/*
 * An id must be an absolute IRI; a path ("/relative/link") is resolved
 * against the xml:base or document URL in effect, as a reader would.
 */
static void
end_id(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	**dst, *s, *u;

	if (fr->where == IN_ITEM) {
		if (x->family == FAMILY_RSS && x->art->id != NULL)
			return;
		dst = &x->art->id;
	} else if (fr->where == IN_FEED)
		dst = &x->feed.id;
	else
		return;
	s = xml_trim(t, len);
	if (s == NULL)
		return;
	if (s[0] == '/' && fr->base != NULL && !uri_has_scheme(s)) {
		u = uri_resolve(fr->base, s);
		if (u != NULL) {
			free(s);
			s = u;
		}
	}
	free(*dst);
	*dst = s;
}

static void
end_updated(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->updated, t, len, true);
	else if (fr->where == IN_FEED)
		xml_date(x, &x->feed.updated, t, len, true);
}

static void
end_published(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->published, t, len, true);
	else if (fr->where == IN_FEED)
		xml_date(x, &x->feed.published, t, len, true);
}

/* Atom 0.3 <created> is weaker than <issued>. */
static void
end_created(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_ITEM)
		xml_date(x, &x->art->published, t, len, false);
}

static void
end_generator(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_FEED)
		xml_set(&x->feed.generator, t, len, false);
}

static void
end_icon(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;

	if (fr->where != IN_FEED)
		return;
	s = xml_trim(t, len);
	free(x->feed.icon);
	x->feed.icon = xml_url(x, s);
	free(s);
}

static void
end_logo(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;

	if (fr->where != IN_FEED)
		return;
	s = xml_trim(t, len);
	free(x->feed.logo);
	x->feed.logo = xml_url(x, s);
	free(s);
}

static void
start_person(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	if (fr->where != IN_ITEM && fr->where != IN_FEED) {
		fr->where = IN_IGNORE;
		return;
	}
	person_cleanup(&x->person_tmp);
	memset(&x->person_tmp, 0, sizeof x->person_tmp);
	x->person = &x->person_tmp;
	fr->where = IN_PERSON;
}

static void
end_person(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct xml_frame *parent = &x->stack[x->depth - 2];

	if (fr->where != IN_PERSON || x->person == NULL)
		return;
	xml_add_person(x, parent->where, x->person);
	person_cleanup(x->person);
	memset(x->person, 0, sizeof *x->person);
	x->person = NULL;
}

static void
end_name(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_PERSON && x->person != NULL)
		xml_set(&x->person->name, t, len, true);
}

static void
end_email(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	if (fr->where == IN_PERSON && x->person != NULL)
		xml_set(&x->person->email, t, len, true);
}

static void
end_uri(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	char	*s;

	if (fr->where != IN_PERSON || x->person == NULL)
		return;
	s = xml_trim(t, len);
	free(x->person->url);
	x->person->url = xml_url(x, s);
	free(s);
}

static void
start_category(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *term = xml_attr(a, n, NS_OTHER, "term");
	const char *scheme = xml_attr(a, n, NS_OTHER, "scheme");
	const char *label = xml_attr(a, n, NS_OTHER, "label");
	struct category *c;

	if (term == NULL || text_is_blank(term))
		return;
	if (fr->where == IN_ITEM && x->art->ncategories < CAP_LIST)
		c = article_add_category(x->art);
	else if (fr->where == IN_FEED && x->feed.ncategories < CAP_LIST)
		c = feed_add_category(&x->feed);
	else
		return;
	c->term = xml_trim(term, strlen(term));
	if (scheme != NULL)
		c->scheme = xml_trim(scheme, strlen(scheme));
	if (label != NULL)
		c->label = xml_trim(label, strlen(label));
}

static void
link_item(struct xml_reader *x, const char *rel, char *u,
    const struct xml_attr *a, size_t n)
{
	const char *type = xml_attr(a, n, NS_OTHER, "type");
	const char *len = xml_attr(a, n, NS_OTHER, "length");
	const char *title = xml_attr(a, n, NS_OTHER, "title");
	const char *lang = xml_attr(a, n, NS_OTHER, "hreflang");
	struct enclosure *en;
	struct link *l;

	if (strcmp(rel, "alternate") == 0 && x->art->url == NULL &&
	    (type == NULL || text_istarts(type, "text/html") ||
	    text_istarts(type, "application/xhtml"))) {
		x->art->url = u;
		return;
	}
	if (strcmp(rel, "enclosure") == 0 &&
	    x->art->nenclosures < CAP_LIST) {
		en = article_add_enclosure(x->art);
		en->url = u;
		if (type != NULL)
			en->type = xml_trim(type, strlen(type));
		if (len != NULL && strtoll(len, NULL, 10) > 0)
			en->length = strtoll(len, NULL, 10);
		return;
	}
	if (strcmp(rel, "replies") == 0 && x->art->comments_url == NULL &&
	    (type == NULL || text_istarts(type, "text/html"))) {
		x->art->comments_url = u;
		return;
	}
	if (x->art->nlinks >= CAP_LIST) {
		free(u);
		return;
	}
	l = article_add_link(x->art);
	l->href = u;
	l->rel = xstrdup(rel);
	if (type != NULL)
		l->type = xml_trim(type, strlen(type));
	if (title != NULL)
		l->title = xml_trim(title, strlen(title));
	if (lang != NULL)
		l->lang = xml_trim(lang, strlen(lang));
}

static void
link_feed(struct xml_reader *x, const char *rel, char *u,
    const struct xml_attr *a, size_t n)
{
	const char *type = xml_attr(a, n, NS_OTHER, "type");
	char	**dst = NULL;

	if (strcmp(rel, "alternate") == 0 && (type == NULL ||
	    text_istarts(type, "text/html") ||
	    text_istarts(type, "application/xhtml")))
		dst = &x->feed.home_url;
	else if (strcmp(rel, "self") == 0)
		dst = &x->feed.self_url;
	else if (strcmp(rel, "hub") == 0)
		dst = &x->feed.hub;
	else if (strcmp(rel, "next") == 0)
		dst = &x->feed.next_url;
	if (dst == NULL || *dst != NULL) {
		free(u);
		return;
	}
	*dst = u;
}

/* The relation of a link, lower case, "alternate" when not given. */
static char *
link_rel(const char *rel)
{
	char	*r, *p;

	r = rel != NULL ? xml_trim(rel, strlen(rel)) : NULL;
	if (r == NULL)
		r = xstrdup("alternate");
	/* IANA relation URIs are the same as their short names. */
	if (strncmp(r, "http://www.iana.org/assignments/relation/", 40) == 0)
		memmove(r, r + 40, strlen(r + 40) + 1);
	for (p = r; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return r;
}

static void
start_link(struct xml_reader *x, struct xml_frame *fr,
    const struct xml_attr *a, size_t n)
{
	const char *href = xml_attr(a, n, NS_OTHER, "href");
	const char *type = xml_attr(a, n, NS_OTHER, "type");
	char	*r, *u;

	if (fr->where != IN_ITEM && fr->where != IN_FEED)
		return;
	if (href == NULL) {
		/*
		 * Early Atom 0.3 feeds put the URL in the text; keep the
		 * relation and type for end_link (a tab never survives in
		 * an attribute value, so it separates them).
		 */
		r = link_rel(xml_attr(a, n, NS_OTHER, "rel"));
		fr->saved = xasprintf("%s\t%s", r, type != NULL ? type : "");
		free(r);
		fr->mode = XT_TEXT;
		return;
	}
	u = xml_url(x, href);
	if (u == NULL)
		return;
	r = link_rel(xml_attr(a, n, NS_OTHER, "rel"));
	if (fr->where == IN_ITEM)
		link_item(x, r, u, a, n);
	else
		link_feed(x, r, u, a, n);
	free(r);
}

static void
end_link(struct xml_reader *x, struct xml_frame *fr, char *t, size_t len)
{
	struct xml_attr a = { NS_OTHER, "type", NULL };
	char	*s, *u, *type;

	if (fr->saved == NULL || t == NULL ||
	    (fr->where != IN_ITEM && fr->where != IN_FEED))
		return;
	s = xml_trim(t, len);
	u = xml_url(x, s);
	free(s);
	if (u == NULL)
		return;
	type = strchr(fr->saved, '\t');
	*type++ = '\0';
	a.value = type;
	if (fr->where == IN_ITEM)
		link_item(x, fr->saved, u, &a, *type != '\0' ? 1 : 0);
	else
		link_feed(x, fr->saved, u, &a, *type != '\0' ? 1 : 0);
}

/* Sorted by local name for bsearch; a unit test checks the order. */
const struct xml_tag xml_atom_tags[] = {
	{ NS_ATOM, "author", XT_NONE, start_person, end_person },
	{ NS_ATOM, "category", XT_NONE, start_category, NULL },
	{ NS_ATOM, "content", XT_TEXT, start_content, end_content },
	{ NS_ATOM, "contributor", XT_NONE, start_ignore, NULL },
	{ NS_ATOM, "copyright", XT_TEXT, start_text, end_rights },
	{ NS_ATOM, "created", XT_TEXT, NULL, end_created },
	{ NS_ATOM, "email", XT_TEXT, NULL, end_email },
	{ NS_ATOM, "entry", XT_NONE, start_entry, end_entry },
	{ NS_ATOM, "feed", XT_NONE, start_feed, NULL },
	{ NS_ATOM, "generator", XT_TEXT, NULL, end_generator },
	{ NS_ATOM, "homepage", XT_TEXT, NULL, end_uri },
	{ NS_ATOM, "icon", XT_TEXT, NULL, end_icon },
	{ NS_ATOM, "id", XT_TEXT, NULL, end_id },
	{ NS_ATOM, "issued", XT_TEXT, NULL, end_published },
	{ NS_ATOM, "item", XT_NONE, start_entry, end_entry },
	{ NS_ATOM, "link", XT_NONE, start_link, end_link },
	{ NS_ATOM, "logo", XT_TEXT, NULL, end_logo },
	{ NS_ATOM, "modified", XT_TEXT, NULL, end_updated },
	{ NS_ATOM, "name", XT_TEXT, NULL, end_name },
	{ NS_ATOM, "published", XT_TEXT, NULL, end_published },
	{ NS_ATOM, "rights", XT_TEXT, start_text, end_rights },
	{ NS_ATOM, "source", XT_NONE, start_ignore, NULL },
	{ NS_ATOM, "subtitle", XT_TEXT, start_text, end_subtitle },
	{ NS_ATOM, "summary", XT_TEXT, start_text, end_summary },
	{ NS_ATOM, "tagline", XT_TEXT, start_text, end_subtitle },
	{ NS_ATOM, "title", XT_TEXT, start_text, end_title },
	{ NS_ATOM, "updated", XT_TEXT, NULL, end_updated },
	{ NS_ATOM, "uri", XT_TEXT, NULL, end_uri },
	{ NS_ATOM, "url", XT_TEXT, NULL, end_uri },
};
const size_t xml_atom_ntags = sizeof xml_atom_tags / sizeof xml_atom_tags[0];

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	return xml_parse(in, o, out, FAMILY_ATOM);
}

const struct reader reader_atom = {
	.name = "atom",
	.description = "Atom 1.0 (RFC 4287) and Atom 0.3",
	.parse = parse,
};
