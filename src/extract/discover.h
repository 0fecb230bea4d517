/* SPDX-License-Identifier: MIT */
/*
 * Listing pages: the feeds a page advertises (<link rel="alternate">
 * for RSS, Atom and JSON Feed) and the article links it lists (anchors
 * outside navigation and footers whose text reads like a headline).
 */
#ifndef FEEDMILL_EXTRACT_DISCOVER_H
#define FEEDMILL_EXTRACT_DISCOVER_H

#include <stddef.h>

#include "extract/page.h"

#define DISCOVER_MAX	500

struct found_link {
	char	*url;		/* absolute */
	char	*type;		/* feeds: media type; links: NULL */
	char	*title;		/* feed title or anchor text, or NULL */
	char	*time;		/* links: a <time datetime> beside it, or NULL */
	char	*image;		/* links: an image beside it, or NULL */
};

struct found {
	struct found_link *v;
	size_t		 n;
};

/* The feeds page p advertises, in document order. */
void	 discover_feeds(const struct page *p, struct found *out);
/* The article links of page p, in document order, without repeats. */
void	 discover_links(const struct page *p, struct found *out);
void	 discover_cleanup(struct found *f);

#endif
