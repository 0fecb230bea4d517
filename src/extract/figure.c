/* SPDX-License-Identifier: MIT */
/*
 * Images and figures in article bodies: the real source of a lazy image
 * (data-src and friends, the widest srcset candidate, never a data: or
 * placeholder pixel), and what counts as a figure, its caption and its
 * credit (<figure>, WordPress caption boxes, class names).
 */
#include "config.h"
#include "extract/figure.h"

#include <stdlib.h>
#include <string.h>

#include "extract/classify.h"
#include "util/text.h"
#include "util/xmalloc.h"

static bool
is_placeholder(const char *v)
{
	return v == NULL || *v == '\0' || text_istarts(v, "data:") ||
	    strstr(v, "blank.") != NULL || strstr(v, "spacer") != NULL ||
	    strstr(v, "placeholder") != NULL || strstr(v, "pixel.") != NULL ||
	    strstr(v, "transparent.") != NULL || strstr(v, "lazy") != NULL ||
	    strstr(v, "grey.gif") != NULL || strstr(v, "gray.gif") != NULL ||
	    strstr(v, "1x1") != NULL;
}

/* The widest candidate of a srcset, as a new string. */
static char *
srcset_best(const char *set)
{
	const char *p = set, *u, *ue;
	char	*best = NULL;
	long	 bw = -1, w;

	while (p != NULL && *p) {
		while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		u = p;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t' &&
		    !(*p == ',' && (p[1] == ' ' || p[1] == '\0')))
			p++;
		ue = p;
		while (*p == ' ')
			p++;
		w = 0;
		if (*p >= '0' && *p <= '9') {
			w = strtol(p, NULL, 10);
			while (*p && *p != ',')
				p++;
		}
		if (w > bw && !text_istarts(u, "data:")) {
			free(best);
			best = xstrndup(u, (size_t)(ue - u));
			bw = w;
		}
	}
	return best;
}

char *
figure_img_src(const struct page *p, const GumboNode *n)
{
	static const char *const lazy[] = { "data-src", "data-lazy-src",
	    "data-original", "data-url", "data-hi-res-src", "data-full-src",
	    "data-lazy", NULL };
	static const char *const sets[] = { "data-srcset", "data-lazy-srcset",
	    "srcset", NULL };
	const char *v;
	char	*s, *u;
	size_t	 i;

	for (i = 0; lazy[i] != NULL; i++) {
		v = page_attr(n, lazy[i]);
		if (v != NULL && !text_istarts(v, "data:") && *v != '\0')
			return page_url(p, v);
	}
	v = page_attr(n, "src");
	if (!is_placeholder(v))
		return page_url(p, v);
	for (i = 0; sets[i] != NULL; i++) {
		v = page_attr(n, sets[i]);
		if (v == NULL)
			continue;
		s = srcset_best(v);
		u = s != NULL ? page_url(p, s) : NULL;
		free(s);
		if (u != NULL)
			return u;
	}
	if (v == NULL && (v = page_attr(n, "src")) != NULL &&
	    !text_istarts(v, "data:") && *v != '\0')
		return page_url(p, v);
	return NULL;
}

bool
figure_is_img(const GumboNode *n)
{
	char	 tmp[16];

	return page_is(n, GUMBO_TAG_IMG) || (n->type == GUMBO_NODE_ELEMENT &&
	    n->v.element.tag == GUMBO_TAG_UNKNOWN &&
	    strcmp(page_tagname(n, tmp, sizeof tmp), "amp-img") == 0);
}



bool
figure_is_caption(const GumboNode *n)
{
	return page_is(n, GUMBO_TAG_FIGCAPTION) || (!figure_is_img(n) &&
	    classify_has(n, "caption"));
}

bool
figure_is_credit(const GumboNode *n)
{
	return classify_has(n, "credit") || classify_has(n, "copyright") ||
	    classify_has(n, "photographer") || classify_has(n, "source");
}

bool
figure_is(const GumboNode *n)
{
	const char *c = page_attr(n, "class");

	if (c != NULL && strstr(c, "wp-caption") != NULL &&
	    strstr(c, "wp-caption-text") == NULL)
		return true;
	return page_is(n, GUMBO_TAG_FIGURE) ||
	    (page_is(n, GUMBO_TAG_DIV) && classify_has(n, "figure"));
}

