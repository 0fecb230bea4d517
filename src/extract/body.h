/* SPDX-License-Identifier: MIT */
/*
 * Main-text extraction: find the article body of a page and drop the
 * rest (navigation, share widgets, related lists, newsletter prompts,
 * comments and comment policies, ads, footers, cookie notices). The body
 * comes back as simple HTML with absolute URLs (the read pipeline then
 * sanitizes it), plus the figures, the dateline and the byline found in it.
 */
#ifndef FEEDMILL_EXTRACT_BODY_H
#define FEEDMILL_EXTRACT_BODY_H

#include <stddef.h>

#include "extract/page.h"

#define BODY_MAX_IMAGES	64

struct body_image {
	char	*url;
	char	*alt;
	char	*caption;
	char	*credit;
	int	 width;
	int	 height;
};

struct body {
	char	*html;		/* the story as HTML, or NULL */
	size_t	 paragraphs;	/* <p> elements in html */
	struct body_image images[BODY_MAX_IMAGES];
	size_t	 nimages;
	char	*dateline;	/* "WASHINGTON", or NULL */
	char	*byline;	/* as printed, "By Jane Doe", or NULL */
	char	 rule[160];	/* how the body was found, for --explain */
	char	 byline_rule[96];
};

/*
 * Extract the body of page p. title (may be NULL) is the headline
 * already known, so a heading repeating it is dropped. b is filled and
 * owned by the caller (body_cleanup()).
 */
void	 body_extract(const struct page *p, const char *title, struct body *b);
void	 body_cleanup(struct body *b);

/*
 * Split a dateline off the start of a paragraph's text: "WASHINGTON —",
 * "MOSCOW (AP) —", "NEW YORK, N.Y. -". Returns the place as a new string
 * or NULL.
 */
char	*body_dateline(const char *text);

#endif
