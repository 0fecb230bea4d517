/* SPDX-License-Identifier: MIT */
/*
 * The JSON Feed 1.0 and 1.1 reader: jansson loads the whole document,
 * the top-level object becomes the feed head and each item a raw article.
 * Unlike the XML readers this one is not streamed, which is why its input
 * has its own cap, CAP_INPUT_JSON. JSON has no line numbers once parsed,
 * so warnings name the item instead, counting from 1 ("item 3: ...").
 */
#include "config.h"
#include "read/read.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "model/article.h"
#include "model/feed.h"
#include "read/input.h"
#include "util/buf.h"
#include "util/caps.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* What a warning points at: the input, then "item 3: " and deeper. */
struct jf {
	const char	*name;
	char		 where[96];
};

/* A value as a noun for messages: "a number", "an object". */
static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

static const char *
want_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	default:
		return "a string";
	}
}

/*
 * Narrow c to element i (counted from 1 in messages) of a list. Two
 * levels at most ("item 3: attachment 2: ") always fit in where.
 */
static void
sub_where(struct jf *sub, const struct jf *c, const char *what, size_t i)
{
	int	 n;

	sub->name = c->name;
	n = snprintf(sub->where, sizeof sub->where, "%s%s %zu: ", c->where,
	    what, i + 1);
	if (n < 0)
		sub->where[0] = '\0';
}

/*
 * The member key of obj when it has type t, else NULL. A missing member
 * or a JSON null is silently absent; any other type gets a warning.
 */
static json_t *
get(const struct jf *c, const json_t *obj, const char *key, json_type t)
{
	json_t	*v;

	v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_typeof(v) != t) {
		log_warn("%s: %s\"%s\" is %s, not %s; ignored", c->name,
		    c->where, key, type_name(v), want_name(t));
		return NULL;
	}
	return v;
}

/* The string member key of obj (borrowed from the tree), or NULL. */
static const char *
get_str(const struct jf *c, const json_t *obj, const char *key)
{
	json_t	*v;

	v = get(c, obj, key, JSON_STRING);
	return v != NULL ? json_string_value(v) : NULL;
}

/* Copy the string member key of obj into *dst when it is there. */
static void
set_str(const struct jf *c, char **dst, const json_t *obj, const char *key)
{
	const char *s;

	s = get_str(c, obj, key);
	if (s != NULL)
		xstrset(dst, s);
}

/*
 * A non-negative count (bytes, seconds) member into *out. Reals are
 * rounded; negative or huge numbers are ignored with a warning.
 */
static void
get_count(const struct jf *c, const json_t *obj, const char *key,
    int64_t *out)
{
	json_t	*v;
	double	 d;

	v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return;
	if (!json_is_number(v)) {
		log_warn("%s: %s\"%s\" is %s, not a number; ignored", c->name,
		    c->where, key, type_name(v));
		return;
	}
	d = json_number_value(v);
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		*out = (int64_t)json_integer_value(v);
	else if (isfinite(d) && d >= 0 && d < 9.0e18)
		*out = (int64_t)(d + 0.5);
	else
		log_warn("%s: %s\"%s\" is out of range; ignored", c->name,
		    c->where, key);
}

/* At most 64 bytes of s for a message, control characters as '?'. */
static const char *
shorten(const char *s, char out[72])
{
	size_t	 i, n;

	n = strlen(s);
	if (n > 64) {
		n = 64;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	out[n] = '\0';
	if (s[n] != '\0')
		memcpy(out + n, "...", 4);
	return out;
}

/*
 * A decimal form of d: whole numbers without exponent or fraction
 * ("1000" for 1e3), others the shortest form that reads back as d
 * ("1.5", "1e+30"), with a '.' whatever the locale says. Caller frees.
 */
static char *
real_to_str(double d)
{
	char	 s[40], *p;
	int	 prec;

	if (d > -1e17 && d < 1e17 && d == (double)(long long)d)
		return xasprintf("%lld", (long long)d);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	for (p = s; *p != '\0'; p++)
		if (strchr("0123456789+-eE", *p) == NULL)
			*p = '.';
	return xstrdup(s);
}

/*
 * JSON Feed: "If an id is presented as a number or other type, a JSON
 * Feed reader must coerce it to a string." Numbers become their decimal
 * form; booleans, arrays and objects have no sensible string and are
 * dropped with a warning, leaving the id to the pipeline's fallback.
 */
static char *
item_id(const struct jf *c, const json_t *item)
{
	json_t	*v;

	v = json_object_get(item, "id");
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	if (json_is_real(v))
		return real_to_str(json_real_value(v));
	log_warn("%s: %s\"id\" is %s, not a string; ignored", c->name,
	    c->where, type_name(v));
	return NULL;
}

/*
 * Append the author object v to the list. An author with neither name
 * nor url (only an avatar, which the model has no field for) is dropped.
 */
static void
add_person(const struct jf *c, const json_t *v, struct person **list,
    size_t *n)
{
	const char *name, *url;
	struct person *p;

	name = get_str(c, v, "name");
	url = get_str(c, v, "url");
	if (name == NULL && url == NULL)
		return;
	if (*n >= CAP_LIST)
		return;
	p = VEC_PUSH(*list, *n);
	xstrset(&p->name, name);
	xstrset(&p->url, url);
}

/*
 * Authors of a feed or an item. JSON Feed 1.1 replaces the 1.0 "author"
 * object by an "authors" array and says "Feed readers should always
 * prefer authors if present", so "author" is read only when "authors"
 * gave nobody.
 */
static void
read_authors(const struct jf *c, const json_t *obj, struct person **list,
    size_t *n)
{
	struct jf sub;
	json_t	*arr, *v;
	size_t	 i;

	arr = get(c, obj, "authors", JSON_ARRAY);
	json_array_foreach(arr, i, v) {
		if (!json_is_object(v)) {
			log_warn("%s: %sauthor %zu is %s, not an object; "
			    "ignored", c->name, c->where, i + 1, type_name(v));
			continue;
		}
		sub_where(&sub, c, "author", i);
		add_person(&sub, v, list, n);
	}
	if (*n > 0)
		return;
	v = get(c, obj, "author", JSON_OBJECT);
	if (v != NULL)
		add_person(c, v, list, n);
}

/*
 * The first hub with a url. Hubs are WebSub or rssCloud endpoints, each
 * with a "type"; feed->hub is a WebSub hub, so rssCloud ones are skipped.
 */
static void
read_hubs(const struct jf *c, const json_t *root, struct feed *f)
{
	const char *type, *url;
	struct jf sub;
	json_t	*arr, *v;
	size_t	 i;

	arr = get(c, root, "hubs", JSON_ARRAY);
	json_array_foreach(arr, i, v) {
		if (!json_is_object(v)) {
			log_warn("%s: hub %zu is %s, not an object; ignored",
			    c->name, i + 1, type_name(v));
			continue;
		}
		sub_where(&sub, c, "hub", i);
		type = get_str(&sub, v, "type");
		url = get_str(&sub, v, "url");
		if (url == NULL ||
		    (type != NULL && strcasecmp(type, "rssCloud") == 0))
			continue;
		xstrset(&f->hub, url);
		return;
	}
}

/*
 * The format version from the "version" URL ("https://jsonfeed.org/
 * version/1.1"). Also takes http, "www." and a trailing slash, and the
 * bare "1.0" / "1.1" some generators write. *is_url tells whether v at
 * least names a JSON Feed version, even one we do not know.
 */
static const char *
parse_version(const char *v, bool *is_url)
{
	static const char path[] = "jsonfeed.org/version/";
	size_t	 n;

	*is_url = false;
	if (strncasecmp(v, "https://", 8) == 0)
		v += 8;
	else if (strncasecmp(v, "http://", 7) == 0)
		v += 7;
	if (strncasecmp(v, "www.", 4) == 0)
		v += 4;
	if (strncasecmp(v, path, sizeof path - 1) == 0) {
		*is_url = true;
		v += sizeof path - 1;
	}
	n = strlen(v);
	if (n > 0 && v[n - 1] == '/')
		n--;
	if ((n == 1 && v[0] == '1') || (n == 3 && strncmp(v, "1.0", 3) == 0))
		return "1.0";
	if (n == 3 && strncmp(v, "1.1", 3) == 0)
		return "1.1";
	return NULL;
}

/*
 * Decide whether root is a JSON Feed and set the version. A jsonfeed.org
 * version URL or an "items" array is enough (a bare "1.0" alone is not:
 * too many JSON documents have one); anything else is logged as "not a
 * JSON Feed" and is ERR_PARSE.
 */
static enum err
check_root(const struct jf *c, const json_t *root, struct feed *f)
{
	const char *vs = NULL, *version = NULL;
	char	 shown[72];
	bool	 is_url = false;
	json_t	*v, *items;

	if (!json_is_object(root)) {
		log_error("%s: not a JSON Feed: the top level is %s, not an "
		    "object", c->name, type_name(root));
		return ERR_PARSE;
	}
	v = json_object_get(root, "version");
	if (json_is_string(v)) {
		vs = json_string_value(v);
		version = parse_version(vs, &is_url);
	}
	items = json_object_get(root, "items");
	if (!is_url && !json_is_array(items)) {
		if (vs != NULL)
			log_error("%s: not a JSON Feed: \"version\" is \"%s\" "
			    "and there is no \"items\" array", c->name,
			    shorten(vs, shown));
		else
			log_error("%s: not a JSON Feed: no \"version\" and no "
			    "\"items\" array", c->name);
		return ERR_PARSE;
	}
	if (version == NULL && vs != NULL)
		log_warn("%s: unknown JSON Feed version \"%s\"; reading it "
		    "anyway", c->name, shorten(vs, shown));
	else if (version == NULL && v != NULL && !json_is_null(v))
		log_warn("%s: \"version\" is %s, not a string; reading it "
		    "as a JSON Feed anyway", c->name, type_name(v));
	else if (version == NULL)
		log_warn("%s: no JSON Feed \"version\"; reading it anyway",
		    c->name);
	xstrset(&f->format, "jsonfeed");
	xstrset(&f->version, version);
	return ERR_OK;
}

/*
 * The feed head from the top-level object. feed_url is "the unique
 * identifier for the feed" (JSON Feed 1.0), so it is also the feed id.
 * Relative URLs resolve against the caller's base URL (--base-url or
 * where the feed was fetched from), else feed_url, else home_page_url.
 */
static void
read_head(const struct jf *c, const json_t *root, const struct read_opts *o,
    struct feed *f)
{
	set_str(c, &f->title, root, "title");
	set_str(c, &f->subtitle, root, "description");
	set_str(c, &f->home_url, root, "home_page_url");
	set_str(c, &f->self_url, root, "feed_url");
	/* "icon" is the large (512x512) image, "favicon" the small one. */
	set_str(c, &f->logo, root, "icon");
	set_str(c, &f->icon, root, "favicon");
	set_str(c, &f->language, root, "language");
	set_str(c, &f->next_url, root, "next_url");
	read_authors(c, root, &f->authors, &f->nauthors);
	read_hubs(c, root, f);
	xstrset(&f->id, f->self_url);
	if (o->base_url != NULL)
		xstrset(&f->base_url, o->base_url);
	else
		xstrset(&f->base_url,
		    f->self_url != NULL ? f->self_url : f->home_url);
}

/* A date member into *w; an unparseable one is logged and stays unknown. */
static void
read_date(const struct jf *c, const json_t *item, const char *key,
    struct when *w)
{
	const char *s;
	char	 shown[72];

	s = get_str(c, item, key);
	if (s == NULL || *s == '\0')
		return;
	if (!date_parse(s, w)) {
		memset(w, 0, sizeof *w);
		log_warn("%s: %sunparseable %s \"%s\"", c->name, c->where, key,
		    shorten(s, shown));
	}
}

/* "image" becomes the lead image, "banner_image" one more. */
static void
read_images(const struct jf *c, const json_t *item, struct article *a)
{
	const char *s;
	struct image *im;

	s = get_str(c, item, "image");
	if (s != NULL) {
		a->lead = a->nimages;
		im = article_add_image(a);
		im->url = xstrdup(s);
	}
	s = get_str(c, item, "banner_image");
	if (s != NULL) {
		im = article_add_image(a);
		im->url = xstrdup(s);
	}
}

/* "tags", an array of strings, become categories (term only). */
static void
read_tags(const struct jf *c, const json_t *item, struct article *a)
{
	struct category *cat;
	json_t	*arr, *v;
	size_t	 i;

	arr = get(c, item, "tags", JSON_ARRAY);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			log_warn("%s: %stag %zu is %s, not a string; ignored",
			    c->name, c->where, i + 1, type_name(v));
			continue;
		}
		if (*json_string_value(v) == '\0' || a->ncategories >= CAP_LIST)
			continue;
		cat = article_add_category(a);
		cat->term = xstrdup(json_string_value(v));
	}
}

/*
 * "attachments" become enclosures: url and mime_type are required by
 * the spec, size_in_bytes and duration_in_seconds optional; the title
 * has no place in the model.
 */
static void
read_attachments(const struct jf *c, const json_t *item, struct article *a)
{
	struct enclosure *enc;
	const char *url;
	struct jf sub;
	json_t	*arr, *v;
	size_t	 i;

	arr = get(c, item, "attachments", JSON_ARRAY);
	json_array_foreach(arr, i, v) {
		if (!json_is_object(v)) {
			log_warn("%s: %sattachment %zu is %s, not an object; "
			    "ignored", c->name, c->where, i + 1, type_name(v));
			continue;
		}
		sub_where(&sub, c, "attachment", i);
		url = get_str(&sub, v, "url");
		if (url == NULL) {
			log_warn("%s: %sno \"url\"; ignored", sub.name,
			    sub.where);
			continue;
		}
		if (a->nenclosures >= CAP_LIST)
			continue;
		enc = article_add_enclosure(a);
		enc->url = xstrdup(url);
		set_str(&sub, &enc->type, v, "mime_type");
		get_count(&sub, v, "size_in_bytes", &enc->length);
		get_count(&sub, v, "duration_in_seconds", &enc->duration);
	}
}

/*
 * Fill a from one item object, raw: strings are copied as they are and
 * the pipeline cleans them. JSON Feed's title and summary are plain text
 * and content_html has its own field, so no ART_HTML_* bit is set.
 */
static void
read_item(const struct jf *c, const json_t *item, const struct feed *f,
    struct article *a)
{
	const char *s;
	struct link *l;

	a->id = item_id(c, item);
	set_str(c, &a->url, item, "url");
	s = get_str(c, item, "external_url");
	if (s != NULL) {
		l = article_add_link(a);
		l->href = xstrdup(s);
		l->rel = xstrdup("related");
	}
	set_str(c, &a->title, item, "title");
	set_str(c, &a->content_html, item, "content_html");
	set_str(c, &a->content_text, item, "content_text");
	set_str(c, &a->summary, item, "summary");
	set_str(c, &a->language, item, "language");
	read_images(c, item, a);
	read_date(c, item, "date_published", &a->published);
	read_date(c, item, "date_modified", &a->updated);
	/* Feed-level authors stay on the feed; writers fall back to them. */
	read_authors(c, item, &a->authors, &a->nauthors);
	read_tags(c, item, a);
	read_attachments(c, item, a);
}

/* Push every item of root to out; stops at the first sink error. */
static enum err
push_items(const struct jf *c, const json_t *root, const struct feed *f,
    const struct sink *out)
{
	struct article *a;
	struct jf sub;
	json_t	*items, *v;
	size_t	 i;
	enum err e = ERR_OK;

	items = json_object_get(root, "items");
	if (items == NULL || json_is_null(items)) {
		log_warn("%s: no \"items\"; the feed is empty", c->name);
		return ERR_OK;
	}
	if (!json_is_array(items)) {
		log_warn("%s: \"items\" is %s, not an array; the feed is empty",
		    c->name, type_name(items));
		return ERR_OK;
	}
	a = article_new();
	json_array_foreach(items, i, v) {
		if (!json_is_object(v)) {
			log_warn("%s: item %zu is %s, not an object; skipped",
			    c->name, i + 1, type_name(v));
			continue;
		}
		sub_where(&sub, c, "item", i);
		read_item(&sub, v, f, a);
		e = out->article(out->ctx, f, a);
		article_reset(a);
		if (e)
			break;
	}
	article_free(a);
	return e;
}

/* The whole document, after jansson: head, items, end. */
static enum err
read_doc(const struct jf *c, const json_t *root, const struct read_opts *o,
    const struct sink *out)
{
	struct feed f;
	enum err e;

	feed_init(&f);
	e = check_root(c, root, &f);
	if (e)
		goto done;
	read_head(c, root, o, &f);
	e = out->head(out->ctx, &f);
	if (e)
		goto done;
	e = push_items(c, root, &f, out);
	if (e)
		goto done;
	e = out->end(out->ctx, &f);
done:
	feed_cleanup(&f);
	return e;
}

/*
 * The reader's entry point. JSON has no streaming parser here, so the
 * whole input is read into memory (up to CAP_INPUT_JSON) and handed to
 * jansson, which rejects ill-formed JSON, invalid UTF-8, "\u0000" and
 * integers beyond 64 bits: those are ERR_PARSE, logged as
 * "NAME:LINE:COL: invalid JSON: <reason>". JSON_DECODE_ANY lets a scalar
 * top level through, so that it is reported as "not a JSON Feed" rather
 * than as bad JSON. A leading UTF-8 byte order mark is skipped (RFC 8259
 * 8.1: parsers "MAY ignore the presence of a byte order mark"). Then
 * the tree is mapped to the model and freed.
 */
static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	struct jf c;
	struct buf b;
	json_error_t jerr;
	json_t	*root;
	const char *p;
	size_t	 n;
	enum err e;

	c.name = o->name != NULL ? o->name : "-";
	c.where[0] = '\0';
	buf_init(&b, CAP_INPUT_JSON);
	e = input_slurp(in, &b);
	if (e == ERR_TOO_LARGE)
		log_error("%s: input exceeds the %zu-byte limit", c.name,
		    in->max < CAP_INPUT_JSON ? in->max : CAP_INPUT_JSON);
	else if (e)
		log_error("%s: read error: %s", c.name, strerror(errno));
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	p = buf_str(&b);
	n = b.len;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	root = json_loadb(p, n, JSON_DECODE_ANY, &jerr);
	buf_cleanup(&b);
	if (root == NULL) {
		if (jerr.line > 0)
			log_error("%s:%d:%d: invalid JSON: %s", c.name,
			    jerr.line, jerr.column, jerr.text);
		else
			log_error("%s: invalid JSON: %s", c.name, jerr.text);
		return ERR_PARSE;
	}
	e = read_doc(&c, root, o, out);
	json_decref(root);
	return e;
}

/* The JSON Feed reader, listed in read.c. */
const struct reader reader_jsonfeed = {
	.name = "jsonfeed",
	.description = "JSON Feed 1.0 and 1.1",
	.parse = parse,
};
