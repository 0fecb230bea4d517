/* SPDX-License-Identifier: MIT */
/*
 * Writing OPML 2.0 subscription lists (sources export): one outline of
 * type rss per feed, with its title, web site and categories.
 */
#ifndef FEEDMILL_WRITE_OPML_H
#define FEEDMILL_WRITE_OPML_H

#include "read/opml.h"
#include "util/buf.h"

/*
 * Append the OPML 2.0 document of list o to out: the head's title (when
 * set), then one outline per feed in o's order. Its categories go in the
 * category attribute as "/term" paths (terms lose any ',' and '/').
 */
enum err	 opml_write(const struct opml *o, struct buf *out) WARN_UNUSED;

#endif
