/* SPDX-License-Identifier: MIT */
/*
 * Folding a story's page into the feed's story (read/fulltext.h): the
 * page is read by the HTML reader (read/html.c); its body replaces the
 * item's when it is longer; the page fills fields the feed left empty
 * and never overrides the feed's id, link, title or dates.
 */
#include "config.h"
#include "read/fulltext.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sanitize.h"
#include "model/normalize.h"
#include "read/html.h"
#include "read/read.h"
#include "util/log.h"
#include "util/xmalloc.h"

static size_t
text_len(const char *html)
{
	char	*t;
	size_t	 n;

	if (html == NULL)
		return 0;
	t = sanitize_text(html);
	n = t != NULL ? strlen(t) : 0;
	free(t);
	return n;
}

/* Record that field of a came from the page (and by which rule there). */
static void
from_page(struct article *a, const struct article *p, const char *field,
    const char *page_field)
{
	const char *rule = NULL;
	char	*r;
	size_t	 i;

	for (i = 0; i < p->nexplains; i++)
		if (strcmp(p->explains[i].field, page_field) == 0)
			rule = p->explains[i].rule;
	r = xasprintf("from the page (%s)", rule != NULL ? rule : "extracted");
	article_explain(a, field, r);
	free(r);
}

void
fulltext_merge(struct article *a, struct article *p, const struct feed *f,
    const char *page_url, const char *source)
{
	const char *body_rule = NULL;
	char	*rule, *html;
	size_t	 i, have, got;

	for (i = 0; i < p->nexplains; i++)
		if (strcmp(p->explains[i].field, "body") == 0)
			body_rule = p->explains[i].rule;
	have = a->content_html != NULL ? text_len(a->content_html) :
	    a->content_text != NULL ? strlen(a->content_text) :
	    a->summary != NULL ? strlen(a->summary) : 0;
	got = text_len(p->content_html);
	if (p->content_html != NULL && got > have) {
		html = sanitize_html(p->content_html, page_url);
		if (html != NULL) {
			free(a->content_html);
			a->content_html = html;
			free(a->content_text);
			a->content_text = NULL;
			rule = xasprintf("full text from the page (%s)",
			    body_rule != NULL ? body_rule : "extracted");
			article_explain(a, "body", rule);
			free(rule);
		}
	}
#define FILL(f) if (a->f == NULL && p->f != NULL) {			\
		a->f = p->f;						\
		p->f = NULL;						\
		from_page(a, p, #f, #f);				\
	}
	FILL(byline);
	FILL(dateline);
	FILL(language);
	FILL(summary);
	FILL(title);
#undef FILL
	if (a->published.t == 0 && p->published.t != 0) {
		a->published = p->published;
		from_page(a, p, "published", "published");
	}
	if (a->updated.t == 0 && p->updated.t != 0) {
		a->updated = p->updated;
		from_page(a, p, "updated", "updated");
	}
	if (a->nauthors == 0 && p->nauthors > 0) {
		a->authors = p->authors;
		a->nauthors = p->nauthors;
		p->authors = NULL;
		p->nauthors = 0;
		from_page(a, p, "author", "author");
	}
	if (a->nimages == 0 && p->nimages > 0) {
		a->images = p->images;
		a->nimages = p->nimages;
		a->lead = p->lead;
		p->images = NULL;
		p->nimages = 0;
		from_page(a, p, "image", "image");
	}
	if (a->nkeywords == 0 && p->nkeywords > 0)
		from_page(a, p, "keywords", "keywords");
	/* As before the move: only the page's first keyword is taken. */
	for (i = 0; i < p->nkeywords && a->nkeywords == 0; i++)
		article_add_keyword(a, p->keywords[i]);
	normalize_article(a, f, page_url, source);
}

enum err
fulltext_page(struct article *a, const char *raw, size_t n,
    const char *charset, const struct feed *f, const char *page_url,
    const char *source)
{
	struct read_opts ro;
	struct article	*p;
	struct feed	 pf;
	enum err	 e;

	memset(&ro, 0, sizeof ro);
	ro.name = page_url;
	ro.base_url = page_url;
	ro.source = source;
	feed_init(&pf);
	p = article_new();
	e = html_read_bytes(raw, n, charset, &ro, &pf, p);
	if (!e)
		fulltext_merge(a, p, f, page_url, source);
	article_free(p);
	feed_cleanup(&pf);
	return e;
}
