/* SPDX-License-Identifier: MIT */
/*
 * The sanitizer's fast path: simple HTML read into a tree of gumbo's
 * shape without gumbo, for the same serializer. It declines whatever it
 * cannot read exactly as defuse + gumbo would.
 */
#ifndef FEEDMILL_EXTRACT_SANITIZE_FAST_H
#define FEEDMILL_EXTRACT_SANITIZE_FAST_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

struct fast_tree;

/*
 * Read len bytes of HTML at html as a fragment in a div, the way
 * defuse_html() and gumbo would, when it is simple enough: the elements
 * the sanitizer keeps (and a few it unwraps) nested as HTML nests them,
 * no tables, forms, scripts or foreign content, a short list of named
 * character references, comments, valid UTF-8 without control
 * characters. Returns the root (an html element holding the fragment,
 * as gumbo's output->root) and sets *ft to the memory holding the tree,
 * which the caller frees with fast_tree_free(); or returns NULL (and
 * *ft is NULL) when the input is not simple enough.
 */
const GumboNode	*fast_tree_parse(const char *html, size_t len,
		    struct fast_tree **ft);

/* Free a tree from fast_tree_parse(); NULL is fine. */
void		 fast_tree_free(struct fast_tree *ft);

/* Which tree sanitize_html() and sanitize_text() serialize. */
enum sanitize_parser {
	SANITIZE_AUTO,		/* the fast path's, else gumbo's */
	SANITIZE_GUMBO,		/* gumbo's (after the defuse pass) */
	SANITIZE_FAST		/* the fast path's, or nothing */
};

/*
 * sanitize_html() and sanitize_text() with the tree from parser. *done
 * is false (and the result NULL) when parser is SANITIZE_FAST and the
 * fast path declined the input. For tests, which prove the two trees
 * give the same bytes.
 */
char		*sanitize_html_using(const char *html, const char *base,
		    enum sanitize_parser parser, bool *done);
char		*sanitize_text_using(const char *html,
		    enum sanitize_parser parser, bool *done);

/*
 * Have fn(ctx, html, base, is_text) called with every input of
 * sanitize_html() (is_text false) and sanitize_text() (true, base NULL)
 * before it is sanitized; NULL stops it. For tests that check the fast
 * path against gumbo on whole feeds.
 */
void		 sanitize_observe(void (*fn)(void *, const char *,
		    const char *, bool), void *ctx);

#endif
