/* SPDX-License-Identifier: MIT */
/*
 * Full text: folding a story's own page into the story a feed gave,
 * for convert --full-text and for sources with fulltext = yes.
 */
#ifndef FEEDMILL_READ_FULLTEXT_H
#define FEEDMILL_READ_FULLTEXT_H

#include <stddef.h>

#include "model/feed.h"

/*
 * Fold p, the story extracted from a's page at page_url, into a: the
 * page's body replaces a's when it is longer (sanitized against
 * page_url); the page fills what the feed left empty (byline, dateline,
 * language, summary, title, dates, authors, images, keywords) and never
 * overrides the feed's id, link, title or dates. a is then normalized
 * again with feed head f for source. What a takes is moved out of p;
 * the caller still frees p.
 */
void		 fulltext_merge(struct article *a, struct article *p,
		    const struct feed *f, const char *page_url,
		    const char *source);
/*
 * Extract the page of n raw bytes (charset from HTTP, or NULL) fetched
 * from page_url and fold it into a as fulltext_merge() does. On an error
 * (logged) a is unchanged.
 */
enum err	 fulltext_page(struct article *a, const char *raw, size_t n,
		    const char *charset, const struct feed *f,
		    const char *page_url, const char *source) WARN_UNUSED;

#endif
