/* SPDX-License-Identifier: MIT */
/*
 * The ninjs reader (IPTC News in JSON 1.x, 2.x and 3.x): one item, or a
 * wrapper with an "item"/"items" list, becomes stories. Keys are matched
 * without regard to case, so 3.x camelCase ("versionCreated") and 1.x/2.x
 * lower case ("versioncreated") both read. Pictures in "associations"
 * (and a picture item's own renditions) become images: the largest
 * rendition, with its caption and credit. ninjs_item() is shared with
 * the AP Media API reader.
 */
#include "config.h"
#include "read/wire.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/caps.h"
#include "util/escape.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAXITEMS	CAP_LIST

/* Member key of obj, matched exactly, then without regard to case. */
static json_t *
jget(const json_t *obj, const char *key)
{
	const char *k;
	json_t	*v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	if (v != NULL)
		return json_is_null(v) ? NULL : v;
	json_object_foreach((json_t *)obj, k, v)
		if (text_ieq(k, key))
			return json_is_null(v) ? NULL : v;
	return NULL;
}

static const char *
jstr(const json_t *obj, const char *key)
{
	json_t	*v;

	v = jget(obj, key);
	return json_is_string(v) && *json_string_value(v) != '\0' ?
	    json_string_value(v) : NULL;
}

/* Copy a string member into *dst unless *dst is set. */
static void
jkeep(char **dst, const json_t *obj, const char *key)
{
	const char *s = jstr(obj, key);

	if (s != NULL && *dst == NULL && !text_is_blank(s))
		*dst = xstrdup(s);
}

/*
 * A number or numeric string member as an int; 0 when absent, or a real
 * out of int's range (1e33 wide: converting it is undefined).
 */
static int
jint(const json_t *obj, const char *key)
{
	json_t	*v;
	double	 d;

	v = jget(obj, key);
	if (json_is_integer(v))
		return (int)json_integer_value(v);
	if (json_is_real(v)) {
		d = json_real_value(v);
		return d > (double)INT_MIN - 1 && d < (double)INT_MAX + 1 ?
		    (int)d : 0;
	}
	if (json_is_string(v))
		return atoi(json_string_value(v));
	return 0;
}

static void
jdate(const json_t *obj, const char *key, struct when *w)
{
	if (w->t == 0)
		(void)wire_date(jstr(obj, key), w);
}

/* The value of a role list (2.x headlines/bodies/descriptions). */
static const json_t *
by_role(const json_t *list, const char *const roles[], bool any)
{
	const json_t *v;
	const char *r;
	size_t	 i, j;

	if (!json_is_array(list))
		return NULL;
	for (j = 0; roles[j] != NULL; j++)
		json_array_foreach(list, i, v) {
			r = jstr(v, "role");
			if (r != NULL && text_ieq(r, roles[j]))
				return v;
		}
	if (!any)
		return NULL;
	json_array_foreach(list, i, v)
		if (jstr(v, "value") != NULL)
			return v;
	return NULL;
}

/* The largest rendition (object map in 1.x/2.x, array in 3.x). */
static const json_t *
largest(const json_t *renditions)
{
	const json_t *v, *best = NULL;
	const char *k, *mt;
	long	 area, best_area = -1;
	size_t	 i;

	if (json_is_object(renditions)) {
		json_object_foreach((json_t *)renditions, k, v) {
			mt = jstr(v, "mimetype");
			if (jstr(v, "href") == NULL || (mt != NULL &&
			    strncmp(mt, "image/", 6) != 0))
				continue;
			area = (long)jint(v, "width") * jint(v, "height");
			if (area > best_area) {
				best_area = area;
				best = v;
			}
		}
	} else if (json_is_array(renditions)) {
		json_array_foreach(renditions, i, v) {
			mt = jstr(v, "contentType");
			if (mt == NULL)
				mt = jstr(v, "mimetype");
			if (jstr(v, "href") == NULL || (mt != NULL &&
			    strncmp(mt, "image/", 6) != 0))
				continue;
			area = (long)jint(v, "width") * jint(v, "height");
			if (area > best_area) {
				best_area = area;
				best = v;
			}
		}
	}
	return best;
}

static const char *const caption_roles[] = { "caption", "summary", NULL };
static const char *const credit_roles[] = { "creditline", "credit", NULL };

/* A picture object (an association or a picture item) as an image. */
static void
picture(const json_t *pic, struct article *a)
{
	const json_t *r, *d;
	struct image *im;
	const char *s;

	r = largest(jget(pic, "renditions"));
	if (r == NULL || a->nimages >= CAP_LIST)
		return;
	im = article_add_image(a);
	im->url = xstrdup(jstr(r, "href"));
	s = jstr(r, "mimetype");
	if (s == NULL)
		s = jstr(r, "contentType");
	if (s != NULL)
		im->type = xstrdup(s);
	im->width = jint(r, "width");
	im->height = jint(r, "height");
	jkeep(&im->caption, pic, "description_text");
	d = by_role(jget(pic, "descriptions"), caption_roles, false);
	if (d != NULL)
		jkeep(&im->caption, d, "value");
	jkeep(&im->caption, pic, "headline");
	jkeep(&im->alt, pic, "body_text");
	jkeep(&im->credit, pic, "creditline");
	d = by_role(jget(pic, "descriptions"), credit_roles, false);
	if (d != NULL)
		jkeep(&im->credit, d, "value");
	jkeep(&im->credit, pic, "byline");
	jkeep(&im->credit, pic, "by");
}

static void
associations(const json_t *as, struct article *a)
{
	const json_t *v;
	const char *k, *t;
	size_t	 i;

	if (json_is_object(as)) {
		json_object_foreach((json_t *)as, k, v) {
			t = jstr(v, "type");
			if (t == NULL || text_ieq(t, "picture") ||
			    text_ieq(t, "graphic"))
				picture(v, a);
		}
	} else if (json_is_array(as))
		json_array_foreach(as, i, v) {
			t = jstr(v, "type");
			if (t == NULL || text_ieq(t, "picture") ||
			    text_ieq(t, "graphic"))
				picture(v, a);
		}
}

/* subjects: {code|qcode|uri|literal, name, scheme}. */
static void
subjects(const json_t *list, struct article *a)
{
	const json_t *v;
	const char *code;
	size_t	 i;

	if (!json_is_array(list))
		return;
	json_array_foreach(list, i, v) {
		code = jstr(v, "code");
		if (code == NULL)
			code = jstr(v, "qcode");
		if (code == NULL)
			code = jstr(v, "uri");
		if (code == NULL)
			code = jstr(v, "literal");
		if (code == NULL)
			code = jstr(v, "name");
		wire_category(a, code, jstr(v, "scheme"), jstr(v, "name"));
	}
}

static void
people(const json_t *list, struct article *a)
{
	const json_t *v;
	const char *name;
	size_t	 i;

	if (!json_is_array(list))
		return;
	json_array_foreach(list, i, v) {
		name = json_is_string(v) ? json_string_value(v) :
		    jstr(v, "name");
		if (name == NULL || a->nauthors >= CAP_LIST)
			continue;
		article_add_author(a)->name = xstrdup(name);
	}
}

static void
body(const json_t *item, struct article *a)
{
	static const char *const html_roles[] = { "html", "main", NULL };
	const json_t *b;
	const char *ct;
	struct buf out;

	jkeep(&a->content_html, item, "body_html");
	jkeep(&a->content_html, item, "body_xhtml");
	b = by_role(jget(item, "bodies"), html_roles, true);
	if (b != NULL && a->content_html == NULL) {
		ct = jstr(b, "contentType");
		if (ct == NULL || strstr(ct, "html") != NULL)
			jkeep(&a->content_html, b, "value");
		else
			jkeep(&a->content_text, b, "value");
	}
	if (a->content_html == NULL && a->content_text == NULL)
		jkeep(&a->content_text, item, "body_text");
	if (a->content_html == NULL && a->content_text != NULL) {
		buf_init(&out, CAP_HTML);
		if (wire_text_to_html(a->content_text, &out))
			log_debug("ninjs body_text cut at the size limit");
		a->content_html = buf_dup_or_null(&out);
		buf_cleanup(&out);
	}
}

void
ninjs_item(const json_t *item, struct article *a)
{
	static const char *const head_roles[] = { "main", "headline", NULL };
	static const char *const sub_roles[] = { "sub", "subheadline", NULL };
	static const char *const sum_roles[] = { "summary", "abstract",
	    "text", NULL };
	const json_t *v;
	const char *s;
	size_t	 i;
	int	 u;

	jkeep(&a->id, item, "uri");
	jkeep(&a->id, item, "guid");
	v = jget(item, "version");
	if (json_is_string(v))
		jkeep(&a->version, item, "version");
	else if (json_is_integer(v))
		a->version = xasprintf("%lld",
		    (long long)json_integer_value(v));
	jdate(item, "versioncreated", &a->updated);
	jdate(item, "firstcreated", &a->published);
	jdate(item, "contentcreated", &a->published);
	jdate(item, "firstpublished", &a->published);
	jdate(item, "embargoed", &a->embargo_until);
	jdate(item, "expires", &a->expires);
	(void)wire_pubstatus(jstr(item, "pubstatus"), &a->pubstatus);
	u = jint(item, "urgency");
	if (u >= 1 && u <= 9)
		a->urgency = u;
	jkeep(&a->language, item, "language");
	jkeep(&a->title, item, "headline");
	v = by_role(jget(item, "headlines"), head_roles, true);
	if (v != NULL)
		jkeep(&a->title, v, "value");
	v = by_role(jget(item, "headlines"), sub_roles, false);
	if (v != NULL)
		jkeep(&a->subtitle, v, "value");
	jkeep(&a->title, item, "title");
	jkeep(&a->slugline, item, "slugline");
	jkeep(&a->summary, item, "description_text");
	v = by_role(jget(item, "descriptions"), sum_roles, true);
	if (v != NULL)
		jkeep(&a->summary, v, "value");
	if (a->summary == NULL && jstr(item, "description_html") != NULL) {
		jkeep(&a->summary, item, "description_html");
		a->html_fields |= ART_HTML_SUMMARY;
	}
	jkeep(&a->byline, item, "byline");
	jkeep(&a->byline, item, "by");
	v = jget(item, "bylines");
	if (json_is_array(v) && json_array_size(v) > 0)
		jkeep(&a->byline, json_array_get(v, 0), "by");
	v = jget(item, "located");
	if (json_is_string(v))
		jkeep(&a->dateline, item, "located");
	else if (json_is_object(v))
		jkeep(&a->dateline, v, "name");
	jkeep(&a->ednote, item, "ednote");
	jkeep(&a->copyright, item, "copyrightnotice");
	jkeep(&a->credit, item, "copyrightholder");
	jkeep(&a->source, item, "source");
	jkeep(&a->source, item, "provider");
	people(jget(item, "people"), a);
	people(jget(item, "authors"), a);
	subjects(jget(item, "subjects"), a);
	subjects(jget(item, "subject"), a);
	v = jget(item, "keywords");
	for (i = 0; json_is_array(v) && i < json_array_size(v); i++) {
		s = json_string_value(json_array_get(v, i));
		if (s != NULL && a->nkeywords < CAP_LIST)
			article_add_keyword(a, s);
	}
	body(item, a);
	s = jstr(item, "type");
	if (s != NULL && (text_ieq(s, "picture") || text_ieq(s, "graphic")))
		picture(item, a);
	associations(jget(item, "associations"), a);
	xstrset(&a->format, "ninjs");
}

/* Is v a ninjs item (rather than a wrapper)? */
static bool
is_item(const json_t *v)
{
	return jget(v, "uri") != NULL || jget(v, "guid") != NULL ||
	    jget(v, "headline") != NULL || jget(v, "headlines") != NULL ||
	    jget(v, "body_html") != NULL || jget(v, "bodies") != NULL;
}

/* Collect the items of a wrapper ("item", "items", "data") or root. */
static void
collect(const json_t *root, json_t **items, size_t *n, int depth)
{
	static const char *const lists[] = { "item", "items", "data", NULL };
	const json_t *v, *e;
	size_t	 i, j;

	if (depth > 4)
		return;
	if (is_item(root)) {
		if (*n < MAXITEMS)
			items[(*n)++] = (json_t *)root;
		return;
	}
	for (j = 0; lists[j] != NULL; j++) {
		v = jget(root, lists[j]);
		if (json_is_object(v))
			collect(v, items, n, depth + 1);
		else if (json_is_array(v))
			json_array_foreach(v, i, e)
				if (json_is_object(e))
					collect(e, items, n, depth + 1);
		if (*n > 0)
			return;
	}
}

enum err
ninjs_load(struct input *in, const struct read_opts *o, json_t **rootp)
{
	struct buf b;
	json_error_t jerr;
	const char *p;
	size_t	 n;
	enum err e;

	*rootp = NULL;
	e = wire_slurp(in, o, &b);
	if (e) {
		buf_cleanup(&b);
		return e;
	}
	p = buf_str(&b);
	n = b.len;
	*rootp = json_loadb(p, n, 0, &jerr);
	buf_cleanup(&b);
	if (*rootp == NULL) {
		log_error("%s:%d:%d: invalid JSON: %s", o->name, jerr.line,
		    jerr.column, jerr.text);
		return ERR_PARSE;
	}
	return ERR_OK;
}

enum err
ninjs_push(const struct read_opts *o, json_t **items, size_t n,
    const char *format, const struct sink *out)
{
	struct feed f;
	struct article *arts[MAXITEMS];
	size_t	 i;
	enum err e;

	feed_init(&f);
	xstrset(&f.format, format);
	for (i = 0; i < n; i++) {
		arts[i] = article_new();
		ninjs_item(items[i], arts[i]);
		xstrset(&arts[i]->format, format);
	}
	e = wire_push(o, out, &f, arts, n);
	for (i = 0; i < n; i++)
		article_free(arts[i]);
	feed_cleanup(&f);
	return e;
}

static enum err
parse(struct input *in, const struct read_opts *o, const struct sink *out)
{
	json_t	*root, *items[MAXITEMS];
	size_t	 n = 0;
	enum err e;

	e = ninjs_load(in, o, &root);
	if (e)
		return e;
	if (json_is_array(root)) {
		size_t	 i;
		json_t	*v;

		json_array_foreach(root, i, v)
			if (n < MAXITEMS && is_item(v))
				items[n++] = v;
	} else
		collect(root, items, &n, 0);
	if (n == 0) {
		log_error("%s: not ninjs: no item with a uri, guid, headline "
		    "or body", o->name);
		json_decref(root);
		return ERR_PARSE;
	}
	e = ninjs_push(o, items, n, "ninjs", out);
	json_decref(root);
	return e;
}

/* The ninjs reader, listed in read.c. */
const struct reader reader_ninjs = {
	.name = "ninjs",
	.description = "IPTC ninjs 1.x, 2.x and 3.x",
	.parse = parse,
};
