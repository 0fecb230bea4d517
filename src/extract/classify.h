/* SPDX-License-Identifier: MIT */
/*
 * What an element looks like to the body extractor: boilerplate by tag,
 * role, hidden state or class/id words (share, related, comments,
 * newsletter...), and a class weight (+25 for article-like names, -25 for
 * boilerplate-like ones).
 */
#ifndef FEEDMILL_EXTRACT_CLASSIFY_H
#define FEEDMILL_EXTRACT_CLASSIFY_H

#include <stdbool.h>

#include "extract/page.h"

/* True when n is never part of a story (nav, share bar, comments...). */
bool	 classify_junk(const GumboNode *n);
/* +25, 0 or -25 from the class and id words of n. */
int	 classify_weight(const GumboNode *n);
/* True when the class or id of n holds a word that starts with w. */
bool	 classify_has(const GumboNode *n, const char *w);
/* True when text is a boilerplate line ("Share this", "Advertisement"). */
bool	 classify_junk_text(const char *text);

#endif
