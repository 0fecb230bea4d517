/* SPDX-License-Identifier: MIT */
/*
 * Reading the text dump (feed-dump(5)) back into the model, so the store
 * can keep a normalized article as its dump and restore it exactly:
 * dump(undump(dump(a))) == dump(a), byte for byte.
 */
#include "config.h"
#include "model/undump.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/caps.h"
#include "util/xmalloc.h"

/* The value of a line with \\ \n \t \r undone. New string. */
static char *
unescape(const char *p, size_t n)
{
	char	*out, *q;
	size_t	 i;

	out = q = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n) {
			i++;
			switch (p[i]) {
			case 'n': *q++ = '\n'; break;
			case 't': *q++ = '\t'; break;
			case 'r': *q++ = '\r'; break;
			default: *q++ = p[i]; break;
			}
		} else
			*q++ = p[i];
	}
	*q = '\0';
	return out;
}

static bool
to_i64(const char *s, int64_t *out)
{
	long long v;
	char	*end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return false;
	*out = v;
	return true;
}

/*
 * "name[N].sub" or "name[N]": the index and *sub ("" for none). False
 * when key does not start with "name[".
 */
static bool
indexed(const char *key, const char *name, size_t *idx, const char **sub)
{
	size_t	 n = strlen(name);
	unsigned long v;
	char	*end;

	if (strncmp(key, name, n) != 0 || key[n] != '[')
		return false;
	errno = 0;
	v = strtoul(key + n + 1, &end, 10);
	if (errno != 0 || end == key + n + 1 || *end != ']' || v >= CAP_LIST)
		return false;
	*idx = v;
	*sub = end[1] == '.' ? end + 2 : end + 1;
	return true;
}

/* Grow an array to hold index idx (new elements zeroed). */
#define GROW(arr, n, idx) do {						\
	while ((n) <= (idx))						\
		(void)VEC_PUSH(arr, n);					\
} while (0)

/* Replace *dst with v (which it takes). */
static void
take(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

static bool
person_key(struct person **arr, size_t *n, size_t i, const char *sub,
    char *v)
{
	GROW(*arr, *n, i);
	if (strcmp(sub, "name") == 0)
		take(&(*arr)[i].name, v);
	else if (strcmp(sub, "email") == 0)
		take(&(*arr)[i].email, v);
	else if (strcmp(sub, "url") == 0)
		take(&(*arr)[i].url, v);
	else
		return false;
	return true;
}

static bool
category_key(struct category **arr, size_t *n, size_t i, const char *sub,
    char *v)
{
	GROW(*arr, *n, i);
	if (strcmp(sub, "term") == 0)
		take(&(*arr)[i].term, v);
	else if (strcmp(sub, "scheme") == 0)
		take(&(*arr)[i].scheme, v);
	else if (strcmp(sub, "label") == 0)
		take(&(*arr)[i].label, v);
	else
		return false;
	return true;
}

static bool
image_key(struct article *a, size_t i, const char *sub, char *v)
{
	struct image *im;
	int64_t	 x;

	GROW(a->images, a->nimages, i);
	im = &a->images[i];
	if (strcmp(sub, "url") == 0)
		take(&im->url, v);
	else if (strcmp(sub, "type") == 0)
		take(&im->type, v);
	else if (strcmp(sub, "caption") == 0)
		take(&im->caption, v);
	else if (strcmp(sub, "credit") == 0)
		take(&im->credit, v);
	else if (strcmp(sub, "alt") == 0)
		take(&im->alt, v);
	else if (strcmp(sub, "lead") == 0) {
		a->lead = i;
		free(v);
	} else if (strcmp(sub, "width") == 0 || strcmp(sub, "height") == 0) {
		if (!to_i64(v, &x) || x < 0 || x > 1000000) {
			free(v);
			return false;
		}
		*(sub[0] == 'w' ? &im->width : &im->height) = (int)x;
		free(v);
	} else
		return false;
	return true;
}

static bool
enclosure_key(struct article *a, size_t i, const char *sub, char *v)
{
	struct enclosure *en;
	int64_t	 x;

	GROW(a->enclosures, a->nenclosures, i);
	en = &a->enclosures[i];
	if (strcmp(sub, "url") == 0)
		take(&en->url, v);
	else if (strcmp(sub, "type") == 0)
		take(&en->type, v);
	else if (strcmp(sub, "length") == 0 || strcmp(sub, "duration") == 0) {
		if (!to_i64(v, &x) || x < 0) {
			free(v);
			return false;
		}
		*(sub[0] == 'l' ? &en->length : &en->duration) = x;
		free(v);
	} else
		return false;
	return true;
}

static bool
link_key(struct article *a, size_t i, const char *sub, char *v)
{
	struct link *l;

	GROW(a->links, a->nlinks, i);
	l = &a->links[i];
	if (strcmp(sub, "href") == 0)
		take(&l->href, v);
	else if (strcmp(sub, "rel") == 0)
		take(&l->rel, v);
	else if (strcmp(sub, "type") == 0)
		take(&l->type, v);
	else if (strcmp(sub, "title") == 0)
		take(&l->title, v);
	else if (strcmp(sub, "lang") == 0)
		take(&l->lang, v);
	else
		return false;
	return true;
}

static bool
time_value(struct when *w, char *v)
{
	bool	 ok;

	ok = date_parse(v, w);
	free(v);
	return ok;
}

/* One article line; takes v. False for an unknown key or a bad value. */
static bool
article_line(struct article *a, const char *key, char *v)
{
	const char *sub;
	size_t	 i;
	int64_t	 x;

#define X(f) if (strcmp(key, #f) == 0) { take(&a->f, v); return true; }
	ARTICLE_STR_FIELDS(X)
#undef X
#define X(f) if (strcmp(key, #f) == 0) return time_value(&a->f, v);
	ARTICLE_TIME_FIELDS(X)
#undef X
	if (strcmp(key, "pubstatus") == 0 || strcmp(key, "signal") == 0 ||
	    strcmp(key, "id_is_permalink") == 0) {
		bool ok = true;

		if (strcmp(v, "withheld") == 0)
			a->pubstatus = PUBSTATUS_WITHHELD;
		else if (strcmp(v, "canceled") == 0)
			a->pubstatus = PUBSTATUS_CANCELED;
		else if (strcmp(v, "usable") == 0)
			a->pubstatus = PUBSTATUS_USABLE;
		else if (strcmp(v, "update") == 0)
			a->signal = SIGNAL_UPDATE;
		else if (strcmp(v, "correction") == 0)
			a->signal = SIGNAL_CORRECTION;
		else if (strcmp(v, "kill") == 0)
			a->signal = SIGNAL_KILL;
		else if (strcmp(v, "yes") == 0)
			a->id_is_permalink = 1;
		else if (strcmp(v, "no") == 0)
			a->id_is_permalink = 0;
		else
			ok = false;
		free(v);
		return ok;
	}
	if (strcmp(key, "urgency") == 0 || strcmp(key, "comments_count") == 0) {
		bool ok = to_i64(v, &x) && x >= 0 && x <= 2000000000;

		free(v);
		if (ok && key[0] == 'u')
			a->urgency = (int)x;
		else if (ok)
			a->comments_count = (long)x;
		return ok;
	}
	if (indexed(key, "author", &i, &sub))
		return person_key(&a->authors, &a->nauthors, i, sub, v);
	if (indexed(key, "image", &i, &sub))
		return image_key(a, i, sub, v);
	if (indexed(key, "enclosure", &i, &sub))
		return enclosure_key(a, i, sub, v);
	if (indexed(key, "category", &i, &sub))
		return category_key(&a->categories, &a->ncategories, i, sub, v);
	if (indexed(key, "keyword", &i, &sub) && *sub == '\0') {
		GROW(a->keywords, a->nkeywords, i);
		take(&a->keywords[i], v);
		return true;
	}
	if (indexed(key, "link", &i, &sub))
		return link_key(a, i, sub, v);
	free(v);
	return false;
}

/* feed.skip_hours ("0 23") or feed.skip_days ("Saturday"); takes v. */
static bool
skip_value(struct feed *f, bool hours, char *v)
{
	char	*p, *save = NULL, *end;
	long	 h;
	int	 d;
	bool	 ok = true;

	for (p = strtok_r(v, " ", &save); p != NULL && ok;
	    p = strtok_r(NULL, " ", &save)) {
		if (hours) {
			errno = 0;
			h = strtol(p, &end, 10);
			ok = errno == 0 && end != p && *end == '\0' &&
			    h >= 0 && h < 24;
			if (ok)
				f->skip_hours |= 1u << h;
		} else {
			d = feed_day_parse(p);
			ok = d >= 0;
			if (ok)
				f->skip_days |= 1u << d;
		}
	}
	free(v);
	return ok;
}

/* One feed line (key without "feed."); takes v. */
static bool
feed_line(struct feed *f, const char *key, char *v)
{
	const char *sub;
	size_t	 i;
	int64_t	 x;

#define X(n) if (strcmp(key, #n) == 0) { take(&f->n, v); return true; }
	FEED_STR_FIELDS(X)
#undef X
	if (strcmp(key, "published") == 0)
		return time_value(&f->published, v);
	if (strcmp(key, "updated") == 0)
		return time_value(&f->updated, v);
	if (strcmp(key, "ttl") == 0) {
		bool ok = to_i64(v, &x) && x > 0 && x < 1000000000;

		free(v);
		if (ok)
			f->ttl = (int)x;
		return ok;
	}
	if (strcmp(key, "skip_hours") == 0 || strcmp(key, "skip_days") == 0)
		return skip_value(f, key[5] == 'h', v);
	if (indexed(key, "author", &i, &sub))
		return person_key(&f->authors, &f->nauthors, i, sub, v);
	if (indexed(key, "category", &i, &sub))
		return category_key(&f->categories, &f->ncategories, i, sub, v);
	free(v);
	return false;
}

/* Run line() over each "key<TAB>value" line of text; blank lines skip. */
static enum err
each_line(const char *text, size_t len, bool is_feed, void *obj)
{
	const char *p = text, *end = text + len, *nl, *tab;
	char	*key;
	bool	 ok;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (nl == p) {
			p++;
			continue;
		}
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab == NULL)
			return ERR_PARSE;
		key = xstrndup(p, (size_t)(tab - p));
		if (is_feed)
			ok = strncmp(key, "feed.", 5) == 0 && feed_line(obj,
			    key + 5, unescape(tab + 1, (size_t)(nl - tab - 1)));
		else
			ok = article_line(obj, key, unescape(tab + 1,
			    (size_t)(nl - tab - 1)));
		free(key);
		if (!ok)
			return ERR_PARSE;
		p = nl + 1;
	}
	return ERR_OK;
}

enum err
undump_article(const char *text, size_t len, struct article *a)
{
	return each_line(text, len, false, a);
}

enum err
undump_feed(const char *text, size_t len, struct feed *f)
{
	return each_line(text, len, true, f);
}
