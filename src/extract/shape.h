/* SPDX-License-Identifier: MIT */
/*
 * Boilerplate by shape inside an article body (see shape.c).
 */
#ifndef FEEDMILL_EXTRACT_SHAPE_H
#define FEEDMILL_EXTRACT_SHAPE_H

#include <stdbool.h>

#include "extract/page.h"

/*
 * Sums of subtrees already counted, so judging every container of a page
 * costs time linear in the page, not in its size times its depth.
 * Keyed by node: use one cache per parsed page, then free it.
 */
struct shape_cache;
struct shape_cache *shape_cache_new(void);
void	 shape_cache_free(struct shape_cache *sc);

/* Does this container look like boilerplate by its shape? sc may be NULL. */
bool	 shape_drop(struct shape_cache *sc, const GumboNode *n);
/* An <article> inside another: a teaser for a different story. */
bool	 shape_nested_article(const GumboNode *n);
/* Does n hold paragraphs or other blocks (a <td> or <li> as a box)? */
bool	 shape_has_blocks(const GumboNode *n);

#endif
