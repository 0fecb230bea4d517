/* SPDX-License-Identifier: MIT */
/*
 * The body serializer: walks the selected nodes, keeps the elements a
 * story uses (paragraphs, headings, lists, quotes, tables, figures,
 * inline emphasis and links), treats other containers as transparent
 * (wrapping loose text in <p>), and drops what looks like boilerplate by
 * its shape: link lists, image strips, short fragments with links.
 */
#include "config.h"
#include "extract/bodyhtml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/classify.h"
#include "extract/figure.h"
#include "extract/shape.h"
#include "util/caps.h"
#include "util/escape.h"
#include "util/text.h"
#include "util/xmalloc.h"

struct emit {
	const struct page *p;
	struct body	*b;
	const char	*title;
	struct buf	 html;
	int		 inl;		/* inside an element holding text */
	bool		 p_open;	/* a <p> we opened for loose text */
	size_t		 texts;		/* text paragraphs written so far */
	char		*seen[BODY_MAX_IMAGES];
	size_t		 nseen;
	struct shape_cache *shapes;	/* subtree sums for shape_drop() */
};

static void
put(struct emit *e, const char *s)
{
	CAPPED(buf_add(&e->html, s));
}

static void
put_text(struct emit *e, const char *s)
{
	CAPPED(buf_add_xml(&e->html, s));
}

static void
close_p(struct emit *e)
{
	if (e->p_open) {
		put(e, "</p>");
		e->p_open = false;
	}
}

static void
open_p(struct emit *e)
{
	if (e->inl == 0 && !e->p_open) {
		put(e, "<p>");
		e->p_open = true;
	}
}

/* Write an image; with caption, it becomes a model image with one. */
static bool
emit_img(struct emit *e, const GumboNode *n, const char *caption,
    const char *credit)
{
	struct body_image *im;
	const char *alt;
	char	*url;
	size_t	 i;
	int	 w, h;

	w = page_int_attr(n, "width");
	h = page_int_attr(n, "height");
	if ((w > 0 && w <= 2) || (h > 0 && h <= 2))
		return false;
	url = figure_img_src(e->p, n);
	if (url == NULL)
		return false;
	for (i = 0; i < e->nseen; i++)
		if (strcmp(e->seen[i], url) == 0) {
			free(url);
			return false;
		}
	if (e->nseen >= BODY_MAX_IMAGES) {
		free(url);
		return false;
	}
	e->seen[e->nseen++] = url;
	alt = page_attr(n, "alt");
	put(e, "<img src=\"");
	CAPPED(buf_add_xml_attr(&e->html, url));
	put(e, "\"");
	if (alt != NULL) {
		put(e, " alt=\"");
		CAPPED(buf_add_xml_attr(&e->html, alt));
		put(e, "\"");
	}
	if (w > 0 && h > 0)
		CAPPED(buf_addf(&e->html, " width=\"%d\" height=\"%d\"", w, h));
	put(e, ">");
	im = &e->b->images[e->b->nimages++];
	im->url = xstrdup(url);
	im->alt = text_clean_str(alt, TEXT_COLLAPSE, CAP_TEXT);
	im->caption = text_clean_str(caption, TEXT_COLLAPSE, CAP_TEXT);
	im->credit = text_clean_str(credit, TEXT_COLLAPSE, CAP_TEXT);
	im->width = w;
	im->height = h;
	return true;
}

/* <figure>: its image with caption and credit, or false when none. */
static bool
emit_figure(struct emit *e, const GumboNode *n)
{
	const GumboNode *img, *cap, *cr;
	char	*ctext = NULL, *crtext = NULL;
	size_t	 mark, cl, rl;
	bool	 ok;

	img = page_find(n, figure_is_img, 0);
	if (img == NULL)
		return false;
	cap = page_find(n, figure_is_caption, 0);
	cr = page_find(n, figure_is_credit, 0);
	if (cap != NULL) {
		ctext = page_text_str(cap);
		if (cr != NULL && cr != cap) {
			crtext = page_text_str(cr);
			/* The caption without its credit line. */
			if (ctext != NULL && crtext != NULL) {
				cl = strlen(ctext);
				rl = strlen(crtext);
				if (cl > rl && strcmp(ctext + cl - rl,
				    crtext) == 0) {
					char *t;

					ctext[cl - rl] = '\0';
					t = text_clean_str(ctext,
					    TEXT_COLLAPSE, CAP_TEXT);
					free(ctext);
					ctext = t;
				}
			}
		}
	}
	if (cap == NULL) {
		const GumboNode *f = page_find(n, figure_is_credit, 0);

		if (f != NULL)
			crtext = page_text_str(f);
	}
	close_p(e);
	mark = e->html.len;
	put(e, "<figure>");
	ok = emit_img(e, img, ctext, crtext);
	if (ok) {
		if (ctext != NULL || crtext != NULL) {
			put(e, "<figcaption>");
			if (ctext != NULL)
				put_text(e, ctext);
			if (crtext != NULL) {
				if (ctext != NULL)
					put(e, " ");
				put_text(e, crtext);
			}
			put(e, "</figcaption>");
		}
		put(e, "</figure>");
	} else
		buf_truncate(&e->html, mark);
	free(ctext);
	free(crtext);
	return true;
}

static void emit(struct emit *, const GumboNode *, int, bool);

bool
bodyhtml_is_figure(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT && figure_is(n) &&
	    page_find(n, figure_is_img, 0) != NULL;
}

static bool
is_byline(const GumboNode *n)
{
	const char *rel = page_attr(n, "rel");

	return ((classify_has(n, "byline") || (classify_has(n, "author") &&
	    !classify_has(n, "bio")) || (rel != NULL &&
	    strcasecmp(rel, "author") == 0)) &&
	    page_text_len(n, NULL) < 100 && page_text_len(n, NULL) > 2);
}

char *
bodyhtml_find_byline(const GumboNode *n)
{
	const GumboNode *b = page_find(n, is_byline, 0);

	if (b == NULL)
		return NULL;
	/* A link inside "By <a rel=author>" : the whole line reads better. */
	if (page_is(b, GUMBO_TAG_A) && b->parent != NULL &&
	    page_text_len(b->parent, NULL) < 100)
		b = b->parent;
	return page_text_str(b);
}

static bool
same_text(const char *a, const char *b)
{
	size_t	 n;

	if (a == NULL || b == NULL)
		return false;
	/* The heading, or the <title> that adds a site name to it. */
	n = strlen(a);
	return strcasecmp(a, b) == 0 || (n >= 15 && strncasecmp(a, b, n) == 0);
}

/* Author boxes, bylines and timestamps: noted or dropped. */
static bool
meta_line(struct emit *e, const GumboNode *n)
{
	const char *rel = page_attr(n, "rel"), *ip = page_attr(n, "itemprop");
	char	*t;
	size_t	 len;

	if (page_is(n, GUMBO_TAG_TIME) && e->texts == 0)
		return true;
	if (!(classify_has(n, "byline") || classify_has(n, "author") ||
	    classify_has(n, "timestamp") || classify_has(n, "published") ||
	    classify_has(n, "pubdate") || classify_has(n, "posted") ||
	    classify_has(n, "updated") || classify_has(n, "date") ||
	    classify_has(n, "time") || classify_has(n, "dateline") ||
	    (rel != NULL && strcasecmp(rel, "author") == 0) ||
	    (ip != NULL && strcasecmp(ip, "author") == 0)))
		return false;
	len = page_text_len(n, NULL);
	if (len > 200)
		return false;
	t = page_text_str(n);
	if (t == NULL)
		return true;
	if (classify_has(n, "dateline")) {
		if (e->b->dateline == NULL) {
			e->b->dateline = body_dateline(t);
			if (e->b->dateline == NULL) {
				char *c = t + strlen(t);

				while (c > t && (c[-1] == ' ' || c[-1] == '-' ||
				    (unsigned char)c[-1] >= 0x80 || c[-1] == ','))
					c--;
				*c = '\0';
				e->b->dateline = text_clean_str(t,
				    TEXT_COLLAPSE, 128);
			}
		}
		free(t);
		return false;	/* the dateline stays in the text */
	}
	if (e->b->byline == NULL && (classify_has(n, "byline") ||
	    classify_has(n, "author") || rel != NULL || ip != NULL) &&
	    len < 120) {
		e->b->byline = t;
		snprintf(e->b->byline_rule, sizeof e->b->byline_rule,
		    "byline element in body");
		return true;
	}
	free(t);
	return true;
}

/* "By Jane Doe" as a paragraph of its own before the story. */
static bool
byline_para(struct emit *e, const char *t)
{
	if (e->texts > 0 || t == NULL || strlen(t) > 80 ||
	    !(text_istarts(t, "by ") || text_istarts(t, "von ") ||
	    text_istarts(t, "par ") || text_istarts(t, "por ")))
		return false;
	if (e->b->byline == NULL) {
		e->b->byline = xstrdup(t);
		snprintf(e->b->byline_rule, sizeof e->b->byline_rule,
		    "\"By\" paragraph");
	}
	return true;
}

static void
kids(struct emit *e, const GumboNode *n, int depth)
{
	const GumboVector *v = page_kids(n);
	size_t	 i;

	for (i = 0; i < v->length; i++)
		emit(e, v->data[i], depth + 1, false);
}

/* A kept block element: <p>, <h2>, <li>...; false when it was empty. */
static void
emit_block(struct emit *e, const GumboNode *n, const char *tag, bool leaf,
    int depth)
{
	size_t	 mark, inner;
	char	*t = NULL;
	const char *v;

	close_p(e);
	if (leaf && e->inl == 0) {
		t = page_text_str(n);
		if (t != NULL && (classify_junk_text(t) || byline_para(e, t))) {
			free(t);
			return;
		}
		if (t != NULL && strcmp(tag, "p") == 0 && e->texts < 2 &&
		    e->b->dateline == NULL)
			e->b->dateline = body_dateline(t);
		if (tag[0] == 'h' && tag[1] != 'r' && (same_text(t, e->title) ||
		    (tag[1] == '1' && e->texts == 0))) {
			free(t);
			return;
		}
	}
	mark = e->html.len;
	CAPPED(buf_addf(&e->html, "<%s", tag));
	if (strcmp(tag, "ol") == 0 && (v = page_attr(n, "start")) != NULL)
		CAPPED(buf_addf(&e->html, " start=\"%d\"", atoi(v)));
	if ((strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0)) {
		if (page_int_attr(n, "colspan") > 1)
			CAPPED(buf_addf(&e->html, " colspan=\"%d\"",
			    page_int_attr(n, "colspan")));
		if (page_int_attr(n, "rowspan") > 1)
			CAPPED(buf_addf(&e->html, " rowspan=\"%d\"",
			    page_int_attr(n, "rowspan")));
	}
	put(e, ">");
	inner = e->html.len;
	if (leaf)
		e->inl++;
	kids(e, n, depth);
	if (leaf)
		e->inl--;
	close_p(e);
	if (e->html.len == inner && strcmp(tag, "hr") != 0 &&
	    strcmp(tag, "td") != 0 && strcmp(tag, "th") != 0) {
		buf_truncate(&e->html, mark);
		free(t);
		return;
	}
	CAPPED(buf_addf(&e->html, "</%s>", tag));
	if (t != NULL && tag[0] != 'h')
		e->texts++;
	free(t);
}

static const char *
block_name(const GumboNode *n, bool *leaf)
{
	*leaf = true;
	switch (n->v.element.tag) {
	case GUMBO_TAG_P: return "p";
	case GUMBO_TAG_H1: return "h2";
	case GUMBO_TAG_H2: return "h2";
	case GUMBO_TAG_H3: return "h3";
	case GUMBO_TAG_H4: return "h4";
	case GUMBO_TAG_H5: return "h5";
	case GUMBO_TAG_H6: return "h6";
	case GUMBO_TAG_LI: return "li";
	case GUMBO_TAG_DT: return "dt";
	case GUMBO_TAG_DD: return "dd";
	case GUMBO_TAG_PRE: return "pre";
	case GUMBO_TAG_TD: return "td";
	case GUMBO_TAG_TH: return "th";
	case GUMBO_TAG_CAPTION: return "caption";
	default: break;
	}
	*leaf = false;
	switch (n->v.element.tag) {
	case GUMBO_TAG_UL: return "ul";
	case GUMBO_TAG_OL: return "ol";
	case GUMBO_TAG_DL: return "dl";
	case GUMBO_TAG_BLOCKQUOTE: return "blockquote";
	case GUMBO_TAG_TABLE: return "table";
	case GUMBO_TAG_THEAD: return "thead";
	case GUMBO_TAG_TBODY: return "tbody";
	case GUMBO_TAG_TFOOT: return "tfoot";
	case GUMBO_TAG_TR: return "tr";
	case GUMBO_TAG_HR: return "hr";
	default: return NULL;
	}
}

static const char *
inline_name(const GumboNode *n)
{
	switch (n->v.element.tag) {
	case GUMBO_TAG_EM: return "em";
	case GUMBO_TAG_I: return "i";
	case GUMBO_TAG_STRONG: return "strong";
	case GUMBO_TAG_B: return "b";
	case GUMBO_TAG_U: return "u";
	case GUMBO_TAG_S: return "s";
	case GUMBO_TAG_SUB: return "sub";
	case GUMBO_TAG_SUP: return "sup";
	case GUMBO_TAG_CODE: return "code";
	case GUMBO_TAG_Q: return "q";
	case GUMBO_TAG_CITE: return "cite";
	case GUMBO_TAG_ABBR: return "abbr";
	case GUMBO_TAG_MARK: return "mark";
	case GUMBO_TAG_SMALL: return "small";
	default: return NULL;
	}
}

static void
emit_inline(struct emit *e, const GumboNode *n, const char *tag, int depth)
{
	char	*href = NULL;
	size_t	 mark, inner;

	if (tag == NULL) {
		href = page_url(e->p, page_attr(n, "href"));
		if (href == NULL) {
			kids(e, n, depth);
			return;
		}
	}
	open_p(e);
	mark = e->html.len;
	if (href != NULL) {
		put(e, "<a href=\"");
		CAPPED(buf_add_xml_attr(&e->html, href));
		put(e, "\">");
	} else
		CAPPED(buf_addf(&e->html, "<%s>", tag));
	inner = e->html.len;
	e->inl++;
	kids(e, n, depth);
	e->inl--;
	if (e->html.len == inner)
		buf_truncate(&e->html, mark);
	else
		CAPPED(buf_addf(&e->html, "</%s>", href != NULL ? "a" : tag));
	free(href);
}

static void
emit_text(struct emit *e, const char *s)
{
	const char *c;

	if (e->inl == 0) {
		for (c = s; *c == ' ' || *c == '\n' || *c == '\t' ||
		    *c == '\r'; c++)
			;
		if (*c == '\0') {
			if (e->p_open)
				put(e, " ");
			return;
		}
		open_p(e);
	}
	put_text(e, s);
}

static void
emit(struct emit *e, const GumboNode *n, int depth, bool top)
{
	const char *tag;
	bool	 leaf;

	if (depth > PAGE_MAX_DEPTH)
		return;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
	    n->type == GUMBO_NODE_WHITESPACE) {
		emit_text(e, n->v.text.text);
		return;
	}
	if (n->type != GUMBO_NODE_ELEMENT)
		return;
	if (!top && (classify_junk(n) || shape_drop(e->shapes, n) ||
	    meta_line(e, n) || shape_nested_article(n)))
		return;
	if (figure_is_img(n)) {
		size_t	 mark = e->html.len;
		bool	 was_open = e->p_open;

		open_p(e);
		if (!emit_img(e, n, NULL, NULL)) {
			buf_truncate(&e->html, mark);
			e->p_open = was_open;
		}
		return;
	}
	if (n->v.element.tag == GUMBO_TAG_NOSCRIPT) {
		if (e->inl == 0 || page_find(n, figure_is_img, 0) != NULL)
			kids(e, n, depth);
		return;
	}
	if (figure_is(n) && emit_figure(e, n))
		return;
	if (n->v.element.tag == GUMBO_TAG_BR) {
		if (e->inl > 0)
			put(e, "<br>");
		else
			close_p(e);
		return;
	}
	if ((tag = block_name(n, &leaf)) != NULL) {
		if (leaf && n->v.element.tag != GUMBO_TAG_P && shape_has_blocks(n))
			leaf = false;
		if (e->inl > 0 && leaf && n->v.element.tag == GUMBO_TAG_P) {
			put(e, " ");
			kids(e, n, depth);
			put(e, " ");
			return;
		}
		emit_block(e, n, tag, leaf, depth);
		return;
	}
	if ((tag = inline_name(n)) != NULL || page_is(n, GUMBO_TAG_A)) {
		emit_inline(e, n, tag, depth);
		return;
	}
	/* Transparent containers. */
	if (page_tag_is_block(n->v.element.tag) ||
	    n->v.element.tag == GUMBO_TAG_UNKNOWN) {
		if (e->inl == 0)
			close_p(e);
		kids(e, n, depth);
		if (e->inl == 0)
			close_p(e);
		return;
	}
	kids(e, n, depth);
}

void
bodyhtml_write(const struct page *p, const GumboNode *const *sel, size_t n,
    const char *title, struct body *b)
{
	struct emit e;
	size_t	 i;

	memset(&e, 0, sizeof e);
	e.p = p;
	e.b = b;
	e.title = title;
	e.shapes = shape_cache_new();
	buf_init(&e.html, CAP_HTML);
	for (i = 0; i < n; i++)
		emit(&e, sel[i], 0, true);
	close_p(&e);
	b->paragraphs = e.texts;
	b->html = buf_dup_or_null(&e.html);
	buf_cleanup(&e.html);
	for (i = 0; i < e.nseen; i++)
		free(e.seen[i]);
	shape_cache_free(e.shapes);
}
