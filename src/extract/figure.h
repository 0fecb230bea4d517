/* SPDX-License-Identifier: MIT */
/*
 * Images and figures in article bodies (see figure.c).
 */
#ifndef FEEDMILL_EXTRACT_FIGURE_H
#define FEEDMILL_EXTRACT_FIGURE_H

#include <stdbool.h>

#include "extract/page.h"

/* The absolute URL an <img> (or <amp-img>) shows, lazy or not; NULL
 * when it has none but placeholders. New string. */
char	*figure_img_src(const struct page *p, const GumboNode *n);
/* True for <img> and <amp-img>. */
bool	 figure_is_img(const GumboNode *n);
/* True for a figure container: <figure>, a WordPress wp-caption box, a
 * div with a "figure" class word. */
bool	 figure_is(const GumboNode *n);
/* True for a caption element: <figcaption> or a "caption" class word. */
bool	 figure_is_caption(const GumboNode *n);
/* True for a credit element ("credit", "copyright", "photographer"...). */
bool	 figure_is_credit(const GumboNode *n);

#endif
