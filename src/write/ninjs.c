/* SPDX-License-Identifier: MIT */
/*
 * The IPTC ninjs 2.1 writer (-t ninjs): one JSON object per story, valid
 * against ninjs-schema_2.1.json, pretty-printed with two-space indents.
 * Images become associations (type picture) with one rendition each;
 * the story's web page is its "web" rendition.
 */
#include "config.h"
#include "write/write.h"

#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/uri.h"
#include "util/xmalloc.h"

#define NINJS_VERSION	"2.1"
#define NINJS_SCHEMA	"http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"

/* A JSON container being written: its depth and member count. */
struct jo {
	struct write_out *w;
	int	 depth;
	int	 n;
};

/* Start the next member or element: comma, line break, indent. */
static void
jnext(struct jo *j)
{
	write_put(j->w, j->n++ > 0 ? ",\n" : "\n");
	write_indent(j->w, j->depth);
}

static void
jkey(struct jo *j, const char *k)
{
	jnext(j);
	write_putf(j->w, "\"%s\": ", k);
}

static void
jstr(struct write_out *w, const char *s)
{
	if (w->e == ERR_OK)
		w->e = buf_add_json(w->b, s);
}

/* "k": "v" when v has text. */
static void
jtext(struct jo *j, const char *k, const char *v)
{
	if (!write_has_text(v))
		return;
	jkey(j, k);
	jstr(j->w, v);
}

/* Open an object or array as member k (or an element when k is NULL). */
static struct jo
jopen(struct jo *j, const char *k, const char *bracket)
{
	struct jo c = { j->w, j->depth + 1, 0 };

	if (k != NULL)
		jkey(j, k);
	else
		jnext(j);
	write_put(j->w, bracket);
	return c;
}

static void
jclose(struct jo *c, const char *bracket)
{
	if (c->n > 0) {
		write_put(c->w, "\n");
		write_indent(c->w, c->depth - 1);
	}
	write_put(c->w, bracket);
}

/* "k": "RFC 3339" when t is known. */
static void
jdate(struct jo *j, const char *k, int64_t t)
{
	char	 s[DATE_BUF];

	if (!write_date_ok(t))
		return;
	date_format_rfc3339(t, s);
	jtext(j, k, s);
}

/* A {role, contenttype, value} text object in the array a. */
static void
text_obj(struct jo *a, const char *role, const char *type, const char *v)
{
	struct jo o;

	if (!write_has_text(v))
		return;
	o = jopen(a, NULL, "{");
	jtext(&o, "role", role);
	jtext(&o, "contenttype", type);
	jtext(&o, "value", v);
	jclose(&o, "}");
}

static const char *
pubstatus(enum pubstatus p)
{
	switch (p) {
	case PUBSTATUS_WITHHELD:
		return "withheld";
	case PUBSTATUS_CANCELED:
		return "canceled";
	default:
		return "usable";
	}
}

/* "by": the byline as printed, else the authors' names. */
static void
by_member(struct jo *j, const struct article *a)
{
	struct buf b;
	size_t	 i;

	if (write_has_text(a->byline)) {
		jtext(j, "by", a->byline);
		return;
	}
	buf_init(&b, CAP_TEXT);
	for (i = 0; i < a->nauthors; i++) {
		if (!write_has_text(a->authors[i].name))
			continue;
		if ((b.len > 0 && buf_add(&b, ", ") != ERR_OK) ||
		    buf_add(&b, a->authors[i].name) != ERR_OK)
			break;
	}
	jtext(j, "by", buf_str(&b));
	buf_cleanup(&b);
}

/* "people": the authors, rel "author". */
static void
people_member(struct jo *j, const struct article *a)
{
	struct jo arr = { NULL, 0, 0 }, o;
	size_t	 i;

	for (i = 0; i < a->nauthors; i++) {
		if (!write_has_text(a->authors[i].name))
			continue;
		if (arr.n == 0)
			arr = jopen(j, "people", "[");
		o = jopen(&arr, NULL, "{");
		jtext(&o, "name", a->authors[i].name);
		jtext(&o, "rel", "author");
		if (write_web_url_ok(a->authors[i].url))
			jtext(&o, "uri", a->authors[i].url);
		jclose(&o, "}");
	}
	if (arr.n > 0)
		jclose(&arr, "]");
}

/*
 * "subjects": each category (name from the label, else the term; the
 * term as literal; the term as uri when it is one), then each keyword
 * that is not a category term (name only).
 */
static void
subjects_member(struct jo *j, const struct article *a)
{
	const struct category *c;
	struct jo arr = { NULL, 0, 0 }, o;
	size_t	 i;

	for (i = 0; i < a->ncategories; i++) {
		c = &a->categories[i];
		if (!write_has_text(c->term) && !write_has_text(c->label))
			continue;
		if (arr.n == 0)
			arr = jopen(j, "subjects", "[");
		o = jopen(&arr, NULL, "{");
		jtext(&o, "name", write_has_text(c->label) ? c->label :
		    c->term);
		if (write_web_url_ok(c->term))
			jtext(&o, "uri", c->term);
		else
			jtext(&o, "literal", c->term);
		jclose(&o, "}");
	}
	for (i = 0; i < a->nkeywords; i++) {
		if (!write_has_text(a->keywords[i]) ||
		    write_is_category_term(a, a->keywords[i]))
			continue;
		if (arr.n == 0)
			arr = jopen(j, "subjects", "[");
		o = jopen(&arr, NULL, "{");
		jtext(&o, "name", a->keywords[i]);
		jclose(&o, "}");
	}
	if (arr.n > 0)
		jclose(&arr, "]");
}

/* One rendition {name, href, contenttype, width, height} in arr. */
static void
rendition(struct jo *arr, const char *name, const char *href,
    const char *type, int width, int height)
{
	struct jo o;

	o = jopen(arr, NULL, "{");
	jtext(&o, "name", name);
	jtext(&o, "href", href);
	if (write_mime_ok(type))
		jtext(&o, "contenttype", type);
	if (width > 0 && height > 0) {
		jkey(&o, "width");
		write_putf(o.w, "%d", width);
		jkey(&o, "height");
		write_putf(o.w, "%d", height);
	}
	jclose(&o, "}");
}

/*
 * "associations": the images with a web URL, lead first, named
 * "featureimage" and "image2", "image3"... (type picture, the caption as
 * description, alt text as a headline, credit as by, one rendition).
 */
static void
associations_member(struct jo *j, const struct article *a)
{
	const struct image *lead, *im;
	struct jo arr = { NULL, 0, 0 }, o, sub;
	char	 name[32];
	size_t	 i, k = 0;

	lead = article_lead_image(a);
	for (i = 0; i <= a->nimages; i++) {
		/* Pass 0 is the lead; then the others in order. */
		im = i == 0 ? lead : &a->images[i - 1];
		if (im == NULL || (i > 0 && im == lead) ||
		    !write_web_url_ok(im->url))
			continue;
		if (arr.n == 0)
			arr = jopen(j, "associations", "[");
		k++;
		if (k == 1 && im == lead)
			snprintf(name, sizeof name, "featureimage");
		else
			snprintf(name, sizeof name, "image%zu", k);
		o = jopen(&arr, NULL, "{");
		jtext(&o, "name", name);
		jtext(&o, "uri", im->url);
		jtext(&o, "type", "picture");
		if (write_has_text(im->alt)) {
			sub = jopen(&o, "headlines", "[");
			text_obj(&sub, "alt", "text/plain", im->alt);
			jclose(&sub, "]");
		}
		if (write_has_text(im->caption)) {
			sub = jopen(&o, "descriptions", "[");
			text_obj(&sub, "caption", "text/plain", im->caption);
			jclose(&sub, "]");
		}
		jtext(&o, "by", im->credit);
		sub = jopen(&o, "renditions", "[");
		rendition(&sub, "original", im->url, im->type, im->width,
		    im->height);
		jclose(&sub, "]");
		jclose(&o, "}");
	}
	if (arr.n > 0)
		jclose(&arr, "]");
}

static enum err
article(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *a, struct buf *out)
{
	struct write_out w = { out, ERR_OK };
	struct jo top = { &w, 1, 0 }, arr, obj;
	const char *lang;
	char	*id, *uri;

	write_put(&w, "{");
	id = write_article_id(a);
	uri = write_iri_id(id);
	jtext(&top, "uri", uri);
	jtext(&top, "type", "text");
	jtext(&top, "version", a->version);
	jdate(&top, "firstcreated", a->published.t);
	jdate(&top, "versioncreated", write_article_updated(a));
	jdate(&top, "embargoed", a->embargo_until.t);
	jtext(&top, "pubstatus", pubstatus(a->pubstatus));
	if (a->urgency >= 1 && a->urgency <= 9) {
		jkey(&top, "urgency");
		write_putf(&w, "%d", a->urgency);
	}
	jtext(&top, "copyrightnotice", a->copyright);
	jtext(&top, "ednote", a->ednote);
	lang = write_lang_ok(a->language) ? a->language :
	    write_lang_ok(f->language) ? f->language : NULL;
	jtext(&top, "language", lang);
	if (write_has_text(a->title) || write_has_text(a->subtitle)) {
		arr = jopen(&top, "headlines", "[");
		text_obj(&arr, "main", "text/plain", a->title);
		text_obj(&arr, "sub", "text/plain", a->subtitle);
		jclose(&arr, "]");
	}
	if (write_has_text(a->summary)) {
		arr = jopen(&top, "descriptions", "[");
		text_obj(&arr, "summary", "text/plain", a->summary);
		jclose(&arr, "]");
	}
	if (write_has_text(a->content_html) ||
	    write_has_text(a->content_text)) {
		arr = jopen(&top, "bodies", "[");
		text_obj(&arr, "main", "text/html", a->content_html);
		text_obj(&arr, write_has_text(a->content_html) ? "text" :
		    "main", "text/plain", a->content_text);
		jclose(&arr, "]");
	}
	jtext(&top, "slugline", a->slugline);
	by_member(&top, a);
	jtext(&top, "located", a->dateline);
	people_member(&top, a);
	if (write_has_text(a->dateline)) {
		arr = jopen(&top, "places", "[");
		obj = jopen(&arr, NULL, "{");
		jtext(&obj, "name", a->dateline);
		jtext(&obj, "rel", "dateline");
		jclose(&obj, "}");
		jclose(&arr, "]");
	}
	subjects_member(&top, a);
	if (write_web_url_ok(a->url)) {
		arr = jopen(&top, "renditions", "[");
		rendition(&arr, "web", a->url, "text/html", 0, 0);
		jclose(&arr, "]");
	}
	associations_member(&top, a);
	if (strcmp(uri, id) != 0) {
		arr = jopen(&top, "altids", "[");
		obj = jopen(&arr, NULL, "{");
		jtext(&obj, "role", "source-id");
		jtext(&obj, "value", id);
		jclose(&obj, "}");
		jclose(&arr, "]");
	}
	jdate(&top, "expires", a->expires.t);
	obj = jopen(&top, "standard", "{");
	jtext(&obj, "name", "ninjs");
	jtext(&obj, "version", NINJS_VERSION);
	jtext(&obj, "schema", NINJS_SCHEMA);
	jclose(&obj, "}");
	jclose(&top, "}");
	write_put(&w, "\n");
	free(uri);
	free(id);
	return w.e;
}

/* index.json: {"items": [{"uri", "file", "headline", "url"}]}. */
static enum err
ninjs_index(const struct write_opts *o, const struct feed *f,
    const struct write_entry *e, size_t n, struct buf *out)
{
	struct write_out w = { out, ERR_OK };
	struct jo top = { &w, 1, 0 }, arr, obj;
	char	*uri;
	size_t	 i;

	write_put(&w, "{");
	arr = jopen(&top, "items", "[");
	for (i = 0; i < n; i++) {
		obj = jopen(&arr, NULL, "{");
		uri = write_iri_id(e[i].id);
		jtext(&obj, "uri", uri);
		free(uri);
		jtext(&obj, "file", e[i].file);
		jtext(&obj, "headline", e[i].title);
		if (e[i].url != NULL)
			jtext(&obj, "url", e[i].url);
		jclose(&obj, "}");
	}
	jclose(&arr, "]");
	jclose(&top, "}");
	write_put(&w, "\n");
	return w.e;
}

/* A per-story writer has no feed head or end: write_sink refuses it. */
static enum err
no_head(void *st, const struct write_opts *o, const struct feed *f,
    const struct article *first, struct buf *out)
{
	return ERR_UNSUPPORTED;
}

static enum err
no_end(void *st, const struct write_opts *o, const struct feed *f,
    struct buf *out)
{
	return ERR_UNSUPPORTED;
}

const struct writer writer_ninjs = {
	.name = "ninjs",
	.media_type = "application/json",
	.ext = "json",
	.head = no_head,
	.article = article,
	.end = no_end,
	.multi = true,
	.index_name = "index.json",
	.index = ninjs_index,
};
