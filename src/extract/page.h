/* SPDX-License-Identifier: MIT */
/*
 * An HTML document parsed with gumbo (the HTML5 algorithm) into a tree
 * the metadata and main-text extractors walk, plus the small helpers they
 * share: attributes, class/id matching, element text.
 */
#ifndef FEEDMILL_EXTRACT_PAGE_H
#define FEEDMILL_EXTRACT_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

#include "util/buf.h"

/*
 * Append to a capped buffer where reaching the cap only cuts the output
 * short (extraction goes on with what fits).
 */
#define CAPPED(x) do {							\
	enum err capped_e_ = (x);					\
	(void)capped_e_;						\
} while (0)

/* Deeper elements are ignored by every walk (no unbounded recursion). */
#define PAGE_MAX_DEPTH	400

struct page {
	GumboOptions	 opt;
	GumboOutput	*out;
	const GumboNode	*html;		/* the <html> element */
	const GumboNode	*head;		/* <head>, or NULL */
	const GumboNode	*body;		/* <body>, or NULL */
	char		*base;		/* where relative URLs resolve, or NULL */
	char		*canon;		/* the defused HTML the tree points into */
};

/*
 * Parse n bytes of UTF-8 HTML. base_url (may be NULL) is where the page
 * came from; a <base href> in the page refines it. The tree is built
 * from a defused copy (extract/defuse.h: past CAP_HTML_DEPTH nested or
 * CAP_PAGE_TAGS tags, tags are dropped and their text kept), so html may
 * go at once. page_free() releases the tree.
 */
struct page	*page_parse(const char *html, size_t n, const char *base_url);
void		 page_free(struct page *p);

/* The value of attribute name on element n, or NULL. Borrowed. */
const char	*page_attr(const GumboNode *n, const char *name);
/* True when n is an HTML element with tag t. */
bool		 page_is(const GumboNode *n, GumboTag t);
/* The lower-case tag name of element n ("div", "amp-img"). Borrowed. */
const char	*page_tagname(const GumboNode *n, char *tmp, size_t tmplen);
/* The children of n (element, template or document), or NULL. */
const GumboVector *page_kids(const GumboNode *n);
/*
 * Append the text under n to out: entities decoded, white space
 * collapsed, a newline between block elements (paragraphs, list items,
 * headings), script and style skipped.
 */
void		 page_text(const GumboNode *n, struct buf *out);
/* page_text into a new cleaned, collapsed string (NULL when empty). */
char		*page_text_str(const GumboNode *n);
/* Length in bytes of the collapsed text under n, and of the part inside
 * links (for link density). */
size_t		 page_text_len(const GumboNode *n, size_t *in_links);
/* True when tag t starts a new block of text. */
bool		 page_tag_is_block(GumboTag t);
/* The first element under n (n included, depth-first, 32 levels at
 * most) that pred accepts, or NULL. */
const GumboNode	*page_find(const GumboNode *n,
		    bool (*pred)(const GumboNode *), int depth);
/* Attribute name of n as a positive integer below 100000, else 0. */
int		 page_int_attr(const GumboNode *n, const char *name);
/* Resolve ref against the page's base; new string or NULL. */
char		*page_url(const struct page *p, const char *ref);

#endif
