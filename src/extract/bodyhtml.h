/* SPDX-License-Identifier: MIT */
/*
 * Writing the chosen body nodes out as simple HTML: boilerplate inside
 * them dropped, figures and lazy images turned into real images with
 * captions and credits, the headline, byline and timestamps taken out,
 * the dateline recognised.
 */
#ifndef FEEDMILL_EXTRACT_BODYHTML_H
#define FEEDMILL_EXTRACT_BODYHTML_H

#include "extract/body.h"

/* Write nodes sel[0..n) of page p into b (html, images, byline...). */
void	 bodyhtml_write(const struct page *p, const GumboNode *const *sel,
	    size_t n, const char *title, struct body *b);

/* A figure (or WordPress caption box) holding an image? */
bool	 bodyhtml_is_figure(const GumboNode *n);
/* The first byline element under n (class byline/author, rel=author)
 * as text, or NULL. */
char	*bodyhtml_find_byline(const GumboNode *n);

#endif
