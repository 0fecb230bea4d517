/* SPDX-License-Identifier: MIT */
/*
 * The "defuse" pass: HTML rewritten, before gumbo parses it, in one
 * spelling gumbo reads exactly as we do, with what costs gumbo time
 * capped; and the gumbo options every parse of such input wants.
 */
#ifndef FEEDMILL_EXTRACT_DEFUSE_H
#define FEEDMILL_EXTRACT_DEFUSE_H

#include <stdbool.h>
#include <stddef.h>

#include <gumbo.h>

/*
 * Rewrite len bytes of HTML at html for gumbo 0.10.1, which is quadratic
 * or worse in nesting and attributes. It follows the HTML tokenizer and
 * writes every tag back in one spelling (the name as written, xmp and
 * plaintext as pre, attributes as name="value"), so no '<' reaches gumbo
 * that this pass did not see as a tag. Comments, doctypes and processing
 * instructions go; CDATA sections become text; control characters are
 * dropped. It keeps CAP_HTML_ATTRS attributes per tag, strips attributes
 * from formatting elements but a, drops start tags nested past
 * CAP_HTML_DEPTH (after a model of gumbo's open elements) and all tags
 * past CAP_HTML_TAGS; text is never dropped. Returns a new NUL-terminated
 * string the caller frees (never NULL) and its length in *outlen (may be
 * NULL). Not capped: the output is at most six times len.
 */
char	*defuse_html(const char *html, size_t len, size_t *outlen);
/*
 * The same for a whole page: CAP_PAGE_TAGS tags, and formatting elements
 * keep their attributes (<small class="credit">) while few of those that
 * did may still be active, which keeps gumbo's list of them short.
 */
char	*defuse_page(const char *html, size_t len, size_t *outlen);

/*
 * Whether the defuse pass drops every attribute of a start tag tag: the
 * formatting elements but a (b, i, em, font...).
 */
bool	 defuse_strips_attrs(GumboTag tag);

/*
 * Where a comment ends, the HTML tokenizer's way: i is the index after
 * "<!--" in the n bytes at s; returns the index after the comment's end
 * ("-->", "--!>", or a "<!-->" or "<!--->" at once), or n when it runs
 * to the end. The defuse pass drops comments so.
 */
size_t	 defuse_comment_end(const char *s, size_t n, size_t i);

/*
 * Gumbo options for parsing: kGumboDefaultOptions with an allocator that
 * zeroes memory and never returns NULL (gumbo 0.10.1 reads parser state
 * it never initialized, and does not check for NULL), and no parse
 * errors recorded (gumbo copies the stack into each: quadratic memory).
 * Pass the same options to gumbo_destroy_output.
 */
void	 defuse_gumbo_options(GumboOptions *opt);

#endif
