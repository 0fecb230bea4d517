/* SPDX-License-Identifier: MIT */
/*
 * HTML documents for extraction: gumbo parses the page the way browsers
 * do, after the defuse pass (extract/defuse.c) has capped what makes
 * gumbo slow; these helpers read attributes, text and link density from
 * the tree. Every walk stops at PAGE_MAX_DEPTH, so hostile nesting cannot
 * exhaust the stack.
 */
#include "config.h"
#include "extract/page.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/defuse.h"
#include "util/caps.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xmalloc.h"

static const GumboNode *
child_el(const GumboNode *n, GumboTag t)
{
	const GumboVector *v = page_kids(n);
	size_t	 i;

	if (v == NULL)
		return NULL;
	for (i = 0; i < v->length; i++)
		if (page_is(v->data[i], t))
			return v->data[i];
	return NULL;
}

struct page *
page_parse(const char *html, size_t n, const char *base_url)
{
	struct page	*p;
	const GumboNode	*b;
	const char	*href;

	p = xcalloc(1, sizeof *p);
	/*
	 * Defused first, as the sanitizer does: gumbo 0.10.1 is quadratic
	 * or worse in nesting, formatting elements and attributes.
	 */
	p->canon = defuse_page(html, n, &n);
	defuse_gumbo_options(&p->opt);
	p->out = gumbo_parse_with_options(&p->opt, p->canon, n);
	p->html = p->out->root;
	p->head = child_el(p->html, GUMBO_TAG_HEAD);
	p->body = child_el(p->html, GUMBO_TAG_BODY);
	if (base_url != NULL)
		p->base = xstrdup(base_url);
	b = p->head != NULL ? child_el(p->head, GUMBO_TAG_BASE) : NULL;
	href = b != NULL ? page_attr(b, "href") : NULL;
	if (href != NULL && *href != '\0') {
		char *u = uri_resolve(p->base, href);

		if (u != NULL && uri_is_web(u)) {
			free(p->base);
			p->base = u;
		} else
			free(u);
	}
	return p;
}

void
page_free(struct page *p)
{
	if (p == NULL)
		return;
	gumbo_destroy_output(&p->opt, p->out);
	free(p->canon);
	free(p->base);
	free(p);
}

const char *
page_attr(const GumboNode *n, const char *name)
{
	const GumboAttribute *a;

	if (n == NULL || n->type != GUMBO_NODE_ELEMENT)
		return NULL;
	a = gumbo_get_attribute(&n->v.element.attributes, name);
	return a != NULL ? a->value : NULL;
}

bool
page_is(const GumboNode *n, GumboTag t)
{
	return n != NULL && n->type == GUMBO_NODE_ELEMENT &&
	    n->v.element.tag == t &&
	    n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

const char *
page_tagname(const GumboNode *n, char *tmp, size_t tmplen)
{
	GumboStringPiece s;
	size_t	 i;

	if (n == NULL || n->type != GUMBO_NODE_ELEMENT)
		return "";
	if (n->v.element.tag != GUMBO_TAG_UNKNOWN)
		return gumbo_normalized_tagname(n->v.element.tag);
	s = n->v.element.original_tag;
	gumbo_tag_from_original_text(&s);
	for (i = 0; i < s.length && i + 1 < tmplen; i++) {
		char c = s.data[i];

		tmp[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	tmp[i] = '\0';
	return tmp;
}

const GumboVector *
page_kids(const GumboNode *n)
{
	if (n == NULL)
		return NULL;
	if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
		return &n->v.element.children;
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	return NULL;
}

bool
page_tag_is_block(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI:
	case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
	case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_BR:
	case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_FORM: case GUMBO_TAG_CENTER:
		return true;
	default:
		return false;
	}
}

/* Elements whose content is never text a reader sees. */
static bool
skipped(const GumboNode *n)
{
	switch (n->v.element.tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
	case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OBJECT:
		return true;
	default:
		return n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML;
	}
}

static void
text_rec(const GumboNode *n, struct buf *out, int depth)
{
	const GumboVector *v;
	bool	 block;
	size_t	 i;

	if (depth > PAGE_MAX_DEPTH)
		return;
	switch (n->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
	case GUMBO_NODE_CDATA:
		CAPPED(buf_add(out, n->v.text.text));
		return;
	case GUMBO_NODE_ELEMENT:
		if (skipped(n))
			return;
		break;
	case GUMBO_NODE_DOCUMENT:
		break;
	default:
		return;
	}
	block = n->type == GUMBO_NODE_ELEMENT &&
	    page_tag_is_block(n->v.element.tag);
	if (block)
		CAPPED(buf_addc(out, '\n'));
	v = page_kids(n);
	for (i = 0; v != NULL && i < v->length; i++)
		text_rec(v->data[i], out, depth + 1);
	if (block)
		CAPPED(buf_addc(out, '\n'));
}

void
page_text(const GumboNode *n, struct buf *out)
{
	if (n != NULL)
		text_rec(n, out, 0);
}

char *
page_text_str(const GumboNode *n)
{
	struct buf b;
	char	*s;

	buf_init(&b, CAP_TEXT);
	page_text(n, &b);
	s = text_clean(buf_str(&b), b.len, TEXT_COLLAPSE, CAP_TEXT);
	buf_cleanup(&b);
	return s;
}

struct tlen {
	size_t	 all;
	size_t	 links;
	bool	 space;		/* the last byte counted was white space */
};

static void
len_rec(const GumboNode *n, struct tlen *t, int in_link, int depth)
{
	const GumboVector *v;
	const unsigned char *s;
	size_t	 i;

	if (depth > PAGE_MAX_DEPTH)
		return;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
	    n->type == GUMBO_NODE_WHITESPACE) {
		for (s = (const unsigned char *)n->v.text.text; *s; s++) {
			if (*s == ' ' || *s == '\n' || *s == '\t' ||
			    *s == '\r') {
				if (t->space)
					continue;
				t->space = true;
			} else
				t->space = false;
			t->all++;
			if (in_link)
				t->links++;
		}
		return;
	}
	if (n->type != GUMBO_NODE_ELEMENT || skipped(n))
		return;
	if (n->v.element.tag == GUMBO_TAG_A)
		in_link = 1;
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		len_rec(v->data[i], t, in_link, depth + 1);
}

size_t
page_text_len(const GumboNode *n, size_t *in_links)
{
	struct tlen t = { 0, 0, true };

	if (n != NULL)
		len_rec(n, &t, 0, 0);
	if (in_links != NULL)
		*in_links = t.links;
	return t.all;
}

char *
page_url(const struct page *p, const char *ref)
{
	if (ref == NULL)
		return NULL;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	if (*ref == '\0' || text_istarts(ref, "javascript:") ||
	    text_istarts(ref, "data:"))
		return NULL;
	return uri_resolve(p->base, ref);
}

const GumboNode *
page_find(const GumboNode *n, bool (*pred)(const GumboNode *), int depth)
{
	const GumboVector *v;
	const GumboNode *r;
	size_t	 i;

	if (depth > 32 || n->type != GUMBO_NODE_ELEMENT)
		return NULL;
	if (pred(n))
		return n;
	v = page_kids(n);
	for (i = 0; i < v->length; i++)
		if ((r = page_find(v->data[i], pred, depth + 1)) != NULL)
			return r;
	return NULL;
}

int
page_int_attr(const GumboNode *n, const char *name)
{
	const char *v = page_attr(n, name);
	long	 x;

	if (v == NULL)
		return 0;
	x = strtol(v, NULL, 10);
	return x > 0 && x < 100000 ? (int)x : 0;
}
