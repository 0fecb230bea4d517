/* SPDX-License-Identifier: MIT */
/*
 * Boilerplate by shape inside an article body (see shape.c).
 */
#ifndef FEEDMILL_EXTRACT_SHAPE_H
#define FEEDMILL_EXTRACT_SHAPE_H

#include <stdbool.h>

#include "extract/page.h"

/* Does this container look like boilerplate by its shape? */
bool	 shape_drop(const GumboNode *n);
/* An <article> inside another: a teaser for a different story. */
bool	 shape_nested_article(const GumboNode *n);
/* Does n hold paragraphs or other blocks (a <td> or <li> as a box)? */
bool	 shape_has_blocks(const GumboNode *n);

#endif
