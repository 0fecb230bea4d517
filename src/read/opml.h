/* SPDX-License-Identifier: MIT */
/*
 * OPML 2.0 subscription lists (sources import): the feed outlines of a
 * document, nested folders and category attributes flattened into
 * category terms, every problem reported as file:line.
 */
#ifndef FEEDMILL_READ_OPML_H
#define FEEDMILL_READ_OPML_H

#include <stddef.h>

#include "util/err.h"

/* One feed of the list. Strings are owned by the struct opml. */
struct opml_outline {
	char	*title;		/* title, else text; NULL when neither */
	char	*xml_url;	/* the feed: an absolute http(s) URL */
	char	*html_url;	/* its web site (http(s)), or NULL */
	char	*type;		/* the type attribute ("rss"), or NULL */
	char	**categories;	/* folder titles, then category terms */
	size_t	 ncategories;
	long	 line;		/* where the outline starts */
};

struct opml {
	char	*title;		/* the head's title, or NULL */
	struct opml_outline *v;	/* in document order */
	size_t	 n;
};

/*
 * Read the OPML document data (len bytes; name is used in messages)
 * into *out, which the caller releases with opml_cleanup() whatever the
 * result. Outlines without a usable xmlUrl are warned about (name:line)
 * and left out; a document that is not OPML, is ill-formed, declares
 * entities or is larger than CAP_OPML gives an error (logged) and no
 * outlines.
 */
enum err	 opml_read(const char *data, size_t len, const char *name,
		    struct opml *out) WARN_UNUSED;
void		 opml_cleanup(struct opml *o);

#endif
