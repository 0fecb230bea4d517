/* SPDX-License-Identifier: MIT */
/*
 * The JSON Feed 1.1 writer, pretty-printed with two-space indentation and
 * keys in the order of the spec. Every item has content_html or
 * content_text (the schema wants one): without either, content_text is
 * the summary, else the title, else "".
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

/* Dates RFC 3339 spells with four-digit years: 1900-01-01 .. 9999. */
#define DATE_MIN	INT64_C(-2208988800)
#define DATE_MAX	INT64_C(253402300799)
#define OCTET_STREAM	"application/octet-stream"

struct json_state {
	int	 nitems;	/* items written so far, for the commas */
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
put_json(struct out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_json(w->b, s);
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
 * forbids (white space, controls, <>"{}|\^`), as the profile's absUrl.
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

/* True when t is a known date with a four-digit year. */
static bool
date_ok(int64_t t)
{
	return t != 0 && t >= DATE_MIN && t <= DATE_MAX;
}

/*
 * Start the next member or element of a container at depth: a comma
 * after the previous one, a line break, the indent. *n counts them.
 */
static void
next(struct out *w, int depth, int *n)
{
	put(w, *n > 0 ? ",\n" : "\n");
	indent(w, depth);
	(*n)++;
}

/* Start member k of an object at depth. */
static void
key(struct out *w, int depth, int *n, const char *k)
{
	next(w, depth, n);
	putf(w, "\"%s\": ", k);
}

/* "k": "v", when v is not NULL. */
static void
str_member(struct out *w, int depth, int *n, const char *k, const char *v)
{
	if (v == NULL)
		return;
	key(w, depth, n, k);
	put_json(w, v);
}

/* "k": "v" for text, when it has content. */
static void
text_member(struct out *w, int depth, int *n, const char *k, const char *v)
{
	if (has_text(v))
		str_member(w, depth, n, k, v);
}

/* "k": "v" for a URL, when it is an absolute web URL. */
static void
url_member(struct out *w, int depth, int *n, const char *k, const char *v)
{
	if (web_url_ok(v))
		str_member(w, depth, n, k, v);
}

/* "k": "RFC 3339 date" in UTC, when t is known. */
static void
date_member(struct out *w, int depth, int *n, const char *k, int64_t t)
{
	char	 s[DATE_BUF];

	if (!date_ok(t))
		return;
	date_format_rfc3339(t, s);
	str_member(w, depth, n, k, s);
}

/*
 * Close a container whose opening bracket is at depth: on a line of its
 * own when it holds anything ("[]" otherwise).
 */
static void
close_container(struct out *w, int depth, int n, const char *bracket)
{
	if (n > 0) {
		put(w, "\n");
		indent(w, depth);
	}
	put(w, bracket);
}

/*
 * An author's URL: the web page, else a mailto: URI for the e-mail
 * address (JSON Feed 1.1 allows one). New string, or NULL.
 */
static char *
author_url(const struct person *p)
{
	if (web_url_ok(p->url))
		return xstrdup(p->url);
	if (email_ok(p->email) && strpbrk(p->email, "#?/") == NULL)
		return xasprintf("mailto:%s", p->email);
	return NULL;
}

/*
 * "authors": [{name, url}]. Authors with neither name nor URL are left
 * out: the schema refuses empty objects. Nothing when none is left.
 */
static void
authors_member(struct out *w, int depth, int *n, const struct person *ps,
    size_t np)
{
	char	*url;
	size_t	 i;
	int	 na = 0, no;

	for (i = 0; i < np; i++) {
		url = author_url(&ps[i]);
		if (!has_text(ps[i].name) && url == NULL)
			continue;
		if (na == 0) {
			key(w, depth, n, "authors");
			put(w, "[");
		}
		next(w, depth + 1, &na);
		put(w, "{");
		no = 0;
		text_member(w, depth + 2, &no, "name", ps[i].name);
		str_member(w, depth + 2, &no, "url", url);
		close_container(w, depth + 1, no, "}");
		free(url);
	}
	if (na > 0)
		close_container(w, depth, na, "]");
}

/*
 * The feed title, which the schema requires: the feed's, else the host
 * of its home page, else "Untitled". New string.
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

/*
 * The feed object up to the opening of "items". icon is the icon, else
 * the logo; favicon is the icon; the hub is listed as a WebSub hub.
 */
static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	struct json_state *js = st;
	struct out w = { out, ERR_OK };
	char	*title;
	int	 n = 0, nhubs = 0, nhub = 0;

	js->nitems = 0;
	put(&w, "{");
	str_member(&w, 1, &n, "version", "https://jsonfeed.org/version/1.1");
	title = feed_title(f);
	str_member(&w, 1, &n, "title", title);
	free(title);
	url_member(&w, 1, &n, "home_page_url", f->home_url);
	url_member(&w, 1, &n, "feed_url",
	    web_url_ok(o->feed_url) ? o->feed_url : f->self_url);
	text_member(&w, 1, &n, "description", f->subtitle);
	url_member(&w, 1, &n, "next_url", f->next_url);
	url_member(&w, 1, &n, "icon", web_url_ok(f->icon) ? f->icon : f->logo);
	url_member(&w, 1, &n, "favicon", f->icon);
	authors_member(&w, 1, &n, f->authors, f->nauthors);
	if (lang_ok(f->language))
		str_member(&w, 1, &n, "language", f->language);
	if (web_url_ok(f->hub)) {
		key(&w, 1, &n, "hubs");
		put(&w, "[");
		next(&w, 2, &nhubs);
		put(&w, "{");
		str_member(&w, 3, &nhub, "type", "WebSub");
		str_member(&w, 3, &nhub, "url", f->hub);
		close_container(&w, 2, nhub, "}");
		close_container(&w, 1, nhubs, "]");
	}
	key(&w, 1, &n, "items");
	put(&w, "[");
	return w.e;
}

/*
 * The article id, as is. The model never leaves it empty; should it be,
 * the URL stands in, else a hash of the text (the same in every writer).
 * New string.
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

/* The category's term, else its label. Borrowed. */
static const char *
category_term(const struct category *c)
{
	return has_text(c->term) ? c->term : c->label;
}

/* Append escaped tag s to tags unless it is blank or already there. */
static void
add_tag(char ***tags, size_t *ntags, const char *s)
{
	struct buf b;
	char	*t;
	size_t	 i;

	if (!has_text(s))
		return;
	buf_init(&b, CAP_OUTPUT);
	if (buf_add_json(&b, s) != ERR_OK) {
		buf_cleanup(&b);
		return;
	}
	t = buf_take(&b, NULL);
	for (i = 0; i < *ntags; i++)
		if (strcmp((*tags)[i], t) == 0)
			break;
	if (i < *ntags) {
		free(t);
		return;
	}
	*VEC_PUSH(*tags, *ntags) = t;
}

/*
 * "tags": the category terms, then the keywords. The schema wants them
 * unique; they are compared as written, so two strings that differ only
 * in characters escaping drops count as one.
 */
static void
tags_member(struct out *w, int depth, int *n, const struct article *a)
{
	char	**tags = NULL;
	size_t	 ntags = 0, i;
	int	 nt = 0;

	for (i = 0; i < a->ncategories; i++)
		add_tag(&tags, &ntags, category_term(&a->categories[i]));
	for (i = 0; i < a->nkeywords; i++)
		add_tag(&tags, &ntags, a->keywords[i]);
	if (ntags > 0) {
		key(w, depth, n, "tags");
		put(w, "[");
		for (i = 0; i < ntags; i++) {
			next(w, depth + 1, &nt);
			put(w, tags[i]);
		}
		close_container(w, depth, nt, "]");
	}
	for (i = 0; i < ntags; i++)
		free(tags[i]);
	free(tags);
}

/*
 * "attachments": the enclosures with a web URL. mime_type is required,
 * so an unknown type is application/octet-stream.
 */
static void
attachments_member(struct out *w, int depth, int *n, const struct article *a)
{
	const struct enclosure *en;
	size_t	 i;
	int	 na = 0, no;

	for (i = 0; i < a->nenclosures; i++) {
		en = &a->enclosures[i];
		if (!web_url_ok(en->url))
			continue;
		if (na == 0) {
			key(w, depth, n, "attachments");
			put(w, "[");
		}
		next(w, depth + 1, &na);
		put(w, "{");
		no = 0;
		str_member(w, depth + 2, &no, "url", en->url);
		str_member(w, depth + 2, &no, "mime_type",
		    mime_ok(en->type) ? en->type : OCTET_STREAM);
		if (en->length > 0) {
			key(w, depth + 2, &no, "size_in_bytes");
			putf(w, "%" PRId64, en->length);
		}
		if (en->duration > 0) {
			key(w, depth + 2, &no, "duration_in_seconds");
			putf(w, "%" PRId64, en->duration);
		}
		close_container(w, depth + 1, no, "}");
	}
	if (na > 0)
		close_container(w, depth, na, "]");
}

/*
 * One item. The body is content_html and/or content_text as the model has
 * them; with neither, content_text stands in (see the file comment).
 * language is written when it differs from the feed's.
 */
static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	struct json_state *js = st;
	struct out w = { out, ERR_OK };
	const struct image *lead;
	const char *text;
	char	*id;
	int	 n = 0;

	next(&w, 2, &js->nitems);
	put(&w, "{");
	id = item_id(a);
	str_member(&w, 3, &n, "id", id);
	free(id);
	url_member(&w, 3, &n, "url", a->url);
	text_member(&w, 3, &n, "title", a->title);
	text_member(&w, 3, &n, "content_html", a->content_html);
	text = a->content_text;
	if (!has_text(a->content_html) && !has_text(text))
		text = has_text(a->summary) ? a->summary :
		    has_text(a->title) ? a->title : "";
	if (text == a->content_text)
		text_member(&w, 3, &n, "content_text", text);
	else
		str_member(&w, 3, &n, "content_text", text);
	text_member(&w, 3, &n, "summary", a->summary);
	lead = article_lead_image(a);
	if (lead != NULL)
		url_member(&w, 3, &n, "image", lead->url);
	date_member(&w, 3, &n, "date_published", a->published.t);
	date_member(&w, 3, &n, "date_modified", a->updated.t);
	authors_member(&w, 3, &n, a->authors, a->nauthors);
	tags_member(&w, 3, &n, a);
	if (lang_ok(a->language) && !(lang_ok(f->language) &&
	    text_ieq(a->language, f->language)))
		str_member(&w, 3, &n, "language", a->language);
	attachments_member(&w, 3, &n, a);
	close_container(&w, 2, n, "}");
	return w.e;
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	struct json_state *js = st;
	struct out w = { out, ERR_OK };

	close_container(&w, 1, js->nitems, "]");
	put(&w, "\n}\n");
	return w.e;
}

const struct writer writer_jsonfeed = {
	.name = "jsonfeed",
	.media_type = "application/feed+json",
	.ext = "json",
	.state_size = sizeof(struct json_state),
	.head = head,
	.article = article,
	.end = end,
};
