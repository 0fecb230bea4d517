/* SPDX-License-Identifier: MIT */
/* key<TAB>value dump of feeds and articles (feed-dump(5)). */
#include "config.h"
#include "model/dump.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/text.h"

static const char *const pubstatus_names[] = {
	"usable", "withheld", "canceled"
};
static const char *const signal_names[] = {
	"", "update", "correction", "kill"
};

static enum err
add_value(struct buf *out, const char *v)
{
	const char *rep;
	size_t	 n = strlen(v), i = 0, run;
	enum err e;

	for (;;) {
		/*
		 * Copy what needs no escape in one go: the scan stops at
		 * control characters (the three escaped and the others,
		 * copied as they are) and backslashes.
		 */
		run = text_span(v + i, n - i, 0x20, 0xff, '\\', '\\');
		e = buf_addn(out, v + i, run);
		i += run;
		if (e || i >= n)
			return e;
		switch (v[i]) {
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\t': rep = "\\t"; break;
		case '\r': rep = "\\r"; break;
		default: rep = NULL; break;
		}
		e = rep != NULL ? buf_addn(out, rep, 2) : buf_addc(out, v[i]);
		if (e)
			return e;
		i++;
	}
}

/* "prefix.key<TAB>": the head of a line. */
static enum err
put_key(struct buf *out, const char *prefix, const char *key)
{
	enum err e;

	e = buf_add(out, prefix);
	if (!e)
		e = buf_add(out, key);
	if (!e)
		e = buf_addc(out, '\t');
	return e;
}

/* A line's value and its end, after its key head. */
static enum err
value_line(struct buf *out, const char *v)
{
	enum err e;

	e = add_value(out, v);
	if (!e)
		e = buf_addc(out, '\n');
	return e;
}

/* "prefix.key<TAB>value\n" when v is set. */
static enum err
kv(struct buf *out, const char *prefix, const char *key, const char *v)
{
	enum err e;

	if (v == NULL || *v == '\0')
		return ERR_OK;
	e = put_key(out, prefix, key);
	return e ? e : value_line(out, v);
}

/*
 * kv() with the head ("key<TAB>", n bytes) spelled by the caller: the
 * article's fields, whose keys are literals.
 */
static enum err
kv_head(struct buf *out, const char *head, size_t n, const char *v)
{
	enum err e;

	if (v == NULL || *v == '\0')
		return ERR_OK;
	e = buf_addn(out, head, n);
	return e ? e : value_line(out, v);
}

/*
 * "prefix" "name[i]" ".field" TAB value NL when v is set (without
 * ".field" when field is NULL): the key is only spelled when needed.
 */
static enum err
kv_at(struct buf *out, const char *prefix, const char *name, size_t i,
    const char *field, const char *v)
{
	char	 key[96], d[24], *k, *p;

	if (v == NULL || *v == '\0')
		return ERR_OK;
	/* prefix, name and field are short literals of this file. */
	p = d + sizeof d;
	do {
		*--p = (char)('0' + i % 10);
		i /= 10;
	} while (i != 0);
	k = stpcpy(stpcpy(key, prefix), name);
	*k++ = '[';
	memcpy(k, p, (size_t)(d + sizeof d - p));
	k += d + sizeof d - p;
	*k++ = ']';
	if (field != NULL) {
		*k++ = '.';
		k = stpcpy(k, field);
	}
	*k++ = '\t';
	return kv_head(out, key, (size_t)(k - key), v);
}

static enum err
kv_time(struct buf *out, const char *prefix, const char *key,
    const struct when *w)
{
	char	 s[DATE_BUF];

	if (w->t == 0)
		return ERR_OK;
	date_format_rfc3339_local(w, s);
	return kv(out, prefix, key, s);
}

static enum err
kv_int(struct buf *out, const char *prefix, const char *key, int64_t v)
{
	enum err e;

	e = put_key(out, prefix, key);
	if (!e)
		e = buf_add_int(out, v);
	if (!e)
		e = buf_addc(out, '\n');
	return e;
}

/* kv_at() for a number. */
static enum err
kv_int_at(struct buf *out, const char *name, size_t i, const char *field,
    int64_t v)
{
	char	 d[24], *p = d + sizeof d;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return kv_at(out, "", name, i, field, p);
}

/*
 * feed.skip_hours as "0 1 23" and feed.skip_days as "Saturday Sunday"
 * (week order from Monday), when any are set.
 */
static enum err
dump_skip(struct buf *out, const struct feed *f)
{
	const char *sep = "";
	enum err e = ERR_OK;
	int	 i;

	if ((f->skip_hours & 0xffffff) != 0) {
		e = buf_add(out, "feed.skip_hours\t");
		for (i = 0; i < 24 && !e; i++)
			if (f->skip_hours & (1u << i)) {
				e = buf_addf(out, "%s%d", sep, i);
				sep = " ";
			}
		if (!e)
			e = buf_addc(out, '\n');
	}
	sep = "";
	if (!e && (f->skip_days & 0x7f) != 0) {
		e = buf_add(out, "feed.skip_days\t");
		for (i = 1; i <= 7 && !e; i++)
			if (f->skip_days & (1u << (i % 7))) {
				e = buf_addf(out, "%s%s", sep,
				    feed_day_name(i % 7));
				sep = " ";
			}
		if (!e)
			e = buf_addc(out, '\n');
	}
	return e;
}

static enum err
dump_people(struct buf *out, const char *prefix, const struct person *p,
    size_t n)
{
	size_t	 i;
	enum err e = ERR_OK;

	for (i = 0; i < n && !e; i++) {
		e = kv_at(out, prefix, "author", i, "name", p[i].name);
		if (!e)
			e = kv_at(out, prefix, "author", i, "email", p[i].email);
		if (!e)
			e = kv_at(out, prefix, "author", i, "url", p[i].url);
	}
	return e;
}

static enum err
dump_categories(struct buf *out, const char *prefix,
    const struct category *c, size_t n)
{
	size_t	 i;
	enum err e = ERR_OK;

	for (i = 0; i < n && !e; i++) {
		e = kv_at(out, prefix, "category", i, "term", c[i].term);
		if (!e)
			e = kv_at(out, prefix, "category", i, "scheme",
			    c[i].scheme);
		if (!e)
			e = kv_at(out, prefix, "category", i, "label",
			    c[i].label);
	}
	return e;
}

enum err
dump_feed(struct buf *out, const struct feed *f)
{
	enum err e = ERR_OK;

#define X(n) if (!e) e = kv(out, "feed.", #n, f->n);
	FEED_STR_FIELDS(X)
#undef X
	if (!e)
		e = kv_time(out, "feed.", "published", &f->published);
	if (!e)
		e = kv_time(out, "feed.", "updated", &f->updated);
	if (!e && f->ttl > 0)
		e = kv_int(out, "feed.", "ttl", f->ttl);
	if (!e)
		e = dump_skip(out, f);
	if (!e)
		e = dump_people(out, "feed.", f->authors, f->nauthors);
	if (!e)
		e = dump_categories(out, "feed.", f->categories, f->ncategories);
	return e;
}

static enum err
dump_media(struct buf *out, const struct article *a)
{
	size_t	 i;
	enum err e = ERR_OK;

	for (i = 0; i < a->nimages && !e; i++) {
		const struct image *im = &a->images[i];

		e = kv_at(out, "", "image", i, "url", im->url);
		if (!e && i == a->lead)
			e = kv_at(out, "", "image", i, "lead", "yes");
		if (!e)
			e = kv_at(out, "", "image", i, "type", im->type);
		if (!e && im->width > 0)
			e = kv_int_at(out, "image", i, "width", im->width);
		if (!e && im->height > 0)
			e = kv_int_at(out, "image", i, "height", im->height);
		if (!e)
			e = kv_at(out, "", "image", i, "caption", im->caption);
		if (!e)
			e = kv_at(out, "", "image", i, "credit", im->credit);
		if (!e)
			e = kv_at(out, "", "image", i, "alt", im->alt);
	}
	for (i = 0; i < a->nenclosures && !e; i++) {
		const struct enclosure *en = &a->enclosures[i];

		e = kv_at(out, "", "enclosure", i, "url", en->url);
		if (!e)
			e = kv_at(out, "", "enclosure", i, "type", en->type);
		if (!e && en->length > 0)
			e = kv_int_at(out, "enclosure", i, "length",
			    en->length);
		if (!e && en->duration > 0)
			e = kv_int_at(out, "enclosure", i, "duration",
			    en->duration);
	}
	return e;
}

enum err
dump_article(struct buf *out, const struct article *a)
{
	size_t	 i;
	enum err e;

	e = buf_addc(out, '\n');
#define X(n) if (!e) e = kv_head(out, #n "\t", sizeof(#n), a->n);
	ARTICLE_STR_FIELDS(X)
#undef X
#define X(n) if (!e) e = kv_time(out, "", #n, &a->n);
	ARTICLE_TIME_FIELDS(X)
#undef X
	if (!e && a->pubstatus != PUBSTATUS_USABLE)
		e = kv(out, "", "pubstatus", pubstatus_names[a->pubstatus]);
	if (!e && a->signal != SIGNAL_NONE)
		e = kv(out, "", "signal", signal_names[a->signal]);
	if (!e && a->urgency > 0)
		e = kv_int(out, "", "urgency", a->urgency);
	if (!e && a->comments_count >= 0)
		e = kv_int(out, "", "comments_count", a->comments_count);
	if (!e && a->id_is_permalink >= 0)
		e = kv(out, "", "id_is_permalink",
		    a->id_is_permalink ? "yes" : "no");
	if (!e)
		e = dump_people(out, "", a->authors, a->nauthors);
	if (!e)
		e = dump_media(out, a);
	if (!e)
		e = dump_categories(out, "", a->categories, a->ncategories);
	for (i = 0; i < a->nkeywords && !e; i++)
		e = kv_at(out, "", "keyword", i, NULL, a->keywords[i]);
	for (i = 0; i < a->nlinks && !e; i++) {
		const struct link *l = &a->links[i];

		e = kv_at(out, "", "link", i, "href", l->href);
		if (!e)
			e = kv_at(out, "", "link", i, "rel", l->rel);
		if (!e)
			e = kv_at(out, "", "link", i, "type", l->type);
		if (!e)
			e = kv_at(out, "", "link", i, "title", l->title);
		if (!e)
			e = kv_at(out, "", "link", i, "lang", l->lang);
	}
	return e;
}

enum err
dump_explain(struct buf *out, const struct article *a)
{
	size_t	 i;
	enum err e = ERR_OK;

	for (i = 0; i < a->nexplains && !e; i++)
		e = kv(out, "", a->explains[i].field, a->explains[i].rule);
	return e;
}
