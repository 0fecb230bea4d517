/* SPDX-License-Identifier: MIT */
/*
 * Boilerplate by shape, for containers inside a chosen body: link lists,
 * image strips, forms, short link-heavy fragments, embeds without text,
 * teaser <article>s. Counts leave out what the writer drops anyway, so a
 * share bar does not condemn the story around it.
 */
#include "config.h"
#include "extract/shape.h"

#include <string.h>

#include "extract/classify.h"
#include "extract/figure.h"

struct counts {
	size_t	 p, img, li, input, embed, heading;
	size_t	 len, links;	/* text bytes (white space collapsed) */
	bool	 space;
};

static void
count_text(struct counts *c, const char *s, bool in_link)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			if (c->space)
				continue;
			c->space = true;
		} else
			c->space = false;
		c->len++;
		if (in_link)
			c->links++;
	}
}

/* Counts under n, leaving out what the writer drops anyway. */
static void
count_rec(const GumboNode *n, struct counts *c, int depth, bool in_link)
{
	const GumboVector *v;
	size_t	 i;

	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	    n->type == GUMBO_NODE_CDATA) {
		count_text(c, n->v.text.text, in_link);
		return;
	}
	if (depth > PAGE_MAX_DEPTH || n->type != GUMBO_NODE_ELEMENT ||
	    (depth > 0 && classify_junk(n)) ||
	    n->v.element.tag == GUMBO_TAG_NOSCRIPT)
		return;
	if (n->v.element.tag == GUMBO_TAG_A)
		in_link = true;
	switch (n->v.element.tag) {
	case GUMBO_TAG_P: c->p++; break;
	case GUMBO_TAG_IMG: c->img++; break;
	case GUMBO_TAG_LI: c->li++; break;
	case GUMBO_TAG_INPUT: c->input++; break;
	case GUMBO_TAG_EMBED: case GUMBO_TAG_OBJECT: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_VIDEO:
		c->embed++;
		break;
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
		c->heading++;
		break;
	default:
		break;
	}
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		count_rec(v->data[i], c, depth + 1, in_link);
}

/* Does this container look like boilerplate by its shape? */
bool
shape_drop(const GumboNode *n)
{
	struct counts c;
	size_t	 len, links;
	double	 ld;
	int	 w;
	bool	 list;

	switch (n->v.element.tag) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_UL:
	case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_HEADER:
	case GUMBO_TAG_DL: case GUMBO_TAG_SPAN:
		break;
	default:
		return false;
	}
	if (figure_is(n))
		return false;
	w = classify_weight(n);
	if (w < 0)
		return true;
	memset(&c, 0, sizeof c);
	c.space = true;
	count_rec(n, &c, 0, false);
	len = c.len;
	links = c.links;
	ld = len > 0 ? (double)links / (double)len : 0;
	list = page_is(n, GUMBO_TAG_UL) || page_is(n, GUMBO_TAG_OL);
	if (len > 1000 && ld < 0.2)
		return false;
	if (c.img > 1 && (double)c.p / (double)c.img < 0.5 && len < 200)
		return true;
	if (!list && c.li > c.p + 3 && ld > 0.3)
		return true;
	if (c.input > c.p / 3 + 1)
		return true;
	if (!list && len < 25 && (c.img == 0 || c.img > 2) && ld > 0)
		return true;
	if (w < 25 && ld > 0.35 && len < 2000)
		return true;
	if (w >= 25 && ld > 0.5)
		return true;
	if ((c.embed == 1 && len < 75) || c.embed > 1)
		return c.p == 0;
	return false;
}

/* An <article> inside another: a teaser for a different story. */
bool
shape_nested_article(const GumboNode *n)
{
	const GumboNode *up;

	if (!page_is(n, GUMBO_TAG_ARTICLE))
		return false;
	for (up = n->parent; up != NULL; up = up->parent)
		if (page_is(up, GUMBO_TAG_ARTICLE))
			return true;
	return false;
}

/* Does n hold paragraphs or other blocks (a <td> or <li> as a box)? */
bool
shape_has_blocks(const GumboNode *n)
{
	const GumboVector *v = page_kids(n);
	const GumboNode *c;
	size_t	 i;

	for (i = 0; i < v->length; i++) {
		c = v->data[i];
		if (c->type == GUMBO_NODE_ELEMENT &&
		    c->v.element.tag != GUMBO_TAG_BR &&
		    page_tag_is_block(c->v.element.tag))
			return true;
	}
	return false;
}

