/* SPDX-License-Identifier: MIT */
/*
 * What the element handlers of the XML readers (rss.c, atom.c,
 * xmlext.c) fill the article model with: attributes, trimmed text,
 * URLs against xml:base, dates, content types and people.
 */
#include "config.h"
#include "read/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

const char *
xml_attr(const struct xml_attr *attrs, size_t n, enum xml_ns ns,
    const char *local)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (attrs[i].ns == ns && strcmp(attrs[i].local, local) == 0)
			return attrs[i].value;
	/* Unprefixed attributes have no namespace; accept either. */
	if (ns == NS_OTHER)
		return NULL;
	for (i = 0; i < n; i++)
		if (attrs[i].ns == NS_OTHER && strcmp(attrs[i].local, local) == 0)
			return attrs[i].value;
	return NULL;
}

char *
xml_trim(const char *text, size_t len)
{
	while (len > 0 && (*text == ' ' || *text == '\t' || *text == '\n' ||
	    *text == '\r')) {
		text++;
		len--;
	}
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
	    text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len == 0)
		return NULL;
	return xstrndup(text, len);
}

void
xml_set(char **dst, const char *text, size_t len, bool force)
{
	char	*v;

	if (!force && *dst != NULL)
		return;
	v = xml_trim(text, len);
	if (v == NULL)
		return;
	free(*dst);
	*dst = v;
}

char *
xml_url(struct xml_reader *x, const char *ref)
{
	const char *base = NULL;
	char	*r;

	if (ref == NULL || text_is_blank(ref))
		return NULL;
	if (x->depth > 0 && x->depth <= CAP_XML_DEPTH_FRAMES)
		base = x->stack[x->depth - 1].base;
	if (base == NULL)
		base = x->feed.home_url;
	r = uri_resolve(base, ref);
	if (r == NULL && !uri_has_scheme(ref))
		log_warn("%s:%ld: relative URL \"%.80s\" has no base to resolve "
		    "against (use --base-url); dropped", x->o->name,
		    xml_line(x), ref);
	return r;
}

void
xml_date(struct xml_reader *x, struct when *w, const char *text, size_t len,
    bool force)
{
	struct when parsed;
	char	*s;

	if (!force && w->t != 0)
		return;
	s = xml_trim(text, len);
	if (s == NULL)
		return;
	if (date_parse(s, &parsed))
		*w = parsed;
	else
		log_warn("%s:%ld: unparseable date \"%.60s\"; left unknown",
		    x->o->name, xml_line(x), s);
	free(s);
}

int
xml_type_mode(const char *type, const char *mode03)
{
	if (mode03 != NULL) {
		if (text_ieq(mode03, "escaped"))
			return XT_HTML;
		if (text_ieq(mode03, "xml"))
			return XT_XHTML;
	}
	if (type == NULL || text_ieq(type, "text") ||
	    text_ieq(type, "text/plain"))
		return XT_TEXT;
	if (text_ieq(type, "html") || text_ieq(type, "text/html"))
		return XT_HTML;
	if (text_ieq(type, "xhtml") || text_ieq(type, "application/xhtml+xml"))
		return XT_XHTML;
	/* Other media types: text content is what we can keep. */
	return XT_TEXT;
}

void
xml_person_parse(struct person *p, const char *s)
{
	const char *at, *lt, *gt, *lp, *rp;
	char	*name = NULL, *email = NULL;

	if (s == NULL)
		return;
	at = strchr(s, '@');
	lt = strchr(s, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	lp = strchr(s, '(');
	rp = lp != NULL ? strrchr(lp, ')') : NULL;
	if (at != NULL && lt != NULL && gt != NULL && lt < at && at < gt) {
		/* Name <email> */
		email = xml_trim(lt + 1, (size_t)(gt - lt - 1));
		name = xml_trim(s, (size_t)(lt - s));
	} else if (at != NULL && lp != NULL && rp != NULL && at < lp) {
		/* email (Name) */
		email = xml_trim(s, (size_t)(lp - s));
		name = xml_trim(lp + 1, (size_t)(rp - lp - 1));
	} else if (at != NULL && lp != NULL && rp != NULL && lp < at &&
	    at < rp) {
		/* Name (email) */
		email = xml_trim(lp + 1, (size_t)(rp - lp - 1));
		name = xml_trim(s, (size_t)(lp - s));
	} else if (at != NULL && strchr(s, ' ') == NULL) {
		email = xstrdup(s);
	} else {
		name = xstrdup(s);
	}
	if (email != NULL && strncmp(email, "mailto:", 7) == 0)
		memmove(email, email + 7, strlen(email + 7) + 1);
	if (name != NULL && p->name == NULL)
		p->name = name;
	else
		free(name);
	if (email != NULL && p->email == NULL)
		p->email = email;
	else
		free(email);
}

void
xml_add_person(struct xml_reader *x, enum xml_where where,
    const struct person *p)
{
	struct person *np;
	size_t	 i, n;
	struct person *list;

	if (p->name == NULL && p->email == NULL && p->url == NULL)
		return;
	if (where == IN_ITEM && x->art != NULL) {
		list = x->art->authors;
		n = x->art->nauthors;
	} else if (where == IN_FEED) {
		list = x->feed.authors;
		n = x->feed.nauthors;
	} else
		return;
	if (n >= CAP_LIST)
		return;
	/* The same person named twice (dc:creator and author) counts once. */
	for (i = 0; i < n; i++)
		if ((p->name != NULL && list[i].name != NULL &&
		    strcmp(p->name, list[i].name) == 0) ||
		    (p->name == NULL && p->email != NULL &&
		    list[i].email != NULL && strcmp(p->email, list[i].email) == 0)) {
			if (list[i].email == NULL && p->email != NULL)
				list[i].email = xstrdup(p->email);
			if (list[i].url == NULL && p->url != NULL)
				list[i].url = xstrdup(p->url);
			return;
		}
	np = where == IN_ITEM ? article_add_author(x->art) :
	    feed_add_author(&x->feed);
	np->name = p->name != NULL ? xstrdup(p->name) : NULL;
	np->email = p->email != NULL ? xstrdup(p->email) : NULL;
	np->url = p->url != NULL ? xstrdup(p->url) : NULL;
}
