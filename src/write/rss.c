/* SPDX-License-Identifier: MIT */
/*
 * The RSS 2.0 writer, valid against our RSS profile whatever the model
 * holds. RSS 2.0 makes item description entity-encoded HTML, so plain
 * text is HTML-escaped and then XML-escaped: "a < b" is written
 * "a &amp;lt; b", which a reader decodes to the HTML for "a < b".
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

/* Longest item title made from the summary when there is no title. */
#define TITLE_CHARS	80
/* Dates the profile can spell (four-digit years): 1900-01-01 .. 9999. */
#define DATE_MIN	INT64_C(-2208988800)
#define DATE_MAX	INT64_C(253402300799)
/*
 * The channel link when the feed gives no web address at all. RSS 2.0
 * requires one; ".invalid" (RFC 6761) never resolves, so no reader
 * fetches a wrong home page for it.
 */
#define NOWHERE		"https://feedmill.invalid/"
#define OCTET_STREAM	"application/octet-stream"

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

static void
putn(struct out *w, const char *s, size_t n)
{
	if (w->e == ERR_OK)
		w->e = buf_addn(w->b, s, n);
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
 * True when s is an absolute http(s) URL with a host and nothing RFC 3986
 * forbids (white space, controls, <>"{}|\^`): what "https?://\S+" in the
 * profile accepts, and what readers can follow.
 */
static bool
web_url_ok(const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return false;
	if (strncmp(s, "http://", 7) == 0)
		p = (const unsigned char *)s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		p = (const unsigned char *)s + 8;
	else
		return false;
	if (*p == '\0' || *p == '/')
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("<>\"{}|\\^`", *p))
			return false;
	return true;
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
 * letters, then "-" subtags of 1-8 letters or digits (xsd:language and
 * the JSON Feed profile; "en_US" is refused).
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

/* An RFC 822 date element (four-digit year, +0000), when t is known. */
static void
date_elem(struct out *w, int depth, const char *name, int64_t t)
{
	char	 s[DATE_BUF];

	if (!date_ok(t))
		return;
	date_format_rfc822(t, s);
	elem(w, depth, name, s);
}

/*
 * Plain text as HTML: markup characters escaped (and characters XML
 * forbids dropped), each line break kept as <br>. New string.
 */
static char *
text_to_html(const char *s)
{
	struct buf b, t;
	const char *p, *nl;
	enum err e = ERR_OK;

	buf_init(&b, CAP_OUTPUT);
	buf_init(&t, CAP_OUTPUT);
	for (p = s; e == ERR_OK; p = nl + 1) {
		nl = strchr(p, '\n');
		buf_reset(&t);
		e = buf_addn(&t, p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (!e)
			e = buf_add_xml(&b, buf_str(&t));
		if (nl == NULL)
			break;
		if (!e)
			e = buf_add(&b, "<br>\n");
	}
	buf_cleanup(&t);
	return buf_take(&b, NULL);
}

/* s with the characters XML forbids and invalid UTF-8 dropped. New string. */
static char *
xml_chars(const char *s)
{
	size_t	 n = strlen(s), i = 0, k, o = 0;
	uint32_t cp;
	char	*r;

	r = xmalloc(n + 1);
	while (i < n) {
		k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (text_char_ok(cp)) {
			memcpy(r + o, s + i, k);
			o += k;
		}
		i += k;
	}
	r[o] = '\0';
	return r;
}

/*
 * s as CDATA. A CDATA section cannot hold "]]>", so it is split across
 * two sections; a carriage return, which parsers would turn into a line
 * feed, goes between sections as a character reference.
 */
static void
put_cdata(struct out *w, const char *s)
{
	char	*c, *p, *q;

	c = xml_chars(s);
	put(w, "<![CDATA[");
	for (p = c; *p != '\0'; p = q) {
		q = p + strcspn(p, "]\r");
		putn(w, p, (size_t)(q - p));
		if (*q == '\r') {
			put(w, "]]>&#13;<![CDATA[");
			q++;
		} else if (strncmp(q, "]]>", 3) == 0) {
			put(w, "]]]]><![CDATA[>");
			q += 3;
		} else if (*q == ']') {
			put(w, "]");
			q++;
		}
	}
	put(w, "]]>");
	free(c);
}

/* s with tabs and line breaks turned into spaces. New string. */
static char *
one_line(const char *s)
{
	char	*r, *p;

	r = xstrdup(s);
	for (p = r; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return r;
}

/*
 * <name>email (Name)</name>, the RSS 2.0 form of a person, when p has an
 * e-mail address. Returns whether it wrote one.
 */
static bool
email_elem(struct out *w, int depth, const char *name, const struct person *p)
{
	char	*n;

	if (!email_ok(p->email))
		return false;
	indent(w, depth);
	putf(w, "<%s>", name);
	put_xml(w, p->email);
	if (has_text(p->name)) {
		n = one_line(p->name);
		put(w, " (");
		put_xml(w, n);
		put(w, ")");
		free(n);
	}
	putf(w, "</%s>\n", name);
	return true;
}

/* <category domain="scheme">term</category>, when term has content. */
static void
category_elem(struct out *w, int depth, const char *term, const char *scheme)
{
	if (!has_text(term))
		return;
	indent(w, depth);
	put(w, "<category");
	if (has_text(scheme)) {
		put(w, " domain=\"");
		put_attr(w, scheme);
		put(w, "\"");
	}
	put(w, ">");
	put_xml(w, term);
	put(w, "</category>\n");
}

/* The category's term, else its label. Borrowed. */
static const char *
category_term(const struct category *c)
{
	return has_text(c->term) ? c->term : c->label;
}

/* <atom:link rel=... type=... href=.../> when href is a web URL. */
static void
atom_link(struct out *w, const char *rel, const char *type, const char *href)
{
	if (!web_url_ok(href))
		return;
	indent(w, 2);
	putf(w, "<atom:link rel=\"%s\"", rel);
	if (type != NULL)
		putf(w, " type=\"%s\"", type);
	put(w, " href=\"");
	put_attr(w, href);
	put(w, "\"/>\n");
}

/*
 * The channel title: the feed's, else the host of its home page, else
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
	if (web_url_ok(o->feed_url))
		return o->feed_url;
	if (web_url_ok(f->self_url))
		return f->self_url;
	return NULL;
}

/* <image> needs url, title and link; a logo suits it better than an icon. */
static void
image_elem(struct out *w, const struct feed *f, const char *title,
    const char *link)
{
	const char *url;

	url = web_url_ok(f->logo) ? f->logo : f->icon;
	if (!web_url_ok(url))
		return;
	indent(w, 2);
	put(w, "<image>\n");
	elem(w, 3, "url", url);
	elem(w, 3, "title", title);
	elem(w, 3, "link", link);
	indent(w, 2);
	put(w, "</image>\n");
}

/*
 * The channel head. title, link and description are required: the link
 * falls back to the self URL and then to NOWHERE, the description to the
 * title.
 */
static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	struct out w = { out, ERR_OK };
	const char *link, *self;
	char	*title;
	size_t	 i;

	put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\""
	    " xmlns:atom=\"http://www.w3.org/2005/Atom\""
	    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	    " xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
	    "  <channel>\n");
	title = feed_title(f);
	self = self_url(o, f);
	link = web_url_ok(f->home_url) ? f->home_url :
	    self != NULL ? self : NOWHERE;
	elem(&w, 2, "title", title);
	elem(&w, 2, "link", link);
	elem(&w, 2, "description", has_text(f->subtitle) ? f->subtitle : title);
	atom_link(&w, "self", "application/rss+xml", self);
	atom_link(&w, "hub", NULL, f->hub);
	atom_link(&w, "next", NULL, f->next_url);
	if (lang_ok(f->language))
		elem(&w, 2, "language", f->language);
	elem(&w, 2, "copyright", f->copyright);
	for (i = 0; i < f->nauthors; i++)
		if (email_elem(&w, 2, "managingEditor", &f->authors[i]))
			break;
	for (i = 0; i < f->nauthors; i++)
		elem(&w, 2, "dc:creator", f->authors[i].name);
	date_elem(&w, 2, "lastBuildDate", write_feed_date(f, first));
	elem(&w, 2, "generator", o->generator);
	if (f->ttl > 0) {
		indent(&w, 2);
		putf(&w, "<ttl>%d</ttl>\n", f->ttl);
	}
	image_elem(&w, f, title, link);
	for (i = 0; i < f->ncategories; i++)
		category_elem(&w, 2, category_term(&f->categories[i]),
		    f->categories[i].scheme);
	free(title);
	return w.e;
}

/*
 * The item title: the article's, else the start of its summary or text
 * (readers and our profile check want one), else "Untitled". New string.
 */
static char *
item_title(const struct article *a)
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
item_id(const struct article *a)
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
 * description and content:encoded. The description is the summary when
 * there is one, else the body; the body (content_html, or content_text
 * as HTML) goes to content:encoded only when it is not already the
 * description.
 */
static void
item_text(struct out *w, const struct article *a)
{
	char	*body = NULL, *sum = NULL;
	const char *desc;

	if (has_text(a->content_html))
		body = xstrdup(a->content_html);
	else if (has_text(a->content_text))
		body = text_to_html(a->content_text);
	if (has_text(a->summary))
		sum = text_to_html(a->summary);
	desc = sum != NULL ? sum : body;
	elem(w, 3, "description", desc);
	if (body != NULL && desc != body && strcmp(body, desc) != 0) {
		indent(w, 3);
		put(w, "<content:encoded>");
		put_cdata(w, body);
		put(w, "</content:encoded>\n");
	}
	free(body);
	free(sum);
}

/* The categories, then keywords that are not already a category term. */
static void
item_categories(struct out *w, const struct article *a)
{
	size_t	 i, j;

	for (i = 0; i < a->ncategories; i++)
		category_elem(w, 3, category_term(&a->categories[i]),
		    a->categories[i].scheme);
	for (i = 0; i < a->nkeywords; i++) {
		for (j = 0; j < a->ncategories; j++)
			if (a->categories[j].term != NULL &&
			    strcmp(a->categories[j].term, a->keywords[i]) == 0)
				break;
		if (j == a->ncategories)
			category_elem(w, 3, a->keywords[i], NULL);
	}
}

/* <enclosure>: the profile requires url, length (0 when unknown) and type. */
static void
item_enclosures(struct out *w, const struct article *a)
{
	const struct enclosure *en;
	size_t	 i;

	for (i = 0; i < a->nenclosures; i++) {
		en = &a->enclosures[i];
		if (!web_url_ok(en->url))
			continue;
		indent(w, 3);
		put(w, "<enclosure url=\"");
		put_attr(w, en->url);
		putf(w, "\" length=\"%" PRId64 "\" type=\"",
		    en->length > 0 ? en->length : 0);
		put_attr(w, mime_ok(en->type) ? en->type : OCTET_STREAM);
		put(w, "\"/>\n");
	}
}

/*
 * <guid>. RSS 2.0: isPermaLink="true" means the guid is the item's URL,
 * so it is said only when the id is the URL (or the source said so and
 * the id is a web URL); otherwise the guid is an opaque id.
 */
static void
item_guid(struct out *w, const struct article *a)
{
	char	*id;
	bool	 perma;

	id = item_id(a);
	perma = web_url_ok(id) && (a->id_is_permalink == 1 ||
	    (a->url != NULL && strcmp(id, a->url) == 0));
	indent(w, 3);
	putf(w, "<guid isPermaLink=\"%s\">", perma ? "true" : "false");
	put_xml(w, id);
	put(w, "</guid>\n");
	free(id);
}

/* One <media:content medium="image"> with caption (else alt text), credit. */
static void
media_content(struct out *w, const struct image *im)
{
	const char *desc;

	if (!web_url_ok(im->url))
		return;
	desc = has_text(im->caption) ? im->caption : im->alt;
	indent(w, 3);
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
		indent(w, 4);
		put(w, "<media:description type=\"plain\">");
		put_xml(w, desc);
		put(w, "</media:description>\n");
	}
	elem(w, 4, "media:credit", im->credit);
	indent(w, 3);
	put(w, "</media:content>\n");
}

/* The images, lead first (readers often take the first as the thumbnail). */
static void
item_images(struct out *w, const struct article *a)
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
 * One <item>. It always has a title (see item_title) and a guid; author
 * holds an e-mail address, so names go to dc:creator, one per author.
 */
static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	struct out w = { out, ERR_OK };
	char	*title;
	size_t	 i;

	put(&w, "    <item>\n");
	title = item_title(a);
	elem(&w, 3, "title", title);
	free(title);
	if (web_url_ok(a->url))
		elem(&w, 3, "link", a->url);
	item_text(&w, a);
	/* RSS 2.0 allows one author per item. */
	for (i = 0; i < a->nauthors; i++)
		if (email_elem(&w, 3, "author", &a->authors[i]))
			break;
	for (i = 0; i < a->nauthors; i++)
		elem(&w, 3, "dc:creator", a->authors[i].name);
	item_categories(&w, a);
	if (web_url_ok(a->comments_url))
		elem(&w, 3, "comments", a->comments_url);
	item_enclosures(&w, a);
	item_guid(&w, a);
	date_elem(&w, 3, "pubDate",
	    date_ok(a->published.t) ? a->published.t : a->updated.t);
	item_images(&w, a);
	put(&w, "    </item>\n");
	return w.e;
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	return buf_add(out, "  </channel>\n</rss>\n");
}

const struct writer writer_rss = {
	.name = "rss",
	.media_type = "application/rss+xml",
	.ext = "rss",
	.state_size = 0,
	.head = head,
	.article = article,
	.end = end,
};
