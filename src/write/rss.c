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
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/xmalloc.h"

/*
 * The channel link when the feed gives no web address at all. RSS 2.0
 * requires one; ".invalid" (RFC 6761) never resolves, so no reader
 * fetches a wrong home page for it.
 */
#define NOWHERE		"https://feedmill.invalid/"

/* Append the n bytes at s, like write_put(). */
static void
putn(struct write_out *w, const char *s, size_t n)
{
	if (w->e == ERR_OK)
		w->e = buf_addn(w->b, s, n);
}

/* An RFC 822 date element (four-digit year, +0000), when t is known. */
static void
date_elem(struct write_out *w, int depth, const char *name, int64_t t)
{
	char	 s[DATE_BUF];

	if (!write_date_ok(t))
		return;
	date_format_rfc822(t, s);
	write_xml_elem(w, depth, name, s);
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
	char	*r, c;

	r = xmalloc(n + 1);
	while (i < n) {
		/* Printable ASCII, tab and line breaks at once. */
		for (k = 0; i + k < n; k++) {
			k += text_span(s + i + k, n - i - k, 0x20, 0x7e, 0, 0);
			c = i + k < n ? s[i + k] : '\0';
			if (c != '\n' && c != '\t' && c != '\r')
				break;
		}
		if (k > 0) {
			memcpy(r + o, s + i, k);
			o += k;
			i += k;
			continue;
		}
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
put_cdata(struct write_out *w, const char *s)
{
	char	*c, *p, *q;

	c = xml_chars(s);
	write_put(w, "<![CDATA[");
	for (p = c; *p != '\0'; p = q) {
		q = p + strcspn(p, "]\r");
		putn(w, p, (size_t)(q - p));
		if (*q == '\r') {
			write_put(w, "]]>&#13;<![CDATA[");
			q++;
		} else if (strncmp(q, "]]>", 3) == 0) {
			write_put(w, "]]]]><![CDATA[>");
			q += 3;
		} else if (*q == ']') {
			write_put(w, "]");
			q++;
		}
	}
	write_put(w, "]]>");
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
email_elem(struct write_out *w, int depth, const char *name,
    const struct person *p)
{
	char	*n;

	if (!write_email_ok(p->email))
		return false;
	write_indent(w, depth);
	write_putf(w, "<%s>", name);
	write_put_xml(w, p->email);
	if (write_has_text(p->name)) {
		n = one_line(p->name);
		write_put(w, " (");
		write_put_xml(w, n);
		write_put(w, ")");
		free(n);
	}
	write_putf(w, "</%s>\n", name);
	return true;
}

/* <category domain="scheme">term</category>, when term has content. */
static void
category_elem(struct write_out *w, int depth, const char *term,
    const char *scheme)
{
	if (!write_has_text(term))
		return;
	write_indent(w, depth);
	write_put(w, "<category");
	if (write_has_text(scheme)) {
		write_put(w, " domain=\"");
		write_put_attr(w, scheme);
		write_put(w, "\"");
	}
	write_put(w, ">");
	write_put_xml(w, term);
	write_put(w, "</category>\n");
}

/* <atom:link rel=... type=... href=.../> when href is a web URL. */
static void
atom_link(struct write_out *w, const char *rel, const char *type,
    const char *href)
{
	if (!write_web_url_ok(href))
		return;
	write_indent(w, 2);
	write_putf(w, "<atom:link rel=\"%s\"", rel);
	if (type != NULL)
		write_putf(w, " type=\"%s\"", type);
	write_put(w, " href=\"");
	write_put_attr(w, href);
	write_put(w, "\"/>\n");
}

/* <image> needs url, title and link; a logo suits it better than an icon. */
static void
image_elem(struct write_out *w, const struct feed *f, const char *title,
    const char *link)
{
	const char *url;

	url = write_web_url_ok(f->logo) ? f->logo : f->icon;
	if (!write_web_url_ok(url))
		return;
	write_indent(w, 2);
	write_put(w, "<image>\n");
	write_xml_elem(w, 3, "url", url);
	write_xml_elem(w, 3, "title", title);
	write_xml_elem(w, 3, "link", link);
	write_indent(w, 2);
	write_put(w, "</image>\n");
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
	struct write_out w = { out, ERR_OK };
	const char *link, *self;
	char	*title;
	size_t	 i;

	write_put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	write_stylesheet_pi(&w, o->stylesheet);
	write_put(&w, "<rss version=\"2.0\""
	    " xmlns:atom=\"http://www.w3.org/2005/Atom\""
	    " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	    " xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
	    "  <channel>\n");
	title = write_feed_title(f);
	self = write_self_url(o, f, write_web_url_ok);
	link = write_web_url_ok(f->home_url) ? f->home_url :
	    self != NULL ? self : NOWHERE;
	write_xml_elem(&w, 2, "title", title);
	write_xml_elem(&w, 2, "link", link);
	write_xml_elem(&w, 2, "description",
	    write_has_text(f->subtitle) ? f->subtitle : title);
	atom_link(&w, "self", "application/rss+xml", self);
	for (i = 0; write_hub(o, f, i, write_web_url_ok) != NULL; i++)
		atom_link(&w, "hub", NULL, write_hub(o, f, i, write_web_url_ok));
	atom_link(&w, "next", NULL, f->next_url);
	if (write_lang_ok(f->language))
		write_xml_elem(&w, 2, "language", f->language);
	write_xml_elem(&w, 2, "copyright", f->copyright);
	for (i = 0; i < f->nauthors; i++)
		if (email_elem(&w, 2, "managingEditor", &f->authors[i]))
			break;
	for (i = 0; i < f->nauthors; i++)
		write_xml_elem(&w, 2, "dc:creator", f->authors[i].name);
	date_elem(&w, 2, "lastBuildDate", write_feed_date(f, first));
	write_xml_elem(&w, 2, "generator", o->generator);
	if (f->ttl > 0) {
		write_indent(&w, 2);
		write_putf(&w, "<ttl>%d</ttl>\n", f->ttl);
	}
	image_elem(&w, f, title, link);
	for (i = 0; i < f->ncategories; i++)
		category_elem(&w, 2, write_category_term(&f->categories[i]),
		    f->categories[i].scheme);
	free(title);
	return w.e;
}

/*
 * description and content:encoded. The description is the summary when
 * there is one, else the body; the body (content_html, or content_text
 * as HTML) goes to content:encoded only when it is not already the
 * description.
 */
static void
item_text(struct write_out *w, const struct article *a)
{
	char	*body = NULL, *sum = NULL;
	const char *desc;

	if (write_has_text(a->content_html))
		body = xstrdup(a->content_html);
	else if (write_has_text(a->content_text))
		body = text_to_html(a->content_text);
	if (write_has_text(a->summary))
		sum = text_to_html(a->summary);
	desc = sum != NULL ? sum : body;
	write_xml_elem(w, 3, "description", desc);
	if (body != NULL && desc != body && strcmp(body, desc) != 0) {
		write_indent(w, 3);
		write_put(w, "<content:encoded>");
		put_cdata(w, body);
		write_put(w, "</content:encoded>\n");
	}
	free(body);
	free(sum);
}

/* The categories, then keywords that are not already a category term. */
static void
item_categories(struct write_out *w, const struct article *a)
{
	size_t	 i;

	for (i = 0; i < a->ncategories; i++)
		category_elem(w, 3, write_category_term(&a->categories[i]),
		    a->categories[i].scheme);
	for (i = 0; i < a->nkeywords; i++)
		if (!write_is_category_term(a, a->keywords[i]))
			category_elem(w, 3, a->keywords[i], NULL);
}

/* <enclosure>: the profile requires url, length (0 when unknown) and type. */
static void
item_enclosures(struct write_out *w, const struct article *a)
{
	const struct enclosure *en;
	size_t	 i;

	for (i = 0; i < a->nenclosures; i++) {
		en = &a->enclosures[i];
		if (!write_web_url_ok(en->url))
			continue;
		write_indent(w, 3);
		write_put(w, "<enclosure url=\"");
		write_put_attr(w, en->url);
		write_putf(w, "\" length=\"%" PRId64 "\" type=\"",
		    en->length > 0 ? en->length : 0);
		write_put_attr(w, write_mime_or_octet(en->type));
		write_put(w, "\"/>\n");
	}
}

/*
 * <guid>. RSS 2.0: isPermaLink="true" means the guid is the item's URL,
 * so it is said only when the id is the URL (or the source said so and
 * the id is a web URL); otherwise the guid is an opaque id.
 */
static void
item_guid(struct write_out *w, const struct article *a)
{
	char	*id;
	bool	 perma;

	id = write_article_id(a);
	perma = write_web_url_ok(id) && (a->id_is_permalink == 1 ||
	    (a->url != NULL && strcmp(id, a->url) == 0));
	write_indent(w, 3);
	write_putf(w, "<guid isPermaLink=\"%s\">", perma ? "true" : "false");
	write_put_xml(w, id);
	write_put(w, "</guid>\n");
	free(id);
}

/*
 * One <item>. It always has a title (write_article_title) and a guid;
 * author holds an e-mail address, so names go to dc:creator, one per
 * author.
 */
static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	struct write_out w = { out, ERR_OK };
	char	*title;
	size_t	 i;
	int64_t	 t;

	write_put(&w, "    <item>\n");
	title = write_article_title(a);
	write_xml_elem(&w, 3, "title", title);
	free(title);
	if (write_web_url_ok(a->url))
		write_xml_elem(&w, 3, "link", a->url);
	item_text(&w, a);
	/* RSS 2.0 allows one author per item. */
	for (i = 0; i < a->nauthors; i++)
		if (email_elem(&w, 3, "author", &a->authors[i]))
			break;
	for (i = 0; i < a->nauthors; i++)
		write_xml_elem(&w, 3, "dc:creator", a->authors[i].name);
	item_categories(&w, a);
	if (write_web_url_ok(a->comments_url))
		write_xml_elem(&w, 3, "comments", a->comments_url);
	item_enclosures(&w, a);
	item_guid(&w, a);
	/*
	 * pubDate: published, else updated, else the feed's own date (the
	 * date the source stamped on the whole feed, as Atom's updated falls
	 * back to), so readers do not file the item under "now".
	 */
	t = write_date_ok(a->published.t) ? a->published.t : a->updated.t;
	if (!write_date_ok(t))
		t = f->updated.t != 0 ? f->updated.t : f->published.t;
	date_elem(&w, 3, "pubDate", t);
	write_media_images(&w, 3, a, write_web_url_ok);
	write_put(&w, "    </item>\n");
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
