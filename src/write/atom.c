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
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

/* Longest entry title made from the summary when there is no title. */
#define TITLE_CHARS	80
/* Dates xsd:dateTime and RFC 3339 spell with four-digit years. */
#define DATE_MIN	INT64_C(-2208988800)
#define DATE_MAX	INT64_C(253402300799)
/* atom:updated is required; an unknown date is written as the epoch. */
#define EPOCH		"1970-01-01T00:00:00Z"

struct atom_state {
	int64_t	 feed_date;	/* feed's updated; 0 = unknown */
	bool	 feed_author;	/* the feed has an atom:author */
};

/* An output buffer with a sticky error: after a failure, puts do nothing. */
struct out {
	struct buf	*b;
	enum err	 e;
};

static void
put(struct out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add(w->b, s);
}

static void __attribute__((format(printf, 2, 3)))
putf(struct out *w, const char *fmt, ...)
{
	va_list	 ap;

	if (w->e != ERR_OK)
		return;
	va_start(ap, fmt);
	w->e = buf_vaddf(w->b, fmt, ap);
	va_end(ap);
}

static void
put_xml(struct out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_xml(w->b, s);
}

static void
put_attr(struct out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_xml_attr(w->b, s);
}

static void
indent(struct out *w, int depth)
{
	putf(w, "%*s", depth * 2, "");
}

/* True when s has a character that survives escaping and is not a space. */
static bool
has_text(const char *s)
{
	size_t	 n, i = 0, k;
	uint32_t cp;

	if (s == NULL)
		return false;
	n = strlen(s);
	while (i < n) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (text_char_ok(cp) && cp != ' ' && cp != '\t' &&
		    cp != '\n' && cp != '\r')
			return true;
	}
	return false;
}

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

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
 * True when s is a language tag every format we write accepts: 2-8
 * letters, then "-" subtags of 1-8 letters or digits ("en_US" is
 * refused).
 */
static bool
lang_ok(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return false;
	for (n = 0; is_alpha((unsigned char)*s); s++)
		n++;
	if (n < 2 || n > 8)
		return false;
	while (*s == '-') {
		for (s++, n = 0; is_alnum((unsigned char)*s); s++)
			n++;
		if (n < 1 || n > 8)
			return false;
	}
	return *s == '\0';
}

/*
 * True when s is a plain addr-spec: one "@" with something on both sides,
 * only characters that need no quoting in mail or in a mailto: URI.
 */
static bool
email_ok(const char *s)
{
	const char *p, *at;

	if (s == NULL)
		return false;
	at = strchr(s, '@');
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return false;
	for (p = s; *p != '\0'; p++)
		if (!is_alnum((unsigned char)*p) &&
		    strchr("@._+-!#$&'*/=?~", *p) == NULL)
			return false;
	return true;
}

/* True when s looks like a media type: "type/subtype", printable ASCII. */
static bool
mime_ok(const char *s)
{
	const char *p, *slash;

	if (s == NULL || *s == ' ')
		return false;
	slash = strchr(s, '/');
	if (slash == NULL || slash == s || slash[1] == '\0' ||
	    strchr(slash + 1, '/'))
		return false;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return true;
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
		if (!is_alnum((unsigned char)*p) && strchr("._-", *p) == NULL)
			return false;
	return true;
}

/* True when t is a known date with a four-digit year. */
static bool
date_ok(int64_t t)
{
	return t != 0 && t >= DATE_MIN && t <= DATE_MAX;
}

/* <name>text</name> on a line of its own, when text has content. */
static void
elem(struct out *w, int depth, const char *name, const char *text)
{
	if (!has_text(text))
		return;
	indent(w, depth);
	putf(w, "<%s>", name);
	put_xml(w, text);
	putf(w, "</%s>\n", name);
}

/* A text construct, <name type="text">text</name>, when text has content. */
static void
text_elem(struct out *w, int depth, const char *name, const char *text)
{
	if (!has_text(text))
		return;
	indent(w, depth);
	putf(w, "<%s type=\"text\">", name);
	put_xml(w, text);
	putf(w, "</%s>\n", name);
}

/* A date construct in UTC; unknown dates are written as the epoch. */
static void
date_elem(struct out *w, int depth, const char *name, int64_t t)
{
	char	 s[DATE_BUF];

	if (date_ok(t))
		date_format_rfc3339(t, s);
	else
		memcpy(s, EPOCH, sizeof EPOCH);
	elem(w, depth, name, s);
}

/*
 * <link rel=... type=... hreflang=... title=... length=... href=.../>,
 * when href is an IRI; type, hreflang and title only when valid. Returns
 * whether it wrote one.
 */
static bool
link_elem(struct out *w, int depth, const char *rel, const char *type,
    const char *href, const char *hreflang, const char *title,
    int64_t length)
{
	if (!iri_ok(href))
		return false;
	indent(w, depth);
	put(w, "<link rel=\"");
	put_attr(w, rel);
	put(w, "\"");
	if (mime_ok(type)) {
		put(w, " type=\"");
		put_attr(w, type);
		put(w, "\"");
	}
	if (lang_ok(hreflang))
		putf(w, " hreflang=\"%s\"", hreflang);
	if (has_text(title)) {
		put(w, " title=\"");
		put_attr(w, title);
		put(w, "\"");
	}
	if (length > 0)
		putf(w, " length=\"%" PRId64 "\"", length);
	put(w, " href=\"");
	put_attr(w, href);
	put(w, "\"/>\n");
	return true;
}

/*
 * A person construct. RFC 4287 requires a name, so the e-mail address or
 * the URI stands in for a missing one; with none of the three nothing is
 * written. Returns whether it wrote one.
 */
static bool
person_elem(struct out *w, int depth, const struct person *p)
{
	const char *name;

	name = has_text(p->name) ? p->name : email_ok(p->email) ? p->email :
	    iri_ok(p->url) ? p->url : NULL;
	if (name == NULL)
		return false;
	indent(w, depth);
	put(w, "<author>\n");
	elem(w, depth + 1, "name", name);
	if (email_ok(p->email))
		elem(w, depth + 1, "email", p->email);
	if (iri_ok(p->url))
		elem(w, depth + 1, "uri", p->url);
	indent(w, depth);
	put(w, "</author>\n");
	return true;
}

/*
 * <category term=... scheme=... label=.../>; the label stands in for a
 * missing term.
 */
static void
category_elem(struct out *w, int depth, const char *term, const char *scheme,
    const char *label)
{
	if (!has_text(term)) {
		term = label;
		label = NULL;
	}
	if (!has_text(term))
		return;
	indent(w, depth);
	put(w, "<category term=\"");
	put_attr(w, term);
	put(w, "\"");
	if (iri_ok(scheme)) {
		put(w, " scheme=\"");
		put_attr(w, scheme);
		put(w, "\"");
	}
	if (has_text(label) && strcmp(label, term) != 0) {
		put(w, " label=\"");
		put_attr(w, label);
		put(w, "\"");
	}
	put(w, "/>\n");
}

/*
 * The feed title: the feed's, else the host of its home page, else
 * "Untitled". New string.
 */
static char *
feed_title(const struct feed *f)
{
	char	*origin, *host, *res = NULL;

	if (has_text(f->title))
		return xstrdup(f->title);
	origin = f->home_url != NULL ? uri_origin(f->home_url) : NULL;
	host = origin != NULL ? strstr(origin, "://") : NULL;
	if (host != NULL && has_text(host + 3))
		res = xstrdup(host + 3);
	free(origin);
	return res != NULL ? res : xstrdup("Untitled");
}

/* Where the output lives: the caller's URL, else the feed's own. Borrowed. */
static const char *
self_url(const struct write_opts *o, const struct feed *f)
{
	if (iri_ok(o->feed_url))
		return o->feed_url;
	if (iri_ok(f->self_url))
		return f->self_url;
	return NULL;
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

	if (has_text(f->id))
		return write_iri_id(f->id);
	self = self_url(o, f);
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
	struct out w = { out, ERR_OK };
	char	*title, *id;
	size_t	 i;

	put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\""
	    " xmlns:media=\"http://search.yahoo.com/mrss/\"");
	if (lang_ok(f->language))
		putf(&w, " xml:lang=\"%s\"", f->language);
	put(&w, ">\n");
	title = feed_title(f);
	id = feed_id(o, f, title);
	elem(&w, 1, "id", id);
	text_elem(&w, 1, "title", title);
	text_elem(&w, 1, "subtitle", f->subtitle);
	as->feed_date = write_feed_date(f, first);
	if (!date_ok(as->feed_date))
		as->feed_date = 0;
	date_elem(&w, 1, "updated", as->feed_date);
	link_elem(&w, 1, "alternate", "text/html", f->home_url, NULL, NULL, 0);
	link_elem(&w, 1, "self", "application/atom+xml", self_url(o, f), NULL,
	    NULL, 0);
	link_elem(&w, 1, "hub", NULL, f->hub, NULL, NULL, 0);
	link_elem(&w, 1, "next", NULL, f->next_url, NULL, NULL, 0);
	as->feed_author = false;
	for (i = 0; i < f->nauthors; i++)
		if (person_elem(&w, 1, &f->authors[i]))
			as->feed_author = true;
	for (i = 0; i < f->ncategories; i++)
		category_elem(&w, 1, f->categories[i].term,
		    f->categories[i].scheme, f->categories[i].label);
	if (iri_ok(f->icon))
		elem(&w, 1, "icon", f->icon);
	if (iri_ok(f->logo))
		elem(&w, 1, "logo", f->logo);
	text_elem(&w, 1, "rights", f->copyright);
	elem(&w, 1, "generator", o->generator);
	free(id);
	free(title);
	return w.e;
}

/*
 * The entry title, which Atom requires: the article's, else the start of
 * its summary or text, else "Untitled". New string.
 */
static char *
entry_title(const struct article *a)
{
	const char *src;
	char	*flat, *res;

	if (has_text(a->title))
		return xstrdup(a->title);
	src = has_text(a->summary) ? a->summary :
	    has_text(a->content_text) ? a->content_text : NULL;
	if (src == NULL)
		return xstrdup("Untitled");
	flat = text_clean_str(src, TEXT_COLLAPSE, CAP_TEXT);
	if (flat == NULL)
		return xstrdup("Untitled");
	res = text_excerpt(flat, TITLE_CHARS);
	free(flat);
	return res;
}

/*
 * The article id. The model never leaves it empty; should it be, the URL
 * stands in, else a hash of the text (the same in every writer). New
 * string.
 */
static char *
entry_id(const struct article *a)
{
	const char *parts[4];
	char	 hex[HASH_HEX_LEN + 1];

	if (has_text(a->id))
		return xstrdup(a->id);
	if (has_text(a->url))
		return xstrdup(a->url);
	parts[0] = a->title;
	parts[1] = a->summary;
	parts[2] = a->content_html;
	parts[3] = a->content_text;
	hash_strings_hex(parts, 4, hex);
	return xstrdup(hex);
}

/*
 * The links: alternate (the article URL), the model's other links,
 * enclosures, and comments as rel="replies". RFC 4287 allows one
 * alternate per type and language, so another HTML alternate without a
 * language becomes "related". Returns whether an alternate was written.
 */
static bool
entry_links(struct out *w, const struct article *a)
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
		    !lang_ok(l->lang) && (!mime_ok(l->type) ||
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
entry_authors(struct out *w, const struct atom_state *as,
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
	p.name = has_text(f->title) ? f->title : (char *)"unknown";
	person_elem(w, 2, &p);
}

/* The categories, then keywords that are not already a category term. */
static void
entry_categories(struct out *w, const struct article *a)
{
	size_t	 i, j;

	for (i = 0; i < a->ncategories; i++)
		category_elem(w, 2, a->categories[i].term,
		    a->categories[i].scheme, a->categories[i].label);
	for (i = 0; i < a->nkeywords; i++) {
		for (j = 0; j < a->ncategories; j++)
			if (a->categories[j].term != NULL &&
			    strcmp(a->categories[j].term, a->keywords[i]) == 0)
				break;
		if (j == a->ncategories)
			category_elem(w, 2, a->keywords[i], NULL, NULL);
	}
}

/*
 * content: the HTML (escaped, type="html"), else the plain text. An entry
 * with neither content nor an alternate link gets an empty text content,
 * as RFC 4287 requires one of the two.
 */
static void
entry_content(struct out *w, const struct article *a, bool alt)
{
	if (has_text(a->content_html)) {
		indent(w, 2);
		put(w, "<content type=\"html\">");
		put_xml(w, a->content_html);
		put(w, "</content>\n");
	} else if (has_text(a->content_text)) {
		text_elem(w, 2, "content", a->content_text);
	} else if (!alt) {
		indent(w, 2);
		put(w, "<content type=\"text\"/>\n");
	}
}

/* One <media:content medium="image"> with caption (else alt text), credit. */
static void
media_content(struct out *w, const struct image *im)
{
	const char *desc;

	if (!iri_ok(im->url))
		return;
	desc = has_text(im->caption) ? im->caption : im->alt;
	indent(w, 2);
	put(w, "<media:content url=\"");
	put_attr(w, im->url);
	put(w, "\" medium=\"image\"");
	if (mime_ok(im->type)) {
		put(w, " type=\"");
		put_attr(w, im->type);
		put(w, "\"");
	}
	if (im->width > 0)
		putf(w, " width=\"%d\"", im->width);
	if (im->height > 0)
		putf(w, " height=\"%d\"", im->height);
	if (!has_text(desc) && !has_text(im->credit)) {
		put(w, "/>\n");
		return;
	}
	put(w, ">\n");
	if (has_text(desc)) {
		indent(w, 3);
		put(w, "<media:description type=\"plain\">");
		put_xml(w, desc);
		put(w, "</media:description>\n");
	}
	elem(w, 3, "media:credit", im->credit);
	indent(w, 2);
	put(w, "</media:content>\n");
}

/*
 * The images as Media RSS extension elements (Atom has no image element
 * of its own), lead first: readers often take the first as thumbnail.
 */
static void
entry_images(struct out *w, const struct article *a)
{
	const struct image *lead;
	size_t	 i;

	lead = article_lead_image(a);
	if (lead != NULL)
		media_content(w, lead);
	for (i = 0; i < a->nimages; i++)
		if (&a->images[i] != lead)
			media_content(w, &a->images[i]);
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
	struct out w = { out, ERR_OK };
	char	*id, *iri, *title;
	int64_t	 t;
	bool	 alt;

	put(&w, "  <entry");
	if (lang_ok(a->language) && !(lang_ok(f->language) &&
	    text_ieq(a->language, f->language)))
		putf(&w, " xml:lang=\"%s\"", a->language);
	put(&w, ">\n");
	id = entry_id(a);
	iri = write_iri_id(id);
	elem(&w, 2, "id", iri);
	free(iri);
	free(id);
	title = entry_title(a);
	text_elem(&w, 2, "title", title);
	free(title);
	t = write_article_updated(a);
	if (!date_ok(t))
		t = date_ok(a->published.t) ? a->published.t : as->feed_date;
	date_elem(&w, 2, "updated", t);
	if (date_ok(a->published.t))
		date_elem(&w, 2, "published", a->published.t);
	alt = entry_links(&w, a);
	entry_authors(&w, as, f, a);
	entry_categories(&w, a);
	text_elem(&w, 2, "summary", a->summary);
	entry_content(&w, a, alt);
	text_elem(&w, 2, "rights", a->copyright);
	entry_images(&w, a);
	put(&w, "  </entry>\n");
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
