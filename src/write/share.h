/* SPDX-License-Identifier: MIT */
/*
 * Share pages (-t share): one small HTML page per story with OpenGraph,
 * Twitter Card and schema.org NewsArticle metadata, a readable preview
 * and a redirect to the story. These are its settings and the choices
 * it makes, exported for tests.
 */
#ifndef FEEDMILL_WRITE_SHARE_H
#define FEEDMILL_WRITE_SHARE_H

#include <stdbool.h>

#include "model/article.h"

struct write_out;		/* write/write.h */

/* Preferred and smallest accepted image sizes, in pixels. */
#define SHARE_LARGE_WIDTH	1200
#define SHARE_LARGE_HEIGHT	630
#define SHARE_MIN_SIDE		200
/* Longest description, in characters, ellipsis included. */
#define SHARE_DESC_CHARS	200

enum share_redirect {
	SHARE_REDIRECT_META = 0,	/* <meta http-equiv="refresh"> + link */
	SHARE_REDIRECT_LINK,		/* a notice with a link, no refresh */
	SHARE_REDIRECT_NONE		/* the preview only */
};

struct share_opts {
	enum share_redirect redirect;
	const char	*site_name;	/* og:site_name; NULL: the feed title */
	const char	*twitter_site;	/* "@handle", or NULL */
	const char	*default_image;	/* absolute URL, or NULL */
	int		 default_width;	/* its size; 0: 1200 x 630 */
	int		 default_height;
};

/* "meta", "link" or "none" -> *out; false for anything else. */
bool		 share_redirect_parse(const char *s, enum share_redirect *out);
/*
 * The image for a's card: the largest of a's images with a web URL
 * known to be at least 1200 x 630 (the lead image first when it is),
 * else one known to be at least 200 x 200 on both sides, else fallback
 * (the site default; may be NULL), else an image of unknown size. Images
 * known to be smaller than 200 x 200 are refused. Borrowed.
 */
const struct image *share_pick_image(const struct article *a,
		    const struct image *fallback);
/* True when im is known to be at least 1200 x 630. */
bool		 share_image_large(const struct image *im);
/*
 * The description: the summary, else the first paragraph of the text,
 * else of the HTML, cut at a word boundary to at most 200 characters
 * with an ellipsis. New string, or NULL when there is no text.
 */
char		*share_description(const struct article *a);
/* og:locale for a language tag: "en-us" -> "en_US"; NULL when unusable. */
char		*share_locale(const char *lang);
/*
 * The alt text of im, a's image titled title: its alt, else its caption,
 * else title. Borrowed.
 */
const char	*share_image_alt(const struct image *im, const char *title);
/*
 * <p class="byline">By NAME, NAME &middot; <time datetime=...>DATE</time></p>:
 * a's printed byline (else its authors' names) and published (an RFC 3339
 * string, or "" for none); nothing when both are missing. Shared with
 * the HTML channel view (write/htmlchannel.c).
 */
void		 share_byline(struct write_out *w, const struct article *a,
		    const char *published);

#endif
