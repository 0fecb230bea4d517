/* SPDX-License-Identifier: MIT */
/*
 * Normalization at the boundary: after it, an article or feed head holds
 * the model's invariants (see article.h and feed-dump(5)): clean UTF-8
 * text, absolute URLs, a stable non-empty id, no empty list entries.
 * Pure data work: HTML has already been sanitized by the read pipeline.
 */
#ifndef FEEDMILL_MODEL_NORMALIZE_H
#define FEEDMILL_MODEL_NORMALIZE_H

#include <stdbool.h>

#include "model/feed.h"

/* Clean the feed head in place. Idempotent. */
void	 normalize_feed(struct feed *f);

/*
 * Clean a in place. base resolves relative URLs (may be NULL); source
 * names the feed for generated ids (may be NULL). Idempotent.
 */
void	 normalize_article(struct article *a, const struct feed *f,
	    const char *base, const char *source);

/*
 * normalize_article() for an article whose content_html is NULL or what
 * sanitize_html() returned, which is clean text already (test-sanitize
 * proves it): that one field is not checked again.
 */
void	 normalize_article_sanitized(struct article *a,
	    const struct feed *f, const char *base, const char *source);

/* How a story's id is made (a source's id key, convert --id). */
enum id_rule {
	ID_OWN = 0,	/* its own (guid, id, uri); else its URL; else a hash */
	ID_URL,		/* its URL less trackers (for ids that change when
			   the story does not); else its own */
	ID_CONTENT	/* a hash of source, title and date (ids and URLs
			   that change) */
};

/* "own", "url" or "content" into *rule; false for anything else. */
bool	 normalize_id_rule(const char *name, enum id_rule *rule);

/*
 * After normalize_article(): replace a's id by rule (nothing for
 * ID_OWN, or ID_URL without a URL). Idempotent.
 */
void	 normalize_id(struct article *a, const struct feed *f,
	    const char *source, enum id_rule rule);

/* A language tag in BCP 47 shape ("en_us" -> "en-US"), new string or NULL. */
char	*normalize_language(const char *s);

#endif
