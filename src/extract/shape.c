/* SPDX-License-Identifier: MIT */
/*
 * Boilerplate by shape, for containers inside a chosen body: link lists,
 * image strips, forms, short link-heavy fragments, embeds without text,
 * teaser <article>s. Counts leave out what the writer drops anyway, so a
 * share bar does not condemn the story around it.
 */
#include "config.h"
#include "extract/shape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/classify.h"
#include "extract/figure.h"
#include "util/xmalloc.h"

/*
 * What a subtree holds, leaving out what the writer drops anyway. Text
 * length has white space collapsed across the whole run of text, so it
 * depends on whether the text before ended in space: len, links and
 * end are kept for both starts ([1]: after a space, [0]: after a
 * letter). links counts text inside <a>.
 */
struct sum {
	size_t	 p, img, li, input, embed, heading;
	size_t	 len[2], links[2];
	bool	 end[2];	/* ends in space, for each start */
	bool	 cut;		/* deeper than PAGE_MAX_DEPTH: not cached */
};

/* Memo of subtree sums by node, so each node is summed once per page. */
struct shape_slot {
	const GumboNode	*n;
	struct sum	 s;
};
struct shape_cache {
	struct shape_slot *slot;
	size_t		 cap, used;	/* cap is a power of two */
};

struct shape_cache *
shape_cache_new(void)
{
	return xcalloc(1, sizeof(struct shape_cache));
}

void
shape_cache_free(struct shape_cache *sc)
{
	if (sc != NULL) {
		free(sc->slot);
		free(sc);
	}
}

static size_t
slot_of(const struct shape_cache *sc, const GumboNode *n)
{
	uintptr_t h = (uintptr_t)n;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (sc->cap - 1);
}

static const struct sum *
cache_get(const struct shape_cache *sc, const GumboNode *n)
{
	size_t	 i;

	if (sc == NULL || sc->cap == 0)
		return NULL;
	for (i = slot_of(sc, n); sc->slot[i].n != NULL;
	    i = (i + 1) & (sc->cap - 1))
		if (sc->slot[i].n == n)
			return &sc->slot[i].s;
	return NULL;
}

static void
cache_put(struct shape_cache *sc, const GumboNode *n, const struct sum *s)
{
	struct shape_slot *old;
	size_t	 i, oldcap;

	if (sc == NULL)
		return;
	if (2 * (sc->used + 1) > sc->cap) {
		old = sc->slot;
		oldcap = sc->cap;
		sc->cap = oldcap == 0 ? 256 : 2 * oldcap;
		sc->slot = xcalloc(sc->cap, sizeof *sc->slot);
		sc->used = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].n != NULL)
				cache_put(sc, old[i].n, &old[i].s);
		free(old);
	}
	for (i = slot_of(sc, n); sc->slot[i].n != NULL;
	    i = (i + 1) & (sc->cap - 1))
		;
	sc->slot[i].n = n;
	sc->slot[i].s = *s;
	sc->used++;
}

/* The sum of a text node, for both starts. */
static void
sum_text(struct sum *t, const char *s)
{
	const char *q;
	int	 start;
	bool	 space;

	for (start = 0; start < 2; start++) {
		space = start;
		t->len[start] = 0;
		for (q = s; *q != '\0'; q++) {
			if (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r') {
				if (space)
					continue;
				space = true;
			} else
				space = false;
			t->len[start]++;
		}
		t->end[start] = space;
	}
}

/* Append b's sum to a's: b's text follows a's. */
static void
sum_add(struct sum *a, const struct sum *b)
{
	int	 s, mid;

	a->p += b->p;
	a->img += b->img;
	a->li += b->li;
	a->input += b->input;
	a->embed += b->embed;
	a->heading += b->heading;
	for (s = 0; s < 2; s++) {
		mid = a->end[s];
		a->len[s] += b->len[mid];
		a->links[s] += b->links[mid];
		a->end[s] = b->end[mid];
	}
	a->cut = a->cut || b->cut;
}

static void
sum_tag(struct sum *t, GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P: t->p++; break;
	case GUMBO_TAG_IMG: t->img++; break;
	case GUMBO_TAG_LI: t->li++; break;
	case GUMBO_TAG_INPUT: t->input++; break;
	case GUMBO_TAG_EMBED: case GUMBO_TAG_OBJECT: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_VIDEO:
		t->embed++;
		break;
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
		t->heading++;
		break;
	default:
		break;
	}
}

/*
 * The sum under element n (n itself always counted; below it, junk
 * containers and <noscript> are left out), depth levels below the
 * container being judged.
 */
static void
sum_node(struct shape_cache *sc, const GumboNode *n, int depth,
    struct sum *out)
{
	const GumboVector *v;
	const GumboNode *k;
	const struct sum *memo;
	struct sum ks;
	size_t	 i;
	int	 s;

	memset(out, 0, sizeof *out);
	out->end[1] = true;
	if ((memo = cache_get(sc, n)) != NULL) {
		*out = *memo;
		return;
	}
	sum_tag(out, n->v.element.tag);
	v = page_kids(n);
	for (i = 0; i < v->length; i++) {
		k = v->data[i];
		if (k->type == GUMBO_NODE_TEXT ||
		    k->type == GUMBO_NODE_WHITESPACE ||
		    k->type == GUMBO_NODE_CDATA) {
			memset(&ks, 0, sizeof ks);
			sum_text(&ks, k->v.text.text);
		} else if (k->type != GUMBO_NODE_ELEMENT ||
		    classify_junk(k) ||
		    k->v.element.tag == GUMBO_TAG_NOSCRIPT)
			continue;
		else if (depth + 1 > PAGE_MAX_DEPTH) {
			out->cut = true;
			continue;
		} else
			sum_node(sc, k, depth + 1, &ks);
		sum_add(out, &ks);
	}
	if (n->v.element.tag == GUMBO_TAG_A)
		for (s = 0; s < 2; s++)
			out->links[s] = out->len[s];
	if (!out->cut)
		cache_put(sc, n, out);
}

/* Does this container look like boilerplate by its shape? */
bool
shape_drop(struct shape_cache *sc, const GumboNode *n)
{
	struct sum c;
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
	sum_node(sc, n, 0, &c);
	len = c.len[1];
	links = c.links[1];
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

