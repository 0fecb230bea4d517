/* SPDX-License-Identifier: MIT */
/*
 * Finding the article body. Every paragraph of 25 or more characters
 * scores 1 + its commas + one per 100 characters (at most 3); the score
 * goes to its parent, half to the grandparent and a third to the
 * great-grandparent. Each container's total plus a tag and class/id bonus,
 * scaled by its share of text outside links, ranks it; the best one and
 * its siblings that look like story text are the body. bodyhtml.c writes
 * them out.
 */
#include "config.h"
#include "extract/body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/bodyhtml.h"
#include "extract/classify.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAX_CANDIDATES	4096
/* An ancestor scoring this share of the best candidate replaces it. */
#define UP_RATIO	0.7

struct cand {
	const GumboNode	*n;
	double		 contrib;	/* paragraph scores from below */
	double		 score;		/* final */
	size_t		 len;
	size_t		 links;
};

struct scan {
	struct cand	*c;
	size_t		 nc;
};

struct agg {
	double	 p0, p1, p2;
	size_t	 len, links, commas;
	bool	 block;		/* holds a block element */
};

static void
count_text(const char *s, struct agg *a, bool in_link, bool *space)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			if (*space)
				continue;
			*space = true;
		} else
			*space = false;
		if (*s == ',')
			a->commas++;
		a->len++;
		if (in_link)
			a->links++;
	}
}

static double
tag_bonus(const GumboNode *n)
{
	switch (n->v.element.tag) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_MAIN:
		return 5;
	case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
		return 3;
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
	case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
	case GUMBO_TAG_LI:
		return -3;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
	case GUMBO_TAG_TH:
		return -5;
	default:
		return 0;
	}
}

static bool
para_tag(const GumboNode *n, bool has_block)
{
	switch (n->v.element.tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_PRE:
		return true;
	case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_TD:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_LI: case GUMBO_TAG_SPAN:
	case GUMBO_TAG_FONT: case GUMBO_TAG_ARTICLE:
		return !has_block;
	default:
		return false;
	}
}

static struct agg
walk(struct scan *s, const GumboNode *n, int depth, bool in_link,
    bool *space)
{
	struct agg a, c;
	const GumboVector *v;
	const GumboNode *ch;
	double	 contrib = 0, ps;
	size_t	 i;

	memset(&a, 0, sizeof a);
	if (depth > PAGE_MAX_DEPTH)
		return a;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	    n->type == GUMBO_NODE_CDATA) {
		count_text(n->v.text.text, &a, in_link, space);
		return a;
	}
	if (n->type != GUMBO_NODE_ELEMENT || classify_junk(n) ||
	    n->v.element.tag == GUMBO_TAG_NOSCRIPT)
		return a;
	if (n->v.element.tag == GUMBO_TAG_A)
		in_link = true;
	if (page_tag_is_block(n->v.element.tag))
		*space = true;
	v = page_kids(n);
	for (i = 0; i < v->length; i++) {
		c = walk(s, v->data[i], depth + 1, in_link, space);
		contrib += c.p0 + c.p1 / 2 + c.p2 / 3;
		a.p1 += c.p0;
		a.p2 += c.p1;
		a.len += c.len;
		a.links += c.links;
		a.commas += c.commas;
		ch = v->data[i];
		if (ch->type == GUMBO_NODE_ELEMENT &&
		    ch->v.element.tag != GUMBO_TAG_BR &&
		    (c.block || page_tag_is_block(ch->v.element.tag)))
			a.block = true;
	}
	if (para_tag(n, a.block) && a.len >= 25 && a.links * 2 < a.len) {
		ps = 1 + (double)a.commas + (a.len / 100 > 3 ? 3 :
		    (double)(a.len / 100));
		a.p0 = ps;
	}
	if (contrib > 0 && s->nc < MAX_CANDIDATES) {
		struct cand *k = &s->c[s->nc++];

		k->n = n;
		k->contrib = contrib;
		k->len = a.len;
		k->links = a.links;
	}
	return a;
}

static double
final_score(const struct cand *k)
{
	double	 ld = k->len > 0 ? (double)k->links / (double)k->len : 0;

	double	 bonus = tag_bonus(k->n) + classify_weight(k->n);

	/* Names and tags tip the balance; they cannot make a body. */
	if (bonus > k->contrib)
		bonus = k->contrib;
	return (k->contrib + bonus) * (1 - ld);
}

static const struct cand *
find(const struct scan *s, const GumboNode *n)
{
	size_t	 i;

	for (i = 0; i < s->nc; i++)
		if (s->c[i].n == n)
			return &s->c[i];
	return NULL;
}

/* Is c the only element (and there is no text) inside n? */
static bool
only_child(const GumboNode *n, const GumboNode *c)
{
	const GumboVector *v = page_kids(n);
	const GumboNode *k;
	size_t	 i;

	for (i = 0; i < v->length; i++) {
		k = v->data[i];
		if (k != c && (k->type == GUMBO_NODE_ELEMENT ||
		    k->type == GUMBO_NODE_TEXT))
			return false;
	}
	return true;
}

/* A box around a lead figure: little text besides the caption. */
static bool
figure_box(const GumboNode *n)
{
	const GumboVector *v = page_kids(n);
	size_t	 i;

	if (page_text_len(n, NULL) > 400 || page_is(n, GUMBO_TAG_HEADER))
		return false;
	for (i = 0; i < v->length; i++) {
		const GumboNode *c = v->data[i];

		if (c->type != GUMBO_NODE_ELEMENT)
			continue;
		if (bodyhtml_is_figure(c))
			return true;
	}
	return false;
}

/* A short paragraph that still reads like a sentence. */
static bool
short_sentence(const GumboNode *n)
{
	char	*t = page_text_str(n);
	bool	 yes;

	yes = t != NULL && (strstr(t, ". ") != NULL ||
	    t[strlen(t) - 1] == '.');
	free(t);
	return yes;
}

static void
describe(char *out, size_t outlen, const GumboNode *n, double score)
{
	char	 tmp[32], cls[64] = "";
	const char *c = page_attr(n, "class"), *id = page_attr(n, "id");
	size_t	 i;

	if (id != NULL && *id != '\0')
		snprintf(cls, sizeof cls, "#%s", id);
	else if (c != NULL && *c != '\0') {
		snprintf(cls, sizeof cls, ".%s", c);
		for (i = 0; cls[i]; i++)
			if (cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n')
				cls[i] = '.';
	}
	snprintf(out, outlen, "candidate %s%s score %.1f",
	    page_tagname(n, tmp, sizeof tmp), cls, score);
}

void
body_extract(const struct page *p, const char *title, struct body *b)
{
	struct scan	 s;
	const struct cand *top = NULL, *k;
	const GumboNode	*sel[256], *parent, *around, *topn;
	const GumboVector *v;
	size_t		 i, nsel = 0;
	bool		 space = true;
	double		 thresh;

	memset(b, 0, sizeof *b);
	if (p->body == NULL)
		return;
	s.c = xcalloc(MAX_CANDIDATES, sizeof *s.c);
	s.nc = 0;
	(void)walk(&s, p->body, 0, false, &space);
	for (i = 0; i < s.nc; i++) {
		s.c[i].score = final_score(&s.c[i]);
		if (top == NULL || s.c[i].score > top->score)
			top = &s.c[i];
	}
	if (top == NULL || top->score <= 0) {
		sel[nsel++] = p->body;
		snprintf(b->rule, sizeof b->rule, "whole body (no candidate)");
	} else {
		/*
		 * A story split into several blocks: an ancestor (two
		 * levels up at most) that scores nearly as well holds them all.
		 */
		for (i = 0, topn = top->n->parent; i < 2 && topn != NULL &&
		    topn != p->body; i++, topn = topn->parent) {
			k = find(&s, topn);
			if (k != NULL && k->score >= top->score * UP_RATIO) {
				top = k;
				break;
			}
		}
		describe(b->rule, sizeof b->rule, top->n, top->score);
		topn = top->n;
		/* Climb out of wrappers that hold nothing else. */
		while (topn->parent != NULL && topn->parent != p->body &&
		    topn->parent->type == GUMBO_NODE_ELEMENT &&
		    only_child(topn->parent, topn))
			topn = topn->parent;
		parent = topn->parent;
		v = page_kids(parent);
		thresh = top->score * 0.2 > 10 ? top->score * 0.2 : 10;
		for (i = 0; v != NULL && i < v->length && nsel < 256; i++) {
			const GumboNode *sib = v->data[i];
			size_t	 len, links;

			if (sib == topn) {
				sel[nsel++] = sib;
				continue;
			}
			if (sib->type != GUMBO_NODE_ELEMENT || classify_junk(sib))
				continue;
			if (bodyhtml_is_figure(sib) || figure_box(sib)) {
				sel[nsel++] = sib;
				continue;
			}
			k = find(&s, sib);
			if (k != NULL && k->score >= thresh) {
				sel[nsel++] = sib;
				continue;
			}
			if (!page_is(sib, GUMBO_TAG_P))
				continue;
			len = page_text_len(sib, &links);
			if (len > 80 && links * 4 < len)
				sel[nsel++] = sib;
			else if (len > 0 && links == 0 && short_sentence(sib))
				sel[nsel++] = sib;
		}
	}
	around = top != NULL && top->score > 0 ? top->n->parent : p->body;
	free(s.c);
	bodyhtml_write(p, sel, nsel, title, b);
	if (b->byline == NULL && around != NULL &&
	    (b->byline = bodyhtml_find_byline(around)) != NULL)
		snprintf(b->byline_rule, sizeof b->byline_rule,
		    "byline element near the body");
}

void
body_cleanup(struct body *b)
{
	size_t	 i;

	free(b->html);
	free(b->dateline);
	free(b->byline);
	for (i = 0; i < b->nimages; i++) {
		free(b->images[i].url);
		free(b->images[i].alt);
		free(b->images[i].caption);
		free(b->images[i].credit);
	}
	memset(b, 0, sizeof *b);
}

char *
body_dateline(const char *text)
{
	static const char *const seps[] = { " \xe2\x80\x94", " \xe2\x80\x93",
	    " --", " -", "\xe2\x80\x94", NULL };
	const char *best = NULL, *s, *c;
	char	*place, *q;
	size_t	 i, n, upper = 0;

	if (text == NULL)
		return NULL;
	for (i = 0; seps[i] != NULL; i++) {
		s = strstr(text, seps[i]);
		if (s != NULL && s - text <= 80 && (best == NULL || s < best))
			best = s;
	}
	if (best == NULL || best == text)
		return NULL;
	place = xstrndup(text, (size_t)(best - text));
	/* Drop an agency in parentheses: "MOSCOW (AP)". */
	q = strchr(place, '(');
	if (q != NULL)
		*q = '\0';
	n = strlen(place);
	while (n > 0 && (place[n - 1] == ' ' || place[n - 1] == ','))
		place[--n] = '\0';
	c = strchr(place, ',');
	for (s = place; *s && (c == NULL || s < c); s++) {
		if (*s >= 'a' && *s <= 'z')
			break;
		if (*s >= 'A' && *s <= 'Z')
			upper++;
		if (*s >= '0' && *s <= '9')
			break;
	}
	if (n < 2 || upper < 2 || (*s != '\0' && (c == NULL || s < c)) ||
	    (c != NULL && strlen(c) > 30)) {
		free(place);
		return NULL;
	}
	q = text_clean_str(place, TEXT_COLLAPSE, 128);
	free(place);
	return q;
}
