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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/xmalloc.h"


struct json_state {
	int	 nitems;	/* items written so far, for the commas */
};

static void
put_json(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_json(w->b, s);
}

/*
 * Start the next member or element of a container at depth: a comma
 * after the previous one, a line break, the indent. *n counts them.
 */
static void
next(struct write_out *w, int depth, int *n)
{
	write_put(w, *n > 0 ? ",\n" : "\n");
	write_indent(w, depth);
	(*n)++;
}

/* Start member k of an object at depth. */
static void
key(struct write_out *w, int depth, int *n, const char *k)
{
	next(w, depth, n);
	write_putf(w, "\"%s\": ", k);
}

/* "k": "v", when v is not NULL. */
static void
str_member(struct write_out *w, int depth, int *n, const char *k, const char *v)
{
	if (v == NULL)
		return;
	key(w, depth, n, k);
	put_json(w, v);
}

/* "k": "v" for text, when it has content. */
static void
text_member(struct write_out *w, int depth, int *n, const char *k,
    const char *v)
{
	if (write_has_text(v))
		str_member(w, depth, n, k, v);
}

/* "k": "v" for a URL, when it is an absolute web URL. */
static void
url_member(struct write_out *w, int depth, int *n, const char *k, const char *v)
{
	if (write_web_url_ok(v))
		str_member(w, depth, n, k, v);
}

/* "k": "RFC 3339 date" in UTC, when t is known. */
static void
date_member(struct write_out *w, int depth, int *n, const char *k, int64_t t)
{
	char	 s[DATE_BUF];

	if (!write_date_ok(t))
		return;
	date_format_rfc3339(t, s);
	str_member(w, depth, n, k, s);
}

/*
 * Close a container whose opening bracket is at depth: on a line of its
 * own when it holds anything ("[]" otherwise).
 */
static void
close_container(struct write_out *w, int depth, int n, const char *bracket)
{
	if (n > 0) {
		write_put(w, "\n");
		write_indent(w, depth);
	}
	write_put(w, bracket);
}

/*
 * An author's URL: the web page, else a mailto: URI for the e-mail
 * address (JSON Feed 1.1 allows one). New string, or NULL.
 */
static char *
author_url(const struct person *p)
{
	if (write_web_url_ok(p->url))
		return xstrdup(p->url);
	if (write_email_ok(p->email) && strpbrk(p->email, "#?/") == NULL)
		return xasprintf("mailto:%s", p->email);
	return NULL;
}

/*
 * "authors": [{name, url}]. Authors with neither name nor URL are left
 * out: the schema refuses empty objects. Nothing when none is left.
 */
static void
authors_member(struct write_out *w, int depth, int *n, const struct person *ps,
    size_t np)
{
	char	*url;
	size_t	 i;
	int	 na = 0, no;

	for (i = 0; i < np; i++) {
		url = author_url(&ps[i]);
		if (!write_has_text(ps[i].name) && url == NULL)
			continue;
		if (na == 0) {
			key(w, depth, n, "authors");
			write_put(w, "[");
		}
		next(w, depth + 1, &na);
		write_put(w, "{");
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
 * The feed object up to the opening of "items". icon is the icon, else
 * the logo; favicon is the icon; the hub is listed as a WebSub hub.
 */
static enum err
head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	struct json_state *js = st;
	struct write_out w = { out, ERR_OK };
	const char *hub;
	char	*title;
	size_t	 i;
	int	 n = 0, nhubs = 0, nhub = 0;

	js->nitems = 0;
	write_put(&w, "{");
	str_member(&w, 1, &n, "version", "https://jsonfeed.org/version/1.1");
	title = write_feed_title(f);
	str_member(&w, 1, &n, "title", title);
	free(title);
	url_member(&w, 1, &n, "home_page_url", f->home_url);
	url_member(&w, 1, &n, "feed_url",
	    write_self_url(o, f, write_web_url_ok));
	text_member(&w, 1, &n, "description", f->subtitle);
	url_member(&w, 1, &n, "next_url", f->next_url);
	url_member(&w, 1, &n, "icon",
	    write_web_url_ok(f->icon) ? f->icon : f->logo);
	url_member(&w, 1, &n, "favicon", f->icon);
	authors_member(&w, 1, &n, f->authors, f->nauthors);
	if (write_lang_ok(f->language))
		str_member(&w, 1, &n, "language", f->language);
	if (write_hub(o, f, 0, write_web_url_ok) != NULL) {
		key(&w, 1, &n, "hubs");
		write_put(&w, "[");
		for (i = 0; (hub = write_hub(o, f, i, write_web_url_ok)) !=
		    NULL; i++) {
			next(&w, 2, &nhubs);
			write_put(&w, "{");
			nhub = 0;
			str_member(&w, 3, &nhub, "type", "WebSub");
			str_member(&w, 3, &nhub, "url", hub);
			close_container(&w, 2, nhub, "}");
		}
		close_container(&w, 1, nhubs, "]");
	}
	key(&w, 1, &n, "items");
	write_put(&w, "[");
	return w.e;
}

/* Append escaped tag s to tags unless it is blank or already there. */
static void
add_tag(char ***tags, size_t *ntags, const char *s)
{
	struct buf b;
	char	*t;
	size_t	 i;

	if (!write_has_text(s))
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
tags_member(struct write_out *w, int depth, int *n, const struct article *a)
{
	char	**tags = NULL;
	size_t	 ntags = 0, i;
	int	 nt = 0;

	for (i = 0; i < a->ncategories; i++)
		add_tag(&tags, &ntags, write_category_term(&a->categories[i]));
	for (i = 0; i < a->nkeywords; i++)
		add_tag(&tags, &ntags, a->keywords[i]);
	if (ntags > 0) {
		key(w, depth, n, "tags");
		write_put(w, "[");
		for (i = 0; i < ntags; i++) {
			next(w, depth + 1, &nt);
			write_put(w, tags[i]);
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
attachments_member(struct write_out *w, int depth, int *n,
    const struct article *a)
{
	const struct enclosure *en;
	size_t	 i;
	int	 na = 0, no;

	for (i = 0; i < a->nenclosures; i++) {
		en = &a->enclosures[i];
		if (!write_web_url_ok(en->url))
			continue;
		if (na == 0) {
			key(w, depth, n, "attachments");
			write_put(w, "[");
		}
		next(w, depth + 1, &na);
		write_put(w, "{");
		no = 0;
		str_member(w, depth + 2, &no, "url", en->url);
		str_member(w, depth + 2, &no, "mime_type",
		    write_mime_or_octet(en->type));
		if (en->length > 0) {
			key(w, depth + 2, &no, "size_in_bytes");
			write_putf(w, "%" PRId64, en->length);
		}
		if (en->duration > 0) {
			key(w, depth + 2, &no, "duration_in_seconds");
			write_putf(w, "%" PRId64, en->duration);
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
	struct write_out w = { out, ERR_OK };
	const struct image *lead;
	const char *text;
	char	*id;
	int	 n = 0;

	next(&w, 2, &js->nitems);
	write_put(&w, "{");
	id = write_article_id(a);
	str_member(&w, 3, &n, "id", id);
	free(id);
	url_member(&w, 3, &n, "url", a->url);
	text_member(&w, 3, &n, "title", a->title);
	text_member(&w, 3, &n, "content_html", a->content_html);
	text = a->content_text;
	if (!write_has_text(a->content_html) && !write_has_text(text))
		text = write_has_text(a->summary) ? a->summary :
		    write_has_text(a->title) ? a->title : "";
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
	str_member(&w, 3, &n, "language", write_article_lang(f, a));
	attachments_member(&w, 3, &n, a);
	close_container(&w, 2, n, "}");
	return w.e;
}

static enum err
end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	struct json_state *js = st;
	struct write_out w = { out, ERR_OK };

	close_container(&w, 1, js->nitems, "]");
	write_put(&w, "\n}\n");
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
