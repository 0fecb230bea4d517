/* SPDX-License-Identifier: MIT */
/*
 * The dump read back: the inverse of dump_feed() and dump_article()
 * (feed-dump(5)), used by the store to keep normalized stories as text.
 */
#ifndef FEEDMILL_MODEL_UNDUMP_H
#define FEEDMILL_MODEL_UNDUMP_H

#include <stddef.h>

#include "model/feed.h"

/*
 * Fill a (fresh from article_new(), or reset) from len bytes of one
 * article's dump lines; blank lines are skipped. ERR_PARSE on an unknown
 * key or a bad value, with a partly filled: the caller resets it.
 */
enum err	undump_article(const char *text, size_t len,
		    struct article *a) WARN_UNUSED;
/* The same for a feed head's "feed." lines into f (feed_init()ed). */
enum err	undump_feed(const char *text, size_t len,
		    struct feed *f) WARN_UNUSED;

#endif
